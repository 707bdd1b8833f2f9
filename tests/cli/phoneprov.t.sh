#!/bin/sh
# SPDX-License-Identifier: MIT
# The phoneprov command: exit codes, stdout and stderr lines.  Run by
# tests/run.sh from the repository root; prints "ok - NAME" / "not ok - NAME".
# Needs only build/phoneprov, contrib/ and tests/data/.
#
# tests/data/example-SIP001BD4123456.cnf was written by hand from the
# account's hand-written SIPDefault.cnf and SIP<MAC>.cnf (the 7940 + sipgate
# setup contrib/phoneprov.conf.example reproduces): every key and value of
# both, in canonical form (key: "value", integers bare, LF), in the order
# lib/render_cnf.c emits (derived keys, lines, then raw cnf keys, defaults
# first).  Typographic quotes and ";" comments became ASCII; the
# non-breaking space after "markwilson.it" was dropped (the example's label
# has no trailing space).  One line is not the account's: sync, which
# phoneprov sets to a digest of the phone's own files when the store sets
# none (the account's files left it at the firmware's default); it changes
# whenever any other byte here, SIPDefault.cnf, OS79XX.TXT, RINGLIST.DAT or
# the dial plan does.
CLI=$(pwd)/build/phoneprov
EX=contrib/phoneprov.conf.example
GOLDEN=tests/data/example-SIP001BD4123456.cnf
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-cli-XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
. tests/cli/harness.sh
out_empty() { [ ! -s "$W/out" ]; }
err_empty() { [ ! -s "$W/err" ]; }
err_lines() { [ "$(wc -l <"$W/err")" -eq "$1" ]; }
# every stderr line is FILE:LINE: error|warning: ... for FILE
err_all_file_line() {
	[ -s "$W/err" ] && ! grep -vE "^$(printf '%s' "$1" | sed 's/[.[\*^$/]/\\&/g'):[0-9]+: (error|warning): " "$W/err" | grep -q .
}

if [ ! -x "$CLI" ]; then
	not_ok "build" "$CLI is missing: run make"
	exit 1
fi

