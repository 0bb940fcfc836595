//! 我的证照 on the client: how long a verification code (用证码) has left, how its countdown
//! reads, the outline of its QR code as one SVG path, and which materials of a checklist the
//! signed-in citizen already holds as an electronic licence ("you hold this").

use yishi_contract::{FieldKind, FormField, Holder, Licence, LicenceKind, Medium};

use crate::plan::Plan;

/// Whole seconds a code has left, `elapsed_ms` after it arrived with `expires_in` seconds.
/// Counted from the answer by the device's own clock (which may be wrong about the date but
/// not about a minute passing), so a phone set to the wrong day still counts right.
pub fn seconds_left(expires_in: u32, elapsed_ms: f64) -> u32 {
    if !elapsed_ms.is_finite() || elapsed_ms < 0.0 {
        return expires_in;
    }
    let elapsed = (elapsed_ms / 1000.0).floor();
    if elapsed >= f64::from(expires_in) {
        0
    } else {
        expires_in - elapsed as u32
    }
}

/// The countdown as a clock reads it: `1:58`, `0:07`.
pub fn countdown(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The dark modules of a `size`×`size` QR code as one SVG path (a unit square per module),
/// drawn inside a quiet zone of `border` modules: the view box is `size + 2 × border` wide.
/// One path element rather than one per module keeps the page's DOM small.
pub fn qr_path(size: i32, border: i32, dark: impl Fn(i32, i32) -> bool) -> String {
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            // A run of dark modules on this row is one rectangle.
            let start = x;
            while x < size && dark(x, y) {
                x += 1;
            }
            d.push_str(&format!(
                "M{} {}h{}v1h-{}z",
                start + border,
                y + border,
                x - start,
                x - start
            ));
        }
    }
    d
}

/// The licence kind a checklist material is, by the material's id (stable across the catalogue:
/// `resident_id_card` is the same card in every matter). `None`: not a licence the wallet holds.
pub fn licence_kind_of_material(material_id: &str) -> Option<LicenceKind> {
    Some(match material_id {
        "resident_id_card" | "resident_id" | "applicant_id" => LicenceKind::ResidentIdCard,
        "household_register" | "hukou" => LicenceKind::HouseholdRegister,
        "marriage_certificate" => LicenceKind::MarriageCertificate,
        "birth_medical_certificate" => LicenceKind::BirthMedicalCertificate,
        "social_security_card" => LicenceKind::SocialSecurityCard,
        "driving_licence" | "driving_license" | "drivers_licence" => LicenceKind::DrivingLicence,
        "business_licence" | "business_license" => LicenceKind::BusinessLicence,
        "property_certificate" | "real_estate_certificate" => LicenceKind::RealEstateCertificate,
        _ => return None,
    })
}

/// The kind of licence that may stand for `material_id` (whose documents `holders`, on
/// `medium`): the material's kind, when it is the applicant's own document only (no holder
/// said, or only the applicant) and the office takes an electronic copy. Another person's
/// document (the other parent's card) is not the citizen's to give, even of the same kind, and
/// a line for several people would wrongly tell the others to leave theirs at home. A material
/// the office wants on paper (`medium` paper, or one this version does not know: the old card
/// handed in at a renewal) takes none: an electronic licence does not replace it.
pub fn accepts(material_id: &str, holders: &[Holder], medium: Medium) -> Option<LicenceKind> {
    if !matches!(medium, Medium::Either | Medium::Electronic) {
        return None;
    }
    let own = holders.iter().all(|h| *h == Holder::Applicant);
    own.then(|| licence_kind_of_material(material_id)).flatten()
}

/// Whether the signed-in subject holds `material_id` as a usable electronic licence of their
/// own ([`accepts`], and a valid or expiring licence of that kind).
pub fn holds(licences: &[Licence], material_id: &str, holders: &[Holder], medium: Medium) -> bool {
    accepts(material_id, holders, medium).is_some_and(|kind| usable_of(licences, kind).is_some())
}

/// The licence given for a material of `kind`: the first usable one of that kind (the list
/// comes usable first, in the backend's order).
pub fn usable_of(licences: &[Licence], kind: LicenceKind) -> Option<&Licence> {
    licences
        .iter()
        .find(|l| l.kind == kind && l.status.usable())
}

