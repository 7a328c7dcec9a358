//! `curl`: the host's curl 8.5.0 (Ubuntu 24.04) and each image's own curl.
//! Error lines follow curl's `failf` texts (`lib/connect.c`, `lib/hostip.c`,
//! `lib/multi.c`) and `curl_easy_strerror` for the version (reference §3:
//! 7.86–8.8 "Couldn't connect to server", 8.9+ "Could not connect to server").
//!
//! Supported: `-s -S -v -I -i -f -L -o FILE -O -w FORMAT -m/--max-time
//! --connect-timeout -X -H -A -d -k --http1.1`, `http://` and `https://` URLs
//! (TLS is not simulated: https answers like http).

use super::http;
use super::{jitter, record, Arg, Args, Env};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::{Outcome, Payload, Probe, Unreachable};
use bridgeport_engine::program::Http;

#[derive(Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    verbose: bool,
    head: bool,
    include: bool,
    fail: bool,
    output: Option<String>,
    write_out: Option<String>,
    max_time: Option<f64>,
    connect_timeout: Option<f64>,
    method: Option<String>,
    user_agent: Option<String>,
    url: Option<String>,
}

struct Url {
    host: String,
    port: u16,
    path: String,
    /// The Host header value.
    authority: String,
}

fn parse_url(raw: &str) -> Result<Url, (i32, String)> {
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), raw),
    };
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        other => return Err((1, format!("Protocol \"{other}\" not supported"))),
    };
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_string()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_string()),
    };
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h.to_string(), p),
            Err(_) => {
                return Err((
                    3,
                    "URL rejected: Port number was not a decimal number between 0 and 65535"
                        .to_string(),
                ))
            }
        },
        None => (authority.to_string(), default_port),
    };
    if host.is_empty() {
        return Err((3, "URL rejected: No host part in the URL".to_string()));
    }
    let authority = if port == default_port {
        host.clone()
    } else {
        format!("{host}:{port}")
    };
    Ok(Url {
        host,
        port,
        path,
        authority,
    })
}

fn parse(args: &[String]) -> Result<Opts, (i32, String)> {
    let mut o = Opts::default();
    let mut a = Args::new(args);
    let secs = |v: Option<String>, flag: &str| -> Result<f64, (i32, String)> {
        v.as_deref()
            .and_then(bridgeport_golib::decimal::parse)
            .ok_or((
                2,
                format!("option {flag}: expected a proper numerical parameter"),
            ))
    };
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('s') => o.silent = true,
            Arg::Flag('S') => o.show_error = true,
            Arg::Flag('v') => o.verbose = true,
            Arg::Flag('I') => o.head = true,
            Arg::Flag('i') => o.include = true,
            Arg::Flag('f') => o.fail = true,
            Arg::Flag('L') | Arg::Flag('k') | Arg::Flag('4') | Arg::Flag('N') | Arg::Flag('g') => {}
            Arg::Flag('o') => o.output = a.value(),
            Arg::Flag('O') => o.output = Some("-O".into()),
            Arg::Flag('w') => o.write_out = a.value(),
            Arg::Flag('m') => o.max_time = Some(secs(a.value(), "-m")?),
            Arg::Flag('X') => o.method = a.value(),
            Arg::Flag('A') => o.user_agent = a.value(),
            Arg::Flag('H') | Arg::Flag('d') | Arg::Flag('u') | Arg::Flag('e') | Arg::Flag('b') => {
                let v = a.value();
                if arg == Arg::Flag('d') && o.method.is_none() {
                    o.method = Some("POST".into());
                }
                let _ = v;
            }
            Arg::Flag(c) => return Err((2, format!("option -{c}: is unknown"))),
            Arg::Long(l) => {
                let (name, inline) = match l.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (l, None),
                };
                let val = |a: &mut Args| inline.clone().or_else(|| a.value());
                match name {
                    "silent" => o.silent = true,
                    "show-error" => o.show_error = true,
                    "verbose" => o.verbose = true,
                    "head" => o.head = true,
                    "include" => o.include = true,
                    "fail" => o.fail = true,
                    "location" | "insecure" | "http1.1" | "http1.0" | "ipv4" | "no-buffer"
                    | "compressed" | "globoff" => {}
                    "output" => o.output = val(&mut a),
                    "write-out" => o.write_out = val(&mut a),
                    "max-time" => o.max_time = Some(secs(val(&mut a), "--max-time")?),
                    "connect-timeout" => {
                        o.connect_timeout = Some(secs(val(&mut a), "--connect-timeout")?)
                    }
                    "request" => o.method = val(&mut a),
                    "user-agent" => o.user_agent = val(&mut a),
                    "header" | "data" | "user" | "referer" | "cookie" => {
                        let _ = val(&mut a);
                    }
                    other => return Err((2, format!("option --{other}: is unknown"))),
                }
            }
            Arg::Word(w) => o.url = Some(w.to_string()),
        }
    }
    Ok(o)
}

