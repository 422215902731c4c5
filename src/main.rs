// On Linux with glibc the binary defines the C `main` itself, skipping the
// costly part of std's start-up; src/entry.rs says what it keeps and why.
// (Not in a test build, whose harness brings its own `main`.)
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

#[cfg(any(not(all(target_os = "linux", target_env = "gnu")), test))]
fn main() -> std::process::ExitCode {
    acr_health::main()
}

#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
mod glibc {
    use std::ffi::{c_char, c_int};

    #[unsafe(no_mangle)]
    extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
        acr_health::entry::c_main()
    }

    // glibc keeps `exp` and `pow` in libm.so.6, and loading that library
    // (with its hundreds of CPU-dispatched functions) cost about 50 µs of
    // every start, `--help` included (docs/performance.md). The only callers
    // are a few dependencies' statistics (hickory's server ranking, tokio's
    // and indicatif's rates), so the binary carries the two functions itself,
    // from the `libm` crate (a port of musl's), and the linker drops
    // libm.so.6. In the binary's own object, not the library's, so they are
    // defined before any dependency's archive asks for them.
    #[unsafe(no_mangle)]
    extern "C" fn exp(x: f64) -> f64 {
        libm::exp(x)
    }

    #[unsafe(no_mangle)]
    extern "C" fn pow(x: f64, y: f64) -> f64 {
        libm::pow(x, y)
    }
}
