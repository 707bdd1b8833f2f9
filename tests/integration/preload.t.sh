#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086,SC2002,SC2012 # eval'd checks; test lists split on purpose
# The shim outside a real server (no root needed): what it exports, that it
# stays inert in every program but a TFTP server, and every wrapped way to
# open or stat a requested name, driven by tests/integration/probe.c with
# PHONEPROV_FORCE=1.
. tests/integration/harness.sh

CONF=$(pwd)/tests/data/integration.conf
M61=001BD4654321

for f in "$SHIM" "$CLI"; do
	[ -e "$f" ] && continue
	not_ok "build" "$f is missing: run make"
	exit 1
done

# ---- exports: the wrapped libc functions and nothing else ------------------
want="__open64_2 __open_2 fopen fopen64 fstatat fstatat64 lstat lstat64 open open64 openat
openat64 recv recvfrom recvmsg send stat stat64"
got=$(nm -D --defined-only "$SHIM" | awk '{ print $3 }' | sort | tr '\n' ' ')
check "exports: only the wrapped libc functions" \
	[ "$got" = "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')" ]
check "exports: nothing of the library (pp_*, config_*)" \
	eval "! nm -D --defined-only '$SHIM' | grep -q ' pp_\| config_'"
check "exports: needs no libphoneprov.so (linked in)" \
	eval "! ldd '$SHIM' | grep -q libphoneprov"

# ---- inert anywhere but in.tftpd and dnsmasq --------------------------------
ILOG=$WORK/inert.log
out=$(env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$ILOG" \
	sh -c 'cat "$1"; printf "%s\n" "$LD_PRELOAD"' sh "$CONF")
check "inert: a shell and cat under the shim read files as ever" \
	[ "$out" = "$(cat "$CONF"; echo "$SHIM")" ]
check "inert: LD_PRELOAD is passed on untouched" \
	[ "$(echo "$out" | tail -n 1)" = "$SHIM" ]
check "inert: nothing loaded, nothing logged (no log file)" [ ! -e "$ILOG" ]
out=$(env LD_PRELOAD="$SHIM" PHONEPROV_LOG="$ILOG" PHONEPROV_CONFIG=/nonexistent \
	PHONEPROV_FORCE=0 ls -d / 2>&1)
check "inert: PHONEPROV_FORCE=0 is not 1" eval '[ "$out" = / ] && [ ! -e "$ILOG" ]'

# ---- every wrapper, through the probe ---------------------------------------
if ! command -v "${CC:-cc}" >/dev/null 2>&1; then
	echo "skip - probe: no C compiler"
	exit $((failures != 0))
fi
# No _FILE_OFFSET_BITS, no FORTIFY: the probe calls each name itself.
if ! "${CC:-cc}" -std=c11 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -U_FORTIFY_SOURCE \
	-O2 -o "$WORK/probe" tests/integration/probe.c 2>"$WORK/cc.out"; then
	not_ok "probe: compiles" "$(cat "$WORK/cc.out")"
	exit 1
fi
"$CLI" -c "$CONF" render "SEP$M61.cnf.xml" >"$WORK/expected.bin"
mkdir "$WORK/cwd"
PLOG=$WORK/probe.log
(cd "$WORK/cwd" && env LD_PRELOAD="$SHIM" PHONEPROV_FORCE=1 PHONEPROV_CONFIG="$CONF" \
	PHONEPROV_LOG="$PLOG" timeout 30 "$WORK/probe" active "SEP$M61.cnf.xml" \
	"$WORK/expected.bin") >"$WORK/probe.out" 2>&1
rc=$?
cat "$WORK/probe.out"
grep -q '^not ok' "$WORK/probe.out" && failures=$((failures + 1))
check "probe: exits 0 (it exited $rc)" [ $rc = 0 ]
check "probe: log: one served line per open, each with the client 127.0.0.1" \
	eval '[ "$(count "client=127.0.0.1 name=\"SEP$M61.cnf.xml\" decision=served bytes=$(wc -c <"$WORK/expected.bin")" "$PLOG")" = 10 ]'
# The phone's file opened after a request for another name: refused, logged.
check "probe: log: and one denied line, for the phone's file opened after another request" \
	eval '[ "$(count "client=" "$PLOG")" = 11 ] &&
	[ "$(count "client=127.0.0.1 name=\"SEP$M61.cnf.xml\" decision=denied" "$PLOG")" = 1 ]'
check "probe: log: the store was loaded, and no password logged" \
	eval "grep -q 'loaded $CONF' '$PLOG' && ! grep -q 'pw-' '$PLOG'"

# Under strict binding loopback has no MAC: the 7961's file is refused, and
# a stat must say so exactly as an open does (ENOENT), or a prober learns
# that the name exists.
sed 's/mac_binding = "off";/mac_binding = "strict";/' "$CONF" >"$WORK/strict.conf"
cp tests/data/integration-phones.inc "$WORK/"
mkdir "$WORK/dcwd"
echo "disk copy" >"$WORK/dcwd/SEP$M61.cnf.xml"
(cd "$WORK/dcwd" && env LD_PRELOAD="$SHIM" PHONEPROV_FORCE=1 PHONEPROV_CONFIG="$WORK/strict.conf" \
	PHONEPROV_LOG="$WORK/denied.log" timeout 30 "$WORK/probe" denied "SEP$M61.cnf.xml") \
	>"$WORK/probe.out" 2>&1
rc=$?
cat "$WORK/probe.out"
grep -q '^not ok' "$WORK/probe.out" && failures=$((failures + 1))
check "probe: denied: exits 0 (it exited $rc)" [ $rc = 0 ]

# A request whose sender the server never asked for: under strict binding a
# phone's file is refused, not served as to an administrator's dry run.
ALOG=$WORK/anon.log
(cd "$WORK/cwd" && env LD_PRELOAD="$SHIM" PHONEPROV_FORCE=1 PHONEPROV_CONFIG="$WORK/strict.conf" \
	PHONEPROV_LOG="$ALOG" timeout 30 "$WORK/probe" anon "SEP$M61.cnf.xml") >"$WORK/probe.out" 2>&1
rc=$?
cat "$WORK/probe.out"
grep -q '^not ok' "$WORK/probe.out" && failures=$((failures + 1))
check "probe: anon: exits 0 (it exited $rc)" [ $rc = 0 ]
check "probe: anon: logged as denied, for a client with no address" \
	grep -q 'client=- name="SEP'$M61'.cnf.xml" decision=denied reason="a client with no address' "$ALOG"

ILOG2=$WORK/inert-probe.log
(cd "$WORK/cwd" && env LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$ILOG2" \
	timeout 30 "$WORK/probe" inert "SEP$M61.cnf.xml") >"$WORK/probe.out" 2>&1
rc=$?
cat "$WORK/probe.out"
grep -q '^not ok' "$WORK/probe.out" && failures=$((failures + 1))
check "probe: without PHONEPROV_FORCE a request changes nothing, and no log" \
	eval "[ $rc = 0 ] && [ ! -e '$ILOG2' ]"

[ $failures = 0 ]
