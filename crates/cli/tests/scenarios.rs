//! Golden transcripts: every `tests/scenarios/NAME.cmds` at the repository
//! root is run with seed 1 and compared with `NAME.transcript` byte for byte.
//! Run with `UPDATE_GOLDEN=1` to rewrite the transcripts after a deliberate
//! change, then read the diff before committing it.

use bridgeport_commands::script::{run_script, transcript};
use std::path::PathBuf;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios")
}

#[test]
fn golden_transcripts() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cmds"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no scenarios found");
    let mut failures = Vec::new();
    for cmds in &entries {
        let script = std::fs::read_to_string(cmds).unwrap();
        let trace = script.lines().next().is_some_and(|l| l.contains("[trace]"));
        let (_, steps) = run_script(1, &script);
        let got = transcript(&steps, trace);
        let golden = cmds.with_extension("transcript");
        if update {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}:\n{}",
                golden.display(),
                first_difference(&want, &got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden transcripts differ (UPDATE_GOLDEN=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("  line {}:\n    want: {w}\n    got:  {g}", i + 1);
        }
    }
    format!(
        "  lengths differ: want {} lines, got {} lines",
        want.lines().count(),
        got.lines().count()
    )
}

#[test]
fn same_seed_same_transcript_and_different_seed_different_ids() {
    let script = std::fs::read_to_string(scenarios_dir().join("default-bridge.cmds")).unwrap();
    let a = transcript(&run_script(7, &script).1, true);
    let b = transcript(&run_script(7, &script).1, true);
    let c = transcript(&run_script(8, &script).1, true);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// A here-document is one entry, as a terminal reads it: the runner prints
/// one JSON record for it, whose command is every line typed (blank and `#`
/// lines of the body included), and the next line is an entry of its own.
#[test]
fn a_heredoc_is_one_json_record() {
    use bridgeport_commands::script::json_lines;
    let script =
        "cat > compose.yaml <<'EOF'\nservices:\n  # web\n\n  web: {}\nEOF\ncat compose.yaml\n";
    let (_, steps) = run_script(1, script);
    let json = json_lines(&steps);
    let records: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2, "{json}");
    assert_eq!(
        records[0]["command"],
        "cat > compose.yaml <<'EOF'\nservices:\n  # web\n\n  web: {}\nEOF"
    );
    assert_eq!(records[0]["output"], "");
    assert_eq!(records[1]["output"], "services:\n  # web\n\n  web: {}\n");
}
