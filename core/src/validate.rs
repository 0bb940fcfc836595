//! Field validation shared by client and server, and the masks used wherever personal data is
//! shown (a case lookup, a rating, a timeline).

use yishi_contract::Date;

/// GB 11643 weights for the 17 body digits of a resident identity number (ISO 7064 MOD 11-2).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The birth date encoded in an 18-character resident identity number (公民身份号码), if the
/// number is well-formed. The caller compares it with today (this crate has no clock).
pub fn resident_id_birth_date(s: &str) -> Option<Date> {
    if !resident_id_valid(s) {
        return None;
    }
    Date::parse(&format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14]))
}

/// Whether `s` is a valid 18-character resident identity number (公民身份号码, GB 11643):
/// 17 digits (not starting with 0), a check character (`X` or `x` for 10) matching the
/// ISO 7064 MOD 11-2 checksum, and a real birth date from 1900 to 2099.
pub fn resident_id_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || b[0] == b'0' {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let want = ID_CHECK[(sum % 11) as usize];
    if b[17].to_ascii_uppercase() != want {
        return false;
    }
    let year: i32 = s[6..10].parse().unwrap_or(0);
    let month: u8 = s[10..12].parse().unwrap_or(0);
    let day: u8 = s[12..14].parse().unwrap_or(0);
    (1900..=2099).contains(&year) && Date::new(year, month, day).is_some()
}

/// What is wrong with a resident identity number, so the citizen is told how to fix it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 18 characters (the count is given).
    Length(usize),
    /// Something other than 17 digits and a final digit or X.
    Characters,
    /// The birth date inside (characters 7–14) is not a real date.
    BirthDate,
    /// The last character does not match the others: a digit was mistyped.
    CheckCharacter,
}

/// Why `s` is not a valid resident identity number, `None` when it is (see
/// [`resident_id_valid`]; a future birth date is the caller's check).
pub fn resident_id_problem(s: &str) -> Option<IdProblem> {
    let b = s.as_bytes();
    let chars = s.chars().count();
    if chars != 18 {
        return Some(IdProblem::Length(chars));
    }
    let last_ok = b[17].is_ascii_digit() || b[17].eq_ignore_ascii_case(&b'x');
    if !b[..17].iter().all(u8::is_ascii_digit) || !last_ok || b[0] == b'0' {
        return Some(IdProblem::Characters);
    }
    let year: i32 = s[6..10].parse().unwrap_or(0);
    let month: u8 = s[10..12].parse().unwrap_or(0);
    let day: u8 = s[12..14].parse().unwrap_or(0);
    if !(1900..=2099).contains(&year) || Date::new(year, month, day).is_none() {
        return Some(IdProblem::BirthDate);
    }
    (!resident_id_valid(s)).then_some(IdProblem::CheckCharacter)
}

/// Whether `s` is a mainland mobile number: 11 digits starting with 1[3-9].
pub fn mobile_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// The 31 characters of a unified social credit code, by value (GB 32100: no I, O, S, V, Z).
const CREDIT_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100 weights: 3^i mod 31.
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Whether `s` is a valid 18-character unified social credit code (统一社会信用代码, GB 32100):
/// upper-case characters from the code set and a matching mod-31 check character.
pub fn credit_code_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut values = [0u32; 18];
    for (v, c) in values.iter_mut().zip(b) {
        match CREDIT_CHARS.iter().position(|x| x == c) {
            Some(p) => *v = p as u32,
            None => return false,
        }
    }
    let sum: u32 = values[..17]
        .iter()
        .zip(CREDIT_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    values[17] == check
}

/// Masks a name for display: `张晓明` → `张*明`, `欧阳晓明` → `欧**明`, `张三` → `张*`,
/// a single character → `*`. Surrounding whitespace is dropped.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut out = String::new();
            out.push(chars[0]);
            out.extend(std::iter::repeat_n('*', n - 2));
            out.push(chars[n - 1]);
            out
        }
    }
}

