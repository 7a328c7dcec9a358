//! Hand-made engine snapshots for tests and the visual check: a topology with
//! three bridge networks and five containers, packets with hops (a delivered
//! `curl` and a dropped ping), a matrix, and a generator for 1..N containers.
//! They let the views be verified independently of the engine.

use bridgeport_engine::matrix::{MatrixCell, MatrixEndpoint, Transport};
use bridgeport_engine::topology::{
    ContainerView, HostView, InterfaceView, NetworkView, PublishedPortView,
};
use bridgeport_engine::{Action, Headers, Hop, HopAt, Matrix, Packet, Topology, Verdict};

/// The default `bridge` network, docker0, every engine has.
fn docker0() -> NetworkView {
    net(
        "bridge",
        "bridge",
        "docker0",
        "172.17.0.0/16",
        "172.17.0.1",
        true,
    )
}

fn net(
    name: &str,
    driver: &str,
    bridge: &str,
    subnet: &str,
    gateway: &str,
    builtin: bool,
) -> NetworkView {
    NetworkView {
        id: format!(
            "{:0<12}",
            name.bytes()
                .map(|b| format!("{:x}", b % 16))
                .collect::<String>()
        ),
        name: name.into(),
        driver: driver.into(),
        bridge: bridge.into(),
        subnet: subnet.into(),
        gateway: gateway.into(),
        internal: false,
        icc: true,
        builtin,
        project: String::new(),
    }
}

fn iface(name: &str, veth: &str, network: &str, address: &str, mac: &str) -> InterfaceView {
    InterfaceView {
        name: name.into(),
        veth: veth.into(),
        network: network.into(),
        address: address.into(),
        mac: mac.into(),
    }
}

fn ctr(
    id: &str,
    name: &str,
    image: &str,
    mode: &str,
    interfaces: Vec<InterfaceView>,
) -> ContainerView {
    ContainerView {
        id: id.into(),
        name: name.into(),
        image: image.into(),
        state: "running".into(),
        network_mode: mode.into(),
        interfaces,
        published: Vec::new(),
        listening: Vec::new(),
        project: String::new(),
    }
}

fn host() -> HostView {
    HostView {
        hostname: "bridgeport".into(),
        eth0: "192.168.1.10/24".into(),
        lan_peer: "192.168.1.20".into(),
        internet: "8.8.8.8".into(),
    }
}

/// Three bridge networks (docker0, appnet, an internal backend) and five containers:
/// `web` publishes 8080→80, `api` is on two networks, `tool` uses the host network.
pub fn topology() -> Topology {
    let mut backend = net(
        "backend",
        "bridge",
        "br-9f8e7d6c5b4a",
        "10.10.0.0/24",
        "10.10.0.1",
        false,
    );
    backend.internal = true;
    let mut web = ctr(
        "3f2a1b7c9d0e",
        "web",
        "nginx",
        "bridge",
        vec![iface(
            "eth0",
            "veth3f2a1b7",
            "bridge",
            "172.17.0.2/16",
            "02:42:ac:11:00:02",
        )],
    );
    web.published = vec![PublishedPortView {
        host_ip: "0.0.0.0".into(),
        host_port: 8080,
        container_port: 80,
        proto: "tcp".into(),
    }];
    web.listening = vec!["tcp 0.0.0.0:80".into()];
    let mut cache = ctr(
        "77aa01bc22dd",
        "cache",
        "redis",
        "appnet",
        vec![iface(
            "eth0",
            "veth77aa01b",
            "appnet",
            "172.18.0.3/16",
            "02:42:ac:12:00:03",
        )],
    );
    cache.state = "exited".into();
    Topology {
        host: host(),
        networks: vec![
            docker0(),
            net("host", "host", "", "", "", true),
            net("none", "null", "", "", "", true),
            net(
                "appnet",
                "bridge",
                "br-1a2b3c4d5e6f",
                "172.18.0.0/16",
                "172.18.0.1",
                false,
            ),
            backend,
        ],
        containers: vec![
            web,
            ctr(
                "5c6d7e8f9a0b",
                "api",
                "python:3.12",
                "appnet",
                vec![
                    iface(
                        "eth0",
                        "veth5c6d7e8",
                        "appnet",
                        "172.18.0.2/16",
                        "02:42:ac:12:00:02",
                    ),
                    iface(
                        "eth1",
                        "veth0b1c2d3",
                        "backend",
                        "10.10.0.2/24",
                        "02:42:0a:0a:00:02",
                    ),
                ],
            ),
            ctr(
                "9a8b7c6d5e4f",
                "db",
                "postgres:16",
                "backend",
                vec![iface(
                    "eth0",
                    "veth9a8b7c6",
                    "backend",
                    "10.10.0.3/24",
                    "02:42:0a:0a:00:03",
                )],
            ),
            cache,
            ctr("1234567890ab", "tool", "busybox", "host", Vec::new()),
        ],
    }
}

