//! The host's files as the page uses them: written by the shell line the
//! editor runs, read back, and checked by the compose loader with the
//! position the editor marks.

use bridgeport_commands::shell::heredoc_command;
use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;

#[test]
fn the_editor_writes_through_the_shell_and_reads_back() {
    let mut s = Session::new(1);
    let text = "services:\n  web:\n    image: nginx\n";
    let o = s.execute(&heredoc_command("compose.yaml", text), Timestamp(1000));
    assert_eq!(o.exit_code, 0, "{}", o.output);
    assert_eq!(s.host_file("compose.yaml"), Some(text));
    assert_eq!(s.host_file("/home/learner/myapp/compose.yaml"), Some(text));
    assert_eq!(
        s.host_files("/home/learner"),
        vec![(
            "/home/learner/myapp/compose.yaml".to_string(),
            text.to_string()
        )]
    );
    assert_eq!(s.compose_problem("compose.yaml", text), None);
}

#[test]
fn a_broken_compose_file_has_a_line_and_column() {
    let s = Session::new(1);
    // compose-go's schema error points at the key (reference §4.1).
    let p = s
        .compose_problem(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    prots:\n      - 80\n",
        )
        .expect("an error");
    assert!(
        p.message
            .contains("additional properties 'prots' not allowed"),
        "{p:?}"
    );
    assert_eq!((p.line, p.column), (Some(4), Some(5)), "{p:?}");
    let p = s
        .compose_problem(
            "compose.yaml",
            "services:\n  web:\n   image: nginx\n  bad\n",
        )
        .expect("a syntax error");
    assert!(p.line.is_some(), "{p:?}");
}
