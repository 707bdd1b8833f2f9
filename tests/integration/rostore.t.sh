#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 14, finding 4: the loaded store is read-only to in.tftpd's children.
# tests/integration/rostore.c loads a strict store through the library (as
# in.tftpd's root parent does with the shim) and forks a child that tries
# every way to rewrite that memory: reopen and remap it writable (as root,
# before the drop), mprotect, a plain write, /proc/self/mem, MADV_REMOVE
# (as nobody).  All must fail; the parent's store must be unchanged and
# still deny a stranger the phone's file.
#
# Then the same through a real in.tftpd --secure (root): a second preloaded
# library, tests/integration/evilchild.c, plays a child taken over after the
# drop to nobody and writes "off" over every "strict" in the shared memory
# it can reach; the next request must still be refused (strict, and
# loopback has no MAC).
. tests/integration/harness.sh

LIBA=$(pwd)/build/libphoneprov.a
[ -e "$LIBA" ] || {
	not_ok "build" "$LIBA is missing: run make"
	exit 1
}
if ! ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -Iinclude -O2 \
	-o "$WORK/rostore" tests/integration/rostore.c "$LIBA" -lconfig 2>"$WORK/cc.out"; then
	not_ok "build rostore" "$(head -n 3 "$WORK/cc.out")"
	exit 1
fi

M40=001BD4123456
STRANGER=02:00:5e:00:00:99
STORE=$WORK/store
mkdir -m 700 "$STORE"
cp tests/data/integration.conf tests/data/integration-phones.inc "$STORE/"
CONF=$STORE/integration.conf
sed -i -e "s|state_dir = \"/tmp\";|state_dir = \"$WORK\";|" \
	-e 's|mac_binding = "off";|mac_binding = "strict";|' "$CONF"

out=$(timeout 60 "$WORK/rostore" "$CONF" "$M40" "$STRANGER" 2>&1)
rc=$?
echo "$out"
if [ $rc != 0 ] && ! echo "$out" | grep -q '^not ok - '; then
	not_ok "rostore" "exited $rc"
fi

# ---- a compromised child of a real in.tftpd ------------------------------------
TESTS="rostore-tftpd"
need_root $TESTS
need_tools $TESTS
EVIL=$WORK/evilchild.so
if ! ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -D_GNU_SOURCE -O2 -shared -fPIC \
	-o "$EVIL" tests/integration/evilchild.c -ldl 2>"$WORK/cc.out"; then
	not_ok "build evilchild" "$(head -n 3 "$WORK/cc.out")"
	exit 1
fi
chmod 600 "$CONF" "$STORE/integration-phones.inc"
ROOT=$WORK/root
make_root "$ROOT"
LOG=$WORK/decisions.log
ELOG=$WORK/evil.log
start_tftpd "$ROOT" LD_PRELOAD="$EVIL $SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$LOG" \
	EVIL_LOG="$ELOG" || {
	not_ok "rostore-tftpd: start in.tftpd with the shim and evilchild"
	exit 1
}
got=$WORK/got
# Each request's child attacks, after the parent decided that request.
check "rostore-tftpd: SIP$M40.cnf is refused (strict, loopback has no MAC)" \
	[ "$(tftp_get "SIP$M40.cnf" "$got")" = "Error code 1: File not found" ]
check "rostore-tftpd: the child found the store's \"strict\" in shared memory" \
	grep -Eq 'strict=[1-9]' "$ELOG"
check "rostore-tftpd: the child could not make it writable" \
	grep -q 'mprotect_ok=0 written=0 faulted=[1-9]' "$ELOG"
check "rostore-tftpd: SIP$M40.cnf is still refused after the child's attack" \
	[ "$(tftp_get "SIP$M40.cnf" "$got")" = "Error code 1: File not found" ]
check "rostore-tftpd: and is still refused in the log" \
	[ "$(count "name=\"SIP$M40.cnf\" decision=denied" "$LOG")" = 2 ]
sed 's/^/# evilchild: /' "$ELOG"
stop_tftpd "$PID"
exit 0
