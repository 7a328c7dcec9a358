//! Captures of walked packets: what each interface shows (tcpdump's view,
//! firewall-reference.md §4.4) and pcap bytes that parse.

use super::*;
use crate::net::tests::Lab;
use crate::net::{Node, Probe};
use crate::Timestamp;

fn tap(iface: Option<&str>) -> Tap {
    Tap {
        container: None,
        iface: iface.map(str::to_string),
    }
}

fn iputils(_: &str) -> u16 {
    1
}

/// The laptop's request to a published port: eth0 sees it before DNAT,
/// docker0 after (no SNAT inbound), and the reply the other way round.
fn lan_request() -> Vec<Packet> {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    d.packets
}

fn line(f: &Frame) -> String {
    let (sp, dp, fl) = match &f.body {
        Body::Tcp {
            sport,
            dport,
            flags,
            ..
        } => (*sport, *dport, *flags),
        _ => (0, 0, 0),
    };
    format!(
        "{} {:?} {}:{} > {}:{} {:#x}",
        f.iface, f.dir, f.src, sp, f.dst, dp, fl
    )
}

#[test]
fn eth0_sees_the_address_before_dnat_and_docker0_after() {
    let packets = lan_request();
    let eth0: Vec<String> = capture(&packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils)
        .iter()
        .map(line)
        .collect();
    assert_eq!(
        eth0,
        [
            "eth0 In 192.168.1.20:37888 > 192.168.1.10:8080 0x2",
            "eth0 Out 192.168.1.10:8080 > 192.168.1.20:37888 0x12",
            "eth0 In 192.168.1.20:37888 > 192.168.1.10:8080 0x10",
        ]
    );
    let docker0: Vec<String> = capture(&packets, &tap(Some("docker0")), 1, Timestamp(0), &iputils)
        .iter()
        .map(line)
        .collect();
    assert_eq!(
        docker0,
        [
            "docker0 Out 192.168.1.20:37888 > 172.17.0.2:80 0x2",
            "docker0 In 172.17.0.2:80 > 192.168.1.20:37888 0x12",
            "docker0 Out 192.168.1.20:37888 > 172.17.0.2:80 0x10",
        ]
    );
}

#[test]
fn any_sees_every_interface_in_order_with_directions() {
    let packets = lan_request();
    let any = capture(&packets, &tap(None), 1, Timestamp(0), &iputils);
    let first: Vec<(String, Dir)> = any
        .iter()
        .take(6)
        .map(|f| (f.iface.clone(), f.dir))
        .collect();
    let veth = first[2].0.clone();
    assert!(veth.starts_with("veth"), "{first:?}");
    assert_eq!(
        first,
        [
            ("eth0".to_string(), Dir::In),
            ("docker0".to_string(), Dir::Out),
            (veth.clone(), Dir::Out),
            (veth, Dir::Other),
            ("docker0".to_string(), Dir::In),
            ("eth0".to_string(), Dir::Out),
        ]
    );
    // Times never go backwards.
    assert!(any.windows(2).all(|w| w[0].time_us <= w[1].time_us));
}

#[test]
fn handshake_numbers_follow_each_other_and_depend_on_the_salt() {
    let packets = lan_request();
    let f = capture(&packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils);
    let tcp = |i: usize| match f[i].body {
        Body::Tcp { seq, ack, .. } => (seq, ack),
        _ => panic!("not tcp"),
    };
    let (isn_c, _) = tcp(0);
    let (isn_s, ack1) = tcp(1);
    assert_eq!(ack1, isn_c.wrapping_add(1));
    assert_eq!(tcp(2), (isn_c.wrapping_add(1), isn_s.wrapping_add(1)));
    let g = capture(&packets, &tap(Some("eth0")), 2, Timestamp(0), &iputils);
    assert_ne!(f[0].body, g[0].body);
    assert_eq!(
        f,
        capture(&packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils)
    );
}

#[test]
fn a_packet_dropped_in_forward_shows_on_eth0_only() {
    let mut lab = Lab::new();
    lab.run("web", "nginx", None, &["127.0.0.1:8080:80"], &[]);
    let d = lab.e.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    let eth0 = capture(&d.packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils);
    assert!(!eth0.is_empty());
    assert!(capture(&d.packets, &tap(Some("docker0")), 1, Timestamp(0), &iputils).is_empty());
}

