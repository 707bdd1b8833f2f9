#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the libFuzzer targets (built by `make fuzz-build`, see mk/fuzz.mk):
#   sh tests/fuzz/run.sh SECONDS TARGET...
# For each target, in turn (one process, one core):
#   1. replays every reproducer in tests/fuzz/regress/TARGET/ (each must now
#      run clean), then
#   2. fuzzes for SECONDS (-max_total_time) from the seeds in
#      tests/fuzz/corpus/TARGET/ plus what earlier runs found, kept in
#      build/fuzz/corpus/TARGET/ (the seed folder is never written to);
#   3. replays that whole corpus once with a leak check after every input.
# Why 2 and 3 are apart: libconfig 1.5 leaks a string on many syntax errors
# (suppressed in tests/sanitize/defaults.c), and libFuzzer then runs a full
# LeakSanitizer scan after each such input, which finds only the suppressed
# leak but takes ~40 ms: 300 instead of 4000 executions a second.  So step 2 runs with -detect_leaks=0 (a leak
# of ours still fails the run when LeakSanitizer checks at exit), and step 3
# checks every input the run kept, saving any that leaks as leak-*.
# A crash is saved as build/fuzz/artifacts/TARGET/crash-* (reproduce with
# build/fuzz/fuzz_TARGET FILE); the full log is build/fuzz/logs/TARGET.log.
# Prints one line per target and a summary line; exits 1 if anything failed.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${1:?usage: run.sh SECONDS TARGET...}
shift
B=${B:-build}

failed=0
total=0
for t in "$@"; do
	bin=$B/fuzz/fuzz_$t
	log=$B/fuzz/logs/$t.log
	art=$B/fuzz/artifacts/$t
	corpus=$B/fuzz/corpus/$t
	mkdir -p "$B/fuzz/logs" "$art" "$corpus"
	if [ ! -x "$bin" ]; then
		echo "not ok - fuzz $t: $bin is missing (make fuzz-build)"
		failed=$((failed + 1))
		continue
	fi

	# 1. the regression inputs: each one once
	n=0
	bad=0
	for f in tests/fuzz/regress/"$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! "$bin" "$f" >"$log.regress" 2>&1; then
			bad=$((bad + 1))
			echo "# $f:"
			grep -E 'fuzz check failed|ERROR|SUMMARY|runtime error' "$log.regress" |
				head -n 5 | sed 's/^/#   /'
		fi
	done
	if [ "$bad" = 0 ]; then
		echo "ok - fuzz $t: $n regression inputs replayed clean"
	else
		echo "not ok - fuzz $t: $bad of $n regression inputs fail again"
		failed=$((failed + 1))
	fi

	# 2. fuzz
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	before=$(find "$art" -type f | wc -l)
	start=$(date +%s)
	# shellcheck disable=SC2086 # $dict: empty or one word
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-detect_leaks=0 -artifact_prefix="$art/" $dict "$corpus" "tests/fuzz/corpus/$t" \
		>"$log" 2>&1
	rc=$?
	# 3. the leak pass (also after a failed step 2: a leak found only at
	# exit is saved under the name of whatever input ran last, and this
	# finds the input that really leaks)
	echo "# leak pass" >>"$log"
	"$bin" -runs=0 -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
		-artifact_prefix="$art/" "$corpus" "tests/fuzz/corpus/$t" >>"$log" 2>&1 || rc=$?
	took=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	after=$(find "$art" -type f | wc -l)
	size=$(find "$corpus" -type f | wc -l)
	total=$((total + ${runs:-0}))
	if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
		echo "ok - fuzz $t: ${runs:-?} executions in ${took}s, 0 crashes (corpus $size)"
	else
		echo "not ok - fuzz $t: exit $rc after ${runs:-?} executions in ${took}s," \
			"$((after - before)) new crash input(s) in $art/"
		grep -E 'fuzz check failed|ERROR|SUMMARY|runtime error|Test unit written' "$log" |
			head -n 8 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $total executions, $failed failed"
[ "$failed" = 0 ]
