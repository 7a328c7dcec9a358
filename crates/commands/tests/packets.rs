//! Packets: golden transcripts with hop-by-hop traces for the cases a learner
//! meets first, each also checked for the right verdict at the right hop, and
//! a property test that the reachability matrix never disagrees with sending
//! the same probe on its own.
//!
//! Snapshots live in `tests/snapshots/`; after a deliberate change, review
//! with `INSTA_UPDATE=always cargo test -p bridgeport-commands --test packets`
//! and `git diff`.

use bridgeport_commands::script::trace_text;
use bridgeport_commands::{Outcome, Session};
use bridgeport_engine::trace::{Hop, Verdict};
use bridgeport_engine::Timestamp;
use proptest::prelude::*;

/// 2026-11-27T17:08:12Z.
const T0: u64 = 1_795_799_292_000;

/// Runs lines; returns the transcript (with traces under the lines marked
/// `!`) and every outcome.
fn run(lines: &[&str]) -> (String, Vec<Outcome>, Session) {
    let mut s = Session::new(42);
    let mut text = String::new();
    let mut outs = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (traced, line) = match line.strip_prefix('!') {
            Some(l) => (true, l),
            None => (false, *line),
        };
        let prompt = s.prompt();
        let o = s.execute(line, Timestamp(T0 + 1000 * i as u64));
        text.push_str(&format!("{prompt}{line}\n{}", o.output));
        if traced {
            text.push_str(&trace_text(&o.packets));
        }
        outs.push(o);
    }
    (text, outs, s)
}

/// The first hop that did not deliver, as (node, interface, verdict).
fn stop(o: &Outcome) -> Option<&Hop> {
    o.packets
        .iter()
        .flat_map(|p| p.hops.iter())
        .find(|h| h.verdict != Verdict::Delivered)
}

fn stop_at(o: &Outcome) -> (String, String, Verdict) {
    let h = stop(o).unwrap_or_else(|| panic!("no failing hop for `{}`", o.command));
    (h.node.clone(), h.interface.clone(), h.verdict)
}

fn reason(o: &Outcome) -> String {
    stop(o).and_then(|h| h.reason.clone()).unwrap_or_default()
}

/// A one-shot container's packets come with the host as they saw it: by the
/// end of the command the container is gone (`--rm`) or stopped, off its
/// networks, and the page would have nowhere to draw their first hops.
#[test]
fn a_one_shot_containers_packets_keep_the_scene_they_left_from() {
    let (_, outs, s) = run(&[
        "docker network create app",
        "docker run -d --name web --network app nginx",
        "docker run --rm --name probe --network app busybox wget -qO- web",
        "docker run --name probe2 --network app busybox ping -c 1 web",
        "docker run -d --name client --network app alpine sleep 1d",
        "docker exec client ping -c 1 web",
        "docker run --rm busybox echo no packets",
    ]);
    let in_scene = |o: &Outcome, name: &str| {
        o.scene
            .as_ref()
            .is_some_and(|t| t.containers.iter().any(|c| c.name == name))
    };
    assert!(!outs[2].packets.is_empty());
    assert!(
        in_scene(&outs[2], "probe"),
        "--rm: the scene still has probe"
    );
    assert!(
        in_scene(&outs[3], "probe2"),
        "stopped after: the scene has it running"
    );
    assert!(
        outs[5].scene.is_none(),
        "exec: the container stays, no scene"
    );
    assert!(outs[6].scene.is_none(), "no packets, no scene");
    // The live host has neither.
    let now = s.topology();
    assert!(now.containers.iter().all(|c| c.name != "probe"));
}

#[test]
fn curl_localhost_to_published_nginx() {
    let (text, outs, s) = run(&[
        "docker run -d --name web -p 8080:80 nginx",
        "!curl localhost:8080",
        "docker logs --tail 1 web",
    ]);
    insta::assert_snapshot!("curl_localhost_to_published_nginx", text);
    assert_eq!(outs[1].exit_code, 0);
    assert!(outs[1]
        .packets
        .iter()
        .any(|p| p.hops.iter().any(|h| h.interface == "docker-proxy")));
    let web = s.engine().find_container("web").unwrap();
    assert_eq!(web.logs.last().unwrap().text, "172.17.0.1 - - [27/Nov/2026:17:08:13 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\"");
}

