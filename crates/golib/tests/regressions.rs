//! Inputs the fuzzers found (fuzz/, scripts/fuzz.sh), minimised, as plain
//! tests named after what went wrong: the template engine's. Those found
//! through whole command lines are in crates/commands/tests/regressions.rs.

use bridgeport_golib::template;
use serde_json::json;
use std::time::{Duration, Instant};

/// The go_template target's document (fuzz/fuzz_targets/go_template.rs).
fn fuzz_doc() -> serde_json::Value {
    json!({
        "Id": "3f2a9c", "Name": "/web", "State": {"Running": true, "Pid": 4242},
        "Config": {"Labels": {"com.example": "x", "b": ""}, "Env": ["A=1", "B=2"]},
        "Sizes": [1, 2.5, -3, 18446744073709551615u64], "Nothing": null
    })
}

/// go_template, slow unit (10 s under the fuzzer's instrumentation, 1.4 s
/// unoptimised): a precision just under Go's 10^7 bound on an integer
/// (`%.9400017d`, or a bad verb over a map of ints) built all 9.4 million
/// zero digits before the 1 MiB output limit refused them; the same for
/// `%U`, `%e` and `%f`. Fixed in template/gofmt.rs (`wont_fit`): the
/// size check comes before the digits. Same output and errors as before.
#[test]
fn a_huge_printf_precision_fails_fast_instead_of_building_megabytes() {
    let doc = fuzz_doc();
    let cases = [
        (r#"{{printf "%.9400017d" 1}}"#, Err("template parsing error: template: :1:2: executing \"\" at <printf \"%.9400017d\" 1>: error calling printf: result exceeds the size limit")),
        (r#"{{printf "%176.9400017x" 255}}"#, Err("template parsing error: template: :1:2: executing \"\" at <printf \"%176.9400017x\" 255>: error calling printf: result exceeds the size limit")),
        (r#"{{printf "%.9400017U" 65}}"#, Err("template parsing error: template: :1:2: executing \"\" at <printf \"%.9400017U\" 65>: error calling printf: result exceeds the size limit")),
        (r#"{{printf "%.9400017e" 2.5}}"#, Err("template parsing error: template: :1:2: executing \"\" at <printf \"%.9400017e\" 2.5>: error calling printf: result exceeds the size limit")),
        // Typed execution fails on the ints; the raw fallback prints them as json.Number strings.
        (r#"{{printf "%.9400017I" .Sizes}}"#, Ok("[%!I(json.Number=1) %!I(json.Number=2.5) %!I(json.Number=-3) %!I(json.Number=18446744073709551615)]")),
        (r#"{{printf "%.5d|%08.3f|%.3U" 7 2.5 65}}"#, Ok("00007|0002.500|U+0041")),
    ];
    let t0 = Instant::now();
    for (t, want) in cases {
        let got = template::render(t, &doc);
        assert_eq!(
            got.as_deref(),
            want.map_err(str::to_string).as_deref(),
            "{t}"
        );
    }
    // The whole minimised input from the fuzzer.
    let slow = r#"{{printf "%000000176.9400017Id6.2440180!1111111{{((h(e))))s____111N11111q %~v %x %5..2f" . 3_14159}}"#;
    let out = template::render(slow, &doc).expect("renders through the raw fallback");
    assert!(
        out.starts_with("%!I(map[Config:map[Env:[A=1 B=2]") || out.len() < 20_000,
        "{}",
        &out[..out.len().min(200)]
    );
    // Generous for an unoptimised build: it took 1.4 s before the fix.
    assert!(
        t0.elapsed() < Duration::from_millis(500),
        "took {:?}",
        t0.elapsed()
    );
}
