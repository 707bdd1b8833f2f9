#!/bin/sh
# SPDX-License-Identifier: MIT
# Firmware journeys from the command line: check names every file a target
# or a step needs that the TFTP root lacks (a .bin, a .loads, a part a
# .loads lists), at the firmware entry's line, in any case; a via that
# leaves out a documented step is warned about, naming the step; hostile
# .loads files (a FIFO, /dev/zero, junk, overlong names) neither hang nor
# fool it.  Then `phoneprov firmware`: each phone's path and where it stands.
CLI=$(pwd)/build/phoneprov
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-firmware-XXXXXX") || exit 1
trap '[ -n "${PP_TEST_KEEP:-}" ] || rm -rf "$W"' EXIT
. tests/cli/harness.sh

ROOT=$W/root
mkdir "$ROOT" "$W/state"
cat >"$W/store.conf" <<EOF
version = 1;
security = { mac_binding = "off"; };
tftp = { root = "$ROOT"; };
state_dir = "$W/state";
defaults = {
  firmware = ( { model = "7940"; load = "P0S3-8-12-00"; },
               { model = "7961"; load = "SIP41.9-4-2SR3-1S"; via = [ ]; } );
};
profiles = { lab = { firmware = ( { model = "7960"; load = "P0S3-8-12-00";
                                    via = [ "P0S3-06-3-00", "P003-8-12-00" ]; } ); }; };
phones = (
  { mac = "001BD4000001"; model = "7940"; },
  { mac = "001BD4000002"; model = "7960"; profile = "lab"; },
  { mac = "001BD4000003"; model = "7961"; }
);
EOF
# On disk, in another case than the store spells it: found all the same.
printf 'fake image' >"$ROOT/p0s3-06-3-00.BIN"
printf '# RELEASE load version 8-12-00\0\001P003-8-12-00.sbn\nP0S3-8-12-00.sb2\n\377\376signature' \
	>"$ROOT/P0S3-8-12-00.loads"
printf 'fake loader' >"$ROOT/P003-8-12-00.SBN"

run "$CLI" check -c "$W/store.conf"
expect "check passes a store whose firmware files are missing (warnings, exit 0)" 0 \
	'out_has "OK, 3 phones"'
expect "check names the loader's .bin the table's step needs, at the entry's line" 0 \
	'err_has "store.conf:6: warning: firmware for 7940: P003-8-12-00.bin is not in the TFTP root"'
expect "... and says why the table takes that step" 0 \
	'err_has "store.conf:6: warning: firmware for 7940: why the step P003-8-12-00:"'
expect "check names the .sb2 a .loads lists, naming the .loads" 0 \
	'err_has "store.conf:6: warning: firmware for 7940: P0S3-8-12-00.sb2 is not in the TFTP root $ROOT; P0S3-8-12-00.loads lists it, for the target P0S3-8-12-00"'
expect "a file on disk in another case is found (P0S3-06-3-00.bin, P003-8-12-00.sbn)" 0 \
	'! err_has "P0S3-06-3-00.bin is not" && ! err_has "P003-8-12-00.sbn is not"'
expect "a via's steps are reported at via's line" 0 \
	'err_has "store.conf:10: warning: firmware for 7960: P003-8-12-00.bin is not in the TFTP root $ROOT; the step P003-8-12-00 of via needs it"'
expect "a target's missing .loads is named" 0 \
	'err_has "store.conf:7: warning: firmware for 7961: SIP41.9-4-2SR3-1S.loads is not in the TFTP root"'
expect "via = [] for a 7961 going to 9.x: the step to add is named" 0 \
	'err_has "store.conf:7: warning: firmware for 7961: via jumps too far: a 79x1 below 8.3(3)" &&
	 err_has "add \"SIP41.8-5-2SR1S\" to via"'
expect "the 7960's via has the documented steps: no jump warning" 0 \
	'! err_has "firmware for 7960: via jumps too far"'
expect "an entry shared by two phones is checked once" 0 \
	'[ "$(grep -c "firmware for 7940: P003-8-12-00.bin" "$W/err")" = 1 ]'

run "$CLI" check -q -c "$W/store.conf"
expect "check -q stays quiet about firmware files" 0 '[ ! -s "$W/out" ] && [ ! -s "$W/err" ]'

# Everything there: no firmware warning at all.
printf 'x' >"$ROOT/P003-8-12-00.bin"
printf 'x' >"$ROOT/P0S3-8-12-00.sb2"
printf '# RELEASE load version 9-4-2ES26\njar41sip.9-4-2ES26.sbn apps41.9-4-2ES26.sbn\n' \
	>"$ROOT/SIP41.9-4-2SR3-1S.loads"
