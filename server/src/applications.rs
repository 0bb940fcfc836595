//! 一表申请 and what it needs: the subject's profile (for prefilling), attachments (files
//! checked by their content), and the submission of an event's combined form, which becomes one
//! case with a member per applicable matter. The rules of the form are `yishi_core::form`'s, the
//! same the app runs; this module only adds what needs the database.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use yishi_contract::{
    Attachment, FieldKind, FormField, Licence, LicenceUsePurpose, LifeEvent, NewApplication,
    Profile, Text, Timestamp, codes, field_codes,
};
use yishi_core::conditions::{effective_answers, unanswered_questions, validate_answer};
use yishi_core::field_errors::FieldErrors;
use yishi_core::form::{validate_form, visible_fields};
use yishi_core::plan::plan;
use yishi_core::wallet::field_accepts;

use crate::auth::{AuthSubject, new_id};
use crate::cases::{
    self, CaseRow, NewCase, insert_case_rows, next_case_number, owns_attachment, to_json,
};
use crate::catalogue::Catalogue;
use crate::error::{ApiError, ApiResult};
use crate::pattern::regex_full_match;

// ---------------------------------------------------------------- profile

/// `GET /profile`: the person's own data, and the business's when acting for one.
/// Acting for a family member, theirs — with the agent's number when they have none of their
/// own (a child), since that is where the office will call.
pub fn profile(conn: &Connection, who: &AuthSubject) -> ApiResult<Profile> {
    let (person_id, name, phone) = match &who.acting_for_person {
        Some(p) => (
            &p.person_id,
            p.name.clone(),
            p.phone.clone().unwrap_or_else(|| who.phone.clone()),
        ),
        None => (&who.person_id, who.person_name.clone(), who.phone.clone()),
    };
    let (resident_id, address): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT resident_id, address FROM profiles WHERE person_id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default();
    Ok(Profile {
        name,
        resident_id,
        phone: Some(phone),
        address,
        business_name: who.acting_for.as_ref().map(|b| b.name.clone()),
        credit_code: who.acting_for.as_ref().map(|b| b.credit_code.clone()),
    })
}

/// Records (or replaces) what the backend holds about a person.
pub fn store_profile(
    conn: &Connection,
    person_id: &str,
    resident_id: Option<&str>,
    address: Option<&str>,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO profiles (person_id, resident_id, address) VALUES (?1, ?2, ?3)
         ON CONFLICT(person_id) DO UPDATE SET resident_id = excluded.resident_id, address = excluded.address",
        params![person_id, resident_id, address],
    )?;
    Ok(())
}

// ---------------------------------------------------------------- attachments

/// The largest attachment accepted: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// The longest file name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// The type of a file by its first bytes (its "magic number"), never by what the client
/// claims: PDF, JPEG or PNG; anything else is `None`.
pub fn detect_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// The extensions a file of `content_type` may have; the first is the one given to a name
/// that has none of them.
fn extensions(content_type: &str) -> &'static [&'static str] {
    match content_type {
        "application/pdf" => &["pdf"],
        "image/jpeg" => &["jpg", "jpeg", "jpe"],
        _ => &["png"],
    }
}

fn extension(content_type: &str) -> &'static str {
    extensions(content_type)[0]
}

/// Characters a stored name never keeps: controls, and the invisible format characters that
/// change how a name reads — bidirectional embeddings, overrides and isolates (U+202E shows
/// `photo\u{202E}gpj.exe` as `photoexe.jpg`), direction marks, zero-width characters, the
/// byte-order mark, soft hyphens and tag characters.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// Characters that cannot be part of a file name on a citizen's or an office's computer
/// (Windows refuses them), replaced by `_`.
fn unsafe_in_names(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
}

