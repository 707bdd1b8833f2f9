#!/bin/sh
# SPDX-License-Identifier: MIT
# phoneprov import: a TFTP root's static files (SIPDefault.cnf, SIP<MAC>.cnf,
# SEP<MAC>.cnf.xml, XMLDefault.cnf.xml, OS79XX.TXT, RINGLIST.DAT, Ringlist.xml, the dial
# plan, syncinfo.xml) into a store, and the acceptance test of issue 12: nothing is lost.  For every
# file imported, `phoneprov render NAME` from the new store gives the same
# keys with the same values as the phone read from the root (only quoting,
# spacing, order, line endings and comments may differ).
#
# What "the phone read" means: a 79x0 reads SIPDefault.cnf, then its own
# SIP<MAC>.cnf, whose keys win.  The store renders SIP<MAC>.cnf with the
# defaults merged in, so a phone's rendered file is compared with
# SIPDefault.cnf overlaid by the phone's own file.  Two differences are the
# store's rules, and the test allows exactly those: SIPDefault.cnf never
# holds a secret (a key with "password" in it: it moves to each phone's own
# file, where the overlay has it too), and a phone's file gets `sync`, a
# digest of its files, when neither file set one.
#
# Fixtures (tests/data/import/): account/ is the account's 7940 files
# (research/000_956c7aa8384dd4f9.txt) as published, typographic quotes, a
# non-breaking space and ';' comments included, SIP<MAC>.cnf with CRLF;
# quirks/ is research/lifecycle.md section 3's syntax: CME's trailing ';',
# key:"v", key : v, key=value, quoted numbers, spaces inside quotes, '#' and
# ';' inside quotes, a lower-case file name, a key in upper case, a key set
# twice, values a setting cannot hold.  Hostile roots are made below.
CLI=$(pwd)/build/phoneprov
D=tests/data/import
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-import-XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
. tests/cli/harness.sh

# norm FILE...: the settings a 79x0 reads from .cnf text, one key=value a line,
# sorted, a key set twice with its last value.  Written apart from
# tools/import_cnf.c on purpose: typographic quotes and non-breaking spaces
# as ASCII, CRLF or CR as LF, '#' and ';' lines skipped, a quoted value is
# what is inside the quotes, a bare one ends at ';'.
norm() {
	LC_ALL=C sed -e 's/\xe2\x80[\x9c\x9d]/"/g' -e "s/\xe2\x80[\x98\x99]/'/g" \
		-e 's/\xc2\xa0/ /g' -e 's/\r$//' -e 's/\r/\n/g' "$@" |
		LC_ALL=C awk '
		{ sub(/^[ \t]+/, "") }
		/^$/ || /^#/ || /^;/ { next }
		{
			i = match($0, /[:=]/)
			key = tolower(substr($0, 1, i - 1)); sub(/[ \t]+$/, "", key)
			v = substr($0, i + 1); sub(/^[ \t]+/, "", v)
			if (substr(v, 1, 1) == "\"") {
				v = substr(v, 2); v = substr(v, 1, index(v, "\"") - 1)
			} else {
				sub(/;.*/, "", v); sub(/[ \t]+$/, "", v)
			}
			val[key] = v
		}
		END { for (k in val) print k "=" val[k] }' | LC_ALL=C sort
}

# overlay A B: key=value sets, B's value wins
overlay() {
	cat "$1" "$2" | LC_ALL=C awk '{ i = index($0, "="); v[substr($0, 1, i - 1)] = $0 }
		END { for (k in v) print v[k] }' | LC_ALL=C sort
}

# lossless NAME STORE ROOT: render NAME from STORE and compare with what the
# phone read from ROOT (see the top of this file).
lossless() {
	name=$1 store=$2 root=$3 tag=$(basename "$3")
	if ! "$CLI" render -c "$store" "$name" >"$W/$tag.$name.rendered" 2>"$W/render.err"; then
		not_ok "$tag: render $name" "$(cat "$W/render.err")"
		return
	fi
	norm "$W/$tag.$name.rendered" >"$W/got"
	def=$(find "$root" -maxdepth 1 -iname SIPDefault.cnf | head -n 1)
	if [ -n "$def" ]; then norm "$def"; fi >"$W/def"
	if [ "$(echo "$name" | tr A-Z a-z)" = sipdefault.cnf ]; then
		grep -v '^[^=]*password[^=]*=' "$W/def" >"$W/want"
	else
		norm "$root/$name" >"$W/own"
		overlay "$W/def" "$W/own" >"$W/want"
		if ! grep -q '^sync=' "$W/want"; then
			if ! grep -qE '^sync=[0-9a-f]{16}$' "$W/got"; then
				not_ok "$tag: $name gets a sync digest" "$(grep '^sync' "$W/got")"
				return
			fi
			grep -v '^sync=' "$W/got" >"$W/got2" && mv "$W/got2" "$W/got"
		fi
	fi
	if diff "$W/want" "$W/got" >"$W/diff"; then
		ok "$tag: render $name gives the phone's keys and values ($(wc -l <"$W/want") keys)"
	else
		not_ok "$tag: render $name gives the phone's keys and values" "< read from $root, > rendered"
		sed 's/^/#   /' "$W/diff"
	fi
}

# shared_norm NAME FILE: what a 79x0 reads from a shared file, one entry a
# line, written apart from tools/import_shared.c: OS79XX.TXT's name;
# RINGLIST.DAT's label|file (a TAB, else the last spaces, between them); a
# dial plan's TEMPLATEs as match|timeout|user|rewrite, attribute names in any
# case; syncinfo.xml's SYNC for VERSION="*".
shared_norm() {
	case $1 in
	OS79XX.TXT) tr -d '\r' <"$2" | awk 'NF { print $1; exit }' ;;
	Ringlist.xml) ring_norm "$2" ;;
	RINGLIST.DAT) tr -d '\r' <"$2" | LC_ALL=C awk '
		{ sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "") } $0 == "" { next }
		{ i = index($0, "\t")
		  if (i) { l = substr($0, 1, i - 1); f = substr($0, i + 1) }
		  else if (match($0, / +[^ ]*$/)) { l = substr($0, 1, RSTART - 1); f = substr($0, RSTART) }
		  else next
		  sub(/[ \t]+$/, "", l); sub(/^[ \t]+/, "", f); print l "|" f }' ;;
	*.xml | *.XML) tr '\r\n' '  ' <"$2" | grep -oiE '<(TEMPLATE|IMAGE)( [^>]*)?>' | LC_ALL=C awk '
		function a(n,   re, v) { re = " " n "=\"[^\"]*\""; v = ""
			if (match(tolower($0), tolower(re))) v = substr($0, RSTART + length(n) + 3, RLENGTH - length(n) - 4)
			return v }
		tolower($0) ~ /^<template/ { print a("MATCH") "|" a("TIMEOUT") "|" a("USER") "|" a("REWRITE") }
		tolower($0) ~ /^<image/ && a("VERSION") == "*" { print a("SYNC") }' ;;
	esac
}

# ring_norm FILE: Ringlist.xml's rings as label|file, in order, those with both parts;
# from xml_flat (below), apart from tools/import_ringxml.c.
ring_norm() {
	xml_flat "$1" | LC_ALL=C awk '
		/^Ring(\[[0-9]+\])?\/(DisplayName|FileName)=/ {
			i = index($0, "="); k = substr($0, 1, i - 1); v = substr($0, i + 1)
			n = k; sub(/\/.*/, "", n); sub(/^Ring\[?/, "", n); sub(/\]$/, "", n); if (n == "") n = 1
			if (k ~ /DisplayName$/) l[n] = v; else f[n] = v; seen[n] = 1
		}
		END { for (n in seen) if ((n in l) && (n in f)) print n "|" l[n] "|" f[n] }' |
		sort -n -t '|' -k 1,1 | cut -d '|' -f 2-
}

