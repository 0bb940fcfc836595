//! The documents behind the index: departments (with offices), service guides (办事指南) and
//! life events, built from the vocabulary and a per-item random stream.

use yishi_contract::{
    Audience, DeliveryMethod, Department, EventCard, Faq, FeeItem, Fees, FieldKind, FormField,
    FormSchema, HandlingType, Joiner, LegalBasis, LifeEvent, Material, MaterialForm,
    MaterialSource, MatterCard, MatterGuide, MatterKind, Medium, Necessity, Office, ProfileKey,
    ServiceOptions, Step, StepMatter, Text, TimeLimit, TimeUnit, Visits,
};

use crate::Body;
use crate::anchors::MatterRow;
use crate::rng::Rng;
use crate::themes::Theme;
use crate::vocab::{ACTIONS, Action, DISTRICTS, DOMAINS, EXTRA_DEPARTMENTS, Object, ROADS};
use yishi_contract::Date;

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 统一社会信用代码 of a government body (机关: `11`), with the check characters of the
/// organisation code (GB 11714) and of the whole code (GB 32100).
pub(crate) fn credit_code(region: &str, serial: u32) -> String {
    const CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W11714: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    const W32100: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let org = format!("{:08}", 72_540_000 + serial);
    let sum: u32 = org
        .bytes()
        .zip(W11714)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from(b'0' + n as u8),
    };
    let body = format!("11{region}{org}{org_check}");
    let sum: u32 = body
        .bytes()
        .zip(W32100)
        .map(|(b, w)| CHARS.iter().position(|&c| c == b).unwrap_or(0) as u32 * w)
        .sum();
    let check = CHARS[((31 - sum % 31) % 31) as usize] as char;
    format!("{body}{check}")
}

fn phone(serial: u32) -> String {
    format!("0761-{}", 82_000_000 + serial * 17)
}

const HOURS: (&str, &str) = (
    "周一至周五 9:00-12:00、13:30-17:30（法定节假日除外）",
    "Mon–Fri 9:00–12:00 and 13:30–17:30 (closed on public holidays)",
);

fn office(dept_id: &str, name: Text, address: Text, phone: &str, serial: u32) -> Office {
    Office {
        id: format!("{dept_id}-main"),
        name,
        address,
        hours: Text::new(HOURS.0, HOURS.1),
        phone: phone.to_string(),
        appointment: !serial.is_multiple_of(3),
        location: None,
    }
}

fn address(
    place_zh: &str,
    place_en: &str,
    serial: u32,
    building_zh: &str,
    building_en: &str,
) -> Text {
    let (road_zh, road_en) = ROADS[serial as usize % ROADS.len()];
    let num = 1 + serial * 7 % 199;
    Text::new(
        format!("临江市{place_zh}{road_zh} {num} 号 {building_zh}"),
        format!("{building_en}, {num} {road_en}, {place_en}, Linjiang"),
    )
}

/// A city department the seed does not have (交警支队, 司法局…).
pub(crate) fn city_department(i: usize) -> Department {
    let (id, zh, en, tel) = EXTRA_DEPARTMENTS[i];
    let serial = 100 + i as u32;
    let domain = DOMAINS
        .iter()
        .find(|d| d.dept == id)
        .expect("a domain per extra department");
    let (w_zh, w_en) = domain.window;
    Department {
        id: id.to_string(),
        name: Text::new(zh, en),
        code: credit_code("441100", serial),
        phone: tel.to_string(),
        offices: vec![office(
            id,
            Text::new(
                format!("市政务服务中心{w_zh}窗口"),
                format!("{w_en} windows, Municipal Government Service Centre"),
            ),
            Text::new(
                "临江市滨江区市民大道 88 号 市政务服务中心 3 楼",
                "Floor 3, Municipal Government Service Centre, 88 Shimin Avenue, Binjiang District, Linjiang",
            ),
            tel,
            serial,
        )],
    }
}

