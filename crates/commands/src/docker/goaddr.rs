//! Go's address parsers as the docker CLI meets them, with Go's error texts:
//! `net/netip` ParseAddr and ParsePrefix (`--network ip=…`, `--subnet`),
//! `net.ParseMAC` (`--mac-address`), and the pflag IP, IP-slice and
//! IPNet-slice values (`--ip`, `--ip6`, `--gateway`, `--ip-range`).

use std::net::{IpAddr, Ipv4Addr};

fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

fn addr_error(input: &str, msg: &str, at: Option<&str>) -> String {
    match at {
        Some(at) => format!(
            "ParseAddr({}): {msg} (at {})",
            go_quote(input),
            go_quote(at)
        ),
        None => format!("ParseAddr({}): {msg}", go_quote(input)),
    }
}

/// Go's `netip.parse4`, with its messages.
fn parse4(s: &str) -> Result<Ipv4Addr, String> {
    let b = s.as_bytes();
    let mut fields = [0u8; 4];
    let (mut val, mut pos, mut dig_len) = (0u32, 0usize, 0u32);
    for i in 0..b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                if dig_len == 1 && val == 0 {
                    return Err(addr_error(
                        s,
                        "IPv4 field has octet with leading zero",
                        None,
                    ));
                }
                val = val * 10 + u32::from(c - b'0');
                dig_len += 1;
                if val > 255 {
                    return Err(addr_error(s, "IPv4 field has value >255", None));
                }
            }
            b'.' => {
                if i == 0 || i == b.len() - 1 || b[i - 1] == b'.' {
                    return Err(addr_error(
                        s,
                        "IPv4 field must have at least one digit",
                        s.get(i..),
                    ));
                }
                if pos == 3 {
                    return Err(addr_error(s, "IPv4 address too long", None));
                }
                fields[pos] = val as u8;
                pos += 1;
                val = 0;
                dig_len = 0;
            }
            _ => return Err(addr_error(s, "unexpected character", s.get(i..))),
        }
    }
    if pos < 3 {
        return Err(addr_error(s, "IPv4 address too short", None));
    }
    fields[3] = val as u8;
    Ok(Ipv4Addr::from(fields))
}

/// Go's `netip.ParseAddr`. IPv6 syntax errors are reported with Go's
/// general message, not parse6's detailed one.
pub fn parse_addr(s: &str) -> Result<IpAddr, String> {
    for c in s.bytes() {
        match c {
            b'.' => return parse4(s).map(IpAddr::V4),
            b':' => {
                return s
                    .parse::<std::net::Ipv6Addr>()
                    .map(IpAddr::V6)
                    .map_err(|_| addr_error(s, "unable to parse IP", None))
            }
            b'%' => return Err(addr_error(s, "missing IPv6 address", None)),
            _ => {}
        }
    }
    Err(addr_error(s, "unable to parse IP", None))
}

/// Go's `netip.ParsePrefix` (docker/cli `createIPAMConfig` for `--subnet`).
pub fn parse_prefix(s: &str) -> Result<(IpAddr, u8), String> {
    let err = |msg: String| format!("netip.ParsePrefix({}): {msg}", go_quote(s));
    let Some(i) = s.rfind('/') else {
        return Err(err("no '/'".to_string()));
    };
    let ip = parse_addr(&s[..i]).map_err(err)?;
    let bits_str = &s[i + 1..];
    let bad = || err(format!("bad bits after slash: {}", go_quote(bits_str)));
    if bits_str.len() > 1 && !(b'1'..=b'9').contains(&bits_str.as_bytes()[0]) {
        return Err(bad());
    }
    let bits: i64 = bits_str.parse().map_err(|_| bad())?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    if !(0..=max).contains(&bits) {
        return Err(err("prefix length out of range".to_string()));
    }
    Ok((ip, bits as u8))
}

/// Go's `net.ParseIP` behind pflag's IP values: `None` when it is not an address.
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    if s.contains(':') {
        s.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        parse4(s).ok().map(IpAddr::V4)
    }
}

