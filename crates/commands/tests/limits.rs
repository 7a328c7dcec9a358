//! Limits: what the playground refuses, and the exact message it gives,
//! whatever a learner (or a lesson, or a paste) throws at it. Each test
//! asserts the whole message a learner sees, and that the session goes on
//! working afterwards.

use bridgeport_commands::script::{run_script, SCRIPT_EPOCH};
use bridgeport_commands::{Outcome, Session, MAX_LINE};
use bridgeport_engine::engine::{MAX_CONTAINERS, MAX_NETWORKS};
use bridgeport_engine::Timestamp;
use std::time::Instant;

/// A session with its own clock: each line one second after the last.
struct Term {
    s: Session,
    now: u64,
}

impl Term {
    fn new() -> Term {
        Term {
            s: Session::with_time(1, SCRIPT_EPOCH),
            now: SCRIPT_EPOCH.0,
        }
    }

    fn run(&mut self, line: &str) -> Outcome {
        self.now += 1000;
        self.s.execute(line, Timestamp(self.now))
    }

    fn ok(&mut self, line: &str) -> Outcome {
        let o = self.run(line);
        assert_eq!(o.exit_code, 0, "`{line}` failed:\n{}", o.output);
        o
    }

    /// The output of a line that printed a container ID first (`docker run
    /// -d` prints it before starting), without that ID.
    fn err_after_id(&mut self, line: &str) -> (String, i32) {
        let o = self.run(line);
        let text = o.output.split_once('\n').map(|(first, rest)| {
            assert_eq!(
                first.len(),
                64,
                "expected a container ID first, got {first:?}"
            );
            rest.to_string()
        });
        (text.unwrap_or_default(), o.exit_code)
    }
}

fn run_error(msg: &str) -> String {
    format!("docker: Error response from daemon: {msg}\n\nRun 'docker run --help' for more information\n")
}

// ---------------------------------------------------------------- long lines

#[test]
fn a_line_over_16_kib_is_refused_unparsed() {
    let mut t = Term::new();
    let line = format!("docker network create {}", "x".repeat(MAX_LINE));
    let o = t.run(&line);
    assert_eq!(o.exit_code, 2);
    assert_eq!(
        o.output,
        format!(
            "bridgeport: line too long ({} bytes; the limit is 16384)\n",
            MAX_LINE + 22
        )
    );
    assert_eq!(MAX_LINE, 16 * 1024);
    // Nothing ran, and the session still works.
    assert_eq!(t.ok("docker network ls -q").output.lines().count(), 3);
}

#[test]
fn a_line_of_exactly_16_kib_is_parsed() {
    let mut t = Term::new();
    let line = format!("echo {}", "y".repeat(MAX_LINE - 5));
    assert_eq!(line.len(), MAX_LINE);
    let o = t.ok(&line);
    assert_eq!(o.output.len(), MAX_LINE - 5 + 1);
}

#[test]
fn a_multibyte_line_is_measured_in_bytes_and_never_split_inside_a_char() {
    let mut t = Term::new();
    let line = "é".repeat(MAX_LINE / 2 + 1);
    let o = t.run(&line);
    assert_eq!(
        o.output,
        format!(
            "bridgeport: line too long ({} bytes; the limit is 16384)\n",
            MAX_LINE + 2
        )
    );
}

// ---------------------------------------------------------------- many containers

#[test]
fn two_thousand_containers_then_a_clear_refusal() {
    let mut t = Term::new();
    let t0 = Instant::now();
    for _ in 0..MAX_CONTAINERS {
        t.ok("docker run -d alpine sleep infinity");
    }
    let elapsed = t0.elapsed();
    eprintln!(
        "{MAX_CONTAINERS} x `docker run -d`: {elapsed:.2?} ({:.0} µs each, this build's profile)",
        elapsed.as_secs_f64() * 1e6 / MAX_CONTAINERS as f64
    );
    // Generous even for an unoptimised build on a 2-core machine: catches a
    // quadratic blow-up, not a slow machine.
    assert!(
        elapsed.as_secs() < 120,
        "2000 docker run -d took {elapsed:?}"
    );

    let o = t.run("docker run -d alpine sleep infinity");
    assert_eq!(o.exit_code, 125);
    assert_eq!(
        o.output,
        "docker: Error response from daemon: bridgeport: too many containers (the playground allows 2000); remove some with docker rm\n\nRun 'docker run --help' for more information\n"
    );
    let o = t.run("docker create --name one-more alpine");
    assert_eq!(
        o.output,
        "docker: Error response from daemon: bridgeport: too many containers (the playground allows 2000); remove some with docker rm\n\nRun 'docker create --help' for more information\n"
    );
    // The way out the message names works.
    let ids = t.ok("docker ps -aq").output;
    let first = ids.lines().next().unwrap().to_string();
    t.ok(&format!("docker rm -f {first}"));
    t.ok("docker run -d --name last alpine sleep infinity");
    assert_eq!(t.s.engine().containers().len(), MAX_CONTAINERS);
    // Listing them all stays quick and complete.
    assert_eq!(t.ok("docker ps -q").output.lines().count(), MAX_CONTAINERS);
}

