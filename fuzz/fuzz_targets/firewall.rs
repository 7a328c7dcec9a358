//! iptables and ufw command lines (issue 13): random sequences built from
//! their options and values with raw tokens mixed in, on a host with a
//! published container. After every line the engine's invariants hold; the
//! rules stay printable (`iptables -S -v`, `iptables-save -c`, `-L -n -v`,
//! `ufw status numbered`, `nft list ruleset`, an `iptables-save` / `iptables-restore` round
//! trip) and real traffic walks them to an end (a LAN
//! curl, a container's ping: counters and ufw's chains included); the same
//! sequence replayed gives the same outputs (determinism).
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_fuzz::{check_invariants, check_outcome, firewall_line};
use libfuzzer_sys::fuzz_target;

#[derive(Debug)]
struct Lines(Vec<String>);

impl<'a> Arbitrary<'a> for Lines {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(1..=12)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(firewall_line(u)?);
        }
        Ok(Lines(v))
    }
}

const SETUP: &[&str] = &[
    "docker run -d --name web -p 8080:80 nginx",
    "docker run -dit --name c1 alpine",
];

const AFTER: &[&str] = &[
    "lan",
    "curl -s -m 1 http://192.168.1.10:8080/",
    "exit",
    "docker exec c1 ping -c 1 8.8.8.8",
    "curl -s -m 1 localhost:8080",
    "iptables -S -v",
    "iptables -L -n -v -x --line-numbers",
    "iptables-save -c",
    "ufw status numbered",
    "nft list ruleset",
    "nft -s list chains",
    "iptables-save > rules.v4",
    "iptables-restore < rules.v4",
    "iptables-save -c",
];

fn run(lines: &[String]) -> Vec<(i32, String)> {
    let mut s = Session::new(7);
    let mut t = 0u64;
    let mut outputs = Vec::new();
    for l in SETUP.iter().map(|l| l.to_string()).chain(lines.iter().cloned()).chain(AFTER.iter().map(|l| l.to_string())) {
        t += 1000;
        let o = s.execute(&l, Timestamp(t));
        check_outcome(&o);
        if let Err(e) = check_invariants(s.engine()) {
            panic!("after {l:?}: {e}\nlines: {lines:#?}");
        }
        outputs.push((o.exit_code, o.output));
    }
    outputs
}

fuzz_target!(|lines: Lines| {
    let a = run(&lines.0);
    let b = run(&lines.0);
    assert_eq!(a, b, "not deterministic: {:#?}", lines.0);
});
