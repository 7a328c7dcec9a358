//! Arbitrary bytes as a tcpdump filter expression: parsed directly
//! (libpcap's grammar), then armed on `any` and run against real traffic
//! (a curl through docker-proxy, a ping into a container, a DNS lookup),
//! so every frame goes through the filter and the line printer.
#![no_main]

use bridgeport_commands::net::tcpdump_filter;
use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_fuzz::check_outcome;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn base() -> &'static Session {
    static BASE: OnceLock<Session> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = Session::new(1);
        s.execute("docker run -d --name web -p 8080:80 nginx", Timestamp(1000));
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = tcpdump_filter::parse(&text, &|n| (n == "web").then(|| [172, 17, 0, 2].into()));
    let mut s = base().clone();
    let quoted = text.replace('\'', "");
    let lines = [
        format!("tcpdump -n -i any -c 40 '{quoted}'"),
        "curl -s http://localhost:8080/".to_string(),
        "ping -c 1 172.17.0.2".to_string(),
        "nslookup example.com".to_string(),
    ];
    for (i, l) in lines.iter().enumerate() {
        let o = s.execute(l, Timestamp(60_000 + 1000 * i as u64));
        check_outcome(&o);
    }
});
