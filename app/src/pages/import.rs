//! `/ventures/import`: import a CSV file of ventures, programs or stage events (staff and
//! admins). The file is checked first (every bad row with its line and reason); only a file
//! without a single problem can then be imported, in one transaction. Needs JavaScript (the file
//! goes up as `multipart/form-data` to the server functions of `api::exchange`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::exchange::{preview_import, run_import, ImportReport};
use crate::components::error_view::{error_lines, field_error_message};
use crate::components::layout::IfMay;
use crate::domain::account::Area;
use crate::domain::csv_rows::{line_of, ExchangeKind};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;

/// The label of an exchange kind.
pub fn kind_label(l: Locale, k: ExchangeKind) -> &'static str {
    match k {
        ExchangeKind::Ventures => td_string!(l, xchg_kind_ventures),
        ExchangeKind::Programs => td_string!(l, xchg_kind_programs),
        ExchangeKind::StageEvents => td_string!(l, xchg_kind_stage_events),
        ExchangeKind::Notifications => td_string!(l, xchg_kind_notifications),
    }
}

fn encoding_label(l: Locale, code: &str) -> String {
    match code {
        "utf-8" => td_string!(l, xchg_enc_utf8).to_string(),
        "utf-8-bom" => td_string!(l, xchg_enc_utf8_bom).to_string(),
        "shift_jis" => td_string!(l, xchg_enc_sjis).to_string(),
        other => other.to_string(),
    }
}

/// One problem of a file or row as a sentence (the exchange's own codes first, then the forms').
pub fn problem_text(l: Locale, e: &FieldError) -> String {
    let p = |n: &str| e.param(n).unwrap_or_default().to_string();
    match e.code.as_str() {
        "xchg.column_repeated" => {
            td_string!(l, xchg_e_column_repeated, column = p("column")).to_string()
        }
        "xchg.column_unknown" => {
            td_string!(l, xchg_e_column_unknown, column = p("column")).to_string()
        }
        "xchg.column_missing" => {
            td_string!(l, xchg_e_column_missing, column = p("column")).to_string()
        }
        "xchg.too_many_cells" => {
            td_string!(l, xchg_e_too_many_cells, columns = p("columns")).to_string()
        }
        "xchg.venture_ref_required" => td_string!(l, xchg_e_venture_ref_required).to_string(),
        "xchg.risk_class_safety_act_only" => td_string!(l, xchg_e_risk_class).to_string(),
        "xchg.uuid_invalid" => td_string!(l, xchg_e_uuid).to_string(),
        "xchg.kind_unknown" => td_string!(l, xchg_e_kind_unknown).to_string(),
        "xchg.retracts_required" => td_string!(l, xchg_e_retracts_required).to_string(),
        "xchg.empty" => td_string!(l, xchg_e_empty).to_string(),
        "xchg.encoding" => td_string!(l, xchg_e_encoding).to_string(),
        "xchg.too_large" => td_string!(l, xchg_e_too_large, max_mb = p("max_mb")).to_string(),
        "xchg.malformed" => td_string!(l, xchg_e_malformed).to_string(),
        "xchg.too_many_rows" => td_string!(l, xchg_e_too_many_rows, max = p("max")).to_string(),
        "xchg.file_required" => td_string!(l, xchg_e_file_required).to_string(),
        "xchg.upload_malformed" => td_string!(l, xchg_e_upload_malformed).to_string(),
        "xchg.kind_not_importable" => td_string!(l, xchg_e_kind_not_importable).to_string(),
        "xchg.already_registered" => {
            td_string!(l, xchg_e_already_registered, venture = p("venture")).to_string()
        }
        "xchg.duplicate_in_file" => {
            td_string!(l, xchg_e_duplicate_in_file, other_line = p("other_line")).to_string()
        }
        "xchg.venture_not_found" => {
            td_string!(l, xchg_e_venture_not_found, venture = p("venture")).to_string()
        }
        "xchg.venture_ref_mismatch" => {
            td_string!(l, xchg_e_venture_ref_mismatch, venture = p("venture")).to_string()
        }
        "xchg.venture_ambiguous" => {
            td_string!(l, xchg_e_venture_ambiguous, venture = p("venture")).to_string()
        }
        "xchg.program_not_found" => {
            td_string!(l, xchg_e_program_not_found, program = p("program")).to_string()
        }
        "xchg.program_exists" => {
            td_string!(l, xchg_e_program_exists, program = p("program")).to_string()
        }
        "xchg.event_id_taken" => td_string!(l, xchg_e_event_id_taken).to_string(),
        // A code column with a value that is not one of its codes (the forms say "choose").
        c if c == "xchg.code_unknown" || c.ends_with(".unknown") => {
            td_string!(l, xchg_e_code_unknown, column = e.field.clone()).to_string()
        }
        _ => field_error_message(l, e),
    }
}

