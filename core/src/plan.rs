//! The one-time notification (一次性告知): from a life event and the citizen's answers, which
//! matters apply and one merged, deduplicated checklist of every material to prepare.
//!
//! Rules:
//! - Answers to hidden questions are ignored ([`effective_answers`]).
//! - A matter applies as its `applies_when` evaluates: `True` (applies), `False` (does not) or
//!   `Unknown` (maybe: a question it depends on is unanswered). A question whose own
//!   `shown_when` is `False` will never be answered, so comparisons over it are `False`.
//! - A material is needed when both its matter and its own `applies_when` are possible
//!   (Kleene `and` is not `False`); it is certain when that is `True` for at least one matter.
//! - Each material asks the citizen for one [`Action`], by its source: bring it (the applicant
//!   or a third party issues it, or a source this version does not know), fill it in online
//!   (`online_form`), or nothing (`government`: 电子证照 / 免提交; `obtained_by_office`).
//! - Materials with the same `id` merge into one item whose action is the strongest any matter
//!   asks (bring > fill in online > nothing). Only the matters asking that action shape the
//!   item: the strongest form among them (an original for one matter and a copy for another
//!   means original and copy), the most copies, the strongest necessity (required > unknown >
//!   deferrable > optional), their notes and the people whose documents they are (`holders`,
//!   one line each). A 免提交 note of another matter does not blur what to bring.
//! - Items are grouped (to bring, deferrable, optional, fill in online, nothing to do) and keep
//!   event order within a group.
//! - Steps joined by `or` are alternatives; the event's conditions are expected to tell them
//!   apart, and the plan reports each matter's truth rather than guessing.

use yishi_contract::LifeEvent;
use yishi_contract::{Holder, Material, MaterialForm, MaterialSource, Medium, Necessity, Text};

use crate::conditions::{
    Answers, Truth, effective_answers, evaluate_with, hidden_questions, unanswered_questions,
};

/// One bundled matter and whether it applies to this citizen.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedMatter {
    /// The step it belongs to.
    pub step_id: String,
    /// The matter's id in the catalogue.
    pub matter_id: String,
    /// The matter's name as the event gives it.
    pub name: Text,
    /// True: applies; False: does not; Unknown: maybe (answer more questions).
    pub applies: Truth,
}

/// What a material asks of the citizen, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Nothing: the government holds it (电子证照, 免提交) or the office obtains it itself.
    Nothing,
    /// 可在线填写: the online application asks for it.
    FillOnline,
    /// Prepare and bring (or upload) it.
    Bring,
}

/// What `source` asks of the citizen. A source this version does not know is brought: the
/// safe advice.
pub fn action_of(source: MaterialSource) -> Action {
    match source {
        MaterialSource::Government | MaterialSource::ObtainedByOffice => Action::Nothing,
        MaterialSource::OnlineForm => Action::FillOnline,
        MaterialSource::Applicant | MaterialSource::ThirdParty | MaterialSource::Unknown => {
            Action::Bring
        }
    }
}

/// Where an item sits in the checklist, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChecklistGroup {
    /// 需携带/提交: required (or of unknown necessity).
    Bring,
    /// 容缺: may be supplied after acceptance.
    Deferrable,
    /// 非必要: bring if you have it.
    Optional,
    /// 网上填写: the online application asks for it; nothing to prepare.
    FillOnline,
    /// 不用准备: the government already holds it (电子证照), or the office obtains it.
    NoNeedToBring,
}

