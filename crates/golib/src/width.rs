//! Display width of text, the two ways Docker's CLI measures it.
//!
//! - [`string_width`] reproduces `github.com/mattn/go-runewidth`'s
//!   `StringWidth` under its default (non-CJK locale) condition, which Docker's
//!   fork of `text/tabwriter` (`cli/command/formatter/tabwriter`) uses to size
//!   table cells.
//! - [`char_width`] reproduces `charWidth` from docker/cli
//!   `cli/command/formatter/displayutils.go` (built on `golang.org/x/text/width`),
//!   which `Ellipsis` uses to shorten the `docker ps` COMMAND column.

use crate::unicode::{is_wide, is_zero_width};

/// go-runewidth's `RuneWidth` for a non-East-Asian locale: 0 for controls,
/// combining marks and other invisible code points, 2 for East Asian Wide and
/// Fullwidth, 1 otherwise.
pub fn rune_width(c: char) -> usize {
    if is_zero_width(c) {
        0
    } else if is_wide(c) {
        2
    } else {
        1
    }
}

/// `charWidth` from docker/cli: East Asian Wide and Fullwidth are 2, everything
/// else (even controls and combining marks) is 1.
pub fn char_width(c: char) -> usize {
    if is_wide(c) {
        2
    } else {
        1
    }
}

/// go-runewidth's `StringWidth`: the sum, over grapheme clusters, of the width
/// of the first rune in the cluster that has a non-zero width.
///
/// go-runewidth segments with `rivo/uniseg` (full UAX #29). We approximate the
/// rules that can change the total, because a cluster only differs from the
/// per-rune sum when a *non-zero-width* rune extends it: emoji modifiers, a
/// rune joined by ZERO WIDTH JOINER, the second regional indicator of a flag,
/// and Hangul medial/final jamo. Zero-width extenders (marks, variation
/// selectors) add nothing either way. Spacing marks (category Mc) are not
/// treated as extenders, so an Indic syllable such as "कि" measures 2 here
/// where uniseg says 1.
pub fn string_width(s: &str) -> usize {
    let mut total = 0usize;
    // Width of the current cluster so far (its first non-zero rune decides).
    let mut cluster = 0usize;
    let mut prev: Option<char> = None;
    let mut after_zwj = false;
    let mut ri_count = 0usize; // regional indicators in the current run
    for c in s.chars() {
        let joins = match prev {
            None => false,
            Some(p) => {
                after_zwj
                    || is_zero_width(c)
                    || c == '\u{200d}'
                    || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
                    || (is_regional_indicator(c) && is_regional_indicator(p) && ri_count % 2 == 1)
                    || (is_hangul_vt(c) && is_hangul_lvt_or_syllable(p))
            }
        };
        if !joins {
            total = total.saturating_add(cluster);
            cluster = 0;
            ri_count = 0;
        }
        if is_regional_indicator(c) {
            ri_count += 1;
        }
        if cluster == 0 {
            cluster = rune_width(c);
        }
        after_zwj = c == '\u{200d}';
        prev = Some(c);
    }
    total.saturating_add(cluster)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

/// Hangul vowel (V) or trailing consonant (T) jamo.
fn is_hangul_vt(c: char) -> bool {
    ('\u{1160}'..='\u{11ff}').contains(&c) || ('\u{d7b0}'..='\u{d7fb}').contains(&c)
}

/// A Hangul jamo or precomposed syllable that a V or T jamo can extend.
fn is_hangul_lvt_or_syllable(c: char) -> bool {
    ('\u{1100}'..='\u{11ff}').contains(&c)
        || ('\u{a960}'..='\u{a97c}').contains(&c)
        || ('\u{ac00}'..='\u{d7a3}').contains(&c)
        || ('\u{d7b0}'..='\u{d7fb}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("abc", 3),
            ("nginx:alpine", 12),
            ("\"/docker-entrypoint.…\"", 22),
            ("中文", 4),
            ("ｈｉ", 4),
            ("e\u{301}", 1),
            ("a\tb", 2),
            ("\u{1b}[0m", 3),
            ("👍", 2),
            ("👍🏽", 2),
            ("👨\u{200d}👩\u{200d}👧", 2),
            ("🇫🇷", 1),
            ("🇫🇷🇩🇪", 2),
            ("\u{1100}\u{1161}\u{11a8}", 2),
            ("한국어", 6),
            ("❤\u{fe0f}", 1),
        ];
        for &(s, want) in cases {
            assert_eq!(string_width(s), want, "{s:?}");
        }
    }

    #[test]
    fn docker_char_width() {
        assert_eq!(char_width('a'), 1);
        assert_eq!(char_width('\u{301}'), 1);
        assert_eq!(char_width('中'), 2);
        assert_eq!(char_width('…'), 1);
    }
}
