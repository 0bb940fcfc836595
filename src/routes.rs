//! The addresses of the app: the functions that build a link to each page (the route table
//! that maps them to pages is `pages::AppRoutes`, kept beside the pages so that this module,
//! which every page and component uses, depends on none of them). Paths are ASCII (Chinese
//! characters in paths give white screens in iOS web-views).

use yishi_contract::{LifeEvent, Question};
use yishi_core::conditions::Answers;

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub const HOME: &str = "/";
pub const CASES: &str = "/cases";
pub const LOOKUP: &str = "/lookup";
pub const SETTINGS: &str = "/settings";
pub const PRIVACY: &str = "/privacy";
/// 消息中心
pub const MESSAGES: &str = "/messages";
/// 我的证照
pub const LICENCES: &str = "/licences";

/// One licence, shown at a counter with its code (亮证).
pub fn licence(id: &str) -> String {
    format!("/licences/{}", encode(id))
}
/// 我的预约
pub const APPOINTMENTS: &str = "/appointments";
/// 代办与授权: whom the session acts for, authorisations, who acted for me.
pub const FAMILY: &str = "/family";

/// The search results page; its query is `q` (the search form submits to it without scripts).
pub const SEARCH: &str = "/search";

pub fn search(query: &str) -> String {
    format!("{SEARCH}?q={}", encode(query))
}

pub fn event(id: &str) -> String {
    format!("/events/{}", encode(id))
}

pub fn apply(event_id: &str) -> String {
    format!("/events/{}/apply", encode(event_id))
}

/// Where on a life event's page the citizen is: a situational question, or the plan.
#[derive(Clone, Copy, PartialEq)]
pub enum EventScreen {
    /// The n-th visible question.
    Question(usize),
    /// The plan for the answers so far.
    Plan,
}

/// A life event's page with the citizen's situational answers in its query (a reload, the back
/// button or a shared link shows the same), at `screen`. The one place such a link is built.
pub fn event_with_answers(
    event: &LifeEvent,
    answers: &Answers,
    screen: Option<EventScreen>,
) -> String {
    let screen = screen.map(|s| match s {
        EventScreen::Plan => "view=plan".to_string(),
        EventScreen::Question(n) => format!("q={n}"),
    });
    with_answers(
        self::event(&event.card.id),
        &event.questions,
        answers,
        screen,
    )
}

/// The event's combined form (一表申请) for these answers; `check`: its check-your-answers step.
pub fn apply_with_answers(event: &LifeEvent, answers: &Answers, check: bool) -> String {
    let view = check.then(|| "view=check".to_string());
    with_answers(apply(&event.card.id), &event.questions, answers, view)
}

fn with_answers(
    path: String,
    questions: &[Question],
    answers: &Answers,
    extra: Option<String>,
) -> String {
    let query: Vec<String> = yishi_core::answers::to_query(questions, answers)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .chain(extra)
        .collect();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

pub fn matter(id: &str) -> String {
    format!("/matters/{}", encode(id))
}

pub fn case(id: &str) -> String {
    format!("/cases/{}", encode(id))
}

/// 预约办理: booking a visit for a matter, at an office and for a case when given.
pub fn book(matter_id: &str, office_id: Option<&str>, case_id: Option<&str>) -> String {
    let mut path = format!("/matters/{}/book", encode(matter_id));
    let query: Vec<String> = [("office", office_id), ("case", case_id)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v))))
        .collect();
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    path
}

/// 改约: the booking page choosing a new slot for the appointment `appointment_id`.
pub fn reschedule(matter_id: &str, office_id: &str, appointment_id: &str) -> String {
    format!(
        "{}&move={}",
        book(matter_id, Some(office_id), None),
        encode(appointment_id)
    )
}

pub const RATINGS: &str = "/ratings";

pub fn rating(id: &str) -> String {
    format!("/ratings/{}", encode(id))
}

pub fn rate(case_id: &str, stage: &str) -> String {
    format!("/cases/{}/rate?stage={}", encode(case_id), encode(stage))
}

/// The current address as a same-origin path to come back to: the router's `search` has no
/// leading `?`, so it is put back here (dropping it turned `/apply?a.x=1` into `/applya.x=1`).
pub fn here(pathname: &str, search: &str) -> String {
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        pathname.to_string()
    } else {
        format!("{pathname}?{search}")
    }
}

/// The sign-in page, returning to `next` (a same-origin path) afterwards.
pub fn sign_in(next: Option<&str>) -> String {
    match next {
        Some(next) => format!("/sign-in?next={}", encode(next)),
        None => "/sign-in".into(),
    }
}

/// Where sign-in returns to: `next` when it is a path on this origin as a browser would parse
/// it (`yishi_core::redirect`: no `/\t/host`, `/\\host` or encoded tricks), else my cases.
pub fn safe_next(next: Option<String>) -> String {
    next.as_deref()
        .and_then(yishi_core::redirect::same_origin_path)
        .unwrap_or_else(|| CASES.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_origin_paths_are_followed_after_sign_in() {
        let next = |s: &str| safe_next(Some(s.into()));
        assert_eq!(next("/cases/case-lj10000102"), "/cases/case-lj10000102");
        assert_eq!(next("/events/ev-newborn?q=1#x"), "/events/ev-newborn?q=1#x");
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "cases",
            "",
        ] {
            assert_eq!(next(hostile), CASES, "{hostile}");
        }
        assert_eq!(safe_next(None), CASES);
        assert_eq!(sign_in(None), "/sign-in");
    }
}
