//! Demo data, seeded once into a fresh database (documented in `server/README.md`):
//!
//! - 张晓明, 13800000001: a case at every stage, one event case, a supplement asked for during
//!   review (LJ10000113: accepted, clock paused), a bad rating with its follow-up waiting for his
//!   call-back, and a profile (resident ID, address) for prefilling forms;
//! - 李芳, 13800000002: two cases (proves that people see only their own);
//! - 王建国, 13800000003: one case of his own, and may act for 临江市味道餐饮管理有限公司, which
//!   has three cases.
//!
//! Case numbers are fixed; dates are relative to the server's clock at seeding time (counted
//! back in working days with the holiday calendar) so the data always looks current. Every stage
//! change goes through [`cases::advance`], the operator's code path, so timelines, pauses and
//! deadlines are exactly what the server would record.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};
use yishi_contract::{
    AdvanceCase, Audience, Channel, DeliveryInfo, DeliveryMethod, FollowUpAction, FollowUpStatus,
    HandlingType, LicenceKind, LifeEvent, MatterGuide, NewRating, RatingStage, Stage,
    SupplementItem, Text, Timestamp,
};

use crate::auth::{owner_business, owner_person};
use crate::cases::{self, NewCase};
use crate::catalogue::Catalogue;
use crate::env::Env;
use crate::licences;
use crate::ratings;

pub struct DemoPerson {
    pub id: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
}

pub const ZHANG: DemoPerson = DemoPerson {
    id: "p-demo-zhang",
    name: "张晓明",
    phone: "13800000001",
};
pub const LI: DemoPerson = DemoPerson {
    id: "p-demo-li",
    name: "李芳",
    phone: "13800000002",
};
pub const WANG: DemoPerson = DemoPerson {
    id: "p-demo-wang",
    name: "王建国",
    phone: "13800000003",
};
/// 统一社会信用代码, valid per GB 32100 (checked in the tests).
pub const RESTAURANT_CODE: &str = "91371102MA3LW8DQ51";
pub const RESTAURANT_NAME: &str = "临江市味道餐饮管理有限公司";

/// One stage change of a demo case: the stage, how many working days before today, and the
/// time of day (China time).
struct Step {
    to: Stage,
    days_back: u32,
    hm: (i64, i64),
}

fn step(to: Stage, days_back: u32, hm: (i64, i64)) -> Step {
    Step { to, days_back, hm }
}

/// What a demo case is about.
enum Subject<'a> {
    Matter(&'a MatterGuide),
    Event(&'a LifeEvent),
}

struct DemoCase<'a> {
    number: &'static str,
    owner: String,
    applicant: &'static str,
    subject: Subject<'a>,
    received: Step,
    steps: Vec<Step>,
}

/// The working day `n` working days before `today` (0: today).
fn working_days_back(env: &Env, today: yishi_contract::Date, n: u32) -> yishi_contract::Date {
    let mut d = today;
    let mut left = n;
    while left > 0 {
        d = d.add_days(-1);
        if env.calendar.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// The instant of a step; never later than a few minutes before `now`.
fn instant(env: &Env, now: Timestamp, s: &Step) -> Timestamp {
    let day = working_days_back(env, now.china_date(), s.days_back);
    let t = Timestamp(Timestamp::china_midnight(day).0 + s.hm.0 * 3600 + s.hm.1 * 60);
    if t.0 > now.0 - 300 {
        Timestamp(now.0 - 300 - i64::from(s.days_back))
    } else {
        t
    }
}

fn note(stage: Stage, title: &Text) -> Option<Text> {
    let (zh, en) = match stage {
        Stage::Received => (
            "已收到申请材料，正在预审",
            "Application received; checking the material",
        ),
        Stage::Accepted => (
            "申请材料齐全、符合法定形式，予以受理",
            "Complete and in due form: accepted",
        ),
        Stage::SupplementRequired => (
            "申请材料不齐全，已一次性告知需补正的全部材料",
            "Material is missing; everything needed has been listed at once",
        ),
        Stage::UnderReview => ("已转审查岗位审查", "Passed to the reviewer"),
        Stage::SpecialProcedure => (
            "需进行现场核查，核查期间不计入办理时限",
            "An on-site inspection is needed; the clock stops meanwhile",
        ),
        Stage::Approved => ("经审查符合条件，准予办理", "Meets the conditions: approved"),
        Stage::Refused => (
            "经审查不符合条件，不予办理。如不服，可依法申请行政复议或提起行政诉讼",
            "Does not meet the conditions: refused. You may apply for administrative reconsideration or sue",
        ),
        Stage::Delivered => ("办理结果已送达", "The result has been handed over"),
        Stage::Closed => ("已办结", "Closed"),
        Stage::NotAccepted => (
            "经审查，申请人不符合受理条件，不予受理，已出具《不予受理通知书》并说明理由",
            "The applicant does not meet the conditions for acceptance: not accepted; a written notice gives the reasons",
        ),
        Stage::Withdrawn => ("申请人撤回申请", "Withdrawn by the applicant"),
        Stage::Unknown => return None,
    };
    let _ = title;
    Some(Text::new(zh, en))
}

/// The first of `preferred` that the catalogue has, else the first matter (by id) for the
/// audience that is not used yet; promised matters first (they have deadlines to show).
fn pick_matter<'a>(
    cat: &'a Catalogue,
    preferred: &[&str],
    audience: Audience,
    used: &mut HashSet<String>,
) -> Option<&'a MatterGuide> {
    let found = preferred
        .iter()
        .filter_map(|id| cat.matters.get(*id))
        .find(|m| !used.contains(&m.id))
        .or_else(|| {
            let mut all: Vec<&MatterGuide> = cat
                .matters
                .values()
                .filter(|m| {
                    !used.contains(&m.id)
                        && (m.audience == audience || m.audience == Audience::Both)
                })
                .collect();
            all.sort_by(|a, b| {
                let rank = |m: &MatterGuide| (m.handling != HandlingType::Promised, m.id.clone());
                rank(a).cmp(&rank(b))
            });
            all.into_iter().next()
        })?;
    used.insert(found.id.clone());
    Some(found)
}

