//! The drop-in's inputs (issue 22): az's configuration as az reads it, the
//! forms of `-n` az accepts and refuses, `--subscription` by name or id. Each
//! test runs the binary against the simulator and compares the whole `-o az`
//! stream and exit status with what azure-cli 2.91 prints; every string of
//! az's is cited where it comes from.

use std::path::PathBuf;

use acr_sim::Server;

use crate::util::{Cmd, SimRun, az_stream, healthy_az_stream, sim};

/// An Azure CLI config dir holding only `config` with `text`.
fn az_dir(s: &SimRun, text: &str) -> PathBuf {
    let dir = s.dir.path().join("azcfg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config"), text).unwrap();
    dir
}

/// `-o az` by registry name, the login server read from the simulated ARM.
fn az_by_name(s: &SimRun) -> Cmd {
    s.check().via_arm().args(["-o", "az"])
}

// ------------------------------------------------------------ configuration

#[test]
fn defaults_acr_names_the_registry_when_n_is_absent() {
    // azure-cli acr `_params.py`: `registry_name` has `configured_default='acr'`.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let dir = az_dir(&s, "[defaults]\nacr = simregistry\n");
    let (run, text) = az_by_name(&s)
        .without("-n")
        .env("AZURE_CONFIG_DIR", &dir)
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_az_stream(&ls));
    assert_eq!(run.stdout, "");

    // knack `CLIConfig.get`: AZURE_DEFAULTS_ACR wins over the file.
    let dir = az_dir(&s, "[defaults]\nacr = nosuchregistry\n");
    let (run, text) = az_by_name(&s)
        .without("-n")
        .env("AZURE_CONFIG_DIR", &dir)
        .env("AZURE_DEFAULTS_ACR", "simregistry")
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_az_stream(&ls));

    // An explicit -n wins over the default.
    let (run, _) = az_by_name(&s)
        .env("AZURE_CONFIG_DIR", &dir)
        .name("simregistry")
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());

    // The default goes through az's name check like a typed -n
    // (acr `_validators.py`, `validate_registry_name`).
    let dir = az_dir(&s, "[defaults]\nacr = my-registry\n");
    let (run, text) = az_by_name(&s)
        .without("-n")
        .env("AZURE_CONFIG_DIR", &dir)
        .run_az();
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
    let (run, text) = az_by_name(&s).arg("--only-show-errors").run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, "");
    assert_eq!(run.stdout, "");

    // A global flag: before the subcommand too.
    let mut c = az_by_name(&s);
    c.args.insert(0, "--only-show-errors".into());
    let (run, text) = c.run_az();
    assert_eq!((run.status, text.as_str()), (0, ""), "{}", run.all());

    // From az's config, and its variable, which wins over the file.
    let dir = az_dir(&s, "[core]\nonly_show_errors = true\n");
    let (run, text) = az_by_name(&s).env("AZURE_CONFIG_DIR", &dir).run_az();
    assert_eq!((run.status, text.as_str()), (0, ""), "{}", run.all());
    let (_, text) = az_by_name(&s)
        .env("AZURE_CONFIG_DIR", &dir)
        .env("AZURE_CORE_ONLY_SHOW_ERRORS", "false")
        .run_az();
    assert_eq!(text, healthy_az_stream(&s.sim.login_server()));
    let (_, text) = az_by_name(&s)
        .env("AZURE_CORE_ONLY_SHOW_ERRORS", "yes")
        .run_az();
    assert_eq!(text, "");

    // Errors stay, with their pointer; nothing after them.
    let f = sim("forbidden");
    let ls = f.sim.login_server();
    let (run, text) = az_by_name(&f).arg("--only-show-errors").run_az();
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
    // The acr module's `_docker_utils.py`, `_resolve_acr_scope` (called by
    // `_get_aad_token_after_challenge`), and azure-cli-core `auth/util.py`,
    // `resource_to_scopes`: the scope is `<audience>/.default`.
    let entra_scopes = |s: &SimRun| -> Vec<String> {
        s.requests_from(Server::Entra)
            .into_iter()
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
    let (run, text) = s
        .check()
        .args(["-o", "az"])
        .env("AZURE_CONFIG_DIR", &dir)
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_az_stream(&s.sim.login_server()));
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
    let (run, text) = s
        .check()
        .args(["-o", "az"])
        .env("AZURE_CONFIG_DIR", &dir)
        .env("AZURE_ACR_AUDIENCE_RESOURCE", "https://acr.example.test")
        .run_az();
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
        let (run, text) = az_by_name(&s).name(typed).run_az();
        assert_eq!(run.status, 0, "{typed}\n{}", run.all());
        // First line, then the run as for the bare name (ARM included: the
        // login server with its port came from there).
        assert_eq!(
            text,
            omitted(name, cut) + &healthy_az_stream(&ls),
            "{typed}"
        );
    }
    // Gone under --only-show-errors, like every warning.
    let (run, text) = az_by_name(&s)
        .name("simregistry.azurecr.io")
        .arg("--only-show-errors")
        .run_az();
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
        let (run, text) = az_by_name(&s).name(typed).run_az();
        assert_eq!(run.status, 1, "{typed}\n{}", run.all());
        assert_eq!(text, expected, "{typed}");
        assert_eq!(run.stdout, "", "{typed}");
    }
    // Nothing was asked of anyone.
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    assert!(s.sim.dns_queries().is_empty());

    // The suffix is the active cloud's.
    let (run, text) = az_by_name(&s)
        .name("simregistry.azurecr.io")
        .args(["--cloud", "AzureChinaCloud"])
        .run_az();
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        "ERROR: The login server suffix is not valid for the current cloud. Please try again using '.azurecr.cn'.\n"
    );
    // --only-show-errors keeps the error, not the warning before it.
    let (_, text) = az_by_name(&s)
        .name(".azurecr.io")
        .arg("--only-show-errors")
        .run_az();
    assert_eq!(text, BAD);
}

