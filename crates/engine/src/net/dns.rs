//! Name resolution data: what `/etc/hosts` says, which nameserver
//! `/etc/resolv.conf` names, what Docker's embedded DNS server answers
//! (reference §5.1: names, aliases, short ID and hostname of endpoints on
//! networks the asker shares; link aliases; `name.network`; everything else
//! forwarded upstream unless every network is `--internal` → SERVFAIL), and
//! what the LAN router's and public resolvers' DNS know. The packets that
//! carry the questions are the walk's business.

use super::view::{Stack, View};
use crate::host::internet_lookup;
use crate::hostfiles;
use crate::model::Container;
use std::borrow::Cow;
use std::net::Ipv4Addr;

/// The embedded DNS server's address inside every container on a user-defined network.
pub const EMBEDDED: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 11);

/// The name without its trailing dots, in lowercase (borrowed when it
/// already is: the usual case, no allocation).
pub(crate) fn norm(name: &str) -> Cow<'_, str> {
    let name = name.trim_end_matches('.');
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The /etc/hosts answer for `name` in a stack (`origin` is the container
/// that asked, for `--network host` containers with `--add-host`).
pub fn hosts_lookup(
    view: &View,
    stack: Stack,
    origin: Option<&Container>,
    name: &str,
) -> Option<Ipv4Addr> {
    let name = norm(name);
    let name = name.as_ref();
    if name == "localhost" || name == "localhost.localdomain" || name == "ip6-localhost" {
        return Some(Ipv4Addr::LOCALHOST);
    }
    if let Stack::Ns(i) = stack {
        return view.netns[i]
            .hosts
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == name))
            .map(|(ip, _)| *ip);
    }
    let records: Vec<(String, String)> = match stack {
        Stack::Host => {
            let mut v = vec![("127.0.1.1".to_string(), view.engine.host.hostname.clone())];
            if let Some(c) = origin.filter(|c| !c.config.add_hosts.is_empty()) {
                v = hostfiles::hosts_records(view.engine, c);
            }
            v
        }
        Stack::Lan => vec![(
            "127.0.1.1".to_string(),
            view.engine.host.lan_peer_name.clone(),
        )],
        _ => Vec::new(),
    };
    records
        .iter()
        .find(|(_, names)| {
            names
                .split_whitespace()
                .any(|n| n.eq_ignore_ascii_case(name))
        })
        .and_then(|(ip, _)| ip.parse().ok())
}

/// The nameservers a stack's resolv.conf lists, in order.
pub fn nameservers<'e>(view: &View<'e>, stack: Stack) -> Cow<'e, [Ipv4Addr]> {
    let host = &view.engine.host;
    Cow::Owned(match stack {
        Stack::Ns(i) => {
            let ns = &view.netns[i];
            if ns.embedded_dns {
                return Cow::Borrowed(&[EMBEDDED]);
            }
            let configured = configured_dns(ns.owner);
            if !configured.is_empty() {
                return Cow::Owned(configured);
            }
            let v: Vec<Ipv4Addr> = host
                .nameservers
                .iter()
                .copied()
                .filter(|n| !n.is_loopback())
                .collect();
            if v.is_empty() {
                vec![Ipv4Addr::new(8, 8, 8, 8), Ipv4Addr::new(8, 8, 4, 4)]
            } else {
                v
            }
        }
        Stack::Host => return Cow::Borrowed(&host.nameservers),
        Stack::Lan => vec![host.router],
        _ => vec![Ipv4Addr::new(8, 8, 8, 8)],
    })
}

/// What the embedded DNS server does with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embedded<'e> {
    /// Answered locally from a network's names.
    Found {
        addrs: Vec<Ipv4Addr>,
        network: &'e str,
    },
    /// Not a container name here: forwarded to these upstream servers.
    Forward(Cow<'e, [Ipv4Addr]>),
    /// Not a container name and no way out (every network internal).
    ServFail,
}

