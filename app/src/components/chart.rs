//! Charts drawn as SVG on the server: they appear with JavaScript off, print as vectors, and carry
//! their numbers three ways — visible labels, a title and description for assistive technology,
//! and a table view (`<details>`) to read or copy.
//!
//! Every bar, segment and point can be a link (`href`, empty for none), so a number leads to the
//! records behind it. The SVG is a `role="group"` rather than an image so that those links stay
//! reachable by keyboard and screen reader; each link has its own `aria-label`.
//!
//! Strings arrive translated; numbers arrive with their display labels, so the charts know
//! nothing of the domain. No inline `style` (the CSP forbids it): geometry is attributes,
//! colour is classes (`chart__s0` … `chart__s7` in `style/main.css`).

use leptos::prelude::*;

use crate::i18n::*;

/// How many distinct series colours the stylesheet defines.
const PALETTE: usize = 8;

/// One horizontal bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub value_label: String,
    /// The records behind the bar; empty for no link.
    pub href: String,
    /// A remark shown after the value (e.g. `→ 62.5%`); may be empty.
    pub note: String,
}

/// One series of a stacked column chart: a value per category.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
    pub labels: Vec<String>,
    pub hrefs: Vec<String>,
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    /// The live value: a solid line with dots.
    Actual,
    /// A planned path: dashed, no dots.
    Path,
    /// Figures reported earlier: diamonds only, no line.
    Reported,
}

impl LineStyle {
    fn class(self) -> &'static str {
        match self {
            LineStyle::Actual => "chart__line chart__line--actual",
            LineStyle::Path => "chart__line chart__line--path",
            LineStyle::Reported => "chart__line chart__line--reported",
        }
    }
}

/// One line over the categories (`None` where there is no value).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub name: String,
    pub style: LineStyle,
    pub values: Vec<Option<f64>>,
    pub labels: Vec<String>,
    pub hrefs: Vec<String>,
}

