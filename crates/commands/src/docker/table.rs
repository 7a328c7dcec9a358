//! What is generated from the command table ([`specs::ALL`]): finding the
//! entry a command line names (dispatch and completion), the commands under
//! `docker` or a management command, `docker --help` and the management
//! commands' help. A [`Table`] is a value so that a test can add an entry
//! and see every one of these pick it up.

use super::specs;
use crate::flags::{CommandSpec, Group};
use std::fmt::Write as _;

/// A command table: a list of entries, read by dispatch, help and completion.
#[derive(Debug, Clone, Copy)]
pub struct Table(pub &'static [CommandSpec]);

/// The playground's `docker`.
pub static DOCKER: Table = Table(specs::ALL);

impl Table {
    /// The entry a full path names ("docker container ls"), by its path or an alias.
    pub fn find(&self, path: &str) -> Option<&'static CommandSpec> {
        self.0.iter().find(|s| s.names().any(|n| n == path))
    }

    /// The simulated commands right under `parent` ("docker" or a management
    /// command), each once under its first name there, sorted by name.
    pub fn children(&self, parent: &str) -> Vec<(&'static str, &'static CommandSpec)> {
        let mut found: Vec<(&'static str, &'static CommandSpec)> = self
            .0
            .iter()
            .filter(|s| s.simulated())
            .filter_map(|s| name_under(parent, s).map(|w| (w, s)))
            .collect();
        bridgeport_golib::sort::sort_by(&mut found, |a, b| a.0.cmp(b.0));
        found
    }

    /// One section of `docker --help` (by its title): common commands by
    /// their rank, the others by name.
    pub fn section(&self, title: &str) -> Vec<(&'static str, &'static CommandSpec)> {
        let mut found: Vec<_> = self
            .children("docker")
            .into_iter()
            .filter(|(_, s)| s.group.title() == Some(title))
            .collect();
        let rank = |s: &CommandSpec| match s.group {
            Group::Common(r) => r,
            _ => 0,
        };
        bridgeport_golib::sort::sort_by(&mut found, |a, b| rank(a.1).cmp(&rank(b.1)));
        found
    }

    /// `docker --help`: docker/cli's help template, its sections from the table.
    pub fn top_help(&self) -> String {
        let mut s = String::from(
            "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n",
        );
        for &title in &["Common Commands", "Management Commands", "Commands"] {
            let _ = write!(s, "\n{title}:\n");
            for (name, spec) in self.section(title) {
                // A CLI plugin's name is decorated with `*` (cli/cobra.go decoratedName).
                let name = if matches!(spec.handler, crate::flags::Handler::Words(_))
                    && spec.group == Group::Management
                {
                    format!("{name}*")
                } else {
                    name.to_string()
                };
                let _ = writeln!(s, "  {name:<11} {}", spec.short);
            }
        }
        s.push_str("\nRun 'docker COMMAND --help' for more information on a command.\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\n");
        s
    }

    /// `docker network --help`, `docker container --help`: its subcommands from the table.
    pub fn management_help(&self, spec: &CommandSpec) -> String {
        let subs = self.children(spec.path);
        let width = subs.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(11);
        let path = spec.path;
        let mut s = format!("\nUsage:  {path} COMMAND\n\n{}\n\nCommands:\n", spec.short);
        for (name, sub) in subs {
            let _ = writeln!(s, "  {name:<width$} {}", sub.short);
        }
        let _ = write!(
            s,
            "\nRun '{path} COMMAND --help' for more information on a command.\n"
        );
        s
    }
}

