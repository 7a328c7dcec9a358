//! `cut -d DELIM -f LIST [-s]` and `cut -c LIST` (LIST: `N`, `N-M`, `N-`,
//! `-M`, comma-separated), as GNU coreutils and busybox cut print it.

use super::{inputs, lines, TextEnv};
use crate::output::Output;

fn fail(env: &TextEnv, msg: &str) -> Output {
    let mut o = Output::new();
    if env.busybox {
        o.fail_fmt(format_args!("cut: {msg}"), 1);
    } else {
        o.fail_fmt(
            format_args!("cut: {msg}\nTry 'cut --help' for more information."),
            1,
        );
    }
    o
}

/// Parses a LIST into inclusive 1-based ranges.
fn ranges(list: &str) -> Option<Vec<(usize, usize)>> {
    let mut v = Vec::new();
    for part in list.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().ok()?
                },
            ),
            None => {
                let n: usize = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || b < a {
            return None;
        }
        v.push((a, b));
    }
    Some(v)
}

pub fn run(env: &TextEnv, args: &[String], stdin: Option<&str>) -> Output {
    let mut delim = '\t';
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut only_delimited = false;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let take = |rest: &str, i: &mut usize| -> Option<String> {
            if !rest.is_empty() {
                Some(rest.to_string())
            } else {
                let v = args.get(*i).cloned();
                *i += 1;
                v
            }
        };
        if let Some(rest) = a.strip_prefix("-d") {
            match take(rest, &mut i) {
                Some(d) if d.chars().count() == 1 => delim = d.chars().next().unwrap_or('\t'),
                Some(_) => return fail(env, "the delimiter must be a single character"),
                None => return fail(env, "option requires an argument -- 'd'"),
            }
        } else if let Some(rest) = a.strip_prefix("-f") {
            fields = take(rest, &mut i);
        } else if let Some(rest) = a.strip_prefix("-c").or_else(|| a.strip_prefix("-b")) {
            chars = take(rest, &mut i);
        } else if a == "-s" {
            only_delimited = true;
        } else if a.len() > 1 && a.starts_with('-') {
            return fail(
                env,
                &format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-')),
            );
        } else {
            files.push(a.clone());
        }
    }
    let (list, by_field) = match (&fields, &chars) {
        (Some(f), None) => (f.clone(), true),
        (None, Some(c)) => (c.clone(), false),
        (Some(_), Some(_)) => return fail(env, "only one list may be specified"),
        (None, None) => {
            return fail(
                env,
                "you must specify a list of bytes, characters, or fields",
            )
        }
    };
    let Some(rs) = ranges(&list) else {
        return fail(
            env,
            if env.busybox {
                "invalid range"
            } else {
                "invalid field range"
            },
        );
    };
    let wanted = |n: usize| rs.iter().any(|(a, b)| n >= *a && n <= *b);
    let mut o = Output::new();
    for (_, text) in inputs(env, "cut", &files, stdin, &mut o) {
        for l in lines(&text) {
            if by_field {
                if !l.contains(delim) {
                    if !only_delimited {
                        o.outln(l);
                    }
                    continue;
                }
                let picked: Vec<&str> = l
                    .split(delim)
                    .enumerate()
                    .filter(|(k, _)| wanted(k + 1))
                    .map(|(_, f)| f)
                    .collect();
                o.outln(&picked.join(&delim.to_string()));
            } else {
                let picked: String = l
                    .chars()
                    .enumerate()
                    .filter(|(k, _)| wanted(k + 1))
                    .map(|(_, c)| c)
                    .collect();
                o.outln(&picked);
            }
        }
    }
    o
}
