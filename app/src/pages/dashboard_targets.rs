//! The dashboard's targets section (目標の進み具合): per target a line chart (actual, the path
//! from the baseline to the target, reported figures) and a table by year — the live value
//! linked to the records behind it, the path, the reported figure with who froze it and when,
//! the difference (live − reported) and the status. Administrators freeze a completed year's
//! reported figure with a POST form that works without JavaScript (and is checked in the
//! browser by the same `domain::targets` rules first).

use leptos::form::FromFormData;
use leptos::prelude::*;
use server_fn::ServerFn;

use crate::api::targets::{get_targets, FreezeReportedFigure, ReportedDto, TargetDto, TargetsDto};
use crate::components::chart::{Line, LineChart, LineStyle};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::domain::fiscal::YearBasis;
use crate::domain::targets::{
    drill_down_href, validate_freeze, Counting, Status, TargetSpec, YearValue,
};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// `2025年度（令和7年度）`, `2025年（令和7年）`; `FY2025`, `2025` in English.
pub fn year_label(l: Locale, basis: YearBasis, year: i32) -> String {
    match l {
        Locale::ja => format!("{}（{}）", basis.label_ja(year), basis.wareki_label(year)),
        Locale::en => basis.label_en(year),
    }
}

/// The short label of a chart's category: `2025年度`, `FY2025`.
fn short_year(l: Locale, basis: YearBasis, year: i32) -> String {
    match l {
        Locale::ja => basis.label_ja(year),
        Locale::en => basis.label_en(year),
    }
}

/// A path value with one decimal: `63.0`.
pub fn path_text(v: f64) -> String {
    format!("{v:.1}")
}

/// `+2`, `−1`, `±0`.
pub fn difference_text(d: i64) -> String {
    match d {
        0 => "±0".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    }
}

/// The target's counting rule in a few words and a sentence: `数え方：累計・年度` and what it
/// means.
pub fn rule_text(l: Locale, spec: &TargetSpec) -> (String, String) {
    let counting = match spec.counting {
        Counting::Cumulative => td_string!(l, targets.counting_cumulative),
        Counting::PerYear => td_string!(l, targets.counting_per_year),
    };
    let basis = match spec.basis {
        YearBasis::Fiscal => td_string!(l, targets.basis_fiscal),
        YearBasis::Calendar => td_string!(l, targets.basis_calendar),
    };
    let baseline = short_year(l, spec.basis, spec.baseline_year);
    let value = spec.baseline_value;
    let explain = match spec.counting {
        Counting::Cumulative => td_string!(
            l,
            targets.explain_cumulative,
            baseline = baseline.clone(),
            value = value
        )
        .to_string(),
        Counting::PerYear => td_string!(
            l,
            targets.explain_per_year,
            baseline = baseline.clone(),
            value = value
        )
        .to_string(),
    };
    let period = match spec.basis {
        YearBasis::Fiscal => td_string!(l, targets.explain_fiscal),
        YearBasis::Calendar => td_string!(l, targets.explain_calendar),
    };
    (
        td_string!(l, targets.rule_line, counting = counting, basis = basis).to_string(),
        format!(
            "{explain}{}{period}",
            if l == Locale::en { " " } else { "" }
        ),
    )
}

/// `順調：目標線 63.0 に対し 58（2026年11月25日時点）`.
pub fn status_text(l: Locale, spec: &TargetSpec, s: &Status) -> String {
    let status = if s.on_track {
        td_string!(l, targets.on_track)
    } else {
        td_string!(l, targets.behind)
    };
    let expected = path_text(s.expected);
    let actual = s.actual;
    match s.year {
        Some(y) => td_string!(
            l,
            targets.status_per_year,
            status = status,
            year = short_year(l, spec.basis, y),
            expected = expected.clone(),
            actual = actual
        )
        .to_string(),
        None => td_string!(
            l,
            targets.status_cumulative,
            status = status,
            expected = expected.clone(),
            actual = actual,
            date = format::date(l, s.as_of)
        )
        .to_string(),
    }
}

/// The drill-down link of a year's live value, or empty.
fn href_of(t: &TargetDto, y: &YearValue) -> String {
    y.range
        .map(|r| drill_down_href(t.spec.metric, r))
        .unwrap_or_default()
}

// Messages of the freeze form (asked first by `components::error_view`)

