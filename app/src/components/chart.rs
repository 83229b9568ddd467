//! STAND-IN for the lead's chart components (feat-targets only; replaced on merge by the lead's
//! `components/chart.rs`). Same API for `LineChart`, renders only the table view.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    Actual,
    Path,
    Reported,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub name: String,
    pub style: LineStyle,
    pub values: Vec<Option<f64>>,
    pub labels: Vec<String>,
    pub hrefs: Vec<String>,
}

#[component]
pub fn LineChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] desc: String,
    categories: Vec<String>,
    lines: Vec<Line>,
    #[prop(into)] category_header: String,
) -> impl IntoView {
    view! {
        <figure class="chart" data-testid=id>
            <figcaption>{title}</figcaption>
            <details>
                <summary>{desc}</summary>
                <table>
                    <thead><tr><th scope="col">{category_header}</th>
                        {lines.iter().map(|l| view! { <th scope="col">{l.name.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {categories.iter().enumerate().map(|(i, c)| view! {
                            <tr><th scope="row">{c.clone()}</th>
                                {lines.iter().map(|l| {
                                    let label = l.labels.get(i).cloned().unwrap_or_default();
                                    let href = l.hrefs.get(i).cloned().unwrap_or_default();
                                    if href.is_empty() { view! { <td>{label}</td> }.into_any() }
                                    else { view! { <td><a href=href>{label}</a></td> }.into_any() }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
