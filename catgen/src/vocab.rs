//! The vocabulary matter names are composed from: actions (申领, 补领, 变更…), objects grouped
//! by domain (居民身份证, 住房公积金, 食品经营许可证…), qualifiers (跨省通办…), and the
//! districts and streets that implement matters. Names are composed the way real catalogues
//! write them: `{object}{action}` mostly, `{action}{object}` where both forms are in use
//! (提取住房公积金 / 住房公积金提取), which is one source of near-duplicates.

use yishi_contract::{Audience, MatterKind};

/// Where a matter can be implemented (实施层级).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// City departments only (utilities, a few city-wide licences).
    City,
    /// The city department and each district's department (市、县两级).
    Wide,
    /// Also each street office or town government (街道、乡镇便民服务中心).
    Street,
}

/// An action (办理行为) such as 补领 or 变更登记.
pub(crate) struct Action {
    pub key: &'static str,
    /// The name with the action after the object; `{o}` is the object.
    pub suffix: &'static str,
    /// The name with the action first, where catalogues also use that form.
    pub prefix: Option<&'static str>,
    /// How often (of 100) the prefix form is chosen for a given matter.
    pub prefix_pct: u8,
    /// English noun appended to the object's English name.
    pub en: &'static str,
    /// Overrides the object's kind (e.g. 备案 is 其他行政权力 whatever the object).
    pub kind: Option<MatterKind>,
    /// How often (of 100) the matter is decided on the spot (即办件).
    pub instant_pct: u8,
    /// Everyday phrasings (日常用语); `{s}` is the object's everyday short name.
    pub aliases: &'static [&'static str],
    /// Whether it produces or renews a certificate or card (photo, pickup or post).
    pub certificate: bool,
}

// A table row: positional, like the tables it builds.
#[allow(clippy::too_many_arguments)]
const fn a(
    key: &'static str,
    suffix: &'static str,
    prefix: Option<&'static str>,
    prefix_pct: u8,
    en: &'static str,
    kind: Option<MatterKind>,
    instant_pct: u8,
    aliases: &'static [&'static str],
    certificate: bool,
) -> Action {
    Action {
        key,
        suffix,
        prefix,
        prefix_pct,
        en,
        kind,
        instant_pct,
        aliases,
        certificate,
    }
}

use MatterKind::{
    Confirmation as CONF, Licensing as LIC, OtherPower as OTHER, Payment as PAY,
    PublicService as PUB,
};

#[rustfmt::skip]
pub(crate) const ACTIONS: &[Action] = &[
    a("first", "{o}首次申领", None, 0, "first application", None, 0, &["办{s}", "新办{s}", "第一次办{s}", "申请{s}"], true),
    a("apply", "{o}申领", Some("申领{o}"), 15, "application", None, 20, &["办{s}", "申请{s}", "领{s}", "{s}怎么办"], true),
    a("request", "{o}申请", Some("申请{o}"), 30, "application", None, 10, &["申请{s}", "{s}申请", "办{s}", "{s}怎么申请"], false),
    a("replace", "{o}补领", Some("补领{o}"), 30, "replacement", None, 20, &["补办{s}", "{s}丢了", "补{s}", "{s}丢失补办"], true),
    a("renew", "{o}换领", Some("换领{o}"), 20, "renewal", None, 20, &["换{s}", "{s}到期", "{s}过期了", "{s}换证"], true),
    a("reissue", "{o}换发", None, 0, "reissue", None, 10, &["换{s}", "{s}换新", "{s}到期换证"], true),
    a("reissue-lost", "{o}补发", Some("补发{o}"), 20, "reissue after loss", None, 10, &["补{s}", "{s}丢了", "{s}补办"], true),
    a("loss", "{o}挂失", Some("挂失{o}"), 30, "loss report", Some(PUB), 90, &["{s}丢了", "挂失{s}", "{s}挂失"], false),
    a("register", "{o}登记", None, 0, "registration", None, 40, &["{s}登记", "办{s}登记"], false),
    a("establish", "{o}设立登记", None, 0, "establishment registration", None, 10, &["注册{s}", "成立{s}", "新办{s}"], false),
    a("found", "{o}成立登记", None, 0, "establishment registration", None, 0, &["成立{s}", "注册{s}"], false),
    a("change", "{o}变更", Some("变更{o}"), 10, "change", None, 40, &["改{s}", "{s}变更", "{s}信息修改"], false),
    a("change-reg", "{o}变更登记", None, 0, "change registration", None, 30, &["{s}变更", "改{s}信息", "变更{s}"], false),
    a("cancel", "{o}注销", Some("注销{o}"), 20, "cancellation", None, 50, &["注销{s}", "销{s}", "{s}注销"], false),
    a("cancel-reg", "{o}注销登记", None, 0, "deregistration", None, 20, &["注销{s}", "{s}注销"], false),
    a("filing", "{o}备案", None, 0, "filing", Some(OTHER), 50, &["{s}备案", "备案{s}"], false),
    a("approve", "{o}审批", None, 0, "approval", Some(LIC), 0, &["{s}审批", "批{s}", "办{s}手续"], false),
    a("sanction", "{o}核准", None, 0, "approval", Some(LIC), 0, &["{s}核准", "{s}审批"], false),
    a("issue", "{o}核发", None, 0, "issue", Some(LIC), 0, &["办{s}", "申请{s}", "{s}办理", "领{s}"], true),
    a("query", "{o}查询", Some("查询{o}"), 40, "inquiry", Some(PUB), 95, &["查{s}", "{s}查询", "查一下{s}"], false),
    a("recognise", "{o}认定", None, 0, "recognition", Some(CONF), 10, &["{s}认定", "认定{s}"], false),
    a("withdraw", "{o}提取", Some("提取{o}"), 50, "withdrawal", Some(PUB), 40, &["取{s}", "提{s}", "{s}提取", "提取{s}"], false),
    a("transfer", "{o}关系转移接续", None, 0, "transfer", Some(PUB), 10, &["{s}转移", "转{s}", "{s}转入", "{s}接续"], false),
    a("transfer-remote", "{o}异地转移接续", None, 0, "transfer between cities", Some(PUB), 10, &["{s}转移", "{s}转到外地", "{s}异地转移"], false),
    a("extend", "{o}延续", None, 0, "extension", None, 0, &["{s}延续", "{s}延期", "{s}续期", "{s}到期"], false),
    a("certify", "{o}证明开具", Some("开具{o}证明"), 50, "certificate", Some(PUB), 90, &["开{s}证明", "{s}证明", "打印{s}证明"], false),
    a("pay", "{o}缴纳", Some("缴纳{o}"), 20, "payment", Some(PUB), 90, &["交{s}", "缴{s}", "{s}缴费"], false),
    a("declare", "{o}申报", None, 0, "declaration", Some(OTHER), 90, &["报{s}", "{s}申报", "申报{s}"], false),
    a("benefit", "{o}待遇申领", None, 0, "benefit claim", Some(PUB), 10, &["领{s}", "{s}待遇", "{s}怎么领"], false),
    a("grant", "{o}给付", None, 0, "disbursement", Some(PAY), 0, &["领{s}", "{s}发放"], false),
    a("enrol", "{o}参保登记", None, 0, "enrolment", Some(PUB), 80, &["交{s}", "参加{s}", "办{s}", "{s}参保"], false),
    a("move-in", "{o}迁入", None, 0, "move-in", None, 20, &["迁入{s}", "{s}迁入", "落{s}"], false),
    a("move-out", "{o}迁出", None, 0, "move-out", None, 50, &["迁出{s}", "{s}迁走"], false),
    a("endorse", "{o}签注", None, 0, "endorsement", None, 30, &["{s}签注", "办{s}签注", "续签{s}"], false),
    a("review", "{o}审验", None, 0, "periodic review", None, 50, &["{s}审验", "{s}年审"], false),
    a("reimburse", "{o}报销", None, 0, "reimbursement", Some(PUB), 0, &["{s}报销", "报销{s}"], false),
    a("reserve", "{o}预约", Some("预约{o}"), 50, "appointment", Some(PUB), 100, &["约{s}", "{s}预约", "预约{s}"], false),
    a("relief", "{o}减免", None, 0, "reduction or exemption", None, 10, &["{s}减免", "减免{s}", "少交{s}"], false),
    a("examine", "{o}审查", None, 0, "review", Some(LIC), 0, &["{s}审查"], false),
    a("accept", "{o}验收", None, 0, "acceptance inspection", Some(LIC), 0, &["{s}验收"], false),
    a("appraise", "{o}鉴定", None, 0, "assessment", Some(CONF), 0, &["{s}鉴定", "做{s}鉴定"], false),
    a("publicise", "{o}公示", None, 0, "publication", Some(PUB), 100, &["报{s}", "{s}公示", "{s}填报"], false),
    a("draw", "{o}领用", None, 0, "collection", None, 70, &["领{s}", "{s}领用", "申领{s}"], false),
    a("on-behalf", "代开{o}", None, 0, "issue on behalf", Some(PUB), 90, &["代开{s}", "开{s}"], false),
    a("handover", "{o}过户", None, 0, "change of account holder", Some(PUB), 70, &["{s}过户", "过户{s}", "改{s}户名"], false),
    a("close-account", "{o}销户", None, 0, "account closure", Some(PUB), 60, &["{s}销户", "停{s}"], false),
    a("increase", "{o}增容", None, 0, "capacity increase", Some(PUB), 0, &["{s}增容", "加{s}容量"], false),
    a("relocate", "{o}移机", None, 0, "relocation", Some(PUB), 0, &["{s}移机", "挪{s}"], false),
    a("prepay", "{o}提前还款", None, 0, "early repayment", Some(PUB), 60, &["提前还{s}", "{s}提前还", "还{s}"], false),
    a("defer", "{o}缓缴", None, 0, "deferred payment", None, 0, &["{s}缓缴", "缓交{s}"], false),
    a("suspend", "{o}封存", None, 0, "suspension", Some(PUB), 80, &["{s}封存", "封存{s}"], false),
    a("unseal", "{o}启封", None, 0, "reactivation", Some(PUB), 80, &["{s}启封", "{s}解封"], false),
    a("report", "{o}报到", None, 0, "reporting", Some(PUB), 80, &["{s}报到"], false),
    a("establish-approve", "{o}设立审批", None, 0, "establishment approval", Some(LIC), 0, &["开{s}", "办{s}", "{s}审批"], false),
    a("practice-reg", "{o}注册", None, 0, "registration", Some(LIC), 0, &["{s}注册", "办{s}注册"], false),
    a("deposit-reg", "{o}缴存登记", None, 0, "deposit registration", Some(PUB), 80, &["{s}开户", "交{s}", "{s}登记"], false),
    a("reexamine", "{o}复审", None, 0, "re-examination", None, 0, &["{s}复审"], false),
    a("mortgage-reg", "{o}抵押登记", None, 0, "mortgage registration", Some(CONF), 0, &["{s}抵押", "抵押{s}", "办{s}抵押"], false),
    a("first-reg", "{o}首次登记", None, 0, "first registration", Some(CONF), 0, &["{s}登记", "办{s}证"], true),
    a("transfer-reg", "{o}转移登记", None, 0, "transfer registration", Some(CONF), 0, &["{s}过户", "过户{s}", "{s}转移"], true),
    a("correction-reg", "{o}更正登记", None, 0, "correction registration", Some(CONF), 0, &["{s}更正", "改{s}错误"], false),
    a("annual", "{o}年度汇算", None, 0, "annual reconciliation", Some(PUB), 90, &["{s}汇算", "{s}退税", "退{s}"], false),
    a("move", "{o}迁移", None, 0, "move", None, 20, &["{s}迁移", "转{s}"], false),
    a("reg-new", "{o}注册登记", None, 0, "registration", Some(CONF), 0, &["{s}上牌", "{s}登记", "新{s}上户"], true),
];