/// A round upper bound for an axis that must show `max`, and its step (4 or 5 gridlines):
/// 1, 2 or 5 times a power of ten.
pub fn nice_axis(max: f64) -> (f64, f64) {
    if max.is_nan() || max <= 1.0 {
        return (1.0, 1.0);
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
        // Every value drawn is a whole count or amount: no fractional ticks.
        .max(1.0);
    let top = (max / step).ceil() * step;
    (top.max(step), step)
}

/// A number for an axis tick: integers without decimals, yen compact (`5億`, `5,000万`).
fn tick_label(l: Locale, v: f64, yen: bool) -> String {
    if yen {
        let v = v.round() as i64;
        return match l {
            Locale::ja => compact_yen_ja(v),
            Locale::en => compact_yen_en(v),
        };
    }
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn compact_yen_ja(v: i64) -> String {
    const OKU: i64 = 100_000_000;
    const MAN: i64 = 10_000;
    if v == 0 {
        "0".into()
    } else if v % OKU == 0 {
        format!("{}億", v / OKU)
    } else if v >= OKU {
        format!("{:.1}億", v as f64 / OKU as f64)
    } else if v % MAN == 0 {
        format!("{}万", group_thousands(v / MAN))
    } else {
        group_thousands(v)
    }
}

fn compact_yen_en(v: i64) -> String {
    match v {
        0 => "0".into(),
        v if v >= 1_000_000_000 => format!("¥{:.1}bn", v as f64 / 1e9),
        v if v >= 1_000_000 => format!("¥{:.0}m", v as f64 / 1e6),
        v => format!("¥{}", group_thousands(v)),
    }
}

fn group_thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A link around chart marks, or the marks alone when there is nowhere to go.
fn linked(href: String, label: String, marks: AnyView) -> AnyView {
    if href.is_empty() {
        view! { <g aria-label=label role="img">{marks}</g> }.into_any()
    } else {
        view! { <a href=href aria-label=label class="chart__link">{marks}</a> }.into_any()
    }
}

/// A table cell's content: the label, linked when there is an `href`.
fn cell_link(href: &str, label: &str) -> AnyView {
    if href.is_empty() {
        label.to_string().into_any()
    } else {
        view! { <a href=href.to_string()>{label.to_string()}</a> }.into_any()
    }
}

#[component]
fn TableView(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="chart__data">
            <summary>{t!(i18n, chart.table_view)}</summary>
            <div class="table-wrap">{children()}</div>
        </details>
    }
}

const BAR_W: f64 = 640.0;
const BAR_LABEL_W: f64 = 150.0;
const BAR_ROW_H: f64 = 30.0;
const BAR_AREA_W: f64 = 330.0;

/// Horizontal bars with their values, e.g. a funnel.
#[component]
pub fn BarChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] desc: String,
    bars: Vec<Bar>,
    #[prop(into)] label_header: String,
    #[prop(into)] value_header: String,
    #[prop(into, optional)] note_header: String,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = BAR_ROW_H * bars.len().max(1) as f64 + 8.0;
    let has_notes = bars.iter().any(|b| !b.note.is_empty());
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = 4.0 + BAR_ROW_H * i as f64;
            let w = if b.value > 0 {
                (b.value as f64 / max * BAR_AREA_W).max(2.0)
            } else {
                0.0
            };
            let label = format!("{}: {}", b.label, b.value_label);
            let text_x = BAR_LABEL_W + 8.0 + w + 6.0;
            let marks = view! {
                <rect class="chart__bar" x=BAR_LABEL_W + 8.0 y=y + 4.0 width=w height=BAR_ROW_H - 10.0 />
                <text class="chart__value" x=text_x y=y + BAR_ROW_H / 2.0 + 1.0 dominant-baseline="middle">
                    {b.value_label.clone()}
                    {(!b.note.is_empty()).then(|| view! { <tspan class="chart__note" dx="8">{b.note.clone()}</tspan> })}
                </text>
            }
            .into_any();
            view! {
                <g class="chart__row" data-label=b.label.clone() data-value=b.value.to_string()>
                    <text class="chart__label" x=BAR_LABEL_W y=y + BAR_ROW_H / 2.0 + 1.0 text-anchor="end" dominant-baseline="middle">
                        {b.label.clone()}
                    </text>
                    {linked(b.href.clone(), label, marks)}
                </g>
            }
        })
        .collect_view();
    let table_rows = bars
        .into_iter()
        .map(|b| {
            view! {
                <tr>
                    <th scope="row">{b.label.clone()}</th>
                    <td class="num">{cell_link(&b.href, &b.value_label)}</td>
                    {has_notes.then(|| view! { <td class="num">{b.note.clone()}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart chart--bars" data-testid=id.clone()>
            <figcaption class="chart__title">{title.clone()}</figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {BAR_W} {height}") role="group"
                aria-labelledby=title_id.clone() aria-describedby=desc_id.clone()>
                <title id=title_id.clone()>{title.clone()}</title>
                <desc id=desc_id.clone()>{desc}</desc>
                {rows}
            </svg>
            <TableView>
                <table class="data-table data-table--compact">
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{label_header}</th>
                            <th scope="col" class="num">{value_header}</th>
                            {has_notes.then(|| view! { <th scope="col" class="num">{note_header}</th> })}
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </TableView>
        </figure>
    }
}

const COL_W: f64 = 640.0;
const COL_H: f64 = 240.0;
const PLOT_LEFT: f64 = 64.0;
const PLOT_RIGHT: f64 = 628.0;
const PLOT_TOP: f64 = 22.0;
const PLOT_BOTTOM: f64 = 200.0;

/// Horizontal gridlines with tick labels from 0 to `top`.
fn grid(l: Locale, top: f64, step: f64, yen: bool) -> impl IntoView {
    let mut ticks = Vec::new();
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        ticks.push(v);
        v += step;
    }
    ticks
        .into_iter()
        .map(|v| {
            let y = PLOT_BOTTOM - v / top * (PLOT_BOTTOM - PLOT_TOP);
            view! {
                <line class="chart__grid" x1=PLOT_LEFT x2=PLOT_RIGHT y1=y y2=y />
                <text class="chart__tick" x=PLOT_LEFT - 6.0 y=y text-anchor="end" dominant-baseline="middle">
                    {tick_label(l, v, yen)}
                </text>
            }
        })
        .collect_view()
}

fn category_x(i: usize, n: usize) -> f64 {
    let step = (PLOT_RIGHT - PLOT_LEFT) / n.max(1) as f64;
    PLOT_LEFT + step * (i as f64 + 0.5)
}

/// Stacked columns, one per category, one segment per series, with a legend.
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
    /// Axis ticks as yen amounts (`5億`) instead of plain numbers.
    #[prop(optional)]
    yen: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let n = categories.len();
    let totals: Vec<i64> = (0..n)
        .map(|c| {
            series
                .iter()
                .map(|s| s.values.get(c).copied().unwrap_or(0).max(0))
                .sum()
        })
        .collect();
    let (top, step) = nice_axis(totals.iter().copied().max().unwrap_or(0) as f64);
    let scale = (PLOT_BOTTOM - PLOT_TOP) / top;
    let col_w = ((PLOT_RIGHT - PLOT_LEFT) / n.max(1) as f64 * 0.6).min(56.0);

    let columns = categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            let x = category_x(c, n) - col_w / 2.0;
            let mut base = PLOT_BOTTOM;
            let segments = series
                .iter()
                .enumerate()
                .filter_map(|(s, ser)| {
                    let v = ser.values.get(c).copied().unwrap_or(0).max(0);
                    if v == 0 {
                        return None;
                    }
                    let h = v as f64 * scale;
                    base -= h;
                    let label = format!(
                        "{cat} {}: {}",
                        ser.name,
                        ser.labels.get(c).cloned().unwrap_or_default()
                    );
                    let marks = view! {
                        <rect class=format!("chart__seg chart__s{}", s % PALETTE) x=x y=base width=col_w height=h />
                    }
                    .into_any();
                    Some(linked(ser.hrefs.get(c).cloned().unwrap_or_default(), label, marks))
                })
                .collect_view();
            let total = total_labels.get(c).cloned().unwrap_or_default();
            view! {
                <g class="chart__column" data-category=cat.clone() data-total=totals[c].to_string()>
                    {segments}
                    <text class="chart__value" x=x + col_w / 2.0 y=base - 5.0 text-anchor="middle">{total}</text>
                    <text class="chart__label" x=x + col_w / 2.0 y=PLOT_BOTTOM + 16.0 text-anchor="middle">{cat.clone()}</text>
                </g>
            }
        })
        .collect_view();

    let legend = series
        .iter()
        .enumerate()
        .map(|(s, ser)| {
            view! {
                <li>
                    <svg class="chart__swatch" viewBox="0 0 10 10" aria-hidden="true">
                        <rect class=format!("chart__s{}", s % PALETTE) width="10" height="10" />
                    </svg>
                    {ser.name.clone()}
                </li>
            }
        })
        .collect_view();

    let head = series
        .iter()
        .map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> })
        .collect_view();
    let body = categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            let cells = series
                .iter()
                .map(|s| {
                    let label = s.labels.get(c).cloned().unwrap_or_default();
                    let href = s.hrefs.get(c).cloned().unwrap_or_default();
                    view! { <td class="num">{cell_link(&href, &label)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{cat.clone()}</th>
                    {cells}
                    <td class="num">{total_labels.get(c).cloned().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <figure class="chart chart--columns" data-testid=id.clone()>
            <figcaption class="chart__title">{title.clone()}</figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {COL_W} {COL_H}") role="group"
                aria-labelledby=title_id.clone() aria-describedby=desc_id.clone()>
                <title id=title_id.clone()>{title.clone()}</title>
                <desc id=desc_id.clone()>{desc}</desc>
                {grid(l, top, step, yen)}
                <line class="chart__axis" x1=PLOT_LEFT x2=PLOT_RIGHT y1=PLOT_BOTTOM y2=PLOT_BOTTOM />
                {columns}
            </svg>
            <ul class="chart__legend">{legend}</ul>
            <TableView>
                <table class="data-table data-table--compact">
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{category_header}</th>
                            {head}
                            <th scope="col" class="num">{total_header}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </TableView>
        </figure>
    }
}

/// Lines over categories (e.g. a target's live value, its path and the reported figures).
#[component]
pub fn LineChart(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(into)] desc: String,
    categories: Vec<String>,
    lines: Vec<Line>,
    #[prop(into)] category_header: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let n = categories.len();
    let max = lines
        .iter()
        .flat_map(|line| line.values.iter().flatten().copied())
        .fold(0.0_f64, f64::max);
    let (top, step) = nice_axis(max);
    let y_of = move |v: f64| PLOT_BOTTOM - v.max(0.0) / top * (PLOT_BOTTOM - PLOT_TOP);

    let drawn = lines
        .iter()
        .enumerate()
        .map(|(li, line)| {
            let class = format!("{} chart__s{}", line.style.class(), li % PALETTE);
            // Runs of consecutive values become polylines; gaps break the line.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (c, v) in line.values.iter().enumerate() {
                match v {
                    Some(v) => runs.last_mut().expect("one run").push((category_x(c, n), y_of(*v))),
                    None => runs.push(Vec::new()),
                }
            }
            let path = (line.style != LineStyle::Reported).then(|| {
                runs.into_iter()
                    .filter(|r| r.len() > 1)
                    .map(|r| {
                        let points = r
                            .iter()
                            .map(|(x, y)| format!("{x:.1},{y:.1}"))
                            .collect::<Vec<_>>()
                            .join(" ");
                        view! { <polyline class=class.clone() points=points fill="none" /> }
                    })
                    .collect_view()
            });
            let marks = (line.style != LineStyle::Path).then(|| {
                line.values
                    .iter()
                    .enumerate()
                    .filter_map(|(c, v)| {
                        let v = (*v)?;
                        let (x, y) = (category_x(c, n), y_of(v));
                        let label = format!(
                            "{} {}: {}",
                            categories[c],
                            line.name,
                            line.labels.get(c).cloned().unwrap_or_default()
                        );
                        let mark = match line.style {
                            LineStyle::Reported => view! {
                                <rect class=format!("chart__mark chart__mark--reported chart__s{}", li % PALETTE)
                                    x=x - 5.0 y=y - 5.0 width="10" height="10"
                                    transform=format!("rotate(45 {x:.1} {y:.1})") />
                            }
                            .into_any(),
                            _ => view! {
                                <circle class=format!("chart__mark chart__s{}", li % PALETTE) cx=x cy=y r="4.5" />
                            }
                            .into_any(),
                        };
                        Some(linked(line.hrefs.get(c).cloned().unwrap_or_default(), label, mark))
                    })
                    .collect_view()
            });
            view! { <g class="chart__series" data-series=line.name.clone()>{path}{marks}</g> }
        })
        .collect_view();

    let labels = categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            view! {
                <text class="chart__label" x=category_x(c, n) y=PLOT_BOTTOM + 16.0 text-anchor="middle">{cat.clone()}</text>
            }
        })
        .collect_view();

    let legend = lines
        .iter()
        .enumerate()
        .map(|(li, line)| {
            let class = format!("{} chart__s{}", line.style.class(), li % PALETTE);
            view! {
                <li>
                    <svg class="chart__swatch chart__swatch--line" viewBox="0 0 24 10" aria-hidden="true">
                        <line class=class x1="0" x2="24" y1="5" y2="5" />
                    </svg>
                    {line.name.clone()}
                </li>
            }
        })
        .collect_view();

    let head = lines
        .iter()
        .map(|line| view! { <th scope="col" class="num">{line.name.clone()}</th> })
        .collect_view();
    let body = categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            let cells = lines
                .iter()
                .map(|line| {
                    let label = line.labels.get(c).cloned().unwrap_or_default();
                    let href = line.hrefs.get(c).cloned().unwrap_or_default();
                    view! { <td class="num">{cell_link(&href, &label)}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{cat.clone()}</th>{cells}</tr> }
        })
        .collect_view();

    view! {
        <figure class="chart chart--lines" data-testid=id.clone()>
            <figcaption class="chart__title">{title.clone()}</figcaption>
            <svg class="chart__svg" viewBox=format!("0 0 {COL_W} {COL_H}") role="group"
                aria-labelledby=title_id.clone() aria-describedby=desc_id.clone()>
                <title id=title_id.clone()>{title.clone()}</title>
                <desc id=desc_id.clone()>{desc}</desc>
                {grid(l, top, step, false)}
                <line class="chart__axis" x1=PLOT_LEFT x2=PLOT_RIGHT y1=PLOT_BOTTOM y2=PLOT_BOTTOM />
                {labels}
                {drawn}
            </svg>
            <ul class="chart__legend">{legend}</ul>
            <TableView>
                <table class="data-table data-table--compact">
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr><th scope="col">{category_header}</th>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </TableView>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round_and_cover_the_maximum() {
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(75.0), (80.0, 20.0));
        assert_eq!(nice_axis(7.0), (8.0, 2.0));
        assert_eq!(nice_axis(3.0), (3.0, 1.0));
        assert_eq!(nice_axis(1.0), (1.0, 1.0));
        assert_eq!(nice_axis(2.0), (2.0, 1.0));
        let (top, step) = nice_axis(150_000_000.0);
        assert!(top >= 150_000_000.0 && top / step <= 5.0, "{top} {step}");
    }

    #[test]
    fn yen_ticks_are_compact() {
        assert_eq!(compact_yen_ja(0), "0");
        assert_eq!(compact_yen_ja(500_000_000), "5億");
        assert_eq!(compact_yen_ja(150_000_000), "1.5億");
        assert_eq!(compact_yen_ja(50_000_000), "5,000万");
        assert_eq!(compact_yen_en(50_000_000), "¥50m");
        assert_eq!(compact_yen_en(2_500_000_000), "¥2.5bn");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
    }
}
