//! Predicates over what happened in the current step: the packets that were
//! sent (as [`Packet`] traces from the engine) and the commands that ran.
//!
//! A packet's sender is the node of its first hop; it *reached* a target when
//! a hop at that target (or at one of its addresses) delivered it to a socket
//! (or docker-proxy took it); it was *answered* when a later packet of the
//! same command went back from the reached socket to the sender's socket.
//! Replies (SYN-ACK, RST, echo replies, DNS answers) are never counted as
//! packets *from* their sender.

use super::state::container;
use super::{CommandStatus, Event, Facts, PacketFate, Pred, Target};
use bridgeport_engine::model::{Driver, NetworkMode};
use bridgeport_engine::trace::{Action, Hop, Packet, Verdict};
use bridgeport_engine::Engine;
use std::net::Ipv4Addr;

pub(super) fn holds(pred: &Pred, f: &Facts) -> Result<(), String> {
    match pred {
        Pred::Packet {
            proto,
            from,
            to,
            port,
            fate,
        } => packet(f, proto.as_deref(), from, to, *port, *fate),
        Pred::Ping {
            from,
            to,
            by_name,
            ok,
        } => ping(f, from, to, *by_name, *ok),
        Pred::Lookup { name, from, ok } => lookup(f, name, from, *ok),
        Pred::Command {
            words,
            status,
            with,
        } => command(f, words, *status, with.as_deref()),
        _ => Ok(()),
    }
}

// ----- reading packets ------------------------------------------------------

fn first_info(p: &Packet) -> &str {
    p.hops.first().map(|h| h.before.info.as_str()).unwrap_or("")
}

fn sender(p: &Packet) -> &str {
    p.hops.first().map(|h| h.node.as_str()).unwrap_or("")
}

fn is_dns_answer(info: &str) -> bool {
    (info.starts_with("A ") && !info.starts_with("A? "))
        || info.ends_with(": NXDOMAIN")
        || info.ends_with(": SERVFAIL")
        || info.ends_with(": no A record")
}

/// A packet that answers another (never counted as sent "from" its node).
fn is_reply(p: &Packet) -> bool {
    let info = first_info(p);
    info == "SYN-ACK"
        || info == "RST"
        || info.starts_with("echo-reply")
        || info == "port-unreachable"
        || is_dns_answer(info)
}

/// `172.17.0.2:80` → (ip, Some(80)); `172.17.0.2` → (ip, None).
fn split_addr(s: &str) -> (Option<Ipv4Addr>, Option<u16>) {
    if let Ok(ip) = s.parse::<Ipv4Addr>() {
        return (Some(ip), None);
    }
    match s.rsplit_once(':') {
        Some((ip, port)) => (ip.parse().ok(), port.parse().ok()),
        None => (None, None),
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Delivered => "delivered",
        Verdict::Dropped => "dropped",
        Verdict::Rejected => "rejected",
    }
}

/// "dropped at host (filter FORWARD): <reason> — <hint>" for the first hop that failed.
fn failure_text(p: &Packet) -> String {
    match p.hops.iter().find(|h| h.verdict != Verdict::Delivered) {
        Some(h) => {
            let mut s = format!(
                "{} at {} ({})",
                verdict_word(h.verdict),
                h.node,
                h.interface
            );
            if let Some(r) = &h.reason {
                s.push_str(&format!(": {r}"));
            }
            if let Some(hint) = &h.hint {
                s.push_str(&format!(" (hint: {hint})"));
            }
            s
        }
        None => format!("{} without a reply", verdict_word(p.verdict)),
    }
}

/// What a packet predicate aims at: a node name and the addresses it owns.
struct Aim {
    node: Option<String>,
    ips: Vec<Ipv4Addr>,
    port: Option<u16>,
    label: String,
}

