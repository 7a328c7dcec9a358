//! The program table: what a program is, classified once. A row says which
//! executables run it, what it listens on (from its arguments), what it
//! logs when it starts, its name in `ss -p` and in traces, and how it
//! answers an HTTP request. `process` (the main process's kind and
//! sockets), `net::view` (who owns a socket), the trace notes, `ss`,
//! `curl`/`wget` and the command layer's HTTP answers all read it.
//!
//! The generic programs (busybox `nc`/`httpd`, `python -m http.server`, the
//! host's sshd, DNS and web servers) are [`PROGRAMS`]; a server an image
//! brings (nginx, redis, …) is written in that image's catalogue entry
//! ([`crate::image::Image::programs`]), so adding an image is one entry.
//! [`all`] is both, in that order.

use crate::image::ImageRef;
use crate::model::{Listener, LogLine};
use crate::ports::Proto;
use crate::Timestamp;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// A program that answers on a socket, by its table key ("nginx"). Two
/// programs may share one when they answer alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Service(&'static str);

impl Service {
    pub const NGINX: Service = Service("nginx");
    pub const HTTPD: Service = Service("httpd");
    /// busybox `httpd -f`: serves files from `-h DIR`, 404 for the rest.
    pub const BUSYBOX_HTTPD: Service = Service("busybox-httpd");
    pub const REDIS: Service = Service("redis");
    pub const POSTGRES: Service = Service("postgres");
    pub const WHOAMI: Service = Service("whoami");
    /// `python -m http.server`.
    pub const PYTHON_HTTP: Service = Service("python-http");
    /// `nc -l`: prints what it receives.
    pub const NETCAT: Service = Service("netcat");
    /// The host's OpenSSH server.
    pub const SSHD: Service = Service("sshd");
    /// A DNS server (the LAN router, a public resolver, Docker's embedded one).
    pub const DNS: Service = Service("dns");
    /// A web server somewhere on the internet.
    pub const WEB_SITE: Service = Service("web-site");
    /// Something listening that Bridgeport has no row for.
    pub const OTHER: Service = Service("other");

    /// A service named by a catalogue entry (its program's table key).
    pub const fn from_static(key: &'static str) -> Service {
        Service(key)
    }

    /// A service by its key ("nginx"); keys outside the table are [`Service::OTHER`].
    pub fn from_key(key: &str) -> Service {
        all()
            .find(|p| p.service.0 == key)
            .map_or(Service::OTHER, |p| p.service)
    }

    pub fn key(self) -> &'static str {
        self.0
    }

    /// The table row: the first program that answers as this service.
    pub fn program(self) -> &'static Program {
        all()
            .find(|p| p.service == self)
            .unwrap_or(&PROGRAMS[PROGRAMS.len() - 1])
    }

    /// How traces name it: "nginx", "python http.server", "a DNS server".
    pub fn label(self) -> &'static str {
        self.program().label
    }
}

impl Serialize for Service {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Service, D::Error> {
        let key = String::deserialize(d)?;
        Ok(Service::from_key(&key))
    }
}

