//! Beyond az, on this machine (docs/environment.md, "Beyond az"): docker's
//! stored login, the daemon's view from `docker info` and the known traps,
//! against config fixtures, fake `docker info` answers and the real dockerd.
//! Every fixture carries canaries: stored credentials that must never be
//! printed in any output mode (the harness fails a run that prints one).

use std::fs;
use std::path::PathBuf;

use crate::util::*;

/// Stored credentials in the fixtures; none may ever appear in any output.
const CANARY_AUTH: &str = "Q0FOQVJZLWF1dGgtc2VjcmV0LXZhbHVl";
// No English words in the canaries: the scrubber hides any 8 characters in
// a row of a secret, so a word in one would vanish from our own lines too.
const CANARY_TOKEN: &str = "Xq7Zt0k9-Wm2Rv5Lp-0f9e8d7c";
const CANARY_PASSWORD: &str = "Jh4Nb8Qe-Tz1Yc6Ud-1a2b3c4d";
const CANARY_PROXY_PW: &str = "CANARYproxyPW77";

const LS: &str = "myreg.azurecr.io";

/// A registry check that never leaves loopback: the login server pinned to
/// 127.0.0.1 (no DNS query), anonymous (no credential chain), no managed
/// identity guess; the environment checks as `env_args` say.
fn registry_check(fake: &FakeBin, extra: &[&str]) -> Cmd {
    fake.check(
        [
            "-n",
            LS,
            "--resolve",
            &format!("{LS}:127.0.0.1"),
            "--anonymous",
            "--ignore-errors",
            "--timeout",
            "2s",
        ]
        .iter()
        .chain(extra),
    )
    .env("ACR_HEALTH_AZURE_VM", "0")
    .secret(CANARY_AUTH)
    .secret(CANARY_TOKEN)
    .secret(CANARY_PASSWORD)
    .secret(CANARY_PROXY_PW)
}

fn write_config(fake: &FakeBin, json: &str) -> PathBuf {
    let dir = fake.home().join(".docker");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.json");
    fs::write(&path, json).unwrap();
    path
}

// ---------------------------------------------------------------- stored login

#[test]
fn keys_with_a_scheme_match_capitals_and_port_443_do_not() {
    let fake = FakeBin::new();
    let path = write_config(
        &fake,
        &format!(
            r#"{{"auths": {{
                "https://{LS}/v1/": {{"auth": "{CANARY_AUTH}"}},
                "MyReg.AzureCR.io": {{"auth": "{CANARY_AUTH}", "password": "{CANARY_PASSWORD}"}},
                "{LS}:443": {{"identitytoken": "{CANARY_TOKEN}"}}
            }}}}"#
        ),
    );
    let p = path.display();
    let run = registry_check(&fake, &["--skip", "environment"]).run();
    run.assert_contains(&format!(
        "Docker login for {LS}: a user name and password in {p} under the key 'https://{LS}/v1/' (docker cuts the scheme and path, so it matches)\n"
    ))
    .assert_contains(&format!(
        "Docker login for {LS}: the auths key 'MyReg.AzureCR.io' has capital letters: docker compares keys exactly and looks up '{LS}'\n"
    ))
    .assert_contains(&format!(
        "Docker login for {LS}: the auths key '{LS}:443' names port 443: docker keeps the port and looks up '{LS}'\n"
    ));

    // Without the scheme-and-path key nothing matches: anonymous.
    write_config(
        &fake,
        &format!(r#"{{"auths": {{"{LS}:443": {{"identitytoken": "{CANARY_TOKEN}"}}}}}}"#),
    );
    let run = registry_check(&fake, &["--skip", "environment"]).run();
    run.assert_contains(&format!(
        "Docker login for {LS}: none stored in {p}, so docker pulls anonymously\n"
    ));
    // The same facts in JSON, as warnings of their own id; never an error.
    let run = registry_check(&fake, &["--skip", "environment", "-o", "json"]).run();
    let doc = run.json();
    let login = checks(&doc, "registry.docker_login");
    assert_eq!(login.len(), 2, "{doc:#}");
    assert_eq!(login[0]["status"], "info");
    assert_eq!(login[1]["status"], "warning");
    assert!(login[1]["line"].as_str().unwrap().contains("port 443"));
}