fn fill(tpl: &str, d: &crate::vocab::District) -> String {
    tpl.replace("{De}", d.en)
        .replace("{Se}", d.en_short)
        .replace("{D}", d.zh)
        .replace("{S}", d.short)
}

/// A district's or county's department of a domain (滨江区市场监督管理局…).
pub(crate) fn district_department(domain: usize, d: usize) -> Department {
    let dom = &DOMAINS[domain];
    let dist = &DISTRICTS[d];
    let (tpl_zh, tpl_en) = match (dist.county, dom.county) {
        (true, Some(c)) => c,
        _ => dom
            .district
            .expect("only domains with district departments reach districts"),
    };
    let id = format!("{}-{}", dom.dept, dist.slug);
    let serial = 1000 + domain as u32 * 20 + d as u32;
    let tel = phone(serial);
    let (w_zh, w_en) = dom.window;
    Department {
        id: id.clone(),
        name: Text::new(fill(tpl_zh, dist), fill(tpl_en, dist)),
        code: credit_code(dist.region, serial),
        phone: tel.clone(),
        offices: vec![office(
            &id,
            Text::new(
                format!("{}政务服务中心{w_zh}窗口", dist.zh),
                format!("{w_en} windows, {} Government Service Centre", dist.en),
            ),
            address(
                dist.zh,
                dist.en,
                serial,
                &format!("{}政务服务中心", dist.zh),
                &format!("{} Government Service Centre", dist.en),
            ),
            &tel,
            serial,
        )],
    }
}

/// A street office (街道办事处) or town government (镇人民政府), which takes applications for
/// the matters closest to residents.
pub(crate) fn street_department(d: usize, s: usize) -> Department {
    let dist = &DISTRICTS[d];
    let (sz, se) = dist.streets[s];
    let se = capitalise(se);
    let id = format!("street-{}-{}", dist.slug, dist.streets[s].1);
    let serial = 3000 + d as u32 * 10 + s as u32;
    let tel = phone(serial);
    let (name, name_en, centre, centre_en) = if dist.county {
        (
            format!("{}{sz}镇人民政府", dist.zh),
            format!("{se} Town Government, {}", dist.en),
            format!("{sz}镇便民服务中心"),
            format!("{se} Town Service Centre"),
        )
    } else {
        (
            format!("{}{sz}街道办事处", dist.zh),
            format!("{se} Subdistrict Office, {}", dist.en),
            format!("{sz}街道便民服务中心"),
            format!("{se} Subdistrict Service Centre"),
        )
    };
    Department {
        id: id.clone(),
        name: Text::new(name, name_en),
        code: credit_code(dist.region, serial),
        phone: tel.clone(),
        offices: vec![office(
            &id,
            Text::new(centre.clone(), centre_en.clone()),
            address(
                &format!("{}{sz}", dist.zh),
                dist.en,
                serial,
                &centre,
                &centre_en,
            ),
            &tel,
            serial,
        )],
    }
}

/// What a composed matter's guide is made from.
pub(crate) struct Composed<'a> {
    pub domain: usize,
    pub object: usize,
    pub action: usize,
    /// The base's id stem: its own application form is `{stem}-application_form`, the same
    /// form wherever it is implemented.
    pub stem: &'a str,
    pub legal_limit: u16,
    pub body: Body,
}

fn mat(
    id: &str,
    zh: &str,
    en: &str,
    form: MaterialForm,
    necessity: Necessity,
    source: MaterialSource,
    note: Option<Text>,
) -> Material {
    Material {
        id: id.to_string(),
        name: Text::new(zh, en),
        form,
        copies: 1,
        medium: if source == MaterialSource::Government {
            Medium::Either
        } else {
            Medium::Paper
        },
        necessity,
        source,
        holders: Vec::new(),
        only_if: None,
        note,
        blank_form_url: None,
        sample_url: None,
        applies_when: None,
    }
}

