#!/usr/bin/env bash
# Proves the README's test command on a machine that has never built Hearth: a fresh Debian 12
# root made by mmdebstrap with only git (and CA certificates) added, a clone of this repository
# in it, ../shared beside the clone, and then exactly `scripts/bootstrap.sh test` as root.
#
#   sudo tests/fresh_machine/run.sh [COMMIT]      (default: HEAD of this checkout)
#
# Needs root (chroot, mounts) and mmdebstrap (`apt-get install mmdebstrap`). It takes a while
# (packages, a full build and the whole suite on this machine's cores), so it is not part of
# .ci/run. Environment:
#   HEARTH_FRESH_DIR   where the root goes (default /var/tmp/hearth-fresh; wiped first)
#   HEARTH_FRESH_MIRROR  Debian mirror (default: the first deb URI of this machine's apt sources)
#   HEARTH_TEST_DATA   the shared test data to put beside the clone (default <repo>/../shared)
#   HEARTH_FRESH_KEEP=1  keep the root afterwards (to look around); default: removed on success
# Exit status: that of `scripts/bootstrap.sh test` inside the fresh root. The log is written to
# $HEARTH_FRESH_DIR.log and its last lines and the elapsed times are printed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
commit=${1:-HEAD}
dir=${HEARTH_FRESH_DIR:-/var/tmp/hearth-fresh}
shared=${HEARTH_TEST_DATA:-$repo/../shared}
log="$dir.log"

if [[ $(id -u) -ne 0 ]]; then echo "error: run as root (chroot and mounts need it)" >&2; exit 2; fi
command -v mmdebstrap >/dev/null || { echo "error: mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 2; }

mirror=${HEARTH_FRESH_MIRROR:-}
if [[ -z "$mirror" ]]; then
  # The first Debian archive (…/debian, not -security, not a third-party repository) this
  # machine's apt reads, in either the one-line or the deb822 format.
  mirror=$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
           grep -oE '^(deb +(\[[^]]*\] +)?|URIs: *)https?://[^ ]+/debian/?( |$)' | head -n 1 |
           sed -E 's/^(deb +(\[[^]]*\] +)?|URIs: *)//; s/ *$//' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

step_start=$SECONDS
# Never delete through a mount point (an rbind of /dev inside the root would take the host's /dev).
safe_rm_root() {
  if awk -v d="$dir/" 'index($2 "/", d) == 1 {found = 1} END {exit !found}' /proc/mounts; then
    echo "error: something is still mounted under $dir; not removing it" >&2
    return 1
  fi
  rm -rf "$dir"
}
elapsed() { printf '%dm%02ds' $(((SECONDS - $1) / 60)) $(((SECONDS - $1) % 60)); }

echo "== fresh root: Debian 12 (bookworm) minbase + git from $mirror -> $dir"
for m in "$dir/dev" "$dir/proc" "$dir/sys" "$dir/work/shared"; do umount -R -l "$m" 2>/dev/null || true; done
safe_rm_root
mmdebstrap --variant=minbase --include=git,ca-certificates bookworm "$dir" "$mirror" \
  "deb $mirror bookworm-updates main" >"$log" 2>&1
root_time=$(elapsed "$step_start")

echo "== clone $commit of $repo into /work/hearth; shared data at /work/shared"
rev=$(git -C "$repo" rev-parse "$commit")
mkdir -p "$dir/work/shared"
git clone -q --no-local "$repo" "$dir/work/hearth"
git -C "$dir/work/hearth" checkout -q "$rev"
if [[ -d "$shared" ]]; then
  # Read-only, as CI lays it.
  mount --bind "$shared" "$dir/work/shared" && mounted+=("$dir/work/shared")
  mount -o remount,bind,ro "$dir/work/shared"
else
  echo "warning: no shared test data at $shared: the tests that need it will skip" >&2
fi
cp /etc/resolv.conf "$dir/etc/resolv.conf"
mount -t proc proc "$dir/proc" && mounted+=("$dir/proc")
mount --rbind /sys "$dir/sys" && mounted+=("$dir/sys")
mount --rbind /dev "$dir/dev" && mounted+=("$dir/dev")

echo "== scripts/bootstrap.sh test (as root, no standard input, CI=true), log: $log"
test_start=$SECONDS
set +e
chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 CI=true /bin/bash -c 'cd /work/hearth && scripts/bootstrap.sh test' </dev/null >>"$log" 2>&1
status=$?
set -e
test_time=$(elapsed "$test_start")

tail -n 15 "$log"
echo
echo "fresh root: $root_time; bootstrap.sh test: $test_time; total: $(elapsed "$step_start"); exit status $status"
cleanup
mounted=()
if [[ $status -eq 0 && "${HEARTH_FRESH_KEEP:-0}" != 1 ]]; then safe_rm_root; fi
exit "$status"
