//! Feedback (意见反馈): a search that found nothing, an error in a guide, anything else. Checked
//! by core's rules ([`yishi_core::feedback`], the same as the app's form) and kept for the
//! office to read; signed-in feedback records who sent it, anonymous feedback does not.

use rusqlite::{Connection, params};
use yishi_contract::{FeedbackReceipt, NewFeedback, OpenEnum, Timestamp};
use yishi_core::feedback::{trimmed, validate};

use crate::auth::new_id;
use crate::catalogue::Catalogue;
use crate::error::ApiResult;

/// Checks `fb` (422 `validation` with every problem) and stores it, texts trimmed.
/// `person_id` is the sender when signed in.
pub fn create(
    conn: &Connection,
    catalogue: &Catalogue,
    fb: &NewFeedback,
    person_id: Option<&str>,
    now: Timestamp,
) -> ApiResult<FeedbackReceipt> {
    validate(fb, &|m| catalogue.matters.contains_key(m)).into_result()?;
    let id = new_id("fb");
    conn.execute(
        "INSERT INTO feedback (id, kind, query, matter_id, text, contact, person_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            fb.kind.as_str(),
            trimmed(fb.query.as_deref()),
            fb.matter_id,
            fb.text.trim(),
            trimmed(fb.contact.as_deref()),
            person_id,
            now.0
        ],
    )?;
    Ok(FeedbackReceipt { id })
}
