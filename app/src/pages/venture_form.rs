//! Register a venture, or edit its profile (staff and admins). The same checks run in the
//! browser before sending and on the server (`domain::venture`); a duplicate is refused with a link to the existing record, an
//! edit over a newer version with what the other person changed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use crate::api::ventures::{
    get_venture, list_hubs, ArchiveVenture, CreateVenture, HubDto, UpdateVenture, VentureDetail,
};
use crate::components::error_view::{ErrorView, FormErrors};
use crate::domain::clock::today_in_japan;
use crate::domain::venture::{validate_venture, Modality, VentureForm, VentureStatus};
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use leptos::form::FromFormData;
use server_fn::ServerFn;

/// Register a new venture.
#[component]
pub fn NewVenturePage() -> impl IntoView {
    let i18n = use_i18n();
    let hubs = Resource::new(|| (), |_| list_hubs());
    view! {
        <Title text=tu_string!(i18n, venture_new_title) />
        <p class="breadcrumb"><a href="/ventures">{t!(i18n, back_to_list)}</a></p>
        <h1>{t!(i18n, venture_new_title)}</h1>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match hubs.await {
                    Ok(hubs) => view! { <VentureFormView initial=VentureForm::default() editing=None hubs /> }.into_any(),
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn form_of(v: &VentureDetail) -> VentureForm {
    VentureForm {
        name_ja: v.name_ja.clone(),
        name_en: v.name_en.clone(),
        name_kana: v.name_kana.clone(),
        corporate_number: v.corporate_number.clone().unwrap_or_default(),
        hub: v.hub_code.clone(),
        founded_on: v.founded_on.map(|d| d.to_string()).unwrap_or_default(),
        located_on: v.located_on.map(|d| d.to_string()).unwrap_or_default(),
        origin_institution: v.origin_institution.clone(),
        modality: v.modality.clone(),
        status: v.status.clone(),
        website: v.website.clone(),
        summary: v.summary.clone(),
    }
}

/// Edit a venture's profile.
#[component]
pub fn EditVenturePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = Resource::new(id, get_venture);
    view! {
        <Title text=tu_string!(i18n, venture_edit_title) />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let back = format!("/ventures/{}", v.id);
                        let initial = form_of(&v);
                        let name = v.name_ja.clone();
                        let hubs = v.hubs.clone();
                        view! {
                            <p class="breadcrumb"><a href=back>{name}</a></p>
                            <h1>{t!(i18n, venture_edit_title)}</h1>
                            <VentureFormView initial editing=Some((v.id, v.version)) hubs />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VentureFormView(
    initial: VentureForm,
    /// The venture and the version shown, when editing.
    editing: Option<(Uuid, i32)>,
    hubs: Vec<HubDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateVenture>::new();
    let update = ServerAction::<UpdateVenture>::new();
    let navigate = use_navigate();
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            nav(&format!("/ventures/{id}"), Default::default());
        }
    });
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some((id, _))) = (update.value().get(), editing) {
            navigate(&format!("/ventures/{id}"), Default::default());
        }
    });
    // The domain's checks run here before anything is sent (and again on the server).
    let checked = RwSignal::new(None::<AppError>);
    let error = move || {
        checked
            .get()
            .or_else(|| match (create.value().get(), update.value().get()) {
                (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e),
                _ => None,
            })
    };
    let on_create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = CreateVenture::from_event(&ev) {
            match validate_venture(&input.form, true, today_in_japan(chrono::Utc::now())) {
                Ok(_) => {
                    checked.set(None);
                    create.dispatch(input);
                }
                Err(errors) => checked.set(Some(errors.into())),
            }
        }
    };
    let on_update = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(input) = UpdateVenture::from_event(&ev) {
            match validate_venture(&input.form, false, today_in_japan(chrono::Utc::now())) {
                Ok(_) => {
                    checked.set(None);
                    update.dispatch(input);
                }
                Err(errors) => checked.set(Some(errors.into())),
            }
        }
    };
    let pending = move || create.pending().get() || update.pending().get();
    let f = initial;
    let fields = move || {
        let f = f.clone();
        let hubs = hubs.clone();
        view! {
            <div class="field">
                <label for="v-name-ja">{t!(i18n, field_name_ja)} <span class="req">{t!(i18n, required_mark)}</span></label>
                <input id="v-name-ja" name="form[name_ja]" type="text" required maxlength="200" value=f.name_ja.clone() lang="ja" />
            </div>
            <div class="field">
                <label for="v-name-kana">{t!(i18n, field_name_kana)} <span class="req">{t!(i18n, required_mark)}</span></label>
                <input id="v-name-kana" name="form[name_kana]" type="text" required maxlength="200" value=f.name_kana.clone() lang="ja" aria-describedby="v-name-kana-hint" />
                <p class="hint" id="v-name-kana-hint">{t!(i18n, kana_hint)}</p>
            </div>
            <div class="field">
                <label for="v-name-en">{t!(i18n, field_name_en)}</label>
                <input id="v-name-en" name="form[name_en]" type="text" maxlength="200" value=f.name_en.clone() lang="en" />
            </div>
            <div class="field">
                <label for="v-corporate">{t!(i18n, field_corporate_number)}</label>
                <input id="v-corporate" name="form[corporate_number]" type="text" inputmode="numeric" maxlength="20" value=f.corporate_number.clone() aria-describedby="v-corporate-hint" />
                <p class="hint" id="v-corporate-hint">{t!(i18n, corporate_hint)}</p>
            </div>
            {if editing.is_none() {
                view! {
                    <div class="field">
                        <label for="v-hub">{t!(i18n, field_hub)} <span class="req">{t!(i18n, required_mark)}</span></label>
                        <select id="v-hub" name="form[hub]" required>
                            <option value="">{t!(i18n, choose)}</option>
                            {hubs
                                .into_iter()
                                .map(|h| {
                                    let code = h.code.clone();
                                    view! { <option value=h.code>{move || format::hub(i18n.get_locale(), &code)}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
                    .into_any()
            } else {
                view! { <input type="hidden" name="form[hub]" value=f.hub.clone() /> }.into_any()
            }}
            <div class="field field--inline">
                <label for="v-founded">{t!(i18n, field_founded)}</label>
                <input id="v-founded" name="form[founded_on]" type="date" value=f.founded_on.clone() />
                <label for="v-located">{t!(i18n, field_located)}</label>
                <input id="v-located" name="form[located_on]" type="date" value=f.located_on.clone() />
            </div>
            <div class="field">
                <label for="v-origin">{t!(i18n, field_origin)}</label>
                <input id="v-origin" name="form[origin_institution]" type="text" maxlength="200" value=f.origin_institution.clone() />
            </div>
            <div class="field">
                <label for="v-modality">{t!(i18n, field_modality)} <span class="req">{t!(i18n, required_mark)}</span></label>
                <select id="v-modality" name="form[modality]" required>
                    <option value="">{t!(i18n, choose)}</option>
                    {Modality::ALL
                        .iter()
                        .map(|m| {
                            let code = m.as_str();
                            view! { <option value=code selected=f.modality == code>{move || format::modality(i18n.get_locale(), code)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="v-status">{t!(i18n, field_status)}</label>
                <select id="v-status" name="form[status]">
                    {VentureStatus::ALL
                        .iter()
                        .map(|s| {
                            let code = s.as_str();
                            let selected = f.status == code || (f.status.is_empty() && code == "active");
                            view! { <option value=code selected=selected>{move || format::venture_status(i18n.get_locale(), code)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="v-website">{t!(i18n, field_website)}</label>
                <input id="v-website" name="form[website]" type="url" maxlength="500" value=f.website.clone() />
            </div>
            <div class="field">
                <label for="v-summary">{t!(i18n, field_summary)}</label>
                <textarea id="v-summary" name="form[summary]" rows="4" maxlength="2000">{f.summary.clone()}</textarea>
            </div>
        }
    };
    view! {
        <div aria-live="polite">{move || error().map(|e| view! { <FormErrors error=e /> })}</div>
        {match editing {
            None => view! {
                <form class="venture-form" action=CreateVenture::url() method="post" on:submit=on_create>
                    {fields()}
                    <div class="actions">
                        <button type="submit" class="button" disabled=pending>{t!(i18n, venture_create_button)}</button>
                        <a href="/ventures">{t!(i18n, cancel)}</a>
                    </div>
                </form>
            }
                .into_any(),
            Some((id, version)) => view! {
                <form class="venture-form" action=UpdateVenture::url() method="post" on:submit=on_update>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    {fields()}
                    <div class="actions">
                        <button type="submit" class="button" disabled=pending>{t!(i18n, save_button)}</button>
                        <a href=format!("/ventures/{id}")>{t!(i18n, cancel)}</a>
                    </div>
                </form>
            }
                .into_any(),
        }}
    }
}

/// Archive the venture (staff and admins), after a confirmation step.
#[component]
pub fn ArchiveButton(id: Uuid, version: i32) -> impl IntoView {
    let i18n = use_i18n();
    let archive = ServerAction::<ArchiveVenture>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = archive.value().get() {
            navigate("/ventures", Default::default());
        }
    });
    view! {
        <details class="archive">
            <summary>{t!(i18n, archive_venture)}</summary>
            <p>{t!(i18n, archive_explain)}</p>
            {move || archive.value().get().and_then(|r| r.err()).map(|e| view! { <FormErrors error=e /> })}
            <ActionForm action=archive>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                <button type="submit" class="button button--danger">{t!(i18n, archive_confirm)}</button>
            </ActionForm>
        </details>
    }
}
