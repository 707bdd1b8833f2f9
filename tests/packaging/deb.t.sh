#!/bin/sh
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016,SC2012,SC2086,SC2034,SC1091 # eval'd checks; lists split on purpose
# The .deb that `make deb` left in build/deb/, installed for real on this
# machine with apt, as a Pi user would:
#  - install: /etc/phoneprov.conf appears, root:root 0600, valid; no server
#    config changes and a running in.tftpd is left alone;
#  - phoneprov enable tftpd-hpa; an in.tftpd started the way the drop-in (or
#    /etc/default/tftpd-hpa) says serves a synthesised file on loopback;
#  - phoneprov enable dnsmasq: the drop-in, /etc/dnsmasq.d/phoneprov.conf and
#    the dnsmasq user's ACL entry; a dnsmasq started as Debian's init script
#    starts it (in a network namespace) comes up and serves;
#  - phoneprov disable and apt purge leave nothing behind, and dnsmasq still
#    comes up;
#  - apt remove of an enabled package disables it; libphoneprov-dev builds a
#    program with pkg-config;
#  - an /etc/default block the admin edited survives the purge, with the
#    admin's lines.
# Needs root and apt.  Skipped when there is no .deb, or when phoneprov is
# already installed here or /etc/phoneprov.conf exists (someone's real store).
. tests/integration/harness.sh

TESTS="deb-install deb-enable deb-serve deb-purge deb-remove deb-edited"
skip_all() { # $1 = why
	for n in $TESTS; do
		echo "skip - $n: $1"
	done
	exit 0
}
A=$(dpkg --print-architecture 2>/dev/null)
DEB=$(ls build/deb/phoneprov_*_"$A".deb 2>/dev/null | head -n 1)
LIB=$(ls build/deb/libphoneprov0_*_"$A".deb 2>/dev/null | head -n 1)
DEV=$(ls build/deb/libphoneprov-dev_*_"$A".deb 2>/dev/null | head -n 1)
[ -n "$DEB" ] || skip_all "no build/deb/phoneprov_*_$A.deb (make deb)"
[ "$(id -u)" = 0 ] || skip_all "needs root (apt install)"
command -v apt-get >/dev/null 2>&1 || skip_all "no apt-get"
# A package's state, the last word of dpkg's Status: installed, config-files,
# not-installed, ...; empty when dpkg has never heard of it.  (A grep for
# "installed" would match "not-installed" too.)
pkg_state() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | sed 's/.* //'
}
for p in phoneprov libphoneprov0 libphoneprov-dev; do
	case $(pkg_state "$p") in "" | not-installed) ;; *)
		skip_all "$p is installed (or left its files) on this machine; the test would replace it" ;;
	esac
done
[ -e /etc/phoneprov.conf ] && skip_all "/etc/phoneprov.conf exists (a real store?)"
[ -e /etc/dnsmasq.d/phoneprov.conf ] && skip_all "/etc/dnsmasq.d/phoneprov.conf exists (a real one?)"
need_tools $TESTS
CAN_NS=0
if command -v dnsmasq >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
	ip netns add "pp-probe-$$" 2>/dev/null; then
	ip netns del "pp-probe-$$"
	CAN_NS=1
fi
. tests/integration/netns.sh

export DEBIAN_FRONTEND=noninteractive
APT="apt-get -y -q --no-install-recommends -o Dpkg::Use-Pty=0"
DEFAULTS="/etc/default/tftpd-hpa /etc/default/dnsmasq"

