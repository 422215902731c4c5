//! TLS for one run: the crypto provider (ring), the trusted roots, and the
//! rustls configuration every HTTPS client of the run is made with (one
//! verifier's roots and one session cache for all of them).
//!
//! reqwest is built with `rustls-no-provider`, so a client cannot be built
//! until a provider is installed; with none it panics. We compile in ring
//! only (aws-lc costs tens of ms of CPU per process seeding its DRBG from
//! CPU-jitter entropy, see docs/performance.md), and `main` installs it
//! first thing for `check` and `demo`, the commands that use the network.
//!
//! Trust is the roots given with `--ca-cert`, plus the system store (the
//! files named by `SSL_CERT_FILE` / `SSL_CERT_DIR` when either is set, else
//! the platform's), plus `REQUESTS_CA_BUNDLE`, else `CURL_CA_BUNDLE` (the one
//! requests takes, in its order). With `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`
//! set, as az, nothing is verified at all. Reading and parsing the system
//! store costs more CPU than the rest of a run, so each part of it is read at
//! most once per run, and only when a server's certificate needs it: first
//! the `--ca-cert` roots alone, then with the bundle files, then with the
//! certificate directories (a Debian directory holds the bundle's roots once
//! more, as ~150 files). A chain that verifies against fewer roots verifies
//! against all of them, and one that does not is verified against all of
//! them, so what is trusted is the same as with one big store. See
//! docs/performance.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::sys::env::Env;

/// Makes ring the process-default rustls provider. Idempotent and cheap:
/// `main` calls it before `check` and `demo` start, and `Trust::new` and the
/// client builder call it again so the library works for callers that never went through `main`
/// (unit tests, the demo's in-process simulator).
pub fn install_provider() {
    // Err means a provider is already installed: ours from an earlier call,
    // or (in a test binary) one a dependency installed. Either serves.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A store file is a few hundred KiB; anything past this is not a store.
const STORE_FILE_LIMIT: u64 = 16 * 1024 * 1024;
/// Files read from one certificate directory, at most.
const STORE_DIR_LIMIT: usize = 10_000;
/// Warning lines about one store load, at most (then one summary line).
const WARNING_LIMIT: usize = 5;

/// Where the system store is read from, decided from the run's `Env`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum StoreSource {
    /// PEM files and directories of PEM files (OpenSSL's layout).
    Paths {
        files: Vec<PathBuf>,
        dirs: Vec<PathBuf>,
    },
    /// The operating system's own verifier (Windows, macOS), with the
    /// extra roots added to it.
    #[cfg(any(windows, target_vendor = "apple"))]
    Platform,
}

/// Bundle files of the common Unix layouts; the first that exists is read.
#[cfg(not(any(windows, target_vendor = "apple")))]
const DEFAULT_FILES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/ssl/cert.pem",
];
/// Certificate directories of the common Unix layouts; all that exist are read.
#[cfg(not(any(windows, target_vendor = "apple")))]
const DEFAULT_DIRS: &[&str] = &["/etc/ssl/certs", "/etc/pki/tls/certs"];

