//! Property tests for every parser of outside input (docs/security.md):
//! whatever a server, a file, a child process or the command line sends,
//! parsing never panics, and what it yields for the report obeys the
//! sanitiser's invariants. Case counts are bounded so CI stays fast.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::app::options;
use crate::azure::resource;
use crate::guard::sanitize;

/// How many cases each property runs.
const CASES: u32 = 96;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text an attacker would send: any Unicode, or ASCII salted with the
/// characters that matter here (controls, quotes, separators, escapes).
fn hostile() -> impl Strategy<Value = String> {
    let salt = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;t\u{7}".to_string()),
        Just("\r\n".to_string()),
        Just("\u{2028}\u{202e}\u{2066}\u{85}\u{7f}".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(",".to_string()),
        Just("=".to_string()),
        Just(":".to_string()),
        Just(".".to_string()),
        Just("-----BEGIN CERTIFICATE-----\n".to_string()),
        Just("-----END CERTIFICATE-----\n".to_string()),
        "[ -~]{0,12}",
        "[0-9.]{0,8}",
    ];
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(salt, 0..12).prop_map(|v| v.concat()),
    ]
}

/// A JSON value of a few levels, with hostile strings.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        hostile().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    hostile(),
                    Just("properties".to_string()),
                    Just("access".to_string()),
                    Just("actions".to_string()),
                    Just("ipConfigurations".to_string()),
                    Just("encryption".to_string()),
                    Just("identity".to_string()),
                    Just("errors".to_string()),
                    Just("message".to_string()),
                    Just("error_description".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The sanitiser's promise for anything that reaches the report.
fn assert_safe(shown: &str) {
    assert!(
        !shown.chars().any(sanitize::is_unsafe),
        "unsafe character left in {shown:?}"
    );
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn sanitiser_escapes_everything_unsafe_and_is_idempotent(text in hostile()) {
        let once = sanitize::escape(&text);
        assert_safe(&once);
        prop_assert_eq!(sanitize::escape(&once), once.clone());
        // Nothing but the unsafe characters changes.
        if !text.chars().any(sanitize::is_unsafe) {
            prop_assert_eq!(&once, &text);
        }
    }

    #[test]
    fn shown_text_is_safe_and_bounded(text in hostile(), max in 0usize..300) {
        let shown = sanitize::shown(&text, max);
        assert_safe(&shown);
        // Cut at grapheme clusters, and bounded in characters whatever
        // the clusters hold.
        use unicode_segmentation::UnicodeSegmentation;
        prop_assert!(shown.graphemes(true).count() <= max + 1);
        prop_assert!(shown.chars().count() <= 8 * max + 1);
    }

    #[test]
    fn scrub_leaves_no_eight_characters_of_a_secret(
        secret in "[!-~]{8,40}",
        before in hostile(),
        after in hostile(),
        from in 0usize..40,
        len in 8usize..40,
    ) {
        crate::guard::secret::register(&secret);
        let chars: Vec<char> = secret.chars().collect();
        let from = from.min(chars.len() - 8);
        let to = (from + len).min(chars.len());
        let fragment: String = chars[from..to].iter().collect();
        let out = sanitize::shown(&format!("{before}{fragment}{after}"), 10_000);
        for w in chars.windows(8) {
            let w: String = w.iter().collect();
            // The window may also occur in the hostile text by chance only
            // if that text itself holds it; then it is a fragment too.
            prop_assert!(!out.contains(&w), "{:?} left in {:?}", w, out);
        }
    }

    #[test]
    fn www_authenticate_never_panics(header in hostile()) {
        if let Ok(c) = crate::net::www_authenticate::parse(&header) {
            for (_, v) in &c.params {
                assert_safe(&sanitize::outside(v));
            }
        }
    }

    #[test]
    fn www_authenticate_round_trips_quoted_values(realm in "[ -~]{0,40}", service in "[a-z0-9.:-]{1,30}") {
        let quoted = realm.replace('\\', "\\\\").replace('"', "\\\"");
        let header = format!("Bearer realm=\"{quoted}\",service=\"{service}\"");
        let c = crate::net::www_authenticate::parse(&header).unwrap();
        prop_assert!(c.is_bearer());
        prop_assert_eq!(c.param("realm"), Some(realm.as_str()));
        prop_assert_eq!(c.param("service"), Some(service.as_str()));
    }

    #[test]
    fn jwt_claims_never_panic(header in hostile(), payload in json_value(), raw in hostile(), repo in hostile()) {
        let token = format!("{}.{}.sig", b64url(header.as_bytes()), b64url(payload.to_string().as_bytes()));
        for t in [token.as_str(), raw.as_str()] {
            let _ = crate::net::jwt::claims(t);
            let _ = crate::net::jwt::tenant(t);
            for action in crate::net::jwt::granted_actions(t, &repo) {
                assert_safe(&sanitize::outside(&action));
            }
        }
    }

    #[test]
    fn version_strings_never_panic(text in hostile()) {
        if let Some(found) = crate::sys::version::find(&text) {
            prop_assert!(text.contains(found.text));
        }
        let _ = crate::sys::version::parse(&text);
        let _ = crate::probe::helm::helm_version_number(&text);
        if let Some(v) = crate::probe::helm::helm_version_number(&text) {
            let _ = crate::probe::helm::release(v);
        }
        assert_safe(&sanitize::outside(&crate::probe::docker::daemon::az_version_line("Docker", true, &text)));
    }

    #[test]
    fn command_line_values_never_panic_and_errors_are_one_safe_line(raw in hostile()) {
        let errors = [
            crate::app::options::parse_target(&raw).err(),
            options::parse_resolve(&raw).err(),
            options::parse_dns_server(&raw).err(),
            options::parse_duration("--timeout", &raw).err(),
        ];
        for e in errors.into_iter().flatten() {
            assert_safe(&e.to_string());
        }
        // az's `-n` rule: never a panic, one safe line whatever is typed;
        // a name it goes on with is az's 5 to 50 letters, digits and `-`.
        for suffix in [Some(".azurecr.io"), None] {
            let az = options::az_registry_name(&raw, suffix);
            for line in az.warning.iter().chain(az.name.as_ref().err()) {
                assert_safe(&sanitize::outside(line));
            }
            if let Ok(name) = &az.name {
                prop_assert!((5..=50).contains(&name.len()));
                prop_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            }
        }
        if let Ok(d) = options::parse_duration("--wait", &raw) {
            prop_assert!(d <= options::MAX_DURATION && !d.is_zero());
            // Instant arithmetic with any accepted duration is fine.
            let _ = std::time::Instant::now() + d;
        }
    }

    #[test]
    fn arm_and_token_json_never_panic(value in json_value(), status in proptest::option::of(100u16..600)) {
        let body = value.to_string();
        let _ = crate::probe::registry::cmk::verdict(&resource::parse(body.as_bytes()));
        let _ = crate::probe::registry::private_endpoint::served_names(&resource::parse(body.as_bytes()));
        let _ = resource::parse::<resource::Page<resource::Replication>>(body.as_bytes());
        let _ = resource::parse::<resource::ErrorBody>(body.as_bytes());
        let _ = crate::probe::docker::daemon::version_line("Docker", &value);
        if let Some(t) = crate::net::http::registry_error_text(body.as_bytes()) {
            assert_safe(&t);
        }
        let f = crate::azure::credential::source::token_endpoint_failure("service principal", "https://login.example/t", status, body.as_bytes());
        assert_safe(&sanitize::outside(&f.message));
        let _ = serde_json::from_str::<crate::azure::az_files::TokenCache>(&body);
        let _ = serde_json::from_str::<Vec<crate::azure::az_files::ProfileAccount>>(&body);
    }

    #[test]
    fn pem_files_never_panic(text in hostile(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for input in [text.as_bytes(), bytes.as_slice()] {
            if let Err(bad) = options::check_pem_certificates(input) {
                prop_assert!(bad.index >= 1 && bad.line >= 1);
                assert_safe(&sanitize::outside(&bad.why));
            }
        }
    }
}
