//! `wget`: busybox's applet (`Connecting to web (172.18.0.2:80)`, `wget:
//! can't connect to remote host (…): Connection refused`, busybox
//! `networking/wget.c`) and GNU Wget 1.21 on the host and the laptop.
//! Supported: `-q`, `-O FILE` / `-O -`, `-T SECONDS`, `-S`, `--spider`, `-U`.

use super::http::{self, Response};
use super::{record, Arg, Args, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::{Outcome, Payload, Probe, Rcode, Server, Unreachable};
use bridgeport_engine::time;

#[derive(Default)]
struct Opts {
    quiet: bool,
    output: Option<String>,
    timeout: Option<u64>,
    server_response: bool,
    spider: bool,
    user_agent: Option<String>,
    url: Option<String>,
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut a = Args::new(args);
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('q') => o.quiet = true,
            Arg::Flag('O') => o.output = a.value(),
            Arg::Flag('T') => o.timeout = a.value().and_then(|v| v.parse().ok()),
            Arg::Flag('S') => o.server_response = true,
            Arg::Flag('U') => o.user_agent = a.value(),
            Arg::Flag('c') | Arg::Flag('4') | Arg::Flag('n') => {}
            Arg::Flag('Y') | Arg::Flag('P') | Arg::Flag('t') => {
                let _ = a.value();
            }
            Arg::Flag(c) => return Err(format!("invalid option -- '{c}'")),
            Arg::Long(l) => {
                let (name, inline) = match l.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (l, None),
                };
                match name {
                    "quiet" => o.quiet = true,
                    "spider" => o.spider = true,
                    "server-response" => o.server_response = true,
                    "output-document" => o.output = inline.or_else(|| a.value()),
                    "timeout" => {
                        o.timeout = inline.or_else(|| a.value()).and_then(|v| v.parse().ok())
                    }
                    "user-agent" => o.user_agent = inline.or_else(|| a.value()),
                    "no-check-certificate" | "no-verbose" => {}
                    other => return Err(format!("unrecognized option '--{other}'")),
                }
            }
            Arg::Word(w) => o.url = Some(w.to_string()),
        }
    }
    Ok(o)
}

struct Target {
    host: String,
    port: u16,
    path: String,
    url: String,
}

fn target(raw: &str) -> Target {
    let rest = raw.split_once("://").map(|(_, r)| r).unwrap_or(raw);
    let (auth, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match auth.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap_or(80)),
        None => (auth.to_string(), 80),
    };
    let url = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("http://{raw}")
    };
    let url = if rest.contains('/') {
        url
    } else {
        format!("{url}/")
    };
    Target {
        host,
        port,
        path,
        url,
    }
}

fn file_name(path: &str) -> String {
    let last = path
        .split('?')
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    if last.is_empty() {
        "index.html".to_string()
    } else {
        last.to_string()
    }
}

fn busybox_bar(name: &str, size: usize) -> String {
    format!(
        "{:<20.20}{:>4}% |{}| {:>5}  0:00:00 ETA",
        name,
        100,
        "*".repeat(32),
        size
    )
}

enum Got {
    Answer(Response),
    Failed(Outcome),
    /// The server took the connection and answered no HTTP (or what it
    /// answers is not simulated).
    NoHttp(Server),
}

