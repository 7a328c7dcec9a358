//! Native benchmarks of the command layer and the engine behind it.
//!
//!   cargo bench -p bridgeport-commands --bench engine            # everything (~3 min on 2 cores)
//!   cargo bench -p bridgeport-commands --bench engine -- matrix  # one group
//!   scripts/bench.sh                                             # the above + the medians table
//!
//! Groups:
//! - `command/*`: one typical line on a small host (10 containers): `docker
//!   run -d -p`, `network create`, `network connect`, `ps`, `network
//!   inspect`, `inspect -f`, and `curl localhost:8080` through the published
//!   port (NAT). Lines that change the host run on a fresh clone each time
//!   (the clone is not timed).
//! - `trace/*`: packets with their whole path: curl from the host through
//!   DNAT, curl between containers by name (embedded DNS), and a lesson-sized
//!   script rendered as a transcript with traces.
//! - `matrix/<containers>c_<networks>n`: the reachability matrix for 10, 50
//!   and 200 containers spread over 1, 5 and 20 user-defined networks (every
//!   10th container publishes a port, every 7th is also on a second network).
//! - `scale/*`: `docker ps` and `network inspect` on 200 containers.
//!
//! Until the network tools land, `curl` prints "command not found" and the
//! matrix may be empty: the benches still run (and measure that), and the
//! setup prints what each scenario produced so a reader can tell.

use std::hint::black_box;
use std::time::Duration;

use bridgeport_commands::script::{run_script, transcript};
use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_wasm_bench::spread_lines;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};

/// 2026-01-01T12:00:00Z, like scripts.
const EPOCH: u64 = 1_767_268_800_000;

/// A session plus the clock the next line runs at.
struct Host {
    s: Session,
    now: u64,
}

impl Host {
    fn new() -> Host {
        Host {
            s: Session::with_time(7, Timestamp(EPOCH)),
            now: EPOCH,
        }
    }

    /// Runs a setup line; setup must succeed, or the numbers mean nothing.
    fn must(&mut self, line: &str) {
        self.now += 1000;
        let o = self.s.execute(line, Timestamp(self.now));
        assert_eq!(o.exit_code, 0, "setup line failed: {line}\n{}", o.output);
    }

    fn at(&self) -> Timestamp {
        Timestamp(self.now + 1000)
    }
}

/// The small host most `command/*` benches run on: `web` publishes 8080,
/// eleven containers on the default bridge and on `app` (`client` is alpine,
/// with ping and wget; the others are nginx, with curl).
fn small_host() -> Host {
    let mut h = Host::new();
    h.must("docker network create app");
    h.must("docker run -d --name web -p 8080:80 nginx");
    h.must("docker run -d --name db --network app redis");
    h.must("docker run -dit --name client --network app alpine");
    for i in 0..8 {
        let net = if i % 2 == 0 { "app" } else { "bridge" };
        h.must(&format!("docker run -d --name c{i} --network {net} nginx"));
    }
    h
}

/// The spread host of `bridgeport_wasm_bench::spread_lines` (the same
/// scenario the wasm matrix bench times).
fn spread_host(containers: usize, networks: usize) -> Host {
    let mut h = Host::new();
    for line in spread_lines(containers, networks) {
        h.must(&line);
    }
    h
}

type Group<'a> = criterion::BenchmarkGroup<'a, criterion::measurement::WallTime>;

/// Times `line` on a fresh clone of `host` each iteration.
fn bench_mutating(g: &mut Group, name: &str, host: &Host, line: &str) {
    let at = host.at();
    let probe = host.s.clone().execute(line, at);
    eprintln!(
        "  [{name}] `{line}` -> exit {} ({} packets)",
        probe.exit_code,
        probe.packets.len()
    );
    g.bench_function(name, |b| {
        b.iter_batched_ref(
            || host.s.clone(),
            |s| black_box(s.execute(black_box(line), at)),
            BatchSize::SmallInput,
        )
    });
}

/// Times `line` on the same session each iteration (lines that only read).
fn bench_reading(g: &mut Group, name: &str, host: &Host, line: &str) {
    let at = host.at();
    let mut s = host.s.clone();
    let probe = s.execute(line, at);
    eprintln!(
        "  [{name}] `{line}` -> exit {} ({} output bytes, {} packets)",
        probe.exit_code,
        probe.output.len(),
        probe.packets.len()
    );
    g.bench_function(name, |b| {
        b.iter(|| black_box(s.execute(black_box(line), at)))
    });
}