/// A qualifier (情形) appended to a name, as catalogues split one matter by situation.
pub(crate) struct Qualifier {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

#[rustfmt::skip]
pub(crate) const QUALIFIERS: &[Qualifier] = &[
    Qualifier { key: "", zh: "", en: "" },
    Qualifier { key: "cross-province", zh: "（跨省通办）", en: " (inter-provincial service)" },
    Qualifier { key: "in-province", zh: "（省内通办）", en: " (anywhere in the province)" },
    Qualifier { key: "commitment", zh: "（告知承诺制）", en: " (notification and commitment)" },
    Qualifier { key: "hmt", zh: "（港澳台居民）", en: " (Hong Kong, Macao and Taiwan residents)" },
    Qualifier { key: "foreign", zh: "（外国人）", en: " (foreign nationals)" },
    Qualifier { key: "foreign-invested", zh: "（外商投资企业）", en: " (foreign-invested enterprises)" },
    Qualifier { key: "branch", zh: "（分支机构）", en: " (branches)" },
    Qualifier { key: "simple", zh: "（简易程序）", en: " (simplified procedure)" },
    Qualifier { key: "minor", zh: "（未成年人）", en: " (minors)" },
];

/// Which qualifiers apply to a matter of this audience, kind and action.
pub(crate) fn qualifier_applies(
    q: usize,
    audience: Audience,
    kind: MatterKind,
    act: &Action,
) -> bool {
    let person = matches!(audience, Audience::Person | Audience::Both);
    let business = matches!(audience, Audience::Business | Audience::Both);
    match QUALIFIERS[q].key {
        "" => true,
        "cross-province" | "in-province" => person && kind != MatterKind::Licensing,
        "commitment" => matches!(kind, MatterKind::Licensing | MatterKind::Confirmation),
        // Benefits are for residents; documents and registrations are for everyone.
        "hmt" | "foreign" => {
            person && kind != MatterKind::Payment && !matches!(act.key, "query" | "certify")
        }
        "foreign-invested" | "branch" => business && kind == MatterKind::Licensing,
        "simple" => kind == MatterKind::Licensing && business,
        "minor" => audience == Audience::Person && act.certificate,
        _ => false,
    }
}

/// A material (申请材料) in a vocabulary: id (shared ids from `server/seed/FORMAT.md`), zh, en.
pub(crate) type Mat = (&'static str, &'static str, &'static str);

/// An object (办理对象) such as 居民身份证.
pub(crate) struct Object {
    pub key: &'static str,
    pub zh: &'static str,
    /// Everyday short names, `|`-separated; the first is used in composed aliases.
    pub short: &'static str,
    pub en: &'static str,
    pub audience: Audience,
    pub kind: MatterKind,
    pub level: Level,
    /// Action keys, space-separated, in the order a catalogue would list them.
    pub actions: &'static str,
    /// 收费标准 (zh, en), when the certificate or service costs something.
    pub fee: Option<(&'static str, &'static str)>,
    /// A material only this object needs.
    pub material: Option<Mat>,
}

use Audience::{Both as BOTH, Business as BIZ, Person as PER};
use Level::{City as C, Street as S, Wide as W};

// A table row: positional, like the tables it builds.
#[allow(clippy::too_many_arguments)]
const fn o(
    key: &'static str,
    zh: &'static str,
    short: &'static str,
    en: &'static str,
    audience: Audience,
    kind: MatterKind,
    level: Level,
    actions: &'static str,
) -> Object {
    Object {
        key,
        zh,
        short,
        en,
        audience,
        kind,
        level,
        actions,
        fee: None,
        material: None,
    }
}

impl Object {
    const fn fee(self, zh: &'static str, en: &'static str) -> Object {
        Object {
            fee: Some((zh, en)),
            ..self
        }
    }
    const fn mat(self, m: Mat) -> Object {
        Object {
            material: Some(m),
            ..self
        }
    }
    pub fn short_names(&self) -> impl Iterator<Item = &'static str> {
        self.short.split('|')
    }
    pub fn action_keys(&self) -> impl Iterator<Item = &'static str> {
        self.actions.split_whitespace()
    }
}

/// A domain (业务领域): one city department and how its district counterparts are named.
pub(crate) struct Domain {
    /// The city department id (from the seed's departments, or one of [`EXTRA_DEPARTMENTS`]).
    pub dept: &'static str,
    /// District department name templates (zh, en): `{D}` 滨江区, `{S}` 滨江, `{De}` Binjiang
    /// District, `{Se}` Binjiang. `None`: only the city department implements.
    pub district: Option<(&'static str, &'static str)>,
    /// The same for counties (县), where the name differs.
    pub county: Option<(&'static str, &'static str)>,
    /// The short name of its windows (窗口), e.g. 公安 in 政务服务中心公安窗口.
    pub window: (&'static str, &'static str),
    /// Four digits of the basic code (基本编码) that stand for the domain.
    pub code: &'static str,
    /// The main law or regulation (设定依据) and a typical article.
    pub law: (&'static str, &'static str),
    pub objects: &'static [Object],
}

const PS_LAW: (&str, &str) = (
    "中华人民共和国居民身份证法",
    "Resident Identity Card Law of the People's Republic of China",
);

