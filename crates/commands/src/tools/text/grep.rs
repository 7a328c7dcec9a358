//! `grep`: GNU grep 3.11 (Ubuntu 24.04, Debian) and busybox grep. Basic
//! (default), extended (`-E`) and fixed (`-F`) patterns, `-i -v -c -n -w -x
//! -o -q -s -l -h -H -m N -e PAT -A/-B/-C N`; `--color` is accepted (the
//! playground prints no colours). Exit 0 when a line matched, 1 when none,
//! 2 on an error (GNU grep's manual, "Exit Status").
//!
//! Patterns run on [`super::regex`]: a basic regular expression is rewritten
//! to extended syntax first (`\(`→`(`, a bare `+` is a literal, …).

use super::regex::Regex;
use super::{inputs, lines, TextEnv};
use crate::output::Output;

struct Opts {
    patterns: Vec<String>,
    mode: char, // 'G' basic, 'E' extended, 'F' fixed
    icase: bool,
    invert: bool,
    count: bool,
    number: bool,
    word: bool,
    line: bool,
    only: bool,
    quiet: bool,
    silent: bool,
    list: bool,
    names: Option<bool>,
    max: Option<usize>,
    after: usize,
    before: usize,
    files: Vec<String>,
}

const BB_USAGE: &str =
    "[-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...";

fn usage_error(env: &TextEnv, msg: &str) -> Output {
    let mut o = Output::new();
    if env.busybox {
        o.fail_fmt(
            format_args!("grep: {msg}\n{}", env.busybox_usage("grep", BB_USAGE)),
            1,
        );
    } else {
        o.fail_fmt(format_args!("grep: {msg}\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information."), 2);
    }
    o
}

fn parse(env: &TextEnv, tool: &str, args: &[String]) -> Result<Opts, Output> {
    let mut o = Opts {
        patterns: Vec::new(),
        mode: match tool {
            "egrep" => 'E',
            "fgrep" => 'F',
            _ => 'G',
        },
        icase: false,
        invert: false,
        count: false,
        number: false,
        word: false,
        line: false,
        only: false,
        quiet: false,
        silent: false,
        list: false,
        names: None,
        max: None,
        after: 0,
        before: 0,
        files: Vec::new(),
    };
    let mut positional = Vec::new();
    let mut i = 0;
    let num = |v: Option<&String>, what: &str| -> Result<usize, Output> {
        let v = v.map(String::as_str).unwrap_or("");
        v.parse::<usize>().map_err(|_| {
            let mut out = Output::new();
            if env.busybox {
                out.fail_fmt(format_args!("grep: invalid number '{v}'"), 1);
            } else {
                out.fail_fmt(format_args!("grep: {v}: invalid {what} argument"), 2);
            }
            out
        })
    };
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            positional.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            match name {
                "color" | "colour" => {}
                "ignore-case" => o.icase = true,
                "invert-match" => o.invert = true,
                "count" => o.count = true,
                "line-number" => o.number = true,
                "word-regexp" => o.word = true,
                "line-regexp" => o.line = true,
                "only-matching" => o.only = true,
                "quiet" | "silent" => o.quiet = true,
                "no-messages" => o.silent = true,
                "files-with-matches" => o.list = true,
                "extended-regexp" => o.mode = 'E',
                "fixed-strings" => o.mode = 'F',
                "basic-regexp" => o.mode = 'G',
                "with-filename" => o.names = Some(true),
                "no-filename" => o.names = Some(false),
                "regexp" | "max-count" | "after-context" | "before-context" | "context" => {
                    let v = match value {
                        Some(v) => v,
                        None => match args.get(i) {
                            Some(v) => {
                                i += 1;
                                v.clone()
                            }
                            None => {
                                return Err(usage_error(
                                    env,
                                    &format!("option '--{name}' requires an argument"),
                                ))
                            }
                        },
                    };
                    match name {
                        "regexp" => o.patterns.push(v),
                        "max-count" => o.max = Some(num(Some(&v), "max count")?),
                        "after-context" => o.after = num(Some(&v), "context length")?,
                        "before-context" => o.before = num(Some(&v), "context length")?,
                        _ => {
                            o.after = num(Some(&v), "context length")?;
                            o.before = o.after;
                        }
                    }
                }
                _ => return Err(usage_error(env, &format!("unrecognized option '{a}'"))),
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                match c {
                    'i' | 'y' => o.icase = true,
                    'v' => o.invert = true,
                    'c' => o.count = true,
                    'n' => o.number = true,
                    'w' => o.word = true,
                    'x' => o.line = true,
                    'o' => o.only = true,
                    'q' => o.quiet = true,
                    's' => o.silent = true,
                    'l' => o.list = true,
                    'E' => o.mode = 'E',
                    'F' => o.mode = 'F',
                    'G' => o.mode = 'G',
                    'H' => o.names = Some(true),
                    'h' => o.names = Some(false),
                    'e' | 'm' | 'A' | 'B' | 'C' => {
                        let rest: String = chars[j..].iter().collect();
                        j = chars.len();
                        let v = if !rest.is_empty() {
                            rest
                        } else if let Some(v) = args.get(i) {
                            i += 1;
                            v.clone()
                        } else {
                            return Err(usage_error(
                                env,
                                &format!("option requires an argument -- '{c}'"),
                            ));
                        };
                        match c {
                            'e' => o.patterns.push(v),
                            'm' => o.max = Some(num(Some(&v), "max count")?),
                            'A' => o.after = num(Some(&v), "context length")?,
                            'B' => o.before = num(Some(&v), "context length")?,
                            _ => {
                                o.after = num(Some(&v), "context length")?;
                                o.before = o.after;
                            }
                        }
                    }
                    d if d.is_ascii_digit() => {
                        // `-3` is `-C 3`.
                        let digits: String = std::iter::once(d)
                            .chain(
                                chars[j..]
                                    .iter()
                                    .copied()
                                    .take_while(|c| c.is_ascii_digit()),
                            )
                            .collect();
                        j += digits.len() - 1;
                        o.after = digits.parse().unwrap_or(0);
                        o.before = o.after;
                    }
                    other => return Err(usage_error(env, &format!("invalid option -- '{other}'"))),
                }
            }
            continue;
        }
        positional.push(a.clone());
    }
    if o.patterns.is_empty() {
        if positional.is_empty() {
            return Err(if env.busybox {
                let mut out = Output::new();
                out.fail(&env.busybox_usage("grep", BB_USAGE), 1);
                out
            } else {
                let mut out = Output::new();
                out.fail("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.", 2);
                out
            });
        }
        // A pattern argument may hold several patterns, one per line.
        let p = positional.remove(0);
        o.patterns.extend(p.split('\n').map(str::to_string));
    }
    o.files = positional;
    Ok(o)
}