#[test]
fn cred_helpers_win_over_creds_store_which_wins_over_auths() {
    let fake = FakeBin::new();
    let other = "other.azurecr.io";
    let path = write_config(
        &fake,
        &format!(
            r#"{{"auths": {{"{LS}": {{"auth": "{CANARY_AUTH}"}}, "{other}": {{}}}},
                "credsStore": "nostore",
                "credHelpers": {{"{LS}": "nohelper"}}}}"#
        ),
    );
    let p = path.display();
    let run = registry_check(
        &fake,
        &[
            "-n",
            other,
            "--resolve",
            &format!("{other}:127.0.0.1"),
            "--skip",
            "environment",
        ],
    )
    .run();
    // credHelpers' exact key first: the helper is not installed, and the
    // auths entry beside it is dead.
    run.assert_contains(&format!(
        "Docker login for {LS}: credential helper docker-credential-nohelper (credHelpers in {p})\n"
    ))
    .assert_contains(&format!(
        "docker-credential-nohelper is not usable ('docker-credential-nohelper' was not found on PATH): docker cannot read the login for {LS} and fails the pull; install it or remove 'credHelpers' from {p}\n"
    ))
    .assert_contains(&format!(
        "The auths entry '{LS}' in {p} holds a user name and password that docker never uses: the helper takes precedence for {LS}\n"
    ))
    // credsStore for every other host; its empty auths entry is what docker
    // login leaves beside a store, not a dead login.
    .assert_contains(&format!(
        "Docker login for {other}: credential helper docker-credential-nostore (credsStore in {p})\n"
    ))
    .assert_lacks(&format!("The auths entry '{other}'"));

    // No helper at all: the auths entry is the login.
    write_config(
        &fake,
        &format!(r#"{{"auths": {{"{LS}": {{"identitytoken": "{CANARY_TOKEN}"}}}}}}"#),
    );
    registry_check(&fake, &["--skip", "environment"])
        .run()
        .assert_contains(&format!(
            "Docker login for {LS}: an identity token (as az acr login stores it) in {p}\n"
        ));
}

