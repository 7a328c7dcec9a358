//! Writes the reachability matrix of many scenarios as JSON lines, so a
//! change to the matrix code can be checked for byte-identical results:
//!
//!   cargo run --profile bench -p bridgeport-wasm-bench --example matrix_dump -- DIR
//!   (change the code, run it again into DIR2)   cmp DIR/* DIR2/*
//!
//! Scenarios: the criterion bench's spread hosts; every prefix of each
//! `tests/scenarios/*.cmds` script (the matrix after each line); and 600
//! seeded random hosts (many look-alike containers) mixing internal and no-ICC networks, the default
//! bridge, `--network host|none|container:X`, ports published on all
//! addresses, on 127.0.0.1 and for UDP, servers bound to 127.0.0.1, UDP
//! servers, clients without a server, second networks and stopped
//! containers, aliases, hostnames and extra hosts that name other containers,
//! links, DNS servers, and a port published in the ephemeral range.

use bridgeport_commands::script::run_script;
use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_wasm_bench::spread_session;
use std::fmt::Write as _;
use std::path::Path;

fn json(s: &Session) -> String {
    serde_json::to_string(&s.matrix()).expect("matrix serialises") + "\n"
}

/// SplitMix64: a seeded, dependency-free source of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_host(seed: u64) -> Session {
    let mut r = Rng(seed);
    let mut s = Session::new(seed);
    let mut t = 1_767_268_800_000u64;
    let mut exec = |s: &mut Session, line: String| {
        t += 1000;
        s.execute(&line, Timestamp(t));
    };
    let nets = r.below(4) as usize;
    for i in 0..nets {
        let mut line = String::from("docker network create");
        if r.below(4) == 0 {
            line.push_str(" --internal");
        }
        if r.below(4) == 0 {
            line.push_str(" -o com.docker.network.bridge.enable_icc=false");
        }
        exec(&mut s, format!("{line} n{i}"));
    }
    // Many look-alike containers (twins), with now and then something that
    // sets one apart: an alias, a hostname or a link that names another, its
    // own DNS server, an extra host.
    let count = 1 + r.below(14) as usize;
    for i in 0..count {
        let network = match r.below(10) {
            0..=2 => String::new(),
            3 => " --network host".to_string(),
            4 => " --network none".to_string(),
            5 if i > 0 => format!(" --network container:c{}", r.below(i as u64)),
            _ if nets > 0 => format!(" --network n{}", r.below(nets as u64)),
            _ => " --network bridge".to_string(),
        };
        let port = 8000 + i;
        let publish = match r.below(8) {
            1 => format!(" -p {port}:80"),
            2 => format!(" -p 127.0.0.1:{port}:80"),
            3 => format!(" -p {port}:80/udp"),
            4 => format!(" -p {port}:80 -p {}:6379", port + 100),
            5 => format!(" -p {}:80", 40000 + i),
            _ => String::new(),
        };
        let extra = match r.below(12) {
            0 => format!(" --network-alias c{}", r.below(count as u64)),
            1 => format!(" --hostname c{}", r.below(count as u64)),
            2 if i > 0 => format!(" --link c{}:l{i}", r.below(i as u64)),
            3 => " --dns 1.1.1.1".to_string(),
            4 => format!(" --add-host c{}:10.9.9.9", r.below(count as u64)),
            _ => String::new(),
        };
        let (img, cmd) = match r.below(7) {
            0..=2 => ("nginx", ""),
            3 => ("alpine", " sleep infinity"),
            4 => ("python", " python3 -m http.server --bind 127.0.0.1 80"),
            5 => ("redis", ""),
            _ => ("alpine", " nc -lu -p 80"),
        };
        exec(
            &mut s,
            format!("docker run -d --name c{i}{network}{publish}{extra} {img}{cmd}"),
        );
        if nets > 0 && r.below(4) == 0 {
            let alias = if r.below(3) == 0 {
                format!(" --alias c{}", r.below(count as u64))
            } else {
                String::new()
            };
            exec(
                &mut s,
                format!(
                    "docker network connect{alias} n{} c{i}",
                    r.below(nets as u64)
                ),
            );
        }
        if r.below(12) == 0 {
            exec(&mut s, format!("docker stop c{}", r.below(i as u64 + 1)));
        }
    }
    s
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: matrix_dump DIR");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create the output directory");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");

    let mut out = String::new();
    for (c, n) in [
        (10, 1),
        (10, 5),
        (50, 5),
        (50, 20),
        (200, 1),
        (200, 5),
        (200, 20),
    ] {
        let s = spread_session(c, n).expect("spread host");
        let _ = writeln!(out, "# spread {c}c_{n}n");
        out.push_str(&json(&s));
    }
    std::fs::write(dir.join("spread.jsonl"), &out).expect("write");

    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/scenarios"))
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cmds"))
        .collect();
    files.sort();
    let mut out = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read a scenario");
        let lines: Vec<&str> = text.lines().collect();
        for k in 1..=lines.len() {
            let (s, _) = run_script(1, &lines[..k].join("\n"));
            let _ = writeln!(out, "# {} line {k}", f.display());
            out.push_str(&json(&s));
        }
    }
    std::fs::write(dir.join("scenarios.jsonl"), &out).expect("write");

    let mut out = String::new();
    for seed in 0..600 {
        let _ = writeln!(out, "# random {seed}");
        out.push_str(&json(&random_host(seed)));
    }
    std::fs::write(dir.join("random.jsonl"), &out).expect("write");
    eprintln!("matrix_dump: wrote {}", dir.display());
}
