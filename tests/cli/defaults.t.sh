#!/bin/sh
# SPDX-License-Identifier: MIT
# The defaults a build is given are the ones the code uses: a build with
# `STATEDIR=... LEASES=...` (as `make install` takes them) puts them in the
# library, so a store without state_dir or security.leases journals to
# that STATEDIR and reads that lease file; the man page says them too.  A
# plain build keeps lib/defaults.h's.  Builds into its own folder.
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-defaults-XXXXXX") || exit 1
trap '[ -n "${PP_TEST_KEEP:-}" ] || rm -rf "$W"' EXIT
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

STATE=$W/state-from-the-build
LEASES=$W/leases-from-the-build
if ! ${MAKE:-make} -s -j4 B="$W/b" STATEDIR="$STATE" LEASES="$LEASES" "$W/b/phoneprov" \
	"$W/b/gen/man/phoneprov.conf.5" >"$W/make.out" 2>&1; then
	not_ok "build with STATEDIR and LEASES" "$(tail -n 3 "$W/make.out")"
	exit 1
fi
printf 'version = 1;\nsecurity = { mac_binding = "off"; };\n' >"$W/store.conf"

"$W/b/phoneprov" status -c "$W/store.conf" >"$W/status.out" 2>&1
check "state_dir defaults to the build's STATEDIR" grep -qF "journal $STATE:" "$W/status.out"
"$(pwd)/build/phoneprov" status -c "$W/store.conf" >"$W/plain.out" 2>&1
default=$(sed -n 's/^#define PP_STATEDIR "\(.*\)"/\1/p' lib/defaults.h)
check "a plain build's state_dir default is lib/defaults.h's ($default)" \
	grep -qF "journal $default:" "$W/plain.out"

# The build's LEASES is read (under lenient: strict never goes by a lease's
# claim).  Its lease says 192.0.2.7 is another phone, so that build refuses
# the file; a plain build, which reads another lease file, knows no MAC for
# 192.0.2.7, and lenient then serves it.
echo "0 00:1b:d4:00:00:08 192.0.2.7 phone *" >"$LEASES"
cat >"$W/phones.conf" <<CONF
version = 1;
security = { mac_binding = "lenient"; };
defaults = { proxy = { address = "192.0.2.10"; }; };
phones = ( { mac = "001bd4000007"; model = "7940";
             lines = ( { name = "100"; password = "x"; } ); } );
CONF
render() { "$1" render -c "$W/phones.conf" --client 192.0.2.7 SIP001BD4000007.cnf >"$2" 2>&1; }
check "security.leases defaults to the build's LEASES" \
	eval '! render "$W/b/phoneprov" "$W/render.out" && grep -q "001BD4000008" "$W/render.out"'
check "... which a plain build does not read" render "$(pwd)/build/phoneprov" "$W/plain.out"
check "the man page names the build's STATEDIR and LEASES" \
	eval "grep -qF '$STATE' '$W/b/gen/man/phoneprov.conf.5' &&
	grep -qF '$LEASES' '$W/b/gen/man/phoneprov.conf.5'"
[ "$failures" = 0 ]
