//! The words of an ASCII text (runs of ASCII letters and digits), found eight bytes at a time.
//!
//! The publication list's first pass looks at every word of a year's minutes, several
//! megabytes: a byte-by-byte loop spent most of its time asking of each byte whether it is a
//! letter. Here a block of 64 bytes becomes one mask, a bit per letter or digit, and words are
//! the runs of ones in it, found with `trailing_zeros`.

/// Whether `found` holds for a word of `text`, asked of each word in turn until it does.
/// `text` must be ASCII (a byte from 0x80 up may be taken for a letter).
#[inline]
pub fn any_word(text: &[u8], mut found: impl FnMut(&[u8]) -> bool) -> bool {
    // The start of a word that runs on past the block being read.
    let mut open: Option<usize> = None;
    let mut base = 0;
    while base < text.len() {
        let block = &text[base..text.len().min(base + 64)];
        let mask = alnum_mask(block);
        let mut at = 0u32;
        while at < 64 {
            match open {
                Some(start) => {
                    let rest = !mask >> at;
                    if rest == 0 {
                        break;
                    }
                    // Below 64: the shift brought zeros in, and `rest` has a one lower.
                    let end = at + rest.trailing_zeros();
                    if found(&text[start..base + end as usize]) {
                        return true;
                    }
                    open = None;
                    at = end;
                }
                None => {
                    let rest = mask >> at;
                    if rest == 0 {
                        break;
                    }
                    at += rest.trailing_zeros();
                    open = Some(base + at as usize);
                }
            }
        }
        base += 64;
    }
    open.is_some_and(|start| found(&text[start..]))
}

/// Bit `i` set when byte `i` of `block` (at most 64 bytes) is an ASCII letter or digit.
#[inline]
fn alnum_mask(block: &[u8]) -> u64 {
    let mut mask = 0u64;
    let mut chunks = block.chunks_exact(8);
    let mut shift = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        mask |= u64::from(alnum_bits(u64::from_le_bytes(word))) << shift;
        shift += 8;
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        // Padded with spaces, which end a word.
        let mut word = [b' '; 8];
        word[..tail.len()].copy_from_slice(tail);
        mask |= u64::from(alnum_bits(u64::from_le_bytes(word))) << shift;
    }
    mask
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes (below 0x80), a bit per byte (byte 0 -> bit 0): letter or digit.
#[inline(always)]
fn alnum_bits(x: u64) -> u8 {
    // For a byte b < 0x80, b + (0x80 - c) < 0x100 sets its high bit exactly when b >= c,
    // and never carries into the next byte.
    let at_least = |c: u8| (x + ONES * u64::from(0x80 - c)) & HIGH;
    let digit = at_least(b'0') & !at_least(b'9' + 1);
    // `| 0x20` lowers a capital and moves nothing else into a..z.
    let lower = x | (ONES * 0x20);
    let at_least_lower = |c: u8| (lower + ONES * u64::from(0x80 - c)) & HIGH;
    let letter = at_least_lower(b'a') & !at_least_lower(b'z' + 1);
    // Gather the eight high bits into one byte.
    (((digit | letter) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words_plainly(text: &[u8]) -> Vec<Vec<u8>> {
        text.split(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(<[u8]>::to_vec).collect()
    }

    fn words_here(text: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let none = any_word(text, |w| {
            out.push(w.to_vec());
            false
        });
        assert!(!none);
        out
    }

    #[test]
    fn every_byte_classed_as_the_standard_library_does() {
        for b in 0u8..0x80 {
            let bits = alnum_bits(u64::from_le_bytes([b' ', b, b' ', b' ', b, b' ', b' ', b]));
            let expected = if b.is_ascii_alphanumeric() { 0b1001_0010 } else { 0 };
            assert_eq!(bits, expected, "byte {b:#x}");
        }
    }

    #[test]
    fn words_across_blocks_and_at_the_ends() {
        let long = "x".repeat(130);
        for text in ["", " ", "a", "ab cd", "  ab  ", "@[`{/:", &long, &format!("{long} y"), &format!(" {long}")] {
            assert_eq!(words_here(text.as_bytes()), words_plainly(text.as_bytes()), "{text:?}");
        }
        let mut seen = Vec::new();
        assert!(any_word(b"one two three", |w| {
            seen.push(w.to_vec());
            w == b"two"
        }));
        assert_eq!(seen, [b"one".to_vec(), b"two".to_vec()], "stops at the first word found");
    }

    proptest! {
        #[test]
        fn the_same_words_as_splitting_byte_by_byte(text in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(b'a'), Just(b'Z'), Just(b'5'), Just(b'@'), Just(b'`'), 0u8..0x80], 0..300)) {
            prop_assert_eq!(words_here(&text), words_plainly(&text));
        }
    }
}
