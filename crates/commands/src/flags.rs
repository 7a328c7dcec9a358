//! Flags as data, parsed the way spf13/pflag parses them for the docker CLI.
//!
//! Every command is a [`CommandSpec`]: its path, usage line, description,
//! aliases, [`FlagSpec`] table, where `docker --help` lists it ([`Group`])
//! and what runs it ([`Handler`]). The same table drives dispatch, parsing,
//! `--help` (cobra's template with pflag's `FlagUsagesWrapped`) and tab
//! completion. A handler reads its flags by name from [`Parsed`]; in debug
//! builds (every test) a name that is not in the command's table, or a
//! bool read as a value, panics, so a typo fails a test instead of reading
//! as "not given".

use crate::context::Ctx;
use crate::output::Output;
use std::fmt::Write as _;

/// What a flag takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `--rm`, `-d`; may be written `--rm=false`.
    Bool,
    /// A value; the word is the type pflag shows in help: "string", "list", "int", "ip", "map", "port", ...
    Value(&'static str),
}

/// One flag of one command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub help: &'static str,
    /// Default as pflag prints it in help ("" = zero value, not printed).
    pub default: &'static str,
}

/// Shorthand constructors keep the tables one line per flag.
pub const fn flag(
    long: &'static str,
    short: Option<char>,
    kind: Kind,
    help: &'static str,
) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind,
        help,
        default: "",
    }
}

pub const fn flag_default(
    long: &'static str,
    short: Option<char>,
    kind: Kind,
    help: &'static str,
    default: &'static str,
) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind,
        help,
        default,
    }
}

/// How many positional arguments a command takes (cobra `Args` validators in docker/cli `cli/required.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Args {
    None,
    Exact(usize),
    Min(usize),
    Range(usize, usize),
    Any,
}

/// Where `docker --help` lists a command (docker/cli `cli/cobra.go`: the
/// "category-top" annotation, management commands, the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// "Common Commands:", in the order of docker/cli's `category-top` rank.
    Common(u8),
    /// "Management Commands:" (a [`Handler::Subcommands`] command).
    Management,
    /// "Commands:".
    Other,
    /// In no section of `docker --help`: a management command's subcommand
    /// (its own command's help lists it), or a command not simulated.
    Unlisted,
}

impl Group {
    /// The title of its section in `docker --help`.
    pub fn title(self) -> Option<&'static str> {
        match self {
            Group::Common(_) => Some("Common Commands"),
            Group::Management => Some("Management Commands"),
            Group::Other => Some("Commands"),
            Group::Unlisted => None,
        }
    }
}

/// What runs a command.
#[derive(Debug, Clone, Copy)]
pub enum Handler {
    /// Gets its words parsed against the spec: `--help`, flag errors and a
    /// wrong argument count were answered before it runs.
    Flags(fn(&mut Ctx, &CommandSpec, &Parsed) -> Output),
    /// Gets its words as typed (`docker version` prints the version whatever follows).
    Words(fn(&mut Ctx, &[String]) -> Output),
    /// A management command: the next word names one of its subcommands,
    /// the entries whose path (or alias) starts with this one's.
    Subcommands,
    /// A real Docker command the playground does not simulate: it answers
    /// with a `[bridgeport]` note, not "is not a docker command".
    NotSimulated,
}

/// One docker command.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// Full path as invoked, e.g. "docker network create".
    pub path: &'static str,
    /// Arguments part of the usage line: "[OPTIONS] NETWORK".
    pub usage: &'static str,
    pub short: &'static str,
    /// Every full path that runs the same command, as docker/cli's "aliases"
    /// annotation lists them in help (["docker container run", "docker run"]);
    /// empty when `path` is the only one.
    pub aliases: &'static [&'static str],
    pub flags: &'static [FlagSpec],
    pub args: Args,
    /// `docker run`/`exec`: flags stop at the first positional (the rest is the command).
    pub interspersed: bool,
    pub group: Group,
    pub handler: Handler,
}

