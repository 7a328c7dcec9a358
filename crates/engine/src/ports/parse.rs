//! Parsing `-p/--publish` and `--expose` values, byte for byte as the docker
//! CLI 29 does it.
//!
//! The CLI pipeline (`cli/command/container/opts.go`) is: every `-p` value is
//! first rewritten by `convertToStandardNotation` (long syntax → short), then
//! all of them go through go-connections `nat.ParsePortSpecs` (v0.8 validation
//! order); `--expose` values go through moby's `network.ParsePortRange`. The
//! two parsers are *different* Go code with different number parsing
//! (`strconv.ParseInt` versus `ParseUint`), so they are reproduced separately
//! here rather than shared.

use super::Proto;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// One port binding request, as `nat.ParsePortSpec` yields it: one per
/// container port (a `8000-8002:80-82` spec yields three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortRequest {
    /// The container-side port. 0 parses (the CLI accepts it); the daemon
    /// rejects it at create, see [`validate_port_bindings`].
    pub container_port: u16,
    pub proto: Proto,
    /// `None` when the spec names no host address: the daemon then binds the
    /// default addresses (0.0.0.0 and, when IPv6 works, `::`).
    pub host_ip: Option<IpAddr>,
    /// `None` for an ephemeral port. `Some((p, p))` is a fixed port;
    /// `Some((a, b))` with `a < b` is the range the daemon allocates from
    /// (only when the container side is a single port). `Some((0, 0))` comes
    /// from an explicit `0:80` and is allocated like `None` by the daemon, but
    /// is kept distinct because `docker inspect` shows `"HostPort": "0"`.
    pub host_ports: Option<(u16, u16)>,
}

impl PortRequest {
    /// The container port as Docker keys it: `80/tcp`.
    pub fn port_key(&self) -> String {
        format!("{}/{}", self.container_port, self.proto)
    }

    /// The `HostPort` string of `HostConfig.PortBindings`: `""`, `"8080"` or
    /// `"8000-9000"` (go-connections builds it from the parsed numbers, so a
    /// typed `08080` becomes `8080`).
    pub fn host_port_string(&self) -> String {
        match self.host_ports {
            None => String::new(),
            Some((a, b)) if a == b => a.to_string(),
            Some((a, b)) => format!("{a}-{b}"),
        }
    }

    /// The `HostIp` string of `HostConfig.PortBindings`: `""` when unset.
    pub fn host_ip_string(&self) -> String {
        self.host_ip.map(|ip| ip.to_string()).unwrap_or_default()
    }
}

/// Parses one `-p/--publish` value (short or long syntax).
///
/// The error is the text the CLI prints after `docker: `, e.g.
/// `invalid proto: xyz`.
pub fn parse_publish(raw: &str) -> Result<Vec<PortRequest>, String> {
    let spec = convert_to_standard_notation(raw)?;
    parse_port_spec(&spec)
}

/// Parses every `-p` value of one command line, in order.
///
/// Unlike calling [`parse_publish`] on each value, this keeps the CLI's error
/// precedence: all values are converted from long syntax first, so a
/// malformed `name=value` in a later `-p` is reported before a bad port in an
/// earlier one.
pub fn parse_publish_all<S: AsRef<str>>(raws: &[S]) -> Result<Vec<PortRequest>, String> {
    let mut specs = Vec::with_capacity(raws.len());
    for raw in raws {
        specs.push(convert_to_standard_notation(raw.as_ref())?);
    }
    let mut out = Vec::new();
    for spec in &specs {
        out.extend(parse_port_spec(spec)?);
    }
    Ok(out)
}

