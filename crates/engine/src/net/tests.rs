//! The rules and the walk, pinned directly against the engine. Transcripts of
//! the tools that use them live in the commands crate (`tests/packets.rs`).

use super::netfilter::{Chain, Table};
use super::*;
use crate::engine::{ContainerCreate, NetworkCreate};
use crate::image::ImageRef;
use crate::model::{ContainerConfig, EndpointConfig, NetworkMode};
use crate::ports::parse_publish;
use crate::trace::{Action, Verdict};
use crate::Timestamp;
use bridgeport_golib::sorted_map::SortedMap;

/// A small scenario builder over the engine API.
pub(crate) struct Lab {
    pub e: Engine,
    now: u64,
}

impl Lab {
    pub fn new() -> Lab {
        Lab {
            e: Engine::new(7, Timestamp(1_795_799_292_000)),
            now: 1_795_799_292_000,
        }
    }

    fn tick(&mut self) -> Timestamp {
        self.now += 1000;
        Timestamp(self.now)
    }

    pub fn net(&mut self, name: &str, internal: bool, opts: &[(&str, &str)]) -> &mut Lab {
        let options: SortedMap<String, String> = opts
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let req = NetworkCreate {
            name: name.into(),
            driver: "bridge".into(),
            internal,
            options,
            ..Default::default()
        };
        let t = self.tick();
        self.e.create_network(req, t).expect("network");
        self
    }

    /// `docker run -d --name NAME [--network N] [-p …] IMAGE [CMD…]`.
    pub fn run(
        &mut self,
        name: &str,
        image: &str,
        network: Option<&str>,
        publish: &[&str],
        cmd: &[&str],
    ) -> String {
        self.run_with(name, image, network, publish, cmd, |_| {})
    }

    pub fn run_with(
        &mut self,
        name: &str,
        image: &str,
        network: Option<&str>,
        publish: &[&str],
        cmd: &[&str],
        f: impl FnOnce(&mut ContainerCreate),
    ) -> String {
        let mut config = ContainerConfig::default();
        for p in publish {
            config.publish.extend(parse_publish(p).expect("publish"));
        }
        config.cmd = cmd.iter().map(|s| s.to_string()).collect();
        config.interactive = true;
        let network_mode = match network {
            None => NetworkMode::Bridge,
            Some("host") => NetworkMode::Host,
            Some("none") => NetworkMode::None,
            Some(n) => NetworkMode::Named(n.to_string()),
        };
        let mut req = ContainerCreate {
            name: Some(name.into()),
            image: ImageRef::parse(image).expect("image"),
            config,
            network_mode,
            first_endpoint: EndpointConfig::default(),
            extra_networks: Vec::new(),
        };
        f(&mut req);
        let t = self.tick();
        let id = self.e.create_container(req, t).expect("create").id;
        let t = self.tick();
        self.e.start_container(&id, t).expect("start");
        id
    }

    pub fn connect(&mut self, net: &str, ctr: &str) {
        self.e
            .connect(net, ctr, EndpointConfig::default())
            .expect("connect");
    }

    pub fn ctr(&self, name: &str) -> Node {
        Node::Container(self.e.find_container(name).expect("container").id.clone())
    }

    pub fn ip(&self, name: &str) -> String {
        self.e.find_container(name).expect("container").endpoints[0]
            .ip
            .to_string()
    }
}

fn hops(d: &Delivery) -> Vec<String> {
    d.packets
        .iter()
        .flat_map(|p| {
            p.hops
                .iter()
                .map(|h| format!("{}/{}/{:?}/{:?}", h.node, h.interface, h.action, h.verdict))
        })
        .collect()
}