/// Escapes every character the extended syntax gives a meaning.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Rewrites a grep pattern into extended syntax.
fn translate(p: &str, mode: char) -> String {
    if mode == 'F' {
        return escape(p);
    }
    let basic = mode == 'G';
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // At the start of an expression `*` is a literal in a basic pattern.
    let mut at_start = true;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '[' => {
                // Copy a bracket expression: `]` first is literal, [:class:] kept.
                out.push('[');
                let mut j = i;
                if chars.get(j) == Some(&'^') {
                    out.push('^');
                    j += 1;
                }
                if chars.get(j) == Some(&']') {
                    out.push_str("\\]");
                    j += 1;
                }
                let mut closed = false;
                while j < chars.len() {
                    let d = chars[j];
                    if d == '[' && chars.get(j + 1) == Some(&':') {
                        if let Some(end) = (j + 2..chars.len().saturating_sub(1))
                            .find(|&k| chars[k] == ':' && chars[k + 1] == ']')
                        {
                            out.extend(&chars[j..end + 2]);
                            j = end + 2;
                            continue;
                        }
                    }
                    if d == ']' {
                        closed = true;
                        j += 1;
                        break;
                    }
                    out.push(d);
                    j += 1;
                }
                out.push(']');
                if !closed {
                    // Left for the compiler to report.
                    out.push('[');
                }
                i = j;
                at_start = false;
                continue;
            }
            '\\' => {
                let Some(&n) = chars.get(i) else {
                    out.push_str("\\\\");
                    continue;
                };
                i += 1;
                match n {
                    '(' | ')' | '|' | '{' | '}' | '+' | '?' if basic => out.push(n),
                    '<' | '>' => out.push_str("\\b"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                        out.push('\\');
                        out.push(n);
                    }
                    d if d.is_ascii_digit() => {
                        // Back-references are not supported: match the digit.
                        out.push(d);
                    }
                    other => out.push_str(&escape(&other.to_string())),
                }
                at_start = matches!(n, '(' | '|') && basic;
                continue;
            }
            '(' | ')' | '|' | '+' | '?' if basic => out.push_str(&escape(&c.to_string())),
            '{' if basic => out.push_str("\\{"),
            '}' if basic => out.push_str("\\}"),
            '{' if !chars
                .get(i)
                .is_some_and(|d| d.is_ascii_digit() || *d == ',') =>
            {
                out.push_str("\\{")
            }
            '*' if at_start => out.push_str("\\*"),
            c => out.push(c),
        }
        at_start = !basic && (c == '(' || c == '|');
    }
    out
}

