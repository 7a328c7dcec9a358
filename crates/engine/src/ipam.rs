//! IP address management as Docker's default IPAM driver does it
//! (moby `daemon/libnetwork/ipams/defaultipam`, `ipamutils`).
//!
//! Two levels: choosing a subnet for a new network (first fit over the
//! predefined pools, skipping allocated and reserved prefixes) and choosing an
//! address inside a subnet (lowest free address, network and broadcast
//! reserved, an optional `--ip-range` sub-pool for dynamic allocation).

use bridgeport_golib::sorted_set::SortedSet;
use ipnet::{IpAdd, Ipv4Net};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// The daemon's default local address pools, expanded in order: the /16s
/// 172.17 … 172.31, then the /20s of 192.168.0.0/16 (`ipamutils/utils.go`).
pub fn predefined_pools() -> Vec<Ipv4Net> {
    let mut pools = Vec::with_capacity(31);
    let bases: [(&str, u8); 7] = [
        ("172.17.0.0/16", 16),
        ("172.18.0.0/16", 16),
        ("172.19.0.0/16", 16),
        ("172.20.0.0/14", 16),
        ("172.24.0.0/14", 16),
        ("172.28.0.0/14", 16),
        ("192.168.0.0/16", 20),
    ];
    for (base, size) in bases {
        if let Ok(net) = base.parse::<Ipv4Net>() {
            if let Ok(subnets) = net.subnets(size) {
                pools.extend(subnets);
            }
        }
    }
    pools
}

/// Docker's message when every predefined pool is taken.
pub const ERR_NO_MORE_SUBNETS: &str = "all predefined address pools have been fully subnetted";

/// First fit: the lowest predefined subnet of the wanted prefix length (None =
/// the pool's own size) that overlaps neither an allocated nor a reserved prefix.
pub fn choose_subnet(
    allocated: &[Ipv4Net],
    reserved: &[Ipv4Net],
    prefix_len: Option<u8>,
) -> Result<Ipv4Net, String> {
    let overlaps = |a: &Ipv4Net, b: &Ipv4Net| a.contains(&b.network()) || b.contains(&a.network());
    for pool in predefined_pools() {
        let candidates: Vec<Ipv4Net> = match prefix_len {
            Some(len) if len >= pool.prefix_len() && len <= 30 => {
                pool.subnets(len).map(|s| s.collect()).unwrap_or_default()
            }
            Some(_) => continue,
            None => vec![pool],
        };
        for candidate in candidates {
            if !allocated
                .iter()
                .chain(reserved)
                .any(|used| overlaps(used, &candidate))
            {
                return Ok(candidate);
            }
        }
    }
    Err(ERR_NO_MORE_SUBNETS.to_string())
}

/// Address allocation state for one subnet of one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub subnet: Ipv4Net,
    /// `--ip-range`: where dynamic addresses come from.
    pub range: Option<Ipv4Net>,
    /// Every address in use: gateway, aux addresses, endpoints.
    allocated: SortedSet<Ipv4Addr>,
}

impl Pool {
    pub fn new(subnet: Ipv4Net, range: Option<Ipv4Net>) -> Pool {
        Pool {
            subnet: subnet.trunc(),
            range,
            allocated: SortedSet::new(),
        }
    }

    /// Network and broadcast addresses are never handed out, except in /31 and /32.
    fn is_reserved(&self, ip: Ipv4Addr) -> bool {
        self.subnet.prefix_len() < 31
            && (ip == self.subnet.network() || ip == self.subnet.broadcast())
    }

    /// The lowest free address ("first unset bit", not serial), inside the
    /// ip-range when there is one. Inside a smaller range its .0 and .255 are
    /// allocatable; only the subnet's own network and broadcast are not.
    pub fn request_any(&mut self) -> Result<Ipv4Addr, String> {
        let space = self.range.unwrap_or(self.subnet);
        let mut ip = space.network();
        let last = space.broadcast();
        loop {
            if !self.is_reserved(ip) && !self.allocated.contains(&ip) {
                self.allocated.insert(ip);
                return Ok(ip);
            }
            if ip == last {
                break;
            }
            ip = ip.saturating_add(1);
        }
        Err(format!(
            "no available IPv4 addresses on this network's address pools: {}",
            self.subnet
        ))
    }

    /// A specific address (`--ip`, `--gateway`, `--aux-address`).
    pub fn request_specific(&mut self, ip: Ipv4Addr) -> Result<(), String> {
        if !self.subnet.contains(&ip) {
            return Err(format!("no configured subnet contains IP address {ip}"));
        }
        if self.is_reserved(ip) || self.allocated.contains(&ip) {
            return Err("Address already in use".to_string());
        }
        self.allocated.insert(ip);
        Ok(())
    }

