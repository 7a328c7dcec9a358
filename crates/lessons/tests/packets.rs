//! Packet, ping and lookup checks against hand-built traces in the shape the
//! engine records them (one `Packet` per request and per reply, hops named by
//! node), so they are pinned independently of the network tools.

mod support;

use bridgeport_commands::{Outcome, Session};
use bridgeport_engine::trace::{Action, Headers, Hop, Packet, Verdict};
use bridgeport_lessons::check::{parse_line, Event, Facts};
use bridgeport_lessons::{Check, Lesson, LessonRun};
use support::after;

fn headers(proto: &str, src: &str, dst: &str, info: &str) -> Headers {
    Headers {
        proto: proto.into(),
        src: src.into(),
        dst: dst.into(),
        info: info.into(),
    }
}

/// A hop that leaves the headers unchanged.
fn hop(node: &str, iface: &str, action: Action, h: &Headers) -> Hop {
    Hop {
        node: node.into(),
        interface: iface.into(),
        action,
        before: h.clone(),
        after: h.clone(),
        verdict: Verdict::Delivered,
        rule: None,
        reason: None,
        hint: None,
        at: None,
    }
}

fn failing(mut h: Hop, verdict: Verdict, reason: &str, hint: Option<&str>) -> Hop {
    h.verdict = verdict;
    h.reason = Some(reason.into());
    h.hint = hint.map(str::to_string);
    h
}

fn packet(h: &Headers, hops: Vec<Hop>, verdict: Verdict) -> Packet {
    Packet {
        proto: h.proto.clone(),
        src: h.src.clone(),
        dst: h.dst.clone(),
        hops,
        verdict,
    }
}

/// The world the packets travel in: web publishes 9000→80 on the default
/// bridge next to client; db and api on appnet; outsider on othernet.
fn world() -> Session {
    after(
        "docker run -d --name web -p 9000:80 nginx\n\
         docker run -dit --name client alpine\n\
         docker network create appnet\n\
         docker run -d --name db --network appnet redis\n\
         docker run -dit --name api --network appnet alpine\n\
         docker network create othernet\n\
         docker run -dit --name outsider --network othernet alpine",
    )
}

fn ip(s: &Session, name: &str) -> String {
    s.engine()
        .containers()
        .iter()
        .find(|c| c.name == name)
        .unwrap()
        .endpoints[0]
        .ip
        .to_string()
}

fn event(command: &str, exit_code: i32, packets: Vec<Packet>) -> Event {
    Event {
        command: command.into(),
        exit_code,
        output: String::new(),
        packets,
    }
}

/// `curl localhost:9000` on the host: docker-proxy accepts, then connects to web:80.
fn curl_via_proxy(s: &Session, with_reply: bool) -> Event {
    let web = ip(s, "web");
    let syn = headers("tcp", "127.0.0.1:40000", "127.0.0.1:9000", "SYN");
    let synack = headers("tcp", "127.0.0.1:9000", "127.0.0.1:40000", "SYN-ACK");
    let proxied = headers("tcp", "172.17.0.1:41000", &format!("{web}:80"), "SYN");
    let back = headers("tcp", &format!("{web}:80"), "172.17.0.1:41000", "SYN-ACK");
    let mut packets = vec![
        packet(
            &syn,
            vec![
                hop("host", "lo", Action::Send, &syn),
                hop("host", "docker-proxy", Action::Proxy, &syn),
            ],
            Verdict::Delivered,
        ),
        packet(
            &synack,
            vec![
                hop("host", "lo", Action::Send, &synack),
                hop("host", "lo", Action::Deliver, &synack),
            ],
            Verdict::Delivered,
        ),
        packet(
            &proxied,
            vec![
                hop("host", "docker-proxy", Action::Send, &proxied),
                hop("host", "docker0", Action::Forward, &proxied),
                hop("host", "veth1a2b3c4", Action::Forward, &proxied),
                hop("web", "eth0", Action::Deliver, &proxied),
            ],
            Verdict::Delivered,
        ),
    ];
    if with_reply {
        packets.push(packet(
            &back,
            vec![
                hop("web", "eth0", Action::Send, &back),
                hop("host", "veth1a2b3c4", Action::Forward, &back),
                hop("host", "docker0", Action::Deliver, &back),
            ],
            Verdict::Delivered,
        ));
    }
    event("curl localhost:9000", 0, packets)
}