# ---- help and version ----------------------------------------------------------
run "$CLI" --help
expect "--help exits 0, on stdout only" 0 err_empty 'out_has "usage: phoneprov"'
missing=
for f in tools/cmd_*.c; do
	c=${f#tools/cmd_}
	c=${c%.c}
	grep -qE "^  $c( |$)" "$W/out" || missing="$missing $c"
done
for c in check render list exec; do
	grep -qE "^  $c( |$)" "$W/out" || missing="$missing $c"
done
[ -z "$missing" ] && ok "--help mentions every command" ||
	not_ok "--help mentions every command" "missing:$missing"
expect "--help documents the options" 0 'out_has "-c, --config FILE"' 'out_has "--client IP"' \
	'out_has "--mac MAC"' 'out_has "PHONEPROV_CONFIG"' 'out_has "/etc/phoneprov.conf"'
expect "--help documents exit codes 0-4" 0 'grep -qE "^  0  " "$W/out"' \
	'grep -qE "^  1  " "$W/out"' 'grep -qE "^  2  " "$W/out"' 'grep -qE "^  3  " "$W/out"' \
	'grep -qE "^  4  " "$W/out"'
# Every option of the man page's SYNOPSIS and OPTIONS is in --help too.
missing=
for o in $(sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p; /^\.SH OPTIONS/,/^\.SH EXIT/p' \
	packaging/man/phoneprov.1.in | grep -oE '\\-\\-[a-z][a-z-]*' | sed 's/\\//g' | sort -u); do
	grep -qF -- "$o" "$W/out" || missing="$missing $o"
done
[ -z "$missing" ] && ok "--help lists every option phoneprov(1) documents" ||
	not_ok "--help lists every option phoneprov(1) documents" "missing:$missing"
cp "$W/out" "$W/help"
run "$CLI" -h
expect "-h is --help" 0 'cmp -s "$W/out" "$W/help"'

version=$(sed -n 's/^#define PP_VERSION_STRING "\(.*\)"$/\1/p' include/phoneprov.h)
run "$CLI" --version
expect "--version prints phoneprov $version" 0 "[ \"\$(cat \"\$W/out\")\" = \"phoneprov $version\" ]" \
	err_empty
run "$CLI" -V
expect "-V is --version" 0 "[ \"\$(cat \"\$W/out\")\" = \"phoneprov $version\" ]"

# ---- bad command lines: exit 2 ----------------------------------------------------
run "$CLI"
expect "no command: exit 2" 2 out_empty 'err_line "phoneprov: no command given"' \
	"err_line \"Try 'phoneprov --help'.\""
run "$CLI" frobnicate
expect "unknown command: exit 2" 2 out_empty \
	"err_line \"phoneprov: unknown command 'frobnicate'\""
run "$CLI" --frobnicate
expect "unknown option: exit 2" 2 out_empty
run "$CLI" -c
expect "-c without FILE: exit 2" 2 out_empty 'err_has "needs a FILE"'
run "$CLI" check -c
expect "check -c without FILE: exit 2" 2 out_empty 'err_has "needs a FILE"'
run "$CLI" check -c "$EX" extra
expect "check with an extra argument: exit 2" 2 out_empty "err_has \"unexpected argument 'extra'\""
run "$CLI" list -c "$EX" extra
expect "list with an extra argument: exit 2" 2 out_empty
run "$CLI" render -c "$EX"
expect "render without NAME: exit 2" 2 out_empty 'err_has "which NAME?"'
run "$CLI" render -c "$EX" SIPDefault.cnf OS79XX.TXT
expect "render with two NAMEs: exit 2" 2 out_empty 'err_has "one NAME only"'
run "$CLI" render -c "$EX" --frob SIPDefault.cnf
expect "render with an unknown option: exit 2" 2 out_empty "err_has \"unknown option '--frob'\""
run "$CLI" render -c "$EX" --client not-an-ip SIP001BD4123456.cnf
expect "render --client with a non-IP: exit 2" 2 out_empty \
	"err_has \"'not-an-ip' is not an IP address\""
run "$CLI" render -c "$EX" --client 192.0.2.300 SIP001BD4123456.cnf
expect "render --client 192.0.2.300: exit 2" 2 out_empty
run "$CLI" render -c "$EX" --client "" SIP001BD4123456.cnf
expect "render --client '': exit 2" 2 out_empty
run "$CLI" render -c "$EX" --mac 00:1b:d4:12:34 SIP001BD4123456.cnf
expect "render --mac with a non-MAC: exit 2" 2 out_empty "err_has \"is not a MAC address\""
run "$CLI" render -c "$EX" --mac 001bd4123456 --client 192.0.2.1 SIP001BD4123456.cnf
expect "render --mac and --client together: exit 2" 2 out_empty 'err_has "not both"'
run "$CLI" render -c "$EX" SIP001BD4123456.cnf --client
expect "render --client without a value: exit 2" 2 out_empty 'err_has "needs a value"'

# ---- the example store ------------------------------------------------------------
# A value with a space at either end is a typo a phone shows (a label) or
# fails on (a host name): the example a new user copies has none.
padded=$(grep -nE '= *"( [^"]*|[^"]* )"' "$EX")
[ -z "$padded" ] && ok "the example store: no string value starts or ends with a space" ||
	not_ok "the example store: no string value starts or ends with a space" "$padded"

# ---- check -------------------------------------------------------------------------
# The example, with a TFTP root and a state_dir that do not depend on this
# machine (an existing folder; one not there yet, which enable would create).
here() { # OUT: the example store, rooted in $W
	sed -e "s|root = \"/srv/tftp\";|root = \"$W\";|" \
		-e "s|^state_dir = .*|state_dir = \"$W/state\";|" "$EX" >"$1"
}
# The one warning the example has: the write-up's 7940 label, 13 characters.
lbl=$(grep -n 'label = "markwilson.it"' "$EX" | cut -d: -f1)
# FILE: that warning is the only line on stderr but for the firmware files
# the example's TFTP root (this scratch folder) lacks (tests/cli/firmware.t.sh).
label_warn() {
	grep -v ': warning: firmware for ' "$W/err" >"$W/err.nofw"
	[ "$(wc -l <"$W/err.nofw")" = 1 ] &&
		grep -qxF "$1:$lbl: warning: label 'markwilson.it' (phoneLabel, phone_label) is 13 characters; a 7940 shows at most 12, without spaces" "$W/err.nofw"
}
here "$W/ex600.conf"
chmod 600 "$W/ex600.conf"
run "$CLI" check -c "$W/ex600.conf"
expect "check the example (0600): exit 0, only the write-up's long label" 0 \
	"label_warn \"$W/ex600.conf\"" \
	"[ \"\$(cat \"\$W/out\")\" = \"$W/ex600.conf: OK, 3 phones\" ]"
here "$W/ex644.conf"
chmod 644 "$W/ex644.conf"
run "$CLI" check -c "$W/ex644.conf"
expect "check warns about a world-readable store with passwords, exit 0" 0 \
	"err_has \"$W/ex644.conf: warning: holds passwords and is readable by everyone\""
chmod 640 "$W/ex644.conf"
run "$CLI" check -c "$W/ex644.conf"
expect "check warns about a group-readable store with passwords" 0 \
	"err_has \"readable by its group\""
if command -v setfacl >/dev/null 2>&1 && chmod 600 "$W/ex644.conf" &&
	setfacl -m u:nobody:r "$W/ex644.conf" 2>/dev/null; then
	run "$CLI" check -c "$W/ex644.conf"
	expect "check accepts an ACL entry for the server's user alone" 0 \
		"label_warn \"$W/ex644.conf\""
else
	echo "skip - check accepts an ACL entry for the server's user: no setfacl or no ACL support"
fi
# The folders the store names (issue 17: a dnsmasq-only Pi has no /srv/tftp).
sed "s|root = \"$W\";|root = \"$W/no-tftp\";|" "$W/ex600.conf" >"$W/notftp.conf"
chmod 600 "$W/notftp.conf"
run "$CLI" check -c "$W/notftp.conf"
expect "check warns (exit 0) when tftp.root does not exist" 0 'out_has "OK, 3 phones"' \
	"err_line \"$W/notftp.conf: warning: tftp.root $W/no-tftp does not exist: dnsmasq with tftp-root there does not start (phoneprov enable dnsmasq creates it)\"" \
	'err_lines 2'
mkdir "$W/shared"
: >"$W/shared/hosts"
sed "s|^state_dir = .*|state_dir = \"$W/shared\";|" "$W/ex600.conf" >"$W/shared.conf"
chmod 600 "$W/shared.conf"
run "$CLI" check -c "$W/shared.conf"
if [ "$(id -u)" = 0 ]; then
	expect "check warns (exit 0) about a state_dir holding other files" 0 \
		"err_line \"$W/shared.conf: warning: state_dir $W/shared is not a folder of phoneprov's own: it holds hosts, which is not phoneprov's (phoneprov enable dnsmasq refuses it)\""
else
	expect "check warns (exit 0) about a state_dir root does not own" 0 \
		'err_has "is not a folder of phoneprov'"'"'s own: it is not owned by root"'
fi
printf 'phones = ( { mac = "001bd4123456"; model = "7940"; proxy = { address = "x"; };\n  lines = ( { name = "a"; } ); } );\n' >"$W/nosecret.conf"
chmod 644 "$W/nosecret.conf"
run "$CLI" check -c "$W/nosecret.conf"
expect "check: a readable store without passwords is not warned about" 0 \
	'! err_has "readable by"'
run "$CLI" check -c "$EX"

cat >"$W/broken.conf" <<'EOF'
version = 1;
defaults = {
  time_zon = "GMT";
};
phones = (
  { mac = "00:1b:d4:12:34:56";
    model = "7950"; },
  { mac = "001B.D412.3456"; model = "7940"; }
);
EOF
B=$W/broken.conf
run "$CLI" check -c "$B"
expect "check a broken store: exit 1" 1 out_empty
expect "check a broken store: unknown key at FILE:LINE" 1 \
	"err_line \"$B:3: error: unknown key 'time_zon' in defaults (did you mean 'time_zone'?)\""
expect "check a broken store: unknown model at FILE:LINE, listing the known" 1 \
	"err_has \"$B:7: error: unknown model '7950' (known: 7906, 7911, 7940,\""
expect "check a broken store: duplicate MAC at FILE:LINE naming the other" 1 \
	"err_line \"$B:8: error: duplicate MAC 001BD4123456 (also at $B:6)\""
expect "check a broken store: every stderr line is FILE:LINE: ..." 1 "err_all_file_line \"$B\""
expect "check a broken store: three errors" 1 'err_lines 3'

cat >"$W/syntax.conf" <<'EOF'
version = 1;
defaults = {
  proxy = { address = ; };
};
EOF
run "$CLI" check -c "$W/syntax.conf"
expect "check a store with a syntax error: FILE:LINE, exit 1" 1 out_empty \
	"err_line \"$W/syntax.conf:3: error: syntax error\"" 'err_lines 1'

mkdir "$W/split"
printf 'version = 1;\n@include "phones.conf"\n' >"$W/split/store.conf"
printf 'phones = (\n  { mac = "001bd4123456";\n    model = "7940";\n    protocol = "sccp"; }\n);\n' \
	>"$W/split/phones.conf"
run "$CLI" check -c "$W/split/store.conf"
expect "check: an error in an @include names that file and line" 1 \
	"err_has \"$W/split/phones.conf:4: error: a 7940 must run SIP firmware\""
(cd "$W" && "$CLI" check -c split/store.conf) >"$W/out" 2>"$W/err"
rc=$?
expect "check: an @include from another directory, named relative to it" 1 \
	"err_has \"split/phones.conf:4: error: a 7940 must run SIP firmware\""
printf 'version = 1;\n@include "nowhere.conf"\n' >"$W/noinc.conf"
run "$CLI" check -c "$W/noinc.conf"
expect "check: a missing @include, at its line" 1 \
	"err_line \"$W/noinc.conf:2: error: cannot open include file\""

cat >"$W/warn.conf" <<'EOF'
version = 1;
security = { mac_binding = "off"; };
phones = (
  { mac = "00:1b:d4:12:34:56"; model = "7940";
    proxy = { address = "192.0.2.10"; };
    lines = ( { name = "100"; } ); }
);
EOF
run "$CLI" check -c "$W/warn.conf"
expect "check: warnings only: exit 0" 0 \
	"err_line \"$W/warn.conf:6: warning: line 1 ('100') has no password\"" \
	"err_all_file_line \"$W/warn.conf\"" "out_has \"OK, 1 phone\""

# The raw xml passthrough: a shadowed derived element is a warning at the entry's
# line, naming the setting it shadows; a hostile path is an error at its line.
cat >"$W/xml.conf" <<'EOF'
version = 1;
security = { mac_binding = "off"; };
defaults = { proxy = { address = "192.0.2.10"; }; nat = { enable = false; }; };
phones = (
  { mac = "00:1b:d4:00:79:61"; model = "7961";
    lines = ( { name = "100"; password = "s3cret"; } );
    xml = ( { path = "sipProfile/natEnabled"; value = "true"; },
            { path = "sipProfile/dscpForAudio"; value = "184"; } ); }
);
EOF
chmod 600 "$W/xml.conf"
run "$CLI" check -c "$W/xml.conf"
expect "check: an xml entry over a derived element: a warning at its line, exit 0" 0 'err_lines 1' \
	"err_line \"$W/xml.conf:7: warning: xml path 'sipProfile/natEnabled' shadows the <natEnabled> derived from 'nat.enable' (the raw value wins)\"" \
	"out_has \"OK, 1 phone\""
run "$CLI" render -c "$W/xml.conf" SEP001BD4007961.cnf.xml
expect "render: the xml entry's value, once, and the new element" 0 \
	"[ \"\$(grep -c natEnabled \"$W/out\")\" = 1 ]" 'out_has "    <natEnabled>true</natEnabled>"' \
	'out_has "    <dscpForAudio>184</dscpForAudio>"'
sed 's|sipProfile/dscpForAudio|sipProfile/../dscpForAudio|' "$W/xml.conf" >"$W/xml-bad.conf"
chmod 600 "$W/xml-bad.conf"
run "$CLI" check -c "$W/xml-bad.conf"
expect "check: an xml path with '..': an error at its line, exit 1" 1 \
	"err_has \"$W/xml-bad.conf:8: error: \"" "err_has \"'sipProfile/../dscpForAudio' has '..'\"" \
	"err_all_file_line \"$W/xml-bad.conf\""

run "$CLI" check -c "$W/no-such.conf"
expect "check a missing store: exit 1" 1 out_empty 'err_lines 1' \
	"err_has \"$W/no-such.conf\"" 'err_has "cannot read the store"'
run "$CLI" check -c "$W"
expect "check a directory: exit 1" 1 out_empty "err_has \"$W\""

# ---- render ----------------------------------------------------------------------------
run "$CLI" render -c "$EX" SIP001BD4123456.cnf
expect "render SIP001BD4123456.cnf: the hand-written golden file, byte for byte" 0 err_empty \
	'cmp -s "$W/out" "$GOLDEN"'
[ "$rc" = 0 ] && ! cmp -s "$W/out" "$GOLDEN" && diff -u "$GOLDEN" "$W/out" | sed 's/^/#   /'
cp "$W/out" "$W/sip.cnf"
run "$CLI" render -c "$EX" sip001bd4123456.CNF
expect "render: names are case-insensitive" 0 'cmp -s "$W/out" "$W/sip.cnf"'
run "$CLI" render -c "$EX" /srv/tftp/SIP001BD4123456.cnf
expect "render: a path is classified by its basename" 0 'cmp -s "$W/out" "$W/sip.cnf"'
run "$CLI" render -c "$EX" SIPDefault.cnf
expect "render SIPDefault.cnf: no secrets" 0 err_empty '! out_has password' \
	'! out_has sipgatepassword' '! out_has line1_' 'out_has "image_version: \"P0S3-08-2-00\""'
run "$CLI" render -c "$EX" OS79XX.TXT
expect "render OS79XX.TXT: the loader name" 0 "[ \"\$(cat \"\$W/out\")\" = P003-08-2-00 ]"
run "$CLI" render -c "$EX" SEP001BD4ABCDEF.cnf.xml
expect "render SEP001BD4ABCDEF.cnf.xml" 0 err_empty 'out_has "<device"'

run "$CLI" render -c "$EX" P0S3-08-2-00.loads
expect "render a name that is not ours: exit 3" 3 out_empty 'err_lines 1'
run "$CLI" render -c "$EX" CTLSEP001BD4123456.tlv
expect "render CTLSEP<MAC>.tlv: exit 3" 3 out_empty
run "$CLI" render -c "$EX" SIP001BD4999999.cnf
expect "render the file of a phone not in the store: exit 3" 3 out_empty \
	'err_has "001BD4999999"' 'err_lines 1'
run "$CLI" render -c "$EX" SEP001BD4123456.cnf.xml
expect "render SEP<MAC>.cnf.xml of a 7940: exit 3" 3 out_empty
run "$CLI" render -c "$EX" SIP001BD4ABCDEF.cnf
expect "render SIP<MAC>.cnf of a 7961: exit 3" 3 out_empty

run "$CLI" render -c "$EX" --mac 00:1b:d4:ab:cd:ef SIP001BD4123456.cnf
expect "render --mac of another phone under strict binding: exit 4" 4 out_empty \
	'err_lines 1' 'err_has "denied"' '! err_has sipgatepassword'
run "$CLI" render -c "$EX" --mac 001B.D412.3456 SIP001BD4123456.cnf
expect "render --mac of the phone itself: exit 0, same bytes" 0 'cmp -s "$W/out" "$GOLDEN"'
run "$CLI" render -c "$EX" --mac 00:1b:d4:ab:cd:ef SIPDefault.cnf
expect "render --mac of any phone gets the shared files" 0 'out_has image_version'
run "$CLI" render -c "$EX" --client 192.0.2.77 SIP001BD4123456.cnf
expect "render --client with an unknown MAC under strict binding: exit 4" 4 out_empty \
	'err_has "denied"'
run "$CLI" render -c "$EX" --client 192.0.2.77 SIPDefault.cnf
expect "render --client gets the shared files" 0 'out_has image_version'

cat >"$W/off.conf" <<'EOF'
version = 1;
security = { mac_binding = "off"; allow = [ "192.0.2.0/24" ]; };
phones = (
  { mac = "00:1b:d4:12:34:56"; model = "7940";
    proxy = { address = "192.0.2.10"; };
    lines = ( { name = "100"; password = "p100"; } ); }
);
EOF
run "$CLI" render -c "$W/off.conf" --mac 00:1b:d4:ab:cd:ef SIP001BD4123456.cnf
expect "render --mac of another phone with binding off: exit 0" 0 'out_has p100'
run "$CLI" render -c "$W/off.conf" --client 198.51.100.7 SIP001BD4123456.cnf
expect "render --client outside security.allow: exit 4" 4 out_empty 'err_has "security.allow"'
run "$CLI" render -c "$W/off.conf" --client 192.0.2.7 SIP001BD4123456.cnf
expect "render --client inside security.allow: exit 0" 0 'out_has p100'

run "$CLI" render -c "$B" SIP001BD4123456.cnf
expect "render from a broken store: exit 1, FILE:LINE on stderr" 1 out_empty \
	"err_all_file_line \"$B\""
run "$CLI" render -c "$W/no-such.conf" SIPDefault.cnf
expect "render from a missing store: exit 1" 1 out_empty
run "$CLI" render -c "$W/warn.conf" SIP001BD4123456.cnf
expect "render: warnings are not repeated on every render" 0 err_empty

# ---- where the store comes from -----------------------------------------------------------
run env PHONEPROV_CONFIG="$EX" "$CLI" check
expect "PHONEPROV_CONFIG names the store" 0 "out_has \"$EX: OK, 3 phones\""
run env PHONEPROV_CONFIG="$B" "$CLI" check
expect "PHONEPROV_CONFIG with a broken store: exit 1" 1 "err_all_file_line \"$B\""
run env PHONEPROV_CONFIG="$EX" "$CLI" render SIP001BD4123456.cnf
expect "PHONEPROV_CONFIG for render" 0 'cmp -s "$W/out" "$GOLDEN"'
run env PHONEPROV_CONFIG="$B" "$CLI" -c "$EX" check
expect "-c wins over PHONEPROV_CONFIG" 0 "out_has \"$EX: OK\""
run env PHONEPROV_CONFIG="$B" "$CLI" check --config "$EX"
expect "--config wins over PHONEPROV_CONFIG" 0 "out_has \"$EX: OK\""
if [ ! -e /etc/phoneprov.conf ]; then
	run env -u PHONEPROV_CONFIG "$CLI" check
	expect "no PHONEPROV_CONFIG: /etc/phoneprov.conf" 1 'err_has /etc/phoneprov.conf'
	run env PHONEPROV_CONFIG= "$CLI" check
	expect "empty PHONEPROV_CONFIG: /etc/phoneprov.conf" 1 'err_has /etc/phoneprov.conf'
else
	echo "skip - no PHONEPROV_CONFIG: /etc/phoneprov.conf exists here"
	echo "skip - empty PHONEPROV_CONFIG: /etc/phoneprov.conf exists here"
fi

run "$CLI" -c "$EX" check
expect "-c before the command" 0 "out_has \"$EX: OK\""
run "$CLI" check -c "$EX"
expect "-c after the command" 0 "out_has \"$EX: OK\""
run "$CLI" --config "$EX" check
expect "--config FILE before the command" 0 "out_has \"$EX: OK\""
run "$CLI" check --config="$EX"
expect "--config=FILE after the command" 0 "out_has \"$EX: OK\""
run "$CLI" -c "$B" check -c "$EX"
expect "the last -c wins" 0 "out_has \"$EX: OK\""
run "$CLI" -c "$EX" render SIP001BD4123456.cnf
expect "render with -c before the command" 0 'cmp -s "$W/out" "$GOLDEN"'
run "$CLI" render SIP001BD4123456.cnf -c "$EX"
expect "render with -c after NAME" 0 'cmp -s "$W/out" "$GOLDEN"'
run "$CLI" -c "$EX" list
expect "list with -c before the command" 0 'out_has 001BD4123456'

# ---- list --------------------------------------------------------------------------------
run "$CLI" list -c "$EX"
expect "list: exit 0, quiet" 0 err_empty
expect "list: a header and one line per phone" 0 '[ "$(wc -l <"$W/out")" -eq 4 ]' \
	'head -n 1 "$W/out" | grep -q "^MAC .*FILES$"'
line() { grep "^$1 " "$W/out"; }
expect "list: the 7940 with its files" 0 \
	'line 001BD4123456 | grep -qE " 7940 +sip +- +markwilson\.it +SIP001BD4123456\.cnf "' \
	'line 001BD4123456 | grep -q " SIPDefault.cnf"' \
	'line 001BD4123456 | grep -q " OS79XX.TXT"' \
	'line 001BD4123456 | grep -q " RINGLIST.DAT"' \
	'line 001BD4123456 | grep -q " dialplan.xml"' \
	'! line 001BD4123456 | grep -q "SEP"'
expect "list: the 7961 with its files" 0 \
	'line 001BD4ABCDEF | grep -qE " 7961 +sip +office +Ada-2001 +SEP001BD4ABCDEF\.cnf\.xml "' \
	'line 001BD4ABCDEF | grep -q " XMLDefault.cnf.xml"' \
	'! line 001BD4ABCDEF | grep -q "SIP001BD4ABCDEF"'
expect "list: the 7941 on SCCP with its files" 0 \
	'line 001BD4007941 | grep -qE " 7941 +sccp +office +Lobby +SEP001BD4007941\.cnf\.xml "' \
	'line 001BD4007941 | grep -q " XMLDefault.cnf.xml"'
# every file list names only files render provides
bad=
for n in $(sed 1d "$W/out" | sed 's/.*  //'); do
	"$CLI" render -c "$EX" "$n" >/dev/null 2>&1 || bad="$bad $n"
done
[ -z "$bad" ] && ok "list: every listed file renders" || not_ok "list: every listed file renders" "$bad"
run "$CLI" list -c "$B"
expect "list a broken store: exit 1" 1 out_empty "err_all_file_line \"$B\""


# check -q -c FILE, as Ansible's validate, confd's check_cmd and consul-template call it.
t() { # NAME COMMAND...: ok when it succeeds
	n=$1
	shift
	if "$@"; then ok "$n"; else not_ok "$n"; fi
}
out=$("$CLI" check -q -c contrib/phoneprov.conf.example 2>&1)
rc=$?
t "check -q -c FILE: a valid store, exit 0 and not a word (rc $rc)" eval '[ $rc = 0 ] && [ -z "$out" ]'
printf 'version = 2;\n' >"$W/q-bad.conf"
out=$("$CLI" check -q -c "$W/q-bad.conf" 2>&1)
rc=$?
t "check -q -c FILE: a broken store, exit 1 and FILE:LINE (rc $rc)" \
	eval '[ $rc = 1 ] && echo "$out" | grep -q "q-bad.conf:1: error: version must be 1"'
out=$("$CLI" check -q "$W/q-bad.conf" 2>&1)
rc=$?
t "check -q FILE: the same as -c FILE (rc $rc)" \
	eval '[ $rc = 1 ] && echo "$out" | grep -q "q-bad.conf:1: error: version must be 1"'
out=$("$CLI" check -q contrib/phoneprov.conf.example 2>&1)
rc=$?
t "check -q FILE: a valid store, exit 0 and not a word (rc $rc)" eval '[ $rc = 0 ] && [ -z "$out" ]'
"$CLI" check -c contrib/phoneprov.conf.example "$W/q-bad.conf" >/dev/null 2>&1
rc=$?
t "check -c FILE FILE: a usage error (rc $rc)" [ $rc = 2 ]
t "check --quiet is -q" eval '[ -z "$("$CLI" check --quiet -c contrib/phoneprov.conf.example 2>&1)" ]'
[ "$failures" = 0 ]
