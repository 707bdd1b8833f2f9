#!/bin/sh
# SPDX-License-Identifier: MIT
# The hook runs as root, and reads and writes files in state_dir, which the
# dnsmasq user can write to, and the lease file, which dnsmasq writes.  What
# that user may plant there (a symlink to /dev/zero, a FIFO, a huge file)
# must never hang the hook (dnsmasq waits for it before the next event) or
# redirect its writes.  Each call is bounded by `timeout`.
HOOK=$(pwd)/build/phoneprov-dhcp-script
W=$(mktemp -d "${TMPDIR:-/tmp}/phoneprov-hookx-XXXXXX") || exit 1
export PHONEPROV_HOOK_CACHE="$W/cache"
trap 'rm -rf "$W"' EXIT
failures=0
ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1${2:+: $2}"
	failures=$((failures + 1))
}

STATE=$W/state
mkdir "$STATE"
printf 'state_dir = "%s";\nsecurity = { mac_binding = "lenient"; leases = "%s"; };\n' \
	"$STATE" "$W/dnsmasq.leases" >"$W/store.conf"
printf 'phones = ( { mac = "00:1b:d4:12:34:56"; model = "7940"; } );\n' >>"$W/store.conf"
export PHONEPROV_CONFIG="$W/store.conf"

# hook_in_time NAME ARGS...: the hook must end by itself within 10 s.
hook_in_time() {
	name=$1
	shift
	start=$(date +%s)
	timeout 10 "$HOOK" "$@" </dev/null >/dev/null 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	if [ $rc = 124 ]; then
		not_ok "hook-hostile: $name" "the hook hung (killed after 10 s)"
	else
		ok "hook-hostile: $name (exit $rc, ${took}s)"
	fi
}

reset() {
	rm -rf "${STATE:?}" "$W/dnsmasq.leases"
	mkdir "$STATE"
}

reset
ln -s /dev/zero "$STATE/bindings"
hook_in_time "bindings -> /dev/zero: a transfer" tftp 100 192.0.2.10 /srv/tftp/SIPDefault.cnf
hook_in_time "bindings -> /dev/zero: a lease" add 00:1b:d4:12:34:56 192.0.2.10 sep
if [ -c /dev/zero ]; then
	ok "hook-hostile: /dev/zero is still a device (nothing written through the link)"
else
	not_ok "hook-hostile: /dev/zero is no longer a device"
fi

reset
mkfifo "$STATE/bindings"
hook_in_time "bindings is a FIFO: a transfer" tftp 100 192.0.2.10 /srv/tftp/SIPDefault.cnf

reset
mkfifo "$STATE/bindings.lock"
hook_in_time "bindings.lock is a FIFO: a lease" add 00:1b:d4:12:34:56 192.0.2.10 sep

reset
mkfifo "$STATE/hook.journal"
hook_in_time "hook.journal is a FIFO: a lease" add 00:1b:d4:12:34:56 192.0.2.11 sep

reset
echo "root's" >"$W/target"
ln -s "$W/target" "$STATE/hook.journal"
hook_in_time "hook.journal is a symlink: a lease" add 00:1b:d4:12:34:56 192.0.2.12 sep
if [ "$(cat "$W/target")" = "root's" ]; then
	ok "hook-hostile: the journal symlink was not followed"
else
	not_ok "hook-hostile: the journal symlink was followed"
fi

reset
ln -s /dev/zero "$W/dnsmasq.leases"
hook_in_time "the lease file -> /dev/zero: a transfer" tftp 100 192.0.2.10 /srv/tftp/x.cnf
reset
mkfifo "$W/dnsmasq.leases"
hook_in_time "the lease file is a FIFO: a transfer" tftp 100 192.0.2.10 /srv/tftp/x.cnf

# A huge file of garbage (sparse: no disk used): only a bounded part is read.
reset
if truncate -s 4G "$STATE/bindings" 2>/dev/null; then
	hook_in_time "bindings is 4 GiB of NULs: a transfer" tftp 100 192.0.2.10 /srv/tftp/x.cnf
	if grep -q "event=transfer ip=192.0.2.10" "$STATE/hook.journal"; then
		ok "hook-hostile: and the transfer is still journaled"
	else
		not_ok "hook-hostile: and the transfer is still journaled"
	fi
else
	echo "skip - hook-hostile: a 4 GiB sparse file: this file system cannot hold one"
fi

# A full disk, played with a file size limit of 0 (SIGXFSZ ignored, as a full
# disk sends none): each save of the bindings fails, is said (syslog), and is
# tried again, 4 times in all; the hook still ends in time.
reset
if command -v strace >/dev/null 2>&1; then
	start=$(date +%s)
	timeout 20 strace -f -qq -e trace=openat,connect -o "$W/st" sh -c \
		'trap "" XFSZ; ulimit -f 0; exec "$0" add 00:1b:d4:12:34:56 192.0.2.13 sep' "$HOOK" \
		</dev/null >/dev/null 2>&1
	took=$(($(date +%s) - start))
	saves=$(grep -c 'openat(.*/\.bindings\.[0-9]*", O_WRONLY|O_CREAT' "$W/st")
	said=$(grep -c 'connect(.*"/dev/log"' "$W/st")
	if [ "$saves" = 4 ] && [ "$said" -ge 4 ] && [ "$took" -le 5 ]; then
		ok "hook-hostile: a failed bindings save is said and tried again ($saves tries, $said log lines, ${took}s)"
	else
		not_ok "hook-hostile: a failed bindings save is said and tried again" \
			"$saves tries, $said log lines, ${took}s"
	fi
else
	echo "skip - hook-hostile: a failed bindings save: strace is not installed"
fi

[ $failures = 0 ]
