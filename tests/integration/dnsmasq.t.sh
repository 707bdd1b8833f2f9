#!/bin/sh
# SPDX-License-Identifier: MIT
# The shim inside a real dnsmasq (TFTP, DNS and DHCP in one process), each
# dnsmasq in a network namespace of its own (its TFTP port is fixed at 69).
# Clients: curl tftp://, tftp-hpa's tftp, dig, and busybox udhcpc for DHCP.
. tests/integration/harness.sh
. tests/integration/netns.sh

TESTS="dnsmasq-boot dnsmasq-dns dnsmasq-concurrent dnsmasq-fds dnsmasq-edits \
dnsmasq-options dnsmasq-script-env dnsmasq-dhcp"
need_root $TESTS
need_tools $TESTS
need_netns $TESTS
HOOK=$(pwd)/build/phoneprov-dhcp-script

M40=001BD4123456
M61=001BD4654321
LOAD=P0S3-08-2-00.loads

# The store is root's, 0600; the dnsmasq user (nobody here) gets read access
# through an ACL entry, as the README says, because dnsmasq re-reads it after
# dropping privileges.
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
STATE=$WORK/state
mkdir -m 755 "$STATE"
chown nobody "$STATE"
sed -i "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" "$CONF"
# 50 more 7961s, for concurrent transfers of different phones' files.
i=0
while [ $i -lt 50 ]; do
	mac=$(printf '001BD47700%02X' $i)
	printf '  , { mac = "%s"; model = "7961"; label = "bulk %d";\n    lines = ( { name = "%d"; password = "pw-bulk-%d"; } ); }\n' \
		"$mac" $i $((3000 + i)) $i >>"$STORE/integration-phones.inc"
	i=$((i + 1))
