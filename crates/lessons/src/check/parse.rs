//! Reading check lines: words (with `"quoted text"` as one word), split on
//! `and`, then one small grammar per subject (`container`, `network`, ...).
//! Every error says what was expected, so an author can fix it from the
//! message alone.

use super::{Clause, CommandStatus, HostSpec, ImagePattern, PacketFate, PortSpec, Pred, Target};
use crate::lesson::LessonError;
use bridgeport_engine::ports::Proto;
use ipnet::Ipv4Net;
use std::net::{IpAddr, Ipv4Addr};

/// The subjects a clause can start with, for the "unknown check" message.
const SUBJECTS: &str =
    "container, containers, network, host port(s), at least, packet, probe, ping, lookup, command";

#[derive(Debug, Clone)]
struct Tok {
    text: String,
    quoted: bool,
}

impl Tok {
    fn is(&self, word: &str) -> bool {
        !self.quoted && self.text == word
    }
}

fn tokenize(line: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(ch) => s.push(ch),
                    None => return Err("a quote `\"` is never closed".to_string()),
                }
            }
            toks.push(Tok {
                text: s,
                quoted: true,
            });
            continue;
        }
        let mut s = String::new();
        while let Some(&ch) = chars.peek() {
            if ch.is_whitespace() || ch == '"' {
                break;
            }
            s.push(ch);
            chars.next();
        }
        toks.push(Tok {
            text: s,
            quoted: false,
        });
    }
    Ok(toks)
}

