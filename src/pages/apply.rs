//! Apply once (一表申请): the event's combined form, every field asked once, prefilled from the
//! citizen's profile, validated with the rules the server enforces (`yishi_core::form`), with
//! attachments uploaded as they are chosen. The draft is saved on the device at every change, so
//! it survives a reload, a lost connection and an expired session; it carries one
//! Idempotency-Key, so a double tap or a retry after a timeout still makes one case.
//!
//! A material the citizen holds as an electronic licence (`yishi_core::wallet::field_accepts`,
//! the backend's own rule) is offered as "use my electronic licence" (the default) or an
//! upload; the licences used are named in a consent the citizen ticks once per application,
//! sent with it and recorded by the backend (用证记录). Without licences from the backend the
//! form takes files as before.

use std::collections::BTreeMap;

use crate::router::{A, use_navigate, use_params_map, use_query_map};
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};
use yishi_contract::{
    AnswerValue, AttachmentRef, Case, Date, FieldError, FieldKind, FormField, FormSchema, Licence,
    LicenceConsent, LicenceRef, LifeEvent, NewApplication, Profile, ProfileKey, QuestionKind,
    Timestamp, field_codes,
};
use yishi_core::{answers, conditions::Answers, form, plan::Plan, wallet};

use crate::{
    api::{self, ApiError},
    components::{
        consent::ConsentBox,
        require_sign_in::RequireSignIn,
        states::{ErrorPanel, Loading},
    },
    format,
    i18n::{Key, PageKey, fill, lang, local, t},
    routes::{self, EventScreen},
    store::{self, Scope},
    submit::Submit,
};

#[wasm_bindgen]
extern "C" {
    /// `RegExp(pattern, flags)`, throwing on a bad pattern (caught here, never a panic).
    #[wasm_bindgen(catch, js_name = RegExp)]
    fn make_regexp(pattern: &str, flags: &str) -> Result<js_sys::RegExp, JsValue>;
}

/// Field patterns run on the browser's own RegExp (the `regex` crate would cost ~500 KB of WASM).
/// `None` when the pattern itself is broken: the server then decides.
fn pattern_matches(pattern: &str, value: &str) -> Option<bool> {
    make_regexp(&format!("^(?:{pattern})$"), "u")
        .ok()
        .map(|re| re.test(value))
}

fn today() -> Date {
    Timestamp((js_sys::Date::now() / 1000.0) as i64).china_date()
}

/// An uploaded file as the draft remembers it.
#[derive(Clone, Debug, PartialEq, Serialize, yishi_json::FromJson)]
struct Uploaded {
    id: String,
    name: String,
    size: u64,
}

/// The draft kept on the device (personal: sign-out wipes it, after a warning).
#[derive(Clone, Debug, Default, PartialEq, Serialize, yishi_json::FromJson)]
struct Draft {
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    files: BTreeMap<String, Uploaded>,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    saved_at: i64,
    /// Fields the citizen chose to give as a file although they hold the licence.
    #[serde(default)]
    upload_instead: Vec<String>,
    /// The licences the citizen consented to use for this application (sorted), and when (ms).
    #[serde(default)]
    licence_consent: Vec<String>,
    #[serde(default)]
    licence_consent_at: i64,
}

pub fn draft_key(event_id: &str) -> String {
    format!("draft.{event_id}")
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    crate::pages::set_title(Key::ApplyTitle);
    view! {
        <article class="ys-page">
            <h1>{t(Key::ApplyTitle)}</h1>
            <RequireSignIn reason=Key::SignInNeededApply><ApplyLoader /></RequireSignIn>
        </article>
    }
}

#[component]
fn ApplyLoader() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let event = api::Loaded::new(move || {
        let id = id();
        async move { api::event(&id).await }
    });
    // Prefill is a convenience: a failure leaves the fields empty, never blocks the form.
    let profile = api::Loaded::new(|| async { api::profile().await });
    move || match (event.get(), profile.get()) {
        (Some(Ok(event)), Some(profile)) => {
            view! { <ApplyForm event profile=profile.unwrap_or_default() /> }.into_any()
        }
        (Some(Err(error)), _) => {
            view! { <ErrorPanel error retry=move |_| event.reload() /> }.into_any()
        }
        _ => view! { <Loading lines=8 /> }.into_any(),
    }
}

fn prefill_value(profile: &Profile, key: ProfileKey) -> Option<String> {
    match key {
        ProfileKey::Name => profile.name.clone(),
        ProfileKey::ResidentId => profile.resident_id.clone(),
        ProfileKey::Phone => profile.phone.clone(),
        ProfileKey::Address => profile.address.clone(),
        ProfileKey::BusinessName => profile.business_name.clone(),
        ProfileKey::CreditCode => profile.credit_code.clone(),
        ProfileKey::Unknown => None,
    }
}