fn fetch(ctx: &mut Ctx, env: &Env, t: &Target, ua: &str) -> (Got, Option<String>) {
    let probe = Probe::tcp(env.from.clone(), t.host.clone(), t.port)
        .with_payload(Payload::Http {
            method: "GET".into(),
            path: t.path.clone(),
        })
        .in_round(env.round);
    let mut d = ctx.engine.send_real(&probe, ctx.now);
    record(ctx, &mut d);
    let ip = d.resolved.map(|i| i.to_string());
    let servfail = d
        .lookup
        .as_ref()
        .is_some_and(|l| l.rcode == Some(Rcode::ServFail) || l.no_server.is_some());
    let got = match d.outcome {
        Outcome::Connected { server } => {
            let authority = if t.port == 80 {
                t.host.clone()
            } else {
                format!("{}:{}", t.host, t.port)
            };
            match http::respond(
                ctx.engine,
                ctx.shells.files_ref(),
                &server,
                "GET",
                &t.path,
                &authority,
                ua,
                ctx.now,
            ) {
                Some(resp) => {
                    http::log_request(ctx.engine, &server, "GET", &t.path, &resp, ua, ctx.now);
                    Got::Answer(resp)
                }
                None => Got::NoHttp(server),
            }
        }
        Outcome::NameNotFound if servfail => {
            Got::Failed(Outcome::Unreachable(Unreachable::Network))
        }
        other => Got::Failed(other),
    };
    (got, ip)
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    if env.busybox() {
        busybox(ctx, env, args)
    } else {
        gnu(ctx, env, args)
    }
}

fn busybox(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            out.fail_fmt(format_args!("wget: {e}"), 1);
            return out;
        }
    };
    let Some(raw) = o.url.clone() else {
        out.fail("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...", 1);
        return out;
    };
    let ua = o.user_agent.clone().unwrap_or_else(|| "Wget".to_string());
    let mut t = target(&raw);
    for _redirect in 0..3 {
        let (got, ip) = fetch(ctx, env, &t, &ua);
        let Some(ip) = ip else {
            out.fail_fmt(format_args!("wget: bad address '{}'", t.host), 1);
            return out;
        };
        if !o.quiet {
            out.errln_fmt(format_args!("Connecting to {} ({ip}:{})", t.host, t.port));
        }
        let resp = match got {
            Got::Answer(r) => r,
            Got::NoHttp(server) if http::not_simulated(&server).is_some() => {
                out.errln(&http::not_simulated(&server).unwrap_or_default());
                return out;
            }
            Got::NoHttp(_) => {
                out.fail("wget: error getting response", 1);
                return out;
            }
            Got::Failed(Outcome::Reset) => {
                out.fail("wget: error getting response: Connection reset by peer", 1);
                return out;
            }
            Got::Failed(Outcome::TimedOut) if o.timeout.is_some() => {
                out.fail("wget: download timed out", 1);
                return out;
            }
            Got::Failed(outcome) => {
                let why = match outcome {
                    Outcome::Refused => "Connection refused",
                    Outcome::TimedOut => "Connection timed out",
                    Outcome::Unreachable(Unreachable::Network) => "Network is unreachable",
                    Outcome::Unreachable(Unreachable::Host) => "Host is unreachable",
                    _ => "Connection refused",
                };
                out.fail_fmt(
                    format_args!("wget: can't connect to remote host ({ip}): {why}"),
                    1,
                );
                return out;
            }
        };
        if o.server_response {
            for line in resp.head().lines().filter(|l| !l.is_empty()) {
                out.errln_fmt(format_args!("  {line}"));
            }
        }
        if matches!(resp.status, 301 | 302) {
            if let Some((_, loc)) = resp.headers.iter().find(|(k, _)| *k == "Location") {
                t = target(loc);
                continue;
            }
        }
        if resp.status >= 400 {
            out.fail_fmt(
                format_args!("wget: server returned error: {}", resp.status_line()),
                1,
            );
            return out;
        }
        if o.spider {
            if !o.quiet {
                out.errln("remote file exists");
            }
            return out;
        }
        let to_stdout = o.output.as_deref() == Some("-");
        let name = o.output.clone().unwrap_or_else(|| file_name(&t.path));
        if to_stdout {
            if !o.quiet {
                out.errln("writing to stdout");
            }
            out.out(&resp.body);
            if !o.quiet {
                out.errln(&busybox_bar("-", resp.body.len()));
                out.errln("written to stdout");
            }
        } else if !o.quiet {
            out.errln_fmt(format_args!("saving to '{name}'"));
            out.errln(&busybox_bar(&name, resp.body.len()));
            out.errln_fmt(format_args!("'{name}' saved"));
        }
        return out;
    }
    out.fail("wget: too many redirections", 1);
    out
}