/// What a program's sockets are, given its arguments.
#[derive(Debug, Clone, Copy)]
pub enum Listen {
    /// Not a server here (the host's and the internet's services, whose
    /// sockets the engine places itself).
    Nothing,
    /// TCP ports on all addresses; the first can be changed with one of
    /// `flags` (`--port 7000`, `-p7000`, `--port=7000`).
    Tcp(&'static [u16], &'static [&'static str]),
    /// Decided by reading the arguments; `None`: this invocation serves
    /// nothing (`python` without `-m http.server`, `nc` without `-l`).
    Parse(fn(&[String]) -> Option<Vec<Listener>>),
}

/// How a program answers an HTTP request (what `curl` sees).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    /// It speaks HTTP: the command layer writes its answer by service.
    Answers,
    /// It reads the request and closes without a reply (curl: 52 "Empty
    /// reply from server"): redis, postgres, `nc -l`.
    Closes,
    /// It answers in its own protocol (curl: 1 "Received HTTP/0.9 when not
    /// allowed"): sshd and MySQL greet first, memcached says `ERROR`.
    NotHttp,
    /// It speaks HTTP, but what it answers is not simulated: the tools say
    /// so in a `[bridgeport]` line.
    Unsimulated,
    /// Go's `http.NotFound` for every path ("404 page not found").
    NotFound,
    /// Go's `http.Redirect` of `/` to this path (302 Found).
    Redirect(&'static str),
}

/// One line a program logs at start. `{ts}` is the time as nginx writes it
/// (`2026/01/01 12:00:00`), `{version}` the image's version, `{gcc}` the
/// compiler line of nginx's build on the image's distribution.
#[derive(Debug, Clone, Copy)]
pub struct Log {
    pub stderr: bool,
    pub text: &'static str,
}

/// A line on stdout.
pub const fn out(text: &'static str) -> Log {
    Log {
        stderr: false,
        text,
    }
}

/// A line on stderr.
pub const fn err(text: &'static str) -> Log {
    Log { stderr: true, text }
}

/// One program.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// Executable names (without directory) that run it.
    pub exe: &'static [&'static str],
    pub service: Service,
    /// Its process name in `ss -p`'s `users:(("…",pid=…))`.
    pub ss: &'static str,
    /// How traces name it.
    pub label: &'static str,
    pub listen: Listen,
    pub http: Http,
    pub logs: &'static [Log],
    /// It refuses to start unless one of these variables is set (empty:
    /// never, for lack of something the playground cannot provide)…
    pub needs_env: &'static [&'static str],
    /// …logging these lines instead of `logs`, and exiting with 1.
    pub refusal: &'static [Log],
}

impl Program {
    /// A server row: its executables (the first names it in `ss` and in
    /// traces), its TCP ports (the first changed by one of `flags`); it
    /// closes an HTTP request without answering and logs nothing, unless
    /// [`Program::answers_http`] and [`Program::logging`] say otherwise.
    pub const fn server(
        exe: &'static [&'static str],
        service: Service,
        ports: &'static [u16],
        flags: &'static [&'static str],
    ) -> Program {
        Program {
            exe,
            service,
            ss: exe[0],
            label: exe[0],
            listen: Listen::Tcp(ports, flags),
            http: Http::Closes,
            logs: &[],
            needs_env: &[],
            refusal: &[],
        }
    }

    /// It refuses to start without one of `env` set, logging `refusal`.
    pub const fn refusing(
        self,
        needs_env: &'static [&'static str],
        refusal: &'static [Log],
    ) -> Program {
        Program {
            needs_env,
            refusal,
            ..self
        }
    }

    /// Does it refuse to start with this environment?
    pub fn refuses(&self, env: &[String]) -> bool {
        !self.refusal.is_empty()
            && !self.needs_env.iter().any(|k| {
                env.iter().any(|e| {
                    e.strip_prefix(k)
                        .is_some_and(|v| v.starts_with('=') && v.len() > 1)
                })
            })
    }

    pub const fn answers_http(self, http: Http) -> Program {
        Program { http, ..self }
    }

    pub const fn logging(self, logs: &'static [Log]) -> Program {
        Program { logs, ..self }
    }

    /// Another name in `ss -p` and in traces than its executable's.
    pub const fn shown_as(self, ss: &'static str, label: &'static str) -> Program {
        Program { ss, label, ..self }
    }

    /// The sockets this invocation opens, if it is this program serving.
    pub fn listeners(&self, args: &[String]) -> Option<Vec<Listener>> {
        match self.listen {
            Listen::Nothing => None,
            Listen::Tcp(ports, flags) => {
                let first = flag_value(args, flags).and_then(|p| p.parse().ok());
                Some(
                    ports
                        .iter()
                        .enumerate()
                        .map(|(i, p)| tcp(if i == 0 { first.unwrap_or(*p) } else { *p }))
                        .collect(),
                )
            }
            Listen::Parse(f) => f(args),
        }
    }

    /// The lines it logs when it starts in a container of `image`.
    pub fn startup_logs(&self, image: &ImageRef, now: Timestamp) -> Vec<LogLine> {
        fill_logs(self.logs, image, now)
    }

    /// The lines it logs when it refuses to start.
    pub fn refusal_logs(&self, image: &ImageRef, now: Timestamp) -> Vec<LogLine> {
        fill_logs(self.refusal, image, now)
    }
}