#[test]
fn udp_to_a_tcp_only_binding() {
    let (text, outs, _) = run(&[
        "docker run -d --name web -p 8080:80 nginx",
        "lan",
        "!nc -zvu 192.168.1.10 8080",
        "nc -zv 192.168.1.10 8080",
    ]);
    insta::assert_snapshot!("udp_to_a_tcp_only_binding", text);
    assert_eq!(
        stop_at(&outs[2]),
        ("host".into(), "eth0".into(), Verdict::Rejected)
    );
    assert_eq!(
        reason(&outs[2]),
        "port 8080/udp is not published: only 8080/tcp is"
    );
    assert_eq!(outs[3].exit_code, 0);
}

#[test]
fn ping_by_name_on_the_default_bridge_vs_a_user_network() {
    let (text, outs, _) = run(&[
        "docker run -dit --name alpine1 alpine ash",
        "docker run -dit --name alpine2 alpine ash",
        "!docker exec alpine1 ping -c 2 alpine2",
        "docker exec alpine1 ping -c 2 172.17.0.3",
        "docker network create alpine-net",
        "docker run -dit --name alpine3 --network alpine-net alpine ash",
        "docker run -dit --name alpine4 --network alpine-net alpine ash",
        "!docker exec alpine3 ping -c 2 alpine4",
    ]);
    insta::assert_snapshot!("ping_by_name_default_bridge_vs_user_network", text);
    assert_eq!(outs[2].output, "ping: bad address 'alpine2'\n");
    assert_eq!(
        stop_at(&outs[2]),
        ("lan".into(), "router".into(), Verdict::Rejected)
    );
    assert!(reason(&outs[2]).starts_with("no DNS on the default bridge"));
    assert!(outs[7].output.starts_with(
        "PING alpine4 (172.18.0.3): 56 data bytes\n64 bytes from 172.18.0.3: seq=0 ttl=64 time="
    ));
}

#[test]
fn cross_bridge_ping_by_ip() {
    let (text, outs, _) = run(&[
        "docker run -dit --name alpine1 alpine ash",
        "docker network create alpine-net",
        "docker run -dit --name alpine2 --network alpine-net alpine ash",
        "!docker exec alpine2 ping -c 2 172.17.0.2",
    ]);
    insta::assert_snapshot!("cross_bridge_ping_by_ip", text);
    assert!(outs[3]
        .output
        .ends_with("2 packets transmitted, 0 packets received, 100% packet loss\n"));
    assert_eq!(
        stop_at(&outs[3]),
        ("host".into(), "raw PREROUTING".into(), Verdict::Dropped)
    );
    assert!(reason(&outs[3]).starts_with("different bridge networks are isolated"));
}

#[test]
fn a_container_on_two_networks() {
    let (text, outs, _) = run(&[
        "docker network create alpine-net",
        "docker run -dit --name alpine1 --network alpine-net alpine ash",
        "docker run -dit --name alpine3 alpine ash",
        "docker run -dit --name alpine4 --network alpine-net alpine ash",
        "docker network connect bridge alpine4",
        "docker exec alpine4 ip route",
        "docker exec alpine4 ping -c 1 alpine1",
        "!docker exec alpine4 ping -c 1 172.17.0.2",
        "docker exec alpine4 ping -c 1 alpine3",
    ]);
    insta::assert_snapshot!("a_container_on_two_networks", text);
    assert_eq!(outs[7].exit_code, 0);
    assert_eq!(outs[7].packets[0].hops[0].interface, "eth1");
    assert_eq!(outs[8].output, "ping: bad address 'alpine3'\n");
}

