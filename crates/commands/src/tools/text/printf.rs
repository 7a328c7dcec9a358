//! `printf FORMAT [ARG...]`: the shells' builtin (bash, busybox ash, dash):
//! `%s`, `%d`/`%i`, `%c`, `%x`, `%%`, widths, and backslash escapes; the
//! format is reused while arguments remain (POSIX printf).

use super::TextEnv;
use crate::output::Output;

pub fn run(_: &TextEnv, args: &[String], _: Option<&str>) -> Output {
    let mut o = Output::new();
    let Some(format) = args.first() else {
        o.fail("printf: usage: printf [-v var] format [arguments]", 2);
        return o;
    };
    let mut rest = args[1..].iter();
    let mut out = String::new();
    loop {
        let mut used = false;
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            match c {
                '\\' if i < chars.len() => {
                    let n = chars[i];
                    i += 1;
                    match n {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '\\' => out.push('\\'),
                        'a' => out.push('\x07'),
                        '0' => out.push('\0'),
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                '%' if i < chars.len() => {
                    let mut spec = String::new();
                    while i < chars.len()
                        && (chars[i] == '-' || chars[i].is_ascii_digit() || chars[i] == '.')
                    {
                        spec.push(chars[i]);
                        i += 1;
                    }
                    let Some(&conv) = chars.get(i) else { break };
                    i += 1;
                    if conv == '%' {
                        out.push('%');
                        continue;
                    }
                    let arg = rest.next();
                    used |= arg.is_some();
                    let arg = arg.map(String::as_str).unwrap_or("");
                    let left = spec.starts_with('-');
                    let width: usize = spec
                        .trim_start_matches('-')
                        .split('.')
                        .next()
                        .unwrap_or("")
                        .parse()
                        .unwrap_or(0);
                    let text = match conv {
                        'd' | 'i' => match arg.trim().parse::<i64>() {
                            Ok(n) => n.to_string(),
                            Err(_) if arg.is_empty() => "0".to_string(),
                            Err(_) => {
                                o.errln_fmt(format_args!("printf: {arg}: invalid number"));
                                o.code = 1;
                                "0".to_string()
                            }
                        },
                        'x' => format!("{:x}", arg.trim().parse::<i64>().unwrap_or(0)),
                        'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                        _ => arg.to_string(),
                    };
                    let pad = width.saturating_sub(text.chars().count());
                    if left {
                        out.push_str(&text);
                        out.push_str(&" ".repeat(pad));
                    } else {
                        out.push_str(&" ".repeat(pad));
                        out.push_str(&text);
                    }
                }
                other => out.push(other),
            }
        }
        if !used || rest.len() == 0 {
            break;
        }
    }
    let code = o.code;
    let mut r = Output::new();
    r.out(&out);
    r.extend(o);
    r.code = code;
    r
}