impl CommandSpec {
    /// Every full path that runs this command: `path`, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.path).chain(self.aliases.iter().copied().filter(|a| *a != self.path))
    }

    /// Whether the playground runs it (anything but [`Handler::NotSimulated`]).
    pub fn simulated(&self) -> bool {
        !matches!(self.handler, Handler::NotSimulated)
    }

    pub fn use_line(&self) -> String {
        format!("{} {}", self.path, self.usage)
            .trim_end()
            .to_string()
    }

    pub fn find_long(&self, name: &str) -> Option<&'static FlagSpec> {
        self.flags.iter().find(|f| f.long == name)
    }

    pub fn find_short(&self, c: char) -> Option<&'static FlagSpec> {
        self.flags.iter().find(|f| f.short == Some(c))
    }
}

/// Flags and positionals after parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// (long name, value) in command-line order; bools carry "true"/"false".
    pub values: Vec<(&'static str, String)>,
    pub positionals: Vec<String>,
    pub help: bool,
    /// The table they were parsed from: lookups are checked against it.
    pub flags: &'static [FlagSpec],
}

impl Parsed {
    /// A handler asks for a flag its command does not have, or reads a bool
    /// as a value (or the reverse): a bug in the handler, not in the input.
    /// Debug builds (tests) stop here; a release build reads it as not given.
    fn check(&self, long: &str, bool_kind: bool) {
        debug_assert!(
            self.flags
                .iter()
                .any(|f| f.long == long && (f.kind == Kind::Bool) == bool_kind),
            "flag --{long} ({}) is not in this command's table",
            if bool_kind { "bool" } else { "with a value" }
        );
    }

    /// Whether the command has this flag at all (for a handler two
    /// commands share: `docker create` has no `--detach`).
    pub fn defines(&self, long: &str) -> bool {
        self.flags.iter().any(|f| f.long == long)
    }

    /// A bool flag's final value.
    pub fn bool(&self, long: &str) -> bool {
        self.check(long, true);
        self.values
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .is_some_and(|(_, v)| v == "true")
    }

    /// A single-valued flag's last value.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.check(long, false);
        self.values
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable flag, in order.
    pub fn values(&self, long: &str) -> Vec<&str> {
        self.check(long, false);
        self.values
            .iter()
            .filter(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether a flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        debug_assert!(
            self.flags.iter().any(|f| f.long == long),
            "flag --{long} is not in this command's table"
        );
        self.values.iter().any(|(l, _)| *l == long)
    }
}

/// Go's strconv.ParseBool.
fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn bad_bool(v: &str, name: &str) -> String {
    format!("invalid argument \"{v}\" for \"{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")
}

/// Parses `args` (the words after the command path). Errors are pflag's messages.
pub fn parse(spec: &CommandSpec, args: &[String]) -> Result<Parsed, String> {
    let mut out = Parsed {
        flags: spec.flags,
        ..Parsed::default()
    };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            out.positionals.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = arg.strip_prefix("--").filter(|b| !b.is_empty()) {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if name == "help" {
                out.help = true;
                continue;
            }
            let Some(f) = spec.find_long(name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            match f.kind {
                Kind::Bool => {
                    let v = inline.unwrap_or_else(|| "true".to_string());
                    let b = parse_bool(&v).ok_or_else(|| bad_bool(&v, &format!("--{name}")))?;
                    out.values.push((f.long, b.to_string()));
                }
                Kind::Value(_) => {
                    let v = match inline {
                        Some(v) => v,
                        None => match args.get(i) {
                            Some(v) => {
                                i += 1;
                                v.clone()
                            }
                            None => return Err(format!("flag needs an argument: --{name}")),
                        },
                    };
                    out.values.push((f.long, v));
                }
            }
            continue;
        }
        if arg.len() > 1 && arg.starts_with('-') {
            let shorts: Vec<char> = arg[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                if c == 'h' && spec.find_short('h').is_none() {
                    out.help = true;
                    continue;
                }
                let Some(f) = spec.find_short(c) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {arg}"));
                };
                match f.kind {
                    Kind::Bool => {
                        if shorts.get(j) == Some(&'=') {
                            let v: String = shorts[j + 1..].iter().collect();
                            let b = parse_bool(&v)
                                .ok_or_else(|| bad_bool(&v, &format!("-{c}, --{}", f.long)))?;
                            out.values.push((f.long, b.to_string()));
                            j = shorts.len();
                        } else {
                            out.values.push((f.long, "true".to_string()));
                        }
                    }
                    Kind::Value(_) => {
                        let rest: String = shorts[j..].iter().collect();
                        let v = if !rest.is_empty() {
                            rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                        } else {
                            match args.get(i) {
                                Some(v) => {
                                    i += 1;
                                    v.clone()
                                }
                                None => {
                                    return Err(format!("flag needs an argument: '{c}' in -{c}"))
                                }
                            }
                        };
                        out.values.push((f.long, v));
                        j = shorts.len();
                    }
                }
            }
            continue;
        }
        out.positionals.push(arg.clone());
        if !spec.interspersed {
            out.positionals.extend(args[i..].iter().cloned());
            break;
        }
    }
    Ok(out)
}

