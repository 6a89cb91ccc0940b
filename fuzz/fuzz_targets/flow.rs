//! The Python entrypoint reader: any source gives a flow or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("flows.py");
    for name in ["main", "Jobs.run", "f"] {
        let _ = pinflow::internals::from_source(data, name, path, "flows.py:main");
    }
});
