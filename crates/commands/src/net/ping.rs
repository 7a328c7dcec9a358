//! `ping`: busybox's applet in busybox/alpine images (`PING web (172.18.0.2):
//! 56 data bytes` / `64 bytes from …: seq=0 ttl=64 time=0.087 ms`, busybox
//! `networking/ping.c`), iputils elsewhere (`icmp_seq=1`, `56(84) bytes of
//! data`, `rtt min/avg/max/mdev`, iputils `ping_common.c`).
//!
//! Without `-c` a real ping runs until Ctrl-C; the playground sends 4,
//! prints the statistics as if interrupted there, and says so in a
//! `[bridgeport]` line.

use super::{jitter, record, Arg, Args, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::counting::Counting;
use bridgeport_engine::net::{LookupSource, Outcome, Probe, Rcode, Unreachable, View};

const DEFAULT_COUNT: u32 = 4;
const MAX_COUNT: u32 = 100;

struct Opts {
    count: u32,
    /// `-c` given: without it a real ping runs until Ctrl-C.
    counted: bool,
    quiet: bool,
    size: u32,
    target: Option<String>,
}

fn parse(env: &Env, args: &[String]) -> Result<Opts, Output> {
    let mut o = Opts {
        count: DEFAULT_COUNT,
        counted: false,
        quiet: false,
        size: 56,
        target: None,
    };
    let mut a = Args::new(args);
    let usage = |msg: &str| {
        let mut out = Output::new();
        if env.busybox() {
            out.fail_fmt(format_args!("ping: {msg}"), 1);
        } else {
            out.fail_fmt(format_args!("ping: {msg}"), 2);
        }
        out
    };
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('c') => {
                let v = a.value().unwrap_or_default();
                match v.parse::<u32>() {
                    Ok(n) if n > 0 => {
                        o.count = n.min(MAX_COUNT);
                        o.counted = true;
                    }
                    _ if env.busybox() => return Err(usage(&format!("invalid number '{v}'"))),
                    _ => return Err(usage(&format!("invalid argument: '{v}'"))),
                }
            }
            Arg::Flag('W') | Arg::Flag('w') | Arg::Flag('i') | Arg::Flag('t') | Arg::Flag('I') => {
                let _ = a.value();
            }
            Arg::Flag('s') => {
                o.size = a.value().and_then(|v| v.parse().ok()).unwrap_or(56);
            }
            Arg::Flag('q') => o.quiet = true,
            Arg::Flag('4') | Arg::Flag('n') | Arg::Flag('v') | Arg::Flag('D') | Arg::Flag('O') => {}
            Arg::Flag(c) => return Err(usage(&format!("invalid option -- '{c}'"))),
            Arg::Long(l) => return Err(usage(&format!("unrecognized option '--{l}'"))),
            Arg::Word(w) => o.target = Some(w.to_string()),
        }
    }
    Ok(o)
}

/// busybox/iputils `%u.%03u`-style milliseconds from microseconds.
fn ms3(us: u32) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// iputils' adaptive precision for one reply's time.
fn iputils_time(us: u32) -> String {
    if us >= 100_000 - 50 {
        format!("{}", (us + 500) / 1000)
    } else if us >= 10_000 - 5 {
        format!("{}.{:01}", (us + 50) / 1000, ((us + 50) % 1000) / 100)
    } else if us >= 1000 {
        format!("{}.{:02}", (us + 5) / 1000, ((us + 5) % 1000) / 10)
    } else {
        format!("{}.{:03}", us / 1000, us % 1000)
    }
}