/// `curl localhost:80` with nothing on the host's port 80: refused.
fn curl_refused() -> Event {
    let syn = headers("tcp", "127.0.0.1:40001", "127.0.0.1:80", "SYN");
    let rst = headers("tcp", "127.0.0.1:80", "127.0.0.1:40001", "RST");
    event(
        "curl localhost:80",
        7,
        vec![
            packet(
                &syn,
                vec![
                    hop("host", "lo", Action::Send, &syn),
                    failing(
                        hop("host", "lo", Action::Reject, &syn),
                        Verdict::Rejected,
                        "nothing listens on 127.0.0.1:80",
                        None,
                    ),
                ],
                Verdict::Rejected,
            ),
            packet(
                &rst,
                vec![
                    hop("host", "lo", Action::Send, &rst),
                    hop("host", "lo", Action::Deliver, &rst),
                ],
                Verdict::Delivered,
            ),
        ],
    )
}

/// The laptop asks the host's LAN address: DNAT to web:80, and the reply back.
fn lan_via_dnat(s: &Session) -> Event {
    let web = ip(s, "web");
    let syn = headers("tcp", "192.168.1.20:50000", "192.168.1.10:9000", "SYN");
    let natted = headers("tcp", "192.168.1.20:50000", &format!("{web}:80"), "SYN");
    let mut dnat = hop("host", "nat PREROUTING", Action::Dnat, &syn);
    dnat.after = natted.clone();
    let back = headers("tcp", &format!("{web}:80"), "192.168.1.20:50000", "SYN-ACK");
    event(
        "curl 192.168.1.10:9000",
        0,
        vec![
            packet(
                &syn,
                vec![
                    hop("lan", "eth0", Action::Send, &syn),
                    hop("host", "eth0", Action::Forward, &syn),
                    dnat,
                    hop("web", "eth0", Action::Deliver, &natted),
                ],
                Verdict::Delivered,
            ),
            packet(
                &back,
                vec![
                    hop("web", "eth0", Action::Send, &back),
                    hop("lan", "eth0", Action::Deliver, &back),
                ],
                Verdict::Delivered,
            ),
        ],
    )
}

/// outsider pings db's address: dropped between the two bridges.
fn ping_across_networks(s: &Session) -> Event {
    let (from, to) = (ip(s, "outsider"), ip(s, "db"));
    let echo = headers("icmp", &from, &to, "echo-request seq=1");
    let drop = failing(
        hop("host", "raw PREROUTING", Action::Drop, &echo),
        Verdict::Dropped,
        "different bridge networks are isolated: packets for db (on appnet) must come in on its own bridge",
        Some("put both on one network (docker network connect appnet outsider)"),
    );
    event(
        &format!("docker exec outsider ping -c 1 -W 1 {to}"),
        1,
        vec![packet(
            &echo,
            vec![
                hop("outsider", "eth0", Action::Send, &echo),
                hop("host", "veth9f8e7d6", Action::Forward, &echo),
                drop,
            ],
            Verdict::Dropped,
        )],
    )
}

/// client on the default bridge asks the host's DNS server for `web`: NXDOMAIN.
fn lookup_nxdomain(s: &Session) -> Event {
    let client = ip(s, "client");
    let q = headers(
        "udp",
        &format!("{client}:33000"),
        "192.168.1.1:53",
        "A? web",
    );
    let a = headers(
        "udp",
        "192.168.1.1:53",
        &format!("{client}:33000"),
        "web: NXDOMAIN",
    );
    let nx = failing(
        hop("lan", "router", Action::Resolve, &q),
        Verdict::Rejected,
        "the LAN router's DNS has never heard of 'web': on the default bridge there is no DNS for container names",
        Some("put both containers on a user-defined network"),
    );
    event(
        "docker exec client ping -c 1 web",
        1,
        vec![
            packet(
                &q,
                vec![
                    hop("client", "eth0", Action::Send, &q),
                    hop("host", "eth0", Action::Forward, &q),
                    nx,
                ],
                Verdict::Rejected,
            ),
            packet(
                &a,
                vec![
                    hop("lan", "router", Action::Send, &a),
                    hop("client", "eth0", Action::Deliver, &a),
                ],
                Verdict::Delivered,
            ),
        ],
    )
}