fn error_message(code: &str) -> Key {
    match code {
        field_codes::REQUIRED => Key::FormRequired,
        field_codes::TOO_SHORT => Key::FormTooShort,
        field_codes::TOO_LONG => Key::FormTooLong,
        field_codes::OUT_OF_RANGE => Key::FormOutOfRange,
        field_codes::LICENCE_UNUSABLE => Key::FormLicenceUnusable,
        field_codes::LICENCE_NOT_ACCEPTED => Key::FormLicenceNotAccepted,
        _ => Key::FormInvalid,
    }
}

/// The form's state, shared by its two steps (fill in, check) and the confirmation: what it is
/// for, the draft kept on the device and the field errors shown. Copy, like the signals in it.
#[derive(Clone, Copy)]
struct Form {
    event: StoredValue<LifeEvent>,
    schema: StoredValue<FormSchema>,
    answers: StoredValue<Answers>,
    /// Where the draft is kept on the device.
    key: StoredValue<String>,
    draft: RwSignal<Draft>,
    /// When the draft was last saved (ms since the epoch).
    saved: RwSignal<Option<i64>>,
    /// Field errors as the messages the citizen reads, in form order.
    errors: RwSignal<Vec<(String, String)>>,
    /// The merged checklist for the answers: which material takes which licence.
    plan: StoredValue<Plan>,
    /// The citizen's licences (empty when the backend offers none).
    licences: RwSignal<Vec<Licence>>,
    /// Files being uploaded now: 继续 waits for them rather than calling them missing.
    uploading: RwSignal<usize>,
    /// 继续 was pressed while files were uploading: go on when the last one ends.
    continue_after_upload: RwSignal<bool>,
}

impl Form {
    /// The draft from the device, else a new one; empty fields prefilled from the profile.
    fn new(event: LifeEvent, schema: FormSchema, answers: Answers, profile: &Profile) -> Form {
        let key = draft_key(&event.card.id);
        let mut initial: Draft = store::get(Scope::Personal, &key).unwrap_or_default();
        if initial.idempotency_key.is_empty() {
            initial.idempotency_key = api::new_idempotency_key();
        }
        for field in &schema.fields {
            if let Some(value) = field.prefill.and_then(|p| prefill_value(profile, p)) {
                initial.fields.entry(field.id.clone()).or_insert(value);
            }
        }
        let plan = yishi_core::plan::plan(&event, &answers);
        Form {
            plan: StoredValue::new(plan),
            licences: crate::wallet::held(),
            event: StoredValue::new(event),
            schema: StoredValue::new(schema),
            answers: StoredValue::new(answers),
            key: StoredValue::new(key),
            draft: RwSignal::new(initial),
            saved: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            uploading: RwSignal::new(0),
            continue_after_upload: RwSignal::new(false),
        }
    }

    /// Keeps the draft on the device (at every change).
    fn save(self) {
        self.draft
            .update_untracked(|d| d.saved_at = js_sys::Date::now() as i64);
        let kept = self
            .key
            .with_value(|key| store::set(Scope::Personal, key, &self.draft.get_untracked()));
        if kept {
            self.saved
                .set(Some(self.draft.with_untracked(|d| d.saved_at)));
        }
    }

    /// The fields the answers ask for, in form order.
    fn visible(self) -> Vec<FormField> {
        self.schema.with_value(|s| {
            self.answers
                .with_value(|a| form::visible_fields(s, a).into_iter().cloned().collect())
        })
    }

    fn value_of(self, field: &FormField) -> Option<String> {
        if let Some(l) = self.licence_for(field) {
            return Some(l.id);
        }
        self.draft.with_untracked(|d| match field.kind {
            FieldKind::Attachment => d.files.get(&field.id).map(|f| f.id.clone()),
            _ => d.fields.get(&field.id).cloned(),
        })
    }

    /// The licence the citizen holds for this field, when its material takes one.
    fn held_licence(self, field: &FormField) -> Option<Licence> {
        let kind = self.plan.with_value(|p| wallet::field_accepts(p, field))?;
        self.licences
            .with(|ls| wallet::usable_of(ls, kind).cloned())
    }

    /// The licence given for this field: held, and not set aside for an upload.
    fn licence_for(self, field: &FormField) -> Option<Licence> {
        let licence = self.held_licence(field)?;
        let upload = self.draft.with(|d| d.upload_instead.contains(&field.id));
        (!upload).then_some(licence)
    }

    /// Gives the field as the held licence (`true`) or as a file.
    fn choose_licence(self, field_id: &str, licence: bool) {
        self.draft.update(|d| {
            d.upload_instead.retain(|f| f != field_id);
            if !licence {
                d.upload_instead.push(field_id.to_string());
            }
        });
        self.save();
    }

    /// The licences given, by field, in form order.
    fn given_licences(self) -> Vec<(FormField, Licence)> {
        self.visible()
            .into_iter()
            .filter_map(|f| self.licence_for(&f).map(|l| (f, l)))
            .collect()
    }

