#!/usr/bin/env bash
# Measures acr-health against the loopback simulator with hyperfine (-N: no
# shell, wall time, medians of many runs) and prints every figure of issue 13
# with its target beside it. Speed is a feature; this is where it is
# measured, never in a timed test. docs/performance.md records a run.
#
#   scripts/bench.sh
#   RUNS=100 ROUNDS=10 scripts/bench.sh   (runs per figure, spread over rounds)
#   COMPARE_BIN=/path/to/acr-health scripts/bench.sh
#       a second binary to compare (e.g. a packaged `cargo install` build):
#       its median is printed beside ours for the main registry check
#   . "$(scripts/real-services.sh start)"; scripts/bench.sh
#       with the real dockerd running, the environment figures are measured
#       too (without it they are reported as not measured)
#   scripts/bench.sh rtt
#   RTTS="0 20 60" RUNS=6 scripts/bench.sh rtt
#   COMPARE_BIN=/path/to/acr-health scripts/bench.sh rtt
#       the round-trip figures of issue 28: each path's wall time and round
#       trips with the simulator behind a network of each round-trip time
#       (acr-sim --rtt; see "Under real latency" in docs/performance.md);
#       with COMPARE_BIN, each path runs with that binary too, in turn
#
# Everything talks to 127.0.0.1 only. The machine's own SSL_CERT_*, proxy,
# AZURE_* and DOCKER_* settings are cleared first, so each figure runs with
# exactly the environment it names.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
[[ -z $mode || $mode == rtt ]] || { echo "bench.sh: unknown mode '$mode' (rtt or nothing)" >&2; exit 2; }
if [[ $mode == rtt ]]; then
    runs=${RUNS:-6}
else
    runs=${RUNS:-50}
fi

if [[ $mode == rtt ]]; then
    : # no hyperfine: every run is timed and counted by the driver below
elif ! command -v hyperfine >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "bench.sh: installing hyperfine from Debian" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null
    else
        echo "bench.sh: needs hyperfine (apt-get install hyperfine)" >&2
        exit 2
    fi
fi
cargo build --release --locked --workspace --bins -q

# The real dockerd from scripts/real-services.sh, if its env was sourced.
docker_host=${ACR_HEALTH_TEST_DOCKER_HOST:-}
while read -r var; do unset "$var"; done < <(compgen -e | grep -E \
    '^(SSL_CERT_|REQUESTS_CA_BUNDLE|AZURE_|ACR_HEALTH_|ACR_SIM_|DOCKER_|HTTPS?_PROXY|https?_proxy|ALL_PROXY|all_proxy|NO_PROXY|no_proxy)')

# RTT mode: a simulator per round-trip time, each path run RUNS times in
# turn; before and after each run the driver asks the simulator's network
# how long something was in flight (ACR_SIM_LATENCY), which divided by the
# round-trip time counts the run's round trips.
if [[ $mode == rtt ]]; then
    dir=$(mktemp -d)
    sim=
    trap '[[ -n $sim ]] && kill $sim 2>/dev/null; [[ -n ${BENCH_KEEP:-} ]] || rm -rf "$dir"' EXIT
    mkdir -p "$dir/installed" "$dir/bin"
    install -m 0755 target/release/acr-health "$dir/installed/acr-health"
    compare=
    if [[ -n ${COMPARE_BIN:-} ]]; then
        install -m 0755 "$COMPARE_BIN" "$dir/installed/compare"
        compare=$dir/installed/compare
    fi
    export PATH="$dir/bin:/usr/bin:/bin" ACR_HEALTH_AZURE_VM=0
    for rtt in ${RTTS:-0 20 60}; do
        rm -rf "$dir/sim"
        mkdir -p "$dir/sim"
        rtt_args=()
        [[ $rtt == 0 ]] || rtt_args=(--rtt "$rtt")
        target/release/acr-sim "${rtt_args[@]}" --ca-out "$dir/sim/ca.pem" --env-out "$dir/sim/env" \
            --az-config-out "$dir/sim/az-cached" --az-config-out-refresh "$dir/sim/az-refresh" >/dev/null &
        sim=$!
        for _ in $(seq 100); do [[ -f $dir/sim/env ]] && break; sleep 0.05; done
        [[ -f $dir/sim/env ]] || { echo "bench.sh: the simulator did not start" >&2; exit 1; }
        python3 - "$dir/sim" "$dir/installed/acr-health" "$rtt" "$runs" "$compare" >>"$dir/results.jsonl" <<'PY'
