#!/bin/sh
# SPDX-License-Identifier: MIT
# phoneprov-dhcp-script called exactly as dnsmasq calls it (man dnsmasq,
# --dhcp-script): add/old/del with DNSMASQ_* in the environment, tftp with
# none, for a phone in the store and a MAC that is not; then what the
# journal, the bindings and `phoneprov status` say.  Needs no root.
HOOK=$(pwd)/build/phoneprov-dhcp-script
CLI=$(pwd)/build/phoneprov
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-hook-XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
failures=0
ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1${2:+: $2}"
	failures=$((failures + 1))
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

STATE=$W/state
mkdir "$STATE"
cat >"$W/store.conf" <<EOF
state_dir = "$STATE";
security = { mac_binding = "off"; leases = "$W/dnsmasq.leases"; };
defaults = { proxy = { address = "192.0.2.1"; }; };
phones = ( { mac = "00:1b:d4:12:34:56"; model = "7940";
             lines = ( { name = "2001"; password = "pw-hook-secret"; } ); },
           { mac = "00:1b:d4:00:00:02"; model = "7961";
             lines = ( { name = "2002"; password = "pw-hook-2"; } ); } );
EOF
export PHONEPROV_CONFIG="$W/store.conf"
# Where the hook remembers state_dir and leases between events (peekcache.h).
export PHONEPROV_HOOK_CACHE="$W/cache"
J=$STATE/hook.journal

# A lease for the phone, with what dnsmasq puts in the environment.
env DNSMASQ_VENDOR_CLASS="Cisco Systems, Inc. IP Phone CP-7940G" \
	DNSMASQ_SUPPLIED_HOSTNAME=SEP001BD4123456 DNSMASQ_INTERFACE=eth0 \
	DNSMASQ_LEASE_EXPIRES=1999999999 DNSMASQ_TIME_REMAINING=3600 \
	"$HOOK" add 00:1b:d4:12:34:56 192.0.2.10 SEP001BD4123456
check "add: exit 0" [ $? = 0 ]
check "add: journaled with MAC, IP, hostname and vendor class" \
	grep -q "event=lease action=add ip=192.0.2.10 mac=001BD4123456 host=SEP001BD4123456 vendor=Cisco%20Systems,%20Inc.%20IP%20Phone%20CP-7940G" "$J"
check "add: the binding is recorded" grep -q "ip=192.0.2.10 mac=001BD4123456" "$STATE/bindings"

"$HOOK" old 00:1b:d4:12:34:56 192.0.2.10 SEP001BD4123456
check "old: journaled" grep -q "event=lease action=old ip=192.0.2.10 mac=001BD4123456" "$J"

# A completed transfer: no DNSMASQ_* at all, the MAC comes from the bindings.
env -u DNSMASQ_VENDOR_CLASS "$HOOK" tftp 573 192.0.2.10 /srv/tftp/SIP001BD4123456.cnf
check "tftp: the transfer is journaled with the MAC from the bindings" \
	grep -q "event=transfer ip=192.0.2.10 mac=001BD4123456 name=SIP001BD4123456.cnf bytes=573 decision=sent" "$J"
"$HOOK" tftp 461 192.0.2.10 /srv/tftp/P0S3-08-2-00.loads
"$HOOK" tftp 925 192.0.2.10 /srv/tftp/SIPDefault.cnf

# A MAC that is not in the store is still recorded.
"$HOOK" add 02:00:5e:00:00:99 192.0.2.99 stranger
"$HOOK" tftp 925 192.0.2.99 /srv/tftp/SIPDefault.cnf
check "unknown MAC: its lease is journaled" grep -q "mac=02005E000099" "$J"

# The lease ends.
"$HOOK" del 00:1b:d4:12:34:56 192.0.2.10 SEP001BD4123456
check "del: journaled" grep -q "event=lease action=del ip=192.0.2.10 mac=001BD4123456" "$J"
check "del: the binding is gone" eval '! grep -q "mac=001BD4123456" "$STATE/bindings"'
check "del: the other binding stays" grep -q "mac=02005E000099" "$STATE/bindings"

# Actions it does not handle, and garbage: exit 0, nothing written.
lines=$(wc -l <"$J")
"$HOOK" init
r1=$?
"$HOOK" relay-snoop eth0 192.0.2.0 24
r2=$?
"$HOOK" add not-a-mac 192.0.2.50
r3=$?
"$HOOK"
r4=$?
check "other actions and garbage: exit 0" [ "$r1$r2$r3$r4" = 0000 ]
check "other actions and garbage: nothing journaled" [ "$(wc -l <"$J")" = "$lines" ]
check "no password anywhere in state_dir" eval '! grep -rq "pw-" "$STATE"'