fn pick_event<'a>(
    cat: &'a Catalogue,
    preferred: &[&str],
    audience: Audience,
) -> Option<&'a LifeEvent> {
    preferred
        .iter()
        .filter_map(|id| cat.events.get(*id))
        .next()
        .or_else(|| {
            let mut all: Vec<&LifeEvent> = cat
                .events
                .values()
                .filter(|e| e.card.audience == audience)
                .collect();
            all.sort_by(|a, b| a.card.id.cmp(&b.card.id));
            all.into_iter().next()
        })
}

/// The office that handles a matter: its first office, else its department.
fn office_of(cat: &Catalogue, m: &MatterGuide) -> Text {
    m.offices
        .first()
        .map(|o| o.name.clone())
        .or_else(|| {
            cat.departments
                .get(&m.department_id)
                .map(|d| d.name.clone())
        })
        .unwrap_or_else(|| m.department_name.clone())
}

fn new_case(cat: &Catalogue, c: &DemoCase<'_>) -> NewCase {
    let (title, matter_id, event_id, office, promised, legal, members) = match &c.subject {
        Subject::Matter(m) => (
            m.name.clone(),
            Some(m.id.clone()),
            None,
            office_of(cat, m),
            m.promised_limit.clone(),
            m.legal_limit.clone(),
            vec![],
        ),
        Subject::Event(e) => {
            let members: Vec<(String, Text)> = e
                .card
                .matter_ids
                .iter()
                .filter_map(|id| cat.matters.get(id).map(|m| (m.id.clone(), m.name.clone())))
                .collect();
            // An event is handled at the one-stop window (综合窗口) of the service centre.
            let office = crate::one_stop::one_stop_window();
            // The contract's rule for an event's case (as `POST /applications` makes them).
            let (_, legal) = yishi_core::workdays::event_case_limits(
                &e.card.promised_limit,
                e.card
                    .matter_ids
                    .iter()
                    .filter_map(|id| cat.matters.get(id))
                    .map(|m| &m.legal_limit),
            );
            (
                e.card.name.clone(),
                None,
                Some(e.card.id.clone()),
                office,
                e.card.promised_limit.clone(),
                legal,
                members,
            )
        }
    };
    NewCase {
        id: format!("case-{}", c.number.to_ascii_lowercase()),
        number: c.number.to_string(),
        owner: c.owner.clone(),
        applicant_name: c.applicant.to_string(),
        note: note(Stage::Received, &title),
        title,
        matter_id,
        event_id,
        office,
        promised,
        legal,
        members,
    }
}

