//! The page's URL query: `?embed&lesson=basics&file=compose.yaml:...&commands=...&theme=dark&panels=terminal,topology&seed=7&autofocus`.
//!
//! Parsing is pure and strict about values, lenient about names: unknown
//! parameters are ignored (a course page may add its own), known ones with a
//! bad value are errors. Everything that comes out is plain data: commands
//! are strings for the terminal, never markup or script.

use super::{check_command, Theme, MAX_COMMANDS};
use crate::lesson::valid_id;
use bridgeport_commands::shell::heredoc_command;

/// The longest query string looked at.
pub const MAX_QUERY: usize = 256 * 1024;

/// A view of the page that `panels=` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Terminal,
    Topology,
    Packets,
    Matrix,
    Inspect,
    /// The file editor.
    Files,
}

impl Panel {
    pub const ALL: [Panel; 6] = [
        Panel::Terminal,
        Panel::Topology,
        Panel::Packets,
        Panel::Matrix,
        Panel::Inspect,
        Panel::Files,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Terminal => "terminal",
            Panel::Topology => "topology",
            Panel::Packets => "packets",
            Panel::Matrix => "matrix",
            Panel::Inspect => "inspect",
            Panel::Files => "files",
        }
    }

    fn parse(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// What the query asks the page to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageOptions {
    /// Files to write before anything runs (`file=PATH:TEXT`, may repeat),
    /// as the shell lines that write them ([`heredoc_command`]); a relative
    /// path is in the host shell's `~/myapp`.
    pub files: Vec<String>,
    /// Commands to run first, in order (from every `commands=`).
    pub commands: Vec<String>,
    pub lesson: Option<String>,
    /// None: the learner's stored choice or the system preference (`theme=auto`).
    pub theme: Option<Theme>,
    /// None: the page's default layout.
    pub panels: Option<Vec<Panel>>,
    /// The compact layout for an iframe.
    pub embed: bool,
    pub seed: Option<u64>,
    /// Focus the command line when the page opens. An embedded page never
    /// takes focus on its own (it would scroll the course page to it); a
    /// course author opts in with `autofocus`.
    pub autofocus: bool,
}

/// Shows at most 40 characters of a bad value in an error.
fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// `application/x-www-form-urlencoded` decoding, as `URLSearchParams` does,
/// except that a broken `%` escape or invalid UTF-8 is an error.
fn form_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                    _ => return Err(format!("`{}` has a broken %-escape", shown(s))),
                }
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("`{}` is not UTF-8 text once decoded", shown(s)))
}