/// Materials government departments issue and share (电子证照): the citizen need not bring them.
const GOVERNMENT_ISSUED: &[&str] = &[
    "household_register",
    "marriage_certificate",
    "birth_medical_certificate",
    "property_certificate",
    "business_license",
    "disability_certificate",
    "discharge_certificate",
    "vehicle_license",
    "graduation_certificate",
];

fn identity_materials(audience: Audience, establishing: bool, agent: bool) -> Vec<Material> {
    let mut out = Vec::new();
    let shared = Some(Text::new(
        "已关联电子证照的免提交",
        "Not needed when the e-certificate is linked",
    ));
    if audience != Audience::Business {
        out.push(mat(
            "resident_id_card",
            "居民身份证",
            "Resident identity card",
            MaterialForm::Original,
            Necessity::Required,
            MaterialSource::Government,
            shared.clone(),
        ));
    }
    if audience != Audience::Person {
        if !establishing {
            out.push(mat(
                "business_license",
                "营业执照",
                "Business licence",
                MaterialForm::Original,
                if audience == Audience::Both {
                    Necessity::Optional
                } else {
                    Necessity::Required
                },
                MaterialSource::Government,
                shared,
            ));
        }
        out.push(mat(
            "legal_rep_id",
            "法定代表人身份证件",
            "Identity document of the legal representative",
            MaterialForm::Copy,
            Necessity::Required,
            MaterialSource::Applicant,
            None,
        ));
    }
    if agent || audience != Audience::Person {
        out.push(mat(
            "agent_authorisation",
            "授权委托书",
            "Letter of authorisation",
            MaterialForm::Original,
            Necessity::Optional,
            MaterialSource::Applicant,
            Some(Text::new(
                "委托他人办理的提供",
                "Only when someone applies on your behalf",
            )),
        ));
    }
    out
}

fn form_material(stem: &str, name: &Text) -> Material {
    mat(
        &format!("{stem}-application_form"),
        &format!("{}申请表", name.zh),
        &format!(
            "Application form: {}",
            name.en.as_deref().unwrap_or(&name.zh)
        ),
        MaterialForm::Original,
        Necessity::Required,
        MaterialSource::Applicant,
        Some(Text::new(
            "网上申请的在线填写，无需另交纸质表",
            "Filled in online when you apply online; no paper copy needed",
        )),
    )
}

fn process(handling: HandlingType, kind: MatterKind) -> Vec<Text> {
    let mut p = vec![Text::new(
        "网上或窗口提交申请和材料",
        "Apply online or at the window with the materials",
    )];
    if handling == HandlingType::Instant {
        p.push(Text::new(
            "窗口当场核验材料",
            "The window checks the materials on the spot",
        ));
        p.push(Text::new(
            "当场办结，出具办理结果",
            "Decided on the spot; the result is issued at once",
        ));
        return p;
    }
    p.push(Text::new(
        "受理：材料齐全的当场受理，不齐全的一次性告知需要补正的全部内容",
        "Acceptance: a complete file is accepted at once; otherwise you are told everything missing in one go",
    ));
    p.push(Text::new("审查", "Review"));
    if kind == MatterKind::Licensing {
        p.push(Text::new(
            "现场核查（需要时）",
            "On-site inspection (when needed)",
        ));
    }
    p.push(Text::new("作出决定", "Decision"));
    p.push(Text::new(
        "送达：窗口领取、邮寄或电子送达",
        "Delivery: collect at the window, by post or electronically",
    ));
    p
}

