//! The drop-in's failure paths (issue 23): Entra ID refusing the token az
//! signs in with, status codes per endpoint, the failures az crashes on.
//! Each test runs the binary against the simulator and compares the whole
//! `-o az` stream and exit status with what azure-cli 2.91 prints; every
//! string of az's is cited where it comes from.

use acr_sim::azure_cli::{Fixture, Login};

use crate::util::{ACR_SCOPE, Cmd, SimRun, closed_port, sim};

fn version() -> String {
    format!(
        "WARNING: acr-health version: {}\n",
        env!("CARGO_PKG_VERSION")
    )
}

fn dns(ls: &str) -> String {
    format!("WARNING: DNS lookup to {ls} at IP 127.0.0.1 : OK\n")
}

/// The closing lines of a run that reached its end.
const CLOSING: &str =
    "WARNING: \nPlease refer to https://aka.ms/acr/health-check for more information.\n";

/// Entra's ids and time in its error descriptions vary from run to run:
/// `Trace ID: [id]`, `Correlation ID: [id]`, `Timestamp: [ts]`, each checked
/// for its shape first (a GUID; `YYYY-MM-DD HH:MM:SSZ`).
fn mask_entra(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let end = line.trim_end_matches(['\r', '\n']);
        let tail = &line[end.len()..];
        let masked = [
            ("Trace ID: ", 36, "[id]"),
            ("Correlation ID: ", 36, "[id]"),
            ("Timestamp: ", 20, "[ts]"),
        ]
        .iter()
        .find_map(|(label, len, mask)| {
            let v = end.strip_prefix(label)?;
            assert_eq!(v.len(), *len, "{label}{v}");
            Some(format!("{label}{mask}"))
        });
        out.push_str(masked.as_deref().unwrap_or(end));
        out.push_str(tail);
    }
    out
}

/// Entra's documented error description: its text, then its trace id,
/// correlation id and timestamp, each after a CR LF (masked).
fn aadsts(code: u32, text: &str) -> String {
    format!("AADSTS{code}: {text}\r\nTrace ID: [id]\r\nCorrelation ID: [id]\r\nTimestamp: [ts]")
}

/// az's recommendation after a refusal (azure-cli-core `auth/util.py`,
/// `aad_error_handler` with `_generate_login_command`): for a service
/// principal MSAL's call names no tenant or scope (`check_result(result)` in
/// `ServicePrincipalCredential.acquire_token`) ...
const RELOGIN_APP: &str = "Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login\n";

/// ... for a user it names the account's tenant and the scope asked for
/// (`UserCredential.acquire_token`).
fn relogin_user(tenant: &str, scope: &str) -> String {
    format!(
        "Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login --tenant \"{tenant}\" --scope \"{scope}\"\n"
    )
}

/// `aad_error_handler`'s recommendation when Entra's `error_codes` hold
/// 7000215, in place of the command (`PASSWORD_CERTIFICATE_WARNING`).
const PASSWORD_CERTIFICATE: &str = "The error may be caused by passing a service principal certificate with --password. Please note that --password no longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead.\n";

/// What az raises: `AzCLIError.print_error` logs the message as one
/// `ERROR:` record (knack's `%(levelname)s: %(message)s`), Entra's CR LFs and
/// all, then prints each recommendation on stderr. Nothing follows: the
/// exception ends the command.
fn raised(description: &str, recommendation: &str) -> String {
    format!("ERROR: {description}\n{recommendation}")
}

/// A developer who ran `az login` (the simulator's user, no cached token,
/// so the refresh token is redeemed), checking the login server directly;
/// no `az` on PATH to fall back to.
fn user(s: &SimRun) -> Cmd {
    let dir = s.dir.path().join("azure");
    Fixture::new(&s.sim, Login::User).write(&dir).unwrap();
    s.check()
        .without_service_principal()
        .without_env("AZURE_TENANT_ID")
        .without_env("AZURE_CLIENT_ID")
        .env("AZURE_CONFIG_DIR", &dir)
}

// ------------------------------------------------------------ Entra ID refusals