#[test]
fn docker_config_and_docker_auth_config_are_honoured() {
    let fake = FakeBin::new();
    // $DOCKER_CONFIG wins over ~/.docker.
    write_config(&fake, r#"{"auths": {}}"#);
    let elsewhere = fake.path("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(
        elsewhere.join("config.json"),
        format!(r#"{{"auths": {{"{LS}": {{"auth": "{CANARY_AUTH}"}}}}}}"#),
    )
    .unwrap();
    let auth_config = format!(r#"{{"auths": {{"{LS}": {{"auth": "{CANARY_AUTH}"}}}}}}"#);
    let run = registry_check(&fake, &["--skip", "environment"])
        .env("DOCKER_CONFIG", &elsewhere)
        .env("DOCKER_AUTH_CONFIG", &auth_config)
        .run();
    run.assert_contains(&format!(
        "Docker login for {LS}: a user name and password in {}\n",
        elsewhere.join("config.json").display()
    ))
    .assert_contains("DOCKER_AUTH_CONFIG is set: docker 28.3 and later read logins from it before the config file");

    // No file: said so, not an error; a file too big or not JSON: a warning
    // that quotes nothing of it.
    let fake = FakeBin::new();
    let run = registry_check(&fake, &["--skip", "environment"]).run();
    run.assert_contains(&format!(
        "Docker login for {LS}: none stored ({} does not exist), so docker pulls anonymously\n",
        fake.home().join(".docker/config.json").display()
    ));
    let path = write_config(&fake, &format!(r#"{{"auths": "{CANARY_AUTH}"}}"#));
    registry_check(&fake, &["--skip", "environment"])
        .run()
        .assert_contains(&format!(
            "Docker login for {LS}: {} was not read: it is not the JSON docker expects (line 1, column",
            path.display()
        ));
    write_config(&fake, &" ".repeat(1024 * 1024 + 1));
    registry_check(&fake, &["--skip", "environment"])
        .run()
        .assert_contains("was not read: it is larger than 1024 KiB");
}

// Unix only: XDG_RUNTIME_DIR is a Unix convention, and the path it
// prints joins `containers/auth.json` with `/`, which Windows shows mixed.
#[cfg(unix)]
#[test]
fn podman_reads_its_own_auth_file() {
    let fake = FakeBin::new();
    fake.script(
        "podman",
        r#"echo '{"Client":{"Version":"4.3.1","OsArch":"linux/amd64"}}'"#,
    );
    let auth = fake.path("run/containers/auth.json");
    fs::create_dir_all(auth.parent().unwrap()).unwrap();
    fs::write(
        &auth,
        format!(r#"{{"auths": {{"{LS}": {{"auth": "{CANARY_AUTH}"}}}}, "credsStore": "ignored"}}"#),
    )
    .unwrap();
    registry_check(&fake, &["--skip", "environment"])
        .env("XDG_RUNTIME_DIR", fake.path("run"))
        .run()
        .assert_contains(&format!(
            "Docker login for {LS}: a user name and password in {}\n",
            auth.display()
        ));
}

/// A helper that leaves a marker with its arguments and whether stdin was
/// open, and lists one login. It would print a secret for `get`.
fn fake_helper(fake: &FakeBin) {
    fake.script(
        "docker-credential-acr",
        &format!(
            r#"echo "$@" >> $TRACE/helper-ran
if read -r line; then echo stdin-open >> $TRACE/helper-ran; fi
case "$1" in
  list) echo '{{"https://{LS}":"00000000-0000-0000-0000-000000000000","other.io":"bob"}}' ;;
  get) echo '{{"Secret":"{CANARY_PASSWORD}"}}' ;;
esac"#
        ),
    );
}

#[test]
fn a_helper_runs_only_with_docker_login_and_only_list() {
    let fake = FakeBin::new();
    fake_helper(&fake);
    write_config(&fake, r#"{"credsStore": "acr"}"#);
    let marker = fake.path("helper-ran");
    for output in ["text", "json", "markdown", "junit"] {
        let run = registry_check(&fake, &["--skip", "environment", "-o", output]).run();
        assert!(!marker.exists(), "the helper ran without --docker-login");
        if output == "text" {
            run.assert_contains(
                "  - pass --docker-login to ask docker-credential-acr which logins it holds (it is not run otherwise)\n",
            );
        }
    }

    let run = registry_check(&fake, &["--skip", "environment", "--docker-login"]).run();
    assert_eq!(
        fs::read_to_string(&marker).unwrap(),
        "list\n",
        "stdin must be closed and only list run"
    );
    run.assert_contains(&format!(
        "docker-credential-acr holds a login for {LS} (user '00000000-0000-0000-0000-000000000000')\n"
    ));

    // A helper that lists other hosts only.
    let fake = FakeBin::new();
    fake.script("docker-credential-acr", r#"echo '{"other.io":"bob"}'"#);
    write_config(&fake, r#"{"credsStore": "acr"}"#);
    registry_check(&fake, &["--skip", "environment", "--docker-login"])
        .run()
        .assert_contains(&format!(
            "docker-credential-acr holds no login for {LS} (1 other hosts): docker pulls anonymously"
        ));
}

// ---------------------------------------------------------------- daemon's view

/// A fake docker whose `info` prints `info_json`; everything else works.
fn docker_with_info(fake: &FakeBin, info_json: &str) {
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) echo 'CONTAINER ID   IMAGE' ;;
  version) printf '%s\n' '{DOCKER_JSON}' ;;
  info) printf '%s\n' '{info_json}' ;;
  pull) exit 0 ;;
  *) echo "fake docker: unexpected $*" >&2; exit 99 ;;
esac"#
        ),
    );
}

