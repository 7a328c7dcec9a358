//! The host-port allocator: a model of moby's
//! `daemon/libnetwork/portallocator/portallocator.go` (E29) and of the retry
//! loop of the NAT port mapper (`portmappers/nat/mapper_linux.go`).
//!
//! Allocations are kept per (host address, protocol). The conflict rules are
//! moby's, not the kernel's: a request on a specific address must find the
//! port free in that address's map *and* in the wildcard map of its family
//! (0.0.0.0 or ::); a request on a wildcard must find it free in every map of
//! its family. IPv4 and IPv6 never conflict with each other.
//!
//! Automatic ports come from the ephemeral range (32768–60999, the Linux
//! `ip_local_port_range` default) or from a user range (`8000-9000:80`).
//! Each (address, protocol, range) has a cursor, `last`, that starts at the
//! range end: the search begins just after it and wraps, so the first port is
//! the range start and a port released in the meantime is not reused
//! immediately (reference §4.1 item 6).

use super::display::join_host_port;
use super::Proto;
use bridgeport_golib::sorted_map::SortedMap;
use bridgeport_golib::sorted_set::SortedSet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Start of the Linux default `net.ipv4.ip_local_port_range`.
pub const EPHEMERAL_PORT_START: u16 = 32768;
/// End of the Linux default `net.ipv4.ip_local_port_range`.
pub const EPHEMERAL_PORT_END: u16 = 60999;

/// How many times the NAT port mapper tries a new port when binding the
/// chosen one fails (`maxAllocatePortAttempts`).
const MAX_ALLOCATE_PORT_ATTEMPTS: usize = 10;

const IPV4_ANY: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
const IPV6_ANY: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

/// Why a host port could not be had. `Display` gives Docker's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortError {
    /// `Bind for 0.0.0.0:8080 failed: port is already allocated`. The address
    /// is the map where the port was found taken, printed without brackets
    /// (moby formats `%s:%d`), so IPv6 gives `Bind for :::8080 failed…`.
    AlreadyAllocated { ip: IpAddr, port: u16 },
    /// `all ports are allocated`: nothing free in the range.
    AllPortsAllocated,
    /// `invalid port range: 0-5`: a range with a zero end or end < start.
    InvalidRange { start: u16, end: u16 },
    /// `no IP addresses specified`: a request for no address at all.
    NoAddresses,
    /// `failed to bind host port 0.0.0.0:8080/tcp: address already in use`
    /// (E ≥ 28): the allocator had the port but a non-Docker process holds
    /// it. Only [`PortAllocator::request_and_bind`] returns it.
    HostPortInUse { ip: IpAddr, port: u16, proto: Proto },
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortError::AlreadyAllocated { ip, port } => {
                write!(f, "Bind for {ip}:{port} failed: port is already allocated")
            }
            PortError::AllPortsAllocated => f.write_str("all ports are allocated"),
            PortError::InvalidRange { start, end } => {
                write!(f, "invalid port range: {start}-{end}")
            }
            PortError::NoAddresses => f.write_str("no IP addresses specified"),
            PortError::HostPortInUse { ip, port, proto } => write!(
                f,
                "failed to bind host port {}/{proto}: address already in use",
                join_host_port(ip, *port)
            ),
        }
    }
}

impl std::error::Error for PortError {}

/// The host ports Docker has handed out. Serde-able so it can live in a
/// snapshot; `Default` is the Linux default ephemeral range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortAllocator {
    begin: u16,
    end: u16,
    /// `ip_local_reserved_ports`: skipped by automatic allocation only.
    #[serde(default)]
    reserved: SortedSet<u16>,
    /// One map per (address, protocol) ever requested, in (address, protocol)
    /// order. Like moby, maps are never removed (their cursors persist).
    #[serde(default)]
    maps: Vec<PortMap>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PortMap {
    ip: IpAddr,
    proto: Proto,
    allocated: SortedSet<u16>,
    cursors: Vec<RangeCursor>,
}

/// moby's `portRange`: the last port handed out from `begin..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct RangeCursor {
    begin: u16,
    end: u16,
    last: u16,
}

impl Default for PortAllocator {
    fn default() -> Self {
        PortAllocator::new()
    }
}

