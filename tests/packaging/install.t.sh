#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2012,SC2086,SC2034,SC1091 # eval'd checks; lists split on purpose
# make install / uninstall, the man pages, the pkg-config file, and
# `phoneprov enable` / `disable` on a scratch root (--root): the files they
# write are those in packaging/, a second enable changes nothing, disable
# puts every byte back, and dnsmasq's user gets (and loses) its ACL
# entries.  With root and in.tftpd, a server started the way the enabled
# /etc/default file says serves a synthesised file on loopback.
. tests/integration/harness.sh

TOP=$(pwd)
# A make run from a test must not inherit `make check`'s own variables.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s "$@"
}
VERSION=$(sed -n 's/^#define PP_VERSION_STRING "\(.*\)"/\1/p' include/phoneprov.h)
TRIPLET=$(${CC:-cc} -print-multiarch 2>/dev/null)
[ -n "$TRIPLET" ] || TRIPLET=$(uname -m)-linux-gnu

for f in "$SHIM" "$CLI"; do
	[ -e "$f" ] && continue
	not_ok "build" "$f is missing: run make"
	exit 1
done

# ---- the version is the same everywhere ------------------------------------
deb_version=$(sed -n '1s/^phoneprov (\([^-)]*\).*/\1/p' packaging/debian/changelog)
check "version: packaging/debian/changelog says $VERSION as phoneprov.h does" \
	[ "$deb_version" = "$VERSION" ]

# ---- make install, default PREFIX (the build we have) ----------------------
A=$WORK/a
if mk install DESTDIR="$A" >"$WORK/install.out" 2>&1; then
	ok "install: make install DESTDIR=... runs"
else
	not_ok "install: make install DESTDIR=... runs" "$(tail -n 5 "$WORK/install.out")"
fi
U=/usr/local
expect_files="/etc/logrotate.d/phoneprov
$U/bin/phoneprov
$U/include/phoneprov.h
$U/lib/libphoneprov.so
$U/lib/libphoneprov.so.0
$U/lib/libphoneprov.so.$VERSION
$U/lib/phoneprov/libphoneprov-preload.so
$U/lib/phoneprov/phoneprov-dhcp-script
$U/lib/pkgconfig/phoneprov.pc
$U/lib/systemd/system/phoneprov-notify.path
$U/lib/systemd/system/phoneprov-notify.service
$U/share/doc/phoneprov/README.md
$U/share/doc/phoneprov/dnsmasq.d/phoneprov.conf
$U/share/doc/phoneprov/phoneprov.conf.example
$U/share/man/man1/phoneprov.1
$U/share/man/man5/phoneprov.conf.5
$U/share/man/man8/phoneprov-preload.8
$U/share/phoneprov/default/dnsmasq
$U/share/phoneprov/default/tftpd-hpa
$U/share/phoneprov/phoneprov.conf.example
$U/share/phoneprov/systemd/dnsmasq.service.d/phoneprov.conf
$U/share/phoneprov/systemd/tftpd-hpa.service.d/phoneprov.conf"
got_files=$(cd "$A" && find . \( -type f -o -type l \) | sed 's|^\.||' | LC_ALL=C sort)
echo "$expect_files" | LC_ALL=C sort >"$WORK/want.files"
echo "$got_files" >"$WORK/got.files"
check "install: lays exactly the files of the layout" cmp -s "$WORK/want.files" "$WORK/got.files"
diff "$WORK/want.files" "$WORK/got.files" | sed 's/^/# /'
check "install: the state folder /var/lib/phoneprov" [ -d "$A/var/lib/phoneprov" ]
check "install: libphoneprov.so.0 -> libphoneprov.so.$VERSION, libphoneprov.so -> .so.0" \
	eval '[ "$(readlink "$A$U/lib/libphoneprov.so.0")" = "libphoneprov.so.$VERSION" ] &&
	[ "$(readlink "$A$U/lib/libphoneprov.so")" = libphoneprov.so.0 ]'
check "install: the library's soname is libphoneprov.so.0" \
	eval 'objdump -p "$A$U/lib/libphoneprov.so.$VERSION" | grep -q "SONAME *libphoneprov.so.0$"'
check "install: modes (755 programs, 644 libraries, the shim and the rest)" \
	eval '[ "$(stat -c %a "$A$U/bin/phoneprov")" = 755 ] &&
	[ "$(stat -c %a "$A$U/lib/phoneprov/phoneprov-dhcp-script")" = 755 ] &&
	[ "$(stat -c %a "$A$U/lib/phoneprov/libphoneprov-preload.so")" = 644 ] &&
	[ "$(stat -c %a "$A$U/lib/libphoneprov.so.$VERSION")" = 644 ] &&
	[ "$(stat -c %a "$A$U/share/man/man5/phoneprov.conf.5")" = 644 ]'
