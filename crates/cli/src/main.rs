//! `bridgeport`: the native runner. Runs a script of playground commands and
//! prints the transcript the terminal shows (or JSON lines, or traces), and
//! prints the reachability matrix. Tests, benchmarks and reviewers use it.
//!
//! ```text
//! bridgeport run [--seed N] [--json] [--trace] FILE|-
//! bridgeport matrix [--seed N] [--json] FILE|-
//! ```

use bridgeport_commands::script::{json_lines, run_script, transcript};
use bridgeport_commands::Session;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: bridgeport run [--seed N] [--json] [--trace] FILE|-\n       bridgeport matrix [--seed N] [--json] FILE|-\n";

struct Args {
    command: String,
    seed: u64,
    json: bool,
    trace: bool,
    file: String,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = argv.next().ok_or("missing command")?;
    if command != "run" && command != "matrix" {
        return Err(format!("unknown command: {command}"));
    }
    let mut args = Args {
        command,
        seed: 1,
        json: false,
        trace: false,
        file: String::new(),
    };
    while let Some(a) = argv.next() {
        match a.as_str() {
            "--seed" => {
                args.seed = argv
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seed needs a number")?
            }
            "--json" => args.json = true,
            "--trace" => args.trace = true,
            "-h" | "--help" => return Err(String::new()),
            f if args.file.is_empty() && (!f.starts_with('-') || f == "-") => {
                args.file = f.to_string()
            }
            other => return Err(format!("unexpected argument: {other}")),
        }
    }
    if args.file.is_empty() {
        return Err("missing FILE (use - for standard input)".to_string());
    }
    Ok(args)
}

fn read_script(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("reading standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))
    }
}

/// The matrix as a readable table: one line per probe.
fn matrix_text(session: &Session) -> String {
    let m = session.matrix();
    let mut s = String::new();
    for cell in &m.cells {
        let from = &m.endpoints[cell.from].name;
        let to = &m.endpoints[cell.to].name;
        let verdict = format!("{:?}", cell.verdict).to_lowercase();
        s.push_str(&format!(
            "{from:<12} → {to:<12} {:<28} {verdict}",
            cell.transport.label
        ));
        if let Some(r) = &cell.reason {
            s.push_str(&format!("  ({r})"));
        }
        s.push('\n');
    }
    s
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("bridgeport: {e}");
            }
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let script = match read_script(&args.file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bridgeport: {e}");
            return ExitCode::from(2);
        }
    };
    let (session, steps) = run_script(args.seed, &script);
    let out = match args.command.as_str() {
        "matrix" => {
            if args.json {
                serde_json::to_string(&session.matrix()).unwrap_or_default() + "\n"
            } else {
                matrix_text(&session)
            }
        }
        _ if args.json => json_lines(&steps),
        _ => transcript(&steps, args.trace),
    };
    print!("{out}");
    ExitCode::SUCCESS
}
