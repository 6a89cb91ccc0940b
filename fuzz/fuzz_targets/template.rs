//! Placeholder rendering: arbitrary templates against fixed values, in both of Prefect's modes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pinflow::template::{apply_values, resolve_references, Options, References};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let template = json!({"a": text, "b": [text, {"c": text}]});
    let values = json!({"step": {"out": [1, {"x": "y"}], "n": 3}, "HOME": "/root", "0": "zero"});
    for opts in [Options { remove_notset: false, skip_prefixes: &[] }, Options { remove_notset: true, skip_prefixes: &["ctx."] }] {
        let _ = apply_values(&template, &values, opts);
    }
    let mut refs = References::default();
    refs.blocks.insert("secret.s".into(), json!({"value": "v"}));
    refs.variables.insert("v".into(), json!({"k": [1]}));
    let _ = resolve_references(&template, &refs);
    let _ = pinflow::template::lookup(&values, text);
});
