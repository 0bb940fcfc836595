//! The query code (查询码) of a case, as the acceptance receipt shows it: with the case number,
//! it lets whoever holds the receipt follow the case and rate it without signing in, so it is
//! shown to the applicant with a word on keeping it.

use leptos::prelude::*;

use crate::i18n::{Key, t};

#[component]
pub fn QueryCode(code: Option<String>) -> impl IntoView {
    code.map(|code| {
        let code = yishi_core::lookup::format_query_code(&code);
        view! {
            <div class="ys-receipt">
                <p>{t(Key::QueryCodeLabel)}{t(Key::Colon)}<strong class="ys-query-code" translate="no">{code}</strong></p>
                <p class="ys-muted">{t(Key::QueryCodeNote)}</p>
            </div>
        }
    })
}