/// `addrs` in the order the embedded DNS server answers them in `round`:
/// it shuffles a name's addresses on every query (`rand.Shuffle` in
/// libnetwork's resolver.go: round-robin DNS over a shared alias). Here the
/// shuffle is drawn from the round and the name, so the same commands give
/// the same answers.
pub fn round_robin(mut addrs: Vec<Ipv4Addr>, name: &str, round: u32) -> Vec<Ipv4Addr> {
    let mut draw = crate::ids::IdGen::new(
        crate::image::stable_hash(name) ^ u64::from(round).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    // Fisher–Yates, as Go's rand.Shuffle.
    for i in (1..addrs.len()).rev() {
        addrs.swap(i, draw.below(i + 1));
    }
    addrs
}

/// The embedded DNS server's answer for a question from namespace `ns`.
pub fn embedded_lookup<'e>(view: &View<'e>, ns: usize, name: &str) -> Embedded<'e> {
    let n = &view.netns[ns];
    let name = norm(name);
    let name = name.as_ref();
    // Networks in the sandbox's endpoint order: the gateway endpoint first.
    let order = n
        .gateway
        .into_iter()
        .chain((0..n.ifaces.len()).filter(|&i| Some(i) != n.gateway));
    let user_defined = |i: &usize| view.bridges[n.ifaces[*i].bridge].net.is_user_defined();
    // `name.network` asks one network explicitly: those questions come
    // first, the last such network first; then the name on every network.
    let qualified = order
        .clone()
        .filter(user_defined)
        .filter_map(|i| {
            let net = &view.bridges[n.ifaces[i].bridge].net.name;
            let n_len = net.len();
            (name.len() > n_len + 1
                && name.as_bytes()[name.len() - n_len - 1] == b'.'
                && name[name.len() - n_len..].eq_ignore_ascii_case(net))
            .then(|| (i, &name[..name.len() - n_len - 1]))
        })
        .collect::<Vec<_>>();
    let plain = order.filter(user_defined).map(|i| (i, name));
    for (i, q) in qualified.into_iter().rev().chain(plain) {
        let iface = &n.ifaces[i];
        let b = iface.bridge;
        let net = view.bridges[b].net;
        // Links on a user-defined network are aliases only this container sees.
        if let Some((_, cfg)) = n.owner.networks.iter().find(|(id, _)| *id == net.id) {
            for (target, alias) in &cfg.links {
                if alias.eq_ignore_ascii_case(q) || target.eq_ignore_ascii_case(q) {
                    if let Ok(t) = view.engine.find_container(target) {
                        if let Some(ep) = t.endpoint_on(&net.id) {
                            return Embedded::Found {
                                addrs: vec![ep.ip],
                                network: &net.name,
                            };
                        }
                    }
                }
            }
        }
        let hits = view
            .dns
            .get(q)
            .and_then(|per_bridge| per_bridge.iter().find(|(pb, _)| *pb == b));
        if let Some((_, hits)) = hits {
            if !hits.is_empty() {
                return Embedded::Found {
                    addrs: hits.iter().map(|(_, ip)| *ip).collect(),
                    network: &net.name,
                };
            }
        }
    }
    let all_internal =
        !n.ifaces.is_empty() && n.ifaces.iter().all(|i| view.bridges[i.bridge].net.internal);
    if all_internal {
        return Embedded::ServFail;
    }
    let ext = configured_dns(n.owner);
    if ext.is_empty() {
        Embedded::Forward(Cow::Borrowed(&view.engine.host.nameservers))
    } else {
        Embedded::Forward(Cow::Owned(ext))
    }
}

/// The data a DNS server outside Docker has: the LAN router knows the
/// public names plus the LAN's own machines; public resolvers know public names.
pub fn server_lookup(view: &View, server: Stack, name: &str) -> Option<Ipv4Addr> {
    let n = norm(name);
    if let Some(ip) = internet_lookup(&n) {
        return Some(ip);
    }
    if server == Stack::Router {
        let host = &view.engine.host;
        if n.eq_ignore_ascii_case(&host.hostname) {
            return Some(host.ip());
        }
        if n.eq_ignore_ascii_case(&host.lan_peer_name) {
            return Some(host.lan_peer);
        }
    }
    None
}

/// Is `name` something Docker's DNS would know on some network (a container
/// name, alias, short ID or hostname)? Used to explain failed lookups.
pub fn is_container_name(view: &View, name: &str) -> bool {
    view.names.contains_key(norm(name).as_ref())
}

/// The servers a container was given with `--dns` (those that parse).
fn configured_dns(c: &Container) -> Vec<Ipv4Addr> {
    c.config.dns.iter().filter_map(|d| d.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::round_robin;
    use std::net::Ipv4Addr;

    #[test]
    fn round_robin_shuffles_per_round_and_replays() {
        let addrs: Vec<Ipv4Addr> = (2..=4).map(|h| Ipv4Addr::new(172, 18, 0, h)).collect();
        let mut firsts = std::collections::BTreeSet::new();
        let mut orders = std::collections::BTreeSet::new();
        for round in 1..=60 {
            let got = round_robin(addrs.clone(), "search", round);
            let mut sorted = got.clone();
            sorted.sort();
            assert_eq!(sorted, addrs, "round {round}: a permutation");
            assert_eq!(got, round_robin(addrs.clone(), "search", round), "replays");
            firsts.insert(got[0]);
            orders.insert(got);
        }
        assert_eq!(firsts.len(), 3, "each address comes first in some round");
        assert_eq!(orders.len(), 6, "all six orders turn up in 60 rounds");
        let one = vec![Ipv4Addr::new(172, 18, 0, 9)];
        assert_eq!(round_robin(one.clone(), "db", 7), one);
        assert!(round_robin(Vec::new(), "db", 7).is_empty());
    }
}