/// The column a problem is about, as the file's header names it ("—" for the whole row/file).
fn column_of(e: &FieldError) -> String {
    if e.field.starts_with('_') || e.field == "file" {
        "—".to_string()
    } else {
        e.field.clone()
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tu_string!(i18n, xchg_import_title) />
        <h1>{t!(i18n, xchg_import_title)}</h1>
        <p class="lead">{t!(i18n, xchg_import_lead)}</p>
        <p>{t!(i18n, xchg_import_order)}</p>
        <noscript><p class="import-notice">{t!(i18n, xchg_noscript)}</p></noscript>
        <IfMay area=Area::Ventures>
            <ImportForm />
        </IfMay>
        <p><a href="/ventures">{t!(i18n, back_to_list)}</a></p>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ExchangeKind::Ventures);
    let preview = RwSignal::new(None::<Result<ImportReport, AppError>>);
    let outcome = RwSignal::new(None::<Result<ImportReport, AppError>>);
    let busy = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();

    // Send the form as it is now (the file input still holds the file): a check, or the import.
    let send = move |confirm: bool| {
        let Some(form) = form_ref.get_untracked() else {
            return;
        };
        let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if confirm {
                let r = run_import(data.into()).await;
                if r.is_ok() {
                    preview.set(None);
                }
                outcome.set(Some(r));
            } else {
                outcome.set(None);
                preview.set(Some(preview_import(data.into()).await));
            }
            busy.set(false);
        });
    };
    let changed = move || {
        preview.set(None);
        outcome.set(None);
    };
    let kind_options = move || {
        ExchangeKind::IMPORTABLE
            .iter()
            .map(|k| {
                let k = *k;
                view! {
                    <option value=k.as_str() selected=move || kind.get() == k>
                        {move || kind_label(i18n.get_locale(), k)}
                    </option>
                }
            })
            .collect_view()
    };
    let columns = move || {
        let k = kind.get();
        let l = i18n.get_locale();
        k.columns()
            .iter()
            .map(|c| {
                let note = if k.required_columns().contains(c) {
                    td_string!(l, xchg_column_required).to_string()
                } else if k.derived_columns().contains(c) {
                    td_string!(l, xchg_column_derived).to_string()
                } else {
                    String::new()
                };
                view! { <li><code>{*c}</code>" "{note}</li> }
            })
            .collect_view()
    };

    view! {
        <form
            node_ref=form_ref
            class="import-form"
            method="post"
            enctype="multipart/form-data"
            data-testid="import-form"
            on:submit=move |ev| {
                ev.prevent_default();
                send(false);
            }
        >
            <fieldset>
                <legend>{t!(i18n, xchg_form_legend)}</legend>
                <div class="field">
                    <label for="imp-kind">{t!(i18n, xchg_kind_label)}</label>
                    <select
                        id="imp-kind"
                        name="kind"
                        data-testid="import-kind"
                        on:change=move |ev| {
                            if let Ok(k) = event_target_value(&ev).parse::<ExchangeKind>() {
                                kind.set(k);
                            }
                            changed();
                        }
                    >
                        {kind_options}
                    </select>
                </div>
                <div class="field">
                    <label for="imp-file">{t!(i18n, xchg_file_label)}</label>
                    <p class="hint" id="imp-file-hint">{t!(i18n, xchg_file_hint)}</p>
                    <input
                        id="imp-file"
                        name="file"
                        type="file"
                        accept=".csv,text/csv"
                        required
                        aria-describedby="imp-file-hint"
                        data-testid="import-file"
                        on:change=move |_| changed()
                    />
                </div>
                <details class="import-columns">
                    <summary>{t!(i18n, xchg_columns)}</summary>
                    <ul>{columns}</ul>
                </details>
                <div class="actions">
                    <button type="submit" class="button" disabled=move || busy.get() data-testid="import-check">
                        {t!(i18n, xchg_check)}
                    </button>
                </div>
            </fieldset>
        </form>
        <p class="loading" aria-live="polite">
            {move || busy.get().then(|| t_string!(i18n, xchg_working))}
        </p>
        <div aria-live="polite">
            {move || {
                outcome
                    .get()
                    .map(|r| match r {
                        Ok(done) => {
                            view! {
                                <div class="import-notice import-notice--done" role="status" data-testid="import-done">
                                    <p>{move || t_string!(i18n, xchg_done, written = done.written)}</p>
                                    <p><a href="/ventures">{t!(i18n, back_to_list)}</a></p>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Problems error=e /> }.into_any(),
                    })
            }}
            {move || {
                preview
                    .get()
                    .map(|r| match r {
                        Ok(report) => {
                            view! { <ReportView report busy on_confirm=move || send(true) /> }
                                .into_any()
                        }
                        Err(e) => view! { <Problems error=e /> }.into_any(),
                    })
            }}
        </div>
    }
}