import http.client, json, os, shlex, shutil, subprocess, sys, time, urllib.parse

d, bin_, rtt, runs, compare = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
env = {}
for line in open(os.path.join(d, "env")):
    k, v = line.removeprefix("export ").strip().split("=", 1)
    env[k] = shlex.split(v)[0] if v != "''" else ""
base = {"PATH": os.environ["PATH"], "HOME": d, "ACR_HEALTH_AZURE_VM": "0",
        "AZURE_CONFIG_DIR": os.path.join(d, "no-az")}
sp = {k: env[k] for k in ("AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")}
ca = os.path.join(d, "ca.pem")
# The simulator's cloud (its ARM, its suffix with the login port) and no login.
cloud_only = os.path.join(d, "cloud-only")
os.makedirs(cloud_only, exist_ok=True)
for f in ("config", "clouds.config"):
    shutil.copy(os.path.join(d, "az-refresh", f), cloud_only)
by_ls = [bin_, "check", "-n", env["ACR_SIM_LOGIN_SERVER"], "--dns-server", env["ACR_SIM_DNS"],
         "--ca-cert", ca, "--skip", "environment"]
by_name = [bin_, "check", "-n", "simregistry", "--dns-server", env["ACR_SIM_DNS"],
           "--ca-cert", ca, "--skip", "environment"]
paths = [
    ("service principal, -n <login server>, -o az", {**base, **sp}, by_ls + ["-o", "az"]),
    ("az login (cached tokens), by name, -o az",
     {**base, "AZURE_CONFIG_DIR": os.path.join(d, "az-cached")}, by_name + ["-o", "az"]),
    ("az login (refresh token), by name, -o az",
     {**base, "AZURE_CONFIG_DIR": os.path.join(d, "az-refresh")}, by_name + ["-o", "az"]),
    ("service principal, by name, ARM, -o az",
     {**base, **sp, "AZURE_CONFIG_DIR": cloud_only,
      "AZURE_SUBSCRIPTION_ID": env["ACR_SIM_SUBSCRIPTION"]}, by_name + ["-o", "az"]),
    ("--image hello:latest, -o json (service principal)", {**base, **sp},
     by_ls + ["-o", "json", "--image", "hello:latest"]),
]
if compare:
    paths += [(f"{name} [COMPARE_BIN]", e, [compare] + cmd[1:]) for name, e, cmd in paths]
mark_url = urllib.parse.urlsplit(env.get("ACR_SIM_LATENCY", ""))
# One kept-alive connection: a mark right after a run ends costs well under a
# millisecond, so little of the run's closing bytes is counted after its exit.
control = http.client.HTTPConnection(mark_url.netloc, timeout=10) if mark_url.netloc else None
def mark():
    if not control:
        return None
    control.request("GET", mark_url.path)
    return json.loads(control.getresponse().read())