/// Parses one line of a check: one or more clauses joined by `and`.
pub fn parse_line(line: &str, no: usize) -> Result<Vec<Clause>, LessonError> {
    let err = |m: String| LessonError::new(no, m);
    let toks = tokenize(line).map_err(err)?;
    let mut clauses = Vec::new();
    for part in toks.split(|t| t.is("and")) {
        if part.is_empty() {
            return Err(err(format!(
                "`and` needs a condition on both sides in `{}`",
                line.trim()
            )));
        }
        let (negated, rest) = if part[0].is("not") {
            (true, &part[1..])
        } else {
            (false, part)
        };
        if rest.is_empty() {
            return Err(err("`not` needs a condition after it".to_string()));
        }
        let source = part
            .iter()
            .map(|t| {
                if t.quoted {
                    format!("\"{}\"", t.text)
                } else {
                    t.text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let pred = predicate(rest).map_err(|m| err(format!("{m} (in `{source}`)")))?;
        clauses.push(Clause {
            negated,
            pred,
            source,
            line: no,
        });
    }
    Ok(clauses)
}

fn words(t: &[Tok]) -> Vec<&str> {
    t.iter()
        .map(|t| if t.quoted { "\"" } else { t.text.as_str() })
        .collect()
}

fn predicate(t: &[Tok]) -> Result<Pred, String> {
    let w = words(t);
    match w[0] {
        "container" => container(&w),
        "containers" => match w.as_slice() {
            ["containers", a, b, "share", "a", "network"] => {
                Ok(Pred::ShareNetwork(name(a)?, name(b)?))
            }
            _ => Err("expected `containers A B share a network`".to_string()),
        },
        "network" => network(&w),
        "host" => host_ports(&w),
        "at" => match w.as_slice() {
            ["at", "least", n, "containers", "running"] => {
                let n = n
                    .parse::<usize>()
                    .map_err(|_| format!("`{n}` is not a number"))?;
                Ok(Pred::AtLeastRunning(n))
            }
            _ => Err("expected `at least N containers running`".to_string()),
        },
        "packet" => packet(&w),
        "probe" => match packet(&w)? {
            Pred::Packet {
                proto: Some(proto),
                from,
                to,
                port,
                fate,
            } if proto == "icmp" || port.is_some() => Ok(Pred::Probe {
                proto,
                from,
                to,
                port,
                fate,
            }),
            _ => Err("expected `probe tcp|udp from NODE to TARGET:PORT answered` (or `delivered`, `dropped`, `rejected`, `failed`; `probe icmp from NODE to TARGET …` has no port)".to_string()),
        },
        "ping" => ping(&w),
        "lookup" => match w.as_slice() {
            ["lookup", n, "from", from, outcome] => Ok(Pred::Lookup {
                name: dns_name(n)?,
                from: node(from)?,
                ok: ok_word(outcome)?,
            }),
            _ => Err("expected `lookup NAME from NODE succeeded` (or `failed`)".to_string()),
        },
        "command" => command(t),
        other => Err(format!(
            "unknown check `{other}`: a check starts with one of {SUBJECTS}"
        )),
    }
}

const CONTAINER_FORMS: &str = "`container NAME exists`, `running`, `stopped`, `image IMAGE`, `publishes PORT[/PROTO] [on [IP:]HOSTPORT]`, `exposes PORT[/PROTO]`, `on network NET` or `address in CIDR`";

fn container(w: &[&str]) -> Result<Pred, String> {
    let Some(n) = w.get(1) else {
        return Err(format!("a container check needs a name: {CONTAINER_FORMS}"));
    };
    let c = name(n)?;
    match &w[2..] {
        ["exists"] => Ok(Pred::ContainerExists(c)),
        ["running"] => Ok(Pred::ContainerRunning(c)),
        ["stopped"] => Ok(Pred::ContainerStopped(c)),
        ["image", i] => Ok(Pred::ContainerImage(c, image(i)?)),
        ["publishes", p] => Ok(Pred::Publishes {
            container: c,
            port: port_spec(p)?,
            host: None,
        }),
        ["publishes", p, "on", h] => Ok(Pred::Publishes {
            container: c,
            port: port_spec(p)?,
            host: Some(host_spec(h)?),
        }),
        ["exposes", p] => Ok(Pred::Exposes {
            container: c,
            port: port_spec(p)?,
        }),
        ["on", "network", n] => Ok(Pred::OnNetwork {
            container: c,
            network: name(n)?,
        }),
        ["address", "in", s] => Ok(Pred::AddressIn {
            container: c,
            subnet: cidr(s)?,
        }),
        [] => Err(format!(
            "what about container {c}? Expected {CONTAINER_FORMS}"
        )),
        [verb, ..] => Err(format!(
            "unknown container check `{verb}`: expected {CONTAINER_FORMS}"
        )),
    }
}

fn network(w: &[&str]) -> Result<Pred, String> {
    let forms = "`network NAME exists`, `network NAME driver DRIVER`, `network NAME internal` or `network NAME subnet CIDR`";
    let Some(n) = w.get(1) else {
        return Err(format!("a network check needs a name: {forms}"));
    };
    let n = name(n)?;
    match &w[2..] {
        ["exists"] => Ok(Pred::NetworkExists(n)),
        ["internal"] => Ok(Pred::NetworkInternal(n)),
        ["driver", d] => match *d {
            "bridge" | "host" | "null" | "none" => Ok(Pred::NetworkDriver(
                n,
                if *d == "none" {
                    "null".to_string()
                } else {
                    d.to_string()
                },
            )),
            other => Err(format!(
                "unknown driver `{other}`: Bridgeport has bridge, host and null"
            )),
        },
        ["subnet", s] => Ok(Pred::NetworkSubnet(n, cidr(s)?)),
        _ => Err(format!("expected {forms}")),
    }
}

fn host_ports(w: &[&str]) -> Result<Pred, String> {
    let forms = "expected `host port PORT[/PROTO] published [to CONTAINERPORT] [by different containers]` (or `host ports P1 P2 ... published ...`)";
    if !matches!(w.get(1), Some(&"port") | Some(&"ports")) {
        return Err(forms.to_string());
    }
    let Some(pos) = w.iter().position(|x| *x == "published") else {
        return Err(forms.to_string());
    };
    let specs: Vec<PortSpec> = w[2..pos]
        .iter()
        .map(|p| port_spec(p))
        .collect::<Result<_, _>>()?;
    if specs.is_empty() {
        return Err(forms.to_string());
    }
    let proto = specs[0].proto;
    if specs.iter().any(|s| s.proto != proto) {
        return Err("all ports of one `host ports` check must use the same protocol".to_string());
    }
    let mut rest = &w[pos + 1..];
    let mut to = None;
    if let ["to", p, tail @ ..] = rest {
        to = Some(port_number(p)?);
        rest = tail;
    }
    let distinct = match rest {
        [] => false,
        ["by", "different", "containers"] => true,
        _ => return Err(forms.to_string()),
    };
    if distinct && specs.len() < 2 {
        return Err("`by different containers` needs at least two host ports".to_string());
    }
    Ok(Pred::HostPorts {
        ports: specs.iter().map(|s| s.port).collect(),
        proto,
        to,
        distinct,
    })
}

fn packet(w: &[&str]) -> Result<Pred, String> {
    let forms = "expected `packet [tcp|udp|icmp] from NODE to TARGET[:PORT] delivered` (or `answered`, `dropped`, `rejected`, `failed`)";
    let (proto, rest) = match w.get(1) {
        Some(p @ (&"tcp" | &"udp" | &"icmp")) => (Some(p.to_string()), &w[2..]),
        _ => (None, &w[1..]),
    };
    let ["from", from, "to", to, fate] = rest else {
        return Err(forms.to_string());
    };
    let fate = match *fate {
        "delivered" => PacketFate::Delivered,
        "answered" | "reply" | "replied" => PacketFate::Answered,
        "dropped" => PacketFate::Dropped,
        "rejected" => PacketFate::Rejected,
        "failed" => PacketFate::Failed,
        other => return Err(format!("unknown packet outcome `{other}`: {forms}")),
    };
    let (target, port) = target(to)?;
    if port.is_some() && proto.as_deref() == Some("icmp") {
        return Err("icmp has no ports: write `to web`, not `to web:80`".to_string());
    }
    Ok(Pred::Packet {
        proto,
        from: node(from)?,
        to: target,
        port,
        fate,
    })
}

fn ping(w: &[&str]) -> Result<Pred, String> {
    match w {
        ["ping", "from", a, "to", b, outcome] => Ok(Pred::Ping {
            from: node(a)?,
            to: name(b)?,
            by_name: false,
            ok: ok_word(outcome)?,
        }),
        ["ping", "from", a, "to", b, "by", "name", outcome] => Ok(Pred::Ping {
            from: node(a)?,
            to: name(b)?,
            by_name: true,
            ok: ok_word(outcome)?,
        }),
        _ => Err("expected `ping from A to B [by name] succeeded` (or `failed`)".to_string()),
    }
}

fn command(t: &[Tok]) -> Result<Pred, String> {
    let forms = "expected `command WORDS... ran` (or `succeeded`, `failed`), optionally followed by `with \"TEXT\"`";
    let mut rest = &t[1..];
    let mut with = None;
    if rest.len() >= 2 && rest[rest.len() - 2].is("with") && rest[rest.len() - 1].quoted {
        with = Some(rest[rest.len() - 1].text.clone());
        rest = &rest[..rest.len() - 2];
    }
    let Some((last, pattern)) = rest.split_last() else {
        return Err(forms.to_string());
    };
    let status = if last.is("ran") {
        CommandStatus::Ran
    } else if last.is("succeeded") {
        CommandStatus::Succeeded
    } else if last.is("failed") {
        CommandStatus::Failed
    } else {
        return Err(forms.to_string());
    };
    if pattern.is_empty() {
        return Err(format!("which command? {forms}"));
    }
    if with.as_deref().is_some_and(str::is_empty) {
        return Err("`with \"\"` needs some text between the quotes".to_string());
    }
    Ok(Pred::Command {
        words: pattern.iter().map(|t| t.text.clone()).collect(),
        status,
        with,
    })
}

fn ok_word(w: &str) -> Result<bool, String> {
    match w {
        "succeeded" | "delivered" | "answered" => Ok(true),
        "failed" => Ok(false),
        other => Err(format!("expected `succeeded` or `failed`, not `{other}`")),
    }
}

/// A container or network name as Docker allows it.
fn name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a valid name (letters, digits, `_`, `.`, `-`)"
        ))
    }
}

