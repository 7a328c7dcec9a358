//! `tcpdump` (4.99.4 with libpcap 1.10.4, as on Ubuntu 24.04 and in
//! nicolaka/netshoot) on the host's interfaces (`eth0`, `lo`, `docker0`,
//! `br-…`, `veth…`, `any`) and inside a container's namespace.
//!
//! The playground cannot block, so `tcpdump` arms a capture ([`Armed`],
//! kept by the session) and prints its two start lines; the packets that
//! later commands send across the interface are printed with those
//! commands' output, one line each in tcpdump's format (`print-ip.c`,
//! `print-tcp.c`, `print-udp.c`, `print-icmp.c`, `print-domain.c`,
//! `print-sll.c` for `-i any`; `util-print.c` `ts_format` for the time),
//! and the capture ends with tcpdump's three count lines (`tcpdump.c`
//! `info()`): after `-c N` packets, or, without `-c`, after the next
//! command that sends packets, as if Ctrl-C was pressed then (a
//! `[bridgeport]` line says so). The frames are the engine's
//! ([`bridgeport_engine::capture`]): the walk's own hops, not a second
//! model; the page exports them as a pcap file.

use super::tcpdump_filter::{self, Filter, FilterError};
use super::Env;
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::capture::{self, flags, Body, Dir, DnsAnswer, Frame, Tap};
use bridgeport_engine::net::Node;
use bridgeport_engine::net::View;
use bridgeport_engine::trace::Packet;
use bridgeport_engine::Timestamp;
use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// Port names tcpdump prints without `-n` (Ubuntu's /etc/services).
pub(crate) const SERVICES: &[(u16, &str)] = &[
    (21, "ftp"),
    (22, "ssh"),
    (23, "telnet"),
    (25, "smtp"),
    (53, "domain"),
    (80, "http"),
    (110, "pop3"),
    (123, "ntp"),
    (143, "imap2"),
    (443, "https"),
    (3306, "mysql"),
    (5432, "postgresql"),
    (6379, "redis"),
    (8080, "http-alt"),
];

/// Most packet lines one capture prints (a capture without `-c` stops at
/// the end of the next command anyway).
const MAX_LINES: u64 = 1000;

/// A TCP conversation's end points in tcpdump's collating order.
type Conversation = (Ipv4Addr, u16, Ipv4Addr, u16);

/// A capture waiting for packets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Armed {
    pub tap: Tap,
    /// `-c N`.
    pub count: Option<u64>,
    pub filter: Filter,
    /// `-n`: numeric ports.
    pub numeric: bool,
    /// `-t`: no timestamps.
    pub no_time: bool,
    /// Seeds the header fields traces do not carry.
    pub salt: u64,
    pub captured: u64,
    pub received: u64,
    /// Where the packets of the line that armed it start (it sees only
    /// what that line sends after it).
    pub from_packet: usize,
    /// tcpdump's sequence-number state (`print-tcp.c` tcp_seq_hash4):
    /// per conversation, the initial numbers.
    pub conversations: Vec<(Conversation, (u32, u32))>,
}

/// What a finished or continuing capture hands the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Captured {
    /// The printed line of each frame, in order.
    pub lines: Vec<String>,
    pub frames: Vec<Frame>,
    /// Captured on `any` (the pcap file carries directions).
    pub any: bool,
}

fn usage(o: &mut Output) {
    o.err(concat!(
        "tcpdump version 4.99.4\n",
        "libpcap version 1.10.4 (with TPACKET_V3)\n",
        "OpenSSL 3.0.13 30 Jan 2024\n",
        "Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n",
        "\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n",
        "\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n",
        "\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n",
        "\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n",
        "\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n",
        "\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n",
        "\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n",
    ));
}

/// The interfaces of the namespace a capture at `place` lists (host or container).
fn interfaces(ctx: &Ctx, tap_container: &Option<String>) -> Vec<String> {
    let view = View::new(ctx.engine);
    match tap_container {
        None => {
            let mut v = vec!["eth0".to_string(), "lo".to_string()];
            v.extend(view.bridges.iter().map(|b| b.device().to_string()));
            for ns in &view.netns {
                v.extend(ns.ifaces.iter().map(|i| i.veth().to_string()));
            }
            v
        }
        Some(name) => {
            let mut v = vec!["lo".to_string()];
            if let Some(ns) = view.netns.iter().find(|n| n.name() == name) {
                v.extend(ns.ifaces.iter().map(|i| i.name().to_string()));
            }
            v
        }
    }
}