#[test]
fn a_service_principal_entra_refuses_is_raised_with_az_s_hint() {
    for (scenario, description, hint) in [
        // An unknown application: `az logout` / `az login`.
        (
            "aad-unknown-client",
            "AADSTS700016: Application with identifier '{client}' was not found in the directory '{tenant}'.",
            RELOGIN_APP,
        ),
        // 429 with an AADSTS body: MSAL returns it as it returns any JSON
        // answer (`oauth2cli/oauth2.py`, `_obtain_token`), so az raises it.
        (
            "aad-throttled",
            "AADSTS90055: The tenant has sent too many token requests in a short time and is throttled. Reuse tokens until they expire, and retry after the time given.",
            RELOGIN_APP,
        ),
        // A wrong secret (7000215): az's certificate warning instead.
        (
            "aad-invalid-secret",
            "AADSTS7000215: Invalid client secret provided. Send the secret's value, not its id, for a secret added to app '{client}'.",
            PASSWORD_CERTIFICATE,
        ),
    ] {
        let s = sim(scenario);
        let ls = s.sim.login_server();
        let code: u32 = description[6..description.find(':').unwrap()]
            .parse()
            .unwrap();
        let text = description
            .split_once(": ")
            .unwrap()
            .1
            .replace("{client}", s.sim.client_id())
            .replace("{tenant}", s.sim.tenant_id());
        // Nothing between the DNS line and the error: az signs in inside its
        // challenge step, before that step's pass line.
        let expected = version() + &dns(&ls) + &raised(&aadsts(code, &text), hint);
        for extra in [&[][..], &["--ignore-errors"]] {
            let (run, got) = s.check().args(["-o", "az"]).args(extra).run_az();
            // Raised: exit 1 and nothing after it, --ignore-errors or not.
            assert_eq!(run.status, 1, "{scenario}\n{}", run.all());
            assert_eq!(mask_entra(&got), expected, "{scenario} {extra:?}");
            assert_eq!(run.stdout, "");
        }
        // Our formats name the code, keep Entra's support ids on one line
        // and cut nothing mid-sentence.
        let run = s.check().run();
        run.assert_error("CREDENTIAL_ERROR", "No credential for registry '")
            .assert_contains(&format!("AADSTS{code}: {text} (Trace ID: "))
            .assert_contains(", Correlation ID: ")
            .assert_contains(", Timestamp: ");
    }
}

#[test]
fn a_user_entra_refuses_gets_az_s_hint_with_tenant_and_scope() {
    for (scenario, code, text) in [
        (
            "aad-invalid-grant",
            700082,
            "The refresh token has expired due to inactivity. The token was issued on 2025-01-15T09:30:00.0000000Z and was inactive for 90.00:00:00.",
        ),
        (
            "aad-revoked-grant",
            50173,
            "The provided grant has expired because it was revoked; a fresh sign-in is needed. The user may have changed or reset their password.",
        ),
        // Entra throttles a user's grants with a loop error.
        (
            "aad-throttled",
            50196,
            "The server ended the operation because it met a client request loop. Make sure the app is not asking for tokens again and again.",
        ),
        (
            "aad-interaction-required",
            50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'https://containerregistry.azure.net'.",
        ),
    ] {
        let s = sim(scenario);
        let ls = s.sim.login_server();
        let expected = version()
            + &dns(&ls)
            + &raised(
                &aadsts(code, text),
                &relogin_user(s.sim.tenant_id(), ACR_SCOPE),
            );
        for extra in [&[][..], &["--ignore-errors"]] {
            let (run, got) = user(&s).args(["-o", "az"]).args(extra).run_az();
            assert_eq!(run.status, 1, "{scenario}\n{}", run.all());
            assert_eq!(mask_entra(&got), expected, "{scenario} {extra:?}");
        }
    }

    // The scope is the one asked for: az's `acr.audience_resource` names it.
    let s = sim("aad-revoked-grant");
    let c = user(&s).env("AZURE_ACR_AUDIENCE_RESOURCE", "https://acr.example.test");
    let (run, got) = c.args(["-o", "az"]).run_az();
    assert_eq!(run.status, 1);
    assert!(
        got.ends_with(&relogin_user(
            s.sim.tenant_id(),
            "https://acr.example.test/.default"
        )),
        "{got}"
    );
}

