//! `nc`: busybox's netcat 1.10 port (`nc_bloaty.c`: `web (172.18.0.2:80)
//! open`, `nc: web (172.18.0.2:80): Connection refused`) and OpenBSD netcat on
//! the host and the laptop (`Connection to … port [tcp/http] succeeded!`,
//! `nc: connect to … port 80 (tcp) failed: Connection refused`).
//!
//! Supported: `nc HOST PORT` (sends what a pipe gives it: `nc -l` servers
//! write it to their log, HTTP servers answer a request line, nginx answers
//! anything else with its 400 page), `-z`, `-v`, `-u`, `-w SECONDS`, `-n`.
//! `nc -l` would block the terminal: start it as a container's main process.

use super::{record, Arg, Args, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::{Outcome, Probe, Unreachable};

#[derive(Default)]
struct Opts {
    zero: bool,
    verbose: u8,
    udp: bool,
    wait: Option<u64>,
    listen: bool,
    words: Vec<String>,
}

fn service(port: u16, udp: bool) -> &'static str {
    match (port, udp) {
        (22, false) => "ssh",
        (53, _) => "domain",
        (80, false) => "http",
        (443, _) => "https",
        (3306, false) => "mysql",
        (5432, false) => "postgresql",
        (8080, false) => "http-alt",
        _ => "*",
    }
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let mut o = Opts::default();
    let mut a = Args::new(args);
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('z') => o.zero = true,
            Arg::Flag('v') => o.verbose += 1,
            Arg::Flag('u') => o.udp = true,
            Arg::Flag('l') | Arg::Flag('k') => o.listen = true,
            Arg::Flag('n') | Arg::Flag('N') | Arg::Flag('4') => {}
            Arg::Flag('w') | Arg::Flag('W') => o.wait = a.value().and_then(|v| v.parse().ok()),
            Arg::Flag('p') | Arg::Flag('s') | Arg::Flag('i') => {
                let v = a.value();
                if arg == Arg::Flag('p') && o.listen {
                    o.words.extend(v);
                }
            }
            Arg::Flag(c) => {
                out.fail_fmt(format_args!("nc: invalid option -- '{c}'"), 1);
                return out;
            }
            Arg::Long(l) => {
                out.fail_fmt(format_args!("nc: unrecognized option '--{l}'"), 1);
                return out;
            }
            Arg::Word(w) => o.words.push(w.to_string()),
        }
    }
    if o.listen {
        out.fail(
            "[bridgeport] nc -l waits for a connection and would block this terminal. Run the listener as a container's main process instead, e.g. docker run -d --name srv alpine nc -lk -p 9000",
            1,
        );
        return out;
    }
    let (Some(host), Some(port)) = (o.words.first().cloned(), o.words.get(1).cloned()) else {
        if env.busybox() {
            out.fail("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen", 1);
        } else {
            out.fail("usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]", 1);
        }
        return out;
    };
    let Ok(port_n) = port.parse::<u16>() else {
        if env.busybox() {
            out.fail_fmt(format_args!("nc: bad port '{port}'"), 1);
        } else {
            out.fail_fmt(format_args!("nc: port number invalid: {port}"), 1);
        }
        return out;
    };
    let probe = if o.udp {
        Probe::udp(env.from.clone(), host.clone(), port_n)
    } else {
        Probe::tcp(env.from.clone(), host.clone(), port_n)
    }
    .in_round(env.round);
    let mut d = ctx.engine.send_real(&probe, ctx.now);
    record(ctx, &mut d);
    let proto = if o.udp { "udp" } else { "tcp" };
    let Some(ip) = d.resolved.map(|i| i.to_string()) else {
        if env.busybox() {
            out.fail_fmt(format_args!("nc: bad address '{host}'"), 1);
        } else {
            out.fail_fmt(
                format_args!(
                    "nc: getaddrinfo for host \"{host}\" port {port}: Name or service not known"
                ),
                1,
            );
        }
        return out;
    };
    // A UDP "connect" always succeeds; only -z probes and then learns of an ICMP error.
    let server = match &d.outcome {
        Outcome::Connected { server } => Some(server.clone()),
        _ => None,
    };
    let (ok, why) = match &d.outcome {
        Outcome::Connected { .. } => (true, ""),
        Outcome::TimedOut if o.udp => (true, ""),
        Outcome::Refused if o.udp && !o.zero => (true, ""),
        Outcome::Refused => (false, "Connection refused"),
        Outcome::Reset => (true, ""),
        Outcome::TimedOut => (false, "Connection timed out"),
        Outcome::Unreachable(Unreachable::Network) => (false, "Network is unreachable"),
        Outcome::Unreachable(Unreachable::Host) => (
            false,
            if env.busybox() {
                "Host is unreachable"
            } else {
                "No route to host"
            },
        ),
        _ => (false, "Connection refused"),
    };
    if env.busybox() {
        if ok {
            if o.verbose > 0 {
                out.errln_fmt(format_args!("{host} ({ip}:{port}) open"));
            }
        } else {
            out.fail_fmt(format_args!("nc: {host} ({ip}:{port}): {why}"), 1);
        }
    } else if ok {
        if o.verbose > 0 {
            let shown = if host == ip {
                host.clone()
            } else {
                format!("{host} ({ip})")
            };
            out.errln_fmt(format_args!(
                "Connection to {shown} {port} port [{proto}/{}] succeeded!",
                service(port_n, o.udp)
            ));
        }
    } else if why == "Connection timed out" && o.wait.is_some() {
        out.fail_fmt(
            format_args!(
                "nc: connect to {host} port {port} ({proto}) timed out: Operation now in progress"
            ),
            1,
        );
    } else {
        out.fail_fmt(
            format_args!("nc: connect to {host} port {port} ({proto}) failed: {why}"),
            1,
        );
    }
    if let (true, false, Some(server), Some(data)) = (ok, o.zero, server, env.stdin.as_deref()) {
        out.extend(converse(ctx, &server, data));
    }
    out
}

