//! Step 1 of a walk: name resolution — /etc/hosts, Docker's embedded DNS
//! server (127.0.0.11) and its forwarding, and DNS queries over the network
//! to the LAN router or a public resolver.

use super::*;

impl<'v, 'e, 't> W<'v, 'e, 't> {
    pub(super) fn resolve(
        &mut self,
        from: Stack,
        origin: Option<&Container>,
        name: &str,
        mode: Resolve,
        server: Option<Ipv4Addr>,
    ) -> Lookup {
        let v = self.v;
        if mode == Resolve::System && server.is_none() {
            if let Some(ip) = dns::hosts_lookup(v, from, origin, name) {
                self.pending = Some((name.to_string(), ip));
                return Lookup {
                    name: name.to_string(),
                    source: LookupSource::HostsFile,
                    answers: vec![ip],
                    rcode: None,
                    no_server: None,
                };
            }
        }
        let one;
        let servers: &[Ipv4Addr] = match server {
            Some(s) => {
                one = [s];
                &one
            }
            None => &dns::nameservers(v, from),
        };
        self.qname = name.to_string();
        let mut failure = Unreachable::Network;
        let mut timed_out = false;
        for &s in servers.iter().take(3) {
            let r = match from {
                Stack::Ns(ns) if s == EMBEDDED && v.netns[ns].embedded_dns => {
                    self.embedded(ns, name)
                }
                _ => self.dns_query(from, s, name, None),
            };
            match r {
                DnsResult::Answer(answers) => {
                    return Lookup {
                        name: name.to_string(),
                        source: LookupSource::Dns { server: s },
                        answers,
                        rcode: None,
                        no_server: None,
                    };
                }
                DnsResult::Error(rc) => {
                    return Lookup {
                        name: name.to_string(),
                        source: LookupSource::Dns { server: s },
                        answers: Vec::new(),
                        rcode: Some(rc),
                        no_server: None,
                    };
                }
                DnsResult::Failed(Outcome::Unreachable(u)) => failure = u,
                DnsResult::Failed(_) => timed_out = true,
            }
        }
        let first = servers.first().copied().unwrap_or(Ipv4Addr::UNSPECIFIED);
        let _ = timed_out;
        Lookup {
            name: name.to_string(),
            source: LookupSource::Dns { server: first },
            answers: Vec::new(),
            rcode: None,
            no_server: Some(failure),
        }
    }