fn gnu(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            out.fail_fmt(format_args!("wget: {e}\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options."), 2);
            return out;
        }
    };
    let Some(raw) = o.url.clone() else {
        out.fail("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.", 1);
        return out;
    };
    let ua = o
        .user_agent
        .clone()
        .unwrap_or_else(|| "Wget/1.21.4".to_string());
    let t = target(&raw);
    let stamp = time::nginx_error(ctx.now).replace('/', "-");
    if !o.quiet {
        out.errln_fmt(format_args!("--{stamp}--  {}", t.url));
    }
    let literal = t.host.parse::<std::net::Ipv4Addr>().is_ok();
    let (got, ip) = fetch(ctx, env, &t, &ua);
    let Some(ip) = ip else {
        if !o.quiet {
            out.errln_fmt(format_args!(
                "Resolving {} ({})... failed: Name or service not known.",
                t.host, t.host
            ));
        }
        out.fail_fmt(
            format_args!("wget: unable to resolve host address ‘{}’", t.host),
            4,
        );
        return out;
    };
    if !o.quiet {
        if literal {
            out.err_fmt(format_args!("Connecting to {ip}:{}... ", t.port));
        } else {
            out.errln_fmt(format_args!("Resolving {} ({})... {ip}", t.host, t.host));
            out.err_fmt(format_args!(
                "Connecting to {} ({})|{ip}|:{}... ",
                t.host, t.host, t.port
            ));
        }
    }
    let resp = match got {
        Got::Answer(r) => r,
        Got::NoHttp(server) if http::not_simulated(&server).is_some() => {
            out.errln(&http::not_simulated(&server).unwrap_or_default());
            return out;
        }
        Got::NoHttp(_) => {
            if !o.quiet {
                out.errln("connected.\nHTTP request sent, awaiting response... No data received.\nRetrying.\n");
            }
            out.code = 4;
            return out;
        }
        Got::Failed(outcome) => {
            let why = match outcome {
                Outcome::Refused => "Connection refused",
                Outcome::TimedOut => "Connection timed out",
                Outcome::Reset => "Connection reset by peer",
                Outcome::Unreachable(Unreachable::Network) => "Network is unreachable",
                Outcome::Unreachable(Unreachable::Host) => "No route to host",
                _ => "Connection refused",
            };
            if !o.quiet {
                out.errln_fmt(format_args!("failed: {why}."));
            }
            out.code = 4;
            return out;
        }
    };
    if !o.quiet {
        out.errln("connected.");
        out.errln_fmt(format_args!(
            "HTTP request sent, awaiting response... {} {}",
            resp.status, resp.reason
        ));
    }
    if resp.status >= 400 {
        if !o.quiet {
            out.errln_fmt(format_args!(
                "{stamp} ERROR {}: {}.\n",
                resp.status, resp.reason
            ));
        }
        out.code = 8;
        return out;
    }
    let name = o.output.clone().unwrap_or_else(|| file_name(&t.path));
    let len = resp.body.len();
    let ctype = resp
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if !o.quiet {
        out.errln_fmt(format_args!(
            "Length: {len} [{}]",
            ctype.split(';').next().unwrap_or("")
        ));
        if name == "-" {
            out.errln("Saving to: ‘STDOUT’\n");
        } else {
            out.errln_fmt(format_args!("Saving to: ‘{name}’\n"));
        }
    }
    if name == "-" {
        out.out(&resp.body);
    }
    if !o.quiet {
        let shown = if name == "-" { "-" } else { name.as_str() };
        out.errln_fmt(format_args!(
            "{shown:<19} 100%[===================>] {len:>7}  --.-KB/s    in 0s      \n"
        ));
        let target = if name == "-" {
            "written to stdout".to_string()
        } else {
            format!("‘{name}’ saved")
        };
        out.errln_fmt(format_args!(
            "{stamp} (48.9 MB/s) - {target} [{len}/{len}]\n"
        ));
    }
    out
}