/// The table as `iptables -S` lists it (printed for real in
/// bridgeport-commands' `net::iptables_save`): what these tests compare.
fn dump(v: &View, t: Table, only: Option<Chain>) -> String {
    let chains = v.rules.shown(t, only);
    let mut s = String::new();
    for c in chains.iter().filter(|c| c.is_builtin()) {
        s += &format!("-P {} {}\n", c.name(), v.rules.policy(t, *c));
    }
    for c in chains.iter().filter(|c| !c.is_builtin()) {
        s += &format!("-N {}\n", v.rules.chain_name(t, *c));
    }
    for c in &chains {
        for r in v.rules.rules(t, *c) {
            s += &format!("{}\n", r.spec(v));
        }
    }
    s
}

fn failing_hop(d: &Delivery) -> Option<&crate::trace::Hop> {
    d.packets
        .iter()
        .flat_map(|p| p.hops.iter())
        .find(|h| h.verdict != Verdict::Delivered)
}

#[test]
fn fresh_daemon_rules_match_the_e29_dump() {
    let e = Engine::new(1, Timestamp(0));
    let v = View::new(&e);
    let filter = dump(&v, Table::Filter, None);
    let expected = "-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N DOCKER\n-N DOCKER-BRIDGE\n-N DOCKER-CT\n-N DOCKER-FORWARD\n-N DOCKER-INTERNAL\n-N DOCKER-USER\n-A FORWARD -j DOCKER-USER\n-A FORWARD -j DOCKER-FORWARD\n-A DOCKER ! -i docker0 -o docker0 -j DROP\n-A DOCKER-BRIDGE -o docker0 -j DOCKER\n-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A DOCKER-FORWARD -j DOCKER-CT\n-A DOCKER-FORWARD -j DOCKER-INTERNAL\n-A DOCKER-FORWARD -j DOCKER-BRIDGE\n-A DOCKER-FORWARD -i docker0 -j ACCEPT\n";
    assert_eq!(filter, expected);
    let nat = dump(&v, Table::Nat, None);
    assert_eq!(
        nat,
        "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N DOCKER\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
    );
}

#[test]
fn user_network_with_published_port_matches_usernet_portmap() {
    let mut lab = Lab::new();
    lab.net(
        "bridge1",
        false,
        &[("com.docker.network.bridge.name", "bridge1")],
    );
    lab.run("c1", "nginx", Some("bridge1"), &["8080:80"], &[]);
    let v = View::new(&lab.e);
    let ip = lab.ip("c1");
    let filter = dump(&v, Table::Filter, None);
    for line in [
        format!("-A DOCKER -d {ip}/32 ! -i bridge1 -o bridge1 -p tcp -m tcp --dport 80 -j ACCEPT"),
        "-A DOCKER ! -i bridge1 -o bridge1 -j DROP".to_string(),
        "-A DOCKER-BRIDGE -o bridge1 -j DOCKER".to_string(),
        "-A DOCKER-CT -o bridge1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT".to_string(),
        "-A DOCKER-FORWARD -i bridge1 -j ACCEPT".to_string(),
    ] {
        assert!(
            filter.contains(&format!("{line}\n")),
            "missing {line}\n{filter}"
        );
    }
    // The per-port ACCEPT comes before both networks' DROPs.
    let accept = filter.find("--dport 80 -j ACCEPT").unwrap();
    assert!(accept < filter.find("-A DOCKER ! -i docker0").unwrap());
    let nat = dump(&v, Table::Nat, None);
    assert!(nat.contains("-A POSTROUTING -s 172.18.0.0/16 ! -o bridge1 -j MASQUERADE\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"), "{nat}");
    assert!(
        nat.contains(&format!(
            "-A DOCKER ! -i bridge1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination {ip}:80\n"
        )),
        "{nat}"
    );
    let raw = dump(&v, Table::Raw, None);
    assert_eq!(raw, format!("-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n-A PREROUTING -d {ip}/32 ! -i bridge1 -j DROP\n"));
}