#[test]
fn a_name_keeps_its_case_unless_arm_lists_the_registry() {
    // ARM lists it: its loginServer is what the lines show.
    let s = sim("healthy");
    let (run, text) = az_by_name(&s).name("SimRegistry").run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_az_stream(&s.sim.login_server()));

    // Without ARM: the name as typed plus the cloud's suffix, as az builds
    // it (check_health.py: `login_server = registry_name + suffix`). Nothing
    // listens on port 443 here, so the challenge fails after the DNS line.
    let c = s
        .check()
        .args(["-o", "az", "--resolve", "simregistry.azurecr.io:127.0.0.1"])
        .name("SimRegistry.AZURECR.io");
    let (run, text) = c.run_az();
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
    let (run, text) = s.check().args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(text, healthy_az_stream(&s.sim.login_server()));
    let run = s.check().name("registry.example.com").run();
    run.assert_lacks("Registry names may contain")
        .assert_contains("Login server: registry.example.com");
    // And text mode still refuses a bad name as bad usage.
    let run = s.check().name("my_registry").run();
    assert_eq!(run.status, 2, "{}", run.all());
}

// ------------------------------------------------------------ --subscription

/// az's warning for a `--subscription` its profile lacks (azure-cli-core,
/// `register_global_subscription_argument`, `SubscriptionNameOrIdAction`).
const NOT_RECOGNIZED: &str = "WARNING: Subscription 'nosuch' not recognized.\n";
/// What az raises when it signs in for the registry token with it
/// (azure-cli-core `_profile.py`, `Profile.get_subscription`).
const NOT_FOUND: &str =
    "ERROR: Subscription 'nosuch' not found. Check the spelling and casing and try again.\n";

fn arm_paths(s: &SimRun) -> Vec<String> {
    s.requests_from(Server::Arm)
        .into_iter()
        .map(|r| r.path)
        .collect()
}

#[test]
fn subscription_by_name_or_id_in_any_case() {
    for value in ["ACR-SIM SUBSCRIPTION", "acr-sim subscription"] {
        let s = sim("healthy");
        let (run, text) = s
            .az_login()
            .args(["-o", "az", "--subscription", value])
            .run_az();
        assert_eq!(run.status, 0, "{value}\n{}", run.all());
        assert_eq!(text, healthy_az_stream(&s.sim.login_server()), "{value}");
        let paths = arm_paths(&s);
        assert!(!paths.is_empty(), "ARM was read");
        let sub = format!("/subscriptions/{}/", s.sim.subscription_id());
        assert!(paths.iter().all(|p| p.starts_with(&sub)), "{paths:?}");
    }
    let s = sim("healthy");
    let id = s.sim.subscription_id().to_ascii_uppercase();
    let run = s.az_login().args(["--subscription", &id]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "subscription {} from --subscription",
        s.sim.subscription_id()
    ));
}

