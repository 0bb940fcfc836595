//! Feedback (意见反馈: a search that found nothing, an error in a guide): what a valid
//! `NewFeedback` is, the same in the app's form and the server's 422.

use yishi_contract::{FeedbackKind, NewFeedback, field_codes};

use crate::field_errors::FieldErrors;

/// The longest feedback text, in characters. The app's form and every backend keep to it
/// (`NewFeedback.text` in the contract).
pub const TEXT_MAX_CHARS: usize = 500;
/// The longest search words sent with a `search_miss`, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// The longest contact (a phone number or an e-mail address), in characters.
pub const CONTACT_MAX_CHARS: usize = 100;

/// Every problem with `fb` (empty when valid). `matter_known` says whether a matter id is in
/// the catalogue. Texts are measured trimmed, in characters.
pub fn validate(fb: &NewFeedback, matter_known: &dyn Fn(&str) -> bool) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if fb.kind == FeedbackKind::Unknown {
        errors.add("/kind", field_codes::INVALID);
    }
    let text = fb.text.trim();
    if text.is_empty() {
        errors.add("/text", field_codes::REQUIRED);
    } else if text.chars().count() > TEXT_MAX_CHARS {
        errors.add("/text", field_codes::TOO_LONG);
    }
    let query = trimmed(fb.query.as_deref());
    if fb.kind == FeedbackKind::SearchMiss && query.is_none() {
        errors.add("/query", field_codes::REQUIRED);
    }
    if query.is_some_and(|q| q.chars().count() > QUERY_MAX_CHARS) {
        errors.add("/query", field_codes::TOO_LONG);
    }
    match fb.matter_id.as_deref() {
        None if fb.kind == FeedbackKind::GuideError => {
            errors.add("/matter_id", field_codes::REQUIRED)
        }
        Some(m) if !matter_known(m) => errors.add("/matter_id", field_codes::INVALID),
        _ => {}
    }
    if trimmed(fb.contact.as_deref()).is_some_and(|c| c.chars().count() > CONTACT_MAX_CHARS) {
        errors.add("/contact", field_codes::TOO_LONG);
    }
    errors
}

/// `s` trimmed, `None` when absent or blank.
pub fn trimmed(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fb(kind: FeedbackKind, text: &str) -> NewFeedback {
        NewFeedback {
            kind,
            query: None,
            matter_id: None,
            text: text.into(),
            contact: None,
        }
    }

    fn codes(f: &NewFeedback) -> Vec<(String, String)> {
        validate(f, &|m| m == "m-known")
            .into_iter()
            .map(|e| (e.pointer, e.code))
            .collect()
    }

    #[test]
    fn each_kind_needs_what_it_is_about() {
        assert!(codes(&fb(FeedbackKind::Other, "页面很好用")).is_empty());
        assert_eq!(
            codes(&fb(FeedbackKind::GuideError, " ")),
            [
                ("/text".into(), "required".into()),
                ("/matter_id".into(), "required".into())
            ]
        );
        let mut miss = fb(FeedbackKind::SearchMiss, "搜不到");
        miss.query = Some("  ".into());
        assert_eq!(codes(&miss), [("/query".into(), "required".into())]);
        let mut guide = fb(FeedbackKind::GuideError, "材料写错了");
        guide.matter_id = Some("m-gone".into());
        assert_eq!(codes(&guide), [("/matter_id".into(), "invalid".into())]);
        guide.matter_id = Some("m-known".into());
        assert!(codes(&guide).is_empty());
        assert_eq!(
            codes(&fb(FeedbackKind::Unknown, "x")),
            [("/kind".into(), "invalid".into())]
        );
    }

    #[test]
    fn lengths_are_counted_in_characters_after_trimming() {
        let at_limit = format!("  {}  ", "字".repeat(TEXT_MAX_CHARS));
        assert!(codes(&fb(FeedbackKind::Other, &at_limit)).is_empty());
        let over = "字".repeat(TEXT_MAX_CHARS + 1);
        assert_eq!(
            codes(&fb(FeedbackKind::Other, &over)),
            [("/text".into(), "too_long".into())]
        );
        let mut f = fb(FeedbackKind::SearchMiss, "搜不到");
        f.query = Some("查".repeat(QUERY_MAX_CHARS + 1));
        f.contact = Some("1".repeat(CONTACT_MAX_CHARS + 1));
        assert_eq!(
            codes(&f),
            [
                ("/query".into(), "too_long".into()),
                ("/contact".into(), "too_long".into())
            ]
        );
    }
}
