#!/bin/sh
# SPDX-License-Identifier: MIT
# phoneprov status against journals written by hand: the story of one boot
# (a dnsmasq transfer is one row, not the shim's and the hook's two; the
# phone's own file stays in view; a renewal says so; a missing firmware
# says so; a stranger without a lease shows with what it was refused), and
# hostile journals (escape sequences, a symlink to /dev/zero, a FIFO, 80,000
# MACs that collide under a plain hash, 200,000 MACs, 60 MB of junk), and a
# user who may not read them; the journals of two servers in two folders,
# merged by phone (--journals), and hostile paths given to it.  Needs no
# root; as root it also runs as nobody.
CLI=$(pwd)/build/phoneprov
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-status-XXXXXX") || exit 1
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
has() { LC_ALL=C grep -aq -- "$1" "$2"; }
hasF() { LC_ALL=C grep -aqF -- "$1" "$2"; }
# The JSON as one phone (or unknown client) object a line, for grep.
split_json() {
	sed -e 's/{"mac":"/\n&/g' -e 's/\([[,]\)\({"ip":"\)/\1\n\2/g' -e 's/\],"never_seen"/\n&/' \
		-e 's/\],"unknown_clients_not_shown"/\n&/' "$1"
}

if ! cc -std=c11 -D_GNU_SOURCE -O2 -o "$W/journalgen" tests/cli/journalgen.c 2>"$W/cc.out"; then
	not_ok "build journalgen" "$(head -n 3 "$W/cc.out")"
	exit 1
fi

M40=001BD4123456
M61=001BD4000002
STATE=$W/state
mkdir "$STATE"
cat >"$W/store.conf" <<EOF
state_dir = "$STATE";
security = { mac_binding = "strict"; leases = "$W/leases"; };
defaults = { proxy = { address = "192.0.2.1"; }; };
phones = ( { mac = "00:1b:d4:12:34:56"; model = "7940"; label = "front desk";
             lines = ( { name = "2001"; password = "pw-1"; } ); },
           { mac = "00:1b:d4:00:00:02"; model = "7961";
             lines = ( { name = "2002"; password = "pw-2"; } ); } );
EOF
export PHONEPROV_CONFIG="$W/store.conf"

# ---- one boot through dnsmasq: the shim's decisions and the hook's completions ----
T=2025-11-26T14:00
cat >"$STATE/hook.journal" <<EOF
${T}:00Z event=lease action=add ip=192.0.2.10 mac=$M40 host=SEP$M40
${T}:01Z event=transfer ip=192.0.2.10 mac=$M40 name=SIPDefault.cnf bytes=925 decision=sent detail=/srv/tftp/SIPDefault.cnf
${T}:04Z event=transfer ip=192.0.2.10 mac=$M40 name=SIP$M40.cnf bytes=573 decision=sent detail=/srv/tftp/SIP$M40.cnf
${T}:05Z event=transfer ip=192.0.2.10 mac=$M40 name=RINGLIST.DAT bytes=40 decision=sent detail=/srv/tftp/RINGLIST.DAT
2025-11-26T14:30:00Z event=lease action=old ip=192.0.2.10 mac=$M40 host=SEP$M40
EOF
{
	echo "${T}:01Z event=fetch ip=192.0.2.10 name=SIPDefault.cnf bytes=925 decision=served"
	echo "${T}:02Z event=fetch ip=192.0.2.10 name=P0S3-08-12-00.loads decision=not-found"
	echo "${T}:03Z event=fetch ip=192.0.2.10 name=SIP$M40.cnf bytes=573 decision=served"
	# The hook's clock a second ahead: still the same transfer.
	echo "${T}:06Z event=fetch ip=192.0.2.10 name=RINGLIST.DAT bytes=40 decision=served"
	for i in 10 11 12; do
		echo "${T}:${i}Z event=fetch ip=192.0.2.10 name=ring$i.raw decision=not-found"
	done
	# Escape sequences in a name a client chose, some UTF-8 bad and good.
	echo "${T}:30Z event=fetch ip=192.0.2.10 name=%1B]0;pwned%07%1B[2J%C2%9B%E2%80%AE%FFcaf%C3%A9 decision=not-found"
} >"$STATE/dnsmasq.journal"
# A stranger without a lease, harvesting passwords from in.tftpd.
cat >"$STATE/tftpd.journal" <<EOF
2025-11-26T15:00:00Z event=fetch ip=192.0.2.66 name=SIP$M40.cnf decision=denied
2025-11-26T15:00:01Z event=fetch ip=192.0.2.66 name=SEP$M61.cnf.xml decision=denied
2025-11-26T15:00:02Z event=fetch ip=192.0.2.66 name=SIPDefault.cnf bytes=925 decision=served
EOF

