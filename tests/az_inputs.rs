//! The drop-in's inputs (issue 22): az's configuration as az reads it, the
//! forms of `-n` az accepts and refuses, `--subscription` by name or id. Each
//! test runs the binary against the simulator and compares the whole `-o az`
//! stream and exit status with what azure-cli 2.91 prints; every string of
//! az's is cited where it comes from.

use std::path::PathBuf;

use acr_sim::Server;

use crate::util::{Cmd, Run, SimRun, az_stream, sim};

/// An Azure CLI config dir holding only `config` with `text`.
fn az_dir(s: &SimRun, text: &str) -> PathBuf {
    let dir = s.dir.path().join("azcfg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config"), text).unwrap();
    dir
}

/// The command without its `-n` and value.
fn without_name(mut c: Cmd) -> Cmd {
    let i = c.args.iter().position(|a| a == "-n").unwrap();
    c.args.drain(i..i + 2);
    c
}

/// `-o az` by registry name, the login server read from the simulated ARM.
fn az_by_name(s: &SimRun) -> Cmd {
    s.check().via_arm().args(["-o", "az"])
}

fn stream(c: Cmd) -> (Run, String) {
    let out = c.output().unwrap();
    let run = Run::from(&out);
    let text = az_stream(&out);
    (run, text)
}

/// The stream of a healthy run (az's lines, our version line).
fn healthy_stream(ls: &str) -> String {
    format!(
        "WARNING: acr-health version: {v}\n\
         WARNING: DNS lookup to {ls} at IP 127.0.0.1 : OK\n\
         WARNING: Challenge endpoint https://{ls}/v2/ : OK\n\
         WARNING: Fetch refresh token for registry '{ls}' : OK\n\
         WARNING: Fetch access token for registry '{ls}' : OK\n\
         WARNING: \n\
         Please refer to https://aka.ms/acr/health-check for more information.\n",
        v = env!("CARGO_PKG_VERSION")
    )
}

// ------------------------------------------------------------ configuration

#[test]
fn defaults_acr_names_the_registry_when_n_is_absent() {
    // azure-cli acr `_params.py`: `registry_name` has `configured_default='acr'`.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let dir = az_dir(&s, "[defaults]\nacr = simregistry\n");
    let (run, text) = stream(without_name(az_by_name(&s)).env("AZURE_CONFIG_DIR", &dir));
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_stream(&ls));
    assert_eq!(run.stdout, "");

    // knack `CLIConfig.get`: AZURE_DEFAULTS_ACR wins over the file.
    let dir = az_dir(&s, "[defaults]\nacr = nosuchregistry\n");
    let (run, text) = stream(
        without_name(az_by_name(&s))
            .env("AZURE_CONFIG_DIR", &dir)
            .env("AZURE_DEFAULTS_ACR", "simregistry"),
    );
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_stream(&ls));

    // An explicit -n wins over the default.
    let (run, _) = stream(
        az_by_name(&s)
            .env("AZURE_CONFIG_DIR", &dir)
            .name("simregistry"),
    );
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn only_show_errors_drops_every_warning_line() {
    // knack `log.py`, `CLILogging._determine_log_level`: --only-show-errors
    // (or `core.only_show_errors`) sets the level to ERROR, so every
    // `logger.warning` line of check_health.py goes, FAQ_MESSAGE included.
    let s = sim("healthy");
    let (run, text) = stream(az_by_name(&s).arg("--only-show-errors"));
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, "");
    assert_eq!(run.stdout, "");

    // A global flag: before the subcommand too.
    let mut c = az_by_name(&s);
    c.args.insert(0, "--only-show-errors".into());
    let (run, text) = stream(c);
    assert_eq!((run.status, text.as_str()), (0, ""), "{}", run.all());

    // From az's config, and its variable, which wins over the file.
    let dir = az_dir(&s, "[core]\nonly_show_errors = true\n");
    let (run, text) = stream(az_by_name(&s).env("AZURE_CONFIG_DIR", &dir));
    assert_eq!((run.status, text.as_str()), (0, ""), "{}", run.all());
    let (_, text) = stream(
        az_by_name(&s)
            .env("AZURE_CONFIG_DIR", &dir)
            .env("AZURE_CORE_ONLY_SHOW_ERRORS", "false"),
    );
    assert_eq!(text, healthy_stream(&s.sim.login_server()));
    let (_, text) = stream(az_by_name(&s).env("AZURE_CORE_ONLY_SHOW_ERRORS", "yes"));
    assert_eq!(text, "");

    // Errors stay, with their pointer; nothing after them.
    let f = sim("forbidden");
    let ls = f.sim.login_server();
    let (run, text) = stream(az_by_name(&f).arg("--only-show-errors"));
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        format!(
            "ERROR: [ts] An error occurred: CONNECTIVITY_FORBIDDEN_ERROR\n\
             Looks like you don't have access to registry '{ls}'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name simregistry'. Details: https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error\n\
             \n\
             Please refer to https://aka.ms/acr/errors#connectivity_forbidden_error for more information.\n"
        )
    );
}

