//! The file tools against a tree, as GNU coreutils 9.4 and busybox 1.37
//! print (coreutils `src/ls.c` print_many_per_line and print_long_format;
//! busybox `coreutils/ls.c` showfiles and display_single).

use super::FsEnv;
use crate::shell::fs::Files;
use crate::shell::Dialect;

fn env<'a>(files: &'a mut Files, busybox: bool, tty: bool) -> FsEnv<'a> {
    files.ensure("p", &["/", "/home", "/home/u", "/tmp"], 0);
    FsEnv {
        busybox,
        utf8: !busybox,
        files,
        place: "p",
        generated: &["/etc/hosts"],
        cwd: "/home/u",
        now: 1_767_268_800_000,
        tty,
        user: if busybox { "root" } else { "learner" },
        writable: &|d: &str| d != "/",
        dialect: Dialect::Bash,
    }
}

fn run(e: &mut FsEnv, tool: super::super::FsRun, args: &[&str]) -> (String, i32) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let o = tool(e, &args);
    (o.text(), o.code)
}

#[test]
fn gnu_columns_fill_down_and_stay_under_80() {
    let mut f = Files::default();
    let mut e = env(&mut f, false, true);
    for i in 0..30 {
        e.files
            .write("p", &format!("/home/u/file-number-{i:02}"), "", false, 0)
            .unwrap();
    }
    let (out, code) = run(&mut e, super::ls::run, &[]);
    assert_eq!(code, 0);
    // 14-character names: 5 columns of 16 would be 78 < 80 (the last has no
    // padding), so 5 columns of 6 rows, filled down.
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "file-number-00  file-number-06  file-number-12  file-number-18  file-number-24"
    );
    assert_eq!(out.lines().count(), 6);
    assert!(out.lines().all(|l| l.len() < 80));
    // Not a terminal: one per line.
    let mut e = env(&mut f, false, false);
    let (out, _) = run(&mut e, super::ls::run, &[]);
    assert_eq!(out.lines().count(), 30);
}

#[test]
fn long_listing_gnu_and_busybox() {
    let mut f = Files::default();
    let mut e = env(&mut f, false, true);
    e.files
        .write(
            "p",
            "/home/u/compose.yaml",
            &"x".repeat(120),
            false,
            1_767_268_800_000,
        )
        .unwrap();
    e.files
        .mkdir("p", "/home/u/data", 1_767_268_800_000)
        .unwrap();
    let (out, _) = run(&mut e, super::ls::run, &["-l"]);
    assert_eq!(
        out,
        "total 8\n-rw-rw-r-- 1 learner learner  120 Jan  1 12:00 compose.yaml\ndrwxrwxr-x 2 learner learner 4096 Jan  1 12:00 data\n"
    );
    let mut e = env(&mut f, true, true);
    let (out, _) = run(&mut e, super::ls::run, &["-l"]);
    assert_eq!(
        out,
        "total 8\n-rw-r--r--    1 root     root           120 Jan  1 12:00 compose.yaml\ndrwxr-xr-x    2 root     root          4096 Jan  1 12:00 data\n"
    );
}

#[test]
fn errors_in_each_tools_words() {
    let mut f = Files::default();
    let mut e = env(&mut f, false, true);
    assert_eq!(
        run(&mut e, super::ls::run, &["nope"]),
        (
            "ls: cannot access 'nope': No such file or directory\n".to_string(),
            2
        )
    );
    assert_eq!(
        run(&mut e, super::ls::run, &["-z"]),
        (
            "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n".to_string(),
            2
        )
    );
    assert_eq!(
        run(&mut e, super::mkdir::mkdir, &["a/b"]),
        (
            "mkdir: cannot create directory ‘a/b’: No such file or directory\n".to_string(),
            1
        )
    );
    assert_eq!(run(&mut e, super::mkdir::mkdir, &["-p", "a/b"]).1, 0);
    assert_eq!(
        run(&mut e, super::mkdir::mkdir, &["a"]),
        (
            "mkdir: cannot create directory ‘a’: File exists\n".to_string(),
            1
        )
    );
    assert_eq!(
        run(&mut e, super::rm::run, &["a"]),
        ("rm: cannot remove 'a': Is a directory\n".to_string(), 1)
    );
    assert_eq!(run(&mut e, super::rm::run, &["-rf", "a", "gone"]).1, 0);
    assert_eq!(
        run(&mut e, super::rm::run, &[]),
        (
            "rm: missing operand\nTry 'rm --help' for more information.\n".to_string(),
            1
        )
    );
    assert_eq!(
        run(&mut e, super::rm::run, &["-r", "/"]).0,
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
    );
    let mut e = env(&mut f, true, true);
    assert_eq!(
        run(&mut e, super::ls::run, &["nope"]),
        ("ls: nope: No such file or directory\n".to_string(), 1)
    );
    assert_eq!(
        run(&mut e, super::mkdir::mkdir, &["x/y"]),
        (
            "mkdir: can't create directory 'x/y': No such file or directory\n".to_string(),
            1
        )
    );
    assert_eq!(
        run(&mut e, super::rm::run, &["/etc/hosts"]),
        (
            "rm: can't remove '/etc/hosts': Resource busy\n".to_string(),
            1
        )
    );
    assert_eq!(
        run(&mut e, super::mkdir::touch, &["x/y"]),
        ("touch: x/y: No such file or directory\n".to_string(), 1)
    );
}
