//! 我的证照: the electronic licences the backend holds for the signed-in subject
//! (`/api/v1/licences`), and the short-lived code (用证码) that shows one at a counter (亮证).
//! Optional: a backend that does not offer them answers 404 or 501 on `GET /licences`.

use serde::{Deserialize, Serialize};

use crate::{Date, Text, Timestamp, open_enum};

open_enum! {
    /// What a licence is; an unknown kind is shown by its `name`.
    pub enum LicenceKind {
        /// 居民身份证
        ResidentIdCard,
        /// 居民户口簿
        HouseholdRegister,
        /// 结婚证
        MarriageCertificate,
        /// 出生医学证明
        BirthMedicalCertificate,
        /// 社会保障卡
        SocialSecurityCard,
        /// 机动车驾驶证
        DrivingLicence,
        /// 营业执照
        BusinessLicence,
        /// 不动产权证书
        RealEstateCertificate,
    }
}

open_enum! {
    /// Whether a licence can be used today.
    pub enum LicenceStatus {
        Valid,
        /// Valid, but ending within 90 days.
        Expiring,
        Expired,
        /// 吊销, 注销: withdrawn by its issuer.
        Revoked,
    }
}

impl LicenceStatus {
    /// Whether a code may be asked for it (an unknown status is not assumed usable).
    pub fn usable(self) -> bool {
        matches!(self, LicenceStatus::Valid | LicenceStatus::Expiring)
    }
}

/// One electronic licence (电子证照) of the subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Licence {
    pub id: String,
    pub kind: LicenceKind,
    pub name: Text,
    /// 发证机关
    pub issuer: Text,
    /// The number with its middle hidden; the full number is never sent here.
    pub number_masked: String,
    /// The holder as printed, when not simply the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    /// The last valid day; absent, without end (长期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    pub status: LicenceStatus,
}

/// `GET /api/v1/licences`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceList {
    pub items: Vec<Licence>,
}

/// `POST /api/v1/licences/{id}/code`: 用证码, valid `expires_in` seconds from the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceCode {
    pub licence_id: String,
    /// Read out at the counter.
    pub digits: String,
    /// What the QR code encodes.
    pub qr: String,
    pub expires_at: Timestamp,
    pub expires_in: u32,
}

open_enum! {
    /// How a licence was used.
    pub enum LicenceUsePurpose {
        /// 亮证: a verification code checked by an office.
        ShownAtCounter,
        /// Attached to an application by reference, with consent.
        AttachedToApplication,
    }
}

/// One recorded use of one of the subject's licences (用证记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceUse {
    pub id: String,
    pub licence_id: String,
    pub licence_name: Text,
    pub purpose: LicenceUsePurpose,
    pub used_at: Timestamp,
    /// The office (or system) that used it.
    pub used_by: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
}

/// `GET /api/v1/licences/uses`: newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceUseList {
    pub items: Vec<LicenceUse>,
}

/// `POST /api/v1/operator/licence-codes/verify` body: a code read at a counter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceCodeCheck {
    /// The digits (spaces ignored), or the text of the QR code.
    pub digits: String,
    pub office: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
}

/// `POST /api/v1/operator/licence-codes/verify` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct LicenceVerified {
    pub licence: Licence,
    pub verified_at: Timestamp,
}