    /// The ids the consent must name: the licences given, sorted, each once.
    fn licence_ids(self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .given_licences()
            .into_iter()
            .map(|(_, l)| l.id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Whether the citizen consented to exactly the licences given now (none given: nothing to
    /// consent to). Changing a choice after ticking asks again.
    fn licence_consented(self) -> bool {
        let ids = self.licence_ids();
        ids.is_empty() || self.draft.with(|d| d.licence_consent == ids)
    }

    fn set_licence_consent(self, on: bool) {
        let ids = if on { self.licence_ids() } else { Vec::new() };
        self.draft.update(|d| {
            d.licence_consent = ids;
            d.licence_consent_at = js_sys::Date::now() as i64;
        });
        self.save();
    }

    /// What is wrong with a field's value, as the citizen reads it.
    fn problem(self, field: &FormField) -> Option<String> {
        let value = self.value_of(field);
        form::explain(
            field,
            value.as_deref().filter(|v| !v.trim().is_empty()),
            today(),
            &pattern_matches,
        )
        .map(|problem| yishi_i18n::format::field_problem(lang(), &problem))
    }

    /// Checks one field again: its error appears, changes or goes.
    fn recheck(self, field: &FormField) {
        let error = self.problem(field);
        self.errors.update(|errs| {
            errs.retain(|(f, _)| *f != field.id);
            if let Some(e) = error {
                errs.push((field.id.clone(), e));
            }
        });
    }

    /// Checks every visible field and shows what it found; `true` when nothing.
    fn check_all(self) -> bool {
        let found: Vec<(String, String)> = self
            .visible()
            .iter()
            .filter_map(|f| self.problem(f).map(|e| (f.id.clone(), e)))
            .collect();
        let ok = found.is_empty();
        self.errors.set(found);
        ok
    }

    /// The backend's verdict on fields, explained from the value where the app can. A licence
    /// the backend refused turns its field to an upload, with the reason beside it.
    fn show_problems(self, problems: &[FieldError], sent: &NewApplication) {
        let shown = problems
            .iter()
            .map(|e| {
                let id = match e.pointer.strip_prefix("/licences/") {
                    Some(rest) => rest
                        .split('/')
                        .next()
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| sent.licences.get(i))
                        .map_or_else(String::new, |l| l.target.clone()),
                    None => e.pointer.trim_start_matches("/fields/").to_string(),
                };
                if matches!(
                    e.code.as_str(),
                    field_codes::LICENCE_UNUSABLE | field_codes::LICENCE_NOT_ACCEPTED
                ) {
                    self.choose_licence(&id, false);
                    return (id, t(error_message(&e.code)).to_string());
                }
                let local = self
                    .schema
                    .with_value(|s| s.fields.iter().find(|f| f.id == id).cloned())
                    .and_then(|f| self.problem(&f));
                let message = local.unwrap_or_else(|| t(error_message(&e.code)).to_string());
                (id, message)
            })
            .collect();
        self.errors.set(shown);
    }

    /// The application the draft makes: the visible fields' values, files and licences.
    fn application(self) -> NewApplication {
        let fields = self.visible();
        let given = self.given_licences();
        let d = self.draft.get_untracked();
        let event_id = self.event.with_value(|e| e.card.id.clone());
        let licence_consent =
            (!given.is_empty() && self.licence_consented()).then(|| LicenceConsent {
                event_id: event_id.clone(),
                licence_ids: d.licence_consent.clone(),
                given_at: Timestamp(d.licence_consent_at / 1000),
            });
        NewApplication {
            event_id,
            answers: self.answers.get_value(),
            fields: fields
                .iter()
                .filter(|f| f.kind != FieldKind::Attachment)
                .filter_map(|f| {
                    d.fields
                        .get(&f.id)
                        .map(|v| (f.id.clone(), v.trim().to_string()))
                })
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            attachments: fields
                .iter()
                .filter(|f| !given.iter().any(|(g, _)| g.id == f.id))
                .filter_map(|f| {
                    d.files.get(&f.id).map(|u| AttachmentRef {
                        target: f.id.clone(),
                        attachment_id: u.id.clone(),
                    })
                })
                .collect(),
            licences: given
                .iter()
                .map(|(f, l)| LicenceRef {
                    target: f.id.clone(),
                    licence_id: l.id.clone(),
                })
                .collect(),
            licence_consent,
        }
    }

    /// The form's address with the answers; `check`: its check-your-answers step.
    fn url(self, check: bool) -> String {
        self.event.with_value(|e| {
            self.answers
                .with_value(|a| routes::apply_with_answers(e, a, check))
        })
    }
}

#[component]
fn ApplyForm(event: LifeEvent, profile: Profile) -> impl IntoView {
    let query = use_query_map();
    let answers: Answers = {
        let q = query.get_untracked();
        answers::from_query(
            &event.questions,
            (&q).into_iter().map(|(k, v)| (k.as_ref(), v)),
        )
    };
    let Some(schema) = event.form.clone().filter(|_| event.card.online_apply) else {
        return view! { <p>{t(Key::ApplyNotOnline)}</p> }.into_any();
    };
    // The backend re-checks the situational answers: send the citizen back to any still open.
    let open_questions = yishi_core::conditions::unanswered_questions(&event.questions, &answers);
    if !open_questions.is_empty() {
        let url = routes::event_with_answers(&event, &answers, Some(EventScreen::Question(0)));
        return view! {
            <p class="ys-callout">{t(Key::ApplyAnswerFirst)}</p>
            <A href=url attr:class="ys-button">{t(Key::PlanEditAnswers)}</A>
        }
        .into_any();
    }
    let form = Form::new(event, schema, answers, &profile);
    let created = RwSignal::new(None::<Case>);
    // 检查并提交: the check-your-answers step lives in the URL (`view=check`), so the phone's
    // back button returns to the form with everything typed.
    let checking = Memo::new(move |_| query.read().get_str("view") == Some("check"));
    view! {
        {move || created.get().map(|case| view! { <Confirmation case draft=form.draft.get_untracked() schema=form.schema.get_value() /> })}
        <Show when=move || created.with(Option::is_none) && !checking.get()>
            <FillIn form />
        </Show>
        <Show when=move || created.with(Option::is_none) && checking.get()>
            <CheckAndSend form created />
        </Show>
    }
    .into_any()
}

/// The form to fill in: the error summary, every visible field, and when the draft was saved.
#[component]
fn FillIn(form: Form) -> impl IntoView {
    let navigate = use_navigate();
    let go_check = move || {
        if form.uploading.get_untracked() > 0 {
            form.continue_after_upload.set(true);
            return;
        }
        form.continue_after_upload.set(false);
        if !form.check_all() {
            crate::focus::later("form-errors");
            return;
        }
        navigate(&form.url(true), Default::default());
        crate::focus::later("check-title");
    };
    // The last upload ended (uploaded or failed) after 继续 was pressed: go on, or show why not.
    let go_check_after_upload = go_check.clone();
    Effect::new(move || {
        if form.uploading.get() == 0 && form.continue_after_upload.get_untracked() {
            go_check_after_upload();
        }
    });
    let l = lang();
    let saved_text = move || {
        form.saved.get().map(|ms| {
            fill(
                t(Key::ApplySaved),
                &[("time", &format::timestamp(l, Timestamp(ms / 1000)))],
            )
        })
    };
    let summary_link = move |id: &str| format!("#field-{id}");
    let label_of = move |id: &str| {
        form.schema
            .with_value(|s| {
                s.fields
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| local(&f.label))
            })
            .unwrap_or_default()
    };
    view! {
        <p class="ys-lead">{form.event.with_value(|e| local(&e.card.name))}</p>
        <p class="ys-muted">{t(Key::ApplyIntro)}</p>
        <div id="form-errors" tabindex="-1" class="ys-error-summary" role="alert" hidden=move || form.errors.with(Vec::is_empty)>
            <h2>{t(Key::FormErrorSummary)}</h2>
            <ul>
                {move || form.errors.get().into_iter().map(|(id, message)| {
                    view! { <li><a href=summary_link(&id)>{yishi_i18n::labelled(lang(), &label_of(&id), &message)}</a></li> }
                }).collect_view()}
            </ul>
        </div>
        <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); go_check(); }>
            {move || form.visible().into_iter().map(|field| view! { <FieldInput field form /> }).collect_view()}
            <p class="ys-muted" role="status">{saved_text}</p>
            <div role="status">
                {move || form.continue_after_upload.get().then(|| view! {
                    <p class="ys-callout">{t(Key::ApplyWaitingForUpload)}</p>
                })}
            </div>
            <div class="ys-actions">
                <button type="submit" class="ys-button">{t(Key::ApplyContinue)}</button>
            </div>
        </form>
    }
}

