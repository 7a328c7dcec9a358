//! Tables for the text tools: input, command, output, as GNU coreutils,
//! GNU grep and busybox print them.

use super::TextEnv;
use crate::shell::run::FileError;
use crate::shell::{Dialect, ShellState};
use crate::tools::find;

fn read(path: &str) -> Result<String, FileError> {
    match path {
        "/etc/hosts" => Ok("127.0.0.1\tlocalhost\n172.17.0.2\tweb\n".to_string()),
        "/etc" => Err(FileError::IsDir),
        _ => Err(FileError::NotFound),
    }
}

fn sh(busybox: bool, line: &[&str], stdin: Option<&str>) -> (String, i32) {
    let state = ShellState::with_env(&["PATH=/bin".to_string(), "A=1".to_string()], "/", "sh", 1);
    let env = TextEnv {
        busybox,
        dialect: if busybox { Dialect::Ash } else { Dialect::Bash },
        read: &read,
        state: &state,
    };
    let argv: Vec<String> = line.iter().map(|s| s.to_string()).collect();
    let tool = find(&argv[0]).and_then(|t| t.text).expect("a text tool");
    let o = tool(&env, &argv[1..], stdin);
    (o.text(), o.code)
}

/// (busybox?, argv, stdin, stdout+stderr, exit code)
type Case<'a> = (bool, &'a [&'a str], Option<&'a str>, &'a str, i32);

const PS: &str =
    "CONTAINER ID   IMAGE     NAMES\nabc            nginx     web\ndef            redis     db\n";

#[test]
fn text_tools_print_what_the_real_ones_print() {
    let cases: &[Case] = &[
        (false, &["grep", "web"], Some(PS), "abc            nginx     web\n", 0),
        (false, &["grep", "-v", "web"], Some(PS), "CONTAINER ID   IMAGE     NAMES\ndef            redis     db\n", 0),
        (false, &["grep", "-c", "e"], Some(PS), "2\n", 0),
        (false, &["grep", "-i", "WEB"], Some(PS), "abc            nginx     web\n", 0),
        (false, &["grep", "nothing"], Some(PS), "", 1),
        (false, &["grep", "-n", "db"], Some(PS), "3:def            redis     db\n", 0),
        (false, &["grep", "-A1", "CONTAINER"], Some(PS), "CONTAINER ID   IMAGE     NAMES\nabc            nginx     web\n", 0),
        (false, &["grep", "-E", "web|db"], Some(PS), "abc            nginx     web\ndef            redis     db\n", 0),
        (false, &["grep", "web\\|db"], Some(PS), "abc            nginx     web\ndef            redis     db\n", 0),
        (false, &["grep", "a+"], Some("aa\na+\n"), "a+\n", 0),
        (false, &["grep", "-o", "[0-9.]*\\.2"], Some("x 172.17.0.2 y\n"), "172.17.0.2\n", 0),
        (false, &["grep", "-w", "we"], Some(PS), "", 1),
        (false, &["grep", "-q", "web"], Some(PS), "", 0),
        (false, &["grep", "web", "/nope"], None, "grep: /nope: No such file or directory\n", 2),
        (true, &["grep", "web", "/nope"], None, "grep: /nope: No such file or directory\n", 2),
        (false, &["grep", "web", "/etc/hosts"], None, "172.17.0.2\tweb\n", 0),
        (false, &["grep", "web", "/etc/hosts", "-"], Some("web\n"), "/etc/hosts:172.17.0.2\tweb\n(standard input):web\n", 0),
        (false, &["grep", "-Z"], None, "grep: invalid option -- 'Z'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
        (false, &["grep", "("], Some("("), "(\n", 0),
        (false, &["grep", "-E", "("], Some("("), "grep: Unmatched ( or \\(\n", 2),
        (false, &["grep", "[&]"], Some("a&b\nab\n"), "a&b\n", 0),
        (false, &["grep", "-x", "a.c"], Some("abc\nabcd\n"), "abc\n", 0),
        (false, &["grep", "-e", "x", "-e", "ab"], Some("abc\nq\n"), "abc\n", 0),
        (false, &["grep", "\\(ab\\)\\{2\\}"], Some("abab\nab\n"), "abab\n", 0),
        (false, &["head", "-n", "1"], Some(PS), "CONTAINER ID   IMAGE     NAMES\n", 0),
        (false, &["head", "-2"], Some(PS), "CONTAINER ID   IMAGE     NAMES\nabc            nginx     web\n", 0),
        (false, &["tail", "-n", "1"], Some(PS), "def            redis     db\n", 0),
        (false, &["tail", "-n", "+2"], Some(PS), "abc            nginx     web\ndef            redis     db\n", 0),
        (false, &["head", "-n", "x"], Some(PS), "head: invalid number of lines: ‘x’\n", 1),
        (false, &["wc", "-l"], Some(PS), "3\n", 0),
        (false, &["wc"], Some("a b\nc\n"), "      2       3       6\n", 0),
        (true, &["wc"], Some("a b\nc\n"), "        2         3         6\n", 0),
        (false, &["wc", "-l", "/etc/hosts"], None, "2 /etc/hosts\n", 0),
        (false, &["cut", "-d", " ", "-f", "1"], Some("a b c\nd e\n"), "a\nd\n", 0),
        (false, &["cut", "-c", "1-3"], Some("abcdef\n"), "abc\n", 0),
        (false, &["cut", "-f2"], Some("a\tb\nnotab\n"), "b\nnotab\n", 0),
        (false, &["sort"], Some("b\na\nc\n"), "a\nb\nc\n", 0),
        (false, &["sort", "-r"], Some("b\na\nc\n"), "c\nb\na\n", 0),
        (false, &["sort", "-n"], Some("10\n9\n100\n"), "9\n10\n100\n", 0),
        (false, &["sort", "-u"], Some("b\na\nb\n"), "a\nb\n", 0),
        (false, &["uniq", "-c"], Some("a\na\nb\n"), "      2 a\n      1 b\n", 0),
        (false, &["cat", "/etc/hosts"], None, "127.0.0.1\tlocalhost\n172.17.0.2\tweb\n", 0),
        (false, &["cat", "/nope"], None, "cat: /nope: No such file or directory\n", 1),
        (true, &["cat", "/nope"], None, "cat: can't open '/nope': No such file or directory\n", 1),
        (false, &["cat", "/etc"], None, "cat: /etc: Is a directory\n", 1),
        (false, &["cat"], Some("piped\n"), "piped\n", 0),
        (false, &["echo", "-n", "a"], None, "a", 0),
        (false, &["echo", "-e", "a\\tb"], None, "a\tb\n", 0),
        (false, &["echo", "a\\tb"], None, "a\\tb\n", 0),
        (false, &["printf", "%s-%d\\n", "a", "1", "b", "2"], None, "a-1\nb-2\n", 0),
        (false, &["printf", "%5s|%-3s|\\n", "ab", "c"], None, "   ab|c  |\n", 0),
        (false, &["env"], None, "PATH=/bin\nA=1\n", 0),
        (false, &["printenv", "A"], None, "1\n", 0),
        (false, &["sleep", "1"], None, "", 0),
        (true, &["sleep", "x"], None, "sleep: invalid number 'x'\n", 1),
    ];
    for (busybox, argv, stdin, want, code) in cases {
        let (got, got_code) = sh(*busybox, argv, *stdin);
        assert_eq!(
            (got.as_str(), got_code),
            (*want, *code),
            "{argv:?} (busybox: {busybox})"
        );
    }
}
