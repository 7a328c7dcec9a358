//! Computing the reachability matrix ([`crate::matrix`] is its data): every
//! pair of endpoints (the host, the LAN computer, the internet, each running
//! container) and every transport that makes sense between them (TCP and UDP to each port something listens on,
//! directly and through each published port, ICMP echo, and a lookup of each
//! container's name), each answered by sending the probe through
//! [`View::send_traced`] — the same path real commands take.
//!
//! Only ports that something listens on or publishes are probed, and
//! containers are indexed by network, so the matrix stays proportional to
//! pairs × ports (200 containers on 20 networks: a fraction of a second).

use super::dns::{self, Embedded};
use super::netfilter::{Chain, Origin, Rule, Table};
use super::text;
use super::tracer::{Failure, FailureOnly};
use super::view::{in_net, FastMap, Stack, View};
use super::{Node, Probe, Transport};
use crate::cell_text::{CellText, Template, SENDER};
use crate::engine::Engine;
use crate::image::stable_hash;
use crate::matrix::{Matrix, MatrixCell, MatrixEndpoint, Transport as CellTransport};
use crate::model::Process;
use crate::ports::Proto;
use crate::trace::Verdict;
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};
use std::rc::Rc;

/// One probe of the matrix, before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixProbe {
    /// Index into the endpoints of the sender.
    pub from: usize,
    /// Index into the endpoints of the receiver.
    pub to: usize,
    pub probe: Probe,
    pub transport: CellTransport,
}

