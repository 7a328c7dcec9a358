//! Predicates over the engine's state: containers, networks, published ports.
//! Each failure names what *is* the case, so the learner sees the gap
//! ("web is running, but it publishes 80/tcp on 8080, not 9000").

use super::{HostSpec, PortSpec, Pred};
use bridgeport_engine::model::{Binding, Container, Driver, NetworkMode, Status};
use bridgeport_engine::ports::Proto;
use bridgeport_engine::Engine;
use bridgeport_golib::sorted_set::SortedSet;
use std::net::IpAddr;

pub(super) fn holds(pred: &Pred, e: &Engine) -> Result<(), String> {
    match pred {
        Pred::Probe {
            proto,
            from,
            to,
            port,
            fate,
        } => probe(e, proto, from, to, *port, *fate),
        Pred::ContainerExists(c) => container(e, c).map(|_| ()),
        Pred::ContainerRunning(c) => {
            let c = container(e, c)?;
            if c.is_running() {
                Ok(())
            } else {
                Err(not_running(c))
            }
        }
        Pred::ContainerStopped(c) => {
            let c = container(e, c)?;
            if c.is_running() {
                Err(format!(
                    "{} is still running (stop it with docker stop {})",
                    c.name, c.name
                ))
            } else {
                Ok(())
            }
        }
        Pred::ContainerImage(c, pat) => {
            let c = container(e, c)?;
            let tag_ok = pat.tag.as_deref().is_none_or(|t| t == c.image.tag);
            if c.image.repo == pat.repo && tag_ok {
                Ok(())
            } else {
                Err(format!(
                    "{} runs the image {}, not {}",
                    c.name,
                    c.image.familiar(),
                    pat.describe()
                ))
            }
        }
        Pred::Publishes {
            container: name,
            port,
            host,
        } => publishes(e, name, *port, *host),
        Pred::Exposes {
            container: name,
            port,
        } => {
            let c = container(e, name)?;
            let exposed = c.exposed_ports();
            if exposed.contains(&(port.port, port.proto)) {
                return Ok(());
            }
            let list: Vec<String> = exposed
                .iter()
                .map(|(p, pr)| format!("{p}/{}", pr.as_str()))
                .collect();
            if list.is_empty() {
                Err(format!(
                    "{} exposes no ports, so not {}",
                    c.name,
                    port.describe()
                ))
            } else {
                Err(format!(
                    "{} exposes {}, but not {}",
                    c.name,
                    list.join(", "),
                    port.describe()
                ))
            }
        }
        Pred::OnNetwork {
            container: name,
            network,
        } => {
            let c = container(e, name)?;
            if e.networks().iter().all(|n| &n.name != network) {
                return Err(format!("there is no network named {network} yet (create it with docker network create {network})"));
            }
            let nets = networks_of(e, c);
            if nets.iter().any(|n| n == network) {
                return Ok(());
            }
            Err(format!(
                "{} is on {}, not on {network}",
                c.name,
                list_or(&nets, "no network")
            ))
        }
        Pred::AddressIn {
            container: name,
            subnet,
        } => {
            let c = container(e, name)?;
            if !c.is_running() {
                return Err(format!(
                    "{} is not running, so it has no address yet",
                    c.name
                ));
            }
            if c.endpoints.iter().any(|ep| subnet.contains(&ep.ip)) {
                return Ok(());
            }
            let ips: Vec<String> = c.endpoints.iter().map(|ep| ep.ip.to_string()).collect();
            Err(format!(
                "{}'s address{} {}, not in {subnet}",
                c.name,
                if ips.len() == 1 { " is" } else { "es are" },
                list_or(&ips, "none")
            ))
        }
        Pred::ShareNetwork(a, b) => {
            let (ca, cb) = (container(e, a)?, container(e, b)?);
            let na = bridge_networks_of(e, ca);
            let nb = bridge_networks_of(e, cb);
            if na.iter().any(|n| nb.contains(n)) {
                return Ok(());
            }
            Err(format!(
                "{a} and {b} share no network: {a} is on {}, {b} is on {}",
                list_or(&na, "no network"),
                list_or(&nb, "no network")
            ))
        }
        Pred::NetworkExists(n) => network(e, n).map(|_| ()),
        Pred::NetworkDriver(n, d) => {
            let net = network(e, n)?;
            if net.driver.as_str() == d {
                Ok(())
            } else {
                Err(format!(
                    "the network {n} uses the {} driver, not {d}",
                    net.driver.as_str()
                ))
            }
        }
        Pred::NetworkInternal(n) => {
            if network(e, n)?.internal {
                Ok(())
            } else {
                Err(format!("the network {n} is not internal (that is chosen when it is created: docker network create --internal {n})"))
            }
        }
        Pred::NetworkSubnet(n, s) => {
            let net = network(e, n)?;
            match net.subnet() {
                Some(sub) if sub == *s => Ok(()),
                Some(sub) => Err(format!("the network {n} has the subnet {sub}, not {s}")),
                None => Err(format!("the network {n} has no subnet")),
            }
        }
        Pred::HostPorts {
            ports,
            proto,
            to,
            distinct,
        } => host_ports(e, ports, *proto, *to, *distinct),
        Pred::AtLeastRunning(n) => {
            let running = e.containers().iter().filter(|c| c.is_running()).count();
            if running >= *n {
                Ok(())
            } else {
                Err(format!(
                    "{} running, not {n}",
                    count(running, "container is", "containers are")
                ))
            }
        }
        Pred::Packet { .. } | Pred::Ping { .. } | Pred::Lookup { .. } | Pred::Command { .. } => {
            Ok(())
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("only 1 {one}"),
        n => format!("only {n} {many}"),
    }
}

fn list_or(items: &[String], none: &str) -> String {
    match items.len() {
        0 => none.to_string(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// A container by its exact name (not an ID prefix: `db` is also hex).
pub(super) fn container<'e>(e: &'e Engine, name: &str) -> Result<&'e Container, String> {
    e.containers()
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| format!("there is no container named {name} yet"))
}

fn network<'e>(e: &'e Engine, name: &str) -> Result<&'e bridgeport_engine::model::Network, String> {
    e.networks()
        .iter()
        .find(|n| n.name == name)
        .ok_or_else(|| format!("there is no network named {name} yet"))
}

