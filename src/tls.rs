//! The TLS crypto provider: ring, installed as rustls's process default.
//!
//! reqwest is built with `rustls-no-provider`, so a client cannot be built
//! until a provider is installed; with none it panics. We compile in ring
//! only (aws-lc costs tens of ms of CPU per process seeding its DRBG from
//! CPU-jitter entropy, see docs/performance.md), and `main` installs it
//! before anything else runs.

/// Makes ring the process-default rustls provider. Idempotent and cheap:
/// `main` calls it first thing, and every client builder calls it again so
/// the library works for callers that never went through `main` (unit and
/// integration tests, the demo's in-process simulator).
pub fn install_provider() {
    // Err means a provider is already installed: ours from an earlier call,
    // or (in a test binary) one a dependency installed. Either serves.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    #[test]
    fn installs_ring_and_tolerates_repeats() {
        super::install_provider();
        super::install_provider();
        let installed = rustls::crypto::CryptoProvider::get_default().expect("installed");
        let ring = rustls::crypto::ring::default_provider();
        let suites = |p: &rustls::crypto::CryptoProvider| -> Vec<_> {
            p.cipher_suites.iter().map(|s| s.suite()).collect()
        };
        assert_eq!(suites(installed), suites(&ring));
        assert_eq!(installed.kx_groups.len(), ring.kx_groups.len());
    }
}
