//! Tables for the shell: how lines parse, and what they print when run
//! against a small set of programs (POSIX sh grammar; busybox ash, dash and
//! bash wordings as cited in `super`).

use super::parse::{parse, ParseError};
use super::run::{run_script, FileError, Programs};
use super::{Dialect, Invocation, ShellState};
use crate::output::Output;
use std::collections::BTreeMap;

/// Programs for the tests: `echo`, `cat` (stdin or a file), `fail` (exit 3),
/// `err` (writes its arguments to stderr), `wc -l`, `upper`.
#[derive(Default)]
struct Toy {
    files: BTreeMap<String, String>,
}

impl Programs for Toy {
    fn run(
        &mut self,
        _: &Invocation,
        _: &mut ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output> {
        let mut o = Output::new();
        match argv[0].as_str() {
            "echo" => o.outln(&argv[1..].join(" ")),
            "cat" => match argv.get(1) {
                Some(f) => match self.files.get(f) {
                    Some(t) => o.out(t),
                    None => o.fail(&format!("cat: {f}: No such file or directory"), 1),
                },
                None => o.out(stdin.unwrap_or("")),
            },
            "fail" => o.code = 3,
            "err" => o.errln(&argv[1..].join(" ")),
            "both" => {
                o.outln("out");
                o.errln("err");
            }
            "wc" => o.outln(&stdin.unwrap_or("").matches('\n').count().to_string()),
            "upper" => o.out(&stdin.unwrap_or("").to_uppercase()),
            "args" => o.outln(&format!("{}:{}", argv.len() - 1, argv[1..].join("|"))),
            _ => return None,
        }
        Some(o)
    }
    fn read(&self, path: &str) -> Result<String, FileError> {
        self.files.get(path).cloned().ok_or(FileError::NotFound)
    }
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FileError> {
        if path.starts_with("/nope/") {
            return Err(FileError::NotFound);
        }
        let f = self.files.entry(path.to_string()).or_default();
        if !append {
            f.clear();
        }
        f.push_str(text);
        Ok(())
    }
    fn is_dir(&self, path: &str) -> bool {
        matches!(path, "/" | "/tmp" | "/root")
    }
}

fn inv(dialect: Dialect, name: &str, command_string: bool) -> Invocation {
    Invocation {
        dialect,
        name: name.to_string(),
        command_string,
        ubuntu_host: false,
    }
}

fn run(dialect: Dialect, name: &str, c: bool, line: &str) -> (String, i32) {
    let mut toy = Toy::default();
    let mut st = ShellState::with_env(
        &["HOME=/root".to_string(), "NAME=web db".to_string()],
        "/",
        name,
        1,
    );
    let (o, _) = run_script(&mut toy, &inv(dialect, name, c), &mut st, line, 0);
    (o.text(), o.code)
}

#[test]
fn lines_run_as_a_posix_shell_runs_them() {
    use Dialect::*;
    let cases: &[(&str, &str, i32)] = &[
        ("echo a; echo b", "a\nb\n", 0),
        ("echo a && echo b", "a\nb\n", 0),
        ("fail && echo no", "", 3),
        ("fail || echo yes", "yes\n", 0),
        ("fail; echo $?", "3\n", 0),
        ("echo a | upper", "A\n", 0),
        ("echo a | fail", "", 3),
        ("fail | echo ok", "ok\n", 0),
        ("! fail", "", 0),
        ("echo 'a  b' \"c  d\" e\\ f", "a  b c  d e f\n", 0),
        ("args $NAME", "2:web|db\n", 0),
        ("args \"$NAME\"", "1:web db\n", 0),
        ("args ''", "1:\n", 0),
        ("args $UNSET", "0:\n", 0),
        ("echo ${NAME}s", "web dbs\n", 0),
        ("echo ${UNSET:-default}", "default\n", 0),
        ("echo '$NAME'", "$NAME\n", 0),
        ("X=1; echo $X", "1\n", 0),
        ("echo $(echo inner)", "inner\n", 0),
        ("echo `echo back`", "back\n", 0),
        ("echo x > /tmp/f; cat /tmp/f", "x\n", 0),
        ("echo x > /tmp/f; echo y >> /tmp/f; cat /tmp/f", "x\ny\n", 0),
        ("both 2>&1 | upper", "OUT\nERR\n", 0),
        ("both 2>/dev/null", "out\n", 0),
        ("both >/dev/null 2>&1", "", 0),
        ("both 2>&1 >/dev/null", "err\n", 0),
        ("both &> /tmp/f; cat /tmp/f", "out\nerr\n", 0),
        ("err oops >&2", "oops\n", 0),
        ("echo a # a comment", "a\n", 0),
        (
            "cat < /tmp/none",
            "sh: can't open '/tmp/none': No such file or directory\n",
            1,
        ),
        ("cd /tmp; pwd", "/tmp\n", 0),
        ("echo ~", "/root\n", 0),
        ("exit 4; echo no", "", 4),
        ("echo a\necho b", "a\nb\n", 0),
        // Here-documents (POSIX 2.7.4): the body follows the line; an
        // unquoted word expands $, `…` and \ before $ ` \ newline.
        ("cat <<EOF\nhi $NAME\nEOF", "hi web db\n", 0),
        ("cat <<'EOF'\nhi $NAME\nEOF", "hi $NAME\n", 0),
        ("cat <<\"EOF\"\nhi $NAME\nEOF", "hi $NAME\n", 0),
        ("cat <<\\EOF\nhi $NAME\nEOF", "hi $NAME\n", 0),
        (
            "cat <<EOF\n\\$NAME \"q\" \\\"q\\\" $(echo s)\nEOF",
            "$NAME \"q\" \\\"q\\\" s\n",
            0,
        ),
        ("cat <<-EOF\n\t\tin\n\tEOF", "in\n", 0),
        ("cat <<EOF\n\tkept\nEOF", "\tkept\n", 0),
        (
            "cat <<EOF > /tmp/f\na\nEOF\ncat <<EOF >> /tmp/f\nb\nEOF\ncat /tmp/f",
            "a\nb\n",
            0,
        ),
        ("cat <<A; cat <<B\n1\nA\n2\nB", "1\n2\n", 0),
        ("cat <<EOF | upper\nx\nEOF", "X\n", 0),
        ("cat <<EOF\n\nEOF", "\n", 0),
        ("cat <<EOF\nEOF", "", 0),
        ("cat <<<word", "word\n", 0),
        ("echo $0 $#", "sh 0\n", 0),
    ];
    for (line, want, code) in cases {
        assert_eq!(
            run(Ash, "sh", true, line),
            (want.to_string(), *code),
            "{line}"
        );
    }
}

#[test]
fn each_shell_words_its_errors_as_the_real_one() {
    use Dialect::*;
    let cases: &[(Dialect, &str, bool, &str, &str, i32)] = &[
        // busybox shell/ash.c shellexec: "%s: %s" with errmsg(e, "not found").
        (Ash, "sh", true, "nope", "sh: nope: not found\n", 127),
        (Ash, "sh", false, "nope", "sh: nope: not found\n", 127),
        // dash exec.c: "%s: %d: %s: not found".
        (Dash, "sh", true, "nope", "sh: 1: nope: not found\n", 127),
        // bash 5.2 execute_cmd.c; -c names the line.
        (Bash, "bash", false, "nope", "bash: nope: command not found\n", 127),
        (Bash, "bash", true, "nope", "bash: line 1: nope: command not found\n", 127),
        (Zsh, "zsh", false, "nope", "zsh: command not found: nope\n", 127),
        (Ash, "sh", true, "echo |", "sh: syntax error: unexpected end of file\n", 2),
        (Ash, "sh", true, "| echo", "sh: syntax error: unexpected \"|\"\n", 2),
        (Ash, "sh", true, "echo 'a", "sh: syntax error: unterminated quoted string\n", 2),
        (Dash, "sh", true, "| echo", "sh: 1: Syntax error: \"|\" unexpected\n", 2),
        (Bash, "bash", false, "| echo", "bash: syntax error near unexpected token `|'\n", 2),
        (Bash, "bash", true, "echo ;; x", "bash: -c: line 1: syntax error near unexpected token `;;'\nbash: -c: line 1: `echo ;; x'\n", 2),
        (Bash, "bash", true, "echo 'a", "bash: -c: line 1: unexpected EOF while looking for matching `''\n", 2),
        (Ash, "sh", true, "echo > /nope/x", "sh: can't create /nope/x: nonexistent directory\n", 2),
        (Bash, "bash", false, "echo > /nope/x", "bash: /nope/x: No such file or directory\n", 1),
        // dash redir.c openredirect: "cannot create %s: %s" (errmsg: "Directory nonexistent"),
        // "cannot open %s: %s" ("No such file"); bash names the path alone.
        (Dash, "sh", true, "echo > /nope/x", "sh: 1: cannot create /nope/x: Directory nonexistent\n", 2),
        (Dash, "sh", true, "cat < /nope", "sh: 1: cannot open /nope: No such file\n", 1),
        (Bash, "bash", false, "cat < /nope", "bash: /nope: No such file or directory\n", 1),
        (Ash, "sh", true, "cd /x", "sh: cd: can't cd to /x: No such file or directory\n", 2),
        (Bash, "bash", false, "cd /x", "bash: cd: /x: No such file or directory\n", 1),
        (Bash, "bash", false, "exit x", "bash: exit: x: numeric argument required\n", 2),
        // bash make_here_document; dash and ash say nothing.
        (Bash, "bash", false, "cat <<EOF\nx", "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nx\n", 0),
        (Ash, "sh", true, "cat <<EOF\nx", "x\n", 0),
        (Bash, "bash", false, "cat <<", "bash: syntax error near unexpected token `newline'\n", 2),
    ];
    for (d, name, c, line, want, code) in cases {
        assert_eq!(
            run(*d, name, *c, line),
            (want.to_string(), *code),
            "{d:?} {line}"
        );
    }
}

#[test]
fn compound_commands_say_they_are_not_simulated() {
    for line in [
        "if true; then echo; fi",
        "for i in 1 2; do echo $i; done",
        "(echo a)",
        "f() { echo; }",
        "echo $((1+2))",
    ] {
        let (out, code) = run(Dialect::Ash, "sh", true, line);
        assert!(out.starts_with("[bridgeport] `"), "{line}: {out}");
        assert_eq!(code, 2, "{line}");
    }
}

#[test]
fn unfinished_lines_need_more() {
    use super::parse::needs_more;
    for more in [
        "cat <<EOF",
        "cat <<EOF\nx",
        "cat <<'EOF'\nEO",
        "echo 'a",
        "echo \"a",
        "a |",
        "a &&",
        "echo a\\",
        "echo $(a",
    ] {
        assert!(needs_more(more), "{more}");
    }
    for done in [
        "cat <<EOF\nx\nEOF",
        "cat <<-EOF\n\tEOF",
        "echo a",
        "echo 'a'",
        "| a",
        "cat <<",
        "",
    ] {
        assert!(!needs_more(done), "{done}");
    }
}

#[test]
fn the_parser_reads_the_grammar() {
    let ok = [
        "a",
        "a b c",
        "a;b",
        "a && b || c",
        "a | b | c",
        "a &",
        "a & b",
        "a > f 2>&1",
        "a 2> f",
        "a>>f",
        "a <f",
        "A=1 b",
        "A=1",
        "! a",
        "a \\\n b",
        "a 'b c' \"d $e ${f}\"",
        "a $(b $(c))",
        "a `b`",
        "a #c",
        "echo a=b",
        "a&>f",
        "a >&2",
        "a\n\nb",
        "a &&\n b",
        "a |\n b",
    ];
    for line in ok {
        assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
    }
    let bad: &[(&str, ParseError)] = &[
        ("|", ParseError::Unexpected(Some("|".into()))),
        ("a |", ParseError::Unexpected(None)),
        ("a &&", ParseError::Unexpected(None)),
        ("a ;; b", ParseError::Unexpected(Some(";;".into()))),
        ("; a", ParseError::Unexpected(Some(";".into()))),
        ("a >", ParseError::Unexpected(None)),
        ("a > |", ParseError::Unexpected(Some("|".into()))),
        ("'a", ParseError::Unterminated('\'')),
        ("\"a", ParseError::Unterminated('"')),
        ("$(a", ParseError::Unterminated('(')),
        ("`a", ParseError::Unterminated('`')),
        ("${a", ParseError::Unterminated('}')),
        ("a )", ParseError::Unexpected(Some(")".into()))),
        ("if a", ParseError::Unsupported("if".into())),
    ];
    for (line, want) in bad {
        assert_eq!(parse(line).as_ref().err(), Some(want), "{line}");
    }
}

#[test]
fn history_prints_in_each_shells_format() {
    let mut toy = Toy::default();
    let mut st = ShellState::default();
    st.remember("echo a");
    st.remember("history");
    let (o, _) = run_script(
        &mut toy,
        &inv(Dialect::Bash, "bash", false),
        &mut st,
        "history",
        0,
    );
    // bash builtins/history.def: "%5d%c %s" from 1.
    assert_eq!(o.text(), "    1  echo a\n    2  history\n");
    let (o, _) = run_script(
        &mut toy,
        &inv(Dialect::Ash, "sh", false),
        &mut st,
        "history",
        0,
    );
    // busybox libbb/lineedit.c show_history: "%4d %s" from 0.
    assert_eq!(o.text(), "   0 echo a\n   1 history\n");
}

#[test]
fn heredoc_command_writes_the_text_back() {
    for text in [
        "services:\n  web: {}\n",
        "no newline",
        "EOF\nEOF1\n",
        "",
        "a 'quote' $X `b`\n\n",
    ] {
        let line = super::heredoc_command("dir/my file.yaml", text);
        let mut toy = Toy::default();
        let mut st = ShellState::with_env(&[], "/", "bash", 1);
        let (o, _) = run_script(
            &mut toy,
            &inv(Dialect::Bash, "bash", false),
            &mut st,
            &line,
            0,
        );
        assert_eq!(o.code, 0, "{line}: {}", o.text());
        let mut want = text.to_string();
        if !want.is_empty() && !want.ends_with('\n') {
            want.push('\n');
        }
        assert_eq!(
            toy.files.get("/dir/my file.yaml").map(String::as_str),
            Some(want.as_str()),
            "{line}"
        );
        assert!(!super::parse::needs_more(&line));
    }
}

/// Every mix of here-document pieces parses or fails with an error, never a
/// panic, and needs_more agrees with parse_full (an exhaustive walk over
/// short sequences of the tokens that matter).
#[test]
fn heredoc_pieces_never_panic() {
    const PIECES: &[&str] = &[
        "cat", " <<", "<<-", "<<<", "'EOF'", "EOF", "\n", "\t", "$(", ")", "`", "\"", "'", "\\",
        "$X", "x", ";", "|",
    ];
    for a in PIECES {
        for b in PIECES {
            for c in PIECES {
                for d in PIECES {
                    let src = format!("{a}{b}{c}{d}");
                    let _ = super::parse::parse_full(&src);
                    let _ = super::parse::needs_more(&src);
                    let _ = run(Dialect::Bash, "bash", false, &src);
                }
            }
        }
    }
}
