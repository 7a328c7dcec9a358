//! `cat [-n] [FILE]...`: files in order, `-` or nothing for stdin.

use super::{inputs, lines, TextEnv};
use crate::output::Output;

pub fn run(env: &TextEnv, args: &[String], stdin: Option<&str>) -> Output {
    let mut o = Output::new();
    let mut number = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "-n" => number = true,
            "-" => files.push(a.clone()),
            s if s.starts_with('-') && s.len() > 1 => {
                let bad = s.chars().nth(1).unwrap_or('-');
                if env.busybox {
                    o.fail_fmt(
                        format_args!(
                            "cat: unrecognized option '{s}'\n{}",
                            env.busybox_usage("cat", "[-nbvteA] [FILE]...")
                        ),
                        1,
                    );
                } else {
                    o.fail_fmt(format_args!("cat: invalid option -- '{bad}'\nTry 'cat --help' for more information."), 1);
                }
                return o;
            }
            _ => files.push(a.clone()),
        }
    }
    let mut n = 0;
    for (_, text) in inputs(env, "cat", &files, stdin, &mut o) {
        if number {
            for l in lines(&text) {
                n += 1;
                o.outln_fmt(format_args!("{n:6}\t{l}"));
            }
        } else {
            o.out(&text);
        }
    }
    o
}
