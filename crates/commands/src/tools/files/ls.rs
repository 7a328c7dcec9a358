//! `ls [-laA1CFpdhr] [FILE]...`: GNU coreutils `ls.c` (columns of
//! varying width filled down, `print_many_per_line`; `-l` with widths
//! computed per listing; `total` in 1 KiB blocks) and busybox `ls.c`
//! (`showfiles`: equal columns of the longest name plus 2; `-l` as
//! `%-10s %4lu %-8.8s %-8.8s %9llu`). One name per line when stdout is not
//! the terminal, as both do. The terminal is 80 columns wide.

use super::{busybox_usage, failed, split_flags, FsEnv};
use crate::output::Output;
use crate::shell::fs::{Kind, Stat};
use bridgeport_engine::time::ls_time;
use bridgeport_engine::Timestamp;
use std::fmt::Write as _;

const WIDTH: usize = 80;

#[derive(Default)]
struct Opts {
    long: bool,
    all: bool,
    almost: bool,
    one: bool,
    columns: bool,
    classify: bool,
    slash: bool,
    dir: bool,
    human: bool,
    reverse: bool,
}

/// One name to show and what it is.
struct Item {
    name: String,
    stat: Stat,
    /// Subdirectories (for a directory's link count).
    subdirs: usize,
}

pub fn run(env: &mut FsEnv, args: &[String]) -> Output {
    let (short, long, operands) = split_flags(args);
    let mut o = Opts::default();
    for c in short {
        match c {
            'l' => o.long = true,
            'a' => o.all = true,
            'A' => o.almost = true,
            '1' => o.one = true,
            'C' => o.columns = true,
            'F' => o.classify = true,
            'p' => o.slash = true,
            'd' => o.dir = true,
            'h' => o.human = true,
            'r' => o.reverse = true,
            bad => {
                return if env.busybox {
                    failed(
                        &format!(
                            "ls: unrecognized option: {bad}\n{}",
                            busybox_usage("ls", "[-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...")
                        ),
                        1,
                    )
                } else {
                    failed(
                        &format!("ls: invalid option -- '{bad}'\n{}", env.try_help("ls")),
                        2,
                    )
                }
            }
        }
    }
    for l in &long {
        match l.split('=').next().unwrap_or("") {
            "all" => o.all = true,
            "almost-all" => o.almost = true,
            "classify" => o.classify = true,
            "directory" => o.dir = true,
            "human-readable" => o.human = true,
            "reverse" => o.reverse = true,
            // Colours: the page's terminal shows names plainly.
            "color" | "colour" => {}
            _ => {
                return if env.busybox {
                    failed(
                        &format!(
                            "ls: unrecognized option: {l}\n{}",
                            busybox_usage("ls", "[-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...")
                        ),
                        1,
                    )
                } else {
                    failed(
                        &format!("ls: unrecognized option '--{l}'\n{}", env.try_help("ls")),
                        2,
                    )
                }
            }
        }
    }
    let operands = if operands.is_empty() {
        vec![".".to_string()]
    } else {
        operands
    };
    let mut out = Output::new();
    let mut files: Vec<Item> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for op in &operands {
        let abs = env.abs(op);
        match env.stat(&abs) {
            None => {
                // GNU: "cannot access 'x'" (quoteaf, exit 2); busybox perror (exit 1).
                if env.busybox {
                    out.errln_fmt(format_args!("ls: {op}: No such file or directory"));
                    out.code = out.code.max(1);
                } else {
                    out.errln_fmt(format_args!(
                        "ls: cannot access '{op}': No such file or directory"
                    ));
                    out.code = 2;
                }
            }
            Some(s) if s.kind == Kind::Dir && !o.dir => dirs.push((op.clone(), abs)),
            Some(stat) => files.push(Item {
                name: op.clone(),
                stat,
                subdirs: count_subdirs(env, &abs),
            }),
        }
    }
    let mut text = String::new();
    let any_files = !files.is_empty();
    sort(&mut files, o.reverse);
    if any_files {
        text.push_str(&listing(env, &o, &files, false));
    }
    let titled = operands.len() > 1;
    bridgeport_golib::sort::sort(&mut dirs);
    if o.reverse {
        dirs.reverse();
    }
    for (i, (shown, abs)) in dirs.iter().enumerate() {
        if any_files || i > 0 {
            text.push('\n');
        }
        if titled {
            let _ = writeln!(text, "{shown}:");
        }
        let mut items: Vec<Item> = Vec::new();
        if o.all {
            for (name, path) in [
                (".", abs.clone()),
                ("..", crate::shell::fs::parent(abs).to_string()),
            ] {
                if let Some(stat) = env.stat(&path) {
                    items.push(Item {
                        name: name.to_string(),
                        stat,
                        subdirs: count_subdirs(env, &path),
                    });
                }
            }
        }
        for (name, _) in env.children(abs) {
            if name.starts_with('.') && !o.all && !o.almost {
                continue;
            }
            let path = if abs == "/" {
                format!("/{name}")
            } else {
                format!("{abs}/{name}")
            };
            if let Some(stat) = env.stat(&path) {
                items.push(Item {
                    name,
                    stat,
                    subdirs: count_subdirs(env, &path),
                });
            }
        }
        sort(&mut items, o.reverse);
        text.push_str(&listing(env, &o, &items, true));
    }
    // Missing operands are reported while the arguments are read, before
    // any listing (coreutils gobble_file), as both ls do.
    out.out(&text);
    out
}

fn count_subdirs(env: &FsEnv, abs: &str) -> usize {
    env.children(abs)
        .iter()
        .filter(|(_, k)| *k == Kind::Dir)
        .count()
}

fn sort(items: &mut [Item], reverse: bool) {
    bridgeport_golib::sort::sort_by(items, |a, b| a.name.cmp(&b.name));
    if reverse {
        items.reverse();
    }
}