#[test]
fn only_show_errors_in_text_mode_keeps_errors_and_the_summary() {
    let s = sim("healthy");
    let run = s.check().arg("--only-show-errors").run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_lacks(" : OK").assert_lacks("Credential:");
    assert!(
        run.stdout.contains("acr-health ") && run.stdout.contains(" passed"),
        "{}",
        run.stdout
    );
    // az's config speaks for az's stream only.
    let dir = az_dir(&s, "[core]\nonly_show_errors = true\n");
    let run = s.check().env("AZURE_CONFIG_DIR", &dir).run();
    run.assert_contains(" : OK");
}

#[test]
fn acr_audience_resource_is_the_registry_token_audience() {
    let entra_scopes = |s: &SimRun| -> Vec<String> {
        s.requests()
            .into_iter()
            .filter(|r| r.server == Server::Entra)
            .filter_map(|r| {
                r.form
                    .iter()
                    .find(|(k, _)| k == "scope")
                    .map(|(_, v)| v.clone())
            })
            .collect()
    };
    // A name: `https://<name>.azure.net`.
    let s = sim("healthy");
    let dir = az_dir(&s, "[acr]\naudience_resource = containerregistry\n");
    let (run, text) = stream(s.check().args(["-o", "az"]).env("AZURE_CONFIG_DIR", &dir));
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_stream(&s.sim.login_server()));
    assert_eq!(
        entra_scopes(&s),
        ["https://containerregistry.azure.net/.default"]
    );

    // A URL is used as given; the variable wins. The simulated registry
    // takes only its own audience, so the exchange refuses the token (as a
    // registry of another audience would refuse ours).
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let dir = az_dir(&s, "[acr]\naudience_resource = containerregistry\n");
    let (run, text) = stream(
        s.check()
            .args(["-o", "az"])
            .env("AZURE_CONFIG_DIR", &dir)
            .env("AZURE_ACR_AUDIENCE_RESOURCE", "https://acr.example.test"),
    );
    assert_eq!(run.status, 1);
    assert_eq!(entra_scopes(&s), ["https://acr.example.test/.default"]);
    assert_eq!(
        text,
        format!(
            "WARNING: acr-health version: {v}\n\
             WARNING: DNS lookup to {ls} at IP 127.0.0.1 : OK\n\
             WARNING: Challenge endpoint https://{ls}/v2/ : OK\n\
             ERROR: [ts] An error occurred: CONNECTIVITY_REFRESH_TOKEN_ERROR\n\
             Access to registry '{ls}' was denied. Response code: 401. Please try running 'az login' again to refresh permissions.\n\
             \n\
             Please refer to https://aka.ms/acr/errors#connectivity_refresh_token_error for more information.\n",
            v = env!("CARGO_PKG_VERSION")
        )
    );
}
