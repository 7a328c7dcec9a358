//! The short `ports:` syntax, expanded as compose-go's
//! `types.ParsePortConfig` does with go-connections' `nat.ParsePortSpecs`
//! (reference §2.3): `[ip:][host[-end]:]container[-end][/proto]`; a range on
//! both sides gives one entry per port; a host range with one container
//! port stays one entry whose `published` is the range; entries come out
//! sorted by their `"<port>/<proto>"` string, as compose-go sorts the map
//! keys. Errors are go-connections' texts (`invalid IP address: 8080`).

use crate::model::Port;

fn parse_range(s: &str) -> Option<(u32, u32)> {
    if s.is_empty() {
        return None;
    }
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a, b),
        None => (s, s),
    };
    let a: u16 = a.parse().ok()?;
    let b: u16 = b.parse().ok()?;
    if b < a {
        return None;
    }
    Some((u32::from(a), u32::from(b)))
}

/// go-connections `splitParts`.
fn split_parts(raw: &str) -> (String, String, String) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1].to_string();
    match n {
        1 => (String::new(), String::new(), container),
        2 => (String::new(), parts[0].to_string(), container),
        3 => (parts[0].to_string(), parts[1].to_string(), container),
        _ => (
            parts[..n - 2].join(":"),
            parts[n - 2].to_string(),
            container,
        ),
    }
}

fn valid_ip(ip: &str) -> bool {
    ip.parse::<std::net::IpAddr>().is_ok()
}

/// Expands one short-syntax entry (a string, or an integer written as
/// its decimal text).
pub fn parse_short(raw: &str) -> Result<Vec<Port>, String> {
    let (raw_ip, host, container) = split_parts(raw);
    let (container, proto) = match container.split_once('/') {
        Some((c, p)) => (c.to_string(), p.to_string()),
        None => (container, "tcp".to_string()),
    };
    let mut ip = raw_ip.clone();
    if ip.starts_with('[') && ip.ends_with(']') && ip.len() >= 2 {
        ip = ip[1..ip.len() - 1].to_string();
    }
    if !ip.is_empty() && !valid_ip(&ip) {
        return Err(format!("invalid IP address: {raw_ip}"));
    }
    let Some((start, end)) = parse_range(&container) else {
        return Err(format!("invalid containerPort: {container}"));
    };
    let (mut hstart, mut hend) = (0, 0);
    if !host.is_empty() {
        let Some((a, b)) = parse_range(&host) else {
            return Err(format!("invalid hostPort: {host}"));
        };
        hstart = a;
        hend = b;
    }
    if !host.is_empty() && (end - start) != (hend - hstart) && end != start {
        return Err(format!(
            "invalid ranges specified for container and host Ports: {container} and {host}"
        ));
    }
    let proto_l = proto.to_ascii_lowercase();
    if !matches!(proto_l.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let mut out: Vec<(String, Port)> = Vec::new();
    for i in 0..=(end - start) {
        let target = start + i;
        let mut published = if host.is_empty() {
            String::new()
        } else {
            (hstart + i).to_string()
        };
        if start == end && hstart != hend {
            published = format!("{published}-{hend}");
        }
        out.push((
            format!("{target}/{proto_l}"),
            Port {
                name: None,
                mode: "ingress".to_string(),
                host_ip: (!ip.is_empty()).then(|| ip.clone()),
                target,
                published: (!published.is_empty()).then_some(published),
                protocol: proto_l.clone(),
                app_protocol: None,
            },
        ));
    }
    bridgeport_golib::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Port {
        let mut v = parse_short(s).unwrap();
        assert_eq!(v.len(), 1, "{s}");
        v.remove(0)
    }

    // Reference §2.3 short-syntax table (executed).
    #[test]
    fn short_syntax_expands_as_compose_go() {
        let p = one("80");
        assert_eq!(
            (p.target, p.published.as_deref(), p.protocol.as_str()),
            (80, None, "tcp")
        );
        let p = one("8080:80");
        assert_eq!(p.published.as_deref(), Some("8080"));
        let p = one("127.0.0.1:8081:80");
        assert_eq!(p.host_ip.as_deref(), Some("127.0.0.1"));
        let v = parse_short("9000-9001:9000-9001").unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[1].target, v[1].published.as_deref()),
            (9001, Some("9001"))
        );
        let p = one("8000-8010:80");
        assert_eq!(p.published.as_deref(), Some("8000-8010"));
        assert_eq!(one("5353:53/udp").protocol, "udp");
        assert_eq!(one(":80").published, None);
        assert_eq!(one("[::1]:8080:80").host_ip.as_deref(), Some("::1"));
    }

    // Reference §4.1 E23 (go-connections v0.7.0).
    #[test]
    fn errors_are_go_connections_words() {
        assert_eq!(
            parse_short("8080:80:90").unwrap_err(),
            "invalid IP address: 8080"
        );
        assert_eq!(
            parse_short("80x").unwrap_err(),
            "invalid containerPort: 80x"
        );
        assert_eq!(parse_short("x:80").unwrap_err(), "invalid hostPort: x");
        assert_eq!(parse_short("80/icmp").unwrap_err(), "invalid proto: icmp");
        assert_eq!(
            parse_short("1-3:1-2").unwrap_err(),
            "invalid ranges specified for container and host Ports: 1-2 and 1-3"
        );
    }

    // compose-go sorts the expanded entries by their "port/proto" string.
    #[test]
    fn ranges_sort_as_strings() {
        let v = parse_short("998-1001").unwrap();
        let t: Vec<u32> = v.iter().map(|p| p.target).collect();
        assert_eq!(t, vec![1000, 1001, 998, 999]);
    }
}