fn faq(name: &str, visits: &Visits) -> Vec<Faq> {
    let answer = match (visits.count, &visits.reason) {
        (0, _) => Text::new(
            "不需要。全程网上办理，结果通过电子证照或邮寄送达。",
            "No. It is handled entirely online; the result comes as an e-certificate or by post.",
        ),
        (n, Some(r)) => Text::new(
            format!("需要到现场 {n} 次：{}。", r.zh),
            format!(
                "You need to go {n} time(s): {}.",
                r.en.as_deref().unwrap_or(&r.zh)
            ),
        ),
        (n, None) => Text::new(
            format!("需要到现场 {n} 次。"),
            format!("You need to go {n} time(s)."),
        ),
    };
    vec![
        Faq {
            question: Text::new(
                format!("办理“{name}”需要本人到现场吗？"),
                "Do I have to go in person?",
            ),
            answer,
        },
        Faq {
            question: Text::new("可以委托他人代办吗？", "Can someone else apply for me?"),
            answer: Text::new(
                "可以。代办人需携带本人身份证件和申请人签署的授权委托书。",
                "Yes. They bring their own identity document and a letter of authorisation you signed.",
            ),
        },
    ]
}

fn updated_on(r: &mut Rng) -> Date {
    Date::new(2026, 1 + r.below(11) as u8, 1 + r.below(28) as u8).expect("a valid date")
}

fn offices_for(dept: &Department, r: &mut Rng) -> Vec<Office> {
    let mut offices: Vec<Office> = dept.offices.iter().take(1).cloned().collect();
    if dept.offices.len() > 1 && r.chance(50) {
        offices.push(dept.offices[1].clone());
    }
    offices
}

fn legal_basis(law: (&str, &str), r: &mut Rng) -> Vec<LegalBasis> {
    let article = 2 + r.below(60);
    vec![LegalBasis {
        title: Text::new(law.0, law.1),
        article: Some(Text::new(
            format!("第{}条", chinese_number(article)),
            format!("Article {article}"),
        )),
    }]
}

/// 1–99 in Chinese numerals (第二十五条).
fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n % 10]),
        _ if n.is_multiple_of(10) => format!("{}十", D[n / 10]),
        _ => format!("{}十{}", D[n / 10], D[n % 10]),
    }
}

/// The guide of a composed matter.
pub(crate) fn composed_guide(
    c: &Composed,
    card: &MatterCard,
    dept: &Department,
    mut r: Rng,
) -> MatterGuide {
    let dom = &DOMAINS[c.domain];
    let obj = &dom.objects[c.object];
    let act = &ACTIONS[c.action];
    let conditions = conditions(c, card, obj, act);
    let materials = materials(c, card, obj, act, &mut r);
    let visits = visits(card, act);
    let fees = fees(obj, act);
    let offices = offices_for(dept, &mut r);
    let delivery = delivery(card, act);
    let services = ServiceOptions {
        online_apply: card.online_depth >= 3,
        appointment: offices.iter().any(|o| o.appointment),
        postal_delivery: delivery.contains(&DeliveryMethod::Post),
        online_payment: !fees.free && card.online_depth >= 3,
    };
    let faq = faq(&card.name.zh, &visits);
    MatterGuide {
        id: card.id.clone(),
        name: card.name.clone(),
        aliases: card.aliases.clone(),
        basic_code: card.basic_code.clone(),
        implementation_code: format!("{}{}00", dept.code, card.basic_code),
        kind: card.kind,
        department_id: dept.id.clone(),
        department_name: dept.name.clone(),
        audience: card.audience,
        handling: card.handling,
        legal_limit: TimeLimit {
            value: c.legal_limit,
            unit: TimeUnit::WorkingDays,
            note: None,
        },
        promised_limit: card.promised_limit.clone(),
        visits,
        online_depth: card.online_depth,
        fees,
        conditions,
        materials,
        process: process(card.handling, card.kind),
        legal_basis: legal_basis(dom.law, &mut r),
        offices,
        services,
        delivery,
        faq,
        phone: dept.phone.clone(),
        hotline: "12345".to_string(),
        updated_on: updated_on(&mut r),
    }
}

