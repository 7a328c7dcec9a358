//! Arbitrary bytes as one line typed at the prompt of a host that already
//! has containers and networks (so names resolve and paths are reachable).
#![no_main]

use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_fuzz::{check_invariants, check_outcome};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const SETUP: &[&str] = &[
    "docker network create n1",
    "docker network create --subnet 10.5.0.0/29 --internal small",
    "docker run -d --name web -p 8080:80 nginx",
    "docker run -d --name db --network n1 redis",
    "docker run -dit --name client --network n1 alpine",
    "docker network connect small client",
    "docker create --name idle busybox",
];

fn base() -> &'static Session {
    static BASE: OnceLock<Session> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = Session::new(1);
        for (i, l) in SETUP.iter().enumerate() {
            s.execute(l, Timestamp(1000 * (i as u64 + 1)));
        }
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let line = String::from_utf8_lossy(data);
    let mut s = base().clone();
    let o = s.execute(&line, Timestamp(60_000));
    check_outcome(&o);
    if let Err(e) = check_invariants(s.engine()) {
        panic!("after {line:?}: {e}");
    }
    let _ = s.prompt();
    let _ = s.complete(&line);
});
