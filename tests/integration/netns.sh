# SPDX-License-Identifier: MIT
# Shared by the dnsmasq tests (sourced after harness.sh): dnsmasq's TFTP
# listens on port 69 only, so each dnsmasq runs in a network namespace of
# its own, with its own loopback.  Addresses come from 192.0.2.0/24 only.

NETNS=""
netns_cleanup() {
	for n in $NETNS; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	sleep 0.2
	for n in $NETNS; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill -9 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
	cleanup
}
trap netns_cleanup EXIT

need_netns() { # $@ = test names, skipped when namespaces or tools are missing
	for t in ip dnsmasq dig busybox; do
		command -v "$t" >/dev/null 2>&1 && continue
		for n in "$@"; do
			echo "skip - $n: $t is not installed (sh tools/deps.sh)"
		done
		exit 0
	done
	if ! ip netns add "pp-probe-$$" 2>/dev/null; then
		for n in "$@"; do
			echo "skip - $n: cannot create network namespaces here"
		done
		exit 0
	fi
	ip netns del "pp-probe-$$"
}

# new_ns NAME: a namespace with loopback up.
new_ns() {
	ip netns add "$1" || return 1
	NETNS="$NETNS $1"
	ip netns exec "$1" ip link set lo up
}

in_ns() { # NS COMMAND...
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# start_dnsmasq NS LOGFILE [VAR=value...] -- [dnsmasq options]: dnsmasq -k in
# NS; waits (at most 5 s) until TFTP port 69 is bound.  Sets DPID.
start_dnsmasq() {
	ns=$1
	dlog=$2
	shift 2
	envs=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs="$envs $1"
		shift
	done
	[ "${1:-}" = -- ] && shift
	# shellcheck disable=SC2086
	ip netns exec "$ns" env $envs dnsmasq -k --conf-file=/dev/null --no-hosts \
		--no-resolv --log-facility="$dlog" "$@" </dev/null >>"$dlog.out" 2>&1 &
	DPID=$!
	i=0
	while [ $i -lt 50 ]; do
		kill -0 "$DPID" 2>/dev/null || break
		if ip netns exec "$ns" ss -Hlunp "sport = :69" 2>/dev/null | grep -q "pid=$DPID,"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# dnsmasq did not start: $(cat "$dlog.out" "$dlog" 2>/dev/null | tail -n 5)"
	return 1
}

# ns_tftpd NS CONF LOG ROOT: in.tftpd --secure with the shim on 192.0.2.1:69 in NS,
# the store CONF, decisions in LOG; waits (at most 5 s) until it listens, and
# then until it answers (tftpd_answers).  Sets TPID.
ns_tftpd() {
	ip netns exec "$1" env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$2" PHONEPROV_LOG="$3" \
		in.tftpd --foreground --secure --address 192.0.2.1:69 --user nobody "$4" \
		</dev/null >"$WORK/tftpd.out" 2>&1 &
	TPID=$!
	SERVERS="$SERVERS $TPID"
	i=0
	while [ $i -lt 50 ] && ! ip netns exec "$1" ss -Hlunp "sport = :69" 2>/dev/null |
		grep -q "pid=$TPID,"; do
		sleep 0.1
		i=$((i + 1))
	done
	tftpd_answers 192.0.2.1 69 "$1"
}

# ns_get NS HOST NAME OUT: curl tftp:// inside NS; prints curl's exit code.
ns_get() {
	rm -f "$4"
	ip netns exec "$1" curl -s --max-time "$TIMEOUT" --path-as-is -o "$4" \
		"tftp://$2/$3" 2>/dev/null
	echo $?
}

# ns_tftp NS HOST NAME OUT: tftp-hpa's client inside NS; "ok" or the error.
ns_tftp() {
	rm -f "$4"
	msg=$(ip netns exec "$1" timeout "$TIMEOUT" tftp "$2" -m binary -c get "$3" "$4" 2>&1)
	if [ $? = 124 ]; then
		echo timeout
	elif [ -n "$msg" ]; then
		echo "$msg" | head -n 1
	else
		echo ok
	fi
}

fd_count() { # PID
	ls "/proc/$1/fd" 2>/dev/null | wc -l
}
