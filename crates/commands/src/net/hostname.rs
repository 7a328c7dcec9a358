//! `hostname`, wherever it runs: the name, and with `-i`/`-I` the addresses.
//!
//! - On the host and the LAN laptop: Ubuntu's hostname 3.23 (`-I`: every
//!   address but loopback's; `-i`: the name's address in /etc/hosts,
//!   127.0.1.1).
//! - In Debian and Ubuntu images, the same program: `-i` looks the name up
//!   in the container's /etc/hosts (Docker writes the container's address
//!   on each network there; IPv4 first, as glibc's getaddrinfo sorts them), `-I` lists the addresses of its interfaces,
//!   IPv4 first, then global IPv6 (glibc's getifaddrs order), each followed
//!   by a space.
//! - In busybox and alpine images, busybox 1.37's applet
//!   (networking/hostname.c): `-i` prints the name's IPv4 addresses from
//!   gethostbyname, space-separated; there is no `-I`.
//!
//! `-s` cuts the name at its first dot. Other options say they are not
//! simulated rather than being ignored.

use crate::context::Ctx;
use crate::net::{ip, Env};
use crate::output::Output;
use crate::tools::files::busybox_usage;
use bridgeport_engine::hostfiles::etc_hosts;
use bridgeport_engine::image::Userland;
use bridgeport_engine::model::{Container, NetworkMode};
use bridgeport_engine::net::Node;

/// busybox's usage line for `hostname` (networking/hostname.c).
const BUSYBOX_USAGE: &str = "[OPTIONS] [HOSTNAME | -F FILE]";

/// `hostname [-i | -I | -s]` at the place `env` says.
pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    match (&env.from, &env.container) {
        (Node::Container(_), Some(c)) if c.network_mode != NetworkMode::Host => {
            in_container(ctx, c, args)
        }
        (Node::Lan, _) => {
            let mut o = Output::new();
            o.outln(&ctx.engine.host.lan_peer_name);
            o
        }
        _ => ip::hostname(ctx, args),
    }
}

fn in_container(ctx: &Ctx, c: &Container, args: &[String]) -> Output {
    let mut o = Output::new();
    let busybox = matches!(c.image.userland(), Userland::Busybox | Userland::Netshoot);
    let name = c.hostname(&ctx.engine.host.hostname);
    let flag = args.first().map(String::as_str);
    match flag {
        None => o.outln(&name),
        Some("-s") | Some("--short") => o.outln(name.split('.').next().unwrap_or(&name)),
        Some("-i") | Some("--ip-address") => {
            let hosts = etc_hosts(ctx.engine, c);
            let mut addrs: Vec<&str> = hosts
                .lines()
                .filter_map(|l| {
                    let mut words = l.split_whitespace();
                    let ip = words.next()?;
                    words.any(|w| w == name).then_some(ip)
                })
                // musl's gethostbyname asks for IPv4 only.
                .filter(|ip| !busybox || !ip.contains(':'))
                .collect();
            // glibc's getaddrinfo sorts by RFC 6724 with the default
            // gai.conf: IPv4 before unique-local IPv6, file order kept.
            addrs.sort_by_key(|ip| ip.contains(':'));
            if addrs.is_empty() {
                if busybox {
                    o.fail_fmt(format_args!("hostname: {name}: Unknown host"), 1);
                } else {
                    o.fail("hostname: Name or service not known", 1);
                }
            } else {
                o.outln(&addrs.join(" "));
            }
        }
        Some("-I") | Some("--all-ip-addresses") if !busybox => {
            let mut line = String::new();
            for ep in &c.endpoints {
                line.push_str(&format!("{} ", ep.ip));
            }
            for (ip6, _, _) in c.endpoints.iter().filter_map(|ep| ep.ipv6) {
                line.push_str(&format!("{ip6} "));
            }
            o.outln(&line);
        }
        Some(other) if busybox && other.starts_with('-') && !other.starts_with("--") => {
            let letter = other.chars().nth(1).unwrap_or('-');
            if "dfF".contains(letter) {
                o.fail_fmt(
                    format_args!(
                        "[bridgeport] hostname {other} is not simulated; hostname, -s and -i are"
                    ),
                    1,
                );
            } else {
                o.fail_fmt(
                    format_args!(
                        "hostname: invalid option -- '{letter}'\n{}",
                        busybox_usage("hostname", BUSYBOX_USAGE)
                    ),
                    1,
                );
            }
        }
        Some(other) => {
            let simulated = if busybox {
                "-s and -i"
            } else {
                "-s, -i and -I"
            };
            o.fail_fmt(
                format_args!(
                    "[bridgeport] hostname {other} is not simulated; hostname, {simulated} are"
                ),
                1,
            );
        }
    }
    o
}
