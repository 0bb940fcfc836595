//! The one API client, with its one error type [`ApiError`]: one function per remote operation
//! below, over the modules that do the work. `transport` makes one HTTP exchange (fetch, or
//! XMLHttpRequest for an upload's progress) and aborts it when its future is dropped; `client`
//! adds the base URL, token, retries and reads the answer into `Ok` or an `ApiError`, ending the
//! session on a 401 through a hook; `offline` keeps the device's copies of public reads;
//! `loaded` is the `Loaded` resource pattern; `config` is `/config.json`. Only this module
//! makes HTTP calls.

pub mod config;

mod client;
mod error;
mod loaded;
mod offline;
mod transport;

use yishi_contract::{
    Attachment, Case, CaseLookup, CaseState, CaseSummary, CodeRequest, CodeSent, FeedbackReceipt,
    LifeEvent, MatterGuide, NewApplication, NewFeedback, Page, Profile, PublicCase, Rating,
    RatingOptions, RatingSummary, Session, SignIn, SupplementUpload,
};

use client::{Options, decode, get, get_public, request, seg, send};
use offline::get_kept;

pub use client::{on_acting_ended, on_session_expired};
pub use error::ApiError;
pub use loaded::{Loaded, show_if_changed};
pub use offline::{cached_catalogue, catalogue};
pub use transport::new_idempotency_key;

// ---- the app's own files ----------------------------------------------------------------------

/// One of this build's string tables (`yishi_i18n::EN_FILE`, `ZH_PAGES_FILE`, beside the app's
/// other files), tried twice: a screen waits for it.
pub async fn words_file(file: &str) -> Option<String> {
    let path = format!("/{file}");
    for _ in 0..2 {
        if let Ok((200, text)) = transport::fetch_text(&path, 8_000).await {
            return Some(text);
        }
    }
    None
}

// ---- catalogue and guides ----------------------------------------------------------------------------

pub async fn event(id: &str) -> Result<LifeEvent, ApiError> {
    get_kept(&format!("/events/{}", seg(id))).await
}

pub async fn matter(id: &str) -> Result<MatterGuide, ApiError> {
    get_kept(&format!("/matters/{}", seg(id))).await
}

pub async fn rating_summary(matter_id: &str) -> Result<RatingSummary, ApiError> {
    get_public(&format!("/matters/{}/rating-summary", seg(matter_id))).await
}

pub async fn feedback(body: &NewFeedback) -> Result<FeedbackReceipt, ApiError> {
    send("POST", "/feedback", Some(body), None).await
}

// ---- session ---------------------------------------------------------------------------------

pub async fn request_code(phone: &str) -> Result<CodeSent, ApiError> {
    send(
        "POST",
        "/session/code",
        Some(&CodeRequest {
            phone: phone.into(),
        }),
        None,
    )
    .await
}

pub async fn sign_in(body: &SignIn) -> Result<Session, ApiError> {
    send("POST", "/session", Some(body), None).await
}

pub async fn current_session() -> Result<Session, ApiError> {
    get("/session").await
}

