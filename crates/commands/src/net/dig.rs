//! `dig` and `host` (BIND 9: netshoot's bind-tools, the Ubuntu host's
//! bind9-dnsutils) for A and AAAA records, through the same lookups as
//! `nslookup`: Docker's embedded DNS (127.0.0.11, TTL 600 as libnetwork's
//! resolver answers) or the resolver in /etc/resolv.conf. AAAA answers are
//! the IPv6 addresses of containers on `--ipv6` networks. Other record
//! types say they are not simulated.

use super::{jitter, record, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::{LookupSource, Outcome, Probe, Rcode, Resolve};
use std::net::{IpAddr, Ipv4Addr};

struct Answer {
    server: Ipv4Addr,
    /// None: no server could be reached.
    addrs: Option<Vec<Ipv4Addr>>,
    rcode: Rcode,
    embedded: bool,
}

fn lookup(ctx: &mut Ctx, env: &Env, name: &str, server: Option<Ipv4Addr>) -> Answer {
    let mut probe = Probe::lookup(env.from.clone(), name.to_string()).in_round(env.round);
    probe.resolve = Resolve::DnsOnly;
    probe.dns_server = server;
    let mut d = ctx.engine.send_real(&probe, ctx.now);
    record(ctx, &mut d);
    let l = d.lookup.clone();
    let used = match l.as_ref().map(|l| &l.source) {
        Some(LookupSource::Dns { server }) => *server,
        _ => server.unwrap_or(Ipv4Addr::new(127, 0, 0, 11)),
    };
    let reached = l.as_ref().is_none_or(|l| l.no_server.is_none());
    let addrs = match (&d.outcome, reached) {
        (_, false) => None,
        (Outcome::Resolved { addrs }, _) => Some(addrs.clone()),
        _ => Some(Vec::new()),
    };
    let rcode = l.and_then(|l| l.rcode).unwrap_or(Rcode::NxDomain);
    Answer {
        server: used,
        embedded: used == bridgeport_engine::net::dns::EMBEDDED,
        addrs,
        rcode,
    }
}

fn not_simulated(tool: &str, what: &str) -> Output {
    let mut o = Output::new();
    o.fail_fmt(format_args!("[bridgeport] {tool}: {what} is not simulated; A and AAAA records are (e.g. {tool} web)"),
        1,
    );
    o
}

/// `host [-t A|AAAA] NAME [SERVER]`: without `-t`, the A and then the AAAA
/// answer (BIND's host asks A, AAAA and MX; MX is not simulated and a
/// container name has none).
pub fn host(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let mut words: Vec<&String> = Vec::new();
    let mut qtype = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(t) = a.strip_prefix("-t") {
            let t = if t.is_empty() {
                it.next().map(String::as_str).unwrap_or("")
            } else {
                t
            };
            qtype = Some(t.to_ascii_uppercase());
        } else if !a.starts_with('-') {
            words.push(a);
        }
    }
    let (want_a, want_aaaa) = match qtype.as_deref() {
        None => (true, true),
        Some("A") => (true, false),
        Some("AAAA") => (false, true),
        Some(t) => return not_simulated("host", &format!("type {t}")),
    };
    let Some(name) = words.first() else {
        o.fail("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]", 1);
        return o;
    };
    let server = words.get(1).and_then(|s| s.parse().ok());
    let a = lookup(ctx, env, name, server);
    if server.is_some() {
        o.outln("Using domain server:");
        o.outln_fmt(format_args!("Name: {}", a.server));
        o.outln_fmt(format_args!("Address: {}#53", a.server));
        o.outln("Aliases: ");
        o.outln("");
    }
    match a.addrs {
        None => o.fail(
            ";; communications error to 127.0.0.11#53: timed out\n;; no servers could be reached",
            1,
        ),
        Some(addrs) if addrs.is_empty() => {
            let rc = a.rcode.as_str();
            let n = if rc == "SERVFAIL" { 2 } else { 3 };
            o.fail_fmt(format_args!("Host {name} not found: {n}({rc})"), 1);
        }
        Some(addrs) => {
            if want_a {
                for ip in &addrs {
                    o.outln_fmt(format_args!("{name} has address {ip}"));
                }
            }
            if want_aaaa {
                let v6 = super::v6::aaaa_of(ctx, &addrs);
                for ip in &v6 {
                    o.outln_fmt(format_args!("{name} has IPv6 address {ip}"));
                }
                if !want_a && v6.is_empty() {
                    o.outln_fmt(format_args!("{name} has no AAAA record"));
                }
            }
        }
    }
    o
}

/// Bytes of a name on the wire.
fn wire_len(name: &str) -> usize {
    name.trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + 1
}