    /// A question to Docker's embedded DNS server inside namespace `ns`.
    pub(super) fn embedded(&mut self, ns: usize, name: &str) -> DnsResult {
        let v = self.v;
        let node = v.netns[ns].name();
        let sport = self.eph();
        let q = Hdr {
            l4: L4::Udp,
            src: Ipv4Addr::LOCALHOST,
            sport,
            dst: EMBEDDED,
            dport: 53,
            info: Info::DnsQuery,
        };
        self.t.begin(&q, name);
        self.emit(ev(
            Place::Iface {
                at: Stack::Ns(ns),
                name: "lo",
            },
            Action::Send,
            q,
        ));
        let answer = dns::embedded_lookup(v, ns, name);
        let result = match answer {
            Embedded::Found { addrs, network } => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.note = Some(Note::EmbeddedAnswer { name, network });
                self.emit(e);
                self.t.end(Verdict::Delivered);
                DnsResult::Answer(dns::round_robin(addrs, name, self.round))
            }
            Embedded::ServFail => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.verdict = Verdict::Rejected;
                e.note = Some(Note::Text {
                    reason: format!(
                        "'{name}' is not a container name, and every network of {node} is --internal: Docker's embedded DNS server has nowhere to forward the query (SERVFAIL)"
                    ),
                    hint: Some(format!("internal networks have no way out, not even for DNS: connect {node} to a non-internal network to resolve outside names")),
                });
                self.emit(e);
                self.t.end(Verdict::Rejected);
                DnsResult::Error(Rcode::ServFail)
            }
            Embedded::Forward(ups) => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.note = Some(Note::EmbeddedForward {
                    name,
                    upstream: ups.first().copied().unwrap_or(Ipv4Addr::UNSPECIFIED),
                });
                self.emit(e);
                self.t.end(Verdict::Delivered);
                let mut r = DnsResult::Error(Rcode::ServFail);
                for up in ups.iter().take(3) {
                    r = self.dns_query(Stack::Host, *up, name, Some(DOCKERD));
                    if !matches!(r, DnsResult::Failed(_)) {
                        break;
                    }
                }
                match r {
                    DnsResult::Failed(_) => DnsResult::Error(Rcode::ServFail),
                    other => other,
                }
            }
        };
        // The answer back to the asker, over lo.
        let info = match &result {
            DnsResult::Answer(a) => Info::DnsAnswer(a.first().copied()),
            DnsResult::Error(rc) => Info::DnsError(*rc),
            DnsResult::Failed(_) => Info::DnsError(Rcode::ServFail),
        };
        let a = Hdr {
            l4: L4::Udp,
            src: EMBEDDED,
            sport: 53,
            dst: Ipv4Addr::LOCALHOST,
            dport: sport,
            info,
        };
        self.t.begin(&a, name);
        self.emit(ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Send, a));
        self.emit(ev(
            Place::Iface {
                at: Stack::Ns(ns),
                name: "lo",
            },
            Action::Deliver,
            a,
        ));
        self.t.end(Verdict::Delivered);
        result
    }

    /// A DNS query over the network to `server`.
    pub(super) fn dns_query(
        &mut self,
        from: Stack,
        server: Ipv4Addr,
        name: &str,
        send_iface: Option<Place<'static>>,
    ) -> DnsResult {
        let r = match self.exchange(from, L4::Udp, server, 53, Info::DnsQuery, send_iface) {
            Ok(r) => r,
            Err(o) => return DnsResult::Failed(o),
        };
        let v = self.v;
        let is_dns = match r.at {
            Stack::Router => true,
            Stack::Internet(ip) => internet_services(ip)
                .is_some_and(|s| s.iter().any(|(p, port, _)| *p == Proto::Udp && *port == 53)),
            _ => false,
        };
        if !is_dns {
            let mut e = ev(r.iface, Action::Reject, r.hdr);
            e.verdict = Verdict::Rejected;
            e.note = Some(Note::Text {
                reason: format!("no DNS server listens on {server}:53"),
                hint: Some("check the nameserver address".to_string()),
            });
            self.emit(e);
            self.t.end(Verdict::Rejected);
            self.reply(&r, Info::PortUnreachable);
            return DnsResult::Failed(Outcome::Refused);
        }
        let answer = dns::server_lookup(v, r.at, name);
        let server_label: &'static str = if r.at == Stack::Router {
            "the LAN router's DNS"
        } else {
            "the public DNS resolver"
        };
        let mut e = ev(r.iface, Action::Resolve, r.hdr);
        let info = match answer {
            Some(ip) => {
                e.note = Some(Note::DnsAnswer {
                    name,
                    server: server_label,
                });
                Info::DnsAnswer(Some(ip))
            }
            None => {
                e.verdict = Verdict::Rejected;
                e.note = Some(self.nx_note(name, server));
                Info::DnsError(Rcode::NxDomain)
            }
        };
        let verdict = e.verdict;
        self.emit(e);
        self.t.end(verdict);
        self.reply(&r, info);
        match answer {
            Some(ip) => DnsResult::Answer(vec![ip]),
            None => DnsResult::Error(Rcode::NxDomain),
        }
    }

    /// Why a name was not found, given who asked.
    pub(super) fn nx_note<'n>(&self, name: &'n str, server: Ipv4Addr) -> Note<'n>
    where
        'e: 'n,
    {
        let v = self.v;
        let known = dns::is_container_name(v, name);
        match self.origin {
            Stack::Ns(ns) if known && v.netns[ns].embedded_dns => {
                let asker = v.netns[ns].name();
                let network: &'e str = v
                    .names
                    .get(dns::norm(name).as_ref())
                    .copied()
                    .flatten()
                    .map_or("its network", |b| &v.bridges[b].net.name);
                Note::NotShared {
                    name,
                    asker,
                    network,
                    server,
                }
            }
            Stack::Ns(ns) if known => {
                let asker = v.netns[ns].name();
                Note::Text {
                    reason: cat(&[
                        "no DNS on the default bridge: containers there only know each other through /etc/hosts, and ",
                        &text::ip(server), " knows nothing about container '", name, "' (NXDOMAIN)",
                    ]),
                    hint: Some(cat(&["use a user-defined network: docker network create mynet, then docker network connect mynet ", asker, " (and the other container)"])),
                }
            }
            Stack::Host | Stack::Lan if known => Note::Text {
                reason: cat(&["'", name, "' is a container name, but this machine's resolver (", &text::ip(server), ") knows nothing about containers (NXDOMAIN)"]),
                hint: Some("use the container's IP address (docker inspect), or publish a port and use the host's address".to_string()),
            },
            _ => Note::Text { reason: cat(&[&text::ip(server), " has no address for '", name, "' (NXDOMAIN)"]), hint: Some("check the name".to_string()) },
        }
    }
}
