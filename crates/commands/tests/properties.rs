//! Property tests: arbitrary lines and random command sequences never panic,
//! and the engine's invariants hold after every step.

use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use proptest::prelude::*;

fn command() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["a", "b", "c", "web", "db"]);
    let net = prop::sample::select(vec!["n1", "n2", "bridge", "host", "none", "nosuch"]);
    let image = prop::sample::select(vec![
        "nginx", "alpine", "redis", "busybox", "nosuch", "python",
    ]);
    let port = prop::sample::select(vec![
        "8080:80",
        "80",
        "127.0.0.1:8080:80",
        "8080:80/udp",
        "9000-9001:80",
        "bad",
        "[::1]:8081:80",
    ]);
    prop_oneof![
        (name.clone(), image.clone(), port.clone(), net.clone())
            .prop_map(|(n, i, p, k)| format!("docker run -d --name {n} -p {p} --network {k} {i}")),
        (name.clone(), image.clone()).prop_map(|(n, i)| format!("docker run -dit --name {n} {i}")),
        (image.clone(), port.clone()).prop_map(|(i, p)| format!("docker run -d -P -p {p} {i}")),
        (name.clone(), net.clone()).prop_map(|(n, k)| format!("docker network connect {k} {n}")),
        (name.clone(), net.clone()).prop_map(|(n, k)| format!("docker network disconnect {k} {n}")),
        net.clone()
            .prop_map(|k| format!("docker network create {k}")),
        prop::sample::select(vec![
            "10.5.0.0/30",
            "172.30.0.0/24",
            "0.0.0.0/28",
            "192.168.0.0/24"
        ])
        .prop_map(|s| format!("docker network create --subnet {s} n{}", s.len())),
        net.clone().prop_map(|k| format!("docker network rm {k}")),
        name.clone().prop_map(|n| format!("docker stop {n}")),
        name.clone().prop_map(|n| format!("docker start {n}")),
        name.clone().prop_map(|n| format!("docker restart {n}")),
        name.clone().prop_map(|n| format!("docker rm -f {n}")),
        name.clone().prop_map(|n| format!("docker inspect {n}")),
        Just("docker ps -a".to_string()),
        Just("docker network prune -f".to_string()),
        Just("docker network ls".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_invariants(seed in any::<u64>(), cmds in prop::collection::vec(command(), 1..40)) {
        let mut s = Session::new(seed);
        for (i, cmd) in cmds.iter().enumerate() {
            s.execute(cmd, Timestamp(1_000 * (i as u64 + 1)));
            if let Err(e) = s.engine().check_invariants() {
                return Err(TestCaseError::fail(format!("after `{cmd}`: {e}")));
            }
        }
    }

    #[test]
    fn arbitrary_lines_never_panic(line in ".{0,200}") {
        let mut s = Session::new(1);
        s.execute(&line, Timestamp(1));
        s.execute(&format!("docker {line}"), Timestamp(2));
        s.execute(&format!("docker run {line}"), Timestamp(3));
        s.execute(&format!("docker network create {line}"), Timestamp(4));
    }

    #[test]
    fn arbitrary_flag_soup_never_panics(words in prop::collection::vec("-{0,2}[a-z:=0-9./\\[\\]-]{0,12}", 0..12)) {
        let mut s = Session::new(1);
        let line = words.join(" ");
        for prefix in ["docker run", "docker ps", "docker network create", "docker network connect", "docker inspect -f", "docker port", "docker exec"] {
            s.execute(&format!("{prefix} {line}"), Timestamp(5));
        }
    }
}

#[test]
fn exhausting_the_address_pools_gives_dockers_message() {
    let mut s = Session::new(1);
    let mut last = String::new();
    for i in 0..32 {
        last = s
            .execute(&format!("docker network create net{i}"), Timestamp(i))
            .output;
    }
    assert_eq!(
        last,
        "Error response from daemon: all predefined address pools have been fully subnetted\n"
    );
}

#[test]
fn an_overlong_line_is_refused_not_parsed() {
    let mut s = Session::new(1);
    let out = s.execute(&"x".repeat(20_000), Timestamp(1));
    assert_eq!(out.exit_code, 2);
    assert!(out.output.contains("line too long"));
}

/// Pieces of shell syntax, so random lines reach every corner of the shell
/// grammar (quotes, expansions, substitutions, redirections, operators).
fn shell_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "echo",
        "cat",
        "grep",
        "-v",
        "web",
        "wc",
        "-l",
        "head",
        "-n",
        "1",
        "sort",
        "cut",
        "-d:",
        "-f1",
        "sh",
        "-c",
        "bash",
        "exit",
        "cd",
        "/tmp",
        "export",
        "X=1",
        "$X",
        "${X:-d}",
        "$?",
        "$(",
        ")",
        "`",
        "'",
        "\"",
        "\\",
        ";",
        "&&",
        "||",
        "|",
        "&",
        ">",
        ">>",
        "<",
        "2>&1",
        ">&2",
        "&>",
        "/tmp/f",
        "/etc/hosts",
        "/nope/x",
        "#",
        "!",
        "(",
        "{",
        "}",
        "if",
        "while",
        "<<",
        "docker",
        "ps",
        "history",
        "help",
        "env",
        "ping",
        "-c",
        "nosuch",
        "~",
        "$(echo",
        "*",
        "\n",
    ]);
    prop::collection::vec(token, 0..30).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// No shell line panics, on the host, in an attached container shell,
    /// or as a container's `sh -c` script; and its output stays capped.
    #[test]
    fn shell_lines_never_panic(lines in prop::collection::vec(shell_soup(), 1..6)) {
        let mut s = Session::new(1);
        s.execute("docker run -d --name web nginx", Timestamp(1));
        let mut t = 2;
        for line in &lines {
            for wrapped in [
                line.clone(),
                format!("docker run --rm alpine sh -c {}", bridgeport_commands::shell::quote(line)),
                format!("docker exec web bash -c {}", bridgeport_commands::shell::quote(line)),
            ] {
                let o = s.execute(&wrapped, Timestamp(t));
                t += 1;
                prop_assert!(o.output.len() <= bridgeport_commands::output::MAX_COMMAND_OUTPUT + 200);
            }
        }
        s.execute("docker run -it --name box alpine sh", Timestamp(t));
        for line in &lines {
            t += 1;
            s.execute(line, Timestamp(t));
        }
    }
}