impl PortAllocator {
    /// An empty allocator with the Linux default ephemeral range.
    pub fn new() -> Self {
        PortAllocator::with_range(EPHEMERAL_PORT_START, EPHEMERAL_PORT_END)
    }

    /// An empty allocator with another ephemeral range (e.g. moby's fallback
    /// 49153–65535 when `ip_local_port_range` is unreadable). An unusable range
    /// (zero start, or start after end) falls back to the Linux default.
    pub fn with_range(begin: u16, end: u16) -> Self {
        let (begin, end) = if begin == 0 || begin > end {
            (EPHEMERAL_PORT_START, EPHEMERAL_PORT_END)
        } else {
            (begin, end)
        };
        PortAllocator {
            begin,
            end,
            reserved: SortedSet::new(),
            maps: Vec::new(),
        }
    }

    /// The ephemeral range, inclusive.
    pub fn ephemeral_range(&self) -> (u16, u16) {
        (self.begin, self.end)
    }

    /// Sets `ip_local_reserved_ports`: ports automatic allocation skips.
    /// Explicit ports and explicit ranges may still use them, as in moby.
    pub fn set_reserved(&mut self, ports: impl IntoIterator<Item = u16>) {
        self.reserved = ports.into_iter().collect();
    }

    /// Requests a port on one address. `host_ports` is `None` or `Some((0, 0))`
    /// for an ephemeral port, `Some((p, p))` for exactly `p`, `Some((a, b))`
    /// for the first free port after the range's cursor.
    pub fn request(
        &mut self,
        ip: IpAddr,
        proto: Proto,
        host_ports: Option<(u16, u16)>,
    ) -> Result<u16, PortError> {
        self.request_many(&[ip], proto, host_ports)
    }

    /// The default binding of a spec without a host IP on a dual-stack host:
    /// 0.0.0.0 and :: with the *same* port (`needSamePort`, E ≥ 27). IPv4 is
    /// checked first, so a taken fixed port is reported as
    /// `Bind for 0.0.0.0:P failed…` whenever 0.0.0.0 holds it (E29 picks the
    /// address at random, from Go map order).
    pub fn request_dual_stack(
        &mut self,
        proto: Proto,
        host_ports: Option<(u16, u16)>,
    ) -> Result<u16, PortError> {
        self.request_pair(IPV4_ANY, IPV6_ANY, proto, host_ports)
    }

    /// One port shared by an IPv4 and an IPv6 binding of the same spec
    /// (`needSamePort`), e.g. 0.0.0.0 and ::. Same as
    /// `request_many(&[v4, v6], …)`: all-or-nothing, ephemeral search from
    /// the IPv4 address's cursor.
    pub fn request_pair(
        &mut self,
        v4: IpAddr,
        v6: IpAddr,
        proto: Proto,
        host_ports: Option<(u16, u16)>,
    ) -> Result<u16, PortError> {
        self.request_many(&[v4, v6], proto, host_ports)
    }

    /// moby's `RequestPortsInRange`: one port, free for every address in
    /// `ips`, allocated on all of them or on none. The ephemeral search starts
    /// after the cursor of the *first* address. Conflicts are reported for the
    /// lowest address (IPv4 before IPv6) holding the port.
    pub fn request_many(
        &mut self,
        ips: &[IpAddr],
        proto: Proto,
        host_ports: Option<(u16, u16)>,
    ) -> Result<u16, PortError> {
        let (start, end) = host_ports.unwrap_or((0, 0));
        if (start != 0 || end != 0) && (start == 0 || end == 0 || end < start) {
            return Err(PortError::InvalidRange { start, end });
        }
        let Some(&first) = ips.first() else {
            return Err(PortError::NoAddresses);
        };
        let first = unmap(first);
        let check = self.maps_to_check(ips, proto);

        if start > 0 && start == end {
            if let Some(&ip) = check
                .keys()
                .find(|&&ip| self.is_allocated(ip, proto, start))
            {
                return Err(PortError::AlreadyAllocated { ip, port: start });
            }
            for (&ip, _) in check.iter().filter(|(_, allocate)| **allocate) {
                self.map_mut(ip, proto).allocated.insert(start);
            }
            return Ok(start);
        }

        let automatic = start == 0;
        let (begin, end) = if automatic {
            (self.begin, self.end)
        } else {
            (start, end)
        };
        let mut port = u32::from(self.cursor_last(first, proto, begin, end));
        let span = u32::from(end)
            .checked_sub(u32::from(begin))
            .map_or(0, |d| d + 1);
        for _ in 0..span {
            port += 1;
            if port > u32::from(end) {
                port = u32::from(begin);
            }
            let Ok(candidate) = u16::try_from(port) else {
                continue;
            };
            if automatic && self.reserved.contains(&candidate) {
                continue;
            }
            if check
                .keys()
                .any(|&ip| self.is_allocated(ip, proto, candidate))
            {
                continue;
            }
            for (&ip, _) in check.iter().filter(|(_, allocate)| **allocate) {
                let map = self.map_mut(ip, proto);
                map.allocated.insert(candidate);
                map.set_cursor(begin, end, candidate);
            }
            return Ok(candidate);
        }
        Err(PortError::AllPortsAllocated)
    }

