//! 消息中心 on the client: what a poll's answer means, what a message links to, and how reading
//! changes the copy kept on the device, so the badge and the list agree before the backend's
//! next answer.

use yishi_contract::{Message, MessagePage};

/// How often the app asks while the page is visible and focused events do not come (seconds).
/// Polls cost a 304 without a body while nothing changes; a minute keeps a case's news timely
/// without waking the radio of a phone much.
pub const POLL_SECONDS: u32 = 60;

/// How many messages one poll asks for (the first page, kept on the device).
pub const PAGE_SIZE: u32 = 30;

/// A status that says the backend does not offer an optional capability at all (messages,
/// suggestions: an unknown path, or "not implemented"), as opposed to a failure worth trying
/// again.
pub fn not_offered(status: u16) -> bool {
    status == 404 || status == 501
}

/// What the badge in the top bar shows; nothing when there is nothing unread.
pub fn badge(unread: u32) -> Option<String> {
    match unread {
        0 => None,
        1..=99 => Some(unread.to_string()),
        _ => Some("99+".into()),
    }
}

/// Where a message leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The case page.
    Case(String),
    /// The rating page (a reply to a bad rating, where the call-back is answered).
    Rating(String),
    /// My appointments (an appointment's confirmation or reminder).
    Appointments,
    /// Nothing to open (a notice).
    None,
}

pub fn target(m: &Message) -> Target {
    match (&m.rating_id, &m.case_id) {
        (Some(r), _) if !r.is_empty() => Target::Rating(r.clone()),
        (_, Some(c)) if !c.is_empty() => Target::Case(c.clone()),
        _ if m.appointment_id.as_deref().is_some_and(|a| !a.is_empty()) => Target::Appointments,
        _ => Target::None,
    }
}

/// Marks `id` read in the kept page; `true` when it was unread (the count went down).
pub fn mark_read(page: &mut MessagePage, id: &str) -> bool {
    match page.items.iter_mut().find(|m| m.id == id && !m.read) {
        Some(m) => {
            m.read = true;
            page.unread = page.unread.saturating_sub(1);
            true
        }
        None => false,
    }
}

/// Marks everything up to the newest message shown read, and returns its id (the `up_to` of
/// `POST /messages/read-all`), or `None` when nothing is shown. Everything older than the
/// newest shown is covered, so nothing stays unread.
pub fn mark_all_read(page: &mut MessagePage) -> Option<String> {
    let newest = page.items.first()?.id.clone();
    for m in &mut page.items {
        m.read = true;
    }
    page.unread = 0;
    Some(newest)
}

#[cfg(test)]
mod tests {
    use yishi_contract::{MessageKind, Text, Timestamp};

    use super::*;

    fn message(id: &str, read: bool) -> Message {
        Message {
            id: id.into(),
            kind: MessageKind::Accepted,
            title: Text::new("已受理", "Accepted"),
            body: None,
            created_at: Timestamp(0),
            read,
            case_id: Some(format!("c-{id}")),
            case_number: None,
            rating_id: None,
            appointment_id: None,
            due_on: None,
            delivery: None,
        }
    }

    fn page(items: Vec<Message>, unread: u32) -> MessagePage {
        MessagePage {
            items,
            unread,
            next_cursor: None,
        }
    }

    #[test]
    fn reading_one_counts_once() {
        let mut p = page(vec![message("a", false), message("b", true)], 5);
        assert!(mark_read(&mut p, "a"));
        assert_eq!(p.unread, 4);
        assert!(!mark_read(&mut p, "a"), "a second read changes nothing");
        assert!(!mark_read(&mut p, "b"));
        assert!(!mark_read(&mut p, "nope"));
        assert_eq!(p.unread, 4);
        let mut zero = page(vec![message("a", false)], 0);
        assert!(mark_read(&mut zero, "a"));
        assert_eq!(zero.unread, 0, "never below zero");
    }

    #[test]
    fn reading_all_goes_up_to_the_newest_shown() {
        let mut p = page(vec![message("new", false), message("old", false)], 7);
        assert_eq!(mark_all_read(&mut p).as_deref(), Some("new"));
        assert!(p.items.iter().all(|m| m.read));
        assert_eq!(p.unread, 0);
        assert_eq!(mark_all_read(&mut page(vec![], 3)), None);
    }

    #[test]
    fn a_reply_to_a_rating_opens_the_rating_else_the_case() {
        let mut m = message("a", false);
        assert_eq!(target(&m), Target::Case("c-a".into()));
        m.rating_id = Some("r-1".into());
        assert_eq!(target(&m), Target::Rating("r-1".into()));
        m.rating_id = None;
        m.case_id = Some(String::new());
        assert_eq!(target(&m), Target::None);
        m.appointment_id = Some("a-1".into());
        assert_eq!(target(&m), Target::Appointments);
    }

    #[test]
    fn badges_and_what_not_offered_means() {
        assert_eq!(badge(0), None);
        assert_eq!(badge(3).as_deref(), Some("3"));
        assert_eq!(badge(99).as_deref(), Some("99"));
        assert_eq!(badge(100).as_deref(), Some("99+"));
        assert!(not_offered(404) && not_offered(501));
        for transient in [500, 502, 503, 429, 401] {
            assert!(!not_offered(transient), "{transient}");
        }
    }
}