    pub fn release(&mut self, ip: Ipv4Addr) {
        self.allocated.remove(&ip);
    }

    pub fn is_allocated(&self, ip: Ipv4Addr) -> bool {
        self.allocated.contains(&ip)
    }

    /// `IPsInUse` for `docker network inspect`'s Status: network + broadcast + allocated.
    pub fn ips_in_use(&self) -> u64 {
        let reserved = if self.subnet.prefix_len() < 31 { 2 } else { 0 };
        reserved + self.allocated.len() as u64
    }

    /// `DynamicIPsAvailable`: the dynamic range's size minus what is allocated in it.
    pub fn dynamic_ips_available(&self) -> u64 {
        let space = self.range.unwrap_or(self.subnet);
        let size = 1u64 << (32 - u32::from(space.prefix_len()));
        let reserved = [self.subnet.network(), self.subnet.broadcast()]
            .iter()
            .filter(|ip| self.is_reserved(**ip) && space.contains(*ip))
            .count() as u64;
        let used = self
            .allocated
            .iter()
            .filter(|ip| space.contains(*ip))
            .count() as u64;
        size.saturating_sub(reserved).saturating_sub(used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn there_are_31_predefined_pools_in_docker_order() {
        let pools = predefined_pools();
        assert_eq!(pools.len(), 31);
        assert_eq!(pools[0], net("172.17.0.0/16"));
        assert_eq!(pools[14], net("172.31.0.0/16"));
        assert_eq!(pools[15], net("192.168.0.0/20"));
        assert_eq!(pools[30], net("192.168.240.0/20"));
    }

    #[test]
    fn first_fit_reuses_a_freed_subnet() {
        let used = [net("172.17.0.0/16"), net("172.19.0.0/16")];
        assert_eq!(
            choose_subnet(&used, &[], None).unwrap(),
            net("172.18.0.0/16")
        );
    }

    #[test]
    fn reserved_host_routes_are_skipped() {
        let mut used: Vec<Ipv4Net> = predefined_pools()[..15].to_vec();
        let reserved = [net("192.168.1.0/24")];
        assert_eq!(
            choose_subnet(&used, &reserved, None).unwrap(),
            net("192.168.16.0/20")
        );
        used.extend(predefined_pools()[16..].iter().copied());
        assert_eq!(
            choose_subnet(&used, &reserved, None).unwrap_err(),
            ERR_NO_MORE_SUBNETS
        );
    }

    #[test]
    fn size_requests_carve_smaller_subnets_from_the_pools() {
        let used = [net("172.17.0.0/16"), net("172.18.0.0/16")];
        assert_eq!(
            choose_subnet(&used, &[], Some(24)).unwrap(),
            net("172.19.0.0/24")
        );
    }

    #[test]
    fn lowest_free_address_and_release() {
        let mut pool = Pool::new(net("172.17.0.0/16"), None);
        assert_eq!(pool.request_any().unwrap(), Ipv4Addr::new(172, 17, 0, 1));
        assert_eq!(pool.request_any().unwrap(), Ipv4Addr::new(172, 17, 0, 2));
        assert_eq!(pool.request_any().unwrap(), Ipv4Addr::new(172, 17, 0, 3));
        pool.release(Ipv4Addr::new(172, 17, 0, 2));
        assert_eq!(pool.request_any().unwrap(), Ipv4Addr::new(172, 17, 0, 2));
        assert_eq!(
            (pool.ips_in_use(), pool.dynamic_ips_available()),
            (5, 65531)
        );
    }

    #[test]
    fn ip_range_edges_are_allocatable() {
        let mut pool = Pool::new(net("172.28.0.0/16"), Some(net("172.28.30.0/24")));
        assert_eq!(pool.request_any().unwrap(), Ipv4Addr::new(172, 28, 30, 0));
    }

    #[test]
    fn tiny_subnet_exhausts() {
        let mut pool = Pool::new(net("10.9.0.0/30"), None);
        assert!(pool.request_any().is_ok());
        assert!(pool.request_any().is_ok());
        assert!(pool.request_any().is_err());
        assert_eq!(
            pool.request_specific(Ipv4Addr::new(10, 9, 0, 1))
                .unwrap_err(),
            "Address already in use"
        );
        assert_eq!(
            pool.request_specific(Ipv4Addr::new(10, 9, 1, 1))
                .unwrap_err(),
            "no configured subnet contains IP address 10.9.1.1"
        );
    }
}
