//! Image reference parsing: errors, never panics; a parsed reference prints and re-parses.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = pinflow::internals::Reference::parse(text) {
        let again = pinflow::internals::Reference::parse(&r.to_string())
            .expect("a printed reference parses");
        assert_eq!(again.repository, r.repository);
        let _ = r.pinned("sha256:0000000000000000000000000000000000000000000000000000000000000000");
    }
});