/// One line of the merged checklist: one material, however many matters need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChecklistItem {
    /// The material's id, stable across matters.
    pub material_id: String,
    /// The name as the first matter (in event order) gives it.
    pub name: Text,
    /// 原件/复印件: the strongest any matter asks for.
    pub form: MaterialForm,
    /// 份数: the most any matter asks for.
    pub copies: u8,
    /// 载体: the strictest any matter asks for.
    pub medium: Medium,
    /// 必要性: the strongest any matter gives.
    pub necessity: Necessity,
    /// 来源, of the first matter asking the item's action.
    pub source: MaterialSource,
    /// What the citizen does about it: the strongest any matter asks.
    pub action: Action,
    /// Nothing to bring: the government holds it or the office obtains it, for every matter.
    pub no_need_to_bring: bool,
    /// Whose documents (one checklist line each), from the matters asking the item's action.
    pub holders: Vec<Holder>,
    /// 仅在…时需要, of the first matter asking the item's action that says so.
    pub only_if: Option<Text>,
    /// True: needed; Unknown: maybe (depends on unanswered questions).
    pub needed: Truth,
    /// The matters that need it, in event order, without repeats.
    pub used_by: Vec<String>,
    /// Those of `used_by` that ask the item's action (for an item to bring: the matters it
    /// is brought for; the others get it from the government).
    pub action_by: Vec<String>,
    /// Every distinct note of the matters asking the item's action.
    pub notes: Vec<Text>,
    /// 空白表格: the first any matter offers.
    pub blank_form_url: Option<String>,
    /// 示例样表: the first any matter offers.
    pub sample_url: Option<String>,
    /// Where the item sits in the list.
    pub group: ChecklistGroup,
}

/// The one-time notification for an event and a set of answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Every matter of the event, in event order, with its truth.
    pub matters: Vec<PlannedMatter>,
    /// The merged checklist, grouped and in event order within each group.
    pub checklist: Vec<ChecklistItem>,
    /// Visible questions still unanswered: answering them removes the "maybe"s.
    pub unanswered: Vec<String>,
}

impl Plan {
    /// The matters that apply for certain.
    pub fn applicable(&self) -> impl Iterator<Item = &PlannedMatter> {
        self.matters.iter().filter(|m| m.applies == Truth::True)
    }

    /// Whether anything in the plan still depends on an unanswered question.
    pub fn is_tentative(&self) -> bool {
        self.matters.iter().any(|m| m.applies == Truth::Unknown)
            || self.checklist.iter().any(|i| i.needed == Truth::Unknown)
    }
}

/// The key under which the app stores a ticked checklist item: per event and material id, so a
/// tick survives changed answers and a re-ordered list.
pub fn checklist_key(event_id: &str, material_id: &str) -> String {
    format!("checklist/{event_id}/{material_id}")
}

/// Computes the one-time notification (一次性告知) for `event` and `answers`.
pub fn plan(event: &LifeEvent, answers: &Answers) -> Plan {
    let effective = effective_answers(&event.questions, answers);
    // Questions that will never be asked make their comparisons false, not "maybe".
    let hidden = hidden_questions(&event.questions, answers);
    let holds = |c: Option<&yishi_contract::Condition>| {
        c.map_or(Truth::True, |c| evaluate_with(c, &effective, &hidden))
    };
    let mut matters = Vec::new();
    let mut items: Vec<ChecklistItem> = Vec::new();
    for step in &event.steps {
        for m in &step.matters {
            let applies = holds(m.applies_when.as_ref());
            matters.push(PlannedMatter {
                step_id: step.id.clone(),
                matter_id: m.matter_id.clone(),
                name: m.name.clone(),
                applies,
            });
            if !applies.is_possible() {
                continue;
            }
            for mat in &m.materials {
                let needed = applies.and(holds(mat.applies_when.as_ref()));
                if !needed.is_possible() {
                    continue;
                }
                match items.iter_mut().find(|i| i.material_id == mat.id) {
                    Some(item) => merge(item, mat, &m.matter_id, needed),
                    None => items.push(new_item(mat, &m.matter_id, needed)),
                }
            }
        }
    }
    for item in &mut items {
        item.group = group_of(item);
    }
    // Stable: event order is kept within each group.
    items.sort_by_key(|i| i.group);
    let unanswered = unanswered_questions(&event.questions, answers)
        .into_iter()
        .map(|q| q.id.clone())
        .collect();
    Plan {
        matters,
        checklist: items,
        unanswered,
    }
}

