//! The network tools: `ping`, `curl`, `wget`, `nc`, `nslookup`, `ip`, `ss`,
//! `iptables`, `nft list`, `hostname -i`/`-I` and `sysctl` (with /proc/sys), as they print on the host (Ubuntu 24.04:
//! iputils, curl 8.5.0, OpenBSD netcat, BIND nslookup, iproute2, iptables
//! 1.8.10), on the LAN laptop (same userland) and inside containers (busybox
//! applets in busybox/alpine images, the image's own curl version).
//!
//! Every tool sends probes through [`bridgeport_engine::Engine::send`] and
//! only formats what comes back; every packet goes to `ctx.packets` (at most
//! [`MAX_PACKETS`] per command). This module owns no rule about reachability.
//!
//! Choices where real tools would need a terminal or a pipe:
//! - `ping` without `-c` sends 4 echoes (a real ping runs until Ctrl-C);
//!   `-c` is capped at 100.
//! - `nc HOST PORT` sends what the pipe gives it (`echo hi | nc web 80`); `nc -l` explains how to run a
//!   listener as a container instead of blocking the terminal.
//! - curl versions: the host and the laptop run Ubuntu 24.04's curl 8.5.0
//!   ("Couldn't connect to server"); images ship their distribution's curl:
//!   nginx (Debian bookworm) 7.88.1, python 3.13 (trixie) and alpine-based
//!   images 8.14.1, curlimages/curl 8.16.0 (8.9+: "Could not connect to
//!   server"). The User-Agent follows the version.
//! - Timeouts print the real tool's message at once (curl's kernel SYN
//!   timeout as "after ~130000 ms"); nothing waits.
//! - TLS is not simulated: `https://` answers like `http://`.

pub(crate) mod conntrack;
pub(crate) mod curl;
pub(crate) mod dig;
pub(crate) mod hostname;
mod http;
pub(crate) mod ip;
pub(crate) mod iptables;
pub(crate) mod iptables_edit;
pub(crate) mod iptables_restore;
pub(crate) mod iptables_save;
pub(crate) mod nc;
pub(crate) mod nettools;
pub(crate) mod nft;
mod nft_rule;
pub(crate) mod nslookup;
pub(crate) mod ping;
pub(crate) mod ss;
pub(crate) mod sysctl;
pub mod tcpdump;
pub mod tcpdump_filter;
pub(crate) mod ufw;
pub(crate) mod v6;
pub(crate) mod wget;

use crate::context::{Ctx, Place};
use bridgeport_engine::image::Userland;
use bridgeport_engine::model::Container;
use bridgeport_engine::net::{Delivery, Node};
use bridgeport_engine::trace::Packet;
use bridgeport_engine::{Engine, Matrix};

/// Most packets one command records (a long `ping -c` still prints every line).
pub const MAX_PACKETS: usize = 400;

/// The reachability matrix, computed by the engine through the same send path.
pub fn matrix(engine: &Engine) -> Matrix {
    bridgeport_engine::net::matrix(engine)
}

/// Which flavour of userland a place has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// busybox applets (alpine, busybox, `*-alpine` images).
    Busybox,
    /// GNU/Debian/Ubuntu tools: iputils ping, OpenBSD nc, BIND nslookup, iproute2.
    Gnu,
}

/// Where a tool runs, as the tools need to know it.
#[derive(Debug, Clone)]
pub(crate) struct Env {
    pub from: Node,
    pub flavor: Flavor,
    /// The curl that is installed here ("8.5.0" on the host).
    pub curl_version: &'static str,
    pub container: Option<Container>,
    /// This run's round of DNS questions ([`Probe::round`]).
    pub round: u32,
    /// What a pipe feeds the tool (`echo PING | nc db 6379`).
    pub stdin: Option<String>,
}

impl Env {
    pub fn busybox(&self) -> bool {
        self.flavor == Flavor::Busybox
    }

    /// curl ≥ 7.86 < 8.9 says "Couldn't", 8.9+ says "Could not" (reference §3).
    pub fn curl_connect_error(&self) -> &'static str {
        let v: Vec<u32> = self
            .curl_version
            .split('.')
            .filter_map(|p| p.parse().ok())
            .collect();
        if v.as_slice() >= [8, 9].as_slice() {
            "Could not connect to server"
        } else {
            "Couldn't connect to server"
        }
    }
}