#[test]
fn five_hundred_networks_then_a_clear_refusal() {
    let mut t = Term::new();
    // The predefined pools run out long before 500, so give subnets.
    let user = MAX_NETWORKS - 3; // bridge, host and none count too
    for i in 0..user {
        t.ok(&format!(
            "docker network create --subnet 10.{}.{}.0/24 n{i}",
            i / 256,
            i % 256
        ));
    }
    let o = t.run("docker network create --subnet 10.250.0.0/24 straw");
    assert_eq!(o.exit_code, 1);
    assert_eq!(
        o.output,
        "Error response from daemon: bridgeport: too many networks (the playground allows 500)\n"
    );
    assert_eq!(
        t.ok("docker network ls -q").output.lines().count(),
        MAX_NETWORKS
    );
    t.ok("docker network rm n0");
    t.ok("docker network create --subnet 10.250.0.0/24 straw");
}

// ---------------------------------------------------------------- huge pastes

#[test]
fn a_pasted_block_in_one_line_runs_as_a_shell_runs_it() {
    // The page splits a multi-line paste into lines; if a block reaches the
    // session whole, its newlines separate commands, as they do for bash:
    // the first creates the network, the other 499 fail, and the exit code
    // is the last command's. The output cap bounds what it prints.
    let mut t = Term::new();
    let block = "docker network create p\n".repeat(500);
    assert!(block.len() < MAX_LINE);
    let o = t.run(&block);
    assert_eq!(o.exit_code, 1);
    assert_eq!(
        o.output.lines().filter(|l| l.len() == 64).count(),
        1,
        "one network ID"
    );
    assert_eq!(
        o.output
            .matches("Error response from daemon: network with name p already exists\n")
            .count(),
        499
    );
    assert_eq!(t.ok("docker network ls -q").output.lines().count(), 4);
}

#[test]
fn a_paste_of_ten_thousand_lines_runs_line_by_line() {
    let script = "docker ps\ndocker network ls\nhostname\n".repeat(3_334);
    let t0 = Instant::now();
    let (session, steps) = run_script(1, &script);
    eprintln!("10 002 pasted lines: {:.2?}", t0.elapsed());
    assert_eq!(steps.len(), 10_002);
    assert!(steps.iter().all(|s| s.outcome.exit_code == 0));
    assert_eq!(session.engine().containers().len(), 0);
}

// ---------------------------------------------------------------- templates

#[test]
fn templates_nested_deeper_than_64_are_refused() {
    let mut t = Term::new();
    let deep = |n: usize| {
        format!(
            "docker network inspect -f '{}x{}' bridge",
            "{{if 1}}".repeat(n),
            "{{end}}".repeat(n)
        )
    };
    assert_eq!(t.ok(&deep(63)).output, "x\n");
    let o = t.run(&deep(65));
    // A parse error: docker/cli inspect exits 64 (inspect/inspector.go).
    assert_eq!(o.exit_code, 64);
    assert_eq!(
        o.output,
        "template parsing error: template: :1: exceeded maximum nesting depth (64)\n"
    );
    let parens = format!(
        "docker network inspect -f '{{{{{}.Name{}}}}}' bridge",
        "(".repeat(200),
        ")".repeat(200)
    );
    assert_eq!(
        t.run(&parens).output,
        "template parsing error: template: :1: exceeded maximum nesting depth (64)\n"
    );
}