fn new_item(mat: &Material, matter_id: &str, needed: Truth) -> ChecklistItem {
    let action = action_of(mat.source);
    ChecklistItem {
        material_id: mat.id.clone(),
        name: mat.name.clone(),
        form: mat.form,
        copies: mat.copies,
        medium: mat.medium,
        necessity: mat.necessity,
        source: mat.source,
        action,
        no_need_to_bring: action == Action::Nothing,
        holders: mat.holders.clone(),
        only_if: mat.only_if.clone(),
        needed,
        used_by: vec![matter_id.to_string()],
        action_by: vec![matter_id.to_string()],
        notes: mat.note.iter().cloned().collect(),
        blank_form_url: mat.blank_form_url.clone(),
        sample_url: mat.sample_url.clone(),
        group: ChecklistGroup::Bring,
    }
}

fn merge(item: &mut ChecklistItem, mat: &Material, matter_id: &str, needed: Truth) {
    let action = action_of(mat.source);
    if action > item.action {
        // A stronger ask: this matter now decides what the item says (the weaker asks only
        // stay in `used_by`), e.g. one matter needs the card shown where others hold it.
        let mut stronger = new_item(mat, matter_id, needed.or(item.needed));
        stronger.used_by = std::mem::take(&mut item.used_by);
        stronger.used_by.retain(|u| u != matter_id);
        stronger.used_by.push(matter_id.to_string());
        stronger.name = item.name.clone();
        stronger.blank_form_url = item.blank_form_url.take().or(stronger.blank_form_url);
        stronger.sample_url = item.sample_url.take().or(stronger.sample_url);
        *item = stronger;
        return;
    }
    item.needed = item.needed.or(needed);
    if !item.used_by.iter().any(|u| u == matter_id) {
        item.used_by.push(matter_id.to_string());
    }
    if item.blank_form_url.is_none() {
        item.blank_form_url.clone_from(&mat.blank_form_url);
    }
    if item.sample_url.is_none() {
        item.sample_url.clone_from(&mat.sample_url);
    }
    if action < item.action {
        return;
    }
    if !item.action_by.iter().any(|u| u == matter_id) {
        item.action_by.push(matter_id.to_string());
    }
    item.form = merge_form(item.form, mat.form);
    item.copies = item.copies.max(mat.copies);
    item.medium = merge_medium(item.medium, mat.medium);
    if necessity_rank(mat.necessity) > necessity_rank(item.necessity) {
        item.necessity = mat.necessity;
    }
    for h in &mat.holders {
        if !item.holders.contains(h) {
            item.holders.push(*h);
        }
    }
    if item.only_if.is_none() {
        item.only_if.clone_from(&mat.only_if);
    }
    if let Some(note) = &mat.note
        && !item.notes.contains(note)
    {
        item.notes.push(note.clone());
    }
}

/// An original for one matter and a copy for another means bringing both.
fn merge_form(a: MaterialForm, b: MaterialForm) -> MaterialForm {
    match (a, b) {
        (x, y) if x == y => x,
        (MaterialForm::Unknown, x) | (x, MaterialForm::Unknown) => x,
        _ => MaterialForm::OriginalAndCopy,
    }
}

/// The stricter medium: "either" yields to a specific one; paper wins over electronic because
/// a paper original can always be scanned, not the other way round.
fn merge_medium(a: Medium, b: Medium) -> Medium {
    match (a, b) {
        (x, y) if x == y => x,
        (Medium::Unknown | Medium::Either, x) | (x, Medium::Unknown | Medium::Either) => x,
        _ => Medium::Paper,
    }
}

/// Unknown necessity ranks just below required: bringing it is the safe advice.
fn necessity_rank(n: Necessity) -> u8 {
    match n {
        Necessity::Required => 3,
        Necessity::Unknown => 2,
        Necessity::Deferrable => 1,
        Necessity::Optional => 0,
    }
}

fn group_of(item: &ChecklistItem) -> ChecklistGroup {
    match item.action {
        Action::Nothing => return ChecklistGroup::NoNeedToBring,
        Action::FillOnline => return ChecklistGroup::FillOnline,
        Action::Bring => {}
    }
    match item.necessity {
        Necessity::Required | Necessity::Unknown => ChecklistGroup::Bring,
        Necessity::Deferrable => ChecklistGroup::Deferrable,
        Necessity::Optional => ChecklistGroup::Optional,
    }
}

#[cfg(test)]
mod tests {
    use yishi_contract::{
        AnswerValue::Bool, AnswerValue::Choice as C, Condition, Joiner, Step, StepMatter,
    };