/// `%g` for a packet-loss percentage.
fn pct(lost: u32, sent: u32) -> String {
    if sent == 0 {
        return "0".to_string();
    }
    let v = 100.0 * f64::from(lost) / f64::from(sent);
    if v.fract() == 0.0 {
        format!("{}", v as u64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let opts = match parse(env, args) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let mut out = Output::new();
    let Some(target) = opts.target.clone() else {
        if env.busybox() {
            out.fail("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST", 1);
        } else {
            out.fail("ping: usage error: Destination address required", 1);
        }
        return out;
    };
    // The first echo resolves the name (and records the lookup's packets).
    let data = opts.size.min(65507) as u16;
    let mut count = Counting::icmp(data);
    let first = View::new(ctx.engine).send_counted(
        &Probe::ping(env.from.clone(), target.clone(), 0).in_round(env.round),
        &mut count,
    );
    ctx.engine
        .count(std::mem::replace(&mut count, Counting::icmp(data)), ctx.now);
    let mut first = first;
    let lookup = first.lookup.clone();
    if first.outcome == Outcome::NameNotFound {
        record(ctx, &mut first);
        if env.busybox() {
            out.fail_fmt(format_args!("ping: bad address '{target}'"), 1);
        } else {
            let servfail = lookup
                .as_ref()
                .is_some_and(|l| l.rcode == Some(Rcode::ServFail) || l.no_server.is_some());
            let msg = if servfail {
                "Temporary failure in name resolution"
            } else {
                "Name or service not known"
            };
            out.fail_fmt(format_args!("ping: {target}: {msg}"), 2);
        }
        return out;
    }
    let ip = first.resolved.map(|i| i.to_string()).unwrap_or_default();
    let unreachable_net = first.outcome == Outcome::Unreachable(Unreachable::Network);
    if unreachable_net && !env.busybox() {
        record(ctx, &mut first);
        out.fail("ping: connect: Network is unreachable", 2);
        return out;
    }
    let wire = opts.size + 8;
    if env.busybox() {
        out.outln_fmt(format_args!(
            "PING {target} ({ip}): {} data bytes",
            opts.size
        ));
    } else {
        out.outln_fmt(format_args!(
            "PING {target} ({ip}) {}({}) bytes of data.",
            opts.size,
            wire + 20
        ));
    }
    if unreachable_net {
        record(ctx, &mut first);
        out.fail("ping: sendto: Network is unreachable", 1);
        return out;
    }
    // The name iputils shows for replies: Docker's DNS answers PTR queries
    // for container addresses with "name.network".
    let ptr = if !env.busybox() && target.parse::<std::net::Ipv4Addr>().is_err() {
        embedded_ptr(ctx, &lookup, first.resolved)
    } else {
        None
    };
    let from_label = match &ptr {
        Some(p) => format!("{p} ({ip})"),
        None => ip.clone(),
    };
    let mut times = Vec::new();
    let mut errors = 0u32;
    let view = View::new(ctx.engine);
    let mut deliveries = vec![first];
    for seq in 1..opts.count {
        deliveries.push(view.send_counted(
            &Probe::ping(env.from.clone(), ip.clone(), seq as u16),
            &mut count,
        ));
    }
    drop(view);
    ctx.engine.count(count, ctx.now);
    for (seq, d) in deliveries.iter_mut().enumerate() {
        let seq = seq as u32;
        match &d.outcome {
            Outcome::Connected { .. } => {
                times.push(d.rtt_us);
                if !opts.quiet {
                    if env.busybox() {
                        out.outln_fmt(format_args!(
                            "{wire} bytes from {ip}: seq={seq} ttl={} time={} ms",
                            d.ttl,
                            ms3(d.rtt_us)
                        ));
                    } else {
                        out.outln_fmt(format_args!(
                            "{wire} bytes from {from_label}: icmp_seq={} ttl={} time={} ms",
                            seq + 1,
                            d.ttl,
                            iputils_time(d.rtt_us)
                        ));
                    }
                }
            }
            // A REJECT rule's ICMP error (iputils ping_common.c pr_icmph:
            // "Destination Port Unreachable", from the host that rejected).
            Outcome::Refused if !env.busybox() && d.rejected_by.is_some() => {
                errors += 1;
                let src = d.rejected_by.map(|a| a.to_string()).unwrap_or_default();
                out.outln_fmt(format_args!(
                    "From {src} icmp_seq={} Destination Port Unreachable",
                    seq + 1
                ));
            }
            Outcome::Unreachable(Unreachable::Host)
                if !env.busybox() && d.rejected_by.is_some() =>
            {
                errors += 1;
                let src = d.rejected_by.map(|a| a.to_string()).unwrap_or_default();
                out.outln_fmt(format_args!(
                    "From {src} icmp_seq={} Destination Host Prohibited",
                    seq + 1
                ));
            }
            Outcome::Unreachable(Unreachable::Host) if !env.busybox() => {
                errors += 1;
                let src = d.packets.first().map(|p| p.src.clone()).unwrap_or_default();
                out.outln_fmt(format_args!(
                    "From {src} icmp_seq={} Destination Host Unreachable",
                    seq + 1
                ));
            }
            _ => {}
        }
        record(ctx, d);
    }
    let sent = opts.count;
    let recv = times.len() as u32;
    let loss = pct(sent - recv, sent);
    out.outln("");
    out.outln_fmt(format_args!("--- {target} ping statistics ---"));
    if env.busybox() {
        out.outln_fmt(format_args!(
            "{sent} packets transmitted, {recv} packets received, {loss}% packet loss"
        ));
        if recv > 0 {
            let min = times.iter().copied().min().unwrap_or(0);
            let max = times.iter().copied().max().unwrap_or(0);
            let avg = times.iter().map(|t| u64::from(*t)).sum::<u64>() / u64::from(recv);
            out.outln_fmt(format_args!(
                "round-trip min/avg/max = {}/{}/{} ms",
                ms3(min),
                ms3(avg as u32),
                ms3(max)
            ));
        }
    } else {
        let elapsed = u64::from(sent.saturating_sub(1)) * 1000
            + jitter(&[&target, &sent.to_string()], 60)
            + if recv == 0 { 20 } else { 2 };
        let errs = if errors > 0 {
            format!(", +{errors} errors")
        } else {
            String::new()
        };
        out.outln_fmt(format_args!("{sent} packets transmitted, {recv} received{errs}, {loss}% packet loss, time {elapsed}ms"));
        if recv > 0 {
            let f: Vec<f64> = times.iter().map(|t| f64::from(*t) / 1000.0).collect();
            let min = f.iter().copied().fold(f64::MAX, f64::min);
            let max = f.iter().copied().fold(0.0, f64::max);
            let avg = f.iter().sum::<f64>() / f.len() as f64;
            let mdev = (f.iter().map(|x| x * x).sum::<f64>() / f.len() as f64 - avg * avg)
                .max(0.0)
                .sqrt();
            out.outln_fmt(format_args!(
                "rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms"
            ));
        } else {
            out.outln("");
        }
    }
    if !opts.counted {
        out.errln_fmt(format_args!("[bridgeport] a real ping runs until Ctrl-C; this one stopped after {DEFAULT_COUNT} (-c N)"));
    }
    out.code = if recv > 0 { 0 } else { 1 };
    out
}

/// "web.appnet" when the address was answered by Docker's embedded DNS.
fn embedded_ptr(
    ctx: &Ctx,
    lookup: &Option<bridgeport_engine::net::Lookup>,
    ip: Option<std::net::Ipv4Addr>,
) -> Option<String> {
    let l = lookup.as_ref()?;
    let LookupSource::Dns { server } = l.source else {
        return None;
    };
    if server != bridgeport_engine::net::dns::EMBEDDED {
        return None;
    }
    let ip = ip?;
    for c in ctx.engine.containers() {
        for ep in &c.endpoints {
            if ep.ip == ip {
                let net = ctx.engine.network_by_id(&ep.network_id)?;
                if net.is_user_defined() {
                    return Some(format!("{}.{}", c.name, net.name));
                }
            }
        }
    }
    None
}