// Linux only: the daemon's settings are read on Linux alone (elsewhere
// Docker Desktop keeps them in its VM: probe/docker/info.rs `not_local`).
#[cfg(target_os = "linux")]
#[test]
fn a_daemon_proxy_that_does_not_cover_the_login_server() {
    let fake = FakeBin::new();
    let dead = closed_port();
    docker_with_info(
        &fake,
        &format!(
            r#"{{"ServerVersion":"27.1.1","HttpsProxy":"http://me:{CANARY_PROXY_PW}@proxy.corp.example:3128","HttpProxy":"http://127.0.0.1:{dead}","NoProxy":"localhost,.internal","RegistryConfig":{{"IndexConfigs":{{"{LS}":{{"Secure":false}}}},"InsecureRegistryCIDRs":["127.0.0.0/8"]}}}}"#
        ),
    );
    // The shell sends the registry directly (and so does acr-health, which
    // must not use the proxy: it would need the machine's resolver).
    let run = registry_check(&fake, &["--skip", "helm,notary", "-y"])
        .env("HTTPS_PROXY", "http://proxy.corp.example:3128")
        .env("NO_PROXY", ".azurecr.io")
        .run();
    run.assert_contains(
        "Docker daemon settings: engine 27.1.1, HTTPS proxy http://me:(hidden)@proxy.corp.example:3128\n  - daemon NoProxy: localhost,.internal\n",
    )
    .assert_contains(&format!(
        "The docker daemon's proxy http://127.0.0.1:{dead} is on this machine, but nothing listens on port {dead}"
    ))
    .assert_contains(&format!(
        "Docker daemon route to {LS}: through http://me:(hidden)@proxy.corp.example:3128\n"
    ))
    .assert_contains(&format!(
        "The docker daemon reaches {LS} through http://me:(hidden)@proxy.corp.example:3128, but this shell (and acr-health) directly (this shell's NO_PROXY covers it; the daemon's NoProxy does not)"
    ))
    .assert_contains(&format!(
        "The docker daemon lists '{LS}' under insecure-registries"
    ));
    // Facts, not failures: the daemon lines change no exit status (the
    // registry itself is unreachable here, which is the one error).
    let run = registry_check(&fake, &["--skip", "helm,notary", "-y", "-o", "json"])
        .env("HTTPS_PROXY", "http://proxy.corp.example:3128")
        .env("NO_PROXY", ".azurecr.io")
        .run();
    let doc = run.json();
    for id in ["docker.daemon_settings", "registry.docker_route"] {
        assert!(
            checks(&doc, id)
                .iter()
                .all(|c| c["status"] == "info" || c["status"] == "warning"),
            "{doc:#}"
        );
    }

    // A shell proxy the daemon does not have.
    let fake = FakeBin::new();
    docker_with_info(
        &fake,
        r#"{"ServerVersion":"27.1.1","HttpsProxy":"","NoProxy":""}"#,
    );
    registry_check(&fake, &["--skip", "helm,notary", "-y"])
        .env("HTTPS_PROXY", "http://proxy.corp.example:3128")
        .env("NO_PROXY", ".azurecr.io")
        .run()
        .assert_contains("Docker daemon settings: engine 27.1.1, no proxy\n")
        .assert_contains("This shell has HTTPS_PROXY=http://proxy.corp.example:3128, but the docker daemon has no proxy: docker pull connects directly");
}