/// Who may apply (申请条件): the audience, the district or street for a local matter, and what
/// the action requires of the thing applied for.
fn conditions(c: &Composed, card: &MatterCard, obj: &Object, act: &Action) -> Vec<Text> {
    let obj_en = obj.en.to_lowercase();
    let mut conditions = vec![match card.audience {
        Audience::Person => Text::new(
            "申请人为本市户籍居民或持有本市有效居住证的常住人口",
            "You are registered in Linjiang or hold a valid Linjiang residence permit",
        ),
        Audience::Business => Text::new(
            "申请人为依法设立的经营主体或其他组织",
            "The applicant is a lawfully established business or other organisation",
        ),
        _ => Text::new(
            "本市自然人、法人或其他组织",
            "A person, business or organisation in Linjiang",
        ),
    }];
    match c.body {
        Body::District(d) => {
            let dist = &DISTRICTS[d as usize];
            conditions.push(Text::new(
                format!("户籍、居住地或经营场所在{}辖区内", dist.zh),
                format!(
                    "Your registered residence, home or business premises is in {}",
                    dist.en
                ),
            ));
        }
        Body::Street(d, s) => {
            let dist = &DISTRICTS[d as usize];
            let (sz, se) = dist.streets[s as usize];
            let (k, ke) = if dist.county {
                ("镇", "Town")
            } else {
                ("街道", "Subdistrict")
            };
            conditions.push(Text::new(
                format!("户籍或居住地在{}{sz}{k}辖区内", dist.zh),
                format!(
                    "Your registered residence or home is in {} {ke}, {}",
                    capitalise(se),
                    dist.en
                ),
            ));
        }
        Body::City => {}
    }
    let specific = match act.key {
        "replace" | "reissue-lost" | "loss" => Some((
            format!("{}遗失或损毁，且未被注销", obj.zh),
            format!("The {obj_en} was lost or damaged and has not been cancelled"),
        )),
        "renew" | "reissue" => Some((
            format!("{}有效期届满、三个月内将届满，或登记信息发生变化", obj.zh),
            format!(
                "The {obj_en} has expired, expires within three months, or its details changed"
            ),
        )),
        "extend" => Some((
            format!("在{}有效期届满 30 日前提出延续申请", obj.zh),
            format!("You apply at least 30 days before the {obj_en} expires"),
        )),
        "transfer" | "transfer-remote" => Some((
            "在原参保（缴存）地已停止缴费".to_string(),
            "Contributions in the previous city have stopped".to_string(),
        )),
        "withdraw" => Some((
            "符合提取条件且账户状态正常".to_string(),
            "You meet a withdrawal condition and the account is in good standing".to_string(),
        )),
        "cancel" | "cancel-reg" => Some((
            "已结清相关费用，无未办结事项".to_string(),
            "All fees are settled and nothing is pending".to_string(),
        )),
        _ => None,
    };
    if let Some((zh, en)) = specific {
        conditions.push(Text::new(zh, en));
    }

    conditions
}