/// Where a packet starts: `host`, `lan`, `internet` or a container name.
fn node(s: &str) -> Result<String, String> {
    if s == "localhost" {
        return Ok("host".to_string());
    }
    name(s)
}

fn dns_name(s: &str) -> Result<String, String> {
    if !s.is_empty()
        && s.len() <= 253
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a valid DNS name"))
    }
}

fn image(s: &str) -> Result<ImagePattern, String> {
    let (repo, tag) = match s.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, Some(t.to_string())),
        _ => (s, None),
    };
    let repo = repo.strip_prefix("docker.io/").unwrap_or(repo);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c);
    if repo.is_empty() || !repo.chars().all(valid) || tag.as_deref().is_some_and(|t| t.is_empty()) {
        return Err(format!(
            "`{s}` is not an image name such as nginx or nginx:alpine"
        ));
    }
    Ok(ImagePattern {
        repo: repo.to_string(),
        tag,
    })
}

fn port_number(s: &str) -> Result<u16, String> {
    match s.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!("`{s}` is not a port number (1-65535)")),
    }
}

fn port_spec(s: &str) -> Result<PortSpec, String> {
    let (p, proto) = match s.split_once('/') {
        Some((p, proto)) => match Proto::parse(&proto.to_ascii_lowercase()) {
            Some(pr) => (p, pr),
            None => return Err(format!("`{proto}` is not a protocol (tcp, udp or sctp)")),
        },
        None => (s, Proto::Tcp),
    };
    Ok(PortSpec {
        port: port_number(p)?,
        proto,
    })
}

