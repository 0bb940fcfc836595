use serde::{Deserialize, Serialize};

use crate::{Condition, Date, Text, open_enum};

open_enum! {
    /// 服务对象: who a matter or event serves.
    pub enum Audience {
        /// 自然人
        Person,
        /// 法人
        Business,
        /// 自然人和法人
        Both,
    }
}

open_enum! {
    /// 事项类型: the kind of a matter in the national catalogue.
    pub enum MatterKind {
        /// 行政许可
        Licensing,
        /// 行政给付
        Payment,
        /// 行政确认
        Confirmation,
        /// 行政裁决
        Ruling,
        /// 行政奖励
        Reward,
        /// 其他行政权力
        OtherPower,
        /// 公共服务
        PublicService,
    }
}

open_enum! {
    /// 办件类型
    pub enum HandlingType {
        /// 即办件: decided on the spot.
        Instant,
        /// 承诺件: decided within the promised time limit.
        Promised,
    }
}

open_enum! {
    /// The unit of a time limit.
    pub enum TimeUnit {
        /// 工作日
        WorkingDays,
        /// 自然日
        NaturalDays,
    }
}

/// A time limit with its unit. `value` 0 with an instant matter means "on the spot" (当场办结).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct TimeLimit {
    pub value: u16,
    pub unit: TimeUnit,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// 到现场次数: on-site visits needed; "最多跑一次" means 0 or 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Visits {
    pub count: u8,
    /// Why a visit is needed, when `count` is not 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// 收费: either free (不收费, said literally) or a list of fee items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Fees {
    pub free: bool,
    #[serde(default)]
    pub items: Vec<FeeItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct FeeItem {
    pub name: Text,
    /// 收费标准, e.g. "每证 20 元".
    pub standard: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Text>,
    /// 是否允许减免
    #[serde(default)]
    pub waivable: bool,
}

open_enum! {
    /// 材料形式: what the office must see.
    pub enum MaterialForm {
        /// 原件
        Original,
        /// 复印件
        Copy,
        /// 原件和复印件
        OriginalAndCopy,
    }
}

open_enum! {
    /// 材料载体
    pub enum Medium {
        Paper,
        Electronic,
        /// 纸质或电子均可
        Either,
    }
}

open_enum! {
    /// 必要性
    pub enum Necessity {
        /// 必要
        Required,
        /// 非必要
        Optional,
        /// 容缺: the case can be accepted and this material supplied later.
        Deferrable,
    }
}

open_enum! {
    /// 材料来源
    pub enum MaterialSource {
        /// 申请人自备
        Applicant,
        /// 政府部门核发 and shared (电子证照 / 免提交): the citizen need not bring it.
        Government,
        /// Issued by a third party (hospital, bank…) and brought by the applicant.
        ThirdParty,
        /// 可在线填写: the online application asks for it (its fields are in the combined form);
        /// nothing to bring when applying online. At a window the office hands out the form.
        OnlineForm,
        /// The office obtains it itself from whoever issued it (the hospital pushes the record,
        /// the employer declares it, the court sends the ruling): nothing for the applicant to do.
        ObtainedByOffice,
    }
}

open_enum! {
    /// Whose document a material is (谁的): one line of the checklist per person.
    pub enum Holder {
        /// 申请人本人
        Applicant,
        /// The child's father (孩子父亲)
        Father,
        /// The child's mother (孩子母亲)
        Mother,
        /// 配偶
        Spouse,
        /// 监护人
        Guardian,
        /// The child, or the minor the matter is for (孩子)
        Child,
        /// 户主
        Householder,
        /// 法定代表人
        LegalRepresentative,
        /// 代办人 (an agent acting for the applicant)
        Agent,
        /// 逝者 (the deceased, in matters after a death)
        Deceased,
    }
}