check "install: the dnsmasq snippet names the installed hook" \
	grep -qx "dhcp-script=$U/lib/phoneprov/phoneprov-dhcp-script" \
	"$A$U/share/doc/phoneprov/dnsmasq.d/phoneprov.conf"
check "install: the shipped drop-in names the installed shim" \
	grep -qx "Environment=LD_PRELOAD=$U/lib/phoneprov/libphoneprov-preload.so" \
	"$A$U/share/phoneprov/systemd/tftpd-hpa.service.d/phoneprov.conf"
check "install: no @PLACEHOLDER@ is left in a text file" \
	eval '! grep -rl "@[A-Z]*@" "$A$U/share" "$A$U/lib/pkgconfig" "$A/etc"'

# ---- man pages ---------------------------------------------------------------
for m in man1/phoneprov.1 man5/phoneprov.conf.5 man8/phoneprov-preload.8; do
	w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$A$U/share/man/$m" 2>&1 >/dev/null)
	check "man: $m formats without a warning" [ -z "$w" ]
	[ -z "$w" ] || echo "$w" | sed 's/^/# /'
done
named=$(cat "$A$U"/share/man/man?/phoneprov*.? | grep -oE "$U/[A-Za-z0-9_./\\-]*[A-Za-z0-9_/]" |
	sed 's/\\-/-/g' | sort -u)
absent=""
for f in $named; do [ -e "$A$f" ] || absent="$absent $f"; done
check "man: every $U path the man pages name is installed ($(echo $named | wc -w) paths)" \
	eval '[ -n "$named" ] && [ -z "$absent" ]'
[ -z "$absent" ] || echo "# missing:$absent"
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$A$U/share/man/man5/phoneprov.conf.5" 2>/dev/null |
	sed 's/.\x08//g' >"$WORK/conf5.txt"
# Every key the store accepts (lib/store.c, the schema in lib/schema_rows.h) is documented.
keys=$(sed -n 's/.*\.key = "\([a-z_0-9.]*\)".*/\1/p' lib/schema_rows.h | tr . '\n' | sort -u)
keys="$keys version tftp root security mac_binding leases allow state_dir defaults profiles phones"
missing=""
for k in $keys; do
	grep -q "\\b$k\\b" "$WORK/conf5.txt" || missing="$missing $k"
done
check "man: phoneprov.conf(5) documents every key of lib/schema_rows.h and lib/store.c" \
	[ -z "$missing" ]
[ -z "$missing" ] || echo "# not in phoneprov.conf(5):$missing"
for f in SIPDefault.cnf 'SIP<MAC>.cnf' 'SEP<MAC>.cnf.xml' XMLDefault.cnf.xml OS79XX.TXT \
	RINGLIST.DAT dialplan.xml syncinfo.xml; do
	grep -qF "$f" "$WORK/conf5.txt" || missing="$missing $f"
done
check "man: phoneprov.conf(5) names every file a key lands in" [ -z "$missing" ]
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$A$U/share/man/man1/phoneprov.1" 2>/dev/null |
	sed 's/.\x08//g' >"$WORK/man1.txt"
missing=""
for c in check render list status exec enable disable notify; do
	grep -q "^       $c\\b" "$WORK/man1.txt" || missing="$missing $c"
done
check "man: phoneprov(1) has a paragraph for each command" [ -z "$missing" ]
[ -z "$missing" ] || echo "# not in phoneprov(1):$missing"

# ---- pkg-config, and a program built against the staged library ------------
if command -v pkg-config >/dev/null 2>&1; then
	PC="env PKG_CONFIG_PATH=$A$U/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$A pkg-config"
	check "pkg-config: --modversion phoneprov is $VERSION" \
		[ "$($PC --modversion phoneprov)" = "$VERSION" ]
	cat >"$WORK/use.c" <<'EOF'