# same_shared NAME STORE FILE [DROP]: render NAME from STORE and compare its
# entries with FILE's, but for the entries matching the regex DROP (those the
# import said it could not keep).
same_shared() {
	if ! "$CLI" render -c "$2" "$1" >"$W/shared.rendered" 2>"$W/render.err"; then
		not_ok "render $1" "$(cat "$W/render.err")"
		return
	fi
	shared_norm "$1" "$3" | grep -vE "${4:-^\$}" >"$W/shared.want"
	shared_norm "$1" "$W/shared.rendered" >"$W/shared.got"
	if [ -s "$W/shared.want" ] && diff "$W/shared.want" "$W/shared.got" >"$W/diff"; then
		ok "render $1 gives $3's entries ($(wc -l <"$W/shared.want"))"
	else
		not_ok "render $1 gives $3's entries" "< read from $3, > rendered"
		sed 's/^/#   /' "$W/diff"
	fi
}

# xml_flat FILE: an XML file as a phone's reader sees it, one "path=text" a
# leaf and one "path@name=value" an attribute, paths below the top element
# with [N] for the N-th (N > 1) of a name, sorted.  Apart from
# tools/import_xml.c on purpose: xmllint puts each element on a line of its
# own, awk keeps the path.  The top element's attributes are "@name=value".
xml_flat() {
	xmllint --noblanks --format "$1" 2>/dev/null | LC_ALL=C awk '
	function path(   p, i) {
		p = ""
		for (i = 2; i <= d; i++) p = p (i > 2 ? "/" : "") nm[i] (ix[i] > 1 ? "[" ix[i] "]" : "")
		return p
	}
	function attrs(s,   a, v) {
		while (match(s, /[A-Za-z_:][-A-Za-z0-9_:.]*="[^"]*"/)) {
			a = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			v = substr(a, index(a, "=") + 2); v = substr(v, 1, length(v) - 1)
			print path() "@" substr(a, 1, index(a, "=") - 1) "=" v
		}
	}
	function open_(tag, rest) { d++; nm[d] = tag; ix[d] = ++cnt[id[d - 1] SUBSEP tag]; id[d] = ++ids; attrs(rest) }
	{ sub(/^[ \t]+/, "") }
	/^<\?/ || /^<!--/ { next }
	/^<\// { d--; next }
	{
		match($0, /^<[^ >\/]+/); tag = substr($0, 2, RLENGTH - 1); rest = substr($0, RLENGTH + 1)
		if (match($0, /\/>$/)) { open_(tag, substr(rest, 1, length(rest) - 2)); print path() "="; d--; next }
		i = index(rest, ">"); head = substr(rest, 1, i - 1); body = substr(rest, i + 1)
		open_(tag, head)
		if (body != "") { sub("</" tag ">$", "", body); print path() "=" body; d-- }
	}' | LC_ALL=C sort
}

# same_xml NAME STORE FILE [DROP]: every leaf and attribute of FILE (but
# those matching the regex DROP, which import said it left out) is in NAME
# as STORE renders it, with the same text; versionStamp is the store's own.
same_xml() {
	if ! "$CLI" render -c "$2" "$1" >"$W/xml.rendered" 2>"$W/render.err"; then
		not_ok "render $1" "$(cat "$W/render.err")"
		return
	fi
	xml_flat "$3" | grep -v '^versionStamp=' | grep -vE "${4:-^\$}" >"$W/xml.want"
	xml_flat "$W/xml.rendered" >"$W/xml.got"
	if [ -s "$W/xml.want" ] && LC_ALL=C comm -23 "$W/xml.want" "$W/xml.got" >"$W/diff" && [ ! -s "$W/diff" ]; then
		ok "render $1 gives $(basename "$3")'s elements and attributes ($(wc -l <"$W/xml.want"))"
	else
		not_ok "render $1 gives $(basename "$3")'s elements and attributes" "missing or otherwise in the render:"
		sed 's/^/#   /' "$W/diff"
	fi
}

if [ ! -x "$CLI" ]; then
	not_ok "build" "$CLI is missing: run make"
	exit 1
fi

# ---- the account's 7940 ----------------------------------------------------------
A=$(cd "$D/account" && pwd)
run "$CLI" import -o "$W/account.conf" "$D/account"
expect "account: import -o, exit 0" 0 '[ -s "$W/account.conf" ]' \
	'[ "$(stat -c %a "$W/account.conf")" = 600 ]'
expect "account: typographic quotes read as ASCII, said once per file with FILE:LINE" 0 \
	'err_line "$A/SIP001BD4123456.cnf:3: warning: typographic quotes or non-breaking spaces (text pasted from a web page?) on 15 lines from here on, read as plain ASCII ones"' \
	'err_has "$A/SIPDefault.cnf:5: warning: typographic quotes"'
expect "account: summary names the files the store shadows" 0 \
	'err_line "  SIPDefault.cnf"' 'err_line "  SIP001BD4123456.cnf"' \
	'err_line "  OS79XX.TXT"' 'err_line "  RINGLIST.DAT"' 'err_line "  dialplan.xml"' \
	'! err_has "not imported yet, still served"'
expect "account: import's own check found the same keys and values" 0 \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"' \
	'! err_has "a bug in phoneprov import"'
expect "account: summary gives the render command" 0 \
	"err_line \"phoneprov import: see a phone's file: phoneprov render -c $W/account.conf SIP001BD4123456.cnf\""
expect "account: no password on stderr" 0 '! grep -qE "sipgatepassword|UNPROVISIONED" "$W/err"'
expect "account: no firmware or file not ours in the store" 0 '! grep -q "P0S3-08-2-00.loads" "$W/account.conf"'
run "$CLI" check -c "$W/account.conf"
expect "account: phoneprov check accepts the store" 0 'grep -q "OK, 1 phone" "$W/out"'
expect "account: the store is commented with each key's origin" 0 \
	'grep -q "password = \"sipgatepassword\"; # SIP001BD4123456.cnf:6 line1_password" "$W/account.conf"' \
	'grep -q "^tftp = { root = \"$A\"; };" "$W/account.conf"'
lossless SIPDefault.cnf "$W/account.conf" "$A"
lossless SIP001BD4123456.cnf "$W/account.conf" "$A"
same_shared OS79XX.TXT "$W/account.conf" "$A/OS79XX.TXT"
same_shared RINGLIST.DAT "$W/account.conf" "$A/RINGLIST.DAT"
same_shared dialplan.xml "$W/account.conf" "$A/dialplan.xml"