/// What to bring (申请材料): identity documents, the application form, the thing itself when
/// the office needs it, and what the action needs (a statement of loss, a lease…).
fn materials(
    c: &Composed,
    card: &MatterCard,
    obj: &Object,
    act: &Action,
    r: &mut Rng,
) -> Vec<Material> {
    let obj_en = obj.en.to_lowercase();
    let establishing = matches!(act.key, "establish" | "found" | "establish-approve");
    let mut materials = identity_materials(card.audience, establishing, r.chance(30));
    materials.push(form_material(c.stem, &card.name));
    if let Some((id, zh, en)) = obj.material
        && !materials.iter().any(|m| m.id == id)
    {
        let government = GOVERNMENT_ISSUED.contains(&id);
        materials.push(mat(
            id,
            zh,
            en,
            if government {
                MaterialForm::Original
            } else {
                *r.pick(&[MaterialForm::Original, MaterialForm::Copy])
            },
            Necessity::Required,
            if government {
                MaterialSource::Government
            } else {
                MaterialSource::Applicant
            },
            None,
        ));
    }
    let action_material = match act.key {
        "replace" | "reissue-lost" | "loss" => Some((
            "loss-statement",
            "遗失声明".to_string(),
            "Statement of loss".to_string(),
            Necessity::Optional,
            MaterialSource::Applicant,
        )),
        "renew" | "reissue" => Some((
            "original-certificate",
            format!("原{}", obj.zh),
            format!("The current {obj_en}"),
            Necessity::Required,
            MaterialSource::Applicant,
        )),
        "change" | "change-reg" => Some((
            "change-proof",
            "变更事项证明材料".to_string(),
            "Proof of the change".to_string(),
            if r.chance(25) {
                Necessity::Deferrable
            } else {
                Necessity::Required
            },
            MaterialSource::Applicant,
        )),
        "cancel" | "cancel-reg" | "close-account" => Some((
            "cancellation-application",
            "注销申请书".to_string(),
            "Application for cancellation".to_string(),
            Necessity::Required,
            MaterialSource::Applicant,
        )),
        "establish" | "found" | "establish-approve" | "issue" | "approve" | "sanction" => Some((
            "lease_contract",
            "经营场所使用证明（租赁合同或产权证明）".to_string(),
            "Proof of use of the premises (lease or title)".to_string(),
            if r.chance(30) {
                Necessity::Deferrable
            } else {
                Necessity::Required
            },
            MaterialSource::Applicant,
        )),
        "withdraw" | "benefit" | "grant" | "reimburse" => Some((
            "bank_card",
            "本人银行卡".to_string(),
            "Your own bank card".to_string(),
            Necessity::Required,
            MaterialSource::Applicant,
        )),
        "transfer" | "transfer-remote" => Some((
            "transfer-letter",
            "转移接续联系函".to_string(),
            "Transfer letter from the previous city".to_string(),
            Necessity::Required,
            MaterialSource::ThirdParty,
        )),
        _ => None,
    };
    if let Some((id, zh, en, necessity, source)) = action_material
        && !materials.iter().any(|m| m.id == id)
    {
        let note = (necessity == Necessity::Deferrable).then(|| {
            Text::new(
                "可容缺受理，办结前补交",
                "The file can be accepted without it; supply it before the decision",
            )
        });
        materials.push(mat(
            id,
            &zh,
            &en,
            MaterialForm::Copy,
            necessity,
            source,
            note,
        ));
    }

    materials
}

/// Visits in person (跑动次数) and why they are needed.
fn visits(card: &MatterCard, act: &Action) -> Visits {
    let reason = (card.visits > 0).then(|| {
        if act.certificate {
            Text::new(
                "需现场核验身份、采集人像并领取证件",
                "Identity check, photo and collection of the document in person",
            )
        } else if card.kind == MatterKind::Licensing {
            Text::new("需现场核查经营场所", "The premises are inspected on site")
        } else {
            Text::new(
                "需现场核验材料原件",
                "Original documents are checked in person",
            )
        }
    });
    Visits {
        count: card.visits,
        reason,
    }
}

/// Fees (收费): a production fee for a certificate whose object has one, else free.
fn fees(obj: &Object, act: &Action) -> Fees {
    let fee = obj.fee.filter(|_| act.certificate);
    match fee {
        Some((zh, en)) => Fees {
            free: false,
            items: vec![FeeItem {
                name: Text::new("证件工本费", "Document production fee"),
                standard: Text::new(zh, en),
                basis: Some(Text::new(
                    "国家发展改革委、财政部有关收费标准",
                    "Fee standards of the National Development and Reform Commission and the Ministry of Finance",
                )),
                waivable: false,
            }],
        },
        None => Fees {
            free: true,
            items: Vec::new(),
        },
    }
}