/// api pings db: by name (embedded DNS first) or by address.
fn ping_on_one_network(s: &Session, by_name: bool) -> Event {
    let (from, to) = (ip(s, "api"), ip(s, "db"));
    let mut packets = Vec::new();
    if by_name {
        let q = headers("udp", "127.0.0.1:35000", "127.0.0.11:53", "A? db");
        let a = headers(
            "udp",
            "127.0.0.11:53",
            "127.0.0.1:35000",
            &format!("A db {to}"),
        );
        packets.push(packet(
            &q,
            vec![
                hop("api", "lo", Action::Send, &q),
                hop("api", "127.0.0.11 (embedded DNS)", Action::Resolve, &q),
            ],
            Verdict::Delivered,
        ));
        packets.push(packet(
            &a,
            vec![
                hop("api", "127.0.0.11 (embedded DNS)", Action::Send, &a),
                hop("api", "lo", Action::Deliver, &a),
            ],
            Verdict::Delivered,
        ));
    }
    let echo = headers("icmp", &from, &to, "echo-request seq=1");
    let reply = headers("icmp", &to, &from, "echo-reply seq=1");
    packets.push(packet(
        &echo,
        vec![
            hop("api", "eth0", Action::Send, &echo),
            hop("host", "br-0123456789ab", Action::Forward, &echo),
            hop("db", "eth0", Action::Deliver, &echo),
        ],
        Verdict::Delivered,
    ));
    packets.push(packet(
        &reply,
        vec![
            hop("db", "eth0", Action::Send, &reply),
            hop("api", "eth0", Action::Deliver, &reply),
        ],
        Verdict::Delivered,
    ));
    event(
        if by_name {
            "docker exec api ping -c 1 db"
        } else {
            "docker exec api ping -c 1 172.18.0.2"
        },
        0,
        packets,
    )
}

/// Evaluates `line` against the world and these events.
fn eval(s: &Session, events: &[Event], line: &str) -> Result<(), Vec<String>> {
    let check = Check {
        clauses: parse_line(line, 1).unwrap(),
    };
    let failures = check.failures(&Facts {
        engine: s.engine(),
        events,
    });
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

fn err(msg: &str) -> Result<(), Vec<String>> {
    Err(vec![msg.to_string()])
}

#[test]
fn the_world_has_the_addresses_the_traces_use() {
    let s = world();
    let got: Vec<String> = ["web", "client", "db", "api", "outsider"]
        .iter()
        .map(|n| ip(&s, n))
        .collect();
    assert_eq!(
        got,
        [
            "172.17.0.2",
            "172.17.0.3",
            "172.18.0.2",
            "172.18.0.3",
            "172.19.0.2"
        ]
    );
}

#[test]
fn a_proxied_connection_reaches_the_container_and_is_answered() {
    let s = world();
    let ev = [curl_via_proxy(&s, true)];
    for ok in [
        "packet tcp from host to web:80 delivered",
        "packet tcp from host to web:80 answered",
        "packet from host to web reply",
        "packet tcp from localhost to localhost:9000 answered",
        "packet tcp from host to 172.17.0.2:80 delivered",
        "not packet tcp from host to web:80 failed",
    ] {
        assert_eq!(eval(&s, &ev, ok), Ok(()), "{ok}");
    }
    assert_eq!(
        eval(&s, &ev, "packet udp from host to web:80 delivered"),
        err("no udp packet from host to web:80 has been sent yet in this step")
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:8080 delivered"),
        err("no tcp packet from host has reached web:8080 yet in this step (the last one went to 172.17.0.2:80)")
    );
    // Replies are not packets "from" the replying node.
    assert_eq!(
        eval(&s, &ev, "packet from web to host delivered"),
        err("no packet from web to host has been sent yet in this step")
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:80 dropped"),
        err("the tcp packet from host to web:80 got through; this step wants to see it fail")
    );
}

#[test]
fn a_missing_reply_is_named() {
    let s = world();
    let ev = [curl_via_proxy(&s, false)];
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:80 delivered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:80 answered"),
        err("a tcp packet from host reached web:80, but no reply came back")
    );
}

#[test]
fn a_refused_connection_is_a_failure_with_its_reason() {
    let s = world();
    let ev = [curl_refused()];
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to localhost:80 failed"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to localhost:80 rejected"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to localhost:80 dropped"),
        err("the tcp packet from host to host:80 was rejected, not dropped")
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to localhost:80 answered"),
        err("the tcp packet from host to host:80 did not get there: it was rejected at host (lo): nothing listens on 127.0.0.1:80")
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:80 delivered"),
        err("no tcp packet from host has reached web:80 yet in this step (the last one went to 127.0.0.1:80 and was rejected at host (lo): nothing listens on 127.0.0.1:80)")
    );
}

#[test]
fn dnat_from_the_lan_counts_for_the_container_and_for_the_host_address() {
    let s = world();
    let ev = [lan_via_dnat(&s)];
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to web:80 answered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to 192.168.1.10:9000 answered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to host:9000 delivered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to web:80 delivered"),
        err("no tcp packet from host to web:80 has been sent yet in this step")
    );
}

