#!/usr/bin/env bash
# Installs acr-health the way `cargo install acr-health --locked` does, from
# a registry that serves only what crates.io would: the two .crate files
# `cargo package` makes (acr-sim, then acr-health packed against it) and
# the third-party crates of Cargo.lock, as a local directory registry
# standing in for crates.io. Cargo runs with its own empty CARGO_HOME,
# offline, outside this repository (no workspace, no .cargo/config.toml, no
# path dependency), and the installed binary must pass its `demo`. Prints
# the binary's path on the last line of stdout.
#
#   scripts/packaged-build.sh                  # install, print the binary
#   scripts/packaged-build.sh --compare        # also time it against ours
#   COMPARE_BIN=$(scripts/packaged-build.sh | tail -1) scripts/bench.sh
#
# OUT=dir keeps the build somewhere known (default: a new temp dir); the
# next run there reuses its third-party builds and rebuilds our crates.
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
out=$(cd "$out" && pwd)

# Both crates, acr-health packed against the packed acr-sim (workspace
# packaging, as `cargo publish -p acr-sim -p acr-health` uploads them);
# --no-verify because the install below is the verification.
cargo package --locked --no-verify -p acr-sim -p acr-health -q >&2
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sim_version=$(sed -n 's/^version = "\(.*\)"/\1/p' crates/acr-sim/Cargo.toml | head -1)

# The stand-in for crates.io: every third-party crate of Cargo.lock as
# crates.io serves it (with its checksum), plus our two .crate files,
# unpacked, each with the checksum of its .crate: the packed Cargo.lock of
# acr-health records acr-sim's, so a crate that differs from what was
# packed is refused.
registry="$out/registry"
rm -rf "$registry"
cargo vendor --locked --versioned-dirs -q "$registry" >/dev/null
for crate in "acr-sim-$sim_version" "acr-health-$version"; do
    file="target/package/$crate.crate"
    tar -xzf "$file" -C "$registry"
    sum=$(sha256sum "$file" | cut -d' ' -f1)
    printf '{"files":{},"package":"%s"}\n' "$sum" >"$registry/$crate/.cargo-checksum.json"
done

# A cargo that knows nothing but that registry.
home="$out/cargo-home"
rm -rf "$home" "$out/root"
mkdir -p "$home"
cat >"$home/config.toml" <<EOF
[source.crates-io]
replace-with = "packaged"

[source.packaged]
directory = "$registry"

[net]
offline = true
EOF
# A registry crate is never rebuilt for new contents under the same
# version: in a reused OUT, forget what was built from our two crates (the
# third-party crates stay built).
rm -rf "$out"/target/release/.fingerprint/acr-sim-* "$out"/target/release/.fingerprint/acr-health-*
cd "$out"
CARGO_HOME="$home" CARGO_TARGET_DIR="$out/target" \
    cargo install acr-health --version "=$version" --locked --root "$out/root" >&2
packaged="$out/root/bin/acr-health"
"$packaged" demo >/dev/null || {
    echo "packaged-build.sh: the installed binary's demo failed" >&2
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