# Everything named *phoneprov* outside the build, and the files enable edits.
snapshot() { # $1 = out
	{
		find /etc /usr /var/lib /var/log /opt /srv -xdev -name '*phoneprov*' \
			-not -path '/var/lib/apt/lists/*' 2>/dev/null | LC_ALL=C sort
		for f in $DEFAULTS; do
			[ -e "$f" ] && echo "$f $(md5sum <"$f" | cut -c1-32) $(stat -c %a "$f")"
		done
		ls -d /etc/systemd/system/*.service.d 2>/dev/null
	} >"$1"
}
snapshot "$WORK/before"
for f in $DEFAULTS; do [ -e "$f" ] && cp -p "$f" "$WORK/$(basename "$f").orig"; done
restore() { # put back what a failed test may have left
	for f in $DEFAULTS; do
		[ -e "$WORK/$(basename "$f").orig" ] && cp -p "$WORK/$(basename "$f").orig" "$f"
	done
	$APT purge phoneprov libphoneprov0 libphoneprov-dev >/dev/null 2>&1
	rm -rf /etc/systemd/system/tftpd-hpa.service.d/phoneprov.conf \
		/etc/systemd/system/dnsmasq.service.d/phoneprov.conf /etc/dnsmasq.d/phoneprov.conf
	[ "$MADE_DD" = 1 ] && rmdir /etc/dnsmasq.d 2>/dev/null
	netns_cleanup
}
MADE_DD=0
trap restore EXIT

# ---- a server that runs before the install must stay untouched -------------
TROOT=$WORK/tftproot
make_root "$TROOT"
start_tftpd "$TROOT" || not_ok "deb-install: start a plain in.tftpd"
OLD=$PID

# ---- install ------------------------------------------------------------------
if $APT install "./$DEB" >"$WORK/apt.out" 2>&1; then
	ok "deb-install: apt-get install ./$(basename "$DEB")"
else
	not_ok "deb-install: apt-get install ./$(basename "$DEB")" "$(tail -n 5 "$WORK/apt.out")"
	exit 1
fi
check "deb-install: /etc/phoneprov.conf is created root:root 0600 from the example" \
	eval '[ "$(stat -c %U:%G:%a /etc/phoneprov.conf)" = root:root:600 ] &&
	cmp -s /etc/phoneprov.conf /usr/share/phoneprov/phoneprov.conf.example'
check "deb-install: phoneprov check passes on it" eval 'phoneprov check >/dev/null 2>&1'
check "deb-install: the shim, the hook, the man pages, logrotate" \
	eval '[ -f /usr/lib/phoneprov/libphoneprov-preload.so ] &&
	[ -x /usr/lib/phoneprov/phoneprov-dhcp-script ] &&
	[ -f /usr/share/man/man5/phoneprov.conf.5.gz ] && [ -f /etc/logrotate.d/phoneprov ]'
# Every file a man page names under /usr is there, as named (not .gz).
named=$(for m in /usr/share/man/man1/phoneprov.1.gz /usr/share/man/man5/phoneprov.conf.5.gz \
	/usr/share/man/man8/phoneprov-preload.8.gz; do zcat "$m"; done |
	grep -oE '/usr/[A-Za-z0-9_./\\-]*[A-Za-z0-9_/]' | sed 's/\\-/-/g' | sort -u)
absent=""
for f in $named; do [ -e "$f" ] || absent="$absent $f"; done
check "deb-install: every /usr path the man pages name exists ($(echo $named | wc -w) paths)" \
	eval '[ -n "$named" ] && [ -z "$absent" ]'
[ -z "$absent" ] || echo "# missing:$absent"
check "deb-install: the example store in /usr/share/doc/phoneprov is not compressed" \
	cmp -s /usr/share/doc/phoneprov/phoneprov.conf.example /usr/share/phoneprov/phoneprov.conf.example
# logrotate -d exits 0 even when it ignores a line, or the whole file (one
# others may write): so no "error:" either, and the pattern and the size
# limit as it read them.  Then a real, forced rotation of a journal.
if command -v logrotate >/dev/null 2>&1; then
	logrotate -d -s "$WORK/logrotate.state" /etc/logrotate.d/phoneprov >"$WORK/lr.out" 2>&1
	rc=$?
	check "deb-install: logrotate -d reads its file without an error (exit $rc)" \
		eval '[ $rc = 0 ] && ! grep -qi "error" "$WORK/lr.out" &&
		grep -q "^rotating pattern: /var/lib/phoneprov/\*\.journal " "$WORK/lr.out" &&
		grep -q "log files >= 16777216 are rotated earlier" "$WORK/lr.out"'
	[ $rc = 0 ] && ! grep -qi error "$WORK/lr.out" || sed 's/^/#   /' "$WORK/lr.out" | head -n 20
	echo 'event=note detail=logrotate' >/var/lib/phoneprov/lr-check.journal
	logrotate -f -s "$WORK/logrotate.state" /etc/logrotate.d/phoneprov >"$WORK/lr.out" 2>&1
	rc=$?
	check "deb-install: logrotate -f rotates a journal, creating no new one (exit $rc)" \
		eval '[ $rc = 0 ] && [ -s /var/lib/phoneprov/lr-check.journal.1 ] &&
		[ ! -e /var/lib/phoneprov/lr-check.journal ]'
	rm -f /var/lib/phoneprov/lr-check.journal /var/lib/phoneprov/lr-check.journal.1
else
	not_ok "deb-install: logrotate reads its file" "logrotate is not installed (sh tools/deps.sh)"
fi
snapshot "$WORK/installed"
check "deb-install: no server's configuration changed" \
	eval '[ "$(grep "^/etc/default/\|^/etc/systemd/system/" "$WORK/before")" = \
	"$(grep "^/etc/default/\|^/etc/systemd/system/" "$WORK/installed")" ]'
check "deb-install: the running in.tftpd is the same process, without the shim" \
	eval 'kill -0 $OLD && ! grep -q libphoneprov-preload /proc/$OLD/maps'
stop_tftpd "$OLD"

# ---- enable tftpd-hpa, then start in.tftpd the way it says -------------------
phoneprov enable tftpd-hpa >"$WORK/enable.out" 2>&1
rc=$?
sed 's/^/# /' "$WORK/enable.out"
check "deb-enable: phoneprov enable tftpd-hpa (exit $rc) says how to restart" \
	eval '[ $rc = 0 ] && grep -q "restart tftpd-hpa\|tftpd-hpa restart" "$WORK/enable.out"'
DROPIN=/etc/systemd/system/tftpd-hpa.service.d/phoneprov.conf
if [ -e "$DROPIN" ]; then
	# systemd here: the drop-in's Environment= lines are what the service gets.
	env_args=$(sed -n 's/^Environment=//p' "$DROPIN" | tr '\n' ' ')
	printf '#!/bin/sh\nexec env %s in.tftpd "$@"\n' "$env_args" >"$WORK/tftpd-init"
	how="the drop-in"
else
	printf '#!/bin/sh\n. /etc/default/tftpd-hpa\nexec in.tftpd "$@"\n' >"$WORK/tftpd-init"
	how="/etc/default/tftpd-hpa"
fi
chmod 755 "$WORK/tftpd-init"
check "deb-enable: $how preloads /usr/lib/phoneprov/libphoneprov-preload.so" \
	eval 'grep -q "LD_PRELOAD=/usr/lib/phoneprov/libphoneprov-preload.so" "$DROPIN" /etc/default/tftpd-hpa 2>/dev/null'
if TFTPD=$WORK/tftpd-init start_tftpd "$TROOT"; then
	phoneprov render SIPDefault.cnf >"$WORK/want"
	r=$(tftp_get SIPDefault.cnf "$WORK/got")
	check "deb-serve: in.tftpd started as $how serves SIPDefault.cnf from /etc/phoneprov.conf" \
		eval '[ "$r" = ok ] && [ -s "$WORK/want" ] && cmp -s "$WORK/want" "$WORK/got"'
	r=$(tftp_get OS79XX.TXT "$WORK/got")
	check "deb-serve: ... and OS79XX.TXT" \
		eval '[ "$r" = ok ] && phoneprov render OS79XX.TXT | cmp -s - "$WORK/got"'
	check "deb-serve: the journal is in /var/lib/phoneprov" \
		grep -q 'name=SIPDefault.cnf.*decision=served' /var/lib/phoneprov/tftpd.journal
	check "deb-serve: phoneprov status sees the shim in that in.tftpd" \
		eval 'phoneprov status 2>/dev/null | grep -q "$PID"'
	stop_tftpd "$PID"
else
	not_ok "deb-serve: in.tftpd starts as $how says"
fi

# ---- enable dnsmasq: the drop-in, the snippet and the ACL entry ------------------
# dnsmasq as Debian's init script (or its systemd helper) starts it: the
# files in /etc/dnsmasq.d, as user dnsmasq, with the drop-in's environment;
# each in a network namespace of its own (its TFTP takes port 69).
DM_DROPIN=/etc/systemd/system/dnsmasq.service.d/phoneprov.conf
DM_N=0
dnsmasq_as_init() { # "serve" (sets DPID; stop it) or "runs" (it stays up 2 s)
	DM_N=$((DM_N + 1))
	new_ns "ppdeb$$-$DM_N" || return 1
	envs=$(sed -n 's/^Environment=//p' "$DM_DROPIN" 2>/dev/null | tr '\n' ' ')
	set -- "$1" --port=0 -7 /etc/dnsmasq.d,.dpkg-dist,.dpkg-old,.dpkg-new --user=dnsmasq \
		--pid-file="$WORK/dm.pid" --dhcp-leasefile="$WORK/dm.leases"
	if [ "$1" = serve ]; then
		shift
		# shellcheck disable=SC2086
		start_dnsmasq "ppdeb$$-$DM_N" "$WORK/dm.$DM_N.log" $envs \
			PHONEPROV_LOG="$WORK/dm.decisions" -- "$@"
		return
	fi
	shift
	in_ns "ppdeb$$-$DM_N" timeout 2 dnsmasq -k -C /dev/null "$@" \
		--log-facility="$WORK/dm.$DM_N.log" >/dev/null 2>&1
	[ $? = 124 ]
}
if getent passwd dnsmasq >/dev/null 2>&1; then
	# The dnsmasq package has this folder; dnsmasq-base, which the tests use, has not.
	[ -d /etc/dnsmasq.d ] || { mkdir /etc/dnsmasq.d && MADE_DD=1; }
	phoneprov enable --init systemd dnsmasq >"$WORK/enable.out" 2>&1
	rc=$?
	sed 's/^/# /' "$WORK/enable.out"
	check "deb-enable: phoneprov enable dnsmasq gives the dnsmasq user alone read access" \
		eval '[ $rc = 0 ] && [ -e "$DM_DROPIN" ] &&
		getfacl -cp /etc/phoneprov.conf | grep -qx "user:dnsmasq:r--" &&
		getfacl -cp /etc/phoneprov.conf | grep -qx "other::---"'
	check "deb-enable: ... and writes /etc/dnsmasq.d/phoneprov.conf with the package's hook" \
		eval 'grep -qx "dhcp-script=/usr/lib/phoneprov/phoneprov-dhcp-script" /etc/dnsmasq.d/phoneprov.conf &&
		grep -qx "tftp-root=/srv/tftp" /etc/dnsmasq.d/phoneprov.conf && [ -d /srv/tftp ]'
	if [ $CAN_NS = 1 ]; then
		touch "$WORK/dm.decisions"
		chown dnsmasq "$WORK/dm.decisions"
		if dnsmasq_as_init serve; then
			r=$(ns_tftp "ppdeb$$-$DM_N" 127.0.0.1 SIPDefault.cnf "$WORK/got")
			check "deb-serve: dnsmasq started as its init script does serves SIPDefault.cnf ($r)" \
				eval '[ "$r" = ok ] && phoneprov render SIPDefault.cnf | cmp -s - "$WORK/got"'
			kill "$DPID"
			wait "$DPID" 2>/dev/null
		else
			not_ok "deb-serve: dnsmasq started as its init script does comes up"
		fi
	else
		echo "skip - deb-serve: dnsmasq: needs dnsmasq and network namespaces"
	fi
	phoneprov disable dnsmasq >/dev/null 2>&1
	check "deb-enable: phoneprov disable dnsmasq takes the ACL, the drop-in and the snippet away" \
		eval '[ -z "$(getfacl -scp /etc/phoneprov.conf)" ] && [ ! -e "$DM_DROPIN" ] &&
		[ ! -e /etc/dnsmasq.d/phoneprov.conf ]'
else
	echo "skip - deb-enable: dnsmasq: no dnsmasq user here"
fi

phoneprov disable tftpd-hpa >"$WORK/disable.out" 2>&1
check "deb-enable: phoneprov disable tftpd-hpa (exit $?)" \
	eval '[ ! -e "$DROPIN" ] && ! grep -qs "phoneprov" /etc/default/tftpd-hpa'

# ---- purge ----------------------------------------------------------------------
$APT purge phoneprov >"$WORK/apt.out" 2>&1
st=$(pkg_state phoneprov)
check "deb-purge: apt-get purge phoneprov (${st:-unknown to dpkg})" \
	eval '[ -z "$st" ] || [ "$st" = not-installed ]'
snapshot "$WORK/after"
check "deb-purge: disable and purge leave nothing behind" cmp -s "$WORK/before" "$WORK/after"
diff "$WORK/before" "$WORK/after" | sed 's/^/# /'

# ---- all three packages; remove while enabled ---------------------------------
if [ -n "$LIB" ] && [ -n "$DEV" ]; then
	if $APT install "./$DEB" "./$LIB" "./$DEV" >"$WORK/apt.out" 2>&1; then
		ok "deb-remove: apt-get install phoneprov libphoneprov0 libphoneprov-dev"
		cat >"$WORK/use.c" <<'EOF'
#include <phoneprov.h>
#include <stdio.h>
int main(void)
{
	char m[PP_MAC_LEN + 1];
	return pp_mac_parse("001b.d412.3456", m) == PP_OK ? (puts(m), 0) : 1;
}
EOF
		# shellcheck disable=SC2046
		check "deb-remove: libphoneprov-dev: a program built with pkg-config runs" \
			eval '${CC:-cc} -o "$WORK/use" "$WORK/use.c" $(pkg-config --cflags --libs phoneprov) &&
			[ "$("$WORK/use")" = 001BD4123456 ]'
		phoneprov enable --init sysv tftpd-hpa >"$WORK/enable.out" 2>&1
		rc=$?
		check "deb-remove: phoneprov enable --init sysv tftpd-hpa (exit $rc) adds its block" \
			eval '[ $rc = 0 ] && grep -qx "export LD_PRELOAD=/usr/lib/phoneprov/libphoneprov-preload.so" \
			/etc/default/tftpd-hpa'
		if [ -d /etc/dnsmasq.d ]; then
			phoneprov enable --init systemd dnsmasq >"$WORK/enable.out" 2>&1
			rc=$?
			check "deb-remove: phoneprov enable --init systemd dnsmasq (exit $rc) writes its files" \
				eval '[ $rc = 0 ] && [ -e "$DM_DROPIN" ] && [ -e /etc/dnsmasq.d/phoneprov.conf ]'
		fi
		$APT remove phoneprov >"$WORK/apt.out" 2>&1
		check "deb-remove: apt-get remove of an enabled phoneprov disables it" \
			eval '! grep -qs phoneprov /etc/default/tftpd-hpa && [ ! -e "$DM_DROPIN" ] &&
			[ ! -e /etc/dnsmasq.d/phoneprov.conf ]'
		if [ $CAN_NS = 1 ] && [ -d /etc/dnsmasq.d ]; then
			check "deb-remove: ... and dnsmasq, started as its init script does, comes up" \
				dnsmasq_as_init runs
		fi
		check "deb-remove: ... and keeps the store (only purge removes it)" \
			[ -e /etc/phoneprov.conf ]
		$APT purge phoneprov libphoneprov0 libphoneprov-dev >"$WORK/apt.out" 2>&1
		snapshot "$WORK/after2"
		check "deb-remove: after the purge nothing is left" cmp -s "$WORK/before" "$WORK/after2"
		diff "$WORK/before" "$WORK/after2" | sed 's/^/# /'
	else
		not_ok "deb-remove: apt-get install of the three packages" "$(tail -n 5 "$WORK/apt.out")"
	fi
else
	echo "skip - deb-remove: no libphoneprov0/libphoneprov-dev .deb"
fi

# ---- an /etc/default block the admin edited: removal leaves it, and the admin's lines
if $APT install "./$DEB" >"$WORK/apt.out" 2>&1; then
	phoneprov enable --init sysv tftpd-hpa >"$WORK/enable.out" 2>&1
	rc=$?
	check "deb-edited: phoneprov enable --init sysv tftpd-hpa (exit $rc) adds its block" \
		eval '[ $rc = 0 ] && grep -q "^# phoneprov: end" /etc/default/tftpd-hpa'
	# The end marker is gone, and the admin added lines below.
	grep -v '^# phoneprov: end' /etc/default/tftpd-hpa >"$WORK/d"
	cat "$WORK/d" >/etc/default/tftpd-hpa
	echo '# the admin'"'"'s line, below the block' >>/etc/default/tftpd-hpa
	cp /etc/default/tftpd-hpa "$WORK/default.edited"
	$APT purge phoneprov >"$WORK/apt.out" 2>&1
	check "deb-edited: apt purge leaves an edited /etc/default block byte for byte" \
		cmp -s /etc/default/tftpd-hpa "$WORK/default.edited"
	check "deb-edited: ... and says so" \
		grep -q "left the phoneprov lines in /etc/default/tftpd-hpa" "$WORK/apt.out"
	cp -p "$WORK/tftpd-hpa.orig" /etc/default/tftpd-hpa
else
	not_ok "deb-edited: apt-get install ./$(basename "$DEB")" "$(tail -n 5 "$WORK/apt.out")"
fi

[ $failures = 0 ]
