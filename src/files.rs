//! The user's files, handled safely: reading regular files only and never more than a limit,
//! and writing outputs never through a symbolic link.

use std::io::Read;
use std::path::Path;

/// Reads a regular file of at most `max` bytes. Anything else (a directory, a device such as
/// `/dev/zero`, a FIFO) is refused before it is opened, and the limit holds while reading,
/// whatever the file's metadata says. `what` names such files in the message.
pub(crate) fn read(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, String> {
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

/// Opens an output file for writing (appending, or replacing its contents), refusing a
/// symbolic link or anything that is not a regular file: a committed `pinflow.env` that links
/// elsewhere must not make pinflow write there.
pub(crate) fn open_output(path: &Path, append: bool) -> std::io::Result<std::fs::File> {
    let refuse = || {
        std::io::Error::other(format!(
            "{} is a symbolic link or not a regular file; pinflow writes outputs only to regular \
             files (remove it, or do not commit it)",
            path.display()
        ))
    };
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(refuse());
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append);
    // And without a window between the check and the open where one could be put there.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => refuse(),
        _ => std::io::Error::new(e.kind(), format!("{}: {e}", path.display())),
    })
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