/// The label of a field of the freeze form; `None` for other fields.
pub fn field_label(l: Locale, field: &str) -> Option<String> {
    let label = match field {
        "freeze_year" => td_string!(l, targets.f_year),
        "freeze_value" => td_string!(l, targets.f_value),
        "freeze_note" => td_string!(l, targets.f_note),
        "freeze_target" => td_string!(l, targets.f_target),
        _ => return None,
    };
    Some(label.to_string())
}

/// One problem of the freeze form as a sentence; `None` for codes of other forms.
pub fn field_error_message(l: Locale, e: &FieldError) -> Option<String> {
    let p = |n: &str| e.param(n).unwrap_or_default().to_string();
    let text = match e.code.as_str() {
        "targets.year_invalid" => td_string!(l, targets.fe_year_invalid).to_string(),
        "targets.before_baseline" => {
            td_string!(l, targets.fe_before_baseline, year = p("year")).to_string()
        }
        "targets.after_target" => {
            td_string!(l, targets.fe_after_target, year = p("year")).to_string()
        }
        "targets.year_incomplete" => {
            td_string!(l, targets.fe_year_incomplete, year = p("year")).to_string()
        }
        "targets.figure_required" => td_string!(l, targets.fe_figure_required).to_string(),
        "targets.figure_not_a_number" => td_string!(l, targets.fe_figure_not_a_number).to_string(),
        "targets.figure_negative" => td_string!(l, targets.fe_figure_negative).to_string(),
        "targets.figure_too_large" => {
            td_string!(l, targets.fe_figure_too_large, max = p("max")).to_string()
        }
        "targets.unknown" => td_string!(l, targets.fe_unknown_target).to_string(),
        _ => return None,
    };
    Some(text)
}