// Linux only: the daemon's settings are read on Linux alone (elsewhere
// Docker Desktop keeps them in its VM: probe/docker/info.rs `not_local`).
#[cfg(target_os = "linux")]
#[test]
fn docker_info_is_skipped_for_podman_and_remote_daemons() {
    let fake = FakeBin::new();
    docker_with_info(&fake, r#"{"ServerVersion":"17.03.0-ce"}"#);
    let run = fake
        .check(["--skip", "helm,notary", "-y"])
        .env("DOCKER_HOST", "tcp://10.0.0.5:2376")
        .run();
    run.assert_contains("Docker daemon settings: not read (DOCKER_HOST names a tcp daemon, not a local unix socket)")
        .assert_lacks("older than 18.03");
    assert_eq!(run.status, 0, "{}", run.all());

    let fake = FakeBin::new();
    fake.script(
        "podman",
        r#"case "$1" in info) echo '{"ServerVersion":"1.13.1"}' ;; *) echo '{"Client":{"Version":"4.3.1","OsArch":"linux/amd64"}}' ;; esac"#,
    );
    let run = fake.check(["--skip", "helm,notary", "-y"]).run();
    run.assert_contains("Docker daemon settings: not read (podman runs without a daemon to ask)")
        .assert_lacks("older than 18.03");

    // The docker client on podman's socket: podman's version is no engine's.
    let fake = FakeBin::new();
    docker_with_info(&fake, r#"{"ServerVersion":"4.9.3"}"#);
    fake.check(["--skip", "helm,notary", "-y"])
        .env("DOCKER_HOST", "unix:///run/user/1000/podman/podman.sock")
        .run()
        .assert_contains("Docker daemon settings: not read (podman runs without a daemon to ask)")
        .assert_lacks("older than 18.03");
}

fn sysconfig(fake: &FakeBin, text: &str) -> PathBuf {
    let p = fake.path("sysconfig-docker");
    fs::write(&p, text).unwrap();
    p
}

// Linux only: the daemon's settings are read on Linux alone (elsewhere
// Docker Desktop keeps them in its VM: probe/docker/info.rs `not_local`).
#[cfg(target_os = "linux")]
#[test]
fn old_engines_and_the_rhel_signature_trap() {
    let fake = FakeBin::new();
    docker_with_info(&fake, r#"{"ServerVersion":"1.13.1"}"#);
    let without = sysconfig(
        &fake,
        "# /etc/sysconfig/docker\nOPTIONS='--signature-verification=false'\nOPTIONS='--selinux-enabled --log-driver=journald'\n",
    );
    let run = fake
        .check(["--skip", "helm,notary", "-y"])
        .env("ACR_HEALTH_SYSCONFIG_DOCKER", &without)
        .run();
    run.assert_contains("Docker engine 1.13.1 is older than 18.03, the oldest the ACR FAQ recommends")
        .assert_contains(&format!(
            "Red Hat's docker 1.13: the last OPTIONS line of {} lacks --signature-verification=false, so pulls from ACR fail with 'unauthorized' while pushes work",
            without.display()
        ));
    assert_eq!(run.status, 0, "warnings only: {}", run.all());

    let with = sysconfig(
        &fake,
        "OPTIONS='--selinux-enabled'\nOPTIONS='--selinux-enabled --signature-verification=false'\n",
    );
    fake.check(["--skip", "helm,notary", "-y"])
        .env("ACR_HEALTH_SYSCONFIG_DOCKER", &with)
        .run()
        .assert_contains(&format!(
            "Red Hat's docker 1.13: {} sets --signature-verification=false",
            with.display()
        ))
        .assert_lacks("lacks --signature-verification");

    // A current engine: neither line.
    let fake = FakeBin::new();
    docker_with_info(&fake, r#"{"ServerVersion":"24.0.7"}"#);
    fake.check(["--skip", "helm,notary", "-y"])
        .env("ACR_HEALTH_SYSCONFIG_DOCKER", &without)
        .run()
        .assert_contains("Docker daemon settings: engine 24.0.7, no proxy")
        .assert_lacks("older than")
        .assert_lacks("Red Hat");
}

// Unix only: the hint is about a missing unix:// socket mounted into a
// Linux container.
#[cfg(unix)]
#[test]
fn a_container_without_the_docker_socket_gets_the_mount_hint() {
    let fake = FakeBin::new();
    fake.script(
        "docker",
        r#"case "$1" in
  version) echo '{"Client":{"Version":"27.1.1"}}'; exit 1 ;;
  *) echo "Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?" >&2; exit 1 ;;
esac"#,
    );
    let hint = "this runs inside a container and /nonexistent/docker.sock does not exist: start the container with -v /var/run/docker.sock:/var/run/docker.sock";
    let run = fake
        .check(["--skip", "helm,notary"])
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .env("ACR_HEALTH_CONTAINER", "1")
        .run();
    run.assert_error(
        "DOCKER_DAEMON_ERROR",
        "Please verify if Docker daemon is running, or try restarting it.",
    )
    .assert_contains(hint);
    fake.check(["--skip", "helm,notary"])
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .env("ACR_HEALTH_CONTAINER", "0")
        .run()
        .assert_error(
            "DOCKER_DAEMON_ERROR",
            "Please verify if Docker daemon is running, or try restarting it.",
        )
        .assert_lacks("inside a container");
}

/// A DOCKER_HOST that carries user info names the daemon in the reason
/// without it: the reason shows the host, never a password.
#[test]
fn the_daemon_errors_docker_host_loses_its_user_info() {
    let fake = FakeBin::new();
    fake.script(
        "docker",
        r#"echo "Cannot connect to the Docker daemon at tcp://127.0.0.1:9. Is the docker daemon running?" >&2; exit 1"#,
    );
    fake.check(["--skip", "helm,notary"])
        .env("DOCKER_HOST", "tcp://deploy:hunter2hunter2@127.0.0.1:9")
        .run()
        .assert_error(
            "DOCKER_DAEMON_ERROR",
            "Please verify if Docker daemon is running, or try restarting it.",
        )
        .assert_contains("(DOCKER_HOST=tcp://127.0.0.1:9)")
        .assert_lacks("hunter2hunter2")
        .assert_lacks("deploy:");
}

// Unix only: the real dockerd that scripts/real-services.sh starts.
#[cfg(unix)]
#[test]
fn real_daemon_docker_info_is_parsed() {
    let Some(real) = real_services() else { return };
    let fake = FakeBin::new();
    fake.link("docker", &real.docker);
    let out = fake
        .check(["--skip", "helm,notary", "-y", "--pull-image", &real.image])
        .env("DOCKER_HOST", &real.docker_host)
        .run();
    // Debian's dockerd as scripts/real-services.sh starts it: no proxy.
    let own = std::process::Command::new(&real.docker)
        .args(["info", "--format", "{{.ServerVersion}}"])
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&own.stdout).trim().to_owned();
    assert!(!version.is_empty());
    out.assert_contains(&format!(
        "Docker daemon settings: engine {version}, no proxy\n"
    ));
    assert_eq!(out.status, 0, "{}", out.all());
}

// ---------------------------------------------------------------- -o az

#[test]
fn az_output_is_unchanged_by_all_of_it() {
    let bare = FakeBin::new();
    fake_docker(&bare, DOCKER_JSON, "exit 0");
    let full = FakeBin::new();
    let dead = closed_port();
    docker_with_info(
        &full,
        &format!(
            r#"{{"ServerVersion":"1.13.1","HttpsProxy":"http://me:{CANARY_PROXY_PW}@127.0.0.1:{dead}","NoProxy":"","RegistryConfig":{{"IndexConfigs":{{"{LS}":{{"Secure":false}}}}}}}}"#
        ),
    );
    fake_helper(&full);
    write_config(
        &full,
        &format!(
            r#"{{"auths": {{"MyReg.azurecr.io": {{"auth": "{CANARY_AUTH}"}}, "{LS}": {{"identitytoken": "{CANARY_TOKEN}"}}}}, "credsStore": "acr", "credHelpers": {{"{LS}": "missing"}}}}"#
        ),
    );
    let rhel = sysconfig(&full, "OPTIONS='--selinux-enabled'\n");
    let args = ["-y", "--skip", "helm,notary", "-o", "az", "--docker-login"];
    let a = registry_check(&bare, &args).output().unwrap();
    let b = registry_check(&full, &args)
        .env("DOCKER_AUTH_CONFIG", "{}")
        .env("ACR_HEALTH_SYSCONFIG_DOCKER", &rhel)
        .env("ACR_HEALTH_CONTAINER", "1")
        .env("HTTPS_PROXY", "http://proxy.corp.example:3128")
        .env("NO_PROXY", ".azurecr.io")
        .output()
        .unwrap();
    assert_eq!(az_stream(&a), az_stream(&b));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.status.code(), b.status.code());
    assert!(
        !full.path("helper-ran").exists(),
        "-o az runs no credential helper"
    );
    // And the same with no registry named.
    let a = bare
        .check(["-y", "--skip", "helm,notary", "-o", "az"])
        .output()
        .unwrap();
    let b = full
        .check(["-y", "--skip", "helm,notary", "-o", "az"])
        .env("ACR_HEALTH_SYSCONFIG_DOCKER", &rhel)
        .output()
        .unwrap();
    assert_eq!(az_stream(&a), az_stream(&b));
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(b.status.code(), Some(0));
}