impl Aim {
    fn new(e: &Engine, t: &Target, port: Option<u16>) -> Aim {
        let label = match t {
            Target::Node(n) => n.clone(),
            Target::Ip(ip) => ip.to_string(),
        };
        let label = match port {
            Some(p) => format!("{label}:{p}"),
            None => label,
        };
        let (node, ips) = match t {
            Target::Ip(ip) => (None, vec![*ip]),
            Target::Node(n) => match n.as_str() {
                "host" => {
                    let mut ips = vec![Ipv4Addr::LOCALHOST, e.host.ip()];
                    ips.extend(
                        e.networks()
                            .iter()
                            .filter(|n| n.driver == Driver::Bridge)
                            .filter_map(|n| n.gateway()),
                    );
                    (Some("host".to_string()), ips)
                }
                "lan" => (
                    Some("lan".to_string()),
                    vec![e.host.lan_peer, e.host.router],
                ),
                "internet" => (Some("internet".to_string()), Vec::new()),
                name => match container(e, name) {
                    Ok(c) => match &c.network_mode {
                        // Its processes live in the host's network namespace.
                        NetworkMode::Host => (
                            Some("host".to_string()),
                            vec![Ipv4Addr::LOCALHOST, e.host.ip()],
                        ),
                        NetworkMode::Container(id) => match e.container_by_id(id) {
                            Some(owner) => (
                                Some(owner.name.clone()),
                                owner.endpoints.iter().map(|ep| ep.ip).collect(),
                            ),
                            None => (Some(name.to_string()), Vec::new()),
                        },
                        _ => (
                            Some(name.to_string()),
                            c.endpoints.iter().map(|ep| ep.ip).collect(),
                        ),
                    },
                    Err(_) => (Some(name.to_string()), Vec::new()),
                },
            },
        };
        Aim {
            node,
            ips,
            port,
            label,
        }
    }

    fn port_ok(&self, addr: &str) -> bool {
        self.port.is_none_or(|p| split_addr(addr).1 == Some(p))
    }

    fn ip_in(&self, addr: &str) -> bool {
        split_addr(addr).0.is_some_and(|ip| self.ips.contains(&ip))
    }

    /// The hop at which `p` reached this target, if it did.
    fn reached<'p>(&self, p: &'p Packet) -> Option<&'p Hop> {
        if p.verdict != Verdict::Delivered {
            return None;
        }
        let socket = |h: &&Hop| {
            h.verdict == Verdict::Delivered && matches!(h.action, Action::Deliver | Action::Proxy)
        };
        p.hops
            .iter()
            .filter(socket)
            .find(|h| {
                (self.node.as_deref() == Some(h.node.as_str()) || self.ip_in(&h.after.dst))
                    && self.port_ok(&h.after.dst)
            })
            // Sent to this address and delivered after NAT (the LAN asking the host's port).
            .or_else(|| {
                if self.ip_in(&p.dst) && self.port_ok(&p.dst) {
                    p.hops.iter().rev().find(socket)
                } else {
                    None
                }
            })
    }

    /// Was `p` on its way to this target (whatever became of it)?
    fn aimed(&self, p: &Packet) -> bool {
        let by_ip = p.hops.iter().any(|h| {
            (self.ip_in(&h.before.dst) && self.port_ok(&h.before.dst))
                || (self.ip_in(&h.after.dst) && self.port_ok(&h.after.dst))
        });
        let by_node = p.hops.last().is_some_and(|h| {
            self.node.as_deref() == Some(h.node.as_str())
                && matches!(h.action, Action::Deliver | Action::Reject | Action::Proxy)
                && self.port_ok(&h.after.dst)
        });
        by_ip || by_node
    }
}

/// Did a later packet carry the answer from the reached socket back to the sender?
fn answered(later: &[Packet], reached: &Hop) -> bool {
    later.iter().any(|q| {
        q.verdict == Verdict::Delivered
            && q.src == reached.after.dst
            && q.dst == reached.after.src
            && !matches!(first_info(q), "RST" | "port-unreachable")
    })
}