/// How the result is delivered (送达方式): electronic or by post where the matter is online
/// enough, a certificate by post or pickup.
fn delivery(card: &MatterCard, act: &Action) -> Vec<DeliveryMethod> {
    match (card.online_depth, act.certificate) {
        (4, true) => vec![DeliveryMethod::Electronic, DeliveryMethod::Post],
        (_, true) => vec![DeliveryMethod::Pickup, DeliveryMethod::Post],
        (3 | 4, false) => vec![DeliveryMethod::Electronic],
        _ => vec![DeliveryMethod::Pickup],
    }
}

/// A plain guide for an anchor matter (the reference server serves the seed's full guide
/// instead).
pub(crate) fn anchor_guide(
    row: &MatterRow,
    card: &MatterCard,
    dept: &Department,
    seed: u64,
) -> MatterGuide {
    let mut r = Rng::derive(
        seed,
        5,
        row.basic_code
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)),
    );
    let law = DOMAINS
        .iter()
        .find(|d| d.dept == row.department_id)
        .map(|d| d.law)
        .unwrap_or((
            "中华人民共和国行政许可法",
            "Administrative Licensing Law of the People's Republic of China",
        ));
    let mut materials = identity_materials(card.audience, false, false);
    materials.push(form_material(row.id, &card.name));
    let visits = Visits {
        count: row.visits,
        reason: row.visit_reason.as_ref().map(|t| t.text()),
    };
    let offices = offices_for(dept, &mut r);
    MatterGuide {
        id: card.id.clone(),
        name: card.name.clone(),
        aliases: card.aliases.clone(),
        basic_code: card.basic_code.clone(),
        implementation_code: row.implementation_code.to_string(),
        kind: card.kind,
        department_id: dept.id.clone(),
        department_name: dept.name.clone(),
        audience: card.audience,
        handling: card.handling,
        legal_limit: row.legal_limit.limit(),
        promised_limit: card.promised_limit.clone(),
        faq: faq(&card.name.zh, &visits),
        visits,
        online_depth: card.online_depth,
        fees: Fees {
            free: true,
            items: Vec::new(),
        },
        conditions: Vec::new(),
        materials,
        process: process(card.handling, card.kind),
        legal_basis: legal_basis(law, &mut r),
        services: ServiceOptions {
            online_apply: card.online_depth >= 3,
            appointment: offices.iter().any(|o| o.appointment),
            postal_delivery: false,
            online_payment: false,
        },
        offices,
        delivery: vec![if card.online_depth >= 3 {
            DeliveryMethod::Electronic
        } else {
            DeliveryMethod::Pickup
        }],
        phone: dept.phone.clone(),
        hotline: "12345".to_string(),
        updated_on: updated_on(&mut r),
    }
}