fn not_running(c: &Container) -> String {
    match c.status {
        Status::Created => format!(
            "{} was created but is not running: its start probably failed (docker ps -a shows it as Created); remove it with docker rm {} and run it again",
            c.name, c.name
        ),
        Status::Exited => format!("{} exists but has exited (code {}); start it with docker start {}", c.name, c.exit_code, c.name),
        Status::Running => format!("{} is running", c.name),
    }
}

/// The names of the networks a container is attached to (by configuration,
/// so stopped containers count too); `host`/`none` for those modes.
pub(super) fn networks_of(e: &Engine, c: &Container) -> Vec<String> {
    match &c.network_mode {
        NetworkMode::Host => vec!["host".to_string()],
        NetworkMode::None => vec!["none".to_string()],
        NetworkMode::Container(id) => match e.container_by_id(id) {
            Some(owner) if owner.id != c.id => networks_of_configured(e, owner),
            _ => Vec::new(),
        },
        _ => networks_of_configured(e, c),
    }
}

fn networks_of_configured(e: &Engine, c: &Container) -> Vec<String> {
    c.networks
        .iter()
        .map(|(id, _)| {
            e.network_by_id(id)
                .map(|n| n.name.clone())
                .unwrap_or_else(|| id.clone())
        })
        .collect()
}

fn bridge_networks_of(e: &Engine, c: &Container) -> Vec<String> {
    networks_of(e, c)
        .into_iter()
        .filter(|n| {
            e.networks()
                .iter()
                .any(|net| &net.name == n && net.driver == Driver::Bridge)
        })
        .collect()
}

/// The distinct (host port, container port, proto) a container publishes.
fn mappings(bindings: &[Binding], proto: Proto) -> Vec<(u16, u16)> {
    // A sorted Vec, not a BTreeSet: one B-tree copy fewer in the wasm.
    let set: SortedSet<(u16, u16)> = bindings
        .iter()
        .filter(|b| b.proto == proto)
        .map(|b| (b.host_port, b.container_port))
        .collect();
    set.iter().copied().collect()
}

fn publishes(e: &Engine, name: &str, port: PortSpec, host: Option<HostSpec>) -> Result<(), String> {
    let c = container(e, name)?;
    if c.network_mode == NetworkMode::Host {
        return Err(format!("{name} uses --network host: it has no published ports, its processes listen on the host's ports directly"));
    }
    if !c.is_running() {
        return Err(format!(
            "{}; published ports exist only while a container runs",
            not_running(c)
        ));
    }
    let ip_ok = |b: &Binding| match host.and_then(|h| h.ip) {
        None => true,
        Some(want) => b.host_ip == want,
    };
    let hit = c.bindings.iter().any(|b| {
        b.proto == port.proto
            && b.container_port == port.port
            && host.is_none_or(|h| h.port == b.host_port)
            && ip_ok(b)
    });
    if hit {
        return Ok(());
    }
    let maps = mappings(&c.bindings, port.proto);
    let proto = port.proto.as_str();
    let same_container_port: Vec<u16> = maps
        .iter()
        .filter(|(_, cp)| *cp == port.port)
        .map(|(hp, _)| *hp)
        .collect();
    if let Some(h) = host {
        // The classic mix-up: -p 80:9000 instead of -p 9000:80.
        if maps.contains(&(port.port, h.port)) && port.port != h.port {
            return Err(format!(
                "{name} is running, but it publishes container port {}/{proto} on host port {}: the wrong way round. -p takes HOST:CONTAINER, so this needs -p {}:{}",
                h.port, port.port, h.port, port.port
            ));
        }
        if !same_container_port.is_empty() {
            let ports: Vec<String> = same_container_port.iter().map(u16::to_string).collect();
            if same_container_port.contains(&h.port) {
                let ips: SortedSet<String> = c
                    .bindings
                    .iter()
                    .filter(|b| b.host_port == h.port && b.container_port == port.port)
                    .map(|b| fmt_ip(b.host_ip))
                    .collect();
                return Err(format!(
                    "{name} is running, but it publishes {}/{proto} on {}:{}, not on {}",
                    port.port,
                    ips.iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(" and "),
                    h.port,
                    h.describe()
                ));
            }
            return Err(format!(
                "{name} is running, but it publishes {}/{proto} on {}, not {}",
                port.port,
                list_or(&ports, ""),
                h.port
            ));
        }
    }
    if maps.is_empty() {
        return Err(format!("{name} is running, but it publishes no ports (ports are published with -p HOST:CONTAINER when the container is created)"));
    }
    let list: Vec<String> = maps
        .iter()
        .map(|(hp, cp)| format!("{cp}/{proto} on {hp}"))
        .collect();
    Err(format!(
        "{name} is running, but it does not publish {}/{proto}; it publishes {}",
        port.port,
        list_or(&list, "")
    ))
}