/// Parses one `--expose` value: `80`, `80-82`, `53/udp`.
///
/// C29 uses moby's `network.ParsePortRange` and wraps its error as
/// `invalid range format for --expose: <err>`. Note that C29 no longer
/// rejects a `:` up front (C ≤ 28 did, with `invalid port format for
/// --expose`); `8080:80` now fails as an unparsable start port.
///
/// Deviation: moby's parser lowercases but does not validate the protocol,
/// so the real CLI passes `80/xyz` on to the daemon. The simulator has no
/// model for unknown protocols and rejects it here with go-connections' text
/// `invalid proto: xyz`.
pub fn parse_expose(raw: &str) -> Result<Vec<(u16, Proto)>, String> {
    let wrap = |e: String| format!("invalid range format for --expose: {e}");
    if raw.is_empty() {
        return Err(wrap("invalid port range: value is empty".to_string()));
    }
    let (range, proto) = cut(raw, '/').unwrap_or((raw, ""));
    let (start_s, end_s, has_dash) = match cut(range, '-') {
        Some((s, e)) => (s, e, true),
        None => (range, "", false),
    };
    let start =
        parse_uint16(start_s).map_err(|e| wrap(format!("invalid start port '{start_s}': {e}")))?;
    let end = if !has_dash || start_s == end_s {
        start
    } else {
        let end =
            parse_uint16(end_s).map_err(|e| wrap(format!("invalid end port '{end_s}': {e}")))?;
        if end < start {
            return Err(wrap(format!("invalid port range: {raw}")));
        }
        end
    };
    let proto_name = if proto.is_empty() {
        "tcp".to_string()
    } else {
        go_to_lower(proto)
    };
    let proto = Proto::parse(&proto_name).ok_or_else(|| format!("invalid proto: {proto_name}"))?;
    Ok((start..=end).map(|p| (p, proto)).collect())
}

/// The daemon's create-time check of the bindings (`daemon/container.go`
/// validatePortBindings, E29): container port 0 is refused with
/// `invalid port specification: "0/tcp"`. Host ports that reached the daemon
/// through the CLI are always well-formed, so only the container port can fail.
pub fn validate_port_bindings(requests: &[PortRequest]) -> Result<(), String> {
    match requests.iter().find(|r| r.container_port == 0) {
        Some(r) => Err(format!("invalid port specification: \"{}\"", r.port_key())),
        None => Ok(()),
    }
}

/// `convertToStandardNotation` (docker/cli 29): a value containing `=` is the
/// long syntax `published=P,target=T,protocol=X,…` and becomes `P:T/X`.
/// Unknown keys (`mode=host`) are accepted and ignored; missing keys are empty
/// strings, except protocol which defaults to `tcp`; a later key overrides an
/// earlier one (it is a Go map).
fn convert_to_standard_notation(publish: &str) -> Result<String, String> {
    if !publish.contains('=') {
        return Ok(publish.to_string());
    }
    let (mut published, mut target, mut protocol) = ("", "", "tcp");
    for param in publish.split(',') {
        match cut(param, '=') {
            Some((key, value)) if !key.is_empty() => match key {
                "published" => published = value,
                "target" => target = value,
                "protocol" => protocol = value,
                _ => {}
            },
            _ => {
                return Err(format!(
                    "invalid publish opts format (should be name=value but got '{param}')"
                ))
            }
        }
    }
    Ok(format!("{published}:{target}/{protocol}"))
}

/// go-connections v0.8 `ParsePortSpec`. Validation order: empty container port
/// → protocol → IP → container range → host range → range-length mismatch.
fn parse_port_spec(raw: &str) -> Result<Vec<PortRequest>, String> {
    let (ip, host_port, container_part) = split_parts(raw);

    // SplitProtoPort: the protocol is everything after the first '/'.
    let (container_port, proto) = cut(container_part, '/').unwrap_or((container_part, ""));
    if container_port.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let proto_name = if proto.is_empty() {
        "tcp".to_string()
    } else {
        go_to_lower(proto)
    };
    let proto = Proto::parse(&proto_name).ok_or_else(|| format!("invalid proto: {proto_name}"))?;

    // Brackets are stripped with net.SplitHostPort(ip + ":"), so its error
    // text (e.g. "missing ']' in address") ends up in the message.
    let mut ip = ip.to_string();
    if ip.starts_with('[') {
        let with_colon = format!("{ip}:");
        match go_split_host_port(&with_colon) {
            Ok(host) => ip = host.to_string(),
            Err(e) => return Err(format!("invalid IP address {ip}: {e}")),
        }
    }
    // An empty IP (including a stripped `[]`) means "no host IP".
    let host_ip = if ip.is_empty() {
        None
    } else {
        Some(
            ip.parse::<IpAddr>()
                .map_err(|_| format!("invalid IP address: {ip}"))?,
        )
    };

    let (start, end) = nat_port_range(container_port)
        .ok_or_else(|| format!("invalid containerPort: {container_port}"))?;

    let mut host_range = None;
    if !host_port.is_empty() {
        let (hstart, hend) =
            nat_port_range(host_port).ok_or_else(|| format!("invalid hostPort: {host_port}"))?;
        // A host range of another length is only allowed for a single
        // container port: it is then the range to allocate from.
        if end.saturating_sub(start) != hend.saturating_sub(hstart) && end != start {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {container_port} and {host_port}"
            ));
        }
        host_range = Some((hstart, hend));
    }

    let count = u32::from(end.saturating_sub(start)) + 1;
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let Some(cport) = offset(start, i) else { break };
        let host_ports = match host_range {
            None => None,
            Some((hs, he)) if count == 1 && hs != he => Some((hs, he)),
            Some((hs, _)) => {
                // Lengths are equal here, so hs + i <= he; stay checked anyway.
                let Some(hp) = offset(hs, i) else { break };
                Some((hp, hp))
            }
        };
        out.push(PortRequest {
            container_port: cport,
            proto,
            host_ip,
            host_ports,
        });
    }
    Ok(out)
}

