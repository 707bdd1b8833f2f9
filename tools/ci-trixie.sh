#!/bin/sh
# SPDX-License-Identifier: MIT
# CI on Debian 13 (trixie): in a fresh `debootstrap --variant=minbase trixie`
# root, as the README says a user does: sh tools/deps.sh, make deb, make
# check (whose tests/packaging/deb.t.sh installs, enables, serves with and
# purges the package just built), then apt install of that .deb and a
# `phoneprov check` of the store it lays down.  Needs root.
#
#   sh tools/ci-trixie.sh          a new root under /var/tmp, removed after
#   sh tools/ci-trixie.sh DIR      DIR is used, and kept: debootstrapped
#                                  first unless it already holds a system
#   PHONEPROV_TRIXIE_STEPS="deps check"   run only these steps in the root
#                                  (of: deps unit deb check install; default
#                                  all but unit, which check includes)
#   PHONEPROV_TRIXIE_STEPS=tests PHONEPROV_TRIXIE_TESTS="tests/integration/syslog.t.sh
#                  tests/integration/names.t.sh"   make all, then only these
#                                  test scripts (paths in the tree, run as
#                                  tests/run.sh runs them), with their
#                                  ok/not ok counts; for quick iteration
#
# The mirror is the one this machine's apt already uses for its own release
# (PHONEPROV_MIRROR overrides it); without one, debootstrap's default.
# Everything is mounted in a private mount namespace, so nothing shows on
# the host and nothing outlives the run; the trap also unmounts on exit.
# The integration tests make network namespaces (ip netns needs /run/netns),
# so /run is a tmpfs of the root's own; /proc and /sys are mounted afresh, and
# /dev (with /dev/pts) comes in from the host.
# shellcheck disable=SC2016,SC1091 # in_root's commands expand in the root
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "$0: needs root (debootstrap, mount, chroot)" >&2
	exit 1
fi

# Not yet in a private mount namespace: go into one (once).
if [ -z "${PP_TRIXIE_NS:-}" ]; then
	PP_TRIXIE_NS=1 exec unshare --mount --propagation private sh "$SRC/tools/ci-trixie.sh" "$@"
fi

ROOT=${1:-}
KEEP=1
if [ -z "$ROOT" ]; then
	ROOT=$(mktemp -d /var/tmp/phoneprov-trixie.XXXXXX)
	chmod 755 "$ROOT" # its /: mktemp's 0700 would shut out the servers' own users
	KEEP=0
fi
mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd)
cd "$SRC"
STEPS=${PHONEPROV_TRIXIE_STEPS:-deps deb check install}
MOUNTS=""  # mounted by us, newest first
SUMMARY="" # make check's last line, said again at the end

say() { echo "== trixie: $*"; }

# The http(s) URI of an apt source for this machine's own release (its
# codename as the suite), from one-line .list or deb822 .sources files.
host_mirror() {
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || return 0
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk -v c="$codename" '$1 == "deb" {
			sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, ""); split($0, w, /[ \t]+/)
			if (w[2] == c && w[1] ~ /^https?:\/\//) { print w[1]; exit }
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v c="$codename" 'BEGIN { RS = ""; FS = "\n" } {
			uri = ""; ok = 0; deb = 0
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
				if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
				if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (k = 2; k <= n; k++) if (s[k] == c) ok = 1 }
			}
			if (deb && ok && uri ~ /^https?:\/\//) { print uri; exit }
		}' "$f"
	done
}

