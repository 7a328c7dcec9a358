//! Go templates (docker's -f/--format) over small JSON documents, through
//! every entry point: inspect's typed-then-raw `render`, each data model,
//! missingkey=error, table headers, methods, and docker/cli's format
//! preprocessing.
//!
//! Input: `TEMPLATE` or `TEMPLATE \0 JSON`. Without valid JSON after the NUL
//! the data is a small container-like document, so seeds stay readable text.
#![no_main]

use bridgeport_golib::template::{self, DataModel, ExecOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use std::sync::OnceLock;

fn default_doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        json!({
            "Id": "3f2a9c", "Name": "/web", "State": {"Running": true, "Pid": 4242},
            "Config": {"Labels": {"com.example": "x", "b": ""}, "Env": ["A=1", "B=2"], "ExposedPorts": {"80/tcp": {}}},
            "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2", "Aliases": null},
                                              "n1": {"IPAddress": "172.18.0.2", "Aliases": ["web", "w"]}},
                                "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null}},
            "Sizes": [1, 2.5, -3, 18446744073709551615u64], "Nothing": null, "lower": "map"
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let (t, j) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(text) = std::str::from_utf8(t) else {
        return;
    };
    let parsed: Option<Value> = j.and_then(|j| serde_json::from_slice(j).ok());
    let value = parsed.as_ref().unwrap_or_else(|| default_doc());

    let _ = template::render(text, value);
    let _ = template::render_inspect(text, value, &[("ID", "Id")]);
    let (_, prepared) = template::prepare_format(text);
    let _ = template::render_with(&prepared, value, &ExecOptions::default());
    let _ = template::render_header(&prepared, value);
    let raw = ExecOptions {
        model: DataModel::Raw,
        missing_key_error: true,
        ..ExecOptions::default()
    };
    let _ = template::render_with(text, value, &raw);
    let maps = ExecOptions {
        model: DataModel::TypedMaps,
        ..ExecOptions::default()
    };
    let _ = template::render_with(text, value, &maps);
    let label = |args: &[&str]| -> Result<String, String> {
        if args.first() == Some(&"err") {
            Err("boom".into())
        } else {
            Ok(args.join(","))
        }
    };
    let methods = [template::Method {
        name: "Label",
        arity: 1,
        call: &label,
    }];
    let with_methods = ExecOptions {
        methods: &methods,
        root_type: "*formatter.ContainerContext",
        ..ExecOptions::default()
    };
    if let Ok(out) = template::render_with(text, value, &with_methods) {
        assert!(out.len() <= template::MAX_OUTPUT, "output over the limit");
    }
});