printf 'x' >"$ROOT/jar41sip.9-4-2ES26.sbn"
run "$CLI" check -c "$W/store.conf"
expect "with the files there, only the 7961's missing part and its via are said" 0 \
	'! err_has "firmware for 7940" && ! err_has "firmware for 7960" &&
	 err_has "firmware for 7961: apps41.9-4-2ES26.sbn is not in the TFTP root" &&
	 ! err_has "jar41sip.9-4-2ES26.sbn is not"'

# Hostile .loads: a FIFO (check must not block on it), a link to /dev/zero,
# junk with an overlong name ending .sbn, a big file of names.
mkfifo "$ROOT/SIP41.9-4-2SR3-1S.loads.fifo" 2>/dev/null
rm -f "$ROOT/SIP41.9-4-2SR3-1S.loads"
mkfifo "$ROOT/SIP41.9-4-2SR3-1S.loads"
run timeout 20 "$CLI" check -c "$W/store.conf"
expect "a .loads that is a FIFO does not block check" 0 'out_has "OK, 3 phones"'
rm -f "$ROOT/SIP41.9-4-2SR3-1S.loads"
ln -s /dev/zero "$ROOT/SIP41.9-4-2SR3-1S.loads"
run timeout 20 "$CLI" check -c "$W/store.conf"
expect "a .loads linked to /dev/zero is not read" 0 'out_has "OK, 3 phones"'
rm -f "$ROOT/SIP41.9-4-2SR3-1S.loads"
{
	head -c 3000 /dev/urandom | tr -d 'a-zA-Z0-9.\-_'
	printf ' %0200d.sbn ' 7
	i=0
	while [ $i -lt 100 ]; do
		printf 'part%d.sbn\n' $i
		i=$((i + 1))
	done
} >"$ROOT/SIP41.9-4-2SR3-1S.loads"
run timeout 20 "$CLI" check -c "$W/store.conf"
expect "a .loads of junk: an overlong name is not taken for a part" 0 \
	'! err_has "0000000007.sbn"'
expect "a .loads listing 100 parts: at most 32 are looked for" 0 \
	'err_has "part0.sbn is not" && err_has "part31.sbn is not" && ! err_has "part32.sbn is not"'

# ---- phoneprov firmware: journals written by hand, replayed -------------------------
# The 7940 (001BD4000001) on SCCP 3.2 through dnsmasq: the shim's decisions
# (dnsmasq.journal) and the hook's ends of transfers (hook.journal).
M=001BD4000001
T=2026-11-26T14:00
{
	echo "${T}:00Z event=fetch ip=192.0.2.10 mac=$M name=OS79XX.TXT bytes=12 decision=served"
	echo "${T}:01Z event=fetch ip=192.0.2.10 mac=$M name=P0S3-06-3-00.bin bytes=10 decision=fell-through"
} >"$W/state/dnsmasq.journal"
echo "${T}:02Z event=transfer ip=192.0.2.10 mac=$M name=P0S3-06-3-00.bin bytes=10 decision=sent" \
	>"$W/state/hook.journal"
run "$CLI" firmware -c "$W/store.conf" $M
expect "firmware: one boot fetched SIP 6.3's .bin: its load is known at the next boot" 0 \
	'out_has "runs     not known exactly: asked for OS79XX.TXT first"' \
	'out_has "next     P0S3-06-3-00"'
echo "${T}:50Z event=fetch ip=192.0.2.10 mac=$M name=OS79XX.TXT bytes=12 decision=served" \
	>>"$W/state/dnsmasq.journal"
run "$CLI" firmware -c "$W/store.conf" 00:1b:d4:00:00:01
expect "firmware: after the reboot it runs SIP 6.3, fetched to the end; next the loader" 0 \
	'out_has "runs     P0S3-06-3-00 (SIP 6.3): fetched its images to the end"' \
	'out_has "steps    P003-8-12-00 (.bin, by OS79XX.TXT) -> P0S3-8-12-00  (2 left"' \
	'out_has "next     P003-8-12-00"' '! out_has "001BD4000003"'
