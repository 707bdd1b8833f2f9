# SPDX-License-Identifier: MIT
# Shared by tests/integration/*.t.sh (sourced, not run): a real in.tftpd
# on 127.0.0.1 with the shim, and real clients, curl and tftp-hpa's tftp.
# Every client call has a timeout; every loop is bounded.  The scripts run
# from the repository root (tests/run.sh does the cd).

SHIM=$(pwd)/build/libphoneprov-preload.so
CLI=$(pwd)/build/phoneprov
TIMEOUT=10 # seconds, for any one client call

failures=0

ok() {
	echo "ok - $1"
}

not_ok() { # $1 = name, $2 = why
	echo "not ok - $1${2:+: $2}"
	failures=$((failures + 1))
}

check() { # $1 = name, then a command: ok when it succeeds
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name"
	fi
}

# "skip - NAME: why" for each name, and stop: these need root.
need_root() { # $@ = the names this script would test
	[ "$(id -u)" = 0 ] && return 0
	for n in "$@"; do
		echo "skip - $n: needs root (in.tftpd --secure chroots and switches user)"
	done
	exit 0
}

need_tools() { # $@ = test names, skipped when a tool or the build is missing
	for t in in.tftpd tftp curl ss; do
		command -v "$t" >/dev/null 2>&1 && continue
		for n in "$@"; do
			echo "skip - $n: $t is not installed (sh tools/deps.sh)"
		done
		exit 0
	done
	for f in "$SHIM" "$CLI"; do
		[ -e "$f" ] && continue
		not_ok "build" "$f is missing: run make"
		exit 1
	done
}

# A scratch directory, removed (with any server still running) on exit.
WORK=$(mktemp -d /tmp/phoneprov-it.XXXXXX)
# The dhcp-script hook's cache (peekcache.h) in the test's folder, not /run.
export PHONEPROV_HOOK_CACHE="$WORK/hook-cache"
chmod 755 "$WORK"
SERVERS=""
cleanup() {
	for p in $SERVERS; do
		kill "$p" 2>/dev/null
	done
	for p in $SERVERS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# A TFTP root nobody can read after in.tftpd chroots and drops to nobody.
make_root() { # $1 = dir
	mkdir -p "$1"
	chmod 755 "$1"
}

# build_tool NAME: tests/integration/NAME.c into $WORK/NAME, or not ok and stop.
build_tool() {
	cc -std=c11 -O2 -o "$WORK/$1" "tests/integration/$1.c" 2>"$WORK/cc.out" && return 0
	not_ok "build $1" "$(head -n 3 "$WORK/cc.out")"
	exit 1
}

random_port() {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20000 + n % 40000))
}

# tftpd_answers HOST PORT [NS]: wait until the in.tftpd listening there (in
# namespace NS) answers a datagram: a write request, which the shim never
# looks at, so the test's own read requests all still count.  Listening is
# not enough: tftpd-hpa 5.2+20240610 (Debian 13) drops the first datagram
# after it starts.  Built without recvmsg, its myrecvfrom() takes the reply
# socket's family from the previous datagram's sender, before it receives;
# for the first there is none, and the child's socket(AF_UNSPEC) fails
# (exit 74).  With or without the shim.
# At most 20 datagrams, 10 s; says so when the first went unanswered.
tftpd_answers() {
	[ -x "$WORK/rrq" ] || build_tool rrq
	r=$(${3:+ip netns exec "$3"} "$WORK/rrq" -w "$1" "$2" phoneprov-harness-ready)
	case $r in
	"answered 1") return 0 ;;
	answered*)
		echo "# in.tftpd on $1 port $2 answered datagram ${r#answered }, not the first"
		return 0
		;;
	esac
	echo "# in.tftpd on $1 port $2 listens but answered none of ${r#timeout } datagrams"
	return 1
}

# start_tftpd ROOT [VAR=value...]: in.tftpd --foreground --secure on a free
# 127.0.0.1 port with the given environment (e.g. LD_PRELOAD=...).  Sets
# PORT and PID.  Up to 10 ports are tried; each start waits at most 5 s
# for the port, then (tftpd_answers) at most 10 s for an answer.
# TFTPD, when set, is the command that ends up exec'ing in.tftpd (a shell
# script, phoneprov exec -- in.tftpd); it must keep the process id.
start_tftpd() {
	root=$1
	shift
	tries=0
	while [ $tries -lt 10 ]; do
		tries=$((tries + 1))
		PORT=$(random_port)
		if ss -Hlun "sport = :$PORT" 2>/dev/null | grep -q .; then
			continue
		fi
		# shellcheck disable=SC2086
		env "$@" ${TFTPD:-in.tftpd} --foreground --secure --address "127.0.0.1:$PORT" \
			--user nobody "$root" </dev/null >"$WORK/tftpd.$PORT.out" 2>&1 &
		PID=$!
		SERVERS="$SERVERS $PID"
		i=0
		while [ $i -lt 50 ]; do
			kill -0 "$PID" 2>/dev/null || break
			if ss -Hlunp "sport = :$PORT" 2>/dev/null | grep -q "pid=$PID,"; then
				tftpd_answers 127.0.0.1 "$PORT" && return 0
				stop_tftpd "$PID"
				return 1
			fi
			sleep 0.1
			i=$((i + 1))
		done
		kill "$PID" 2>/dev/null
	done
	echo "# could not start in.tftpd: $(cat "$WORK"/tftpd.*.out 2>/dev/null)"
	return 1
}

stop_tftpd() { # $1 = pid
	kill "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null
	return 0
}

# curl_get NAME OUT: fetch with curl (asks for tsize); prints curl's exit
# code: 0 served, 68 "file not found", anything else another error.
curl_get() {
	rm -f "$2"
	curl -s --max-time "$TIMEOUT" --path-as-is -o "$2" "tftp://127.0.0.1:$PORT/$1" \
		2>/dev/null
	echo $?
}

# tftp_get NAME OUT [MODE]: fetch with tftp-hpa's client.  Prints "ok", or
# the server's error as the client shows it ("Error code 1: File not
# found"), or "timeout".  The client itself exits 0 either way.
tftp_get() {
	rm -f "$2"
	msg=$(timeout "$TIMEOUT" tftp -m "${3:-binary}" 127.0.0.1 "$PORT" -c get "$1" "$2" 2>&1)
	rc=$?
	if [ $rc = 124 ]; then
		echo timeout
	elif [ -n "$msg" ]; then
		echo "$msg" | head -n 1
	else
		echo ok
	fi
}

# render CONF NAME OUT: what phoneprov render says a client receives.
render() {
	"$CLI" -c "$1" render "$2" >"$3" 2>/dev/null
}

# Run a command until it succeeds, at most TRIES times 0.1 s apart: the shim
# loads an edited store off the server's thread, so an edit is served
# within a second or so, not on the very next fetch.
eventually() { # TRIES COMMAND...
	tries=$1
	shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] && sleep 0.1
	done
	return 1
}

# Edit the store with sed -i (a rename, as an editor does) and wait, 5 s at
# most, for the "loaded" line the running server's shim writes to LOG.
edit_store() { # LOG SED-EXPRESSION STORE
	n_=$(count "phoneprov: loaded " "$1")
	sed -i "$2" "$3"
	eventually 50 eval '[ "$(count "phoneprov: loaded " "$1")" -gt "$n_" ]'
}

# count PATTERN FILE: matching lines (0 when none or no file).
count() {
	if [ -e "$2" ]; then
		grep -c -- "$1" "$2"
	else
		echo 0
	fi
}
