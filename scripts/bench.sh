#!/usr/bin/env bash
# Measures a full registry check against the loopback simulator with
# hyperfine (wall time, median of many runs). Speed is a feature; this is
# where it is measured, never in a timed test.
#
#   scripts/bench.sh            # registry checks, text and az output
#   RUNS=100 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || {
    echo "bench.sh: needs hyperfine (apt-get install hyperfine)" >&2
    exit 2
}
cargo build --release --locked --workspace --bins -q

dir=$(mktemp -d)
target/release/acr-sim --ca-out "$dir/ca.pem" --env-out "$dir/env" >/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [[ -f $dir/env ]] && break; sleep 0.05; done
[[ -f $dir/env ]] || { echo "bench.sh: the simulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$dir/env"
unset HTTPS_PROXY https_proxy ALL_PROXY all_proxy
export AZURE_CONFIG_DIR="$dir/no-az" ACR_HEALTH_AZURE_VM=0

check="target/release/acr-health check -n $ACR_SIM_LOGIN_SERVER --dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem --skip environment"
hyperfine --warmup 5 --runs "${RUNS:-50}" --export-markdown "$dir/bench.md" \
    -n "check (text)" "$check" \
    -n "check -o az" "$check -o az" \
    -n "check --repository" "$check --repository hello"
cat "$dir/bench.md"