/// The matrix for the engine's current state.
///
/// Each cell is a probe walked through [`View::send_traced_from`], except
/// that *twin* senders share walks (see [`Twins`]): a probe from a twin to a
/// destination gives the same verdict as the same probe from any other twin,
/// and the same failure note with the sender's name in place, so its result
/// is computed once per group of twins and rendered for each.
pub fn matrix(engine: &Engine) -> Matrix {
    let view = View::new(engine);
    let twins = Twins::new(&view);
    // Room for every cell up front (the list is large: copying it while it
    // grows costs more than the slack): each ordered pair gets at most a probe
    // per port the receiver listens on or publishes, a ping and a lookup.
    let per_receiver: usize = engine
        .containers()
        .iter()
        .filter(|c| c.is_running())
        .map(|c| 2 + c.bindings.len() + listen_count(c))
        .sum::<usize>()
        + 8;
    let n = 3 + engine
        .containers()
        .iter()
        .filter(|c| c.is_running())
        .count();
    let mut cells = Vec::with_capacity(per_receiver * (n - 1));
    // What the walk needs about the current sender, looked up once per sender.
    let mut sender = None;
    // The current sender's name, shared by its cells' notes.
    let mut sender_name: Rc<str> = Rc::from("");
    // Walk results shared between twins: by group, then receiver, the
    // results of the pair's probes in order (twins send the same probes to a
    // receiver, in the same order). A slot stays empty until a twin's result
    // for that probe may be shared.
    let mut shared: Vec<Vec<Vec<Option<Shared>>>> = Vec::new();
    // Lookups shared between any senders (see `dns_sharing`): by the hash of
    // the name, the name, what embedded DNS made of it, and the result.
    let mut lookups: Vec<Vec<Lookup<'_>>> = Vec::new();
    // Probes are generated and sent one at a time: no list of 100k probes in memory.
    let endpoints = probes_in(&view, |from, to, probe, transport, (variant, k)| {
        let (s, twin, ns) = match sender {
            Some((f, s, twin, ns)) if f == from => (s, twin, ns),
            _ => {
                let s = view.sender(&probe.from);
                let twin = twins.group(&probe.from);
                let ns = match &probe.from {
                    Node::Container(id) => match view.stack_of(id) {
                        Some(Stack::Ns(ns)) => Some(ns),
                        _ => None,
                    },
                    _ => None,
                };
                sender = Some((from, s, twin, ns));
                if let Some(ns) = ns {
                    sender_name = Rc::from(view.netns[ns].name());
                }
                (s, twin, ns)
            }
        };
        // Where this probe's shared result lives, when it may share one.
        let slot = twin.and_then(|(group, ns)| {
            let g = group as usize;
            (probe.transport != Transport::Dns || twins.name_is_foreign(ns, &probe.dst)).then(
                || {
                    if shared.len() <= g {
                        shared.resize_with(g + 1, Vec::new);
                    }
                    if shared[g].is_empty() {
                        shared[g].resize_with(twins.endpoints, Vec::new);
                    }
                    g
                },
            )
        });
        if let Some(g) = slot {
            if let Some(Some(sh)) = shared[g].get(to).and_then(|r| r.get(k)) {
                if sh.variant == variant {
                    let (reason, hint) = match &sh.failure {
                        Some(texts) => texts.render(&sender_name),
                        None => (None, None),
                    };
                    cells.push(MatrixCell {
                        from,
                        to,
                        transport,
                        verdict: sh.verdict,
                        reason,
                        hint,
                    });
                    return;
                }
            }
        }
        // A lookup from a container on a user-defined network: what embedded
        // DNS makes of the name decides the rest (see `dns_sharing`).
        let lookup = match ns {
            Some(ns) if probe.transport == Transport::Dns && twins.enabled => {
                dns_sharing(&view, ns, &probe.dst).map(|e| (ns, e))
            }
            _ => None,
        };
        // The result: shared by another lookup, or walked. `share`: the
        // result in the form other senders can use, when they may.
        let hit = lookup.as_ref().and_then(|(_, e)| {
            lookups.get(to).and_then(|l| {
                l.iter()
                    .find(|(e2, _, _)| e2 == e)
                    .map(|(_, verdict, failure)| (*verdict, failure.clone()))
            })
        });
        let (verdict, reason, hint, share) = match (hit, &lookup) {
            (Some((verdict, failure)), Some(_)) => {
                let (reason, hint) = match &failure {
                    Some(texts) => texts.render(&sender_name),
                    None => (None, None),
                };
                (verdict, reason, hint, Some(failure))
            }
            _ => {
                let mut t = FailureOnly {
                    keep: slot.is_some() || lookup.is_some(),
                    ..FailureOnly::default()
                };
                let d = view.send_traced_from(probe, &s, &mut t);
                let verdict = d.verdict();
                let failed = verdict != Verdict::Delivered;
                let share = if let Some(ns) = ns.filter(|_| slot.is_some() || lookup.is_some()) {
                    shareable(failed, &t, view.netns[ns].name())
                } else {
                    None
                };
                if let (Some((_, e)), Some(failure)) = (lookup, &share) {
                    // Lookups share a delivery, or NXDOMAIN for a container's
                    // name. (A lookup's name is its receiver's: by receiver.)
                    if failure.as_ref().is_none_or(|t| t.not_shared) {
                        if lookups.len() <= to {
                            lookups.resize_with(to + 1, Vec::new);
                        }
                        lookups[to].push((e, verdict, failure.clone()));
                    }
                }
                let (reason, hint) = if failed {
                    (
                        Some(CellText::from(
                            t.reason.unwrap_or_else(|| fallback_reason(&d.outcome)),
                        )),
                        t.hint.map(CellText::from),
                    )
                } else {
                    (None, None)
                };
                (verdict, reason, hint, share)
            }
        };
        if let (Some(g), Some(failure)) = (slot, share) {
            if let Some(results) = shared[g].get_mut(to) {
                if results.len() <= k {
                    results.resize_with(k + 1, || None);
                }
                if results[k].is_none() {
                    results[k] = Some(Shared {
                        variant,
                        verdict,
                        failure,
                    });
                }
            }
        }
        cells.push(MatrixCell {
            from,
            to,
            transport,
            verdict,
            reason,
            hint,
        });
    });
    Matrix { endpoints, cells }
}

