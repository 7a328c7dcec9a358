//! `wc [-lwcm] [FILE]...`. GNU coreutils `wc.c` compute_number_width: one
//! count of one input is printed bare; otherwise columns are as wide as
//! the total size of the regular files, and 7 when an input is a pipe.
//! busybox `coreutils/wc.c`: a single count bare, else `%9u` columns.

use super::{inputs, TextEnv};
use crate::output::Output;

pub fn run(env: &TextEnv, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let (mut l, mut w, mut c) = (false, false, false);
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--lines" => l = true,
            "--words" => w = true,
            "--bytes" | "--chars" => c = true,
            s if s.len() > 1 && s.starts_with('-') => {
                for ch in s[1..].chars() {
                    match ch {
                        'l' => l = true,
                        'w' => w = true,
                        'c' | 'm' => c = true,
                        other => {
                            if env.busybox {
                                o.fail_fmt(
                                    format_args!(
                                        "wc: invalid option -- '{other}'\n{}",
                                        env.busybox_usage("wc", "[-cmlwL] [FILE]...")
                                    ),
                                    1,
                                );
                            } else {
                                o.fail_fmt(format_args!("wc: invalid option -- '{other}'\nTry 'wc --help' for more information."), 1);
                            }
                            return o;
                        }
                    }
                }
            }
            _ => files.push(a.clone()),
        }
    }
    if !(l || w || c) {
        (l, w, c) = (true, true, true);
    }
    let ins = inputs(env, "wc", &files, stdin, &mut o);
    let counts: Vec<(String, [usize; 3])> = ins
        .iter()
        .map(|(name, t)| {
            (
                name.clone(),
                [
                    t.matches('\n').count(),
                    t.split_whitespace().count(),
                    t.len(),
                ],
            )
        })
        .collect();
    let selected = [l, w, c].iter().filter(|b| **b).count();
    let single = selected == 1 && counts.len() == 1 && files.len() <= 1;
    let width = if single {
        1
    } else if env.busybox {
        9
    } else {
        let total: usize = counts
            .iter()
            .filter(|(n, _)| n != "-")
            .map(|(_, k)| k[2])
            .sum();
        let mut width = total.max(1).to_string().len();
        if counts.iter().any(|(n, _)| n == "-") {
            width = width.max(7);
        }
        width
    };
    let mut total = [0usize; 3];
    let line = |k: &[usize; 3], name: &str| {
        let mut parts = Vec::new();
        for (i, on) in [l, w, c].iter().enumerate() {
            if *on {
                parts.push(format!("{:>width$}", k[i]));
            }
        }
        let mut s = parts.join(" ");
        if name != "-" {
            s.push(' ');
            s.push_str(name);
        }
        s
    };
    for (name, k) in &counts {
        for i in 0..3 {
            total[i] += k[i];
        }
        let shown = if name == "-" && !files.is_empty() {
            "-"
        } else {
            name
        };
        let mut s = line(k, shown);
        if name == "-" && files.iter().any(|f| f == "-") {
            s.push_str(" -");
        }
        o.outln(&s);
    }
    if counts.len() > 1 {
        o.outln(&line(&total, "total"));
    }
    o
}