#include <phoneprov.h>
#include <stdio.h>
int main(void)
{
	char m[PP_MAC_LEN + 1];
	if (pp_mac_parse("00:1b:d4:12:34:56", m) != PP_OK)
		return 1;
	printf("%s %s\n", m, pp_kind_name(pp_classify(NULL, "SIPDefault.cnf", NULL)));
	return 0;
}
EOF
	# shellcheck disable=SC2046
	if ${CC:-cc} -std=c11 -Wall -Werror -o "$WORK/use" "$WORK/use.c" \
		$($PC --cflags --libs phoneprov) 2>"$WORK/cc.out"; then
		out=$(LD_LIBRARY_PATH="$A$U/lib" "$WORK/use")
		check "pkg-config: a program built with its flags runs on the installed library" \
			eval 'echo "$out" | grep -q "^001BD4123456 "'
		check "pkg-config: it links libphoneprov.so.0" \
			eval 'LD_LIBRARY_PATH="$A$U/lib" ldd "$WORK/use" | grep -q "libphoneprov.so.0 => $A"'
	else
		not_ok "pkg-config: a program builds with its flags" "$(head -n 5 "$WORK/cc.out")"
	fi
else
	echo "skip - pkg-config: not installed"
fi

# ---- uninstall -----------------------------------------------------------------
mk uninstall DESTDIR="$A" >/dev/null 2>&1
left=$(cd "$A" && find . \( -type f -o -type l \))
check "uninstall: every installed file is gone" [ -z "$left" ]
[ -z "$left" ] || echo "$left" | sed 's/^/# left: /'

# ---- PREFIX and LIBDIR, and the paths compiled into the command ------------
B2=$WORK/b2
S=$WORK/s2
if mk -j2 B="$B2" install PREFIX=/usr LIBDIR="/usr/lib/$TRIPLET" DESTDIR="$S" \
	>"$WORK/install2.out" 2>&1; then
	ok "install: PREFIX=/usr LIBDIR=/usr/lib/$TRIPLET"
else
	not_ok "install: PREFIX=/usr LIBDIR=/usr/lib/$TRIPLET" "$(tail -n 5 "$WORK/install2.out")"
fi
check "install: the library lands in LIBDIR, the shim and hook in LIBDIR/phoneprov" \
	eval '[ -e "$S/usr/lib/$TRIPLET/libphoneprov.so.$VERSION" ] &&
	[ -e "$S/usr/lib/$TRIPLET/phoneprov/libphoneprov-preload.so" ] &&
	[ -x "$S/usr/lib/$TRIPLET/phoneprov/phoneprov-dhcp-script" ] &&
	grep -qx "libdir=/usr/lib/$TRIPLET" "$S/usr/lib/$TRIPLET/pkgconfig/phoneprov.pc"'
out=$("$S/usr/bin/phoneprov" -c contrib/phoneprov.conf.example exec -- true 2>&1)
check "install: the installed command looks for the shim where make install put it" \
	eval 'echo "$out" | grep -qF "/usr/lib/$TRIPLET/phoneprov/libphoneprov-preload.so"'
out=$("$CLI" -c contrib/phoneprov.conf.example exec -- true 2>&1)
check "install: the build tree's command still finds its own shim" [ -z "$out" ]

# ---- phoneprov enable / disable on a scratch root --------------------------
# The store: the example, root-only, journal in our folder.
ST=$WORK/store
mkdir -m 700 "$ST"
sed "s|^state_dir = .*|state_dir = \"$WORK/state\";|" contrib/phoneprov.conf.example \
	>"$ST/phoneprov.conf"
chmod 600 "$ST/phoneprov.conf"
R=$WORK/root
mkdir -p "$R/etc/default"
printf 'TFTP_USERNAME="tftp"\nTFTP_DIRECTORY="/srv/tftp"\nTFTP_ADDRESS=":69"\nTFTP_OPTIONS="--secure"\n' \
	>"$R/etc/default/tftpd-hpa"
cp "$R/etc/default/tftpd-hpa" "$WORK/default.orig"
en() { # the command with the scratch store, root and shim; sets rc, out in $WORK/out
	"$CLI" -c "$ST/phoneprov.conf" "$@" >"$WORK/out" 2>&1
	rc=$?
}
# What packaging/ ships, with this build's shim and the scratch store.
shipped() { # $1 = packaging/ file
	sed -e "s|/usr/lib/phoneprov/libphoneprov-preload.so|$SHIM|" \
		-e "s|/etc/phoneprov.conf|$ST/phoneprov.conf|" "$1"
}