/// Decodes `%XX` escapes (RFC 3986) into bytes; `None` when an escape is malformed.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Encodes everything but RFC 3986's unreserved characters as `%XX`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The name kept for a file from its `X-File-Name` header (percent-encoded UTF-8), safe to show
/// and to save: directories dropped; control and invisible formatting characters removed (no
/// bidirectional overrides); characters Windows refuses replaced by `_`; leading and trailing
/// spaces and dots trimmed; and exactly one extension, one that fits the detected type. Any
/// other dot becomes `_`, so `scan.html` sent as a PDF is kept as `scan_html.pdf` and
/// `photo.exe.png` as `photo_exe.png`. Absent or empty: `附件.<ext>`. Malformed or longer than
/// [`MAX_FILE_NAME_CHARS`]: 400.
pub fn file_name(header: Option<&str>, content_type: &str) -> ApiResult<String> {
    let bad = || ApiError::bad_request("X-File-Name must be percent-encoded UTF-8");
    let decoded = match header {
        None => String::new(),
        Some(h) => {
            String::from_utf8(percent_decode(h.trim()).ok_or_else(bad)?).map_err(|_| bad())?
        }
    };
    // A name, not a path: keep what follows the last separator.
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base
        .chars()
        .filter(|&c| !invisible(c))
        .map(|c| if unsafe_in_names(c) { '_' } else { c })
        .collect();
    let name = name.trim_matches(|c: char| c.is_whitespace() || c == '.');
    if name.chars().count() > MAX_FILE_NAME_CHARS {
        return Err(ApiError::bad_request(format!(
            "X-File-Name is longer than {MAX_FILE_NAME_CHARS} characters"
        )));
    }
    let allowed = extensions(content_type);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if allowed.contains(&ext.to_ascii_lowercase().as_str()) => {
            (stem, ext.to_string())
        }
        _ => (name, extension(content_type).to_string()),
    };
    let stem = stem.replace('.', "_");
    let stem = stem.trim();
    let stem = if stem.is_empty() { "附件" } else { stem };
    // Room for the extension within the limit.
    let room = MAX_FILE_NAME_CHARS - 1 - ext.chars().count();
    let stem: String = stem.chars().take(room).collect();
    Ok(format!("{stem}.{ext}"))
}

/// 413 `too_large`.
pub fn too_large() -> ApiError {
    ApiError::new(413, codes::TOO_LARGE, "Content too large").detail(format!(
        "attachments may be at most {} MiB",
        MAX_ATTACHMENT_BYTES / (1024 * 1024)
    ))
}

/// 415 `unsupported_media_type` for an attachment.
pub fn unsupported_attachment() -> ApiError {
    ApiError::new(415, codes::UNSUPPORTED_MEDIA_TYPE, "Unsupported media type")
        .detail("attachments must be PDF, JPEG or PNG files (judged by their content)")
}

/// `POST /attachments`: stores `bytes` for `owner` after checking size and type.
pub fn store_attachment(
    conn: &Connection,
    owner: &str,
    name_header: Option<&str>,
    bytes: &[u8],
    now: Timestamp,
) -> ApiResult<Attachment> {
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large());
    }
    let content_type = detect_type(bytes).ok_or_else(unsupported_attachment)?;
    let name = file_name(name_header, content_type)?;
    let id = new_id("att");
    let sha: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    conn.execute(
        "INSERT INTO attachments (id, owner, name, content_type, size, sha256, data, uploaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            owner,
            name,
            content_type,
            bytes.len() as i64,
            sha,
            bytes,
            now.0
        ],
    )?;
    Ok(Attachment {
        id,
        name,
        content_type: content_type.to_string(),
        size: bytes.len() as u64,
        uploaded_at: now,
    })
}

