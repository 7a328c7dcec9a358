//! Single-character case mappings from tables of runs, for Go's
//! `unicode.ToUpper`/`ToLower` (the template functions `upper`, `lower` and
//! `title`, `strings.ToLower` in the engine's parsers) and for every other
//! case folding in the page: `char::to_uppercase`/`to_lowercase` bring core's
//! 26 KB of case tables (11 KB gzipped) into the page's wasm, these runs
//! about 3 KB (docs/benchmarks.md, "Page weight", 2026-12-05 afternoon).
//!
//! The tables are `char::to_uppercase`/`to_lowercase` of Rust 1.95 wherever
//! that gives one character (the mapping used before), so output is
//! unchanged. The tests `matches_char_to_uppercase`/`…_lowercase` check every
//! code point; if a new toolchain changes a mapping they fail and print the
//! new table.

/// `len + 1` code points from `first`, every `step`-th, each uppercased by
/// adding `delta`.
struct Run {
    first: u32,
    len: u8,
    step: u8,
    delta: i32,
}

const fn run(first: u32, len: u8, step: u8, delta: i32) -> Run {
    Run {
        first,
        len,
        step,
        delta,
    }
}

/// The uppercase of `c` if it is a single character, else `c` itself.
pub fn simple_upper(c: char) -> char {
    mapped(UPPER, c)
}

/// The lowercase of `c` if it is a single character, else `c` itself
/// (only U+0130 İ has a longer one: "i̇").
pub fn simple_lower(c: char) -> char {
    mapped(LOWER, c)
}

/// Go's `unicode.ToLower`: [`simple_lower`], and İ (U+0130) gives `i`.
pub fn go_lower(c: char) -> char {
    if c == '\u{130}' {
        'i'
    } else {
        simple_lower(c)
    }
}

/// Go's `strings.ToLower`: [`go_lower`] rune by rune. It differs from
/// `str::to_lowercase` only for İ (Rust gives "i̇") and a word-final Σ
/// (Rust gives ς).
pub fn go_lower_str(s: &str) -> String {
    s.chars().map(go_lower).collect()
}

fn mapped(table: &[Run], c: char) -> char {
    let cp = u32::from(c);
    let i = table.partition_point(|r| r.first <= cp);
    let Some(r) = i.checked_sub(1).map(|i| &table[i]) else {
        return c;
    };
    let offset = cp - r.first;
    if offset > u32::from(r.len) || offset % u32::from(r.step) != 0 {
        return c;
    }
    char::from_u32(cp.wrapping_add_signed(r.delta)).unwrap_or(c)
}

