//! Step 3 of a walk: what takes the packet at its destination — a TCP
//! connection or a UDP datagram ([`Conn`] says how they differ), an ICMP
//! echo, the socket that listens (a process, docker-proxy, sshd, a service
//! of the LAN or the internet) or the reason none does.

use super::*;

impl<'v, 'e, 't> W<'v, 'e, 't> {
    /// docker-proxy takes what reached a published port: its hop, and the
    /// container address it forwards to (None when the container has no
    /// interface with a gateway to forward to).
    pub(super) fn proxy_hop(
        &mut self,
        r: &Reached<'e>,
        sock: &Socket<'e>,
        container: &'e Container,
        container_port: u16,
    ) -> Option<SocketAddrV4> {
        let ns = self.v.ns_of(&container.id)?;
        let to = sa(ns.ifaces[ns.gateway?].ip(), container_port);
        let mut e = ev(Place::DockerProxy, Action::Proxy, r.hdr);
        e.note = Some(Note::Proxy {
            container: &container.name,
            listen: sa(sock.addr, sock.port),
            to,
        });
        self.emit(e);
        self.t.end(Verdict::Delivered);
        Some(to)
    }

    /// A TCP connection or a UDP datagram to `dst:port`: the way there,
    /// who takes it (a process's socket, docker-proxy, a service of the
    /// LAN or the internet) and, for TCP, the SYN-ACK back.
    pub(super) fn connect(
        &mut self,
        c: Conn,
        from: Stack,
        dst: Ipv4Addr,
        port: u16,
        host_name: Option<String>,
        send_iface: Option<Place<'static>>,
    ) -> Outcome {
        let r = match self.exchange(from, c.l4, dst, port, c.first, send_iface) {
            Ok(r) => r,
            Err(o) => return o,
        };
        // TCP answers a SYN it accepts; a datagram gets no answer.
        let answered = |w: &mut Self| c.answer.is_none_or(|a| w.reply(&r, a));
        let server = match self.listener(&r) {
            Ok(Found::Sock(sock)) => match sock.owner {
                SockOwner::Proxy { container, binding } => {
                    let Some(to) = self.proxy_hop(&r, &sock, container, binding.container_port)
                    else {
                        return c.no_proxy_target();
                    };
                    if !answered(self) {
                        return Outcome::TimedOut;
                    }
                    // docker-proxy's own connection to the container.
                    return match self.connect(
                        c,
                        Stack::Host,
                        *to.ip(),
                        to.port(),
                        None,
                        Some(Place::DockerProxy),
                    ) {
                        Outcome::Connected { mut server } => {
                            server.via_proxy = true;
                            Outcome::Connected { server }
                        }
                        Outcome::TimedOut => Outcome::TimedOut,
                        _ => c.proxy_failed(),
                    };
                }
                _ => {
                    let server = self.accept(&r, sock, host_name);
                    self.deliver_note(&r, &server, Some(sock));
                    server
                }
            },
            Ok(Found::Service(service)) => {
                let server = Server {
                    node: self.text(self.node(r.at)),
                    container_id: None,
                    service,
                    local: sa(r.hdr.dst, r.hdr.dport),
                    peer: sa(r.hdr.src, r.hdr.sport),
                    via_proxy: false,
                    host_name,
                };
                self.deliver_note(&r, &server, None);
                server
            }
            Err(note) => {
                let mut e = ev(r.iface, Action::Reject, r.hdr);
                e.verdict = Verdict::Rejected;
                e.note = Some(note);
                self.emit(e);
                self.t.end(Verdict::Rejected);
                self.reply(&r, c.refused);
                return Outcome::Refused;
            }
        };
        if !answered(self) {
            return Outcome::TimedOut;
        }
        Outcome::Connected { server }
    }

    pub(super) fn echo(&mut self, from: Stack, dst: Ipv4Addr, seq: u16) -> Outcome {
        let r = match self.exchange(from, L4::Icmp, dst, 0, Info::EchoRequest(seq), None) {
            Ok(r) => r,
            Err(o) => return o,
        };
        let node = self.node(r.at);
        let mut e = ev(r.iface, Action::Deliver, r.hdr);
        e.note = Some(Note::Echo { node });
        self.emit(e);
        self.t.end(Verdict::Delivered);
        if !self.reply(&r, Info::EchoReply(seq)) {
            return Outcome::TimedOut;
        }
        let container_id = match r.at {
            Stack::Ns(ns) if self.details => Some(self.v.netns[ns].owner.id.clone()),
            _ => None,
        };
        Outcome::Connected {
            server: Server {
                node: self.text(node),
                container_id,
                service: Service::OTHER,
                local: sa(r.hdr.dst, 0),
                peer: sa(r.hdr.src, 0),
                via_proxy: false,
                host_name: None,
            },
        }
    }