/// Checks the positional count; the message is docker/cli's (`cli/required.go`),
/// including its quirks ("See" for RequiresMinArgs, the "SRun" typo for RequiresMaxArgs).
pub fn check_args(spec: &CommandSpec, n: usize) -> Result<(), String> {
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let path = spec.path;
    let usage = spec.use_line();
    match spec.args {
        Args::None if n > 0 => Err(format!("docker: '{path}' accepts no arguments\n\nUsage:  {usage}\n\nRun '{path} --help' for more information\n")),
        Args::Exact(k) if n != k => {
            Err(format!("docker: '{path}' requires {k} {}\n\nUsage:  {usage}\n\nRun '{path} --help' for more information\n", plural(k)))
        }
        Args::Min(k) if n < k => Err(format!(
            "docker: '{path}' requires at least {k} {}\n\nUsage:  {usage}\n\nSee '{path} --help' for more information\n",
            plural(k)
        )),
        Args::Range(lo, hi) if n < lo || n > hi => Err(format!(
            "docker: '{path}' requires at least {lo} and at most {hi} {}\n\nUsage:  {usage}\n\nRun '{path} --help' for more information\n",
            plural(hi)
        )),
        _ => Ok(()),
    }
}

/// A flag error as FlagErrorFunc frames it (exit 125).
pub fn flag_error(spec: &CommandSpec, err: &str) -> String {
    format!(
        "{err}\n\nUsage:  {}\n\nRun '{} --help' for more information\n",
        spec.use_line(),
        spec.path
    )
}

/// The terminal is 80 columns wide; docker/cli wraps flag usages to one
/// less (`cli/cobra.go` wrappedFlagUsages: `FlagUsagesWrapped(width - 1)`).
pub const HELP_COLUMNS: usize = 79;

/// pflag's `FlagUsagesWrapped(79)` for a flag table (pflag v1.0.10
/// `flag.go`): hidden flags left out, sorted by name, a back-quoted word
/// of the usage as the value name (UnquoteUsage), the usage column one
/// past the longest flag, and pflag's `wrap`.
pub fn flag_usages(flags: &[FlagSpec]) -> String {
    // A flag without help text is hidden (`--net`, `--net-alias`), as pflag's MarkHidden.
    let mut sorted: Vec<&FlagSpec> = flags.iter().filter(|f| !f.help.is_empty()).collect();
    bridgeport_golib::sort::sort_by(&mut sorted, |a, b| a.long.cmp(b.long));
    let lines: Vec<(String, String)> = sorted
        .iter()
        .map(|f| {
            let mut left = match f.short {
                Some(c) => format!("  -{c}, --{}", f.long),
                None => format!("      --{}", f.long),
            };
            let (varname, mut help) = unquote_usage(f);
            if !varname.is_empty() {
                left.push(' ');
                left.push_str(&varname);
            }
            if !f.default.is_empty() {
                match f.kind {
                    Kind::Value("string") => {
                        let _ = write!(help, " (default \"{}\")", f.default);
                    }
                    _ => {
                        let _ = write!(help, " (default {})", f.default);
                    }
                }
            }
            (left, help)
        })
        .collect();
    let maxlen = lines.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (left, help) in lines {
        // pflag: line[:sidx], spacing, wrap(maxlen+2, ...) joined by Fprintln's
        // spaces; its maxlen counts a separator byte, hence our maxlen + 3.
        let _ = writeln!(
            out,
            "{left}{}   {}",
            " ".repeat(maxlen - left.len()),
            wrap(maxlen + 3, HELP_COLUMNS, &help)
        );
    }
    out
}

