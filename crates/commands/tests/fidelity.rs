//! Exit codes and streams of Docker's refusals, which golden transcripts do
//! not show: each row is a script, the exit code of its last line, and text
//! that must be on that line's stdout or stderr. Sources are cited per row.

use bridgeport_commands::script::run_script;

/// Which stream a row's text is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdout,
    Stderr,
}

/// (script with lines separated by `;`, exit code, stream, text the stream contains)
const CASES: &[(&str, i32, Stream, &str)] = &[
    // docker/cli container/run.go toStatusError: 127 when the program is missing.
    ("docker pull -q alpine;docker run alpine curl example.com", 127, Stream::Stderr, "exec: \"curl\": executable file not found in $PATH"),
    // moby daemon/server/router/container/exec.go: runc's error goes into the attached stream (stdout); exit 127.
    ("docker run -d --name web nginx;docker exec web ping -c1 x", 127, Stream::Stdout, "OCI runtime exec failed: exec failed: unable to start container process: exec: \"ping\""),
    // With -d the exec start is an API error (exit 1).
    ("docker run -d --name web nginx;docker exec -d web ping -c1 x", 1, Stream::Stderr, "Error response from daemon: OCI runtime exec failed"),
    // pflag: a bad --gateway is a flag error (docker/cli cli/cobra.go FlagErrorFunc: 125).
    ("docker network create --gateway foo x", 125, Stream::Stderr, "invalid string being converted to IP address: foo"),
    // The CLI's createIPAMConfig error is a plain error (exit 1).
    ("docker network create --subnet foo x", 1, Stream::Stderr, "netip.ParsePrefix(\"foo\"): no '/'"),
    // Create-time validation (moby daemon/create.go): exit 125, no container.
    ("docker network create --subnet 10.9.0.0/24 n;docker run -d --network n --ip 10.1.0.1 nginx", 125, Stream::Stderr, "no configured subnet contains IP address 10.1.0.1"),
    // docker/cli cli/command/inspect/inspector.go: a template that does not parse is exit status 64.
    ("docker run -d --name web nginx;docker inspect -f '{{.ID' web", 64, Stream::Stderr, "template parsing error: template: :1: unclosed action"),
    ("docker network inspect -f '{{if}}' bridge", 64, Stream::Stderr, "template parsing error: template: :1: missing value for if"),
    // The typed struct first: `.ID` is InspectResponse's Go field (json:"Id").
    ("docker run -d --name web nginx;docker inspect -f '{{len .ID}}' web", 0, Stream::Stdout, "64\n"),
];

#[test]
fn refusals_have_dockers_exit_codes_and_streams() {
    let mut failures = Vec::new();
    for (script, code, stream, text) in CASES {
        let (_, steps) = run_script(1, &script.replace(';', "\n"));
        let last = &steps.last().expect("a step").outcome;
        let on_stream: String = last
            .segments
            .iter()
            .filter(|s| s.stderr == (*stream == Stream::Stderr))
            .map(|s| s.text.as_str())
            .collect();
        if last.exit_code != *code || !on_stream.contains(text) {
            failures.push(format!(
                "`{script}`: want exit {code} and {stream:?} containing {text:?}; got exit {} and {:?}",
                last.exit_code, last.segments
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
