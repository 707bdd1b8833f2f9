#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2086 # eval'd checks
# `sudo make deb` in a tree that belongs to a user leaves nothing of root's
# in build/, so that user's next plain `make` can write there, whether the
# package builds or not.  dpkg-buildpackage and lintian are stand-ins (the
# real build is deb.t.sh's business): each leaves a root-owned file and
# folder behind as the real one does.  Needs root and the nobody user.
. tests/integration/harness.sh

T="deb-owner"
if [ "$(id -u)" != 0 ] || ! getent passwd nobody >/dev/null 2>&1; then
	echo "skip - $T: needs root and the nobody user"
	exit 0
fi
for p in debhelper dpkg-dev fakeroot lintian libconfig-dev libacl1-dev libcmocka-dev pkg-config; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' && continue
	echo "skip - $T: $p is not installed (sh packaging/deps.sh deb, or make deb once)"
	exit 0
done

TREE=$WORK/tree
mkdir -p "$TREE" "$WORK/stub"
tar -cf - --exclude=./build --exclude=./.git . | tar -xf - -C "$TREE"
chown -R nobody "$TREE"
cat >"$WORK/stub/dpkg-buildpackage" <<'STUB'
#!/bin/sh
mkdir -p build/obj && : >build/obj/x.o && : >../phoneprov_0_all.deb && : >../x.changes
exit "${STUB_RC:-0}"
STUB
printf '#!/bin/sh\nexit 0\n' >"$WORK/stub/lintian"
chmod 755 "$WORK/stub/dpkg-buildpackage" "$WORK/stub/lintian"
mk() { # make in the user's tree, as root, with the stand-ins first in PATH
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$WORK/stub:$PATH" STUB_RC="$stub_rc" \
		make --no-print-directory -s -C "$TREE" "$@" >"$WORK/make.out" 2>&1
}
as_user() { su -s /bin/sh nobody -c "$1" >/dev/null 2>&1; }

stub_rc=0
mk deb
rc=$?
left=$(find "$TREE/build" ! -user nobody | head -n 5)
check "$T: sudo make deb (exit $rc) leaves nothing of root's in build/" \
	eval '[ $rc = 0 ] && [ -d "$TREE/build/deb" ] && [ -z "$left" ]'
[ -z "$left" ] || echo "$left" | sed 's/^/# root-owned: /'
check "$T: ... so the owner can write in build/ again (as make does)" \
	as_user "mkdir -p '$TREE/build/obj/lib' && rm -rf '$TREE/build/deb'"

rm -rf "$TREE/build"
stub_rc=1
mk deb
rc=$?
left=$(find "$TREE/build" ! -user nobody | head -n 5)
check "$T: a failed sudo make deb (exit $rc) leaves nothing of root's either" \
	eval '[ $rc != 0 ] && [ -d "$TREE/build/deb" ] && [ -z "$left" ]'
[ -z "$left" ] || echo "$left" | sed 's/^/# root-owned: /'

[ $failures = 0 ]