/// pflag's UnquoteUsage: the first back-quoted word of the usage names
/// the value (and loses its quotes), else the type's name (none for a bool).
fn unquote_usage(f: &FlagSpec) -> (String, String) {
    let usage = f.help;
    if let Some(i) = usage.find('`') {
        if let Some(len) = usage[i + 1..].find('`') {
            let name = &usage[i + 1..i + 1 + len];
            let rest = format!("{}{name}{}", &usage[..i], &usage[i + 2 + len..]);
            return (name.to_string(), rest);
        }
    }
    let name = match f.kind {
        Kind::Bool => "",
        Kind::Value(t) => t,
    };
    (name.to_string(), usage.to_string())
}

/// pflag's `wrapN`: the first line of `s` in `i` bytes (up to `slop` more
/// when that ends the text), split at the last blank or an earlier newline.
fn wrap_n(i: usize, slop: usize, s: &str) -> (&str, &str) {
    if i + slop > s.len() {
        return (s, "");
    }
    let mut cut = i;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &s[..cut];
    let w = match head.rfind([' ', '\t', '\n']) {
        Some(w) if w > 0 => w,
        _ => return (s, ""),
    };
    if let Some(nl) = head.rfind('\n') {
        if nl > 0 && nl < w {
            return (&s[..nl], &s[nl + 1..]);
        }
    }
    (&s[..w], &s[w + 1..])
}

/// pflag's `wrap`: `s` wrapped to `w` columns under an indent of `i`
/// (the first line's indent is the caller's); with less than 24 columns
/// left the text starts on the next line at column 16.
fn wrap(i: usize, w: usize, s: &str) -> String {
    let mut i = i;
    let mut r = String::new();
    let mut width = w.saturating_sub(i);
    if w < i + 24 {
        i = 16;
        width = w.saturating_sub(i);
        r.push('\n');
        r.push_str(&" ".repeat(i));
    }
    let indent = format!("\n{}", " ".repeat(i));
    if width < 24 {
        // pflag returns the text alone here (unreachable at 79 columns).
        return s.replace('\n', &r);
    }
    let slop = 5;
    let width = width - slop;
    let (l, mut rest) = wrap_n(width, slop, s);
    r.push_str(&l.replace('\n', &indent));
    while !rest.is_empty() {
        let (t, after) = wrap_n(width, slop, rest);
        r.push_str(&indent);
        r.push_str(&t.replace('\n', &indent));
        rest = after;
    }
    r
}

