//! The reference city's one-stop window (“高效办成一件事”综合窗口): where every life event's
//! application is received and where paper material is brought. Applications and cases both
//! name it, so it lives below both.

use yishi_contract::{GeoPoint, Office, Text};

/// The one-stop window (综合窗口) where a life event's case is handled.
pub fn one_stop_window() -> Text {
    one_stop_office().name
}

/// 市民大道 88 号, the municipal government service centre (GCJ-02; the city is invented, the
/// point is on the coast of Zhejiang where such a city could be).
pub const CIVIC_CENTRE: GeoPoint = GeoPoint {
    latitude: 28.656_2,
    longitude: 121.421_3,
};

/// The one-stop window with its address, hours and phone (where paper material is brought).
pub fn one_stop_office() -> Office {
    Office {
        id: "one-stop-window".into(),
        name: Text::new(
            "临江市政务服务中心“高效办成一件事”综合窗口",
            "Linjiang Government Service Centre, one-stop window",
        ),
        address: Text::new(
            "临江市滨江区市民大道 88 号 市政务服务中心 1 楼 综合窗口区",
            "Government Service Centre, 1st floor, one-stop windows, 88 Shimin Avenue, Binjiang District, Linjiang",
        ),
        hours: Text::new(
            "周一至周五 9:00-12:00、13:30-17:30；周六 9:00-12:00 延时服务（法定节假日除外）",
            "Mon–Fri 9:00–12:00 and 13:30–17:30; Sat 9:00–12:00 (closed on public holidays)",
        ),
        phone: "0539-12345".into(),
        appointment: true,
        location: Some(CIVIC_CENTRE),
    }
}