#[rustfmt::skip]
pub(crate) const DOMAINS: &[Domain] = &[
    Domain {
        dept: "public-security",
        district: Some(("临江市公安局{S}分局", "{Se} Branch, Linjiang Public Security Bureau")),
        county: Some(("{D}公安局", "{De} Public Security Bureau")),
        window: ("公安", "Public Security"),
        code: "0716",
        law: PS_LAW,
        objects: &[
            o("id-card", "居民身份证", "身份证|二代身份证", "Resident identity card", PER, CONF, W, "first replace renew")
                .fee("每证 20 元；遗失补领、损坏换领每证 40 元", "CNY 20 per card; CNY 40 to replace a lost or damaged card")
                .mat(("photo_2inch", "二寸免冠照片", "Passport-style photo (2-inch)")),
            o("temp-id-card", "临时居民身份证", "临时身份证", "Temporary resident identity card", PER, CONF, W, "apply")
                .fee("每证 10 元", "CNY 10 per card"),
            o("hukou-booklet", "居民户口簿", "户口本", "Household register booklet", PER, CONF, W, "reissue-lost renew change")
                .mat(("household_register", "居民户口簿", "Household register (hukou booklet)")),
            o("hukou", "户口", "户口|户籍", "Hukou", PER, LIC, W, "move-in move-out cancel"),
            o("household-record", "户籍", "户籍|户口", "Household registration record", PER, PUB, W, "certify change-reg"),
            o("residence-permit", "居住证", "居住证|暂住证", "Residence permit", PER, CONF, S, "apply endorse replace renew")
                .mat(("lease_contract", "租赁合同或居住场所证明", "Tenancy agreement or proof of residence")),
            o("no-criminal-record", "无犯罪记录", "无犯罪记录|无犯罪", "No-criminal-record", PER, PUB, W, "certify"),
            o("name", "姓名", "姓名|名字", "Registered name", PER, CONF, W, "change-reg"),
            o("hotel-permit", "旅馆业特种行业许可证", "旅馆许可证|特种行业许可", "Hotel special trade permit", BIZ, LIC, W, "issue change cancel")
                .mat(("fire_safety_commitment", "消防安全承诺书", "Fire safety commitment")),
            o("large-event", "大型群众性活动安全许可", "大型活动许可|活动报备", "Large public event safety permit", BIZ, LIC, W, "approve")
                .mat(("event-safety-plan", "活动安全工作方案", "Safety plan for the event")),
            o("toxic-chemicals-purchase", "剧毒化学品购买许可证", "剧毒品购买证", "Highly toxic chemicals purchase permit", BIZ, LIC, C, "issue"),
            o("security-company", "保安服务公司设立许可", "保安公司许可", "Security company establishment permit", BIZ, LIC, C, "approve change"),
            o("seal-engraving", "印章刻制", "刻章|印章", "Seal engraving", BIZ, OTHER, W, "filing"),
            o("passport", "普通护照", "护照", "Ordinary passport", PER, LIC, W, "apply replace reissue")
                .fee("每本 120 元", "CNY 120 per passport")
                .mat(("photo_2inch", "二寸免冠照片", "Passport-style photo (2-inch)")),
            o("hk-macao-permit", "往来港澳通行证", "港澳通行证|港澳通", "Hong Kong and Macao travel permit", PER, LIC, W, "apply reissue replace endorse")
                .fee("每证 60 元；签注每次 15 元", "CNY 60 per permit; CNY 15 per endorsement"),
            o("taiwan-permit", "往来台湾通行证", "台湾通行证|台胞证", "Taiwan travel permit", PER, LIC, W, "apply endorse")
                .fee("每证 60 元", "CNY 60 per permit"),
            o("exit-entry-record", "出入境记录", "出入境记录", "Exit and entry records", PER, PUB, C, "query certify"),
            o("foreigner-residence", "外国人居留许可", "居留许可|外国人居留", "Foreign national residence permit", PER, LIC, C, "apply extend change")
                .fee("每证 400 元至 1000 元（按有效期）", "CNY 400–1,000 per permit, by validity"),
        ],
    },
    Domain {
        dept: "traffic-police",
        district: Some(("临江市公安局交通警察支队{S}大队", "{Se} Brigade, Linjiang Traffic Police Detachment")),
        county: Some(("{D}公安局交通警察大队", "{De} Traffic Police Brigade")),
        window: ("车驾管", "Vehicle and Driver Administration"),
        code: "0721",
        law: ("中华人民共和国道路交通安全法", "Road Traffic Safety Law of the People's Republic of China"),
        objects: &[
            o("driving-licence", "机动车驾驶证", "驾驶证|驾照|驾驶本", "Motor vehicle driving licence", PER, LIC, W, "first renew replace cancel review")
                .fee("工本费每证 10 元", "CNY 10 per licence")
                .mat(("driver-health-certificate", "机动车驾驶人身体条件证明", "Driver's medical fitness certificate")),
            o("driving-test", "机动车驾驶人考试", "驾考|考驾照|科目一", "Driving test", PER, PUB, W, "reserve"),
            o("vehicle", "机动车", "汽车|车辆", "Motor vehicle", BOTH, CONF, W, "reg-new transfer-reg change-reg mortgage-reg cancel-reg")
                .mat(("vehicle_license", "机动车行驶证", "Vehicle licence")),
            o("number-plate", "机动车号牌", "车牌|号牌", "Motor vehicle number plate", BOTH, CONF, W, "replace renew")
                .fee("每副 100 元", "CNY 100 per pair"),
            o("vehicle-licence", "机动车行驶证", "行驶证|行车本", "Vehicle licence", BOTH, CONF, W, "replace renew")
                .fee("每证 10 元", "CNY 10 per licence"),
            o("inspection-mark", "机动车检验合格标志", "年检标志|年检", "Vehicle inspection certificate", BOTH, CONF, W, "issue"),
            o("temp-plate", "机动车临时号牌", "临时牌照|临牌", "Temporary number plate", BOTH, CONF, W, "issue")
                .fee("每张 5 元", "CNY 5 each"),
            o("traffic-violation", "交通违法", "违章|违法记录|罚单", "Traffic violation records", PER, PUB, W, "query"),
            o("traffic-accident", "道路交通事故", "交通事故|车祸|事故", "Road traffic accident", PER, CONF, W, "recognise"),
            o("school-bus", "校车使用许可", "校车许可", "School bus use permit", BIZ, LIC, W, "approve"),
        ],
    },
    Domain {
        dept: "civil-affairs",
        district: Some(("{D}民政局", "{De} Civil Affairs Bureau")),
        county: None,
        window: ("民政", "Civil Affairs"),
        code: "0713",
        law: ("社会救助暂行办法", "Interim Measures on Social Assistance"),
        objects: &[
            o("marriage-certificate", "结婚证", "结婚证", "Marriage certificate", PER, CONF, W, "replace")
                .fee("每证 9 元", "CNY 9 per certificate")
                .mat(("marriage_certificate", "结婚证", "Marriage certificate")),
            o("divorce-certificate", "离婚证", "离婚证", "Divorce certificate", PER, CONF, W, "replace"),
            o("divorce", "离婚", "离婚|协议离婚", "Divorce by agreement", PER, CONF, W, "register reserve"),
            o("marriage", "结婚", "结婚|领证", "Marriage", PER, CONF, W, "reserve"),
            o("marriage-record", "婚姻登记记录", "婚姻状况|单身证明|婚姻记录", "Marriage registration record", PER, PUB, W, "certify query"),
            o("dibao", "最低生活保障", "低保|最低生活保障", "Minimum living allowance", PER, PAY, S, "request grant change cancel")
                .mat(("household-income-statement", "家庭收入和财产状况申报表", "Statement of household income and assets")),
            o("tekun", "特困人员救助供养", "特困供养|五保", "Extreme poverty support", PER, PAY, S, "request grant cancel")
                .mat(("household-income-statement", "家庭收入和财产状况申报表", "Statement of household income and assets")),
            o("temporary-assistance", "临时救助", "临时救助|急难救助", "Temporary assistance", PER, PAY, S, "request grant"),
            o("old-age-allowance", "高龄津贴", "高龄津贴|老人补贴|长寿金", "Old-age allowance", PER, PAY, S, "apply grant"),
            o("elderly-care-subsidy", "经济困难老年人养老服务补贴", "养老补贴|养老服务补贴", "Elderly care subsidy for people on low incomes", PER, PAY, S, "request"),
            o("elderly-card", "老年人优待证", "老年证|敬老卡", "Senior citizen card", PER, PUB, S, "apply replace"),
            o("orphan-allowance", "孤儿基本生活费", "孤儿补贴", "Basic living allowance for orphans", PER, PAY, W, "grant"),
            o("social-organisation", "社会团体", "社团|协会", "Social organisation", BIZ, LIC, W, "found change-reg cancel-reg"),
            o("social-service-agency", "社会服务机构", "民非|民办非企业单位", "Social service agency", BIZ, LIC, W, "found change-reg cancel-reg"),
            o("care-home", "养老机构", "养老院|敬老院", "Care home", BIZ, OTHER, W, "filing change"),
        ],
    },
    Domain {
        dept: "hrss",
        district: Some(("{D}人力资源和社会保障局", "{De} Human Resources and Social Security Bureau")),
        county: None,
        window: ("人社", "Human Resources and Social Security"),
        code: "2028",
        law: ("中华人民共和国社会保险法", "Social Insurance Law of the People's Republic of China"),
        objects: &[
            o("social-security-card", "社会保障卡", "社保卡|社会保障卡", "Social security card", PER, PUB, W, "apply replace renew loss")
                .mat(("photo_1inch", "一寸免冠照片", "Passport-style photo (1-inch)")),
            o("pension-insurance", "基本养老保险", "养老保险|社保", "Basic pension insurance", PER, PUB, W, "enrol transfer benefit query"),
            o("resident-pension", "城乡居民基本养老保险", "居民养老保险|农保|新农保", "Residents' basic pension insurance", PER, PUB, S, "enrol benefit cancel"),
            o("unemployment-insurance", "失业保险", "失业保险|失业金", "Unemployment insurance", PER, PUB, W, "benefit transfer"),
            o("unemployment", "失业", "失业|下岗", "Unemployment", PER, PUB, S, "register"),
            o("employment-card", "就业创业证", "就业创业证|失业证|就业证", "Employment and entrepreneurship card", PER, PUB, S, "apply replace"),
            o("work-injury", "工伤", "工伤|工伤认定", "Work injury", PER, CONF, W, "recognise"),
            o("work-injury-insurance", "工伤保险", "工伤保险|工伤待遇", "Work injury insurance", PER, PUB, W, "benefit"),
            o("work-capacity", "劳动能力", "伤残鉴定|劳动能力", "Work capacity", PER, CONF, C, "appraise"),
            o("professional-qualification", "职业资格证书", "职业资格证|资格证", "Vocational qualification certificate", PER, PUB, W, "replace query"),
            o("skill-certificate", "职业技能等级证书", "技能证书|技能等级证", "Vocational skill level certificate", PER, PUB, W, "query"),
            o("training-subsidy", "职业培训补贴", "培训补贴|技能补贴", "Vocational training subsidy", PER, PAY, W, "apply"),
            o("startup-subsidy", "一次性创业补贴", "创业补贴", "One-off start-up subsidy", PER, PAY, W, "apply"),
            o("startup-loan", "创业担保贷款", "创业贷款|创业担保贷", "Guaranteed start-up loan", PER, PUB, W, "request"),
            o("labour-dispatch", "劳务派遣经营许可", "劳务派遣许可|派遣许可证", "Labour dispatch licence", BIZ, LIC, W, "issue extend change cancel"),
            o("hr-service", "人力资源服务许可", "人力资源许可|中介许可", "Human resources services licence", BIZ, LIC, W, "issue change"),
            o("working-hours", "企业实行不定时工作制和综合计算工时工作制", "特殊工时|综合工时", "Flexible working hours scheme", BIZ, LIC, W, "approve"),
            o("labour-arbitration", "劳动人事争议仲裁", "劳动仲裁|讨薪|劳动纠纷", "Labour dispute arbitration", PER, PUB, W, "request")
                .mat(("labour_contract", "劳动合同", "Labour contract")),
            o("graduate", "高校毕业生就业", "毕业生报到|报到证", "Graduate employment", PER, PUB, W, "report register")
                .mat(("graduation_certificate", "毕业证书", "Graduation certificate")),
            o("employer-insurance", "用人单位社会保险", "单位社保|公司社保", "Employer social insurance", BIZ, PUB, W, "enrol change-reg cancel-reg"),
            o("job-stabilisation", "失业保险稳岗返还", "稳岗补贴|稳岗返还", "Job-stabilisation refund", BIZ, PAY, W, "apply"),
        ],
    },
    Domain {
        dept: "medical-insurance",
        district: Some(("{D}医疗保障局", "{De} Healthcare Security Administration")),
        county: None,
        window: ("医保", "Medical Insurance"),
        code: "2030",
        law: ("医疗保障基金使用监督管理条例", "Regulations on the Supervision of Medical Insurance Funds"),
        objects: &[
            o("medical-insurance", "基本医疗保险", "医保|医疗保险", "Basic medical insurance", PER, PUB, W, "enrol transfer change-reg query"),
            o("resident-medical", "城乡居民基本医疗保险", "居民医保|新农合", "Residents' basic medical insurance", PER, PUB, S, "enrol"),
            o("remote-treatment", "异地就医", "异地就医|外地看病", "Out-of-town medical treatment", PER, PUB, W, "filing"),
            o("chronic-disease", "门诊慢特病待遇", "慢特病|慢性病|门特", "Outpatient chronic and special disease benefits", PER, CONF, W, "recognise"),
            o("out-of-pocket", "零星医疗费用", "医疗费|医药费", "Out-of-pocket medical costs", PER, PUB, W, "reimburse")
                .mat(("medical-invoice", "医疗费用票据", "Medical bills")),
            o("remote-costs", "异地就医医疗费用", "异地医疗费|外地看病费用", "Out-of-town medical costs", PER, PUB, W, "reimburse")
                .mat(("medical-invoice", "医疗费用票据", "Medical bills")),
            o("medical-e-voucher", "医保电子凭证", "医保码|电子医保卡", "Medical insurance e-voucher", PER, PUB, C, "apply"),
            o("medical-assistance", "医疗救助", "医疗救助|大病救助", "Medical assistance", PER, PAY, W, "request"),
            o("maternity-insurance", "生育保险", "生育保险|生育津贴", "Maternity insurance", PER, PUB, W, "benefit"),
            o("long-term-care", "长期护理保险", "长护险|护理保险", "Long-term care insurance", PER, PUB, W, "benefit"),
            o("designated-provider", "定点医药机构", "医保定点|定点药店", "Medical insurance designated provider", BIZ, OTHER, W, "request change"),
        ],
    },
    Domain {
        dept: "housing-fund",
        district: Some(("临江市住房公积金管理中心{S}管理部", "{Se} Office, Linjiang Housing Provident Fund Management Centre")),
        county: None,
        window: ("公积金", "Housing Fund"),
        code: "2029",
        law: ("住房公积金管理条例", "Regulations on the Administration of Housing Provident Funds"),
        objects: &[
            o("housing-fund", "住房公积金", "公积金", "Housing provident fund", PER, PUB, W, "withdraw transfer-remote query defer")
                .mat(("bank_card", "本人银行卡", "Your own bank card")),
            o("fund-loan", "住房公积金贷款", "公积金贷款|公积金房贷", "Housing provident fund loan", PER, PUB, W, "request prepay query change")
                .mat(("house_purchase_contract", "购房合同", "House purchase contract")),
            o("fund-account", "住房公积金个人账户", "公积金账户", "Housing provident fund personal account", PER, PUB, W, "suspend unseal move"),
            o("fund-deposit", "住房公积金缴存", "公积金缴存|公积金证明", "Housing provident fund contributions", PER, PUB, W, "certify"),
            o("flexible-fund", "灵活就业人员住房公积金", "个人交公积金|自愿缴存公积金", "Flexible workers' housing provident fund", PER, PUB, W, "deposit-reg cancel"),
            o("employer-fund", "单位住房公积金", "单位公积金|公司公积金", "Employer housing provident fund", BIZ, PUB, W, "deposit-reg change cancel defer"),
        ],
    },
    Domain {
        dept: "natural-resources",
        district: Some(("临江市自然资源和规划局{S}分局", "{Se} Branch, Linjiang Natural Resources and Planning Bureau")),
        county: Some(("{D}自然资源局", "{De} Natural Resources Bureau")),
        window: ("不动产登记", "Real Estate Registration"),
        code: "0718",
        law: ("不动产登记暂行条例", "Interim Regulations on Real Estate Registration"),
        objects: &[
            o("real-estate", "不动产", "房产|房子|不动产", "Real estate", PER, CONF, W, "first-reg transfer-reg change-reg cancel-reg mortgage-reg correction-reg query")
                .mat(("property_certificate", "不动产权证书", "Real estate title certificate")),
            o("title-certificate", "不动产权证书", "房产证|房本|不动产证", "Real estate title certificate", PER, CONF, W, "reissue-lost reissue")
                .fee("每本 80 元", "CNY 80 per certificate"),
            o("planning-permit", "建设工程规划许可证", "规划许可证|工程规划证", "Construction project planning permit", BIZ, LIC, W, "issue change extend"),
            o("land-planning-permit", "建设用地规划许可证", "用地规划许可证", "Land use planning permit", BIZ, LIC, W, "issue"),
            o("rural-planning-permit", "乡村建设规划许可证", "乡村规划许可|农村建房规划", "Rural construction planning permit", PER, LIC, S, "issue"),
            o("site-selection", "建设项目用地预审与选址意见书", "用地预审|选址意见书", "Land pre-approval and site selection opinion", BIZ, LIC, C, "issue"),
            o("temporary-land", "临时用地", "临时用地", "Temporary land use", BIZ, LIC, W, "approve extend"),
            o("mining-right", "采矿权", "采矿证|采矿许可", "Mining right", BIZ, LIC, C, "register extend change-reg cancel-reg"),
            o("surveying-qualification", "测绘资质", "测绘资质", "Surveying and mapping qualification", BIZ, LIC, C, "approve change"),
        ],
    },
    Domain {
        dept: "market-regulation",
        district: Some(("{D}市场监督管理局", "{De} Administration for Market Regulation")),
        county: None,
        window: ("市场监管", "Market Regulation"),
        code: "1117",
        law: ("中华人民共和国市场主体登记管理条例", "Regulations on the Registration of Market Entities"),
        objects: &[
            o("business-licence", "营业执照", "营业执照|执照", "Business licence", BIZ, LIC, W, "establish reissue-lost reissue")
                .mat(("business_license", "营业执照", "Business licence")),
            o("llc", "有限责任公司", "公司|有限公司", "Limited liability company", BIZ, LIC, W, "establish change-reg cancel-reg filing")
                .mat(("articles_of_association", "公司章程", "Articles of association")),
            o("sole-proprietorship", "个人独资企业", "独资企业", "Sole proprietorship", BIZ, LIC, W, "establish change-reg cancel-reg"),
            o("partnership", "合伙企业", "合伙企业", "Partnership", BIZ, LIC, W, "establish change-reg cancel-reg"),
            o("cooperative", "农民专业合作社", "合作社", "Farmers' cooperative", BIZ, LIC, W, "establish change-reg cancel-reg"),
            o("individual-business", "个体工商户", "个体户|个体执照", "Individual business (getihu)", BOTH, LIC, W, "change-reg cancel-reg"),
            o("food-permit", "食品经营许可证", "食品经营许可证|食品证|餐饮许可证", "Food business permit", BIZ, LIC, W, "issue change extend cancel reissue-lost")
                .mat(("food_safety_system", "食品安全管理制度", "Food safety management rules")),
            o("food-production-permit", "食品生产许可证", "食品生产许可|SC证", "Food production permit", BIZ, LIC, W, "issue change extend cancel"),
            o("small-eatery", "小餐饮", "小餐饮|小吃店", "Small eatery", BOTH, CONF, W, "register"),
            o("food-workshop", "食品小作坊", "小作坊", "Small food workshop", BOTH, CONF, W, "register"),
            o("food-stall", "食品摊贩", "摆摊|流动摊贩|小摊", "Food stall", PER, OTHER, S, "filing"),
            o("pharmacy-permit", "药品零售企业经营许可证", "药店许可证|药品经营许可证", "Drug retail licence", BIZ, LIC, W, "issue change extend"),
            o("medical-device-ii", "第二类医疗器械经营", "二类医疗器械|医疗器械备案", "Class II medical device trading", BIZ, OTHER, W, "filing"),
            o("medical-device-iii", "第三类医疗器械经营许可证", "三类医疗器械许可", "Class III medical device trading licence", BIZ, LIC, W, "issue change extend"),
            o("special-equipment", "特种设备使用", "电梯登记|锅炉登记|特种设备", "Special equipment use", BIZ, CONF, W, "register"),
            o("equity-pledge", "股权出质", "股权质押", "Equity pledge", BIZ, CONF, W, "establish cancel-reg"),
            o("chattel-mortgage", "动产抵押", "动产抵押", "Chattel mortgage", BIZ, CONF, W, "register cancel-reg"),
            o("annual-report", "企业年度报告", "年报|工商年报", "Business annual report", BIZ, PUB, W, "publicise"),
            o("industrial-product-permit", "工业产品生产许可证", "生产许可证", "Industrial product production licence", BIZ, LIC, C, "issue change extend"),
            o("company-name", "企业名称", "公司名称|企业名字", "Business name", BIZ, CONF, W, "change-reg"),
        ],
    },
    Domain {
        dept: "tax",
        district: Some(("国家税务总局临江市{D}税务局", "{De} Tax Service, State Taxation Administration")),
        county: Some(("国家税务总局{D}税务局", "{De} Tax Service, State Taxation Administration")),
        window: ("税务", "Tax"),
        code: "1032",
        law: ("中华人民共和国税收征收管理法", "Law of the People's Republic of China on the Administration of Tax Collection"),
        objects: &[
            o("vat", "增值税", "增值税|报税", "Value-added tax", BIZ, OTHER, W, "declare"),
            o("iit", "个人所得税", "个税|个人所得税", "Individual income tax", PER, OTHER, W, "declare annual"),
            o("iit-deduction", "个人所得税专项附加扣除", "专项附加扣除|个税抵扣", "Individual income tax special deductions", PER, PUB, C, "declare"),
            o("cit", "企业所得税", "企业所得税", "Corporate income tax", BIZ, OTHER, W, "declare"),
            o("stamp-duty", "印花税", "印花税", "Stamp duty", BOTH, OTHER, W, "declare"),
            o("property-tax", "房产税", "房产税", "Property tax", BOTH, OTHER, W, "declare relief"),
            o("land-use-tax", "城镇土地使用税", "土地使用税", "Urban land use tax", BIZ, OTHER, W, "declare relief"),
            o("vehicle-purchase-tax", "车辆购置税", "购置税|车船税", "Vehicle purchase tax", BOTH, OTHER, W, "declare relief"),
            o("invoice", "发票", "发票|数电发票", "Invoices", BOTH, PUB, W, "draw on-behalf"),
            o("tax-payment", "纳税", "纳税|缴税", "Tax payment", BOTH, PUB, W, "certify"),
            o("tax-paid", "完税", "完税|税单", "Tax paid", PER, PUB, W, "certify"),
            o("social-insurance-premium", "社会保险费", "社保费|交社保", "Social insurance contributions", BOTH, PUB, W, "pay declare"),
            o("export-refund", "出口退（免）税", "出口退税", "Export tax refund or exemption", BIZ, OTHER, C, "filing"),
        ],
    },
    Domain {
        dept: "health",
        district: Some(("{D}卫生健康局", "{De} Health Bureau")),
        county: None,
        window: ("卫生健康", "Health"),
        code: "0027",
        law: ("中华人民共和国基本医疗卫生与健康促进法", "Law on Basic Medical and Health Care and the Promotion of Health"),
        objects: &[
            o("medical-institution", "医疗机构执业", "诊所执业|医疗机构登记", "Medical institution practice", BIZ, LIC, W, "register change-reg cancel-reg review"),
            o("doctor-practice", "医师执业", "医师注册|医生执业证", "Physician practice", PER, LIC, W, "practice-reg change cancel"),
            o("nurse-practice", "护士执业", "护士注册|护士执业证", "Nurse practice", PER, LIC, W, "practice-reg extend change"),
            o("public-venue-hygiene", "公共场所卫生许可证", "卫生许可证|卫生证", "Public venue hygiene permit", BIZ, LIC, W, "issue change extend cancel"),
            o("radiation-diagnosis", "放射诊疗许可", "放射许可", "Radiological diagnosis and treatment licence", BIZ, LIC, W, "issue change"),
            o("birth-certificate", "出生医学证明", "出生证|出生证明", "Birth medical certificate", PER, PUB, W, "reissue-lost reissue")
                .mat(("birth_medical_certificate", "出生医学证明", "Birth medical certificate")),
            o("only-child-certificate", "独生子女父母光荣证", "独生子女证", "Only-child parents' honour certificate", PER, CONF, S, "apply replace"),
            o("family-planning-support", "计划生育家庭特别扶助金", "特扶金|失独补贴", "Family-planning special support", PER, PAY, S, "request"),
            o("vaccination-certificate", "预防接种证", "疫苗本|接种证|小绿本", "Vaccination certificate", PER, PUB, S, "reissue-lost query"),
            o("health-certificate", "从业人员健康证明", "健康证", "Health certificate for food and service workers", PER, PUB, W, "issue")
                .fee("每人 40 元（含体检）", "CNY 40 per person, including the check-up"),
            o("water-supplier-hygiene", "饮用水供水单位卫生许可", "供水卫生许可", "Drinking water supplier hygiene licence", BIZ, LIC, W, "issue extend"),
            o("childcare-centre", "托育机构", "托育机构|托儿所", "Childcare centre", BIZ, OTHER, W, "filing change"),
        ],
    },
    Domain {
        dept: "education",
        district: Some(("{D}教育局", "{De} Education Bureau")),
        county: None,
        window: ("教育", "Education"),
        code: "0030",
        law: ("中华人民共和国教育法", "Education Law of the People's Republic of China"),
        objects: &[
            o("private-school", "民办学校", "民办学校|私立学校", "Private school", BIZ, LIC, W, "establish-approve change cancel"),
            o("training-institution", "校外培训机构", "培训机构|培训班", "Off-campus training institution", BIZ, LIC, W, "establish-approve change cancel"),
            o("private-kindergarten", "民办幼儿园", "幼儿园|私立幼儿园", "Private kindergarten", BIZ, LIC, W, "establish-approve change"),
            o("teacher-qualification", "教师资格", "教资|教师资格证", "Teacher qualification", PER, CONF, W, "recognise"),
            o("teacher-certificate", "教师资格证书", "教师资格证|教资证书", "Teacher qualification certificate", PER, CONF, W, "reissue-lost"),
            o("school-transfer", "中小学生转学", "转学|转校", "School transfer", PER, PUB, W, "request"),
            o("student-aid", "家庭经济困难学生资助", "助学金|学生资助", "Student financial aid", PER, PAY, W, "request"),
            o("academic-record", "学籍", "学籍|学籍证明", "Student record", PER, PUB, W, "certify move"),
        ],
    },
    Domain {
        dept: "veterans",
        district: Some(("{D}退役军人事务局", "{De} Veterans Affairs Bureau")),
        county: None,
        window: ("退役军人", "Veterans"),
        code: "0040",
        law: ("中华人民共和国退役军人保障法", "Law of the People's Republic of China on the Protection of Veterans"),
        objects: &[
            o("veteran-card", "退役军人优待证", "优待证|军人优待证", "Veterans' preferential treatment card", PER, PUB, S, "replace renew")
                .mat(("discharge_certificate", "退出现役证", "Discharge certificate")),
            o("disabled-soldier-pension", "残疾军人抚恤金", "伤残抚恤金|伤残军人补助", "Disabled soldier pension", PER, PAY, W, "grant"),
            o("martyr-honour", "烈士褒扬金", "烈士褒扬金", "Martyr honour award", PER, PAY, W, "grant"),
            o("demobilised-allowance", "在乡老复员军人定期生活补助", "老复员军人补助", "Rural demobilised veteran allowance", PER, PAY, S, "grant"),
            o("veteran-employment", "退役士兵自主就业", "退伍自主就业", "Discharged soldier self-employment", PER, PUB, W, "register"),
            o("veteran-honour-plaque", "光荣牌", "光荣之家|光荣牌", "Family of honour plaque", PER, PUB, S, "request"),
        ],
    },
    Domain {
        dept: "disabled-persons",
        district: Some(("{D}残疾人联合会", "{De} Disabled Persons' Federation")),
        county: None,
        window: ("残联", "Disabled Persons' Federation"),
        code: "0050",
        law: ("中华人民共和国残疾人保障法", "Law of the People's Republic of China on the Protection of Disabled Persons"),
        objects: &[
            o("disability-card", "残疾人证", "残疾证|残疾人证", "Disability certificate", PER, CONF, S, "replace renew change cancel move")
                .mat(("disability_certificate", "残疾人证", "Disability certificate")),
            o("wheelchair-fuel", "残疾人机动轮椅车燃油补贴", "轮椅燃油补贴|残疾车补贴", "Motorised wheelchair fuel subsidy", PER, PAY, W, "apply"),
            o("child-rehab", "残疾儿童康复救助", "残疾儿童康复|康复救助", "Disabled children's rehabilitation aid", PER, PAY, W, "request"),
            o("disability-levy", "残疾人就业保障金", "残保金", "Disability employment security levy", BIZ, OTHER, W, "relief declare"),
        ],
    },
    Domain {
        dept: "development-reform",
        district: Some(("{D}发展和改革局", "{De} Development and Reform Bureau")),
        county: None,
        window: ("发改", "Development and Reform"),
        code: "0025",
        law: ("企业投资项目核准和备案管理条例", "Regulations on the Approval and Filing of Enterprise Investment Projects"),
        objects: &[
            o("investment-project", "企业投资项目", "投资项目|项目立项", "Enterprise investment project", BIZ, LIC, W, "sanction filing change"),
            o("energy-review", "固定资产投资项目节能", "节能审查|能评", "Investment project energy conservation", BIZ, LIC, W, "examine"),
        ],
    },
    Domain {
        dept: "housing-construction",
        district: Some(("{D}住房和城乡建设局", "{De} Housing and Urban-Rural Development Bureau")),
        county: None,
        window: ("住建", "Housing and Construction"),
        code: "0146",
        law: ("中华人民共和国建筑法", "Construction Law of the People's Republic of China"),
        objects: &[
            o("construction-permit", "建筑工程施工许可证", "施工许可证|施工证", "Construction works permit", BIZ, LIC, W, "issue change extend"),
            o("presale-permit", "商品房预售许可证", "预售证|预售许可", "Off-plan sale permit", BIZ, LIC, W, "issue change"),
            o("builder-qualification", "建筑业企业资质", "建筑资质|施工资质", "Construction company qualification", BIZ, LIC, W, "recognise change extend"),
            o("developer-qualification", "房地产开发企业资质", "开发资质", "Real estate developer qualification", BIZ, LIC, W, "recognise extend"),
            o("public-rental", "公共租赁住房", "公租房|廉租房", "Public rental housing", PER, PUB, S, "request change cancel")
                .mat(("household-income-statement", "家庭收入和财产状况申报表", "Statement of household income and assets")),
            o("rent-subsidy", "住房租赁补贴", "租房补贴|租赁补贴", "Housing rent subsidy", PER, PAY, S, "request"),
            o("lease-contract", "住房租赁合同", "租房合同|租赁备案", "Residential tenancy agreement", PER, OTHER, W, "filing cancel")
                .mat(("lease_contract", "租赁合同或居住场所证明", "Tenancy agreement or proof of residence")),
            o("sale-contract", "商品房买卖合同", "购房合同|网签", "New home sale contract", PER, OTHER, W, "filing cancel"),
            o("construction-waste", "城市建筑垃圾处置", "建筑垃圾|渣土", "Construction waste disposal", BIZ, LIC, W, "sanction"),
            o("gas-business-permit", "燃气经营许可证", "燃气许可证", "Gas business licence", BIZ, LIC, C, "issue change extend"),
            o("drainage-licence", "城镇污水排入排水管网许可证", "排水许可证|排水证", "Sewer discharge permit", BIZ, LIC, W, "issue extend change"),
            o("completion-acceptance", "房屋建筑和市政基础设施工程竣工验收", "竣工验收|竣工备案", "Building works completion", BIZ, OTHER, W, "filing"),
            o("seismic-review", "超限高层建筑工程抗震设防", "抗震审查|超限审查", "High-rise seismic design", BIZ, LIC, C, "approve"),
        ],
    },
    Domain {
        dept: "transport",
        district: Some(("{D}交通运输局", "{De} Transport Bureau")),
        county: None,
        window: ("交通运输", "Transport"),
        code: "0141",
        law: ("中华人民共和国道路运输条例", "Regulations of the People's Republic of China on Road Transport"),
        objects: &[
            o("road-transport-licence", "道路运输经营许可证", "道路运输许可证|运输许可证", "Road transport business licence", BIZ, LIC, W, "change extend cancel reissue-lost"),
            o("road-transport-certificate", "道路运输证", "营运证|道路运输证", "Road transport certificate", BIZ, LIC, W, "reissue-lost reissue cancel"),
            o("ride-hailing-vehicle", "网络预约出租汽车运输证", "网约车运输证|网约车证|车证", "Ride-hailing vehicle certificate", BOTH, LIC, W, "issue cancel"),
            o("ride-hailing-driver", "网络预约出租汽车驾驶员证", "网约车驾驶员证|人证|网约车司机证", "Ride-hailing driver certificate", PER, LIC, W, "issue reissue"),
            o("taxi-driver", "出租汽车驾驶员从业资格证", "出租车资格证|的士资格证", "Taxi driver qualification certificate", PER, LIC, W, "issue reissue"),
            o("vehicle-repair", "机动车维修经营", "汽修备案|修车店备案", "Motor vehicle repair business", BIZ, OTHER, W, "filing change"),
            o("driving-school", "机动车驾驶员培训", "驾校备案|驾驶培训", "Driver training business", BIZ, OTHER, W, "filing"),
            o("oversize-transport", "公路超限运输", "超限运输|大件运输", "Oversize transport on highways", BIZ, LIC, W, "approve"),
            o("port-business", "港口经营许可", "港口许可", "Port business licence", BIZ, LIC, C, "issue extend"),
            o("waterway-transport", "水路运输经营许可", "水运许可", "Waterway transport business licence", BIZ, LIC, C, "issue change"),
        ],
    },
    Domain {
        dept: "ecology-environment",
        district: Some(("临江市生态环境局{S}分局", "{Se} Branch, Linjiang Ecology and Environment Bureau")),
        county: None,
        window: ("生态环境", "Ecology and Environment"),
        code: "0151",
        law: ("排污许可管理条例", "Regulations on the Administration of Pollutant Discharge Permits"),
        objects: &[
            o("discharge-permit", "排污许可证", "排污证|排污许可", "Pollutant discharge permit", BIZ, LIC, W, "issue change extend cancel"),
            o("discharge-registration", "固定污染源排污", "排污登记", "Fixed-source pollutant discharge", BIZ, OTHER, W, "register"),
            o("eia-report", "建设项目环境影响报告书", "环评报告书|环评", "Environmental impact report", BIZ, LIC, W, "approve"),
            o("eia-form", "建设项目环境影响报告表", "环评报告表|环评", "Environmental impact form", BIZ, LIC, W, "approve"),
            o("eia-registration", "建设项目环境影响登记表", "环评登记|环评备案", "Environmental impact registration form", BIZ, OTHER, W, "filing"),
            o("hazardous-waste", "危险废物经营许可证", "危废许可证|危废经营", "Hazardous waste business licence", BIZ, LIC, C, "issue change extend"),
            o("radiation-safety", "辐射安全许可证", "辐射许可证", "Radiation safety licence", BIZ, LIC, C, "issue change extend"),
        ],
    },
    Domain {
        dept: "fire-rescue",
        district: Some(("{D}消防救援大队", "{De} Fire and Rescue Brigade")),
        county: None,
        window: ("消防", "Fire and Rescue"),
        code: "0115",
        law: ("中华人民共和国消防法", "Fire Protection Law of the People's Republic of China"),
        objects: &[
            o("fire-design", "建设工程消防设计", "消防设计审查|消防审图", "Construction fire safety design", BIZ, LIC, W, "examine"),
            o("fire-acceptance", "建设工程消防", "消防验收", "Construction fire safety", BIZ, LIC, W, "accept filing"),
        ],
    },
    Domain {
        dept: "culture-tourism",
        district: Some(("{D}文化广电旅游体育局", "{De} Culture, Radio, Television, Tourism and Sports Bureau")),
        county: None,
        window: ("文旅", "Culture and Tourism"),
        code: "0160",
        law: ("娱乐场所管理条例", "Regulations on the Administration of Entertainment Venues"),
        objects: &[
            o("internet-cafe", "互联网上网服务营业场所", "网吧|网咖|上网服务", "Internet café", BIZ, LIC, W, "approve change cancel"),
            o("entertainment-venue", "娱乐场所经营活动", "KTV|歌舞厅|娱乐场所", "Entertainment venue business", BIZ, LIC, W, "approve change"),
            o("commercial-performance", "营业性演出", "演出审批|演唱会", "Commercial performance", BIZ, LIC, W, "approve"),
            o("travel-agency", "旅行社业务经营许可", "旅行社许可|开旅行社", "Travel agency licence", BIZ, LIC, C, "approve change"),
            o("tour-guide", "导游证", "导游证", "Tour guide certificate", PER, LIC, C, "apply reissue-lost"),
            o("high-risk-sports", "高危险性体育项目经营许可", "游泳馆许可|高危体育许可", "High-risk sports business licence", BIZ, LIC, W, "issue extend"),
            o("homestay", "民宿", "民宿|农家乐", "Homestay (minsu)", BOTH, OTHER, S, "filing"),
            o("publication-retail", "出版物零售", "书店许可|出版物经营许可", "Publication retail", BIZ, OTHER, W, "filing change"),
        ],
    },
    Domain {
        dept: "agriculture",
        district: Some(("{D}农业农村局", "{De} Agriculture and Rural Affairs Bureau")),
        county: None,
        window: ("农业农村", "Agriculture and Rural Affairs"),
        code: "0170",
        law: ("中华人民共和国农业法", "Agriculture Law of the People's Republic of China"),
        objects: &[
            o("pesticide-licence", "农药经营许可证", "农药许可证|卖农药", "Pesticide business licence", BIZ, LIC, W, "issue change extend"),
            o("veterinary-drug", "兽药经营许可证", "兽药许可证", "Veterinary drug business licence", BIZ, LIC, W, "issue change"),
            o("animal-epidemic", "动物防疫条件合格证", "防疫合格证|养殖场防疫", "Animal epidemic prevention certificate", BIZ, LIC, W, "issue change"),
            o("seed-licence", "农作物种子生产经营许可证", "种子许可证", "Crop seed production and trade licence", BIZ, LIC, W, "issue extend"),
            o("farm-machinery", "拖拉机和联合收割机", "拖拉机|农机", "Tractors and combine harvesters", PER, CONF, W, "register transfer-reg cancel-reg"),
            o("homestead", "农村宅基地", "宅基地|农村建房", "Rural homestead", PER, LIC, S, "approve"),
            o("fishing-licence", "渔业捕捞许可证", "捕捞证|打渔证", "Fishing licence", PER, LIC, W, "issue extend"),
            o("farmland-subsidy", "耕地地力保护补贴", "种粮补贴|耕地补贴", "Farmland fertility protection subsidy", PER, PAY, S, "request"),
        ],
    },
    Domain {
        dept: "emergency-management",
        district: Some(("{D}应急管理局", "{De} Emergency Management Bureau")),
        county: None,
        window: ("应急管理", "Emergency Management"),
        code: "0180",
        law: ("中华人民共和国安全生产法", "Work Safety Law of the People's Republic of China"),
        objects: &[
            o("hazardous-chemicals", "危险化学品经营许可证", "危化品许可证|危化证", "Hazardous chemicals business licence", BIZ, LIC, W, "issue change extend"),
            o("fireworks-retail", "烟花爆竹经营（零售）许可证", "卖烟花|烟花爆竹许可证", "Fireworks retail licence", BIZ, LIC, W, "issue"),
            o("mine-safety", "非煤矿山安全生产许可证", "安全生产许可证", "Work safety licence for non-coal mines", BIZ, LIC, C, "issue extend"),
            o("emergency-plan", "生产安全事故应急预案", "应急预案备案|应急预案", "Work safety emergency plan", BIZ, OTHER, W, "filing"),
            o("special-operation", "特种作业操作证", "电工证|焊工证|特种作业证", "Special operations certificate", PER, LIC, W, "reissue-lost reissue reexamine"),
        ],
    },
    Domain {
        dept: "urban-management",
        district: Some(("{D}城市管理和综合执法局", "{De} Urban Management and Law Enforcement Bureau")),
        county: None,
        window: ("城管", "Urban Management"),
        code: "0190",
        law: ("城市市容和环境卫生管理条例", "Regulations on City Appearance and Environmental Sanitation"),
        objects: &[
            o("outdoor-advert", "户外广告设施设置", "户外广告|广告牌|招牌", "Outdoor advertising installation", BIZ, LIC, W, "approve"),
            o("road-occupation", "临时占用城市道路", "占道|占道经营|摆摊", "Temporary city road occupation", BOTH, LIC, W, "approve"),
            o("tree-felling", "砍伐城市树木", "砍树|移树", "City tree felling", BOTH, LIC, W, "approve"),
            o("waste-transport", "建筑垃圾运输", "渣土运输|建筑垃圾运输", "Construction waste transport", BIZ, LIC, W, "sanction"),
        ],
    },
    Domain {
        dept: "water-resources",
        district: Some(("{D}水务局", "{De} Water Affairs Bureau")),
        county: None,
        window: ("水务", "Water Affairs"),
        code: "0195",
        law: ("中华人民共和国水法", "Water Law of the People's Republic of China"),
        objects: &[
            o("water-abstraction", "取水许可", "取水证|取水许可", "Water abstraction permit", BIZ, LIC, W, "approve extend change"),
            o("river-works", "河道管理范围内建设项目工程建设方案", "河道审批|涉河审批", "River-area construction works", BIZ, LIC, C, "approve"),
            o("soil-conservation", "生产建设项目水土保持方案", "水保方案|水土保持", "Soil and water conservation plan", BIZ, LIC, W, "approve"),
        ],
    },
    Domain {
        dept: "commerce",
        district: None,
        county: None,
        window: ("商务", "Commerce"),
        code: "0210",
        law: ("中华人民共和国对外贸易法", "Foreign Trade Law of the People's Republic of China"),
        objects: &[
            o("foreign-trader", "对外贸易经营者", "外贸备案|进出口权", "Foreign trade operator", BIZ, OTHER, C, "filing change"),
            o("prepaid-card", "单用途商业预付卡", "预付卡|会员卡备案", "Single-purpose prepaid card", BIZ, OTHER, C, "filing"),
            o("vehicle-scrapping", "报废机动车回收拆解企业资质", "报废车回收资质", "Qualification for scrapping end-of-life vehicles", BIZ, LIC, C, "recognise"),
            o("fuel-retail", "成品油零售经营", "加油站许可|成品油零售", "Refined oil retail", BIZ, LIC, C, "approve change"),
        ],
    },
    Domain {
        dept: "justice",
        district: Some(("{D}司法局", "{De} Justice Bureau")),
        county: None,
        window: ("司法", "Justice"),
        code: "0220",
        law: ("中华人民共和国法律援助法", "Legal Aid Law of the People's Republic of China"),
        objects: &[
            o("legal-aid", "法律援助", "法律援助|免费律师|找律师", "Legal aid", PER, PUB, S, "request"),
            o("lawyer-practice", "律师执业", "律师证|律师执业证", "Lawyer practice", PER, LIC, C, "approve change cancel"),
            o("law-firm", "律师事务所", "律所", "Law firm", BIZ, LIC, C, "establish-approve change cancel"),
            o("notary", "公证", "公证|公证书", "Notarisation", PER, PUB, W, "request query"),
        ],
    },
    Domain {
        dept: "water-supply",
        district: None,
        county: None,
        window: ("供水", "Water Supply"),
        code: "2201",
        law: ("城市供水条例", "Regulations on Urban Water Supply"),
        objects: &[o("water-account", "用水", "水表|自来水", "Water supply account", BOTH, PUB, C, "handover close-account change")],
    },
    Domain {
        dept: "power-supply",
        district: None,
        county: None,
        window: ("供电", "Power Supply"),
        code: "2202",
        law: ("电力供应与使用条例", "Regulations on Electricity Supply and Use"),
        objects: &[o("power-account", "用电", "电表|电费户", "Electricity account", BOTH, PUB, C, "handover close-account increase")],
    },
    Domain {
        dept: "gas-supply",
        district: None,
        county: None,
        window: ("燃气", "Gas Supply"),
        code: "2203",
        law: ("城镇燃气管理条例", "Regulations on the Administration of Urban Gas"),
        objects: &[o("gas-account", "管道燃气", "燃气|天然气|煤气", "Piped gas account", BOTH, PUB, C, "handover close-account change")],
    },
    Domain {
        dept: "broadband",
        district: None,
        county: None,
        window: ("通信", "Telecoms"),
        code: "2204",
        law: ("中华人民共和国电信条例", "Telecommunications Regulations of the People's Republic of China"),
        objects: &[o("broadband-account", "宽带", "宽带|网线|光纤", "Broadband account", BOTH, PUB, C, "handover close-account relocate")],
    },
];