fn offset(base: u16, i: u32) -> Option<u16> {
    u16::try_from(u32::from(base).checked_add(i)?).ok()
}

/// `splitParts`: split on every ':'; with more than three parts, the IP is
/// everything before the last two (the legacy unbracketed IPv6 form
/// `::1:8080:80`).
fn split_parts(raw: &str) -> (&str, &str, &str) {
    let Some((rest, container)) = raw.rsplit_once(':') else {
        return ("", "", raw);
    };
    match rest.rsplit_once(':') {
        None => ("", rest, container),
        Some((ip, host_port)) => (ip, host_port, container),
    }
}

/// go-connections v0.8 `parsePortRange`: `a` or `a-b` (split at the first
/// '-'), each side `parsePortNumber`; `a-a` written twice the same is a
/// single port; `b < a` is an error. The -p messages never show the inner
/// error, so this only reports success or failure.
fn nat_port_range(s: &str) -> Option<(u16, u16)> {
    if s.is_empty() {
        return None;
    }
    let (start_s, end_s, has_dash) = match cut(s, '-') {
        Some((a, b)) => (a, b, true),
        None => (s, "", false),
    };
    let start = nat_port_number(start_s)?;
    if !has_dash || start_s == end_s {
        return Some((start, start));
    }
    let end = nat_port_number(end_s)?;
    if end < start {
        return None;
    }
    Some((start, end))
}

/// go-connections v0.8 `parsePortNumber`: `strconv.ParseInt(s, 10, 64)` then
/// 0..=65535. ParseInt takes an optional sign, so `+80` is 80 and `-0` is 0.
fn nat_port_number(s: &str) -> Option<u16> {
    let digits = s
        .strip_prefix('+')
        .or_else(|| s.strip_prefix('-'))
        .unwrap_or(s);
    let negative = s.starts_with('-');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: u32 = 0;
    for b in digits.bytes() {
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        if n > u32::from(u16::MAX) {
            // Either above 65535 or (if negative) below 0: both rejected.
            return None;
        }
    }
    if negative && n != 0 {
        return None;
    }
    u16::try_from(n).ok()
}

/// moby api `parsePortNumber`: `strconv.ParseUint(s, 10, 16)` with the
/// NumError unwrapped, so the error is `value is empty`, `invalid syntax` or
/// `value out of range`. ParseUint scans left to right and stops at the first
/// problem, so `70000x` is out of range while `7000x` is invalid syntax.
pub(super) fn parse_uint16(s: &str) -> Result<u16, &'static str> {
    if s.is_empty() {
        return Err("value is empty");
    }
    let mut n: u32 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return Err("invalid syntax");
        }
        n = n * 10 + u32::from(b - b'0');
        if n > u32::from(u16::MAX) {
            return Err("value out of range");
        }
    }
    u16::try_from(n).map_err(|_| "value out of range")
}

/// Go's `strings.ToLower`: per-rune *simple* lowercase mapping. Rust's
/// `str::to_lowercase` differs for U+0130 (İ → "i̇", Go gives "i") and for a
/// word-final Σ (Rust gives ς); golib's mapping is Go's (and small).
pub(super) fn go_to_lower(s: &str) -> String {
    bridgeport_golib::case::go_lower_str(s)
}

/// Go's `net.SplitHostPort`, returning only the host; the error text is the
/// `*AddrError` string (`address <addr>: <why>`).
fn go_split_host_port(hostport: &str) -> Result<&str, String> {
    let err = |why: &str| format!("address {hostport}: {why}");
    let Some(i) = hostport.rfind(':') else {
        return Err(err("missing port in address"));
    };
    let (host, j, k);
    if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return Err(err("missing ']' in address"));
        };
        if end + 1 == hostport.len() {
            return Err(err("missing port in address"));
        } else if end + 1 != i {
            return if hostport.as_bytes().get(end + 1) == Some(&b':') {
                Err(err("too many colons in address"))
            } else {
                Err(err("missing port in address"))
            };
        }
        host = hostport.get(1..end).unwrap_or("");
        j = 1;
        k = end + 1;
    } else {
        host = hostport.get(..i).unwrap_or("");
        if host.contains(':') {
            return Err(err("too many colons in address"));
        }
        j = 0;
        k = 0;
    }
    if hostport.get(j..).is_some_and(|s| s.contains('[')) {
        return Err(err("unexpected '[' in address"));
    }
    if hostport.get(k..).is_some_and(|s| s.contains(']')) {
        return Err(err("unexpected ']' in address"));
    }
    Ok(host)
}