"$CLI" status >"$W/out.txt" 2>"$W/err.txt"
rc=$?
"$CLI" status --json >"$W/out.json" 2>/dev/null
split_json "$W/out.json" >"$W/lines"
grep -a "^{\"mac\":\"$M40\"" "$W/lines" >"$W/m40"
sed -n "/^$M40 /,/^\$/p" "$W/out.txt" >"$W/m40.txt"
check "story: exit 0 ($rc)" [ "$rc" = 0 ]
check "story: no row says -1 bytes" eval '! grep -q -- "-1 bytes" "$W/out.txt"'
check "story: a not-found row says not found" has "P0S3-08-12-00.loads *not found *(dnsmasq, 192.0.2.10)" "$W/m40.txt"
check "story: the shim's served and the hook's sent are one row, in text" \
	eval '[ "$(grep -c "SIPDefault.cnf" "$W/m40.txt")" = 1 ] &&
	      has "SIPDefault.cnf *served 925 bytes, completed *(dnsmasq, 192.0.2.10)" "$W/m40.txt"'
check "story: one row in JSON, the shim's decision, completed" \
	eval '[ "$(grep -o "\"name\":\"SIPDefault.cnf\"" "$W/m40" | wc -l)" = 1 ] &&
	      hasF "\"name\":\"SIPDefault.cnf\",\"bytes\":925,\"decision\":\"served\",\"by\":\"dnsmasq\",\"ip\":\"192.0.2.10\",\"completed\":true" "$W/m40"'
check "story: a hook line a second before the shim's is still merged" \
	eval '[ "$(grep -o "\"name\":\"RINGLIST.DAT\"" "$W/m40" | wc -l)" = 1 ] &&
	      hasF "\"name\":\"RINGLIST.DAT\",\"bytes\":40,\"decision\":\"served\",\"by\":\"dnsmasq\"" "$W/m40"'
check "story: it booted" hasF '"booted":true' "$W/m40"
check "story: a renewal says renewed" has "^  lease     192.0.2.10 at .* (renewed), host SEP$M40" "$W/m40.txt"
check "story: and in JSON" hasF '"action":"old","hostname":"SEP001BD4123456","vendor_class":"","meaning":"renewed"' "$W/m40"
check "story: a firmware that was not found says so" \
	has "^  firmware  P0S3-08-12-00.loads at .*, not found" "$W/m40.txt"
check "story: and in JSON" hasF '"firmware":{"name":"P0S3-08-12-00.loads","time":"2025-11-26 14:00:02Z","decision":"not-found","found":false}' "$W/m40"
sed -n '/^unknown clients/,/^servers:/p' "$W/out.txt" >"$W/unknown.txt"
check "story: the stranger without a lease has a section of its own" \
	has "^192.0.2.66  seen " "$W/unknown.txt"
check "story: with what it was refused" \
	eval 'has "SIP$M40.cnf *denied *(tftpd, 192.0.2.66)" "$W/unknown.txt" &&
	      has "SEP$M61.cnf.xml *denied" "$W/unknown.txt" && has "3: 1 delivered, 2 denied" "$W/unknown.txt"'
