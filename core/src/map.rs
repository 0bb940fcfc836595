//! A map link for an office (办理地点): a public web map citizens' phones open in the browser or
//! hand to a map app. With the office's point (GCJ-02, as the contract gives it) the map shows a
//! marker there; without one it searches for the address. Amap's URI API (高德地图 `uri.amap.com`)
//! is used because it takes GCJ-02 as given (`coordinate=gaode`), needs no key, and its page
//! offers to continue in the Amap app; a `geo:` URI was not chosen: it means WGS-84 (RFC 5870),
//! several hundred metres off a GCJ-02 point in mainland China.

use yishi_contract::GeoPoint;

/// The map link of an office named `name` at `address`, at `at` when known.
pub fn map_url(name: &str, address: &str, at: Option<GeoPoint>) -> String {
    match at.filter(|p| valid(*p)) {
        Some(p) => format!(
            "https://uri.amap.com/marker?position={},{}&name={}&src=yishi&coordinate=gaode&callnative=0",
            degrees(p.longitude),
            degrees(p.latitude),
            encode(name)
        ),
        None => format!(
            "https://uri.amap.com/search?keyword={}&src=yishi&callnative=0",
            encode(address)
        ),
    }
}

/// A point a map can show: finite and on the globe.
pub fn valid(p: GeoPoint) -> bool {
    p.latitude.is_finite()
        && p.longitude.is_finite()
        && (-90.0..=90.0).contains(&p.latitude)
        && (-180.0..=180.0).contains(&p.longitude)
}

/// Degrees with six decimals (about 0.1 m), through integers: float formatting would add
/// kilobytes to the app shell for this one number.
fn degrees(x: f64) -> String {
    let micro = (x * 1e6).round() as i64;
    let sign = if micro < 0 { "-" } else { "" };
    let a = micro.unsigned_abs();
    format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as UTF-8.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_a_marker_longitude_first() {
        let at = GeoPoint {
            latitude: 28.6562,
            longitude: 121.4213,
        };
        assert_eq!(
            map_url("市政务服务中心 & 2楼", "ignored", Some(at)),
            "https://uri.amap.com/marker?position=121.421300,28.656200&name=%E5%B8%82%E6%94%BF%E5%8A%A1%E6%9C%8D%E5%8A%A1%E4%B8%AD%E5%BF%83%20%26%202%E6%A5%BC&src=yishi&coordinate=gaode&callnative=0"
        );
    }

    #[test]
    fn without_a_point_or_with_a_bad_one_the_address_is_searched() {
        let search = "https://uri.amap.com/search?keyword=88%20Shimin%20Ave%2C%20%23201%3F&src=yishi&callnative=0";
        assert_eq!(map_url("n", "88 Shimin Ave, #201?", None), search);
        for bad in [
            GeoPoint {
                latitude: 91.0,
                longitude: 0.0,
            },
            GeoPoint {
                latitude: f64::NAN,
                longitude: 0.0,
            },
            GeoPoint {
                latitude: 0.0,
                longitude: f64::INFINITY,
            },
        ] {
            assert_eq!(map_url("n", "88 Shimin Ave, #201?", Some(bad)), search);
        }
    }

    #[test]
    fn degrees_keep_six_decimals_and_the_sign() {
        assert_eq!(degrees(121.4213), "121.421300");
        assert_eq!(degrees(-0.5), "-0.500000");
        assert_eq!(degrees(-33.8688197), "-33.868820");
        assert_eq!(degrees(0.0000004), "0.000000");
    }

    #[test]
    fn script_in_a_name_stays_a_query_value() {
        let url = map_url(
            "<script>&x=1",
            "a",
            Some(GeoPoint {
                latitude: 1.0,
                longitude: 2.0,
            }),
        );
        assert!(url.contains("name=%3Cscript%3E%26x%3D1&"), "{url}");
    }
}
