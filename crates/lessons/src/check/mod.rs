//! The check language: small declarative sentences about the simulator.
//!
//! A check is a list of clauses that must all hold. Each line of a `check:`
//! block is one or more clauses joined with the word `and`; a clause may start
//! with `not`. Clauses talk about the engine's *state* (containers, networks,
//! published ports) or about what happened *in the current step* (commands
//! that ran, packets that were sent), so any correct way of getting there
//! passes.
//!
//! Parsing happens when a lesson loads ([`parse_line`]); evaluating a clause
//! gives `Ok(())` or a sentence that says which part is not yet true.

mod parse;
mod state;
mod traffic;

pub use parse::parse_line;

use bridgeport_commands::Outcome;
use bridgeport_engine::ports::Proto;
use bridgeport_engine::{Engine, Packet};
use ipnet::Ipv4Net;
use std::net::{IpAddr, Ipv4Addr};

/// Everything one step requires: all clauses must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub clauses: Vec<Clause>,
}

/// One condition, possibly negated.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub pred: Pred,
    /// The clause as written (without `and`), for messages and views.
    pub source: String,
    /// Its line in the lesson file.
    pub line: usize,
}

/// A port inside a container: `80`, `80/tcp`, `53/udp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortSpec {
    pub port: u16,
    pub proto: Proto,
}

/// The host side of a published port: `9000` or `127.0.0.1:9000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostSpec {
    pub ip: Option<IpAddr>,
    pub port: u16,
}

/// An image as a check names it: `nginx` (any tag) or `nginx:alpine`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagePattern {
    pub repo: String,
    pub tag: Option<String>,
}

/// Where a packet goes: a node (`web`, `host`, `lan`, `internet`) or an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A container's name, or `host` (also written `localhost`), `lan`, `internet`.
    Node(String),
    Ip(Ipv4Addr),
}

/// What became of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketFate {
    /// It reached the target's socket (or kernel, for ping).
    Delivered,
    /// It reached the target and a reply came back to the sender.
    Answered,
    Dropped,
    Rejected,
    /// Dropped or rejected.
    Failed,
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandStatus {
    Ran,
    Succeeded,
    Failed,
}

/// One predicate of the check language. See the crate docs for the grammar.
#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    ContainerExists(String),
    ContainerRunning(String),
    /// Exists and is not running (created or exited).
    ContainerStopped(String),
    ContainerImage(String, ImagePattern),
    /// A running container binds this container port on the host (on `host`, if given).
    Publishes {
        container: String,
        port: PortSpec,
        host: Option<HostSpec>,
    },
    /// The image's EXPOSE, `--expose` or a published port.
    Exposes {
        container: String,
        port: PortSpec,
    },
    /// Attached to a network (`host` and `none` name the network modes).
    OnNetwork {
        container: String,
        network: String,
    },
    /// Has an address in this subnet (only while running).
    AddressIn {
        container: String,
        subnet: Ipv4Net,
    },
    /// Both are attached to one bridge network.
    ShareNetwork(String, String),
    NetworkExists(String),
    NetworkDriver(String, String),
    NetworkInternal(String),
    NetworkSubnet(String, Ipv4Net),
    /// Each host port is bound by a running container (to `to`, if given;
    /// each by a different container, if `distinct`).
    HostPorts {
        ports: Vec<u16>,
        proto: Proto,
        to: Option<u16>,
        distinct: bool,
    },
    AtLeastRunning(usize),
    /// A packet sent in this step.
    Packet {
        proto: Option<String>,
        from: String,
        to: Target,
        port: Option<u16>,
        fate: PacketFate,
    },
    /// A probe sent now, through the current state (rules included): what
    /// would happen to this traffic, whatever the learner sent.
    Probe {
        proto: String,
        from: String,
        to: Target,
        port: Option<u16>,
        fate: PacketFate,
    },
    /// A ping in this step (echo request answered, or not).
    Ping {
        from: String,
        to: String,
        by_name: bool,
        ok: bool,
    },
    /// A name lookup in this step.
    Lookup {
        name: String,
        from: String,
        ok: bool,
    },
    /// A command in this step whose words include these, in order.
    Command {
        words: Vec<String>,
        status: CommandStatus,
        with: Option<String>,
    },
}

/// One command the learner ran while a step was current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub command: String,
    pub exit_code: i32,
    pub output: String,
    pub packets: Vec<Packet>,
}

impl From<&Outcome> for Event {
    fn from(o: &Outcome) -> Event {
        Event {
            command: o.command.clone(),
            exit_code: o.exit_code,
            output: o.output.clone(),
            packets: o.packets.clone(),
        }
    }
}

/// What a check is evaluated against.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    pub engine: &'a Engine,
    /// Commands run in the current step, oldest first.
    pub events: &'a [Event],
}

impl Check {
    /// The sentences for the clauses that do not hold yet (empty: it passes).
    pub fn failures(&self, facts: &Facts) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self.clauses.iter().filter_map(|c| c.eval(facts).err()) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    pub fn passes(&self, facts: &Facts) -> bool {
        self.clauses.iter().all(|c| c.eval(facts).is_ok())
    }
}

impl Clause {
    /// `Ok(())`, or what is not yet true, in a sentence for the learner.
    pub fn eval(&self, facts: &Facts) -> Result<(), String> {
        let r = self.pred.holds(facts);
        match (self.negated, r) {
            (false, r) => r,
            (true, Ok(())) => Err(format!(
                "it is still true that {}, and it should not be",
                self.pred.describe()
            )),
            (true, Err(_)) => Ok(()),
        }
    }
}