/// Whether a walk's result may be shared (see [`Twins`]): a delivery, or a
/// failure whose note names the sender only as the sender (not, say, as the
/// receiver of a reply); with its failure and reason.
fn shareable(failed: bool, t: &FailureOnly, sender: &str) -> Option<Option<Texts>> {
    match (failed, &t.failure, &t.reason) {
        (false, _, _) => Some(None),
        (
            true,
            Some(Failure::DirectAccess {
                for_sender: true, ..
            }),
            _,
        ) => None,
        (true, Some(f), Some(reason)) => Texts::of(f, reason, t.hint.as_deref(), sender).map(Some),
        _ => None,
    }
}

/// A failure's reason and hint as templates: the texts with a mark where
/// the sender's name goes.
#[derive(Debug, Clone)]
struct Texts {
    reason: Rc<Template>,
    hint: Option<Rc<Template>>,
    /// It is [`Failure::NotShared`] (lookups share only those).
    not_shared: bool,
}

impl Texts {
    /// The templates of `f`, checked: filled in with `sender`, they give the
    /// `reason` and `hint` the walk gave for `sender` (else None).
    fn of(f: &Failure, reason: &str, hint: Option<&str>, sender: &str) -> Option<Texts> {
        let mut mark = [0u8; 4];
        let (r, h) = f.texts(SENDER.encode_utf8(&mut mark), reason);
        let texts = Texts {
            reason: Rc::new(Template::new(r)),
            hint: h.map(|h| Rc::new(Template::new(h))),
            not_shared: matches!(f, Failure::NotShared { .. }),
        };
        let same_hint = match (&texts.hint, hint) {
            (Some(t), Some(h)) => t.gives(sender, h),
            (None, None) => true,
            _ => false,
        };
        (!sender.contains(SENDER) && texts.reason.gives(sender, reason) && same_hint)
            .then_some(texts)
    }

    /// The reason and hint with `sender` in place.
    fn render(&self, sender: &Rc<str>) -> (Option<CellText>, Option<CellText>) {
        (
            Some(CellText::filled(&self.reason, sender)),
            self.hint.as_ref().map(|h| CellText::filled(h, sender)),
        )
    }
}

/// What Docker's embedded DNS server in namespace `ns` makes of `name`, when
/// that alone decides a lookup's walk from any container in `ns`: the
/// namespace has embedded DNS (its resolv.conf names 127.0.0.11 and nothing
/// else), the name is not in its hosts file, and the server either answers
/// it from a network's names (a delivery) or forwards it upstream. Forwarded,
/// the question leaves from the host, the same for every asker; the asker
/// only appears in the NXDOMAIN note for a container's name ([`Failure`]).
/// (With ports drawn from the ephemeral range matched by no rule, see
/// [`Twins`].) Not for SERVFAIL: that note names the asker in its text.
fn dns_sharing<'e>(view: &View<'e>, ns: usize, name: &str) -> Option<Embedded<'e>> {
    if !view.netns[ns].embedded_dns || dns::hosts_lookup(view, Stack::Ns(ns), None, name).is_some()
    {
        return None;
    }
    match dns::embedded_lookup(view, ns, name) {
        Embedded::ServFail => None,
        e => Some(e),
    }
}

/// A lookup's result, for other senders: what embedded DNS made of the
/// name, the verdict and the failure's texts.
type Lookup<'e> = (Embedded<'e>, Verdict, Option<Texts>);

/// A walk's result, for the other twins of its sender.
struct Shared {
    /// The variant of the probes to the receiver it answered (with the
    /// probe's index, that identifies the probe: see `probes_in`).
    variant: usize,
    verdict: Verdict,
    /// For a failure: its reason and hint.
    failure: Option<Texts>,
}

fn listen_count(c: &crate::model::Container) -> usize {
    match &c.process {
        Process::Server { listeners } => listeners.len(),
        _ => 0,
    }
}

