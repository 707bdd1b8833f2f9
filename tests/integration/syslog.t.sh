#!/bin/sh
# SPDX-License-Identifier: MIT
# The servers as users run them: no PHONEPROV_LOG, so the shim logs to
# syslog, with a real /dev/log.  Each server runs in a network namespace and
# a private mount namespace with a /dev of its own, where busybox syslogd
# owns /dev/log and writes a file we read; the host's /dev is never touched.
#
# dnsmasq: the snippet, a dhcp-range, a lease file and the hook; a TFTP
# fetch, then a lease taken by busybox udhcpc.  The lease must reach the
# lease file and dnsmasq must log no write failure (the shim once took
# dnsmasq's lease-file descriptor for its syslog socket).
# in.tftpd: started by tftpd-hpa's own init script, with the two lines
# `phoneprov enable tftpd-hpa --init sysv` writes into /etc/default.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="syslog-dnsmasq syslog-tftpd"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
for t in unshare nsenter; do
	command -v "$t" >/dev/null 2>&1 && continue
	for n in $TESTS; do
		echo "skip - $n: $t is not installed (util-linux)"
	done
	exit 0
done
HOOK=$(pwd)/build/phoneprov-dhcp-script
M40=001BD4123456

STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
STATE=$WORK/state
mkdir -m 755 "$STATE"
chown nobody "$STATE"
sed -i -e "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" \
	-e 's|mac_binding = "off";|mac_binding = "strict"; leases = "'"$WORK"'/leases";|' "$CONF"