for _ in range(2):  # warm-up: page cache, the simulator's first handshakes
    for name, e, cmd in paths:
        subprocess.run(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(runs):
    for name, e, cmd in paths:
        mark()
        t0 = time.perf_counter()
        status = subprocess.run(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall = time.perf_counter() - t0
        m = mark()
        print(json.dumps({"rtt": rtt, "path": name, "status": status, "wallMs": wall * 1000,
                          "roundTrips": m["roundTrips"] if m else None,
                          "connections": m["connections"] if m else None}))
PY
        kill $sim 2>/dev/null; wait $sim 2>/dev/null || true
        sim=
        echo "bench.sh: RTT $rtt ms done" >&2
    done
    python3 - "$dir/results.jsonl" <<'PY'
import json, statistics, sys
from collections import defaultdict

# Each path's floor: the round trips nothing can save (docs/performance.md).
FLOOR = {
    "service principal, -n <login server>, -o az": 5,
    "az login (cached tokens), by name, -o az": 5,
    "az login (refresh token), by name, -o az": 6,
    "service principal, by name, ARM, -o az": 6,
    "--image hello:latest, -o json (service principal)": 10,
}
# issue 28's targets at 60 ms: mean round trips.
TARGET = {
    "service principal, -n <login server>, -o az": 5.5,
    "az login (cached tokens), by name, -o az": 5.5,
    "--image hello:latest, -o json (service principal)": 11.5,
}
rows = defaultdict(list)
order, rtts = [], []
for line in open(sys.argv[1]):
    r = json.loads(line)
    rows[(r["path"], r["rtt"])].append(r)
    if r["path"] not in order:
        order.append(r["path"])
    if r["rtt"] not in rtts:
        rtts.append(r["rtt"])
header = ["path", "floor"] + [f"{t} ms RTT" for t in rtts] + ["target at 60 ms", ""]
table = []
failed = False
for path in order:
    base_name = path.removesuffix(" [COMPARE_BIN]")
    cells = [path, str(FLOOR.get(base_name, "?"))]
    path_failed = False
    for t in rtts:
        rs = rows[(path, t)]
        bad = [r["status"] for r in rs if r["status"] != 0]
        path_failed |= bool(bad)
        if base_name == path:
            failed |= bool(bad)
        wall = statistics.median(r["wallMs"] for r in rs)
        cell = f"{wall:.0f} ms" if wall >= 10 else f"{wall:.1f} ms"
        if rs[0]["roundTrips"] is not None:
            rt = statistics.mean(r["roundTrips"] for r in rs)
            conns = statistics.mean(r["connections"] for r in rs)
            cell += f", {rt:.2f} RT, {conns:.1f} conn"
        if bad:
            cell += f" (EXIT {sorted(set(bad))})"
        cells.append(cell)
    target = None if base_name != path else TARGET.get(path)
    verdict = "-"
    if target and 60 in rtts:
        rt = statistics.mean(r["roundTrips"] for r in rows[(path, 60)])
        verdict = "ok" if rt <= target and not path_failed else "MISSED"
    cells += [f"<= {target}" if target else "", verdict]
    table.append(cells)
w = [max(len(r[i]) for r in table + [header]) for i in range(len(header))]
print("\n| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(header)) + " |")
print("|" + "|".join("-" * (x + 2) for x in w) + "|")
for r in table:
    print("| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |")
print("\nwall: median; RT: mean round trips (network wait / RTT); conn: mean connections per run")
sys.exit(1 if failed else 0)
PY
    exit
fi

dir=$(mktemp -d)
target/release/acr-sim --ca-out "$dir/ca.pem" --env-out "$dir/env" \
    --az-config-out "$dir/az-cached" --az-config-out-refresh "$dir/az-refresh" >/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; [[ -n ${BENCH_KEEP:-} ]] || rm -rf "$dir"' EXIT
# The binary as installed: `cargo install` and packages copy it into place.
# The file the linker just wrote is held by the page cache in small pieces,
# which costs every start of it about 70 µs more page faults than a copy
# (docs/performance.md), a cost no installed binary has.
mkdir -p "$dir/installed"
install -m 0755 target/release/acr-health "$dir/installed/acr-health"
bin=$dir/installed/acr-health
# A Rust "hello world", for the start-up figures (built before PATH is cut).
printf 'fn main() { println!("hello"); }\n' >"$dir/hello.rs"
rustc -O -o "$dir/hello" "$dir/hello.rs"
for _ in $(seq 100); do [[ -f $dir/env && -f $dir/az-refresh/azureProfile.json ]] && break; sleep 0.05; done
[[ -f $dir/env ]] || { echo "bench.sh: the simulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$dir/env"
export AZURE_CONFIG_DIR="$dir/no-az" ACR_HEALTH_AZURE_VM=0
# An empty PATH for the registry figures: no az, docker or helm to find.
mkdir -p "$dir/bin"
export PATH="$dir/bin:/usr/bin:/bin"

# A corporate-style system store: the machine's roots with the simulator's
# CA added, as a bundle file and as a certificate directory (the two places
# OpenSSL looks), so the store-loading path is measured, not skipped.
mkdir -p "$dir/certs"
system_bundle=/etc/ssl/certs/ca-certificates.crt
if [[ -f $system_bundle ]]; then
    cat "$system_bundle" "$dir/ca.pem" >"$dir/store.pem"
    for f in /etc/ssl/certs/*; do [[ -f $f ]] && ln -sf "$(readlink -f "$f")" "$dir/certs/"; done
else
    cp "$dir/ca.pem" "$dir/store.pem"
fi
cp "$dir/ca.pem" "$dir/certs/acr-sim-ca.pem"

ls_args=(-n "$ACR_SIM_LOGIN_SERVER" --dns-server "$ACR_SIM_DNS" --skip environment)
check="$bin check ${ls_args[*]} --ca-cert $dir/ca.pem"

# Figures are registered first and measured afterwards in ROUNDS rounds
# (default 5), each round running every figure for its share of the runs.
# On a shared machine load comes and goes; interleaving spreads it over all
# figures alike, so the ratios between them (the targets) stay fair.
rounds=${ROUNDS:-5}
results=() specs=() commands=() shares=()
# bench NAME [VAR=VALUE | -VAR ...] -- COMMAND: a figure run with those
# variables exported (-VAR: unset) on top of the environment above.
bench() {
    local name=$1 runs_of=${BENCH_RUNS:-$runs}
    shift
    local vars=()
    while [[ $1 != -- ]]; do vars+=("$1"); shift; done
    shift
    results+=("$name")
    specs+=("${vars[*]:-}")
    commands+=("$*")
    shares+=($(((runs_of + rounds - 1) / rounds)))
}
measure() {
    local round i v
    for round in $(seq "$rounds"); do
        for i in "${!results[@]}"; do
            (
                for v in ${specs[$i]}; do
                    if [[ $v == -* ]]; then unset "${v#-}"; else export "${v?}"; fi
                done
                hyperfine -N --style none --warmup 2 --runs "${shares[$i]}" \
                    --export-json "$dir/$i.$round.json" -n "${results[$i]}" "${commands[$i]}" >/dev/null
            )
        done
        echo "bench.sh: round $round of $rounds done" >&2
    done
}

# 1. The full registry check (DNS, challenge, Entra ID token, exchange,
#    access token; service principal), both trust paths.
bench "check, --ca-cert" -- "$check"
bench "check, CA in the system store" SSL_CERT_FILE="$dir/store.pem" SSL_CERT_DIR="$dir/certs" \
    -- "$bin check ${ls_args[*]}"
bench "check -o az, --ca-cert" -- "$check -o az"
bench "check --repository hello" -- "$check --repository hello"
if [[ -n ${COMPARE_BIN:-} ]]; then
    # Installed as a copy too, so both binaries start alike.
    mkdir -p "$dir/compare"
    install -m 0755 "$COMPARE_BIN" "$dir/compare/acr-health"
    bench "COMPARE_BIN: check, --ca-cert" -- "${check/#$bin/$dir/compare/acr-health}"
    BENCH_RUNS=$((runs * 10)) bench "COMPARE_BIN: --help" -- "$dir/compare/acr-health --help"
fi

# 2. No network at all; /bin/true is this machine's floor for starting a
#    process, for reading these figures on a busy machine.
#    A Rust "hello world" shows what std's start-up and its libraries cost
#    any Rust program here. Sub-millisecond figures get ten times the runs.
BENCH_RUNS=$((runs * 10)) bench "process start floor (/bin/true)" -- "/bin/true"
BENCH_RUNS=$((runs * 10)) bench "Rust hello world" -- "$dir/hello"
BENCH_RUNS=$((runs * 10)) bench "acr-health --help" -- "$bin --help"
BENCH_RUNS=$((runs * 10)) bench "acr-health codes" -- "$bin codes"
BENCH_RUNS=$((runs * 10)) bench "acr-health explain CONNECTIVITY_SSL_ERROR" -- "$bin explain CONNECTIVITY_SSL_ERROR"

# 3. The developer path: -n NAME, az's files instead of AZURE_* credentials,
#    the registry read from ARM in az's default subscription; compared with a
#    service principal doing the same work.
by_name="$bin check -n simregistry --dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem --skip environment"
bench "service principal, by name, ARM" ACR_HEALTH_ARM_ENDPOINT="$AZURE_AUTHORITY_HOST" \
    AZURE_SUBSCRIPTION_ID="$ACR_SIM_SUBSCRIPTION" -- "$by_name"
no_sp=(-AZURE_CLIENT_SECRET -AZURE_CLIENT_ID -AZURE_TENANT_ID -AZURE_AUTHORITY_HOST)
bench "az login, cached token, by name, ARM" "${no_sp[@]}" AZURE_CONFIG_DIR="$dir/az-cached" -- "$by_name"
bench "az login, refresh token, by name, ARM" "${no_sp[@]}" AZURE_CONFIG_DIR="$dir/az-refresh" -- "$by_name"

# 4. 100 registries in one run (the same simulated registry named 100 times,
#    one credential), with the peak RSS of one such run.
many=()
for _ in $(seq 100); do many+=(-n "$ACR_SIM_LOGIN_SERVER"); done
BENCH_RUNS=$(((runs + 4) / 5)) bench "100 registries in one run" \
    -- "$bin check ${many[*]} --dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem --skip environment"
python3 - "$dir/rss" "$bin" check "${many[@]}" --dns-server "$ACR_SIM_DNS" --ca-cert "$dir/ca.pem" --skip environment <<'PY'
import resource, subprocess, sys
status = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode
rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(f"{rss_kib} {status}\n")
PY

# 5. Environment (real dockerd, notary if installed; no helm) and registry in
#    one run, against each chain alone.
env_measured=0
if [[ -n $docker_host ]] && command -v docker >/dev/null; then
    env_path="$(dirname "$(command -v docker)"):$PATH"
    env_args=(--skip helm)
    bench "environment + registry, one run" DOCKER_HOST="$docker_host" PATH="$env_path" \
        -- "$bin check -n $ACR_SIM_LOGIN_SERVER --dns-server $ACR_SIM_DNS --ca-cert $dir/ca.pem ${env_args[*]}"
    bench "environment chain alone" DOCKER_HOST="$docker_host" PATH="$env_path" \
        -- "$bin check ${env_args[*]}"
    bench "registry chain alone" DOCKER_HOST="$docker_host" PATH="$env_path" -- "$check"
    env_measured=1
fi

measure

python3 - "$dir" "$env_measured" "${results[@]}" <<'PY'
import json, os, statistics, sys

d, env_measured, names = sys.argv[1], sys.argv[2] == "1", sys.argv[3:]
med = {}
for n, name in enumerate(names):
    times = []
    for f in sorted(os.listdir(d)):
        if f.startswith(f"{n}.") and f.endswith(".json"):
            times += json.load(open(os.path.join(d, f)))["results"][0]["times"]
    if times:
        med[name] = statistics.median(times) * 1000
rows = []
def row(figure, value, target, ok):
    rows.append((figure, value, target, "ok" if ok else ("MISSED" if ok is not None else "-")))
def ms(name):
    return med.get(name)

for name, target in [
    ("check, --ca-cert", 5.0),
    ("check, CA in the system store", 5.0),
    ("check -o az, --ca-cert", None),
    ("check --repository hello", None),
]:
    v = ms(name)
    row(f"registry check: {name}", f"{v:.1f} ms", f"<= {target:.0f} ms" if target else "", v <= target if target else None)

main = ms("check, --ca-cert")
# az cannot run here (no azure-cli on the machine): the last recorded figure,
# from docs/behaviour.md, labelled as such.
AZ_RECORDED_MS = 540.0
row("vs az (az NOT run here; last recorded az: 0.54 s, az 2.91, docs/behaviour.md)",
    f"{AZ_RECORDED_MS / main:.0f}x", ">= 60x", AZ_RECORDED_MS / main >= 60)
if ms("COMPARE_BIN: check, --ca-cert"):
    c = ms("COMPARE_BIN: check, --ca-cert")
    row("COMPARE_BIN: check, --ca-cert", f"{c:.1f} ms = {c / main:.2f}x ours", "<= 1.25x", c / main <= 1.25)
    h, ours = ms("COMPARE_BIN: --help"), ms("acr-health --help")
    row("COMPARE_BIN: --help", f"{h:.2f} ms = {h / ours:.2f}x ours", "<= 1.25x", h / ours <= 1.25)

row("process start floor (/bin/true)", f"{ms('process start floor (/bin/true)'):.2f} ms", "", None)
row("Rust hello world (std's start-up)", f"{ms('Rust hello world'):.2f} ms", "", None)
for name in ["acr-health --help", "acr-health codes", "acr-health explain CONNECTIVITY_SSL_ERROR"]:
    v = ms(name)
    row(name, f"{v:.2f} ms", "<= 1 ms", v <= 1.0)

if env_measured:
    both, env_alone, reg_alone = (ms("environment + registry, one run"),
                                  ms("environment chain alone"), ms("registry chain alone"))
    slower = max(env_alone, reg_alone)
    row("environment chain alone (real dockerd, notary)", f"{env_alone:.1f} ms", "", None)
    row("registry chain alone", f"{reg_alone:.1f} ms", "", None)
    row("environment + registry, one run", f"{both:.1f} ms = {both / slower:.2f}x the slower",
        "<= 1.1x", both / slower <= 1.1)
else:
    row("environment + registry, one run", "not measured: no real dockerd "
        "(source the env file of scripts/real-services.sh start)", "<= 1.1x", None)

rss_kib, status = open(os.path.join(d, "rss")).read().split()
v = ms("100 registries in one run")
row("100 registries in one run (exit status %s)" % status, f"{v:.0f} ms", "<= 1000 ms", v <= 1000)
row("100 registries: peak RSS", f"{int(rss_kib) / 1024:.1f} MB", "<= 60 MB", int(rss_kib) / 1024 <= 60)

sp = ms("service principal, by name, ARM")
row("service principal, by name, ARM", f"{sp:.1f} ms", "", None)
for name, target, cmp in [
    ("az login, cached token, by name, ARM", "< 1.00x the SP", lambda r: r < 1.0),
    ("az login, refresh token, by name, ARM", "<= 1.20x the SP", lambda r: r <= 1.2),
]:
    v = ms(name)
    row(name, f"{v:.1f} ms = {v / sp:.2f}x", target, cmp(v / sp))

w = [max(len(r[i]) for r in rows) for i in range(3)]
print(f"\n| {'figure':<{w[0]}} | {'median':<{w[1]}} | {'target':<{w[2]}} | |")
print(f"|{'-' * (w[0] + 2)}|{'-' * (w[1] + 2)}|{'-' * (w[2] + 2)}|---|")
for r in rows:
    print(f"| {r[0]:<{w[0]}} | {r[1]:<{w[1]}} | {r[2]:<{w[2]}} | {r[3]} |")
PY