en enable --root "$R" --init sysv --shim "$SHIM" tftpd-hpa
check "enable sysv: exit 0 and says what it added and how to restart" \
	eval '[ $rc = 0 ] && grep -q "added to $R/etc/default/tftpd-hpa" "$WORK/out" &&
	grep -q "service tftpd-hpa restart" "$WORK/out"'
{ cat "$WORK/default.orig"; shipped packaging/default/tftpd-hpa; } >"$WORK/default.want"
check "enable sysv: /etc/default/tftpd-hpa gains packaging/default/tftpd-hpa, exports and all" \
	cmp -s "$WORK/default.want" "$R/etc/default/tftpd-hpa"
check "enable sysv: it created the store's state_dir" [ -d "$WORK/state" ]
check "enable sysv: a shell that sources it exports LD_PRELOAD and PHONEPROV_CONFIG" \
	eval '[ "$(sh -c ". $R/etc/default/tftpd-hpa; env" | grep -c "^LD_PRELOAD=$SHIM$\|^PHONEPROV_CONFIG=$ST/phoneprov.conf$")" = 2 ]'
en enable --root "$R" --init sysv --shim "$SHIM" tftpd-hpa
check "enable sysv: a second time changes nothing" \
	eval '[ $rc = 0 ] && grep -q "nothing changed" "$WORK/out" &&
	cmp -s "$WORK/default.want" "$R/etc/default/tftpd-hpa"'

# ---- a real in.tftpd, started the way the enabled file says ----------------
if [ "$(id -u)" = 0 ] && command -v in.tftpd >/dev/null 2>&1 && command -v tftp >/dev/null 2>&1; then
	printf '#!/bin/sh\n. %s\nexec in.tftpd "$@"\n' "$R/etc/default/tftpd-hpa" >"$WORK/tftpd-init"
	chmod 755 "$WORK/tftpd-init"
	TROOT=$WORK/tftproot
	make_root "$TROOT"
	if TFTPD=$WORK/tftpd-init start_tftpd "$TROOT"; then
		"$CLI" -c "$ST/phoneprov.conf" render SIPDefault.cnf >"$WORK/want.cnf"
		r=$(tftp_get SIPDefault.cnf "$WORK/got.cnf")
		check "enable sysv: in.tftpd started as /etc/default says serves SIPDefault.cnf" \
			eval '[ "$r" = ok ] && cmp -s "$WORK/want.cnf" "$WORK/got.cnf"'
		check "enable sysv: ... and journals it in the store's state_dir" \
			grep -q 'name=SIPDefault.cnf.*decision=served' "$WORK/state/tftpd.journal"
		stop_tftpd "$PID"
	else
		not_ok "enable sysv: in.tftpd starts as /etc/default says"
	fi
else
	echo "skip - enable sysv: serving through in.tftpd: needs root, in.tftpd and tftp"
fi

en disable --root "$R" tftpd-hpa
check "disable: exit 0, and /etc/default/tftpd-hpa is byte for byte as before" \
	eval '[ $rc = 0 ] && cmp -s "$WORK/default.orig" "$R/etc/default/tftpd-hpa" &&
	grep -q "removed the phoneprov lines" "$WORK/out"'
en disable --root "$R" tftpd-hpa
check "disable: a second time says nothing changed" \
	eval '[ $rc = 0 ] && grep -q "nothing changed" "$WORK/out"'

en enable --root "$R" --init systemd --shim "$SHIM" tftpd-hpa
check "enable systemd: writes packaging/systemd/tftpd-hpa.service.d/phoneprov.conf" \
	eval '[ $rc = 0 ] && shipped packaging/systemd/tftpd-hpa.service.d/phoneprov.conf |
	cmp -s - "$R/etc/systemd/system/tftpd-hpa.service.d/phoneprov.conf"'
check "enable systemd: says how to restart" \
	grep -q "systemctl daemon-reload && systemctl restart tftpd-hpa" "$WORK/out"
check "enable systemd: /etc/default is left alone" \
	cmp -s "$WORK/default.orig" "$R/etc/default/tftpd-hpa"
en disable --root "$R" tftpd-hpa
check "disable systemd: the drop-in and its folder are gone" \
	eval '[ $rc = 0 ] && [ ! -e "$R/etc/systemd/system/tftpd-hpa.service.d" ]'

