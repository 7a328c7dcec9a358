//! `ip addr`, `ip link`, `ip route` (busybox's `ip` in busybox images,
//! iproute2 elsewhere and on the host) and the host's `hostname -I`, printed
//! from the engine's interfaces and routing tables (`net::route`).

use super::Env;
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::route::{self, Link, LinkKind, RouteEntry};
use bridgeport_engine::net::view::Stack;
use bridgeport_engine::net::View;
use std::fmt::Write as _;

#[derive(Clone, Copy)]
enum Where {
    Host,
    Ns(usize),
}

fn locate(view: &View, env: &Env) -> Option<Where> {
    match &env.from {
        bridgeport_engine::net::Node::Container(id) => match view.stack_of(id)? {
            Stack::Ns(i) => Some(Where::Ns(i)),
            Stack::Host => Some(Where::Host),
            _ => None,
        },
        _ => Some(Where::Host),
    }
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let view = View::new(ctx.engine);
    let Some(place) = locate(&view, env) else {
        out.fail("ip: can't find the container's network namespace", 1);
        return out;
    };
    let iproute2 = !env.busybox();
    let mut words: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut brief = false;
    let mut v4_only = false;
    let mut v6_only = false;
    while let Some(w) = words.first().copied().filter(|w| w.starts_with('-')) {
        match w {
            "-br" | "-brief" => brief = true,
            "-4" => v4_only = true,
            "-6" => v6_only = true,
            "-c" | "-color" | "-d" | "-details" | "-s" | "-stats" => {}
            other => {
                out.fail_fmt(
                    format_args!("Option \"{other}\" is unknown, try \"ip -help\"."),
                    255,
                );
                return out;
            }
        }
        words.remove(0);
    }
    let object = words.first().copied().unwrap_or("");
    let rest: Vec<&str> = words.iter().skip(1).copied().collect();
    let (links, routes, host) = match place {
        Where::Host => (route::host_links(&view), route::host_routes(&view), true),
        Where::Ns(i) => (route::ns_links(&view, i), route::ns_routes(&view, i), false),
    };
    let dev = rest
        .iter()
        .position(|w| *w == "dev")
        .and_then(|i| rest.get(i + 1).copied())
        .or_else(|| {
            rest.iter()
                .copied()
                .find(|w| !["show", "list", "lst", "sh", "ls"].contains(w))
        });
    let pick = |links: Vec<Link>| -> Result<Vec<Link>, String> {
        match dev {
            Some(d) => match links.into_iter().find(|l| l.name == d) {
                Some(l) => Ok(vec![l]),
                None => Err(format!("Device \"{d}\" does not exist.")),
            },
            None => Ok(links),
        }
    };
    // -4 / -6: only that family's addresses, only interfaces that have one.
    let links: Vec<Link> = links
        .into_iter()
        .map(|mut l| {
            if v6_only {
                l.addrs.clear();
                if host && l.kind == LinkKind::Loopback && iproute2 {
                    l.addrs6.insert(
                        0,
                        route::Link6Addr {
                            addr: std::net::Ipv6Addr::LOCALHOST,
                            prefix: 128,
                            scope: "host",
                            flags: "noprefixroute",
                        },
                    );
                }
            } else if v4_only {
                l.addrs6.clear();
            }
            l
        })
        .collect();
    let has_family =
        |l: &Link| (!v6_only || !l.addrs6.is_empty()) && (!v4_only || !l.addrs.is_empty());
    if v6_only && matches!(object, "r" | "ro" | "rou" | "rout" | "route") {
        for line in routes6(&links, &view, place) {
            out.outln(&line);
        }
        return out;
    }
    match object {
        "a" | "ad" | "add" | "addr" | "addre" | "addres" | "address" => match pick(links) {
            Ok(ls) => {
                for l in ls.iter().filter(|l| dev.is_some() || has_family(l)) {
                    if brief {
                        out.out(&brief_line(l, iproute2));
                    } else {
                        out.out(&link_text(l, true, iproute2, host, v4_only));
                    }
                }
            }
            Err(e) => out.fail(&e, 1),
        },
        "l" | "li" | "lin" | "link" => match pick(links) {
            Ok(ls) => {
                for l in &ls {
                    out.out(&link_text(l, false, iproute2, host, v4_only));
                }
            }
            Err(e) => out.fail(&e, 1),
        },
        "r" | "ro" | "rou" | "rout" | "route" => {
            for r in &routes {
                out.outln(&route_line(r, iproute2));
            }
        }
        "" => out.fail("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | neigh | rule | tunnel | maddress | monitor }", 255),
        other => out.fail_fmt(format_args!("Object \"{other}\" is unknown, try \"ip help\"."), 255),
    }
    out
}