impl Pred {
    /// Whether the predicate holds; if not, why, in a sentence.
    pub fn holds(&self, facts: &Facts) -> Result<(), String> {
        match self {
            Pred::Packet { .. }
            | Pred::Ping { .. }
            | Pred::Lookup { .. }
            | Pred::Command { .. } => traffic::holds(self, facts),
            _ => state::holds(self, facts.engine),
        }
    }

    /// The predicate as a statement ("web publishes 80/tcp on host port 9000").
    pub fn describe(&self) -> String {
        match self {
            Pred::ContainerExists(c) => format!("a container named {c} exists"),
            Pred::ContainerRunning(c) => format!("{c} is running"),
            Pred::ContainerStopped(c) => format!("{c} is stopped"),
            Pred::ContainerImage(c, i) => format!("{c} runs the image {}", i.describe()),
            Pred::Publishes {
                container,
                port,
                host: None,
            } => format!("{container} publishes {}", port.describe()),
            Pred::Publishes {
                container,
                port,
                host: Some(h),
            } => format!(
                "{container} publishes {} on host port {}",
                port.describe(),
                h.describe()
            ),
            Pred::Exposes { container, port } => format!("{container} exposes {}", port.describe()),
            Pred::OnNetwork { container, network } => {
                format!("{container} is on the network {network}")
            }
            Pred::AddressIn { container, subnet } => {
                format!("{container} has an address in {subnet}")
            }
            Pred::ShareNetwork(a, b) => format!("{a} and {b} share a network"),
            Pred::NetworkExists(n) => format!("a network named {n} exists"),
            Pred::NetworkDriver(n, d) => format!("the network {n} uses the {d} driver"),
            Pred::NetworkInternal(n) => format!("the network {n} is internal"),
            Pred::NetworkSubnet(n, s) => format!("the network {n} has the subnet {s}"),
            Pred::HostPorts {
                ports,
                proto,
                to,
                distinct,
            } => {
                let list: Vec<String> = ports
                    .iter()
                    .map(|p| format!("{p}/{}", proto.as_str()))
                    .collect();
                let mut s = format!(
                    "host port{} {} {} published",
                    if ports.len() > 1 { "s" } else { "" },
                    list.join(", "),
                    if ports.len() > 1 { "are" } else { "is" }
                );
                if let Some(to) = to {
                    s.push_str(&format!(" to container port {to}"));
                }
                if *distinct {
                    s.push_str(" by different containers");
                }
                s
            }
            Pred::AtLeastRunning(n) => format!("at least {n} containers are running"),
            Pred::Packet {
                proto,
                from,
                to,
                port,
                fate,
            } => {
                let proto = proto.as_deref().unwrap_or("a");
                let fate = match fate {
                    PacketFate::Delivered => "was delivered",
                    PacketFate::Answered => "was answered",
                    PacketFate::Dropped => "was dropped",
                    PacketFate::Rejected => "was rejected",
                    PacketFate::Failed => "failed",
                };
                format!(
                    "{proto} packet from {from} to {} {fate}",
                    target_text(to, *port)
                )
            }
            Pred::Probe {
                proto,
                from,
                to,
                port,
                fate,
            } => {
                let fate = match fate {
                    PacketFate::Delivered => "is delivered",
                    PacketFate::Answered => "is answered",
                    PacketFate::Dropped => "is dropped",
                    PacketFate::Rejected => "is rejected",
                    PacketFate::Failed => "fails",
                };
                format!("{proto} from {from} to {} {fate}", target_text(to, *port))
            }
            Pred::Ping {
                from,
                to,
                by_name,
                ok,
            } => {
                format!(
                    "a ping from {from} to {to}{} {}",
                    if *by_name { " by name" } else { "" },
                    if *ok { "succeeded" } else { "failed" }
                )
            }
            Pred::Lookup { name, from, ok } => format!(
                "a lookup of {name} from {from} {}",
                if *ok { "succeeded" } else { "failed" }
            ),
            Pred::Command {
                words,
                status,
                with,
            } => {
                let mut s = format!(
                    "`{}` {}",
                    words.join(" "),
                    match status {
                        CommandStatus::Ran => "ran",
                        CommandStatus::Succeeded => "succeeded",
                        CommandStatus::Failed => "failed",
                    }
                );
                if let Some(w) = with {
                    s.push_str(&format!(" with \"{w}\""));
                }
                s
            }
        }
    }
}

impl PortSpec {
    pub fn describe(&self) -> String {
        format!("{}/{}", self.port, self.proto.as_str())
    }
}

impl HostSpec {
    pub fn describe(&self) -> String {
        match self.ip {
            Some(IpAddr::V6(ip)) => format!("[{ip}]:{}", self.port),
            Some(ip) => format!("{ip}:{}", self.port),
            None => self.port.to_string(),
        }
    }
}

impl ImagePattern {
    pub fn describe(&self) -> String {
        match &self.tag {
            Some(t) => format!("{}:{t}", self.repo),
            None => self.repo.clone(),
        }
    }
}

fn target_text(t: &Target, port: Option<u16>) -> String {
    let base = match t {
        Target::Node(n) => n.clone(),
        Target::Ip(ip) => ip.to_string(),
    };
    match port {
        Some(p) => format!("{base}:{p}"),
        None => base,
    }
}