check "story: and in JSON" \
	has '^{"ip":"192.0.2.66","requests":3,"delivered":1,"denied":2,.*"name":"SIP001BD4123456.cnf","bytes":-1,"decision":"denied","by":"tftpd"' "$W/lines"
check "story: the 7961 was never seen (a refused request is not the phone)" \
	hasF "\"never_seen\":[\"$M61\"]" "$W/out.json"

# ---- escapes: nothing a client wrote reaches the terminal raw ---------------------------
esc=$(printf '\033') bel=$(printf '\007') ff=$(printf '\377') csi=$(printf '\302\233') rlo=$(printf '\342\200\256')
raw=0
for b in "$esc" "$bel" "$ff" "$csi" "$rlo"; do
	LC_ALL=C grep -qF -- "$b" "$W/out.txt" && raw=1
	LC_ALL=C grep -qF -- "$b" "$W/out.json" && raw=1
done
check "escapes: no control character, C1, bidi override or bad UTF-8 in the output" [ $raw = 0 ]
check "escapes: the text shows them as \\xHH, good UTF-8 as it is" \
	hasF '\x1b]0;pwned\x07\x1b[2J\xc2\x9b\xe2\x80\xae\xffcafé' "$W/out.txt"
check "escapes: the JSON as \\u escapes, a byte that is not UTF-8 as U+FFFD" \
	hasF '"name":"\u001b]0;pwned\u0007\u001b[2J\u009b\u202e\ufffdcafé"' "$W/out.json"
if command -v python3 >/dev/null 2>&1; then
	check "escapes: the JSON is valid" eval 'python3 -m json.tool "$W/out.json" >/dev/null'
fi
printf '2025-11-26T16:00:00Z event=lease action=add ip=192.0.2.77 mac=02005E000077 host=%%1B[31mred\n' \
	>>"$STATE/hook.journal"
"$CLI" status >"$W/out2.txt" 2>/dev/null
check "escapes: a DHCP host name too" \
	eval '! LC_ALL=C grep -qF -- "$esc" "$W/out2.txt" && hasF "host \x1b[31mred" "$W/out2.txt"'

# The phone asks for a dozen more files: its own configuration file stays in view.
for i in 40 41 42 43 44 45 46 47 48 49 50 51; do
	echo "${T}:${i}Z event=fetch ip=192.0.2.10 name=ring$i.raw decision=not-found"
done >>"$STATE/dnsmasq.journal"
"$CLI" status >"$W/out2.txt" 2>"$W/err.txt"
"$CLI" status --json >"$W/out.json" 2>/dev/null
split_json "$W/out.json" | grep -a "^{\"mac\":\"$M40\"" >"$W/m40"
sed -n "/^$M40 /,/^\$/p" "$W/out2.txt" >"$W/m40.txt"
check "story: its own SIP$M40.cnf is still shown after 12 later requests" \
	eval 'has "SIP$M40.cnf *served 573 bytes, completed" "$W/m40.txt" &&
	      hasF "\"name\":\"SIP$M40.cnf\",\"bytes\":573,\"decision\":\"served\"" "$W/m40" &&
	      ! grep -q SIPDefault.cnf "$W/m40.txt" && [ "$(grep -c "^  2025-" "$W/m40.txt")" = 8 ]'

# ---- planted journals: a symlink to /dev/zero, a FIFO --------------------------------
ln -s /dev/zero "$STATE/zz.journal"
mkfifo "$STATE/yy.journal"
timeout 20 "$CLI" status >"$W/out3.txt" 2>"$W/err3.txt"
rc=$?
check "planted: a symlink to /dev/zero and a FIFO do not hang status (exit $rc)" \
	eval '[ $rc != 124 ] && [ "$(head -n 1 "$W/out3.txt")" = "$(head -n 1 "$W/out2.txt")" ]'
check "planted: both are named as not read" \
	eval 'has "zz.journal: a symbolic link, not read" "$W/err3.txt" &&
	      has "yy.journal: not a regular file, not read" "$W/err3.txt"'
check "planted: and status says so with exit 1" [ $rc = 1 ]
rm -f "$STATE/zz.journal" "$STATE/yy.journal"