#[test]
fn internal_network_egress() {
    let (text, outs, _) = run(&[
        "docker network create --internal secret",
        "docker run -dit --name vault --network secret alpine",
        "docker run -dit --name app --network secret alpine",
        "!docker exec vault ping -c 1 8.8.8.8",
        "!docker exec vault nslookup google.com",
        "docker exec vault ping -c 1 app",
    ]);
    insta::assert_snapshot!("internal_network_egress", text);
    assert_eq!(
        stop_at(&outs[3]),
        ("vault".into(), "routing table".into(), Verdict::Rejected)
    );
    assert!(reason(&outs[3]).contains("--internal"));
    assert_eq!(outs[4].exit_code, 1);
    assert!(outs[4]
        .output
        .contains("** server can't find google.com: SERVFAIL"));
    assert_eq!(outs[5].exit_code, 0);
}

#[test]
fn loopback_published_port_from_the_lan() {
    let (text, outs, _) = run(&[
        "docker run -d --name web -p 127.0.0.1:8080:80 nginx",
        "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080",
        "lan",
        "!curl 192.168.1.10:8080",
    ]);
    insta::assert_snapshot!("loopback_published_port_from_the_lan", text);
    assert_eq!(outs[1].output, "200\n");
    assert_eq!(outs[3].exit_code, 7);
    assert_eq!(
        stop_at(&outs[3]),
        ("host".into(), "eth0".into(), Verdict::Rejected)
    );
    assert!(reason(&outs[3]).contains("published on 127.0.0.1 only"));
}

#[test]
fn host_mode() {
    let (text, outs, _) = run(&[
        "docker run -d --name hostweb --network host nginx",
        "docker ps",
        "lan",
        "!curl -sI 192.168.1.10",
        "exit",
        "ss -tln",
    ]);
    insta::assert_snapshot!("host_mode", text);
    assert!(outs[3].output.starts_with("HTTP/1.1 200 OK\n"));
    assert!(outs[5].output.contains("0.0.0.0:80 "));
}

#[test]
fn an_app_bound_to_127_0_0_1() {
    let (text, outs, _) = run(&[
        "docker run -d --name py -p 8000:8000 python python3 -m http.server --bind 127.0.0.1 8000",
        "!curl localhost:8000",
        "lan",
        "curl 192.168.1.10:8000",
    ]);
    insta::assert_snapshot!("an_app_bound_to_127_0_0_1", text);
    assert_eq!(
        outs[1].output,
        "curl: (56) Recv failure: Connection reset by peer\n"
    );
    assert_eq!(
        stop_at(&outs[1]),
        ("py".into(), "eth0".into(), Verdict::Rejected)
    );
    assert!(reason(&outs[1]).starts_with("the app listens on 127.0.0.1:8000 inside the container"));
    assert_eq!(outs[3].exit_code, 7);
}

#[test]
fn icc_disabled() {
    let (text, outs, _) = run(&[
        "docker network create -o com.docker.network.bridge.enable_icc=false quiet",
        "docker run -d --name web --network quiet -p 8080:80 nginx",
        "docker run -dit --name client --network quiet alpine",
        "!docker exec client wget -T 5 -qO- web",
        "docker exec client wget -qO- 192.168.1.10:8080",
    ]);
    insta::assert_snapshot!("icc_disabled", text);
    assert_eq!(
        stop_at(&outs[3]),
        ("host".into(), "filter FORWARD".into(), Verdict::Dropped)
    );
    assert!(reason(&outs[3]).contains("enable_icc=false"));
    assert_eq!(
        outs[4].exit_code, 0,
        "published ports still work through the host"
    );
}

#[test]
fn hairpin_to_your_own_published_port() {
    let (text, outs, s) = run(&[
        "docker run -d --name web -p 8080:80 nginx",
        "!docker exec web curl -s -o /dev/null -w '%{http_code}\\n' 192.168.1.10:8080",
    ]);
    insta::assert_snapshot!("hairpin_to_your_own_published_port", text);
    assert_eq!(outs[1].output, "200\n");
    let log = &s
        .engine()
        .find_container("web")
        .unwrap()
        .logs
        .last()
        .unwrap()
        .text;
    assert!(log.starts_with("172.17.0.1 - - "), "{log}");
}

