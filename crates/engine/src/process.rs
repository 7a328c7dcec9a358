//! What a container's main process is, decided from its command line, and
//! what it writes to its log when it starts. This is where "nginx listens on
//! 80" and "busybox `nc -l -p 9000` listens on 9000" are decided.

use crate::image::ImageRef;
use crate::model::{Listener, LogLine, Process};
use crate::ports::Proto;
use crate::time::nginx_error;
use crate::Timestamp;
use std::net::Ipv4Addr;

const ANY: Ipv4Addr = Ipv4Addr::UNSPECIFIED;

fn tcp(port: u16) -> Listener {
    Listener {
        proto: Proto::Tcp,
        addr: ANY,
        port,
    }
}

/// The program a command line runs once wrapper scripts are looked through.
fn strip_wrappers(argv: &[String]) -> &[String] {
    let wrappers = [
        "/docker-entrypoint.sh",
        "docker-entrypoint.sh",
        "/entrypoint.sh",
        "tini",
        "--",
        "exec",
    ];
    let mut rest = argv;
    while let Some(first) = rest.first() {
        if wrappers.contains(&first.as_str()) {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    rest
}

/// The command a container really runs: entrypoint wrapper scripts looked
/// through, and, like the official images' `docker-entrypoint.sh` (`if [
/// "${1#-}" != "$1" ]; then set -- redis-server "$@"`), a first argument that
/// is a flag handed to the image's default program.
pub fn effective_argv(argv: &[String], image: &ImageRef) -> Vec<String> {
    let rest = strip_wrappers(argv);
    let wrapped = rest.len() < argv.len();
    match (rest.first(), image.image().and_then(|i| i.cmd.first())) {
        (Some(first), Some(program)) if wrapped && first.starts_with('-') => {
            std::iter::once(program.to_string())
                .chain(rest.iter().cloned())
                .collect()
        }
        _ => rest.to_vec(),
    }
}

fn program_name(arg: &str) -> &str {
    arg.rsplit('/').next().unwrap_or(arg)
}

/// The value after a flag (`-p 80`), or glued to it (`-p80`).
fn flag_value<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a == n {
                return args.get(i + 1).map(String::as_str);
            }
            if n.len() == 2 {
                if let Some(v) = a.strip_prefix(n) {
                    if !v.is_empty() && !v.starts_with('-') {
                        return Some(v);
                    }
                }
            }
            if let Some(v) = a.strip_prefix(&format!("{n}=")) {
                return Some(v);
            }
        }
    }
    None
}

fn has_short_flag(args: &[String], flag: char) -> bool {
    args.iter()
        .any(|a| a.starts_with('-') && !a.starts_with("--") && a[1..].contains(flag))
}

