//! Frames as bytes: each [`Frame`] as the IPv4 packet it stands for (headers
//! with their checksums, a DNS message, an echo's 56 data bytes), and a
//! capture as a pcap file (the classic libpcap format, microsecond
//! timestamps: the file Wireshark and `tcpdump -r` open).
//!
//! The capture has no link-layer addresses (traces carry none), so a file of
//! one interface is `LINKTYPE_RAW` (101: the packet starts at the IPv4
//! header) and a capture on `any` is `LINKTYPE_LINUX_SLL` (113: Linux's
//! cooked header with the direction and no address), as libpcap's
//! `pcap-linktype(7)` defines them.

use super::{flags, Body, Dir, DnsAnswer, Frame};

/// `LINKTYPE_RAW`: raw IPv4.
pub const LINKTYPE_RAW: u32 = 101;
/// `LINKTYPE_LINUX_SLL`: Linux cooked capture v1.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// tcpdump's default snapshot length.
pub const SNAPLEN: u32 = 262_144;

/// The Internet checksum (RFC 1071) of `parts`, read as one byte string.
pub(crate) fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    let mut odd: Option<u8> = None;
    for part in parts {
        for &b in *part {
            match odd.take() {
                Some(hi) => sum += u32::from(u16::from_be_bytes([hi, b])),
                None => odd = Some(b),
            }
        }
    }
    if let Some(hi) = odd {
        sum += u32::from(u16::from_be_bytes([hi, 0]));
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// A name as DNS labels (`example.com` → `7example3com0`); labels longer
/// than 63 bytes are cut, empty ones skipped.
fn qname(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.trim_end_matches('.').split('.') {
        let l = &label.as_bytes()[..label.len().min(63)];
        if !l.is_empty() {
            out.push(l.len() as u8);
            out.extend_from_slice(l);
        }
    }
    out.push(0);
    out
}

/// The DNS message of a query or an answer.
pub fn dns_message(id: u16, name: &str, answer: Option<&DnsAnswer>) -> Vec<u8> {
    let (fl, an): (u16, u16) = match answer {
        None => (0x0100, 0),
        Some(DnsAnswer::A(_)) => (0x8180, 1),
        Some(DnsAnswer::Empty) => (0x8180, 0),
        Some(DnsAnswer::Rcode(rc)) => (0x8180 | u16::from(*rc & 0x0f), 0),
    };
    let mut m = Vec::with_capacity(64);
    for v in [id, fl, 1, an, 0, 0] {
        m.extend_from_slice(&v.to_be_bytes());
    }
    m.extend_from_slice(&qname(name));
    m.extend_from_slice(&[0, 1, 0, 1]);
    if let Some(DnsAnswer::A(ip)) = answer {
        // A pointer to the question's name, type A, class IN, TTL 600, 4 bytes.
        m.extend_from_slice(&[0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x02, 0x58, 0, 4]);
        m.extend_from_slice(&ip.octets());
    }
    m
}

/// An echo's 56 data bytes, as iputils fills them (a zero timestamp, then 0x10, 0x11, …).
fn echo_data() -> [u8; 56] {
    let mut d = [0u8; 56];
    for (i, b) in d.iter_mut().enumerate().skip(16) {
        *b = i as u8;
    }
    d
}

fn transport(src: [u8; 4], dst: [u8; 4], body: &Body) -> (u8, Vec<u8>) {
    let pseudo = |proto: u8, len: usize| -> Vec<u8> {
        let mut p = Vec::with_capacity(12);
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        p.extend_from_slice(&[0, proto]);
        p.extend_from_slice(&(len as u16).to_be_bytes());
        p
    };
    match body {
        Body::Tcp {
            sport,
            dport,
            flags: fl,
            seq,
            ack,
            win,
            ts,
        } => {
            let mut opts = Vec::new();
            if let Some((val, ecr)) = ts {
                if fl & flags::SYN != 0 {
                    // mss 1460, sackOK, TS, nop, wscale 7 (Linux's SYN).
                    opts.extend_from_slice(&[2, 4, 0x05, 0xb4, 4, 2, 8, 10]);
                } else {
                    opts.extend_from_slice(&[1, 1, 8, 10]);
                }
                opts.extend_from_slice(&val.to_be_bytes());
                opts.extend_from_slice(&ecr.to_be_bytes());
                if fl & flags::SYN != 0 {
                    opts.extend_from_slice(&[1, 3, 3, 7]);
                }
            }
            let hlen = 20 + opts.len();
            let mut t = Vec::with_capacity(hlen);
            t.extend_from_slice(&sport.to_be_bytes());
            t.extend_from_slice(&dport.to_be_bytes());
            t.extend_from_slice(&seq.to_be_bytes());
            t.extend_from_slice(&ack.to_be_bytes());
            t.push(((hlen / 4) as u8) << 4);
            t.push(*fl);
            t.extend_from_slice(&win.to_be_bytes());
            t.extend_from_slice(&[0, 0, 0, 0]);
            t.extend_from_slice(&opts);
            let c = checksum(&[&pseudo(6, t.len()), &t]);
            t[16..18].copy_from_slice(&c.to_be_bytes());
            (6, t)
        }
        Body::Udp { sport, dport, len } => {
            udp(&pseudo, *sport, *dport, &vec![0u8; usize::from(*len)])
        }
        Body::Dns {
            sport,
            dport,
            id,
            name,
            answer,
        } => udp(
            &pseudo,
            *sport,
            *dport,
            &dns_message(*id, name, answer.as_ref()),
        ),
        Body::Echo { reply, id, seq } => {
            let mut t = vec![if *reply { 0 } else { 8 }, 0, 0, 0];
            t.extend_from_slice(&id.to_be_bytes());
            t.extend_from_slice(&seq.to_be_bytes());
            t.extend_from_slice(&echo_data());
            let c = checksum(&[&t]);
            t[2..4].copy_from_slice(&c.to_be_bytes());
            (1, t)
        }
        Body::PortUnreachable {
            orig_src,
            orig_dst,
            orig_proto,
            orig_sport,
            orig_dport,
        } => {
            // The refused packet as its sender sent it: a SYN, an empty
            // datagram or an echo request.
            let inner = match orig_proto {
                6 => Body::Tcp {
                    sport: *orig_sport,
                    dport: *orig_dport,
                    flags: flags::SYN,
                    seq: 0,
                    ack: 0,
                    win: 64240,
                    ts: Some((0, 0)),
                },
                17 => Body::Udp {
                    sport: *orig_sport,
                    dport: *orig_dport,
                    len: 0,
                },
                _ => Body::Echo {
                    reply: false,
                    id: 0,
                    seq: 1,
                },
            };
            let orig = ip_bytes(orig_src.octets(), orig_dst.octets(), &inner);
            let mut t = vec![3, 3, 0, 0, 0, 0, 0, 0];
            t.extend_from_slice(&orig);
            let c = checksum(&[&t]);
            t[2..4].copy_from_slice(&c.to_be_bytes());
            (1, t)
        }
    }
}

fn udp(
    pseudo: &dyn Fn(u8, usize) -> Vec<u8>,
    sport: u16,
    dport: u16,
    data: &[u8],
) -> (u8, Vec<u8>) {
    let len = 8 + data.len();
    let mut t = Vec::with_capacity(len);
    t.extend_from_slice(&sport.to_be_bytes());
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&(len as u16).to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(data);
    let c = checksum(&[&pseudo(17, len), &t]);
    let c = if c == 0 { 0xffff } else { c };
    t[6..8].copy_from_slice(&c.to_be_bytes());
    (17, t)
}

fn ip_bytes(src: [u8; 4], dst: [u8; 4], body: &Body) -> Vec<u8> {
    let (proto, t) = transport(src, dst, body);
    let total = 20 + t.len();
    let mut ip = Vec::with_capacity(total);
    ip.extend_from_slice(&[0x45, 0]);
    ip.extend_from_slice(&(total as u16).to_be_bytes());
    // Identification 0 with DF, as Linux sends small DF packets; TTL 64.
    ip.extend_from_slice(&[0, 0, 0x40, 0, 64, proto, 0, 0]);
    ip.extend_from_slice(&src);
    ip.extend_from_slice(&dst);
    let c = checksum(&[&ip]);
    ip[10..12].copy_from_slice(&c.to_be_bytes());
    ip.extend_from_slice(&t);
    ip
}

/// The IPv4 packet a frame stands for, header first.
pub fn ip_packet(f: &Frame) -> Vec<u8> {
    ip_bytes(f.src.octets(), f.dst.octets(), &f.body)
}

/// The frames as a pcap file: `any` (frames from several interfaces, with
/// their directions) as `LINUX_SLL`, one interface as `RAW`.
pub fn file(frames: &[Frame], any: bool) -> Vec<u8> {
    let link = if any {
        LINKTYPE_LINUX_SLL
    } else {
        LINKTYPE_RAW
    };
    let mut out = Vec::with_capacity(24 + frames.len() * 100);
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&SNAPLEN.to_le_bytes());
    out.extend_from_slice(&link.to_le_bytes());
    for f in frames {
        let mut data = Vec::new();
        if any {
            // Packet type (0 to us, 3 to another host, 4 sent by us),
            // ARPHRD_ETHER, no address, EtherType IPv4.
            let ty: u16 = match f.dir {
                Dir::In => 0,
                Dir::Other => 3,
                Dir::Out => 4,
            };
            data.extend_from_slice(&ty.to_be_bytes());
            data.extend_from_slice(&1u16.to_be_bytes());
            data.extend_from_slice(&0u16.to_be_bytes());
            data.extend_from_slice(&[0; 8]);
            data.extend_from_slice(&0x0800u16.to_be_bytes());
        }
        data.extend_from_slice(&ip_packet(f));
        let len = data.len() as u32;
        out.extend_from_slice(&((f.time_us / 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&((f.time_us % 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&data);
    }
    out
}