#[test]
fn an_unknown_subscription_warns_first_and_ends_the_run_after_dns() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let expected = format!(
        "{NOT_RECOGNIZED}WARNING: acr-health version: {}\n\
         WARNING: DNS lookup to {ls} at IP 127.0.0.1 : OK\n{NOT_FOUND}",
        env!("CARGO_PKG_VERSION")
    );
    let (run, text) = s
        .az_login()
        .args(["-o", "az", "--subscription", "nosuch"])
        .run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(text, expected);
    // az raises: --ignore-errors does not carry the run past it.
    let (run, text) = s
        .az_login()
        .args(["-o", "az", "--subscription", "nosuch", "--ignore-errors"])
        .run_az();
    assert_eq!(run.status, 1);
    assert_eq!(text, expected);
    // Never another subscription: ARM was not read at all, and no token
    // was asked of Entra ID for the default account.
    assert!(arm_paths(&s).is_empty(), "{:?}", arm_paths(&s));
    assert!(
        s.requests().iter().all(|r| r.server != Server::Entra),
        "{:?}",
        s.requests()
    );

    // Without -n there is only az's warning.
    let (run, text) = s
        .az_login()
        .without("-n")
        .args(["-o", "az", "--subscription", "nosuch"])
        .run_az();
    assert_eq!(run.status, 0);
    assert!(text.starts_with(NOT_RECOGNIZED), "{text}");
    assert!(
        text.contains("WARNING: Registry name must be provided to check connectivity.\n"),
        "{text}"
    );
}

#[test]
fn an_unknown_configured_default_subscription_fails_without_a_warning() {
    // `configured_default='subscription'`: argparse takes a configured
    // default as is, without the action that warns.
    let s = sim("healthy");
    let c = s.az_login();
    let dir = PathBuf::from(c.env["AZURE_CONFIG_DIR"].clone());
    let config = std::fs::read_to_string(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config"),
        format!("{config}\n[defaults]\nsubscription = nosuch\n"),
    )
    .unwrap();
    let (run, text) = c.args(["-o", "az"]).run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        text,
        format!(
            "WARNING: acr-health version: {}\n\
             WARNING: DNS lookup to {} at IP 127.0.0.1 : OK\n{NOT_FOUND}",
            env!("CARGO_PKG_VERSION"),
            s.sim.login_server()
        )
    );
    // By name it is az's default too (the fixture lists it).
    let s = sim("healthy");
    let c = s
        .az_login()
        .env("AZURE_DEFAULTS_SUBSCRIPTION", "acr-sim subscription");
    let run = c.run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "subscription {} from az's defaults.subscription",
        s.sim.subscription_id()
    ));
}

#[test]
fn without_an_az_login_a_name_cannot_be_resolved() {
    // A service principal from the environment and no az profile: an id is
    // used as given (nothing of az's to follow), a name is az's problem:
    // `Profile.get_subscription` with no login says `_AZ_LOGIN_MESSAGE`.
    let s = sim("healthy");
    let (run, text) = s
        .check()
        .args(["-o", "az", "--subscription", "nosuch"])
        .run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        text,
        format!(
            "{NOT_RECOGNIZED}WARNING: acr-health version: {}\n\
             WARNING: DNS lookup to {} at IP 127.0.0.1 : OK\n\
             ERROR: Please run 'az login' to setup account.\n",
            env!("CARGO_PKG_VERSION"),
            s.sim.login_server()
        )
    );
}