    /// The NAT port mapper's loop around [`request_many`](Self::request_many):
    /// allocate, then "bind" each address in order; `host_busy(ip, proto,
    /// port)` says whether a non-Docker process makes that bind fail. On a
    /// bind failure every address is released (the cursor keeps its advance)
    /// and, unless the port was fixed, the allocation is retried, up to ten
    /// attempts; the last error is returned.
    pub fn request_and_bind(
        &mut self,
        ips: &[IpAddr],
        proto: Proto,
        host_ports: Option<(u16, u16)>,
        host_busy: impl Fn(IpAddr, Proto, u16) -> bool,
    ) -> Result<u16, PortError> {
        let fixed = matches!(host_ports, Some((a, b)) if a != 0 && a == b);
        let mut last_err = PortError::AllPortsAllocated;
        for _ in 0..MAX_ALLOCATE_PORT_ATTEMPTS {
            let port = self.request_many(ips, proto, host_ports)?;
            match ips
                .iter()
                .map(|&ip| unmap(ip))
                .find(|&ip| host_busy(ip, proto, port))
            {
                None => return Ok(port),
                Some(ip) => {
                    self.release_many(ips, proto, port);
                    last_err = PortError::HostPortInUse { ip, port, proto };
                    if fixed {
                        break;
                    }
                }
            }
        }
        Err(last_err)
    }

    /// Releases `port` on one address (moby `ReleasePort`). Unknown
    /// addresses and ports are ignored.
    pub fn release(&mut self, ip: IpAddr, proto: Proto, port: u16) {
        let ip = unmap(ip);
        if let Some(map) = self
            .maps
            .iter_mut()
            .find(|m| m.ip == ip && m.proto == proto)
        {
            map.allocated.remove(&port);
        }
    }

    /// Releases `port` on each address, the inverse of `request_many`.
    pub fn release_many(&mut self, ips: &[IpAddr], proto: Proto, port: u16) {
        for &ip in ips {
            self.release(ip, proto, port);
        }
    }

    /// Forgets every allocation and cursor (moby `ReleaseAll`); the range and
    /// reserved ports stay.
    pub fn release_all(&mut self) {
        self.maps.clear();
    }

    /// Whether `port` is allocated in exactly this address's map (a port held
    /// on 0.0.0.0 is not "allocated" on 127.0.0.1, it only blocks it).
    pub fn is_allocated(&self, ip: IpAddr, proto: Proto, port: u16) -> bool {
        let ip = unmap(ip);
        self.maps
            .iter()
            .any(|m| m.ip == ip && m.proto == proto && m.allocated.contains(&port))
    }

    /// Every allocation, sorted by address, protocol, port.
    pub fn allocations(&self) -> Vec<(IpAddr, Proto, u16)> {
        let mut out: Vec<(IpAddr, Proto, u16)> = self
            .maps
            .iter()
            .flat_map(|m| m.allocated.iter().map(move |&p| (m.ip, m.proto, p)))
            .collect();
        crate::sort::sort(&mut out);
        out
    }