# ---- dnsmasq: the drop-in, its snippet, the TFTP root, the ACL entries ------------
# The store's TFTP root does not exist yet, as on a Pi without tftpd-hpa.
TR=$WORK/tftp
sed -i "s|root = \"/srv/tftp\";|root = \"$TR\";|" "$ST/phoneprov.conf"
HOOK=$(dirname "$SHIM")/phoneprov-dhcp-script
SNIP=$R/etc/dnsmasq.d/phoneprov.conf
DROP=$R/etc/systemd/system/dnsmasq.service.d/phoneprov.conf
# contrib/dnsmasq.d/phoneprov.conf with this test's TFTP root and hook.
snippet() {
	sed -e "s|^tftp-root=.*|tftp-root=$TR|" -e "s|^dhcp-script=.*|dhcp-script=$HOOK|" \
		contrib/dnsmasq.d/phoneprov.conf
}
facls() { getfacl -cp "$ST/phoneprov.conf" "$ST" "$WORK/state" 2>/dev/null; }
# dnsmasq as Debian's init script (and its systemd helper) starts it: the
# files in /etc/dnsmasq.d, as user dnsmasq, with the drop-in's environment;
# in a network namespace of its own (TFTP takes port 69).  Sets DPID.
CAN_NS=0
if [ "$(id -u)" = 0 ] && command -v dnsmasq >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
	ip netns add "pp-probe-$$" 2>/dev/null; then
	ip netns del "pp-probe-$$"
	. tests/integration/netns.sh
	CAN_NS=1
fi
start_as_init() { # NS LOG: dnsmasq -7 $R/etc/dnsmasq.d,... with the drop-in's variables
	envs=$(sed -n 's/^Environment=//p' "$DROP" 2>/dev/null | tr '\n' ' ')
	new_ns "$1" || return 1
	# shellcheck disable=SC2086
	start_dnsmasq "$1" "$2" $envs PHONEPROV_LOG="$WORK/dm.decisions" -- --port=0 \
		-7 "$R/etc/dnsmasq.d,.dpkg-dist,.dpkg-old,.dpkg-new" --user=dnsmasq \
		--pid-file="$WORK/dm.pid" --dhcp-leasefile="$WORK/dm.leases"
}