#[test]
fn loopback_publish_and_internal_and_noicc_rules() {
    let mut lab = Lab::new();
    lab.net(
        "bridgeICC",
        true,
        &[("com.docker.network.bridge.name", "bridgeICC")],
    );
    lab.net(
        "bridgeNoICC",
        true,
        &[
            ("com.docker.network.bridge.name", "bridgeNoICC"),
            ("com.docker.network.bridge.enable_icc", "false"),
        ],
    );
    lab.net(
        "b1",
        false,
        &[
            ("com.docker.network.bridge.name", "b1"),
            ("com.docker.network.bridge.enable_icc", "false"),
        ],
    );
    lab.run("c1", "nginx", Some("b1"), &["127.0.0.1:8080:80"], &[]);
    let v = View::new(&lab.e);
    let filter = dump(&v, Table::Filter, None);
    assert!(filter.contains("-A DOCKER-FORWARD -i bridgeICC -o bridgeICC -j ACCEPT\n-A DOCKER-FORWARD -i bridgeNoICC -o bridgeNoICC -j DROP\n-A DOCKER-FORWARD -i b1 -o b1 -j DROP\n-A DOCKER-FORWARD -i b1 ! -o b1 -j ACCEPT\n"), "{filter}");
    assert!(filter.contains("-A DOCKER-INTERNAL ! -s 172.19.0.0/16 -o bridgeNoICC -j DROP\n-A DOCKER-INTERNAL ! -d 172.19.0.0/16 -i bridgeNoICC -j DROP\n-A DOCKER-INTERNAL ! -s 172.18.0.0/16 -o bridgeICC -j DROP\n"), "{filter}");
    let nat = dump(&v, Table::Nat, None);
    assert!(nat.contains("-A DOCKER -d 127.0.0.1/32 ! -i b1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.20.0.2:80\n"), "{nat}");
    let raw = dump(&v, Table::Raw, None);
    assert!(raw.ends_with("-A PREROUTING -d 172.20.0.2/32 ! -i b1 -j DROP\n-A PREROUTING -d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP\n"), "{raw}");
}

#[test]
fn curl_localhost_goes_through_docker_proxy() {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Host, "localhost", 8080));
    let Outcome::Connected { server } = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert_eq!(server.service, Service::NGINX);
    assert!(server.via_proxy);
    assert_eq!(
        server.peer.ip().to_string(),
        "172.17.0.1",
        "nginx sees the gateway"
    );
    let h = hops(&d);
    assert!(
        h.iter().any(|h| h.starts_with("host/docker-proxy/Proxy")),
        "{h:#?}"
    );
    assert_eq!(
        d.packets.len(),
        4,
        "client SYN, SYN-ACK, proxy SYN, SYN-ACK"
    );
}

#[test]
fn lan_to_published_port_is_dnated_and_nginx_sees_the_laptop() {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    let Outcome::Connected { server } = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert_eq!(server.peer.ip().to_string(), "192.168.1.20");
    let dnat = d.packets[0]
        .hops
        .iter()
        .find(|h| h.action == Action::Dnat)
        .expect("DNAT hop");
    assert_eq!(dnat.interface, "nat PREROUTING");
    assert_eq!(dnat.rule.as_deref(), Some("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80"));
    // The reply is un-NATed on the way out.
    assert!(d.packets[1]
        .hops
        .iter()
        .any(|h| h.interface == "nat (conntrack)"));
}

#[test]
fn udp_to_a_tcp_only_binding_is_refused_at_the_host() {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    let d = lab.e.send(&Probe::udp(Node::Lan, "192.168.1.10", 8080));
    assert_eq!(d.outcome, Outcome::Refused);
    let h = failing_hop(&d).expect("a failing hop");
    assert_eq!((h.node.as_str(), h.verdict), ("host", Verdict::Rejected));
    assert_eq!(
        h.reason.as_deref(),
        Some("port 8080/udp is not published: only 8080/tcp is")
    );
    assert_eq!(
        d.packets.last().unwrap().hops[0].before.info,
        "port-unreachable"
    );
}