run "$CLI" firmware --json -c "$W/store.conf"
expect "firmware --json: valid JSON, the 7940 exact on SIP 6.3, the 7961 unknown" 0 \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p={x[\"mac\"]:x for x in d[\"phones\"]}; assert p[\"001BD4000001\"][\"current\"][\"load\"]==\"P0S3-06-3-00\"; assert p[\"001BD4000001\"][\"next\"]==\"P003-8-12-00\"; assert p[\"001BD4000003\"][\"current\"][\"known\"]==\"unknown\"; assert p[\"001BD4000003\"][\"next\"]==\"SIP41.9-4-2SR3-1S\"" "$W/out"'

# A fetch of the loader that never ended (no hook event): not a flash.
{
	echo "${T}:51Z event=fetch ip=192.0.2.10 mac=$M name=P003-8-12-00.bin bytes=10 decision=fell-through"
	echo "${T}:59Z event=fetch ip=192.0.2.10 mac=$M name=OS79XX.TXT bytes=12 decision=served"
} >>"$W/state/dnsmasq.journal"
run "$CLI" firmware -c "$W/store.conf" $M
expect "firmware: a loader fetch that never ended is not a flash, and is said" 0 \
	'out_has "runs     P0S3-06-3-00"' 'out_has "next     P003-8-12-00"' \
	'out_has "problem  an upgrade to P003-8-12-00 started and did not finish"'

# Forged journal lines: images nobody offered, and a name with escapes.  The
# phone stays on its path: the next load is still one of its steps.
{
	echo "2026-11-26T15:00:00Z event=fetch ip=192.0.2.10 mac=$M name=EVIL.bin bytes=10 decision=fell-through"
	echo "2026-11-26T15:00:01Z event=fetch ip=192.0.2.10 mac=$M name=P0S3-99-9-99.bin bytes=10 decision=fell-through"
	echo "2026-11-26T15:00:02Z event=fetch ip=192.0.2.10 mac=$M name=%1B]0;pwned%07.sbn bytes=10 decision=fell-through"
} >>"$W/state/dnsmasq.journal"
{
	echo "2026-11-26T15:00:03Z event=transfer ip=192.0.2.10 mac=$M name=EVIL.bin bytes=10 decision=sent"
	echo "2026-11-26T15:00:04Z event=transfer ip=192.0.2.10 mac=$M name=P0S3-99-9-99.bin bytes=10 decision=sent"
} >>"$W/state/hook.journal"
echo "2026-11-26T15:01:00Z event=fetch ip=192.0.2.10 mac=$M name=OS79XX.TXT bytes=12 decision=served" \
	>>"$W/state/dnsmasq.journal"
run "$CLI" firmware -c "$W/store.conf" $M
expect "forged fetches of loads nobody offered move nothing" 0 \
	'out_has "runs     P0S3-06-3-00"' 'out_has "next     P003-8-12-00"' \
	'! out_has "EVIL" && ! out_has "99-9-99"'
# A truncated line at the end of one journal, junk in another: nothing moves.
printf '2026-11-26T15:02:00Z event=fetch ip=192.0.2.10 mac=%s name=P003-8-12-0' "$M" \
	>>"$W/state/dnsmasq.journal"
head -c 4000 /dev/urandom >>"$W/state/hook.journal"
run "$CLI" firmware -c "$W/store.conf" $M
expect "a truncated line and junk in the journals move nothing" 0 \
	'out_has "runs     P0S3-06-3-00"' 'out_has "next     P003-8-12-00"'

run "$CLI" firmware -c "$W/store.conf" 001BD4FFFFFF
expect "firmware: a MAC not in the store exits 3" 3 'err_has "no phone with MAC 001BD4FFFFFF"'
run "$CLI" firmware -c "$W/store.conf" nonsense
expect "firmware: a word that is not a MAC is a usage error" 2 'err_has "is not a MAC address"'

# ---- status: each phone's stage, and its trouble in words ---------------------------
run "$CLI" status -c "$W/store.conf"
expect "status: the 7940's stage on its path, and the loader fetch cut short" 0 \
	'out_has "  stage     2 of 3 steps left to P0S3-8-12-00: runs P0S3-06-3-00, offered P003-8-12-00"' \
	'out_has "  problem   an upgrade to P003-8-12-00 started and did not finish: a fetch was cut short"'
# Next boot: the loader is not on disk any more, and the phone says so.
{
	echo "2026-11-26T16:00:00Z event=fetch ip=192.0.2.10 mac=$M name=OS79XX.TXT bytes=12 decision=served"
	echo "2026-11-26T16:00:01Z event=fetch ip=192.0.2.10 mac=$M name=P003-8-12-00.bin decision=not-found"
} >>"$W/state/tftpd.journal"
run "$CLI" status -c "$W/store.conf"
expect "status: a step's image missing on disk is named after the boot that asked for it" 0 \
	'out_has "  problem   asked for P003-8-12-00.bin, which is not in the TFTP root: it is the image of P003-8-12-00"'
run "$CLI" status --json -c "$W/store.conf"
expect "status --json: firmware_stage and firmware_problem" 0 \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=[x for x in d[\"phones\"] if x[\"mac\"]==\"001BD4000001\"][0]; assert p[\"firmware_stage\"].startswith(\"2 of 3 steps left\"); assert \"P003-8-12-00.bin\" in p[\"firmware_problem\"]" "$W/out"'

# ---- in.tftpd: its children journal each image fetch's end (preload_fetch.c) ---------
# The 7960 (001BD4000002, via SIP 6.3 and the loader) through in.tftpd.  An
# end line counts only for the newest fetch of that name from that address
# by tftpd, and "sent" only with the bytes that fetch was opened with.
M2=001BD4000002
{
	echo "2026-11-26T17:00:00Z event=fetch ip=192.0.2.20 mac=$M2 name=OS79XX.TXT bytes=12 decision=served"
	echo "2026-11-26T17:00:01Z event=fetch ip=192.0.2.20 mac=$M2 name=P0S3-06-3-00.bin bytes=10 decision=fell-through"
	echo "2026-11-26T17:00:02Z event=transfer ip=192.0.2.20 mac=$M2 name=P0S3-06-3-00.bin bytes=10 decision=sent detail=acknowledged%2010%20of%2010%20bytes"
	echo "2026-11-26T17:01:00Z event=fetch ip=192.0.2.20 mac=$M2 name=OS79XX.TXT bytes=12 decision=served"
} >>"$W/state/tftpd.journal"
run "$CLI" firmware -c "$W/store.conf" $M2
expect "tftpd: an image whose every byte the phone acknowledged is its load at the next boot" 0 \
	'out_has "runs     P0S3-06-3-00 (SIP 6.3): fetched its images to the end"' \
	'out_has "next     P003-8-12-00"'
{
	echo "2026-11-26T17:01:01Z event=fetch ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=10 decision=fell-through"
	echo "2026-11-26T17:01:09Z event=transfer ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=4 decision=cut"
	echo "2026-11-26T17:01:10Z event=transfer ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=10 decision=sent"
	echo "2026-11-26T17:02:00Z event=fetch ip=192.0.2.20 mac=$M2 name=OS79XX.TXT bytes=12 decision=served"
} >>"$W/state/tftpd.journal"
run "$CLI" firmware -c "$W/store.conf" $M2
expect "tftpd: a fetch cut short is no flash, and a forged 'sent' after it changes nothing" 0 \
	'out_has "runs     P0S3-06-3-00"' 'out_has "next     P003-8-12-00"' \
	'out_has "problem  an upgrade to P003-8-12-00 started and did not finish: a fetch was cut short"'
run "$CLI" status -c "$W/store.conf"
expect "status: the cut fetch's row says so" 0 \
	'out_has "P003-8-12-00.bin         from disk 10 bytes, cut short"'
# Forged ends: for a file not fetched at all, from another address, with
# another size than the open's, and an end with no fetch line since boot.
{
	echo "2026-11-26T17:02:01Z event=transfer ip=192.0.2.20 mac=$M2 name=P003-8-12-00.sbn bytes=10 decision=sent"
	echo "2026-11-26T17:02:02Z event=fetch ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=10 decision=fell-through"
	echo "2026-11-26T17:02:03Z event=transfer ip=192.0.2.99 mac=$M2 name=P003-8-12-00.bin bytes=10 decision=sent"
	echo "2026-11-26T17:02:04Z event=transfer ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=99999 decision=sent"
	echo "2026-11-26T17:03:00Z event=fetch ip=192.0.2.20 mac=$M2 name=OS79XX.TXT bytes=12 decision=served"
	echo "2026-11-26T17:03:01Z event=transfer ip=192.0.2.20 mac=$M2 name=P003-8-12-00.bin bytes=10 decision=sent"
	echo "2026-11-26T17:04:00Z event=fetch ip=192.0.2.20 mac=$M2 name=OS79XX.TXT bytes=12 decision=served"
} >>"$W/state/tftpd.journal"
run "$CLI" firmware -c "$W/store.conf" $M2
expect "tftpd: forged 'sent' lines that match no fetch make no step skipped" 0 \
	'out_has "runs     P0S3-06-3-00"' 'out_has "next     P003-8-12-00"'

[ $failures = 0 ]
