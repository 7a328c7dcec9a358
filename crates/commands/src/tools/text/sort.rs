//! `sort [-rnu] [-k N] [-t C]` and `uniq [-c]`. Sorting compares bytes (the
//! C locale); `-n` compares leading numbers; the sort is stable with the
//! whole line as the last key, as GNU sort does.

use super::{inputs, lines, TextEnv};
use crate::output::Output;
use std::cmp::Ordering;

fn leading_number(s: &str) -> f64 {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || *c == '.' || (*i == 0 && *c == '-'))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    // As `str::parse` (golib/src/decimal.rs says why not that).
    bridgeport_golib::decimal::parse(&t[..end]).unwrap_or(0.0)
}

pub fn run(env: &TextEnv, uniq: bool, args: &[String], stdin: Option<&str>) -> Output {
    let tool = if uniq { "uniq" } else { "sort" };
    let (mut reverse, mut numeric, mut unique, mut count, mut fold) =
        (false, false, false, false, false);
    let mut key: Option<usize> = None;
    let mut sep: Option<char> = None;
    let mut files = Vec::new();
    let mut i = 0;
    let mut o = Output::new();
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if !uniq && (a.starts_with("-k") || a.starts_with("-t")) {
            let rest = &a[2..];
            let v = if rest.is_empty() {
                i += 1;
                args.get(i - 1).cloned().unwrap_or_default()
            } else {
                rest.to_string()
            };
            if a.starts_with("-k") {
                let field = v.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
                match field.parse::<usize>() {
                    Ok(k) if k > 0 => key = Some(k),
                    _ => {
                        o.fail_fmt(format_args!("sort: invalid number at field start: invalid count at start of '{v}'"), 2);
                        return o;
                    }
                }
                numeric |= v.ends_with('n');
                reverse |= v.ends_with('r');
            } else {
                sep = v.chars().next();
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            for c in a[1..].chars() {
                match (c, uniq) {
                    ('r', false) => reverse = true,
                    ('n', false) => numeric = true,
                    ('u', false) => unique = true,
                    ('f', false) => fold = true,
                    ('c', true) => count = true,
                    (other, _) => {
                        if env.busybox {
                            o.fail_fmt(format_args!("{tool}: invalid option -- '{other}'"), 1);
                        } else {
                            o.fail_fmt(format_args!("{tool}: invalid option -- '{other}'\nTry '{tool} --help' for more information."), if uniq { 1 } else { 2 });
                        }
                        return o;
                    }
                }
            }
            continue;
        }
        files.push(a.clone());
    }
    let mut all: Vec<String> = Vec::new();
    for (_, t) in inputs(env, tool, &files, stdin, &mut o) {
        all.extend(lines(&t).into_iter().map(str::to_string));
    }
    if uniq {
        let mut groups: Vec<(usize, String)> = Vec::new();
        for l in all {
            match groups.last_mut() {
                Some((n, last)) if *last == l => *n += 1,
                _ => groups.push((1, l)),
            }
        }
        for (n, l) in groups {
            if count {
                o.outln_fmt(format_args!("{n:7} {l}"));
            } else {
                o.outln(&l);
            }
        }
        return o;
    }
    let field = |l: &str| -> String {
        match key {
            None => l.to_string(),
            Some(k) => match sep {
                Some(c) => l.split(c).nth(k - 1).unwrap_or("").to_string(),
                None => l.split_whitespace().nth(k - 1).unwrap_or("").to_string(),
            },
        }
    };
    let cmp = |a: &String, b: &String| -> Ordering {
        let (ka, kb) = (field(a), field(b));
        let primary = if numeric {
            leading_number(&ka)
                .partial_cmp(&leading_number(&kb))
                .unwrap_or(Ordering::Equal)
        } else if fold {
            // Per character (golib's tables: core's would add 11 KB gzipped to the page).
            let fold = bridgeport_golib::case::go_lower_str;
            fold(&ka).cmp(&fold(&kb))
        } else {
            ka.cmp(&kb)
        };
        primary.then_with(|| a.cmp(b))
    };
    bridgeport_golib::sort::sort_by(&mut all, |a, b| if reverse { cmp(b, a) } else { cmp(a, b) });
    if unique {
        all.dedup_by(|a, b| cmp(a, b) == Ordering::Equal || field(a) == field(b) && key.is_some());
    }
    for l in all {
        o.outln(&l);
    }
    o
}
