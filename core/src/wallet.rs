//! 我的证照 on the client: how long a verification code (用证码) has left, how its countdown
//! reads, and the outline of its QR code as one SVG path.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