/// City departments the seed does not have: (id, zh, en, phone).
#[rustfmt::skip]
pub(crate) const EXTRA_DEPARTMENTS: &[(&str, &str, &str, &str)] = &[
    ("traffic-police", "临江市公安局交通警察支队", "Traffic Police Detachment, Linjiang Public Security Bureau", "0761-88230122"),
    ("culture-tourism", "临江市文化广电旅游体育局", "Linjiang Culture, Radio, Television, Tourism and Sports Bureau", "0761-88238200"),
    ("agriculture", "临江市农业农村局", "Linjiang Agriculture and Rural Affairs Bureau", "0761-88238300"),
    ("emergency-management", "临江市应急管理局", "Linjiang Emergency Management Bureau", "0761-88238400"),
    ("urban-management", "临江市城市管理和综合执法局", "Linjiang Urban Management and Law Enforcement Bureau", "0761-88238500"),
    ("water-resources", "临江市水务局", "Linjiang Water Affairs Bureau", "0761-88238600"),
    ("commerce", "临江市商务局", "Linjiang Commerce Bureau", "0761-88238700"),
    ("justice", "临江市司法局", "Linjiang Justice Bureau", "0761-88238800"),
];

/// A district or county (区县) of 临江市.
pub(crate) struct District {
    pub slug: &'static str,
    pub zh: &'static str,
    pub short: &'static str,
    pub en: &'static str,
    pub en_short: &'static str,
    pub county: bool,
    /// 行政区划代码, the middle of a department's credit code.
    pub region: &'static str,
    /// Its streets (街道) or, in a county, towns (镇): (zh, pinyin slug).
    pub streets: &'static [(&'static str, &'static str)],
}