/// A table of problems, one row per problem, ordered by line.
#[component]
fn ProblemTable(problems: Vec<FieldError>, #[prop(into)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table import-problems" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col" class="num">{t!(i18n, xchg_col_line)}</th>
                        <th scope="col">{t!(i18n, xchg_col_column)}</th>
                        <th scope="col">{t!(i18n, xchg_col_problem)}</th>
                    </tr>
                </thead>
                <tbody>
                    {problems
                        .into_iter()
                        .map(|e| {
                            let line = line_of(&e);
                            let column = column_of(&e);
                            let text = e.clone();
                            view! {
                                <tr data-line=line>
                                    <td class="num">
                                        {move || {
                                            if line == 0 {
                                                t_string!(i18n, xchg_whole_file).to_string()
                                            } else {
                                                line.to_string()
                                            }
                                        }}
                                    </td>
                                    <td><code>{column}</code></td>
                                    <td>{move || problem_text(i18n.get_locale(), &text)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A refused check or import: the file's or rows' problems, or the one-line message.
#[component]
fn Problems(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let body = match error {
        AppError::Validation { errors } if !errors.is_empty() => {
            view! { <ProblemTable problems=errors testid="import-problems" /> }.into_any()
        }
        other => view! {
            <ul>
                {move || {
                    error_lines(i18n.get_locale(), &other)
                        .into_iter()
                        .map(|line| view! { <li>{line}</li> })
                        .collect_view()
                }}
            </ul>
        }
        .into_any(),
    };
    view! {
        <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary">
            <h2 class="error-summary__title">{t!(i18n, xchg_problems_title)}</h2>
            {body}
        </div>
    }
}

#[component]
fn ReportView(
    report: ImportReport,
    busy: RwSignal<bool>,
    on_confirm: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let importable = report.importable();
    let (rows, good) = (report.rows, report.good_rows);
    let file = report.file_name.clone();
    let encoding = report.encoding.clone();
    let kind = report.kind.parse::<ExchangeKind>().ok();
    let summary = move || {
        let l = i18n.get_locale();
        td_string!(
            l,
            xchg_summary,
            file = file.clone(),
            kind = kind.map(|k| kind_label(l, k)).unwrap_or_default(),
            encoding = encoding_label(l, &encoding),
            rows = format::number(rows),
            good = format::number(good)
        )
        .to_string()
    };
    let problems = report.problems.clone();
    let warnings = report.warnings.clone();
    view! {
        <section class="import-report" data-testid="import-report" aria-labelledby="import-report-title">
            <h2 id="import-report-title">{t!(i18n, xchg_report_title)}</h2>
            <p data-testid="import-summary">{summary}</p>
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <div class="error-summary" role="alert" tabindex="-1">
                            <h3 class="error-summary__title">{t!(i18n, xchg_problems_title)}</h3>
                            <ProblemTable problems=problems.clone() testid="import-problems" />
                        </div>
                    }
                })}
            {(!warnings.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, xchg_warnings_title)}</h3>
                        <ProblemTable problems=warnings.clone() testid="import-warnings" />
                    }
                })}
            {importable
                .then(|| {
                    let on_confirm = on_confirm.clone();
                    view! {
                        <p>{move || t_string!(i18n, xchg_ready, rows = format::number(rows))}</p>
                        <button
                            type="button"
                            class="button"
                            data-testid="import-confirm"
                            disabled=move || busy.get()
                            on:click=move |_| on_confirm()
                        >
                            {move || t_string!(i18n, xchg_confirm, rows = format::number(rows))}
                        </button>
                    }
                })}
        </section>
    }
}