impl StoreSource {
    fn from_env(env: &Env) -> Self {
        let file = env.get("SSL_CERT_FILE").map(PathBuf::from);
        let dirs: Vec<PathBuf> = env
            .get("SSL_CERT_DIR")
            .map(|v| {
                std::env::split_paths(v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if file.is_some() || !dirs.is_empty() {
            return StoreSource::Paths {
                files: file.into_iter().collect(),
                dirs,
            };
        }
        #[cfg(any(windows, target_vendor = "apple"))]
        {
            StoreSource::Platform
        }
        #[cfg(not(any(windows, target_vendor = "apple")))]
        {
            StoreSource::Paths {
                files: DEFAULT_FILES
                    .iter()
                    .map(PathBuf::from)
                    .find(|p| p.is_file())
                    .into_iter()
                    .collect(),
                dirs: DEFAULT_DIRS
                    .iter()
                    .map(PathBuf::from)
                    .filter(|p| p.is_dir())
                    .collect(),
            }
        }
    }
}

/// az's switch for certificate verification (azure-cli-core `util.py`,
/// `should_disable_connection_verify`): any non-empty value turns it off.
pub const DISABLE_VERIFICATION: &str = "AZURE_CLI_DISABLE_CONNECTION_VERIFICATION";

/// Whether `env` turns certificate verification off, as az reads it.
pub fn verification_disabled(env: &Env) -> bool {
    env.get(DISABLE_VERIFICATION).is_some()
}

/// The roots and the TLS configuration of one run. Cheap to share (`Arc`).
pub struct Trust {
    provider: Arc<CryptoProvider>,
    /// `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`: every certificate is
    /// taken as it comes (the handshake's own signatures are still checked).
    unverified: bool,
    /// The `--ca-cert` roots, tried first.
    given: Vec<CertificateDer<'static>>,
    given_verifier: Option<Arc<WebPkiServerVerifier>>,
    source: StoreSource,
    requests_bundle: Option<PathBuf>,
    /// The store's bundle files (and REQUESTS_CA_BUNDLE) with the given
    /// roots, read once, when first needed.
    bundles: OnceLock<Stage>,
    /// Everything: the bundles' stage plus the certificate directories (or
    /// the platform's verifier), built once, only when the bundles fail.
    full: OnceLock<Option<Arc<dyn ServerCertVerifier>>>,
    loads: AtomicUsize,
    /// The certificate each host presented when it was rejected, for the
    /// report (see crate::net::certificate).
    rejected: Mutex<Vec<(String, CertificateDer<'static>)>>,
    /// When the leaf certificate each host presented, verified, stops
    /// being valid (its notAfter), for `serve`'s expiry gauge.
    verified: Mutex<Vec<(String, std::time::SystemTime)>>,
    /// The TLS sessions every client of the run may resume.
    sessions: Arc<dyn rustls::client::ClientSessionStore>,
}

/// What one stage of loading the store produced.
struct Stage {
    verifier: Option<Arc<dyn ServerCertVerifier>>,
    /// The usable roots so far (given ones included), for the next stage.
    found: Found,
    /// The files read so far, so the next stage does not read them again.
    seen: Seen,
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trust")
            .field("given", &self.given.len())
            .field("source", &self.source)
            .field("loads", &self.loads.load(Ordering::Relaxed))
            .finish()
    }
}

impl Trust {
    /// `given` are the `--ca-cert` bundles' bytes (PEM). Nothing is read from
    /// disk here: the system store is loaded on first need.
    pub fn new<'a>(given: impl IntoIterator<Item = &'a [u8]>, env: &Env) -> Arc<Self> {
        install_provider();
        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
        let mut certs = Vec::new();
        for pem in given {
            certs.extend(pem_certificates(pem).into_iter().filter_map(Result::ok));
        }
        let mut store = RootCertStore::empty();
        for c in &certs {
            // --ca-cert is checked when the options are read; what still
            // does not parse is simply not a root.
            let _ = store.add(c.clone());
        }
        let roots = store.len();
        let given_verifier =
            WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                .build()
                .ok();
        if roots > 0 {
            tracing::debug!(
                "trusted roots: {roots} from --ca-cert, tried first; the system store is read only for a chain they do not verify"
            );
        }
        Arc::new(Trust {
            provider,
            unverified: verification_disabled(env),
            given: certs,
            given_verifier,
            source: StoreSource::from_env(env),
            // requests' order (`Session.merge_environment_settings`).
            requests_bundle: env
                .get("REQUESTS_CA_BUNDLE")
                .or_else(|| env.get("CURL_CA_BUNDLE"))
                .map(PathBuf::from),
            bundles: OnceLock::new(),
            full: OnceLock::new(),
            loads: AtomicUsize::new(0),
            rejected: Mutex::new(Vec::new()),
            verified: Mutex::new(Vec::new()),
            // rustls's own default: 256 sessions.
            sessions: Arc::new(rustls::client::ClientSessionMemoryCache::new(256)),
        })
    }

    /// The rustls configuration every client of the run uses: this trust,
    /// TLS 1.2 at least, HTTP/2 or HTTP/1.1 by ALPN. Every one verifies
    /// through this trust and shares its session cache. Made anew on each
    /// call rather than kept here: the configuration holds the trust (its
    /// verifier does), and the trust holding it back would be a cycle no
    /// run ever frees (`serve` makes a trust per run).
    pub fn client_config(self: &Arc<Self>) -> rustls::ClientConfig {
        let mut config = rustls::ClientConfig::builder_with_provider(self.provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
            .expect("ring supports TLS 1.2 and 1.3")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(RunVerifier(self.clone())))
            .with_no_client_auth();
        config.resumption = rustls::client::Resumption::store(self.sessions.clone());
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        config
    }

    /// How many parts of the system store were loaded in this run: 0, 1
    /// (the bundles, or the directories when there is no bundle) or 2.
    pub fn store_loads(&self) -> usize {
        self.loads.load(Ordering::Relaxed)
    }

    /// Loads the store's first part now, on another thread, when it will
    /// surely be needed (no `--ca-cert` roots to try first), so reading it
    /// overlaps DNS and the first connection instead of stalling the first
    /// handshake.
    pub fn prefetch(self: &Arc<Self>) {
        if self.given_verifier.is_none() && self.bundles.get().is_none() && !self.unverified {
            let me = self.clone();
            let _ = std::thread::Builder::new()
                .name("root-store".into())
                .spawn(move || {
                    if me.has_bundles() {
                        me.bundles();
                    } else {
                        me.full();
                    }
                });
        }
    }

    /// The certificate `host` presented when its verification failed.
    pub fn rejected(&self, host: &str) -> Option<CertificateDer<'static>> {
        let list = self.rejected.lock().unwrap_or_else(|e| e.into_inner());
        list.iter()
            .rev()
            .find(|(h, _)| h == host)
            .map(|(_, c)| c.clone())
    }

    /// When the certificate `host` presented in this run, and the run's
    /// verifier accepted, stops being valid (its notAfter). None when no
    /// handshake with `host` verified one (none made, a resumed session,
    /// verification turned off).
    pub fn certificate_expiry(&self, host: &str) -> Option<std::time::SystemTime> {
        let list = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        list.iter()
            .rev()
            .find(|(h, _)| h.eq_ignore_ascii_case(host))
            .map(|(_, at)| *at)
    }

    fn record_verified(&self, host: &ServerName<'_>, leaf: &CertificateDer<'_>) {
        let Some(at) = not_after(leaf) else {
            return;
        };
        let mut list = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        let host = host.to_str().into_owned();
        list.retain(|(h, _)| *h != host);
        list.push((host, at));
    }

    fn record_rejected(&self, host: &ServerName<'_>, cert: &CertificateDer<'_>) {
        let mut list = self.rejected.lock().unwrap_or_else(|e| e.into_inner());
        let host = host.to_str().into_owned();
        list.retain(|(h, _)| *h != host);
        list.push((host, cert.clone().into_owned()));
    }

    fn has_bundles(&self) -> bool {
        self.requests_bundle.is_some()
            || matches!(&self.source, StoreSource::Paths { files, .. } if !files.is_empty())
    }

    /// True when the store has a part beyond its bundle files.
    fn has_more(&self) -> bool {
        match &self.source {
            StoreSource::Paths { dirs, .. } => !dirs.is_empty(),
            #[cfg(any(windows, target_vendor = "apple"))]
            StoreSource::Platform => true,
        }
    }

    /// The first stage: the given roots plus the store's bundle files and
    /// REQUESTS_CA_BUNDLE. Without any such file, nothing is read.
    fn bundles(&self) -> &Stage {
        self.bundles.get_or_init(|| {
            let mut found = Found::default();
            for c in &self.given {
                found.list.push((c.clone(), Arc::from("--ca-cert"), 0));
            }
            let mut seen = Seen::default();
            if !self.has_bundles() {
                return Stage {
                    verifier: None,
                    found,
                    seen,
                };
            }
            let n = self.loads.fetch_add(1, Ordering::Relaxed) + 1;
            let mut warnings = Warnings::default();
            let mut files: Vec<&PathBuf> = self.requests_bundle.iter().collect();
            // Refutable where there is a platform store (Windows, macOS).
            #[allow(irrefutable_let_patterns)]
            if let StoreSource::Paths { files: f, .. } = &self.source {
                files.extend(f);
            }
            let read = read_files(&files, &mut found, &mut seen, &mut warnings);
            let (verifier, found) = build(found, &self.provider, &mut warnings);
            warnings.flush();
            tracing::debug!(
                "root store loaded (load {n} of this run): {} roots from {} ({read} files read)",
                found.list.len(),
                files
                    .iter()
                    .map(|p| shown(p))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            Stage {
                verifier: verifier.map(|v| v as Arc<dyn ServerCertVerifier>),
                found,
                seen,
            }
        })
    }

    /// The verifier over everything; reads the certificate directories (or
    /// asks the platform) on first call.
    fn full(&self) -> Option<&Arc<dyn ServerCertVerifier>> {
        self.full
            .get_or_init(|| {
                let stage = self.bundles();
                let full = if self.has_more() {
                    self.load_rest(stage)
                } else {
                    stage.verifier.clone()
                };
                if full.is_none() {
                    crate::sys::console::say(format_args!(
                        "acr-health: warning: no trusted root certificates were found ({}); \
                         pass --ca-cert or set SSL_CERT_FILE",
                        crate::guard::sanitize::outside(&self.describe_source())
                    ));
                }
                full
            })
            .as_ref()
    }

    fn describe_source(&self) -> String {
        let mut parts: Vec<String> = self.requests_bundle.iter().map(|p| shown(p)).collect();
        match &self.source {
            StoreSource::Paths { files, dirs } => {
                parts.extend(files.iter().chain(dirs).map(|p| shown(p)))
            }
            #[cfg(any(windows, target_vendor = "apple"))]
            StoreSource::Platform => parts.push("the platform's store".into()),
        }
        if parts.is_empty() {
            parts.push("no store files".into());
        }
        parts.join(", ")
    }

    /// The second stage: the certificate directories, or the platform's own
    /// verifier, on top of what the first stage found.
    fn load_rest(&self, stage: &Stage) -> Option<Arc<dyn ServerCertVerifier>> {
        let n = self.loads.fetch_add(1, Ordering::Relaxed) + 1;
        let mut warnings = Warnings::default();
        match &self.source {
            StoreSource::Paths { dirs, .. } => {
                let mut found = stage.found.clone();
                let mut seen = stage.seen.clone();
                let read = read_dirs(dirs, &mut found, &mut seen, &mut warnings);
                let (verifier, found) = build(found, &self.provider, &mut warnings);
                warnings.flush();
                tracing::debug!(
                    "root store loaded (load {n} of this run): {} roots with {} ({read} more files read)",
                    found.list.len(),
                    dirs.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", "),
                );
                verifier.map(|v| v as Arc<dyn ServerCertVerifier>)
            }
            #[cfg(any(windows, target_vendor = "apple"))]
            StoreSource::Platform => {
                tracing::debug!("root store loaded (load {n} of this run): the platform's store");
                let extra = stage.found.list.iter().map(|(c, _, _)| c.clone());
                rustls_platform_verifier::Verifier::new_with_extra_roots(
                    extra,
                    self.provider.clone(),
                )
                .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
                .map_err(|e| {
                    crate::sys::console::say(format_args!(
                        "acr-health: warning: the platform's certificate store: {}",
                        crate::guard::sanitize::outside(&e.to_string())
                    ))
                })
                .ok()
            }
        }
    }
}

/// Parses each distinct certificate found into a trust anchor (a malformed
/// one is skipped with a warning) and builds a verifier over them. Returns
/// the usable certificates only, so a later stage does not warn again.
fn build(
    found: Found,
    provider: &Arc<CryptoProvider>,
    warnings: &mut Warnings,
) -> (Option<Arc<WebPkiServerVerifier>>, Found) {
    // Bundles and directories hold the same roots (Debian's directory links
    // each root and holds the bundle too): parse each root once.
    let Found { mut list, seen } = found;
    list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list.dedup_by(|a, b| a.0 == b.0);
    let mut store = RootCertStore::empty();
    let mut usable = Vec::with_capacity(list.len());
    for (der, origin, index) in list {
        match store.add(der.clone()) {
            Ok(()) => usable.push((der, origin, index)),
            Err(e) => warnings.push(format!(
                "skipped a malformed certificate in {origin} (certificate {index}): \
                 not a usable X.509 root ({})",
                match e {
                    rustls::Error::InvalidCertificate(why) => format!("{why:?}"),
                    other => other.to_string(),
                }
            )),
        }
    }
    let verifier = if store.is_empty() {
        None
    } else {
        WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
            .build()
            .ok()
    };
    (verifier, Found { list: usable, seen })
}

/// The certificates found in the store: each one's DER, the file it came
/// from and its position there (1-based), for warnings; and the PEM texts
/// decoded so far.
#[derive(Clone, Default)]
struct Found {
    list: Vec<(CertificateDer<'static>, Arc<str>, usize)>,
    seen: std::collections::BTreeSet<Vec<u8>>,
}

/// A path as shown in a warning: one line, no control characters.
fn shown(p: &Path) -> String {
    crate::guard::sanitize::shown(&p.to_string_lossy(), 300)
}

/// Warning lines of one store load, capped, printed whatever `--debug` says:
/// a skipped root may be the one the user's network needs.
#[derive(Default)]
struct Warnings(Vec<String>);

impl Warnings {
    fn push(&mut self, line: String) {
        self.0.push(line);
    }

