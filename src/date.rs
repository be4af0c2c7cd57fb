//! Dates: the one date type of the crate, used for the article's date
//! (from its input, its `date` marker or `--date`) and for the terms in
//! office of the gazetteer's people, which titles are resolved against.
//!
//! # Example
//!
//! ```
//! use claimex::date::{normalize_date, Date};
//!
//! let d = Date::parse("2023-11-11T09:00Z").unwrap();
//! assert_eq!((d.y, d.m, d.d), (2023, 11, 11));
//! assert_eq!(Date::parse("2023-05"), Some(Date { y: 2023, m: 5, d: 0 }));
//! assert_eq!(normalize_date(" 2023-11-11T09:00Z"), "2023-11-11");
//! ```

/// A date with optional month and day, compared as a range bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub y: u16,
    /// Month, 0 when unknown.
    pub m: u8,
    /// Day, 0 when unknown.
    pub d: u8,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer value is cut to
    /// its first ten characters, so `2023-11-11T09:00Z` works).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = s.get(..10.min(s.len()))?;
        let mut it = s.split('-');
        let y: u16 = it.next()?.parse().ok()?;
        if !(1000..=9999).contains(&y) {
            return None;
        }
        let m: u8 = match it.next() {
            Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
            None => 0,
        };
        let d: u8 = match it.next() {
            Some(d) => d.parse().ok().filter(|d| (1..=31).contains(d))?,
            None => 0,
        };
        if it.next().is_some() || (m == 0 && d != 0) {
            return None;
        }
        Some(Date { y, m, d })
    }

    /// Parses exactly `YYYY-MM-DD`, a day that exists in the calendar
    /// (`2024-02-29` is one, `2023-02-29` is not).
    pub fn parse_day(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        let d = Date::parse(s).filter(|_| shape)?;
        let leap = d.y % 4 == 0 && (d.y % 100 != 0 || d.y % 400 == 0);
        let days = match d.m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (d.d <= days).then_some(d)
    }

    pub(crate) fn as_start(self) -> (u16, u8, u8) {
        (self.y, self.m.max(1), self.d.max(1))
    }

    pub(crate) fn as_end(self) -> (u16, u8, u8) {
        (self.y, if self.m == 0 { 12 } else { self.m }, if self.d == 0 { 31 } else { self.d })
    }
}

/// Normalises an input's date for `articles.csv`: `YYYY-MM-DD` when the
/// value starts with one, else the value as given.
pub fn normalize_date(raw: &str) -> &str {
    let t = raw.trim();
    let b = t.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        &t[..10]
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_day_takes_calendar_days_only() {
        assert_eq!(Date::parse_day("2024-02-29"), Some(Date { y: 2024, m: 2, d: 29 }));
        for bad in
            ["2023-02-29", "1900-02-29", "2005-04-31", "2005-3-01", "2005-03", "2005-03-01T00"]
        {
            assert_eq!(Date::parse_day(bad), None, "{bad}");
        }
        assert!(Date::parse_day("2000-02-29").is_some());
    }

    #[test]
    fn parses_partial_dates_and_rejects_bad_ones() {
        for (s, want) in [
            ("2023", Some((2023, 0, 0))),
            ("2023-11", Some((2023, 11, 0))),
            ("2023-11-11", Some((2023, 11, 11))),
            (" 2023-11-11T09:00:00Z", Some((2023, 11, 11))),
            ("2023-13-01", None),
            ("2023-02-32", None),
            ("999", None),
            ("Dec 15, 2018", None),
            ("", None),
        ] {
            assert_eq!(Date::parse(s).map(|d| (d.y, d.m, d.d)), want, "{s:?}");
        }
    }
}
