//! Placeholder rendering: arbitrary templates against fixed values, in both of Prefect's modes,
//! with and without blocks and variables.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pinflow::template::{render, Options, References, Sources};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let template = json!({"a": text, "b": [text, {"c": text}]});
    let outputs = json!({"step": {"out": [1, {"x": "y"}], "n": 3}, "0": "zero"});
    let env = json!({"HOME": "/root", "X": "{{ step.out }}"});
    let mut refs = References::default();
    refs.blocks.insert("secret.s".into(), json!({"value": "v"}));
    refs.variables.insert("v".into(), json!({"k": [1]}));
    for refs in [Some(&refs), None] {
        let src = Sources {
            refs,
            env: &env,
            outputs: &outputs,
        };
        for opts in [
            Options {
                remove_notset: false,
                skip_prefixes: &[],
            },
            Options {
                remove_notset: true,
                skip_prefixes: &["ctx."],
            },
        ] {
            let _ = render(&template, &src, opts);
        }
    }
    let _ = pinflow::template::lookup(&outputs, text);
});