# A journal line longer than any writer writes, and one cut short at the end.
head -c 100000 /dev/zero | tr '\0' x >>"$STATE/tftpd.journal"
printf '\n2025-11-26T15:00:03Z event=fetch ip=192.0.2.66 name=after-junk decision=not-found\n2025-11-26T15:00:04Z event=fe' \
	>>"$STATE/tftpd.journal"
"$CLI" status >"$W/out4.txt" 2>&1
check "junk: an over-long line and a cut one are skipped, the line between is read" \
	eval 'has "^  2 lines not understood" "$W/out4.txt" && has "after-junk *not found" "$W/out4.txt"'

# ---- bounded: time and memory whatever the journal holds ---------------------------
S2=$W/state2
mkdir "$S2"
sed "s|state_dir = \"$STATE\";|state_dir = \"$S2\";|" "$W/store.conf" >"$W/store2.conf"
"$W/journalgen" collide 80000 >"$S2/hook.journal"
timeout 15 "$CLI" -c "$W/store2.conf" status >"$W/out5.txt" 2>&1
rc=$?
check "collisions: 80,000 MACs that collide under djb2 take no time (exit $rc, guard 15 s)" \
	eval '[ $rc = 0 ] && has "^  \.\.\. and 79744 more MACs not shown" "$W/out5.txt"'
rss() { # the largest resident set of a run of status, in KiB
	/usr/bin/time -f '%M' -o "$W/rss" "$CLI" -c "$W/store2.conf" status --json >/dev/null 2>&1
	cat "$W/rss"
}
if [ -x /usr/bin/time ]; then
	"$W/journalgen" unique 200000 >"$S2/hook.journal"
	kb=$(rss)
	check "memory: 200,000 MACs not in the store: ${kb} KiB (at most 32 MiB)" [ "$kb" -le 32768 ]
	"$W/journalgen" flood 60000000 >"$S2/hook.journal"
	kb=$(rss)
	check "memory: a 60 MB journal of junk names: ${kb} KiB (at most 32 MiB)" [ "$kb" -le 32768 ]
else
	echo "skip - memory: /usr/bin/time is not installed (apt-get install time)"
fi
rm -rf "$S2"

# ---- many servers: two sites' state_dirs rsync'd to one box, merged by phone ----------
# The 7940 booted at site B at 14:00, moved to site A at 16:00; the 7961 is at site B.
# Site A's journals sort first, so reading file after file (not by time) would end
# on site B's lease.  Site A leased 192.0.2.10 to the 7940; at site B that address
# is someone else, so site B's request from it is not the 7940's.
R=$W/rsync
mkdir -p "$R/siteA" "$R/siteB"
{
	echo "2025-11-26T14:00:00Z event=lease action=add ip=192.0.2.20 mac=$M40"
	echo "2025-11-26T14:10:00Z event=lease action=add ip=192.0.2.21 mac=$M61"
} >"$R/siteB/hook.journal"
{
	echo "2025-11-26T14:00:01Z event=fetch ip=192.0.2.20 mac=$M40 name=SIP$M40.cnf bytes=573 decision=served"
	echo "2025-11-26T14:10:01Z event=fetch ip=192.0.2.21 mac=$M61 name=SEP$M61.cnf.xml bytes=900 decision=served"
	echo "2025-11-26T16:30:00Z event=fetch ip=192.0.2.10 name=SEP$M61.cnf.xml decision=denied"
} >"$R/siteB/tftpd.journal"
{
	echo "2025-11-26T15:59:59Z event=lease action=add ip=192.0.2.10 mac=$M40 host=SEP$M40"
	echo "2025-11-26T16:00:02Z event=transfer ip=192.0.2.10 mac=$M40 name=SIP$M40.cnf bytes=573 decision=sent"
} >"$R/siteA/hook.journal"
echo "2025-11-26T16:00:01Z event=fetch ip=192.0.2.10 name=SIP$M40.cnf bytes=573 decision=served" \
	>"$R/siteA/dnsmasq.journal"