/// Log lines with their placeholders filled: `{ts}` (nginx's
/// `2026/01/01 12:00:00`), `{rfc3339}` (`date --rfc-3339=seconds`),
/// `{rfc3339z}` (Go's RFC 3339), `{date}` (php-fpm's `01-Jan-2026
/// 12:00:00`), `{gcc}` (nginx's build line), `{php}`, and the image's
/// `{version}`, `{major}`, `{minor}`.
fn fill_logs(logs: &[Log], image: &ImageRef, now: Timestamp) -> Vec<LogLine> {
    let ts = crate::time::nginx_error(now);
    let (day, clock) = ts.split_once(' ').unwrap_or((&ts, ""));
    let day = day.replace('/', "-");
    let rfc3339 = format!("{day} {clock}+00:00");
    let rfc3339z = format!("{day}T{clock}Z");
    let date = {
        let access = crate::time::nginx_access(now);
        let d = access.split(' ').next().unwrap_or("");
        d.replacen('/', "-", 2).replacen(':', " ", 1)
    };
    let gcc = if image.tag.contains("alpine") {
        "built by gcc 14.2.0 (Alpine 14.2.0) "
    } else {
        "built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) "
    };
    logs.iter()
        .map(|l| LogLine {
            stderr: l.stderr,
            text: image.fill(
                &l.text
                    .replace("{ts}", &ts)
                    .replace("{rfc3339}", &rfc3339)
                    .replace("{rfc3339z}", &rfc3339z)
                    .replace("{date}", &date)
                    .replace("{gcc}", gcc)
                    .replace("{php}", "8.3.25"),
            ),
        })
        .collect()
}

const ANY: Ipv4Addr = Ipv4Addr::UNSPECIFIED;

fn tcp(port: u16) -> Listener {
    Listener {
        proto: Proto::Tcp,
        addr: ANY,
        port,
    }
}