/// `strings.Cut` on a char: the parts before and after its first occurrence.
fn cut(s: &str, sep: char) -> Option<(&str, &str)> {
    s.split_once(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    fn req(port: u16, proto: Proto, host_ip: &str, host_ports: Option<(u16, u16)>) -> PortRequest {
        PortRequest {
            container_port: port,
            proto,
            host_ip: ip(host_ip),
            host_ports,
        }
    }

    const TCP: Proto = Proto::Tcp;

    /// Every row of the reference's "Results for the brief's formats" table
    /// (§4.2), plus the long syntax and bracket/edge cases read from source.
    #[test]
    fn publish_results() {
        let cases: Vec<(&str, Vec<PortRequest>)> = vec![
            ("80", vec![req(80, TCP, "", None)]),
            ("8080:80", vec![req(80, TCP, "", Some((8080, 8080)))]),
            (
                "127.0.0.1:8080:80",
                vec![req(80, TCP, "127.0.0.1", Some((8080, 8080)))],
            ),
            ("127.0.0.1::80", vec![req(80, TCP, "127.0.0.1", None)]),
            (
                "8000-8010:80-90",
                (0..=10u16)
                    .map(|i| req(80 + i, TCP, "", Some((8000 + i, 8000 + i))))
                    .collect(),
            ),
            ("8000-9000:80", vec![req(80, TCP, "", Some((8000, 9000)))]),
            (
                "80-82",
                vec![
                    req(80, TCP, "", None),
                    req(81, TCP, "", None),
                    req(82, TCP, "", None),
                ],
            ),
            (
                "8080:80/udp",
                vec![req(80, Proto::Udp, "", Some((8080, 8080)))],
            ),
            (
                "8080:80/UDP",
                vec![req(80, Proto::Udp, "", Some((8080, 8080)))],
            ),
            (
                "8080:80/sctp",
                vec![req(80, Proto::Sctp, "", Some((8080, 8080)))],
            ),
            ("8080:80/", vec![req(80, TCP, "", Some((8080, 8080)))]),
            (
                "[::1]:8080:80",
                vec![req(80, TCP, "::1", Some((8080, 8080)))],
            ),
            ("::1:8080:80", vec![req(80, TCP, "::1", Some((8080, 8080)))]),
            ("[::1]::80", vec![req(80, TCP, "::1", None)]),
            ("::::80", vec![req(80, TCP, "::", None)]),
            ("[::]::80", vec![req(80, TCP, "::", None)]),
            (
                "[2001:4860:0:2001::68]::333",
                vec![req(333, TCP, "2001:4860:0:2001::68", None)],
            ),
            (":80", vec![req(80, TCP, "", None)]),
            ("0", vec![req(0, TCP, "", None)]),
            // Explicit host port 0 stays distinct from "no host port".
            ("0:80", vec![req(80, TCP, "", Some((0, 0)))]),
            // ParseInt accepts a sign and leading zeros.
            ("08080:+80", vec![req(80, TCP, "", Some((8080, 8080)))]),
            ("80-80", vec![req(80, TCP, "", None)]),
            // An empty bracketed IP strips to "" and means "no host IP".
            ("[]:8080:80", vec![req(80, TCP, "", Some((8080, 8080)))]),
            // Long syntax (convertToStandardNotation).
            (
                "published=8080,target=80",
                vec![req(80, TCP, "", Some((8080, 8080)))],
            ),
            (
                "published=8080,target=80,protocol=udp,mode=host",
                vec![req(80, Proto::Udp, "", Some((8080, 8080)))],
            ),
            ("target=80", vec![req(80, TCP, "", None)]),
            ("target=80,protocol=", vec![req(80, TCP, "", None)]),
            (
                "published=9000-9002,target=80",
                vec![req(80, TCP, "", Some((9000, 9002)))],
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_publish(raw), Ok(expected), "-p {raw:?}");
        }
    }

    #[test]
    fn publish_errors() {
        let cases: &[(&str, &str)] = &[
            ("8080:80/xyz", "invalid proto: xyz"),
            ("8080:80/XYZ", "invalid proto: xyz"),
            ("8080:80/tcp/x", "invalid proto: tcp/x"),
            ("localhost:8080:80", "invalid IP address: localhost"),
            ("999.1.1.1:80:80", "invalid IP address: 999.1.1.1"),
            ("192.168.1.100", "invalid containerPort: 192.168.1.100"),
            ("abc", "invalid containerPort: abc"),
            ("8080:abc", "invalid containerPort: abc"),
            ("8080:abc/udp", "invalid containerPort: abc"),
            ("abc:80", "invalid hostPort: abc"),
            ("70000", "invalid containerPort: 70000"),
            ("8080:70000", "invalid containerPort: 70000"),
            ("-1", "invalid containerPort: -1"),
            (" 80", "invalid containerPort:  80"),
            ("9090-9089:80", "invalid hostPort: 9090-9089"),
            ("9090-:80", "invalid hostPort: 9090-"),
            ("-9090:80", "invalid hostPort: -9090"),
            (
                "8080:80-81",
                "invalid ranges specified for container and host Ports: 80-81 and 8080",
            ),
            (
                "8080-8081:80-82",
                "invalid ranges specified for container and host Ports: 80-82 and 8080-8081",
            ),
            ("8080:", "no port specified: 8080:<empty>"),
            ("", "no port specified: <empty>"),
            ("8080:/tcp", "no port specified: 8080:/tcp<empty>"),
            (
                "[x:80:80",
                "invalid IP address [x: address [x:: missing ']' in address",
            ),
            (
                "[::1]x:80:80",
                "invalid IP address [::1]x: address [::1]x:: missing port in address",
            ),
            (
                "[[::1]:80:80",
                "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address",
            ),
            ("[foo]:80:80", "invalid IP address: foo"),
            ("fe80::1%eth0:80:80", "invalid IP address: fe80::1%eth0"),
            // Validation order (v0.8): proto before IP, IP before ports.
            ("localhost:abc:80/xyz", "invalid proto: xyz"),
            ("localhost:abc:abc", "invalid IP address: localhost"),
            ("abc:abc", "invalid containerPort: abc"),
            // Long syntax.
            (
                "published=8080,target",
                "invalid publish opts format (should be name=value but got 'target')",
            ),
            (
                "published=8080,,target=80",
                "invalid publish opts format (should be name=value but got '')",
            ),
            (
                "=80",
                "invalid publish opts format (should be name=value but got '=80')",
            ),
            ("published=8080", "no port specified: 8080:/tcp<empty>"),
            (
                "published=8080,target=80,protocol=xyz",
                "invalid proto: xyz",
            ),
            ("published=abc,target=80", "invalid hostPort: abc"),
        ];
        for &(raw, expected) in cases {
            assert_eq!(parse_publish(raw), Err(expected.to_string()), "-p {raw:?}");
        }
    }

    #[test]
    fn publish_all_keeps_cli_error_precedence() {
        let cases: &[(&[&str], Result<usize, &str>)] = &[
            (&["8080:80", "53:53/udp"], Ok(2)),
            (&["80-81", "443"], Ok(3)),
            // Long-syntax conversion runs over every value before parsing any.
            (
                &["abc", "published=1,x"],
                Err("invalid publish opts format (should be name=value but got 'x')"),
            ),
            (&["abc", "8080:80/xyz"], Err("invalid containerPort: abc")),
        ];
        for (raws, expected) in cases {
            let got = parse_publish_all(raws).map(|v| v.len());
            assert_eq!(got, expected.map_err(str::to_string), "-p {raws:?}");
        }
    }

    #[test]
    fn request_strings() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("8080:80", "80/tcp", "", "8080"),
            ("127.0.0.1:08080:80/udp", "80/udp", "127.0.0.1", "8080"),
            ("[::1]:8000-9000:80", "80/tcp", "::1", "8000-9000"),
            ("80", "80/tcp", "", ""),
            ("0:80", "80/tcp", "", "0"),
        ];
        for &(raw, key, host_ip, host_port) in cases {
            let reqs = parse_publish(raw);
            let got = reqs
                .as_ref()
                .ok()
                .and_then(|r| r.first())
                .map(|r| (r.port_key(), r.host_ip_string(), r.host_port_string()));
            assert_eq!(
                got,
                Some((key.to_string(), host_ip.to_string(), host_port.to_string())),
                "-p {raw:?}"
            );
        }
    }

    #[test]
    fn expose_results_and_errors() {
        let ok: &[(&str, &[(u16, Proto)])] = &[
            ("80", &[(80, TCP)]),
            ("80-82", &[(80, TCP), (81, TCP), (82, TCP)]),
            ("53/udp", &[(53, Proto::Udp)]),
            ("53/UDP", &[(53, Proto::Udp)]),
            ("80/", &[(80, TCP)]),
            ("80-80", &[(80, TCP)]),
            ("80-080", &[(80, TCP)]),
            ("0", &[(0, TCP)]),
            (
                "5000-5001/sctp",
                &[(5000, Proto::Sctp), (5001, Proto::Sctp)],
            ),
        ];
        for &(raw, expected) in ok {
            assert_eq!(parse_expose(raw), Ok(expected.to_vec()), "--expose {raw:?}");
        }
        let errs: &[(&str, &str)] = &[
            ("abc", "invalid range format for --expose: invalid start port 'abc': invalid syntax"),
            ("", "invalid range format for --expose: invalid port range: value is empty"),
            ("/tcp", "invalid range format for --expose: invalid start port '': value is empty"),
            ("80000", "invalid range format for --expose: invalid start port '80000': value out of range"),
            ("70000x", "invalid range format for --expose: invalid start port '70000x': value out of range"),
            ("7000x", "invalid range format for --expose: invalid start port '7000x': invalid syntax"),
            ("+80", "invalid range format for --expose: invalid start port '+80': invalid syntax"),
            ("80-", "invalid range format for --expose: invalid end port '': value is empty"),
            ("80-abc", "invalid range format for --expose: invalid end port 'abc': invalid syntax"),
            ("82-80", "invalid range format for --expose: invalid port range: 82-80"),
            ("82-80/udp", "invalid range format for --expose: invalid port range: 82-80/udp"),
            ("8080:80", "invalid range format for --expose: invalid start port '8080:80': invalid syntax"),
            ("-1", "invalid range format for --expose: invalid start port '': value is empty"),
            ("80/xyz", "invalid proto: xyz"),
        ];
        for &(raw, expected) in errs {
            assert_eq!(
                parse_expose(raw),
                Err(expected.to_string()),
                "--expose {raw:?}"
            );
        }
    }

    #[test]
    fn daemon_validation() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("8080:80", Ok(())),
            ("0", Err("invalid port specification: \"0/tcp\"")),
            ("0/udp", Err("invalid port specification: \"0/udp\"")),
            ("8080:0", Err("invalid port specification: \"0/tcp\"")),
        ];
        for (raw, expected) in cases {
            let got = parse_publish(raw).and_then(|r| validate_port_bindings(&r));
            assert_eq!(got, expected.map_err(str::to_string), "-p {raw:?}");
        }
    }

    #[test]
    fn go_helpers() {
        let lower: &[(&str, &str)] = &[("UDP", "udp"), ("\u{130}", "i"), ("ΣΑΣ", "σασ")];
        for &(s, expected) in lower {
            assert_eq!(go_to_lower(s), expected, "ToLower {s:?}");
        }
        let split: &[(&str, Result<&str, &str>)] = &[
            ("[::1]:", Ok("::1")),
            ("[]:", Ok("")),
            ("[::1]]:", Err("address [::1]]:: missing port in address")),
            (
                "[::1]::",
                Err("address [::1]::: too many colons in address"),
            ),
            ("[a]b]:", Err("address [a]b]:: missing port in address")),
        ];
        for (s, expected) in split {
            assert_eq!(
                go_split_host_port(s),
                expected.map_err(str::to_string),
                "SplitHostPort {s:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(raw in ".{0,40}") {
            let _ = parse_publish(&raw);
            let _ = parse_expose(&raw);
            let _ = parse_publish_all(&[raw.as_str(), raw.as_str()]);
        }

        #[test]
        fn port_like_inputs_never_panic(raw in "[0-9:\\-/\\[\\]a-fA-F.=,+ ]{0,30}") {
            if let Ok(reqs) = parse_publish(&raw) {
                for r in &reqs {
                    if let Some((a, b)) = r.host_ports {
                        prop_assert!(a <= b, "{raw:?} gave host range {a}-{b}");
                    }
                }
            }
            if let Ok(ports) = parse_expose(&raw) {
                prop_assert!(!ports.is_empty(), "{raw:?} exposed nothing");
            }
        }
    }
}