/// The check step: every answer and value to check, the consent, and the submit button. The
/// application goes with the draft's one Idempotency-Key, so a double tap or a retry after a
/// timeout still makes one case.
#[component]
fn CheckAndSend(form: Form, created: RwSignal<Option<Case>>) -> impl IntoView {
    let navigate = use_navigate();
    let consented = RwSignal::new(crate::components::consent::given());
    let consent_missing = RwSignal::new(false);
    let licence_missing = RwSignal::new(false);
    // A licence given is no longer the citizen's (404 `licence_not_found`, read as not found).
    let licence_gone = RwSignal::new(false);
    let sending = Submit::<ApiError>::new();
    let submit = move || {
        if sending.busy_untracked() {
            return;
        }
        // The form may have changed since (another tab, a reload): check it again.
        if !form.check_all() {
            navigate(&form.url(false), Default::default());
            crate::focus::later("form-errors");
            return;
        }
        if !consented.get_untracked() {
            consent_missing.set(true);
            crate::focus::later("check-errors");
            return;
        }
        consent_missing.set(false);
        if !form.licence_consented() {
            licence_missing.set(true);
            crate::focus::later("check-errors");
            return;
        }
        licence_missing.set(false);
        licence_gone.set(false);
        let body = form.application();
        let sent_body = body.clone();
        let idempotency_key = form.draft.with_untracked(|d| d.idempotency_key.clone());
        let key = form.key.get_value();
        // Should the citizen leave meanwhile, the case is made all the same: the draft goes and
        // the host hears of it here, not in the page's part.
        let sent = async move {
            let case = api::submit_application(&body, &idempotency_key).await?;
            store::remove(Scope::Personal, &key);
            crate::host::post_message("case_created", &case.summary.number);
            Ok(case)
        };
        let navigate = navigate.clone();
        sending.send(sent, move |result| match result {
            Ok(case) => {
                created.set(Some(case));
                crate::focus::later("apply-done");
                Ok(())
            }
            Err(ApiError::Problem(p))
                if !p.errors.is_empty()
                    && p.errors.iter().all(|e| e.pointer == "/licence_consent") =>
            {
                form.set_licence_consent(false);
                licence_missing.set(true);
                crate::focus::later("check-errors");
                Ok(())
            }
            Err(ApiError::Problem(p)) if !p.errors.is_empty() => {
                let fields: Vec<FieldError> = p
                    .errors
                    .iter()
                    .filter(|e| e.pointer != "/licence_consent")
                    .cloned()
                    .collect();
                form.show_problems(&fields, &sent_body);
                navigate(&form.url(false), Default::default());
                crate::focus::later("form-errors");
                Ok(())
            }
            Err(ApiError::NotFound) if !sent_body.licences.is_empty() => {
                licence_gone.set(true);
                crate::focus::later("check-errors");
                Ok(())
            }
            Err(e) => Err(e),
        });
    };
    let given = form.given_licences();
    let licence_rows: Vec<(String, Licence)> = given
        .iter()
        .map(|(f, l)| (f.id.clone(), l.clone()))
        .collect();
    // Redrawn only when the licences given change, not when the box is ticked (focus stays).
    let given_now = Memo::new(move |_| form.given_licences());
    let licence_consent = move || {
        let given = given_now.get();
        let event_name = form.event.with_value(|e| local(&e.card.name));
        (!given.is_empty()).then(|| {
        let items = given
            .iter()
            .map(|(_, l)| view! { <li>{local(&l.name)} " " <span class="ys-muted">{l.number_masked.clone()}</span></li> })
            .collect_view();
        view! {
            <fieldset id="licence-consent" class="ys-fieldset ys-consent ys-licence-consent" class:ys-field--error=move || licence_missing.get()>
                <legend>{t(Key::ApplyLicenceConsentTitle)}</legend>
                <label class="ys-check__label">
                    <input type="checkbox" class="ys-check__box" aria-describedby="licence-consent-list"
                        prop:checked=move || form.licence_consented()
                        on:change:target=move |ev| {
                            form.set_licence_consent(ev.target().checked());
                            licence_missing.set(false);
                        } />
                    <span>{fill(t(Key::ApplyLicenceConsent), &[("event", &event_name)])}</span>
                </label>
                <ul id="licence-consent-list" class="ys-list">{items}</ul>
                <p><A href=routes::LICENCES>{t(Key::LicencesUsesShow)}</A></p>
                {move || licence_missing.get().then(|| view! { <p class="ys-field__error" role="alert">{t(Key::ApplyLicenceConsentMissing)}</p> })}
            </fieldset>
        }
        })
    };
    view! {
        <CheckAnswers event=form.event.get_value() answers=form.answers.get_value() fields=form.visible() draft=form.draft licences=licence_rows form_url=form.url(false) />
        <div id="check-errors" tabindex="-1" class="ys-error-summary" role="alert" hidden=move || !consent_missing.get() && !licence_missing.get() && !licence_gone.get() && form.errors.with(Vec::is_empty)>
            <h2>{t(Key::FormErrorSummary)}</h2>
            <ul>
                {move || consent_missing.get().then(|| view! { <li><a href="#consent-box">{t(Key::ConsentMissing)}</a></li> })}
                {move || licence_missing.get().then(|| view! { <li><a href="#licence-consent">{t(Key::ApplyLicenceConsentMissing)}</a></li> })}
                {move || licence_gone.get().then(|| view! { <li><a href=form.url(false)>{t(Key::ApplyLicenceNotFound)}</a></li> })}
            </ul>
        </div>
        {move || sending.error().map(|error| view! {
            <div class="ys-error" role="alert">
                <p class="ys-error__message">{t(error.message())}</p>
                <p>{t(Key::ApplyDraftKept)}</p>
            </div>
        })}
        <form class="ys-form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            {licence_consent}
            <ConsentBox consented missing=consent_missing />
            <p>{t(Key::ApplyDeclaration)}</p>
            <div class="ys-actions">
                <button type="submit" class="ys-button ys-button--warm" aria-disabled=move || sending.busy().to_string()>
                    {move || t(if sending.busy() { Key::ApplySubmitting } else { Key::ApplySubmit })}
                </button>
            </div>
        </form>
    }
}