/// The refusal of a second freeze of a year.
pub fn conflict_message(l: Locale, e: &AppError) -> Option<String> {
    match e {
        AppError::Conflict { code, detail } if code == "targets.already_frozen" => {
            Some(td_string!(l, targets.already_frozen, year = detail.clone()).to_string())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------

#[component]
pub fn TargetsSection() -> impl IntoView {
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    let data = Resource::new(move || refresh.get(), |_| get_targets());
    view! {
        <section class="dash-section targets" aria-labelledby="h-targets" data-testid="targets">
            <h2 id="h-targets">{t!(i18n, targets.heading)}</h2>
            <p class="lead">{t!(i18n, targets.lead)}</p>
            <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <TargetsView d refresh /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TargetsView(d: TargetsDto, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if d.targets.is_empty() {
        return view! { <p>{t!(i18n, targets.none)}</p> }.into_any();
    }
    let (today, may_freeze) = (d.today, d.may_freeze);
    d.targets
        .into_iter()
        .map(|t| view! { <TargetView t today may_freeze refresh /> })
        .collect_view()
        .into_any()
}

#[component]
fn TargetView(
    t: TargetDto,
    today: chrono::NaiveDate,
    may_freeze: bool,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("h-target-{}", t.spec.metric.as_str());
    let (t1, t2, t3, t4) = (t.clone(), t.clone(), t.clone(), t.clone());
    let rows = t.progress.years.clone();
    view! {
        <article class="target" data-testid=format!("target-{}", t.spec.metric.as_str()) aria-labelledby=heading_id.clone()>
            <h3 id=heading_id.clone()>{move || match i18n.get_locale() { Locale::ja => t1.name_ja.clone(), Locale::en => t1.name_en.clone() }}</h3>
            <p class="target__rule" data-testid="target-rule">
                {move || {
                    let l = i18n.get_locale();
                    let (short, long) = rule_text(l, &t2.spec);
                    match l { Locale::ja => format!("{short}。{long}"), Locale::en => format!("{short}. {long}") }
                }}
            </p>
            <p class="target__goal">
                {move || {
                    let l = i18n.get_locale();
                    let s = &t3.spec;
                    td_string!(l, targets.baseline_target,
                        baseline_value = s.baseline_value,
                        baseline = short_year(l, s.basis, s.baseline_year),
                        target_value = s.target_value,
                        target = short_year(l, s.basis, s.target_year)).to_string()
                }}
            </p>
            <p class="target__status" role="status" data-testid="target-status">
                {move || {
                    let l = i18n.get_locale();
                    match &t4.progress.status {
                        Some(s) => view! {
                            <strong class={if s.on_track { "status status--on-track" } else { "status status--behind" }}>
                                {status_text(l, &t4.spec, s)}
                            </strong>
                        }.into_any(),
                        None => view! { <span>{td_string!(l, targets.status_none)}</span> }.into_any(),
                    }
                }}
            </p>
            <TargetChart t=t.clone() />
            <div class="table-wrap">
                <table class="data-table target__table" data-testid="target-table">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, targets.col_year)}</th>
                            <th scope="col" class="num">{t!(i18n, targets.col_live)}</th>
                            <th scope="col" class="num">{t!(i18n, targets.col_path)}</th>
                            <th scope="col">{t!(i18n, targets.col_reported)}</th>
                            <th scope="col" class="num">{t!(i18n, targets.col_difference)}</th>
                            <th scope="col">{t!(i18n, targets.col_status)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|y| {
                            let reported = t.reported.iter().find(|r| r.year == y.year).cloned();
                            view! { <YearRow t=t.clone() y reported /> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {may_freeze.then(|| {
                let open: Vec<YearValue> = t.progress.years.iter().filter(|y| y.freezable).cloned().collect();
                open.into_iter().map(|y| view! { <FreezeYearForm t=t.clone() y today refresh /> }).collect_view()
            })}
        </article>
    }
}

#[component]
fn TargetChart(t: TargetDto) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let years = &t.progress.years;
        let name = match l {
            Locale::ja => t.name_ja.clone(),
            Locale::en => t.name_en.clone(),
        };
        let categories: Vec<String> = years
            .iter()
            .map(|y| short_year(l, t.spec.basis, y.year))
            .collect();
        let actual = Line {
            name: td_string!(l, targets.line_actual).to_string(),
            style: LineStyle::Actual,
            values: years.iter().map(|y| y.live.map(|v| v as f64)).collect(),
            labels: years
                .iter()
                .map(|y| y.live.map(|v| v.to_string()).unwrap_or_default())
                .collect(),
            hrefs: years.iter().map(|y| href_of(&t, y)).collect(),
        };
        let path = Line {
            name: td_string!(l, targets.line_path).to_string(),
            style: LineStyle::Path,
            values: years.iter().map(|y| Some(y.path)).collect(),
            labels: years.iter().map(|y| path_text(y.path)).collect(),
            hrefs: vec![String::new(); years.len()],
        };
        let reported = Line {
            name: td_string!(l, targets.line_reported).to_string(),
            style: LineStyle::Reported,
            values: years.iter().map(|y| y.reported.map(|v| v as f64)).collect(),
            labels: years
                .iter()
                .map(|y| y.reported.map(|v| v.to_string()).unwrap_or_default())
                .collect(),
            hrefs: vec![String::new(); years.len()],
        };
        view! {
            <LineChart
                id=format!("target-chart-{}", t.spec.metric.as_str())
                title=name.clone()
                desc=td_string!(l, targets.chart_desc, name = name.clone()).to_string()
                categories
                lines=vec![actual, path, reported]
                category_header=td_string!(l, targets.col_year).to_string()
            />
        }
    }
}

#[component]
fn YearRow(t: TargetDto, y: YearValue, reported: Option<ReportedDto>) -> impl IntoView {
    let i18n = use_i18n();
    let basis = t.spec.basis;
    let year = y.year;
    let href = href_of(&t, &y);
    let live = y.live;
    let live_cell = match live {
        None => view! { <span class="muted">{t!(i18n, targets.not_yet)}</span> }.into_any(),
        Some(v) if y.is_baseline => view! {
            <span data-testid=format!("live-{year}")>{v}</span>
            " "
            <span class="muted">{move || format!("（{}）", td_string!(i18n.get_locale(), targets.baseline_mark))}</span>
        }
        .into_any(),
        Some(v) => view! { <a href=href data-testid=format!("live-{year}")>{v}</a> }.into_any(),
    };
    let reported_cell = reported.clone().map(|r| {
        let (who, at, note) = (r.frozen_by.clone(), r.frozen_at, r.note.clone());
        view! {
            <span data-testid=format!("reported-{year}")>{r.value}</span>
            <br />
            <small class="muted">
                {move || {
                    let l = i18n.get_locale();
                    td_string!(l, targets.frozen_by, who = who.clone(), at = format::date_time(l, at)).to_string()
                }}
            </small>
            {(!note.is_empty()).then(|| view! { <br /><small>{note.clone()}</small> })}
        }
    });
    let difference = y.difference.map(|d| {
        let class = if d == 0 { "diff" } else { "diff diff--changed" };
        view! { <strong class=class data-testid=format!("difference-{year}")>{difference_text(d)}</strong> }
    });
    let path = y.path;
    let complete = y.complete;
    let status = move || {
        let l = i18n.get_locale();
        match live {
            None => String::new(),
            Some(_) if !complete => td_string!(l, targets.in_progress).to_string(),
            Some(v) if v as f64 >= path => td_string!(l, targets.on_track).to_string(),
            Some(_) => td_string!(l, targets.behind).to_string(),
        }
    };
    view! {
        <tr data-testid=format!("year-{year}")>
            <th scope="row">{move || year_label(i18n.get_locale(), basis, year)}</th>
            <td class="num">{live_cell}</td>
            <td class="num" data-testid=format!("path-{year}")>{path_text(path)}</td>
            <td>{reported_cell}</td>
            <td class="num">{difference}</td>
            <td>{status}</td>
        </tr>
    }
}

/// Freeze one completed year's reported figure (administrators).
#[component]
fn FreezeYearForm(
    t: TargetDto,
    y: YearValue,
    today: chrono::NaiveDate,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<FreezeReportedFigure>::new();
    let outcome = RwSignal::new(None::<Result<(), AppError>>);
    let spec = t.spec.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = FreezeReportedFigure::from_event(&ev) {
            match validate_freeze(&input.form, &spec, today) {
                Ok(_) => {
                    action.dispatch(input);
                }
                Err(errors) => outcome.set(Some(Err(errors.into()))),
            }
        }
    };
    Effect::new(move |_| {
        if let Some(r) = action.value().get() {
            if r.is_ok() {
                refresh.update(|n| *n += 1);
            }
            outcome.set(Some(r.map(|_| ())));
        }
    });
    let year = y.year;
    let key = format!("{}-{}", t.spec.metric.as_str(), year);
    let (i_value, i_note) = (format!("freeze-value-{key}"), format!("freeze-note-{key}"));
    let basis = t.spec.basis;
    let prefill = y.live.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <form action=FreezeReportedFigure::url() method="post" on:submit=on_submit class="form-grid target__freeze" data-testid=format!("freeze-{key}")>
            <fieldset>
                <legend>{move || td_string!(i18n.get_locale(), targets.freeze_legend, year = year_label(i18n.get_locale(), basis, year)).to_string()}</legend>
                <div aria-live="polite">
                    {move || match outcome.get() {
                        Some(Ok(())) => view! { <p class="notice">{t!(i18n, targets.frozen_notice)}</p> }.into_any(),
                        Some(Err(e)) => view! { <FormErrors error=e /> }.into_any(),
                        None => ().into_any(),
                    }}
                </div>
                <input type="hidden" name="form[target_id]" value=t.id.to_string() />
                <input type="hidden" name="form[year]" value=year.to_string() />
                <div class="field">
                    <label for=i_value.clone()>{t!(i18n, targets.f_value)}</label>
                    <input id=i_value name="form[value]" type="text" inputmode="numeric" required value=prefill />
                </div>
                <div class="field">
                    <label for=i_note.clone()>{t!(i18n, targets.f_note)}</label>
                    <input id=i_note name="form[note]" type="text" maxlength="500" />
                </div>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, targets.freeze_button)}</button>
                </div>
            </fieldset>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_numbers() {
        assert_eq!(
            year_label(Locale::ja, YearBasis::Fiscal, 2025),
            "2025年度（令和7年度）"
        );
        assert_eq!(
            year_label(Locale::ja, YearBasis::Calendar, 2025),
            "2025年（令和7年）"
        );
        assert_eq!(year_label(Locale::en, YearBasis::Fiscal, 2025), "FY2025");
        assert_eq!(path_text(63.0), "63.0");
        assert_eq!(path_text(56.99), "57.0");
        assert_eq!(difference_text(2), "+2");
        assert_eq!(difference_text(-1), "−1");
        assert_eq!(difference_text(0), "±0");
        let spec = TargetSpec {
            metric: crate::domain::targets::Metric::VenturesLocated,
            counting: Counting::Cumulative,
            basis: YearBasis::Fiscal,
            baseline_year: 2021,
            baseline_value: 51,
            target_year: 2025,
            target_value: 75,
        };
        assert_eq!(rule_text(Locale::ja, &spec).0, "数え方：累計・年度");
        let s = Status {
            on_track: false,
            actual: 58,
            expected: 63.0,
            year: None,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        };
        assert_eq!(
            status_text(Locale::ja, &spec, &s),
            "遅れ：目標線 63.0 に対し 58（2026年11月25日時点）"
        );
    }
}