fn compile(o: &Opts) -> Result<Regex, String> {
    let alts: Vec<String> = o
        .patterns
        .iter()
        .map(|p| {
            let t = translate(p, o.mode);
            if o.line {
                format!("(^(?:{t})$)")
            } else if o.word {
                format!("((?:^|\\b)(?:{t})(?:\\b|$))")
            } else {
                format!("(?:{t})")
            }
        })
        .collect();
    Regex::new(&alts.join("|"), o.icase)
}

pub fn run(env: &TextEnv, tool: &str, args: &[String], stdin: Option<&str>) -> Output {
    let opts = match parse(env, tool, args) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let re = match compile(&opts) {
        Ok(r) => r,
        Err(msg) => {
            if env.busybox {
                o.fail_fmt(
                    format_args!("grep: bad regex '{}': {msg}", opts.patterns.join("\n")),
                    1,
                );
            } else {
                o.fail_fmt(format_args!("grep: {msg}"), 2);
            }
            return o;
        }
    };
    let mut errors = Output::new();
    let ins = inputs(env, "grep", &opts.files, stdin, &mut errors);
    let had_error = errors.code != 0;
    if !opts.silent {
        // GNU: "grep: x: No such file or directory" for both implementations.
        for seg in &errors.segments {
            let text = seg
                .text
                .replace("grep: can't open '", "grep: ")
                .replace("': No such", ": No such");
            o.err(&text);
        }
    }
    let names = opts.names.unwrap_or(opts.files.len() > 1);
    let mut any = false;
    let mut printed_group = false;
    for (name, text) in &ins {
        let shown = if name == "-" {
            "(standard input)".to_string()
        } else {
            name.clone()
        };
        let ls = lines(text);
        let mut count = 0usize;
        let mut last_printed: Option<usize> = None;
        let mut after_left = 0usize;
        for (idx, l) in ls.iter().enumerate() {
            if opts.max.is_some_and(|m| count >= m) {
                break;
            }
            let hit = re.is_match(l) != opts.invert;
            if !hit {
                if after_left > 0 && !opts.quiet && !opts.count && !opts.list {
                    emit(&mut o, names, &shown, opts.number, idx, l, '-');
                    last_printed = Some(idx);
                    after_left -= 1;
                }
                continue;
            }
            count += 1;
            any = true;
            if opts.quiet {
                return o;
            }
            if opts.count || opts.list {
                continue;
            }
            // Context before, with `--` between groups that do not touch.
            let start = idx.saturating_sub(opts.before);
            let from = match last_printed {
                Some(p) if p + 1 >= start => p + 1,
                _ => {
                    if (opts.before > 0 || opts.after > 0) && printed_group {
                        o.outln("--");
                    }
                    start
                }
            };
            for (k, line) in ls.iter().enumerate().take(idx).skip(from) {
                emit(&mut o, names, &shown, opts.number, k, line, '-');
            }
            if opts.only && !opts.invert {
                for m in re.find_all(l) {
                    emit(&mut o, names, &shown, opts.number, idx, &m, ':');
                }
            } else {
                emit(&mut o, names, &shown, opts.number, idx, l, ':');
            }
            printed_group = true;
            last_printed = Some(idx);
            after_left = opts.after;
        }
        if opts.count {
            if names {
                o.outln_fmt(format_args!("{shown}:{count}"));
            } else {
                o.outln(&count.to_string());
            }
        } else if opts.list && count > 0 {
            o.outln(&shown);
        }
    }
    o.code = if had_error && !(opts.quiet && any) {
        2
    } else if any {
        0
    } else {
        1
    };
    o
}

fn emit(o: &mut Output, names: bool, name: &str, number: bool, idx: usize, text: &str, sep: char) {
    let mut s = String::new();
    if names {
        s.push_str(name);
        s.push(sep);
    }
    if number {
        s.push_str(&(idx + 1).to_string());
        s.push(sep);
    }
    s.push_str(text);
    o.outln(&s);
}
