//! `nslookup NAME [SERVER]`: busybox's applet (`networking/nslookup.c`: A
//! and AAAA queries, one "Non-authoritative answer:" block per reply,
//! `** server can't find x: NXDOMAIN`) and BIND 9.18's nslookup on the host,
//! the laptop and Debian-based images. The AAAA reply carries the IPv6
//! addresses of the containers found, on networks created with `--ipv6`
//! (Docker's resolver answers AAAA from the same records); else it is empty.

use super::{record, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::{LookupSource, Outcome, Probe, Rcode, Resolve, Unreachable};
use std::net::Ipv4Addr;

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = words.first().map(|s| s.to_string()) else {
        if env.busybox() {
            out.fail("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]", 1);
        } else {
            out.fail("nslookup: interactive mode is not available in the playground: give a name, e.g. nslookup web", 1);
        }
        return out;
    };
    let (want_a, want_aaaa) = match query_types(args) {
        Ok(t) => t,
        Err(t) => {
            out.fail_fmt(format_args!("[bridgeport] nslookup: type {t} is not simulated; A and AAAA records are (e.g. nslookup web)"),
                1,
            );
            return out;
        }
    };
    let server_arg = words.get(1).and_then(|s| s.parse::<Ipv4Addr>().ok());
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return reverse(ctx, env, ip);
    }
    let mut probe = Probe::lookup(env.from.clone(), name.clone()).in_round(env.round);
    probe.resolve = Resolve::DnsOnly;
    probe.dns_server = server_arg;
    let mut d = ctx.engine.send_real(&probe, ctx.now);
    record(ctx, &mut d);
    let lookup = d.lookup.clone();
    let server = match lookup.as_ref().map(|l| &l.source) {
        Some(LookupSource::Dns { server }) => *server,
        _ => server_arg.unwrap_or(Ipv4Addr::new(127, 0, 0, 11)),
    };
    let no_server = lookup.as_ref().and_then(|l| l.no_server);
    if let Some(why) = no_server {
        if env.busybox() {
            if why == Unreachable::Network {
                out.errln_fmt(format_args!(
                    "nslookup: write to '{server}': Network is unreachable"
                ));
            }
            out.out(";; connection timed out; no servers could be reached\n\n");
        } else {
            for _ in 0..3 {
                match why {
                    Unreachable::Network => out.outln_fmt(format_args!(";; UDP setup with {server}#53({server}) for {name} failed: network unreachable.")),
                    Unreachable::Host => out.outln_fmt(format_args!(";; communications error to {server}#53: host unreachable")),
                }
            }
            out.outln(";; no servers could be reached");
            out.outln("");
        }
        out.code = 1;
        return out;
    }
    if env.busybox() {
        out.outln_fmt(format_args!("Server:\t\t{server}"));
        out.outln_fmt(format_args!("Address:\t{server}:53"));
        out.outln("");
    } else {
        out.outln_fmt(format_args!("Server:\t\t{server}"));
        out.outln_fmt(format_args!("Address:\t{server}#53"));
        out.outln("");
    }
    match &d.outcome {
        Outcome::Resolved { addrs } => {
            let aaaa: Vec<String> = if want_aaaa {
                super::v6::aaaa_of(ctx, addrs)
                    .iter()
                    .map(|a| a.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let addrs: &[Ipv4Addr] = if want_a { addrs } else { &[] };
            out.outln("Non-authoritative answer:");
            for a in addrs {
                out.outln_fmt(format_args!("Name:\t{name}"));
                out.outln_fmt(format_args!("Address: {a}"));
            }
            if env.busybox() && want_a && want_aaaa {
                // The AAAA reply, in its own block.
                out.outln("");
                out.outln("Non-authoritative answer:");
            }
            for a in &aaaa {
                out.outln_fmt(format_args!("Name:\t{name}"));
                out.outln_fmt(format_args!("Address: {a}"));
            }
            out.outln("");
        }
        _ => {
            let rc = lookup.and_then(|l| l.rcode).unwrap_or(Rcode::NxDomain);
            let line = format!("** server can't find {name}: {}", rc.as_str());
            out.outln(&line);
            out.outln("");
            if env.busybox() {
                out.outln(&line);
                out.outln("");
            }
            out.code = 1;
        }
    }
    out
}

/// Which of the A and AAAA questions `-type=`/`-query=` asks (both by
/// default, as busybox's applet and BIND's nslookup do).
fn query_types(args: &[String]) -> Result<(bool, bool), String> {
    let t = args.iter().rev().find_map(|a| {
        let a = a.to_ascii_lowercase();
        a.strip_prefix("-type=")
            .or_else(|| a.strip_prefix("-query="))
            .or_else(|| a.strip_prefix("-q="))
            .or_else(|| a.strip_prefix("-t="))
            .map(str::to_string)
    });
    match t.as_deref() {
        None => Ok((true, true)),
        Some("a") => Ok((true, false)),
        Some("aaaa") => Ok((false, true)),
        Some(other) => Err(other.to_ascii_uppercase()),
    }
}

/// A PTR question: Docker's embedded DNS answers "name.network" for
/// containers on user-defined networks; nothing else knows private addresses.
fn reverse(ctx: &mut Ctx, env: &Env, ip: Ipv4Addr) -> Output {
    let mut out = Output::new();
    let o = ip.octets();
    let arpa = format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0]);
    let embedded = env
        .container
        .as_ref()
        .is_some_and(|c| bridgeport_engine::hostfiles::uses_embedded_dns(ctx.engine, c));
    let server = if embedded {
        "127.0.0.11".to_string()
    } else {
        ctx.engine.host.router.to_string()
    };
    let mut name = None;
    if embedded {
        for c in ctx.engine.containers() {
            for ep in &c.endpoints {
                if ep.ip == ip {
                    if let Some(n) = ctx
                        .engine
                        .network_by_id(&ep.network_id)
                        .filter(|n| n.is_user_defined())
                    {
                        name = Some(format!("{}.{}", c.name, n.name));
                    }
                }
            }
        }
    }
    let sep = if env.busybox() { ":" } else { "#" };
    out.outln_fmt(format_args!("Server:\t\t{server}"));
    out.outln_fmt(format_args!("Address:\t{server}{sep}53"));
    out.outln("");
    match name {
        Some(n) => {
            out.outln("Non-authoritative answer:");
            out.outln_fmt(format_args!("{arpa}\tname = {n}"));
            out.outln("");
        }
        None => {
            out.outln_fmt(format_args!("** server can't find {arpa}: NXDOMAIN"));
            out.outln("");
            out.code = 1;
        }
    }
    out
}
