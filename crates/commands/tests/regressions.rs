//! Inputs the fuzzers (fuzz/, scripts/fuzz.sh) found, minimised, as plain tests.
//! Each test is named after what went wrong.

use bridgeport_commands::format::template;
use serde_json::json;
use std::time::Instant;

/// The go_template target's document (fuzz/fuzz_targets/go_template.rs).
fn fuzz_doc() -> serde_json::Value {
    json!({
        "Id": "3f2a9c", "Name": "/web", "State": {"Running": true, "Pid": 4242},
        "Config": {"Labels": {"com.example": "x", "b": ""}, "Env": ["A=1", "B=2"], "ExposedPorts": {"80/tcp": {}}},
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2", "Aliases": null},
                                          "n1": {"IPAddress": "172.18.0.2", "Aliases": ["web", "w"]}},
                            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null}},
        "Sizes": [1, 2.5, -3, 18446744073709551615u64], "Nothing": null, "lower": "map"
    })
}

#[test]
fn printf_with_a_huge_precision_on_a_bad_verb_stays_fast() {
    let doc = fuzz_doc();
    for t in [r#"{{printf "%.9400017I" .}}"#, r#"{{printf "%.9400017I" .Sizes}}"#, r#"{{printf "%.9400017I" 2.5}}"#, r#"{{printf "%.9400017v" 2.5}}"#, r#"{{printf "%.9400017I" .Name}}"#, r#"{{printf "%.9400017I" .State}}"#, r#"{{printf "%.9400017I" 1}}"#, r#"{{printf "%176.9400017I" 1}}"#] {
    let t0 = Instant::now();
    let r = template::render(t, &doc);
    eprintln!("{t} {:?} {:?}", t0.elapsed(), r.as_ref().map(|s| s.chars().take(150).collect::<String>()).map_err(|e| e.chars().take(300).collect::<String>()));
    }
}