/// `GET /attachments/{id}`: the owner's file with its bytes; anyone else's is 404.
pub fn load_attachment(
    conn: &Connection,
    owner: &str,
    id: &str,
) -> ApiResult<(Attachment, Vec<u8>)> {
    conn.query_row(
        "SELECT id, name, content_type, size, uploaded_at, data FROM attachments WHERE id = ?1 AND owner = ?2",
        params![id, owner],
        |r| {
            Ok((
                Attachment {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    content_type: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    uploaded_at: Timestamp(r.get(4)?),
                },
                r.get(5)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(ApiError::not_found)
}

/// `Content-Disposition` for a download: always `attachment` (never rendered inline), with an
/// ASCII fallback name and the real one in RFC 5987 form.
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        percent_encode(name)
    )
}

// ---------------------------------------------------------------- applications

/// The matters of `event` that apply for `answers`, each once, in event order.
fn applicable_matters(
    event: &LifeEvent,
    answers: &yishi_core::conditions::Answers,
) -> Vec<(String, Text)> {
    let mut seen = BTreeSet::new();
    plan(event, answers)
        .applicable()
        .filter(|m| seen.insert(m.matter_id.clone()))
        .map(|m| (m.matter_id.clone(), m.name.clone()))
        .collect()
}

/// 404 `licence_not_found`: a licence named in an application is not the subject's.
pub fn licence_not_found() -> ApiError {
    ApiError::new(404, codes::LICENCE_NOT_FOUND, "Not found")
        .detail("a licence in `licences` is not one of yours")
}

/// `POST /applications`: checks the answers and the form with the app's rules, then creates one
/// case (收件) with a member per applicable matter. Held licences given instead of files are
/// checked (the subject's, usable, of the kind the material takes, with consent) inside the
/// same transaction that makes the case and records their use, so a licence revoked meanwhile
/// is never recorded as used. `applicant_name` is the subject's real name
/// (or the business's registered name); the lookup without sign-in matches it.
pub fn create_application(
    conn: &mut Connection,
    cat: &Catalogue,
    owner: &str,
    applicant_name: Option<&str>,
    req: &NewApplication,
    now: Timestamp,
) -> ApiResult<CaseRow> {
    let event = cat
        .events
        .get(&req.event_id)
        .ok_or_else(|| ApiError::not_found().detail("no such life event"))?;
    let form = match &event.form {
        Some(form) if event.card.online_apply => form,
        _ => {
            return Err(ApiError::conflict(
                "this life event cannot be applied for online",
            ));
        }
    };
    // One transaction from the first check to the last write.
    let tx = conn.savepoint()?;
    let mut errors = FieldErrors::new();
    let qs = &event.questions;
    let by_id: BTreeMap<&str, &yishi_contract::Question> =
        qs.iter().map(|q| (q.id.as_str(), q)).collect();
    for (id, value) in &req.answers {
        if !by_id
            .get(id.as_str())
            .is_some_and(|q| validate_answer(q, value))
        {
            errors.add(format!("/answers/{id}"), field_codes::INVALID);
        }
    }
    for q in unanswered_questions(qs, &req.answers) {
        errors.add(format!("/answers/{}", q.id), field_codes::REQUIRED);
    }
    let answers = effective_answers(qs, &req.answers);
    let shown = visible_fields(form, &answers);
    let attachment_fields: BTreeSet<&str> = shown
        .iter()
        .filter(|f| f.kind == FieldKind::Attachment)
        .map(|f| f.id.as_str())
        .collect();
    let mut attached = BTreeSet::new();
    for (i, a) in req.attachments.iter().enumerate() {
        let target_ok = attachment_fields.contains(a.target.as_str());
        if !target_ok {
            errors.add(format!("/attachments/{i}/target"), field_codes::INVALID);
        }
        // Someone else's file and no file at all get the same answer.
        if !owns_attachment(&tx, owner, &a.attachment_id)? {
            errors.add(
                format!("/attachments/{i}/attachment_id"),
                field_codes::INVALID,
            );
        } else if target_ok {
            attached.insert(a.target.as_str());
        }
    }
    let (given, foreign) =
        check_licences(&tx, event, &answers, &shown, owner, req, now, &mut errors)?;
    // A foreign licence's field is not reported missing: the 404 below says what is wrong.
    attached.extend(req.licences.iter().map(|l| l.target.as_str()));
    let today = now.china_date();
    errors.extend(validate_form(
        form,
        &answers,
        &req.fields,
        &|id| attached.contains(id),
        today,
        &regex_full_match,
    ));
    let members = applicable_matters(event, &answers);
    if members.is_empty() && errors.is_empty() {
        // Nothing to apply for with these answers: the answers are what is wrong.
        errors.add("/answers", field_codes::INVALID);
    }
    errors.into_result()?;
    if foreign {
        // Checked after the body's content (the order of checks): nothing is recorded.
        return Err(licence_not_found());
    }

    // What is kept: the visible fields' values, trimmed; attachments by field.
    let values: BTreeMap<&str, &str> = shown
        .iter()
        .filter(|f| f.kind != FieldKind::Attachment)
        .filter_map(|f| {
            let v = req.fields.get(&f.id)?.trim();
            (!v.is_empty()).then_some((f.id.as_str(), v))
        })
        .collect();
    let applicant = applicant_name
        .map(str::to_string)
        .or_else(|| {
            // A number without a real-name record: the name the form gives.
            shown
                .iter()
                .find(|f| f.prefill == Some(yishi_contract::ProfileKey::Name))
                .and_then(|f| values.get(f.id.as_str()).map(|v| v.to_string()))
        })
        .unwrap_or_else(|| "申请人".to_string());
    // The contract's rule: the event's promise, and the longest legal limit of the matters the
    // case includes (never shorter than the promise).
    let (promised, legal) = yishi_core::workdays::event_case_limits(
        &event.card.promised_limit,
        members
            .iter()
            .filter_map(|(id, _)| cat.matters.get(id))
            .map(|m| &m.legal_limit),
    );
    let number = next_case_number(&tx)?;
    let case = NewCase {
        id: format!("case-{}", number.to_ascii_lowercase()),
        number,
        owner: owner.to_string(),
        applicant_name: applicant,
        title: event.card.name.clone(),
        matter_id: None,
        event_id: Some(event.card.id.clone()),
        office: crate::one_stop::one_stop_window(),
        promised,
        legal,
        members: members
            .into_iter()
            .map(|(id, name)| {
                let title = cat.matters.get(&id).map(|m| m.name.clone()).unwrap_or(name);
                (id, title)
            })
            .collect(),
        note: Some(Text::new(
            "已收到网上“一表申请”，正在预审申请材料",
            "Online combined application received; checking the material",
        )),
    };
    insert_case_rows(&tx, &case, now)?;
    tx.execute(
        "INSERT INTO applications (case_id, event_id, answers_json, fields_json) VALUES (?1, ?2, ?3, ?4)",
        params![case.id, event.card.id, to_json(&answers), to_json(&values)],
    )?;
    let position = |target: &str| form.fields.iter().position(|f| f.id == target);
    let label = |target: &str| {
        form.fields
            .iter()
            .find(|f| f.id == target)
            .map(|f| to_json(&f.label))
    };
    for a in req.attachments.iter() {
        tx.execute(
            "INSERT INTO case_attachments (case_id, target, attachment_id, at, label_json, ord)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                case.id,
                a.target,
                a.attachment_id,
                now.0,
                label(&a.target),
                position(&a.target).map(|p| p as i64)
            ],
        )?;
    }
    let consent_at = req.licence_consent.as_ref().map_or(now.0, |c| c.given_at.0);
    for (target, licence) in &given {
        tx.execute(
            "INSERT INTO case_licences (case_id, target, ord, label_json, licence_id, name_json,
               number_masked, consent_given_at, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                case.id,
                target,
                position(target).map_or(i64::MAX, |p| p as i64),
                label(target),
                licence.id,
                to_json(&licence.name),
                licence.number_masked,
                consent_at,
                now.0
            ],
        )?;
        crate::licences::record_use(
            &tx,
            owner,
            &licence.id,
            LicenceUsePurpose::AttachedToApplication,
            &case.office,
            Some(&case.number),
            now,
        )?;
    }
    tx.commit()?;
    cases::load_case(conn, &case.id)?.ok_or_else(|| ApiError::internal("case vanished"))
}