chmod 600 "$CONF" "$STORE"/*.inc
setfacl -m u:nobody:x "$STORE"
setfacl -m u:nobody:r "$CONF" "$STORE/integration-phones.inc"
"$CLI" check -c "$CONF" >/dev/null 2>"$WORK/check.err" || {
	not_ok "the store is valid" "$(head -n 3 "$WORK/check.err")"
	exit 1
}
ROOT=$WORK/root
make_root "$ROOT"
got=$WORK/got
"$CLI" render -c "$CONF" "SIP$M40.cnf" >"$WORK/expected" || not_ok "render SIP$M40.cnf"

# private_dev SYSLOG: the commands a namespace's shell runs first: a /dev of
# its own (the few nodes servers need), busybox syslogd on its /dev/log, and
# an empty /run so that init scripts see no systemd.
private_dev() {
	cat <<EOF
set -e
mount --make-rprivate /
d=\$(mktemp -d)
mount -t tmpfs -o mode=755 pp-dev "\$d"
for n in null zero full random urandom tty; do
	touch "\$d/\$n"
	mount --bind "/dev/\$n" "\$d/\$n"
done
mount --move "\$d" /dev
mount -t tmpfs -o mode=755 pp-run /run
mkdir -p /run/lock
busybox syslogd -n -O "$1" &
i=0
while [ ! -S /dev/log ] && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done
[ -S /dev/log ] || { echo "no /dev/log" >&2; exit 1; }
echo up >"$1.up"
EOF
}

# wait_for FILE PATTERN: at most 5 s for a line to appear.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# holds_file PID FILE: one of PID's descriptors is FILE (device and inode).
holds_file() {
	want=$(stat -L -c '%d:%i' "$2") || return 1
	for f in "/proc/$1/fd"/*; do
		[ "$(stat -L -c '%d:%i' "$f" 2>/dev/null)" = "$want" ] && return 0
	done
	return 1
}

# veth_pair SRV PH MAC: joins two namespaces; the phone's end has MAC.
veth_pair() {
	ip link add "vs$$" netns "$1" type veth peer name "vp$$" netns "$2" || return 1
	in_ns "$2" ip link set "vp$$" address "$3"
	in_ns "$1" ip addr add 192.0.2.1/24 dev "vs$$"
	in_ns "$1" ip link set "vs$$" up
	in_ns "$2" ip link set "vp$$" up
}

# ---- dnsmasq, with a dhcp-range, its lease file and the hook ---------------
SRV=ppls$$
PH=pplp$$
SYS=$WORK/dnsmasq.syslog
if new_ns "$SRV" && new_ns "$PH" && veth_pair "$SRV" "$PH" 00:1b:d4:12:34:56; then
	sed -e "s|^tftp-root=.*|tftp-root=$ROOT|" -e "s|^dhcp-script=.*|dhcp-script=$HOOK|" \
		contrib/dnsmasq.d/phoneprov.conf >"$WORK/snippet.conf"
	{
		private_dev "$SYS"
		# No --log-facility and no PHONEPROV_LOG: syslog, as a Pi runs it.
		printf 'exec env LD_PRELOAD=%s PHONEPROV_CONFIG=%s dnsmasq -k --conf-file=/dev/null \\\n' \
			"$SHIM" "$CONF"
		printf '  --no-hosts --no-resolv --port=0 --interface=vs%s --bind-interfaces \\\n' "$$"
		printf '  --conf-file=%s --user=nobody --dhcp-leasefile=%s \\\n' "$WORK/snippet.conf" \
			"$WORK/leases"
		printf '  --dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,1h\n'
	} >"$WORK/dnsmasq.sh"
	: >"$WORK/leases"
	in_ns "$SRV" unshare -m sh "$WORK/dnsmasq.sh" </dev/null >"$WORK/dnsmasq.out" 2>&1 &
	SERVERS="$SERVERS $!"
	if wait_for "$SYS" "dnsmasq-tftp.*TFTP root is"; then
		# 1. a TFTP fetch first, from an address outside the range: the
		# shim's first log line inside the server
		in_ns "$PH" ip addr add 192.0.2.40/24 dev "vp$$"
		r=$(ns_get "$PH" 192.0.2.1 SIPDefault.cnf "$got")
		check "syslog-dnsmasq: SIPDefault.cnf is served" eval '[ "$r" = 0 ]'
		in_ns "$PH" ip addr del 192.0.2.40/24 dev "vp$$"
		# 2. then the phone takes a lease, and fetches its own file
		printf '#!/bin/sh\nexit 0\n' >"$WORK/udhcpc.sh"
		chmod 755 "$WORK/udhcpc.sh"
		out=$(in_ns "$PH" timeout 20 busybox udhcpc -i "vp$$" -n -q -f -t 5 -T 1 \
			-V "Cisco Systems, Inc. IP Phone CP-7940G" -s "$WORK/udhcpc.sh" 2>&1)
		ip=$(echo "$out" | sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' | head -n 1)
		check "syslog-dnsmasq: the phone got a lease (${ip:-none})" \
			eval 'case "$ip" in 192.0.2.*) true ;; *) false ;; esac'
		[ -n "$ip" ] && in_ns "$PH" ip addr add "$ip/24" dev "vp$$"
		r=$(ns_get "$PH" 192.0.2.1 "SIP$M40.cnf" "$got")
		check "syslog-dnsmasq: the phone gets SIP$M40.cnf under strict binding" \
			eval '[ "$r" = 0 ] && cmp -s "$got" "$WORK/expected"'
		check "syslog-dnsmasq: the lease is in dnsmasq's lease file" \
			grep -qi "00:1b:d4:12:34:56 ${ip:-none} " "$WORK/leases"
		# dnsmasq rewrites the lease file on every change; a renewal writes it again.
		in_ns "$PH" timeout 20 busybox udhcpc -i "vp$$" -n -q -f -t 5 -T 1 -r "${ip:-0}" \
			-s "$WORK/udhcpc.sh" >/dev/null 2>&1
		wait_for "$SYS" "DHCPACK.*${ip:-none}.*00:1b:d4:12:34:56" >/dev/null
		check "syslog-dnsmasq: dnsmasq logs no failure to write its lease file" \
			eval '! grep -qiE "failed to write|Invalid argument|Bad file descriptor" "$SYS"'
		check "syslog-dnsmasq: the shim's decision lines are in syslog" \
			eval 'wait_for "$SYS" "dnsmasq\[[0-9]*\]: phoneprov: client=192.0.2.[0-9]* name=\"SIP$M40.cnf\" decision=served"'
		check "syslog-dnsmasq: so is its \"loaded\" line" \
			grep -q "dnsmasq\[[0-9]*\]: phoneprov: loaded $CONF" "$SYS"
		check "syslog-dnsmasq: dnsmasq's own lines still reach syslog" \
			grep -q "dnsmasq-dhcp\[[0-9]*\]: DHCPACK" "$SYS"
		check "syslog-dnsmasq: the hook saw the lease" \
			wait_for "$STATE/hook.journal" "event=lease action=add"
		pid=$(ip netns pids "$SRV" | while read -r p; do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" = dnsmasq ] && echo "$p"
		done | head -n 1)
		# The bug this guards: the shim's syslog took the number of
		# dnsmasq's lease file and closed it.  The same file, by device and
		# inode: the link's text is no test, as dnsmasq runs in mount
		# namespaces of its own, and from a chroot (CI's Debian 13 root)
		# the kernel spells such a file from its file system's root.
		check "syslog-dnsmasq: dnsmasq (pid ${pid:-none}) still holds its lease file open" \
			holds_file "${pid:-0}" "$WORK/leases"
		check "syslog-dnsmasq: no password in syslog" \
			eval '! grep -q "pw-7940-secret" "$SYS"'
	else
		not_ok "syslog-dnsmasq: dnsmasq started with syslog" \
			"$(tail -n 3 "$WORK/dnsmasq.out" "$SYS" 2>/dev/null | tr '\n' ' ')"
	fi
else
	not_ok "syslog-dnsmasq: namespaces"
fi

# ---- in.tftpd, started by tftpd-hpa's init script -----------------------
INIT=/etc/init.d/tftpd-hpa
if [ ! -x "$INIT" ] || [ ! -r /etc/default/tftpd-hpa ] || ! id tftp >/dev/null 2>&1; then
	echo "skip - syslog-tftpd: tftpd-hpa's init script is not installed"
	exit "$((failures > 0))"
fi
TS=pplt$$
TP=pplq$$
SYS=$WORK/tftpd.syslog
mkdir -p "$WORK/etc/default"
# The package's defaults with this test's root; then enable as a user would.
sed -e "s|^TFTP_DIRECTORY=.*|TFTP_DIRECTORY=\"$ROOT\"|" -e 's|^TFTP_ADDRESS=.*|TFTP_ADDRESS=":69"|' \
	/etc/default/tftpd-hpa >"$WORK/etc/default/tftpd-hpa"
if ! "$CLI" -c "$CONF" enable tftpd-hpa --init sysv --root "$WORK" --shim "$SHIM" \
	>"$WORK/enable.out" 2>&1; then
	not_ok "syslog-tftpd: phoneprov enable tftpd-hpa --init sysv" "$(head -n 2 "$WORK/enable.out")"
	exit 1
fi
check "syslog-tftpd: enable wrote the preload into the defaults file" \
	grep -q "LD_PRELOAD=$SHIM" "$WORK/etc/default/tftpd-hpa"
if new_ns "$TS" && new_ns "$TP" && veth_pair "$TS" "$TP" 00:1b:d4:12:34:56; then
	in_ns "$TP" ip addr add 192.0.2.60/24 dev "vp$$"
	{
		private_dev "$SYS"
		printf 'mount --bind %s /etc/default/tftpd-hpa\n' "$WORK/etc/default/tftpd-hpa"
		printf '%s start\n' "$INIT"
		# This shell is the pid namespace's init: it stays (60 s at most)
		# so that in.tftpd does too, and start-stop-daemon sees no other
		# test's in.tftpd.
		printf 'i=0; while [ ! -e %s ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done\n' \
			"$WORK/tftpd.stop"
	} >"$WORK/tftpd.sh"
	in_ns "$TS" unshare -m -p -f --mount-proc sh "$WORK/tftpd.sh" </dev/null \
		>"$WORK/tftpd.out" 2>&1 &
	SERVERS="$SERVERS $!"
	i=0
	while [ $i -lt 50 ] && ! in_ns "$TS" ss -Hlun "sport = :69" 2>/dev/null | grep -q .; do
		sleep 0.1
		i=$((i + 1))
	done
	r=$(ns_get "$TP" 192.0.2.1 SIPDefault.cnf "$got")
	check "syslog-tftpd: the init script's in.tftpd serves SIPDefault.cnf" eval '[ "$r" = 0 ]'
	r=$(ns_get "$TP" 192.0.2.1 "SIP$M40.cnf" "$got")
	check "syslog-tftpd: and the phone's own SIP$M40.cnf under strict binding" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$WORK/expected"'
	check "syslog-tftpd: the shim's decision lines are in syslog, from the chrooted child" \
		wait_for "$SYS" "in.tftpd\[[0-9]*\]: phoneprov: client=192.0.2.60 name=\"SIP$M40.cnf\" decision=served"
	check "syslog-tftpd: so is its \"loaded\" line" \
		grep -q "in.tftpd\[[0-9]*\]: phoneprov: loaded $CONF" "$SYS"
	check "syslog-tftpd: no password in syslog" eval '! grep -q "pw-7940-secret" "$SYS"'
	touch "$WORK/tftpd.stop"
	[ -n "${PP_DEBUG:-}" ] && sed 's/^/# /' "$WORK/dnsmasq.syslog" "$SYS" "$WORK/tftpd.out"
else
	not_ok "syslog-tftpd: namespaces"
fi
exit "$((failures > 0))"