#[test]
fn container_echo_and_dns_frames() {
    let mut lab = Lab::new();
    lab.net("app", false, &[]);
    lab.run(
        "box",
        "nicolaka/netshoot",
        Some("app"),
        &[],
        &["sleep", "infinity"],
    );
    let ping = lab.e.send(&Probe::ping(lab.ctr("box"), "8.8.8.8", 0));
    let inside = Tap {
        container: Some("box".into()),
        iface: Some("eth0".into()),
    };
    let f = capture(&ping.packets, &inside, 1, Timestamp(0), &iputils);
    assert_eq!(f.len(), 2);
    assert!(
        matches!(
            f[0].body,
            Body::Echo {
                reply: false,
                seq: 1,
                ..
            }
        ),
        "{f:?}"
    );
    assert!(matches!(
        f[1].body,
        Body::Echo {
            reply: true,
            seq: 1,
            ..
        }
    ));
    assert_eq!((f[0].dir, f[1].dir), (Dir::Out, Dir::In));
    // On the host's eth0 the request left masqueraded.
    let out = capture(&ping.packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils);
    assert_eq!(out[0].src.to_string(), "192.168.1.10");
    let dns = lab.e.send(&Probe::lookup(lab.ctr("box"), "example.com"));
    let f = capture(&dns.packets, &tap(Some("eth0")), 1, Timestamp(0), &iputils);
    assert!(matches!(&f[0].body, Body::Dns { answer: None, name, .. } if name == "example.com"));
    assert!(matches!(
        &f[1].body,
        Body::Dns {
            answer: Some(DnsAnswer::A(_)),
            ..
        }
    ));
}

/// Reads a pcap file back (libpcap's `sf-pcap.c` layout) and checks every
/// IPv4 header and TCP/UDP/ICMP checksum, as Wireshark would.
fn parse(file: &[u8]) -> (u32, Vec<Vec<u8>>) {
    let u32le = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    assert_eq!(u32le(&file[0..4]), 0xa1b2_c3d4, "magic");
    assert_eq!(&file[4..8], &[2, 0, 4, 0], "version 2.4");
    assert_eq!(u32le(&file[16..20]), 262_144, "snaplen");
    let link = u32le(&file[20..24]);
    let mut at = 24;
    let mut records = Vec::new();
    while at < file.len() {
        let incl = u32le(&file[at + 8..at + 12]) as usize;
        assert_eq!(incl, u32le(&file[at + 12..at + 16]) as usize);
        assert!(u32le(&file[at + 4..at + 8]) < 1_000_000, "microseconds");
        records.push(file[at + 16..at + 16 + incl].to_vec());
        at += 16 + incl;
    }
    assert_eq!(at, file.len(), "no trailing bytes");
    (link, records)
}

fn sum(parts: &[&[u8]]) -> u16 {
    super::pcap::checksum(parts)
}

fn check_ip(ip: &[u8]) {
    assert_eq!(ip[0], 0x45);
    let total = u16::from_be_bytes([ip[2], ip[3]]) as usize;
    assert_eq!(total, ip.len(), "total length");
    assert_eq!(sum(&[&ip[..20]]), 0, "IPv4 header checksum");
    let t = &ip[20..];
    match ip[9] {
        6 | 17 => {
            let mut pseudo = ip[12..20].to_vec();
            pseudo.extend_from_slice(&[0, ip[9]]);
            pseudo.extend_from_slice(&(t.len() as u16).to_be_bytes());
            assert_eq!(sum(&[&pseudo, t]), 0, "transport checksum");
        }
        1 => assert_eq!(sum(&[t]), 0, "ICMP checksum"),
        p => panic!("protocol {p}"),
    }
}

#[test]
fn pcap_files_parse_with_valid_checksums() {
    let mut lab = Lab::new();
    lab.net("app", false, &[]);
    lab.run("web", "nginx", None, &["8080:80"], &[]);
    lab.run(
        "box",
        "nicolaka/netshoot",
        Some("app"),
        &[],
        &["sleep", "infinity"],
    );
    let mut packets = lan_request();
    packets.extend(
        lab.e
            .send(&Probe::ping(lab.ctr("box"), "8.8.8.8", 0))
            .packets,
    );
    packets.extend(
        lab.e
            .send(&Probe::lookup(lab.ctr("box"), "example.com"))
            .packets,
    );
    let frames = capture(&packets, &tap(Some("eth0")), 9, Timestamp(1_000), &iputils);
    let (link, records) = parse(&pcap::file(&frames, false));
    assert_eq!(link, pcap::LINKTYPE_RAW);
    assert_eq!(records.len(), frames.len());
    assert!(records.len() >= 7);
    records.iter().for_each(|r| check_ip(r));
    let any = capture(&packets, &tap(None), 9, Timestamp(1_000), &iputils);
    let (link, records) = parse(&pcap::file(&any, true));
    assert_eq!(link, pcap::LINKTYPE_LINUX_SLL);
    for r in &records {
        assert_eq!(&r[14..16], &[0x08, 0x00], "EtherType IPv4");
        check_ip(&r[16..]);
    }
}

#[test]
fn dns_message_lengths_are_tcpdumps() {
    // tcpdump prints "4660+ A? example.com. (29)" and "… 1/0/0 A … (45)".
    assert_eq!(pcap::dns_message(1, "example.com", None).len(), 29);
    let a = DnsAnswer::A(Ipv4Addr::new(93, 184, 215, 14));
    assert_eq!(pcap::dns_message(1, "example.com", Some(&a)).len(), 45);
}