/// The namespace a place captures in: the host's, or the container's (a
/// `--network host` container's is the host's).
fn namespace(ctx: &Ctx, from: &Node) -> Option<String> {
    let Node::Container(id) = from else {
        return None;
    };
    let view = View::new(ctx.engine);
    view.ns_of(id).map(|n| n.name().to_string())
}

/// Names a filter's `host` resolves: /etc/hosts (`localhost`), the LAN's
/// DNS (the host and the laptop), and on a user-defined network Docker's
/// DNS for the containers there.
fn resolver(ctx: &Ctx, ns: &Option<String>) -> impl Fn(&str) -> Option<Ipv4Addr> {
    let host = &ctx.engine.host;
    let mut names: Vec<(String, Ipv4Addr)> = vec![
        ("localhost".into(), Ipv4Addr::LOCALHOST),
        (host.hostname.clone(), host.eth0.addr()),
        (host.lan_peer_name.clone(), host.lan_peer),
    ];
    if let Some(ns) = ns {
        let view = View::new(ctx.engine);
        if let Some(me) = view.netns.iter().find(|n| n.name() == ns.as_str()) {
            for other in &view.netns {
                for f in &other.ifaces {
                    if me.ifaces.iter().any(|m| m.bridge == f.bridge) {
                        names.push((other.name().to_string(), f.ip()));
                    }
                }
            }
        }
    }
    move |n: &str| names.iter().find(|(k, _)| k == n).map(|(_, ip)| *ip)
}