/// A name with `-F`/`-p`'s `/` after a directory.
fn decorated(o: &Opts, item: &Item) -> String {
    if (o.classify || o.slash) && item.stat.kind == Kind::Dir {
        format!("{}/", item.name)
    } else {
        item.name.clone()
    }
}

/// One directory's (or the file operands') lines.
fn listing(env: &FsEnv, o: &Opts, items: &[Item], total: bool) -> String {
    if o.long {
        return long(env, o, items, total);
    }
    let names: Vec<String> = items.iter().map(|i| decorated(o, i)).collect();
    if names.is_empty() {
        return String::new();
    }
    if o.one || (!env.tty && !o.columns) {
        return names.iter().map(|n| format!("{n}\n")).collect();
    }
    if env.busybox {
        busybox_columns(&names)
    } else {
        gnu_columns(&names)
    }
}

/// GNU `print_many_per_line`: the most columns (filled down) whose line
/// stays under 80 characters, each as wide as its longest name plus 2.
fn gnu_columns(names: &[String]) -> String {
    let n = names.len();
    let width = |s: &String| bridgeport_golib::width::string_width(s);
    let max_cols = n.clamp(1, WIDTH / 3);
    let mut best: (usize, Vec<usize>) = (1, vec![0]);
    for cols in (1..=max_cols).rev() {
        let rows = n.div_ceil(cols);
        let mut widths = vec![0usize; cols];
        for (i, name) in names.iter().enumerate() {
            let idx = i / rows;
            let w = width(name) + if idx == cols - 1 { 0 } else { 2 };
            widths[idx] = widths[idx].max(w);
        }
        if widths.iter().sum::<usize>() < WIDTH || cols == 1 {
            best = (cols, widths);
            break;
        }
    }
    let (cols, widths) = best;
    let rows = n.div_ceil(cols);
    let mut s = String::new();
    for r in 0..rows {
        let mut c = 0;
        loop {
            let i = r + c * rows;
            let Some(name) = names.get(i) else { break };
            s.push_str(name);
            if i + rows >= n {
                break;
            }
            let pad = widths[c].saturating_sub(width(name));
            s.push_str(&" ".repeat(pad));
            c += 1;
        }
        s.push('\n');
    }
    s
}

/// busybox `showfiles`: columns of the longest name plus 2, as many as fit.
fn busybox_columns(names: &[String]) -> String {
    let n = names.len();
    let col = names.iter().map(|s| s.chars().count()).max().unwrap_or(0) + 2;
    let ncols = (WIDTH / col).max(1);
    let nrows = n.div_ceil(ncols);
    let mut s = String::new();
    for r in 0..nrows {
        let mut column = 0;
        for c in 0..ncols {
            let Some(name) = names.get(c * nrows + r) else {
                continue;
            };
            if c > 0 {
                let next = c * col;
                s.push_str(&" ".repeat(next.saturating_sub(column)));
                column = next;
            }
            s.push_str(name);
            column += name.chars().count();
        }
        s.push('\n');
    }
    s
}

/// `ls -l`'s lines, with `total` for a directory listing.
fn long(env: &FsEnv, o: &Opts, items: &[Item], total: bool) -> String {
    // Ubuntu's umask 002 for a user with its own group; root's 022 in images.
    let group_w = env.user != "root";
    let mode = |i: &Item| -> &'static str {
        match (i.stat.kind, group_w) {
            (Kind::Dir, true) => "drwxrwxr-x",
            (Kind::Dir, false) => "drwxr-xr-x",
            (Kind::File, true) => "-rw-rw-r--",
            (Kind::File, false) => "-rw-r--r--",
        }
    };
    let links = |i: &Item| match i.stat.kind {
        Kind::Dir => 2 + i.subdirs,
        Kind::File => 1,
    };
    let size = |i: &Item| -> String {
        if o.human {
            human(i.stat.size)
        } else {
            i.stat.size.to_string()
        }
    };
    let now = Timestamp(env.now);
    let mut s = String::new();
    if total {
        // 4 KiB blocks, counted in 1 KiB units (GNU human: "4.0K").
        let blocks: usize = items.iter().map(|i| i.stat.size.div_ceil(4096) * 4).sum();
        if o.human && blocks > 0 {
            let _ = writeln!(s, "total {}", human(blocks * 1024));
        } else {
            let _ = writeln!(s, "total {blocks}");
        }
    }
    // busybox's columns are fixed (ls.c display_single: links %4, user and
    // group %-8.8, size %9); GNU's are as wide as their widest entry.
    let (lw, sw, user) = if env.busybox {
        (4, 9, format!("{:<8.8}", env.user))
    } else {
        let lw = items.iter().map(|i| links(i).to_string().len()).max();
        let sw = items.iter().map(|i| size(i).len()).max();
        (lw.unwrap_or(1), sw.unwrap_or(1), env.user.to_string())
    };
    for i in items {
        let _ = writeln!(
            s,
            "{} {:>lw$} {user} {user} {:>sw$} {} {}",
            mode(i),
            links(i),
            size(i),
            ls_time(Timestamp(i.stat.mtime), now),
            decorated(o, i)
        );
    }
    s
}

/// GNU `-h`: one decimal below 10 (rounded up), whole numbers above, K/M.
fn human(n: usize) -> String {
    if n < 1024 {
        return n.to_string();
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 'K';
    if v >= 1024.0 {
        v /= 1024.0;
        unit = 'M';
    }
    if v < 10.0 {
        let r = (v * 10.0).ceil() / 10.0;
        if r < 10.0 {
            return format!("{r:.1}{unit}");
        }
    }
    format!("{}{unit}", v.ceil() as u64)
}
