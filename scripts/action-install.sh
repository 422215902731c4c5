#!/usr/bin/env bash
# The composite action's install step (action.yml): finds the release that
# belongs to the action's own ref, downloads this runner's archive, checks
# its SHA-256 and puts the binary on PATH.
#
#   scripts/action-install.sh resolve    # print the release tag, nothing else
#   scripts/action-install.sh install    # resolve, download, verify, install
#
# Which release (docs/ci.md, "Which release the action installs"):
#   - the `version` input (ACR_HEALTH_VERSION), when given: that tag;
#   - used at a tag (`@v0.2.0`): that tag;
#   - pinned to a commit (`@<40 hex digits>`): the release whose tag points at
#     that very commit, never another one; no such tag is an error that says
#     to pin a release commit or set `version`;
#   - used at a branch (`@main`) or from a checkout (`uses: ./`): the latest
#     release, with a notice naming it.
#
# Inputs (environment): ACR_HEALTH_REPO (owner/name), ACR_HEALTH_REF (the
# ref the action was used at), ACR_HEALTH_VERSION, GH_TOKEN for `gh`;
# GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH from
# the runner. GitHub leaves github.action_repository and github.action_ref
# empty in some composite-action setups; then both are read from the
# action's own path (…/_actions/OWNER/NAME/REF).
set -euo pipefail

fail() {
    # One annotation line; the values in it are ours or validated.
    echo "::error title=acr-health install::$*"
    exit 1
}

repo=${ACR_HEALTH_REPO:-}
ref=${ACR_HEALTH_REF:-}
version=${ACR_HEALTH_VERSION:-}
if [[ -z $repo || -z $ref ]] && [[ ${GITHUB_ACTION_PATH:-} == */_actions/*/*/* ]]; then
    IFS=/ read -r owner name path_ref _ <<<"${GITHUB_ACTION_PATH##*/_actions/}"
    if [[ -z $repo ]]; then repo="$owner/$name"; fi
    if [[ -z $ref ]]; then ref=$path_ref; fi
fi
[[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
    fail "cannot tell which repository the action comes from; set the version input and use the action as OWNER/NAME@REF"

tag_pattern='^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'

# Sets `tag`. Not run in a command substitution, so that `fail` ends the
# script itself and its annotation reaches the log.
resolve() {
    if [[ -n $version ]]; then
        [[ $version =~ $tag_pattern ]] ||
            fail "the version input must be a release tag such as v0.1.0"
        tag=$version
        return
    fi
    if [[ $ref =~ $tag_pattern ]]; then
        tag=$ref
        return
    fi
    if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
        # The tags listing gives each tag's commit (annotated tags
        # dereferenced). Only a release tag that points at this very commit
        # will do: a newer release was built from other code.
        local tags
        tags=$(gh api "repos/$repo/tags" --paginate --jq ".[] | select(.commit.sha == \"$ref\") | .name") ||
            fail "cannot list the tags of $repo"
        tag=$(grep -E "$tag_pattern" <<<"$tags" | sort -V | tail -n 1 || true)
        [[ -n $tag ]] ||
            fail "$repo@$ref: no release tag points at this commit. Pin the commit of a release tag, or set the version input to the release to install"
        gh release view "$tag" --repo "$repo" --json tagName --jq .tagName >/dev/null 2>&1 ||
            fail "$repo@$ref is $tag, which has no release (yet): its release workflow may still be running"
        return
    fi
    local latest
    latest=$(gh release view --repo "$repo" --json tagName --jq .tagName) ||
        fail "cannot read the latest release of $repo"
    [[ $latest =~ $tag_pattern ]] || fail "the latest release of $repo has no release tag"
    echo "::notice title=acr-health install::used at a branch or a checkout, not a release: installing the latest release, $latest. Pin a release tag or its commit to install that exact build."
    tag=$latest
}

case ${1:-} in
resolve)
    resolve
    echo "$tag"
    exit 0
    ;;
install) ;;
*)
    echo "usage: $0 resolve|install" >&2
    exit 2
    ;;
esac

resolve
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
Linux/X64) target=x86_64-unknown-linux-musl ;;
Linux/ARM64) target=aarch64-unknown-linux-musl ;;
macOS/X64) target=x86_64-apple-darwin ;;
macOS/ARM64) target=aarch64-apple-darwin ;;
Windows/X64) target=x86_64-pc-windows-msvc ;;
*) fail "no acr-health release for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac
ext=tar.gz
if [[ $RUNNER_OS == Windows ]]; then ext=zip; fi
archive="acr-health-$tag-$target.$ext"
dir="$RUNNER_TEMP/acr-health-install"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
gh release download "$tag" --repo "$repo" --pattern "$archive" --pattern "$archive.sha256"

# The sum file must name this archive and hold one SHA-256; the archive is
# hashed here and compared, before anything in it is unpacked or run.
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$archive.sha256")
[[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "$archive.sha256 does not hold a SHA-256 for $archive"
if command -v sha256sum >/dev/null; then
    actual=$(sha256sum "$archive" | cut -d' ' -f1)
else
    actual=$(shasum -a 256 "$archive" | cut -d' ' -f1)
fi
[[ $actual == "$expected" ]] || fail "$archive: SHA-256 $actual, but the release says $expected; not installed"
echo "acr-health $tag ($target): SHA-256 $actual verified"

if [[ $ext == tar.gz ]]; then
    tar -xzf "$archive"
elif command -v unzip >/dev/null; then
    unzip -q "$archive"
else
    7z x -y "$archive" >/dev/null
fi
echo "$dir/acr-health-$tag-$target" >>"$GITHUB_PATH"
