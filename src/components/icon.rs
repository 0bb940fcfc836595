//! One inline SVG icon per life event (no icon fonts, no images from elsewhere). The backend
//! names the icon with an `IconKey`; unknown keys draw a neutral document.

use leptos::prelude::*;
use yishi_contract::IconKey;

/// SVG path data on a 24×24 grid, drawn with a 2 px stroke.
fn path(icon: IconKey) -> &'static str {
    match icon {
        IconKey::Baby => {
            "M12 3a4 4 0 1 1 0 8a4 4 0 0 1 0-8M6 21v-2a6 6 0 0 1 12 0v2M10 7h.01M14 7h.01M10.5 9a2 2 0 0 0 3 0"
        }
        IconKey::School => "M2 9l10-5l10 5l-10 5zM6 11v5c3 2 9 2 12 0v-5M22 9v6",
        IconKey::Card => "M3 6h18v12H3zM3 10h18M7 15h4",
        IconKey::Accessibility => "M12 4a1.5 1.5 0 1 1 0 .01M8 8h8M12 8v6l-3 6M12 14l3 6",
        IconKey::Retirement => "M12 3a9 9 0 1 1 0 18a9 9 0 0 1 0-18M12 7v5l3 3",
        IconKey::Veteran => "M12 2l3 6l6 1l-4.5 4l1 6.5L12 16l-5.5 3.5l1-6.5L3 9l6-1z",
        IconKey::Memorial => "M12 3c2 3 2 5 0 7c-2-2-2-4 0-7M8 21h8M9 21v-8h6v8M7 13h10",
        IconKey::Work => "M3 8h18v11H3zM9 8V5h6v3M3 13h18",
        IconKey::House => "M3 11l9-7l9 7M5 10v10h14V10M10 20v-6h4v6",
        IconKey::Move => "M3 7h13l-3-3M21 17H8l3 3M16 7l-3 3M8 17l3-3",
        IconKey::Family => {
            "M7 5a2.5 2.5 0 1 1 0 .01M17 5a2.5 2.5 0 1 1 0 .01M4 20v-6a3 3 0 0 1 6 0v6M14 20v-6a3 3 0 0 1 6 0v6M10 16h4"
        }
        IconKey::Restaurant => {
            "M6 3v8M4 3v5a2 2 0 0 0 4 0V3M6 11v10M16 3c-2 2-2 7 0 9v9M16 3c2 2 2 7 0 9"
        }
        IconKey::Truck => {
            "M2 6h12v10H2zM14 10h4l3 3v3h-7M6 19a2 2 0 1 1 0-.01M17 19a2 2 0 1 1 0-.01"
        }
        IconKey::Building => "M4 21V4h10v17M14 9h6v12M7 8h4M7 12h4M7 16h4M2 21h20",
        IconKey::Utilities => "M13 2L4 14h7l-1 8l9-12h-7z",
        IconKey::Credit => "M12 3l8 4v5c0 5-3.5 8-8 9c-4.5-1-8-4-8-9V7zM8 12l3 3l5-6",
        IconKey::Closure => "M4 4h16v16H4zM8 8l8 8M16 8l-8 8",
        IconKey::Health => {
            "M12 21s-8-5-8-11a5 5 0 0 1 8-3a5 5 0 0 1 8 3c0 6-8 11-8 11M9 11h6M12 8v6"
        }
        IconKey::Car => "M3 13l2-6h14l2 6v5H3zM3 13h18M7 18v2M17 18v2M7 15.5h.01M17 15.5h.01",
        IconKey::Document | IconKey::Unknown => "M6 2h9l5 5v15H6zM15 2v5h5M9 12h8M9 16h8",
    }
}

/// A decorative icon: hidden from screen readers, since the card's text names the event.
#[component]
pub fn EventIcon(icon: IconKey) -> impl IntoView {
    view! {
        <svg class="ys-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path(icon) />
        </svg>
    }
}
