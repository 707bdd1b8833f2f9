#!/bin/sh
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
# Every key the store accepts (lib/store.c, lib/level.c) is documented.
keys=$(sed -n 's/^ *{"\([a-z_0-9]*\)", F_.*/\1/p' lib/level.c | sort -u)
keys="$keys version tftp root security mac_binding leases allow state_dir defaults profiles phones"
missing=""
for k in $keys; do
	grep -q "\\b$k\\b" "$WORK/conf5.txt" || missing="$missing $k"
done
check "man: phoneprov.conf(5) documents every key of lib/level.c and lib/store.c" \
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
for c in check render list status exec enable disable; do
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

# ---- dnsmasq: the drop-in and the ACL entries ---------------------------------
if getent passwd dnsmasq >/dev/null 2>&1 && command -v getfacl >/dev/null 2>&1 &&
	setfacl -m u:dnsmasq:r "$WORK/default.orig" 2>/dev/null; then
	setfacl -b "$WORK/default.orig"
	en enable --root "$R" --init systemd --shim "$SHIM" dnsmasq
	check "enable dnsmasq: writes packaging/systemd/dnsmasq.service.d/phoneprov.conf" \
		eval '[ $rc = 0 ] && shipped packaging/systemd/dnsmasq.service.d/phoneprov.conf |
		cmp -s - "$R/etc/systemd/system/dnsmasq.service.d/phoneprov.conf"'
	acl=$(getfacl -cp "$ST/phoneprov.conf" 2>/dev/null)
	check "enable dnsmasq: the dnsmasq user alone gets read access to the store (ACL)" \
		eval 'echo "$acl" | grep -qx "user:dnsmasq:r--" && echo "$acl" | grep -qx "group::---" &&
		echo "$acl" | grep -qx "other::---"'
	check "enable dnsmasq: ... and may enter the store's 0700 folder, and write its journal" \
		eval 'getfacl -cp "$ST" | grep -qx "user:dnsmasq:--x" &&
		getfacl -cp "$WORK/state" | grep -qx "user:dnsmasq:rwx"'
	check "enable dnsmasq: su dnsmasq can read the store" \
		eval 'su -s /bin/sh dnsmasq -c "head -c1 $ST/phoneprov.conf" >/dev/null 2>&1 ||
		[ "$(id -u)" != 0 ]'
	en disable --root "$R" dnsmasq
	check "disable dnsmasq: the drop-in is gone" \
		eval '[ $rc = 0 ] && [ ! -e "$R/etc/systemd/system/dnsmasq.service.d" ]'
	check "disable dnsmasq: no ACL is left; the store is 0600 again, its folder 0700" \
		eval '[ -z "$(getfacl -scp "$ST/phoneprov.conf" "$ST" "$WORK/state" 2>/dev/null)" ] &&
		[ "$(stat -c %a "$ST/phoneprov.conf")" = 600 ] && [ "$(stat -c %a "$ST")" = 700 ]'
else
	echo "skip - enable dnsmasq: ACLs: needs the dnsmasq user, getfacl and a file system with ACLs"
fi

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