# status, in JSON and text.
"$CLI" status --json >"$W/status.json" 2>"$W/status.err"
check "status --json: the phone's last lease is the del" \
	grep -q '"mac":"001BD4123456","in_store":true,"model":"7940","lease":{"ip":"192.0.2.10","time":"[^"]*","action":"del","hostname":"SEP001BD4123456"' "$W/status.json"
check "status --json: its completed transfers" \
	grep -q '"name":"SIP001BD4123456.cnf","bytes":573,"decision":"sent","by":"hook"' "$W/status.json"
check "status --json: the firmware it asked for" \
	grep -q '"firmware":{"name":"P0S3-08-2-00.loads"' "$W/status.json"
check "status --json: it booted" grep -q '"booted":true' "$W/status.json"
check "status --json: the 7961 was never seen" grep -q '"never_seen":\["001BD4000002"\]' "$W/status.json"
check "status --json: the stranger is seen but not in the store" \
	grep -q '"not_in_store":\["02005E000099"\]' "$W/status.json"
if command -v python3 >/dev/null 2>&1; then
	check "status --json: is valid JSON" eval 'python3 -m json.tool "$W/status.json" >/dev/null'
fi
"$CLI" status >"$W/status.txt" 2>&1
check "status: never seen, in text" grep -q "^never seen:" "$W/status.txt"
check "status: not in the store, in text" grep -q "^seen, not in the store:" "$W/status.txt"

# A broken store does not stop the journal.
printf 'phones = ( broken\n' >>"$W/store.conf"
"$HOOK" add 00:1b:d4:12:34:56 192.0.2.11 SEP001BD4123456
check "a broken store: the hook still journals" \
	grep -q "event=lease action=add ip=192.0.2.11 mac=001BD4123456" "$J"
"$CLI" status --json >"$W/status2.json" 2>"$W/status2.err"
check "a broken store: status still reads the journal, exit 1, errors on stderr" \
	eval 'grep -q "\"ip\":\"192.0.2.11\"" "$W/status2.json" && grep -q "store.conf:[0-9]*: error" "$W/status2.err"'

# A rotated journal is reopened: the next line goes to a new file.
mv "$J" "$J.1"
"$HOOK" tftp 925 192.0.2.11 /srv/tftp/SIPDefault.cnf
check "rotation: a new hook.journal is started" grep -q "ip=192.0.2.11" "$J"

# The hook never hangs dnsmasq's helper: a held lock costs it at most ~2 s.
if command -v flock >/dev/null 2>&1; then
	flock "$STATE/bindings.lock" sleep 10 &
	lp=$!
	sleep 0.2
	start=$(date +%s)
	timeout 8 "$HOOK" add 00:1b:d4:12:34:56 192.0.2.12
	rc=$?
	took=$(($(date +%s) - start))
	pkill -P $lp 2>/dev/null # the sleep holds the lock, not flock itself
	kill $lp 2>/dev/null
	wait $lp 2>/dev/null
	check "a held bindings lock: the hook gives up in time (exit $rc, ${took}s)" \
		eval '[ $rc = 0 ] && [ $took -le 4 ]'
	check "a held bindings lock: the lease is still journaled" \
		grep -q "event=lease action=add ip=192.0.2.12" "$J"
fi

# A transfer to an IP the hook never saw a lease for (a static lease):
# the MAC comes from dnsmasq's lease file, named by security.leases.
sed -i '/^phones = ( broken$/d' "$W/store.conf" # the store is whole again
printf '1999999999 00:1b:d4:00:00:02 192.0.2.30 sep2 *\n' >"$W/dnsmasq.leases"
"$HOOK" tftp 1730 192.0.2.30 /srv/tftp/SEP001BD4000002.cnf.xml
check "tftp: an IP without a binding gets its MAC from the lease file" \
	grep -q "event=transfer ip=192.0.2.30 mac=001BD4000002 name=SEP001BD4000002.cnf.xml" "$J"

# dnsmasq gives an IP to another phone before the old lease's del arrives:
# the late del must not unbind the new owner.
"$HOOK" add 02:00:5e:00:00:41 192.0.2.40 old-owner
"$HOOK" add 02:00:5e:00:00:42 192.0.2.40 new-owner
check "an add takes the IP from its old owner" \
	eval '! grep -q "mac=02005E000041" "$STATE/bindings" && grep -q "ip=192.0.2.40 mac=02005E000042" "$STATE/bindings"'