/// One material (申请材料) of a matter. `id` is stable across matters so that the same
/// material needed by several matters merges into one line of the one-time notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Material {
    pub id: String,
    pub name: Text,
    pub form: MaterialForm,
    /// 份数
    pub copies: u8,
    pub medium: Medium,
    pub necessity: Necessity,
    pub source: MaterialSource,
    /// Whose document it is: one entry per person (father and mother: both parents' cards).
    /// Empty: not stated (the applicant's, as a rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holders: Vec<Holder>,
    /// 仅在…时需要: needed only in this situation, said in words (the guide of a matter has no
    /// situational questions; inside a life event `applies_when` decides instead). A material
    /// with `only_if` is never shown as simply 必要.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_if: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// A relative or absolute URL of the blank form (空白表格), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank_form_url: Option<String>,
    /// A URL of a filled-in sample (示例样表), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_url: Option<String>,
    /// Inside a life event only: the material applies when this holds (absent: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<Condition>,
}

/// 设定依据
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LegalBasis {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Text>,
}

/// A place where a matter is handled (办理地点) with its hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Office {
    pub id: String,
    pub name: Text,
    pub address: Text,
    /// 办公时间, as the office states it.
    pub hours: Text,
    pub phone: String,
    /// Whether appointments (预约) can be booked for this office.
    #[serde(default)]
    pub appointment: bool,
    /// Where the office is on a map, when the backend knows (for a map link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
}

/// A point on the map in GCJ-02 (国测局坐标), the datum of every map in mainland China and of
/// the mini-program's `openLocation`; degrees, north and east positive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

/// JSON has no NaN, so a decoded point is always equal to itself.
impl Eq for GeoPoint {}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Faq {
    pub question: Text,
    pub answer: Text,
}

open_enum! {
    /// 送达方式
    pub enum DeliveryMethod {
        /// 窗口领取
        Pickup,
        /// 邮寄送达
        Post,
        /// 电子证照 / 电子送达
        Electronic,
    }
}

/// What a matter supports beyond the counter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct ServiceOptions {
    /// 网上申请
    #[serde(default)]
    pub online_apply: bool,
    /// 预约办理
    #[serde(default)]
    pub appointment: bool,
    /// 物流快递
    #[serde(default)]
    pub postal_delivery: bool,
    /// 网上支付
    #[serde(default)]
    pub online_payment: bool,
}

/// 办事指南: the standard service guide of one matter (事项).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct MatterGuide {
    pub id: String,
    pub name: Text,
    /// 日常用语: everyday names citizens type.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 基本编码 (12 characters).
    pub basic_code: String,
    /// 实施编码 (up to 36 characters).
    pub implementation_code: String,
    pub kind: MatterKind,
    /// 实施主体
    pub department_id: String,
    pub department_name: Text,
    pub audience: Audience,
    pub handling: HandlingType,
    /// 法定时限
    pub legal_limit: TimeLimit,
    /// 承诺时限
    pub promised_limit: TimeLimit,
    pub visits: Visits,
    /// 网办深度 1–4; 4 is 全程网办 (no visit). Other values: render as unknown.
    pub online_depth: u8,
    pub fees: Fees,
    /// 受理条件
    #[serde(default)]
    pub conditions: Vec<Text>,
    #[serde(default)]
    pub materials: Vec<Material>,
    /// 办理流程, in order.
    #[serde(default)]
    pub process: Vec<Text>,
    #[serde(default)]
    pub legal_basis: Vec<LegalBasis>,
    #[serde(default)]
    pub offices: Vec<Office>,
    #[serde(default)]
    pub services: ServiceOptions,
    #[serde(default)]
    pub delivery: Vec<DeliveryMethod>,
    #[serde(default)]
    pub faq: Vec<Faq>,
    /// 咨询电话 of the implementing agency.
    pub phone: String,
    /// 监督投诉电话, usually 12345.
    pub hotline: String,
    /// The date the guide was last updated.
    pub updated_on: Date,
}
