//! Reading files we did not write (az's, docker's, PEM bundles, password
//! files), bounded: a file longer than its limit (or `/dev/zero`) is an
//! error, not an endless read. The one place that opens such a file:
//! every reader of one goes through [`read_limited`].
//!
//! Only regular files are read: a FIFO, a socket, a device or a directory
//! is refused with an error naming what it is ("is a FIFO, not a file")
//! before anything is read from it, so no path can make a read block or
//! never end. The one exception is a path the user typed on the command
//! line (`--ca-cert <(…)`, `--ca-cert /dev/stdin`), where a pipe is meant:
//! [`read_limited_any_kind`], bounded all the same. (`--password-stdin`
//! reads standard input, not a path, and does not come here.)
//!
//! The one file written to a path we did not choose (the CI step summary)
//! takes the same care: [`append_regular`] writes only to a regular file,
//! so a FIFO there cannot hold the process after its report.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use crate::sys::limits;

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
///   the text "larger than the N KiB this tool reads";
/// - `IsADirectory` for a directory, `InvalidInput` for a FIFO, a socket
///   or a device, with the text "is a FIFO, not a file" and the like.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_bounded(open_regular(path).map_err(limits::note)?, limit)
}

/// [`read_limited`] for a path the user named on the command line, which
/// may be a pipe or a device (`<(…)`, `/dev/stdin`): opened as it is,
/// still read to `limit` at most (`/dev/zero` is a `FileTooLarge` error).
pub fn read_limited_any_kind(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_bounded(File::open(path).map_err(limits::note)?, limit)
}

/// [`read_limited`] for text (lossy UTF-8).
pub fn read_limited_string(path: &Path, limit: u64) -> io::Result<String> {
    read_limited(path, limit).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Appends `bytes` to `path`, a regular file, created when it is not
/// there. Anything else there (a FIFO, whose open for writing waits for a
/// reader for ever, a socket, a device, a directory) is refused as
/// [`read_limited`] refuses it, looked at before the open and, on the open
/// file, after it; on Unix the open itself cannot block (`O_NONBLOCK`).
pub fn append_regular(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    match std::fs::metadata(path) {
        Ok(m) => only_regular(&m)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let mut file = options.open(path).map_err(limits::note)?;
    only_regular(&file.metadata()?)?;
    file.write_all(bytes)
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

/// Opens `path` for reading if it is a regular file. It is looked at twice:
/// before the open (a FIFO is never opened, a device never touched), and
/// after it, on the open file (the path may have been replaced between
/// the two). On Unix the open itself cannot block either: `O_NONBLOCK`
/// (which regular files ignore) and `O_NOCTTY` (a terminal never becomes
/// ours).
fn open_regular(path: &Path) -> io::Result<File> {
    only_regular(&std::fs::metadata(path)?)?;
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)?
    };
    #[cfg(not(unix))]
    let file = File::open(path)?;
    only_regular(&file.metadata()?)?;
    Ok(file)
}

/// An error unless `m` is a regular file's, naming what it is instead.
fn only_regular(m: &Metadata) -> io::Result<()> {
    let t = m.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory, not a file",
        ));
    }
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            "is a FIFO, not a file"
        } else if t.is_socket() {
            "is a socket, not a file"
        } else if t.is_char_device() {
            "is a character device, not a file"
        } else if t.is_block_device() {
            "is a block device, not a file"
        } else {
            "is not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = "is not a regular file";
    Err(io::Error::new(io::ErrorKind::InvalidInput, what))
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

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_limited(dir.path(), SMALL_FILE_LIMIT).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(e.to_string(), "is a directory, not a file");
    }

    /// A FIFO nobody writes to would block an open (and a read) forever:
    /// it is refused at once. Run on a thread so a regression fails the
    /// test instead of hanging it.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo touches nothing else.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_limited(&p, SMALL_FILE_LIMIT));
        });
        let e = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO blocked")
            .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(e.to_string(), "is a FIFO, not a file");
    }

    /// The same FIFO named by the user (`--ca-cert <(…)`) is read.
    #[cfg(unix)]
    #[test]
    fn a_fifo_the_user_named_is_read() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: as above.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let p = path.clone();
        let writer = std::thread::spawn(move || std::fs::write(p, b"pem"));
        assert_eq!(read_limited_any_kind(&path, 1024).unwrap(), b"pem");
        writer.join().unwrap().unwrap();
    }

    #[test]
    fn appends_to_a_regular_file_and_creates_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        append_regular(&path, b"one\n").unwrap();
        append_regular(&path, b"two\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one\ntwo\n");
        let e = append_regular(dir.path(), b"x").unwrap_err();
        assert_eq!(e.to_string(), "is a directory, not a file");
    }

    /// Opening a FIFO nobody reads for writing would wait for ever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_appended_to() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: as above.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(append_regular(&path, b"x"));
        });
        let e = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("writing to a FIFO blocked")
            .unwrap_err();
        assert_eq!(e.to_string(), "is a FIFO, not a file");
        // A device is refused too, /dev/null included.
        let e = append_regular(Path::new("/dev/null"), b"x").unwrap_err();
        assert_eq!(e.to_string(), "is a character device, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused() {
        for dev in ["/dev/null", "/dev/zero"] {
            let e = read_limited(Path::new(dev), SMALL_FILE_LIMIT).unwrap_err();
            assert_eq!(e.to_string(), "is a character device, not a file", "{dev}");
        }
        // A path the user named may be a device: read, to the limit.
        let e = read_limited_any_kind(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            read_limited_any_kind(Path::new("/dev/null"), 1024).unwrap(),
            b""
        );
    }
}