/// Classifies a main process. `argv` is entrypoint + cmd.
pub fn classify(argv: &[String]) -> Process {
    let argv = strip_wrappers(argv);
    let Some(first) = argv.first() else {
        return Process::OneShot;
    };
    let args = &argv[1..];
    match program_name(first) {
        "nginx" => Process::Server {
            listeners: vec![tcp(80)],
        },
        "httpd-foreground" => Process::Server {
            listeners: vec![tcp(80)],
        },
        "redis-server" => {
            let port = flag_value(args, &["--port"])
                .and_then(|p| p.parse().ok())
                .unwrap_or(6379);
            Process::Server {
                listeners: vec![tcp(port)],
            }
        }
        "postgres" => {
            let port = flag_value(args, &["-p"])
                .and_then(|p| p.parse().ok())
                .unwrap_or(5432);
            Process::Server {
                listeners: vec![tcp(port)],
            }
        }
        "whoami" => {
            let port = flag_value(args, &["--port", "-port"])
                .and_then(|p| p.parse().ok())
                .unwrap_or(80);
            Process::Server {
                listeners: vec![tcp(port)],
            }
        }
        "python" | "python3"
            if args.first().map(String::as_str) == Some("-m")
                && args.get(1).map(String::as_str) == Some("http.server") =>
        {
            let rest = &args[2..];
            let port = rest
                .iter()
                .find(|a| !a.starts_with('-'))
                .and_then(|p| p.parse().ok())
                .unwrap_or(8000);
            let bind = flag_value(rest, &["--bind", "-b"])
                .and_then(|b| b.parse().ok())
                .unwrap_or(ANY);
            // `--bind 127.0.0.1 8000`: the positional after a flag value is still the port.
            let port = rest
                .iter()
                .enumerate()
                .filter(|(i, a)| {
                    !a.starts_with('-')
                        && (*i == 0 || !["--bind", "-b"].contains(&rest[i - 1].as_str()))
                })
                .find_map(|(_, a)| a.parse().ok())
                .unwrap_or(port);
            Process::Server {
                listeners: vec![Listener {
                    proto: Proto::Tcp,
                    addr: bind,
                    port,
                }],
            }
        }
        "nc" | "netcat" if has_short_flag(args, 'l') => {
            let proto = if has_short_flag(args, 'u') {
                Proto::Udp
            } else {
                Proto::Tcp
            };
            let port = flag_value(args, &["-p"])
                .or_else(|| {
                    args.iter()
                        .rev()
                        .find(|a| !a.starts_with('-'))
                        .map(String::as_str)
                })
                .and_then(|p| p.parse().ok());
            let addr = flag_value(args, &["-s"])
                .and_then(|a| a.parse().ok())
                .unwrap_or(ANY);
            match port {
                Some(port) => Process::Server {
                    listeners: vec![Listener { proto, addr, port }],
                },
                None => Process::OneShot,
            }
        }
        "httpd" if has_short_flag(args, 'f') => {
            let spec = flag_value(args, &["-p"]).unwrap_or("80");
            let (addr, port) = match spec.rsplit_once(':') {
                Some((a, p)) => (a.parse().unwrap_or(ANY), p.parse().unwrap_or(80)),
                None => (ANY, spec.parse().unwrap_or(80)),
            };
            Process::Server {
                listeners: vec![Listener {
                    proto: Proto::Tcp,
                    addr,
                    port,
                }],
            }
        }
        "sleep" | "top" | "tail"
            if program_name(first) != "tail" || args.iter().any(|a| a == "-f" || a == "-F") =>
        {
            Process::Idle
        }
        "sh" | "bash" | "ash" | "zsh" | "dash"
            if args.is_empty() || args.iter().all(|a| a.starts_with('-') && a != "-c") =>
        {
            Process::Shell
        }
        "sh" | "bash" | "ash" | "zsh" | "dash"
            if args.first().map(String::as_str) == Some("-c") =>
        {
            let script = args.get(1).map(String::as_str).unwrap_or("");
            let words: Vec<String> = script.split_whitespace().map(str::to_string).collect();
            match classify(&words) {
                Process::Shell => Process::OneShot,
                other => other,
            }
        }
        "python" | "python3" if args.is_empty() => Process::Shell,
        _ => Process::OneShot,
    }
}

