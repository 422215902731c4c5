#!/usr/bin/env bash
# The test command: starts the real dockerd, registry and notary the
# environment tests use (when this machine can run them), then runs the
# whole test suite, and stops the services again however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v notary >/dev/null || missing+=(notary)
# The --node tests pull through a real containerd (ctr) from a TLS registry.
command -v containerd >/dev/null || missing+=(containerd)
command -v openssl >/dev/null || missing+=(openssl)
# The spinner test runs acr-health on a tmux terminal; the man-page test renders with man.
command -v tmux >/dev/null || missing+=(tmux)
command -v man >/dev/null || missing+=(man-db)
# The action's version test serves a fake release listing through jq.
command -v jq >/dev/null || missing+=(jq)
# The deploy tests check the alert rules with promtool; tests/serve.rs has
# promtool check serve's metrics and a Prometheus of its own scrape it.
command -v prometheus >/dev/null && command -v promtool >/dev/null || missing+=(prometheus)
# .venv for msal (below).
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        apt-get update
        apt-get install -y "${missing[@]}"
    else
        echo "test.sh: not installed: ${missing[*]} (needs root and apt-get to install);" \
            "tests that need them will say SKIPPED" >&2
    fi
fi

# The real MSAL library (PyPI) writes the token caches the az-login tests
# read; kubernetes-validate (the version .ci/requirements.txt pins) checks
# deploy/kubernetes against Kubernetes' schemas. They go into the
# repository's own virtual environment (.venv, ignored by git), never the
# system Python; the tests find them there first (and through PATH below).
if ! { [[ -x .venv/bin/python3 ]] && .venv/bin/python3 -c 'import msal' 2>/dev/null &&
    [[ -x .venv/bin/kubernetes-validate ]]; }; then
    { python3 -m venv .venv && .venv/bin/python3 -m pip install --quiet msal \
        "$(grep '^kubernetes-validate==' .ci/requirements.txt)"; } ||
        echo "test.sh: cannot install msal and kubernetes-validate into .venv" \
            "(python3 -m venv needs python3-venv); the tests that need them will say SKIPPED" >&2
fi
if [[ -x .venv/bin/python3 ]]; then
    PATH="$PWD/.venv/bin:$PATH"
    export PATH
fi

if env_file=$(scripts/real-services.sh start); then
    # shellcheck disable=SC1090
    source "$env_file"
    trap 'scripts/real-services.sh stop "$ACR_HEALTH_REAL_DIR"' EXIT
    export ACR_HEALTH_REQUIRE_REAL=1
else
    echo "test.sh: the real dockerd/registry did not start; tests that need them will say SKIPPED" >&2
fi

cargo test --workspace --locked