block() { sed -n "/^$1 /,/^\$/p" "$2"; }
"$CLI" status --journals "$R/siteA/" --journals "$R/siteB" >"$W/ms.txt" 2>"$W/ms.err"
rc=$?
"$CLI" status --json --journals "$R/siteA" --journals "$R/siteB" >"$W/ms.json" 2>/dev/null
split_json "$W/ms.json" >"$W/ms.lines"
block "$M40" "$W/ms.txt" >"$W/ms40.txt"
block "$M61" "$W/ms.txt" >"$W/ms61.txt"
grep -a "^{\"mac\":\"$M40\"" "$W/ms.lines" >"$W/ms40"
check "servers: exit 0, nothing on stderr ($rc)" eval '[ $rc = 0 ] && [ ! -s "$W/ms.err" ]'
check "servers: 8 events from 4 journals in 2 folders" \
	has "^journals: 8 events, 4 of 4 journals read, from 2 folders" "$W/ms.txt"
check "servers: one row per phone across the servers" \
	eval '[ "$(grep -c "^$M40 " "$W/ms.txt")" = 1 ] && [ "$(grep -c "^$M61 " "$W/ms.txt")" = 1 ]'
check "servers: the last lease is site A's, by time, not by file" \
	hasF "  lease     192.0.2.10 at 2025-11-26 15:59:59Z (granted), host SEP$M40, by siteA/hook" "$W/ms40.txt"
check "servers: seen last by site A, and by every journal that saw it" \
	hasF "  seen by   siteA/hook (last), siteA/dnsmasq, siteB/tftpd, siteB/hook" "$W/ms40.txt"
check "servers: its rows from both sites, oldest first, named by folder" \
	eval 'grep "SIP$M40.cnf" "$W/ms40.txt" | head -n 1 | grep -q "(siteB/tftpd, 192.0.2.20)" &&
	      grep "SIP$M40.cnf" "$W/ms40.txt" | tail -n 1 | grep -q "served 573 bytes, completed *(siteA/dnsmasq, 192.0.2.10)" &&
	      has "requests  2: 2 delivered, 0 denied, 0 not found" "$W/ms40.txt"'
check "servers: site A's hook pairs with site A's shim: one row for that transfer" \
	eval '[ "$(grep -c "SIP$M40.cnf" "$W/ms40.txt")" = 2 ]'
check "servers: an address site A leased is not the 7940 at site B" \
	eval '! grep -q "SEP$M61" "$W/ms40.txt" &&
	      sed -n "/^unknown clients/,/^servers:/p" "$W/ms.txt" | grep -q "SEP$M61.cnf.xml *denied *(siteB/tftpd, 192.0.2.10)"'
check "servers: the 7961, seen by site B only" \
	eval 'hasF "  seen by   siteB/tftpd (last), siteB/hook" "$W/ms61.txt" && has "^  booted    2025-11-26 14:10:01Z" "$W/ms61.txt"'
check "servers: JSON has each phone's servers and the last" \
	hasF '"seen_by":["siteA/dnsmasq","siteB/tftpd","siteA/hook","siteB/hook"],"last_seen_by":"siteA/hook"' "$W/ms40"
check "servers: JSON names each row's and the lease's server" \
	eval 'hasF "\"meaning\":\"granted\",\"server\":\"siteA/hook\"}" "$W/ms40" &&
	      hasF "\"ip\":\"192.0.2.10\",\"completed\":true,\"server\":\"siteA/dnsmasq\"}" "$W/ms40" &&
	      hasF "\"ip\":\"192.0.2.20\",\"completed\":false,\"server\":\"siteB/tftpd\"}" "$W/ms40"'
if command -v python3 >/dev/null 2>&1; then
	check "servers: the JSON is valid" eval 'python3 -m json.tool "$W/ms.json" >/dev/null'
