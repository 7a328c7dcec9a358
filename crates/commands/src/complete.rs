//! Tab completion from the tables that run what is completed: programs from
//! the tools table ([`TOOLS`]); commands, subcommands, flags and operands
//! of `docker` from the command table ([`crate::docker::specs::ALL`], the
//! one that dispatches and parses them); container, network and image
//! names from the engine.

use crate::context::Place;
use crate::docker::table::{Table, DOCKER};
use crate::flags::{CommandSpec, Handler, Kind};
use crate::tools::{Where, TOOLS};
use bridgeport_engine::Engine;

/// Candidates that replace the last (partial) word of `line`.
pub fn complete(engine: &Engine, place: &Place, line: &str) -> Vec<String> {
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
    let operands: Vec<&str> = usage
        .split_whitespace()
        .filter(|w| *w != "[OPTIONS]")
        .collect();
    let word = match operands.get(n) {
        Some(w) => *w,
        None => match operands.last() {
            Some(w) if w.ends_with("...]") => w,
            _ => return Vec::new(),
        },
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
        assert_eq!(s.complete("ipt"), ["iptables", "iptables-save"]);
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