    fn flush(&mut self) {
        for line in self.0.iter().take(WARNING_LIMIT) {
            // Paths and parser text from outside: one escaped line each.
            crate::sys::console::say(format_args!(
                "acr-health: warning: {}",
                crate::guard::sanitize::outside(line)
            ));
        }
        if self.0.len() > WARNING_LIMIT {
            crate::sys::console::say(format_args!(
                "acr-health: warning: … and {} more problems with the trusted roots",
                self.0.len() - WARNING_LIMIT
            ));
        }
        self.0.clear();
    }
}

/// Reads the store's bundle files; returns how many were read.
fn read_files(
    files: &[&PathBuf],
    found: &mut Found,
    seen: &mut Seen,
    warnings: &mut Warnings,
) -> usize {
    let mut read = 0;
    for file in files {
        match fs::metadata(file) {
            Ok(m) if m.is_file() => {
                if seen.first(&m) {
                    read_pem_file(file, found, warnings);
                    read += 1;
                }
            }
            Ok(_) => warnings.push(format!("{} is not a file", shown(file))),
            Err(e) => warnings.push(format!("cannot read {}: {e}", shown(file))),
        }
    }
    read
}

/// Reads every file of the certificate directories (not recursively);
/// returns how many were read. A file reached twice (the bundle inside its
/// own directory, or the hash-named links beside the readable names) is
/// read once.
fn read_dirs(
    dirs: &[PathBuf],
    found: &mut Found,
    seen: &mut Seen,
    warnings: &mut Warnings,
) -> usize {
    let mut read = 0;
    for dir in dirs {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(format!("cannot read the directory {}: {e}", shown(dir)));
                continue;
            }
        };
        for entry in entries.take(STORE_DIR_LIMIT).flatten() {
            let path = entry.path();
            // Follows links: certificate directories are mostly links.
            let Ok(m) = fs::metadata(&path) else { continue };
            if m.is_file() && seen.first(&m) {
                read_pem_file(&path, found, warnings);
                read += 1;
            }
        }
    }
    read
}