fn fail(out: &mut Output, o: &Opts, code: i32, msg: &str) {
    if !o.silent || o.show_error {
        out.errln_fmt(format_args!("curl: ({code}) {msg}"));
    }
    out.code = code;
}

/// curl's progress meter, shown when the body goes to a file and -s is off.
fn meter(out: &mut Output, size: usize, ok: bool) {
    out.err("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n");
    if ok {
        let speed = if size >= 1024 {
            format!("{}k", size * 1000 / 1024)
        } else {
            size.to_string()
        };
        out.err_fmt(format_args!("100 {size:>5}  100 {size:>5}    0     0 {speed:>6}      0 --:--:-- --:--:-- --:--:-- {speed:>6}\n"));
    } else {
        out.err("  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n");
    }
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    let o = match parse(args) {
        Ok(o) => o,
        Err((code, msg)) => {
            out.fail_fmt(
                format_args!(
                    "curl: {msg}\ncurl: try 'curl --help' or 'curl --manual' for more information"
                ),
                code,
            );
            return out;
        }
    };
    let Some(raw) = o.url.clone() else {
        out.fail("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information", 2);
        return out;
    };
    let url = match parse_url(&raw) {
        Ok(u) => u,
        Err((code, msg)) => {
            fail(&mut out, &o, code, &msg);
            return out;
        }
    };
    let method = o
        .method
        .clone()
        .unwrap_or_else(|| if o.head { "HEAD".into() } else { "GET".into() });
    let ua = o
        .user_agent
        .clone()
        .unwrap_or_else(|| format!("curl/{}", env.curl_version));
    let to_file = o.output.is_some();
    let show_meter = to_file && !o.silent;
    let probe = Probe::tcp(env.from.clone(), url.host.clone(), url.port)
        .with_payload(Payload::Http {
            method: method.clone(),
            path: url.path.clone(),
        })
        .in_round(env.round);
    let mut d = ctx.engine.send_real(&probe, ctx.now);
    record(ctx, &mut d);
    let ip = d.resolved.map(|i| i.to_string()).unwrap_or_default();
    if o.verbose && d.resolved.is_some() {
        out.errln_fmt(format_args!("*   Trying {ip}:{}...", url.port));
    }
    let host = &url.host;
    let port = url.port;
    let conn_err = env.curl_connect_error();
    let timeout_ms = o
        .connect_timeout
        .or(o.max_time)
        .map(|s| (s * 1000.0) as u64);
    let outcome = d.outcome.clone();
    // A failed transfer still writes -w, after the error, with the HTTP code
    // 000 (curl's tool_operate.c post_per_transfer: ourWriteOut runs for
    // every transfer; tool_writeout.c prints the code as %03ld).
    let failure = |out: &mut Output, code: i32, msg: String| {
        if show_meter {
            meter(out, 0, false);
        }
        fail(out, &o, code, &msg);
        if let Some(fmt) = &o.write_out {
            out.out(&write_out(
                fmt,
                &Transfer {
                    status: 0,
                    ip: &ip,
                    port,
                    local: "",
                    size: 0,
                },
            ));
        }
    };
    let server = match outcome {
        Outcome::NameNotFound => {
            failure(&mut out, 6, format!("Could not resolve host: {host}"));
            return out;
        }
        Outcome::Unreachable(u) => {
            let ms = match u {
                Unreachable::Network => 0,
                Unreachable::Host => 3000 + jitter(&[host, "arp"], 120),
            };
            if o.verbose {
                let why = if u == Unreachable::Network {
                    "Network is unreachable"
                } else {
                    "No route to host"
                };
                out.errln_fmt(format_args!("* connect to {ip} port {port} failed: {why}"));
            }
            failure(
                &mut out,
                7,
                format!("Failed to connect to {host} port {port} after {ms} ms: {conn_err}"),
            );
            return out;
        }
        Outcome::Refused => {
            if o.verbose {
                out.errln_fmt(format_args!(
                    "* connect to {ip} port {port} failed: Connection refused"
                ));
            }
            let ms = d.rtt_us / 1000;
            failure(
                &mut out,
                7,
                format!("Failed to connect to {host} port {port} after {ms} ms: {conn_err}"),
            );
            return out;
        }
        Outcome::TimedOut => {
            match timeout_ms {
                Some(t) => failure(
                    &mut out,
                    28,
                    format!(
                        "Connection timed out after {} milliseconds",
                        t + 1 + jitter(&[host, "t"], 3)
                    ),
                ),
                None => {
                    let ms = 129_000 + jitter(&[host, &port.to_string()], 5000);
                    if o.verbose {
                        out.errln_fmt(format_args!(
                            "* connect to {ip} port {port} failed: Connection timed out"
                        ));
                    }
                    failure(
                        &mut out,
                        28,
                        format!(
                            "Failed to connect to {host} port {port} after {ms} ms: {conn_err}"
                        ),
                    );
                }
            }
            return out;
        }
        Outcome::Reset => {
            if o.verbose {
                out.errln_fmt(format_args!("* Connected to {host} ({ip}) port {port}"));
                out.errln_fmt(format_args!(
                    "> {method} {} HTTP/1.1\n> Host: {}\n> User-Agent: {ua}\n> Accept: */*\n> ",
                    url.path, url.authority
                ));
                out.errln("* Recv failure: Connection reset by peer\n* Closing connection");
            }
            failure(
                &mut out,
                56,
                "Recv failure: Connection reset by peer".to_string(),
            );
            return out;
        }
        Outcome::Connected { server } => server,
        Outcome::Resolved { .. } => return out,
    };
    if o.verbose {
        out.errln_fmt(format_args!("* Connected to {host} ({ip}) port {port}"));
        out.errln_fmt(format_args!(
            "> {method} {} HTTP/1.1\n> Host: {}\n> User-Agent: {ua}\n> Accept: */*\n> ",
            url.path, url.authority
        ));
    }
    let Some(resp) = http::respond(
        ctx.engine,
        ctx.shells.files_ref(),
        &server,
        &method,
        &url.path,
        &url.authority,
        &ua,
        ctx.now,
    ) else {
        match server.service.program().http {
            Http::NotHttp => failure(
                &mut out,
                1,
                "Received HTTP/0.9 when not allowed".to_string(),
            ),
            Http::Unsimulated | Http::Redirect(_) => {
                out.errln(&http::not_simulated(&server).unwrap_or_default())
            }
            _ => failure(&mut out, 52, "Empty reply from server".to_string()),
        }
        return out;
    };
    http::log_request(ctx.engine, &server, &method, &url.path, &resp, &ua, ctx.now);
    if o.verbose {
        for line in resp.head().lines() {
            out.errln_fmt(format_args!("< {line}"));
        }
    }
    if o.fail && resp.status >= 400 {
        failure(
            &mut out,
            22,
            format!("The requested URL returned error: {}", resp.status),
        );
        return out;
    }
    let mut stdout = String::new();
    if o.head || o.include {
        stdout.push_str(&resp.head());
    }
    if !o.head {
        stdout.push_str(&resp.body);
    }
    if to_file {
        if show_meter {
            meter(&mut out, resp.body.len(), true);
        }
    } else {
        out.out(&stdout);
    }
    if o.verbose {
        out.errln_fmt(format_args!("* Connection #0 to host {host} left intact"));
    }
    if let Some(fmt) = &o.write_out {
        let local = server.peer.ip().to_string();
        out.out(&write_out(
            fmt,
            &Transfer {
                status: resp.status,
                ip: &ip,
                port,
                local: &local,
                size: resp.body.len(),
            },
        ));
    }
    out
}

/// What `-w` reports of one transfer: `status` 0 when no response came.
struct Transfer<'a> {
    status: u16,
    ip: &'a str,
    port: u16,
    local: &'a str,
    size: usize,
}

/// `-w` variables curl users reach for.
fn write_out(fmt: &str, t: &Transfer) -> String {
    let mut s = fmt.replace("\\n", "\n").replace("\\t", "\t");
    let code = format!("{:03}", t.status);
    for (k, v) in [
        ("%{http_code}", code.clone()),
        ("%{response_code}", code),
        ("%{remote_ip}", t.ip.to_string()),
        (
            "%{remote_port}",
            if t.ip.is_empty() {
                "0".to_string()
            } else {
                t.port.to_string()
            },
        ),
        ("%{local_ip}", t.local.to_string()),
        ("%{size_download}", t.size.to_string()),
        ("%{time_total}", "0.001234".to_string()),
    ] {
        s = s.replace(k, &v);
    }
    s
}