#[test]
fn a_refused_arm_token_falls_back_silently_as_az_does() {
    // az reads the registry from ARM inside `except CLIError`, and MSAL's
    // refusal is one (azure-cli-core `azclierror.py`, `AuthenticationError`):
    // it falls back to the name and the suffix without a word, then raises
    // the refusal when it signs in for the registry token.
    let s = sim("aad-revoked-grant");
    let dir = s.dir.path().join("azure");
    Fixture::new(&s.sim, Login::User).write(&dir).unwrap();
    // The registered cloud's suffix carries the simulator's port, so the
    // login server az builds from the name is one the simulator answers on.
    let clouds = std::fs::read_to_string(dir.join("clouds.config")).unwrap();
    std::fs::write(
        dir.join("clouds.config"),
        clouds.replace(
            "suffix_acr_login_server_endpoint = .azurecr.io",
            &format!(
                "suffix_acr_login_server_endpoint = .azurecr.io:{}",
                s.sim.login_port()
            ),
        ),
    )
    .unwrap();
    let c = s
        .check()
        .via_arm()
        .without_service_principal()
        .without_env("AZURE_TENANT_ID")
        .without_env("AZURE_CLIENT_ID")
        .env("AZURE_CONFIG_DIR", &dir)
        .args(["-o", "az"]);
    let (run, got) = c.run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    let text = "The provided grant has expired because it was revoked; a fresh sign-in is needed. The user may have changed or reset their password.";
    assert_eq!(
        mask_entra(&got),
        version()
            + &dns(&s.sim.login_server())
            + &raised(
                &aadsts(50173, text),
                &relogin_user(s.sim.tenant_id(), ACR_SCOPE)
            )
    );
}

// ------------------------------------------------------------ one error, not two

#[test]
fn a_challenge_failure_hides_the_credential_failure() {
    // az signs in only after the challenge (`_get_aad_token`): when the
    // challenge fails, its credential is never tried.
    let s = sim("challenge-server-error");
    let ls = s.sim.login_server();
    let c = s
        .check()
        .env("AZURE_CLIENT_SECRET", "not-the-secret")
        .args(["-o", "az", "--ignore-errors"]);
    let (run, got) = c.run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        got,
        version()
            + &dns(&ls)
            + &format!(
                "ERROR: [ts] An error occurred: CONNECTIVITY_CHALLENGE_ERROR\nRegistry '{ls}' did not issue a challenge.\n"
            )
            + CLOSING
    );
    // Our formats: both are facts, and both are reported.
    let run = s
        .check()
        .env("AZURE_CLIENT_SECRET", "not-the-secret")
        .arg("--ignore-errors")
        .run();
    run.assert_contains("An error occurred: CONNECTIVITY_CHALLENGE_ERROR")
        .assert_contains("An error occurred: CREDENTIAL_ERROR");
}

// ------------------------------------------------------------ where az crashes

#[test]
fn entra_refusing_connections_is_our_credential_error_after_the_dns_line() {
    // MSAL's requests raise ConnectionError, which az does not catch: a
    // traceback after the DNS line. We print our code where az's error
    // would stand, and carry on under --ignore-errors.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let authority = format!("https://127.0.0.1:{}", closed_port());
    let endpoint = format!("{authority}/{}/oauth2/v2.0/token", s.sim.tenant_id());
    let error = format!(
        "ERROR: [ts] An error occurred: CREDENTIAL_ERROR\nNo credential for registry '{ls}' could be used. service principal failed at {endpoint}: the connection was refused.\n"
    );
    let c = || {
        s.check()
            .env("AZURE_AUTHORITY_HOST", &authority)
            .args(["-o", "az"])
    };
    let (run, got) = c().run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        got,
        version()
            + &dns(&ls)
            + &error
            + "\nPlease refer to https://aka.ms/acr/errors#credential_error for more information.\n"
    );
    let (run, got) = c().arg("--ignore-errors").run_az();
    assert_eq!(run.status, 1);
    assert_eq!(got, version() + &dns(&ls) + &error + CLOSING);
}