/// `n` running containers spread round-robin over `networks` user bridges (plus docker0).
pub fn many(n: usize, networks: usize) -> Topology {
    let mut topo = Topology {
        host: host(),
        ..Topology::default()
    };
    topo.networks.push(docker0());
    for k in 0..networks {
        let name = format!("net{k}");
        let bridge = format!("br-{:012x}", 0xabc000 + k);
        topo.networks.push(net(
            &name,
            "bridge",
            &bridge,
            &format!("172.{}.0.0/16", 18 + k),
            &format!("172.{}.0.1", 18 + k),
            false,
        ));
    }
    let bridges = networks + 1;
    for i in 0..n {
        let net = &topo.networks[i % bridges];
        let octet = 18 + (i % bridges) as i64 - 1;
        let address = if i % bridges == 0 {
            format!("172.17.0.{}/16", 2 + i / bridges)
        } else {
            format!("172.{octet}.0.{}/16", 2 + i / bridges)
        };
        let mut c = ctr(
            &format!("{:012x}", 0xc0ffee000u64 + i as u64),
            &format!("app-{i:02}-container-with-a-long-name"),
            "nginx:1.27-alpine",
            &net.name,
            vec![iface(
                "eth0",
                &format!("veth{:07x}", 0x100000 + i),
                &net.name,
                &address,
                "02:42:ac:11:00:02",
            )],
        );
        if i % 7 == 0 {
            c.published.push(PublishedPortView {
                host_ip: "0.0.0.0".into(),
                host_port: 8000 + i as u16,
                container_port: 80,
                proto: "tcp".into(),
            });
        }
        topo.containers.push(c);
    }
    topo
}

fn h(proto: &str, src: &str, dst: &str, info: &str) -> Headers {
    Headers {
        proto: proto.into(),
        src: src.into(),
        dst: dst.into(),
        info: info.into(),
    }
}

/// The place the engine's recorder would give these fixtures' hops.
fn place(node: &str, interface: &str) -> HopAt {
    let s = |v: &str| v.to_string();
    match (node, interface) {
        ("host", "docker0") => HopAt::Bridge {
            network: s("bridge"),
            device: s(interface),
        },
        ("host", "br-1a2b3c4d5e6f") => HopAt::Bridge {
            network: s("appnet"),
            device: s(interface),
        },
        ("host", "veth3f2a1b7") => HopAt::Veth {
            container: s("web"),
            iface: s("eth0"),
            device: s(interface),
        },
        ("host", "veth5c6d7e8") => HopAt::Veth {
            container: s("api"),
            iface: s("eth0"),
            device: s(interface),
        },
        ("host", "nat (conntrack)") => HopAt::Conntrack,
        ("host", chain) if chain.contains(' ') => {
            let (table, chain) = chain.split_once(' ').unwrap_or_default();
            HopAt::Netfilter {
                table: s(table),
                chain: s(chain),
            }
        }
        ("host", _) => HopAt::HostInterface { name: s(interface) },
        (c, _) => HopAt::ContainerInterface {
            container: s(c),
            iface: s(interface),
        },
    }
}

fn hop(node: &str, interface: &str, action: Action, before: Headers, after: Headers) -> Hop {
    Hop {
        at: Some(place(node, interface)),
        node: node.into(),
        interface: interface.into(),
        action,
        before,
        after,
        verdict: Verdict::Delivered,
        rule: None,
        reason: None,
        hint: None,
    }
}