// A table row: positional, like the tables it builds.
#[allow(clippy::too_many_arguments)]
const fn d(
    slug: &'static str,
    zh: &'static str,
    short: &'static str,
    en: &'static str,
    en_short: &'static str,
    county: bool,
    region: &'static str,
    streets: &'static [(&'static str, &'static str)],
) -> District {
    District {
        slug,
        zh,
        short,
        en,
        en_short,
        county,
        region,
        streets,
    }
}

#[rustfmt::skip]
pub(crate) const DISTRICTS: &[District] = &[
    d("binjiang", "滨江区", "滨江", "Binjiang District", "Binjiang", false, "441102",
        &[("东湖", "donghu"), ("望江", "wangjiang"), ("江湾", "jiangwan"), ("金桥", "jinqiao"), ("滨海", "binhai"), ("明珠", "mingzhu")]),
    d("jiangbei", "江北区", "江北", "Jiangbei District", "Jiangbei", false, "441103",
        &[("北岸", "beian"), ("沙河", "shahe"), ("银湾", "yinwan"), ("翠屏", "cuiping"), ("梅园", "meiyuan"), ("桂花", "guihua")]),
    d("chengdong", "城东区", "城东", "Chengdong District", "Chengdong", false, "441104",
        &[("东升", "dongsheng"), ("朝阳", "chaoyang"), ("人民", "renmin"), ("解放", "jiefang"), ("和平", "heping"), ("新华", "xinhua")]),
    d("chengxi", "城西区", "城西", "Chengxi District", "Chengxi", false, "441105",
        &[("西城", "xicheng"), ("西林", "xilin"), ("柳岸", "liuan"), ("长乐", "changle"), ("永安", "yongan"), ("太平", "taiping")]),
    d("nanhu", "南湖区", "南湖", "Nanhu District", "Nanhu", false, "441106",
        &[("荷塘", "hetang"), ("南岭", "nanling"), ("月湖", "yuehu"), ("星湖", "xinghu"), ("枫桥", "fengqiao"), ("兰亭", "lanting")]),
    d("beishan", "北山区", "北山", "Beishan District", "Beishan", false, "441107",
        &[("青石", "qingshi"), ("松林", "songlin"), ("虎山", "hushan"), ("云台", "yuntai"), ("宝山", "baoshan"), ("玉泉", "yuquan")]),
    d("lingang", "临港区", "临港", "Lingang District", "Lingang", false, "441108",
        &[("港口", "gangkou"), ("白鹭", "bailu"), ("三江", "sanjiang"), ("双桥", "shuangqiao"), ("千岛", "qiandao"), ("天河", "tianhe")]),
    d("xinqu", "临江新区", "新区", "Linjiang New Area", "New Area", false, "441109",
        &[("紫荆", "zijing"), ("凤凰", "fenghuang"), ("锦绣", "jinxiu"), ("光明", "guangming"), ("幸福", "xingfu"), ("安宁", "anning")]),
    d("gaoxin", "临江高新区", "高新", "Linjiang Hi-tech Zone", "Hi-tech Zone", false, "441110",
        &[("中山", "zhongshan"), ("文昌", "wenchang"), ("花园", "huayuan"), ("春晖", "chunhui"), ("日新", "rixin"), ("七星", "qixing")]),
    d("qingshan", "青山县", "青山", "Qingshan County", "Qingshan", true, "441121",
        &[("龙潭", "longtan"), ("石门", "shimen"), ("竹溪", "zhuxi"), ("桃源", "taoyuan"), ("杏坛", "xingtan"), ("鹤鸣", "heming")]),
    d("baisha", "白沙县", "白沙", "Baisha County", "Baisha", true, "441122",
        &[("金沙", "jinsha"), ("清河", "qinghe"), ("黄龙", "huanglong"), ("红星", "hongxing"), ("百花", "baihua"), ("五里", "wuli")]),
    d("longxi", "龙溪县", "龙溪", "Longxi County", "Longxi", true, "441123",
        &[("九龙", "jiulong"), ("云山", "yunshan"), ("秋实", "qiushi"), ("冬青", "dongqing"), ("夏阳", "xiayang"), ("龙湾", "longwan")]),
];

/// Roads for generated addresses: (zh, en).
pub(crate) const ROADS: &[(&str, &str)] = &[
    ("人民路", "Renmin Road"),
    ("建设大道", "Jianshe Avenue"),
    ("江滨路", "Jiangbin Road"),
    ("中山路", "Zhongshan Road"),
    ("解放路", "Jiefang Road"),
    ("文化路", "Wenhua Road"),
    ("新华街", "Xinhua Street"),
    ("朝阳路", "Chaoyang Road"),
    ("府前路", "Fuqian Road"),
    ("长江路", "Changjiang Road"),
];
