//! busybox's net-tools applets in busybox and alpine images: `ifconfig`,
//! `route`, `netstat`, `arp`, printed from the engine's interfaces, routes
//! and listeners (busybox `networking/interface.c`, `route.c`,
//! `netstat.c`, `arp.c`). netshoot ships GNU net-tools, whose layout is not
//! simulated: it says so.

use super::Env;
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::model::Process;
use bridgeport_engine::net::route::{self, Link, LinkKind};
use bridgeport_engine::net::view::Stack;
use bridgeport_engine::net::Outcome;
use bridgeport_engine::net::View;
use bridgeport_engine::ports::Proto;
use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// The container's links and routes (a `--network host` container sees the host's).
fn tables(ctx: &Ctx, env: &Env) -> Option<(Vec<Link>, Vec<route::RouteEntry>)> {
    let view = View::new(ctx.engine);
    let id = match &env.from {
        bridgeport_engine::net::Node::Container(id) => id.clone(),
        _ => return Some((route::host_links(&view), route::host_routes(&view))),
    };
    match view.stack_of(&id)? {
        Stack::Ns(i) => Some((route::ns_links(&view, i), route::ns_routes(&view, i))),
        Stack::Host => Some((route::host_links(&view), route::host_routes(&view))),
        _ => Some((Vec::new(), Vec::new())),
    }
}

fn gnu_not_simulated(tool: &str) -> Output {
    let mut o = Output::new();
    o.fail_fmt(format_args!("[bridgeport] {tool} is here (GNU net-tools) but only busybox's is simulated; try `ip addr` / `ip route` / `ss`"), 127);
    o
}

fn mask(prefix: u8) -> Ipv4Addr {
    let bits = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    };
    Ipv4Addr::from(bits)
}

/// `ifconfig [-a] [IFACE]`: busybox interface.c ife_print.
pub fn ifconfig(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    if !env.busybox() {
        return gnu_not_simulated("ifconfig");
    }
    let mut o = Output::new();
    let Some((mut links, _)) = tables(ctx, env) else {
        return o;
    };
    // /proc/net/dev order as busybox prints it: eth0… before lo.
    bridgeport_golib::sort::sort_by_key(&mut links, |l| {
        (l.kind == LinkKind::Loopback, l.name.clone())
    });
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if let Some(name) = only.first() {
        if !links.iter().any(|l| &&l.name == name) {
            o.fail_fmt(
                format_args!(
                    "ifconfig: {name}: error fetching interface information: Device not found"
                ),
                1,
            );
            return o;
        }
    }
    for l in links
        .iter()
        .filter(|l| only.is_empty() || only.iter().any(|n| **n == l.name))
    {
        let name = format!("{:<10}", l.name.split('@').next().unwrap_or(&l.name));
        if l.kind == LinkKind::Loopback {
            o.outln_fmt(format_args!("{name}Link encap:Local Loopback  "));
        } else {
            o.outln_fmt(format_args!(
                "{name}Link encap:Ethernet  HWaddr {}  ",
                l.mac.to_ascii_uppercase()
            ));
        }
        for a in &l.addrs {
            match a.brd {
                Some(b) if l.kind != LinkKind::Loopback => o.outln_fmt(format_args!(
                    "          inet addr:{}  Bcast:{b}  Mask:{}",
                    a.addr,
                    mask(a.prefix)
                )),
                _ => o.outln_fmt(format_args!(
                    "          inet addr:{}  Mask:{}",
                    a.addr,
                    mask(a.prefix)
                )),
            }
        }
        let flags = if l.kind == LinkKind::Loopback {
            "UP LOOPBACK RUNNING"
        } else {
            "UP BROADCAST RUNNING MULTICAST"
        };
        o.outln_fmt(format_args!("          {flags}  MTU:{}  Metric:1", l.mtu));
        o.outln("          RX packets:0 errors:0 dropped:0 overruns:0 frame:0");
        o.outln("          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0");
        let qlen = if l.kind == LinkKind::Loopback {
            1000
        } else {
            0
        };
        o.outln_fmt(format_args!("          collisions:0 txqueuelen:{qlen} "));
        o.outln("          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)");
        o.outln("");
    }
    o
}