/// The export file of `kind` for the list's current search, filters and sort (every page).
pub fn export_href(kind: ExchangeKind, q: &crate::api::ventures::VentureQuery) -> String {
    let list = crate::pages::ventures::list_href(q, 1);
    format!(
        "/ventures/export/{}.csv{}",
        kind.as_str(),
        list.strip_prefix("/ventures").unwrap_or_default()
    )
}

/// "Export CSV" links for the ventures list, carrying its current filters; an import link for
/// the roles that may import.
#[component]
pub fn ExportLinks(query: crate::api::ventures::VentureQuery) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ExchangeKind::Ventures,
        ExchangeKind::Programs,
        ExchangeKind::StageEvents,
        ExchangeKind::Notifications,
    ]
    .into_iter()
    .map(|k| {
        let href = export_href(k, &query);
        view! {
            <li>
                <a href=href download rel="external" data-testid=format!("export-{}", k.as_str())>
                    {move || kind_label(i18n.get_locale(), k)}
                    " (CSV)"
                </a>
            </li>
        }
    })
    .collect_view();
    view! {
        <section class="exchange-links" aria-labelledby="exchange-title" data-testid="export-links">
            <h2 id="exchange-title">{t!(i18n, xchg_export_heading)}</h2>
            <p class="hint">{t!(i18n, xchg_export_hint)}</p>
            <ul>{links}</ul>
            <IfMay area=Area::Ventures>
                <p>
                    <a href="/ventures/import" data-testid="import-link">{t!(i18n, xchg_import_link)}</a>
                </p>
            </IfMay>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ventures::{VentureQuery, VentureSort};

    #[test]
    fn export_links_carry_the_filters_but_not_the_page() {
        let q = VentureQuery {
            q: "セル".into(),
            hub: "ksp".into(),
            stage: None,
            sort: VentureSort::Stage,
            page: 4,
            ..Default::default()
        };
        assert_eq!(
            export_href(ExchangeKind::StageEvents, &q),
            "/ventures/export/stage_events.csv?q=%E3%82%BB%E3%83%AB&hub=ksp&sort=stage"
        );
        assert_eq!(
            export_href(ExchangeKind::Ventures, &VentureQuery::default()),
            "/ventures/export/ventures.csv"
        );
    }
}