/// 检查您的申请 (GOV.UK's check answers): every answer and every value on one page, each with
/// a way to change it, before anything is sent.
#[component]
fn CheckAnswers(
    event: LifeEvent,
    answers: Answers,
    fields: Vec<FormField>,
    draft: RwSignal<Draft>,
    /// The licences given, by field id.
    licences: Vec<(String, Licence)>,
    form_url: String,
) -> impl IntoView {
    let l = lang();
    let navigate = use_navigate();
    let question_rows = yishi_core::conditions::visible_questions(&event.questions, &answers)
        .into_iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let value = answers.get(&q.id)?;
            let shown = match (value, &q.kind) {
                (AnswerValue::Bool(b), _) => {
                    t(if *b { Key::AnswerYes } else { Key::AnswerNo }).to_string()
                }
                (AnswerValue::Choice(c), QuestionKind::SingleChoice { options }) => options
                    .iter()
                    .find(|o| &o.value == c)
                    .map_or_else(|| c.clone(), |o| local(&o.label)),
                (v, _) => answers::encode_value(v),
            };
            let change =
                routes::event_with_answers(&event, &answers, Some(EventScreen::Question(i)));
            Some(view! {
                <div class="ys-summary__row">
                    <dt>{local(&q.text)}</dt>
                    <dd>{shown}</dd>
                    <dd class="ys-summary__change"><A href=change>{t(Key::ApplyChange)}</A></dd>
                </div>
            })
        })
        .collect_view();
    let d = draft.get_untracked();
    let field_rows = fields
        .iter()
        .map(|f| {
            let licence = licences.iter().find(|(id, _)| *id == f.id).map(|(_, l)| l);
            let shown = match f.kind {
                FieldKind::Attachment if licence.is_some() => licence.map(|l| {
                    fill(
                        t(Key::ApplyLicenceGiven),
                        &[("name", &local(&l.name)), ("number", &l.number_masked)],
                    )
                }),
                FieldKind::Attachment => d
                    .files
                    .get(&f.id)
                    .map(|u| format!("{} ({})", u.name, format::file_size(l, u.size as f64))),
                FieldKind::Choice => d.fields.get(&f.id).map(|v| {
                    f.options
                        .iter()
                        .find(|o| &o.value == v)
                        .map_or_else(|| v.clone(), |o| local(&o.label))
                }),
                _ => d.fields.get(&f.id).cloned(),
            }
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| t(Key::ApplyNotGiven).to_string());
            let id = f.id.clone();
            let navigate = navigate.clone();
            let form_url = form_url.clone();
            let change = move |_| {
                navigate(&form_url, Default::default());
                crate::focus::after(50, format!("field-{id}"));
            };
            view! {
                <div class="ys-summary__row">
                    <dt>{local(&f.label)}</dt>
                    <dd class="ys-summary__value">{shown}</dd>
                    <dd class="ys-summary__change">
                        <button type="button" class="ys-link-button" on:click=change>
                            {t(Key::ApplyChange)} <span class="ys-visually-hidden">{local(&f.label)}</span>
                        </button>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <h2 id="check-title" tabindex="-1">{t(Key::ApplyCheckTitle)}</h2>
        <p class="ys-lead">{local(&event.card.name)}</p>
        <p class="ys-muted">{t(Key::ApplyCheckIntro)}</p>
        <h3>{t(Key::ApplyCheckSituation)}</h3>
        <dl class="ys-summary">{question_rows}</dl>
        <h3>{t(Key::ApplyCheckDetails)}</h3>
        <dl class="ys-summary">{field_rows}</dl>
    }
}