#[test]
fn our_formats_say_what_an_unknown_subscription_means_and_never_fall_back() {
    let s = sim("healthy");
    let trace = s.dir.path().join("az-args");
    // az says what az says; its arguments are kept to show what it was asked.
    let script = format!(
        "echo \"$@\" > {}\necho \"ERROR: Subscription 'nosuch' not found. Check the spelling and casing and try again.\" >&2\nexit 1",
        trace.display()
    );
    let run = s
        .az_login()
        .args(["--subscription", "nosuch"])
        .fake_bin("az", &script)
        .run();
    assert_eq!(run.status, 1, "{}", run.all());
    run.assert_contains(
        "Subscription 'nosuch' (from --subscription) is not in the Azure CLI's profile for cloud AcrSimCloud, by id or name; the registry is not read from ARM",
    )
    .assert_contains("An error occurred: CREDENTIAL_ERROR")
    .assert_contains("Subscription 'nosuch' not found");
    let asked = std::fs::read_to_string(&trace).unwrap();
    assert!(asked.contains("--subscription nosuch"), "{asked}");
    assert!(arm_paths(&s).is_empty(), "{:?}", arm_paths(&s));
    assert!(s.requests().iter().all(|r| r.server != Server::Entra));
}

// ------------------------------------------------------------ --vnet and CMK

/// The healthy lines, then `tail` in place of the closing pointer.
fn healthy_then(ls: &str, tail: &str) -> String {
    let closing =
        "WARNING: \nPlease refer to https://aka.ms/acr/health-check for more information.\n";
    healthy_az_stream(ls).replace(closing, tail)
}

fn vnet_id(s: &SimRun, kind_and_name: &str) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/{kind_and_name}",
        s.sim.subscription_id(),
        s.sim.resource_group()
    )
}

#[test]
fn vnet_passes_by_name_by_id_in_any_case_and_by_a_subnet_under_it() {
    // check_health.py `_check_private_endpoint`: a name becomes the network's
    // id in the registry's resource group; an endpoint counts when its
    // subnet id starts with that id, compared in lower case.
    let s = sim("privatelink");
    let ls = s.sim.login_server();
    let pass = "WARNING: DNS routing to private endpoint : OK\n\
                WARNING: \nPlease refer to https://aka.ms/acr/health-check for more information.\n";
    for vnet in [
        "sim-vnet".to_owned(),
        "SIM-VNET".to_owned(),
        vnet_id(&s, "virtualNetworks/sim-vnet").to_ascii_uppercase(),
        vnet_id(&s, "virtualNetworks/sim-vnet/subnets/default"),
        // A prefix is enough, as in az.
        "sim".to_owned(),
    ] {
        let (run, text) = az_by_name(&s).args(["--vnet", &vnet]).run_az();
        assert_eq!(run.status, 0, "{vnet}\n{}", run.all());
        assert_eq!(text, healthy_then(&ls, pass), "{vnet}");
    }
}