    /// The maps a request must find free, each flagged with whether it gets
    /// the port. Sorted (IPv4 first, wildcard first within a family), which
    /// fixes the address named in a conflict error.
    fn maps_to_check(&self, ips: &[IpAddr], proto: Proto) -> SortedMap<IpAddr, bool> {
        // The first flag given for an address stays (`or_insert`).
        let mut check: SortedMap<IpAddr, bool> = SortedMap::new();
        for &ip in ips {
            check.entry(unmap(ip)).or_insert(true);
        }
        let has4 = check.keys().any(IpAddr::is_ipv4);
        let has6 = check.keys().any(IpAddr::is_ipv6);
        for any in [IPV4_ANY, IPV6_ANY] {
            if check.contains_key(&any) {
                // A wildcard needs the port free on every address of its family.
                for map in self
                    .maps
                    .iter()
                    .filter(|m| m.proto == proto && m.ip.is_ipv4() == any.is_ipv4())
                {
                    check.entry(map.ip).or_insert(false);
                }
            } else if (any.is_ipv4() && has4) || (any.is_ipv6() && has6) {
                // A specific address also needs it free on its family's wildcard.
                check.entry(any).or_insert(false);
            }
        }
        check
    }

    fn cursor_last(&self, ip: IpAddr, proto: Proto, begin: u16, end: u16) -> u16 {
        self.maps
            .iter()
            .find(|m| m.ip == ip && m.proto == proto)
            .and_then(|m| m.cursors.iter().find(|c| c.begin == begin && c.end == end))
            .map_or(end, |c| c.last)
    }

    fn map_mut(&mut self, ip: IpAddr, proto: Proto) -> &mut PortMap {
        let index = match self
            .maps
            .iter()
            .position(|m| m.ip == ip && m.proto == proto)
        {
            Some(i) => i,
            None => {
                let at = self.maps.partition_point(|m| (m.ip, m.proto) < (ip, proto));
                self.maps.insert(
                    at,
                    PortMap {
                        ip,
                        proto,
                        allocated: SortedSet::new(),
                        cursors: Vec::new(),
                    },
                );
                at
            }
        };
        &mut self.maps[index]
    }
}

impl PortMap {
    fn set_cursor(&mut self, begin: u16, end: u16, last: u16) {
        match self
            .cursors
            .iter_mut()
            .find(|c| c.begin == begin && c.end == end)
        {
            Some(c) => c.last = last,
            None => self.cursors.push(RangeCursor { begin, end, last }),
        }
    }
}