/// `curl localhost:8080` to `web`: the SYN through DNAT and docker0 to the
/// container, then the SYN-ACK back.
pub fn curl_packets() -> Vec<Packet> {
    let syn = h("tcp", "127.0.0.1:51000", "127.0.0.1:8080", "SYN");
    let natted = h("tcp", "172.17.0.1:51000", "172.17.0.2:80", "SYN");
    let mut dnat = hop(
        "host",
        "nat OUTPUT",
        Action::Dnat,
        syn.clone(),
        natted.clone(),
    );
    dnat.rule = Some(
        "-A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80".into(),
    );
    dnat.reason =
        Some("port 8080 is published by web: the destination becomes 172.17.0.2:80".into());
    let request = Packet {
        proto: "tcp".into(),
        src: "127.0.0.1:51000".into(),
        dst: "127.0.0.1:8080".into(),
        hops: vec![
            hop("host", "lo", Action::Send, syn.clone(), syn),
            dnat,
            hop(
                "host",
                "docker0",
                Action::Route,
                natted.clone(),
                natted.clone(),
            ),
            hop(
                "host",
                "veth3f2a1b7",
                Action::Forward,
                natted.clone(),
                natted.clone(),
            ),
            hop("web", "eth0", Action::Deliver, natted.clone(), natted),
        ],
        verdict: Verdict::Delivered,
    };
    let synack = h("tcp", "172.17.0.2:80", "172.17.0.1:51000", "SYN-ACK");
    let unnat = h("tcp", "127.0.0.1:8080", "127.0.0.1:51000", "SYN-ACK");
    let reply = Packet {
        proto: "tcp".into(),
        src: "172.17.0.2:80".into(),
        dst: "172.17.0.1:51000".into(),
        hops: vec![
            hop("web", "eth0", Action::Send, synack.clone(), synack.clone()),
            hop(
                "host",
                "veth3f2a1b7",
                Action::Forward,
                synack.clone(),
                synack.clone(),
            ),
            hop(
                "host",
                "docker0",
                Action::Route,
                synack.clone(),
                synack.clone(),
            ),
            hop(
                "host",
                "nat (conntrack)",
                Action::Snat,
                synack,
                unnat.clone(),
            ),
            hop("host", "lo", Action::Deliver, unnat.clone(), unnat),
        ],
        verdict: Verdict::Delivered,
    };
    vec![request, reply]
}

/// `ping web` from `api`: dropped by bridge isolation between appnet and docker0.
pub fn dropped_packets() -> Vec<Packet> {
    let echo = h("icmp", "172.18.0.2", "172.17.0.2", "echo-request");
    let mut drop = hop(
        "host",
        "filter FORWARD",
        Action::Drop,
        echo.clone(),
        echo.clone(),
    );
    drop.verdict = Verdict::Dropped;
    drop.rule = Some("-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP".into());
    drop.reason = Some(
        "appnet and bridge are different networks: Docker isolates them from each other".into(),
    );
    drop.hint = Some("docker network connect bridge api".into());
    vec![Packet {
        proto: "icmp".into(),
        src: "172.18.0.2".into(),
        dst: "172.17.0.2".into(),
        hops: vec![
            hop("api", "eth0", Action::Send, echo.clone(), echo.clone()),
            hop(
                "host",
                "veth5c6d7e8",
                Action::Forward,
                echo.clone(),
                echo.clone(),
            ),
            hop("host", "br-1a2b3c4d5e6f", Action::Route, echo.clone(), echo),
            drop,
        ],
        verdict: Verdict::Dropped,
    }]
}

/// A matrix over host, lan, web, api and db with tcp, icmp and dns probes;
/// every failing cell has a reason and a hint.
pub fn matrix() -> Matrix {
    let names = [
        ("host", "host"),
        ("lan", "lan"),
        ("web", "container"),
        ("api", "container"),
        ("db", "container"),
    ];
    let endpoints: Vec<MatrixEndpoint> = names
        .iter()
        .map(|(n, k)| MatrixEndpoint {
            name: n.to_string(),
            kind: k.to_string(),
        })
        .collect();
    let mut cells = Vec::new();
    for from in 0..endpoints.len() {
        for to in 0..endpoints.len() {
            if from == to {
                continue;
            }
            let (f, t) = (names[from].0, names[to].0);
            for proto in ["tcp", "icmp", "dns"] {
                if proto == "dns" && names[to].1 != "container" {
                    continue;
                }
                let same_net = matches!((f, t), ("api", "db") | ("db", "api"));
                let ok = match proto {
                    "tcp" => same_net || t == "web" || f == "host" || t == "host" || t == "lan",
                    "icmp" => same_net || f == "host" || t == "host" || t == "lan",
                    _ => same_net,
                };
                let label = match proto {
                    "tcp" if t == "web" && (f == "lan" || f == "host") => {
                        "tcp 8080 → web:80".to_string()
                    }
                    "tcp" => format!("tcp {t}:80"),
                    "icmp" => format!("ping {t}"),
                    _ => format!("lookup {t}"),
                };
                let port = if proto == "tcp" {
                    Some(if label.contains("8080") { 8080 } else { 80 })
                } else {
                    None
                };
                cells.push(MatrixCell {
                    from,
                    to,
                    transport: Transport {
                        proto: proto.into(),
                        port,
                        label: label.into(),
                    },
                    verdict: if ok {
                        Verdict::Delivered
                    } else {
                        Verdict::Dropped
                    },
                    reason: (!ok).then(|| {
                        format!("{f} and {t} share no network: DOCKER-ISOLATION drops it").into()
                    }),
                    hint: (!ok)
                        .then(|| format!("docker network connect <a network of {t}> {f}").into()),
                });
            }
        }
    }
    Matrix { endpoints, cells }
}
