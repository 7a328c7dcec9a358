//! `conntrack` (conntrack-tools 1.4.8, Ubuntu's `conntrack` package, taken
//! as installed) on the host: `-L` lists the
//! connection-tracking entries the simulated traffic created (real sends
//! only, NAT'd reply tuples included), `-F` empties the table. Line format:
//! libnetfilter_conntrack `snprintf_default.c` (protocol name and number,
//! the seconds left, the TCP state, the original tuple, `[UNREPLIED]`, the
//! reply tuple, `[ASSURED]`, `mark=0 use=1`); the summary and flush lines:
//! conntrack-tools `conntrack.c`, on stderr. Entries are listed in the order
//! they were created (the kernel lists its hash table's order); they expire
//! with the simulation's clock (kernel default timeouts, reference §5).

use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::firewall::CtEntry;
use std::fmt::Write as _;

const PROG: &str = "conntrack v1.4.8 (conntrack-tools)";

/// Seconds an entry has left at `now_ms` (0: gone).
fn left(e: &CtEntry, now_ms: u64) -> u32 {
    let gone = now_ms.saturating_sub(e.at_ms) / 1000;
    u32::try_from(u64::from(e.timeout).saturating_sub(gone)).unwrap_or(0)
}

fn line(e: &CtEntry, secs: u32) -> String {
    let name = match e.proto {
        6 => "tcp",
        17 => "udp",
        1 => "icmp",
        _ => "unknown",
    };
    let mut s = format!("{name:<8} {} {secs} ", e.proto);
    if !e.state.is_empty() {
        let _ = write!(s, "{} ", e.state);
    }
    let tuple =
        |s: &mut String, t: &(std::net::Ipv4Addr, std::net::Ipv4Addr, u16, u16), reply: bool| {
            let _ = write!(s, "src={} dst={} ", t.0, t.1);
            if e.proto == 1 {
                let typ = if reply { 0 } else { 8 };
                let _ = write!(s, "type={typ} code=0 id={} ", e.icmp_id);
            } else {
                let _ = write!(s, "sport={} dport={} ", t.2, t.3);
            }
        };
    tuple(&mut s, &e.orig, false);
    if !e.replied {
        s.push_str("[UNREPLIED] ");
    }
    tuple(&mut s, &e.reply, true);
    if e.assured {
        s.push_str("[ASSURED] ");
    }
    s.push_str("mark=0 use=1");
    s
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    let now = ctx.now.0;
    // Expired entries are gone.
    ctx.engine
        .firewall_mut()
        .conntrack
        .retain(|e| left(e, now) > 0);
    let mut cmd: Option<&str> = None;
    let mut proto: Option<u8> = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        match a {
            "-L" | "--dump" => cmd = Some("L"),
            "-F" | "--flush" => cmd = Some("F"),
            "-C" | "--count" => cmd = Some("C"),
            "-V" | "--version" => cmd = Some("V"),
            "-n" | "--src-nat" | "-g" | "--dst-nat" => {
                out.fail_fmt(format_args!("[bridgeport] conntrack {a} is not simulated; conntrack -L lists every entry, their reply tuples show the NAT"), 1);
                return out;
            }
            "-p" | "--proto" => {
                let Some(p) = args.get(i) else {
                    out.fail_fmt(format_args!("{PROG}: option `{a}' requires an argument\nTry `conntrack -h' or 'conntrack --help' for more information."), 2);
                    return out;
                };
                i += 1;
                proto = match p.as_str() {
                    "tcp" | "6" => Some(6),
                    "udp" | "17" => Some(17),
                    "icmp" | "1" => Some(1),
                    _ => {
                        out.fail_fmt(format_args!("{PROG}: proto `{p}' not found\nTry `conntrack -h' or 'conntrack --help' for more information."), 2);
                        return out;
                    }
                };
            }
            "-f" | "--family" => {
                let fam = args.get(i).map(String::as_str).unwrap_or("");
                i += 1;
                if fam != "ipv4" {
                    out.fail("[bridgeport] the simulated packets are IPv4: conntrack lists IPv4 entries only (-f ipv4)", 1);
                    return out;
                }
            }
            _ => {
                out.fail_fmt(format_args!("[bridgeport] conntrack {a} is not simulated; -L [-p tcp|udp|icmp], -C and -F are"), 1);
                return out;
            }
        }
    }
    match cmd {
        Some("V") => out.outln(PROG),
        Some("F") => {
            ctx.engine.firewall_mut().conntrack.clear();
            out.err_fmt(format_args!("{PROG}: connection tracking table has been emptied.\n"));
        }
        Some("C") => {
            let n = ctx.engine.firewall().conntrack.len();
            out.outln(&n.to_string());
        }
        Some(_) => {
            let mut n = 0;
            for e in &ctx.engine.firewall().conntrack {
                if proto.is_some_and(|p| p != e.proto) {
                    continue;
                }
                out.outln(&line(e, left(e, now)));
                n += 1;
            }
            out.err_fmt(format_args!("{PROG}: {n} flow entries have been shown.\n"));
        }
        None => out.fail_fmt(format_args!("{PROG}: no command specified\nTry `conntrack -h' or 'conntrack --help' for more information."), 2),
    }
    out
}
