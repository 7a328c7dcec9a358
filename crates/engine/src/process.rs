//! What a container's main process is, decided from its command line, and
//! what it writes to its log when it starts. Servers are the program table's
//! rows ([`crate::program`]: "nginx listens on 80", "busybox `nc -l -p 9000`
//! listens on 9000"); what is left is a shell, an idler or a one-shot.

use crate::image::ImageRef;
use crate::model::{LogLine, Process};
use crate::program::{self, base_name, Program, Service};
use crate::Timestamp;

/// The program a command line runs once wrapper scripts are looked through
/// (the official images' entrypoint scripts end in `exec "$@"`).
fn strip_wrappers(argv: &[String]) -> &[String] {
    let wrappers = [
        "/docker-entrypoint.sh",
        "docker-entrypoint.sh",
        "/entrypoint.sh",
        "entrypoint.sh",
        "docker-php-entrypoint",
        "/__cacert_entrypoint.sh",
        "tini",
        "--",
        "exec",
    ];
    let mut rest = argv;
    while let Some(first) = rest.first() {
        if wrappers.contains(&first.as_str()) {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    rest
}

/// The command a container really runs: entrypoint wrapper scripts looked
/// through, and, like the official images' `docker-entrypoint.sh` (`if [
/// "${1#-}" != "$1" ]; then set -- redis-server "$@"`), a first argument that
/// is a flag handed to the image's default program.
pub fn effective_argv(argv: &[String], image: &ImageRef) -> Vec<String> {
    let rest = strip_wrappers(argv);
    let wrapped = rest.len() < argv.len();
    match (rest.first(), image.cmd().first()) {
        (Some(first), Some(program)) if wrapped && first.starts_with('-') => {
            std::iter::once(program.to_string())
                .chain(rest.iter().cloned())
                .collect()
        }
        _ => rest.to_vec(),
    }
}

/// The server a command line runs in `image` (`sh -c '…'` looked into), if any.
pub fn server(argv: &[String], image: &ImageRef) -> Option<&'static Program> {
    match classify_with(argv, image) {
        (Process::Server { .. }, p) => p,
        _ => None,
    }
}

/// Which service answers on a container's sockets.
pub fn service(argv: &[String], image: &ImageRef) -> Service {
    server(&effective_argv(argv, image), image).map_or(Service::OTHER, |p| p.service)
}

/// Classifies a main process. `argv` is entrypoint + cmd.
pub fn classify(argv: &[String], image: &ImageRef) -> Process {
    classify_with(argv, image).0
}

fn classify_with(argv: &[String], image: &ImageRef) -> (Process, Option<&'static Program>) {
    let argv = strip_wrappers(argv);
    let Some(first) = argv.first() else {
        return (Process::OneShot, None);
    };
    if let Some((p, listeners)) = program::serving(argv, image) {
        return (Process::Server { listeners }, Some(p));
    }
    let args = &argv[1..];
    let process = match base_name(first) {
        "sleep" | "top" => Process::Idle,
        "tail" if args.iter().any(|a| a == "-f" || a == "-F") => Process::Idle,
        "sh" | "bash" | "ash" | "zsh" | "dash"
            if args.is_empty() || args.iter().all(|a| a.starts_with('-') && a != "-c") =>
        {
            Process::Shell
        }
        "sh" | "bash" | "ash" | "zsh" | "dash"
            if args.first().map(String::as_str) == Some("-c") =>
        {
            let script = args.get(1).map(String::as_str).unwrap_or("");
            return classify_script(script, image);
        }
        // A REPL reads its terminal like a shell: it ends at once without `-i`.
        "python" | "python3" | "node" | "jshell" if args.is_empty() => Process::Shell,
        "php" if args.iter().all(|a| a == "-a") => Process::Shell,
        _ => Process::OneShot,
    };
    (process, None)
}

/// A `sh -c` script: the first command that does not return (a server or
/// an idler run in the foreground) is what the container runs from then on;
/// the commands before it run once (the command layer runs them). A
/// `while`/`until` loop that sleeps keeps the container up the same way.
fn classify_script(script: &str, image: &ImageRef) -> (Process, Option<&'static Program>) {
    let commands = script_commands(script);
    for (i, (words, background)) in commands.iter().enumerate() {
        let background = *background;
        let first = words.first().map(|w| base_name(w)).unwrap_or("");
        if matches!(first, "while" | "until")
            && commands[i..]
                .iter()
                .flat_map(|(w, _)| w)
                .any(|w| base_name(w) == "sleep")
        {
            return (Process::Idle, None);
        }
        if background {
            continue;
        }
        if let (p @ (Process::Server { .. } | Process::Idle), prog) = classify_with(words, image) {
            return (p, prog);
        }
    }
    (Process::OneShot, None)
}

/// Splits a script into its simple commands' words, with whether each was
/// put in the background (`&`): quotes group words, `;`, `&&`, `||`, `|`,
/// `&` and newlines separate commands. (The command layer's `shell` module
/// is the full grammar; this is only what classifying needs.)
pub fn script_commands(script: &str) -> Vec<(Vec<String>, bool)> {
    let mut out: Vec<(Vec<String>, bool)> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let end_word = |words: &mut Vec<String>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            ' ' | '\t' => end_word(&mut words, &mut word, &mut in_word),
            ';' | '\n' | '|' | '&' => {
                end_word(&mut words, &mut word, &mut in_word);
                let doubled = chars.peek() == Some(&c) && (c == '&' || c == '|');
                if doubled {
                    chars.next();
                }
                let background = c == '&' && !doubled;
                if !words.is_empty() {
                    out.push((std::mem::take(&mut words), background));
                }
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    end_word(&mut words, &mut word, &mut in_word);
    if !words.is_empty() {
        out.push((words, false));
    }
    out
}

/// What the main process logs when it starts: its program's lines.
pub fn startup_logs(argv: &[String], image: &ImageRef, now: Timestamp) -> Vec<LogLine> {
    let argv = strip_wrappers(argv);
    let Some(first) = argv.first() else {
        return Vec::new();
    };
    let exe = base_name(first);
    let own = image.image().map_or(&[][..], |i| i.programs);
    own.iter()
        .chain(program::all())
        .find(|p| p.exe.contains(&exe) && !p.logs.is_empty())
        .map(|p| p.startup_logs(image, now))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any() -> ImageRef {
        ImageRef::parse("busybox").unwrap()
    }

    fn classify_any(argv: &[String]) -> Process {
        classify(argv, &any())
    }

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    use crate::ports::Proto;

    fn listeners(s: &str) -> Vec<(Proto, String, u16)> {
        match classify(&argv(s), &any()) {
            Process::Server { listeners } => listeners
                .iter()
                .map(|l| (l.proto, l.addr.to_string(), l.port))
                .collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn servers_listen_where_their_programs_do() {
        let cases: &[(&str, Proto, &str, u16)] = &[
            (
                "/docker-entrypoint.sh nginx -g daemon",
                Proto::Tcp,
                "0.0.0.0",
                80,
            ),
            (
                "docker-entrypoint.sh redis-server",
                Proto::Tcp,
                "0.0.0.0",
                6379,
            ),
            ("redis-server --port 7000", Proto::Tcp, "0.0.0.0", 7000),
            ("python -m http.server", Proto::Tcp, "0.0.0.0", 8000),
            (
                "python3 -m http.server 9000 --bind 127.0.0.1",
                Proto::Tcp,
                "127.0.0.1",
                9000,
            ),
            (
                "python3 -m http.server --bind 127.0.0.1 9001",
                Proto::Tcp,
                "127.0.0.1",
                9001,
            ),
            ("nc -l -p 9000", Proto::Tcp, "0.0.0.0", 9000),
            ("nc -lk -p 9000", Proto::Tcp, "0.0.0.0", 9000),
            ("nc -lu -p 53", Proto::Udp, "0.0.0.0", 53),
            ("nc -l 7000", Proto::Tcp, "0.0.0.0", 7000),
            ("httpd -f -p 8000", Proto::Tcp, "0.0.0.0", 8000),
            ("httpd -f -p 127.0.0.1:8001", Proto::Tcp, "127.0.0.1", 8001),
        ];
        for (cmd, proto, addr, port) in cases {
            assert_eq!(
                listeners(cmd),
                vec![(*proto, addr.to_string(), *port)],
                "{cmd}"
            );
        }
    }

    #[test]
    fn a_script_runs_until_its_first_command_that_does_not_return() {
        let sh =
            |script: &str| classify_any(&["sh".to_string(), "-c".to_string(), script.to_string()]);
        assert_eq!(sh("echo started; sleep 3600"), Process::Idle);
        assert_eq!(sh("echo a && tail -f /dev/null"), Process::Idle);
        assert_eq!(sh("while true; do sleep 1; done"), Process::Idle);
        assert_eq!(sh("echo hi; exit 0"), Process::OneShot);
        assert_eq!(sh("sleep 100 & echo bg"), Process::OneShot);
        assert!(
            matches!(sh("echo 'a;b' ; nc -l -p 5000"), Process::Server { listeners } if listeners[0].port == 5000)
        );
        assert_eq!(
            script_commands("a 'b c' | d && e & f"),
            vec![
                (vec!["a".to_string(), "b c".to_string()], false),
                (vec!["d".to_string()], false),
                (vec!["e".to_string()], true),
                (vec!["f".to_string()], false),
            ]
        );
    }

    #[test]
    fn a_shell_script_is_classified_by_what_it_runs() {
        let argv: Vec<String> = vec!["sh".into(), "-c".into(), "nc -l -p 5000".into()];
        assert!(
            matches!(classify(&argv, &any()), Process::Server { listeners } if listeners[0].port == 5000)
        );
    }

    #[test]
    fn a_flag_after_an_entrypoint_script_goes_to_the_default_program() {
        let curl = ImageRef::parse("curlimages/curl").unwrap();
        assert_eq!(
            effective_argv(&argv("/entrypoint.sh -s http://web"), &curl),
            argv("curl -s http://web")
        );
        let redis = ImageRef::parse("redis").unwrap();
        assert_eq!(
            effective_argv(&argv("docker-entrypoint.sh --port 7000"), &redis),
            argv("redis-server --port 7000")
        );
        assert_eq!(effective_argv(&argv("echo hi"), &redis), argv("echo hi"));
    }

    #[test]
    fn shells_idlers_and_one_shots() {
        assert_eq!(classify_any(&argv("/bin/sh")), Process::Shell);
        assert_eq!(classify_any(&argv("sleep infinity")), Process::Idle);
        assert_eq!(classify_any(&argv("tail -f /dev/null")), Process::Idle);
        assert_eq!(classify_any(&argv("echo hi")), Process::OneShot);
        assert_eq!(classify_any(&argv("ping -c 1 db")), Process::OneShot);
        // busybox httpd without -f daemonises: the main process exits at once.
        assert_eq!(classify_any(&argv("httpd -p 8000")), Process::OneShot);
        assert_eq!(classify(&[], &any()), Process::OneShot);
    }
}