#[test]
fn no_stored_credential_in_any_output_mode() {
    let fake = FakeBin::new();
    docker_with_info(
        &fake,
        &format!(
            r#"{{"ServerVersion":"27.1.1","HttpsProxy":"http://me:{CANARY_PROXY_PW}@proxy.corp.example:3128","NoProxy":"{CANARY_PROXY_PW}.example"}}"#
        ),
    );
    fake_helper(&fake);
    write_config(
        &fake,
        &format!(
            r#"{{"auths": {{"{LS}": {{"auth": "{CANARY_AUTH}", "password": "{CANARY_PASSWORD}", "identitytoken": "{CANARY_TOKEN}", "registrytoken": "{CANARY_TOKEN}"}},
                "https://{LS}": {{"auth": "{CANARY_AUTH}"}}}},
               "credHelpers": {{"{LS}": "acr"}}}}"#
        ),
    );
    for output in ["text", "json", "markdown", "junit"] {
        // The harness fails the run if any canary is printed.
        let run = registry_check(
            &fake,
            &[
                "--skip",
                "helm,notary",
                "-y",
                "--docker-login",
                "-o",
                output,
            ],
        )
        .env("HTTPS_PROXY", "http://proxy.corp.example:3128")
        .env("NO_PROXY", ".azurecr.io")
        .run();
        // Markdown escapes every ASCII punctuation mark of outside text.
        let helper = match output {
            "markdown" => "docker\\-credential\\-acr",
            _ => "docker-credential-acr",
        };
        assert!(run.all().contains(helper), "{output}: {}", run.all());
    }
}

