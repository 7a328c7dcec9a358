//! `head` and `tail`: `-n N`, `-N`, `-c N`, `tail -n +N`; several files get
//! `==> name <==` headers (GNU coreutils and busybox alike). `tail -f`
//! cannot block the page: it prints what is there and says so.

use super::{inputs, lines, TextEnv};
use crate::output::Output;

pub fn run(env: &TextEnv, head: bool, args: &[String], stdin: Option<&str>) -> Output {
    let tool = if head { "head" } else { "tail" };
    let mut o = Output::new();
    let mut n: usize = 10;
    let mut from_start = false;
    let mut bytes: Option<usize> = None;
    let mut follow = false;
    let mut files = Vec::new();
    let mut i = 0;
    let bad_number = |v: &str| {
        let mut out = Output::new();
        if env.busybox {
            out.fail_fmt(format_args!("{tool}: invalid number '{v}'"), 1);
        } else if head {
            out.fail_fmt(format_args!("head: invalid number of lines: ‘{v}’"), 1);
        } else {
            out.fail_fmt(format_args!("tail: invalid number of lines: ‘{v}’"), 1);
        }
        out
    };
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let value = |i: &mut usize, rest: &str| -> Option<String> {
            if !rest.is_empty() {
                Some(rest.to_string())
            } else {
                let v = args.get(*i).cloned();
                *i += 1;
                v
            }
        };
        if let Some(rest) = a.strip_prefix("-n").or_else(|| a.strip_prefix("--lines=")) {
            let Some(v) = value(&mut i, rest) else {
                o.fail_fmt(
                    format_args!("{tool}: option requires an argument -- 'n'"),
                    1,
                );
                return o;
            };
            let (plus, digits) = match v.strip_prefix('+') {
                Some(d) => (true, d),
                None => (false, v.strip_prefix('-').unwrap_or(&v)),
            };
            match digits.parse::<usize>() {
                Ok(k) => {
                    n = k;
                    from_start = plus && !head;
                }
                Err(_) => return bad_number(&v),
            }
        } else if let Some(rest) = a.strip_prefix("-c").or_else(|| a.strip_prefix("--bytes=")) {
            let Some(v) = value(&mut i, rest) else {
                o.fail_fmt(
                    format_args!("{tool}: option requires an argument -- 'c'"),
                    1,
                );
                return o;
            };
            match v.parse::<usize>() {
                Ok(k) => bytes = Some(k),
                Err(_) => return bad_number(&v),
            }
        } else if a == "-f" || a == "-F" || a == "--follow" {
            follow = !head;
            if head {
                o.fail_fmt(format_args!("{tool}: invalid option -- 'f'"), 1);
                return o;
            }
        } else if a == "-q" || a == "-v" {
        } else if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) {
            n = a[1..].parse().unwrap_or(10);
        } else if a.len() > 1
            && a.starts_with('+')
            && !head
            && a[1..].chars().all(|c| c.is_ascii_digit())
        {
            n = a[1..].parse().unwrap_or(1);
            from_start = true;
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a.chars().nth(1).unwrap_or('-');
            if env.busybox {
                o.fail_fmt(format_args!("{tool}: invalid option -- '{c}'"), 1);
            } else {
                o.fail_fmt(format_args!("{tool}: invalid option -- '{c}'\nTry '{tool} --help' for more information."), 1);
            }
            return o;
        } else {
            files.push(a.clone());
        }
    }
    let ins = inputs(env, tool, &files, stdin, &mut o);
    let many = ins.len() > 1;
    for (k, (name, text)) in ins.iter().enumerate() {
        if many {
            let shown = if name == "-" { "standard input" } else { name };
            if k > 0 {
                o.out("\n");
            }
            o.outln_fmt(format_args!("==> {shown} <=="));
        }
        if let Some(b) = bytes {
            let bs = text.as_bytes();
            let slice = if head {
                &bs[..b.min(bs.len())]
            } else {
                &bs[bs.len().saturating_sub(b)..]
            };
            o.out(&String::from_utf8_lossy(slice));
            continue;
        }
        let ls = lines(text);
        let keep: &[&str] = if head {
            &ls[..n.min(ls.len())]
        } else if from_start {
            &ls[n.saturating_sub(1).min(ls.len())..]
        } else {
            &ls[ls.len().saturating_sub(n)..]
        };
        for l in keep {
            o.outln(l);
        }
    }
    if follow {
        o.errln("[bridgeport] tail -f would keep waiting for new lines until Ctrl-C; the playground prints what is there and gives the prompt back");
    }
    o
}
