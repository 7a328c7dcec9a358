//! `echo`, the shell builtin: bash and busybox take `-n`, `-e`, `-E` (escapes
//! only with `-e`); dash takes only `-n` and always reads escapes (dash
//! `bltin/printf.c` echocmd; bash `builtins/echo.def`; busybox
//! `coreutils/echo.c`).

use super::TextEnv;
use crate::output::Output;
use crate::shell::Dialect;

pub fn run(env: &TextEnv, args: &[String]) -> Output {
    let dash = env.dialect == Dialect::Dash;
    let mut newline = true;
    let mut escapes = dash;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let Some(flags) = a.strip_prefix('-') else {
            break;
        };
        let ok = !flags.is_empty()
            && flags.chars().all(|c| {
                if dash {
                    c == 'n'
                } else {
                    matches!(c, 'n' | 'e' | 'E')
                }
            });
        if !ok {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                'E' => escapes = false,
                _ => {}
            }
        }
        i += 1;
    }
    let mut text = args[i..].join(" ");
    let mut o = Output::new();
    if escapes {
        let (t, stop) = unescape(&text);
        text = t;
        if stop {
            o.out(&text);
            return o;
        }
    }
    o.out(&text);
    if newline {
        o.out("\n");
    }
    o
}

/// Backslash escapes; the `bool` is true at `\c` (stop, no newline).
fn unescape(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('e') => out.push('\x1b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut n = 0u32;
                for _ in 0..3 {
                    match it.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            n = n * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                if let Some(ch) = char::from_u32(n) {
                    out.push(ch);
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}
