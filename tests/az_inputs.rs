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

    // The default goes through az's name check like a typed -n
    // (acr `_validators.py`, `validate_registry_name`).
    let dir = az_dir(&s, "[defaults]\nacr = my-registry\n");
    let (run, text) = stream(without_name(az_by_name(&s)).env("AZURE_CONFIG_DIR", &dir));
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        "ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n"
    );
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

// ------------------------------------------------------------ -n forms

/// az's warning (acr `_validators.py`, `validate_registry_name`):
/// "Registry name is '%s'. The following suffix '%s' is automatically omitted."
fn omitted(name: &str, suffix: &str) -> String {
    format!(
        "WARNING: Registry name is '{name}'. The following suffix '{suffix}' is automatically omitted.\n"
    )
}

#[test]
fn the_clouds_suffix_is_cut_with_a_warning_and_the_run_goes_on_by_name() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    for (typed, name, cut) in [
        ("simregistry.azurecr.io", "simregistry", ".azurecr.io"),
        // Any case; a `-` in the first label starts a domain-name-label hash.
        (
            "simregistry-a1b2c3d4e5.AzureCR.IO",
            "simregistry",
            "-a1b2c3d4e5.AzureCR.IO",
        ),
    ] {
        let (run, text) = stream(az_by_name(&s).name(typed));
        assert_eq!(run.status, 0, "{typed}\n{}", run.all());
        // First line, then the run as for the bare name (ARM included: the
        // login server with its port came from there).
        assert_eq!(text, omitted(name, cut) + &healthy_stream(&ls), "{typed}");
    }
    // Gone under --only-show-errors, like every warning.
    let (run, text) = stream(
        az_by_name(&s)
            .name("simregistry.azurecr.io")
            .arg("--only-show-errors"),
    );
    assert_eq!((run.status, text.as_str()), (0, ""));
}

#[test]
fn forms_az_refuses_exit_1_with_its_text_alone() {
    // acr `_validators.py`: BAD_REGISTRY_NAME and INVALID_LOGIN_SERVER_SUFFIX.
    const BAD: &str = "ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n";
    let s = sim("healthy");
    for (typed, expected) in [
        // A hyphen with no suffix.
        ("sim-registry", BAD.to_owned()),
        // Another suffix.
        (
            "simregistry.example.com",
            "ERROR: The login server suffix is not valid for the current cloud. Please try again using '.azurecr.io'.\n".to_owned(),
        ),
        (
            "simregistry.azurecr.io.example.com",
            "ERROR: The login server suffix is not valid for the current cloud. Please try again using '.azurecr.io'.\n".to_owned(),
        ),
        // Too short, too long, not letters and digits.
        ("abcd", BAD.to_owned()),
        (&"a".repeat(51), BAD.to_owned()),
        ("my_registry", BAD.to_owned()),
        // Cut first, refused after: az prints both.
        (".azurecr.io", omitted("", ".azurecr.io") + BAD),
        ("abc-def.azurecr.io", omitted("abc", "-def.azurecr.io") + BAD),
    ] {
        let (run, text) = stream(az_by_name(&s).name(typed));
        assert_eq!(run.status, 1, "{typed}\n{}", run.all());
        assert_eq!(text, expected, "{typed}");
        assert_eq!(run.stdout, "", "{typed}");
    }
    // Nothing was asked of anyone.
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    assert!(s.sim.dns_queries().is_empty());

    // The suffix is the active cloud's.
    let (run, text) = stream(
        az_by_name(&s)
            .name("simregistry.azurecr.io")
            .args(["--cloud", "AzureChinaCloud"]),
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        "ERROR: The login server suffix is not valid for the current cloud. Please try again using '.azurecr.cn'.\n"
    );
    // --only-show-errors keeps the error, not the warning before it.
    let (_, text) = stream(az_by_name(&s).name(".azurecr.io").arg("--only-show-errors"));
    assert_eq!(text, BAD);
}

#[test]
fn a_name_keeps_its_case_unless_arm_lists_the_registry() {
    // ARM lists it: its loginServer is what the lines show.
    let s = sim("healthy");
    let (run, text) = stream(az_by_name(&s).name("SimRegistry"));
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_stream(&s.sim.login_server()));

    // Without ARM: the name as typed plus the cloud's suffix, as az builds
    // it (check_health.py: `login_server = registry_name + suffix`). Nothing
    // listens on port 443 here, so the challenge fails after the DNS line.
    let c = s
        .check()
        .args(["-o", "az", "--resolve", "simregistry.azurecr.io:127.0.0.1"])
        .name("SimRegistry.AZURECR.io");
    let (run, text) = stream(c);
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        format!(
            "{}WARNING: acr-health version: {}\n\
             WARNING: DNS lookup to SimRegistry.azurecr.io at IP 127.0.0.1 : OK\n\
             ERROR: [ts] An error occurred: CONNECTIVITY_CHALLENGE_ERROR\n\
             Registry 'SimRegistry.azurecr.io' did not issue a challenge.\n\
             \n\
             Please refer to https://aka.ms/acr/errors#connectivity_challenge_error for more information.\n",
            omitted("SimRegistry", ".AZURECR.io"),
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn our_own_formats_keep_accepting_more() {
    // A login server with a port is ours in every format (az cannot name a
    // port); text mode also takes another host as a login server.
    let s = sim("healthy");
    let (run, text) = stream(s.check().args(["-o", "az"]));
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_stream(&s.sim.login_server()));
    let run = s.check().name("registry.example.com").run();
    run.assert_lacks("Registry names may contain")
        .assert_contains("Login server: registry.example.com");
    // And text mode still refuses a bad name as bad usage.
    let run = s.check().name("my_registry").run();
    assert_eq!(run.status, 2, "{}", run.all());
}