#[test]
fn isolation_drops_explain_themselves() {
    let s = world();
    let ev = [ping_across_networks(&s)];
    assert_eq!(eval(&s, &ev, "ping from outsider to db failed"), Ok(()));
    assert_eq!(
        eval(&s, &ev, "packet icmp from outsider to db dropped"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "ping from outsider to db succeeded"),
        err("the ping from outsider to db failed: the echo request was dropped at host (raw PREROUTING): different bridge networks are isolated: packets for db (on appnet) must come in on its own bridge (hint: put both on one network (docker network connect appnet outsider))")
    );
    // A failure by address is not a failure by name.
    assert_eq!(
        eval(&s, &ev, "ping from outsider to db by name failed"),
        err("outsider has not pinged db by name yet in this step")
    );
}

#[test]
fn a_name_that_does_not_resolve_fails_ping_and_lookup() {
    let s = world();
    let ev = [lookup_nxdomain(&s)];
    assert_eq!(eval(&s, &ev, "lookup web from client failed"), Ok(()));
    assert_eq!(
        eval(&s, &ev, "ping from client to web by name failed"),
        Ok(())
    );
    assert_eq!(eval(&s, &ev, "ping from client to web failed"), Ok(()));
    assert_eq!(
        eval(&s, &ev, "lookup web from client succeeded"),
        err("looking up web from client failed: the LAN router's DNS has never heard of 'web': on the default bridge there is no DNS for container names")
    );
    assert_eq!(
        eval(&s, &ev, "ping from client to web by name succeeded"),
        err("the ping from client to web failed: the name web did not resolve: the LAN router's DNS has never heard of 'web': on the default bridge there is no DNS for container names")
    );
    assert_eq!(
        eval(&s, &ev, "lookup web from api failed"),
        err("api has not looked up web yet in this step")
    );
}

#[test]
fn a_ping_by_name_needs_the_lookup() {
    let s = world();
    let named = [ping_on_one_network(&s, true)];
    for ok in [
        "ping from api to db by name succeeded",
        "ping from api to db succeeded",
        "lookup db from api succeeded",
        "packet icmp from api to db answered",
    ] {
        assert_eq!(eval(&s, &named, ok), Ok(()), "{ok}");
    }
    assert_eq!(
        eval(&s, &named, "ping from api to db failed"),
        err("the ping from api to db worked; this step wants to see it fail first")
    );
    let by_ip = [ping_on_one_network(&s, false)];
    assert_eq!(eval(&s, &by_ip, "ping from api to db succeeded"), Ok(()));
    assert_eq!(
        eval(&s, &by_ip, "ping from api to db by name succeeded"),
        err("api pinged db by its IP address; this step wants it by name (ping db)")
    );
    assert_eq!(
        eval(&s, &by_ip, "lookup db from api succeeded"),
        err("api has not looked up db yet in this step")
    );
    assert_eq!(
        eval(&s, &[], "ping from api to db succeeded"),
        err("api has not pinged db yet in this step")
    );
}

#[test]
fn a_hosts_file_answer_is_a_lookup() {
    let s = world();
    let echo = headers("icmp", "172.17.0.3", "172.17.0.2", "echo-request seq=1");
    let mut resolve = hop("client", "/etc/hosts", Action::Resolve, &echo);
    resolve.reason = Some("'web' found in /etc/hosts: 172.17.0.2".into());
    let ev = [event(
        "docker exec client ping -c 1 web",
        0,
        vec![packet(
            &echo,
            vec![resolve, hop("client", "eth0", Action::Send, &echo)],
            Verdict::Delivered,
        )],
    )];
    assert_eq!(eval(&s, &ev, "lookup web from client succeeded"), Ok(()));
}

#[test]
fn commands_match_their_words_in_order() {
    let s = world();
    let ev = [
        event(
            "sudo docker network inspect -f '{{json .IPAM}}' bridge",
            0,
            vec![],
        ),
        event("docker run -p 9000:80 nginx", 125, vec![]),
    ];
    for ok in [
        "command docker network inspect bridge ran",
        "command docker inspect bridge succeeded",
        "command docker run failed",
        "command -p 9000:80 ran",
    ] {
        assert_eq!(eval(&s, &ev, ok), Ok(()), "{ok}");
    }
    assert_eq!(
        eval(&s, &ev, "command docker run succeeded"),
        err("`docker run -p 9000:80 nginx` failed (exit code 125): ")
    );
    assert_eq!(
        eval(&s, &ev, "command bridge inspect ran"),
        err("you have not run `bridge inspect` yet in this step")
    );
}

