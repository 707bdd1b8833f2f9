# SPDX-License-Identifier: MIT
# Shared by tests/cli/*.t.sh (sourced, not run; tests/run.sh runs only
# *.t.sh): "ok - NAME" / "not ok - NAME" lines and a command's exit status,
# stdout and stderr checked in one call.  The scripts run from the
# repository root and set W, a scratch folder, before sourcing this.

failures=0

ok() { echo "ok - $1"; }
not_ok() { # $1 = name, $2 = why
	echo "not ok - $1${2:+: $2}"
	failures=$((failures + 1))
}

# run CMD ARGS...: sets rc; stdout in $W/out, stderr in $W/err
run() {
	"$@" >"$W/out" 2>"$W/err"
	rc=$?
}

# expect NAME RC [CHECK...]: rc must be RC and each CHECK (a shell test,
# eval'd) must hold; on failure show what the command said.
expect() {
	name=$1 want=$2
	shift 2
	why=
	[ "$rc" = "$want" ] || why="exit $rc, expected $want"
	for c in "$@"; do
		[ -n "$why" ] && break
		eval "$c" || why="failed: $c"
	done
	if [ -z "$why" ]; then
		ok "$name"
	else
		not_ok "$name" "$why"
		sed 's/^/#   stdout: /' "$W/out" | head -n 20
		sed 's/^/#   stderr: /' "$W/err" | head -n 30
	fi
}

out_has() { grep -qF -- "$1" "$W/out"; }
err_has() { grep -qF -- "$1" "$W/err"; }
err_line() { grep -qxF -- "$1" "$W/err"; } # a whole stderr line