/// The session a token that is not (yet) this tab's belongs to: whose account a host wants to
/// hand over.
pub async fn session_of(token: &str) -> Result<Session, ApiError> {
    let answer = request(
        "GET",
        "/session",
        Options {
            retries: 2,
            token: Some(token),
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

pub async fn sign_out() -> Result<(), ApiError> {
    request("DELETE", "/session", Options::default())
        .await
        .map(|_| ())
}

// ---- acting for family (代办) -------------------------------------------------------------------

/// Chooses whom the session acts for: `{}` myself, a family member or a business.
pub async fn choose_subject(choice: &yishi_contract::SubjectChoice) -> Result<Session, ApiError> {
    send("PUT", "/session/subject", Some(choice), None).await
}

/// The person's authorisations; `None` when the backend does not offer 代办.
pub async fn authorisations() -> Result<Option<yishi_contract::AuthorisationList>, ApiError> {
    match get("/authorisations").await {
        Ok(list) => Ok(Some(list)),
        Err(e) if e.not_offered() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Asks a family member to authorise me (asking again answers the pending request).
pub async fn request_authorisation(
    body: &yishi_contract::NewAuthorisation,
) -> Result<yishi_contract::Authorisation, ApiError> {
    send("POST", "/authorisations", Some(body), None).await
}

/// Confirms (`confirm`) or ends (`end`) an authorisation; both are safe to repeat.
pub async fn settle_authorisation(
    id: &str,
    action: &str,
) -> Result<yishi_contract::Authorisation, ApiError> {
    send::<(), _>(
        "POST",
        &format!("/authorisations/{}/{action}", seg(id)),
        None,
        None,
    )
    .await
}

/// Who acted for me, and what they did.
pub async fn acts() -> Result<yishi_contract::ActList, ApiError> {
    get("/authorisations/acts").await
}

// ---- cases -----------------------------------------------------------------------------------

pub async fn cases(
    state: Option<CaseState>,
    cursor: Option<&str>,
) -> Result<Page<CaseSummary>, ApiError> {
    let mut query = Vec::new();
    if let Some(state) = state
        .map(crate::format::case_state_param)
        .filter(|s| !s.is_empty())
    {
        query.push(format!("state={state}"));
    }
    if let Some(cursor) = cursor {
        query.push(format!("cursor={}", seg(cursor)));
    }
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    get(&format!("/cases{query}")).await
}

fn case_path(id: &str) -> String {
    format!("/cases/{}", seg(id))
}

pub async fn case(id: &str) -> Result<Case, ApiError> {
    get(&case_path(id)).await
}

/// The case page's reads ([`case`], [`ratings`]), sent by the route as soon as a link to the
/// case is opened, while the page's chunk is still loading; the page's reads take their answers.
pub fn read_case_ahead(id: &str) {
    client::read_ahead(&case_path(id), false);
    client::read_ahead(RATINGS_PATH, false);
}

/// The rate page's reads ([`case`], [`rating_options`]), sent like [`read_case_ahead`]: an
/// invitation to rate (好差评) comes as a link in a message.
pub fn read_rate_ahead(case_id: &str) {
    client::read_ahead(&case_path(case_id), false);
    client::read_ahead(RATING_OPTIONS_PATH, true);
}

pub async fn withdraw(id: &str) -> Result<Case, ApiError> {
    send::<(), _>("POST", &format!("/cases/{}/withdraw", seg(id)), None, None).await
}

pub async fn lookup(body: &CaseLookup) -> Result<PublicCase, ApiError> {
    send("POST", "/cases/lookup", Some(body), None).await
}

// ---- ratings ---------------------------------------------------------------------------------

const RATING_OPTIONS_PATH: &str = "/rating-options";

pub async fn rating_options() -> Result<RatingOptions, ApiError> {
    get_public(RATING_OPTIONS_PATH).await
}

/// What the outbox reads of what it delivered: the backend's id. The rest of a `Rating` or a
/// `Message` is read by their pages, in their chunks, so those decoders are not in the shell.
#[derive(yishi_json::FromJson)]
pub struct Created {
    pub id: String,
}

/// Sends a rating stored as JSON (from the outbox), with its original Idempotency-Key; the new
/// rating's id.
pub async fn create_rating_raw(body: &str, idempotency_key: &str) -> Result<Created, ApiError> {
    let options = Options {
        body: Some(body.to_string()),
        idempotency_key: Some(idempotency_key),
        retries: 2,
        ..Default::default()
    };
    let answer = request("POST", "/ratings", options).await?;
    decode(&answer)
}

pub async fn callback(
    rating_id: &str,
    body: &yishi_contract::CallbackAnswer,
) -> Result<Rating, ApiError> {
    send(
        "POST",
        &format!("/ratings/{}/callback", seg(rating_id)),
        Some(body),
        None,
    )
    .await
}

const RATINGS_PATH: &str = "/ratings";

pub async fn ratings() -> Result<Page<Rating>, ApiError> {
    get(RATINGS_PATH).await
}

pub async fn rating(id: &str) -> Result<Rating, ApiError> {
    get(&format!("/ratings/{}", seg(id))).await
}

// ---- applications (一表申请) ---------------------------------------------------------------------

pub async fn profile() -> Result<Profile, ApiError> {
    get("/profile").await
}

pub async fn submit_application(
    body: &NewApplication,
    idempotency_key: &str,
) -> Result<Case, ApiError> {
    send("POST", "/applications", Some(body), Some(idempotency_key)).await
}

pub async fn supply(case_id: &str, body: &SupplementUpload) -> Result<Case, ApiError> {
    send(
        "POST",
        &format!("/cases/{}/supplement", seg(case_id)),
        Some(body),
        None,
    )
    .await
}

/// Uploads a file for an application, reporting progress (0.0–1.0) as it goes. Dropping the
/// future aborts the upload.
pub async fn upload(
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Attachment, ApiError> {
    decode(&client::upload(file, on_progress).await?)
}

// ---- suggestions (下一步) -----------------------------------------------------------------------

/// What the backend suggests the signed-in subject does next; `None` when it does not offer
/// suggestions (404 or 501), so the page shows none.
pub async fn suggestions() -> Result<Option<yishi_contract::SuggestionList>, ApiError> {
    match get("/suggestions").await {
        Ok(list) => Ok(Some(list)),
        Err(e) if e.not_offered() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Dismissing is safe to repeat, so it is retried like a read.
pub async fn dismiss_suggestion(id: &str) -> Result<(), ApiError> {
    request(
        "POST",
        &format!("/suggestions/{}/dismiss", seg(id)),
        Options {
            retries: 2,
            ..Default::default()
        },
    )
    .await
    .map(|_| ())
}

// ---- messages (消息中心) ----------------------------------------------------------------------

/// What the shell reads of the inbox's first page: the unread count for the top bar. The
/// messages themselves are decoded by the inbox page, in its chunk, so their decoder is not in
/// the app shell.
#[derive(yishi_json::FromJson)]
pub struct InboxHead {
    pub unread: u32,
}

/// What a poll of the inbox found.
pub enum InboxPoll {
    /// The first page changed: its unread count, its body (kept on the device as it came) and
    /// its `ETag`.
    Changed {
        unread: u32,
        body: String,
        etag: Option<String>,
    },
    /// The copy the device holds is current (304).
    NotModified,
    /// The backend does not offer messages (404 or 501): hide the inbox until the next start.
    NotOffered,
}

/// The first page of the inbox, revalidated with the `ETag` of the copy the device holds.
/// One attempt: the next poll is the retry.
pub async fn messages(if_none_match: Option<&str>) -> Result<InboxPoll, ApiError> {
    let path = format!("/messages?limit={}", yishi_core::inbox::PAGE_SIZE);
    let options = Options {
        if_none_match,
        ..Default::default()
    };
    match request("GET", &path, options).await {
        Ok(answer) if answer.status == 304 => Ok(InboxPoll::NotModified),
        Ok(answer) => {
            let head: InboxHead = decode(&answer)?;
            Ok(InboxPoll::Changed {
                unread: head.unread,
                etag: answer.etag,
                body: answer.body,
            })
        }
        Err(e) if e.not_offered() => Ok(InboxPoll::NotOffered),
        Err(e) => Err(e),
    }
}

/// An older page of the inbox (not kept on the device).
pub async fn messages_after(cursor: &str) -> Result<yishi_contract::MessagePage, ApiError> {
    get(&format!(
        "/messages?limit={}&cursor={}",
        yishi_core::inbox::PAGE_SIZE,
        seg(cursor)
    ))
    .await
}

/// Marking read is safe to repeat, so it is retried like a read.
pub async fn mark_message_read(id: &str) -> Result<Created, ApiError> {
    let answer = request(
        "POST",
        &format!("/messages/{}/read", seg(id)),
        Options {
            retries: 2,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

pub async fn mark_all_messages_read(
    up_to: Option<String>,
) -> Result<yishi_contract::InboxCount, ApiError> {
    let body = serde_json::to_string(&yishi_contract::ReadAll { up_to })
        .map_err(|_| ApiError::Malformed)?;
    let answer = request(
        "POST",
        "/messages/read-all",
        Options {
            body: Some(body),
            retries: 2,
            ..Default::default()
        },
    )
    .await?;
    decode(&answer)
}

// ---- licences (我的证照) -------------------------------------------------------------------------

/// What asking for the subject's licences found.
pub enum LicencesAnswer {
    /// The list, and its body as it came (kept on the device).
    Found(yishi_contract::LicenceList, String),
    /// The backend does not offer licences (404 or 501): the app hides them until the next start.
    NotOffered,
}

/// The subject's licences.
pub async fn licences() -> Result<LicencesAnswer, ApiError> {
    let options = Options {
        retries: 2,
        ..Default::default()
    };
    match request("GET", "/licences", options).await {
        Ok(answer) => Ok(LicencesAnswer::Found(decode(&answer)?, answer.body)),
        Err(e) if e.not_offered() => Ok(LicencesAnswer::NotOffered),
        Err(e) => Err(e),
    }
}

/// A new verification code (用证码) for one of the subject's licences. Never retried: each
/// call ends the previous code, and the citizen asks again with the refresh button.
pub async fn licence_code(id: &str) -> Result<yishi_contract::LicenceCode, ApiError> {
    let answer = request(
        "POST",
        &format!("/licences/{}/code", seg(id)),
        Options::default(),
    )
    .await?;
    decode(&answer)
}

/// Who used the subject's licences (用证记录); `None` when the backend keeps no such record.
pub async fn licence_uses() -> Result<Option<yishi_contract::LicenceUseList>, ApiError> {
    match get("/licences/uses").await {
        Ok(list) => Ok(Some(list)),
        Err(e) if e.not_offered() => Ok(None),
        Err(e) => Err(e),
    }
}

// ---- appointments (预约办理) --------------------------------------------------------------------

/// The bookable days and slots of an office for a matter (public; places change: never kept).
pub async fn office_slots(
    office_id: &str,
    matter_id: &str,
) -> Result<yishi_contract::OfficeSlots, ApiError> {
    get_public(&format!(
        "/offices/{}/slots?matter={}",
        seg(office_id),
        seg(matter_id)
    ))
    .await
}

/// Books a place; the key makes a double tap or a retry book once.
pub async fn book_appointment(
    body: &yishi_contract::NewAppointment,
    idempotency_key: &str,
) -> Result<yishi_contract::Appointment, ApiError> {
    send("POST", "/appointments", Some(body), Some(idempotency_key)).await
}

pub async fn appointments() -> Result<yishi_contract::AppointmentList, ApiError> {
    get("/appointments").await
}

/// Cancelling is safe to repeat (a cancelled appointment answers the same).
pub async fn cancel_appointment(id: &str) -> Result<yishi_contract::Appointment, ApiError> {
    send::<(), _>(
        "POST",
        &format!("/appointments/{}/cancel", seg(id)),
        None,
        None,
    )
    .await
}

/// 改约: moves an appointment to another slot; the key makes a double tap or a retry move once.
/// A backend that does not move appointments answers 404/501 (`ApiError::not_offered`).
pub async fn move_appointment(
    id: &str,
    body: &yishi_contract::MoveAppointment,
    idempotency_key: &str,
) -> Result<yishi_contract::Appointment, ApiError> {
    send(
        "POST",
        &format!("/appointments/{}/move", seg(id)),
        Some(body),
        Some(idempotency_key),
    )
    .await
}

/// 取号: the appointment's queue number with the queue as it is now (safe to repeat: the same
/// number, fresh counts).
pub async fn take_ticket(appointment_id: &str) -> Result<yishi_contract::QueueTicket, ApiError> {
    send::<(), _>(
        "POST",
        &format!("/appointments/{}/ticket", seg(appointment_id)),
        None,
        None,
    )
    .await
}