cleanup() {
	rc=$?
	set +e
	# Servers a failed test left running in the root: only ours live there.
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	for m in $MOUNTS; do # newest first
		umount -R "$m" 2>/dev/null || umount -R -l "$m"
	done
	if [ "$KEEP" = 0 ]; then
		rm -rf --one-file-system "$ROOT" "$ROOT.debootstrap.log"
	fi
	# Last, where the tail of CI's log shows it.
	[ -z "$SUMMARY" ] || say "make check in Debian 13: $SUMMARY"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mnt() { # $1 = where (under ROOT), then mount's arguments
	where=${ROOT}$1
	shift
	mkdir -p "$where"
	mount "$@" "$where"
	MOUNTS="$where $MOUNTS"
}

t0=$(date +%s)
if [ -e "$ROOT/etc/debian_version" ]; then
	say "using the root in $ROOT ($(cat "$ROOT/etc/debian_version"))"
else
	mirror=${PHONEPROV_MIRROR:-$(host_mirror | head -n 1)}
	say "debootstrap --variant=minbase trixie $ROOT ${mirror:-(the debootstrap default mirror)}"
	command -v debootstrap >/dev/null 2>&1 || {
		apt-get update -qq || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			debootstrap >/dev/null
	}
	# shellcheck disable=SC2086 # no mirror: no argument
	debootstrap --variant=minbase trixie "$ROOT" $mirror >"$ROOT.debootstrap.log" 2>&1 || {
		tail -n 30 "$ROOT.debootstrap.log"
		exit 1
	}
	rm -f "$ROOT.debootstrap.log"
	say "debootstrap took $(($(date +%s) - t0)) s"
fi

# The root a mount point of its own: ip netns exec remounts / as a slave,
# which fails on a plain folder.
mnt "" --bind "$ROOT"
mnt /proc -t proc proc
mnt /sys -t sysfs sysfs
mnt /dev --rbind /dev # with /dev/pts, /dev/shm
mnt /run -t tmpfs -o mode=0755,nosuid,nodev tmpfs
mkdir -p "$ROOT/run/lock" "$ROOT/run/netns"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
[ -e "$ROOT/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$ROOT/etc/hosts"

# The tree as it is here (uncommitted edits too), without build/ and .git.
rm -rf "$ROOT/src/phoneprov"
mkdir -p "$ROOT/src/phoneprov"
tar -C "$SRC" -cf - --exclude=./build --exclude=./.git . | tar -C "$ROOT/src/phoneprov" -xf -

in_root() { # a shell command, run in the root's source tree
	chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 TERM=dumb sh -ec "cd /src/phoneprov && $1"
}

for step in $STEPS; do
	s0=$(date +%s)
	case $step in
	deps)
		say "sh tools/deps.sh && sh packaging/deps.sh deb"
		in_root 'sh tools/deps.sh && sh packaging/deps.sh deb'
		in_root 'dpkg-query -W -f "\${Package} \${Version}\n" libconfig-dev dnsmasq-base tftpd-hpa libc6 gcc'
		;;
	unit)
		say "make unit"
		in_root 'make unit'
		;;
	deb)
		say "make deb"
		in_root 'make deb'
		;;
	check)
		say "make check"
		# tee keeps the output live; the status comes back through a file.
		{
			in_root 'make check 2>&1' && echo 0 >"$ROOT/check.rc" || echo $? >"$ROOT/check.rc"
		} | tee "$ROOT/check.log"
		SUMMARY=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$ROOT/check.log" | tail -n 1)
		[ "$(cat "$ROOT/check.rc")" = 0 ] || { say "make check failed"; exit 1; }
		;;
	tests)
		tests=${PHONEPROV_TRIXIE_TESTS:-}
		[ -n "$tests" ] || { echo "$0: step tests needs PHONEPROV_TRIXIE_TESTS" >&2; exit 2; }
		for t in $tests; do # paths in the tree only: they go into a shell command
			case $t in
			*[!A-Za-z0-9_./-]* | /* | *..*) echo "$0: bad test path '$t'" >&2; exit 2 ;;
			esac
			[ -f "$SRC/$t" ] || { echo "$0: no test script $t" >&2; exit 2; }
		done
		say "make all; $tests"
		in_root "make all >/dev/null && for t in $tests; do
			echo \"# \$t\"; rc=0; sh \"\$t\" >/tmp/pp-one.log 2>&1 || rc=\$?; cat /tmp/pp-one.log
			echo \"# \$t: \$(grep -c '^ok - ' /tmp/pp-one.log || :) ok, \$(grep -c '^not ok - ' /tmp/pp-one.log || :) not ok, exit \$rc\"
		done; rm -f /tmp/pp-one.log" || { say "tests failed to run"; exit 1; }
		;;
	install)
		say "apt install ./build/deb/phoneprov_*.deb; phoneprov check"
		in_root 'export DEBIAN_FRONTEND=noninteractive
			apt-get install -y -q --no-install-recommends ./build/deb/phoneprov_*.deb >/dev/null
			dpkg-query -W -f "\${Package} \${Version}: Depends: \${Depends}\n" phoneprov
			phoneprov check -c /etc/phoneprov.conf && echo "phoneprov check: ok"
			phoneprov render -c /etc/phoneprov.conf SIPDefault.cnf | head -n 3
			apt-get purge -y -q phoneprov >/dev/null
			[ ! -e /etc/phoneprov.conf ]'
		;;
	*)
		echo "$0: unknown step '$step' (deps unit deb check install tests)" >&2
		exit 2
		;;
	esac
	say "$step took $(($(date +%s) - s0)) s"
done
say "done in $(($(date +%s) - t0)) s"