"$HOOK" del 02:00:5e:00:00:41 192.0.2.40 old-owner
check "a late del for the old owner leaves the new owner bound" \
	grep -q "ip=192.0.2.40 mac=02005E000042" "$STATE/bindings"

# DHCPv6: dnsmasq passes the client's DUID, and in DNSMASQ_MAC the MAC it
# read out of it.  Recorded, for lenient binding, and journaled as a claim
# (strict never believes it: tests/integration/strict.t.sh).
env DNSMASQ_MAC=00:1b:d4:00:00:02 DNSMASQ_IAID=1 \
	"$HOOK" add 00:01:00:01:2c:5f:4e:aa:00:1b:d4:00:00:02 2001:db8::20 SEP001BD4000002
check "add (DHCPv6): the binding comes from DNSMASQ_MAC" \
	grep -q "ip=2001:db8::20 mac=001BD4000002" "$STATE/bindings"
check "add (DHCPv6): the journal calls that MAC the client's claim" \
	grep -q "event=lease action=add ip=2001:db8::20 mac=001BD4000002 .*detail=mac%20from%20DNSMASQ_MAC,%20as%20the%20DHCPv6%20client%20claimed%20it" "$J"
"$HOOK" add 00:01:00:01:2c:5f:4e:aa:00:1b:d4:00:00:03 2001:db8::21
check "add (DHCPv6) without DNSMASQ_MAC: no binding" \
	eval '! grep -q "ip=2001:db8::21" "$STATE/bindings"'

# ---- the cache of state_dir and leases ----------------------------------------
check "cache: one file, in a folder of the hook's own that nobody else can write to" \
	eval '[ "$(ls "$W/cache" | wc -l)" = 1 ] && [ "$(stat -c %a "$W/cache")" = 700 ]'
check "cache: it names the store and state_dir, never a password" \
	eval 'grep -q "^path=$W/store.conf\$" "$W"/cache/peek-* && grep -q "^state_dir=$STATE\$" "$W"/cache/peek-* && ! grep -q pw- "$W"/cache/peek-*'
# An edit of state_dir (the store renamed over, as an editor does) is seen at once.
STATE2=$W/state2
mkdir "$STATE2"
sed "s|state_dir = \"$STATE\";|state_dir = \"$STATE2\";|" "$W/store.conf" >"$W/store.new"
mv "$W/store.new" "$W/store.conf"
"$HOOK" add 02:00:5e:00:00:51 192.0.2.51 moved
check "cache: after an edit of state_dir the next event goes to the new one" \
	eval 'grep -q "ip=192.0.2.51" "$STATE2/hook.journal" && ! grep -q "ip=192.0.2.51" "$J"'
# An edit in place, same size (a character changed), is seen too: mtime.
sed "s|state_dir = \"$STATE2\";|state_dir = \"$W/state3\";|" "$W/store.conf" >"$W/store.new"
mkdir "$W/state3"
cat "$W/store.new" >"$W/store.conf"
"$HOOK" add 02:00:5e:00:00:52 192.0.2.52 inplace
check "cache: after an edit in place the next event goes to the new state_dir" \
	grep -q "ip=192.0.2.52" "$W/state3/hook.journal"
# A cache someone else could have written is not believed: state_dir back to
# $STATE2 through a planted file in a group-writable folder must not happen.
mkdir -m 770 "$W/opencache"
sed "s|^state_dir=.*|state_dir=$STATE2|" "$W"/cache/peek-* >"$W/opencache/$(basename "$W"/cache/peek-*)"
PHONEPROV_HOOK_CACHE="$W/opencache" "$HOOK" add 02:00:5e:00:00:53 192.0.2.53 planted
check "cache: one in a folder others can write to is ignored" \
	eval 'grep -q "ip=192.0.2.53" "$W/state3/hook.journal" && ! grep -q "ip=192.0.2.53" "$STATE2/hook.journal"'
# A forged cache in the right folder that names a file with other ids is stale.
sed -i "s|^state_dir=.*|state_dir=$STATE2|" "$W"/cache/peek-*
touch -d '2001-01-01' "$W/store.conf"
"$HOOK" add 02:00:5e:00:00:54 192.0.2.54 stale
check "cache: one whose files changed since is read afresh" \
	eval 'grep -q "ip=192.0.2.54" "$W/state3/hook.journal" && ! grep -q "ip=192.0.2.54" "$STATE2/hook.journal"'
PHONEPROV_HOOK_CACHE=off "$HOOK" add 02:00:5e:00:00:55 192.0.2.55 nocache
check "cache: PHONEPROV_HOOK_CACHE=off parses the store" grep -q "ip=192.0.2.55" "$W/state3/hook.journal"

[ $failures = 0 ]