/// Packet checks see only the current step: passing a step forgets its packets.
#[test]
fn packets_count_only_in_the_step_they_were_sent() {
    let lesson = Lesson::parse(
        "---\ntitle: T\nid: t\n---\n## Step 1: Ask\ncheck: packet tcp from host to web:80 answered\nhint: curl it\n## Step 2: Ask again\ncheck: packet tcp from host to web:80 answered\nhint: curl it again\n",
    )
    .unwrap();
    let s = world();
    let mut run = LessonRun::new(lesson);
    let ev = curl_via_proxy(&s, true);
    let outcome = Outcome {
        command: ev.command.clone(),
        output: String::new(),
        segments: Vec::new(),
        exit_code: 0,
        packets: ev.packets.clone(),
        scene: None,
        capture: None,
    };
    let first = run.after_command(&s, &outcome);
    assert!(first.passed && first.step == 0 && !first.finished);
    let quiet = Outcome {
        command: "docker ps".into(),
        output: String::new(),
        segments: Vec::new(),
        exit_code: 0,
        packets: Vec::new(),
        scene: None,
        capture: None,
    };
    let r = run.after_command(&s, &quiet);
    assert_eq!(
        r.failed_parts,
        ["no tcp packet from host to web:80 has been sent yet in this step"]
    );
    let r = run.after_command(&s, &outcome);
    assert!(r.passed && r.finished);
}

// ----- the same checks on traces from the real tools ---------------------------

/// Runs a script; every line is an event of the current step.
fn scripted(script: &str) -> (Session, Vec<Event>) {
    let (session, steps) = bridgeport_commands::script::run_script(42, script);
    let events = steps.iter().map(|s| Event::from(&s.outcome)).collect();
    (session, events)
}

#[test]
fn scripted_curl_through_the_published_port() {
    let (s, ev) = scripted("docker run -d --name web -p 9000:80 nginx\ncurl localhost:9000");
    assert_eq!(eval(&s, &ev, "packet tcp from host to web:80 answered and packet tcp from host to localhost:9000 answered"), Ok(()));
    let (s, ev) = scripted("docker run -d --name web nginx\ncurl localhost:80");
    assert_eq!(
        eval(&s, &ev, "packet tcp from host to localhost:80 rejected"),
        Ok(())
    );
    assert_eq!(eval(&s, &ev, "command curl failed"), Ok(()));
}

#[test]
fn scripted_from_the_lan() {
    let (s, ev) = scripted("docker run -d --name web -p 9000:80 nginx\nlan\ncurl 192.168.1.10:9000\ncurl --max-time 2 172.17.0.2\nexit");
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to web:80 answered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to 192.168.1.10:9000 answered"),
        Ok(())
    );
    assert_eq!(
        eval(&s, &ev, "packet tcp from lan to 172.17.0.2:80 failed"),
        Ok(())
    );
}

#[test]
fn scripted_isolation_and_names() {
    let (s, ev) = scripted(
        "docker network create appnet\ndocker run -d --name db --network appnet redis\ndocker run -dit --name api --network appnet alpine\n\
         docker network create othernet\ndocker run -dit --name outsider --network othernet alpine\n\
         docker exec api ping -c 1 db\ndocker exec api nslookup db\ndocker exec outsider ping -c 1 -W 1 172.18.0.2",
    );
    for ok in [
        "ping from api to db by name succeeded",
        "lookup db from api succeeded",
        "packet icmp from api to db answered",
        "ping from outsider to db failed",
        "packet icmp from outsider to db dropped",
        "not ping from outsider to db by name failed",
    ] {
        assert_eq!(eval(&s, &ev, ok), Ok(()), "{ok}");
    }
    let (s, ev) = scripted("docker run -d --name web nginx\ndocker run -dit --name client alpine\ndocker exec client ping -c 1 web");
    assert_eq!(
        eval(
            &s,
            &ev,
            "lookup web from client failed and ping from client to web by name failed"
        ),
        Ok(())
    );
}

#[test]
fn scripted_legacy_link_resolves_through_etc_hosts() {
    let (s, ev) = scripted("docker run -d --name web nginx\ndocker run -dit --name client --link web alpine\ndocker exec client ping -c 1 web");
    assert_eq!(
        eval(
            &s,
            &ev,
            "lookup web from client succeeded and ping from client to web by name succeeded"
        ),
        Ok(())
    );
}
