//! Ports: everything about container ports that Docker does outside the
//! packet path.
//!
//! This module owns:
//!
//! - [`Proto`], the transport protocol of a port (`tcp`, `udp`, `sctp`);
//! - parsing `-p/--publish` and `--expose` values exactly as the docker CLI
//!   29 does ([`parse_publish`], [`parse_publish_all`], [`parse_expose`]),
//!   plus the daemon's create-time check ([`validate_port_bindings`]);
//! - the text Docker shows for ports: the `PORTS` column of `docker ps`
//!   ([`displayable_ports`]) and the lines of `docker port`
//!   ([`port_mappings`], [`port_lookup`], [`join_host_port`]);
//! - the host-port allocator ([`PortAllocator`]), a model of moby's
//!   `portallocator` including its ephemeral-port cursor and the
//!   "0.0.0.0 conflicts with every IPv4 address" rule.
//!
//! It does not decide *which* bindings a container gets (default host IP,
//! `-P`, IPv6 availability): that is the engine's job, which calls in here for
//! parsing, allocation and formatting.
//!
//! Sources: `docker/go-connections@v0.8:nat/nat.go` and `nat/parse.go`,
//! `docker/cli@29.x:cli/command/container/opts.go` (convertToStandardNotation,
//! `--expose`), `moby/moby@HEAD:api/types/network/port.go` (ParsePortRange,
//! ParsePort), `docker/cli:cli/command/formatter/container.go`
//! (DisplayablePorts), `docker/cli:cli/command/container/port.go`,
//! `moby/moby@HEAD:daemon/libnetwork/portallocator/portallocator.go`, and the
//! project reference (`docker-reference.md` §2.4, §2.5, §3, §4).

mod allocator;
mod display;
mod parse;

pub use allocator::{PortAllocator, PortError, EPHEMERAL_PORT_END, EPHEMERAL_PORT_START};
pub use display::{displayable_ports, join_host_port, port_lookup, port_mappings, PortEntry};
pub use parse::{
    parse_expose, parse_publish, parse_publish_all, validate_port_bindings, PortRequest,
};

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A transport protocol a port can be published for.
///
/// Docker keeps the protocol as a lowercase string; the order used wherever
/// Docker sorts ports (`docker ps`) is the string order, so `Ord` compares the
/// names (`sctp` < `tcp` < `udp`) rather than the declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    Tcp,
    Udp,
    Sctp,
}

impl Proto {
    /// Every protocol, in declaration order.
    pub const ALL: [Proto; 3] = [Proto::Tcp, Proto::Udp, Proto::Sctp];

    /// The name Docker prints: `tcp`, `udp` or `sctp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Sctp => "sctp",
        }
    }

    /// Accepts exactly the lowercase names, like go-connections'
    /// `validateProto`. Callers that accept user input lowercase it first, as
    /// the CLI does (`80/UDP` is valid, but only because of that lowercasing).
    pub fn parse(s: &str) -> Option<Proto> {
        match s {
            "tcp" => Some(Proto::Tcp),
            "udp" => Some(Proto::Udp),
            "sctp" => Some(Proto::Sctp),
            _ => None,
        }
    }
}

impl fmt::Display for Proto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Proto {
    type Err = String;

    /// Same acceptance as [`Proto::parse`]; the error is go-connections' text.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Proto::parse(s).ok_or_else(|| format!("invalid proto: {s}"))
    }
}

impl Ord for Proto {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Proto {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_names_order_and_serde() {
        let cases: &[(Proto, &str, &str)] = &[
            (Proto::Tcp, "tcp", "\"tcp\""),
            (Proto::Udp, "udp", "\"udp\""),
            (Proto::Sctp, "sctp", "\"sctp\""),
        ];
        for &(proto, name, json) in cases {
            assert_eq!(proto.to_string(), name, "Display of {proto:?}");
            assert_eq!(name.parse::<Proto>(), Ok(proto), "FromStr of {name}");
            assert_eq!(
                serde_json::to_string(&proto).ok().as_deref(),
                Some(json),
                "serialize {proto:?}"
            );
            assert_eq!(
                serde_json::from_str::<Proto>(json).ok(),
                Some(proto),
                "deserialize {json}"
            );
        }
        for bad in ["TCP", "xyz", "", "tcp "] {
            assert_eq!(
                bad.parse::<Proto>(),
                Err(format!("invalid proto: {bad}")),
                "FromStr of {bad:?}"
            );
        }
        let mut sorted = Proto::ALL.to_vec();
        sorted.sort();
        assert_eq!(
            sorted,
            vec![Proto::Sctp, Proto::Tcp, Proto::Udp],
            "string order"
        );
    }
}