pub(crate) fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let mut iface: Option<String> = None;
    let mut count = None;
    let mut numeric = false;
    let mut no_time = false;
    let mut verbose = false;
    let mut link = false;
    let mut expr: Vec<String> = Vec::new();
    let mut i = 0;
    let bad_count =
        |o: &mut Output, v: &str| o.fail_fmt(format_args!("tcpdump: invalid packet count {v}"), 1);
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            expr.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            match name {
                "version" => {
                    o.outln("tcpdump version 4.99.4\nlibpcap version 1.10.4 (with TPACKET_V3)\nOpenSSL 3.0.13 30 Jan 2024");
                    return o;
                }
                "help" => {
                    usage(&mut o);
                    return o;
                }
                "interface" | "count" => {
                    let v = match val.or_else(|| {
                        let v = args.get(i).cloned();
                        i += 1;
                        v
                    }) {
                        Some(v) => v,
                        None => {
                            o.errln_fmt(format_args!(
                                "tcpdump: option '--{name}' requires an argument"
                            ));
                            usage(&mut o);
                            o.code = 1;
                            return o;
                        }
                    };
                    if name == "interface" {
                        iface = Some(v);
                    } else {
                        count = Some(v);
                    }
                }
                _ => {
                    o.errln_fmt(format_args!("tcpdump: unrecognized option '{a}'"));
                    usage(&mut o);
                    o.code = 1;
                    return o;
                }
            }
            continue;
        }
        let Some(shorts) = a.strip_prefix('-').filter(|s| !s.is_empty()) else {
            expr.push(a.clone());
            continue;
        };
        let chars: Vec<char> = shorts.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            k += 1;
            match c {
                'n' => numeric = true,
                't' => no_time = true,
                'v' => verbose = true,
                'e' => link = true,
                'p' | 'l' | 'U' | 'S' | 'N' | 'K' | 'O' | 'q' | 'x' | 'X' | 'A' | 'b' | 'd'
                | 'f' | 'H' | 'I' | 'u' | '#' | 'y' | 's' | 'w' | 'r' | 'B' | 'C' | 'F' | 'G'
                | 'W' | 'Z' | 'z' | 'j' | 'T' | 'Q' | 'E' | 'M' | 'V' | 'm' | 'D' | 'L' | 'J'
                | 'h' | 'i' | 'c' => {
                    let takes = "yswrBCFGWZzjTQEMVmic".contains(c);
                    let val = if takes {
                        let rest: String = chars[k..].iter().collect();
                        k = chars.len();
                        if rest.is_empty() {
                            let v = args.get(i).cloned();
                            i += 1;
                            match v {
                                Some(v) => Some(v),
                                None => {
                                    o.errln_fmt(format_args!(
                                        "tcpdump: option requires an argument -- '{c}'"
                                    ));
                                    usage(&mut o);
                                    o.code = 1;
                                    return o;
                                }
                            }
                        } else {
                            Some(rest)
                        }
                    } else {
                        None
                    };
                    match c {
                        'i' => iface = val,
                        'c' => count = val,
                        'h' => {
                            usage(&mut o);
                            return o;
                        }
                        // No visible difference here: promiscuous mode (the
                        // bridge's frames between containers are in the
                        // walk either way), line buffering, snaplen.
                        'p' | 'l' | 'U' | 's' => {}
                        'S' => {}
                        _ => {
                            o.fail_fmt(format_args!("[bridgeport] tcpdump -{c} is not simulated: the capture prints packet lines as `tcpdump -n -i IFACE [-c N] [-t] [expression]` does (the page exports a capture as a pcap file)"),
                                1,
                            );
                            return o;
                        }
                    }
                }
                _ => {
                    o.errln_fmt(format_args!("tcpdump: invalid option -- '{c}'"));
                    usage(&mut o);
                    o.code = 1;
                    return o;
                }
            }
        }
    }
    let count = match count {
        None => None,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n > 0 => Some(n as u64),
            _ => {
                bad_count(&mut o, &v);
                return o;
            }
        },
    };
    let ns = namespace(ctx, &env.from);
    let known = interfaces(ctx, &ns);
    let device = iface.unwrap_or_else(|| "eth0".to_string());
    let tap_iface = if device == "any" {
        None
    } else if known.contains(&device) {
        Some(device.clone())
    } else {
        o.fail_fmt(
            format_args!(
                "tcpdump: {device}: No such device exists\n(SIOCGIFHWADDR: No such device)"
            ),
            1,
        );
        return o;
    };
    let resolve = resolver(ctx, &ns);
    let filter = match tcpdump_filter::parse(&expr.join(" "), &resolve) {
        Ok(f) => f,
        Err(FilterError::Pcap(m)) => {
            o.fail_fmt(format_args!("tcpdump: {m}"), 1);
            return o;
        }
        Err(FilterError::NotSimulated(m)) => {
            o.fail_fmt(format_args!("[bridgeport] {m}"), 1);
            return o;
        }
    };
    // A capture already running ends first (its terminal is gone).
    if let Some(old) = ctx.capture.take() {
        close(&mut o, &old);
    }
    if verbose {
        o.err("tcpdump: ");
    } else {
        o.errln("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode");
    }
    let link_type = if tap_iface.is_none() {
        "LINUX_SLL2 (Linux cooked v2)"
    } else {
        "EN10MB (Ethernet)"
    };
    o.errln_fmt(format_args!(
        "listening on {device}, link-type {link_type}, snapshot length 262144 bytes"
    ));
    let ends = match count {
        Some(n) => format!("after {n} packet{}", if n == 1 { "" } else { "s" }),
        None => "when the next command that sends packets is done".to_string(),
    };
    let mut note = format!("[bridgeport] a real tcpdump holds the terminal until Ctrl-C (you would send traffic from a second one); here it captures in the background: what the next commands send across {device} prints with their output, and the capture ends {ends}.");
    if verbose {
        note.push_str(" -v's extra protocol detail is not simulated.");
    }
    if link {
        note.push_str(" -e: link-level headers (MAC addresses) are not simulated.");
    }
    if !numeric {
        note.push_str(" Without -n a real tcpdump also looks up host names (reverse DNS); here addresses stay numbers.");
    }
    o.errln(&note);
    *ctx.capture = Some(Armed {
        tap: Tap {
            container: ns,
            iface: tap_iface,
        },
        count,
        filter,
        numeric,
        no_time,
        salt: bridgeport_engine::image::stable_hash(&format!("{}{device}", ctx.now.0)),
        captured: 0,
        received: 0,
        from_packet: ctx.packets.len(),
        conversations: Vec::new(),
    });
    o
}

/// The three count lines (`tcpdump.c` info(), `PLURAL_SUFFIX`).
fn close(o: &mut Output, a: &Armed) {
    let s = |n: u64| if n == 1 { "" } else { "s" };
    o.errln_fmt(format_args!(
        "{} packet{} captured",
        a.captured,
        s(a.captured)
    ));
    o.errln_fmt(format_args!(
        "{} packet{} received by filter",
        a.received,
        s(a.received)
    ));
    o.errln("0 packets dropped by kernel");
}

