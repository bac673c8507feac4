//! The fingerprint of an invitation: what calendars hold of a meeting that makes a new
//! invitation necessary when it changes (its time, its place, who is invited) and whether it was
//! a cancellation. It is stored as the meeting's `invitation.sent`; the next invitation raises
//! SEQUENCE exactly when its fingerprint differs. The title, the description and the
//! participants' answers are not in it: changing them does not move anyone's calendar.
//!
//! `v1:` and 16 hexadecimal digits of FNV-1a (64 bits) over one line per item, so the value is
//! short (the format allows 255 characters), the same on every machine and every version that
//! reads `v1`, and says nothing of the attendees' addresses.

use std::borrow::Cow;

/// What is fingerprinted, as the invitation states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent<'a> {
    /// Local times as the format spells them, and the zone they are in.
    pub start: &'a str,
    pub end: &'a str,
    pub timezone: &'a str,
    pub all_day: bool,
    pub location: Option<&'a str>,
    /// The attendees' e-mail addresses, in any order and case.
    pub attendees: Vec<&'a str>,
    /// A cancellation, not an invitation.
    pub cancelled: bool,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// An address as it is compared: trimmed, lower case (copied only when it has capitals).
fn folded(address: &str) -> Cow<'_, str> {
    let address = address.trim();
    if address.is_ascii() && !address.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(address)
    } else {
        Cow::Owned(address.to_lowercase())
    }
}

/// The fingerprint of `sent`: `v1:0123456789abcdef`, the hash of the lines
/// `start …`, `end …`, `zone …`, `all-day …`, `place …`, `cancelled …` and one `attendee …` per
/// address, sorted (hashed piece by piece: FNV-1a of the pieces is that of the whole text).
pub fn fingerprint(sent: &Sent<'_>) -> String {
    let mut attendees: Vec<Cow<'_, str>> = sent.attendees.iter().map(|a| folded(a)).collect();
    attendees.sort();
    attendees.dedup();
    let location = sent.location.map(str::trim).unwrap_or("");
    // The times of an all-day meeting are its dates; its zone does not move it.
    let timezone = if sent.all_day { "" } else { sent.timezone };
    let word = |b: bool| if b { "true" } else { "false" };
    let mut hash = FNV_OFFSET;
    for piece in [
        "start ",
        sent.start,
        "\nend ",
        sent.end,
        "\nzone ",
        timezone,
        "\nall-day ",
        word(sent.all_day),
        "\nplace ",
        location,
        "\ncancelled ",
        word(sent.cancelled),
        "\n",
    ] {
        hash = fnv1a(piece.as_bytes(), hash);
    }
    for a in &attendees {
        for piece in ["attendee ", a, "\n"] {
            hash = fnv1a(piece.as_bytes(), hash);
        }
    }
    format!("v1:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Sent<'static> {
        Sent {
            start: "2026-12-10T10:00",
            end: "2026-12-10T12:00",
            timezone: "Europe/Brussels",
            all_day: false,
            location: Some("Brussels"),
            attendees: vec!["pat@example.org", "ana@example.org"],
            cancelled: false,
        }
    }

    #[test]
    fn the_fingerprint_moves_with_time_place_attendees_and_cancellation_only() {
        let f = fingerprint(&base());
        assert!(f.starts_with("v1:") && f.len() == 19, "{f}");
        // Order, case and spaces of the addresses, and spaces around the place, do not matter.
        let same = Sent {
            attendees: vec!["ANA@example.org ", "pat@example.org", "pat@example.org"],
            location: Some(" Brussels "),
            ..base()
        };
        assert_eq!(fingerprint(&same), f);
        for changed in [
            Sent { start: "2026-12-10T11:00", ..base() },
            Sent { end: "2026-12-10T13:00", ..base() },
            Sent { timezone: "Europe/Dublin", ..base() },
            Sent { location: Some("Dublin"), ..base() },
            Sent { location: None, ..base() },
            Sent { attendees: vec!["pat@example.org"], ..base() },
            Sent { attendees: vec!["pat@example.org", "ana@example.org", "jo@example.org"], ..base() },
            Sent { cancelled: true, ..base() },
            Sent { all_day: true, ..base() },
        ] {
            assert_ne!(fingerprint(&changed), f, "{changed:?}");
        }
        // An all-day meeting's zone does not move it.
        let day = Sent { all_day: true, start: "2026-12-10T00:00", end: "2026-12-11T00:00", ..base() };
        assert_eq!(fingerprint(&Sent { timezone: "Europe/Dublin", ..day.clone() }), fingerprint(&day));
    }

    #[test]
    fn the_fingerprint_is_stable_across_versions() {
        // A stored fingerprint must keep meaning the same thing: this value is part of the format.
        // (Values from an implementation of the rule above written apart, in Python.)
        assert_eq!(fingerprint(&base()), "v1:06970cd74dc8c976");
        let moved = Sent { attendees: vec![" Élodie@Example.ORG", "pat@example.org"], location: None, ..base() };
        assert_eq!(fingerprint(&moved), "v1:d8928f4f81bfc2ae");
        assert_eq!(fnv1a(b"", FNV_OFFSET), FNV_OFFSET);
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63_dc4c_8601_ec8c);
    }
}