    pub(super) fn accept(
        &self,
        r: &Reached<'e>,
        sock: Socket<'e>,
        host_name: Option<String>,
    ) -> Server {
        let (container_id, service) = match sock.owner {
            SockOwner::Process { container, service } => (Some(&container.id), service),
            SockOwner::Sshd => (None, Service::SSHD),
            SockOwner::Proxy { container, .. } => (Some(&container.id), Service::OTHER),
        };
        let container_id = container_id.filter(|_| self.details).cloned();
        Server {
            node: self.text(self.node(r.at)),
            container_id,
            service,
            local: sa(r.hdr.dst, r.hdr.dport),
            peer: sa(r.hdr.src, r.hdr.sport),
            via_proxy: false,
            host_name,
        }
    }

    pub(super) fn deliver_note(
        &mut self,
        r: &Reached<'e>,
        server: &Server,
        sock: Option<Socket<'e>>,
    ) {
        let node = self.node(r.at);
        let mut e = ev(r.iface, Action::Deliver, r.hdr);
        let socket = sock.map(|s| sa(s.addr, s.port)).unwrap_or(server.local);
        let container = match sock.map(|s| s.owner) {
            Some(SockOwner::Process { container, .. }) => Some(container.name.as_str()),
            _ => None,
        };
        e.note = Some(Note::Listening {
            node,
            service: server.service,
            socket,
            container,
        });
        self.emit(e);
        self.t.end(Verdict::Delivered);
    }

    // ----- sockets ----------------------------------------------------------

    pub(super) fn listener(&self, r: &Reached<'e>) -> Result<Found<'e>, Note<'e>> {
        let v = self.v;
        let h = &r.hdr;
        let Some(proto) = h.l4.proto() else {
            return Err(Note::Text {
                reason: "not a port protocol".into(),
                hint: None,
            });
        };
        let (dst, port) = (h.dst, h.dport);
        match r.at {
            Stack::Ns(ns) => {
                let n = &v.netns[ns];
                if dst == EMBEDDED && port == 53 && n.embedded_dns {
                    return Ok(Found::Service(Service::DNS));
                }
                if let Some(s) = n.sockets.iter().find(|s| s.accepts(proto, dst, port)) {
                    return Ok(Found::Sock(*s));
                }
                let name = n.name();
                if let Some(s) = n
                    .sockets
                    .iter()
                    .find(|s| s.proto == proto && s.port == port && s.addr.is_loopback())
                {
                    return Err(Note::Text {
                        reason: format!(
                            "the app listens on {}:{} inside the container, so only {name} itself can reach it, not via {dst}",
                            s.addr, port
                        ),
                        hint: Some("make the app listen on all addresses (0.0.0.0), e.g. python -m http.server --bind 0.0.0.0".to_string()),
                    });
                }
                if let Some(s) = n
                    .sockets
                    .iter()
                    .find(|s| s.port == port && s.proto != proto)
                {
                    return Err(Note::Text {
                        reason: format!(
                            "{name} listens on {port}/{}, not {port}/{}",
                            s.proto, proto
                        ),
                        hint: Some(format!("use {} instead", s.proto)),
                    });
                }
                let listening: Vec<String> = n
                    .sockets
                    .iter()
                    .map(|s| format!("{}/{}", s.port, s.proto))
                    .collect();
                let also = if listening.is_empty() {
                    String::new()
                } else {
                    format!(" (it listens on {})", listening.join(", "))
                };
                if let Some(note) = localhost_is_the_container(v, n, dst, port, proto) {
                    return Err(note);
                }
                let hint = if r.ct.dnat.is_some() {
                    "the published port points at a container port nothing listens on: check the CONTAINER side of -p HOST:CONTAINER".to_string()
                } else if listening.is_empty() {
                    format!("nothing listens in {name}: start a server in it, or check docker logs {name}")
                } else {
                    format!("connect to a port {name} listens on")
                };
                Err(Note::Text { reason: format!("nothing listens on port {port}/{proto} in {name}{also}: the kernel answers with a reset"), hint: Some(hint) })
            }
            Stack::Host => {
                if let Some(s) = v.host_sockets.iter().find(|s| s.accepts(proto, dst, port)) {
                    return Ok(Found::Sock(*s));
                }
                let proxies: Vec<&Socket> = v
                    .host_sockets
                    .iter()
                    .filter(|s| s.port == port && matches!(s.owner, SockOwner::Proxy { .. }))
                    .collect();
                if let Some(s) = proxies.iter().find(|s| s.proto == proto) {
                    let cport = match s.owner {
                        SockOwner::Proxy { binding, .. } => binding.container_port,
                        _ => port,
                    };
                    return Err(Note::Text {
                        reason: format!("port {port} is published on {} only: it is reachable from the host itself, not via {dst}", s.addr),
                        hint: Some(format!("publish on all addresses instead: -p {port}:{cport}")),
                    });
                }
                if let Some(s) = proxies.first() {
                    let cport = match s.owner {
                        SockOwner::Proxy { binding, .. } => binding.container_port,
                        _ => port,
                    };
                    return Err(Note::Text {
                        reason: format!(
                            "port {port}/{proto} is not published: only {port}/{} is",
                            s.proto
                        ),
                        hint: Some(format!("publish it too: -p {port}:{cport}/{proto}")),
                    });
                }
                Err(Note::Text {
                    reason: format!("nothing listens on {dst}:{port}/{proto}: no container publishes port {port} and no program on the host uses it"),
                    hint: Some(format!("publish a container port: docker run -p {port}:CONTAINERPORT …")),
                })
            }
            Stack::Lan => Err(Note::Text {
                reason: format!("nothing listens on the laptop's port {port}/{proto}"),
                hint: None,
            }),
            Stack::Router if port == 53 => Ok(Found::Service(Service::DNS)),
            Stack::Router => Err(Note::Text {
                reason: format!("the LAN router does not accept connections on {port}/{proto}"),
                hint: None,
            }),
            Stack::Internet(ip) => match internet_services(ip)
                .and_then(|s| s.iter().find(|(p, n, _)| *p == proto && *n == port))
            {
                Some((_, _, service)) => Ok(Found::Service(*service)),
                None => Err(Note::Text {
                    reason: format!("{ip} does not accept {proto} on port {port}"),
                    hint: None,
                }),
            },
        }
    }
}