pub(crate) fn env_for(ctx: &Ctx, place: &Place) -> Env {
    match place {
        Place::Host => Env {
            from: Node::Host,
            flavor: Flavor::Gnu,
            curl_version: "8.5.0",
            container: None,
            round: 0,
            stdin: None,
        },
        Place::Lan => Env {
            from: Node::Lan,
            flavor: Flavor::Gnu,
            curl_version: "8.5.0",
            container: None,
            round: 0,
            stdin: None,
        },
        Place::Container(a) => {
            let c = ctx.engine.container_by_id(&a.container_id).cloned();
            let (flavor, curl_version) = match &c {
                Some(c) => (
                    if c.image.userland() == Userland::Busybox {
                        Flavor::Busybox
                    } else {
                        Flavor::Gnu
                    },
                    c.image.curl(),
                ),
                None => (Flavor::Busybox, "8.14.1"),
            };
            Env {
                from: Node::Container(a.container_id.clone()),
                flavor,
                curl_version,
                container: c,
                round: 0,
                stdin: None,
            }
        }
    }
}

/// Keeps a delivery's packets (up to [`MAX_PACKETS`] per command).
pub(crate) fn record(ctx: &mut Ctx, d: &mut Delivery) {
    let room = MAX_PACKETS.saturating_sub(ctx.packets.len());
    let take: Vec<Packet> = d.packets.drain(..).take(room).collect();
    ctx.packets.extend(take);
}

/// A deterministic number in `0..n` from a few words (for timings that must
/// look real but never change between runs).
pub(crate) fn jitter(words: &[&str], n: u64) -> u64 {
    let h = bridgeport_engine::image::stable_hash(&words.join("|"));
    if n == 0 {
        0
    } else {
        h % n
    }
}

/// Splits `-abc` style clusters of single-letter flags; values are taken by
/// the caller. Returns (flags-with-values-consumed, positionals).
pub(crate) struct Args<'a> {
    words: &'a [String],
    pos: usize,
    cluster: Vec<char>,
}

impl<'a> Args<'a> {
    pub fn new(words: &'a [String]) -> Args<'a> {
        Args {
            words,
            pos: 0,
            cluster: Vec::new(),
        }
    }

    /// The next item: `Flag('c')`, `Long("max-time")`, or `Word("web")`.
    pub fn next(&mut self) -> Option<Arg<'a>> {
        if let Some(c) = self.cluster.first().copied() {
            self.cluster.remove(0);
            return Some(Arg::Flag(c));
        }
        let w = self.words.get(self.pos)?;
        self.pos += 1;
        if let Some(long) = w.strip_prefix("--") {
            if long.is_empty() {
                return self.next();
            }
            return Some(Arg::Long(long));
        }
        if w.len() > 1
            && w.starts_with('-')
            && !w[1..].chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            let mut chars: Vec<char> = w[1..].chars().collect();
            let first = chars.remove(0);
            self.cluster = chars;
            return Some(Arg::Flag(first));
        }
        Some(Arg::Word(w))
    }

    /// The value of the flag just returned: the rest of the cluster (`-c3`) or the next word.
    pub fn value(&mut self) -> Option<String> {
        if !self.cluster.is_empty() {
            let v: String = self.cluster.drain(..).collect();
            return Some(v);
        }
        let w = self.words.get(self.pos)?;
        self.pos += 1;
        Some(w.clone())
    }
}

/// Why [`long_option`] found no option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LongMiss {
    /// `PROG: unrecognized option '--x'`.
    Unrecognized,
    /// `PROG: option '--x' is ambiguous`.
    Ambiguous,
}

/// glibc `getopt_long`'s lookup of a long option's `name` (the text after
/// `--`, before any `=`): the option of that exact name, else the one
/// option the name abbreviates.
pub(crate) fn long_option<'n>(
    name: &str,
    names: impl Iterator<Item = &'n str> + Clone,
) -> Result<&'n str, LongMiss> {
    if let Some(exact) = names.clone().find(|n| *n == name) {
        return Ok(exact);
    }
    let mut hits = names.filter(|n| n.starts_with(name));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err(LongMiss::Unrecognized),
        (Some(_), Some(_)) => Err(LongMiss::Ambiguous),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg<'a> {
    Flag(char),
    Long(&'a str),
    Word(&'a str),
}

#[cfg(test)]
mod tests {
    use super::{long_option, LongMiss};

    /// glibc getopt_long (posix/getopt.c `process_long_option`): an exact
    /// name wins over the names it prefixes; a prefix of one name is that
    /// name; of none, unrecognized; of several, ambiguous.
    #[test]
    fn long_options_resolve_as_getopt_long_does() {
        let names = ["table", "test", "tables"];
        let find = |n: &str| long_option(n, names.iter().copied());
        assert_eq!(find("table"), Ok("table"));
        assert_eq!(find("tab"), Err(LongMiss::Ambiguous));
        assert_eq!(find("tes"), Ok("test"));
        assert_eq!(find("tablesx"), Err(LongMiss::Unrecognized));
        assert_eq!(find(""), Err(LongMiss::Ambiguous));
    }
}