/// pflag `ipValue.Set` / `ipSliceValue.Set`: the flag error text for a bad IP.
pub fn pflag_ip(flag: &str, s: &str) -> Result<IpAddr, String> {
    parse_ip(s).ok_or_else(|| {
        format!(
            "invalid argument \"{s}\" for \"{flag}\" flag: invalid string being converted to IP address: {s}"
        )
    })
}

/// pflag `ipNetSliceValue.Set`: `net.ParseCIDR`, whose error is `invalid CIDR address: X`.
pub fn pflag_cidr(flag: &str, s: &str) -> Result<(IpAddr, u8), String> {
    let fail = || {
        format!(
            "invalid argument \"{s}\" for \"{flag}\" flag: invalid CIDR address: {}",
            s.trim()
        )
    };
    let t = s.trim();
    let (ip, bits) = t.split_once('/').ok_or_else(fail)?;
    let ip = parse_ip(ip).ok_or_else(fail)?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits: u8 = bits
        .parse()
        .ok()
        .filter(|b| *b <= max && !bits.starts_with('+'))
        .ok_or_else(fail)?;
    Ok((ip, bits))
}

/// Go's `net.ParseMAC` (6-, 8- and 20-byte forms with `:`, `-` or `.`
/// groups), written back as `HardwareAddr.String()` does: lowercase,
/// colon-separated.
pub fn parse_mac(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out: Vec<u8> = Vec::new();
    if b.len() < 14 {
        return None;
    }
    if b[2] == b':' || b[2] == b'-' {
        if !(b.len() + 1).is_multiple_of(3) {
            return None;
        }
        let n = (b.len() + 1) / 3;
        if !matches!(n, 6 | 8 | 20) {
            return None;
        }
        for i in 0..n {
            let x = i * 3;
            if i + 1 < n && b[x + 2] != b[2] {
                return None;
            }
            out.push(hex(b[x])? << 4 | hex(b[x + 1])?);
        }
    } else if b[4] == b'.' {
        if !(b.len() + 1).is_multiple_of(5) {
            return None;
        }
        let n = 2 * (b.len() + 1) / 5;
        if !matches!(n, 6 | 8 | 20) {
            return None;
        }
        for i in 0..n / 2 {
            let x = i * 5;
            if i + 1 < n / 2 && b[x + 4] != b'.' {
                return None;
            }
            out.push(hex(b[x])? << 4 | hex(b[x + 1])?);
            out.push(hex(b[x + 2])? << 4 | hex(b[x + 3])?);
        }
    } else {
        return None;
    }
    Some(
        out.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_messages() {
        // Texts of Go 1.24 net/netip (parse4, ParsePrefix) and net.ParseMAC.
        assert_eq!(
            parse_addr("zz").unwrap_err(),
            "ParseAddr(\"zz\"): unable to parse IP"
        );
        assert_eq!(
            parse_addr("10.0.0.300").unwrap_err(),
            "ParseAddr(\"10.0.0.300\"): IPv4 field has value >255"
        );
        assert_eq!(
            parse_addr("10.0.0").unwrap_err(),
            "ParseAddr(\"10.0.0\"): IPv4 address too short"
        );
        assert_eq!(
            parse_addr("10.0.x.1").unwrap_err(),
            "ParseAddr(\"10.0.x.1\"): unexpected character (at \"x.1\")"
        );
        assert_eq!(
            parse_prefix("foo").unwrap_err(),
            "netip.ParsePrefix(\"foo\"): no '/'"
        );
        assert_eq!(
            parse_prefix("10.0.0.0/33").unwrap_err(),
            "netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range"
        );
        assert_eq!(
            parse_prefix("x/24").unwrap_err(),
            "netip.ParsePrefix(\"x/24\"): ParseAddr(\"x\"): unable to parse IP"
        );
        assert_eq!(
            parse_mac("92-D0-C6-0A-29-33").as_deref(),
            Some("92:d0:c6:0a:29:33")
        );
        assert_eq!(
            parse_mac("92d0.c60a.2933").as_deref(),
            Some("92:d0:c6:0a:29:33")
        );
        assert_eq!(parse_mac("92:d0:c6:0a:29"), None);
        assert_eq!(parse_mac("zz"), None);
        assert!(pflag_cidr("--ip-range", "foo")
            .unwrap_err()
            .ends_with("invalid CIDR address: foo"));
    }
}