#[test]
fn cross_bridge_ping_is_dropped_in_raw_prerouting() {
    let mut lab = Lab::new();
    lab.net("appnet", false, &[]);
    lab.run("db", "alpine", None, &[], &["sleep", "infinity"]);
    lab.run("api", "alpine", Some("appnet"), &[], &["sleep", "infinity"]);
    let d = lab.e.send(&Probe::ping(lab.ctr("api"), lab.ip("db"), 0));
    assert_eq!(d.outcome, Outcome::TimedOut);
    let h = failing_hop(&d).unwrap();
    assert_eq!(h.interface, "raw PREROUTING");
    assert_eq!(
        h.rule.as_deref(),
        Some("-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP")
    );
    assert!(h
        .reason
        .as_deref()
        .unwrap()
        .starts_with("different bridge networks are isolated"));
    assert!(h
        .hint
        .as_deref()
        .unwrap()
        .contains("docker network connect bridge api"));
}

#[test]
fn internal_network_has_no_default_route() {
    let mut lab = Lab::new();
    lab.net("secret", true, &[]);
    lab.run(
        "vault",
        "alpine",
        Some("secret"),
        &[],
        &["sleep", "infinity"],
    );
    let d = lab.e.send(&Probe::ping(lab.ctr("vault"), "8.8.8.8", 0));
    assert_eq!(d.outcome, Outcome::Unreachable(Unreachable::Network));
    assert!(d.reason.as_deref().unwrap().contains("--internal"));
    // Names outside resolve to SERVFAIL.
    let d = lab.e.send(&Probe::lookup(lab.ctr("vault"), "google.com"));
    assert_eq!(d.outcome, Outcome::NameNotFound);
    assert_eq!(d.lookup.unwrap().rcode, Some(Rcode::ServFail));
}

#[test]
fn icc_disabled_drops_in_docker_forward() {
    let mut lab = Lab::new();
    lab.net(
        "quiet",
        false,
        &[("com.docker.network.bridge.enable_icc", "false")],
    );
    lab.run("c1", "alpine", Some("quiet"), &[], &["sleep", "infinity"]);
    lab.run("c2", "alpine", Some("quiet"), &[], &["sleep", "infinity"]);
    let d = lab.e.send(&Probe::ping(lab.ctr("c1"), "c2", 0));
    assert_eq!(d.outcome, Outcome::TimedOut);
    let h = failing_hop(&d).unwrap();
    assert_eq!(h.interface, "filter FORWARD");
    let rule = h.rule.as_deref().unwrap();
    assert!(
        rule.starts_with("-A DOCKER-FORWARD -i br-") && rule.ends_with("-j DROP"),
        "{rule}"
    );
    assert!(h.reason.as_deref().unwrap().contains("enable_icc=false"));
}

#[test]
fn app_on_loopback_resets_through_the_proxy_and_refuses_dnat() {
    let mut lab = Lab::new();
    lab.run(
        "py",
        "python",
        None,
        &["8000:8000"],
        &[
            "python3",
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "8000",
        ],
    );
    let d = lab.e.send(&Probe::tcp(Node::Host, "localhost", 8000));
    assert_eq!(d.outcome, Outcome::Reset);
    assert!(d
        .reason
        .as_deref()
        .unwrap()
        .contains("listens on 127.0.0.1:8000 inside the container"));
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8000));
    assert_eq!(d.outcome, Outcome::Refused);
}