/// What the main process logs when it starts, per program.
pub fn startup_logs(argv: &[String], image: &ImageRef, now: Timestamp) -> Vec<LogLine> {
    let argv = strip_wrappers(argv);
    let prog = argv.first().map(|a| program_name(a)).unwrap_or("");
    let out = |t: &str| LogLine {
        stderr: false,
        text: t.to_string(),
    };
    let err = |t: String| LogLine {
        stderr: true,
        text: t,
    };
    let ts = nginx_error(now);
    match prog {
        "nginx" => {
            let mut lines = vec![
                out("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
                out("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
                out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
                out("10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"),
                out("10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"),
                out("/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"),
                out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"),
                out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"),
                out("/docker-entrypoint.sh: Configuration complete; ready for start up"),
            ];
            let built = if image.tag.contains("alpine") { "built by gcc 14.2.0 (Alpine 14.2.0) " } else { "built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) " };
            for notice in [
                "using the \"epoll\" event method",
                "nginx/1.29.1",
                built,
                "OS: Linux 6.8.0-bridgeport",
                "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
                "start worker processes",
                "start worker process 29",
                "start worker process 30",
            ] {
                lines.push(err(format!("{ts} [notice] 1#1: {notice}")));
            }
            lines
        }
        "redis-server" => vec![
            out("1:C 27 Nov 2026 00:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
            out("1:C 27 Nov 2026 00:00:00.000 * Redis version=8.2.1, bits=64, commit=00000000, modified=1, pid=1, just started"),
            out("1:M 27 Nov 2026 00:00:00.000 * Running mode=standalone, port=6379."),
            out("1:M 27 Nov 2026 00:00:00.000 * Server initialized"),
            out("1:M 27 Nov 2026 00:00:00.000 * Ready to accept connections tcp"),
        ],
        "httpd-foreground" => vec![
            err("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message".to_string()),
            err(format!("[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations")),
        ],
        "postgres" => vec![
            out("PostgreSQL init process complete; ready for start up."),
            err(format!("{ts} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432")),
            err(format!("{ts} UTC [1] LOG:  database system is ready to accept connections")),
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn listeners(s: &str) -> Vec<(Proto, String, u16)> {
        match classify(&argv(s)) {
            Process::Server { listeners } => listeners
                .iter()
                .map(|l| (l.proto, l.addr.to_string(), l.port))
                .collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn servers_listen_where_their_programs_do() {
        let cases: &[(&str, Proto, &str, u16)] = &[
            (
                "/docker-entrypoint.sh nginx -g daemon",
                Proto::Tcp,
                "0.0.0.0",
                80,
            ),
            (
                "docker-entrypoint.sh redis-server",
                Proto::Tcp,
                "0.0.0.0",
                6379,
            ),
            ("redis-server --port 7000", Proto::Tcp, "0.0.0.0", 7000),
            ("python -m http.server", Proto::Tcp, "0.0.0.0", 8000),
            (
                "python3 -m http.server 9000 --bind 127.0.0.1",
                Proto::Tcp,
                "127.0.0.1",
                9000,
            ),
            (
                "python3 -m http.server --bind 127.0.0.1 9001",
                Proto::Tcp,
                "127.0.0.1",
                9001,
            ),
            ("nc -l -p 9000", Proto::Tcp, "0.0.0.0", 9000),
            ("nc -lk -p 9000", Proto::Tcp, "0.0.0.0", 9000),
            ("nc -lu -p 53", Proto::Udp, "0.0.0.0", 53),
            ("nc -l 7000", Proto::Tcp, "0.0.0.0", 7000),
            ("httpd -f -p 8000", Proto::Tcp, "0.0.0.0", 8000),
            ("httpd -f -p 127.0.0.1:8001", Proto::Tcp, "127.0.0.1", 8001),
        ];
        for (cmd, proto, addr, port) in cases {
            assert_eq!(
                listeners(cmd),
                vec![(*proto, addr.to_string(), *port)],
                "{cmd}"
            );
        }
    }

    #[test]
    fn a_shell_script_is_classified_by_what_it_runs() {
        let argv: Vec<String> = vec!["sh".into(), "-c".into(), "nc -l -p 5000".into()];
        assert!(
            matches!(classify(&argv), Process::Server { listeners } if listeners[0].port == 5000)
        );
    }

    #[test]
    fn a_flag_after_an_entrypoint_script_goes_to_the_default_program() {
        let curl = ImageRef::parse("curlimages/curl").unwrap();
        assert_eq!(
            effective_argv(&argv("/entrypoint.sh -s http://web"), &curl),
            argv("curl -s http://web")
        );
        let redis = ImageRef::parse("redis").unwrap();
        assert_eq!(
            effective_argv(&argv("docker-entrypoint.sh --port 7000"), &redis),
            argv("redis-server --port 7000")
        );
        assert_eq!(effective_argv(&argv("echo hi"), &redis), argv("echo hi"));
    }

    #[test]
    fn shells_idlers_and_one_shots() {
        assert_eq!(classify(&argv("/bin/sh")), Process::Shell);
        assert_eq!(classify(&argv("sleep infinity")), Process::Idle);
        assert_eq!(classify(&argv("tail -f /dev/null")), Process::Idle);
        assert_eq!(classify(&argv("echo hi")), Process::OneShot);
        assert_eq!(classify(&argv("ping -c 1 db")), Process::OneShot);
        // busybox httpd without -f daemonises: the main process exits at once.
        assert_eq!(classify(&argv("httpd -p 8000")), Process::OneShot);
        assert_eq!(classify(&[]), Process::OneShot);
    }
}
