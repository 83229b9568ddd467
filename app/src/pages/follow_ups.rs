//! `/follow-ups`: 私のフォローアップ — the signed-in coordinator's open follow-ups, overdue ones
//! first (dated before today in Japan) and marked, then by date, each with its "done" form; the
//! recently done ones below.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::support::{get_my_follow_ups, MyFollowUps};
use crate::components::error_view::ErrorView;
use crate::components::support_log::{provide_support_context, Show, SupportList};
use crate::i18n::*;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let i18n = use_i18n();
    let refresh = RwSignal::new(0u32);
    provide_support_context(refresh);
    let data = Resource::new(move || refresh.get(), |_| get_my_follow_ups());
    view! {
        <Title text=tu_string!(i18n, rink.follow_ups_title) />
        <section class="follow-ups" data-testid="follow-ups">
            <h1>{t!(i18n, rink.follow_ups_title)}</h1>
            <p class="lead">{t!(i18n, rink.follow_ups_lead)}</p>
            <Transition fallback=move || view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(f) => view! { <FollowUpsView f /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FollowUpsView(f: MyFollowUps) -> impl IntoView {
    let i18n = use_i18n();
    let today = f.today;
    let overdue = f.open.iter().filter(|s| s.overdue).count();
    let open = f.open.len();
    let show = Show {
        venture: true,
        group: true,
    };
    view! {
        <p class="follow-ups__counts" role="status" data-testid="follow-up-counts">
            {move || td_string!(i18n.get_locale(), rink.follow_ups_counts, open = open, overdue = overdue).to_string()}
        </p>
        <section aria-labelledby="h-open" data-testid="open-follow-ups">
            <h2 id="h-open">{t!(i18n, rink.open_heading)}</h2>
            {if f.open.is_empty() {
                view! { <p>{t!(i18n, rink.none_open)}</p> }.into_any()
            } else {
                view! { <SupportList rows=f.open.clone() today show /> }.into_any()
            }}
        </section>
        <section aria-labelledby="h-done" data-testid="done-follow-ups">
            <h2 id="h-done">{t!(i18n, rink.done_heading)}</h2>
            {if f.done.is_empty() {
                view! { <p>{t!(i18n, rink.none_done)}</p> }.into_any()
            } else {
                view! { <SupportList rows=f.done.clone() today show /> }.into_any()
            }}
        </section>
    }
    .into_any()
}