/// The generic programs, then the host's and the internet's services; the
/// last row ([`Service::OTHER`]) names what nothing else does.
pub const PROGRAMS: &[Program] = &[
    Program {
        exe: &["python", "python3"],
        service: Service::PYTHON_HTTP,
        ss: "python3",
        label: "python http.server",
        listen: Listen::Parse(python_http_server),
        http: Http::Answers,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    Program {
        exe: &["nc", "netcat"],
        service: Service::NETCAT,
        ss: "nc",
        label: "nc",
        listen: Listen::Parse(netcat),
        http: Http::Closes,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    // busybox httpd: `-f` keeps it in the foreground; without it the
    // applet daemonises and the main process exits at once.
    Program {
        exe: &["httpd"],
        service: Service::BUSYBOX_HTTPD,
        ss: "httpd",
        label: "httpd",
        listen: Listen::Parse(busybox_httpd),
        http: Http::Answers,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    // PHP's built-in web server (adminer's CMD: `php -S [::]:8080 -t …`).
    Program {
        exe: &["php"],
        service: Service("php"),
        ss: "php",
        label: "php's built-in web server",
        listen: Listen::Parse(php_server),
        http: Http::Unsimulated,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    Program {
        exe: &[],
        service: Service::SSHD,
        ss: "sshd",
        label: "sshd",
        listen: Listen::Nothing,
        http: Http::NotHttp,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    Program {
        exe: &[],
        service: Service::DNS,
        ss: "server",
        label: "a DNS server",
        listen: Listen::Nothing,
        http: Http::Closes,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    Program {
        exe: &[],
        service: Service::WEB_SITE,
        ss: "server",
        label: "a web server",
        listen: Listen::Nothing,
        http: Http::Answers,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
    Program {
        exe: &[],
        service: Service::OTHER,
        ss: "server",
        label: "a process",
        listen: Listen::Nothing,
        http: Http::Closes,
        logs: &[],
        needs_env: &[],
        refusal: &[],
    },
];

/// Every program: the generic ones, then those the catalogue's images bring.
pub fn all() -> impl Iterator<Item = &'static Program> {
    PROGRAMS.iter().chain(
        crate::image::CATALOGUE
            .iter()
            .flat_map(|i| i.programs.iter()),
    )
}

/// The program name without its directory.
pub fn base_name(arg: &str) -> &str {
    arg.rsplit('/').next().unwrap_or(arg)
}

/// The server `argv` (wrappers already stripped) runs, with its sockets:
/// the image's own programs first (so `mysqld` in mariadb is MariaDB's).
pub fn serving(argv: &[String], image: &ImageRef) -> Option<(&'static Program, Vec<Listener>)> {
    let first = argv.first()?;
    let exe = base_name(first);
    let args = &argv[1..];
    let own = image.image().map_or(&[][..], |i| i.programs);
    own.iter()
        .chain(all())
        .filter(|p| p.exe.contains(&exe))
        .find_map(|p| p.listeners(args).map(|l| (p, l)))
}

/// The value after a flag (`-p 80`), glued to it (`-p80`), or after `=`.
pub fn flag_value<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
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
            if let Some(v) = a.strip_prefix(n).and_then(|v| v.strip_prefix('=')) {
                return Some(v);
            }
        }
    }
    None
}

pub fn has_short_flag(args: &[String], flag: char) -> bool {
    args.iter()
        .any(|a| a.starts_with('-') && !a.starts_with("--") && a[1..].contains(flag))
}

/// `python -m http.server [--bind ADDR] [PORT]` (Python 3.13's defaults: all
/// addresses, port 8000).
fn python_http_server(args: &[String]) -> Option<Vec<Listener>> {
    if args.first().map(String::as_str) != Some("-m")
        || args.get(1).map(String::as_str) != Some("http.server")
    {
        return None;
    }
    let rest = &args[2..];
    let bind = flag_value(rest, &["--bind", "-b"])
        .and_then(|b| b.parse().ok())
        .unwrap_or(ANY);
    // `--bind 127.0.0.1 8000`: the positional after a flag value is still the port.
    let port = rest
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with('-') && (*i == 0 || !["--bind", "-b"].contains(&rest[i - 1].as_str()))
        })
        .find_map(|(_, a)| a.parse().ok())
        .unwrap_or(8000);
    Some(vec![Listener {
        proto: Proto::Tcp,
        addr: bind,
        port,
    }])
}

/// `nc -l [-u] [-s ADDR] [-p] PORT`.
fn netcat(args: &[String]) -> Option<Vec<Listener>> {
    if !has_short_flag(args, 'l') {
        return None;
    }
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
        .and_then(|p| p.parse().ok())?;
    let addr = flag_value(args, &["-s"])
        .and_then(|a| a.parse().ok())
        .unwrap_or(ANY);
    Some(vec![Listener { proto, addr, port }])
}

/// `php -S ADDR:PORT`: `[::]` and `0.0.0.0` are every address.
fn php_server(args: &[String]) -> Option<Vec<Listener>> {
    let spec = flag_value(args, &["-S"])?;
    let (addr, port) = spec.rsplit_once(':')?;
    let addr = match addr {
        "localhost" => Ipv4Addr::LOCALHOST,
        a => a.parse().unwrap_or(ANY),
    };
    Some(vec![Listener {
        proto: Proto::Tcp,
        addr,
        port: port.parse().ok()?,
    }])
}

/// busybox `httpd -f [-p [ADDR:]PORT]`.
fn busybox_httpd(args: &[String]) -> Option<Vec<Listener>> {
    if !has_short_flag(args, 'f') {
        return None;
    }
    let spec = flag_value(args, &["-p"]).unwrap_or("80");
    let (addr, port) = match spec.rsplit_once(':') {
        Some((a, p)) => (a.parse().unwrap_or(ANY), p.parse().unwrap_or(80)),
        None => (ANY, spec.parse().unwrap_or(80)),
    };
    Some(vec![Listener {
        proto: Proto::Tcp,
        addr,
        port,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_has_one_first_row_and_round_trips_by_key() {
        for p in all() {
            assert_eq!(Service::from_key(p.service.key()), p.service);
            assert!(
                !p.label.is_empty() && !p.ss.is_empty(),
                "{}",
                p.service.key()
            );
        }
        assert_eq!(Service::from_key("no-such"), Service::OTHER);
        assert_eq!(Service::PYTHON_HTTP.label(), "python http.server");
        assert_eq!(Service::OTHER.program().ss, "server");
    }

    #[test]
    fn an_executable_is_served_by_at_most_one_program_per_invocation() {
        // Two rows for the same executable must not both claim one argv.
        let mut seen = std::collections::BTreeMap::new();
        for p in all() {
            for e in p.exe {
                *seen.entry(*e).or_insert(0) += 1;
            }
        }
        for (exe, n) in seen {
            assert!(n <= 2, "{exe} is in {n} rows");
        }
    }
}