/// Files already read, by identity (device and inode where there are some).
#[derive(Clone, Default)]
struct Seen(#[allow(dead_code)] std::collections::HashSet<(u64, u64)>);

impl Seen {
    fn first(&mut self, m: &fs::Metadata) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            self.0.insert((m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            true
        }
    }
}

fn read_pem_file(path: &Path, found: &mut Found, warnings: &mut Warnings) {
    match crate::sys::files::read_limited(path, STORE_FILE_LIMIT) {
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => warnings.push(format!(
            "skipped {}: larger than {STORE_FILE_LIMIT} bytes",
            shown(path)
        )),
        Err(e) => warnings.push(format!("cannot read {}: {e}", shown(path))),
        Ok(bytes) => {
            let origin: Arc<str> = Arc::from(shown(path));
            for (i, cert) in pem_certificates_once(&bytes, &mut found.seen) {
                match cert {
                    Ok(der) => found.list.push((der, origin.clone(), i)),
                    Err(why) => warnings.push(format!(
                        "skipped a malformed certificate in {origin} (certificate {i}): {why}"
                    )),
                }
            }
        }
    }
}

/// The `CERTIFICATE` blocks of a PEM text, each decoded or the reason it
/// could not be. Anything outside the blocks (comments, other kinds of
/// blocks) is ignored, as OpenSSL does. Roots are public, so the fast
/// (not constant-time) base64 decoder is fine here.
pub fn pem_certificates(text: &[u8]) -> Vec<Result<CertificateDer<'static>, String>> {
    pem_certificates_once(text, &mut Default::default())
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// As [`pem_certificates`], with each block's position (1-based), skipping
/// blocks whose text is in `seen` already: a bundle and the directory beside
/// it hold the same roots, and decoding them twice is most of a load's cost.
fn pem_certificates_once(
    text: &[u8],
    seen: &mut std::collections::BTreeSet<Vec<u8>>,
) -> Vec<(usize, Result<CertificateDer<'static>, String>)> {
    use base64::Engine as _;
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let begin = memchr::memmem::Finder::new(BEGIN);
    let end_of = memchr::memmem::Finder::new(END);
    let mut out = Vec::new();
    let mut body = Vec::with_capacity(4096);
    let mut index = 0;
    let mut rest = text;
    while let Some(start) = begin.find(rest) {
        rest = &rest[start + BEGIN.len()..];
        let Some(end) = end_of.find(rest) else {
            out.push((index + 1, Err("no END CERTIFICATE line".to_string())));
            break;
        };
        // Lines of base64: copy them without their line breaks and blanks.
        body.clear();
        let mut block = &rest[..end];
        while !block.is_empty() {
            let cut = memchr::memchr(b'\n', block).unwrap_or(block.len());
            body.extend_from_slice(block[..cut].trim_ascii());
            block = &block[(cut + 1).min(block.len())..];
        }
        rest = &rest[end + END.len()..];
        index += 1;
        if seen.contains(&body) {
            continue;
        }
        out.push((
            index,
            base64::engine::general_purpose::STANDARD
                .decode(&body)
                .map(CertificateDer::from)
                .map_err(|e| format!("not valid base64 ({e})")),
        ));
        seen.insert(body.clone());
    }
    out
}

/// A DER certificate's notAfter, read as x509-parser types it (no text of
/// ours parsed back). None for a certificate that does not parse, or a
/// date before 1970.
pub fn not_after(der: &[u8]) -> Option<std::time::SystemTime> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let secs = u64::try_from(cert.validity().not_after.timestamp()).ok()?;
    std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(secs))
}