#[test]
fn hairpin_and_host_gateway_work() {
    let mut lab = Lab::new();
    let web = lab.run("web", "nginx", None, &["8080:80"], &[]);
    let d = lab
        .e
        .send(&Probe::tcp(Node::Container(web), "192.168.1.10", 8080));
    let Outcome::Connected { server } = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert!(server.via_proxy);
    lab.run_with("client", "alpine", None, &[], &["sleep", "infinity"], |r| {
        r.config
            .add_hosts
            .push(("host.docker.internal".into(), "host-gateway".into()));
    });
    let d = lab
        .e
        .send(&Probe::tcp(lab.ctr("client"), "host.docker.internal", 8080));
    assert!(
        matches!(d.outcome, Outcome::Connected { .. }),
        "{:?}",
        d.outcome
    );
    assert_eq!(d.resolved.unwrap().to_string(), "172.17.0.1");
    assert_eq!(d.packets[0].hops[0].interface, "/etc/hosts");
}

#[test]
fn dns_on_default_bridge_vs_user_network() {
    let mut lab = Lab::new();
    lab.run("a1", "alpine", None, &[], &["sleep", "infinity"]);
    lab.run("a2", "alpine", None, &[], &["sleep", "infinity"]);
    let d = lab.e.send(&Probe::ping(lab.ctr("a1"), "a2", 0));
    assert_eq!(d.outcome, Outcome::NameNotFound);
    assert!(
        d.reason
            .as_deref()
            .unwrap()
            .starts_with("no DNS on the default bridge"),
        "{:?}",
        d.reason
    );
    lab.net("alpine-net", false, &[]);
    lab.run(
        "b1",
        "alpine",
        Some("alpine-net"),
        &[],
        &["sleep", "infinity"],
    );
    lab.run(
        "b2",
        "alpine",
        Some("alpine-net"),
        &[],
        &["sleep", "infinity"],
    );
    let d = lab.e.send(&Probe::ping(lab.ctr("b1"), "b2", 0));
    assert!(
        matches!(d.outcome, Outcome::Connected { .. }),
        "{:?}",
        d.outcome
    );
    assert_eq!(d.resolved.unwrap().to_string(), "172.18.0.3");
    assert_eq!(d.packets[0].hops[1].interface, "127.0.0.11 (embedded DNS)");
}

#[test]
fn two_networks_and_host_mode() {
    let mut lab = Lab::new();
    lab.net("alpine-net", false, &[]);
    lab.run("alpine3", "alpine", None, &[], &["sleep", "infinity"]);
    lab.run(
        "alpine4",
        "alpine",
        Some("alpine-net"),
        &[],
        &["sleep", "infinity"],
    );
    lab.connect("bridge", "alpine4");
    let d = lab
        .e
        .send(&Probe::ping(lab.ctr("alpine4"), "172.17.0.2", 0));
    assert!(
        matches!(d.outcome, Outcome::Connected { .. }),
        "{:?}",
        d.outcome
    );
    assert_eq!(d.packets[0].hops[0].interface, "eth1");
    // Host mode: nginx binds the host's port 80.
    lab.run("hostweb", "nginx", Some("host"), &[], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 80));
    let Outcome::Connected { server } = &d.outcome else {
        panic!("{:?}", d.outcome)
    };
    assert_eq!(server.node, "host");
    assert_eq!(server.service, Service::NGINX);
}

#[test]
fn loopback_published_port_from_the_lan() {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["127.0.0.1:8080:80"], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    assert_eq!(d.outcome, Outcome::Refused);
    assert_eq!(d.reason.as_deref(), Some("port 8080 is published on 127.0.0.1 only: it is reachable from the host itself, not via 192.168.1.10"));
    assert!(matches!(
        lab.e
            .send(&Probe::tcp(Node::Host, "127.0.0.1", 8080))
            .outcome,
        Outcome::Connected { .. }
    ));
}

