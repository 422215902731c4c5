//! Reading files we did not write (az's, docker's, PEM bundles, password
//! files), bounded: a file longer than its limit (or `/dev/zero`) is an
//! error, not an endless read. The one place that opens such a file:
//! every reader of one goes through [`read_limited`].

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// `--ca-cert` files: a full public bundle is well under 1 MiB.
pub const CA_FILE_LIMIT: u64 = 16 * 1024 * 1024;
/// `--password-stdin`: passwords and registry tokens are a few KiB at most.
pub const STDIN_LIMIT: u64 = 64 * 1024;
/// Small configuration and token files (az's `config`, a federated token).
pub const SMALL_FILE_LIMIT: u64 = 1024 * 1024;

/// Reads at most `limit` bytes of `path`.
///
/// Errors, by [`io::ErrorKind`], so that each caller keeps its own wording:
/// - `NotFound` (and the other kinds the OS gives) as from `File::open`;
/// - `FileTooLarge` for a file longer than `limit` (or `/dev/zero`), with
///   the text "larger than the N KiB this tool reads".
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_bounded(File::open(path)?, limit)
}

/// [`read_limited`] for text (lossy UTF-8).
pub fn read_limited_string(path: &Path, limit: u64) -> io::Result<String> {
    read_limited(path, limit).map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn read_bounded(file: File, limit: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than the {} KiB this tool reads", limit / 1024),
        ));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_limited(&path, 10).unwrap(), b"0123456789");
        let e = read_limited(&path, 9).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(e.to_string(), "larger than the 0 KiB this tool reads");
        let e = read_limited(&dir.path().join("none"), 9).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