/// Splits a `commands=` value into lines: at newlines, and at `;` outside quotes.
fn split_commands(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut single, mut double, mut escaped) = (false, false, false);
    for ch in s.chars() {
        if escaped {
            cur.push(ch);
            escaped = false;
            continue;
        }
        match ch {
            '\\' if !single => {
                escaped = true;
                cur.push(ch);
            }
            '\'' if !double => {
                single = !single;
                cur.push(ch);
            }
            '"' if !single => {
                double = !double;
                cur.push(ch);
            }
            '\n' => {
                out.push(std::mem::take(&mut cur));
                single = false;
                double = false;
            }
            ';' if !single && !double => out.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|c| {
            c.trim_matches(|ch: char| ch == '\r' || ch.is_whitespace())
                .to_string()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Parses a page's query string (with or without the leading `?`), strictly:
/// the first bad parameter is the error (the JS API throws it).
pub fn parse_query(query: &str) -> Result<PageOptions, String> {
    let (opts, mut errors) = parse_query_each(query);
    match errors.is_empty() {
        true => Ok(opts),
        false => Err(errors.swap_remove(0)),
    }
}

/// Parses a page's query string one parameter at a time: a bad value
/// (`theme=pink`) is an error in the list and is ignored, and every other
/// parameter still applies (a page address must not lose `lesson=` to a
/// typo in `theme=`). Errors come in the order of the parameters.
pub fn parse_query_each(query: &str) -> (PageOptions, Vec<String>) {
    let q = query.strip_prefix('?').unwrap_or(query);
    let mut opts = PageOptions::default();
    if q.len() > MAX_QUERY {
        return (
            opts,
            vec![format!(
                "the address is too long ({} characters; the limit is {MAX_QUERY})",
                q.len()
            )],
        );
    }
    let mut errors = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = match pair.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (pair, None),
        };
        // Unknown parameters (a broken name cannot be a known one) are not even decoded.
        let Ok(key) = form_decode(raw_key) else {
            continue;
        };
        if !matches!(
            key.as_str(),
            "commands" | "file" | "lesson" | "theme" | "panels" | "embed" | "seed" | "autofocus"
        ) {
            continue;
        }
        if key != "commands" && key != "file" {
            if seen.contains(&key) {
                errors.push(format!("`{key}` is given twice"));
                continue;
            }
            seen.push(key.clone());
        }
        let applied = match raw_value {
            Some(v) => form_decode(v),
            None => Ok(String::new()),
        }
        .and_then(|value| apply(&mut opts, &key, value));
        if let Err(e) = applied {
            errors.push(e);
        }
    }
    (opts, errors)
}

/// Sets one known parameter; on an error `opts` is unchanged.
fn apply(opts: &mut PageOptions, key: &str, value: String) -> Result<(), String> {
    match key {
        "file" => {
            let Some((path, text)) = value.split_once(':') else {
                return Err(format!(
                    "`file={}` needs a path, a colon and the text (file=compose.yaml:services: …)",
                    shown(&value)
                ));
            };
            let path = path.trim();
            if path.is_empty() || path.chars().any(char::is_control) {
                return Err(format!("`file={}` has no usable path", shown(&value)));
            }
            let line = heredoc_command(path, text);
            check_command(opts.files.len(), &line)
                .map_err(|e| format!("`file={}`: {e}", shown(path)))?;
            if opts.files.len() + opts.commands.len() >= MAX_COMMANDS {
                return Err(format!("too many commands (the limit is {MAX_COMMANDS})"));
            }
            opts.files.push(line);
        }
        "commands" => {
            let lines = split_commands(&value);
            for (i, c) in lines.iter().enumerate() {
                check_command(opts.commands.len() + i, c)?;
            }
            if opts.commands.len() + lines.len() > MAX_COMMANDS {
                return Err(format!(
                    "too many commands ({}; the limit is {MAX_COMMANDS})",
                    opts.commands.len() + lines.len()
                ));
            }
            opts.commands.extend(lines);
        }
        "lesson" => {
            if !valid_id(&value) {
                return Err(format!(
                    "`{}` is not a lesson id (lowercase letters, digits and -)",
                    shown(&value)
                ));
            }
            opts.lesson = Some(value);
        }
        "theme" => {
            opts.theme = match value.as_str() {
                "light" => Some(Theme::Light),
                "dark" => Some(Theme::Dark),
                "auto" | "" => None,
                other => {
                    return Err(format!(
                        "unknown theme `{}` (light, dark or auto)",
                        shown(other)
                    ))
                }
            }
        }
        "panels" => {
            let mut panels = Vec::new();
            for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let Some(p) = Panel::parse(name) else {
                    let all: Vec<&str> = Panel::ALL.iter().map(|p| p.as_str()).collect();
                    return Err(format!(
                        "unknown panel `{}` (panels: {})",
                        shown(name),
                        all.join(", ")
                    ));
                };
                if !panels.contains(&p) {
                    panels.push(p);
                }
            }
            if panels.is_empty() {
                return Err(
                    "`panels=` needs at least one panel, e.g. panels=terminal,topology".to_string(),
                );
            }
            opts.panels = Some(panels);
        }
        "embed" | "autofocus" => {
            let on = match value.as_str() {
                "" | "1" | "true" | "yes" => true,
                "0" | "false" | "no" => false,
                other => {
                    return Err(format!(
                        "`{key}={}`: use {key}, {key}=1 or {key}=0",
                        shown(other)
                    ))
                }
            };
            match key {
                "embed" => opts.embed = on,
                _ => opts.autofocus = on,
            }
        }
        _ => {
            opts.seed = Some(value.parse::<u64>().map_err(|_| {
                format!(
                    "`seed={}` is not a whole number between 0 and {}",
                    shown(&value),
                    u64::MAX
                )
            })?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_at_newlines_and_semicolons_outside_quotes() {
        assert_eq!(
            split_commands("docker ps; docker network ls\ndocker run -d nginx"),
            vec!["docker ps", "docker network ls", "docker run -d nginx"]
        );
        assert_eq!(
            split_commands(r#"echo "a;b"; echo 'c;d' ; echo e\;f"#),
            vec![r#"echo "a;b""#, "echo 'c;d'", r"echo e\;f"]
        );
        assert_eq!(split_commands(" ;\r\n; "), Vec::<String>::new());
    }

    #[test]
    fn files_become_the_lines_that_write_them() {
        let (opts, errors) = parse_query_each(
            "file=compose.yaml:services%3A%0A++web%3A%0A++++image%3A+nginx%0A&commands=docker+compose+up+-d&file=.env:TAG%3D1",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            opts.files,
            [
                "cat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: nginx\nEOF",
                "cat > .env <<'EOF'\nTAG=1\nEOF"
            ]
        );
        assert_eq!(opts.commands, ["docker compose up -d"]);
        let (opts, errors) = parse_query_each("file=nocolon&file=:x");
        assert!(opts.files.is_empty());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("needs a path, a colon"), "{errors:?}");
    }

    #[test]
    fn form_decoding() {
        assert_eq!(
            form_decode("docker+run%20-p%208080%3A80").unwrap(),
            "docker run -p 8080:80"
        );
        assert_eq!(form_decode("%E2%86%92").unwrap(), "→");
        assert_eq!(
            form_decode("100%").unwrap_err(),
            "`100%` has a broken %-escape"
        );
        assert_eq!(
            form_decode("%zz").unwrap_err(),
            "`%zz` has a broken %-escape"
        );
        assert_eq!(
            form_decode("%ff%fe").unwrap_err(),
            "`%ff%fe` is not UTF-8 text once decoded"
        );
    }

    #[test]
    fn each_bad_option_fails_alone() {
        let (o, errors) = parse_query_each(
            "?embed&theme=pink&lesson=basics&commands=docker+ps&seed=x&panels=terminal,nope",
        );
        assert_eq!(
            errors,
            [
                "unknown theme `pink` (light, dark or auto)",
                "`seed=x` is not a whole number between 0 and 18446744073709551615",
                "unknown panel `nope` (panels: terminal, topology, packets, matrix, inspect, files)",
            ]
        );
        assert!(o.embed);
        assert_eq!(o.lesson.as_deref(), Some("basics"));
        assert_eq!(o.commands, ["docker ps"]);
        assert_eq!((o.theme, o.seed, o.panels), (None, None, None));
        // The strict form reports the first.
        assert_eq!(
            parse_query("theme=pink&seed=x").unwrap_err(),
            "unknown theme `pink` (light, dark or auto)"
        );
        // A repeated option keeps its first value.
        let (o, errors) = parse_query_each("theme=dark&theme=light");
        assert_eq!((o.theme, errors.len()), (Some(Theme::Dark), 1));
    }
}
