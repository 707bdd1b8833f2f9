# SPDX-License-Identifier: MIT
# Sourced by tests/bench/syscalls.sh and reload.sh: a work folder and a
# network namespace of the script's own, and the servers it started
# (their pids in PIDS), all gone on exit.  Set PREFIX first.
WORK=$(mktemp -d "/tmp/phoneprov-$PREFIX.XXXXXX")
chmod 755 "$WORK"
NS=pp$PREFIX$$
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.2
	ip netns pids "$NS" 2>/dev/null | xargs -r kill -9 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