/// `netip.Addr.Unmap`: an IPv4-mapped IPv6 address is its IPv4 address.
fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    const TCP: Proto = Proto::Tcp;
    const UDP: Proto = Proto::Udp;

    /// One step of an allocator scenario. Addresses are written as a
    /// comma-separated list; `dual` is 0.0.0.0 and ::.
    enum Op {
        Req(
            &'static str,
            Proto,
            Option<(u16, u16)>,
            Result<u16, &'static str>,
        ),
        Rel(&'static str, Proto, u16),
    }
    use Op::{Rel, Req};

    fn addrs(list: &str) -> Vec<IpAddr> {
        if list == "dual" {
            return vec![IPV4_ANY, IPV6_ANY];
        }
        list.split(',').filter_map(|s| s.parse().ok()).collect()
    }

    fn run(name: &str, alloc: &mut PortAllocator, ops: &[Op]) {
        for (step, op) in ops.iter().enumerate() {
            match op {
                Req(ips, proto, range, expected) => {
                    let got = alloc
                        .request_many(&addrs(ips), *proto, *range)
                        .map_err(|e| e.to_string());
                    assert_eq!(
                        got,
                        expected.map_err(str::to_string),
                        "{name}, step {step}: request {ips} {proto} {range:?}"
                    );
                }
                Rel(ips, proto, port) => alloc.release_many(&addrs(ips), *proto, *port),
            }
        }
    }

    #[test]
    fn allocator_scenarios() {
        let bind = |ip: &'static str| -> Result<u16, &'static str> {
            match ip {
                "0.0.0.0" => Err("Bind for 0.0.0.0:8080 failed: port is already allocated"),
                "127.0.0.1" => Err("Bind for 127.0.0.1:8080 failed: port is already allocated"),
                _ => Err("Bind for :::8080 failed: port is already allocated"),
            }
        };
        let all = Err("all ports are allocated");
        let scenarios: Vec<(&str, Vec<Op>)> = vec![
            (
                "ephemeral sequence (-P twice)",
                vec![
                    Req("dual", TCP, None, Ok(32768)),
                    Req("dual", TCP, None, Ok(32769)),
                ],
            ),
            (
                "a freed port is not reused immediately",
                vec![
                    Req("dual", TCP, None, Ok(32768)),
                    Rel("dual", TCP, 32768),
                    Req("dual", TCP, None, Ok(32769)),
                    Req("dual", TCP, Some((0, 0)), Ok(32770)),
                ],
            ),
            (
                "-p 9090-9092:80 three times, then exhausted, then wraps to a freed port",
                vec![
                    Req("dual", TCP, Some((9090, 9092)), Ok(9090)),
                    Req("dual", TCP, Some((9090, 9092)), Ok(9091)),
                    Req("dual", TCP, Some((9090, 9092)), Ok(9092)),
                    Req("dual", TCP, Some((9090, 9092)), all),
                    Rel("dual", TCP, 9091),
                    Req("dual", TCP, Some((9090, 9092)), Ok(9091)),
                ],
            ),
            (
                "range skips a fixed port taken earlier",
                vec![
                    Req("dual", TCP, Some((9090, 9090)), Ok(9090)),
                    Req("dual", TCP, Some((9090, 9092)), Ok(9091)),
                ],
            ),
            (
                "fixed port twice names 0.0.0.0",
                vec![
                    Req("dual", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("dual", TCP, Some((8080, 8080)), bind("0.0.0.0")),
                ],
            ),
            (
                "wildcard blocks specific addresses of its family only",
                vec![
                    Req("dual", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("127.0.0.1", TCP, Some((8080, 8080)), bind("0.0.0.0")),
                    Req("::1", TCP, Some((8080, 8080)), bind("::")),
                    Req("127.0.0.1", UDP, Some((8080, 8080)), Ok(8080)),
                    Rel("dual", TCP, 8080),
                    Req("127.0.0.1", TCP, Some((8080, 8080)), Ok(8080)),
                ],
            ),
            (
                "specific address blocks the wildcard, not other addresses",
                vec![
                    Req("127.0.0.1", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("0.0.0.0", TCP, Some((8080, 8080)), bind("127.0.0.1")),
                    Req("127.0.0.2", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("dual", TCP, Some((8080, 8080)), bind("127.0.0.1")),
                    Req("::", TCP, Some((8080, 8080)), Ok(8080)),
                ],
            ),
            (
                "IPv6 holder is named when IPv4 is free",
                vec![
                    Req("::", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("dual", TCP, Some((8080, 8080)), bind("::")),
                    Req("0.0.0.0", TCP, Some((8080, 8080)), Ok(8080)),
                ],
            ),
            (
                "same-port pair skips a port taken on one family",
                vec![
                    Req("::", TCP, None, Ok(32768)),
                    Req("dual", TCP, None, Ok(32769)),
                    Req("::", TCP, None, Ok(32770)),
                ],
            ),
            (
                "specific-address cursor starts fresh but respects the wildcard",
                vec![
                    Req("dual", TCP, None, Ok(32768)),
                    Req("127.0.0.1", TCP, None, Ok(32769)),
                ],
            ),
            (
                "protocols are independent",
                vec![
                    Req("dual", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("dual", UDP, Some((8080, 8080)), Ok(8080)),
                    Req("dual", Proto::Sctp, Some((8080, 8080)), Ok(8080)),
                    Req("dual", UDP, None, Ok(32768)),
                    Req("dual", TCP, None, Ok(32768)),
                ],
            ),
            (
                "IPv4-mapped IPv6 is its IPv4 address",
                vec![
                    Req("::ffff:127.0.0.1", TCP, Some((8080, 8080)), Ok(8080)),
                    Req("127.0.0.1", TCP, Some((8080, 8080)), bind("127.0.0.1")),
                ],
            ),
            (
                "invalid ranges and no addresses",
                vec![
                    Req("dual", TCP, Some((0, 5)), Err("invalid port range: 0-5")),
                    Req("dual", TCP, Some((5, 0)), Err("invalid port range: 5-0")),
                    Req("dual", TCP, Some((9, 3)), Err("invalid port range: 9-3")),
                    Req("", TCP, None, Err("no IP addresses specified")),
                ],
            ),
        ];
        for (name, ops) in &scenarios {
            run(name, &mut PortAllocator::new(), ops);
        }
    }

    #[test]
    fn allocator_range_settings() {
        let all = Err("all ports are allocated");
        let mut small = PortAllocator::with_range(100, 101);
        run(
            "ephemeral range exhaustion",
            &mut small,
            &[
                Req("dual", TCP, None, Ok(100)),
                Req("dual", TCP, None, Ok(101)),
                Req("dual", TCP, None, all),
            ],
        );
        let mut reserved = PortAllocator::new();
        reserved.set_reserved([32768, 32769]);
        run(
            "reserved ports are skipped by automatic allocation only",
            &mut reserved,
            &[
                Req("dual", TCP, None, Ok(32770)),
                Req("dual", TCP, Some((32768, 32768)), Ok(32768)),
                Req("dual", TCP, Some((32769, 32771)), Ok(32769)),
            ],
        );
        // (with_range arguments, resulting ephemeral range)
        type RangeCase = ((u16, u16), (u16, u16));
        let cases: &[RangeCase] = &[
            ((49153, 65535), (49153, 65535)),
            ((0, 10), (EPHEMERAL_PORT_START, EPHEMERAL_PORT_END)),
            ((10, 9), (EPHEMERAL_PORT_START, EPHEMERAL_PORT_END)),
        ];
        for &((b, e), expected) in cases {
            assert_eq!(
                PortAllocator::with_range(b, e).ephemeral_range(),
                expected,
                "with_range({b}, {e})"
            );
        }
        let mut top = PortAllocator::with_range(65534, 65535);
        run(
            "range ending at 65535 wraps without overflow",
            &mut top,
            &[
                Req("dual", TCP, None, Ok(65534)),
                Req("dual", TCP, None, Ok(65535)),
                Rel("dual", TCP, 65534),
                Req("dual", TCP, None, Ok(65534)),
            ],
        );
        let mut reset = PortAllocator::new();
        run(
            "before release_all",
            &mut reset,
            &[Req("dual", TCP, None, Ok(32768))],
        );
        reset.release_all();
        run(
            "after release_all",
            &mut reset,
            &[Req("dual", TCP, None, Ok(32768))],
        );
    }

    #[test]
    fn allocator_bind_retries() {
        let v4 = IPV4_ANY;
        let v6 = IPV6_ANY;
        // (name, busy host sockets, request range, expected, allocations left)
        type Case = (
            &'static str,
            Vec<(IpAddr, u16)>,
            Option<(u16, u16)>,
            Result<u16, &'static str>,
            usize,
        );
        let cases: Vec<Case> = vec![
            ("nothing busy", vec![], None, Ok(32768), 2),
            (
                "ephemeral retries past a busy port",
                vec![(v4, 32768)],
                None,
                Ok(32769),
                2,
            ),
            (
                "fixed port busy on 0.0.0.0",
                vec![(v4, 8080)],
                Some((8080, 8080)),
                Err("failed to bind host port 0.0.0.0:8080/tcp: address already in use"),
                0,
            ),
            (
                "fixed port busy on :: only releases the IPv4 half too",
                vec![(v6, 8080)],
                Some((8080, 8080)),
                Err("failed to bind host port [::]:8080/tcp: address already in use"),
                0,
            ),
            (
                "nine busy ports",
                (32768..32777).map(|p| (v4, p)).collect(),
                None,
                Ok(32777),
                2,
            ),
            (
                "ten busy ports exhaust the attempts",
                (32768..32778).map(|p| (v4, p)).collect(),
                None,
                Err("failed to bind host port 0.0.0.0:32777/tcp: address already in use"),
                0,
            ),
        ];
        for (name, busy, range, expected, left) in cases {
            let mut alloc = PortAllocator::new();
            let got = alloc
                .request_and_bind(&[v4, v6], TCP, range, |ip, _, port| {
                    busy.contains(&(ip, port))
                })
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_string), "{name}");
            assert_eq!(alloc.allocations().len(), left, "{name}: allocations left");
        }
    }

    #[test]
    fn allocator_serde_round_trip() {
        let mut alloc = PortAllocator::new();
        let _ = alloc.request_dual_stack(TCP, None);
        let _ = alloc.request("127.0.0.1".parse().unwrap_or(IPV4_ANY), UDP, Some((53, 53)));
        let json = serde_json::to_string(&alloc).unwrap_or_default();
        let back: Option<PortAllocator> = serde_json::from_str(&json).ok();
        assert_eq!(back.as_ref(), Some(&alloc), "round trip of {json}");
        // The cursor survives: the next ephemeral port continues the sequence.
        let mut back = back.unwrap_or_default();
        assert_eq!(
            back.request_dual_stack(TCP, None),
            Ok(32769),
            "cursor after round trip"
        );
        let default: Option<PortAllocator> =
            serde_json::from_str(r#"{"begin":32768,"end":60999}"#).ok();
        assert_eq!(
            default,
            Some(PortAllocator::new()),
            "missing fields default"
        );
    }

    #[derive(Debug, Clone)]
    enum PropOp {
        Request(Vec<usize>, usize, Option<(u16, u16)>),
        Release(Vec<usize>, usize, u16),
    }

    const PROP_IPS: [&str; 5] = ["0.0.0.0", "127.0.0.1", "10.0.0.1", "::", "::1"];

    fn prop_op() -> impl Strategy<Value = PropOp> {
        let ips = prop::collection::vec(0..PROP_IPS.len(), 0..3);
        let range = prop_oneof![
            Just(None),
            (0u16..6).prop_map(|p| Some((1000 + p, 1000 + p))),
            (0u16..3, 0u16..4).prop_map(|(a, len)| Some((1000 + a, 1000 + a + len))),
            (0u16..3, 0u16..3).prop_map(|(a, b)| Some((a, b))),
        ];
        prop_oneof![
            (ips.clone(), 0..2usize, range).prop_map(|(i, p, r)| PropOp::Request(i, p, r)),
            (ips, 0..2usize, 1000u16..1006).prop_map(|(i, p, port)| PropOp::Release(i, p, port)),
        ]
    }

    fn same_family_overlap(a: IpAddr, b: IpAddr) -> bool {
        a.is_ipv4() == b.is_ipv4() && (a == b || a.is_unspecified() || b.is_unspecified())
    }

    proptest! {
        /// No (address, protocol, port) is handed out twice, and no two live
        /// allocations of one protocol and port made by *different* requests
        /// overlap (same address, or a wildcard and an address of its family).
        /// One request may hold 127.0.0.1 and 0.0.0.0 together, as in moby.
        #[test]
        fn never_double_allocates(ops in prop::collection::vec(prop_op(), 0..60)) {
            let mut alloc = PortAllocator::with_range(1000, 1005);
            // Model: live allocation → the request that made it.
            let mut held: BTreeMap<(IpAddr, Proto, u16), usize> = BTreeMap::new();
            for (request_id, op) in ops.into_iter().enumerate() {
                match op {
                    PropOp::Request(ix, p, range) => {
                        let ips: Vec<IpAddr> = ix.iter().filter_map(|&i| PROP_IPS[i].parse().ok()).collect();
                        let proto = [TCP, UDP][p];
                        let unique: BTreeSet<IpAddr> = ips.iter().copied().collect();
                        if let Ok(port) = alloc.request_many(&ips, proto, range) {
                            for &ip in &unique {
                                prop_assert!(
                                    held.insert((ip, proto, port), request_id).is_none(),
                                    "{} {} {} handed out twice", ip, proto, port
                                );
                            }
                        }
                    }
                    PropOp::Release(ix, p, port) => {
                        let proto = [TCP, UDP][p];
                        for &i in &ix {
                            if let Ok(ip) = PROP_IPS[i].parse::<IpAddr>() {
                                alloc.release(ip, proto, port);
                                held.remove(&(ip, proto, port));
                            }
                        }
                    }
                }
                let live = alloc.allocations();
                prop_assert_eq!(live.iter().copied().collect::<BTreeSet<_>>(), held.keys().copied().collect::<BTreeSet<_>>());
                for (a, ra) in &held {
                    for (b, rb) in &held {
                        if a < b && ra != rb {
                            prop_assert!(
                                !(a.1 == b.1 && a.2 == b.2 && same_family_overlap(a.0, b.0)),
                                "overlapping allocations {:?} and {:?}", a, b
                            );
                        }
                    }
                }
            }
        }
    }
}