/// Twin senders: containers whose probes take the same path, rule for rule,
/// so a walk from one answers for the others.
///
/// Two containers are twins when swapping them (names, IDs, addresses,
/// veths) leaves everything a walk from either of them reads unchanged:
/// - each owns its network namespace alone (no `--network container:` guest)
///   and has no links, extra hosts or DNS servers of its own, so no
///   hosts-file entry or DNS configuration tells them apart;
/// - they have interfaces on the same bridges in the same order, the same
///   gateway interface and the same embedded DNS: the same routes, the same
///   egress bridge and the same name servers;
/// - every iptables rule's source and destination match their addresses
///   alike (but for rules about one port of one address, see
///   [`about_a_port`]: their own published ports, which no walk from them
///   meets; their docker-proxies and DNAT rules only take packets for their
///   own host ports, which the matrix never sends them), and raw
///   PREROUTING's rules for their addresses are the same but for the address
///   (that chain holds only rules for exact addresses, so where those sit in
///   it changes nothing);
/// - no rule matches a destination port in the ephemeral range, so the
///   ports a walk draws for its replies do not change any rule's decision.
///
/// Then a probe from one twin to a receiver that is neither of them (the
/// matrix never probes a sender's own namespace) meets the same rules with
/// the same decisions, and ends with the same verdict and the same notes,
/// but for the sender's own name and addresses. So a twin may reuse another
/// twin's result when that result is a delivery, or a failure whose note
/// names the sender only as the sender ([`Failure`]: the raw PREROUTING drop
/// of a request, the NXDOMAIN for a name on no shared network), rendered
/// again with its own name; any other result is walked for each sender. A
/// name lookup is shared only for a name that is not the sender's own (in
/// its hosts file or DNS names), so both resolve it through the same servers.
struct Twins<'v, 'e> {
    view: &'v View<'e>,
    /// Endpoints of the matrix (an upper bound: the view's running containers and three).
    endpoints: usize,
    enabled: bool,
    /// Endpoints per namespace.
    guests: Vec<u32>,
    groups: std::cell::RefCell<FastMap<Vec<u64>, u32>>,
}

/// A rule about one port of one address (a published port's ACCEPT): it
/// matches only packets to that address and port. In a walk from a twin to
/// another container, packets to the twin's own address are replies, to an
/// ephemeral port no rule names; so such a rule never decides there, and
/// the twins need not agree on it.
fn about_a_port(r: &Rule) -> bool {
    r.src.is_none()
        && r.dport.is_some()
        && matches!(r.dst, Some((net, false)) if net.prefix_len() == 32)
}

/// The first ephemeral port the walk draws, and one past the last.
const EPHEMERAL: std::ops::Range<u16> = 32768..(32768 + 28232);

impl<'v, 'e> Twins<'v, 'e> {
    fn new(view: &'v View<'e>) -> Twins<'v, 'e> {
        let mut guests = vec![0u32; view.netns.len()];
        for s in view.stacks.values() {
            if let Stack::Ns(i) = s {
                guests[*i] += 1;
            }
        }
        // The learner's rules match on more than addresses: no shortcuts then.
        let enabled = !view.rules.has_learner()
            && !view.rules.has_unindexed(Table::Raw, Chain::Prerouting)
            && !view
                .rules
                .all()
                .any(|r| r.dport.is_some_and(|p| EPHEMERAL.contains(&p)));
        Twins {
            view,
            endpoints: 3 + view.stacks.len(),
            enabled,
            guests,
            groups: Default::default(),
        }
    }