fn flags(l: &Link, iproute2: bool) -> String {
    match l.kind {
        LinkKind::Loopback => "LOOPBACK,UP,LOWER_UP".into(),
        LinkKind::Bridge if !l.carrier => "NO-CARRIER,BROADCAST,MULTICAST,UP".into(),
        LinkKind::Veth { .. } if !iproute2 => "BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN".into(),
        _ => "BROADCAST,MULTICAST,UP,LOWER_UP".into(),
    }
}

fn ifname(l: &Link) -> String {
    match l.kind {
        LinkKind::Veth { peer } => format!("{}@if{peer}", l.name),
        _ => l.name.clone(),
    }
}

fn link_text(l: &Link, addrs: bool, iproute2: bool, host: bool, _v4_only: bool) -> String {
    let mut s = String::new();
    let qdisc = if l.kind == LinkKind::Ethernet {
        "fq_codel"
    } else {
        "noqueue"
    };
    let state = match l.kind {
        LinkKind::Loopback => "UNKNOWN",
        _ if !l.carrier => "DOWN",
        _ => "UP",
    };
    let master = l
        .master
        .as_ref()
        .map(|m| format!("master {m} "))
        .unwrap_or_default();
    if iproute2 {
        let qlen = if matches!(l.kind, LinkKind::Loopback | LinkKind::Ethernet) {
            "qlen 1000"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{}: {}: <{}> mtu {} qdisc {qdisc} {master}state {state} group default {qlen}",
            l.index,
            ifname(l),
            flags(l, true),
            l.mtu
        );
    } else {
        let qlen = if l.kind == LinkKind::Loopback {
            "qlen 1000"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{}: {}: <{}> mtu {} qdisc {qdisc} {master}state {state} {qlen}",
            l.index,
            ifname(l),
            flags(l, false),
            l.mtu
        );
    }
    let kind = if l.kind == LinkKind::Loopback {
        "loopback"
    } else {
        "ether"
    };
    let brd = if l.kind == LinkKind::Loopback {
        "00:00:00:00:00:00"
    } else {
        "ff:ff:ff:ff:ff:ff"
    };
    let netns = match (iproute2, &l.kind, l.netnsid) {
        (true, LinkKind::Veth { .. }, Some(id)) => format!(" link-netnsid {id}"),
        (true, LinkKind::Veth { .. }, None) if !host => " link-netnsid 0".to_string(),
        _ => String::new(),
    };
    let _ = writeln!(s, "    link/{kind} {} brd {brd}{netns}", l.mac);
    if addrs {
        for a in &l.addrs {
            let brd = a.brd.map(|b| format!(" brd {b}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "    inet {}/{}{brd} scope {} {}",
                a.addr, a.prefix, a.scope, l.name
            );
            s.push_str("       valid_lft forever preferred_lft forever\n");
        }
        if iproute2 && host && l.kind == LinkKind::Loopback && !_v4_only && l.addrs6.is_empty() {
            s.push_str("    inet6 ::1/128 scope host noprefixroute \n       valid_lft forever preferred_lft forever\n");
        }
        // iproute2 ends each flag with a space: "scope link \n", "scope global nodad \n".
        for a in &l.addrs6 {
            let flags = if a.flags.is_empty() {
                String::new()
            } else {
                format!("{} ", a.flags)
            };
            let _ = write!(s,
                "    inet6 {}/{} scope {} {flags}\n       valid_lft forever preferred_lft forever\n",
                a.addr, a.prefix, a.scope
            );
        }
    }
    s
}

fn brief_line(l: &Link, _iproute2: bool) -> String {
    let state = match l.kind {
        LinkKind::Loopback => "UNKNOWN",
        _ if !l.carrier => "DOWN",
        _ => "UP",
    };
    let addrs: Vec<String> = l
        .addrs
        .iter()
        .map(|a| format!("{}/{}", a.addr, a.prefix))
        .collect();
    format!("{:<16} {:<14} {} \n", ifname(l), state, addrs.join(" "))
}

fn route_line(r: &RouteEntry, iproute2: bool) -> String {
    let mut s = match r.dst {
        None => "default".to_string(),
        Some(d) => d.to_string(),
    };
    if let Some(v) = r.via {
        let _ = write!(s, " via {v}");
    }
    let _ = write!(s, " dev {}", r.dev);
    if iproute2 {
        if let Some(p) = r.proto {
            let _ = write!(s, " proto {p}");
        }
        if r.scope_link {
            s.push_str(" scope link");
        }
        if let Some(src) = r.src {
            let _ = write!(s, " src {src}");
        }
        if r.linkdown {
            s.push_str(" linkdown");
        }
        s.push(' ');
    } else {
        s.push(' ');
        if r.scope_link {
            s.push_str("scope link ");
        }
        if let Some(src) = r.src {
            let _ = write!(s, " src {src} ");
        }
    }
    s
}

/// `hostname` on the host: the name, or every address with `-I`.
pub fn hostname(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    match args.first().map(String::as_str) {
        Some("-I") | Some("--all-ip-addresses") => {
            let view = View::new(ctx.engine);
            let addrs: Vec<String> = route::host_addresses(&view)
                .iter()
                .map(|a| a.to_string())
                .collect();
            out.outln_fmt(format_args!("{} ", addrs.join(" ")));
        }
        Some("-i") | Some("--ip-address") => out.outln("127.0.1.1"),
        _ => out.outln(&ctx.engine.host.hostname),
    }
    out
}

/// `ip -6 route`: the kernel routes of each IPv6 address (its prefix, and
/// fe80::/64 for the link-local one) and, in a container on an `--ipv6`
/// gateway network, the default route via the network's IPv6 gateway.
fn routes6(links: &[Link], view: &View, place: Where) -> Vec<String> {
    let mut prefixes = Vec::new();
    let mut link_local = Vec::new();
    for l in links {
        for a in &l.addrs6 {
            match a.scope {
                "host" => prefixes.insert(
                    0,
                    format!("::1 dev {} proto kernel metric 256 pref medium", l.name),
                ),
                "link" => link_local.push(format!(
                    "fe80::/64 dev {} proto kernel metric 256 pref medium",
                    l.name
                )),
                _ => {
                    let net = ipnet::Ipv6Net::new(a.addr, a.prefix).map(|n| n.trunc());
                    if let Ok(net) = net {
                        prefixes.push(format!(
                            "{net} dev {} proto kernel metric 256 pref medium",
                            l.name
                        ));
                    }
                }
            }
        }
    }
    prefixes.extend(link_local);
    if let Where::Ns(i) = place {
        let n = &view.netns[i];
        if let Some((_, _, gw)) = n.gateway.and_then(|g| n.ifaces[g].endpoint.ipv6) {
            let dev = n.gateway.map(|g| n.ifaces[g].name()).unwrap_or("eth0");
            prefixes.push(format!(
                "default via {gw} dev {dev} metric 1024 pref medium"
            ));
        }
    }
    prefixes
}
