#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086 # eval'd checks
# Many servers, one store (issue 15): two in.tftpd with the shim on
# 127.0.0.1 watch one store while it is replaced the ways the tools that
# feed many servers replace it.  Each server must serve the new store
# soon, and every fetch in between must be exactly the old file or the
# new one: never a half-written store's, never an error.
#   rename    written beside it and renamed over it (consul-template,
#             Ansible's template, rsync without --inplace)
#   in place  truncated and rewritten in two writes 0.15 s apart (confd's
#             fallback for a bind-mounted file); what is there between
#             them is itself a valid store, with other bytes for the phone
#   broken    rewritten in place but left cut off mid-phone for a second,
#             then finished: the last good store keeps serving meanwhile
# Polling is bounded: 30 rounds, 0.1 s apart, of one fetch from each.
. tests/integration/harness.sh

TESTS="many-rename many-inplace many-broken"
need_root $TESTS
need_tools $TESTS

M=SIP001BD4123456.cnf
STORE=$WORK/store
mkdir -m 700 "$STORE"
STATE=$WORK/state
mkdir -m 700 "$STATE"
CONF=$STORE/site.conf
sed "s|state_dir = \"/tmp\";|state_dir = \"$STATE\";|" tests/data/manyservers.conf >"$CONF"
chmod 600 "$CONF"
ROOT=$WORK/root
make_root "$ROOT"
EXP=$WORK/expected
mkdir "$EXP"
got=$WORK/got

version() { # NAME: the store with the phone's label many-NAME, and its file
	sed "s/label = \"many-a\"/label = \"many-$1\"/" "$CONF" >"$WORK/v.$1.conf"
	render "$WORK/v.$1.conf" "$M" "$EXP/$1" || not_ok "phoneprov render $M of version $1"
}
for v in a b c d; do
	version $v
done
# What the cut-off copy of c would give, had it been served: other bytes.
head -n -1 "$WORK/v.c.conf" >"$WORK/v.cut.conf"
render "$WORK/v.cut.conf" "$M" "$EXP/cut"
check "many-inplace: the store cut off before its last line is valid and gives other bytes" \
	eval '"$CLI" check -q "$WORK/v.cut.conf" && ! cmp -s "$EXP/cut" "$EXP/c"'

start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$WORK/one.log" || {
	not_ok "start the first in.tftpd with the shim"
	exit 1
}
P1=$PORT
start_tftpd "$ROOT" LD_PRELOAD="$SHIM" PHONEPROV_CONFIG="$CONF" PHONEPROV_LOG="$WORK/two.log" || {
	not_ok "start the second in.tftpd with the shim"
	exit 1
}
P2=$PORT

# follow NEW OLD: one fetch from each server a round, until both served
# NEW; each fetch must be OLD's bytes (until that server served NEW) or
# NEW's.  Sets ROUNDS, WRONG (fetches that were neither, or OLD after NEW)
# and BOTH (1 when both servers served NEW).
follow() {
	new=$1 old=$2
	ROUNDS=0 WRONG=0 d1=0 d2=0
	while [ $ROUNDS -lt 30 ] && { [ $d1 = 0 ] || [ $d2 = 0 ]; }; do
		for s in 1 2; do
			eval "PORT=\$P$s; done_=\$d$s"
			rc=$(curl_get "$M" "$got")
			if [ "$rc" = 0 ] && cmp -s "$got" "$EXP/$new"; then
				eval "d$s=1"
			elif [ "$rc" != 0 ] || [ $done_ = 1 ] || ! cmp -s "$got" "$EXP/$old"; then
				WRONG=$((WRONG + 1))
				echo "# server $s, round $ROUNDS: curl $rc, $(head -c 60 "$got" 2>/dev/null | tr '\n' ' ')"
			fi
		done
		ROUNDS=$((ROUNDS + 1))
		sleep 0.1
	done
	BOTH=0
	[ $d1 = 1 ] && [ $d2 = 1 ] && BOTH=1
}

follow a a
check "many-rename: both servers serve the first store" [ $BOTH = 1 ]

# ---- rename ---------------------------------------------------------------------
cp "$WORK/v.b.conf" "$STORE/.site.conf.tmp"
chmod 600 "$STORE/.site.conf.tmp"
mv -f "$STORE/.site.conf.tmp" "$CONF"
follow b a
check "many-rename: both servers serve the renamed store ($ROUNDS rounds of 0.1 s)" [ $BOTH = 1 ]
check "many-rename: every fetch in between was the old file or the new ($WRONG wrong)" [ $WRONG = 0 ]

# ---- in place, in two writes -------------------------------------------------------
ino=$(stat -c %i "$CONF")
{
	head -n -1 "$WORK/v.c.conf" >"$CONF"
	sleep 0.15
	tail -n 1 "$WORK/v.c.conf" >>"$CONF"
} &
WPID=$!
follow c b
wait $WPID
check "many-inplace: the store was written in place (same inode)" [ "$(stat -c %i "$CONF")" = "$ino" ]
check "many-inplace: both servers serve the new store ($ROUNDS rounds of 0.1 s)" [ $BOTH = 1 ]
check "many-inplace: never the half-written store's bytes, nor an error ($WRONG wrong)" [ $WRONG = 0 ]

# ---- in place, broken for a second --------------------------------------------------
cut=$(grep -b -o 'protocol' "$WORK/v.d.conf" | head -n 1 | cut -d: -f1) # inside the phone
{
	head -c "$cut" "$WORK/v.d.conf" >"$CONF"
	sleep 1
	tail -c +$((cut + 1)) "$WORK/v.d.conf" >>"$CONF"
} &
WPID=$!
follow d c
wait $WPID
check "many-broken: both servers serve the finished store ($ROUNDS rounds of 0.1 s)" [ $BOTH = 1 ]
check "many-broken: meanwhile the last good store kept serving ($WRONG wrong)" [ $WRONG = 0 ]
check "many-broken: each server said the store it could not load, as FILE:LINE" \
	eval 'grep -q "$CONF:[0-9]*: .*still serving the last good store" "$WORK/one.log" &&
		grep -q "$CONF:[0-9]*: .*still serving the last good store" "$WORK/two.log"'
check "many: no password in either log" eval '! grep -q pw-many "$WORK/one.log" "$WORK/two.log"'
[ "$failures" = 0 ]
