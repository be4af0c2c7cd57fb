//! The report's chart of claims per day, as inline SVG (no script, no
//! font or image to load).
//!
//! The days are those of the articles' dates. When they cover their range
//! well (at most 400 days from the first to the last, or at least every
//! other day of it) the axis is continuous and days without articles are
//! gaps; otherwise (a few dates years apart) each dated day gets a slot of
//! its own, in order, and the axis says so.

use std::fmt::Write as _;

use super::html::{esc, thousands};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), or
/// `None` when it is not one.
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = date.get(r)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The smallest 1, 2 or 5 × 10^k at or above `n` (at least 1).
fn nice_ceiling(n: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= n {
                return step.saturating_mul(m);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Width and height of the chart's view box, and its margins.
const W: f64 = 1200.0;
const H: f64 = 270.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// The chart of `days` (date, claims, articles), sorted by date, each date
/// a valid `YYYY-MM-DD`. Each bar carries `data-k="day.DATE"` and
/// `data-n` (its claims) and a tooltip; `None` when there is no day.
pub fn claims_per_day(days: &[(String, u64, u64)]) -> Option<String> {
    let numbers: Vec<i64> = days.iter().map(|(d, _, _)| day_number(d)).collect::<Option<_>>()?;
    let (&first, &last) = (numbers.first()?, numbers.last()?);
    let span = (last - first + 1) as usize;
    let continuous = span <= 400 || days.len() * 2 >= span;
    let slots = if continuous { span } else { days.len() };
    let slot = |i: usize| if continuous { (numbers[i] - first) as usize } else { i };
    let max = days.iter().map(|d| d.1).max().unwrap_or(0);
    // Four grid steps of a round size: 0, step, 2 × step, … up to the top.
    let step = nice_ceiling(max.div_ceil(4).max(1));
    let top = step * 4;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let sw = pw / slots as f64;
    let gap = if sw >= 6.0 { sw * 0.18 } else { 0.0 };
    let mut s = String::with_capacity(days.len() * 160 + 2048);
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Claims per day\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">"
    );
    // Grid lines and their labels: 0, ¼, ½, ¾ and the top.
    for q in 0..=4u64 {
        let v = step * q;
        let y = TOP + ph - ph * q as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"1\"/>\
<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#6b7280\">{}</text>",
            W - RIGHT,
            if q == 0 { "#111827" } else { "#e5e7eb" },
            LEFT - 8.0,
            y + 4.0,
            thousands(v)
        );
    }
    for (i, (date, claims, articles)) in days.iter().enumerate() {
        let h = ph * *claims as f64 / top as f64;
        // Bars at most 56 units wide, centred in their slot.
        let w = (sw - gap).clamp(0.8, 56.0);
        let x = LEFT + slot(i) as f64 * sw + (sw - w) / 2.0;
        let fill = if *claims == max && max > 0 { "#b4232a" } else { "#111827" };
        let _ = write!(
            s,
            "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{fill}\" data-k=\"day.{}\" data-n=\"{claims}\"><title>{}: {} claims in {} articles</title></rect>",
            TOP + ph - h,
            esc(date),
            esc(date),
            thousands(*claims),
            thousands(*articles)
        );
    }
    // Date labels: the first, the last and a few between, never crowded.
    let labels = 8.min(days.len());
    let mut shown: Vec<usize> = Vec::new();
    for k in 0..labels {
        let i = if labels == 1 { 0 } else { k * (days.len() - 1) / (labels - 1) };
        let x = LEFT + (slot(i) as f64 + 0.5) * sw;
        let far = shown.last().is_none_or(|&j| x - (LEFT + (slot(j) as f64 + 0.5) * sw) >= 110.0);
        if far && !shown.contains(&i) {
            shown.push(i);
            let anchor = if shown.len() == 1 && x < LEFT + 60.0 { "start" } else { "middle" };
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#374151\">{}</text>",
                x.max(LEFT),
                H - BOTTOM + 18.0,
                esc(&days[i].0)
            );
        }
    }
    let note = if continuous {
        format!("{} days from {} to {}", thousands(span as u64), days[0].0, days[days.len() - 1].0)
    } else {
        format!(
            "{} days with dated articles, in order (gaps between them not drawn)",
            thousands(days.len() as u64)
        )
    };
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#9ca3af\">{}</text></svg>",
        W - RIGHT,
        H - 4.0,
        esc(&note)
    );
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(day_number("2024-02-29").unwrap() - day_number("2024-02-28").unwrap(), 1);
        assert_eq!(day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(), 1);
        for bad in ["2023-02-29", "2023-13-01", "2023-1-01", "20230101xx", "", "2023-00-10"] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn nice_ceilings() {
        for (n, want) in [(1, 1), (3, 5), (7, 10), (11, 20), (250, 500), (1000, 1000)] {
            assert_eq!(nice_ceiling(n), want);
        }
    }

    #[test]
    fn one_bar_per_day_with_its_count() {
        let days = vec![
            ("2023-09-13".to_string(), 4, 1),
            ("2023-09-14".to_string(), 10, 2),
            ("2023-09-20".to_string(), 0, 1),
        ];
        let svg = claims_per_day(&days).unwrap();
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("data-k=\"day.2023-09-14\" data-n=\"10\""));
        // The grid: 0, 5, 10, 15, 20 for a busiest day of 10.
        for label in [">0<", ">5<", ">10<", ">15<", ">20<"] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(svg.contains("8 days from 2023-09-13 to 2023-09-20"));
        // Years apart: slots in order.
        let far = vec![("2015-07-14".to_string(), 3, 1), ("2024-01-08".to_string(), 5, 1)];
        assert!(claims_per_day(&far).unwrap().contains("2 days with dated articles"));
        assert_eq!(claims_per_day(&[]), None);
    }
}