/// `dig [@SERVER] NAME [A|AAAA] [+short]`.
pub fn dig(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut server = None;
    let mut name = None;
    let mut short = false;
    let mut aaaa = false;
    for a in args {
        if let Some(s) = a.strip_prefix('@') {
            server = s.parse::<Ipv4Addr>().ok();
        } else if a == "+short" {
            short = true;
        } else if a.starts_with('+') {
            // +noall, +answer, … : display options, not simulated beyond +short.
        } else if a.starts_with('-') {
            return not_simulated("dig", &format!("option {a}"));
        } else if matches!(a.to_ascii_uppercase().as_str(), "A" | "IN") {
        } else if a.eq_ignore_ascii_case("AAAA") {
            aaaa = true;
        } else if matches!(
            a.to_ascii_uppercase().as_str(),
            "MX" | "TXT" | "NS" | "SOA" | "PTR" | "SRV" | "CNAME" | "ANY"
        ) {
            return not_simulated("dig", &format!("type {a}"));
        } else {
            name = Some(a.clone());
        }
    }
    let mut o = Output::new();
    let Some(name) = name else {
        return not_simulated("dig", "a query for the root servers");
    };
    let a = lookup(ctx, env, &name, server);
    let fqdn = format!("{}.", name.trim_end_matches('.'));
    let addrs = match a.addrs {
        None => {
            o.outln_fmt(format_args!(
                ";; communications error to {}#53: timed out",
                a.server
            ));
            o.outln_fmt(format_args!(
                ";; communications error to {}#53: timed out",
                a.server
            ));
            o.outln_fmt(format_args!(
                ";; communications error to {}#53: timed out",
                a.server
            ));
            banner(&mut o, env, args);
            o.outln(";; no servers could be reached");
            o.code = 9;
            return o;
        }
        Some(x) => x,
    };
    let found = !addrs.is_empty();
    let (qtype, addrs): (&str, Vec<IpAddr>) = if aaaa {
        let v6 = super::v6::aaaa_of(ctx, &addrs);
        ("AAAA", v6.into_iter().map(IpAddr::V6).collect())
    } else {
        ("A", addrs.into_iter().map(IpAddr::V4).collect())
    };
    if short {
        for ip in &addrs {
            o.outln(&ip.to_string());
        }
        return o;
    }
    let ttl = if a.embedded { 600 } else { 300 };
    let id = jitter(&[&name, "dig"], 65536);
    // A name that exists but has no address of the asked family: NOERROR,
    // no answer (libnetwork resolver.go sends an empty reply).
    let status = if found { "NOERROR" } else { a.rcode.as_str() };
    banner(&mut o, env, args);
    o.outln(";; Got answer:");
    o.outln_fmt(format_args!(
        ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}"
    ));
    o.outln_fmt(format_args!(
        ";; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 0",
        addrs.len()
    ));
    o.outln("");
    o.outln(";; QUESTION SECTION:");
    o.outln_fmt(format_args!(";{fqdn}\t\t\tIN\t{qtype}"));
    o.outln("");
    if !addrs.is_empty() {
        o.outln(";; ANSWER SECTION:");
        for ip in &addrs {
            o.outln_fmt(format_args!("{fqdn}\t\t{ttl}\tIN\t{qtype}\t{ip}"));
        }
        o.outln("");
    }
    // Each answer: name pointer, type, class, TTL, length, then 4 or 16 bytes.
    let rdata = if aaaa { 16 } else { 4 };
    let size = 12 + wire_len(&name) + 4 + addrs.len() * (12 + rdata);
    o.outln(";; Query time: 0 msec");
    o.outln_fmt(format_args!(";; SERVER: {s}#53({s}) (UDP)", s = a.server));
    o.outln_fmt(format_args!(";; WHEN: {}", when(ctx.now)));
    o.outln_fmt(format_args!(";; MSG SIZE  rcvd: {size}"));
    o.outln("");
    o
}

/// `Thu Jan 01 12:00:00 UTC 2026`, as dig prints the time of the query.
fn when(now: bridgeport_engine::Timestamp) -> String {
    // http_date: "Thu, 01 Jan 2026 12:00:00 GMT".
    let d = super::http::http_date(now);
    let p: Vec<&str> = d.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    match p.as_slice() {
        [dow, day, mon, year, hms, ..] => format!("{dow} {mon} {day} {hms} UTC {year}"),
        _ => d,
    }
}

/// The lines dig prints before an answer or an error: a blank line, its
/// version with the command line, the global options.
fn banner(o: &mut Output, env: &Env, args: &[String]) {
    o.outln("");
    o.outln_fmt(format_args!(
        "; <<>> DiG {} <<>> {}",
        version(env),
        args.join(" ")
    ));
    o.outln(";; global options: +cmd");
}

/// Ubuntu 24.04's bind9-dnsutils on the host; Alpine 3.22's bind-tools in netshoot.
fn version(env: &Env) -> &'static str {
    if env.container.is_some() {
        "9.20.15"
    } else {
        "9.18.30-0ubuntu0.24.04.2-Ubuntu"
    }
}