pub(super) enum Found<'e> {
    Sock(Socket<'e>),
    Service(Service),
}

/// A classic mistake: inside a container, `localhost:8080` while the Docker
/// host publishes 8080. Loopback in a container is the container's own
/// network namespace, so the host's published port is not there. The fix
/// depends on where the publishing container is: by name on a user-defined
/// network both share; otherwise the host, through the gateway address or
/// `host.docker.internal` with `--add-host host.docker.internal:host-gateway`
/// (docker-reference.md §6.1 (11)).
fn localhost_is_the_container<'e>(
    v: &View<'e>,
    n: &crate::net::view::Netns<'e>,
    dst: Ipv4Addr,
    port: u16,
    proto: Proto,
) -> Option<Note<'e>> {
    if !dst.is_loopback() {
        return None;
    }
    let (publisher, binding) = v.host_sockets.iter().find_map(|s| match s.owner {
        SockOwner::Proxy { container, binding } if s.port == port && s.proto == proto => {
            Some((container, binding))
        }
        _ => None,
    })?;
    let name = n.name();
    let reason = format!(
        "nothing listens on port {port}/{proto} in {name}: inside a container, localhost is the container itself, not the Docker host, where {} publishes port {port}",
        publisher.name
    );
    let shared = v.ns_of(&publisher.id).and_then(|theirs| {
        n.ifaces.iter().find_map(|mine| {
            let net = v.bridges[mine.bridge].net;
            (net.is_user_defined() && theirs.ifaces.iter().any(|t| t.bridge == mine.bridge))
                .then_some(net.name.as_str())
        })
    });
    let hint = match shared {
        Some(net) => format!(
            "on their shared network {net}, use the container's name and its own port: {}:{}",
            publisher.name, binding.container_port
        ),
        None => {
            let gw = n
                .gateway
                .map(|g| v.bridges[n.ifaces[g].bridge].gateway.to_string());
            let via_gw = gw.map_or(String::new(), |g| {
                format!("the gateway address {g}:{port}, or ")
            });
            format!(
                "reach the host instead: {via_gw}host.docker.internal:{port} with --add-host host.docker.internal:host-gateway; or put both containers on one user-defined network and use {}:{}",
                publisher.name, binding.container_port
            )
        }
    };
    Some(Note::Text {
        reason,
        hint: Some(hint),
    })
}