#[test]
fn a_container_reaching_the_host_via_host_gateway() {
    let (text, outs, _) = run(&[
        "docker run -d --name web -p 8080:80 nginx",
        "docker run -dit --name client --add-host host.docker.internal:host-gateway alpine",
        "docker exec client cat /etc/hosts",
        "!docker exec client nc -zv host.docker.internal 22",
        "docker exec client wget -qO- host.docker.internal:8080",
    ]);
    insta::assert_snapshot!("a_container_reaching_the_host_via_host_gateway", text);
    assert_eq!(
        outs[3].output,
        "host.docker.internal (172.17.0.1:22) open\n"
    );
    assert_eq!(outs[3].packets[0].hops[0].interface, "/etc/hosts");
    assert_eq!(outs[4].exit_code, 0);
}

#[test]
fn the_host_firewall_and_interfaces() {
    let (text, _, _) = run(&[
        "docker network create -o com.docker.network.bridge.name=bridge1 --subnet 192.0.2.0/24 --gateway 192.0.2.1 bridge1",
        "docker run -d --name c1 --network bridge1 -p 8080:80 nginx",
        "iptables -S",
        "iptables -t nat -S",
        "iptables -t raw -S",
        "iptables -nvL DOCKER --line-numbers",
        "iptables -t nat -L -n",
        "ip addr",
        "ip route",
        "hostname -I",
        "ss -tlnp",
        "docker exec c1 curl -s localhost -o /dev/null -w '%{http_code}\\n'",
    ]);
    insta::assert_snapshot!("the_host_firewall_and_interfaces", text);
}

#[test]
fn tool_errors_print_what_the_real_tools_print() {
    let (text, outs, _) = run(&[
        "curl nope",
        "curl -s nope",
        "curl localhost:9999",
        "ping -c 1 nope",
        "docker run -dit --name a1 alpine",
        "docker exec a1 wget -qO- nope",
        "docker exec a1 wget -qO- 172.17.0.1:9999",
        "docker exec a1 nc 172.17.0.1 9999",
        "docker exec a1 nslookup nope",
        "docker exec a1 ping -c 1 10.9.9.9",
        "docker run --rm curlimages/curl curl -sS --connect-timeout 3 10.9.9.9",
    ]);
    insta::assert_snapshot!("tool_errors", text);
    assert_eq!(outs[0].output, "curl: (6) Could not resolve host: nope\n");
    assert_eq!(outs[1].output, "");
    assert_eq!(outs[2].output, "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n");
    assert_eq!(outs[3].output, "ping: nope: Name or service not known\n");
    assert_eq!(
        outs[6].output,
        "wget: can't connect to remote host (172.17.0.1): Connection refused\n"
    );
}

/// A random small host: networks, containers with servers, publishing, a
/// second network; then every matrix cell is compared with sending its probe.
#[derive(Debug, Clone)]
struct Scenario {
    networks: Vec<(bool, bool)>,
    containers: Vec<(u8, u8, u8, Option<u8>)>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec((any::<bool>(), any::<bool>()), 0..3),
        prop::collection::vec((0u8..4, 0u8..6, 0u8..4, prop::option::of(0u8..3)), 1..5),
    )
        .prop_map(|(networks, containers)| Scenario {
            networks,
            containers,
        })
}