#[rustfmt::skip]
const UPPER: &[Run] = &[
    run(0x0061, 25, 1, -32),
    run(0x00B5, 0, 1, 743),
    run(0x00E0, 22, 1, -32),
    run(0x00F8, 6, 1, -32),
    run(0x00FF, 0, 1, 121),
    run(0x0101, 46, 2, -1),
    run(0x0131, 0, 1, -232),
    run(0x0133, 4, 2, -1),
    run(0x013A, 14, 2, -1),
    run(0x014B, 44, 2, -1),
    run(0x017A, 4, 2, -1),
    run(0x017F, 0, 1, -300),
    run(0x0180, 0, 1, 195),
    run(0x0183, 2, 2, -1),
    run(0x0188, 0, 1, -1),
    run(0x018C, 0, 1, -1),
    run(0x0192, 0, 1, -1),
    run(0x0195, 0, 1, 97),
    run(0x0199, 0, 1, -1),
    run(0x019A, 0, 1, 163),
    run(0x019B, 0, 1, 42561),
    run(0x019E, 0, 1, 130),
    run(0x01A1, 4, 2, -1),
    run(0x01A8, 0, 1, -1),
    run(0x01AD, 0, 1, -1),
    run(0x01B0, 0, 1, -1),
    run(0x01B4, 2, 2, -1),
    run(0x01B9, 0, 1, -1),
    run(0x01BD, 0, 1, -1),
    run(0x01BF, 0, 1, 56),
    run(0x01C5, 0, 1, -1),
    run(0x01C6, 0, 1, -2),
    run(0x01C8, 0, 1, -1),
    run(0x01C9, 0, 1, -2),
    run(0x01CB, 0, 1, -1),
    run(0x01CC, 0, 1, -2),
    run(0x01CE, 14, 2, -1),
    run(0x01DD, 0, 1, -79),
    run(0x01DF, 16, 2, -1),
    run(0x01F2, 0, 1, -1),
    run(0x01F3, 0, 1, -2),
    run(0x01F5, 0, 1, -1),
    run(0x01F9, 38, 2, -1),
    run(0x0223, 16, 2, -1),
    run(0x023C, 0, 1, -1),
    run(0x023F, 1, 1, 10815),
    run(0x0242, 0, 1, -1),
    run(0x0247, 8, 2, -1),
    run(0x0250, 0, 1, 10783),
    run(0x0251, 0, 1, 10780),
    run(0x0252, 0, 1, 10782),
    run(0x0253, 0, 1, -210),
    run(0x0254, 0, 1, -206),
    run(0x0256, 1, 1, -205),
    run(0x0259, 0, 1, -202),
    run(0x025B, 0, 1, -203),
    run(0x025C, 0, 1, 42319),
    run(0x0260, 0, 1, -205),
    run(0x0261, 0, 1, 42315),
    run(0x0263, 0, 1, -207),
    run(0x0264, 0, 1, 42343),
    run(0x0265, 0, 1, 42280),
    run(0x0266, 0, 1, 42308),
    run(0x0268, 0, 1, -209),
    run(0x0269, 0, 1, -211),
    run(0x026A, 0, 1, 42308),
    run(0x026B, 0, 1, 10743),
    run(0x026C, 0, 1, 42305),
    run(0x026F, 0, 1, -211),
    run(0x0271, 0, 1, 10749),
    run(0x0272, 0, 1, -213),
    run(0x0275, 0, 1, -214),
    run(0x027D, 0, 1, 10727),
    run(0x0280, 0, 1, -218),
    run(0x0282, 0, 1, 42307),
    run(0x0283, 0, 1, -218),
    run(0x0287, 0, 1, 42282),
    run(0x0288, 0, 1, -218),
    run(0x0289, 0, 1, -69),
    run(0x028A, 1, 1, -217),
    run(0x028C, 0, 1, -71),
    run(0x0292, 0, 1, -219),
    run(0x029D, 0, 1, 42261),
    run(0x029E, 0, 1, 42258),
    run(0x0345, 0, 1, 84),
    run(0x0371, 2, 2, -1),
    run(0x0377, 0, 1, -1),
    run(0x037B, 2, 1, 130),
    run(0x03AC, 0, 1, -38),
    run(0x03AD, 2, 1, -37),
    run(0x03B1, 16, 1, -32),
    run(0x03C2, 0, 1, -31),
    run(0x03C3, 8, 1, -32),
    run(0x03CC, 0, 1, -64),
    run(0x03CD, 1, 1, -63),
    run(0x03D0, 0, 1, -62),
    run(0x03D1, 0, 1, -57),
    run(0x03D5, 0, 1, -47),
    run(0x03D6, 0, 1, -54),
    run(0x03D7, 0, 1, -8),
    run(0x03D9, 22, 2, -1),
    run(0x03F0, 0, 1, -86),
    run(0x03F1, 0, 1, -80),
    run(0x03F2, 0, 1, 7),
    run(0x03F3, 0, 1, -116),
    run(0x03F5, 0, 1, -96),
    run(0x03F8, 0, 1, -1),
    run(0x03FB, 0, 1, -1),
    run(0x0430, 31, 1, -32),
    run(0x0450, 15, 1, -80),
    run(0x0461, 32, 2, -1),
    run(0x048B, 52, 2, -1),
    run(0x04C2, 12, 2, -1),
    run(0x04CF, 0, 1, -15),
    run(0x04D1, 94, 2, -1),
    run(0x0561, 37, 1, -48),
    run(0x10D0, 42, 1, 3008),
    run(0x10FD, 2, 1, 3008),
    run(0x13F8, 5, 1, -8),
    run(0x1C80, 0, 1, -6254),
    run(0x1C81, 0, 1, -6253),
    run(0x1C82, 0, 1, -6244),
    run(0x1C83, 1, 1, -6242),
    run(0x1C85, 0, 1, -6243),
    run(0x1C86, 0, 1, -6236),
    run(0x1C87, 0, 1, -6181),
    run(0x1C88, 0, 1, 35266),
    run(0x1C8A, 0, 1, -1),
    run(0x1D79, 0, 1, 35332),
    run(0x1D7D, 0, 1, 3814),
    run(0x1D8E, 0, 1, 35384),
    run(0x1E01, 148, 2, -1),
    run(0x1E9B, 0, 1, -59),
    run(0x1EA1, 94, 2, -1),
    run(0x1F00, 7, 1, 8),
    run(0x1F10, 5, 1, 8),
    run(0x1F20, 7, 1, 8),
    run(0x1F30, 7, 1, 8),
    run(0x1F40, 5, 1, 8),
    run(0x1F51, 6, 2, 8),
    run(0x1F60, 7, 1, 8),
    run(0x1F70, 1, 1, 74),
    run(0x1F72, 3, 1, 86),
    run(0x1F76, 1, 1, 100),
    run(0x1F78, 1, 1, 128),
    run(0x1F7A, 1, 1, 112),
    run(0x1F7C, 1, 1, 126),
    run(0x1FB0, 1, 1, 8),
    run(0x1FBE, 0, 1, -7205),
    run(0x1FD0, 1, 1, 8),
    run(0x1FE0, 1, 1, 8),
    run(0x1FE5, 0, 1, 7),
    run(0x214E, 0, 1, -28),
    run(0x2170, 15, 1, -16),
    run(0x2184, 0, 1, -1),
    run(0x24D0, 25, 1, -26),
    run(0x2C30, 47, 1, -48),
    run(0x2C61, 0, 1, -1),
    run(0x2C65, 0, 1, -10795),
    run(0x2C66, 0, 1, -10792),
    run(0x2C68, 4, 2, -1),
    run(0x2C73, 0, 1, -1),
    run(0x2C76, 0, 1, -1),
    run(0x2C81, 98, 2, -1),
    run(0x2CEC, 2, 2, -1),
    run(0x2CF3, 0, 1, -1),
    run(0x2D00, 37, 1, -7264),
    run(0x2D27, 0, 1, -7264),
    run(0x2D2D, 0, 1, -7264),
    run(0xA641, 44, 2, -1),
    run(0xA681, 26, 2, -1),
    run(0xA723, 12, 2, -1),
    run(0xA733, 60, 2, -1),
    run(0xA77A, 2, 2, -1),
    run(0xA77F, 8, 2, -1),
    run(0xA78C, 0, 1, -1),
    run(0xA791, 2, 2, -1),
    run(0xA794, 0, 1, 48),
    run(0xA797, 18, 2, -1),
    run(0xA7B5, 14, 2, -1),
    run(0xA7C8, 2, 2, -1),
    run(0xA7CD, 14, 2, -1),
    run(0xA7F6, 0, 1, -1),
    run(0xAB53, 0, 1, -928),
    run(0xAB70, 79, 1, -38864),
    run(0xFF41, 25, 1, -32),
    run(0x10428, 39, 1, -40),
    run(0x104D8, 35, 1, -40),
    run(0x10597, 10, 1, -39),
    run(0x105A3, 14, 1, -39),
    run(0x105B3, 6, 1, -39),
    run(0x105BB, 1, 1, -39),
    run(0x10CC0, 50, 1, -64),
    run(0x10D70, 21, 1, -32),
    run(0x118C0, 31, 1, -32),
    run(0x16E60, 31, 1, -32),
    run(0x16EBB, 24, 1, -27),
    run(0x1E922, 33, 1, -34),
];