fn host_spec(s: &str) -> Result<HostSpec, String> {
    if !s.contains(':') {
        return Ok(HostSpec {
            ip: None,
            port: port_number(s)?,
        });
    }
    let (ip, port) = match s.strip_prefix('[') {
        Some(rest) => match rest.split_once("]:") {
            Some((ip, port)) => (ip, port),
            None => return Err(format!("`{s}` is not HOSTPORT or IP:HOSTPORT")),
        },
        None => match s.rsplit_once(':') {
            Some(x) => x,
            None => return Err(format!("`{s}` is not HOSTPORT or IP:HOSTPORT")),
        },
    };
    let ip: IpAddr = ip
        .parse()
        .map_err(|_| format!("`{ip}` is not an IP address"))?;
    Ok(HostSpec {
        ip: Some(ip),
        port: port_number(port)?,
    })
}

fn cidr(s: &str) -> Result<Ipv4Net, String> {
    s.parse::<Ipv4Net>()
        .map(|n| n.trunc())
        .map_err(|_| format!("`{s}` is not a subnet such as 172.17.0.0/16"))
}

fn target(s: &str) -> Result<(Target, Option<u16>), String> {
    let (host, port) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(port_number(p)?)),
        None => (s, None),
    };
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Ok((Target::Ip(ip), port));
    }
    Ok((Target::Node(node(host)?), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `line` and renders the result compactly, or the error.
    fn check(line: &str, expect: &str) {
        let got = match parse_line(line, 7) {
            Ok(clauses) => clauses
                .iter()
                .map(|c| format!("{}{:?}", if c.negated { "not " } else { "" }, c.pred))
                .collect::<Vec<_>>()
                .join(" & "),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expect, "for `{line}`");
    }

    #[test]
    fn container_forms() {
        check("container web running", r#"ContainerRunning("web")"#);
        check("container web exists", r#"ContainerExists("web")"#);
        check("container web stopped", r#"ContainerStopped("web")"#);
        check(
            "container web image nginx",
            r#"ContainerImage("web", ImagePattern { repo: "nginx", tag: None })"#,
        );
        check(
            "container web image docker.io/library/nginx:alpine",
            r#"ContainerImage("web", ImagePattern { repo: "nginx", tag: Some("alpine") })"#,
        );
        check(
            "container web publishes 80",
            r#"Publishes { container: "web", port: PortSpec { port: 80, proto: Tcp }, host: None }"#,
        );
        check(
            "container web publishes 53/udp on 5353",
            r#"Publishes { container: "web", port: PortSpec { port: 53, proto: Udp }, host: Some(HostSpec { ip: None, port: 5353 }) }"#,
        );
        check(
            "container web publishes 80/tcp on 127.0.0.1:9000",
            r#"Publishes { container: "web", port: PortSpec { port: 80, proto: Tcp }, host: Some(HostSpec { ip: Some(127.0.0.1), port: 9000 }) }"#,
        );
        check(
            "container web exposes 80/TCP",
            r#"Exposes { container: "web", port: PortSpec { port: 80, proto: Tcp } }"#,
        );
        check(
            "container api on network app",
            r#"OnNetwork { container: "api", network: "app" }"#,
        );
        check(
            "container web address in 172.17.0.9/16",
            r#"AddressIn { container: "web", subnet: 172.17.0.0/16 }"#,
        );
    }

    #[test]
    fn other_subjects() {
        check(
            "containers a1 b1 share a network",
            r#"ShareNetwork("a1", "b1")"#,
        );
        check("network app exists", r#"NetworkExists("app")"#);
        check(
            "network app driver bridge",
            r#"NetworkDriver("app", "bridge")"#,
        );
        check("network app internal", r#"NetworkInternal("app")"#);
        check(
            "network app subnet 10.1.0.0/24",
            r#"NetworkSubnet("app", 10.1.0.0/24)"#,
        );
        check(
            "host port 8000 published",
            r#"HostPorts { ports: [8000], proto: Tcp, to: None, distinct: false }"#,
        );
        check(
            "host ports 8000 8001 8002 published to 80 by different containers",
            r#"HostPorts { ports: [8000, 8001, 8002], proto: Tcp, to: Some(80), distinct: true }"#,
        );
        check("at least 3 containers running", "AtLeastRunning(3)");
        check(
            "packet tcp from host to web:80 delivered",
            r#"Packet { proto: Some("tcp"), from: "host", to: Node("web"), port: Some(80), fate: Delivered }"#,
        );
        check(
            "packet from lan to 192.168.1.10:9000 reply",
            r#"Packet { proto: None, from: "lan", to: Ip(192.168.1.10), port: Some(9000), fate: Answered }"#,
        );
        check(
            "packet tcp from localhost to localhost:80 failed",
            r#"Packet { proto: Some("tcp"), from: "host", to: Node("host"), port: Some(80), fate: Failed }"#,
        );
        check(
            "ping from client to web by name succeeded",
            r#"Ping { from: "client", to: "web", by_name: true, ok: true }"#,
        );
        check(
            "ping from client to web failed",
            r#"Ping { from: "client", to: "web", by_name: false, ok: false }"#,
        );
        check(
            "lookup web from client succeeded",
            r#"Lookup { name: "web", from: "client", ok: true }"#,
        );
        check(
            "command docker network inspect bridge ran",
            r#"Command { words: ["docker", "network", "inspect", "bridge"], status: Ran, with: None }"#,
        );
        check(
            r#"command docker run failed with "port is already allocated""#,
            r#"Command { words: ["docker", "run"], status: Failed, with: Some("port is already allocated") }"#,
        );
    }

    #[test]
    fn conjunctions_and_negation() {
        check(
            "container web running and not container web publishes 80",
            r#"ContainerRunning("web") & not Publishes { container: "web", port: PortSpec { port: 80, proto: Tcp }, host: None }"#,
        );
        check(
            r#"command echo "a and b" ran"#,
            r#"Command { words: ["echo", "a and b"], status: Ran, with: None }"#,
        );
    }

    #[test]
    fn errors_name_the_line_and_the_expected_form() {
        check(
            "container web runing",
            "line 7: unknown container check `runing`: expected `container NAME exists`, `running`, `stopped`, `image IMAGE`, `publishes PORT[/PROTO] [on [IP:]HOSTPORT]`, `exposes PORT[/PROTO]`, `on network NET` or `address in CIDR` (in `container web runing`)",
        );
        check(
            "contaner web running",
            "line 7: unknown check `contaner`: a check starts with one of container, containers, network, host port(s), at least, packet, probe, ping, lookup, command (in `contaner web running`)",
        );
        check(
            "container web publishes 70000",
            "line 7: `70000` is not a port number (1-65535) (in `container web publishes 70000`)",
        );
        check(
            "container web publishes 80 on 0",
            "line 7: `0` is not a port number (1-65535) (in `container web publishes 80 on 0`)",
        );
        check("container web publishes 80 on localhost:80", "line 7: `localhost` is not an IP address (in `container web publishes 80 on localhost:80`)");
        check("container web publishes 80/xtp", "line 7: `xtp` is not a protocol (tcp, udp or sctp) (in `container web publishes 80/xtp`)");
        check(
            "container web running and",
            "line 7: `and` needs a condition on both sides in `container web running and`",
        );
        check("not", "line 7: `not` needs a condition after it");
        check(
            r#"command docker run failed with "port"#,
            "line 7: a quote `\"` is never closed",
        );
        check(
            "packet icmp from a1 to b1:80 delivered",
            "line 7: icmp has no ports: write `to web`, not `to web:80` (in `packet icmp from a1 to b1:80 delivered`)",
        );
        check(
            "packet tcp from host to web:80 arrived",
            "line 7: unknown packet outcome `arrived`: expected `packet [tcp|udp|icmp] from NODE to TARGET[:PORT] delivered` (or `answered`, `dropped`, `rejected`, `failed`) (in `packet tcp from host to web:80 arrived`)",
        );
        check(
            "command ran",
            "line 7: which command? expected `command WORDS... ran` (or `succeeded`, `failed`), optionally followed by `with \"TEXT\"` (in `command ran`)",
        );
        check("network app driver overlay", "line 7: unknown driver `overlay`: Bridgeport has bridge, host and null (in `network app driver overlay`)");
        check("container <script> running", "line 7: `<script>` is not a valid name (letters, digits, `_`, `.`, `-`) (in `container <script> running`)");
    }
}