fn commands(c: &mut Criterion) {
    let host = small_host();
    let mut g = c.benchmark_group("command");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    bench_mutating(
        &mut g,
        "run_publish",
        &host,
        "docker run -d -p 9000:80 nginx",
    );
    bench_mutating(
        &mut g,
        "run_user_network",
        &host,
        "docker run -d --name api --network app alpine sleep infinity",
    );
    bench_mutating(
        &mut g,
        "network_create",
        &host,
        "docker network create extra",
    );
    bench_mutating(
        &mut g,
        "network_connect",
        &host,
        "docker network connect app web",
    );
    bench_mutating(&mut g, "rm_force", &host, "docker rm -f web");
    bench_reading(&mut g, "ps", &host, "docker ps");
    bench_reading(
        &mut g,
        "ps_format",
        &host,
        "docker ps -a --format '{{.Names}}\\t{{.Ports}}\\t{{.Networks}}'",
    );
    bench_reading(
        &mut g,
        "network_inspect",
        &host,
        "docker network inspect app",
    );
    bench_reading(
        &mut g,
        "inspect_template",
        &host,
        "docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' web",
    );
    bench_reading(&mut g, "curl_nat", &host, "curl -s localhost:8080");
    g.finish();
}

/// A lesson-sized script: the default bridge, a user network with DNS,
/// published ports, curls and pings along the way.
const LESSON: &str = "\
docker network create shop
docker run -d --name web --network shop -p 8080:80 nginx
docker run -d --name db --network shop redis
docker run -dit --name client --network shop alpine
docker run -dit --name stranger alpine
docker ps
docker network inspect shop
curl -s localhost:8080
docker exec client ping -c 1 web
docker exec client wget -qO- http://web
docker exec stranger ping -c 1 -W 1 web
docker network connect shop stranger
docker exec stranger ping -c 1 web
curl -s localhost:8080
docker ps --format 'table {{.Names}}\\t{{.Ports}}'
";

fn traces(c: &mut Criterion) {
    let host = small_host();
    let mut g = c.benchmark_group("trace");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    bench_reading(&mut g, "curl_host_dnat", &host, "curl -s localhost:8080");
    bench_reading(
        &mut g,
        "exec_curl_dns",
        &host,
        "docker exec c0 curl -s http://c2",
    );
    bench_reading(
        &mut g,
        "exec_ping",
        &host,
        "docker exec client ping -c 3 db",
    );
    let (_, steps) = run_script(1, LESSON);
    let packets: usize = steps.iter().map(|s| s.outcome.packets.len()).sum();
    let failed = steps.iter().filter(|s| s.outcome.exit_code != 0).count();
    eprintln!(
        "  [lesson_script] {} lines, {failed} non-zero exits, {packets} packets",
        steps.len()
    );
    g.bench_function("lesson_script", |b| {
        b.iter(|| {
            let (_, steps) = run_script(1, black_box(LESSON));
            black_box(transcript(&steps, true))
        })
    });
    g.finish();
}

fn matrix(c: &mut Criterion) {
    let mut g = c.benchmark_group("matrix");
    g.warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(10);
    for containers in [10usize, 50, 200] {
        for networks in [1usize, 5, 20] {
            let t0 = std::time::Instant::now();
            let host = spread_host(containers, networks);
            let built = t0.elapsed();
            let m = host.s.matrix();
            eprintln!(
                "  [matrix/{containers}c_{networks}n] built in {built:.1?}: {} endpoints, {} cells",
                m.endpoints.len(),
                m.cells.len()
            );
            g.bench_with_input(
                BenchmarkId::from_parameter(format!("{containers}c_{networks}n")),
                &host,
                |b, h| b.iter(|| black_box(h.s.matrix())),
            );
        }
    }
    g.finish();
}

fn scale(c: &mut Criterion) {
    let host = spread_host(200, 5);
    let mut g = c.benchmark_group("scale");
    g.warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    bench_reading(&mut g, "ps_200", &host, "docker ps");
    bench_reading(
        &mut g,
        "network_inspect_40",
        &host,
        "docker network inspect net0",
    );
    g.bench_function("topology_snapshot_200", |b| {
        b.iter(|| black_box(host.s.topology()))
    });
    bench_mutating(
        &mut g,
        "run_201st",
        &host,
        "docker run -d --network net3 nginx",
    );

    // The engine's cap: 2000 containers. Filling it is timed by hand (one
    // iteration is too long for criterion's sampling); the 2000th run and a
    // listing of all of them are benched.
    let mut fills = Vec::new();
    let mut full = Host::new();
    for _ in 0..3 {
        let t0 = std::time::Instant::now();
        full = Host::new();
        for _ in 0..1999 {
            full.must("docker run -d alpine sleep infinity");
        }
        fills.push(t0.elapsed());
    }
    fills.sort();
    eprintln!(
        "  [fill] 1999 x `docker run -d alpine sleep infinity`: median of 3 = {:.1?}",
        fills[1]
    );
    bench_mutating(
        &mut g,
        "run_2000th",
        &full,
        "docker run -d alpine sleep infinity",
    );
    bench_reading(&mut g, "ps_q_2000", &full, "docker ps -q");
    g.finish();
}

criterion_group!(benches, commands, traces, matrix, scale);
criterion_main!(benches);