fn fmt_ip(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    }
}

fn host_ports(
    e: &Engine,
    ports: &[u16],
    proto: Proto,
    to: Option<u16>,
    distinct: bool,
) -> Result<(), String> {
    let mut owners: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for &hp in ports {
        let bound: Vec<(&Container, u16)> = e
            .containers()
            .iter()
            .filter(|c| c.is_running())
            .flat_map(|c| {
                c.bindings
                    .iter()
                    .filter(move |b| b.proto == proto && b.host_port == hp)
                    .map(move |b| (c, b.container_port))
            })
            .collect();
        let Some((c, cp)) = bound.first() else {
            problems.push(format!(
                "nothing publishes host port {hp}/{} yet",
                proto.as_str()
            ));
            continue;
        };
        if let Some(want) = to {
            if *cp != want {
                problems.push(format!(
                    "host port {hp} goes to port {cp} of {}, not to {want}",
                    c.name
                ));
                continue;
            }
        }
        owners.push(c.name.as_str());
    }
    if problems.is_empty() && distinct {
        let unique: SortedSet<&str> = owners.iter().copied().collect();
        if unique.len() < owners.len() {
            let shared: Vec<String> = unique
                .iter()
                .filter(|u| owners.iter().filter(|o| o == u).count() > 1)
                .map(|u| u.to_string())
                .collect();
            problems.push(format!("{} publishes more than one of these ports: this step wants one container per host port", list_or(&shared, "")));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Sends the probe through the engine's current state (the one rule set the
/// commands use) and compares its outcome with the fate asked for.
fn probe(
    e: &Engine,
    proto: &str,
    from: &str,
    to: &super::Target,
    port: Option<u16>,
    fate: super::PacketFate,
) -> Result<(), String> {
    use super::{PacketFate, Target};
    use bridgeport_engine::net::{Node, Outcome, Probe, Transport};
    let node = match from {
        "host" => Node::Host,
        "lan" => Node::Lan,
        "internet" => Node::Internet,
        name => {
            let c = container(e, name)?;
            if !c.is_running() {
                return Err(not_running(c));
            }
            Node::Container(c.id.clone())
        }
    };
    let dst = match to {
        Target::Ip(ip) => ip.to_string(),
        Target::Node(n) if n == "host" => {
            if node == Node::Host {
                "127.0.0.1".to_string()
            } else {
                e.host.eth0.addr().to_string()
            }
        }
        Target::Node(n) if n == "lan" => e.host.lan_peer.to_string(),
        Target::Node(n) => n.clone(),
    };
    let transport = match proto {
        "udp" => Transport::Udp,
        "icmp" => Transport::Icmp,
        _ => Transport::Tcp,
    };
    let d = e.send(&Probe::new(node, transport, dst, port.unwrap_or(0)));
    let answered = matches!(
        d.outcome,
        Outcome::Connected { .. } | Outcome::Resolved { .. }
    );
    let ok = match fate {
        PacketFate::Delivered | PacketFate::Answered => answered,
        PacketFate::Dropped => d.outcome == Outcome::TimedOut,
        PacketFate::Rejected => !answered && d.outcome != Outcome::TimedOut,
        PacketFate::Failed => !answered,
    };
    if ok {
        return Ok(());
    }
    let what = match &d.outcome {
        Outcome::Connected { server } => format!("is answered by {}", server.node),
        Outcome::Resolved { .. } => "is answered".to_string(),
        Outcome::TimedOut => "is dropped".to_string(),
        _ => "is rejected".to_string(),
    };
    let why = d.reason.map(|r| format!(" ({r})")).unwrap_or_default();
    let want = match fate {
        PacketFate::Delivered | PacketFate::Answered => "it should get through",
        PacketFate::Dropped => "it should be dropped",
        PacketFate::Rejected => "it should be rejected",
        PacketFate::Failed => "it should not get through",
    };
    Err(format!(
        "{proto} from {from} to {}{} {what}{why}; {want}",
        super::target_text(to, None),
        port.map(|p| format!(":{p}")).unwrap_or_default()
    ))
}
