//! How Docker prints ports: the `PORTS` column of `docker ps`
//! (`DisplayablePorts`, docker/cli `cli/command/formatter/container.go`, C ≥ 28)
//! and the output of `docker port` (`cli/command/container/port.go`, C29).

use super::parse::{go_to_lower, parse_uint16};
use super::Proto;
use bridgeport_golib::natsort::natural_cmp;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt::Display;
use std::net::IpAddr;

/// One entry of the daemon's port list for a container (`container.PortSummary`).
///
/// Each port binding is one entry with `ip` and `public_port` set; an exposed
/// but unpublished port is one entry with neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortEntry {
    pub ip: Option<IpAddr>,
    pub private_port: u16,
    pub public_port: Option<u16>,
    pub proto: Proto,
}

impl PortEntry {
    /// An exposed port with no binding (`80/tcp` in PORTS).
    pub fn exposed(private_port: u16, proto: Proto) -> Self {
        PortEntry {
            ip: None,
            private_port,
            public_port: None,
            proto,
        }
    }

    /// A binding of `ip:public_port` to `private_port`.
    pub fn published(ip: IpAddr, private_port: u16, public_port: u16, proto: Proto) -> Self {
        PortEntry {
            ip: Some(ip),
            private_port,
            public_port: Some(public_port),
            proto,
        }
    }
}

/// Go's `net.JoinHostPort`: brackets around any host containing a ':' (an
/// IPv6 address), so `[::]:8080`, `0.0.0.0:8080`.
pub fn join_host_port(host: impl Display, port: u16) -> String {
    join_host_str(&host.to_string(), &port.to_string())
}