/// What packets sent in this step did, seen from one sender towards one target.
#[derive(Default)]
struct Seen<'p> {
    delivered: bool,
    answered: bool,
    /// Requests towards the target that were dropped or rejected (or not answered).
    failed: Vec<&'p Packet>,
    /// The last request from the sender that went somewhere else.
    other: Option<&'p Packet>,
}

fn observe<'p>(
    events: &'p [Event],
    proto: Option<&str>,
    from: &str,
    aim: &Aim,
    only: impl Fn(&Packet) -> bool,
) -> Seen<'p> {
    let mut seen = Seen::default();
    for ev in events {
        for (i, p) in ev.packets.iter().enumerate() {
            if is_reply(p) || sender(p) != from || proto.is_some_and(|pr| pr != p.proto) || !only(p)
            {
                continue;
            }
            if let Some(hop) = aim.reached(p) {
                seen.delivered = true;
                if answered(&ev.packets[i + 1..], hop) {
                    seen.answered = true;
                }
            } else if p.verdict != Verdict::Delivered && aim.aimed(p) {
                seen.failed.push(p);
            } else if !first_info(p).starts_with("A? ") {
                seen.other = Some(p);
            }
        }
    }
    seen
}

fn packet(
    f: &Facts,
    proto: Option<&str>,
    from: &str,
    to: &Target,
    port: Option<u16>,
    fate: PacketFate,
) -> Result<(), String> {
    let aim = Aim::new(f.engine, to, port);
    let seen = observe(f.events, proto, from, &aim, |_| true);
    let what = match proto {
        Some(p) => format!("a {p} packet"),
        None => "a packet".to_string(),
    };
    let the = what.replacen("a ", "the ", 1);
    let target = &aim.label;
    let wants_failure = matches!(
        fate,
        PacketFate::Dropped | PacketFate::Rejected | PacketFate::Failed
    );
    if wants_failure {
        let ok = seen.failed.iter().any(|p| match fate {
            PacketFate::Dropped => p.verdict == Verdict::Dropped,
            PacketFate::Rejected => p.verdict == Verdict::Rejected,
            _ => true,
        });
        if ok {
            return Ok(());
        }
        if let Some(p) = seen.failed.last() {
            return Err(format!(
                "{the} from {from} to {target} was {}, not {}",
                verdict_word(p.verdict),
                if fate == PacketFate::Dropped {
                    "dropped"
                } else {
                    "rejected"
                }
            ));
        }
        if seen.delivered {
            return Err(format!(
                "{the} from {from} to {target} got through; this step wants to see it fail"
            ));
        }
        return Err(format!(
            "no {} from {from} to {target} has been sent yet in this step",
            what.trim_start_matches("a ")
        ));
    }
    match fate {
        PacketFate::Delivered if seen.delivered => return Ok(()),
        PacketFate::Answered if seen.answered => return Ok(()),
        PacketFate::Answered if seen.delivered => {
            return Err(format!(
                "{what} from {from} reached {target}, but no reply came back"
            ))
        }
        _ => {}
    }
    if let Some(p) = seen.failed.last() {
        return Err(format!(
            "{the} from {from} to {target} did not get there: it was {}",
            failure_text(p)
        ));
    }
    if let Some(p) = seen.other {
        let fate = if p.verdict == Verdict::Delivered {
            String::new()
        } else {
            format!(" and was {}", failure_text(p))
        };
        return Err(format!("no {} from {from} has reached {target} yet in this step (the last one went to {}{fate})", what.trim_start_matches("a "), p.dst));
    }
    Err(format!(
        "no {} from {from} to {target} has been sent yet in this step",
        what.trim_start_matches("a ")
    ))
}

// ----- name lookups --------------------------------------------------------

