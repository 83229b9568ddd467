//! STAND-IN (feat-support): a minimal version of the lead's chart components with the agreed
//! API, so the support section compiles before `components/chart.rs` lands. Take the lead's file
//! over this one when merging.

use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
    pub labels: Vec<String>,
    pub hrefs: Vec<String>,
}

/// Stacked columns: one column per category, one segment per series.
#[component]
pub fn ColumnChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] desc: String,
    categories: Vec<String>,
    series: Vec<Series>,
    #[prop(into)] category_header: String,
    #[prop(into)] total_header: String,
    total_labels: Vec<String>,
) -> impl IntoView {
    let (w, h) = (80.0 * categories.len().max(1) as f64, 200.0);
    let max = (0..categories.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0))
                .sum::<i64>()
        })
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled = format!("{title_id} {desc_id}");
    let mut rects = Vec::new();
    for (i, _) in categories.iter().enumerate() {
        let mut y = h;
        for (k, s) in series.iter().enumerate() {
            let v = s.values.get(i).copied().unwrap_or(0);
            if v <= 0 {
                continue;
            }
            let hh = v as f64 / max * (h - 10.0);
            y -= hh;
            let href = s.hrefs.get(i).cloned().unwrap_or_default();
            let label = format!(
                "{} {}",
                s.name,
                s.labels.get(i).cloned().unwrap_or_default()
            );
            let class = format!("chart__seg chart__seg--{}", k % 8);
            rects.push(view! {
                <a href=href>
                    <rect x=(i as f64 * 80.0 + 10.0).to_string() y=y.to_string() width="60" height=hh.to_string() class=class>
                        <title>{label}</title>
                    </rect>
                </a>
            });
        }
    }
    view! {
        <figure class="chart" data-testid=id.clone()>
            <figcaption>{title.clone()}</figcaption>
            <svg role="img" aria-labelledby=labelled viewBox=format!("0 0 {w} {h}") width=w.to_string() height=h.to_string()>
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {rects}
            </svg>
            <details>
                <summary>{category_header.clone()}</summary>
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">{category_header}</th>
                            {series.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view()}
                            <th scope="col">{total_header}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {categories
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                view! {
                                    <tr>
                                        <th scope="row">{c.clone()}</th>
                                        {series
                                            .iter()
                                            .map(|s| {
                                                let label = s.labels.get(i).cloned().unwrap_or_default();
                                                let href = s.hrefs.get(i).cloned().unwrap_or_default();
                                                view! { <td class="num"><a href=href>{label}</a></td> }
                                            })
                                            .collect_view()}
                                        <td class="num">{total_labels.get(i).cloned().unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