/// Two items of a one-time supplement request, from the matter's own materials when it has
/// enough, so the request names real material.
fn supplement_items(subject: &Subject<'_>, cat: &Catalogue) -> Vec<SupplementItem> {
    let materials: Vec<&yishi_contract::Material> = match subject {
        Subject::Matter(m) => m.materials.iter().collect(),
        Subject::Event(e) => e
            .card
            .matter_ids
            .iter()
            .filter_map(|id| cat.matters.get(id))
            .flat_map(|m| &m.materials)
            .collect(),
    };
    let notes = [
        Text::new(
            "原件已过有效期，请提供有效期内的原件",
            "The original has expired; bring one that is still valid",
        ),
        Text::new(
            "复印件不清晰，请重新提供清晰的复印件并加盖公章或签字",
            "The copy is illegible; supply a clear, signed or stamped copy",
        ),
    ];
    let mut items: Vec<SupplementItem> = materials
        .iter()
        .filter(|m| m.source != yishi_contract::MaterialSource::Government)
        .take(2)
        .zip(notes.iter())
        .map(|(m, n)| SupplementItem {
            id: String::new(),
            material_id: Some(m.id.clone()),
            name: m.name.clone(),
            note: Some(n.clone()),
            received: false,
        })
        .collect();
    let fallback = [
        (
            Text::new("居民身份证", "Resident identity card"),
            Text::new("请提供有效期内的身份证原件", "Bring a valid original"),
        ),
        (
            Text::new("申请表（签字页）", "Application form (signature page)"),
            Text::new(
                "申请表缺少申请人签字",
                "The applicant's signature is missing",
            ),
        ),
    ];
    for (name, n) in fallback.into_iter().skip(items.len()) {
        items.push(SupplementItem {
            id: String::new(),
            material_id: None,
            name,
            note: Some(n),
            received: false,
        });
    }
    items
}

fn sm(x: Option<&MatterGuide>) -> Option<Subject<'_>> {
    x.map(Subject::Matter)
}

fn add_case<'a>(
    list: &mut Vec<DemoCase<'a>>,
    number: &'static str,
    owner: &str,
    applicant: &'static str,
    subject: Option<Subject<'a>>,
    received: Step,
    steps: Vec<Step>,
) {
    match subject {
        Some(subject) => list.push(DemoCase {
            number,
            owner: owner.to_string(),
            applicant,
            subject,
            received,
            steps,
        }),
        None => tracing::warn!(number, "no matter or event for this demo case"),
    }
}

fn run_case(
    conn: &mut Connection,
    env: &Env,
    cat: &Catalogue,
    c: &DemoCase<'_>,
    now: Timestamp,
) -> Result<String, String> {
    let nc = new_case(cat, c);
    cases::insert_case(conn, &nc, instant(env, now, &c.received))
        .map_err(|e| format!("{}: {:?}", c.number, e.problem))?;
    for s in &c.steps {
        let mut req = AdvanceCase {
            to: s.to,
            note: note(s.to, &nc.title),
            supplement_items: vec![],
            delivery: None,
        };
        if s.to == Stage::SupplementRequired {
            req.supplement_items = supplement_items(&c.subject, cat);
        }
        if s.to == Stage::Delivered {
            req.delivery = Some(DeliveryInfo {
                method: DeliveryMethod::Post,
                detail: Text::new(
                    "EMS 邮寄送达，运单号 1180 2394 8817 6",
                    "Sent by EMS, tracking number 1180 2394 8817 6",
                ),
            });
        }
        let at = instant(env, now, s);
        let done = if s.to == Stage::Withdrawn {
            // Withdrawal is the applicant's own act.
            cases::withdraw(conn, env, &nc.owner, &nc.id, at)
        } else {
            cases::advance(conn, env, &nc.id, &req, at)
        };
        done.map_err(|e| format!("{}: {:?}", c.number, e.problem))?;
    }
    Ok(nc.id)
}

/// What the backend holds about the demo people beyond name and phone: 公民身份号码 (valid
/// GB 11643 check digits, region 220681) and an address in 临江市, for prefilling forms.
pub const PROFILES: [(&DemoPerson, &str, &str); 3] = [
    (&ZHANG, "220681198805120033", "临江市建设大街88号3单元502室"),
    (&LI, "220681199208150044", "临江市新华路126号2栋1单元301室"),
    (&WANG, "220681196503010016", "临江市鸭绿江大街17号"),
];

/// 张晓明's son, born 40 days before the seeding day: he has no number of his own.
pub const ZHANG_BABY: DemoPerson = DemoPerson {
    id: "p-demo-zhang-baby",
    name: "张小宝",
    phone: "none:p-demo-zhang-baby",
};
/// 张晓明's mother, who authorised him to act for her (代办).
pub const ZHAO: DemoPerson = DemoPerson {
    id: "p-demo-zhao",
    name: "赵秀兰",
    phone: "13800000006",
};

