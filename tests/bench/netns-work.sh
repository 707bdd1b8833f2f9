# SPDX-License-Identifier: MIT
# Sourced by tests/bench/syscalls.sh and reload.sh: a work folder and a
# network namespace of the script's own, and the servers it started
# (their pids in PIDS), all gone on exit; listening() waits for one.
# Set PREFIX first.
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
# listening PID ADDR PORT [TENTHS]: wait (TENTHS x 0.1 s, 50 unless
# told) until PID listens on UDP ADDR:PORT in NS; 1 if it died or never did.
listening() {
	i_=0
	while [ $i_ -lt "${4:-50}" ]; do
		kill -0 "$1" 2>/dev/null || return 1
		ip netns exec "$NS" ss -Hlunp "src $2 and sport = :$3" 2>/dev/null | grep -q "pid=$1," && return 0
		sleep 0.1
		i_=$((i_ + 1))
	done
	return 1
}