/// `route [-n]`: busybox route.c bb_displayroutes.
pub fn route(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    if !env.busybox() {
        return gnu_not_simulated("route");
    }
    let numeric = args.iter().any(|a| a.starts_with('-') && a.contains('n'));
    let mut o = Output::new();
    let Some((_, routes)) = tables(ctx, env) else {
        return o;
    };
    o.outln("Kernel IP routing table");
    o.outln("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface");
    // The kernel lists the default route first, then connected routes.
    let mut rows: Vec<&route::RouteEntry> = routes.iter().collect();
    bridgeport_golib::sort::sort_by_key(&mut rows, |r| r.dst.is_some());
    for r in rows {
        let (dst, genmask) = match r.dst {
            None => (
                if numeric {
                    "0.0.0.0".to_string()
                } else {
                    "default".to_string()
                },
                "0.0.0.0".to_string(),
            ),
            Some(n) => (n.network().to_string(), mask(n.prefix_len()).to_string()),
        };
        let gw = match r.via {
            Some(g) => g.to_string(),
            None if numeric => "0.0.0.0".to_string(),
            None => "*".to_string(),
        };
        let flags = if r.via.is_some() { "UG" } else { "U" };
        o.outln_fmt(format_args!(
            "{dst:<15} {gw:<15} {genmask:<16}{flags:<6}{:<6} {:<2} {:>7} {}",
            0, 0, 0, r.dev
        ));
    }
    o
}