/// The confirmation (GOV.UK's confirmation page): the case number, what happens next, when,
/// and how the citizen will hear, with the way to follow it.
#[component]
fn Confirmation(case: Case, draft: Draft, schema: FormSchema) -> impl IntoView {
    let l = lang();
    let deadline = &case.summary.deadline;
    let when = fill(
        t(Key::ApplyNextWhen),
        &[
            ("promised", &format::limit(l, &deadline.promised)),
            ("legal", &format::limit(l, &deadline.legal)),
        ],
    );
    // The phone the citizen gave for this application, masked, where the form asked for one.
    let phone = schema
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Phone)
        .find_map(|f| draft.fields.get(&f.id))
        .filter(|p| !p.trim().is_empty())
        .map(|p| yishi_core::validate::mask_phone(p.trim()));
    view! {
        <section id="apply-done" class="ys-panel" tabindex="-1" aria-labelledby="apply-done-title">
            <h2 id="apply-done-title">{t(Key::ApplyDone)}</h2>
            <p>{t(Key::CaseNumber)}</p>
            <p class="ys-panel__number">{case.summary.number.clone()}</p>
            <crate::components::query_code::QueryCode code=case.query_code.clone() />
        </section>
        <section aria-labelledby="apply-next-title">
            <h2 id="apply-next-title">{t(Key::ApplyNextTitle)}</h2>
            <ol class="ys-list ys-next-steps">
                <li>{t(Key::ApplyNextReview)}</li>
                <li>{when}</li>
                <li>{t(Key::ApplyNextAction)}</li>
                {phone.map(|p| view! { <li>{fill(t(Key::ApplyNextPhone), &[("phone", &p)])}</li> })}
                <li>{t(Key::ApplyNextLookup)}</li>
            </ol>
            <div class="ys-actions">
                <A href=routes::case(&case.summary.id) attr:class="ys-button">{t(Key::ApplyTrack)}</A>
                <A href=routes::CASES attr:class="ys-button ys-button--secondary">{t(Key::NavCases)}</A>
            </div>
        </section>
    }
}