/// Masks a phone number: `13800000001` → `138****0001`. Longer or shorter numbers keep the
/// first 3 and last 4 characters when at least 8 long; otherwise only the last 2.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 8 { (3, 4) } else { (0, n.min(2)) };
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids() {
        // The examples printed in GB 11643-1999, and a common test number.
        assert!(resident_id_valid("11010519491231002X"));
        assert!(resident_id_valid("11010519491231002x"));
        assert!(!resident_id_valid("440524188001010014")); // checksum fine, but born in 1880
        assert!(resident_id_valid("110101199003074514"));
        for bad in [
            "110101199003074515",  // wrong check digit
            "11010519491231002Y",  // not X
            "110105194912310029",  // X expected
            "11010519491231002",   // 17
            "11010519491231002XX", // 19
            "010101199003074514",  // leading 0 (no such region)
            "11010119900307451a",
            "１１0101199003074514", // full-width digits
            "",
        ] {
            assert!(!resident_id_valid(bad), "{bad}");
        }
        assert_eq!(
            resident_id_birth_date("11010519491231002X"),
            Date::new(1949, 12, 31)
        );
        assert_eq!(resident_id_birth_date("110101199003074515"), None);
    }

    /// Builds a number with a correct check digit, to test the date rules alone.
    fn with_check(body: &str) -> String {
        let sum: u32 = body
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(c, w)| u32::from(c - b'0') * w)
            .sum();
        format!("{body}{}", ID_CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn resident_id_birth_dates_must_exist() {
        assert!(resident_id_valid(&with_check("11010120000229123"))); // leap day
        assert!(!resident_id_valid(&with_check("11010119000229123"))); // 1900 was not leap
        assert!(!resident_id_valid(&with_check("11010120010229123")));
        assert!(!resident_id_valid(&with_check("11010120011301123")));
        assert!(!resident_id_valid(&with_check("11010120011200123")));
        assert!(!resident_id_valid(&with_check("11010118991231123")));
        assert!(resident_id_valid(&with_check("11010119000101123")));
    }

    #[test]
    fn mobiles() {
        for ok in ["13800000001", "19912345678", "16600000000"] {
            assert!(mobile_valid(ok), "{ok}");
        }
        for bad in [
            "12800000001",
            "23800000001",
            "1380000000",
            "138000000012",
            "+8613800000001",
            "138 0000 0001",
            "1380000000a",
            "",
        ] {
            assert!(!mobile_valid(bad), "{bad}");
        }
    }

    #[test]
    fn credit_codes() {
        // A widely published sample and two registered companies' codes.
        for ok in [
            "91350100M000100Y43",
            "914403001922038216",
            "9144030071526726XG",
        ] {
            assert!(credit_code_valid(ok), "{ok}");
        }
        for bad in [
            "91350100M000100Y44", // wrong check
            "9144030071526726XH", // wrong check
            "91350100M000100Y4",  // 17
            "91350100m000100y43", // lower case
            "91350100O000100Y43", // O is not in the code set
            "",
        ] {
            assert!(!credit_code_valid(bad), "{bad}");
        }
        // Changing any single body character breaks the check.
        let good = b"914403001922038216";
        for i in 0..17 {
            let mut b = *good;
            b[i] = if b[i] == b'1' { b'2' } else { b'1' };
            assert!(
                !credit_code_valid(std::str::from_utf8(&b).unwrap()),
                "position {i}"
            );
        }
    }

    #[test]
    fn masks() {
        let names = [
            ("张晓明", "张*明"),
            ("张三", "张*"),
            ("欧阳晓明", "欧**明"),
            ("王", "*"),
            ("", ""),
            (" 李四 ", "李*"),
        ];
        for (name, want) in names {
            assert_eq!(mask_name(name), want, "{name}");
        }
        let phones = [
            ("13800000001", "138****0001"),
            ("02012345678", "020****5678"),
            ("0755123456789", "075******6789"),
            ("12345", "***45"),
            ("1", "1"),
            ("", ""),
        ];
        for (phone, want) in phones {
            assert_eq!(mask_phone(phone), want, "{phone}");
        }
    }
}