#[test]
fn vnet_refusals_are_raised_and_end_the_run() {
    let s = sim("privatelink");
    let ls = s.sim.login_server();
    let nsg = vnet_id(&s, "networkSecurityGroups/sim-nsg");
    let other = vnet_id(&s, "virtualNetworks/other-vnet");
    for (vnet, error) in [
        (
            nsg.clone(),
            format!("ERROR: \"{nsg}\" is not a valid resource id of a virtual network\n"),
        ),
        (
            "other-vnet".to_owned(),
            format!(
                "ERROR: Registry \"simregistry\" doesn't have private endpoints in the vnet of \"{other}\". Please make sure you provided correct vnet\n"
            ),
        ),
    ] {
        for extra in [&[][..], &["--ignore-errors"]] {
            let (run, text) = az_by_name(&s).args(["--vnet", &vnet]).args(extra).run_az();
            assert_eq!(run.status, 1, "{vnet}\n{}", run.all());
            // No helm, no closing lines: az raised.
            assert_eq!(text, healthy_then(&ls, &error), "{vnet} {extra:?}");
        }
    }
    let h = sim("healthy");
    let (run, text) = az_by_name(&h).args(["--vnet", "sim-vnet"]).run_az();
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        healthy_then(
            &h.sim.login_server(),
            "ERROR: Registry \"simregistry\" doesn't have private endpoints to verify DNS routings.\n"
        )
    );
    // Without -n: az's warning, then its error.
    let out = crate::util::acr_health()
        .args(["check", "--skip", "environment", "-o", "az", "--vnet", "v"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: acr-health version: {}\n\
             WARNING: Registry name must be provided to check connectivity.\n\
             ERROR: Registry name must be provided to verify DNS routings of its private endpoints\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn vnet_names_that_do_not_route_warn_then_fail() {
    // check_health.py `_check_private_endpoint`: a wrong address or a failed
    // `socket.gethostbyname` is a warning, then 'DNS routing verification
    // failed' is raised. The failure reads as Python prints glibc's.
    for (scenario, warning) in [
        (
            "privatelink-dns-mismatch",
            "WARNING: DNS routing to registry \"simregistry\" through private IP is incorrect. Expect: 127.0.0.5, Actual: 127.0.0.1\n",
        ),
        (
            "privatelink-unresolvable",
            "WARNING: Error resolving DNS for simregistry.eastus.data.azurecr.io. Ex: [Errno -2] Name or service not known\n",
        ),
        (
            "privatelink-servfail",
            "WARNING: Error resolving DNS for simregistry.eastus.data.azurecr.io. Ex: [Errno -3] Temporary failure in name resolution\n",
        ),
    ] {
        let s = sim(scenario);
        let (run, text) = az_by_name(&s).args(["--vnet", "sim-vnet"]).run_az();
        assert_eq!(run.status, 1, "{scenario}\n{}", run.all());
        assert_eq!(
            text,
            healthy_then(
                &s.sim.login_server(),
                &format!("{warning}ERROR: DNS routing verification failed\n")
            ),
            "{scenario}"
        );
        // Our own formats name the code and say more.
        s.check()
            .via_arm()
            .args(["--vnet", "sim-vnet"])
            .run()
            .assert_error(
                "PRIVATE_ENDPOINT_DNS_ERROR",
                "DNS does not route registry 'simregistry' to its private endpoint in virtual network 'sim-vnet'.",
            );
    }
}

#[test]
fn a_cmk_identity_az_cannot_read_is_az_s_cmk_error() {
    // check_health.py: `resolve_identity_client_id` failing with a
    // CloudError leaves the identity invalid: CMK_MANAGED_IDENTITY_ERROR.
    let s = sim("cmk-identity-forbidden");
    let (run, text) = az_by_name(&s).run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert_eq!(
        text,
        healthy_then(
            &s.sim.login_server(),
            "ERROR: [ts] An error occurred: CMK_ERROR\n\
             The identity used for registry 'simregistry' encryption doesn't exist.\n\
             \n\
             Please refer to https://aka.ms/acr/errors#cmk_error for more information.\n"
        )
    );
    // Ours: not checked, which is not a failure.
    let run = s.check().via_arm().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("CMK identity not checked: ARM answered 403");
}

// ------------------------------------------------------------ --repository

#[test]
fn repository_goes_out_as_typed_in_az_s_stream() {
    // az puts `--repository` into the token scope as it is typed (no check
    // of its own), so `Hello:latest` reaches the registry as
    // `repository:Hello:latest:<actions>`.
    for repo in ["Hello:latest", "UPPER/Case"] {
        let s = sim("healthy");
        let ls = s.sim.login_server();
        let (run, text) = s.check().args(["-o", "az", "--repository", repo]).run_az();
        assert_eq!(run.status, 0, "{repo}\n{}", run.all());
        assert_eq!(
            text,
            healthy_az_stream(&ls).replace(
                &format!("Fetch access token for registry '{ls}' : OK"),
                &format!("Fetch access token for repository '{repo}' in registry '{ls}' : OK"),
            ),
            "{repo}"
        );
        let token = s.requests_to("/oauth2/token");
        let scope = token[0]
            .form
            .iter()
            .find(|(k, _)| k == "scope")
            .map(|(_, v)| v.clone());
        assert_eq!(
            scope.as_deref(),
            Some(
                format!("repository:{repo}:pull,push,metadata_write,metadata_read,delete").as_str()
            )
        );
    }
    // Our own formats still say it is not a repository name (exit 2).
    let s = sim("healthy");
    let run = s.check().args(["--repository", "Hello:latest"]).run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("invalid --repository 'Hello:latest'");
}
