//! Our own lines on stderr (usage errors, warnings, `--wait` notes).

use std::io::{self, Write};

/// One line on stderr. A failed write (`2>/dev/full`, a closed pipe) is
/// ignored: it must never change the exit status or abort (`eprintln!` panics).
pub fn say(line: std::fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(line);
    let _ = err.write_all(b"\n");
    let _ = err.flush();
}
