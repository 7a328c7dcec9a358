//! `ss -tlnp` on the host (iproute2 6.1): the listening sockets of sshd, of
//! docker-proxy for each published port (IPv4 and IPv6), and of processes
//! in `--network host` containers.

use super::{Arg, Args};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::model::{NetworkMode, Process};
use bridgeport_engine::net::view::service_of;
use bridgeport_engine::ports::Proto;
use std::fmt::Write as _;
use std::net::IpAddr;

struct Row {
    proto: Proto,
    addr: String,
    port: u16,
    backlog: u32,
    process: String,
}

fn port_name(port: u16, proto: Proto) -> String {
    match (port, proto) {
        (22, Proto::Tcp) => "ssh".into(),
        (53, _) => "domain".into(),
        (80, Proto::Tcp) => "http".into(),
        (443, _) => "https".into(),
        (5432, Proto::Tcp) => "postgresql".into(),
        (8080, Proto::Tcp) => "http-alt".into(),
        _ => port.to_string(),
    }
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    let (mut tcp, mut udp, mut listening, mut numeric, mut procs, mut all) =
        (false, false, false, false, false, false);
    let mut a = Args::new(args);
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('t') | Arg::Long("tcp") => tcp = true,
            Arg::Flag('u') | Arg::Long("udp") => udp = true,
            Arg::Flag('l') | Arg::Long("listening") => listening = true,
            Arg::Flag('n') | Arg::Long("numeric") => numeric = true,
            Arg::Flag('p') | Arg::Long("processes") => procs = true,
            Arg::Flag('a') | Arg::Long("all") => all = true,
            Arg::Flag('4') | Arg::Flag('6') | Arg::Flag('e') | Arg::Flag('H') => {}
            Arg::Flag(c) => {
                out.fail_fmt(
                    format_args!("ss: invalid option -- '{c}'\nUsage: ss [ OPTIONS ]"),
                    1,
                );
                return out;
            }
            Arg::Long(l) => {
                out.fail_fmt(
                    format_args!("ss: unrecognized option '--{l}'\nUsage: ss [ OPTIONS ]"),
                    1,
                );
                return out;
            }
            Arg::Word(_) => {}
        }
    }
    if !tcp && !udp {
        tcp = true;
        udp = true;
    }
    let netid = tcp && udp;
    let mut rows: Vec<Row> = Vec::new();
    if listening || all {
        if tcp {
            rows.push(Row {
                proto: Proto::Tcp,
                addr: "0.0.0.0".into(),
                port: 22,
                backlog: 128,
                process: "users:((\"sshd\",pid=812,fd=3))".into(),
            });
        }
        for c in ctx.engine.containers().iter().filter(|c| c.is_running()) {
            for (i, b) in c.bindings.iter().enumerate() {
                if (b.proto == Proto::Tcp && !tcp) || (b.proto == Proto::Udp && !udp) {
                    continue;
                }
                let addr = match b.host_ip {
                    IpAddr::V4(ip) => ip.to_string(),
                    IpAddr::V6(ip) => format!("[{ip}]"),
                };
                let pid = c.pid.saturating_sub(6).saturating_add(i as u32);
                let backlog = if b.proto == Proto::Tcp { 4096 } else { 0 };
                rows.push(Row {
                    proto: b.proto,
                    addr,
                    port: b.host_port,
                    backlog,
                    process: format!("users:((\"docker-proxy\",pid={pid},fd=7))"),
                });
            }
            if c.network_mode == NetworkMode::Host {
                if let Process::Server { listeners } = &c.process {
                    let prog = service_of(c).program().ss;
                    for l in listeners {
                        if (l.proto == Proto::Tcp && !tcp) || (l.proto == Proto::Udp && !udp) {
                            continue;
                        }
                        let backlog = if l.proto == Proto::Tcp { 511 } else { 0 };
                        rows.push(Row {
                            proto: l.proto,
                            addr: l.addr.to_string(),
                            port: l.port,
                            backlog,
                            process: format!("users:((\"{prog}\",pid={},fd=6))", c.pid),
                        });
                    }
                }
            }
        }
        if tcp {
            rows.push(Row {
                proto: Proto::Tcp,
                addr: "[::]".into(),
                port: 22,
                backlog: 128,
                process: "users:((\"sshd\",pid=812,fd=4))".into(),
            });
        }
        // ss dumps UDP before TCP, and each family's IPv4 table before IPv6.
        bridgeport_golib::sort::sort_by_key(&mut rows, |r| {
            (r.proto == Proto::Tcp, r.addr.starts_with('['))
        });
    }
    let port_text = |r: &Row| {
        if numeric {
            r.port.to_string()
        } else {
            port_name(r.port, r.proto)
        }
    };
    let peer_addr = |r: &Row| {
        if r.addr.starts_with('[') {
            "[::]".to_string()
        } else {
            "0.0.0.0".to_string()
        }
    };
    let a_w = rows.iter().map(|r| r.addr.len()).max().unwrap_or(0).max(13);
    let p_w = rows
        .iter()
        .map(|r| port_text(r).len())
        .max()
        .unwrap_or(0)
        .max(4)
        + 1;
    let b_w = 12;
    let mut s = String::new();
    if netid {
        s.push_str("Netid ");
    }
    let _ = write!(
        s,
        "{:<6} {:<6} {:<6} {:>a_w$}:{:<p_w$} {:>b_w$}:{:<4}",
        "State", "Recv-Q", "Send-Q", "Local Address", "Port", "Peer Address", "Port"
    );
    if procs {
        s.push_str("Process");
    }
    out.outln(&s);
    for r in &rows {
        let mut s = String::new();
        if netid {
            let _ = write!(s, "{:<5} ", r.proto.as_str());
        }
        let state = if r.proto == Proto::Tcp {
            "LISTEN"
        } else {
            "UNCONN"
        };
        let _ = write!(
            s,
            "{:<6} {:<6} {:<6} {:>a_w$}:{:<p_w$} {:>b_w$}:{:<4}",
            state,
            0,
            r.backlog,
            r.addr,
            port_text(r),
            peer_addr(r),
            "*"
        );
        if procs {
            s.push(' ');
            s.push_str(&r.process);
        }
        out.outln(&s);
    }
    out
}
