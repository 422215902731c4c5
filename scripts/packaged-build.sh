#!/usr/bin/env bash
# Builds acr-health the way `cargo install acr-health` would: from the
# .crate files `cargo package` makes, unpacked outside this repository (so
# no .cargo/config.toml, no workspace profile), in a clean target dir, with
# acr-sim taken from its own unpacked .crate through [patch]. Prints the
# binary's path on the last line of stdout.
#
#   scripts/packaged-build.sh                  # build, print the binary
#   scripts/packaged-build.sh --compare        # also time it against ours
#   COMPARE_BIN=$(scripts/packaged-build.sh | tail -1) scripts/bench.sh
#
# OUT=dir keeps the build somewhere known (default: a new temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/acr-health-packaged.XXXXXX")}
case "$out" in "$repo" | "$repo"/*)
    echo "packaged-build.sh: OUT must be outside the repository" >&2
    exit 2
    ;;
esac
mkdir -p "$out"

# Both crates, acr-health packed against the packed acr-sim (workspace
# packaging); --no-verify because the build below is the verification.
cargo package --locked --no-verify -p acr-sim -p acr-health -q >&2
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sim_version=$(sed -n 's/^version = "\(.*\)"/\1/p' crates/acr-sim/Cargo.toml | head -1)
rm -rf "$out/acr-health-$version" "$out/acr-sim-$sim_version"
tar -xzf "target/package/acr-sim-$sim_version.crate" -C "$out"
tar -xzf "target/package/acr-health-$version.crate" -C "$out"

cd "$out/acr-health-$version"
# Until acr-sim is on crates.io, the unpacked copy stands in for it.
cat >>Cargo.toml <<EOF

[patch.crates-io]
acr-sim = { path = "../acr-sim-$sim_version" }
EOF
rm -rf "$out/target"
CARGO_TARGET_DIR="$out/target" cargo build --release --bin acr-health >&2
packaged="$out/target/release/acr-health"
"$packaged" demo >/dev/null || {
    echo "packaged-build.sh: the packaged binary's demo failed" >&2
    exit 1
}

if [[ ${1:-} == --compare ]]; then
    cd "$repo"
    command -v hyperfine >/dev/null || {
        echo "packaged-build.sh: --compare needs hyperfine (apt-get install hyperfine)" >&2
        exit 2
    }
    cargo build --release --locked --workspace --bins -q
    dir=$(mktemp -d)
    target/release/acr-sim --ca-out "$dir/ca.pem" --env-out "$dir/env" >/dev/null &
    sim=$!
    trap 'kill $sim 2>/dev/null; rm -rf "$dir"' EXIT
    for _ in $(seq 100); do [[ -f $dir/env ]] && break; sleep 0.05; done
    [[ -f $dir/env ]] || { echo "packaged-build.sh: the simulator did not start" >&2; exit 1; }
    # shellcheck disable=SC1091
    source "$dir/env"
    unset HTTPS_PROXY https_proxy ALL_PROXY all_proxy
    export AZURE_CONFIG_DIR="$dir/no-az" ACR_HEALTH_AZURE_VM=0
    args="check -n $ACR_SIM_LOGIN_SERVER --dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem --skip environment"
    hyperfine -N --warmup 5 --runs "${RUNS:-50}" --export-json "$dir/bench.json" \
        -n ours "target/release/acr-health $args" \
        -n packaged "$packaged $args" >&2
    python3 - "$dir/bench.json" <<'PY' >&2
import json, statistics, sys
by = {r["command"]: statistics.median(r["times"]) * 1000 for r in json.load(open(sys.argv[1]))["results"]}
for name, ms in by.items():
    print(f"median {ms:6.2f} ms  {name}")
print(f"packaged / ours: {by['packaged'] / by['ours']:.2f} x (target: <= 1.25)")
PY
fi
echo "$packaged"
