//! IPv6 traffic for the tools (`ping -6`, `ping ADDR6`, `curl -6`,
//! `curl http://[ADDR6]:PORT/`, `wget http://[ADDR6]/`, `nc -6`).
//!
//! The engine walks IPv4 packets. On a bridge network created with
//! `--ipv6`, Docker programs ip6tables with the same chains and rules as
//! iptables, per bridge, for the IPv6 subnet and addresses (moby
//! `drivers/bridge` sets both families up alike; `ip6tables -S` shows it),
//! and the docker-proxy listens on `[::]` for published ports. So an IPv6
//! packet between two interfaces meets the verdicts its IPv4 twin meets
//! between the same interfaces. Here the tool runs with every IPv6 address
//! swapped for the IPv4 address of the same interface (`::1` for
//! `127.0.0.1`), its output shows the IPv6 addresses again, and a
//! `[bridgeport]` line says that the trace shows the IPv4 twin. An IPv6
//! address on no simulated interface, or a name without an IPv6 address,
//! fails with a note instead: nothing is silently sent over IPv4.

use super::Env;
use crate::context::Ctx;
use crate::output::Output;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A tool's entry point.
pub(crate) type Run = fn(&mut Ctx, &Env, &[String]) -> Output;

/// The AAAA answer that goes with an A answer: the IPv6 addresses of the
/// container endpoints found (Docker's resolver keeps one record per
/// endpoint with both families; libnetwork `resolver.go` answers AAAA from
/// it, and a name with no IPv6 address gets an empty NOERROR reply).
pub(crate) fn aaaa_of(ctx: &Ctx, addrs: &[Ipv4Addr]) -> Vec<Ipv6Addr> {
    addrs
        .iter()
        .filter_map(|a| {
            ctx.engine
                .containers()
                .iter()
                .flat_map(|c| c.endpoints.iter())
                .find(|ep| ep.ip == *a)
                .and_then(|ep| ep.ipv6)
                .map(|(v6, _, _)| v6)
        })
        .collect()
}

/// The IPv6 ↔ IPv4 pairs of every interface that has both.
fn twins(ctx: &Ctx) -> Vec<(Ipv6Addr, Ipv4Addr)> {
    let mut v = vec![
        (Ipv6Addr::LOCALHOST, Ipv4Addr::LOCALHOST),
        (Ipv6Addr::UNSPECIFIED, Ipv4Addr::LOCALHOST),
    ];
    for n in ctx.engine.networks() {
        if let (Some(g6), Some(g4)) = (n.gateway6(), n.gateway()) {
            v.push((g6, g4));
        }
    }
    for c in ctx.engine.containers() {
        for ep in &c.endpoints {
            if let Some((a6, _, _)) = ep.ipv6 {
                v.push((a6, ep.ip));
            }
        }
    }
    v
}

/// The host part of a URL: `http://[fd00::2]:8080/x` → ("[fd00::2]", its range).
fn url_host(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[start..];
    if rest.starts_with('[') {
        let end = rest.find(']')? + 1;
        return Some((start, start + end));
    }
    let end = rest.find([':', '/', '?']).unwrap_or(rest.len());
    Some((start, start + end))
}