    /// The twin group of a sender and its namespace, if it has twins at all.
    fn group(&self, from: &Node) -> Option<(u32, usize)> {
        let v = self.view;
        let Node::Container(id) = from else {
            return None;
        };
        let Some(Stack::Ns(ns)) = v.stack_of(id) else {
            return None;
        };
        let n = &v.netns[ns];
        let c = n.owner;
        if !self.enabled
            || c.id != *id
            || self.guests[ns] != 1
            || !c.config.links.is_empty()
            || !c.config.add_hosts.is_empty()
            || !c.config.dns.is_empty()
            || c.networks.iter().any(|(_, cfg)| !cfg.links.is_empty())
        {
            return None;
        }
        let mut sig: Vec<u64> = Vec::new();
        sig.push(n.ifaces.len() as u64);
        sig.extend(n.ifaces.iter().map(|i| i.bridge as u64));
        sig.push(n.gateway.map_or(0, |g| g as u64 + 1));
        sig.push(u64::from(n.embedded_dns));
        let ips: Vec<Ipv4Addr> = n.ifaces.iter().map(|i| i.ip()).collect();
        // raw PREROUTING's rules for each address, without the address.
        for (k, ip) in ips.iter().enumerate() {
            for r in v.rules.for_dst(Table::Raw, Chain::Prerouting, *ip) {
                let mut r = r.clone();
                r.dst = None;
                // Its place in Docker's chain differs per address and decides nothing here.
                r.docker_pos = 0;
                if let Origin::DirectAccess { ns: _, iface } = r.origin {
                    r.origin = Origin::DirectAccess { ns: 0, iface };
                }
                sig.push(stable_hash(&format!("{k} {r:?}")));
            }
        }
        // How every other rule's source and destination match the addresses.
        let mut word = 0u64;
        let mut bits = 0u32;
        let mut bit = |b: bool, sig: &mut Vec<u64>| {
            word = word << 1 | u64::from(b);
            bits += 1;
            if bits == 64 {
                sig.push(word);
                word = 0;
                bits = 0;
            }
        };
        for r in v.rules.all() {
            if r.table == Table::Raw && r.chain == Chain::Prerouting || about_a_port(r) {
                continue;
            }
            for (net, _) in [r.src, r.dst].into_iter().flatten() {
                for ip in &ips {
                    bit(in_net(&net, *ip), &mut sig);
                }
            }
        }
        sig.push(word);
        sig.push(u64::from(bits));
        let mut groups = self.groups.borrow_mut();
        let next = groups.len() as u32;
        Some((*groups.entry(sig).or_insert(next), ns))
    }

    /// Whether the name a lookup asks for is not the sender's own: not in
    /// its hosts file, not one of its DNS names on any network.
    fn name_is_foreign(&self, ns: usize, name: &str) -> bool {
        let v = self.view;
        dns::hosts_lookup(v, Stack::Ns(ns), None, name).is_none()
            && !v.netns[ns].ifaces.iter().any(|i| {
                i.endpoint
                    .dns_names
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(dns::norm(name).as_ref()))
            })
    }
}

fn fallback_reason(o: &super::Outcome) -> String {
    match o {
        super::Outcome::NameNotFound => "the name does not resolve".to_string(),
        super::Outcome::TimedOut => "no answer".to_string(),
        _ => "failed".to_string(),
    }
}

/// The endpoints and the probes of the matrix, in order (cells follow this order).
pub fn probes(engine: &Engine) -> (Vec<MatrixEndpoint>, Vec<MatrixProbe>) {
    let mut all = Vec::new();
    let endpoints = probes_in(&View::new(engine), |from, to, probe, transport, _| {
        all.push(MatrixProbe {
            from,
            to,
            probe: probe.clone(),
            transport,
        })
    });
    (endpoints, all)
}

struct Ep<'e> {
    node: Node,
    name: &'e str,
    /// For containers: where their network stack is.
    stack: Option<Stack>,
    /// Ports its own processes listen on.
    listens: Vec<(Proto, Ipv4Addr, u16)>,
    /// Published (proto, host ip, host port, container port).
    published: Vec<(Proto, Ipv4Addr, u16, u16)>,
}