fi
"$CLI" status --journals "$R" >"$W/ms2.txt" 2>&1
# Up to the running servers: another test's in.tftpd may come and go meanwhile.
check "servers: the folder holding siteA/ and siteB/ reads the same" \
	eval 'sed "/^servers:/,\$d" "$W/ms.txt" >"$W/ms.a" && sed "/^servers:/,\$d" "$W/ms2.txt" >"$W/ms.b" &&
	      [ -s "$W/ms.a" ] && cmp -s "$W/ms.a" "$W/ms.b"'
"$CLI" status --journals "$R" "00:1b:d4:00:00:02" >"$W/ms3.txt" 2>&1
rc=$?
check "servers: a MAC named shows that phone alone ($rc)" \
	eval '[ $rc = 0 ] && block "$M61" "$W/ms3.txt" | cmp -s - "$W/ms61.txt" &&
	      ! grep -q "^$M40 " "$W/ms3.txt" && ! grep -q "^unknown clients" "$W/ms3.txt"'
"$CLI" status --journals "$R" 02:00:5e:00:00:99 >"$W/ms4.txt" 2>&1
check "servers: a MAC nobody knows is never seen" has "^  02005E000099  not in the store" "$W/ms4.txt"
"$CLI" status --journals "$R" not-a-mac >/dev/null 2>"$W/ms5.err"
rc=$?
check "servers: a word that is not a MAC is a usage error ($rc)" \
	eval '[ $rc = 2 ] && has "not a MAC address" "$W/ms5.err"'
"$CLI" status >"$W/ms6.txt" 2>&1
check "servers: without --journals, state_dir as before" \
	eval 'has "^journal $STATE: " "$W/ms6.txt" && ! grep -q "seen by" "$W/ms6.txt"'

# ---- many servers, hostile: each said on stderr, the rest read, memory bounded --------------
H=$W/hostile
mkdir -p "$H/many" "$H/junk" "$H/big" "$H/dup" "$H/locked"
i=0
while [ $i -lt 3000 ]; do # thousands of files, a hundred of them named *.journal
	if [ $((i % 30)) = 0 ]; then : >"$H/many/w$i.journal"; else : >"$H/many/f$i"; fi
	i=$((i + 1))
done
ln -s loop "$H/loop" # a symlink loop
ln -s . "$H/dup/self" # and a link inside a folder
echo "these are my notes" >"$H/notes.txt"
printf 'rsync: some error\nnot a journal\nat all\n' >"$H/junk/tftpd.journal"
truncate -s 100M "$H/big/dnsmasq.journal" # sparse: 100 MB to read, none on disk
printf '\n2025-11-26T17:00:00Z event=fetch ip=192.0.2.99 name=after-the-gap decision=not-found\n' \
	>>"$H/big/dnsmasq.journal"
ln "$R/siteA/hook.journal" "$H/dup/hook.journal" # the same file under another name
echo "2025-11-26T17:00:00Z event=fetch ip=192.0.2.98 name=locked decision=not-found" \
	>"$H/locked/tftpd.journal"
AS= # as root, a user whom a mode 000 file stops
if [ "$(id -u)" = 0 ]; then
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	chmod 711 "$W"
	chmod 644 "$W/store.conf"
	chmod -R a+rX "$R" "$H"
fi
chmod 000 "$H/locked/tftpd.journal"
set -- --journals "$R/siteA" --journals "$R/siteB" --journals "$R/siteA/hook.journal" \
	--journals "$H/dup" --journals "$H/loop" --journals "$H/notes.txt" --journals "$H/junk" \
	--journals "$H/big" --journals "$H/locked" --journals "$H/missing" --journals "$H/many"
$AS "$CLI" status "$@" >"$W/h.txt" 2>"$W/h.err"
rc=$?
check "hostile: status still answers, exit 1 for what it could not read ($rc)" [ $rc = 1 ]
check "hostile: the same journal named twice is read once" \
	eval 'has "siteA/hook.journal: the same file as .*siteA/hook.journal, read once" "$W/h.err" &&
	      has "dup/hook.journal: the same file as .*siteA/hook.journal, read once" "$W/h.err" &&
	      block "$M40" "$W/h.txt" | cmp -s - "$W/ms40.txt"'