/// `netstat [-tulnpa]`: busybox netstat.c, the main process's sockets.
pub fn netstat(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    if !env.busybox() {
        return gnu_not_simulated("netstat");
    }
    let mut o = Output::new();
    let (mut tcp, mut udp, mut listening, mut all, mut procs, mut routes) =
        (false, false, false, false, false, false);
    for a in args {
        match a.strip_prefix('-') {
            Some(flags) if !flags.starts_with('-') => {
                for c in flags.chars() {
                    match c {
                        't' => tcp = true,
                        'u' => udp = true,
                        'l' => listening = true,
                        'a' => all = true,
                        'p' => procs = true,
                        'r' => routes = true,
                        'n' | 'e' | 'W' | 'w' | 'x' => {}
                        other => {
                            o.fail_fmt(format_args!("netstat: invalid option -- '{other}'\nBusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: netstat [-ral] [-tuwx] [-enWp]"), 1);
                            return o;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if routes {
        return route(ctx, env, &["-n".to_string()]);
    }
    if !tcp && !udp {
        (tcp, udp) = (true, true);
    }
    let heading = match (all, listening) {
        (true, _) => "servers and established",
        (false, true) => "only servers",
        _ => "w/o servers",
    };
    o.outln_fmt(format_args!("Active Internet connections ({heading})"));
    let mut header =
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
            .to_string();
    if procs {
        // busybox netstat.c PROGNAME_BANNER, padded to PROGNAME_WIDTH.
        header.push_str("PID/Program name    ");
    }
    o.outln(&header);
    let c = env.container.as_ref();
    if all || listening {
        if let Some(c) = c {
            let program = main_program(c);
            let listeners = match ctx.engine.container_by_id(&c.id).map(|c| &c.process) {
                Some(Process::Server { listeners }) => listeners.clone(),
                _ => Vec::new(),
            };
            for l in listeners {
                let (proto, state) = match l.proto {
                    Proto::Tcp if tcp => ("tcp", "LISTEN"),
                    Proto::Udp if udp => ("udp", ""),
                    _ => continue,
                };
                let local = format!("{}:{}", l.addr, l.port);
                let mut row = format!(
                    "{proto:<5} {:>6} {:>6} {local:<23} {:<23} {state:<12}",
                    0, 0, "0.0.0.0:*"
                );
                if procs {
                    let _ = write!(row, "1/{program}");
                }
                o.outln(&row);
            }
        }
    }
    if args.iter().any(|a| a.contains('x')) || !(tcp || udp) {
        o.outln("Active UNIX domain sockets (only servers)");
        o.outln("Proto RefCnt Flags       Type       State         I-Node Path");
    }
    o
}

/// The program that holds the main process's sockets: `sh -c 'httpd -f'`
/// execs httpd, so PID 1 is httpd.
fn main_program(c: &bridgeport_engine::model::Container) -> String {
    use bridgeport_engine::process;
    let argv = process::effective_argv(&c.argv(), &c.image);
    let base = |a: &str| a.rsplit('/').next().unwrap_or(a).to_string();
    let shell = argv
        .first()
        .is_some_and(|a| matches!(base(a).as_str(), "sh" | "bash" | "ash" | "dash" | "zsh"));
    if shell && argv.get(1).map(String::as_str) == Some("-c") {
        let script = argv.get(2).cloned().unwrap_or_default();
        for (words, _) in process::script_commands(&script) {
            if matches!(process::classify(&words, &c.image), Process::Server { .. }) {
                return words.first().map(|w| base(w)).unwrap_or_default();
            }
        }
    }
    argv.first().map(|a| base(a)).unwrap_or_default()
}

/// `arp [-a] [-n]`: the neighbour cache is not modelled; it says so.
pub fn arp(_: &mut Ctx, env: &Env, _: &[String]) -> Output {
    if !env.busybox() {
        return gnu_not_simulated("arp");
    }
    let mut o = Output::new();
    o.errln(
        "[bridgeport] the ARP cache is not modelled; a real arp lists the neighbours it talked to",
    );
    o
}

/// `traceroute [-n] HOST` (busybox traceroute.c): the header on stderr,
/// one line per TTL with three probes. The path is the container's: the
/// target itself when it is on a network the container is on, else its
/// gateway (the host), then the LAN router for the world outside, whose
/// further hops are not modelled (it says so). Probes the host drops
/// (isolation, firewall) time out: `*` up to 30 hops.
pub fn traceroute(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let numeric = args.iter().any(|a| a.starts_with('-') && a.contains('n'));
    let Some(target) = args.iter().rev().find(|a| !a.starts_with('-')).cloned() else {
        o.fail("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]\n\t[-z PAUSE_MSEC] HOST [BYTES]", 1);
        return o;
    };
    let mut d = ctx.engine.send(
        &bridgeport_engine::net::Probe::ping(env.from.clone(), target.clone(), 0)
            .in_round(env.round),
    );
    super::record(ctx, &mut d);
    let Some(ip) = d.resolved else {
        o.fail_fmt(format_args!("traceroute: bad address '{target}'"), 1);
        return o;
    };
    let routes = tables(ctx, env).map(|t| t.1).unwrap_or_default();
    let direct = routes
        .iter()
        .any(|r| r.via.is_none() && r.dst.is_some_and(|n| n.contains(&ip)));
    let gateway = routes.iter().find(|r| r.dst.is_none()).and_then(|r| r.via);
    if !direct && gateway.is_none() {
        o.fail("traceroute: sendto: Network is unreachable", 1);
        return o;
    }
    o.errln_fmt(format_args!(
        "traceroute to {target} ({ip}), 30 hops max, 46 byte packets"
    ));
    let name = |ctx: &Ctx, a: std::net::Ipv4Addr| -> String {
        if numeric {
            return a.to_string();
        }
        // Docker's DNS answers PTR for containers on user-defined networks.
        let uses_embedded = env
            .container
            .as_ref()
            .is_some_and(|c| bridgeport_engine::hostfiles::uses_embedded_dns(ctx.engine, c));
        let ptr = uses_embedded.then(|| {
            ctx.engine.containers().iter().find_map(|c| {
                c.endpoints.iter().find(|ep| ep.ip == a).and_then(|ep| {
                    ctx.engine
                        .network_by_id(&ep.network_id)
                        .filter(|n| n.is_user_defined())
                        .map(|n| format!("{}.{}", c.name, n.name))
                })
            })
        });
        format!("{} ({a})", ptr.flatten().unwrap_or_else(|| a.to_string()))
    };
    let reached = matches!(d.outcome, Outcome::Connected { .. });
    let lan = ctx.engine.host.eth0.contains(&ip);
    let mut hops: Vec<std::net::Ipv4Addr> = Vec::new();
    if !direct {
        hops.extend(gateway);
        if reached && !lan && !ip.is_private() {
            hops.push(ctx.engine.host.router);
        }
    }
    let mut line_no = 0;
    for hop in &hops {
        if *hop == ip {
            break;
        }
        line_no += 1;
        // The host answers in microseconds, the LAN router in about a millisecond.
        let base = if *hop == ctx.engine.host.router {
            400
        } else {
            5
        };
        let t =
            |k: u64| ms(base + super::jitter(&[&hop.to_string(), &k.to_string()], base.max(40)));
        o.outln_fmt(format_args!(
            "{line_no:2}  {}  {}  {}  {}",
            name(ctx, *hop),
            t(1),
            t(2),
            t(3)
        ));
    }
    if reached {
        line_no += 1;
        let base = if !direct && !lan && !ip.is_private() {
            9_000
        } else {
            8
        };
        let t = |k: u64| ms(base + super::jitter(&[&ip.to_string(), &k.to_string()], base.max(60)));
        o.outln_fmt(format_args!(
            "{line_no:2}  {}  {}  {}  {}",
            name(ctx, ip),
            t(1),
            t(2),
            t(3)
        ));
        if hops.last().is_some_and(|h| *h == ctx.engine.host.router) {
            o.errln(
                "[bridgeport] the hops between the LAN router and the internet are not modelled",
            );
        }
    } else {
        for n in line_no + 1..=30 {
            o.outln_fmt(format_args!("{n:2}  *  *  *"));
        }
        o.code = 0;
    }
    o
}

/// Microseconds as busybox prints a round trip ("%u.%03u ms").
fn ms(us: u64) -> String {
    format!("{}.{:03} ms", us / 1000, us % 1000)
}