/// The held licences an application gives instead of files (一表申请 with 电子证照): each
/// target a shown attachment field given no file and no other licence, the licence the
/// subject's, of the kind the field's material takes (`yishi_core::wallet::field_accepts`, the
/// app's rule) and usable today; and the consent naming this event and exactly these
/// licences. Returns the licences to record by field, and whether one is not the subject's
/// (the caller answers 404 once the body is otherwise valid).
#[allow(clippy::too_many_arguments)]
fn check_licences(
    conn: &Connection,
    event: &LifeEvent,
    answers: &yishi_core::conditions::Answers,
    shown: &[&FormField],
    owner: &str,
    req: &NewApplication,
    now: Timestamp,
    errors: &mut FieldErrors,
) -> ApiResult<(Vec<(String, Licence)>, bool)> {
    let mut given = Vec::new();
    let mut foreign = false;
    if req.licences.is_empty() {
        return Ok((given, foreign));
    }
    let plan = plan(event, answers);
    let mut targets = BTreeSet::new();
    for (i, l) in req.licences.iter().enumerate() {
        let field = shown
            .iter()
            .find(|f| f.id == l.target && f.kind == FieldKind::Attachment);
        let with_file = req.attachments.iter().any(|a| a.target == l.target);
        let Some(field) = field.filter(|_| !with_file && targets.insert(l.target.as_str())) else {
            errors.add(format!("/licences/{i}/target"), field_codes::INVALID);
            continue;
        };
        let Some(licence) = crate::licences::get(conn, owner, &l.licence_id, now)? else {
            foreign = true;
            continue;
        };
        let at = format!("/fields/{}", field.id);
        if field_accepts(&plan, field) != Some(licence.kind) {
            errors.add(at, field_codes::LICENCE_NOT_ACCEPTED);
        } else if !licence.status.usable() {
            errors.add(at, field_codes::LICENCE_UNUSABLE);
        } else {
            given.push((field.id.clone(), licence));
        }
    }
    let named: BTreeSet<&str> = req.licences.iter().map(|l| l.licence_id.as_str()).collect();
    let consented = req.licence_consent.as_ref().is_some_and(|c| {
        c.event_id == req.event_id
            && c.licence_ids
                .iter()
                .map(String::as_str)
                .collect::<BTreeSet<_>>()
                == named
    });
    if !consented {
        errors.add("/licence_consent", field_codes::CONSENT_REQUIRED);
    }
    Ok((given, foreign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_content() {
        assert_eq!(detect_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            detect_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(
            detect_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        for bad in [
            &b""[..],
            b"%PDF",
            b"\x89PNG\r\n",
            b"GIF89a",
            b"<html>",
            b"PK\x03\x04",
            b"\xFF\xD8",
        ] {
            assert_eq!(detect_type(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn file_names_are_decoded_and_cleaned() {
        let n = |h: Option<&str>| file_name(h, "image/png");
        assert_eq!(
            file_name(
                Some("%E5%87%BA%E7%94%9F%E8%AF%81%E6%98%8E.pdf"),
                "application/pdf"
            )
            .unwrap(),
            "出生证明.pdf"
        );
        assert_eq!(n(Some("photo.png")).unwrap(), "photo.png");
        assert_eq!(n(Some("..%2F..%2Fetc%2Fpasswd")).unwrap(), "passwd.png");
        assert_eq!(n(Some("C:%5Cfakepath%5Cscan.png")).unwrap(), "scan.png");
        assert_eq!(n(Some("a%0D%0Ab.png")).unwrap(), "ab.png");
        assert_eq!(n(None).unwrap(), "附件.png");
        assert_eq!(n(Some("..")).unwrap(), "附件.png");
        assert_eq!(n(Some("%E5%87")).unwrap_err().problem.status, 400); // not UTF-8
        assert_eq!(n(Some("100%")).unwrap_err().problem.status, 400);
        assert_eq!(n(Some(&"a".repeat(256))).unwrap_err().problem.status, 400);
    }

    #[test]
    fn stored_names_have_one_extension_that_fits_the_content_and_nothing_invisible() {
        let n = |name: &str, ty: &str| file_name(Some(&percent_encode(name)), ty).unwrap();
        // The extension follows the detected type; a misleading one is kept only as text.
        assert_eq!(n("invoice.html", "application/pdf"), "invoice_html.pdf");
        assert_eq!(n("photo.exe.png", "image/png"), "photo_exe.png");
        assert_eq!(n("setup.exe", "image/jpeg"), "setup_exe.jpg");
        assert_eq!(n("page.html.pdf", "application/pdf"), "page_html.pdf");
        assert_eq!(n("scan", "image/jpeg"), "scan.jpg");
        assert_eq!(n("scan.JPEG", "image/jpeg"), "scan.JPEG");
        assert_eq!(n("scan.jpg", "image/png"), "scan_jpg.png");
        assert_eq!(n("v1.2 最终版.pdf", "application/pdf"), "v1_2 最终版.pdf");
        // U+202E (right-to-left override) would show `photo<U+202E>gpj.exe` as `photoexe.jpg`.
        assert_eq!(n("photo\u{202E}gpj.exe", "image/jpeg"), "photogpj_exe.jpg");
        assert_eq!(
            n(
                "\u{202B}\u{2067}报告\u{200B}\u{FEFF}\u{200F}.pdf\u{2069}",
                "application/pdf"
            ),
            "报告.pdf"
        );
        assert_eq!(n("a\u{0}b\u{7}c\u{1b}[31m.png", "image/png"), "abc[31m.png");
        // Hidden and trailing-dot names, and characters Windows refuses.
        assert_eq!(n(".htaccess", "image/png"), "htaccess.png");
        assert_eq!(n("report.pdf. . ", "application/pdf"), "report.pdf");
        assert_eq!(
            n("a<b>:c|d?*\"e\".pdf", "application/pdf"),
            "a_b__c_d___e_.pdf"
        );
        assert_eq!(n("\u{202E}", "image/png"), "附件.png");
        // A long name keeps its extension within the limit.
        let long = n(
            &format!("{}.exe", "长".repeat(MAX_FILE_NAME_CHARS - 4)),
            "application/pdf",
        );
        assert_eq!(long.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(
            long.ends_with("长_exe.pdf") || long.ends_with("长.pdf"),
            "{long}"
        );
    }

    #[test]
    fn downloads_are_named_safely() {
        assert_eq!(
            content_disposition("出生证明 \"1\".pdf"),
            "attachment; filename=\"____ _1_.pdf\"; filename*=UTF-8''%E5%87%BA%E7%94%9F%E8%AF%81%E6%98%8E%20%221%22.pdf"
        );
        assert_eq!(
            percent_decode(&percent_encode("张 a/b%")).unwrap(),
            "张 a/b%".as_bytes()
        );
    }
}
