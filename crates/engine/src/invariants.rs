//! What must hold after any sequence of operations, checked by the property
//! tests and the fuzzers (one definition for both).

use crate::engine::Engine;
use std::collections::BTreeSet;

impl Engine {
    /// No IP twice on a network and none outside its subnet or on its
    /// gateway; no host binding (IP, proto, port) twice; containers that are
    /// not running hold no endpoints or bindings; container names unique.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut ips = BTreeSet::new();
        let mut bindings = BTreeSet::new();
        let mut names = BTreeSet::new();
        for c in self.containers() {
            if !names.insert(c.name.as_str()) {
                return Err(format!("two containers are named {}", c.name));
            }
            if !c.is_running() && (!c.endpoints.is_empty() || !c.bindings.is_empty()) {
                return Err(format!(
                    "{} is {:?} but holds network resources",
                    c.name, c.status
                ));
            }
            for ep in &c.endpoints {
                if !ips.insert((ep.network_id.as_str(), ep.ip)) {
                    return Err(format!(
                        "IP {} used twice on network {}",
                        ep.ip, ep.network_id
                    ));
                }
                let net = self
                    .network_by_id(&ep.network_id)
                    .ok_or("endpoint on a missing network")?;
                if !net.subnet().is_some_and(|s| s.contains(&ep.ip)) {
                    return Err(format!("{} is outside {}'s subnet", ep.ip, net.name));
                }
                if net.gateway() == Some(ep.ip) {
                    return Err(format!("{} took the gateway address", c.name));
                }
            }
            for b in &c.bindings {
                if !bindings.insert((b.host_ip, b.proto, b.host_port)) {
                    return Err(format!(
                        "host binding {}:{}/{} used twice",
                        b.host_ip, b.host_port, b.proto
                    ));
                }
            }
        }
        Ok(())
    }
}
