//! Reading the user's files safely: regular files only, and never more than a limit.

use std::io::Read;
use std::path::Path;

/// Reads a regular file of at most `max` bytes. Anything else (a directory, a device such as
/// `/dev/zero`, a FIFO) is refused before it is opened, and the limit holds while reading,
/// whatever the file's metadata says. `what` names such files in the message.
pub fn read(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("cannot read {shown}: it is not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{shown} is larger than {max} bytes; pinflow reads {what} of at most {max} bytes"
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read(&file, 5, "files").unwrap(), b"12345");
        assert!(read(&file, 4, "test files")
            .unwrap_err()
            .contains("at most 4 bytes"));
        assert!(read(dir.path(), 5, "files")
            .unwrap_err()
            .contains("not a regular file"));
        let dev = read(Path::new("/dev/zero"), 5, "files").unwrap_err();
        assert!(dev.contains("not a regular file"), "{dev}");
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("link")).unwrap();
        assert!(read(&dir.path().join("link"), 5, "files").is_err());
        assert!(read(&dir.path().join("missing"), 5, "files")
            .unwrap_err()
            .contains("cannot read"));
    }
}