done
chmod 600 "$CONF" "$STORE"/*.inc
setfacl -m u:nobody:x "$STORE"
setfacl -m u:nobody:r "$CONF" "$STORE/integration-phones.inc"
"$CLI" check -c "$CONF" >/dev/null 2>"$WORK/check.err" || {
	not_ok "the generated store is valid" "$(head -n 3 "$WORK/check.err")"
	exit 1
}

ROOT=$WORK/root
make_root "$ROOT"
head -c 1500 /dev/urandom >"$ROOT/$LOAD"
chmod 644 "$ROOT/$LOAD"
EXP=$WORK/expected
mkdir "$EXP"
rend() { # NAME: the expected bytes, into $EXP/NAME
	render "$CONF" "$1" "$EXP/$1" || not_ok "phoneprov render $1"
}
for n in SIPDefault.cnf SIP$M40.cnf SEP$M61.cnf.xml RINGLIST.DAT dialplan.xml; do
	rend "$n"
done
got=$WORK/got

NS=ppdm$$
new_ns "$NS" || {
	not_ok "create a network namespace"
	exit 1
}
printf '192.0.2.77 phonebook.test\n' >"$WORK/hosts"
LOG=$WORK/decisions.log
# dnsmasq closes the fds a constructor opened and drops to nobody: the shim
# reopens the log then, as nobody, so the file must be writable by nobody.
touch "$LOG"
chown nobody "$LOG"
DLOG=$WORK/dnsmasq.log
SHIMENV="LD_PRELOAD=$SHIM PHONEPROV_CONFIG=$CONF PHONEPROV_LOG=$LOG"
# shellcheck disable=SC2086
start_dnsmasq "$NS" "$DLOG" $SHIMENV -- --port=5353 --listen-address=127.0.0.1 \
	--bind-interfaces --enable-tftp --tftp-root="$ROOT" --user=nobody \
	--addn-hosts="$WORK/hosts" || {
	not_ok "start dnsmasq with the shim"
	exit 1
}

# expect NAME CLIENT RESULT: RESULT is the expected file or not-found.
expect() {
	case $2 in
	curl)
		rc=$(ns_get "$NS" 127.0.0.1 "$1" "$got")
		case $3 in
		not-found) [ "$rc" = 68 ] ;;
		*) [ "$rc" = 0 ] && cmp -s "$3" "$got" ;;
		esac
		;;
	tftp)
		r=$(ns_tftp "$NS" 127.0.0.1 "$1" "$got")
		case $3 in
		not-found) case $r in "Error code 1:"*) true ;; *) false ;; esac ;;
		*) [ "$r" = ok ] && cmp -s "$3" "$got" ;;
		esac
		;;
	esac
}

# ---- the 7940's boot sequence, replayed ------------------------------------
for client in tftp curl; do
	check "dnsmasq-boot: CTLSEP$M40.tlv is file not found ($client)" \
		expect "CTLSEP$M40.tlv" $client not-found
	check "dnsmasq-boot: SEP$M40.cnf.xml for a 7940 is file not found ($client)" \
		expect "SEP$M40.cnf.xml" $client not-found
	check "dnsmasq-boot: $LOAD comes from disk ($client)" \
		expect "$LOAD" $client "$ROOT/$LOAD"
	for n in "SIP$M40.cnf" SIPDefault.cnf "SIP$M40.cnf" RINGLIST.DAT dialplan.xml; do
		check "dnsmasq-boot: $n is byte-identical to phoneprov render ($client)" \
			expect "$n" $client "$EXP/$n"
	done
done
check "dnsmasq-boot: SEP$M61.cnf.xml for a 7961 (curl, tsize)" \
	expect "SEP$M61.cnf.xml" curl "$EXP/SEP$M61.cnf.xml"
check "dnsmasq-boot: a MAC not in the store is file not found" \
	expect "SEP001BD4FFFFFF.cnf.xml" tftp not-found

# ---- DNS still answers, from the same process --------------------------------
ans=$(in_ns "$NS" dig +short +time=2 +tries=2 -p 5353 @127.0.0.1 phonebook.test 2>&1)
check "dnsmasq-dns: a name from --addn-hosts still resolves ($ans)" [ "$ans" = 192.0.2.77 ]

# ---- 50 concurrent transfers of different phones' files -----------------------
i=0
while [ $i -lt 50 ]; do
	rend "SEP$(printf '001BD47700%02X' $i).cnf.xml"
	i=$((i + 1))
done
start=$(date +%s)
pids=""
i=0
while [ $i -lt 50 ]; do
	n=SEP$(printf '001BD47700%02X' $i).cnf.xml
	(
		rc=$(ns_get "$NS" 127.0.0.1 "$n" "$WORK/par.$i")
		echo "$rc $n" >"$WORK/par.$i.rc"
	) &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p"
done
took=$(($(date +%s) - start))
bad=0
i=0
while [ $i -lt 50 ]; do
	read -r rc n <"$WORK/par.$i.rc" || rc=x
	{ [ "$rc" = 0 ] && cmp -s "$EXP/$n" "$WORK/par.$i"; } || bad=$((bad + 1))
	i=$((i + 1))
done
check "dnsmasq-concurrent: 50 phones' files at once, all byte-correct ($bad wrong)" [ $bad = 0 ]
check "dnsmasq-concurrent: done in under 60 s (took ${took}s)" [ "$took" -lt 60 ]

# ---- no fd leak: 200 fetches ------------------------------------------------------
before=$(fd_count "$DPID")
bad=0
i=0
for n in SIPDefault.cnf "SIP$M40.cnf" "SEP$M61.cnf.xml" "$LOAD"; do
	[ -e "$EXP/$n" ] || cp "$ROOT/$n" "$EXP/$n"
done
while [ $i -lt 200 ]; do
	case $((i % 5)) in
	0) n=SIPDefault.cnf ;;
	1) n=SIP$M40.cnf ;;
	2) n=SEP$M61.cnf.xml ;;
	3) n=$LOAD ;;
	4) n=CTLSEP$M40.tlv ;;
	esac
	if [ "$n" = "CTLSEP$M40.tlv" ]; then
		expect "$n" curl not-found || bad=$((bad + 1))
	else
		expect "$n" curl "$EXP/$n" || bad=$((bad + 1))
	fi
	i=$((i + 1))
done
after=$(fd_count "$DPID")
check "dnsmasq-fds: 200 fetches all correct ($bad wrong)" [ $bad = 0 ]
check "dnsmasq-fds: dnsmasq's fd count is stable ($before before, $after after)" \
	[ "$before" = "$after" ]

# ---- edits -------------------------------------------------------------------------
sed -i 's/integration-7940/edited-7940/' "$CONF"
render "$CONF" "SIP$M40.cnf" "$EXP/edited"
check "dnsmasq-edits: an edit is served within 5 s" \
	eval "grep -q edited-7940 '$EXP/edited' && eventually 50 expect SIP$M40.cnf curl '$EXP/edited'"
cp "$CONF" "$WORK/good.conf"
printf 'phones = ( broken\n' >>"$CONF"
bad_line=$(wc -l <"$CONF")
eventually 50 grep -q -- "$CONF:$bad_line: " "$LOG"
ok_all=1
for i in 1 2 3; do
	expect "SIP$M40.cnf" tftp "$EXP/edited" || ok_all=0
done
check "dnsmasq-edits: a broken edit keeps the last good store (3 fetches)" [ $ok_all = 1 ]
check "dnsmasq-edits: the broken edit is logged once, with FILE:LINE" \
	[ "$(count "$CONF:$bad_line: " "$LOG")" = 1 ]
cp "$WORK/good.conf" "$CONF"
rend "SIP$M40.cnf" # what the (edited) store gives from now on
check "dnsmasq-edits: dnsmasq is still alive" kill -0 "$DPID"
kill "$DPID"
wait "$DPID" 2>/dev/null

# ---- the TFTP options, as root and as its own user -----------------------------------
# opts_case NAME REQUEST EXPECTED [dnsmasq options]: one dnsmasq, one fetch.
opts_case() {
	name=$1 req=$2 want=$3
	shift 3
	olog=$WORK/opts.$$.log
	# shellcheck disable=SC2086
	if start_dnsmasq "$NS" "$olog" $SHIMENV -- --port=0 --listen-address=127.0.0.1 \
		--bind-interfaces --enable-tftp "$@"; then
		check "dnsmasq-options: $name" expect "$req" curl "$want"
		kill "$DPID"
		wait "$DPID" 2>/dev/null
	else
		not_ok "dnsmasq-options: $name" "dnsmasq did not start"
	fi
}
mkdir -p "$ROOT/127.0.0.1" "$WORK/lo-root"
chmod 755 "$ROOT/127.0.0.1" "$WORK/lo-root"
opts_case "as root (--user=root)" "SIP$M40.cnf" "$EXP/SIP$M40.cnf" \
	--tftp-root="$ROOT" --user=root
opts_case "--tftp-lowercase" "SIP$M40.cnf" "$EXP/SIP$M40.cnf" \
	--tftp-root="$ROOT" --tftp-lowercase --user=nobody
opts_case "--tftp-secure as nobody" "SEP$M61.cnf.xml" "$EXP/SEP$M61.cnf.xml" \
	--tftp-root="$ROOT" --tftp-secure --user=nobody
opts_case "--tftp-unique-root (ROOT/127.0.0.1/ exists)" "SIP$M40.cnf" "$EXP/SIP$M40.cnf" \
	--tftp-root="$ROOT" --tftp-unique-root --user=nobody
opts_case "a per-interface --tftp-root=DIR,lo" "SIPDefault.cnf" "$EXP/SIPDefault.cnf" \
	--tftp-root="$ROOT" --tftp-root="$WORK/lo-root,lo" --user=nobody
opts_case "a per-interface root: a file only in the main root is not found" "$LOAD" not-found \
	--tftp-root="$ROOT" --tftp-root="$WORK/lo-root,lo" --user=nobody

# ---- the programs dnsmasq starts do not inherit the shim ---------------------------------
cat >"$WORK/envdump.sh" <<EOF
#!/bin/sh
env >"$WORK/script.env.\$\$"
exec "$HOOK" "\$@"
EOF
chmod 755 "$WORK/envdump.sh"
slog=$WORK/script.log
# shellcheck disable=SC2086
if start_dnsmasq "$NS" "$slog" $SHIMENV -- --port=0 --listen-address=127.0.0.1 \
	--bind-interfaces --enable-tftp --tftp-root="$ROOT" --user=nobody \
	--dhcp-script="$WORK/envdump.sh"; then
	expect "SIP$M40.cnf" curl "$EXP/SIP$M40.cnf"
	i=0
	while [ $i -lt 50 ] && ! ls "$WORK"/script.env.* >/dev/null 2>&1; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.2
	check "dnsmasq-script-env: the script ran after the transfer" \
		eval 'ls "$WORK"/script.env.* >/dev/null 2>&1'
	check "dnsmasq-script-env: the script's LD_PRELOAD has no shim" \
		eval '! grep -h "^LD_PRELOAD=.*libphoneprov-preload" "$WORK"/script.env.* 2>/dev/null'
	check "dnsmasq-script-env: the script still gets PHONEPROV_CONFIG" \
		eval 'grep -qh "^PHONEPROV_CONFIG=" "$WORK"/script.env.* 2>/dev/null'
	kill "$DPID"
	wait "$DPID" 2>/dev/null
else
	not_ok "dnsmasq-script-env: start dnsmasq with --dhcp-script"
fi

# ---- a real DHCP exchange, then the phone fetches its files ----------------------
# Server and phone in namespaces of their own, joined by a veth pair; the
# phone's end has the 7940's MAC.  busybox udhcpc asks for a lease (with
# -s /bin/true it changes nothing on the host); the address is then set by hand.
SRV=ppds$$
PH=ppdp$$
new_ns "$SRV" && new_ns "$PH" || {
	not_ok "dnsmasq-dhcp: namespaces"
	exit 1
}
ip link add "vs$$" netns "$SRV" type veth peer name "vp$$" netns "$PH"
in_ns "$PH" ip link set "vp$$" address 00:1b:d4:12:34:56
in_ns "$SRV" ip addr add 192.0.2.1/24 dev "vs$$"
in_ns "$SRV" ip link set "vs$$" up
in_ns "$PH" ip link set "vp$$" up
sed 's/mac_binding = "off";/mac_binding = "strict"; leases = "'"$(echo "$WORK" | sed 's/[\/&]/\\&/g')"'\/leases";/' \
	"$CONF" >"$STORE/dhcp.conf"
chmod 600 "$STORE/dhcp.conf"
setfacl -m u:nobody:r "$STORE/dhcp.conf"
touch "$WORK/leases"
HLOG=$WORK/dhcp.log
# contrib/dnsmasq.d/phoneprov.conf as phoneprov enable writes it, with this
# test's paths, and the admin's own lines its end shows (a dhcp-range for
# 192.0.2.0/24 and option 66), uncommented as the admin would.
sed -e "s|^tftp-root=.*|tftp-root=$ROOT|" -e "s|^dhcp-script=.*|dhcp-script=$HOOK|" \
	contrib/dnsmasq.d/phoneprov.conf >"$WORK/snippet.conf"
sed -n 's/^#   \(dhcp-.*\)$/\1/p' contrib/dnsmasq.d/phoneprov.conf >"$WORK/phones.conf"
check "dnsmasq-dhcp: the snippet shows a dhcp-range and option 66 for the admin's own file" \
	eval '[ "$(grep -c "^dhcp-range=192\.0\.2\.\|^dhcp-option=tag:cisco-phone,66," "$WORK/phones.conf")" = 2 ]'
echo "conf-file=$WORK/phones.conf" >>"$WORK/snippet.conf"
cat >"$WORK/udhcpc.sh" <<EOF
#!/bin/sh
[ "\$1" = bound ] && env >"$WORK/udhcpc.env"
exit 0
EOF
chmod 755 "$WORK/udhcpc.sh"
if start_dnsmasq "$SRV" "$HLOG" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$STORE/dhcp.conf" \
	PHONEPROV_LOG="$WORK/dhcp-decisions.log" -- --port=0 --interface="vs$$" \
	--bind-interfaces --conf-file="$WORK/snippet.conf" --user=nobody \
	--dhcp-leasefile="$WORK/leases"; then
	out=$(in_ns "$PH" timeout 20 busybox udhcpc -i "vp$$" -n -q -f -t 5 -T 1 -O 150 -O 66 \
		-V "Cisco Systems, Inc. IP Phone CP-7940G" -s "$WORK/udhcpc.sh" 2>&1)
	ip=$(echo "$out" | sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' | head -n 1)
	check "dnsmasq-dhcp: the phone got a lease in 192.0.2.0/24 (${ip:-none})" \
		eval 'case "$ip" in 192.0.2.*) true ;; *) false ;; esac'
	check "dnsmasq-dhcp: the snippet hands the phone option 150 = this server (c0000201)" \
		grep -q '^opt150=c0000201$' "$WORK/udhcpc.env"
	check "dnsmasq-dhcp: and option 66" grep -q '^tftp=192.0.2.1$' "$WORK/udhcpc.env"
	[ -n "$ip" ] && in_ns "$PH" ip addr add "$ip/24" dev "vp$$"
	r=$(ns_get "$PH" 192.0.2.1 "SIP$M40.cnf" "$got")
	check "dnsmasq-dhcp: the phone fetches SIP$M40.cnf under strict MAC binding" \
		eval '[ "$r" = 0 ] && cmp -s "$got" "$EXP/SIP$M40.cnf"'
	r=$(ns_get "$PH" 192.0.2.1 "SIPDefault.cnf" "$got")
	check "dnsmasq-dhcp: and SIPDefault.cnf" eval '[ "$r" = 0 ]'
	# The hook journals the transfers after the last ACK: wait for them (5 s at most).
	i=0
	while [ $i -lt 50 ] && [ "$(count 'event=transfer' "$STATE/hook.journal")" -lt 2 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	"$CLI" -c "$STORE/dhcp.conf" status --json >"$WORK/status.json" 2>/dev/null
	"$CLI" -c "$STORE/dhcp.conf" status >"$WORK/status.txt" 2>/dev/null
	[ -n "${PP_DEBUG:-}" ] && cat "$STATE"/*.journal "$WORK/status.txt" "$HLOG" | sed "s/^/# /"
	check "dnsmasq-dhcp: status shows the phone's lease" \
		grep -q "\"mac\":\"$M40\",\"in_store\":true,\"model\":\"7940\",\"lease\":{\"ip\":\"$ip\"" \
		"$WORK/status.json"
	check "dnsmasq-dhcp: status shows the shim's decision, completed as the hook saw it" \
		eval "grep -q '\"name\":\"SIP$M40.cnf\",\"bytes\":[0-9]*,\"decision\":\"served\",\"by\":\"dnsmasq\",\"ip\":\"$ip\",\"completed\":true' '$WORK/status.json'"
	check "dnsmasq-dhcp: one row per transfer, not the shim's and the hook's two" \
		eval "[ \"\$(grep -o '\"name\":\"SIP$M40.cnf\",[^}]*\"ip\":\"$ip\"' '$WORK/status.json' | wc -l)\" = 1 ]"
	check "dnsmasq-dhcp: status says the phone booted" \
		grep -q '"booted":true' "$WORK/status.json"
	check "dnsmasq-dhcp: status shows the phone's vendor class" \
		grep -q '"vendor_class":"Cisco Systems, Inc. IP Phone CP-7940G"' "$WORK/status.json"
	check "dnsmasq-dhcp: status in text names the lease" grep -q "lease     $ip" "$WORK/status.txt"
	check "dnsmasq-dhcp: status sees the shim loaded in dnsmasq" \
		grep -q "dnsmasq  pid $DPID .*shim loaded" "$WORK/status.txt"
	check "dnsmasq-dhcp: no password in the journals" \
		eval '! grep -rq "pw-" "$STATE"'
	kill "$DPID"
	wait "$DPID" 2>/dev/null
else
	not_ok "dnsmasq-dhcp: start dnsmasq with DHCP, TFTP and the hook"
fi

[ $failures = 0 ]