    use super::*;
    use crate::conditions::tests::{answers, choice, event, is, single, yes_no};

    fn material(
        id: &str,
        zh: &str,
        form: MaterialForm,
        copies: u8,
        necessity: Necessity,
        source: MaterialSource,
    ) -> Material {
        Material {
            holders: Vec::new(),
            only_if: None,
            id: id.into(),
            name: Text::new(zh, id),
            form,
            copies,
            medium: Medium::Paper,
            necessity,
            source,
            note: None,
            blank_form_url: None,
            sample_url: None,
            applies_when: None,
        }
    }

    fn when(mut m: Material, c: Condition) -> Material {
        m.applies_when = Some(c);
        m
    }

    fn matter(
        id: &str,
        zh: &str,
        applies_when: Option<Condition>,
        materials: Vec<Material>,
    ) -> StepMatter {
        StepMatter {
            matter_id: id.into(),
            name: Text::new(zh, id),
            applies_when,
            materials,
        }
    }

    fn step(id: &str, matters: Vec<StepMatter>) -> Step {
        Step {
            id: id.into(),
            title: Text::new(id, id),
            joiner: Joiner::And,
            matters,
        }
    }

    /// A 新生儿出生-like event: married or not, hukou with the father or the mother.
    fn newborn() -> LifeEvent {
        use MaterialForm::*;
        use MaterialSource::*;
        use Necessity::*;
        let questions = vec![
            yes_no("married", None),
            single("hukou_with", &["father", "mother"], None),
            yes_no("has_insurance_card", None),
        ];
        let birth_cert = material(
            "birth_cert",
            "出生医学证明",
            Original,
            1,
            Required,
            ThirdParty,
        );
        let parent_id = material(
            "parent_id",
            "父母居民身份证",
            Original,
            1,
            Required,
            Applicant,
        );
        let hukou_book = material("hukou_book", "居民户口簿", Original, 1, Required, Applicant);
        let steps = vec![
            step(
                "s1",
                vec![matter(
                    "birth_medical_cert",
                    "出生医学证明",
                    None,
                    vec![
                        parent_id.clone(),
                        material("delivery_record", "分娩记录", Copy, 1, Required, ThirdParty),
                    ],
                )],
            ),
            step(
                "s2",
                vec![
                    matter(
                        "hukou_registration",
                        "出生户口登记",
                        None,
                        vec![
                            birth_cert.clone(),
                            Material {
                                form: Copy,
                                copies: 2,
                                ..parent_id.clone()
                            },
                            hukou_book.clone(),
                            // Married parents: the marriage certificate is shared as an e-certificate.
                            when(
                                material(
                                    "marriage_cert",
                                    "结婚证",
                                    Original,
                                    1,
                                    Required,
                                    Government,
                                ),
                                is("married", true),
                            ),
                            // Unmarried: a paternity statement is needed when joining the father's hukou.
                            when(
                                material(
                                    "paternity",
                                    "亲子关系声明",
                                    Original,
                                    1,
                                    Required,
                                    Applicant,
                                ),
                                Condition::All(vec![
                                    is("married", false),
                                    choice("hukou_with", "father"),
                                ]),
                            ),
                        ],
                    ),
                    matter(
                        "medical_insurance",
                        "城乡居民医保参保登记",
                        None,
                        vec![
                            Material {
                                necessity: Deferrable,
                                ..birth_cert.clone()
                            },
                            when(
                                material("photo", "照片", Original, 2, Optional, Applicant),
                                is("has_insurance_card", false),
                            ),
                        ],
                    ),
                ],
            ),
            step(
                "s3",
                vec![matter(
                    "social_security_card",
                    "社会保障卡申领",
                    Some(is("has_insurance_card", false)),
                    vec![
                        material("photo", "照片", Original, 1, Required, Applicant),
                        material("e_hukou", "电子户籍信息", Original, 1, Required, Government),
                    ],
                )],
            ),
        ];
        event(questions, steps)
    }