#[component]
fn FieldInput(field: FormField, form: Form) -> impl IntoView {
    let Form { draft, errors, .. } = form;
    let id = field.id.clone();
    let input_id = format!("field-{id}");
    let error_id = format!("field-{id}-error");
    let help_id = format!("field-{id}-help");
    let error = {
        let id = id.clone();
        Memo::new(move |_| {
            errors.with(|errs| errs.iter().find(|(f, _)| *f == id).map(|(_, m)| m.clone()))
        })
    };
    let required = field.required;
    let is_choice = field.kind == FieldKind::Choice;
    let label = view! {
        <label id=format!("{input_id}-label") for=(!is_choice).then(|| input_id.clone())>
            {local(&field.label)}
            {(!required).then(|| view! { " " <span class="ys-muted">{t(Key::FormOptional)}</span> })}
        </label>
    };
    let help = field
        .help
        .as_ref()
        .map(|h| view! { <p id=help_id.clone() class="ys-muted">{local(h)}</p> });
    let described = format!("{help_id} {error_id}");
    let value = {
        let id = id.clone();
        move || draft.with(|d| d.fields.get(&id).cloned().unwrap_or_default())
    };
    let on_input = {
        let id = id.clone();
        move |v: String| {
            draft.update(|d| {
                d.fields.insert(id.clone(), v);
            });
            form.save();
        }
    };
    // Leaving a field re-checks it only when it shows an error (so a correction clears it at
    // once). A new error appears on "continue", not on blur: an error line appearing above the
    // button as the citizen taps it moves the button away from under the finger.
    let on_blur = {
        let field = field.clone();
        move || {
            if error.with_untracked(Option::is_some) {
                form.recheck(&field);
            }
        }
    };
    let control = match field.kind {
        FieldKind::Choice => {
            let options = field.options.clone();
            let group_id = input_id.clone();
            view! {
                <div class="ys-choices" role="radiogroup" aria-labelledby=format!("{group_id}-label") aria-describedby=described.clone()>
                    {options.into_iter().enumerate().map(|(i, o)| {
                        let v = o.value.clone();
                        let on_input = on_input.clone();
                        let on_blur = on_blur.clone();
                        let value = value.clone();
                        let for_check = v.clone();
                        // The first radio takes the field's id, so the error summary can link to it.
                        let radio_id = (i == 0).then(|| group_id.clone());
                        view! {
                            <label class="ys-choice">
                                <input type="radio" id=radio_id name=format!("choice-{id}") value=v.clone()
                                    prop:checked=move || value() == for_check
                                    on:change=move |_| { on_input(v.clone()); on_blur(); } />
                                <span>{local(&o.label)}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        FieldKind::Attachment => view! { <FileInput field=field.clone() form /> }.into_any(),
        kind => {
            let (input_type, mode, autocomplete) = match kind {
                FieldKind::Phone => ("tel", "numeric", "tel"),
                FieldKind::Date => ("date", "none", "off"),
                FieldKind::Number => ("text", "decimal", "off"),
                FieldKind::ResidentId | FieldKind::CreditCode => ("text", "text", "off"),
                _ => ("text", "text", "on"),
            };
            let today = today().to_string();
            let bound = move |b: &Option<String>| {
                b.as_ref().map(|b| {
                    if b == "today" {
                        today.clone()
                    } else {
                        b.clone()
                    }
                })
            };
            let on_blur = on_blur.clone();
            view! {
                <input id=input_id.clone() type=input_type inputmode=mode autocomplete=autocomplete
                    maxlength=field.max_length.map(|m| m.to_string())
                    min=bound(&field.min_date) max=bound(&field.max_date)
                    aria-required=required.to_string()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=described.clone()
                    prop:value=value
                    on:input:target=move |ev| on_input(ev.target().value())
                    on:blur=move |_| on_blur() />
            }
            .into_any()
        }
    };
    view! {
        <div class="ys-field" class:ys-field--error=move || error.get().is_some()>
            {label}
            {help}
            <p id=error_id class="ys-field__error">{move || error.get()}</p>
            {control}
        </div>
    }
}

/// Counts an upload out of [`Form::uploading`] when dropped: at the end of its task, whatever
/// the result (the count's signal may be gone with the page).
struct UploadEnded(RwSignal<usize>);

impl Drop for UploadEnded {
    fn drop(&mut self) {
        self.0.try_update(|n| *n = n.saturating_sub(1));
    }
}

/// A file for a material: uploaded at once, with progress; the draft keeps its id.
#[component]
fn FileInput(field: FormField, form: Form) -> impl IntoView {
    let field_for_licence = field.clone();
    let draft = form.draft;
    let id = field.id.clone();
    let input_id = format!("field-{id}");
    let progress = RwSignal::new(None::<f64>);
    let failed = RwSignal::new(None::<ApiError>);
    let refused = RwSignal::new(None::<PageKey>);
    let current = {
        let id = id.clone();
        move || draft.with(|d| d.files.get(&id).cloned())
    };
    let remove = {
        let id = id.clone();
        move |_| {
            draft.update(|d| {
                d.files.remove(&id);
            });
            form.save();
        }
    };
    let hint_id = format!("{input_id}-hint");
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        // Type and size first: no upload for a file the backend would refuse.
        if let Some(problem) = format::file_problem(&file.type_(), file.size()) {
            failed.set(None);
            refused.set(Some(problem.page()));
            return;
        }
        refused.set(None);
        let id = id.clone();
        let field = field.clone();
        progress.set(Some(0.0));
        failed.set(None);
        form.uploading.update(|n| *n += 1);
        // Owned by the field: leaving the page aborts the upload. Should the answer still
        // arrive, the form's signals are gone and nothing is written (`try_update` is `None`):
        // saving and checking read them and would panic, which kills the app.
        crate::task::spawn_owned(async move {
            // Counted down when the task ends: after the draft has the file (a waiting 继续
            // finds it there), after a failure, or when the field goes and aborts the upload.
            let _ended = UploadEnded(form.uploading);
            let result = api::upload(&file, move |p| {
                let _ = progress.try_set(Some(p));
            })
            .await;
            if progress.try_set(None).is_some() {
                return;
            }
            match result {
                Ok(attachment) => {
                    let uploaded = Uploaded {
                        id: attachment.id,
                        name: attachment.name,
                        size: attachment.size,
                    };
                    if draft.try_update(|d| d.files.insert(id, uploaded)).is_some() {
                        form.save();
                        form.recheck(&field);
                    }
                }
                Err(e) => {
                    let _ = failed.try_set(Some(e));
                }
            }
        });
    };
    // "Use my electronic licence" (the default) or a file, when the citizen holds the material.
    let held = {
        let field = field_for_licence.clone();
        move || form.held_licence(&field)
    };
    let using_licence = {
        let field = field_for_licence.clone();
        move || form.licence_for(&field).is_some()
    };
    let choice_name = format!("licence-{}", field_for_licence.id);
    let licence_choice = {
        let using_licence = using_licence.clone();
        let id = field_for_licence.id.clone();
        move || {
            held().map(|l| {
                let (a, b) = (id.clone(), id.clone());
                let using = using_licence.clone();
                let using2 = using_licence.clone();
                view! {
                    <fieldset class="ys-fieldset ys-choices ys-licence-choice">
                        <legend class="ys-visually-hidden">{t(Key::ApplyLicenceHow)}</legend>
                        <label class="ys-choice">
                            <input type="radio" name=choice_name.clone() value="licence"
                                prop:checked=using
                                on:change=move |_| form.choose_licence(&a, true) />
                            <span>
                                {t(Key::ApplyLicenceUse)} <br />
                                <span class="ys-muted">{local(&l.name)} " " {l.number_masked.clone()}</span>
                            </span>
                        </label>
                        <label class="ys-choice">
                            <input type="radio" name=choice_name.clone() value="upload"
                                prop:checked=move || !using2()
                                on:change=move |_| form.choose_licence(&b, false) />
                            <span>{t(Key::ApplyLicenceUpload)}</span>
                        </label>
                    </fieldset>
                }
            })
        }
    };
    view! {
        {licence_choice}
        <div class="ys-file-choice" hidden=using_licence>
        <p id=hint_id.clone() class="ys-muted">{t(Key::FormFileHint)}</p>
        <input id=input_id type="file" accept="application/pdf,image/jpeg,image/png" on:change=on_change aria-describedby=hint_id />
        {move || progress.get().map(|p| view! {
            <progress class="ys-progress" max="100" value=format!("{:.0}", p * 100.0) aria-label=t(Key::FormUploading)></progress>
        })}
        {move || current().map(|f| view! {
            <p class="ys-uploaded">
                <span class="ys-tag ys-tag--ok">{t(Key::FormUploaded)}</span> " " {f.name} " (" {format::file_size(lang(), f.size as f64)} ") "
                <button type="button" class="ys-link-button" on:click=remove.clone()>{t(Key::FormRemoveFile)}</button>
            </p>
        })}
        {move || refused.get().map(|k| view! { <p class="ys-field__error" role="alert">{t(k)}</p> })}
        {move || failed.get().map(|e| view! { <p class="ys-field__error">{t(Key::FormUploadFailed)} " " {t(e.message())}</p> })}
        </div>
    }
}