/// The word that names `spec` right under `parent` ("docker container" →
/// "ls" for `docker ps`): its first name there.
fn name_under(parent: &str, spec: &CommandSpec) -> Option<&'static str> {
    spec.names().find_map(|n| {
        n.strip_prefix(parent)?
            .strip_prefix(' ')
            .filter(|w| !w.contains(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Ctx, Place};
    use crate::flags::{flag, Args, Handler, Kind, Parsed};
    use crate::output::Output;
    use bridgeport_engine::{Engine, Timestamp};

    /// The handler of the entry [`adding_a_subcommand_is_one_entry_and_its_handler`] adds.
    fn hello(_: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
        let mut o = Output::new();
        let greeting = format!("hello, {}", p.positionals[0]);
        o.outln(&if p.bool("loud") {
            greeting.to_uppercase()
        } else {
            greeting
        });
        o
    }

    /// Adding a subcommand is one entry plus its handler: with nothing
    /// else changed, dispatch finds it by its name and alias, its flags
    /// parse, its `--help` and usage errors are written, its management
    /// command's help lists it and completion offers it and its flags.
    #[test]
    fn adding_a_subcommand_is_one_entry_and_its_handler() {
        const ENTRY: CommandSpec = CommandSpec {
            path: "docker network hello",
            usage: "[OPTIONS] NETWORK",
            short: "Greet a network",
            aliases: &["docker network hello", "docker network hi"],
            flags: &[flag("loud", Some('l'), Kind::Bool, "Greet loudly")],
            args: Args::Exact(1),
            interspersed: true,
            group: Group::Unlisted,
            handler: Handler::Flags(hello),
        };
        let table = Table(Box::leak([DOCKER.0, &[ENTRY]].concat().into_boxed_slice()));
        let mut engine = Engine::new(1, Timestamp(0));
        let run = |engine: &mut Engine, line: &str| {
            let (mut packets, mut place, mut scene) = (Vec::new(), Place::Host, None);
            let mut shells = crate::shell::Shells::default();
            let mut ctx = Ctx {
                engine,
                now: Timestamp(0),
                packets: &mut packets,
                place: &mut place,
                scene: &mut scene,
                shells: &mut shells,
                capture: &mut None,
            };
            let words: Vec<String> = line.split_whitespace().skip(1).map(String::from).collect();
            let o = super::super::dispatch(&table, &mut ctx, &words);
            (o.text(), o.code)
        };
        assert_eq!(
            run(&mut engine, "docker network hello app"),
            ("hello, app\n".into(), 0)
        );
        assert_eq!(
            run(&mut engine, "docker network hi -l app"),
            ("HELLO, APP\n".into(), 0)
        );
        let (help, _) = run(&mut engine, "docker network hello --help");
        assert!(help.starts_with("\nUsage:  docker network hello [OPTIONS] NETWORK\n\nGreet a network\n\nAliases:\n  docker network hello, docker network hi\n"), "{help}");
        assert!(help.contains("  -l, --loud   Greet loudly\n"), "{help}");
        let (err, code) = run(&mut engine, "docker network hello");
        assert_eq!(code, 1);
        assert!(
            err.starts_with("docker: 'docker network hello' requires 1 argument\n"),
            "{err}"
        );
        let (help, _) = run(&mut engine, "docker network --help");
        assert!(help.contains("\n  hello       Greet a network\n"), "{help}");
        let words = crate::complete::docker_words(&table, &engine, &["network"], false);
        assert!(words.contains(&"hello".to_string()), "{words:?}");
        let flags = crate::complete::docker_words(&table, &engine, &["network", "hi"], true);
        assert_eq!(flags, ["--loud"]);
        // Without the entry, none of it exists.
        let words = crate::complete::docker_words(&DOCKER, &engine, &["network"], false);
        assert!(!words.contains(&"hello".to_string()), "{words:?}");
    }

    /// Each full path names one entry: two entries claiming a name would
    /// make dispatch depend on their order.
    #[test]
    fn every_name_is_claimed_once() {
        let mut seen = std::collections::BTreeMap::new();
        for spec in DOCKER.0 {
            for name in spec.names() {
                assert!(
                    seen.insert(name, spec.path).is_none(),
                    "{name} is claimed by {} and {}",
                    seen[name],
                    spec.path
                );
                assert!(std::ptr::eq(DOCKER.find(name).unwrap(), spec), "{name}");
            }
        }
    }

    /// The groups agree with the handlers and the names: a management
    /// command has subcommands; a command reachable as `docker X` is in a
    /// section of `docker --help`, one that is not, in none; every
    /// `docker X Y` hangs under a management command `docker X`.
    #[test]
    fn groups_agree_with_handlers_and_names() {
        for spec in DOCKER.0 {
            let top = spec.names().any(|n| n.matches(' ').count() == 1);
            match spec.group {
                // A CLI plugin (compose) dispatches its own subcommands.
                Group::Management => assert!(matches!(
                    spec.handler,
                    Handler::Subcommands | Handler::Words(_)
                )),
                Group::Common(_) | Group::Other => {
                    assert!(top && spec.simulated(), "{}", spec.path)
                }
                Group::Unlisted => {
                    assert!(!top || !spec.simulated(), "{} is in no section", spec.path)
                }
            }
            if matches!(spec.handler, Handler::Subcommands) {
                assert_eq!(spec.group, Group::Management, "{}", spec.path);
            }
            for name in spec.names() {
                if let Some((parent, _)) = name.rsplit_once(' ').filter(|(p, _)| *p != "docker") {
                    let parent = DOCKER
                        .find(parent)
                        .unwrap_or_else(|| panic!("{name}: no {parent}"));
                    assert!(matches!(parent.handler, Handler::Subcommands), "{name}");
                }
            }
        }
    }

    /// docker/cli's help lists subcommands as cobra sorts them, by name
    /// (spf13/cobra `EnableCommandSorting`): `port` before `prune`.
    #[test]
    fn management_help_lists_subcommands_sorted_from_the_table() {
        let help = DOCKER.management_help(DOCKER.find("docker container").unwrap());
        let names: Vec<&str> = help
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "attach", "create", "exec", "inspect", "kill", "logs", "ls", "port", "prune",
                "restart", "rm", "run", "start", "stop", "wait"
            ]
        );
        assert!(help
            .contains("\n  inspect     Display detailed information on one or more containers\n"));
    }
}