if getent passwd dnsmasq >/dev/null 2>&1 && command -v getfacl >/dev/null 2>&1 &&
	setfacl -m u:dnsmasq:r "$WORK/default.orig" 2>/dev/null; then
	setfacl -b "$WORK/default.orig"
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: without $R/etc/dnsmasq.d (dnsmasq not installed) fails (1), nothing written" \
		eval '[ $rc = 1 ] && grep -q "is dnsmasq installed" "$WORK/out" && [ ! -e "$DROP" ] &&
		[ ! -e "$TR" ] && [ -z "$(getfacl -scp "$ST/phoneprov.conf")" ]'
	mkdir -p "$R/etc/dnsmasq.d"
	touch "$WORK/dm.decisions"
	chown dnsmasq "$WORK/dm.decisions"
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	sed 's/^/# /' "$WORK/out"
	check "enable dnsmasq: writes packaging/systemd/dnsmasq.service.d/phoneprov.conf" \
		eval '[ $rc = 0 ] && shipped packaging/systemd/dnsmasq.service.d/phoneprov.conf |
		cmp -s - "$DROP"'
	check "enable dnsmasq: writes contrib/dnsmasq.d/phoneprov.conf to /etc/dnsmasq.d, with the store's TFTP root and the hook" \
		eval 'snippet | cmp -s - "$SNIP"'
	check "enable dnsmasq: creates the missing TFTP root, and says so" \
		eval '[ -d "$TR" ] && grep -q "created $TR (the TFTP root" "$WORK/out"'
	acl=$(getfacl -cp "$ST/phoneprov.conf" 2>/dev/null)
	check "enable dnsmasq: the dnsmasq user alone gets read access to the store (ACL)" \
		eval 'echo "$acl" | grep -qx "user:dnsmasq:r--" && echo "$acl" | grep -qx "group::---" &&
		echo "$acl" | grep -qx "other::---"'
	check "enable dnsmasq: ... and may enter the store's 0700 folder, and write its journal" \
		eval 'getfacl -cp "$ST" | grep -qx "user:dnsmasq:--x" &&
		getfacl -cp "$WORK/state" | grep -qx "user:dnsmasq:rwx"'
	check "enable dnsmasq: the store's folder holds nothing else, so no note about it" \
		eval '! grep -q "can now also reach" "$WORK/out"'
	check "enable dnsmasq: su dnsmasq can read the store" \
		eval 'su -s /bin/sh dnsmasq -c "head -c1 $ST/phoneprov.conf" >/dev/null 2>&1 ||
		[ "$(id -u)" != 0 ]'
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: a second time changes nothing" \
		eval '[ $rc = 0 ] && grep -q "nothing changed" "$WORK/out" && snippet | cmp -s - "$SNIP"'

	if [ $CAN_NS = 1 ]; then
		if start_as_init "ppin$$" "$WORK/dm.log"; then
			ok "enable dnsmasq: dnsmasq started as its init script does (-7 /etc/dnsmasq.d, -u dnsmasq) comes up"
			"$CLI" -c "$ST/phoneprov.conf" render SIPDefault.cnf >"$WORK/want.cnf"
			r=$(ns_tftp "ppin$$" 127.0.0.1 SIPDefault.cnf "$WORK/got.cnf")
			check "enable dnsmasq: ... and its TFTP serves SIPDefault.cnf from the store ($r)" \
				eval '[ "$r" = ok ] && cmp -s "$WORK/want.cnf" "$WORK/got.cnf"'
			kill "$DPID"
			wait "$DPID" 2>/dev/null
		else
			not_ok "enable dnsmasq: dnsmasq started as its init script does (-7 /etc/dnsmasq.d, -u dnsmasq) comes up" \
				"$(tail -n 2 "$WORK/dm.log")"
		fi
	else
		echo "skip - enable dnsmasq: starting dnsmasq: needs root, dnsmasq and network namespaces"
	fi

	en disable --root "$R" dnsmasq
	check "disable dnsmasq: the drop-in and the snippet are gone" \
		eval '[ $rc = 0 ] && [ ! -e "$R/etc/systemd/system/dnsmasq.service.d" ] && [ ! -e "$SNIP" ] &&
		[ -z "$(ls -A "$R/etc/dnsmasq.d")" ]'
	check "disable dnsmasq: no ACL is left; the store is 0600 again, its folder 0700" \
		eval '[ -z "$(getfacl -scp "$ST/phoneprov.conf" "$ST" "$WORK/state" 2>/dev/null)" ] &&
		[ "$(stat -c %a "$ST/phoneprov.conf")" = 600 ] && [ "$(stat -c %a "$ST")" = 700 ]'
	if [ $CAN_NS = 1 ]; then
		new_ns "ppout$$"
		in_ns "ppout$$" timeout 2 dnsmasq -k -C /dev/null --port=0 \
			-7 "$R/etc/dnsmasq.d,.dpkg-dist,.dpkg-old,.dpkg-new" --user=dnsmasq \
			--pid-file="$WORK/dm.pid" --log-facility="$WORK/dm2.log" >/dev/null 2>&1
		rc=$?
		check "disable dnsmasq: dnsmasq started as its init script does comes up again (ran until timeout: $rc)" \
			[ $rc = 124 ]
	fi

	# An edited snippet: disable removes the rest and leaves it, and says why.
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	echo 'dhcp-range=192.0.2.100,192.0.2.199,255.255.255.0,12h' >>"$SNIP"
	cp "$SNIP" "$WORK/snip.edited"
	en disable --root "$R" dnsmasq
	check "disable dnsmasq: an edited snippet is left byte for byte, and said so (exit 1)" \
		eval '[ $rc = 1 ] && cmp -s "$SNIP" "$WORK/snip.edited" &&
		grep -q "left $SNIP alone: it is not the file phoneprov enable writes" "$WORK/out"'
	check "disable dnsmasq: ... and the drop-in and the ACL entries still go" \
		eval '[ ! -e "$DROP" ] && [ -z "$(getfacl -scp "$ST/phoneprov.conf")" ]'
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: refuses to replace a snippet that is not its own (1), nothing changed" \
		eval '[ $rc = 1 ] && cmp -s "$SNIP" "$WORK/snip.edited" && [ ! -e "$DROP" ] &&
		[ -z "$(getfacl -scp "$ST/phoneprov.conf")" ] && grep -q "nothing changed" "$WORK/out"'
	rm -f "$SNIP"

	# An edited drop-in: left alone too.
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	echo "Environment=PHONEPROV_LOG=/var/log/phoneprov.log" >>"$DROP"
	cp "$DROP" "$WORK/drop.edited"
	en disable --root "$R" dnsmasq
	check "disable dnsmasq: an edited drop-in is left byte for byte, and said so (exit 1)" \
		eval '[ $rc = 1 ] && cmp -s "$DROP" "$WORK/drop.edited" &&
		grep -q "left $DROP alone" "$WORK/out" && [ ! -e "$SNIP" ]'
	rm -rf "$R/etc/systemd/system/dnsmasq.service.d"

	# The hook must be beside the shim.
	mkdir "$WORK/nohook"
	cp "$SHIM" "$WORK/nohook/"
	en enable --root "$R" --init systemd --shim "$WORK/nohook/libphoneprov-preload.so" dnsmasq
	check "enable dnsmasq: no hook beside the shim fails (1), nothing written" \
		eval '[ $rc = 1 ] && grep -q "the hook $WORK/nohook/phoneprov-dhcp-script" "$WORK/out" &&
		[ ! -e "$DROP" ] && [ ! -e "$SNIP" ]'

	# ---- ACLs that were there before: no one's rights change (issue 14, 13) --------
	setfacl -m g:users:rw,m::r "$ST/phoneprov.conf"
	before=$(getfacl -cp "$ST/phoneprov.conf")
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	acl=$(getfacl -cp "$ST/phoneprov.conf")
	check "enable dnsmasq: a group's rw masked to r stays r (the mask is not widened)" \
		eval '[ $rc = 0 ] && echo "$acl" | grep -qx "mask::r--" &&
		echo "$acl" | grep -qx "user:dnsmasq:r--"'
	en disable --root "$R" dnsmasq
	check "disable dnsmasq: ... and afterwards the ACL is exactly as before" \
		eval '[ $rc = 0 ] && [ "$(getfacl -cp "$ST/phoneprov.conf")" = "$before" ]'
	[ "$(getfacl -cp "$ST/phoneprov.conf")" = "$before" ] ||
		getfacl -cp "$ST/phoneprov.conf" | sed 's/^/# after: /'
	setfacl -m g:users:r,m::- "$ST/phoneprov.conf"
	before=$(getfacl -cp "$ST/phoneprov.conf")
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: refuses (1) when the mask would have to widen for another entry" \
		eval '[ $rc = 1 ] && grep -q "group:users would get r-- where it has ---" "$WORK/out" &&
		[ "$(getfacl -cp "$ST/phoneprov.conf")" = "$before" ] && [ ! -e "$DROP" ] &&
		[ ! -e "$SNIP" ]'
	setfacl -b "$ST/phoneprov.conf"
	chmod 600 "$ST/phoneprov.conf"

	# ---- state_dir must be phoneprov's own (issue 14, 12) ------------------------------
	enable_state() { # DIR: enable dnsmasq with the store's state_dir set to DIR
		sed "s|^state_dir = .*|state_dir = \"$1\";|" "$ST/phoneprov.conf" >"$ST/other.conf"
		chmod 600 "$ST/other.conf"
		"$CLI" -c "$ST/other.conf" enable --root "$R" --init systemd --shim "$SHIM" dnsmasq \
			>"$WORK/out" 2>&1
		rc=$?
	}
	untouched() { # DIR: no ACL on it, no drop-in, no snippet
		[ -z "$(getfacl -scp "$1" 2>/dev/null)" ] && [ ! -e "$DROP" ] && [ ! -e "$SNIP" ]
	}
	ETC=$WORK/etc-like
	mkdir "$ETC"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$ETC/passwd"
	enable_state "$ETC"
	check "enable dnsmasq: refuses (1) a state_dir holding other files (an /etc), no ACL there" \
		eval '[ $rc = 1 ] && grep -q "state_dir $ETC: it holds passwd" "$WORK/out" && untouched "$ETC"'
	mkdir "$WORK/theirs"
	chown nobody "$WORK/theirs"
	enable_state "$WORK/theirs"
	check "enable dnsmasq: refuses (1) a state_dir that root does not own" \
		eval '[ $rc = 1 ] && grep -q "not owned by root" "$WORK/out" && untouched "$WORK/theirs"'
	ln -s "$WORK/state" "$WORK/state-link"
	enable_state "$WORK/state-link"
	check "enable dnsmasq: refuses (1) a state_dir that is a symbolic link" \
		eval '[ $rc = 1 ] && grep -q "symbolic link" "$WORK/out" && untouched "$WORK/state"'
	enable_state "$TR"
	check "enable dnsmasq: refuses (1) the TFTP root as state_dir" \
		eval '[ $rc = 1 ] && grep -q "it is the TFTP root" "$WORK/out" && untouched "$TR"'
	"$CLI" -c "$ST/other.conf" check >"$WORK/out" 2>&1
	check "check: warns (exit 0) about a state_dir enable dnsmasq would refuse" \
		eval '[ $? = 0 ] && grep -q "warning: state_dir $TR is not a folder of phoneprov" "$WORK/out"'
	rm -f "$ST/other.conf"

	# ---- a store folder with other things in it: enable says what it opens -----------
	echo notes >"$ST/notes.txt"
	chmod 644 "$ST/notes.txt"
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: says what else the store's folder opens to the dnsmasq user" \
		eval '[ $rc = 0 ] && grep -q "note: dnsmasq can now also reach 1 other entry of $ST .*notes.txt" "$WORK/out"'
	en disable --root "$R" dnsmasq
	rm -f "$ST/notes.txt"
	check "disable dnsmasq: clean again" eval '[ $rc = 0 ] && untouched "$ST"'