fn join_host_str(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The `PORTS` column (`DisplayablePorts`, C ≥ 28).
///
/// 1. Sort by private port, then IP (numeric, no IP first, IPv4 before IPv6),
///    then public port, then protocol name.
/// 2. A bound entry whose public port differs from its private port goes to a
///    trailing list as `JoinHostPort(ip, public)->private/proto`.
/// 3. Everything else is grouped into runs of consecutive private ports per
///    (IP, proto): `80-82/tcp`, or `IP:80-82->80-82/tcp` when bound.
/// 4. Groups print in order of first appearance (a run broken by a gap is
///    flushed immediately, its successor printed at the key's original
///    position), then the host mappings; joined with `, `.
pub fn displayable_ports(entries: &[PortEntry]) -> String {
    let mut ports = entries.to_vec();
    crate::sort::sort_by(&mut ports, compare_ports);

    // (ip, proto) → current run, kept in key-creation order like the Go code's
    // groupMapKeys slice.
    let mut groups: Vec<((Option<IpAddr>, Proto), u16, u16)> = Vec::new();
    let mut result: Vec<String> = Vec::new();
    let mut host_mappings: Vec<String> = Vec::new();

    for port in &ports {
        let current = port.private_port;
        // Go's PortSummary.PublicPort is a uint16 where 0 means "none".
        let public = port.public_port.unwrap_or(0);
        if let Some(ip) = port.ip {
            if public != current {
                host_mappings.push(format!(
                    "{}->{}/{}",
                    join_host_port(ip, public),
                    current,
                    port.proto
                ));
                continue;
            }
        }
        let key = (port.ip, port.proto);
        match groups.iter_mut().find(|g| g.0 == key) {
            None => groups.push((key, current, current)),
            // uint16 arithmetic in Go wraps; sorting makes a wrap impossible
            // to match anyway, but never overflow.
            Some(group) if current == group.2.wrapping_add(1) => group.2 = current,
            Some(group) => {
                result.push(form_group(group.0, group.1, group.2));
                group.1 = current;
                group.2 = current;
            }
        }
    }
    for &(key, first, last) in &groups {
        result.push(form_group(key, first, last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

fn form_group((ip, proto): (Option<IpAddr>, Proto), start: u16, last: u16) -> String {
    let mut group = start.to_string();
    if start != last {
        group = format!("{group}-{last}");
    }
    if let Some(ip) = ip {
        group = format!("{}->{}", join_host_str(&ip.to_string(), &group), group);
    }
    format!("{group}/{proto}")
}

/// `comparePorts` (C ≥ 28). `Option<IpAddr>`'s order matches `netip.Addr.Less`:
/// the zero address first, then IPv4, then IPv6, each numerically.
fn compare_ports(a: &PortEntry, b: &PortEntry) -> Ordering {
    a.private_port
        .cmp(&b.private_port)
        .then_with(|| a.ip.cmp(&b.ip))
        .then_with(|| a.public_port.unwrap_or(0).cmp(&b.public_port.unwrap_or(0)))
        .then_with(|| a.proto.as_str().cmp(b.proto.as_str()))
}

/// `docker port CONTAINER`: one `80/tcp -> 0.0.0.0:8080` line per binding,
/// in natural order. Entries without an IP are exposed-only ports and have
/// no line. An empty result means the command prints nothing.
pub fn port_mappings(entries: &[PortEntry]) -> Vec<String> {
    let mut out: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            let ip = e.ip?;
            Some(format!(
                "{}/{} -> {}",
                e.private_port,
                e.proto,
                frontend(ip, e.public_port)
            ))
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| natural_cmp(a, b));
    out
}

/// `docker port CONTAINER PRIVATE_PORT[/PROTO]`: the bindings of one port
/// (protocol defaults to tcp), in natural order.
///
/// `query` is parsed with moby's `network.ParsePort`, so a bad number fails
/// with `invalid port 'abc': invalid syntax`; the protocol is lowercased but
/// not validated (an unknown one is simply not found). When nothing is
/// published the C29 error repeats the argument as typed:
/// `no public port '80' published for web`.
pub fn port_lookup(
    entries: &[PortEntry],
    query: &str,
    container: &str,
) -> Result<Vec<String>, String> {
    if query.is_empty() {
        return Err("invalid port: value is empty".to_string());
    }
    let (num, proto) = query.split_once('/').unwrap_or((query, ""));
    let num = parse_uint16(num).map_err(|e| format!("invalid port '{num}': {e}"))?;
    let proto = if proto.is_empty() {
        "tcp".to_string()
    } else {
        go_to_lower(proto)
    };
    let mut out: Vec<String> = entries
        .iter()
        .filter(|e| e.private_port == num && e.proto.as_str() == proto)
        .filter_map(|e| Some(frontend(e.ip?, e.public_port)))
        .collect();
    if out.is_empty() {
        return Err(format!(
            "no public port '{query}' published for {container}"
        ));
    }
    crate::sort::sort_by(&mut out, |a, b| natural_cmp(a, b));
    Ok(out)
}

fn frontend(ip: IpAddr, public_port: Option<u16>) -> String {
    // HostPort is a string in the API; an entry with no port has "".
    let port = public_port.map(|p| p.to_string()).unwrap_or_default();
    join_host_str(&ip.to_string(), &port)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_expose, parse_publish_all, PortAllocator};
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    const V4: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    const V6: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

    /// A stand-in for the daemon's port list on a dual-stack host: each
    /// `-p` without a host IP is bound on 0.0.0.0 and :: with one shared port,
    /// `-P` binds every remaining exposed port the same way, and remaining
    /// exposed ports are listed unbound.
    fn ps_entries(expose: &[&str], publish: &[&str], publish_all: bool) -> Vec<PortEntry> {
        let mut alloc = PortAllocator::new();
        let mut entries = Vec::new();
        let requests = parse_publish_all(publish).unwrap_or_default();
        for r in &requests {
            match r.host_ip {
                None => {
                    if let Ok(p) = alloc.request_dual_stack(r.proto, r.host_ports) {
                        entries.push(PortEntry::published(V4, r.container_port, p, r.proto));
                        entries.push(PortEntry::published(V6, r.container_port, p, r.proto));
                    }
                }
                Some(ip) => {
                    if let Ok(p) = alloc.request(ip, r.proto, r.host_ports) {
                        entries.push(PortEntry::published(ip, r.container_port, p, r.proto));
                    }
                }
            }
        }
        let exposed: Vec<(u16, Proto)> = expose
            .iter()
            .flat_map(|e| parse_expose(e).unwrap_or_default())
            .collect();
        for (port, proto) in exposed {
            if requests
                .iter()
                .any(|r| r.container_port == port && r.proto == proto)
            {
                continue;
            }
            if publish_all {
                if let Ok(p) = alloc.request_dual_stack(proto, None) {
                    entries.push(PortEntry::published(V4, port, p, proto));
                    entries.push(PortEntry::published(V6, port, p, proto));
                }
            } else {
                entries.push(PortEntry::exposed(port, proto));
            }
        }
        // The daemon's list is in map order; the formatter must not care.
        entries.reverse();
        entries
    }

    /// Every row of the reference's "Computed PORTS strings" table (§2.4),
    /// C ≥ 28 column.
    #[test]
    fn ps_ports_column() {
        let cases: &[(&[&str], &[&str], bool, &str)] = &[
            (
                &[],
                &["8080:80"],
                false,
                "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp",
            ),
            (
                &[],
                &["80:80"],
                false,
                "0.0.0.0:80->80/tcp, [::]:80->80/tcp",
            ),
            (&["80"], &[], false, "80/tcp"),
            (
                &["80"],
                &[],
                true,
                "0.0.0.0:32768->80/tcp, [::]:32768->80/tcp",
            ),
            (&[], &["127.0.0.1:8080:80"], false, "127.0.0.1:8080->80/tcp"),
            (&["80-82"], &[], false, "80-82/tcp"),
            (
                &[],
                &["8000-8002:8000-8002"],
                false,
                "0.0.0.0:8000-8002->8000-8002/tcp, [::]:8000-8002->8000-8002/tcp",
            ),
            (
                &[],
                &["8080:80", "8080:80/udp"],
                false,
                "0.0.0.0:8080->80/tcp, 0.0.0.0:8080->80/udp, [::]:8080->80/tcp, [::]:8080->80/udp",
            ),
            (
                &[],
                &["9800-9801:80-81"],
                false,
                "0.0.0.0:9800->80/tcp, [::]:9800->80/tcp, 0.0.0.0:9801->81/tcp, [::]:9801->81/tcp",
            ),
            (&[], &["[::1]:8080:80"], false, "[::1]:8080->80/tcp"),
            (
                &["80"],
                &["443:443"],
                false,
                "80/tcp, 0.0.0.0:443->443/tcp, [::]:443->443/tcp",
            ),
        ];
        for &(expose, publish, publish_all, expected) in cases {
            let entries = ps_entries(expose, publish, publish_all);
            assert_eq!(
                displayable_ports(&entries),
                expected,
                "expose {expose:?} publish {publish:?} -P {publish_all}"
            );
        }
    }

    /// Grouping details of DisplayablePorts, on hand-built entries.
    #[test]
    fn ps_ports_grouping() {
        let lo: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let tcp = Proto::Tcp;
        let udp = Proto::Udp;
        let cases: Vec<(&str, Vec<PortEntry>, &str)> = vec![
            ("nothing", vec![], ""),
            (
                "gap flushes the run early",
                vec![
                    PortEntry::exposed(80, tcp),
                    PortEntry::exposed(81, tcp),
                    PortEntry::exposed(90, tcp),
                    PortEntry::exposed(53, udp),
                ],
                "80-81/tcp, 53/udp, 90/tcp",
            ),
            (
                "flushed run precedes later keys, successor keeps its slot",
                vec![
                    PortEntry::exposed(1, tcp),
                    PortEntry::exposed(2, udp),
                    PortEntry::exposed(3, tcp),
                ],
                "1/tcp, 3/tcp, 2/udp",
            ),
            (
                "udp sorts after tcp for the same port",
                vec![PortEntry::exposed(53, udp), PortEntry::exposed(53, tcp)],
                "53/tcp, 53/udp",
            ),
            (
                "sctp before tcp",
                vec![
                    PortEntry::exposed(9, tcp),
                    PortEntry::exposed(9, Proto::Sctp),
                ],
                "9/sctp, 9/tcp",
            ),
            (
                "bound equal ports group per IP",
                vec![
                    PortEntry::published(lo, 81, 81, tcp),
                    PortEntry::published(lo, 80, 80, tcp),
                    PortEntry::published(V4, 80, 80, tcp),
                ],
                "0.0.0.0:80->80/tcp, 127.0.0.1:80-81->80-81/tcp",
            ),
            (
                "numeric IP order, not string order",
                vec![
                    PortEntry::published("10.0.0.1".parse().unwrap_or(V4), 80, 8080, tcp),
                    PortEntry::published("9.0.0.1".parse().unwrap_or(V4), 80, 8080, tcp),
                ],
                "9.0.0.1:8080->80/tcp, 10.0.0.1:8080->80/tcp",
            ),
            (
                "IPv6 group brackets only the address",
                vec![
                    PortEntry::published(V6, 5000, 5000, udp),
                    PortEntry::published(V6, 5001, 5001, udp),
                ],
                "[::]:5000-5001->5000-5001/udp",
            ),
            (
                "bound without a public port",
                vec![PortEntry {
                    public_port: None,
                    ..PortEntry::published(V4, 80, 0, tcp)
                }],
                "0.0.0.0:0->80/tcp",
            ),
            (
                "port 65535 then nothing",
                vec![PortEntry::exposed(65535, tcp), PortEntry::exposed(0, tcp)],
                "0/tcp, 65535/tcp",
            ),
        ];
        for (name, entries, expected) in cases {
            assert_eq!(displayable_ports(&entries), expected, "{name}");
        }
    }

    fn golden_entries() -> Vec<PortEntry> {
        // cli/command/container/testdata/container-port-all-ports.golden input.
        vec![
            PortEntry::published(V6, 443, 5678, Proto::Udp),
            PortEntry::published(V4, 443, 5678, Proto::Udp),
            PortEntry::published(V6, 443, 4567, Proto::Tcp),
            PortEntry::published(V4, 443, 4567, Proto::Tcp),
            PortEntry::published(V6, 80, 3456, Proto::Tcp),
            PortEntry::published(V4, 80, 3456, Proto::Tcp),
            PortEntry::exposed(8080, Proto::Tcp),
        ]
    }

    /// `docker port` golden files (§2.5) and the C29 lookup errors.
    #[test]
    fn docker_port_lines() {
        assert_eq!(
            port_mappings(&golden_entries()),
            vec![
                "80/tcp -> 0.0.0.0:3456",
                "80/tcp -> [::]:3456",
                "443/tcp -> 0.0.0.0:4567",
                "443/tcp -> [::]:4567",
                "443/udp -> 0.0.0.0:5678",
                "443/udp -> [::]:5678",
            ],
            "container-port-all-ports.golden"
        );
        assert_eq!(
            port_mappings(&[PortEntry::exposed(80, Proto::Tcp)]),
            Vec::<String>::new(),
            "nothing published"
        );

        let cases: &[(&str, Result<&[&str], &str>)] = &[
            ("80", Ok(&["0.0.0.0:3456", "[::]:3456"])),
            ("80/tcp", Ok(&["0.0.0.0:3456", "[::]:3456"])),
            ("80/", Ok(&["0.0.0.0:3456", "[::]:3456"])),
            ("443/UDP", Ok(&["0.0.0.0:5678", "[::]:5678"])),
            ("80/udp", Err("no public port '80/udp' published for web")),
            ("81", Err("no public port '81' published for web")),
            ("8080", Err("no public port '8080' published for web")),
            ("80/xyz", Err("no public port '80/xyz' published for web")),
            ("abc", Err("invalid port 'abc': invalid syntax")),
            ("70000", Err("invalid port '70000': value out of range")),
            ("/tcp", Err("invalid port '': value is empty")),
            ("", Err("invalid port: value is empty")),
        ];
        for &(query, expected) in cases {
            let expected = expected.map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(
                port_lookup(&golden_entries(), query, "web"),
                expected.map_err(str::to_string),
                "docker port web {query:?}"
            );
        }
    }

    #[test]
    fn join_and_natural_order() {
        let joins: &[(String, &str)] = &[
            (join_host_port(V4, 8080), "0.0.0.0:8080"),
            (join_host_port(V6, 8080), "[::]:8080"),
            (join_host_port("::1", 80), "[::1]:80"),
            (join_host_port("localhost", 80), "localhost:80"),
            (
                join_host_port("2001:db8::1".parse::<IpAddr>().unwrap_or(V6), 1),
                "[2001:db8::1]:1",
            ),
        ];
        for (got, expected) in joins {
            assert_eq!(got, expected, "JoinHostPort");
        }
        let less: &[(&str, &str)] = &[
            ("abc2", "abc12"),
            ("2", "02"),
            ("ab1", "abc1"),
            ("80/tcp", "443/tcp"),
            ("443/tcp", "443/udp"),
            ("0.0.0.0:1", "[::]:1"),
            ("a", "ab"),
            ("x9", "x10"),
        ];
        for &(a, b) in less {
            assert_eq!(natural_cmp(a, b), Ordering::Less, "{a:?} < {b:?}");
            assert_eq!(natural_cmp(b, a), Ordering::Greater, "{b:?} > {a:?}");
        }
        assert_eq!(
            natural_cmp("same1", "same1"),
            Ordering::Equal,
            "equal strings"
        );
    }
}
