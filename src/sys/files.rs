//! Reading files we did not write (az's, docker's, PEM bundles, password
//! files), bounded: a file longer than its limit (or `/dev/zero`) is an
//! error, not an endless read.

use std::io::Read;
use std::path::Path;

/// `--ca-cert` files: a full public bundle is well under 1 MiB.
pub const CA_FILE_LIMIT: u64 = 16 * 1024 * 1024;
/// `--password-stdin`: passwords and registry tokens are a few KiB at most.
pub const STDIN_LIMIT: u64 = 64 * 1024;
/// Small configuration and token files (az's `config`, a federated token).
pub const SMALL_FILE_LIMIT: u64 = 1024 * 1024;

/// Reads at most `limit` bytes of `path`; a longer file (or `/dev/zero`) is
/// an `InvalidData` error, not an endless read.
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than the {} KiB this tool reads", limit / 1024),
        ));
    }
    Ok(buf)
}

/// [`read_limited`] for text (lossy UTF-8).
pub fn read_limited_string(path: &Path, limit: u64) -> std::io::Result<String> {
    read_limited(path, limit).map(|b| String::from_utf8_lossy(&b).into_owned())
}