/// A 公民身份号码 with its GB 11643 check character, for a person born on `birth` in 临江市.
fn resident_id(birth: yishi_contract::Date, sequence: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!(
        "220681{:04}{:02}{:02}{sequence}",
        birth.year, birth.month, birth.day
    );
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The demo family (代办), once 张晓明 exists: his son (a guardian authorisation from the
/// household register) and his mother, who authorised him for a year 11 days ago.
fn seed_family(conn: &Connection, now: Timestamp) -> Result<(), String> {
    let sql = |e: rusqlite::Error| e.to_string();
    let zhang_exists = conn
        .query_row("SELECT 1 FROM people WHERE id = ?1", [ZHANG.id], |_| Ok(()))
        .optional()
        .map_err(sql)?
        .is_some();
    if !zhang_exists {
        return Ok(());
    }
    let today = now.china_date();
    let birth = today.add_days(-40);
    for p in [&ZHANG_BABY, &ZHAO] {
        conn.execute(
            "INSERT OR IGNORE INTO people (id, name, phone) VALUES (?1, ?2, ?3)",
            params![p.id, p.name, p.phone],
        )
        .map_err(sql)?;
    }
    let mother_birth = yishi_contract::Date::new(1961, 4, 18).ok_or("date")?;
    for (p, id, address) in [
        (&ZHANG_BABY, resident_id(birth, "002"), PROFILES[0].2),
        (
            &ZHAO,
            resident_id(mother_birth, "024"),
            "临江市建设大街88号1单元101室",
        ),
    ] {
        conn.execute(
            "INSERT OR IGNORE INTO profiles (person_id, resident_id, address) VALUES (?1, ?2, ?3)",
            params![p.id, id, address],
        )
        .map_err(sql)?;
    }
    crate::family::record_guardian(
        conn,
        "au-demo-baby",
        ZHANG.id,
        ZHANG_BABY.id,
        birth,
        Timestamp(now.0 - 40 * 86_400),
    )
    .map_err(|e| format!("{:?}", e.problem))?;
    let asked = now.0 - 11 * 86_400;
    conn.execute(
        "INSERT OR IGNORE INTO authorisations (id, agent_id, principal_id, relation, scope, basis, requested_at, confirmed_at, ends_on)
         VALUES ('au-demo-zhao', ?1, ?2, 'parent', 'all', 'consent', ?3, ?4, ?5)",
        params![ZHANG.id, ZHAO.id, asked, asked + 6 * 3600, today.add_days(365 - 11).to_string()],
    )
    .map_err(sql)?;
    Ok(())
}

/// Stores the demo profiles of the demo people that exist and have none yet (also in a
/// database seeded before profiles existed).
fn seed_profiles(conn: &Connection) -> Result<(), String> {
    for (p, resident_id, address) in PROFILES {
        conn.execute(
            "INSERT OR IGNORE INTO profiles (person_id, resident_id, address)
             SELECT id, ?2, ?3 FROM people WHERE id = ?1",
            params![p.id, resident_id, address],
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The demo subjects' electronic licences (我的证照). Days are relative to the seeding day, so
/// the statuses look the same whenever the demo starts: 张晓明's driving licence is expiring
/// and his old social security card revoked, 王建国's driving licence has expired.
/// (id, owner key, kind, name, English name, issuer, English issuer, masked number, holder,
/// valid from and until in days from today (`None`: no end), revoked)
#[allow(clippy::type_complexity)]
const LICENCES: &[(
    &str,
    LicenceHolder,
    LicenceKind,
    (&str, &str),
    (&str, &str),
    &str,
    Option<&str>,
    Option<i64>,
    Option<i64>,
    bool,
)] = {
    use LicenceHolder::{Li, Restaurant, Wang, Zhang};
    use LicenceKind::*;
    const PSB: (&str, &str) = ("临江市公安局", "Linjiang Public Security Bureau");
    const TRAFFIC: (&str, &str) = ("临江市公安局交通警察支队", "Linjiang Traffic Police");
    const HRSS: (&str, &str) = (
        "临江市人力资源和社会保障局",
        "Linjiang Human Resources and Social Security Bureau",
    );
    const ID: (&str, &str) = ("居民身份证", "Resident identity card");
    const HUKOU: (&str, &str) = ("居民户口簿", "Household register");
    const SSC: (&str, &str) = ("社会保障卡", "Social security card");
    const DRIVING: (&str, &str) = ("机动车驾驶证", "Driving licence");
    &[
        (
            "l-zhang-id",
            Zhang,
            ResidentIdCard,
            ID,
            PSB,
            "2206**********0033",
            None,
            Some(-2_900),
            Some(4_400),
            false,
        ),
        (
            "l-zhang-hukou",
            Zhang,
            HouseholdRegister,
            HUKOU,
            ("临江市公安局建设派出所", "Jianshe Police Station, Linjiang"),
            "2206****5021",
            Some("张晓明（户主）"),
            None,
            None,
            false,
        ),
        (
            "l-zhang-marriage",
            Zhang,
            MarriageCertificate,
            ("结婚证", "Marriage certificate"),
            ("临江市民政局", "Linjiang Civil Affairs Bureau"),
            "J220681-2019-****12",
            None,
            Some(-2_400),
            None,
            false,
        ),
        (
            "l-zhang-birth",
            Zhang,
            BirthMedicalCertificate,
            ("出生医学证明", "Birth medical certificate"),
            (
                "临江市妇幼保健院",
                "Linjiang Maternal and Child Health Hospital",
            ),
            "Y22****8831",
            Some("张小宝"),
            Some(-40),
            None,
            false,
        ),
        (
            "l-zhang-ssc",
            Zhang,
            SocialSecurityCard,
            SSC,
            HRSS,
            "2206**********0033",
            None,
            Some(-1_500),
            Some(2_100),
            false,
        ),
        (
            "l-zhang-driving",
            Zhang,
            DrivingLicence,
            DRIVING,
            TRAFFIC,
            "2206**********0033",
            None,
            Some(-2_150),
            Some(40),
            false,
        ),
        (
            "l-zhang-old-ssc",
            Zhang,
            SocialSecurityCard,
            (
                "社会保障卡（第二代）",
                "Social security card (2nd generation)",
            ),
            HRSS,
            "L2****789",
            None,
            Some(-3_600),
            None,
            true,
        ),
        (
            "l-li-id",
            Li,
            ResidentIdCard,
            ID,
            PSB,
            "2206**********0044",
            None,
            Some(-3_100),
            Some(4_200),
            false,
        ),
        (
            "l-li-hukou",
            Li,
            HouseholdRegister,
            HUKOU,
            ("临江市公安局新华派出所", "Xinhua Police Station, Linjiang"),
            "2206****7730",
            Some("李芳（户主）"),
            None,
            None,
            false,
        ),
        (
            "l-li-ssc",
            Li,
            SocialSecurityCard,
            SSC,
            HRSS,
            "2206**********0044",
            None,
            Some(-1_900),
            Some(1_700),
            false,
        ),
        (
            "l-li-estate",
            Li,
            RealEstateCertificate,
            ("不动产权证书", "Real estate title certificate"),
            ("临江市自然资源局", "Linjiang Natural Resources Bureau"),
            "吉（2021）临江市不动产权第****318号",
            None,
            Some(-1_700),
            None,
            false,
        ),
        (
            "l-wang-id",
            Wang,
            ResidentIdCard,
            ID,
            PSB,
            "2206**********0016",
            None,
            Some(-5_000),
            None,
            false,
        ),
        (
            "l-wang-driving",
            Wang,
            DrivingLicence,
            DRIVING,
            TRAFFIC,
            "2206**********0016",
            None,
            Some(-3_680),
            Some(-30),
            false,
        ),
        (
            "l-restaurant-business",
            Restaurant,
            BusinessLicence,
            ("营业执照", "Business licence"),
            (
                "临江市市场监督管理局",
                "Linjiang Market Regulation Administration",
            ),
            "9137**********DQ51",
            Some(RESTAURANT_NAME),
            Some(-700),
            None,
            false,
        ),
    ]
};

/// Whose a demo licence is.
#[derive(Clone, Copy)]
enum LicenceHolder {
    Zhang,
    Li,
    Wang,
    Restaurant,
}

/// Stores the demo licences of the demo subjects that exist and lack them (also in a database
/// seeded before licences existed).
fn seed_licences(conn: &Connection, now: Timestamp) -> Result<(), String> {
    let today = now.china_date();
    for &(id, subject, kind, name, issuer, number, holder, from, until, revoked) in LICENCES {
        let (owner, exists_sql, key) = match subject {
            LicenceHolder::Zhang => (owner_person(ZHANG.id), PERSON_EXISTS, ZHANG.id),
            LicenceHolder::Li => (owner_person(LI.id), PERSON_EXISTS, LI.id),
            LicenceHolder::Wang => (owner_person(WANG.id), PERSON_EXISTS, WANG.id),
            LicenceHolder::Restaurant => (
                owner_business(RESTAURANT_CODE),
                BUSINESS_EXISTS,
                RESTAURANT_CODE,
            ),
        };
        let exists: bool = conn
            .query_row(exists_sql, params![key], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if !exists {
            continue;
        }
        let text = |(zh, en): (&str, &str)| Text {
            zh: zh.into(),
            en: Some(en.into()),
        };
        licences::insert(
            conn,
            &licences::NewLicence {
                id,
                owner: &owner,
                kind,
                name: text(name),
                issuer: text(issuer),
                number_masked: number,
                holder,
                valid_from: from.map(|d| today.add_days(d)),
                valid_until: until.map(|d| today.add_days(d)),
                revoked,
            },
            now,
        )
        .map_err(|e| format!("demo licence {id}: {:?}", e.problem))?;
    }
    Ok(())
}

const PERSON_EXISTS: &str = "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)";
const BUSINESS_EXISTS: &str = "SELECT EXISTS (SELECT 1 FROM businesses WHERE credit_code = ?1)";

/// Seeds the demo data unless it is already there.
pub fn seed_once(
    conn: &mut Connection,
    env: &Env,
    cat: &Catalogue,
    now: Timestamp,
) -> Result<(), String> {
    let done: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'demo_seeded_at'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| e.to_string())?;
    if done.is_some() {
        seed_profiles(conn)?;
        seed_family(conn, now)?;
        return seed_licences(conn, now);
    }
    if cat.matters.is_empty() {
        tracing::warn!("the catalogue has no matters; demo data not seeded");
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| e.to_string())?;
    match seed(conn, env, cat, now) {
        Ok(()) => conn.execute_batch("COMMIT").map_err(|e| e.to_string()),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn seed(conn: &mut Connection, env: &Env, cat: &Catalogue, now: Timestamp) -> Result<(), String> {
    let sql = |e: rusqlite::Error| e.to_string();
    for p in [&ZHANG, &LI, &WANG] {
        conn.execute(
            "INSERT INTO people (id, name, phone) VALUES (?1, ?2, ?3)",
            params![p.id, p.name, p.phone],
        )
        .map_err(sql)?;
    }
    seed_family(conn, now)?;
    conn.execute(
        "INSERT INTO businesses (credit_code, name) VALUES (?1, ?2)",
        params![RESTAURANT_CODE, RESTAURANT_NAME],
    )
    .map_err(sql)?;
    conn.execute(
        "INSERT INTO business_agents (person_id, credit_code) VALUES (?1, ?2)",
        params![WANG.id, RESTAURANT_CODE],
    )
    .map_err(sql)?;

    use Stage::*;
    let mut used = HashSet::new();
    let person = Audience::Person;
    let mut m =
        |preferred: &[&str], audience: Audience| pick_matter(cat, preferred, audience, &mut used);
    let zhang = owner_person(ZHANG.id);
    let li = owner_person(LI.id);
    let wang = owner_person(WANG.id);
    let biz = owner_business(RESTAURANT_CODE);

    let mut list: Vec<DemoCase<'_>> = Vec::new();
    let mut add = |number, owner: &String, applicant, subject, received, steps| {
        add_case(
            &mut list, number, owner, applicant, subject, received, steps,
        )
    };
    let picks_zhang = [
        m(&["social-security-card-application"], person),
        m(&["residence-permit-application"], person),
        m(&["maternity-medical-reimbursement"], person),
        m(&["inheritance-real-estate-registration"], person),
        m(&["maternity-allowance"], person),
        m(&["employment-difficulty-recognition"], person),
        m(&["social-security-card-replacement"], person),
        m(&["birth-hukou-registration"], person),
        m(&["flexible-employment-insurance-subsidy"], person),
        m(&["migrant-children-points-enrolment"], person),
        m(&["primary-school-enrolment"], person),
        m(&["disability-living-allowance"], person),
    ];
    let picks_li = [
        m(&["employee-pension-claim"], person),
        m(&["employee-retirement-application"], person),
    ];
    let pick_wang = m(&["veteran-preferential-card"], person);
    let picks_biz = [
        m(&["food-business-permit"], Audience::Business),
        m(&["company-establishment-registration"], Audience::Business),
    ];
    let newborn = pick_event(cat, &["newborn", "newborn-birth", "birth"], person);
    let restaurant = pick_event(
        cat,
        &["open-restaurant", "restaurant-opening", "restaurant"],
        Audience::Business,
    );

    let s = step;
    let [z1, z2, z3, z4, z5, z6, z7, z8, z9, z10, z11, z12] = picks_zhang;
    // 张晓明: one case per stage.
    add(
        "LJ10000101",
        &zhang,
        ZHANG.name,
        sm(z1),
        s(Received, 0, (10, 12)),
        vec![],
    );
    add(
        "LJ10000102",
        &zhang,
        ZHANG.name,
        sm(z2),
        s(Received, 2, (9, 41)),
        vec![s(Accepted, 1, (14, 5))],
    );
    add(
        "LJ10000103",
        &zhang,
        ZHANG.name,
        sm(z3),
        s(Received, 3, (15, 20)),
        vec![s(SupplementRequired, 2, (10, 48))],
    );
    add(
        "LJ10000104",
        &zhang,
        ZHANG.name,
        newborn.map(Subject::Event),
        s(Received, 9, (9, 3)),
        vec![s(Accepted, 8, (11, 30)), s(UnderReview, 7, (9, 15))],
    );
    add(
        "LJ10000105",
        &zhang,
        ZHANG.name,
        sm(z4),
        s(Received, 9, (9, 30)),
        vec![
            s(Accepted, 8, (10, 2)),
            s(UnderReview, 7, (15, 40)),
            s(SpecialProcedure, 5, (10, 0)),
        ],
    );
    add(
        "LJ10000106",
        &zhang,
        ZHANG.name,
        sm(z5),
        s(Received, 8, (14, 10)),
        vec![
            s(Accepted, 7, (9, 20)),
            s(UnderReview, 6, (10, 5)),
            s(Approved, 1, (16, 30)),
        ],
    );
    add(
        "LJ10000107",
        &zhang,
        ZHANG.name,
        sm(z6),
        s(Received, 15, (10, 0)),
        vec![
            s(Accepted, 14, (9, 35)),
            s(UnderReview, 12, (14, 0)),
            s(Refused, 8, (11, 10)),
        ],
    );
    add(
        "LJ10000108",
        &zhang,
        ZHANG.name,
        sm(z7),
        s(Received, 20, (9, 50)),
        vec![
            s(Accepted, 19, (10, 20)),
            s(UnderReview, 17, (9, 0)),
            s(Approved, 12, (15, 0)),
            s(Delivered, 10, (10, 30)),
        ],
    );
    // Closed and not yet rated at completion; it went through a supplement first (a closed pause).
    add(
        "LJ10000109",
        &zhang,
        ZHANG.name,
        sm(z8),
        s(Received, 30, (9, 10)),
        vec![
            s(SupplementRequired, 29, (11, 0)),
            s(Accepted, 26, (9, 40)),
            s(UnderReview, 25, (10, 0)),
            s(Approved, 24, (16, 0)),
            s(Delivered, 22, (10, 0)),
            s(Closed, 21, (17, 0)),
        ],
    );
    add(
        "LJ10000110",
        &zhang,
        ZHANG.name,
        sm(z9),
        s(Received, 10, (10, 25)),
        vec![s(NotAccepted, 9, (15, 0))],
    );
    add(
        "LJ10000111",
        &zhang,
        ZHANG.name,
        sm(z10),
        s(Received, 9, (16, 0)),
        vec![s(Accepted, 8, (9, 30)), s(Withdrawn, 6, (11, 45))],
    );
    // Closed and rated badly at completion; the office has rectified and awaits his call-back.
    add(
        "LJ10000112",
        &zhang,
        ZHANG.name,
        sm(z11),
        s(Received, 45, (9, 20)),
        vec![
            s(Accepted, 44, (10, 0)),
            s(UnderReview, 42, (9, 30)),
            s(Approved, 36, (15, 0)),
            s(Delivered, 35, (10, 0)),
            s(Closed, 34, (16, 30)),
        ],
    );
    // 补正 during review: accepted, under review, then more material asked for; the clock that
    // had been running since acceptance is paused until he supplies it.
    add(
        "LJ10000113",
        &zhang,
        ZHANG.name,
        sm(z12),
        s(Received, 12, (9, 15)),
        vec![
            s(Accepted, 11, (10, 30)),
            s(UnderReview, 10, (9, 0)),
            s(SupplementRequired, 3, (15, 20)),
        ],
    );
    // 李芳
    let [l1, l2] = picks_li;
    add(
        "LJ20000101",
        &li,
        LI.name,
        sm(l1),
        s(Received, 4, (9, 0)),
        vec![s(Accepted, 3, (10, 0)), s(UnderReview, 2, (14, 0))],
    );
    add(
        "LJ20000102",
        &li,
        LI.name,
        sm(l2),
        s(Received, 16, (9, 0)),
        vec![
            s(Accepted, 15, (9, 30)),
            s(UnderReview, 14, (9, 0)),
            s(Approved, 10, (15, 0)),
            s(Delivered, 9, (9, 0)),
            s(Closed, 8, (16, 0)),
        ],
    );
    // 王建国, for himself.
    add(
        "LJ30000101",
        &wang,
        WANG.name,
        sm(pick_wang),
        s(Received, 2, (11, 0)),
        vec![s(Accepted, 1, (9, 0))],
    );
    // 临江市味道餐饮管理有限公司 (the applicant of a business case is the business).
    let [b1, b2] = picks_biz;
    add(
        "LJ40000101",
        &biz,
        RESTAURANT_NAME,
        restaurant.map(Subject::Event),
        s(Received, 3, (9, 30)),
        vec![s(Accepted, 3, (14, 0)), s(UnderReview, 2, (9, 0))],
    );
    add(
        "LJ40000102",
        &biz,
        RESTAURANT_NAME,
        sm(b1),
        s(Received, 4, (10, 0)),
        vec![s(SupplementRequired, 3, (15, 30))],
    );
    add(
        "LJ40000103",
        &biz,
        RESTAURANT_NAME,
        sm(b2),
        s(Received, 25, (9, 0)),
        vec![
            s(Accepted, 25, (9, 40)),
            s(UnderReview, 25, (10, 0)),
            s(Approved, 25, (11, 30)),
            s(Delivered, 25, (14, 0)),
            s(Closed, 24, (16, 0)),
        ],
    );

    let mut ids = Vec::new();
    for c in &list {
        ids.push((c.number, run_case(conn, env, cat, c, now)?));
    }

    // The bad rating of LJ10000112 and the office's follow-up so far.
    if let Some((_, case_id)) = ids.iter().find(|(n, _)| *n == "LJ10000112") {
        let rated_at = instant(env, now, &s(Closed, 33, (20, 15)));
        let rating = ratings::create(
            conn,
            env,
            Some(&zhang),
            &NewRating {
                case_id: case_id.clone(),
                stage: RatingStage::Completion,
                channel: Channel::Window,
                level: 2,
                dimensions: vec![
                    yishi_contract::DimensionScore {
                        dimension: "efficiency".into(),
                        level: 2,
                    },
                    yishi_contract::DimensionScore {
                        dimension: "service_level".into(),
                        level: 3,
                    },
                    yishi_contract::DimensionScore {
                        dimension: "attitude".into(),
                        level: 4,
                    },
                ],
                reasons: vec!["repeat_materials".into(), "many_visits".into()],
                comment: Some("窗口要求重复提供户口簿复印件，跑了两次才办完。".into()),
                lookup: None,
            },
            rated_at,
        )
        .map_err(|e| format!("demo rating: {:?}", e.problem))?;
        for (status, days, hm, zh, en) in [
            (
                FollowUpStatus::Rectifying,
                32,
                (10, 0),
                "经核实，窗口确有要求重复提交材料的情况，已安排整改",
                "Confirmed: the counter asked for material twice; rectification is under way",
            ),
            (
                FollowUpStatus::Rectified,
                30,
                (15, 30),
                "已通过部门数据共享调取户口信息，不再要求申请人提交户口簿复印件；已对窗口人员开展业务培训",
                "Household data is now fetched from the shared database, so no copy is asked for; counter staff were retrained",
            ),
        ] {
            let at = instant(env, now, &s(Closed, days, hm));
            ratings::add_follow_up(
                conn,
                &rating.id,
                &FollowUpAction {
                    status,
                    text: Text::new(zh, en),
                },
                at,
            )
            .map_err(|e| format!("demo follow-up: {:?}", e.problem))?;
        }
    }
    seed_profiles(conn)?;
    seed_licences(conn, now)?;
    // 免申即享: 张晓明's baby is registered (the birth registration case above is closed), so
    // the childcare subsidy is on its way with nothing to apply for.
    for b in crate::suggestions::benefits_after("newborn", now.china_date()) {
        crate::suggestions::offer(conn, &b.for_owner(&zhang), now)
            .map_err(|e| format!("demo suggestion: {:?}", e.problem))?;
    }
    // The demo's history wrote messages as it went (消息中心); a citizen has long read all but
    // the supplement requests their cases still wait on.
    conn.execute(
        "UPDATE messages SET read_at = created_at
         WHERE NOT (kind = 'supplement_required' AND case_id IN
                    (SELECT id FROM cases WHERE stage = 'supplement_required'))",
        [],
    )
    .map_err(sql)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('demo_seeded_at', ?1)",
        params![now.to_string()],
    )
    .map_err(sql)?;
    Ok(())
}