else
	echo "skip - enable dnsmasq: ACLs: needs the dnsmasq user, getfacl and a file system with ACLs"
fi

# ---- /etc/default blocks that are not exactly ours (issue 14, 15) -------------------
D=$R/etc/default/tftpd-hpa
en enable --root "$R" --init sysv --shim "$SHIM" tftpd-hpa
# The admin deletes the end marker and adds lines below the block.
grep -v '^# phoneprov: end' "$D" >"$WORK/d" && cat "$WORK/d" >"$D"
printf 'TFTP_OPTIONS="--secure --verbose"\n# mine\n' >>"$D"
cp "$D" "$WORK/default.noend"
en disable --root "$R" tftpd-hpa
check "disable: a block without its end marker: the file is left byte for byte (exit 1), and why" \
	eval '[ $rc = 1 ] && cmp -s "$D" "$WORK/default.noend" &&
	grep -q "line 5: a \"# phoneprov: begin\" line without its \"# phoneprov: end\" line" "$WORK/out"'
en enable --root "$R" --init sysv --shim "$SHIM" tftpd-hpa
check "enable: refuses (1) to add to a file with a broken block, nothing changed" \
	eval '[ $rc = 1 ] && cmp -s "$D" "$WORK/default.noend"'
# A line of the admin's inside the block.
{ cat "$WORK/default.orig"; shipped packaging/default/tftpd-hpa | sed '2a export PHONEPROV_LOG=/tmp/x'; } >"$D"
cp "$D" "$WORK/default.inner"
en disable --root "$R" tftpd-hpa
check "disable: a block with a line of the admin's in it is left byte for byte (exit 1)" \
	eval '[ $rc = 1 ] && cmp -s "$D" "$WORK/default.inner" && grep -q "lines 5-9:" "$WORK/out"'
