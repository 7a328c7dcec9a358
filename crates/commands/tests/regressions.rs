//! Inputs the fuzzers found (fuzz/, scripts/fuzz.sh), minimised, as plain
//! tests named after what went wrong. Run the fuzzers with `scripts/fuzz.sh`.
//! The template engine's own are in crates/golib/tests/regressions.rs.

use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;

/// A huge printf precision (the template regression in
/// crates/golib/tests/regressions.rs) through a session, as a learner could
/// type it.
#[test]
fn a_huge_printf_precision_in_docker_inspect_is_a_clear_error() {
    let mut s = Session::new(1);
    let o = s.execute(
        r#"docker network inspect -f '{{printf "%.9999999d" 1}}' bridge"#,
        Timestamp(1000),
    );
    assert_eq!(o.exit_code, 1);
    assert_eq!(
        o.output,
        "template parsing error: template: :1:2: executing \"\" at <printf \"%.9999999d\" 1>: error calling printf: result exceeds the size limit\n"
    );
}

/// command_line, output of 4.3 MB (over the fuzz check's 4 MiB): `docker
/// inspect` with ~100 arguments that each name a container or network
/// (short ID prefixes like `d` and `1` count) printed each whole object.
/// Real Docker prints it all; the playground now stops one command's output
/// at 2 MiB (`output::MAX_COMMAND_OUTPUT`) with a note.
#[test]
fn a_command_printing_megabytes_is_cut_at_two_mib_with_a_note() {
    let mut s = Session::new(1);
    s.execute("docker run -d --name web -p 8080:80 nginx", Timestamp(1000));
    let line = format!("docker inspect -f '{{{{.}}}}'{}", " web".repeat(1500));
    let o = s.execute(&line, Timestamp(2000));
    assert!(
        o.output.len() <= (2 << 20) + 200,
        "{} bytes",
        o.output.len()
    );
    assert!(
        o.output
            .ends_with("\n[bridgeport] output cut at 2 MiB: a real terminal would keep printing\n"),
        "{}",
        &o.output[o.output.len().saturating_sub(300)..]
    );
    // Short output is untouched.
    let o = s.execute("docker inspect -f '{{.Name}}' web web", Timestamp(3000));
    assert_eq!(o.output, "/web\n/web\n");
}
