//! Step 2 of a walk: moving a packet from the sender's routing decision to
//! the destination stack and replies back — veth, bridge, the host's
//! netfilter hooks and NAT (undone by conntrack), the LAN and the router.

use super::*;

impl<'v, 'e, 't> W<'v, 'e, 't> {
    /// Sends the first packet of an exchange from `from` to `dst`, up to the
    /// destination stack. The caller ends the packet at the destination.
    pub(super) fn exchange(
        &mut self,
        from: Stack,
        l4: L4,
        dst: Ipv4Addr,
        dport: u16,
        info: Info,
        send_iface: Option<Place<'static>>,
    ) -> Result<Reached<'e>, Outcome> {
        let v = self.v;
        let node = self.node(from);
        let sport = if l4 == L4::Icmp { 0 } else { self.eph() };
        // The sender's routing decision.
        let route: Result<(RouteTo, &'e str), NoRouteWhy> = match from {
            Stack::Ns(ns) => match route::ns_route(v, ns, dst) {
                Ok(rt) => {
                    let dev = match rt.egress {
                        Egress::Iface(i) => v.netns[ns].ifaces[i].name(),
                        _ => "lo",
                    };
                    Ok((rt, dev))
                }
                Err(_) => {
                    let n = &v.netns[ns];
                    Err(match n.ifaces.first() {
                        Some(i) => NoRouteWhy::InternalOnly {
                            network: &v.bridges[i.bridge].net.name,
                        },
                        None => NoRouteWhy::NoNetwork,
                    })
                }
            },
            Stack::Host => {
                let rt = route::host_route(v, dst);
                let dev = match rt.egress {
                    Egress::Bridge(b) => v.bridges[b].device(),
                    Egress::Eth0 => "eth0",
                    _ => "lo",
                };
                Ok((rt, dev))
            }
            Stack::Lan => {
                let host = &v.engine.host;
                if dst.is_loopback() || dst == host.lan_peer {
                    Ok((
                        RouteTo {
                            egress: Egress::Loopback,
                            src: dst,
                            via: None,
                        },
                        "lo",
                    ))
                } else if in_net(&host.eth0, dst) {
                    Ok((
                        RouteTo {
                            egress: Egress::Eth0,
                            src: host.lan_peer,
                            via: None,
                        },
                        "eth0",
                    ))
                } else {
                    Ok((
                        RouteTo {
                            egress: Egress::Eth0,
                            src: host.lan_peer,
                            via: Some(host.router),
                        },
                        "eth0",
                    ))
                }
            }
            Stack::Router => Ok((
                RouteTo {
                    egress: Egress::Eth0,
                    src: v.engine.host.router,
                    via: None,
                },
                "router",
            )),
            Stack::Internet(me) => Ok((
                RouteTo {
                    egress: Egress::Eth0,
                    src: me,
                    via: None,
                },
                "wan",
            )),
        };
        let (rt, dev) = match route {
            Ok(r) => r,
            Err(why) => {
                let h = Hdr {
                    l4,
                    src: Ipv4Addr::UNSPECIFIED,
                    sport,
                    dst,
                    dport,
                    info,
                };
                self.t.begin(&h, &self.qname);
                let mut e = ev(Place::Routing(from), Action::Reject, h);
                e.verdict = Verdict::Rejected;
                e.note = Some(Note::NoRoute { node, why });
                self.emit(e);
                self.t.end(Verdict::Rejected);
                return Err(Outcome::Unreachable(Unreachable::Network));
            }
        };
        let hdr = Hdr {
            l4,
            src: rt.src,
            sport,
            dst,
            dport,
            info,
        };
        self.t.begin(&hdr, &self.qname);
        if let Some((name, ip)) = self.pending.take() {
            let mut e = ev(Place::HostsFile(from), Action::Resolve, hdr);
            e.note = Some(Note::HostsFile {
                name: &name,
                addr: ip,
            });
            self.emit(e);
        }
        let out = match (from, rt.egress, send_iface) {
            (_, _, Some(process)) => process,
            (Stack::Host, Egress::Bridge(b), None) => Place::Bridge(b),
            (at, _, None) => Place::Iface { at, name: dev },
        };
        let mut e = ev(out, Action::Send, hdr);
        e.note = Some(Note::Route { dev, via: rt.via });
        self.emit(e);
        let mut ct = Ct::default();
        if let Some(c) = self.count.as_deref_mut() {
            c.pending = None;
        }
        let moved = self.depart(from, rt, hdr, &mut ct, false);
        match moved {
            Moved::Arrived { at, hdr, iface } => {
                let flow = self.flow(&hdr, &ct, info);
                Ok(Reached {
                    at,
                    hdr,
                    iface,
                    ct,
                    flow,
                })
            }
            Moved::Dropped => {
                self.t.end(Verdict::Dropped);
                Err(Outcome::TimedOut)
            }
            Moved::NoHost => {
                self.t.end(Verdict::Dropped);
                Err(Outcome::Unreachable(Unreachable::Host))
            }
            Moved::Rejected { by, how } => {
                self.t.end(Verdict::Rejected);
                self.rejected_by = Some(by);
                Err(how.outcome())
            }
        }
    }

    /// A real send's connection that crossed the host: its conntrack flow
    /// (the reply tuple is the delivered packet's, with the host's SNAT).
    fn flow(&mut self, hdr: &Hdr, ct: &Ct, info: Info) -> Option<usize> {
        let salt = self.salt;
        let c = self.count.as_deref_mut()?;
        let (l4, src, sport, dst, dport) = c.pending.take()?;
        let (rsrc, rsport) = ct.snat.map_or((src, sport), |(_, n)| (*n.ip(), n.port()));
        let icmp = l4 == L4::Icmp;
        let id = match info {
            Info::EchoRequest(_) => (salt >> 20) as u16 & 0x7fff | 1,
            _ => 0,
        };
        c.flows.push(counting::Flow {
            l4,
            orig: (
                src,
                dst,
                if icmp { 0 } else { sport },
                if icmp { 0 } else { dport },
            ),
            reply: (
                hdr.dst,
                rsrc,
                if icmp { 0 } else { hdr.dport },
                if icmp { 0 } else { rsport },
            ),
            icmp_id: id,
            answer: None,
        });
        Some(c.flows.len() - 1)
    }

    /// The answer to a packet that reached `r.at`, back to its sender.
    /// Returns whether it arrived.
    pub(super) fn reply(&mut self, r: &Reached<'e>, info: Info) -> bool {
        let l4 = match info {
            Info::PortUnreachable | Info::EchoReply(_) => L4::Icmp,
            _ => r.hdr.l4,
        };
        let (sport, dport) = if l4 == L4::Icmp {
            (0, 0)
        } else {
            (r.hdr.dport, r.hdr.sport)
        };
        let hdr = Hdr {
            l4,
            src: r.hdr.dst,
            sport,
            dst: r.hdr.src,
            dport,
            info,
        };
        self.t.begin(&hdr, &self.qname);
        self.ttl = if matches!(r.at, Stack::Internet(_)) {
            118
        } else {
            64
        };
        self.emit(ev(r.iface, Action::Send, hdr));
        let mut ct = r.ct;
        let rt = match r.at {
            Stack::Ns(ns) => match route::ns_route(self.v, ns, hdr.dst) {
                Ok(rt) => rt,
                Err(_) => {
                    self.t.end(Verdict::Dropped);
                    return false;
                }
            },
            Stack::Host => route::host_route(self.v, hdr.dst),
            _ => RouteTo {
                egress: Egress::Eth0,
                src: hdr.src,
                via: None,
            },
        };
        match self.depart(r.at, rt, hdr, &mut ct, true) {
            Moved::Arrived { hdr, iface, .. } => {
                self.emit(ev(iface, Action::Deliver, hdr));
                self.t.end(Verdict::Delivered);
                self.reply_ttl = self.ttl;
                if let (Some(c), Some(i)) = (self.count.as_deref_mut(), r.flow) {
                    if let Some(f) = c.flows.get_mut(i) {
                        f.answer = Some(info);
                    }
                }
                true
            }
            _ => {
                self.t.end(Verdict::Dropped);
                false
            }
        }
    }

    /// From a sender's routing decision to the destination stack.
    pub(super) fn depart(
        &mut self,
        from: Stack,
        rt: RouteTo,
        hdr: Hdr,
        ct: &mut Ct,
        est: bool,
    ) -> Moved<'e> {
        match from {
            Stack::Ns(ns) => match rt.egress {
                Egress::Iface(i) => self.leave_ns(ns, i, hdr, ct, est),
                _ => Moved::Arrived {
                    at: Stack::Ns(ns),
                    hdr,
                    iface: Place::Iface {
                        at: Stack::Ns(ns),
                        name: "lo",
                    },
                },
            },
            Stack::Host => self.host_out(hdr, ct, est),
            Stack::Lan => match rt.egress {
                Egress::Loopback => Moved::Arrived {
                    at: Stack::Lan,
                    hdr,
                    iface: Place::Iface {
                        at: Stack::Lan,
                        name: "lo",
                    },
                },
                _ => self.lan_wire(Stack::Lan, hdr, ct, est),
            },
            Stack::Router => self.lan_wire(Stack::Router, hdr, ct, est),
            Stack::Internet(_) => self.router_inbound(hdr, ct, est),
        }
    }

    pub(super) fn leave_ns(
        &mut self,
        ns: usize,
        i: usize,
        hdr: Hdr,
        ct: &mut Ct,
        est: bool,
    ) -> Moved<'e> {
        let v = self.v;
        self.emit(ev(Place::Veth { ns, i }, Action::Forward, hdr));
        self.bridge_in(v.netns[ns].ifaces[i].bridge, hdr, ct, est)
    }

    /// A frame arriving on a bridge from one of its container ports.
    pub(super) fn bridge_in(&mut self, b: usize, hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        let br = &v.bridges[b];
        if hdr.dst != br.gateway && in_net(&br.subnet, hdr.dst) {
            // Switched to another port of the same bridge; br_netfilter still
            // runs the filter FORWARD chain with -i br -o br.
            let mut e = ev(Place::Bridge(b), Action::Forward, hdr);
            e.note = Some(Note::Bridged {
                bridge: br.device(),
            });
            self.emit(e);
            match v
                .by_ip
                .get(&hdr.dst)
                .filter(|(ns, i)| v.netns[*ns].ifaces[*i].bridge == b)
                .copied()
            {
                Some((ns, i)) => {
                    let orig = ct.dnat.map(|(o, _)| o);
                    if let Some(stop) = self.forward_filter(hdr, br.ifid, br.ifid, est, orig) {
                        return stop;
                    }
                    self.enter_ns(ns, i, hdr)
                }
                None => self.no_such_host(hdr, b),
            }
        } else {
            let mut e = ev(Place::Bridge(b), Action::Route, hdr);
            e.note = Some(Note::ToHost {
                bridge: br.device(),
            });
            self.emit(e);
            self.host_in(br.ifid, hdr, ct, est)
        }
    }

    pub(super) fn enter_ns(&mut self, ns: usize, i: usize, hdr: Hdr) -> Moved<'e> {
        self.emit(ev(Place::Veth { ns, i }, Action::Forward, hdr));
        Moved::Arrived {
            at: Stack::Ns(ns),
            hdr,
            iface: Place::Iface {
                at: Stack::Ns(ns),
                name: self.v.netns[ns].ifaces[i].name(),
            },
        }
    }

    pub(super) fn no_such_host(&mut self, hdr: Hdr, b: usize) -> Moved<'e> {
        let mut e = ev(Place::Bridge(b), Action::Drop, hdr);
        e.verdict = Verdict::Dropped;
        e.note = Some(Note::NoSuchHost {
            addr: hdr.dst,
            bridge: self.v.bridges[b].device(),
        });
        self.emit(e);
        Moved::NoHost
    }

    /// The filter FORWARD chain; reports the decisive rule. `None`: the
    /// packet goes on; else how it stopped.
    pub(super) fn forward_filter(
        &mut self,
        hdr: Hdr,
        in_if: IfId,
        out_if: IfId,
        est: bool,
        orig: Option<SocketAddrV4>,
    ) -> Option<Moved<'e>> {
        let mut p = self.pkt(&hdr, Some(in_if), Some(out_if), est);
        p.orig_dst = orig;
        let verdict = self.eval(Table::Filter, Chain::Forward, &p, &hdr);
        let rule = self.rule(verdict.rule);
        let accept = verdict.decision == Decision::Accept;
        let note = match rule.and_then(|r| r.user.as_deref()) {
            Some(_) => self.learner_note(rule, verdict.decision, "FORWARD"),
            None if verdict.rule.is_none() && self.v.rules.has_learner() && !accept => {
                self.learner_note(None, verdict.decision, "FORWARD")
            }
            None => self.filter_note(rule, accept, &hdr, in_if == out_if),
        };
        let note = match note {
            Note::Allowed(Allowed::Published {
                container,
                port,
                proto,
            }) if !est && self.v.engine.firewall().ufw.enabled => {
                self.ufw_bypass(container, port, proto, orig.map_or(hdr.dport, |o| o.port()))
            }
            n => n,
        };
        let mut e = ev(
            Place::Netfilter {
                table: "filter",
                chain: "FORWARD",
            },
            if accept {
                Action::Forward
            } else {
                Action::Drop
            },
            hdr,
        );
        e.rule = rule;
        e.note = Some(note);
        if accept {
            self.emit(e);
            return None;
        }
        if verdict.decision == Decision::Reject {
            e.action = Action::Reject;
            e.verdict = Verdict::Rejected;
            self.emit(e);
            // The host answers from its address on the side the packet came in.
            let by = if in_if == IF_ETH0 {
                self.v.host_ip()
            } else {
                self.v
                    .bridge_by_if(in_if)
                    .map_or(self.v.host_ip(), |b| self.v.bridges[b].gateway)
            };
            return Some(Moved::Rejected {
                by,
                how: Rejection::by_rule(rule),
            });
        }
        e.verdict = Verdict::Dropped;
        self.emit(e);
        Some(Moved::Dropped)
    }

    /// The filter INPUT chain, for packets to the host's own addresses. Docker
    /// puts nothing there: it is walked only once the learner changed it.
    fn input_filter(
        &mut self,
        hdr: Hdr,
        in_if: IfId,
        est: bool,
        orig: Option<SocketAddrV4>,
    ) -> Option<Moved<'e>> {
        let v = self.v;
        if !v.rules.has_learner() && v.rules.policy(Table::Filter, Chain::Input) == "ACCEPT" {
            return None;
        }
        let mut p = self.pkt(&hdr, Some(in_if), None, est);
        p.orig_dst = orig;
        let verdict = self.eval(Table::Filter, Chain::Input, &p, &hdr);
        if verdict.rule.is_none() && verdict.decision == Decision::Accept {
            return None;
        }
        let rule = self.rule(verdict.rule);
        let note = self.learner_note(rule, verdict.decision, "INPUT");
        let place = Place::Netfilter {
            table: "filter",
            chain: "INPUT",
        };
        let mut e = ev(place, Action::Forward, hdr);
        e.rule = rule;
        e.note = Some(note);
        if verdict.decision == Decision::Accept {
            self.emit(e);
            return None;
        }
        Some(self.stopped(e, verdict.decision, hdr.dst, rule))
    }

    /// A filter chain stopped a packet at `e`'s hop: dropped, or rejected
    /// with the error the host at `by` answers.
    fn stopped(
        &mut self,
        mut e: HopEvent<'_>,
        d: Decision,
        by: Ipv4Addr,
        rule: Option<&Rule>,
    ) -> Moved<'e> {
        if d == Decision::Reject {
            e.action = Action::Reject;
            e.verdict = Verdict::Rejected;
            self.emit(e);
            return Moved::Rejected {
                by,
                how: Rejection::by_rule(rule),
            };
        }
        e.action = Action::Drop;
        e.verdict = Verdict::Dropped;
        self.emit(e);
        Moved::Dropped
    }

    /// Docker accepted a published port's packet in FORWARD while ufw is
    /// enabled: say why ufw's rules did not apply (reference §1.3, §2.4).
    fn ufw_bypass(&self, container: &str, port: u16, proto: L4, host_port: u16) -> Note<'e> {
        let ufw = &self.v.engine.firewall().ufw;
        let denied = ufw.rules.iter().find(|r| {
            !r.v6
                && !r.forward
                && r.direction == "in"
                && matches!(r.action.as_str(), "deny" | "reject")
                && (r.protocol == "any" || r.protocol == proto.name())
                && r.dport.split(',').any(|p| match p.split_once(':') {
                    Some((a, b)) => {
                        a.parse::<u16>().is_ok_and(|a| a <= host_port)
                            && b.parse::<u16>().is_ok_and(|b| host_port <= b)
                    }
                    None => p.parse::<u16>() == Ok(host_port),
                })
        });
        let also = match denied {
            Some(r) => format!(" The ufw rule '{}' is never reached.", r.command),
            None => String::new(),
        };
        Note::Text {
            reason: format!(
                "allowed: {port}/{} is a published port of {container}. Docker's DNAT made this a forwarded packet, and DOCKER-FORWARD accepted it before ufw's chains: ufw's port rules are in INPUT, which it never crosses.{also}",
                proto.name()
            ),
            hint: Some(format!(
                "to filter a published port, add a rule to DOCKER-USER (iptables -I DOCKER-USER -i eth0 -p {} -m conntrack --ctorigdstport {host_port} -j DROP) or publish it on 127.0.0.1 only (-p 127.0.0.1:{host_port}:{port})",
                proto.name()
            )),
        }
    }

    /// A ufw chain's decision in ufw's words, or None for other chains.
    fn ufw_note(&self, r: &Rule, spec: &str, d: Decision) -> Option<Note<'e>> {
        let v = self.v;
        let ufw = &v.engine.firewall().ufw;
        let chain = v.rules.chain_name(r.table, r.chain);
        if !chain.starts_with("ufw-") {
            return None;
        }
        let verb = match d {
            Decision::Accept => "accepted",
            Decision::Reject => "rejected",
            _ => "dropped",
        };
        let dir = |c: &str| {
            if c.ends_with("output") {
                "outgoing"
            } else if c.ends_with("forward") {
                "routed"
            } else {
                "incoming"
            }
        };
        if let Some(u) = ufw.rule_of(spec) {
            let shown = if u.forward {
                "FWD"
            } else if u.direction == "out" {
                "OUT"
            } else {
                "IN"
            };
            let hint = (d != Decision::Accept).then(|| {
                format!("to let it through, delete the ufw rule (sudo ufw delete {}) or insert an allow rule above it (sudo ufw insert 1 allow …)", u.command)
            });
            return Some(Note::Text {
                reason: format!(
                    "{verb} by the ufw rule '{}' ({} {shown}), installed as: {spec}",
                    u.command,
                    u.action.to_ascii_uppercase()
                ),
                hint,
            });
        }
        if chain.starts_with("ufw-skip-to-policy-") || chain.starts_with("ufw-reject-") {
            let direction = dir(chain);
            let policy = match direction {
                "outgoing" => &ufw.outgoing,
                "routed" => &ufw.routed,
                _ => &ufw.incoming,
            };
            return Some(Note::Text {
                reason: format!("{verb} by ufw's default {direction} policy ({policy}): {spec}"),
                hint: (d != Decision::Accept).then(|| format!("allow it with a ufw rule (sudo ufw {}allow …) or change the default (sudo ufw default allow {direction})", if direction == "routed" { "route " } else { "" })),
            });
        }
        let file = if chain.starts_with("ufw-before-") || chain == "ufw-not-local" {
            "/etc/ufw/before.rules"
        } else if chain.starts_with("ufw-after-") {
            "/etc/ufw/after.rules"
        } else if chain.starts_with("ufw-user-") {
            "/etc/ufw/user.rules"
        } else {
            "ufw-init"
        };
        Some(Note::Text {
            reason: format!("{verb} by ufw ({file}): {spec}"),
            hint: None,
        })
    }

    /// The note of a decision the learner's rules (or policies) made.
    pub(super) fn learner_note(&self, rule: Option<&Rule>, d: Decision, hook: &str) -> Note<'e> {
        let v = self.v;
        match rule {
            Some(r) => {
                let spec = r.spec(v);
                if let Some(n) = self.ufw_note(r, &spec, d) {
                    return n;
                }
                let chain = v.rules.chain_name(r.table, r.chain).to_string();
                let n = v
                    .rules
                    .rules(r.table, r.chain)
                    .iter()
                    .position(|x| std::ptr::eq(x, r))
                    .map_or(1, |k| k + 1);
                match d {
                    Decision::Accept => Note::Text {
                        reason: format!("accepted by a rule you added: {spec}"),
                        hint: None,
                    },
                    Decision::Reject => Note::Text {
                        reason: format!("rejected by a rule you added: {spec}; the host answers the sender with an error"),
                        hint: Some(format!("to let it through, delete that rule (iptables -D {chain} {n}) or insert an ACCEPT rule above it")),
                    },
                    _ => Note::Text {
                        reason: format!("dropped by a rule you added: {spec}"),
                        hint: Some(format!("to let it through, delete that rule (iptables -D {chain} {n}) or insert an ACCEPT rule above it")),
                    },
                }
            }
            None => {
                let policy = v.rules.policy(
                    Table::Filter,
                    match hook {
                        "INPUT" => Chain::Input,
                        "OUTPUT" => Chain::Output,
                        _ => Chain::Forward,
                    },
                );
                let ufw = &v.engine.firewall().ufw;
                if ufw.enabled && policy == "DROP" {
                    let (direction, p, route) = match hook {
                        "INPUT" => ("incoming", &ufw.incoming, ""),
                        "OUTPUT" => ("outgoing", &ufw.outgoing, "allow out "),
                        _ => ("routed", &ufw.routed, "route "),
                    };
                    let route = route.trim_end_matches("allow out ");
                    let verb = if hook == "OUTPUT" {
                        "allow out"
                    } else {
                        "allow"
                    };
                    return Note::Text {
                        reason: format!("no ufw rule allowed it, and ufw's default {direction} policy is {p}: the {hook} chain's policy is DROP"),
                        hint: Some(format!("allow it with ufw (sudo ufw {route}{verb} PORT/PROTO), or change the default (sudo ufw default allow {direction})")),
                    };
                }
                Note::Text {
                    reason: format!("no rule accepted it, and the {hook} chain's policy is {policy}"),
                    hint: Some(format!("list the chain (iptables -S {hook}) and accept this traffic with a rule, or set the policy: iptables -P {hook} ACCEPT")),
                }
            }
        }
    }

    pub(super) fn filter_note(
        &self,
        rule: Option<&Rule>,
        accept: bool,
        hdr: &Hdr,
        same_bridge: bool,
    ) -> Note<'e> {
        let v = self.v;
        let net = |b: usize| -> &'e str { &v.bridges[b].net.name };
        let Some(rule) = rule else {
            return if accept {
                Note::Allowed(Allowed::Policy)
            } else {
                Note::ForwardPolicy
            };
        };
        match rule.origin {
            Origin::Published { container, binding } => {
                let c = &v.engine.containers()[container];
                let b = &c.bindings[binding];
                Note::Allowed(Allowed::Published {
                    container: &c.name,
                    port: b.container_port,
                    proto: b.proto.into(),
                })
            }
            Origin::Egress { bridge } if same_bridge => Note::Allowed(Allowed::SameNetworkOrOut {
                network: net(bridge),
            }),
            Origin::Egress { bridge } => Note::Allowed(Allowed::Egress {
                network: net(bridge),
            }),
            Origin::Icc { bridge } if accept => Note::Allowed(Allowed::SameNetwork {
                network: net(bridge),
            }),
            Origin::Icc { bridge } => Note::IccDisabled {
                network: net(bridge),
            },
            Origin::Conntrack { .. } => Note::Allowed(Allowed::Reply),
            Origin::Internal { bridge } => Note::Internal {
                network: net(bridge),
                leaving: rule.in_if.is_some(),
            },
            Origin::DefaultDrop { bridge } => {
                let container = v.by_ip.get(&hdr.dst).map(|(ns, _)| v.netns[*ns].name());
                Note::DefaultDrop {
                    network: net(bridge),
                    container,
                    port: hdr.dport,
                    proto: hdr.l4,
                }
            }
            _ if accept => Note::Allowed(Allowed::Policy),
            _ => Note::ForwardPolicy,
        }
    }

    /// A packet entering the host's IP stack on `in_if` (PREROUTING).
    pub(super) fn host_in(
        &mut self,
        in_if: IfId,
        mut hdr: Hdr,
        ct: &mut Ct,
        est: bool,
    ) -> Moved<'e> {
        let v = self.v;
        // raw PREROUTING.
        let p = self.pkt(&hdr, Some(in_if), None, est);
        let raw = self.eval(Table::Raw, Chain::Prerouting, &p, &hdr);
        if raw.decision == Decision::Drop {
            let rule = self.rule(raw.rule);
            let came_in = v.if_name(in_if);
            let note = match rule.map(|r| r.origin) {
                Some(Origin::DirectAccess { ns, iface }) => {
                    let i = &v.netns[ns].ifaces[iface];
                    let br = &v.bridges[i.bridge];
                    Note::DirectAccess {
                        container: v.netns[ns].name(),
                        network: &br.net.name,
                        bridge: br.device(),
                        came_in,
                        sender: self.sender,
                    }
                }
                _ => Note::LoopbackPublished {
                    port: hdr.dport,
                    proto: hdr.l4,
                    came_in,
                },
            };
            let mut e = ev(
                Place::Netfilter {
                    table: "raw",
                    chain: "PREROUTING",
                },
                Action::Drop,
                hdr,
            );
            e.verdict = Verdict::Dropped;
            e.rule = rule;
            e.note = Some(note);
            self.emit(e);
            return Moved::Dropped;
        }
        if est {
            self.unnat(&mut hdr, ct);
        } else {
            let nat = self.eval(Table::Nat, Chain::Prerouting, &p, &hdr);
            self.dnat(&mut hdr, ct, nat.decision, nat.rule, "PREROUTING");
        }
        self.route_in(Some(in_if), hdr, ct, est)
    }

    /// A host-originated packet (OUTPUT).
    pub(super) fn host_out(&mut self, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        if !est {
            let p = self.pkt(&hdr, None, None, est);
            let nat = self.eval(Table::Nat, Chain::Output, &p, &hdr);
            self.dnat(&mut hdr, ct, nat.decision, nat.rule, "OUTPUT");
        }
        if let Some(stop) = self.output_filter(hdr, est) {
            return stop;
        }
        self.route_in(None, hdr, ct, est)
    }

    /// The filter OUTPUT chain, for packets the host sends. Docker puts
    /// nothing there: it is walked only once the learner (or ufw) changed it.
    fn output_filter(&mut self, hdr: Hdr, est: bool) -> Option<Moved<'e>> {
        let v = self.v;
        if !v.rules.has_learner() && v.rules.policy(Table::Filter, Chain::Output) == "ACCEPT" {
            return None;
        }
        let out_if = match route::host_route(v, hdr.dst).egress {
            Egress::Loopback => crate::net::view::IF_LO,
            Egress::Bridge(b) => v.bridges[b].ifid,
            _ => IF_ETH0,
        };
        let p = self.pkt(&hdr, None, Some(out_if), est);
        let verdict = self.eval(Table::Filter, Chain::Output, &p, &hdr);
        if verdict.decision == Decision::Accept {
            // The host's own packets going out: no hop unless stopped.
            return None;
        }
        let rule = self.rule(verdict.rule);
        let note = self.learner_note(rule, verdict.decision, "OUTPUT");
        let mut e = ev(
            Place::Netfilter {
                table: "filter",
                chain: "OUTPUT",
            },
            Action::Forward,
            hdr,
        );
        e.rule = rule;
        e.note = Some(note);
        Some(self.stopped(e, verdict.decision, hdr.src, rule))
    }

    pub(super) fn dnat(
        &mut self,
        hdr: &mut Hdr,
        ct: &mut Ct,
        d: Decision,
        rule: Option<RuleId>,
        hook: &'static str,
    ) {
        let Decision::Dnat(to) = d else { return };
        let before = *hdr;
        hdr.dst = *to.ip();
        hdr.dport = to.port();
        ct.dnat = Some((sa(before.dst, before.dport), to));
        let rule = self.rule(rule);
        let container = match rule.map(|r| r.origin) {
            Some(Origin::Published { container, .. }) => {
                self.v.engine.containers()[container].name.as_str()
            }
            _ => "a container",
        };
        let mut e = ev(
            Place::Netfilter {
                table: "nat",
                chain: hook,
            },
            Action::Dnat,
            before,
        );
        e.after = *hdr;
        e.rule = rule;
        e.note = Some(Note::Dnat {
            container,
            proto: before.l4,
            host_port: before.dport,
            to,
        });
        self.emit(e);
    }

    /// conntrack undoes NAT on a reply.
    pub(super) fn unnat(&mut self, hdr: &mut Hdr, ct: &mut Ct) {
        if let Some((orig, new)) = ct.snat {
            if hdr.dst == *new.ip() {
                let before = *hdr;
                hdr.dst = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.dport = orig.port();
                }
                let mut e = ev(Place::Conntrack, Action::Dnat, before);
                e.after = *hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.dst, hdr.dport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                ct.snat = None;
            }
        }
        if let Some((orig, new)) = ct.dnat {
            if hdr.src == *new.ip() {
                let before = *hdr;
                hdr.src = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.sport = orig.port();
                }
                let mut e = ev(Place::Conntrack, Action::Snat, before);
                e.after = *hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.src, hdr.sport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                ct.dnat = None;
            }
        }
    }

    /// The host's routing decision, then INPUT or FORWARD + POSTROUTING.
    pub(super) fn route_in(
        &mut self,
        in_if: Option<IfId>,
        mut hdr: Hdr,
        ct: &mut Ct,
        est: bool,
    ) -> Moved<'e> {
        let v = self.v;
        if est && in_if.is_none() {
            // A reply the host sends for a DNAT'ed local connection.
            self.unnat(&mut hdr, ct);
        }
        let rt = route::host_route(v, hdr.dst);
        let out_if: IfId = match rt.egress {
            Egress::Loopback => {
                if let Some(stop) = self.input_filter(
                    hdr,
                    in_if.unwrap_or(crate::net::view::IF_LO),
                    est,
                    ct.dnat.map(|(o, _)| o),
                ) {
                    return stop;
                }
                let iface = match in_if {
                    Some(i) => match v.bridges.iter().position(|b| b.ifid == i) {
                        Some(b) => Place::Bridge(b),
                        None => Place::Iface {
                            at: Stack::Host,
                            name: v.if_name(i),
                        },
                    },
                    None => Place::Iface {
                        at: Stack::Host,
                        name: "lo",
                    },
                };
                return Moved::Arrived {
                    at: Stack::Host,
                    hdr,
                    iface,
                };
            }
            Egress::Bridge(b) => v.bridges[b].ifid,
            _ => IF_ETH0,
        };
        if let Some(i) = in_if {
            let orig = ct.dnat.map(|(o, _)| o);
            if let Some(stop) = self.forward_filter(hdr, i, out_if, est, orig) {
                return stop;
            }
            self.ttl = self.ttl.saturating_sub(1);
        }
        if !est {
            let p = self.pkt(&hdr, in_if, Some(out_if), est);
            let post = self.eval(Table::Nat, Chain::Postrouting, &p, &hdr);
            if post.decision == Decision::Masquerade {
                let before = hdr;
                let to = if out_if == IF_ETH0 {
                    v.host_ip()
                } else {
                    rt.src
                };
                hdr.src = to;
                ct.snat = Some((sa(before.src, before.sport), sa(hdr.src, hdr.sport)));
                let rule = self.rule(post.rule);
                let network: &'e str = match rule.map(|r| r.origin) {
                    Some(Origin::Masquerade { bridge }) => &v.bridges[bridge].net.name,
                    _ => "the network",
                };
                let mut e = ev(
                    Place::Netfilter {
                        table: "nat",
                        chain: "POSTROUTING",
                    },
                    Action::Snat,
                    before,
                );
                e.after = hdr;
                e.rule = rule;
                e.note = Some(Note::Masquerade { network, to });
                self.emit(e);
            }
        }
        match rt.egress {
            Egress::Bridge(b) => self.bridge_out(b, hdr),
            _ => {
                self.emit(ev(HOST_ETH0, Action::Forward, hdr));
                self.lan_wire(Stack::Host, hdr, ct, est)
            }
        }
    }

    pub(super) fn bridge_out(&mut self, b: usize, hdr: Hdr) -> Moved<'e> {
        let v = self.v;
        self.emit(ev(Place::Bridge(b), Action::Forward, hdr));
        match v
            .by_ip
            .get(&hdr.dst)
            .filter(|(ns, i)| v.netns[*ns].ifaces[*i].bridge == b)
            .copied()
        {
            Some((ns, i)) => self.enter_ns(ns, i, hdr),
            None => self.no_such_host(hdr, b),
        }
    }

    /// On the LAN segment (192.168.1.0/24): the host, the laptop, the router.
    pub(super) fn lan_wire(
        &mut self,
        from: Stack,
        mut hdr: Hdr,
        ct: &mut Ct,
        est: bool,
    ) -> Moved<'e> {
        let v = self.v;
        let host = &v.engine.host;
        if hdr.dst == host.ip() && from != Stack::Host {
            self.emit(ev(HOST_ETH0, Action::Forward, hdr));
            return self.host_in(IF_ETH0, hdr, ct, est);
        }
        if hdr.dst == host.lan_peer && from != Stack::Lan {
            return Moved::Arrived {
                at: Stack::Lan,
                hdr,
                iface: Place::Iface {
                    at: Stack::Lan,
                    name: "eth0",
                },
            };
        }
        if hdr.dst == host.router {
            return Moved::Arrived {
                at: Stack::Router,
                hdr,
                iface: ROUTER,
            };
        }
        if in_net(&host.eth0, hdr.dst) {
            let mut e = ev(
                Place::Iface {
                    at: Stack::Lan,
                    name: "eth0",
                },
                Action::Drop,
                hdr,
            );
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::NoSuchHost {
                addr: hdr.dst,
                bridge: "the LAN",
            });
            self.emit(e);
            return Moved::NoHost;
        }
        // Off the LAN: the router.
        if !is_public(hdr.dst) {
            let mut e = ev(ROUTER, Action::Drop, hdr);
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::RouterNoRoute { dst: hdr.dst });
            self.emit(e);
            return Moved::Dropped;
        }
        let before = hdr;
        if !est {
            hdr.src = ROUTER_PUBLIC;
            ct.router = Some((sa(before.src, before.sport), sa(hdr.src, hdr.sport)));
        }
        let mut e = ev(ROUTER, Action::Snat, before);
        e.after = hdr;
        e.note = Some(Note::RouterNat);
        self.emit(e);
        self.ttl = self.ttl.saturating_sub(1);
        if internet_services(hdr.dst).is_none() && hdr.dst != INTERNET_CLIENT {
            let mut e = ev(
                Place::Iface {
                    at: Stack::Internet(hdr.dst),
                    name: "wan",
                },
                Action::Drop,
                hdr,
            );
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::NoInternetHost { dst: hdr.dst });
            self.emit(e);
            return Moved::Dropped;
        }
        Moved::Arrived {
            at: Stack::Internet(hdr.dst),
            hdr,
            iface: Place::Iface {
                at: Stack::Internet(hdr.dst),
                name: "wan",
            },
        }
    }

    /// A packet from the internet reaching the router's public address.
    pub(super) fn router_inbound(&mut self, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        if est {
            if let Some((orig, _)) = ct.router {
                let before = hdr;
                hdr.dst = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.dport = orig.port();
                }
                let mut e = ev(ROUTER, Action::Dnat, before);
                e.after = hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.dst, hdr.dport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                self.ttl = self.ttl.saturating_sub(1);
                return self.lan_wire(Stack::Router, hdr, ct, est);
            }
        }
        let mut e = ev(ROUTER, Action::Drop, hdr);
        e.verdict = Verdict::Dropped;
        e.note = Some(Note::RouterNoInbound);
        self.emit(e);
        Moved::Dropped
    }
}