/// After a line ran: prints what the armed capture saw of its packets and
/// ends the capture when it is done. `armed_before`: the capture was armed
/// before this line (so this line is "the next command").
pub fn after_line(
    capture: &mut Option<Armed>,
    packets: &[Packet],
    now: Timestamp,
    armed_before: bool,
    first_seq: &dyn Fn(&str) -> u16,
    o: &mut Output,
) -> Option<Captured> {
    let a = capture.as_mut()?;
    let from = if armed_before { 0 } else { a.from_packet };
    let sent = &packets[from.min(packets.len())..];
    if sent.is_empty() {
        return None;
    }
    let frames = capture::capture(sent, &a.tap, a.salt, now, first_seq);
    let mut shown = Captured {
        lines: Vec::new(),
        frames: Vec::new(),
        any: a.tap.iface.is_none(),
    };
    let mut done = false;
    for mut f in frames {
        a.received += 1;
        if !a.filter.matches(&f) {
            continue;
        }
        a.captured += 1;
        f.packet += from;
        let line = format_line(a, &f);
        o.outln(&line);
        shown.lines.push(line);
        shown.frames.push(f);
        if a.count.is_some_and(|n| a.captured >= n) || a.captured >= MAX_LINES {
            done = true;
            break;
        }
    }
    let interrupted = !done && armed_before && a.count.is_none();
    if done || interrupted {
        if a.frames_have_tcp(&shown) {
            o.errln("[bridgeport] only the handshake of each TCP connection is walked: a real capture also shows the request and the answer ([P.]) and the close ([F.]).");
        }
        if interrupted {
            // tcpdump prints a newline when interrupted (after the ^C).
            o.errln("[bridgeport] the capture ends with this command, as if Ctrl-C was pressed (-c N captures N packets across commands).");
            o.errln("");
        }
        close(o, a);
        *capture = None;
    }
    Some(shown)
}

impl Armed {
    fn frames_have_tcp(&self, c: &Captured) -> bool {
        c.frames
            .iter()
            .any(|f| matches!(f.body, Body::Tcp { flags: fl, .. } if fl & flags::SYN != 0))
    }

    fn port(&self, p: u16) -> String {
        if !self.numeric {
            if let Some((_, n)) = SERVICES.iter().find(|(q, _)| *q == p) {
                return n.to_string();
            }
        }
        p.to_string()
    }

    /// tcpdump's relative sequence numbers (`print-tcp.c`): the first
    /// ACK-flagged segment of a conversation (or any SYN) records its
    /// numbers and prints them absolute; later ones print relative.
    fn relative(
        &mut self,
        f: &Frame,
        seq: u32,
        ack: u32,
        fl: u8,
        sport: u16,
        dport: u16,
    ) -> (u32, u32) {
        if fl & flags::ACK == 0 {
            return (seq, ack);
        }
        let rev = sport > dport || (sport == dport && f.src.octets() > f.dst.octets());
        let key = if rev {
            (f.dst, dport, f.src, sport)
        } else {
            (f.src, sport, f.dst, dport)
        };
        let found = self.conversations.iter().position(|(k, _)| *k == key);
        match found {
            Some(i) if fl & flags::SYN == 0 => {
                let (ts, ta) = self.conversations[i].1;
                if rev {
                    (seq.wrapping_sub(ta), ack.wrapping_sub(ts))
                } else {
                    (seq.wrapping_sub(ts), ack.wrapping_sub(ta))
                }
            }
            _ => {
                let entry = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                match found {
                    Some(i) => self.conversations[i].1 = entry,
                    None => {
                        if self.conversations.len() < 4096 {
                            self.conversations.push((key, entry));
                        }
                    }
                }
                (seq, ack)
            }
        }
    }
}

/// `HH:MM:SS.uuuuuu ` (the host's clock is UTC).
fn timestamp(us: u64) -> String {
    let secs = us / 1_000_000;
    format!(
        "{:02}:{:02}:{:02}.{:06} ",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        us % 1_000_000
    )
}

/// A line's endpoints, `SRC.PORT > DST.PORT: ` (print-tcp.c, print-udp.c).
fn write_ends(s: &mut String, a: &Armed, f: &Frame, sport: u16, dport: u16) {
    let _ = write!(
        s,
        "{}.{} > {}.{}: ",
        f.src,
        a.port(sport),
        f.dst,
        a.port(dport)
    );
}

