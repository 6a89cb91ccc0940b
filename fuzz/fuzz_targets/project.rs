//! prefect.yaml loading and selection: any input must give a project or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) =
        pinflow::internals::Project::parse(std::path::Path::new("prefect.yaml"), text.to_owned())
    {
        let _ = p.select(&["*".to_owned(), "a/b".to_owned()], false, &|_| {
            Some("a".to_owned())
        });
        for d in &p.deployments {
            let _ = p.location(d.index, "work_pool");
        }
    }
});