/// `docker X --help`: cobra's help template as docker/cli sets it.
pub fn help_text(spec: &CommandSpec) -> String {
    let mut s = format!("\nUsage:  {}\n\n{}\n", spec.use_line(), spec.short);
    if !spec.aliases.is_empty() {
        let _ = write!(s, "\nAliases:\n  {}\n", spec.aliases.join(", "));
    }
    if !spec.flags.is_empty() {
        s.push_str("\nOptions:\n");
        s.push_str(&flag_usages(spec.flags));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[FlagSpec] = &[
        flag(
            "detach",
            Some('d'),
            Kind::Bool,
            "Run container in background and print container ID",
        ),
        flag(
            "interactive",
            Some('i'),
            Kind::Bool,
            "Keep STDIN open even if not attached",
        ),
        flag("tty", Some('t'), Kind::Bool, "Allocate a pseudo-TTY"),
        flag(
            "publish",
            Some('p'),
            Kind::Value("list"),
            "Publish a container's port(s) to the host",
        ),
        flag(
            "name",
            None,
            Kind::Value("string"),
            "Assign a name to the container",
        ),
        flag_default(
            "driver",
            None,
            Kind::Value("string"),
            "Driver to manage the Network",
            "bridge",
        ),
    ];
    const RUN: CommandSpec = CommandSpec {
        path: "docker run",
        usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create and run a new container from an image",
        aliases: &["docker container run", "docker run"],
        flags: FLAGS,
        args: Args::Min(1),
        interspersed: false,
        group: Group::Common(1),
        handler: Handler::NotSimulated,
    };

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn pflag_forms() {
        // (line, flag values, positionals)
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            ("-d nginx", &[("detach", "true")], &["nginx"]),
            (
                "-dit alpine",
                &[("detach", "true"), ("interactive", "true"), ("tty", "true")],
                &["alpine"],
            ),
            (
                "-dp 8080:80 nginx",
                &[("detach", "true"), ("publish", "8080:80")],
                &["nginx"],
            ),
            ("-p8080:80 nginx", &[("publish", "8080:80")], &["nginx"]),
            ("-p=8080:80 nginx", &[("publish", "8080:80")], &["nginx"]),
            ("--name=web nginx", &[("name", "web")], &["nginx"]),
            ("--name web nginx", &[("name", "web")], &["nginx"]),
            ("--detach=false nginx", &[("detach", "false")], &["nginx"]),
            (
                "alpine ping -c 1 -d x",
                &[],
                &["alpine", "ping", "-c", "1", "-d", "x"],
            ),
            ("-- -x", &[], &["-x"]),
        ];
        for (line, values, pos) in cases {
            let p = parse(&RUN, &words(line)).unwrap();
            let got: Vec<(&str, &str)> = p.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(got, values.to_vec(), "{line}");
            assert_eq!(
                p.positionals,
                pos.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{line}"
            );
        }
    }

    #[test]
    fn pflag_errors() {
        let cases = [
            ("--foo nginx", "unknown flag: --foo"),
            ("-z nginx", "unknown shorthand flag: 'z' in -z"),
            ("-dz nginx", "unknown shorthand flag: 'z' in -dz"),
            ("--name", "flag needs an argument: --name"),
            ("-p", "flag needs an argument: 'p' in -p"),
            ("--detach=maybe x", "invalid argument \"maybe\" for \"--detach\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
        ];
        for (line, err) in cases {
            assert_eq!(parse(&RUN, &words(line)).unwrap_err(), err, "{line}");
        }
    }

    #[test]
    fn help_lists_flags_sorted_and_aligned() {
        let h = help_text(&RUN);
        assert!(
            h.starts_with(
                "\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run"
            ),
            "{h}"
        );
        // pflag pads every flag to the longest one ("      --driver string") plus three spaces.
        assert!(
            h.contains("\n  -d, --detach          Run container in background"),
            "{h}"
        );
        assert!(
            h.contains(
                "\n      --driver string   Driver to manage the Network (default \"bridge\")"
            ),
            "{h}"
        );
        assert!(h.contains("\n  -p, --publish list    Publish"), "{h}");
    }

    /// A handler that reads a flag its command does not have (a typo, or a
    /// flag of another command) fails every test that runs it, instead of
    /// reading as "not given".
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "flag --detatch (bool) is not in this command's table")]
    fn a_typo_in_a_flag_name_fails() {
        let p = parse(&RUN, &words("-d nginx")).unwrap();
        p.bool("detatch");
    }

    /// Reading a bool as a value (or the reverse) fails the same way.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "flag --detach (with a value) is not in this command's table")]
    fn a_flag_read_as_the_wrong_kind_fails() {
        let p = parse(&RUN, &words("-d nginx")).unwrap();
        p.value("detach");
    }

    #[test]
    fn argument_counts() {
        assert_eq!(
            check_args(&RUN, 0).unwrap_err(),
            "docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n"
        );
    }
}