#[rustfmt::skip]
const LOWER: &[Run] = &[
    run(0x0041, 25, 1, 32),
    run(0x00C0, 22, 1, 32),
    run(0x00D8, 6, 1, 32),
    run(0x0100, 46, 2, 1),
    run(0x0132, 4, 2, 1),
    run(0x0139, 14, 2, 1),
    run(0x014A, 44, 2, 1),
    run(0x0178, 0, 1, -121),
    run(0x0179, 4, 2, 1),
    run(0x0181, 0, 1, 210),
    run(0x0182, 2, 2, 1),
    run(0x0186, 0, 1, 206),
    run(0x0187, 0, 1, 1),
    run(0x0189, 1, 1, 205),
    run(0x018B, 0, 1, 1),
    run(0x018E, 0, 1, 79),
    run(0x018F, 0, 1, 202),
    run(0x0190, 0, 1, 203),
    run(0x0191, 0, 1, 1),
    run(0x0193, 0, 1, 205),
    run(0x0194, 0, 1, 207),
    run(0x0196, 0, 1, 211),
    run(0x0197, 0, 1, 209),
    run(0x0198, 0, 1, 1),
    run(0x019C, 0, 1, 211),
    run(0x019D, 0, 1, 213),
    run(0x019F, 0, 1, 214),
    run(0x01A0, 4, 2, 1),
    run(0x01A6, 0, 1, 218),
    run(0x01A7, 0, 1, 1),
    run(0x01A9, 0, 1, 218),
    run(0x01AC, 0, 1, 1),
    run(0x01AE, 0, 1, 218),
    run(0x01AF, 0, 1, 1),
    run(0x01B1, 1, 1, 217),
    run(0x01B3, 2, 2, 1),
    run(0x01B7, 0, 1, 219),
    run(0x01B8, 0, 1, 1),
    run(0x01BC, 0, 1, 1),
    run(0x01C4, 0, 1, 2),
    run(0x01C5, 0, 1, 1),
    run(0x01C7, 0, 1, 2),
    run(0x01C8, 0, 1, 1),
    run(0x01CA, 0, 1, 2),
    run(0x01CB, 16, 2, 1),
    run(0x01DE, 16, 2, 1),
    run(0x01F1, 0, 1, 2),
    run(0x01F2, 2, 2, 1),
    run(0x01F6, 0, 1, -97),
    run(0x01F7, 0, 1, -56),
    run(0x01F8, 38, 2, 1),
    run(0x0220, 0, 1, -130),
    run(0x0222, 16, 2, 1),
    run(0x023A, 0, 1, 10795),
    run(0x023B, 0, 1, 1),
    run(0x023D, 0, 1, -163),
    run(0x023E, 0, 1, 10792),
    run(0x0241, 0, 1, 1),
    run(0x0243, 0, 1, -195),
    run(0x0244, 0, 1, 69),
    run(0x0245, 0, 1, 71),
    run(0x0246, 8, 2, 1),
    run(0x0370, 2, 2, 1),
    run(0x0376, 0, 1, 1),
    run(0x037F, 0, 1, 116),
    run(0x0386, 0, 1, 38),
    run(0x0388, 2, 1, 37),
    run(0x038C, 0, 1, 64),
    run(0x038E, 1, 1, 63),
    run(0x0391, 16, 1, 32),
    run(0x03A3, 8, 1, 32),
    run(0x03CF, 0, 1, 8),
    run(0x03D8, 22, 2, 1),
    run(0x03F4, 0, 1, -60),
    run(0x03F7, 0, 1, 1),
    run(0x03F9, 0, 1, -7),
    run(0x03FA, 0, 1, 1),
    run(0x03FD, 2, 1, -130),
    run(0x0400, 15, 1, 80),
    run(0x0410, 31, 1, 32),
    run(0x0460, 32, 2, 1),
    run(0x048A, 52, 2, 1),
    run(0x04C0, 0, 1, 15),
    run(0x04C1, 12, 2, 1),
    run(0x04D0, 94, 2, 1),
    run(0x0531, 37, 1, 48),
    run(0x10A0, 37, 1, 7264),
    run(0x10C7, 0, 1, 7264),
    run(0x10CD, 0, 1, 7264),
    run(0x13A0, 79, 1, 38864),
    run(0x13F0, 5, 1, 8),
    run(0x1C89, 0, 1, 1),
    run(0x1C90, 42, 1, -3008),
    run(0x1CBD, 2, 1, -3008),
    run(0x1E00, 148, 2, 1),
    run(0x1E9E, 0, 1, -7615),
    run(0x1EA0, 94, 2, 1),
    run(0x1F08, 7, 1, -8),
    run(0x1F18, 5, 1, -8),
    run(0x1F28, 7, 1, -8),
    run(0x1F38, 7, 1, -8),
    run(0x1F48, 5, 1, -8),
    run(0x1F59, 6, 2, -8),
    run(0x1F68, 7, 1, -8),
    run(0x1F88, 7, 1, -8),
    run(0x1F98, 7, 1, -8),
    run(0x1FA8, 7, 1, -8),
    run(0x1FB8, 1, 1, -8),
    run(0x1FBA, 1, 1, -74),
    run(0x1FBC, 0, 1, -9),
    run(0x1FC8, 3, 1, -86),
    run(0x1FCC, 0, 1, -9),
    run(0x1FD8, 1, 1, -8),
    run(0x1FDA, 1, 1, -100),
    run(0x1FE8, 1, 1, -8),
    run(0x1FEA, 1, 1, -112),
    run(0x1FEC, 0, 1, -7),
    run(0x1FF8, 1, 1, -128),
    run(0x1FFA, 1, 1, -126),
    run(0x1FFC, 0, 1, -9),
    run(0x2126, 0, 1, -7517),
    run(0x212A, 0, 1, -8383),
    run(0x212B, 0, 1, -8262),
    run(0x2132, 0, 1, 28),
    run(0x2160, 15, 1, 16),
    run(0x2183, 0, 1, 1),
    run(0x24B6, 25, 1, 26),
    run(0x2C00, 47, 1, 48),
    run(0x2C60, 0, 1, 1),
    run(0x2C62, 0, 1, -10743),
    run(0x2C63, 0, 1, -3814),
    run(0x2C64, 0, 1, -10727),
    run(0x2C67, 4, 2, 1),
    run(0x2C6D, 0, 1, -10780),
    run(0x2C6E, 0, 1, -10749),
    run(0x2C6F, 0, 1, -10783),
    run(0x2C70, 0, 1, -10782),
    run(0x2C72, 0, 1, 1),
    run(0x2C75, 0, 1, 1),
    run(0x2C7E, 1, 1, -10815),
    run(0x2C80, 98, 2, 1),
    run(0x2CEB, 2, 2, 1),
    run(0x2CF2, 0, 1, 1),
    run(0xA640, 44, 2, 1),
    run(0xA680, 26, 2, 1),
    run(0xA722, 12, 2, 1),
    run(0xA732, 60, 2, 1),
    run(0xA779, 2, 2, 1),
    run(0xA77D, 0, 1, -35332),
    run(0xA77E, 8, 2, 1),
    run(0xA78B, 0, 1, 1),
    run(0xA78D, 0, 1, -42280),
    run(0xA790, 2, 2, 1),
    run(0xA796, 18, 2, 1),
    run(0xA7AA, 0, 1, -42308),
    run(0xA7AB, 0, 1, -42319),
    run(0xA7AC, 0, 1, -42315),
    run(0xA7AD, 0, 1, -42305),
    run(0xA7AE, 0, 1, -42308),
    run(0xA7B0, 0, 1, -42258),
    run(0xA7B1, 0, 1, -42282),
    run(0xA7B2, 0, 1, -42261),
    run(0xA7B3, 0, 1, 928),
    run(0xA7B4, 14, 2, 1),
    run(0xA7C4, 0, 1, -48),
    run(0xA7C5, 0, 1, -42307),
    run(0xA7C6, 0, 1, -35384),
    run(0xA7C7, 2, 2, 1),
    run(0xA7CB, 0, 1, -42343),
    run(0xA7CC, 14, 2, 1),
    run(0xA7DC, 0, 1, -42561),
    run(0xA7F5, 0, 1, 1),
    run(0xFF21, 25, 1, 32),
    run(0x10400, 39, 1, 40),
    run(0x104B0, 35, 1, 40),
    run(0x10570, 10, 1, 39),
    run(0x1057C, 14, 1, 39),
    run(0x1058C, 6, 1, 39),
    run(0x10594, 1, 1, 39),
    run(0x10C80, 50, 1, 64),
    run(0x10D50, 21, 1, 32),
    run(0x118A0, 31, 1, 32),
    run(0x16E40, 31, 1, 32),
    run(0x16EA0, 24, 1, 27),
    run(0x1E900, 33, 1, 34),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn single(mut it: impl Iterator<Item = char>, c: char) -> char {
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }

    fn reference(c: char) -> char {
        single(c.to_uppercase(), c)
    }

    fn reference_lower(c: char) -> char {
        single(c.to_lowercase(), c)
    }

    /// The table for this toolchain's `char::to_uppercase` (or, with
    /// `reference_lower`, `to_lowercase`), as source.
    fn generated_table(reference: fn(char) -> char) -> String {
        let mut runs: Vec<(u32, u32, i32, u32)> = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (cp, up) = (u32::from(c), u32::from(reference(c)));
            if up == cp {
                continue;
            }
            let delta = up as i32 - cp as i32;
            if let Some(r) = runs.last_mut() {
                if r.2 == delta && r.0 == r.1 && (cp == r.1 + 1 || cp == r.1 + 2) {
                    (r.1, r.3) = (cp, cp - r.1);
                    continue;
                }
                if r.2 == delta && r.0 != r.1 && cp == r.1 + r.3 {
                    r.1 = cp;
                    continue;
                }
            }
            runs.push((cp, cp, delta, 1));
        }
        runs.iter()
            .map(|r| format!("    run(0x{:04X}, {}, {}, {}),\n", r.0, r.1 - r.0, r.3, r.2))
            .collect()
    }

    /// `ours` equals the standard library's mapping on every code point;
    /// on failure, prints the table this toolchain would need.
    fn assert_same_on_every_char(ours: fn(char) -> char, reference: fn(char) -> char) {
        let wrong: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| ours(c) != reference(c))
            .collect();
        assert!(
            wrong.is_empty(),
            "{} characters differ, e.g. {:?}; the table for this toolchain:\n{}",
            wrong.len(),
            &wrong[..wrong.len().min(5)],
            generated_table(reference)
        );
    }

    #[test]
    fn matches_char_to_uppercase() {
        assert_same_on_every_char(simple_upper, reference);
    }

    #[test]
    fn matches_char_to_lowercase() {
        assert_same_on_every_char(simple_lower, reference_lower);
    }

    #[test]
    fn go_lowercase() {
        // Go: strings.ToLower("İSTANBUL ΟΔΟΣ") == "istanbul οδοσ" (unicode.ToLower per rune).
        assert_eq!(go_lower_str("İSTANBUL ΟΔΟΣ"), "istanbul οδοσ");
        assert_eq!(go_lower_str("Driver-Opt=A"), "driver-opt=a");
        assert_eq!(simple_lower('Ǆ'), 'ǆ');
        assert_eq!(simple_lower('ǅ'), 'ǆ');
        assert_eq!(simple_lower('𐐀'), '𐐨');
    }

    #[test]
    fn examples() {
        assert_eq!(simple_upper('a'), 'A');
        assert_eq!(simple_upper('ā'), 'Ā');
        assert_eq!(simple_upper('Ā'), 'Ā');
        assert_eq!(simple_upper('ß'), 'ß');
        assert_eq!(simple_upper('ǆ'), 'Ǆ');
        assert_eq!(simple_upper('𐐨'), '𐐀');
        assert_eq!(simple_upper('1'), '1');
    }
}
