//! A program's or venture's stage as a compact badge.

use leptos::prelude::*;

use crate::domain::stage::Stage;
use crate::format;
use crate::i18n::*;

#[component]
pub fn StageBadge(stage: Option<Stage>) -> impl IntoView {
    let i18n = use_i18n();
    let class = match stage {
        Some(s) => format!("badge badge--stage badge--{}", s.as_str()),
        None => "badge badge--none".to_string(),
    };
    view! {
        <span class=class>
            {move || match stage {
                Some(s) => format::stage(i18n.get_locale(), s).to_string(),
                None => t_string!(i18n, stage_none).to_string(),
            }}
        </span>
    }
}