#[test]
fn matrix_cells_agree_with_single_probes() {
    let mut lab = Lab::new();
    lab.net("appnet", false, &[]);
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    lab.run(
        "api",
        "alpine",
        Some("appnet"),
        &[],
        &["nc", "-lu", "-p", "5000"],
    );
    let m = reach::matrix(&lab.e);
    let (_, probes) = reach::probes(&lab.e);
    assert_eq!(m.cells.len(), probes.len());
    for (cell, p) in m.cells.iter().zip(&probes) {
        let d = lab.e.send(&p.probe);
        assert_eq!(
            cell.verdict,
            d.verdict(),
            "{} → {} {}",
            m.endpoints[cell.from].name,
            m.endpoints[cell.to].name,
            cell.transport.label
        );
        let reason = cell.reason.as_ref().map(|r| r.to_string());
        assert_eq!(
            reason,
            if cell.verdict == Verdict::Delivered {
                None
            } else {
                d.reason.clone().or(reason.clone())
            }
        );
    }
}

/// 200 containers on 20 networks: the matrix must stay fast. Prints the time
/// (run with `cargo test --release -p bridgeport-engine matrix_scales -- --nocapture`).
#[test]
fn matrix_scales_to_200_containers_on_20_networks() {
    let mut lab = Lab::new();
    for n in 0..20 {
        lab.net(&format!("net{n}"), false, &[]);
    }
    for i in 0..200u16 {
        let net = format!("net{}", i % 20);
        let publish = format!("{}:80", 8000 + i);
        let p: Vec<&str> = if i % 7 == 0 {
            vec![publish.as_str()]
        } else {
            vec![]
        };
        lab.run(&format!("web{i}"), "nginx", Some(&net), &p, &[]);
    }
    let start = std::time::Instant::now();
    let m = reach::matrix(&lab.e);
    let took = start.elapsed();
    println!(
        "matrix: {} endpoints, {} cells in {:?}",
        m.endpoints.len(),
        m.cells.len(),
        took
    );
    assert_eq!(m.endpoints.len(), 203);
    assert!(took.as_secs() < 60);
}

/// Every recorded hop says where it happened as data, and that place agrees
/// with its `node`/`interface` words (which stay as they were).
#[test]
fn every_hop_has_a_structured_place() {
    use crate::trace::{HopAt, ResolverKind};
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    lab.net("mynet", false, &[]);
    lab.run("b1", "alpine", Some("mynet"), &[], &["sleep", "infinity"]);
    lab.run("b2", "alpine", Some("mynet"), &[], &["sleep", "infinity"]);
    let mut all = Vec::new();
    for probe in [
        Probe::tcp(Node::Host, "localhost", 8080),
        Probe::tcp(Node::Lan, "192.168.1.10", 8080),
        Probe::ping(lab.ctr("b1"), "b2", 0),
        Probe::ping(lab.ctr("b1"), "example.com", 0),
        Probe::tcp(lab.ctr("b1"), lab.ip("web"), 80),
    ] {
        let d = lab.e.send(&probe);
        for h in d.packets.iter().flat_map(|p| p.hops.iter()) {
            let at = h.at.clone().unwrap_or_else(|| panic!("no place for {h:?}"));
            all.push((h.node.clone(), h.interface.clone(), h.action, at));
        }
    }
    type Seen = (String, String, Action, HopAt);
    let has = |f: &dyn Fn(&Seen) -> bool| all.iter().any(f);
    assert!(has(&|(n, i, a, at)| n == "host"
        && i == "docker-proxy"
        && *a == Action::Proxy
        && *at
            == HopAt::DockerProxy {
                port: 8080,
                proto: "tcp".into()
            }));
    // docker-proxy's own connection to web:80 is drawn at the port it listens on.
    assert!(has(&|(_, i, a, at)| i == "docker-proxy"
        && *a == Action::Send
        && *at
            == HopAt::DockerProxy {
                port: 8080,
                proto: "tcp".into()
            }));
    assert!(has(&|(_, i, _, at)| i == "nat PREROUTING"
        && *at
            == HopAt::Netfilter {
                table: "nat".into(),
                chain: "PREROUTING".into()
            }));
    assert!(has(
        &|(_, i, _, at)| i == "nat (conntrack)" && *at == HopAt::Conntrack
    ));
    assert!(has(&|(n, i, _, at)| n == "host"
        && i == "docker0"
        && *at
            == HopAt::Bridge {
                network: "bridge".into(),
                device: "docker0".into()
            }));
    assert!(has(&|(n, i, _, at)| n == "host"
        && i.starts_with("veth")
        && matches!(at, HopAt::Veth { container, iface, device } if container == "web" && iface == "eth0" && device == i)));
    assert!(has(&|(n, i, _, at)| n == "web"
        && *at
            == HopAt::ContainerInterface {
                container: "web".into(),
                iface: i.clone()
            }));
    assert!(has(&|(n, i, _, at)| n == "host"
        && i == "eth0"
        && *at
            == HopAt::HostInterface {
                name: "eth0".into()
            }));
    assert!(has(&|(n, _, _, at)| n == "lan" && *at == HopAt::LanPeer));
    assert!(has(&|(n, _, _, at)| n == "lan" && *at == HopAt::Router));
    assert!(has(
        &|(n, _, _, at)| n == "internet" && *at == HopAt::Internet
    ));
    assert!(has(&|(n, _, _, at)| n == "b1"
        && *at
            == HopAt::Resolver {
                node: "b1".into(),
                kind: ResolverKind::EmbeddedDns
            }));
    assert!(has(&|(_, i, _, at)| i == "filter FORWARD"
        && *at
            == HopAt::Netfilter {
                table: "filter".into(),
                chain: "FORWARD".into()
            }));
    // Serialised as data next to the words; absent `at` (an older trace) still reads.
    let hop = lab
        .e
        .send(&Probe::tcp(Node::Host, "localhost", 8080))
        .packets[0]
        .hops[0]
        .clone();
    let json = serde_json::to_value(&hop).unwrap();
    assert_eq!(
        json["at"],
        serde_json::json!({"resolver": {"node": "host", "kind": "hosts_file"}}),
        "{json}"
    );
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("at");
    let back: crate::trace::Hop = serde_json::from_value(old).unwrap();
    assert_eq!(back.at, None);
    assert_eq!(
        serde_json::to_value(HopAt::Router).unwrap(),
        serde_json::json!("router")
    );
}