#[test]
fn a_throttled_entra_answer_that_is_not_json_is_our_credential_error() {
    // MSAL parses every answer below 500 as JSON (`_obtain_token`); a plain
    // "Too Many Requests" raises ValueError, and az prints a traceback.
    let s = sim("aad-throttled-plain");
    let ls = s.sim.login_server();
    let (run, got) = s.check().args(["-o", "az", "--ignore-errors"]).run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        got,
        version()
            + &dns(&ls)
            + &format!(
                "ERROR: [ts] An error occurred: CREDENTIAL_ERROR\nNo credential for registry '{ls}' could be used. service principal failed at {}/{}/oauth2/v2.0/token: HTTP 429. It asked to retry after 1m.\n",
                s.sim.authority_host(),
                s.sim.tenant_id()
            )
            + CLOSING
    );
}

// ------------------------------------------------------------ status codes per endpoint

/// az's error block without --ignore-errors: the code, its message, the pointer.
fn error_block(code: &str, message: &str) -> String {
    format!(
        "ERROR: [ts] An error occurred: {code}\n{message}\n\nPlease refer to https://aka.ms/acr/errors#{} for more information.\n",
        code.to_ascii_lowercase()
    )
}

fn challenge_ok(ls: &str) -> String {
    format!("WARNING: Challenge endpoint https://{ls}/v2/ : OK\n")
}

fn refresh_ok(ls: &str) -> String {
    format!("WARNING: Fetch refresh token for registry '{ls}' : OK\n")
}

/// `Response code: {status}` (acr `_errors.py`, the refresh and access
/// token errors' message).
fn denied(ls: &str, status: &str) -> String {
    format!(
        "Access to registry '{ls}' was denied. Response code: {status}. Please try running 'az login' again to refresh permissions."
    )
}

#[test]
fn each_endpoint_s_status_codes_map_as_az_maps_them() {
    // GET /v2/: anything but a 401 with WWW-Authenticate (a 403 aside) is
    // CONNECTIVITY_CHALLENGE_ERROR (`_handle_challenge_phase`); a 429 too.
    // POST /oauth2/exchange: a 429 is CONNECTIVITY_TOOMANYREQUESTS_ERROR,
    // anything else but 200 the refresh-token error with its code
    // (`_get_aad_token_after_challenge`). POST /oauth2/token: anything but
    // 200, a 429 included, is the access-token error with its code.
    let challenge = |ls: &str| {
        error_block(
            "CONNECTIVITY_CHALLENGE_ERROR",
            &format!("Registry '{ls}' did not issue a challenge."),
        )
    };
    let refresh = |ls: &str, status: &str| {
        challenge_ok(ls) + &error_block("CONNECTIVITY_REFRESH_TOKEN_ERROR", &denied(ls, status))
    };
    let access = |ls: &str, status: &str| {
        challenge_ok(ls)
            + &refresh_ok(ls)
            + &error_block("CONNECTIVITY_ACCESS_TOKEN_ERROR", &denied(ls, status))
    };
    type Expected = Box<dyn Fn(&str) -> String>;
    let cases: Vec<(&str, Expected)> = vec![
        ("challenge-ok", Box::new(challenge)),
        ("challenge-not-found", Box::new(challenge)),
        ("challenge-server-error", Box::new(challenge)),
        ("challenge-throttled", Box::new(challenge)),
        (
            "exchange-throttled-retry-after",
            Box::new(|ls: &str| {
                challenge_ok(ls)
                    + &error_block(
                        "CONNECTIVITY_TOOMANYREQUESTS_ERROR",
                        &format!(
                            "Too many requests, access to registry '{ls}' was denied. Please wait a moment before trying again."
                        ),
                    )
            }),
        ),
        (
            "exchange-unauthorized",
            Box::new(move |ls: &str| refresh(ls, "401")),
        ),
        (
            "exchange-forbidden",
            Box::new(move |ls: &str| refresh(ls, "403")),
        ),
        (
            "exchange-server-error",
            Box::new(move |ls: &str| refresh(ls, "500")),
        ),
        (
            "token-unauthorized",
            Box::new(move |ls: &str| access(ls, "401")),
        ),
        (
            "token-forbidden",
            Box::new(move |ls: &str| access(ls, "403")),
        ),
        (
            "token-throttled",
            Box::new(move |ls: &str| access(ls, "429")),
        ),
    ];
    for (scenario, expected) in cases {
        let s = sim(scenario);
        let ls = s.sim.login_server();
        let (run, got) = s.check().args(["-o", "az"]).run_az();
        assert_eq!(run.status, 1, "{scenario}\n{}", run.all());
        assert_eq!(got, version() + &dns(&ls) + &expected(&ls), "{scenario}");
    }
    // Our formats call the token request's 429 what it is, with the wait
    // the registry asked for when it gave one; nothing is retried.
    let s = sim("token-throttled");
    s.check()
        .run()
        .assert_error("CONNECTIVITY_TOOMANYREQUESTS_ERROR", "Too many requests")
        .assert_contains(
            "POST /oauth2/token answered 429 Too Many Requests; no Retry-After was given",
        );
    assert_eq!(s.requests_to("/oauth2/token").len(), 1, "not retried");
}