/// Calls `emit(from, to, probe, transport, (variant, i))` for each probe, in
/// order: the `i`th probe made for the receiver's `variant`th [`Variant`]
/// (two senders with the same variant send the same probes). The
/// probe is one buffer per sender, rewritten in place for each destination
/// (no per-probe allocation of the sender's id or the destination string).
fn probes_in<'e>(
    view: &View<'e>,
    mut emit: impl FnMut(usize, usize, &Probe, CellTransport, (usize, usize)),
) -> Vec<MatrixEndpoint> {
    let engine = view.engine;
    let host_ip = view.host_ip();
    let mut eps: Vec<Ep<'e>> = vec![
        Ep {
            node: Node::Host,
            name: "host",
            stack: Some(Stack::Host),
            listens: vec![(Proto::Tcp, Ipv4Addr::UNSPECIFIED, 22)],
            published: vec![],
        },
        Ep {
            node: Node::Lan,
            name: "lan",
            stack: Some(Stack::Lan),
            listens: vec![],
            published: vec![],
        },
        Ep {
            node: Node::Internet,
            name: "internet",
            stack: None,
            listens: vec![
                (Proto::Tcp, Ipv4Addr::UNSPECIFIED, 443),
                (Proto::Udp, Ipv4Addr::UNSPECIFIED, 53),
            ],
            published: vec![],
        },
    ];
    for c in engine.containers().iter().filter(|c| c.is_running()) {
        let Some(stack) = view.stack_of(&c.id) else {
            continue;
        };
        let listens = match &c.process {
            Process::Server { listeners } => listeners
                .iter()
                .map(|l| (l.proto, l.addr, l.port))
                .collect(),
            _ => Vec::new(),
        };
        let published = c
            .bindings
            .iter()
            .filter_map(|b| match b.host_ip {
                IpAddr::V4(ip) => Some((b.proto, ip, b.host_port, b.container_port)),
                IpAddr::V6(_) => None,
            })
            .collect();
        eps.push(Ep {
            node: Node::Container(c.id.clone()),
            name: &c.name,
            stack: Some(stack),
            listens,
            published,
        });
    }
    let endpoints: Vec<MatrixEndpoint> = eps
        .iter()
        .map(|e| MatrixEndpoint {
            name: e.name.to_string(),
            kind: match e.node {
                Node::Host => "host",
                Node::Lan => "lan",
                Node::Internet => "internet",
                Node::Container(_) => "container",
            }
            .to_string(),
        })
        .collect();

    // Bridges each namespace is on, for "shares a network".
    let bridges_of = |s: Option<Stack>| -> Vec<usize> {
        match s {
            Some(Stack::Ns(i)) => view.netns[i].ifaces.iter().map(|f| f.bridge).collect(),
            _ => Vec::new(),
        }
    };
    let ep_bridges: Vec<Vec<usize>> = eps
        .iter()
        .map(|e| {
            if matches!(e.node, Node::Container(_)) {
                bridges_of(e.stack)
            } else {
                Vec::new()
            }
        })
        .collect();

    let texts = Fixed {
        host_ip,
        host_ip_s: host_ip.to_string(),
        lan_s: engine.host.lan_peer.to_string(),
        internet_s: Ipv4Addr::new(8, 8, 8, 8).to_string(),
    };
    // The probes to each destination depend on the sender only through
    // `Variant`: made once per destination and variant, then copied.
    let mut made: Vec<Vec<(Variant, Vec<Spec>)>> = vec![Vec::new(); eps.len()];
    for (a, from) in eps.iter().enumerate() {
        // One probe per sender, rewritten for each destination.
        let mut probe = Probe::new(from.node.clone(), Transport::Tcp, String::new(), 0);
        // A cell reads verdicts and failure texts, not servers' names.
        probe.details = false;
        for (b, to) in eps.iter().enumerate() {
            if a == b {
                continue;
            }
            let variant = Variant {
                from_host: from.node == Node::Host,
                from_internet: from.node == Node::Internet,
                shared: match (&to.node, to.stack) {
                    (Node::Container(_), Some(Stack::Ns(ns))) => view.netns[ns]
                        .ifaces
                        .iter()
                        .position(|f| ep_bridges[a].contains(&f.bridge)),
                    _ => None,
                },
            };
            let k = match made[b].iter().position(|(v, _)| *v == variant) {
                Some(k) => k,
                None => {
                    made[b].push((variant, specs_to(view, from, to, &ep_bridges[a], &texts)));
                    made[b].len() - 1
                }
            };
            for (i, spec) in made[b][k].1.iter().enumerate() {
                probe.transport = spec.transport;
                probe.port = spec.port;
                probe.dst.clear();
                probe.dst.push_str(&spec.dst);
                emit(
                    a,
                    b,
                    &probe,
                    CellTransport {
                        proto: Cow::Borrowed(spec.proto),
                        port: spec.cport,
                        label: spec.label.clone(),
                    },
                    (k, i),
                );
            }
        }
    }
    endpoints
}