/// Verifies against the `--ca-cert` roots, then against everything.
#[derive(Debug)]
struct RunVerifier(Arc<Trust>);

impl ServerCertVerifier for RunVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let trust = &self.0;
        if trust.unverified {
            return Ok(ServerCertVerified::assertion());
        }
        if let Some(given) = &trust.given_verifier
            && let Ok(ok) =
                given.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            trust.record_verified(server_name, end_entity);
            return Ok(ok);
        }
        if trust.has_bundles()
            && let Some(bundles) = &trust.bundles().verifier
            && let Ok(ok) =
                bundles.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            trust.record_verified(server_name, end_entity);
            return Ok(ok);
        }
        // Not against the bundles: against everything (the directories are
        // read now), whose answer, good or bad, is the one that counts.
        let result = match trust.full() {
            Some(full) => {
                full.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            }
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        };
        match &result {
            Ok(_) => trust.record_verified(server_name, end_entity),
            Err(_) => trust.record_rejected(server_name, end_entity),
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        // For the connection's timing (sys::timing): which TLS it speaks.
        crate::sys::timing::tls_verified("TLS 1.2");
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crate::sys::timing::tls_verified("TLS 1.3");
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0
            .provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_ring_and_tolerates_repeats() {
        install_provider();
        install_provider();
        let installed = rustls::crypto::CryptoProvider::get_default().expect("installed");
        let ring = rustls::crypto::ring::default_provider();
        let suites = |p: &rustls::crypto::CryptoProvider| -> Vec<_> {
            p.cipher_suites.iter().map(|s| s.suite()).collect()
        };
        assert_eq!(suites(installed), suites(&ring));
        assert_eq!(installed.kx_groups.len(), ring.kx_groups.len());
    }

    #[test]
    fn pem_blocks_decode_one_by_one() {
        let text = b"junk\n-----BEGIN CERTIFICATE-----\nAAEC\r\nAw==\n-----END CERTIFICATE-----\n\
            -----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n\
            -----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n\
            -----BEGIN CERTIFICATE-----\nBAU=\n";
        let got = pem_certificates(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().as_ref(), &[0, 1, 2, 3]);
        assert!(got[1].as_ref().unwrap_err().contains("base64"));
        assert!(got[2].as_ref().unwrap_err().contains("END"));
    }

    #[test]
    fn store_paths_come_from_the_env_snapshot() {
        let mut env = Env::empty();
        env.set("SSL_CERT_FILE", "/x/bundle.pem");
        env.set("SSL_CERT_DIR", "/a:/b");
        assert_eq!(
            StoreSource::from_env(&env),
            StoreSource::Paths {
                files: vec!["/x/bundle.pem".into()],
                dirs: vec!["/a".into(), "/b".into()],
            }
        );
    }

    #[test]
    fn a_missing_store_is_loaded_once_and_trusts_nothing() {
        let mut env = Env::empty();
        env.set("SSL_CERT_DIR", "/nonexistent/acr-health-test");
        let trust = Trust::new([], &env);
        assert!(trust.full().is_none());
        assert!(trust.full().is_none());
        // No bundle file: only the directory stage ran, once.
        assert_eq!(trust.store_loads(), 1);
    }
}
