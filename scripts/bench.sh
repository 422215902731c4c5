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
target/release/acr-sim --ca-out "$dir/ca.pem" --env-out "$dir/env" \
    --az-config-out "$dir/az-cached" --az-config-out-refresh "$dir/az-refresh" >/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [[ -f $dir/env ]] && break; sleep 0.05; done
[[ -f $dir/env ]] || { echo "bench.sh: the simulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$dir/env"
unset HTTPS_PROXY https_proxy ALL_PROXY all_proxy
export AZURE_CONFIG_DIR="$dir/no-az" ACR_HEALTH_AZURE_VM=0
for _ in $(seq 100); do [[ -f $dir/az-refresh/azureProfile.json ]] && break; sleep 0.05; done

common="--dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem --skip environment"
check="target/release/acr-health check -n $ACR_SIM_LOGIN_SERVER $common"
# The developer path: `-n NAME` only, az's files in place of AZURE_* credentials,
# the registry read from ARM in az's default subscription. Compared with a
# service principal doing the same work (by name, ARM read, same simulator).
sp_arm="env ACR_HEALTH_ARM_ENDPOINT=$AZURE_AUTHORITY_HOST AZURE_SUBSCRIPTION_ID=$ACR_SIM_SUBSCRIPTION target/release/acr-health check -n simregistry $common"
az_user="env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID -u AZURE_TENANT_ID -u AZURE_AUTHORITY_HOST"
hyperfine --warmup 5 --runs "${RUNS:-50}" --export-markdown "$dir/bench.md" --export-json "$dir/bench.json" \
    -n "check (text)" "$check" \
    -n "check -o az" "$check -o az" \
    -n "check --repository" "$check --repository hello" \
    -n "service principal, by name, ARM" "$sp_arm" \
    -n "az login, cached token, by name, ARM" "$az_user AZURE_CONFIG_DIR=$dir/az-cached target/release/acr-health check -n simregistry $common" \
    -n "az login, refresh token, by name, ARM" "$az_user AZURE_CONFIG_DIR=$dir/az-refresh target/release/acr-health check -n simregistry $common"
cat "$dir/bench.md"
# Medians: the figures targets are stated in (docs/performance.md).
python3 - "$dir/bench.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
by = {r["command"]: statistics.median(r["times"]) * 1000 for r in results}
for name, ms in by.items():
    print(f"median {ms:6.1f} ms  {name}")
sp = by.get("service principal, by name, ARM")
if sp:
    for name in ("az login, cached token, by name, ARM", "az login, refresh token, by name, ARM"):
        if name in by:
            print(f"{name}: {by[name] / sp:.2f} x the service principal (target: refresh <= 1.20, cached < 1.00)")
PY
