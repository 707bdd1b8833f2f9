#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test: the cmocka unit binaries given as arguments, then each
# tests/*/*.t.sh script.  Ends with one summary line, "N passed, N failed".
# Scripts print "ok - NAME", "not ok - NAME" or "skip - NAME: why" lines.
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0 log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # $1 = pattern, prints the number of matching lines in $log
	grep -c -- "$1" "$log" || true
}

for t in "$@"; do
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" != 0 ] && [ -z "$f" ]; then
		echo "not ok - $t exited $rc"
		failed=$((failed + 1))
	fi
done

for t in "$top"/tests/*/*.t.sh; do
	[ -n "${PP_UNIT_ONLY:-}" ] && break
	[ -e "$t" ] || continue
	echo "# $t"
	( cd "$top" && sh "$t" ) >"$log" 2>&1
	rc=$?
	cat "$log"
	passed=$((passed + $(count '^ok - ')))
	failed=$((failed + $(count '^not ok - ')))
	skipped=$((skipped + $(count '^skip - ')))
	if [ "$rc" != 0 ] && [ "$(count '^not ok - ')" = 0 ]; then
		echo "not ok - $t exited $rc"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
