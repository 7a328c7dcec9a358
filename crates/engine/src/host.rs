//! The simulated machine around Docker: the host's own interfaces and names,
//! the other computer on its LAN, and "the internet". Fixed, documented values
//! so that transcripts are the same everywhere.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// The Linux host running Docker Engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    pub hostname: String,
    /// eth0's address and LAN prefix.
    pub eth0: Ipv4Net,
    pub eth0_mac: String,
    /// The LAN router, also the host's DNS server.
    pub router: Ipv4Addr,
    /// The other computer on the LAN.
    pub lan_peer: Ipv4Addr,
    pub lan_peer_name: String,
    /// The host's /etc/resolv.conf nameservers.
    pub nameservers: Vec<Ipv4Addr>,
}

impl Default for Host {
    fn default() -> Host {
        Host {
            hostname: "docker-host".to_string(),
            eth0: Ipv4Net::new(Ipv4Addr::new(192, 168, 1, 10), 24).unwrap_or_default(),
            eth0_mac: "52:54:00:12:34:56".to_string(),
            router: Ipv4Addr::new(192, 168, 1, 1),
            lan_peer: Ipv4Addr::new(192, 168, 1, 20),
            lan_peer_name: "laptop".to_string(),
            nameservers: vec![Ipv4Addr::new(192, 168, 1, 1)],
        }
    }
}

impl Host {
    pub fn ip(&self) -> Ipv4Addr {
        self.eth0.addr()
    }

    /// Prefixes Docker must not give to a network: on-link routes and the
    /// nameservers (`netutils.InferReservedNetworks`).
    pub fn reserved_networks(&self) -> Vec<Ipv4Net> {
        let mut v = vec![self.eth0.trunc()];
        v.extend(
            self.nameservers
                .iter()
                .filter_map(|ns| Ipv4Net::new(*ns, 32).ok()),
        );
        v
    }

    /// The host's own /etc/resolv.conf.
    pub fn resolv_conf(&self) -> String {
        let mut s = String::new();
        for ns in &self.nameservers {
            s.push_str(&format!("nameserver {ns}\n"));
        }
        s
    }
}

/// Well-known public names the simulated internet answers for.
pub const INTERNET_HOSTS: &[(&str, Ipv4Addr)] = &[
    ("google.com", Ipv4Addr::new(142, 250, 185, 78)),
    ("www.google.com", Ipv4Addr::new(142, 250, 185, 68)),
    ("example.com", Ipv4Addr::new(23, 192, 228, 80)),
    ("docker.com", Ipv4Addr::new(104, 18, 12, 138)),
    ("github.com", Ipv4Addr::new(140, 82, 121, 4)),
    ("dns.google", Ipv4Addr::new(8, 8, 8, 8)),
    ("one.one.one.one", Ipv4Addr::new(1, 1, 1, 1)),
];

/// Resolves a public name as the internet's DNS would.
pub fn internet_lookup(name: &str) -> Option<Ipv4Addr> {
    let name = name.trim_end_matches('.');
    // The table's names are lowercase: compare without a lowercase copy.
    INTERNET_HOSTS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, ip)| *ip)
}