# The account's xmlDefault.CNF.XML (the blog dropped its tags; rebuilt around what it kept:
# 2000, 2427 2428, P0S3-07-4-00), the file of the account's 7.4 step; named as the account names it.
X=$W/xmldefault
mkdir "$X" && cp "$D"/account/* "$X"/
printf '<Default>\n<callManagerGroup><members><member priority="0"><callManager>\n<ports><ethernetPhonePort>2000</ethernetPhonePort>\n<mgcpPorts><listen>2427</listen><keepAlive>2428</keepAlive></mgcpPorts></ports>\n</callManager></member></members></callManagerGroup>\n<loadInformation8 model="IP Phone 7940">P0S3-07-4-00</loadInformation8>\n</Default>\n' >"$X/xmlDefault.CNF.XML"
run "$CLI" import -o "$W/xmldefault.conf" "$X"
expect "account's xmlDefault: imported; its 7940 load against SIPDefault.cnf's: SIPDefault.cnf's kept, said" 0 \
	'err_has "$X/xmlDefault.CNF.XML:6: warning: not imported (SIPDefault.cnf'"'"'s image_version says otherwise"' \
	'grep -qF "# NOT IMPORTED (SIPDefault.cnf'"'"'s image_version says otherwise, and the store makes both from one setting; SIPDefault.cnf'"'"'s is kept), xmlDefault.CNF.XML:6: P0S3-07-4-00" "$W/xmldefault.conf"' \
	'err_has "$X/xmlDefault.CNF.XML:4: warning: callManagerGroup/members/member/callManager/ports/mgcpPorts/listen: not imported (XML passthrough does not reach this file)"' \
	'[ "$(grep -c "xmlDefault.CNF.XML:6" "$W/err")" = 1 ]' 'err_line "  xmlDefault.CNF.XML"'
run "$CLI" check -c "$W/xmldefault.conf"
expect "account's xmlDefault: check accepts the store" 0 'grep -q "OK, 1 phone" "$W/out"'
same_xml XMLDefault.cnf.xml "$W/xmldefault.conf" "$X/xmlDefault.CNF.XML" '^(loadInformation8=|callManagerGroup/members/member/callManager/ports/mgcpPorts/)'
cp "$D/account/SIPDefault.cnf" "$W/xmldefault.SIPDefault.cnf"
printf '<CiscoIPPhoneRingList><Ring><DisplayName>Old</DisplayName><FileName>Old.raw</FileName></Ring></CiscoIPPhoneRingList>\n' >"$X/Ringlist.xml"
run "$CLI" import -o "$W/xmldefault.conf" "$X"
expect "a Ringlist.xml that differs from RINGLIST.DAT: RINGLIST.DAT's kept, its ring a warning at its line and a comment" 0 \
	'err_line "$X/Ringlist.xml:1: warning: not imported (RINGLIST.DAT has another ring here, and the store makes both files from one ringlist: RINGLIST.DAT'"'"'s is kept); what it says is kept in a comment in the store"' \
	'grep -qF "# NOT IMPORTED (RINGLIST.DAT has another ring here, and the store makes both files from one ringlist: RINGLIST.DAT'"'"'s is kept), Ringlist.xml:1: <Ring><DisplayName>Old</DisplayName><FileName>Old.raw</FileName></Ring>" "$W/xmldefault.conf"' \
	'[ "$(grep -c "ringlist = (" "$W/xmldefault.conf")" = 1 ]' 'err_line "  Ringlist.xml"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
printf '<CiscoIPPhoneRingList><Ring><DisplayName>Old</Ring></CiscoIPPhoneRingList>\n' >"$X/Ringlist.xml"
run "$CLI" import -o "$W/xmldefault.conf" "$X"
expect "a file not imported (broken) that the store serves its own of: an error, and a warning" 1 \
	'err_line "$X/Ringlist.xml:1: error: a closing tag that does not match the open element; Ringlist.xml not imported"' \
	'err_line "phoneprov import: warning: Ringlist.xml is not imported yet, but the new store serves its own, which differs: compare it with \`phoneprov render -c $W/xmldefault.conf Ringlist.xml\` before the store serves"'

# ---- done when (issue 12): the account's files exactly as published -------------------
# tests/data/import/published/ is the account's text as the blog serves it: every space
# a non-breaking one, typographic quotes, RINGLIST.DAT's tab a space, OS79XX.TXT without
# a newline.  The store made must pass check with warnings only, and render every key
# and value of the originals, in ASCII.
B=$(cd "$D/published" && pwd)
run "$CLI" import -o "$W/published.conf" "$D/published"
expect "done when: the published account imports, exit 0, 0600, pasted text said per file" 0 \
	'[ "$(stat -c %a "$W/published.conf")" = 600 ]' \
	'err_line "$B/SIPDefault.cnf:2: warning: typographic quotes or non-breaking spaces (text pasted from a web page?) on 28 lines from here on, read as plain ASCII ones"' \
	'err_line "$B/SIP001BD4123456.cnf:2: warning: typographic quotes or non-breaking spaces (text pasted from a web page?) on 19 lines from here on, read as plain ASCII ones"' \
	'err_has "phoneprov import: SIPDefault.cnf, 1 SIP<MAC>.cnf, OS79XX.TXT, RINGLIST.DAT imported from $B"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
expect "done when: the store is ASCII" 0 '! LC_ALL=C grep -q "[^ -~	]" "$W/published.conf"'
run "$CLI" check -c "$W/published.conf"
expect "done when: phoneprov check accepts it with warnings only" 0 \
	'grep -q "OK, 1 phone" "$W/out"' 'grep -q ": warning: " "$W/err"' '! grep -q "error" "$W/err"'
for f in SIPDefault.cnf SIP001BD4123456.cnf OS79XX.TXT RINGLIST.DAT; do
	"$CLI" render -c "$W/published.conf" "$f" >"$W/published.$f"
	expect "done when: render $f is ASCII" 0 '[ -s "$W/published.$f" ]' '! LC_ALL=C grep -q "[^ -~	]" "$W/published.$f"'
done
lossless SIPDefault.cnf "$W/published.conf" "$B"
lossless SIP001BD4123456.cnf "$W/published.conf" "$B"
same_shared OS79XX.TXT "$W/published.conf" "$B/OS79XX.TXT"
same_shared RINGLIST.DAT "$W/published.conf" "$B/RINGLIST.DAT"

# ---- the shared files: OS79XX.TXT, RINGLIST.DAT, the dial plan, syncinfo.xml ------
S=$(cd "$D/shared" && pwd)
run "$CLI" import -o "$W/shared.conf" "$D/shared"
expect "shared: import, exit 0, each shared file named as imported" 0 \
	'err_has ", MyPlan.xml, OS79XX.TXT, RINGLIST.DAT, XMLDefault.cnf.xml, syncinfo.xml imported from $S"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
expect "shared: the dial plan dial_template names, found whatever its case; dialplan.xml left on disk" 0 \
	'err_line "  MyPlan.xml"' 'err_line "phoneprov import: not imported yet, still served from $S: dialplan.xml"'
expect "shared: what the store cannot hold: FILE:LINE: warning, kept in a comment" 0 \
	'err_has "$S/RINGLIST.DAT:4: warning: not imported (not \`label<TAB>file\`)"' \
	'err_has "$S/RINGLIST.DAT:5: warning: not imported (longer than the setting allows)"' \
	'err_has "$S/MyPlan.xml:5: warning: not imported (an attribute the store has no setting for)"' \
	'err_has "$S/syncinfo.xml:3: warning: not imported (the store writes one IMAGE, for every load)"' \
	'grep -qF "# NOT IMPORTED (an attribute the store has no setting for), MyPlan.xml:5: Route=\"x\"" "$W/shared.conf"' \
	'grep -qF "# NOT IMPORTED (not \`label<TAB>file\`), RINGLIST.DAT:4: nolabel" "$W/shared.conf"'
expect "shared: a SYNC SIPDefault.cnf lacks becomes defaults' sync, said" 0 \
	'err_has "$S/syncinfo.xml:2: warning: SIPDefault.cnf has no sync; the store makes both from one setting"' \
	'grep -q "sync = \"7\"; # syncinfo.xml:2 sync" "$W/shared.conf"'
expect "shared: OS79XX.TXT's loader name is image_version's load" 0 \
	'grep -q "load = \"P0S3-08-12-00\"" "$W/shared.conf"' '! err_has "OS79XX.TXT:1: warning"'
run "$CLI" check -c "$W/shared.conf"
expect "shared: phoneprov check accepts the store" 0 'grep -q "OK, 1 phone" "$W/out"'
same_shared OS79XX.TXT "$W/shared.conf" "$S/OS79XX.TXT"
same_shared RINGLIST.DAT "$W/shared.conf" "$S/RINGLIST.DAT" '^TooLong'
same_shared MyPlan.xml "$W/shared.conf" "$S/MyPlan.xml"
same_shared syncinfo.xml "$W/shared.conf" "$S/syncinfo.xml"
expect "shared: XMLDefault's loads for the XML family join defaults' firmware; what it has besides, said" 0 \
	'grep -q "{ model = \"7941\"; load = \"SIP41.9-4-2SR3-1S\"; }, # XMLDefault.cnf.xml:21 loadInformation" "$W/shared.conf"' \
	'grep -q "{ model = \"7942\"; load = \"SIP42.9-4-2SR3-1S\"; } ); # XMLDefault.cnf.xml:22 loadInformation" "$W/shared.conf"' \
	'grep -qF "# NOT IMPORTED (XML passthrough does not reach XMLDefault.cnf.xml), XMLDefault.cnf.xml:23: authenticationURL: http://192.0.2.10/auth" "$W/shared.conf"'
same_xml XMLDefault.cnf.xml "$W/shared.conf" "$S/XMLDefault.cnf.xml" '^(authenticationURL=|callManagerGroup/members/member/callManager/ports/mgcpPorts/)'
# SIPDefault.cnf now says sync too (said above); everything else as it was
printf 'sync: 7\n' >>"$W/shared.def" && cat "$S/SIPDefault.cnf" "$W/shared.def" >"$W/shared.want.cnf"
mkdir "$W/sharedroot" && cp "$W/shared.want.cnf" "$W/sharedroot/SIPDefault.cnf" &&
	cp "$S/SIP001BD4000020.cnf" "$W/sharedroot/"
lossless SIPDefault.cnf "$W/shared.conf" "$W/sharedroot"
lossless SIP001BD4000020.cnf "$W/shared.conf" "$W/sharedroot"

# OS79XX.TXT and syncinfo.xml against a SIPDefault.cnf that says otherwise or nothing
C=$W/conflict
mkdir "$C"
printf 'image_version: P0S3-08-2-00\nsync: 2\n' >"$C/SIPDefault.cnf"
printf 'P0S3-07-4-00' >"$C/OS79XX.TXT"
printf '<?xml version="1.0"?><SYNCINFO><IMAGE VERSION="*" SYNC="3"/></SYNCINFO>' >"$C/syncinfo.xml"
# a dial plan pasted from a blog: typographic quotes around its attributes, a non-breaking space
P=$W/pasted
mkdir "$P" && cp "$C/SIPDefault.cnf" "$P/"
printf '<DIALTEMPLATE>\n<TEMPLATE MATCH=\342\200\235*\342\200\235\302\240Timeout=\342\200\2355\342\200\235/>\n</DIALTEMPLATE>\n' >"$P/dialplan.xml"
run "$CLI" import -o "$W/pasted.conf" "$P"
expect "a dial plan with typographic quotes: read as ASCII, said with FILE:LINE" 0 \
	'err_line "$P/dialplan.xml:2: warning: typographic quotes or non-breaking spaces (text pasted from a web page?) on 1 line from here on, read as plain ASCII ones"' \
	'grep -q "{ match = \"\*\"; timeout = 5; } # dialplan.xml:2" "$W/pasted.conf"' \
	'err_has "$P/dialplan.xml:1: warning: SIPDefault.cnf has no dial_template"'
run "$CLI" import -o "$W/conflict.conf" "$C"
expect "conflict: SIPDefault.cnf's values kept, the shared files' in comments, said" 0 \
	'err_has "$C/OS79XX.TXT:1: warning: not imported (SIPDefault.cnf'"'"'s image_version says otherwise"' \
	'err_has "$C/syncinfo.xml:1: warning: not imported (SIPDefault.cnf'"'"'s sync says otherwise"' \
	'grep -q "# NOT IMPORTED (.*), OS79XX.TXT:1: P0S3-07-4-00" "$W/conflict.conf"'
lossless SIPDefault.cnf "$W/conflict.conf" "$C"
O=$W/osonly
mkdir "$O"
printf 'P003-08-12-00\n' >"$O/OS79XX.TXT"
printf '<DIALTEMPLATE><TEMPLATE MATCH="*" TIMEOUT="abc"/><TEMPLATE Timeout="1"/></DIALTEMPLATE>' >"$O/dialplan.xml"
run "$CLI" import -o "$W/osonly.conf" "$O"
expect "no SIPDefault.cnf: defaults made for the shared files, the .cnf's additions said" 0 \
	'err_has "has no SIPDefault.cnf; the store'"'"'s defaults hold what the shared files say"' \
	'err_has "$O/OS79XX.TXT:1: warning: SIPDefault.cnf has no image_version"' \
	'err_has "$O/dialplan.xml:1: warning: not imported (not a number in the setting'"'"'s range)"' \
	'err_has "$O/dialplan.xml:1: warning: not imported (a TEMPLATE without MATCH)"'
run "$CLI" check -c "$W/osonly.conf"
expect "no SIPDefault.cnf: check accepts it" 0 true
same_shared OS79XX.TXT "$W/osonly.conf" "$O/OS79XX.TXT"
run "$CLI" render -c "$W/osonly.conf" SIPDefault.cnf
expect "no SIPDefault.cnf: the one served says the load and the plan" 0 \
	'out_has "image_version: \"P0S3-08-12-00\""' 'out_has "dial_template: \"dialplan\""'

# ---- Ringlist.xml: the XML family's ring menu, made from the same ringlist as RINGLIST.DAT
RX=$(cd "$D/ringxml" && pwd)
run "$CLI" import -o "$W/ringxml.conf" "$D/ringxml"
expect "ringxml: Ringlist.xml alone (a declaration, CRLF): its rings are the ringlist, its own check" 0 \
	'err_has "Ringlist.xml imported from $RX"' 'err_line "  Ringlist.xml"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"' \
	'grep -q "# From Ringlist.xml: the ring menu." "$W/ringxml.conf"' \
	'grep -qF "{ label = \"Bass & Drums\"; file = \"ring/Bass.raw\"; }, # Ringlist.xml:8" "$W/ringxml.conf"' \
	'[ "$(grep -c "# Ringlist.xml:" "$W/ringxml.conf")" = 4 ]'
expect "ringxml: what the store cannot hold: FILE:LINE: warning, kept in a comment" 0 \
	'err_has "$RX/Ringlist.xml:9: warning: not imported (an attribute the store does not write)"' \
	'err_has "$RX/Ringlist.xml:13: warning: not imported (a <Ring> without its <FileName>)"' \
	'err_has "$RX/Ringlist.xml:14: warning: not imported (an element a ring list does not have)"' \
	'err_has "$RX/Ringlist.xml:15: warning: not imported (an element a <Ring> does not have)"' \
	'grep -qF "# NOT IMPORTED (a <Ring> without its <FileName>), Ringlist.xml:13: <Ring><DisplayName>No file</DisplayName></Ring>" "$W/ringxml.conf"' \
	'grep -qF "# NOT IMPORTED (an attribute the store does not write), Ringlist.xml:9: <Ring id=\"3\">" "$W/ringxml.conf"'
run "$CLI" check -c "$W/ringxml.conf"
expect "ringxml: check accepts the store" 0 true
same_shared Ringlist.xml "$W/ringxml.conf" "$RX/Ringlist.xml"
"$CLI" render -c "$W/ringxml.conf" RINGLIST.DAT >"$W/ringxml.dat"
expect "ringxml: ... and the store's RINGLIST.DAT has the same rings" 0 \
	'grep -qxF "Bass & Drums	ring/Bass.raw" "$W/ringxml.dat"' '[ "$(grep -c "" "$W/ringxml.dat")" = 4 ]'

RB=$(cd "$D/ringboth" && pwd)
run "$CLI" import -o "$W/ringboth.conf" "$D/ringboth"
expect "ringboth: RINGLIST.DAT and Ringlist.xml (no declaration) agree: imported once, no warning" 0 \
	'err_has "RINGLIST.DAT, Ringlist.xml imported from $RB"' '! err_has "warning"' \
	'[ "$(grep -c "ringlist = (" "$W/ringboth.conf")" = 1 ]' \
	'grep -q "# From RINGLIST.DAT and Ringlist.xml: the ring menu." "$W/ringboth.conf"' \
	'err_line "  RINGLIST.DAT"' 'err_line "  Ringlist.xml"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
run "$CLI" check -c "$W/ringboth.conf"
expect "ringboth: check accepts the store" 0 true
same_shared RINGLIST.DAT "$W/ringboth.conf" "$RB/RINGLIST.DAT"
same_shared Ringlist.xml "$W/ringboth.conf" "$RB/Ringlist.xml"

# they differ: at the second ring, and Ringlist.xml has one more
RD=$W/ringdiff
mkdir "$RD" && cp "$RB/RINGLIST.DAT" "$RD/"
printf '<?xml version="1.0"?>\n<CiscoIPPhoneRingList>\n<Ring><DisplayName>Chirp 1</DisplayName><FileName>Chirp1.raw</FileName></Ring>\n<Ring><DisplayName>Old</DisplayName><FileName>Old.raw</FileName></Ring>\n<Ring><DisplayName>Bass</DisplayName><FileName>Bass.raw</FileName></Ring>\n<Ring><DisplayName>Extra</DisplayName><FileName>Extra.raw</FileName></Ring>\n</CiscoIPPhoneRingList>\n' >"$RD/Ringlist.xml"
run "$CLI" import -o "$W/ringdiff.conf" "$RD"
expect "ringdiff: they differ: RINGLIST.DAT's kept; each ring of Ringlist.xml lost a warning at its line, in a comment" 0 \
	'err_line "$RD/Ringlist.xml:4: warning: not imported (RINGLIST.DAT has another ring here, and the store makes both files from one ringlist: RINGLIST.DAT'"'"'s is kept); what it says is kept in a comment in the store"' \
	'err_line "$RD/Ringlist.xml:6: warning: not imported (RINGLIST.DAT has no ring here, and the store makes both files from one ringlist: RINGLIST.DAT'"'"'s are kept); what it says is kept in a comment in the store"' \
	'grep -qF "Ringlist.xml:4: <Ring><DisplayName>Old</DisplayName><FileName>Old.raw</FileName></Ring>" "$W/ringdiff.conf"' \
	'grep -qF "Ringlist.xml:6: <Ring><DisplayName>Extra</DisplayName><FileName>Extra.raw</FileName></Ring>" "$W/ringdiff.conf"' \
	'[ "$(grep -c "Ringlist.xml:[0-9]*: warning" "$W/err")" = 2 ]' \
	'[ "$(grep -c "ringlist = (" "$W/ringdiff.conf")" = 1 ]' \
	'grep -q "# From RINGLIST.DAT: the ring menu." "$W/ringdiff.conf"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
run "$CLI" check -c "$W/ringdiff.conf"
expect "ringdiff: check accepts the store" 0 true
"$CLI" render -c "$W/ringdiff.conf" Ringlist.xml >"$W/ringdiff.xml"
expect "ringdiff: the store's Ringlist.xml lists RINGLIST.DAT's rings" 0 \
	'[ "$(ring_norm "$W/ringdiff.xml")" = "$(shared_norm RINGLIST.DAT "$RD/RINGLIST.DAT")" ]' \
	'[ "$(ring_norm "$W/ringdiff.xml" | wc -l)" = 3 ]'
# Ringlist.xml has fewer: nothing lost, but its new rings said
printf '<CiscoIPPhoneRingList>\n<Ring><DisplayName>Chirp 1</DisplayName><FileName>Chirp1.raw</FileName></Ring>\n</CiscoIPPhoneRingList>\n' >"$RD/Ringlist.xml"
run "$CLI" import -o "$W/ringdiff.conf" "$RD"
expect "ringdiff: Ringlist.xml has the first of RINGLIST.DAT's rings only: a warning, no comment" 0 \
	'err_line "$RD/Ringlist.xml:1: warning: RINGLIST.DAT has 2 more rings; the store makes both files from one ringlist, so its Ringlist.xml lists them too"' \
	'! grep -q "NOT IMPORTED" "$W/ringdiff.conf"'

# hostile: each Ringlist.xml beside a SIPDefault.cnf, so the rest is imported
hostile_ring() { # NAME: $W/rh.NAME with SIPDefault.cnf and $W/ring.in as Ringlist.xml, imported
	mkdir "$W/rh.$1" && cp "$D/account/SIPDefault.cnf" "$W/rh.$1/" && mv "$W/ring.in" "$W/rh.$1/Ringlist.xml"
	run "$CLI" import -o "$W/rh.$1.conf" "$W/rh.$1"
}
printf '<CiscoIPPhoneRingList>\n<Ring><DisplayName>a</FileName></Ring>\n</CiscoIPPhoneRingList>\n' >"$W/ring.in"
hostile_ring nesting
expect "hostile Ringlist.xml, badly nested: FILE:LINE: error, skipped, the rest imported (exit 1)" 1 \
	'err_line "$W/rh.nesting/Ringlist.xml:2: error: a closing tag that does not match the open element; Ringlist.xml not imported"' \
	'! grep -q "ringlist" "$W/rh.nesting.conf"' '"$CLI" check -q -c "$W/rh.nesting.conf"'
awk 'BEGIN { printf "<CiscoIPPhoneRingList>"; for (i = 0; i < 12000; i++) printf "<Ring><DisplayName>r%d</DisplayName><FileName>r%d.raw</FileName></Ring>", i, i; print "</CiscoIPPhoneRingList>" }' >"$W/ring.in"
hostile_ring elements
expect "hostile Ringlist.xml, 36001 elements: FILE:LINE: error, skipped (exit 1)" 1 \
	'err_line "$W/rh.elements/Ringlist.xml:1: error: over 20000 elements: not a phone'"'"'s file; Ringlist.xml not imported"' \
	'! grep -q "ringlist" "$W/rh.elements.conf"'
awk 'BEGIN { printf "<CiscoIPPhoneRingList>"; for (i = 0; i < 1100000; i++) printf " "; print "</CiscoIPPhoneRingList>" }' >"$W/ring.in"
hostile_ring big
expect "hostile Ringlist.xml, over 1 MiB: an error, skipped (exit 1)" 1 \
	'err_line "$W/rh.big/Ringlist.xml: error: over 1 MiB: not a file a phone reads; not imported"'
awk 'BEGIN { printf "<CiscoIPPhoneRingList><Ring><DisplayName>"; for (i = 0; i < 500000; i++) printf "x"; print "</DisplayName><FileName>x.raw</FileName></Ring><Ring><DisplayName>ok</DisplayName><FileName>ok.raw</FileName></Ring></CiscoIPPhoneRingList>" }' >"$W/ring.in"
hostile_ring label
expect "hostile Ringlist.xml, a 500 kB label: a warning, cut in its comment; the other ring kept" 0 \
	'err_line "$W/rh.label/Ringlist.xml:1: warning: not imported (longer than the setting allows); what it says is kept in a comment in the store"' \
	'grep -q "(cut here: " "$W/rh.label.conf"' '[ "$(stat -c %s "$W/rh.label.conf")" -lt 20000 ]' \
	'grep -qF "{ label = \"ok\"; file = \"ok.raw\"; } # Ringlist.xml:1" "$W/rh.label.conf"'
printf '<!DOCTYPE r [<!ENTITY a "aaaa">]>\n<CiscoIPPhoneRingList><Ring><DisplayName>&a;</DisplayName><FileName>a.raw</FileName></Ring></CiscoIPPhoneRingList>\n' >"$W/ring.in"
hostile_ring doctype
expect "hostile Ringlist.xml, a DOCTYPE: FILE:LINE: error, skipped (exit 1)" 1 \
	'err_line "$W/rh.doctype/Ringlist.xml:1: error: a DOCTYPE or other declaration: not read (its entities could expand without bound); Ringlist.xml not imported"'
printf '<RingList><Ring><DisplayName>a</DisplayName><FileName>a.raw</FileName></Ring></RingList>\n' >"$W/ring.in"
hostile_ring top
expect "hostile Ringlist.xml, another top element: FILE:LINE: error, skipped (exit 1)" 1 \
	'err_line "$W/rh.top/Ringlist.xml:1: error: not a <CiscoIPPhoneRingList>; Ringlist.xml not imported"'
printf '<CiscoIPPhoneRingList><Ring><DisplayName>say &#34;hi&#34;</DisplayName><FileName>a.raw</FileName></Ring><Ring><DisplayName>b<i>x</i></DisplayName><FileName>b.raw</FileName></Ring></CiscoIPPhoneRingList>\n' >"$W/ring.in"
hostile_ring quote
expect "hostile Ringlist.xml, a '\"' by reference, an element in a DisplayName: warnings; check accepts the store" 0 \
	'err_has "$W/rh.quote/Ringlist.xml:1: warning: not imported (a '"'"'\"'"'"', which the store'"'"'s ring list cannot hold)"' \
	'err_has "$W/rh.quote/Ringlist.xml:1: warning: not imported (an element inside one that holds text only)"' \
	'"$CLI" check -q -c "$W/rh.quote.conf"'

# ---- the XML family: SEP<MAC>.cnf.xml -------------------------------------------------
E=$(cd "$D/sep" && pwd)
run "$CLI" import -o "$W/sep.conf" "$D/sep"
expect "sep: import, exit 0, with and without <?xml?>, CRLF" 0 \
	'err_has "phoneprov import: 2 SEP<MAC>.cnf.xml imported from $E"' \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"' \
	'err_line "  SEP001BD4000041.cnf.xml"' 'err_line "  SEP001BD4000042.cnf.xml"'
expect "sep: elements into modelled settings, the model from the load" 0 \
	'grep -q "address = \"192.0.2.10\"; # SEP001BD4000041.cnf.xml:12 proxy.address" "$W/sep.conf"' \
	'grep -q "model = \"7941\"; # a guess, from its loadInformation" "$W/sep.conf"' \
	'grep -q "model = \"7942\"" "$W/sep.conf"' \
	'grep -q "display = \"Alice & Bob\";" "$W/sep.conf"' \
	'grep -q "user = \"English_United_Kingdom\";" "$W/sep.conf"' \
	'grep -q "disableSpeaker = \"false\"; # SEP001BD4000041.cnf.xml:43 vendorConfig/disableSpeaker" "$W/sep.conf"' \
	'grep -q "password = \"seppw2\";" "$W/sep.conf"'
expect "sep: a file all of whose elements are modelled leaves nothing out" 0 \
	'! err_has "SEP001BD4000041.cnf.xml:[0-9]*: warning"'
expect "sep: no password on stderr" 0 '! grep -q seppw "$W/err"'
same_xml SEP001BD4000041.cnf.xml "$W/sep.conf" "$E/SEP001BD4000041.cnf.xml"
# Elements left over: the passthrough once the store has one, else warnings and comments.
printf 'version = 1;\nphones = ( { mac = "001BD4000099"; model = "7941"; xml = ( { path = "a"; value = "b"; } ); } );\n' >"$W/probe.conf"
left='^(@|sipProfile/(enableVad|dscpForAudio)=|sipProfile/sipLines/line/autoAnswer/|userLocale/langCode=)'
if "$CLI" check -q -c "$W/probe.conf" >/dev/null 2>&1; then
	expect "sep: elements the store does not model go to the xml passthrough" 0 \
		'grep -q "^		xml = (" "$W/sep.conf"' 'grep -q "path = \"sipProfile/enableVad\"; value = \"false\"; }, # SEP001BD4000042.cnf.xml:40" "$W/sep.conf"' \
		'grep -q "path = \"sipProfile/sipLines/line/autoAnswer/autoAnswerEnabled\"; value = \"2\"; }" "$W/sep.conf"' \
		'err_has "SEP001BD4000042.cnf.xml:3: warning: device@ctiid: not imported (an attribute"'
	same_xml SEP001BD4000042.cnf.xml "$W/sep.conf" "$E/SEP001BD4000042.cnf.xml" '^@'
else
	echo "skip - sep: leftovers through the xml passthrough: this phoneprov check does not accept xml = ( ... ) yet"
	expect "sep: without passthrough, each element left out is a FILE:LINE warning and a comment" 0 \
		'err_has "$E/SEP001BD4000042.cnf.xml:40: warning: sipProfile/enableVad: not imported (the store makes it otherwise and has no XML passthrough yet)"' \
		'err_has "$E/SEP001BD4000042.cnf.xml:3: warning: device@ctiid: not imported (an attribute the store writes otherwise"' \
		'grep -qF "# NOT IMPORTED (an element the store writes otherwise), SEP001BD4000042.cnf.xml:41: sipProfile/dscpForAudio: 184" "$W/sep.conf"' \
		'! grep -q "xml = (" "$W/sep.conf"'
	same_xml SEP001BD4000042.cnf.xml "$W/sep.conf" "$E/SEP001BD4000042.cnf.xml" "$left"
fi
run "$CLI" check -c "$W/sep.conf"
expect "sep: phoneprov check accepts the store" 0 'grep -q "OK, 2 phones" "$W/out"'

# ---- a round trip: a store's files rendered into a folder, imported, rendered again --
# Every kind the store makes: SIPDefault.cnf, SIP<MAC>.cnf (7940, 7960 with line
# options), SEP<MAC>.cnf.xml (SIP behind NAT, SCCP, a 7942 with line options),
# XMLDefault.cnf.xml, OS79XX.TXT, RINGLIST.DAT, Ringlist.xml, the dial plan, syncinfo.xml.
roundtrip() {
	tag=$1 store=$2 rt=$W/rt.$1
	mkdir "$rt"
	"$CLI" list -c "$store" | awk 'NR > 1 { for (i = 6; i <= NF; i++) print $i }' | sort -u >"$W/rt.names"
	while read -r f; do "$CLI" render -c "$store" "$f" >"$rt/$f" || not_ok "$tag: render $f"; done <"$W/rt.names"
	run "$CLI" import -o "$W/rt.$tag.conf" "$rt"
	expect "round trip $tag: import of the rendered files, exit 0, its own check" 0 \
		'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"' \
		'! err_has "warning"'
	run "$CLI" check -c "$W/rt.$tag.conf"
	expect "round trip $tag: check accepts the store" 0 true
	while read -r f; do
		"$CLI" render -c "$W/rt.$tag.conf" "$f" >"$W/rt.again" 2>"$W/render.err" ||
			{ not_ok "round trip $tag: render $f again" "$(cat "$W/render.err")"; continue; }
		case $f in
		*.cnf) norm "$rt/$f" >"$W/rt.a"; norm "$W/rt.again" >"$W/rt.b" ;;
		dialplan.xml | syncinfo.xml | RINGLIST.DAT | OS79XX.TXT)
			shared_norm "$f" "$rt/$f" >"$W/rt.a"; shared_norm "$f" "$W/rt.again" >"$W/rt.b" ;;
		*) xml_flat "$rt/$f" | grep -v '^versionStamp=' >"$W/rt.a"
			xml_flat "$W/rt.again" | grep -v '^versionStamp=' >"$W/rt.b" ;;
		esac
		if [ -s "$W/rt.a" ] && diff "$W/rt.a" "$W/rt.b" >"$W/diff"; then
			ok "round trip $tag: $f the same again ($(wc -l <"$W/rt.a") entries)"
		else
			not_ok "round trip $tag: $f the same again" "< first render, > after import"
			sed 's/^/#   /' "$W/diff"
		fi
	done <"$W/rt.names"
}
roundtrip example contrib/phoneprov.conf.example
roundtrip lines tests/data/lines.conf

# A MAC with both a SIP<MAC>.cnf and a SEP<MAC>.cnf.xml: one phone, the first file's.
M=$W/both
mkdir "$M" && cp "$D/quirks/SIP001BD4000002.cnf" "$M/" &&
	sed 's/<device>/<device>/' "$E/SEP001BD4000041.cnf.xml" >"$M/SEP001BD4000002.cnf.xml"
run "$CLI" import -o "$W/both.conf" "$M"
expect "one MAC, two families' files: the second is a warning, not imported" 0 \
	'err_line "$M/SIP001BD4000002.cnf: warning: the same phone as SEP001BD4000002.cnf.xml (a MAC is one phone, of one family: it reads a .cnf or a SEP file); not imported"' \
	'[ "$(grep -c "mac = " "$W/both.conf")" = 1 ]'

# ---- the quirks of real roots -----------------------------------------------------
Q=$(cd "$D/quirks" && pwd)
run "$CLI" import "$D/quirks"
cp "$W/out" "$W/quirks.conf"
expect "quirks: import to stdout, exit 0" 0 'grep -q "^phones = (" "$W/quirks.conf"'
expect "quirks: key=value, an upper-case key and a key set twice are warnings with FILE:LINE" 0 \
	'err_has "$Q/SIPDefault.cnf:13: warning: \`key=value\`"' \
	'err_has "$Q/sip001bd4000001.cnf:11: warning: key in upper case"' \
	'err_has "$Q/SIP001BD4000002.cnf:3: warning: line1_shortname: set again on a later line"'
expect "quirks: a secret in SIPDefault.cnf is said to move to the phones' files" 0 \
	'err_has "$Q/SIPDefault.cnf:17: warning: phone_password: a secret"'
expect "quirks: import's own check found the same keys and values" 0 \
	'err_has "phoneprov import: checked: the new store gives each file imported the same keys and values"'
expect "quirks: no password on stderr" 0 '! grep -qE "s3cret|pa#ss|\"cisco\"" "$W/err"'
expect "quirks: summary for stdout names STORE" 0 \
	"err_has \"phoneprov render -c STORE sip001bd4000001.cnf\"" \
	'! err_has "notes.txt"' \
	'err_line "phoneprov import: the new store also serves, where the root has none: XMLDefault.cnf.xml syncinfo.xml"'
expect "quirks: a 7960 guessed from its third line; lines after a nameless one stay raw" 0 \
	'grep -q "model = \"7960\"" "$W/quirks.conf"' \
	'grep -q "line3_name = 2003;" "$W/quirks.conf"'
run "$CLI" check -c "$W/quirks.conf"
expect "quirks: phoneprov check accepts the store" 0 'grep -q "OK, 2 phones" "$W/out"'
lossless SIPDefault.cnf "$W/quirks.conf" "$Q"
lossless sip001bd4000001.cnf "$W/quirks.conf" "$Q"
lossless SIP001BD4000002.cnf "$W/quirks.conf" "$Q"

# ---- lifting: what SIPDefault.cnf gives is not repeated; what a model's phones share is said once
F=$(cd "$D/fleet" && pwd)
run "$CLI" import -o "$W/fleet.conf" "$D/fleet"
expect "fleet: import, exit 0, its own check" 0 \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values"'
expect "fleet: what every 7940 shares is in one profile, each 7940 names it" 0 \
	'sed -n "/^profiles = {/,/^};/p" "$W/fleet.conf" | grep -q "address = \"pbx.example.net\"; # SIP001BD4000031.cnf:2 proxy1_address"' \
	'sed -n "/^profiles = {/,/^};/p" "$W/fleet.conf" | grep -q "logo_url = \"http://192.0.2.1/logo.bmp\";"' \
	'[ "$(grep -c "profile = \"model_7940\";" "$W/fleet.conf")" = 3 ]' \
	'[ "$(grep -c "pbx.example.net" "$W/fleet.conf")" = 1 ]'
expect "fleet: a key SIPDefault.cnf gives alike stays in defaults only; one that differs stays with its phone" 0 \
	'[ "$(grep -c "image_version" "$W/fleet.conf")" = 1 ]' '[ "$(grep -c "proxy1_port" "$W/fleet.conf")" = 1 ]' \
	'[ "$(grep -c "nat_enable" "$W/fleet.conf")" = 2 ]' 'grep -q "enable = true; # SIP001BD4000033.cnf:6 nat_enable" "$W/fleet.conf"'
expect "fleet: lines stay with each phone" 0 '! sed -n "/^profiles = {/,/^};/p" "$W/fleet.conf" | grep -q "lines"'
run "$CLI" check -c "$W/fleet.conf"
expect "fleet: phoneprov check accepts the store" 0 'grep -q "OK, 3 phones" "$W/out"'
for m in 31 32 33; do lossless SIP001BD40000$m.cnf "$W/fleet.conf" "$F"; done
lossless SIPDefault.cnf "$W/fleet.conf" "$F"

# A phone without SIPDefault.cnf; and a SIPDefault.cnf whose keys stay raw (a line's,
# a value proxy.port cannot hold), which the phone's own keys must still win over.
N=$W/nodefault
mkdir "$N" && cp "$D/quirks/SIP001BD4000002.cnf" "$N/"
run "$CLI" import -o "$W/nodefault.conf" "$N"
expect "no SIPDefault.cnf: a store with phones only" 0 '! grep -q "^defaults" "$W/nodefault.conf"'
lossless SIP001BD4000002.cnf "$W/nodefault.conf" "$N"
R=$W/rawdefaults
mkdir "$R"
printf 'proxy1_port: abc\nline1_name: nobody\nline1_authname: nobody\nimage_version: P0S3-8-12-00\n' >"$R/SIPDefault.cnf"
printf 'proxy1_port: 5060\nline1_name: 4001\nline2_name: 4002\n' >"$R/SIP001BD4000003.cnf"
run "$CLI" import -o "$W/rawdefaults.conf" "$R"
expect "raw keys in defaults: the phone's same keys are raw too" 0 \
	'grep -q "line1_name = 4001; # SIP001BD4000003.cnf:2 line1_name (defaults keep it as a raw key)" "$W/rawdefaults.conf"'
lossless SIPDefault.cnf "$W/rawdefaults.conf" "$R"
lossless SIP001BD4000003.cnf "$W/rawdefaults.conf" "$R"

# ---- DIR from the store, -o and its file ------------------------------------------
printf 'version = 1;\ntftp = { root = "%s"; };\n' "$Q" >"$W/root.conf"
run "$CLI" -c "$W/root.conf" import
expect "without DIR: the store's tftp.root" 0 'out_has "root = \"$Q\";"'
run env PHONEPROV_CONFIG="$W/none.conf" "$CLI" import
expect "without DIR or store: /srv/tftp, said" "$rc" \
	'err_has "no store at $W/none.conf: importing /srv/tftp"'
printf 'version = 2;\n' >"$W/bad.conf"
run "$CLI" import -c "$W/bad.conf"
expect "without DIR, a broken store: exit 1, says to fix it or give DIR" 1 \
	'err_has "fix them, or give DIR"'
echo old >"$W/old.conf" && chmod 644 "$W/old.conf"
run "$CLI" import --output "$W/old.conf" "$D/account"
expect "-o over a 0644 file: replaced, now 0600" 0 '[ "$(stat -c %a "$W/old.conf")" = 600 ]' \
	'grep -q "^version = 1;" "$W/old.conf"'
cp "$W/root.conf" "$W/inuse.conf"
run "$CLI" -c "$W/inuse.conf" import -o "$W/inuse.conf" "$D/account"
expect "-o the store in use (-c): refused, left as it was" 1 'err_has "is the store in use; not written"' \
	'cmp -s "$W/root.conf" "$W/inuse.conf"'
run env PHONEPROV_CONFIG="$W/inuse.conf" "$CLI" import -o "$W/inuse.conf" "$D/account"
expect "-o the store in use (PHONEPROV_CONFIG): refused" 1 'err_has "is the store in use"'
echo target >"$W/target" && ln -s "$W/target" "$W/link.conf"
run "$CLI" import -o "$W/link.conf" "$D/account"
expect "-o a symlink: refused, its target untouched" 1 'err_has "a symlink, not followed"' \
	'[ "$(cat "$W/target")" = target ]' '[ -L "$W/link.conf" ]'
run "$CLI" import "$W/nowhere"
expect "a DIR that is not there: exit 1" 1 'err_has "$W/nowhere: No such file or directory"'
run "$CLI" import a b
expect "two DIRs: exit 2" 2 'err_has "import: one DIR only"'
run "$CLI" --help
expect "--help names import" 0 'out_has "import [-o FILE] [DIR]"'

# ---- hostile roots -------------------------------------------------------------------
H=$W/hostile
mkdir -p "$H/sub"
cp "$D/account/SIPDefault.cnf" "$H/"
printf 'line1_name: 3001\nline1_password: hostilepw\nphone_prompt: "a\tb"\n' >"$H/SIP001BD4000010.cnf"
printf 'line1_name: 1\n\000\001binary\n' >"$H/SIP001BD4000011.cnf"
awk 'BEGIN { printf "line1_name: "; for (i = 0; i < 5000; i++) printf "x"; print "" }' >"$H/SIP001BD4000012.cnf"
printf 'line1_name: \377\376\n' >"$H/SIP001BD4000013.cnf"
printf 'line1_name: 1\nthis is not a cnf line\nline1_password: hostilepw\n' >"$H/SIP001BD4000014.cnf"
printf 'line1_name: "unterminated\n' >"$H/SIP001BD4000015.cnf"
ln -s /etc/passwd "$H/SIP001BD4000016.cnf"
ln -s ../hostile/SIPDefault.cnf "$H/SIP001BD4000017.cnf"
mkfifo "$H/SIP001BD4000018.cnf"
mkdir "$H/SIP001BD4000019.cnf"
head -c 2000000 /dev/zero >"$H/SIP001BD400001A.cnf"
printf 'line1_name: elsewhere\n' >"$H/sub/SIP001BD400001B.cnf"
printf '\000\001\002 not ours\n' >"$H/P0S3-08-2-00.sb2"
printf 'line1_name: 1\n' >"$H/SIP001BD400001G.cnf"
printf 'line1_name: 1\n' >"$H/SIP001BD40001.cnf"
printf '<device/>\n' >"$H/SEP001BD4-0001.cnf.xml"
awk 'BEGIN { printf "line1_name: "; for (i = 0; i < 1000000; i++) printf "x"; print "" }' >"$H/SIP001BD400001C.cnf"
awk 'BEGIN { printf "<device><fullConfig>"; for (i = 0; i < 1000000; i++) printf "x"; print "</fullConfig></device>" }' >"$H/SEP001BD400001D.cnf.xml"
printf '<device><a><b></a></device>\n' >"$H/SEP001BD400001E.cnf.xml"
printf '<device>&bomb;</device>\n' >"$H/SEP001BD400001F.cnf.xml"
printf '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>\n<SYNCINFO><IMAGE VERSION="*" SYNC="&a;"/></SYNCINFO>\n' >"$H/syncinfo.xml"
awk 'BEGIN { printf "<DIALTEMPLATE>"; for (i = 0; i < 40; i++) printf "<a>"; print "" }' >"$H/dialplan.xml"
printf 'CTU\tCTU.raw\n\001\002\n' >"$H/RINGLIST.DAT"
printf 'P003-08-2-00\n' >"$H/OS79XX.TXT"
run "$CLI" import -o "$W/hostile.conf" "$H"
expect "hostile: exit 1, the store still written and accepted" 1 '[ -s "$W/hostile.conf" ]' \
	'"$CLI" check -q -c "$W/hostile.conf"'
expect "hostile: binary, a huge line, bad UTF-8, not .cnf text: FILE:LINE: error, skipped" 1 \
	'err_line "$H/SIP001BD4000011.cnf:2: error: a NUL byte: not a text .cnf file; SIP001BD4000011.cnf not imported"' \
	'err_line "$H/SIP001BD4000012.cnf:1: error: a line over 4096 bytes: not a .cnf file; SIP001BD4000012.cnf not imported"' \
	'err_line "$H/SIP001BD4000013.cnf:1: error: not valid UTF-8 text; SIP001BD4000013.cnf not imported"' \
	'err_line "$H/SIP001BD4000014.cnf:2: error: not a \`key: value\` line; SIP001BD4000014.cnf not imported"' \
	'err_has "$H/SIP001BD4000015.cnf:1: error: a quoted value without its closing"' \
	'err_has "$H/SIP001BD400001A.cnf: error: over 1 MiB"'
expect "hostile: a 1 MB line: FILE:LINE error, skipped; in XML, an element the store cannot hold, said" 1 \
	'err_line "$H/SIP001BD400001C.cnf:1: error: a line over 4096 bytes: not a .cnf file; SIP001BD400001C.cnf not imported"' \
	'err_line "$H/SEP001BD400001D.cnf.xml:1: warning: fullConfig: not imported (the store makes it otherwise and has no XML passthrough yet); what it says is kept in a comment in the store" || err_line "$H/SEP001BD400001D.cnf.xml:1: warning: fullConfig: not imported (text over 255 bytes, more than the passthrough holds); what it says is kept in a comment in the store"' \
	'[ "$(stat -c %s "$W/hostile.conf")" -lt 1100000 ]'
expect "hostile: XML badly nested, an entity XML does not have: FILE:LINE error, skipped" 1 \
	'err_line "$H/SEP001BD400001E.cnf.xml:1: error: a closing tag that does not match the open element; SEP001BD400001E.cnf.xml not imported"' \
	'err_line "$H/SEP001BD400001F.cnf.xml:1: error: an '"'"'&'"'"' that is not one of XML'"'"'s five entities or a character reference; SEP001BD400001F.cnf.xml not imported"'
expect "hostile: a phone's file name with a bad MAC: a warning, not imported" 1 \
	'err_line "$H/SIP001BD400001G.cnf: warning: named like a phone'"'"'s file, but without a MAC of 12 hex digits, so no phone asks for it; not imported"' \
	'err_has "$H/SIP001BD40001.cnf: warning: named like a phone'"'"'s file"' \
	'err_has "$H/SEP001BD4-0001.cnf.xml: warning: named like a phone'"'"'s file"'
expect "hostile: XML with a DOCTYPE, nested too deep; a binary RINGLIST.DAT: FILE:LINE: error, skipped" 1 \
	'err_line "$H/syncinfo.xml:1: error: a DOCTYPE or other declaration: not read (its entities could expand without bound); syncinfo.xml not imported"' \
	'err_line "$H/dialplan.xml:1: error: elements nested over 32 deep; dialplan.xml not imported"' \
	'err_line "$H/RINGLIST.DAT:2: error: a control character: not a text file; RINGLIST.DAT not imported"' \
	'err_line "  OS79XX.TXT"' '! grep -q "ringlist\|dialplan =" "$W/hostile.conf"'
expect "hostile: symlinks, a FIFO and a folder are not read" 1 \
	'err_has "$H/SIP001BD4000016.cnf: warning: a symlink, not followed"' \
	'err_has "$H/SIP001BD4000017.cnf: warning: a symlink, not followed"' \
	'err_has "$H/SIP001BD4000018.cnf: warning: not a regular file"' \
	'err_has "$H/SIP001BD4000019.cnf: warning: not a regular file"' \
	'! grep -q "root:x:0" "$W/hostile.conf"'
expect "hostile: only the good phone is in the store; subfolders and others' files ignored" 1 \
	'[ "$(grep -c "mac = " "$W/hostile.conf")" = 2 ]' 'grep -q "mac = \"001BD4000010\"" "$W/hostile.conf"' \
	'! grep -q "elsewhere" "$W/hostile.conf"' '! err_has "sb2"'
expect "hostile: a value the store cannot hold: a warning, kept in a comment" 1 \
	'err_line "$H/SIP001BD4000010.cnf:3: warning: phone_prompt: not imported (a control character in the value); the value is kept in a comment in the store"' \
	'grep -qF "# NOT IMPORTED (a control character in the value), SIP001BD4000010.cnf:3: phone_prompt: a\\x09b" "$W/hostile.conf"'
expect "hostile: no password on stderr" 1 '! err_has hostilepw'
expect "hostile: import's own check: the same but for the key left out" 1 \
	'err_line "phoneprov import: checked: the new store gives each file imported the same keys and values, but for the keys said above"'
# A file import may not read: as a user who cannot (as root, nobody), the rest is imported.
U=$W/unreadable
mkdir "$U" && cp "$D/account/SIPDefault.cnf" "$D/account/OS79XX.TXT" "$U/" &&
	printf 'line1_name: 3001\n' >"$U/SIP001BD4000030.cnf" && printf 'CTU\tCTU.raw\n' >"$U/RINGLIST.DAT" &&
	chmod 000 "$U/SIP001BD4000030.cnf" "$U/RINGLIST.DAT"
as_user() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$W" && chmod 755 "$U" && chmod 644 "$U/SIPDefault.cnf" "$U/OS79XX.TXT"
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
fi
run as_user "$CLI" import "$U"
expect "unreadable files: FILE: error, skipped; the rest imported" 1 \
	'err_line "$U/SIP001BD4000030.cnf: error: Permission denied; not imported"' \
	'err_line "$U/RINGLIST.DAT: error: Permission denied; not imported"' \
	'out_has "image_version"' 'err_has "OS79XX.TXT imported from $U, 2 files not (said above)"'
chmod 700 "$W"

run "$CLI" import "$H/sub/SIP001BD400001B.cnf"
expect "a file as DIR: exit 1" 1 'err_has "Not a directory"'
mkdir "$W/empty"
run "$CLI" import "$W/empty"
expect "nothing to import: exit 1, nothing written" 1 'err_has "nothing to import in"' '[ ! -s "$W/out" ]'

[ "$failures" = 0 ]