/// The kind of licence an attachment field of the combined form may be given as (一表申请,
/// "use my electronic licence"), for the answers `plan` was made with: its material's line in
/// the merged checklist ([`accepts`] over the strictest medium and the holders any applicable
/// matter asks). `None`: the field takes files only. The app offers the choice with this and
/// the backend checks a submitted licence with it, so the two cannot disagree.
pub fn field_accepts(plan: &Plan, field: &FormField) -> Option<LicenceKind> {
    if field.kind != FieldKind::Attachment {
        return None;
    }
    let material = field.material_id.as_deref()?;
    let item = plan.checklist.iter().find(|i| i.material_id == material)?;
    accepts(material, &item.holders, item.medium)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_applicants_own_electronic_material_takes_a_licence() {
        use Medium::*;
        let me = [Holder::Applicant];
        assert_eq!(
            accepts("household_register", &[], Either),
            Some(LicenceKind::HouseholdRegister)
        );
        assert_eq!(
            accepts("marriage_certificate", &me, Electronic),
            Some(LicenceKind::MarriageCertificate)
        );
        // On paper, or a medium this version does not know: files (or paper) only.
        assert_eq!(accepts("household_register", &[], Paper), None);
        assert_eq!(accepts("household_register", &[], Medium::Unknown), None);
        // Someone else's document, or several people's.
        assert_eq!(accepts("resident_id_card", &[Holder::Father], Either), None);
        assert_eq!(
            accepts(
                "resident_id_card",
                &[Holder::Applicant, Holder::Mother],
                Either
            ),
            None
        );
        // A material that is no licence.
        assert_eq!(accepts("lease_contract", &[], Either), None);
    }

    #[test]
    fn seconds_left_counts_down_to_zero_and_never_below() {
        assert_eq!(seconds_left(120, 0.0), 120);
        assert_eq!(seconds_left(120, 999.0), 120);
        assert_eq!(seconds_left(120, 1_000.0), 119);
        assert_eq!(seconds_left(120, 119_999.0), 1);
        assert_eq!(seconds_left(120, 120_000.0), 0);
        assert_eq!(seconds_left(120, 10_000_000.0), 0);
        // A clock that went backwards or a broken reading does not extend the code.
        assert_eq!(seconds_left(120, -5_000.0), 120);
        assert_eq!(seconds_left(120, f64::NAN), 120);
    }

    #[test]
    fn countdown_reads_like_a_clock() {
        assert_eq!(countdown(120), "2:00");
        assert_eq!(countdown(118), "1:58");
        assert_eq!(countdown(7), "0:07");
        assert_eq!(countdown(0), "0:00");
    }

    #[test]
    fn qr_path_draws_each_run_of_dark_modules_once() {
        // Row 0: dark at 0 and 1 (one run), row 1: dark at 2 only.
        let dark = |x: i32, y: i32| matches!((x, y), (0, 0) | (1, 0) | (2, 1));
        assert_eq!(qr_path(3, 4, dark), "M4 4h2v1h-2zM6 5h1v1h-1z");
        assert_eq!(qr_path(3, 0, |_, _| false), "");
        assert_eq!(qr_path(2, 1, |_, _| true), "M1 1h2v1h-2zM1 2h2v1h-2z");
    }

    fn licence(kind: LicenceKind, status: yishi_contract::LicenceStatus) -> Licence {
        Licence {
            id: "l".into(),
            kind,
            name: yishi_contract::Text {
                zh: "证".into(),
                en: None,
            },
            issuer: yishi_contract::Text {
                zh: "局".into(),
                en: None,
            },
            number_masked: "1**2".into(),
            holder: None,
            valid_from: None,
            valid_until: None,
            status,
        }
    }

    #[test]
    fn a_held_usable_licence_of_the_applicant_is_held() {
        use yishi_contract::LicenceStatus::*;
        let wallet = [
            licence(LicenceKind::ResidentIdCard, Valid),
            licence(LicenceKind::DrivingLicence, Expiring),
            licence(LicenceKind::SocialSecurityCard, Revoked),
            licence(LicenceKind::MarriageCertificate, Expired),
            licence(LicenceKind::Unknown, Valid),
        ];
        assert!(holds(&wallet, "resident_id_card", &[], Medium::Either));
        assert!(holds(
            &wallet,
            "resident_id_card",
            &[Holder::Applicant],
            Medium::Either
        ));
        // A line for several people: the others still bring theirs.
        assert!(!holds(
            &wallet,
            "resident_id_card",
            &[Holder::Applicant, Holder::Spouse],
            Medium::Either
        ));
        // Expiring is still valid.
        assert!(holds(&wallet, "driving_licence", &[], Medium::Either));
        // Revoked and expired licences do not count.
        assert!(!holds(&wallet, "social_security_card", &[], Medium::Either));
        assert!(!holds(&wallet, "marriage_certificate", &[], Medium::Either));
        // Another person's document of the same kind is not mine to show.
        assert!(!holds(
            &wallet,
            "resident_id_card",
            &[Holder::Father, Holder::Mother],
            Medium::Either
        ));
        // Not held at all, or not a licence.
        assert!(!holds(&wallet, "household_register", &[], Medium::Either));
        assert!(!holds(&wallet, "bank_card", &[], Medium::Either));
        assert!(!holds(&[], "resident_id_card", &[], Medium::Either));
        // On paper only (the old card handed in), or a medium this version does not know.
        assert!(holds(&wallet, "resident_id_card", &[], Medium::Electronic));
        assert!(!holds(&wallet, "resident_id_card", &[], Medium::Paper));
        assert!(!holds(&wallet, "resident_id_card", &[], Medium::Unknown));
    }

    #[test]
    fn catalogue_material_ids_map_to_licence_kinds() {
        assert_eq!(
            licence_kind_of_material("business_license"),
            Some(LicenceKind::BusinessLicence)
        );
        assert_eq!(
            licence_kind_of_material("property_certificate"),
            Some(LicenceKind::RealEstateCertificate)
        );
        assert_eq!(licence_kind_of_material("death_certificate"), None);
        assert_eq!(licence_kind_of_material(""), None);
    }
}