/// What the probes to a destination depend on, of their sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Variant {
    from_host: bool,
    from_internet: bool,
    /// The destination's first interface on a network the sender shares.
    shared: Option<usize>,
}

/// One probe to a destination, before it is sent.
#[derive(Debug, Clone)]
struct Spec {
    transport: Transport,
    dst: String,
    port: u16,
    proto: &'static str,
    cport: Option<u16>,
    /// Shared by the cells of every sender with this variant (a count, not a copy).
    label: Rc<str>,
}

/// Texts shared by all probes.
struct Fixed {
    host_ip: Ipv4Addr,
    host_ip_s: String,
    lan_s: String,
    internet_s: String,
}

/// The probes from `from` to `to`, in order (`bridges`: the sender's bridges).
fn specs_to(view: &View, from: &Ep, to: &Ep, bridges: &[usize], texts: &Fixed) -> Vec<Spec> {
    let Fixed {
        host_ip,
        host_ip_s,
        lan_s,
        internet_s,
    } = texts;
    let host_ip = *host_ip;
    let mut specs = Vec::new();
    // `dst`: an address or a name.
    let mut push = |transport: Transport,
                    dst: Dst<'_>,
                    port: u16,
                    proto: &'static str,
                    cport: Option<u16>,
                    label: String| {
        let mut d = String::new();
        match dst {
            Dst::Ip(ip) => push_ip(&mut d, ip),
            Dst::Str(s) => d.push_str(s),
        }
        specs.push(Spec {
            transport,
            dst: d,
            port,
            proto,
            cport,
            label: label.into(),
        });
    };
    {
        {
            match &to.node {
                Node::Host => {
                    let dst = if from.node == Node::Host {
                        Ipv4Addr::LOCALHOST
                    } else {
                        host_ip
                    };
                    for &(proto, _, port) in &to.listens {
                        push(
                            transport(proto),
                            Dst::Ip(dst),
                            port,
                            proto.as_str(),
                            Some(port),
                            label(&[proto.as_str(), " host:"], Some(port), &[]),
                        );
                    }
                    push(
                        Transport::Icmp,
                        Dst::Str(host_ip_s),
                        0,
                        "icmp",
                        None,
                        "ping host".to_string(),
                    );
                }
                Node::Lan => {
                    push(
                        Transport::Icmp,
                        Dst::Str(lan_s),
                        0,
                        "icmp",
                        None,
                        "ping lan".to_string(),
                    );
                }
                Node::Internet => {
                    for &(proto, _, port) in &to.listens {
                        push(
                            transport(proto),
                            Dst::Str(internet_s),
                            port,
                            proto.as_str(),
                            Some(port),
                            label(&[proto.as_str(), " ", internet_s, ":"], Some(port), &[]),
                        );
                    }
                    push(
                        Transport::Icmp,
                        Dst::Str(internet_s),
                        0,
                        "icmp",
                        None,
                        label(&["ping ", internet_s], None, &[]),
                    );
                }
                Node::Container(_) => {
                    let stack = to.stack;
                    // The address the sender would use: on a shared network, that one.
                    let mut ip_text = String::new();
                    let (addr, label_host): (Option<Ipv4Addr>, [&str; 2]) = match stack {
                        Some(Stack::Ns(ns)) => {
                            let shared = view.netns[ns]
                                .ifaces
                                .iter()
                                .find(|f| bridges.contains(&f.bridge));
                            match shared {
                                Some(f) => (Some(f.ip()), [to.name, ""]),
                                None => match view.primary_ip(ns) {
                                    Some(ip) => {
                                        push_ip(&mut ip_text, ip);
                                        (Some(ip), [&ip_text, ""])
                                    }
                                    None => (None, ["", ""]),
                                },
                            }
                        }
                        Some(Stack::Host) => {
                            let ip = if from.node == Node::Host {
                                Ipv4Addr::LOCALHOST
                            } else {
                                host_ip
                            };
                            (Some(ip), [to.name, "(host network)"])
                        }
                        _ => (None, ["", ""]),
                    };
                    if let Some(addr) = addr {
                        for &(proto, _, port) in &to.listens {
                            push(
                                transport(proto),
                                Dst::Ip(addr),
                                port,
                                proto.as_str(),
                                Some(port),
                                label(
                                    &[proto.as_str(), " ", label_host[0], label_host[1], ":"],
                                    Some(port),
                                    &[],
                                ),
                            );
                        }
                    }
                    for &(proto, hip, hport, cport) in &to.published {
                        let dst = if from.node == Node::Host {
                            if hip.is_unspecified() {
                                Ipv4Addr::LOCALHOST
                            } else {
                                hip
                            }
                        } else if hip.is_unspecified() || hip.is_loopback() {
                            host_ip
                        } else {
                            hip
                        };
                        let mut dst_text = String::new();
                        push_ip(&mut dst_text, dst);
                        let mut l = label(
                            &[proto.as_str(), " ", &dst_text, ":"],
                            Some(hport),
                            &[" → ", to.name, ":"],
                        );
                        push_u16(&mut l, cport);
                        push(
                            transport(proto),
                            Dst::Ip(dst),
                            hport,
                            proto.as_str(),
                            Some(hport),
                            l,
                        );
                    }
                    if let Some(addr) = addr {
                        push(
                            Transport::Icmp,
                            Dst::Ip(addr),
                            0,
                            "icmp",
                            None,
                            label(&["ping ", label_host[0], label_host[1]], None, &[]),
                        );
                    }
                    if from.node != Node::Internet {
                        push(
                            Transport::Dns,
                            Dst::Str(to.name),
                            53,
                            "dns",
                            None,
                            label(&["lookup ", to.name], None, &[]),
                        );
                    }
                }
            }
        }
    }
    specs
}

