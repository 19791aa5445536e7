//! Timestamps in the units each importer reads: ISO 8601 with or without milliseconds,
//! milliseconds or seconds since the epoch. Parsed from the ISO 8601 UTC text the vault stores
//! (`2026-11-24T12:00:00.000Z`), strictly: anything else is an error, never a guessed date.

use super::ExportError;

/// A UTC instant to the millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
    /// The hour, 0 to 23.
    pub hour: u32,
    /// The minute, 0 to 59.
    pub minute: u32,
    /// The second, 0 to 59.
    pub second: u32,
    /// The millisecond, 0 to 999.
    pub milli: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    pub fn parse(iso: &str) -> Result<Timestamp, ExportError> {
        let bad = || ExportError::BadDate(iso.chars().take(40).collect());
        let b = iso.as_bytes();
        if b.len() < 20 || !iso.is_ascii() || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, ExportError> {
            let s = &iso[r];
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let rest = &iso[19..];
        let milli = match rest {
            "Z" => 0,
            _ if rest.len() >= 3 && rest.starts_with('.') && rest.ends_with('Z') => {
                let digits = &rest[1..rest.len() - 1];
                if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(bad());
                }
                // Keep milliseconds; finer digits are dropped, not rounded.
                format!("{digits:0<3}")[..3].parse().map_err(|_| bad())?
            }
            _ => return Err(bad()),
        };
        let t = Timestamp {
            year: num(0..4)? as i32,
            month: num(5..7)?,
            day: num(8..10)?,
            hour: num(11..13)?,
            minute: num(14..16)?,
            second: num(17..19)?,
            milli,
        };
        let valid = (1..=12).contains(&t.month)
            && t.day >= 1
            && t.day <= days_in_month(t.year, t.month)
            && t.hour < 24
            && t.minute < 60
            && t.second < 60;
        if valid {
            Ok(t)
        } else {
            Err(bad())
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    fn days(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Seconds since the epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.days() * 86_400 + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// Milliseconds since the epoch.
    pub fn unix_millis(&self) -> i64 {
        self.unix_seconds() * 1000 + i64::from(self.milli)
    }

    /// `2026-11-24T12:00:00.000Z`.
    pub fn iso_millis(&self) -> String {
        format!("{}.{:03}Z", self.iso_base(), self.milli)
    }

    /// `2026-11-24T12:00:00Z`.
    pub fn iso_seconds(&self) -> String {
        format!("{}Z", self.iso_base())
    }

    /// `2026-11-24`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn iso_base(&self) -> String {
        format!("{}T{:02}:{:02}:{:02}", self.date(), self.hour, self.minute, self.second)
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn reads_the_stored_form_and_gives_each_unit() {
        let t = Timestamp::parse("2026-11-24T12:34:56.789Z").unwrap();
        assert_eq!(t.unix_millis(), 1_795_523_696_789);
        assert_eq!(t.unix_seconds(), 1_795_523_696);
        assert_eq!(t.iso_millis(), "2026-11-24T12:34:56.789Z");
        assert_eq!(t.iso_seconds(), "2026-11-24T12:34:56Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix_millis(), 0);
        assert_eq!(Timestamp::parse("2000-02-29T00:00:00.5Z").unwrap().milli, 500);
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "",
            "2026-11-24",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T12:00:00+01:00",
            "2026-11-24T12:00:00.Z",
            "２０２６-11-24T12:00:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }
}
