//! tcpdump's filter expressions (libpcap 1.10's `pcap-filter(7)`), the part
//! learners type: `host`, `net`, `port`, `portrange`, `src`/`dst`, the
//! protocols `ip`, `tcp`, `udp`, `icmp`, `arp`, `ip6`, `and`/`&&`,
//! `or`/`||`, `not`/`!` and parentheses, with libpcap's rules: negation
//! binds tightest, `and` and `or` have equal precedence and group from the
//! left, and a bare value reuses the qualifiers before it (`port 80 or
//! 443`). Errors are libpcap's (`can't parse filter expression: syntax
//! error`, `unknown host 'x'`). Byte-offset expressions (`tcp[13]`) and link
//! qualifiers (`ether`, `vlan`) are refused as not simulated.

use bridgeport_engine::capture::{Body, Frame};
use std::net::Ipv4Addr;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    All,
    Not(Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Proto(Proto),
    /// Address or network match: (dir, network, prefix length).
    Net(Dir, Ipv4Addr, u8),
    /// Port range match (inclusive), with the protocol if given.
    Port(Option<Proto>, Dir, u16, u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proto {
    Ip,
    Ip6,
    Arp,
    Tcp,
    Udp,
    Icmp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Either,
    Src,
    Dst,
}

/// Why an expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// libpcap's message (tcpdump prints `tcpdump: MESSAGE`).
    Pcap(String),
    /// Valid for libpcap, not simulated here.
    NotSimulated(String),
}

fn syntax() -> FilterError {
    FilterError::Pcap("can't parse filter expression: syntax error".to_string())
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        if c.is_whitespace() || c == '(' || c == ')' || c == '!' || two == "&&" || two == "||" {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if two == "&&" || two == "||" {
                out.push(two);
                i += 2;
                continue;
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        } else {
            cur.push(c);
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The qualifiers a value takes (and that a bare value after `and`/`or` reuses).
#[derive(Debug, Clone, Copy)]
struct Quals {
    proto: Option<Proto>,
    dir: Dir,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Host,
    Net,
    Port,
    PortRange,
}

struct Parser<'a> {
    toks: Vec<String>,
    at: usize,
    last: Option<Quals>,
    /// Names a host qualifier resolves (the capturing place's /etc/hosts and DNS).
    resolve: &'a dyn Fn(&str) -> Option<Ipv4Addr>,
}

/// Parses the words after tcpdump's options (joined with spaces, as tcpdump
/// does). `resolve` answers host names.
pub fn parse(
    text: &str,
    resolve: &dyn Fn(&str) -> Option<Ipv4Addr>,
) -> Result<Filter, FilterError> {
    if text.contains('[') || text.contains(']') {
        return Err(FilterError::NotSimulated(
            "byte-offset expressions (tcp[13] & 2 != 0, tcp[tcpflags]) are not simulated".into(),
        ));
    }
    let toks = tokens(text);
    if toks.is_empty() {
        return Ok(Filter::All);
    }
    if toks.len() > 512 {
        return Err(syntax());
    }
    let mut p = Parser {
        toks,
        at: 0,
        last: None,
        resolve,
    };
    let f = p.expr(0)?;
    if p.at != p.toks.len() {
        return Err(syntax());
    }
    Ok(f)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.at).map(String::as_str)
    }

    fn next(&mut self) -> Option<String> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expr(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if depth > 64 {
            return Err(syntax());
        }
        let mut left = self.term(depth)?;
        loop {
            match self.peek() {
                Some("and" | "&&") => {
                    self.at += 1;
                    let right = self.term(depth)?;
                    left = Filter::And(Box::new(left), Box::new(right));
                }
                Some("or" | "||") => {
                    self.at += 1;
                    let right = self.term(depth)?;
                    left = Filter::Or(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn term(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if depth > 64 {
            return Err(syntax());
        }
        match self.peek() {
            Some("not" | "!") => {
                self.at += 1;
                Ok(Filter::Not(Box::new(self.term(depth + 1)?)))
            }
            Some("(") => {
                self.at += 1;
                let f = self.expr(depth + 1)?;
                if self.next().as_deref() != Some(")") {
                    return Err(syntax());
                }
                Ok(f)
            }
            Some(_) => self.primitive(),
            None => Err(syntax()),
        }
    }

    fn primitive(&mut self) -> Result<Filter, FilterError> {
        let mut proto = None;
        let mut dir = None;
        let mut kind = None;
        while let Some(t) = self.peek().map(str::to_string) {
            let p = match t.as_str() {
                "ip" => Some(Proto::Ip),
                "ip6" => Some(Proto::Ip6),
                "arp" => Some(Proto::Arp),
                "tcp" => Some(Proto::Tcp),
                "udp" => Some(Proto::Udp),
                "icmp" => Some(Proto::Icmp),
                _ => None,
            };
            if let Some(p) = p {
                if proto.is_some() || dir.is_some() || kind.is_some() {
                    return Err(syntax());
                }
                proto = Some(p);
                self.at += 1;
                continue;
            }
            let d = match t.as_str() {
                "src" => Some(Dir::Src),
                "dst" => Some(Dir::Dst),
                _ => None,
            };
            if let Some(d) = d {
                if dir.is_some() || kind.is_some() {
                    return Err(syntax());
                }
                self.at += 1;
                // `src or dst`, `src and dst`: either / both (both: treat as either
                // end matching would be wrong; keep libpcap's meaning).
                if matches!(self.peek(), Some("or" | "and"))
                    && matches!(
                        self.toks.get(self.at + 1).map(String::as_str),
                        Some("src" | "dst")
                    )
                {
                    self.at += 2;
                    dir = Some(Dir::Either);
                } else {
                    dir = Some(d);
                }
                continue;
            }
            let k = match t.as_str() {
                "host" => Some(Kind::Host),
                "net" => Some(Kind::Net),
                "port" => Some(Kind::Port),
                "portrange" => Some(Kind::PortRange),
                _ => None,
            };
            if let Some(k) = k {
                if kind.is_some() {
                    return Err(syntax());
                }
                kind = Some(k);
                self.at += 1;
                continue;
            }
            if matches!(
                t.as_str(),
                "ether"
                    | "vlan"
                    | "mpls"
                    | "greater"
                    | "less"
                    | "broadcast"
                    | "multicast"
                    | "gateway"
                    | "proto"
                    | "icmp6"
                    | "sctp"
                    | "igmp"
                    | "inbound"
                    | "outbound"
                    | "ifname"
                    | "on"
            ) {
                return Err(FilterError::NotSimulated(format!(
                    "the filter keyword '{t}' is not simulated"
                )));
            }
            break;
        }
        // A protocol alone (`tcp`), or a direction alone is a syntax error.
        let value_next = self
            .peek()
            .is_some_and(|t| !matches!(t, "and" | "&&" | "or" | "||" | ")" | "(" | "not" | "!"));
        if kind.is_none() && dir.is_none() && !value_next {
            return match proto {
                Some(p) => Ok(Filter::Proto(p)),
                None => Err(syntax()),
            };
        }
        let quals = if proto.is_none() && dir.is_none() && kind.is_none() {
            // A bare value: the qualifiers before it (libpcap's `port 80 or 443`).
            self.last.unwrap_or(Quals {
                proto: None,
                dir: Dir::Either,
                kind: Kind::Host,
            })
        } else {
            Quals {
                proto,
                dir: dir.unwrap_or(Dir::Either),
                kind: kind.unwrap_or(Kind::Host),
            }
        };
        let Some(value) = self.next() else {
            return Err(syntax());
        };
        self.last = Some(quals);
        self.value(quals, &value)
    }

    fn value(&self, q: Quals, v: &str) -> Result<Filter, FilterError> {
        let with_proto = |f: Filter| match q.proto {
            Some(p) if !matches!(q.kind, Kind::Port | Kind::PortRange) => {
                Filter::And(Box::new(Filter::Proto(p)), Box::new(f))
            }
            _ => f,
        };
        match q.kind {
            Kind::Host => {
                if v.contains('/') {
                    return Err(syntax());
                }
                let ip = match v.parse::<Ipv4Addr>() {
                    Ok(ip) => ip,
                    Err(_) if v.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                        return Err(FilterError::Pcap(format!("invalid IPv4 address '{v}'")))
                    }
                    Err(_) => (self.resolve)(v)
                        .ok_or_else(|| FilterError::Pcap(format!("unknown host '{v}'")))?,
                };
                Ok(with_proto(Filter::Net(q.dir, ip, 32)))
            }
            Kind::Net => {
                let (a, len) = match v.split_once('/') {
                    Some((a, l)) => (a, l.parse::<u8>().ok().filter(|l| *l <= 32)),
                    None => (v, Some(32)),
                };
                let (Ok(ip), Some(len)) = (a.parse::<Ipv4Addr>(), len) else {
                    return Err(FilterError::Pcap(format!("invalid IPv4 address '{v}'")));
                };
                let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
                if u32::from(ip) & !mask != 0 {
                    return Err(FilterError::Pcap(
                        "non-network bits set in \"".to_string() + v + "\"",
                    ));
                }
                Ok(with_proto(Filter::Net(q.dir, ip, len)))
            }
            Kind::Port => {
                let p = port(v)?;
                Ok(Filter::Port(q.proto, q.dir, p, p))
            }
            Kind::PortRange => {
                let Some((a, b)) = v.split_once('-') else {
                    return Err(syntax());
                };
                let (a, b) = (port(a)?, port(b)?);
                Ok(Filter::Port(q.proto, q.dir, a.min(b), a.max(b)))
            }
        }
    }
}

/// A port number or a name from Ubuntu's /etc/services.
fn port(v: &str) -> Result<u16, FilterError> {
    if let Ok(n) = v.parse::<u32>() {
        return u16::try_from(n)
            .map_err(|_| FilterError::Pcap(format!("illegal port number {n} > 65535")));
    }
    super::tcpdump::SERVICES
        .iter()
        .find(|(_, name)| *name == v)
        .map(|(p, _)| *p)
        .ok_or_else(|| FilterError::Pcap(format!("unknown port '{v}'")))
}

fn ends(f: &Frame) -> Option<(u8, u16, u16)> {
    match &f.body {
        Body::Tcp { sport, dport, .. } => Some((6, *sport, *dport)),
        Body::Udp { sport, dport, .. } | Body::Dns { sport, dport, .. } => {
            Some((17, *sport, *dport))
        }
        _ => None,
    }
}

fn in_net(a: Ipv4Addr, net: Ipv4Addr, len: u8) -> bool {
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    u32::from(a) & mask == u32::from(net) & mask
}

impl Filter {
    /// Does the frame pass?
    pub fn matches(&self, f: &Frame) -> bool {
        match self {
            Filter::All => true,
            Filter::Not(x) => !x.matches(f),
            Filter::And(a, b) => a.matches(f) && b.matches(f),
            Filter::Or(a, b) => a.matches(f) || b.matches(f),
            Filter::Proto(p) => match p {
                Proto::Ip => true,
                Proto::Ip6 | Proto::Arp => false,
                Proto::Tcp => ends(f).is_some_and(|e| e.0 == 6),
                Proto::Udp => ends(f).is_some_and(|e| e.0 == 17),
                Proto::Icmp => ends(f).is_none(),
            },
            Filter::Net(dir, net, len) => match dir {
                Dir::Src => in_net(f.src, *net, *len),
                Dir::Dst => in_net(f.dst, *net, *len),
                Dir::Either => in_net(f.src, *net, *len) || in_net(f.dst, *net, *len),
            },
            Filter::Port(proto, dir, lo, hi) => {
                let Some((p, s, d)) = ends(f) else {
                    return false;
                };
                let want = match proto {
                    Some(Proto::Tcp) => p == 6,
                    Some(Proto::Udp) => p == 17,
                    Some(Proto::Ip) | None => true,
                    _ => false,
                };
                let inr = |x: u16| (*lo..=*hi).contains(&x);
                want && match dir {
                    Dir::Src => inr(s),
                    Dir::Dst => inr(d),
                    Dir::Either => inr(s) || inr(d),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bridgeport_engine::capture::Dir as FDir;

    fn none(_: &str) -> Option<Ipv4Addr> {
        None
    }

    fn tcp(src: &str, sp: u16, dst: &str, dp: u16) -> Frame {
        Frame {
            time_us: 0,
            iface: "eth0".into(),
            dir: FDir::In,
            src: src.parse().unwrap(),
            dst: dst.parse().unwrap(),
            body: Body::Tcp {
                sport: sp,
                dport: dp,
                flags: 2,
                seq: 0,
                ack: 0,
                win: 0,
                ts: None,
            },
            packet: 0,
            hop: 0,
        }
    }

    /// pcap-filter(7): expressions as learners type them, each against a
    /// SYN from the laptop to the host's port 8080.
    #[test]
    fn expressions_match_as_libpcap_defines_them() {
        let f = tcp("192.168.1.20", 37888, "192.168.1.10", 8080);
        let cases: &[(&str, bool)] = &[
            ("", true),
            ("tcp", true),
            ("udp", false),
            ("icmp", false),
            ("port 8080", true),
            ("tcp port 8080", true),
            ("udp port 8080", false),
            ("dst port 8080", true),
            ("src port 8080", false),
            ("port 80 or 8080", true),
            ("port 80 or port 443", false),
            ("host 192.168.1.20", true),
            ("src 192.168.1.20", true),
            ("dst 192.168.1.20", false),
            ("src host 192.168.1.20 and dst port 8080", true),
            ("not port 22", true),
            ("! port 8080", false),
            ("tcp and not (port 22 or port 53)", true),
            ("net 192.168.1.0/24", true),
            ("net 172.17.0.0/16", false),
            ("portrange 8000-8100", true),
            ("tcp && port 8080", true),
            ("udp || host 192.168.1.10", true),
            // Equal precedence, left to right: (false or true) and false.
            ("udp or tcp and port 22", false),
            ("ip", true),
            ("arp", false),
            ("port http-alt", true),
        ];
        for (text, want) in cases {
            let filter = parse(text, &none).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(filter.matches(&f), *want, "{text}");
        }
    }

    /// libpcap's errors (grammar.y yyerror, gencode.c).
    #[test]
    fn errors_are_libpcaps() {
        let syntax = Err(FilterError::Pcap(
            "can't parse filter expression: syntax error".into(),
        ));
        for bad in [
            "port",
            "host",
            "tcp port",
            "(tcp",
            "tcp)",
            "and tcp",
            "port 80 port 443",
            "src",
        ] {
            assert_eq!(parse(bad, &none), syntax, "{bad}");
        }
        assert_eq!(
            parse("host web", &none),
            Err(FilterError::Pcap("unknown host 'web'".into()))
        );
        assert_eq!(
            parse("port 70000", &none),
            Err(FilterError::Pcap(
                "illegal port number 70000 > 65535".into()
            ))
        );
        assert!(matches!(
            parse("tcp[13] & 2 != 0", &none),
            Err(FilterError::NotSimulated(_))
        ));
        let web = |n: &str| (n == "web").then(|| Ipv4Addr::new(172, 17, 0, 2));
        assert!(parse("host web", &web).is_ok());
    }
}