/// What a server does with the bytes `nc` sends it.
fn converse(ctx: &mut Ctx, server: &bridgeport_engine::net::Server, data: &str) -> Output {
    use bridgeport_engine::net::Service;
    use bridgeport_engine::program::Http;
    let mut out = Output::new();
    if data.is_empty() {
        return out;
    }
    if server.service == Service::NETCAT {
        // `nc -l` prints what it receives: it is in the listener's log.
        if let Some(id) = &server.container_id {
            for line in data.lines() {
                ctx.engine.log(id, false, line.to_string());
            }
        }
        return out;
    }
    let first = data.lines().next().unwrap_or("");
    let mut words = first.split_whitespace();
    let (method, path, version) = (
        words.next().unwrap_or(""),
        words.next().unwrap_or(""),
        words.next().unwrap_or(""),
    );
    let request =
        matches!(method, "GET" | "HEAD") && path.starts_with('/') && version.starts_with("HTTP/");
    if request {
        let host = data
            .lines()
            .find_map(|l| l.strip_prefix("Host:").or_else(|| l.strip_prefix("host:")))
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        if let Some(resp) = super::http::respond(
            ctx.engine,
            ctx.shells.files_ref(),
            server,
            method,
            path,
            &host,
            "",
            ctx.now,
        ) {
            out.out(&resp.head());
            out.out(&resp.body);
            return out;
        }
    }
    if server.service == Service::NGINX {
        // ngx_http_special_response.c: a request line it cannot parse.
        out.out_fmt(format_args!("HTTP/1.1 400 Bad Request\nServer: nginx/1.29.1\nDate: {}\nContent-Type: text/html\nContent-Length: 157\nConnection: close\n\n<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>nginx/1.29.1</center>\r\n</body>\r\n</html>\r\n", super::http::http_date(ctx.now)));
        return out;
    }
    if server.service == Service::REDIS {
        // Redis reads inline commands (protocol spec, "Inline commands").
        for line in data.lines() {
            match line.trim().to_ascii_uppercase().as_str() {
                "PING" => out.out("+PONG\r\n"),
                "" => {}
                _ => {
                    out.errln(
                        "[bridgeport] redis answers PING here; other commands are not simulated",
                    );
                    break;
                }
            }
        }
        return out;
    }
    if server.service.program().http != Http::Closes {
        out.errln_fmt(format_args!(
            "[bridgeport] what {} answers to these bytes is not simulated",
            server.service.label()
        ));
    }
    out
}