check "hostile: a symlink loop" has "hostile/loop: Too many levels of symbolic links" "$W/h.err"
check "hostile: a symlink in a folder is not followed" has "dup/self: a symbolic link, not followed" "$W/h.err"
check "hostile: a file that is not a journal by its name" \
	has "notes.txt: not a journal (its name does not end in .journal), not read" "$W/h.err"
check "hostile: a file that is not a journal by its content" \
	has "junk/tftpd.journal: not a journal: none of its 3 lines is a journal line" "$W/h.err"
check "hostile: a huge file: its last 64 MiB are read, its last line too" \
	eval 'has "big/dnsmasq.journal: bigger than any journal a server writes: its first [0-9]* bytes not read" "$W/h.err" &&
	      has "after-the-gap *not found *(big/dnsmasq, 192.0.2.99)" "$W/h.txt"'
check "hostile: a file that cannot be read" \
	eval 'has "locked/tftpd.journal: Permission denied" "$W/h.err" && ! grep -q "  locked " "$W/h.txt"'
check "hostile: a path that is not there" has "hostile/missing: No such file or directory" "$W/h.err"
check "hostile: a folder of thousands of files: what is not read is counted" \
	eval 'has "many: [0-9]* more \*.journal files not read (at most 64 in all)" "$W/h.err" &&
	      has "^  [0-9]* more \*.journal files not read" "$W/h.txt"'
check "hostile: and site B is still read in full" eval 'block "$M61" "$W/h.txt" | cmp -s - "$W/ms61.txt"'
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$W/h.rss" $AS "$CLI" status --json "$@" >/dev/null 2>&1
	kb=$(tail -n 1 "$W/h.rss") # after "Command exited with non-zero status 1"
	check "hostile: memory ${kb} KiB (at most 32 MiB)" [ "$kb" -le 32768 ]
fi
chmod 644 "$H/locked/tftpd.journal"

# ---- a user who may not read the store or the journals --------------------------------
if [ "$(id -u)" = 0 ]; then
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	chmod 711 "$W"
	chmod 644 "$W/store.conf"
	chmod 755 "$STATE"
	chmod 640 "$STATE"/*.journal
	chgrp adm "$STATE"/*.journal
else
	as_user() { "$@"; }
	chmod 000 "$STATE"/*.journal
fi
as_user "$CLI" status >"$W/out6.txt" 2>"$W/err6.txt"
rc=$?
check "no access: the journals' permission error, exit 1 ($rc)" \
	eval '[ $rc = 1 ] && has "hook.journal: Permission denied" "$W/err6.txt"'
check "no access: it says what is needed" has "run it as root" "$W/err6.txt"
if [ "$(id -u)" = 0 ]; then
	check "no access: and which group may read them" \
		hasF "is readable by the group 'adm': run it as root (sudo), or as a member of that group" \
		"$W/err6.txt"
	chmod 700 "$STATE"
	as_user "$CLI" status >"$W/out7.txt" 2>"$W/err7.txt"
	rc=$?
	check "no access to state_dir: not '0 events' but why, exit 1 ($rc)" \
		eval '[ $rc = 1 ] && ! grep -q "0 events" "$W/out7.txt" &&
		      has "^journal .*: cannot read it (Permission denied)" "$W/out7.txt" &&
		      has "only its owner may read .*state: run it as root" "$W/err7.txt"'
	chmod 600 "$W/store.conf"
	as_user "$CLI" status >"$W/out8.txt" 2>"$W/err8.txt"
	rc=$?
	check "no access to the store: it says so and what is needed, exit 1 ($rc)" \
		eval '[ $rc = 1 ] && has "store.conf: error: cannot read the store: Permission denied" "$W/err8.txt" &&
		      has "only its owner may read .*store.conf: run it as root" "$W/err8.txt"'
fi

[ $failures = 0 ]
