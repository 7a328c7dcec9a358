//! Tab completion from the tables that run what is completed: programs from
//! the tools table ([`TOOLS`]); commands, subcommands, flags and operands
//! of `docker` from the command table ([`crate::docker::specs::ALL`], the
//! one that dispatches and parses them), and of `docker compose` from
//! Compose's own table ([`crate::compose::specs`]); container, network and
//! image names from the engine; service names from the project's compose
//! file in the host shell's directory.

use crate::context::Place;
use crate::docker::table::{Table, DOCKER};
use crate::flags::{CommandSpec, Handler, Kind};
use crate::shell::Shells;
use crate::tools::{Where, TOOLS};
use bridgeport_engine::Engine;

/// Candidates that replace the last (partial) word of `line`; `shells`
/// gives the host's files and working directory (the compose project).
pub fn complete(engine: &Engine, place: &Place, shells: &Shells, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(' ') || line.is_empty() {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let done: Vec<&str> = if partial.is_empty() {
        words.clone()
    } else {
        words[..words.len() - 1].to_vec()
    };
    let mut pool: Vec<String> = Vec::new();
    match place {
        _ if done.is_empty() => pool = program_names(engine, place),
        Place::Host if done.starts_with(&["docker", "compose"]) => {
            pool = compose_words(engine, shells, &done[2..], partial.starts_with('-'))
        }
        Place::Host if done.first() == Some(&"docker") => {
            pool = docker_words(&DOCKER, engine, &done[1..], partial.starts_with('-'))
        }
        _ => {
            pool.extend(engine.containers().iter().map(|c| c.name.clone()));
        }
    }
    bridgeport_golib::sort::sort(&mut pool);
    pool.dedup();
    pool.into_iter()
        .filter(|c| c.starts_with(partial))
        .collect()
}

/// The programs a line may start with at `place`: the simulated programs
/// of the tools table ([`TOOLS`]) that exist there (in a container: in its
/// image), and what the place itself answers (`docker` and `lan` on the
/// host, `exit` elsewhere).
fn program_names(engine: &Engine, place: &Place) -> Vec<String> {
    let (here, own): (Option<Where>, &[&str]) = match place {
        Place::Host => (Some(Where::Host), &["docker", "lan"]),
        Place::Lan => (Some(Where::Lan), &["exit"]),
        Place::Container(a) => (
            engine.container_by_id(&a.container_id).map(Where::Image),
            &["exit"],
        ),
    };
    let tools = TOOLS
        .iter()
        .filter(|t| (t.run.is_some() || t.text.is_some()) && here.is_some_and(|h| t.exists(h)))
        .flat_map(|t| t.names.iter());
    tools.chain(own).map(|n| n.to_string()).collect()
}

/// What may follow `docker <words>`: the table's commands under a
/// management command, a command's flags (`flag` is true when the word
/// being typed starts with `-`), a flag's value or the next operand.
pub(crate) fn docker_words(
    table: &Table,
    engine: &Engine,
    words: &[&str],
    flag: bool,
) -> Vec<String> {
    let names = |found: Vec<(&str, &CommandSpec)>| -> Vec<String> {
        found.into_iter().map(|(n, _)| n.to_string()).collect()
    };
    let Some((first, mut rest)) = words.split_first() else {
        return names(table.children("docker"));
    };
    let Some(mut spec) = table.find(&format!("docker {first}")) else {
        return Vec::new();
    };
    while let Handler::Subcommands = spec.handler {
        let Some((word, after)) = rest.split_first() else {
            return names(table.children(spec.path));
        };
        match table.find(&format!("{} {word}", spec.path)) {
            Some(sub) => (spec, rest) = (sub, after),
            None => return Vec::new(),
        }
    }
    if !spec.simulated() {
        return Vec::new();
    }
    if flag {
        return spec
            .flags
            .iter()
            .filter(|f| !f.help.is_empty())
            .map(|f| format!("--{}", f.long))
            .collect();
    }
    match next_word(spec, rest) {
        Next::Value("network") => network_names(engine),
        Next::Value(_) => Vec::new(),
        Next::Operand(n) => operand_names(engine, spec.usage, n),
    }
}

/// What may follow `docker compose <words>`, as Compose's cobra completion
/// offers it (`cmd/compose/completion.go`): the global flags and, after
/// them, the subcommands the playground runs; a subcommand's flags; the
/// project's service names where its usage line takes a SERVICE
/// (`completeServiceNames`, from the compose file in the working
/// directory); project names for `-p` (`completeProjectNames`, from the
/// containers' labels) and the printer modes for `--progress`.
fn compose_words(engine: &Engine, shells: &Shells, words: &[&str], flag: bool) -> Vec<String> {
    use crate::compose::specs::{self, ROOT};
    let long_flags = |spec: &CommandSpec| -> Vec<String> {
        spec.flags
            .iter()
            .filter(|f| !f.help.is_empty())
            .map(|f| format!("--{}", f.long))
            .collect()
    };
    // The global flags come before the subcommand (SetInterspersed(false)).
    let mut i = 0;
    let mut pending = None;
    let mut given: Vec<(&str, String)> = Vec::new();
    while let Some(w) = words.get(i) {
        i += 1;
        if let Some(name) = pending.take() {
            given.push((name, w.to_string()));
            continue;
        }
        if !w.starts_with('-') || *w == "-" {
            i -= 1;
            break;
        }
        let wanted = match w.strip_prefix("--") {
            Some(long) => match long.split_once('=') {
                Some((name, value)) => {
                    if let Some(f) = ROOT.find_long(name) {
                        given.push((f.long, value.to_string()));
                    }
                    None
                }
                None => ROOT.find_long(long),
            },
            None => w.chars().last().and_then(|c| ROOT.find_short(c)),
        };
        if let Some(f) = wanted.filter(|f| f.kind != Kind::Bool) {
            pending = Some(f.long);
        }
    }
    if let Some(name) = pending {
        return match name {
            "project-name" => compose_projects(engine),
            "progress" => ["auto", "tty", "plain", "json", "quiet"]
                .iter()
                .map(|m| m.to_string())
                .collect(),
            _ => Vec::new(),
        };
    }
    let Some((word, rest)) = words[i..].split_first() else {
        if flag {
            return long_flags(&ROOT);
        }
        return specs::COMPOSE
            .iter()
            .filter_map(|s| s.spec.path.rsplit(' ').next())
            .map(str::to_string)
            .collect();
    };
    let Some(sub) = specs::find(word) else {
        return Vec::new();
    };
    if flag {
        return long_flags(&sub.spec);
    }
    match next_word(&sub.spec, rest) {
        Next::Value(_) => Vec::new(),
        Next::Operand(n) => {
            let takes_service = usage_operand(sub.spec.usage, n)
                .is_some_and(|w| w.trim_start_matches('[').starts_with("SERVICE"));
            if takes_service {
                let values = |name: &str| -> Vec<String> {
                    given
                        .iter()
                        .filter(|(n, _)| *n == name)
                        .map(|(_, v)| v.clone())
                        .collect()
                };
                let globals = crate::compose::Globals {
                    files: values("file"),
                    project_directory: values("project-directory").pop(),
                    env: crate::compose::Env {
                        cwd: shells.host_cwd().to_string(),
                        environ: Vec::new(),
                    },
                    ..Default::default()
                };
                crate::compose::load::service_names(&shells.files, &globals)
            } else {
                Vec::new()
            }
        }
    }
}

/// The Compose projects the engine's containers belong to (their
/// `com.docker.compose.project` label), as `docker compose ls -a` lists them.
fn compose_projects(engine: &Engine) -> Vec<String> {
    engine
        .containers()
        .iter()
        .filter_map(|c| c.config.labels.get(crate::compose::labels::PROJECT))
        .cloned()
        .collect()
}

/// Operand `n` (from 0) of a usage line ("[OPTIONS] NETWORK CONTAINER"); a
/// last operand with `...` repeats.
fn usage_operand(usage: &str, n: usize) -> Option<&str> {
    let operands: Vec<&str> = usage
        .split_whitespace()
        .filter(|w| *w != "[OPTIONS]")
        .collect();
    match operands.get(n) {
        Some(w) => Some(*w),
        None => operands.last().copied().filter(|w| w.ends_with("...]")),
    }
}

/// What the word being typed is, after a command's words so far.
enum Next {
    /// The value of a flag that takes one (its type word in help: "network", "string", ...).
    Value(&'static str),
    /// Operand number n (from 0) of the usage line.
    Operand(usize),
}

/// Reads a command's words as [`crate::flags::parse`] would, counting operands.
fn next_word(spec: &CommandSpec, words: &[&str]) -> Next {
    let mut operands = 0;
    let mut pending = None;
    let mut iter = words.iter();
    while let Some(w) = iter.next() {
        if pending.take().is_some() {
            continue;
        }
        if *w == "--" {
            operands += iter.count();
            break;
        }
        if operands > 0 && !spec.interspersed {
            // `docker run IMAGE ping -c 1`: the rest is the container's command.
            operands += 1 + iter.count();
            break;
        }
        let wanted = if let Some(long) = w.strip_prefix("--") {
            spec.find_long(long)
        } else if let Some(shorts) = w.strip_prefix('-').filter(|s| !s.is_empty()) {
            // pflag: the first short flag that takes a value takes the rest
            // of the word, or the next word when nothing follows (`-dp 80`).
            let chars: Vec<char> = shorts.chars().collect();
            chars
                .iter()
                .position(|c| spec.find_short(*c).is_some_and(|f| f.kind != Kind::Bool))
                .filter(|&i| i + 1 == chars.len())
                .and_then(|i| spec.find_short(chars[i]))
        } else {
            operands += 1;
            None
        };
        if let Some(Kind::Value(kind)) = wanted.map(|f| f.kind) {
            pending = Some(kind);
        }
    }
    match pending {
        Some(kind) => Next::Value(kind),
        None => Next::Operand(operands),
    }
}

/// The names operand `n` of a usage line ("[OPTIONS] NETWORK CONTAINER")
/// stands for; a last operand with `...` repeats.
fn operand_names(engine: &Engine, usage: &str, n: usize) -> Vec<String> {
    let Some(word) = usage_operand(usage, n) else {
        return Vec::new();
    };
    let word = word.trim_start_matches('[');
    let mut pool = Vec::new();
    if word.starts_with("CONTAINER") || word.starts_with("NAME|ID") {
        pool.extend(engine.containers().iter().map(|c| c.name.clone()));
    }
    if word.starts_with("NETWORK") || word.starts_with("NAME|ID") {
        pool.extend(network_names(engine));
    }
    if word.starts_with("IMAGE") || word.starts_with("REPOSITORY") || word.starts_with("NAME[") {
        pool.extend(
            bridgeport_engine::image::CATALOGUE
                .iter()
                .map(|i| i.repo.to_string()),
        );
    }
    pool
}

fn network_names(engine: &Engine) -> Vec<String> {
    engine.networks().iter().map(|n| n.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use crate::Session;
    use bridgeport_engine::Timestamp;

    fn session() -> Session {
        let mut s = Session::new(1);
        for line in [
            "docker network create app",
            "docker run -d --name web --network app nginx",
        ] {
            assert_eq!(s.execute(line, Timestamp(0)).exit_code, 0, "{line}");
        }
        s
    }

    /// Subcommands, flags and operands come from the command table: the
    /// words `docker container` dispatches, the flags `docker image ls`
    /// parses (both were missing when completion kept its own lists).
    #[test]
    fn docker_words_come_from_the_command_table() {
        let s = session();
        let cases: &[(&str, &[&str])] = &[
            (
                "docker container ",
                &[
                    "attach", "create", "exec", "inspect", "kill", "logs", "ls", "port", "prune",
                    "restart", "rm", "run", "start", "stop", "wait",
                ],
            ),
            ("docker container l", &["logs", "ls"]),
            ("docker image ", &["inspect", "ls", "pull"]),
            ("docker netw", &["network"]),
            (
                "docker image ls --",
                &["--all", "--digests", "--format", "--no-trunc", "--quiet"],
            ),
            ("docker container ls --f", &["--filter", "--format"]),
            ("docker ps --f", &["--filter", "--format"]),
            (
                "docker network connect ",
                &["app", "bridge", "host", "none"],
            ),
            ("docker network connect app ", &["web"]),
            ("docker network connect --alias db app ", &["web"]),
            ("docker run --network ", &["app", "bridge", "host", "none"]),
            ("docker run -d --name x ngi", &["nginx"]),
            ("docker run nginx ", &[]),
            ("docker stop ", &["web"]),
            ("docker inspect ", &["app", "bridge", "host", "none", "web"]),
            ("docker build ", &[]),
            ("docker frob ", &[]),
        ];
        for (line, want) in cases {
            assert_eq!(s.complete(line), want.to_vec(), "{line:?}");
        }
    }

    /// `docker compose` completes from Compose's own command table (its
    /// subcommands, each one's flags as its `--help` lists them) and service
    /// names from compose.yaml in the working directory, on every operand a
    /// usage line calls SERVICE (docker/compose v5.5.0 cmd/compose/
    /// completion.go completeServiceNames, the ValidArgsFunction of up, logs,
    /// exec, ...); `-p` gets the projects of the containers' labels
    /// (completeProjectNames), `--progress` the printer modes.
    #[test]
    fn compose_words_come_from_compose_table_and_file() {
        let mut s = Session::new(1);
        let file = "cat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: nginx\n  db:\n    image: postgres\n  debug:\n    image: busybox\n    profiles: [dev]\nEOF";
        assert_eq!(s.execute(file, Timestamp(0)).exit_code, 0);
        let subs = s.complete("docker compose ");
        for w in ["config", "down", "exec", "logs", "ps", "up", "version"] {
            assert!(subs.contains(&w.to_string()), "{w}: {subs:?}");
        }
        assert!(!subs.contains(&"watch".to_string()), "{subs:?}");
        let cases: &[(&str, &[&str])] = &[
            ("docker compose u", &["up"]),
            ("docker compose -p x l", &["logs", "ls"]),
            (
                "docker compose --pro",
                &[
                    "--profile",
                    "--progress",
                    "--project-directory",
                    "--project-name",
                ],
            ),
            (
                "docker compose --progress ",
                &["auto", "json", "plain", "quiet", "tty"],
            ),
            (
                "docker compose up --wa",
                &["--wait", "--wait-timeout", "--watch"],
            ),
            (
                "docker compose exec -",
                &[
                    "--detach",
                    "--dry-run",
                    "--env",
                    "--index",
                    "--no-tty",
                    "--privileged",
                    "--user",
                    "--workdir",
                ],
            ),
            ("docker compose up ", &["db", "debug", "web"]),
            ("docker compose up -d web ", &["db", "debug", "web"]),
            ("docker compose logs w", &["web"]),
            ("docker compose exec ", &["db", "debug", "web"]),
            ("docker compose exec web ", &[]),
            ("docker compose port web ", &[]),
            ("docker compose exec --user ", &[]),
            ("docker compose ls ", &[]),
            ("docker compose -f nosuch.yaml up ", &[]),
            ("docker compose frob ", &[]),
        ];
        for (line, want) in cases {
            assert_eq!(s.complete(line), want.to_vec(), "{line:?}");
        }
        assert_eq!(s.execute("docker compose up -d", Timestamp(0)).exit_code, 0);
        assert_eq!(s.complete("docker compose -p "), ["myapp"]);
        assert_eq!(s.execute("cd /", Timestamp(0)).exit_code, 0);
        assert_eq!(s.complete("docker compose up "), Vec::<String>::new());
        let dir = "docker compose --project-directory /home/learner/myapp up ";
        assert_eq!(s.complete(dir), ["db", "debug", "web"]);
    }

    /// The first word comes from the tools table: what exists at the
    /// prompt's place and runs (an alpine container has busybox `wget`,
    /// no `curl`; the host has `curl` but not-simulated `systemctl` is not offered).
    #[test]
    fn programs_come_from_the_tools_table() {
        let mut s = session();
        let host = s.complete("");
        for w in ["curl", "docker", "grep", "iptables", "lan", "ping"] {
            assert!(host.contains(&w.to_string()), "{w}: {host:?}");
        }
        assert!(!host.contains(&"systemctl".to_string()), "{host:?}");
        assert_eq!(
            s.complete("ipt"),
            ["iptables", "iptables-restore", "iptables-save"]
        );
        let line = "docker run -it --name a1 alpine sh";
        assert_eq!(s.execute(line, Timestamp(0)).exit_code, 0);
        let inside = s.complete("");
        for w in ["exit", "nslookup", "ping", "wget"] {
            assert!(inside.contains(&w.to_string()), "{w}: {inside:?}");
        }
        assert!(!inside.contains(&"curl".to_string()), "{inside:?}");
        assert!(!inside.contains(&"docker".to_string()), "{inside:?}");
    }

    /// `docker <Tab>` offers what `docker --help` lists, and not the real
    /// commands the playground does not simulate.
    #[test]
    fn top_level_words_are_the_simulated_commands() {
        let words = session().complete("docker ");
        for w in [
            "container",
            "image",
            "images",
            "network",
            "ps",
            "run",
            "version",
        ] {
            assert!(words.contains(&w.to_string()), "{w}: {words:?}");
        }
        assert!(!words.contains(&"build".to_string()), "{words:?}");
        assert!(!words.contains(&"ls".to_string()), "{words:?}");
    }
}