/// `head`, then `port` in decimal, then `tail`, as one string of the right
/// size (the matrix makes one label per cell: no formatting machinery).
fn label(head: &[&str], port: Option<u16>, tail: &[&str]) -> String {
    let len = head.iter().chain(tail).map(|p| p.len()).sum::<usize>() + 5;
    let mut s = String::with_capacity(len);
    for p in head {
        s.push_str(p);
    }
    if let Some(port) = port {
        push_u16(&mut s, port);
    }
    for p in tail {
        s.push_str(p);
    }
    s
}

/// Appends `n` in decimal.
fn push_u16(s: &mut String, n: u16) {
    s.push_str(&text::num(n));
}

/// Appends `ip` in dotted decimal, as `Display` writes it.
fn push_ip(s: &mut String, ip: Ipv4Addr) {
    s.push_str(&text::ip(ip));
}

/// A probe's destination: an address (formatted into the probe's buffer) or text.
#[derive(Clone, Copy)]
enum Dst<'a> {
    Ip(Ipv4Addr),
    Str(&'a str),
}

fn transport(p: Proto) -> Transport {
    match p {
        Proto::Udp => Transport::Udp,
        _ => Transport::Tcp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::tests::Lab;

    /// Containers alike but for their names and addresses are twins, so the
    /// matrix walks once for all of them. Regression: a rule's place in
    /// Docker's chain (`Rule::docker_pos`, one per address in raw PREROUTING)
    /// was part of the signature, no two containers were twins, and the
    /// 200-container matrix walked every cell (5–10× slower).
    #[test]
    fn alike_containers_on_one_network_are_twins() {
        let mut lab = Lab::new();
        lab.net("app", false, &[]);
        lab.run("web1", "nginx", Some("app"), &[], &[]);
        lab.run("web2", "nginx", Some("app"), &[], &[]);
        let view = View::new(&lab.e);
        let twins = Twins::new(&view);
        let group = |name: &str| twins.group(&lab.ctr(name)).map(|(g, _)| g);
        assert!(group("web1").is_some(), "web1 has a twin group");
        assert_eq!(group("web1"), group("web2"));
    }
}
