//! Time per probe kind (native), for finding where the matrix spends.
use bridgeport_engine::net::tracer::FailureOnly;
use bridgeport_engine::net::View;
use bridgeport_wasm_bench::spread_session;
use std::collections::BTreeMap;

fn main() {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let s = spread_session(a[0], a[1]).unwrap();
    let e = s.engine();
    let (eps, probes) = bridgeport_engine::net::probes(e);
    let view = View::new(e);
    let mut t: BTreeMap<String, (u32, std::time::Duration)> = BTreeMap::new();
    for _ in 0..3 {
        for p in &probes {
            let t0 = std::time::Instant::now();
            let mut tr = FailureOnly::default();
            let d = view.send_traced(&p.probe, &mut tr);
            let el = t0.elapsed();
            let k = format!(
                "{}->{} {} {:?}",
                eps[p.from].kind,
                eps[p.to].kind,
                p.transport.proto,
                d.verdict()
            );
            let x = t.entry(k).or_default();
            x.0 += 1;
            x.1 += el;
        }
    }
    for (k, (n, d)) in t {
        println!(
            "{k:40} {n:8} {:8.0} ns/probe  total {:?}",
            d.as_nanos() as f64 / n as f64,
            d / 3
        );
    }
}
