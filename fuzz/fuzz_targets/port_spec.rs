//! `-p/--publish` and `--expose` values: the CLI parsers never panic, and
//! what they accept is consistent (ranges in order, one request per port).
#![no_main]

use bridgeport_engine::ports::{
    displayable_ports, parse_expose, parse_publish, parse_publish_all, validate_port_bindings,
    PortEntry,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(reqs) = parse_publish(text) {
        assert!(
            reqs.len() <= 65_536,
            "{} requests from {text:?}",
            reqs.len()
        );
        for r in &reqs {
            if let Some((a, b)) = r.host_ports {
                assert!(a <= b, "host range {a}-{b} from {text:?}");
            }
            let _ = (r.port_key(), r.host_port_string(), r.host_ip_string());
        }
        let _ = validate_port_bindings(&reqs);
        let entries: Vec<PortEntry> = reqs
            .iter()
            .take(64)
            .map(|r| match (r.host_ip, r.host_ports) {
                (Some(ip), Some((a, _))) => PortEntry::published(ip, r.container_port, a, r.proto),
                _ => PortEntry::exposed(r.container_port, r.proto),
            })
            .collect();
        let _ = displayable_ports(&entries);
    }
    if let Ok(ports) = parse_expose(text) {
        assert!(!ports.is_empty() && ports.len() <= 65_536);
        assert!(
            ports.windows(2).all(|w| w[0].0 < w[1].0),
            "expose ports out of order from {text:?}"
        );
    }
    let parts: Vec<&str> = text.split('\n').collect();
    let _ = parse_publish_all(&parts);
});