/// A life event: one step per department, in the order of the card's matters.
pub(crate) fn life_event(
    card: EventCard,
    theme: Option<&Theme>,
    guides: &[MatterGuide],
) -> LifeEvent {
    let mut steps: Vec<Step> = Vec::new();
    for g in guides {
        let same = steps
            .last()
            .and_then(|s| s.matters.last())
            .and_then(|m| guides.iter().find(|x| x.id == m.matter_id))
            .is_some_and(|prev| prev.department_id == g.department_id);
        let sm = StepMatter {
            matter_id: g.id.clone(),
            name: g.name.clone(),
            applies_when: None,
            materials: g.materials.clone(),
        };
        match steps.last_mut() {
            Some(step) if same => step.matters.push(sm),
            _ => steps.push(Step {
                id: format!("step-{}", steps.len() + 1),
                title: g.department_name.clone(),
                joiner: Joiner::And,
                matters: vec![sm],
            }),
        }
    }
    let depts = {
        let mut d: Vec<&str> = guides.iter().map(|g| g.department_id.as_str()).collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    let description = theme
        .map(|_| {
            vec![Text::new(
                format!(
                    "{}：把 {depts} 个部门的 {} 个事项合成一次申请，一张表单、一套材料，进度一处可查。",
                    card.name.zh,
                    guides.len()
                ),
                format!(
                    "{}: {} services from {depts} departments in one application, with one form, one set of documents and one place to follow progress.",
                    card.name.en.as_deref().unwrap_or(&card.name.zh),
                    guides.len()
                ),
            )]
        })
        .unwrap_or_default();
    let form = Some(form(card.audience, guides));
    LifeEvent {
        card,
        description,
        questions: Vec::new(),
        steps,
        form,
    }
}

fn field(id: &str, label: Text, kind: FieldKind, used_by: Vec<String>) -> FormField {
    FormField {
        id: id.to_string(),
        label,
        help: None,
        kind,
        required: true,
        min_length: None,
        max_length: None,
        pattern: None,
        min_date: None,
        max_date: None,
        min: None,
        max: None,
        options: Vec::new(),
        prefill: None,
        material_id: None,
        used_by,
        shown_when: None,
    }
}

/// 一表申请: the applicant's details once for every matter, then an upload for each material
/// the applicant must bring (up to three; the rest can follow during handling).
fn form(audience: Audience, guides: &[MatterGuide]) -> FormSchema {
    let all: Vec<String> = guides.iter().map(|g| g.id.clone()).collect();
    let mut fields = if audience == Audience::Business {
        vec![
            FormField {
                min_length: Some(2),
                max_length: Some(60),
                prefill: Some(ProfileKey::BusinessName),
                ..field(
                    "business_name",
                    Text::new("经营主体名称", "Registered name of the business"),
                    FieldKind::Text,
                    all.clone(),
                )
            },
            FormField {
                prefill: Some(ProfileKey::CreditCode),
                ..field(
                    "credit_code",
                    Text::new("统一社会信用代码", "Unified social credit code"),
                    FieldKind::CreditCode,
                    all.clone(),
                )
            },
            FormField {
                prefill: Some(ProfileKey::Phone),
                ..field(
                    "contact_phone",
                    Text::new("联系电话", "Contact phone"),
                    FieldKind::Phone,
                    all,
                )
            },
        ]
    } else {
        vec![
            FormField {
                min_length: Some(2),
                max_length: Some(30),
                prefill: Some(ProfileKey::Name),
                ..field(
                    "applicant_name",
                    Text::new("申请人姓名", "Applicant's name"),
                    FieldKind::Text,
                    all.clone(),
                )
            },
            FormField {
                prefill: Some(ProfileKey::ResidentId),
                ..field(
                    "applicant_id",
                    Text::new("申请人公民身份号码", "Applicant's citizen ID number"),
                    FieldKind::ResidentId,
                    all.clone(),
                )
            },
            FormField {
                prefill: Some(ProfileKey::Phone),
                help: Some(Text::new(
                    "用于接收办理进度短信",
                    "Progress updates are sent to this number",
                )),
                ..field(
                    "applicant_phone",
                    Text::new("联系电话", "Contact phone"),
                    FieldKind::Phone,
                    all,
                )
            },
        ]
    };
    let mut uploads: Vec<(&Material, Vec<String>)> = Vec::new();
    for g in guides {
        for m in &g.materials {
            let brought = m.source == MaterialSource::Applicant
                && m.necessity == Necessity::Required
                && !m.id.ends_with("application_form");
            if !brought {
                continue;
            }
            match uploads.iter_mut().find(|(x, _)| x.id == m.id) {
                Some((_, used)) => used.push(g.id.clone()),
                None => uploads.push((m, vec![g.id.clone()])),
            }
        }
    }
    for (m, used_by) in uploads.into_iter().take(3) {
        fields.push(FormField {
            required: false,
            help: Some(Text::new(
                "也可在受理后补交",
                "You may also supply it after acceptance",
            )),
            material_id: Some(m.id.clone()),
            ..field(
                &format!("upload_{}", m.id.replace('-', "_")),
                m.name.clone(),
                FieldKind::Attachment,
                used_by,
            )
        });
    }
    FormSchema { fields }
}