/// One name lookup seen in a command's packets.
struct LookupSeen {
    from: String,
    name: String,
    ok: bool,
    /// Why it failed, from the hop that said so.
    why: Option<String>,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.')
        .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// The name in a hosts-file hop's reason: `'web' found in /etc/hosts: ...`.
fn hosts_file_name(h: &Hop) -> Option<&str> {
    let r = h.reason.as_deref()?;
    let rest = r.strip_prefix('\'')?;
    let (name, tail) = rest.split_once('\'')?;
    tail.contains("/etc/hosts").then_some(name)
}

fn lookups(ev: &Event) -> Vec<LookupSeen> {
    let mut out: Vec<LookupSeen> = Vec::new();
    for p in &ev.packets {
        for h in &p.hops {
            if h.action == Action::Resolve && h.interface == "/etc/hosts" {
                if let Some(name) = hosts_file_name(h) {
                    out.push(LookupSeen {
                        from: h.node.clone(),
                        name: name.to_string(),
                        ok: true,
                        why: None,
                    });
                }
            }
        }
        let Some(name) = first_info(p).strip_prefix("A? ") else {
            continue;
        };
        // dockerd forwarding a container's query upstream is not a lookup of its own.
        if p.hops
            .first()
            .is_some_and(|h| h.interface.contains("embedded DNS"))
        {
            continue;
        }
        let from = sender(p).to_string();
        if out
            .iter()
            .any(|l| l.from == from && same_name(&l.name, name))
        {
            continue;
        }
        let answer = format!("A {name} ");
        let ok = ev
            .packets
            .iter()
            .flat_map(|q| &q.hops)
            .any(|h| h.after.info.starts_with(&answer) || h.before.info.starts_with(&answer));
        let why = if ok {
            None
        } else {
            ev.packets
                .iter()
                .flat_map(|q| &q.hops)
                .find(|h| {
                    h.verdict != Verdict::Delivered
                        && (h.before.info.contains(name) || h.after.info.contains(name))
                })
                .and_then(|h| h.reason.clone())
                .or_else(|| {
                    ev.packets
                        .iter()
                        .find(|q| q.verdict != Verdict::Delivered)
                        .map(failure_text)
                })
        };
        out.push(LookupSeen {
            from,
            name: name.to_string(),
            ok,
            why,
        });
    }
    out
}

fn lookup(f: &Facts, name: &str, from: &str, ok: bool) -> Result<(), String> {
    let mut failed: Option<LookupSeen> = None;
    let mut succeeded = false;
    for ev in f.events {
        for l in lookups(ev) {
            if l.from != from || !same_name(&l.name, name) {
                continue;
            }
            if l.ok {
                succeeded = true;
            } else {
                failed = Some(l);
            }
        }
    }
    match (ok, succeeded, failed) {
        (true, true, _) | (false, _, Some(_)) => Ok(()),
        (true, false, Some(l)) => Err(format!(
            "looking up {name} from {from} failed{}",
            l.why.map(|w| format!(": {w}")).unwrap_or_default()
        )),
        (false, true, None) => Err(format!(
            "looking up {name} from {from} worked; this step wants to see it fail"
        )),
        (_, false, None) => Err(format!("{from} has not looked up {name} yet in this step")),
    }
}

// ----- ping ------------------------------------------------------------------

fn resolved_a_name(ev: &Event) -> bool {
    ev.packets.iter().any(|p| {
        first_info(p).starts_with("A? ") || p.hops.iter().any(|h| h.action == Action::Resolve)
    })
}

fn ping(f: &Facts, from: &str, to: &str, by_name: bool, ok: bool) -> Result<(), String> {
    let aim = Aim::new(f.engine, &Target::Node(to.to_string()), None);
    let names: Vec<String> = match container(f.engine, to) {
        Ok(c) => {
            let mut n: Vec<String> = c
                .endpoints
                .iter()
                .flat_map(|ep| ep.dns_names.iter().cloned())
                .collect();
            n.push(to.to_string());
            n
        }
        Err(_) => vec![to.to_string()],
    };
    let mut success_by_name = false;
    let mut success_by_ip = false;
    let mut failure: Option<String> = None;
    let mut failure_by_name = false;
    for ev in f.events {
        let one = std::slice::from_ref(ev);
        let seen = observe(one, Some("icmp"), from, &aim, |p| {
            first_info(p).starts_with("echo-request")
        });
        let named = resolved_a_name(ev);
        if seen.answered {
            if named {
                success_by_name = true;
            } else {
                success_by_ip = true;
            }
            continue;
        }
        let lookup_failure = lookups(ev)
            .into_iter()
            .find(|l| l.from == from && !l.ok && names.iter().any(|n| same_name(n, &l.name)));
        if let Some(l) = lookup_failure {
            failure = Some(format!(
                "the name {} did not resolve{}",
                l.name,
                l.why.map(|w| format!(": {w}")).unwrap_or_default()
            ));
            failure_by_name = true;
        } else if let Some(p) = seen.failed.last() {
            failure = Some(format!("the echo request was {}", failure_text(p)));
            failure_by_name |= named;
        } else if seen.delivered {
            failure = Some("the echo request arrived, but no reply came back".to_string());
            failure_by_name |= named;
        }
    }
    let how = if by_name { " by name" } else { "" };
    if ok {
        if success_by_name || (!by_name && success_by_ip) {
            return Ok(());
        }
        if let Some(why) = failure {
            return Err(format!("the ping from {from} to {to} failed: {why}"));
        }
        if success_by_ip {
            return Err(format!(
                "{from} pinged {to} by its IP address; this step wants it by name (ping {to})"
            ));
        }
        return Err(format!("{from} has not pinged {to}{how} yet in this step"));
    }
    if failure.is_some() && (failure_by_name || !by_name) {
        return Ok(());
    }
    if success_by_name || success_by_ip {
        return Err(format!(
            "the ping from {from} to {to} worked; this step wants to see it fail first"
        ));
    }
    Err(format!("{from} has not pinged {to}{how} yet in this step"))
}

// ----- commands ----------------------------------------------------------------

fn split_words(line: &str) -> Vec<String> {
    bridgeport_commands::shell::split(line)
        .unwrap_or_else(|_| line.split_whitespace().map(str::to_string).collect())
}

/// Do `pattern`'s words appear in `words`, in order (other words may come between)?
fn subsequence(pattern: &[String], words: &[String]) -> bool {
    let mut it = words.iter();
    pattern.iter().all(|p| it.any(|w| w == p))
}

fn first_line(s: &str) -> &str {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

fn command(
    f: &Facts,
    pattern: &[String],
    status: CommandStatus,
    with: Option<&str>,
) -> Result<(), String> {
    let shown = pattern.join(" ");
    let mut wrong: Option<String> = None;
    for ev in f.events {
        if !subsequence(pattern, &split_words(&ev.command)) {
            continue;
        }
        let status_ok = match status {
            CommandStatus::Ran => true,
            CommandStatus::Succeeded => ev.exit_code == 0,
            CommandStatus::Failed => ev.exit_code != 0,
        };
        let lower = bridgeport_golib::case::go_lower_str;
        let text_ok = with.is_none_or(|w| lower(&ev.output).contains(&lower(w)));
        if status_ok && text_ok {
            return Ok(());
        }
        wrong = Some(if !status_ok {
            match status {
                CommandStatus::Succeeded => format!(
                    "`{}` failed (exit code {}): {}",
                    ev.command,
                    ev.exit_code,
                    first_line(&ev.output)
                ),
                _ => format!("`{}` succeeded; this step wants to see it fail", ev.command),
            }
        } else {
            format!(
                "`{}` {}, but its output does not say \"{}\"",
                ev.command,
                if ev.exit_code == 0 {
                    "succeeded"
                } else {
                    "failed"
                },
                with.unwrap_or("")
            )
        });
    }
    Err(wrong.unwrap_or_else(|| format!("you have not run `{shown}` yet in this step")))
}