fn format_line(a: &mut Armed, f: &Frame) -> String {
    let mut s = String::new();
    if !a.no_time {
        s.push_str(&timestamp(f.time_us));
    }
    if a.tap.iface.is_none() {
        // print-sll.c sll2_if_print: "%-5s " name, then the packet type.
        let dir = match f.dir {
            Dir::In => "In ",
            Dir::Out => "Out",
            Dir::Other => "P  ",
        };
        let _ = write!(s, "{:<5} {dir} ", f.iface);
    }
    s.push_str("IP ");
    let len_of = |f: &Frame| capture::pcap::ip_packet(f).len();
    match &f.body {
        Body::Tcp {
            sport,
            dport,
            flags: fl,
            seq,
            ack,
            win,
            ts,
        } => {
            let (seq, ack) = a.relative(f, *seq, *ack, *fl, *sport, *dport);
            let names = &[
                (flags::FIN, "F"),
                (flags::SYN, "S"),
                (flags::RST, "R"),
                (flags::PSH, "P"),
                (flags::ACK, "."),
            ];
            let letters: String = names
                .iter()
                .filter(|(b, _)| fl & b != 0)
                .map(|(_, l)| *l)
                .collect();
            write_ends(&mut s, a, f, *sport, *dport);
            let _ = write!(
                s,
                "Flags [{}]",
                if letters.is_empty() { "none" } else { &letters }
            );
            if fl & (flags::SYN | flags::FIN | flags::RST) != 0 {
                let _ = write!(s, ", seq {seq}");
            }
            if fl & flags::ACK != 0 {
                let _ = write!(s, ", ack {ack}");
            }
            let _ = write!(s, ", win {win}");
            if let Some((val, ecr)) = ts {
                if fl & flags::SYN != 0 {
                    let _ = write!(
                        s,
                        ", options [mss 1460,sackOK,TS val {val} ecr {ecr},nop,wscale 7]"
                    );
                } else {
                    let _ = write!(s, ", options [nop,nop,TS val {val} ecr {ecr}]");
                }
            }
            s.push_str(", length 0");
        }
        Body::Udp { sport, dport, len } => {
            write_ends(&mut s, a, f, *sport, *dport);
            let _ = write!(s, "UDP, length {len}");
        }
        Body::Dns {
            sport,
            dport,
            id,
            name,
            answer,
        } => {
            let n = if name.ends_with('.') {
                name.clone()
            } else {
                format!("{name}.")
            };
            let dns_len = len_of(f) - 28;
            write_ends(&mut s, a, f, *sport, *dport);
            match answer {
                None => {
                    let _ = write!(s, "{id}+ A? {n} ({dns_len})");
                }
                Some(DnsAnswer::A(ip)) => {
                    let _ = write!(s, "{id} 1/0/0 A {ip} ({dns_len})");
                }
                Some(DnsAnswer::Empty) => {
                    let _ = write!(s, "{id} 0/0/0 ({dns_len})");
                }
                Some(DnsAnswer::Rcode(rc)) => {
                    let text = match rc {
                        1 => "FormErr",
                        2 => "ServFail",
                        3 => "NXDomain",
                        _ => "Refused",
                    };
                    let _ = write!(s, "{id} {text} 0/0/0 ({dns_len})");
                }
            }
        }
        Body::Echo { reply, id, seq } => {
            let _ = write!(
                s,
                "{} > {}: ICMP echo {}, id {id}, seq {seq}, length {}",
                f.src,
                f.dst,
                if *reply { "reply" } else { "request" },
                len_of(f) - 20
            );
        }
        Body::PortUnreachable {
            orig_dst,
            orig_proto,
            orig_dport,
            ..
        } => {
            let what = match orig_proto {
                6 => format!("{orig_dst} tcp port {} unreachable", a.port(*orig_dport)),
                17 => format!("{orig_dst} udp port {} unreachable", a.port(*orig_dport)),
                p => format!("{orig_dst} protocol {p} port {orig_dport} unreachable"),
            };
            let _ = write!(
                s,
                "{} > {}: ICMP {what}, length {}",
                f.src,
                f.dst,
                len_of(f) - 20
            );
        }
    }
    s
}