# Our block, then the admin's lines after it: only the block goes.
{ cat "$WORK/default.orig"; shipped packaging/default/tftpd-hpa; printf '# mine\n'; } >"$D"
en disable --root "$R" tftpd-hpa
check "disable: only the block goes; the admin's lines after it stay" \
	eval '[ $rc = 0 ] && { cat "$WORK/default.orig"; printf "# mine\n"; } | cmp -s - "$D"'
cp "$WORK/default.orig" "$D"

# ---- refusals ---------------------------------------------------------------------
en enable --root "$R" --shim "$SHIM" lighttpd
check "enable: an unknown server is a usage error (2)" [ $rc = 2 ]
en enable --root "$R" --shim "$SHIM"
check "enable: no server is a usage error (2)" [ $rc = 2 ]
en enable --root "$R" --init upstart --shim "$SHIM" tftpd-hpa
check "enable: --init upstart is a usage error (2)" [ $rc = 2 ]
en enable --root "$R" --init sysv --shim /nonexistent/shim.so tftpd-hpa
check "enable: a shim that is not there fails (1), nothing written" \
	eval '[ $rc = 1 ] && cmp -s "$WORK/default.orig" "$R/etc/default/tftpd-hpa"'
en enable --root "$R" --init sysv --shim "$SHIM" dnsmasq
check "enable sysv: no /etc/default/dnsmasq (dnsmasq not installed) fails (1)" \
	eval '[ $rc = 1 ] && grep -q "is dnsmasq installed" "$WORK/out" && [ ! -e "$R/etc/default/dnsmasq" ]'
printf 'version = 1;\nphones = ( { mac = "zz"; } );\n' >"$WORK/broken.conf"
"$CLI" -c "$WORK/broken.conf" enable --root "$R" --init sysv --shim "$SHIM" tftpd-hpa \
	>"$WORK/out" 2>&1
rc=$?
check "enable: a store with errors fails (1) with FILE:LINE, nothing written" \
	eval '[ $rc = 1 ] && grep -q "broken.conf:2: error" "$WORK/out" &&
	cmp -s "$WORK/default.orig" "$R/etc/default/tftpd-hpa"'
check "help: lists enable and disable" \
	eval '"$CLI" --help | grep -q "^  enable " && "$CLI" --help | grep -q "^  disable "'

[ $failures = 0 ]