#[test]
fn recursive_templates_stop_at_depth_32() {
    let mut t = Term::new();
    let o = t.run(r#"docker network inspect -f '{{define "t"}}{{template "t" .}}{{end}}{{template "t" .}}' bridge"#);
    assert_eq!(o.exit_code, 1);
    assert_eq!(
        o.output,
        "template parsing error: template: :1:25: executing \"t\" at <{{template \"t\" .}}>: exceeded maximum template depth (32)\n"
    );
}

#[test]
fn templates_that_loop_too_long_stop_at_the_step_limit() {
    let mut t = Term::new();
    let o = t.run("docker network inspect -f '{{range 1000000}}{{range 10}}{{end}}{{end}}' bridge");
    assert_eq!(o.exit_code, 1);
    assert_eq!(o.output, "template parsing error: template: :1:29: executing \"\" at <>: execution exceeds the step limit (2000000)\n");
}

#[test]
fn template_output_is_capped_at_1_mib() {
    let mut t = Term::new();
    let o = t.run("docker network inspect -f '{{range 300000}}abcdefgh{{end}}' bridge");
    assert_eq!(o.exit_code, 1);
    // Nothing of the partial megabyte reaches the terminal.
    assert_eq!(
        o.output,
        "template parsing error: template: :1:16: executing \"\" at <abcdefgh>: output exceeds the size limit (1048576 bytes)\n"
    );
}

// ---------------------------------------------------------------- address pools

#[test]
fn predefined_address_pools_run_out() {
    let mut t = Term::new();
    let mut created = 0;
    let o = loop {
        let o = t.run(&format!("docker network create p{created}"));
        if o.exit_code != 0 {
            break o;
        }
        created += 1;
        assert!(created < 64, "the pools never ran out");
    };
    // 31 predefined pools: 172.17-31.0.0/16 and 16 x 192.168.x.0/20; the
    // default bridge holds one, and the one that overlaps the host's LAN
    // (192.168.1.0/24) is skipped, as Docker skips pools that overlap a route.
    assert_eq!(created, 29);
    assert_eq!(
        o.output,
        "Error response from daemon: all predefined address pools have been fully subnetted\n"
    );
    // An explicit subnet still works, and removing one frees its pool.
    t.ok("docker network create --subnet 10.1.0.0/24 explicit");
    t.ok("docker network rm p3");
    t.ok("docker network create again");
}

#[test]
fn a_slash_30_network_fills_up_after_one_container() {
    let mut t = Term::new();
    let id = t
        .ok("docker network create --subnet 10.5.0.0/30 tiny")
        .output;
    t.ok("docker run -d --network tiny --name first nginx");
    let (err, code) = t.err_after_id("docker run -d --network tiny --name second nginx");
    assert_eq!(code, 125);
    // libnetwork endpoint.go assignAddressVersion names the network and its ID.
    assert_eq!(err, run_error(&format!("failed to set up container networking: no available IPv4 addresses on this network's address pools: tiny ({})", id.trim())));
    t.ok("docker rm -f first");
    t.ok("docker start second");
}

// ---------------------------------------------------------------- ports

#[test]
fn a_port_range_runs_out() {
    let mut t = Term::new();
    for _ in 0..3 {
        t.ok("docker run -d -p 9090-9092:80 nginx");
    }
    let (err, code) = t.err_after_id("docker run -d --name fourth -p 9090-9092:80 nginx");
    assert_eq!(code, 125);
    let id =
        t.s.engine()
            .containers()
            .iter()
            .find(|c| c.name == "fourth")
            .unwrap()
            .endpoints
            .len();
    assert_eq!(id, 0, "the failed container holds no endpoint");
    let expected_prefix = "docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint fourth (";
    assert!(err.starts_with(expected_prefix), "{err}");
    assert!(
        err.ends_with(
            "): all ports are allocated\n\nRun 'docker run --help' for more information\n"
        ),
        "{err}"
    );
}

#[test]
fn a_fixed_port_that_is_taken() {
    let mut t = Term::new();
    t.ok("docker run -d -p 8080:80 nginx");
    let (err, _) = t.err_after_id("docker run -d --name clash -p 8080:80 nginx");
    assert!(err.ends_with("): Bind for 0.0.0.0:8080 failed: port is already allocated\n\nRun 'docker run --help' for more information\n"), "{err}");
}

// ---------------------------------------------------------------- long sessions

#[test]
fn logs_stay_capped_over_five_thousand_requests() {
    let mut t = Term::new();
    t.ok("docker run -d --name web -p 8080:80 nginx");
    let first = t.run("curl -s localhost:8080");
    if first.output.contains("command not found") {
        eprintln!("curl is not implemented yet: skipping the request part");
        return;
    }
    assert_eq!(first.exit_code, 0, "{}", first.output);
    for _ in 1..5_000 {
        t.run("curl -s localhost:8080");
    }
    let web =
        t.s.engine()
            .containers()
            .iter()
            .find(|c| c.name == "web")
            .unwrap();
    assert_eq!(web.logs.len(), 2000);
    let logs = t.ok("docker logs web").output;
    assert_eq!(logs.lines().count(), 2000);
    assert!(
        logs.ends_with("\"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\"\n"),
        "{}",
        logs.lines().last().unwrap()
    );
}

#[test]
fn outcomes_do_not_grow_with_session_length() {
    // The session keeps no transcript: the 5000th `docker ps` costs what the
    // first did and prints the same.
    let mut t = Term::new();
    t.ok("docker run -d --name web nginx");
    let a = t.ok("docker ps --format '{{.Names}} {{.Ports}}'").output;
    for _ in 0..5_000 {
        t.run("docker inspect -f '{{.Name}}' web");
    }
    assert_eq!(t.ok("docker ps --format '{{.Names}} {{.Ports}}'").output, a);
}