// ------------------------------------------------------------ where az crashes, we don't

#[test]
fn a_challenge_with_comma_space_between_parameters_is_a_challenge() {
    // az splits the header at its first two spaces and reads parameters
    // from the second part only (`_handle_challenge_phase`): with `, `
    // between them that part ends in a comma, and the empty parameter after
    // it is an IndexError, a traceback after the DNS line. RFC 9110 allows
    // the space: we read the challenge it is, and the run goes on.
    let s = sim("challenge-spaced");
    let ls = s.sim.login_server();
    let (run, got) = s.check().args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(
        got,
        version()
            + &dns(&ls)
            + &challenge_ok(&ls)
            + &refresh_ok(&ls)
            + &format!("WARNING: Fetch access token for registry '{ls}' : OK\n")
            + CLOSING
    );
}

#[test]
fn token_answers_az_cannot_read_are_the_step_s_error() {
    // The exchange answering 200 with a body that is not JSON, and a
    // connection reset at /oauth2/token: az's `loads(...)` and requests
    // raise, and az prints a traceback. We print the step's code with the
    // status it got (`none` for no answer), after az's lines up to there.
    for (scenario, expected) in [
        (
            "malformed-token",
            (|ls: &str| {
                challenge_ok(ls)
                    + &error_block("CONNECTIVITY_REFRESH_TOKEN_ERROR", &denied(ls, "200"))
            }) as fn(&str) -> String,
        ),
        ("exchange-reset", |ls: &str| {
            challenge_ok(ls) + &error_block("CONNECTIVITY_REFRESH_TOKEN_ERROR", &denied(ls, "none"))
        }),
        ("token-reset", |ls: &str| {
            challenge_ok(ls)
                + &refresh_ok(ls)
                + &error_block("CONNECTIVITY_ACCESS_TOKEN_ERROR", &denied(ls, "none"))
        }),
    ] {
        let s = sim(scenario);
        let ls = s.sim.login_server();
        let (run, got) = s.check().args(["-o", "az"]).run_az();
        assert_eq!(run.status, 1, "{scenario}\n{}", run.all());
        assert_eq!(got, version() + &dns(&ls) + &expected(&ls), "{scenario}");
    }
}

#[test]
fn a_proxy_that_refuses_connections_is_the_challenge_s_error() {
    // requests raises ProxyError; az prints a traceback. Ours: the
    // challenge's code after the DNS line, the proxy named in the reason.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let proxy = format!("http://127.0.0.1:{}", closed_port());
    let (run, got) = s
        .check()
        .env("HTTPS_PROXY", &proxy)
        .args(["-o", "az"])
        .run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        got,
        version()
            + &dns(&ls)
            + &error_block(
                "CONNECTIVITY_CHALLENGE_ERROR",
                &format!("Registry '{ls}' did not issue a challenge.")
            )
    );
    s.check()
        .env("HTTPS_PROXY", &proxy)
        .run()
        .assert_error("CONNECTIVITY_CHALLENGE_ERROR", "Registry '")
        .assert_contains(&format!(
            "the proxy {proxy} (from HTTPS_PROXY) refused the connection"
        ));
}