/// Counters count real sends only (reference §1.2): one LAN request puts 1
/// packet of 60 bytes (the SYN) on the DNAT and on DOCKER's ACCEPT; the
/// matrix's probes and plain `send`s leave every counter at 0.
#[test]
fn real_sends_count_and_the_matrix_does_not() {
    use super::counting::{chain_counts, policy_counts};
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    let _ = super::matrix(&lab.e);
    let _ = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    assert!(lab.e.firewall().counters.is_empty());
    let d = lab
        .e
        .send_real(&Probe::tcp(Node::Lan, "192.168.1.10", 8080), Timestamp(0));
    assert!(matches!(d.outcome, Outcome::Connected { .. }));
    let v = View::new(&lab.e);
    assert_eq!(chain_counts(&v, Table::Nat, Chain::Docker), vec![(1, 60)]);
    assert_eq!(chain_counts(&v, Table::Filter, Chain::Docker)[0], (1, 60));
    // No request: SYN, ACK, FIN, ACK from the client; SYN-ACK, FIN back.
    assert_eq!(chain_counts(&v, Table::Filter, Chain::Forward)[0].0, 6);
    assert_eq!(policy_counts(&v, Table::Filter, Chain::Forward), (0, 0));
    drop(v);
    // The host's own curl localhost goes through docker-proxy: no FORWARD, no DNAT.
    let _ = lab
        .e
        .send_real(&Probe::tcp(Node::Host, "localhost", 8080), Timestamp(0));
    let v = View::new(&lab.e);
    assert_eq!(chain_counts(&v, Table::Nat, Chain::Docker), vec![(1, 60)]);
    assert_eq!(chain_counts(&v, Table::Filter, Chain::Forward)[0].0, 6);
}