fn build(sc: &Scenario) -> Session {
    let mut s = Session::new(9);
    let mut t = T0;
    let mut exec = |s: &mut Session, line: String| {
        t += 1000;
        s.execute(&line, Timestamp(t));
    };
    for (i, (internal, noicc)) in sc.networks.iter().enumerate() {
        let mut line = String::from("docker network create");
        if *internal {
            line.push_str(" --internal");
        }
        if *noicc {
            line.push_str(" -o com.docker.network.bridge.enable_icc=false");
        }
        exec(&mut s, format!("{line} n{i}"));
    }
    for (i, (image, net, publish, extra)) in sc.containers.iter().enumerate() {
        let network = match net {
            0 | 1 => String::new(),
            2 => " --network host".to_string(),
            3 => " --network none".to_string(),
            n if sc.networks.is_empty() => {
                let _ = n;
                String::new()
            }
            n => format!(" --network n{}", (*n as usize) % sc.networks.len()),
        };
        let port = 8000 + i;
        let publish = match publish {
            1 => format!(" -p {port}:80"),
            2 => format!(" -p 127.0.0.1:{port}:80"),
            3 => format!(" -p {port}:80/udp"),
            _ => String::new(),
        };
        let (img, cmd) = match image {
            0 => ("nginx", ""),
            1 => ("alpine", " sleep infinity"),
            2 => ("python", " python3 -m http.server --bind 127.0.0.1 80"),
            _ => ("alpine", " nc -lu -p 80"),
        };
        exec(
            &mut s,
            format!("docker run -d --name c{i}{network}{publish} {img}{cmd}"),
        );
        if let (Some(x), false) = (extra, sc.networks.is_empty()) {
            exec(
                &mut s,
                format!(
                    "docker network connect n{} c{i}",
                    (*x as usize) % sc.networks.len()
                ),
            );
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_matrix_and_single_probes_never_disagree(sc in scenario()) {
        let s = build(&sc);
        let m = s.matrix();
        let (_, probes) = bridgeport_engine::net::probes(s.engine());
        prop_assert_eq!(m.cells.len(), probes.len());
        for (cell, p) in m.cells.iter().zip(&probes) {
            let d = s.engine().send(&p.probe);
            prop_assert_eq!(cell.verdict, d.verdict(), "{} → {}: {}", m.endpoints[cell.from].name, m.endpoints[cell.to].name, cell.transport.label);
            if cell.verdict != Verdict::Delivered {
                let reason = cell.reason.as_ref().map(|r| r.to_string());
                prop_assert_eq!(&reason, &d.reason.clone().or(reason.clone()));
            }
        }
    }
}

fn tool_line() -> impl Strategy<Value = String> {
    let tools = prop::sample::select(vec![
        "ping", "curl", "wget", "nc", "nslookup", "ip", "ss", "iptables", "hostname",
    ]);
    let words = prop::sample::select(vec![
        "-c",
        "1",
        "-z",
        "-v",
        "-u",
        "-w",
        "2",
        "-s",
        "-I",
        "-o",
        "/dev/null",
        "-qO-",
        "-O",
        "-",
        "-t",
        "nat",
        "-L",
        "-S",
        "-n",
        "addr",
        "route",
        "web",
        "db",
        "localhost",
        "192.168.1.10",
        "172.17.0.2",
        "8080",
        "80",
        "53",
        "google.com",
        "http://web:80/x",
        "--max-time",
        "-m",
        "DOCKER",
        "-nvL",
        "-tlnp",
        "",
        "-",
        "--",
        ":",
        "999999",
        "-W",
    ]);
    (tools, prop::collection::vec(words, 0..6)).prop_map(|(t, w)| {
        format!(
            "{t} {}",
            w.iter()
                .map(|s| shell_word(s))
                .collect::<Vec<_>>()
                .join(" ")
        )
    })
}

fn shell_word(s: &str) -> String {
    if s.is_empty() {
        "''".to_string()
    } else {
        s.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever flags a learner types, the tools answer and never panic.
    #[test]
    fn network_tools_never_panic(lines in prop::collection::vec(tool_line(), 1..6), place in 0u8..3) {
        let mut s = Session::new(5);
        let setup = ["docker network create appnet", "docker run -d --name web --network appnet -p 8080:80 nginx", "docker run -dit --name db --network appnet alpine"];
        for (i, l) in setup.iter().enumerate() {
            s.execute(l, Timestamp(T0 + i as u64));
        }
        for (i, l) in lines.iter().enumerate() {
            let line = match place {
                0 => l.clone(),
                1 => format!("docker exec db {l}"),
                _ => format!("docker exec web {l}"),
            };
            let o = s.execute(&line, Timestamp(T0 + 100 + i as u64));
            prop_assert!(o.packets.len() <= bridgeport_commands::net::MAX_PACKETS);
        }
    }
}