    fn item<'a>(p: &'a Plan, id: &str) -> &'a ChecklistItem {
        p.checklist
            .iter()
            .find(|i| i.material_id == id)
            .unwrap_or_else(|| panic!("no {id} in {:#?}", p.checklist))
    }

    fn ids(p: &Plan) -> Vec<&str> {
        p.checklist.iter().map(|i| i.material_id.as_str()).collect()
    }

    #[test]
    fn everything_answered_married_father() {
        let a = answers(&[
            ("married", Bool(true)),
            ("hukou_with", C("father".into())),
            ("has_insurance_card", Bool(true)),
        ]);
        let p = plan(&newborn(), &a);
        assert!(!p.is_tentative() && p.unanswered.is_empty());
        let applies: Vec<(&str, Truth)> = p
            .matters
            .iter()
            .map(|m| (m.matter_id.as_str(), m.applies))
            .collect();
        assert_eq!(
            applies,
            [
                ("birth_medical_cert", Truth::True),
                ("hukou_registration", Truth::True),
                ("medical_insurance", Truth::True),
                ("social_security_card", Truth::False),
            ]
        );
        // To bring first (event order), then no-need; paternity and photos excluded.
        assert_eq!(
            ids(&p),
            [
                "parent_id",
                "delivery_record",
                "birth_cert",
                "hukou_book",
                "marriage_cert"
            ]
        );
        let pid = item(&p, "parent_id");
        // Original for one matter, two copies for another: original and copy, 2 copies.
        assert_eq!((pid.form, pid.copies), (MaterialForm::OriginalAndCopy, 2));
        assert_eq!(pid.used_by, ["birth_medical_cert", "hukou_registration"]);
        let bc = item(&p, "birth_cert");
        // Required for one matter, deferrable for another: required.
        assert_eq!(
            (bc.necessity, bc.group),
            (Necessity::Required, ChecklistGroup::Bring)
        );
        assert_eq!(bc.used_by, ["hukou_registration", "medical_insurance"]);
        let mc = item(&p, "marriage_cert");
        assert!(mc.no_need_to_bring);
        assert_eq!(mc.group, ChecklistGroup::NoNeedToBring);
    }

    #[test]
    fn unmarried_with_fathers_hukou_needs_a_paternity_statement() {
        let a = answers(&[
            ("married", Bool(false)),
            ("hukou_with", C("father".into())),
            ("has_insurance_card", Bool(false)),
        ]);
        let p = plan(&newborn(), &a);
        let got = ids(&p);
        assert!(
            got.contains(&"paternity") && !got.contains(&"marriage_cert"),
            "{got:?}"
        );
        // The social security card applies now; its photo requirement (1, required) merges with
        // the insurance photo (2, optional): 2 copies, required.
        let photo = item(&p, "photo");
        assert_eq!(
            (photo.copies, photo.necessity, photo.needed),
            (2, Necessity::Required, Truth::True)
        );
        assert_eq!(photo.used_by, ["medical_insurance", "social_security_card"]);
        // Government-held items come last.
        assert_eq!(
            p.checklist.last().map(|i| i.material_id.as_str()),
            Some("e_hukou")
        );
        let a = answers(&[("married", Bool(false)), ("hukou_with", C("mother".into()))]);
        assert!(!ids(&plan(&newborn(), &a)).contains(&"paternity"));
    }

    #[test]
    fn unanswered_questions_give_maybes() {
        let p = plan(&newborn(), &Answers::new());
        assert!(p.is_tentative());
        assert_eq!(
            p.unanswered,
            ["married", "hukou_with", "has_insurance_card"]
        );
        let ssc = p
            .matters
            .iter()
            .find(|m| m.matter_id == "social_security_card")
            .unwrap();
        assert_eq!(ssc.applies, Truth::Unknown);
        // Both marriage branches are possible: both appear, as maybes.
        assert_eq!(item(&p, "marriage_cert").needed, Truth::Unknown);
        assert_eq!(item(&p, "paternity").needed, Truth::Unknown);
        assert_eq!(item(&p, "birth_cert").needed, Truth::True);
        // Knowing "married" settles the paternity statement before hukou_with is answered.
        let p = plan(&newborn(), &answers(&[("married", Bool(true))]));
        assert!(!ids(&p).contains(&"paternity"));
        assert_eq!(item(&p, "marriage_cert").needed, Truth::True);
    }

    #[test]
    fn a_certain_need_beats_a_maybe_in_either_order() {
        use MaterialForm::Original;
        use MaterialSource::Applicant;
        use Necessity::Required;
        let x = || material("x", "材料", Original, 1, Required, Applicant);
        let maybe = matter("maybe", "或许", Some(is("q", true)), vec![x()]);
        let sure = matter("sure", "一定", None, vec![x()]);
        for matters in [vec![maybe.clone(), sure.clone()], vec![sure, maybe]] {
            let ev = event(vec![yes_no("q", None)], vec![step("s", matters)]);
            let p = plan(&ev, &Answers::new());
            assert_eq!(item(&p, "x").needed, Truth::True);
            assert_eq!(item(&p, "x").used_by.len(), 2);
        }
        // Only the maybe: stays a maybe; answered no: gone.
        let ev = event(
            vec![yes_no("q", None)],
            vec![step(
                "s",
                vec![matter("m", "或许", Some(is("q", true)), vec![x()])],
            )],
        );
        assert_eq!(
            item(&plan(&ev, &Answers::new()), "x").needed,
            Truth::Unknown
        );
        assert!(
            plan(&ev, &answers(&[("q", Bool(false))]))
                .checklist
                .is_empty()
        );
    }

    #[test]
    fn groups_order_bring_deferrable_optional_no_need() {
        use MaterialForm::Original;
        use MaterialSource::*;
        use Necessity::*;
        let ev = event(
            vec![],
            vec![step(
                "s",
                vec![matter(
                    "m",
                    "事项",
                    None,
                    vec![
                        material("gov", "电子证照", Original, 1, Required, Government),
                        material("opt", "非必要", Original, 1, Optional, Applicant),
                        material("later", "容缺", Original, 1, Deferrable, Applicant),
                        material("must", "必要", Original, 1, Required, Applicant),
                        material(
                            "odd",
                            "未知必要性",
                            Original,
                            1,
                            Necessity::Unknown,
                            Applicant,
                        ),
                    ],
                )],
            )],
        );
        let p = plan(&ev, &Answers::new());
        assert_eq!(ids(&p), ["must", "odd", "later", "opt", "gov"]);
    }

    #[test]
    fn government_source_needs_every_matter_to_agree() {
        use MaterialForm::*;
        use MaterialSource::*;
        use Necessity::*;
        let ev = event(
            vec![],
            vec![step(
                "s",
                vec![
                    matter(
                        "a",
                        "甲",
                        None,
                        vec![material("lic", "营业执照", Copy, 1, Required, Government)],
                    ),
                    matter(
                        "b",
                        "乙",
                        None,
                        vec![material(
                            "lic",
                            "营业执照",
                            Original,
                            1,
                            Optional,
                            Applicant,
                        )],
                    ),
                    matter(
                        "a",
                        "甲",
                        None,
                        vec![material("lic", "营业执照", Copy, 1, Required, Government)],
                    ),
                ],
            )],
        );
        let p = plan(&ev, &Answers::new());
        let lic = item(&p, "lic");
        assert!(!lic.no_need_to_bring);
        // Only the matter that needs it brought says how: the government-held copies of the
        // other matter neither add a copy nor make it required.
        assert_eq!(
            (lic.source, lic.form, lic.necessity, lic.group),
            (Applicant, Original, Optional, ChecklistGroup::Optional)
        );
        assert_eq!(lic.used_by, ["a", "b"]); // no repeats
    }

    /// `material` with holders, a note and a condition in words.
    fn detailed(
        m: Material,
        holders: &[Holder],
        note: Option<&str>,
        only_if: Option<&str>,
    ) -> Material {
        Material {
            holders: holders.to_vec(),
            note: note.map(Text::zh),
            only_if: only_if.map(Text::zh),
            ..m
        }
    }

    #[test]
    fn what_to_bring_says_whose_and_only_the_notes_of_bringing() {
        use Holder::{Father, Guardian, Mother};
        use MaterialForm::*;
        use MaterialSource::*;
        use Necessity::*;
        let id = |source, form, holders: &[Holder], note| {
            detailed(
                material("id", "居民身份证", form, 1, Required, source),
                holders,
                Some(note),
                None,
            )
        };
        let ev = event(
            vec![],
            vec![step(
                "s",
                vec![
                    matter(
                        "reg",
                        "生育登记",
                        None,
                        vec![id(
                            Government,
                            Original,
                            &[Father, Mother],
                            "夫妻双方；免提交",
                        )],
                    ),
                    matter(
                        "cert",
                        "出生证明",
                        None,
                        vec![id(
                            Applicant,
                            OriginalAndCopy,
                            &[Father, Mother],
                            "在医院出示",
                        )],
                    ),
                    matter(
                        "card",
                        "社保卡",
                        None,
                        vec![id(Government, Original, &[Guardian], "监护人；免提交")],
                    ),
                    matter(
                        "hukou",
                        "上户口",
                        None,
                        vec![
                            material("form", "申请表", Original, 1, Required, OnlineForm),
                            material(
                                "record",
                                "分娩记录",
                                Original,
                                1,
                                Required,
                                ObtainedByOffice,
                            ),
                            material(
                                "odd",
                                "新来源",
                                Original,
                                1,
                                Required,
                                MaterialSource::Unknown,
                            ),
                        ],
                    ),
                ],
            )],
        );
        let p = plan(&ev, &Answers::new());
        let card = item(&p, "id");
        assert_eq!(card.action, Action::Bring);
        assert_eq!(card.holders, [Father, Mother]); // the guardian's card is government-held
        assert_eq!(card.notes, [Text::zh("在医院出示")]);
        assert_eq!(card.form, OriginalAndCopy);
        assert_eq!(card.used_by, ["reg", "cert", "card"]);
        assert_eq!(card.action_by, ["cert"]);
        assert_eq!(item(&p, "form").group, ChecklistGroup::FillOnline);
        assert_eq!(item(&p, "record").group, ChecklistGroup::NoNeedToBring);
        assert!(item(&p, "record").no_need_to_bring);
        // A source this version does not know: bring it, the safe advice.
        assert_eq!(item(&p, "odd").group, ChecklistGroup::Bring);
        assert_eq!(ids(&p), ["id", "odd", "form", "record"]);
        // Fill in online and nothing to do: bringing wins over both, in either order.
        let ev = event(
            vec![],
            vec![step(
                "s",
                vec![
                    matter(
                        "a",
                        "甲",
                        None,
                        vec![material("x", "表", Copy, 1, Required, OnlineForm)],
                    ),
                    matter(
                        "b",
                        "乙",
                        None,
                        vec![detailed(
                            material("x", "表", Original, 2, Optional, Government),
                            &[],
                            None,
                            Some("已婚的提供"),
                        )],
                    ),
                ],
            )],
        );
        let x = item(&plan(&ev, &Answers::new()), "x").clone();
        assert_eq!((x.action, x.form, x.copies), (Action::FillOnline, Copy, 1));
        assert_eq!(x.only_if, None);
    }

    #[test]
    fn merging_helpers() {
        use MaterialForm::*;
        assert_eq!(merge_form(Original, Original), Original);
        assert_eq!(merge_form(Copy, Copy), Copy);
        assert_eq!(merge_form(Original, Copy), OriginalAndCopy);
        assert_eq!(merge_form(OriginalAndCopy, Copy), OriginalAndCopy);
        assert_eq!(merge_form(MaterialForm::Unknown, Copy), Copy);
        assert_eq!(
            merge_medium(Medium::Either, Medium::Electronic),
            Medium::Electronic
        );
        assert_eq!(
            merge_medium(Medium::Electronic, Medium::Paper),
            Medium::Paper
        );
        assert_eq!(
            merge_medium(Medium::Unknown, Medium::Either),
            Medium::Either
        );
    }

    #[test]
    fn checklist_keys_are_per_event_and_material() {
        assert_eq!(
            checklist_key("newborn", "birth_cert"),
            "checklist/newborn/birth_cert"
        );
        assert_ne!(
            checklist_key("newborn", "id"),
            checklist_key("retire", "id")
        );
    }
}