/// Runs `program` for IPv6 when its arguments ask for it; None otherwise.
pub(crate) fn intercept(
    ctx: &mut Ctx,
    env: &Env,
    program: &str,
    run: Run,
    args: &[String],
) -> Option<Output> {
    let program = program.rsplit('/').next().unwrap_or(program);
    // Only the tools that send traffic to a target (ip, ss, iptables list state).
    if !matches!(
        program,
        "ping" | "ping6" | "curl" | "wget" | "nc" | "netcat"
    ) {
        return None;
    }
    let urls = matches!(program, "curl" | "wget");
    let family_flag = |a: &String| a == "-6" || a == "--ipv6";
    let asked = args.iter().any(family_flag) || program == "ping6";
    // The target: a URL's host for curl/wget, else the first word that is an address or name.
    let target_at = args.iter().position(|a| {
        if urls {
            a.contains("://") || a.starts_with('[') || (!a.starts_with('-') && a.contains('.'))
        } else {
            !a.starts_with('-') && (a.contains(':') || a.parse::<IpAddr>().is_ok())
        }
    });
    let literal6 = target_at.and_then(|i| {
        let a = &args[i];
        let host = if urls {
            let (s, e) = url_host(a)?;
            a[s..e]
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string()
        } else {
            a.clone()
        };
        host.parse::<Ipv6Addr>().ok().map(|ip| (i, ip))
    });
    if !asked && literal6.is_none() {
        return None;
    }
    let twins = twins(ctx);
    let mut args: Vec<String> = args.iter().filter(|a| !family_flag(a)).cloned().collect();
    let mut shown: Vec<(String, String)> = Vec::new();
    // The None arm says what happens without a literal address.
    #[allow(clippy::single_match)]
    match literal6 {
        Some((_, ip6)) => {
            let Some((_, ip4)) = twins.iter().find(|(a, _)| *a == ip6) else {
                let mut o = Output::new();
                o.fail_fmt(format_args!("[bridgeport] {ip6} is on no simulated interface: the playground simulates IPv6 only between the host and containers on networks created with --ipv6 (the host has no IPv6 uplink)."),
                    if program == "curl" { 7 } else { 1 },
                );
                return Some(o);
            };
            // Position shifts when -6 was removed before the target.
            let i = args
                .iter()
                .position(|a| a.contains(&ip6.to_string()) || a.contains(&format!("[{ip6}]")))
                .unwrap_or(0);
            let a = args[i].clone();
            args[i] = if urls {
                a.replace(&format!("[{ip6}]"), &ip4.to_string())
            } else {
                a.replace(&ip6.to_string(), &ip4.to_string())
            };
            shown.push((ip4.to_string(), ip6.to_string()));
        }
        // A name with -6: it needs an IPv6 address (checked after the run).
        None => {}
    }
    let before = ctx.packets.len();
    let mut out = run(ctx, env, &args);
    // Which IPv4 destination did it talk to? Swap it back to its IPv6 twin.
    // (The first packet that is not a DNS question.)
    let dst = ctx.packets[before.min(ctx.packets.len())..]
        .iter()
        .filter(|p| !p.src.ends_with(":53") && !p.dst.ends_with(":53"))
        .filter_map(|p| {
            let addr = p.dst.rsplit_once(':').map_or(p.dst.as_str(), |(a, _)| a);
            addr.parse::<Ipv4Addr>().ok()
        })
        .next();
    if literal6.is_none() {
        match dst.and_then(|d| twins.iter().find(|(_, v4)| *v4 == d)) {
            Some((v6, v4)) => shown.push((v4.to_string(), v6.to_string())),
            None if dst.is_some() => {
                ctx.packets.truncate(before);
                let mut o = Output::new();
                o.fail(
                    "[bridgeport] that destination has no IPv6 address in this playground: only containers on networks created with --ipv6, their gateways and ::1 have one, and the simulated host has no IPv6 uplink.",
                    if program == "curl" { 6 } else { 1 },
                );
                return Some(o);
            }
            None => return Some(out),
        }
    }
    for seg in &mut out.segments {
        for (v4, v6) in &shown {
            seg.text = seg.text.replace(v4.as_str(), v6);
        }
        // iputils prints IPv6 echoes as "56 data bytes", not "56(84) bytes of data".
        seg.text = seg.text.replace("56(84) bytes of data.", "56 data bytes");
    }
    out.errln("[bridgeport] IPv6 here follows its IPv4 twin: Docker gives both families the same rules per bridge (see ip6tables -S); the packet trace shows the IPv4 addresses.");
    Some(out)
}