// Linux only: the daemon's settings are read on Linux alone (elsewhere
// Docker Desktop keeps them in its VM: probe/docker/info.rs `not_local`).
#[cfg(target_os = "linux")]
#[test]
fn the_daemon_route_covers_the_data_endpoints_arm_names() {
    let s = sim("healthy");
    let storage = s.sim.storage_host();
    let mut cmd = s.check().via_arm();
    // The simulator's runs skip the environment; this one needs docker.
    let i = cmd.args.iter().position(|a| a == "environment").unwrap();
    cmd.args[i] = "helm,notary".into();
    let cmd = cmd
        .arg("-y")
        .fake_bin(
            "docker",
            &format!(
                r#"case "$1" in
  ps) echo 'CONTAINER ID' ;;
  version) printf '%s\n' '{DOCKER_JSON}' ;;
  info) echo '{{"ServerVersion":"27.1.1","HttpsProxy":"http://proxy.corp.example:3128","NoProxy":"simregistry.azurecr.io"}}' ;;
  pull) exit 0 ;;
esac"#
            ),
        );
    let run = cmd.run();
    assert_eq!(run.status, 0, "{}", run.all());
    let ls = s.sim.login_server();
    // The login server is in the daemon's NoProxy, as it is direct here;
    // the data endpoint ARM names is not.
    run.assert_contains(&format!("Docker daemon route to {ls}: directly\n"))
        .assert_contains(&format!(
            "The docker daemon reaches {storage} through http://proxy.corp.example:3128, but this shell (and acr-health) directly"
        ))
        .assert_lacks(&format!("The docker daemon reaches {ls}"));
}

// Unix only: a hanging helper stopped with its children (a process group);
// on Windows its tree is a job object's, covered by sys::process's tests.
#[cfg(unix)]
#[test]
fn a_helpers_answer_is_bounded_and_sanitised() {
    // A user name with a terminal escape and a newline: printed as plain text.
    let fake = FakeBin::new();
    fake.script(
        "docker-credential-acr",
        &format!(r#"printf '{{"{LS}":"evil\\u001b[31m\\nname"}}\n'"#),
    );
    write_config(&fake, r#"{"credsStore": "acr"}"#);
    let run = registry_check(&fake, &["--skip", "environment", "--docker-login"]).run();
    run.assert_contains(&format!(
        "docker-credential-acr holds a login for {LS} (user 'evil\\u{{1b}}[31m\\u{{a}}name')\n"
    ))
    .assert_lacks("\u{1b}");

    // A helper that hangs is stopped at the step timeout, with its children.
    let fake = FakeBin::new();
    fake.script("docker-credential-acr", "/bin/sleep 30");
    write_config(&fake, r#"{"credsStore": "acr"}"#);
    let started = std::time::Instant::now();
    let run = registry_check(&fake, &["--skip", "environment", "--docker-login"])
        .timeout("1s")
        .run();
    run.assert_contains("docker-credential-acr list did not answer within 1s; it was stopped");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
