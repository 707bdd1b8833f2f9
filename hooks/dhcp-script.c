/* SPDX-License-Identifier: MIT */
/*
 * phoneprov-dhcp-script: dnsmasq's --dhcp-script.
 *
 *   add|old MAC IP [HOSTNAME]   a lease was granted or renewed
 *   del MAC IP [HOSTNAME]       a lease ended
 *   arp-add|arp-del MAC IP      with --script-arp
 *   tftp SIZE IP PATH           a TFTP transfer completed (no DNSMASQ_* env)
 *   init                        with --leasefile-ro; we keep no lease DB
 *
 * It records IP <-> MAC bindings and journals each event in the store's
 * state_dir.  dnsmasq's helper runs one script at a time and waits for it,
 * so this never blocks for long, never fails (exit 0 whatever happens: an
 * error here must not look like a lease problem), and never prints a
 * secret: it reads only state_dir from the store.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "bindings.h"
#include "client.h"
#include "neigh.h"
#include "journal.h"
#include "peekcache.h"
#include "phoneprov.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static void journal(const char *dir, const pp_event *e)
{
	pp_journal j;
	if (pp_journal_init(&j, dir, "hook") < 0 || pp_journal_write(&j, e) < 0)
		syslog(LOG_WARNING, "cannot write the journal in %s: %s", dir, strerror(errno));
	pp_journal_close(&j);
}

/*
 * A failed save (a full disk, a lock held too long) is said, and tried again
 * a few times over a second; the lease is journaled either way, so nothing
 * is lost silently.
 */
static void save_binding(const char *dir, const pp_binding *b, int remove)
{
	for (int i = 0; i < 4; i++) {
		if (pp_bindings_update(dir, b, remove) == 0) {
			if (i > 0)
				syslog(LOG_NOTICE, "bindings in %s saved after %d retries", dir, i);
			return;
		}
		int again = i < 3 && errno != ETIMEDOUT; /* a held lock was waited for already */
		syslog(LOG_WARNING, "cannot update bindings in %s: %s%s", dir, strerror(errno),
		       again ? "; trying again" : "; giving up for this event");
		if (!again)
			return;
		nanosleep(&(struct timespec){0, 250 * 1000 * 1000}, NULL);
	}
}

static void lease(const char *dir, const char *action, int argc, char **argv)
{
	pp_binding b;
	memset(&b, 0, sizeof(b));
	const char *hw = argv[2], *from_duid = NULL;
	/*
	 * DHCPv6 passes a DUID here; dnsmasq puts the MAC, when it knows it, in
	 * DNSMASQ_MAC, often read out of that DUID: whatever the client chose to
	 * send, like chaddr in DHCPv4.  Either is recorded as a claim, which only
	 * mac_binding "lenient" goes by; "strict" asks the kernel (lib/policy.c).
	 */
	if (pp_mac_parse(hw, b.mac) != PP_OK) {
		if (!env("DNSMASQ_MAC") || pp_mac_parse(env("DNSMASQ_MAC"), b.mac) != PP_OK)
			return;
		from_duid = "mac from DNSMASQ_MAC, as the DHCPv6 client claimed it";
	}
	snprintf(b.ip, sizeof(b.ip), "%s", argv[3]);
	const char *host = argc > 4 && argv[4][0] ? argv[4] : env("DNSMASQ_SUPPLIED_HOSTNAME");
	const char *vendor = env("DNSMASQ_VENDOR_CLASS");
	snprintf(b.host, sizeof(b.host), "%s", host ? host : "");
	snprintf(b.vendor, sizeof(b.vendor), "%s", vendor ? vendor : "");
	b.t = time(NULL);

	int remove = strcmp(action, "del") == 0 || strcmp(action, "arp-del") == 0;
	save_binding(dir, &b, remove);
	if (strncmp(action, "arp-", 4) == 0)
		return; /* neighbour churn: a binding, not an event worth a line */
	pp_event e = {.t = b.t,
	              .event = "lease",
	              .action = action,
	              .ip = b.ip,
	              .mac = b.mac,
	              .host = host,
	              .vendor = vendor,
	              .detail = from_duid,
	              .bytes = -1};
	journal(dir, &e);
}

static void transfer(const char *dir, const char *leases, char **argv)
{
	char mac[PP_MAC_LEN + 1] = "";
	pp_binding *b = NULL;
	size_t n = 0;
	const char *ip = argv[3];
	char *endp;
	long long size = strtoll(argv[2], &endp, 10);
	if (*endp || size < 0)
		size = -1;

	if (pp_bindings_load(dir, &b, &n) < 0 || pp_bindings_mac(b, n, ip, mac) < 0) {
		/* Not seen by this hook (a static lease, a fixed IP): the kernel, then dnsmasq. */
		if (pp_neigh_mac(ip, mac) < 0 && pp_client_mac_from_leases(leases, ip, mac) < 0)
			mac[0] = '\0';
	}
	free(b);
	char path[4096];
	snprintf(path, sizeof(path), "%s", argv[4]);
	pp_event e = {.event = "transfer",
	              .ip = ip,
	              .mac = mac[0] ? mac : NULL,
	              .name = basename(path),
	              .bytes = size,
	              .decision = "sent",
	              .detail = argv[4]};
	journal(dir, &e);
}

int main(int argc, char **argv)
{
	char dir[4096], leases[4096];
	const char *store = pp_config_path();

	openlog("phoneprov-dhcp-script", LOG_PID, LOG_DAEMON);
	if (argc < 2)
		return 0;
	/*
	 * A broken store must not stop the journal: only two paths are read from
	 * it, and remembered (peekcache.h) so that an event costs the same
	 * whatever the store's size.  PHONEPROV_HOOK_CACHE=off: parse each time.
	 */
	const char *cache = env("PHONEPROV_HOOK_CACHE");
	if (cache && !strcmp(cache, "off"))
		pp_store_peek(store, dir, sizeof(dir), leases, sizeof(leases));
	else
		pp_store_peek_cached(store, cache ? cache : PP_PEEK_CACHE_DIR, dir, sizeof(dir),
		                     leases, sizeof(leases));
	const char *action = argv[1];
	if ((!strcmp(action, "add") || !strcmp(action, "old") || !strcmp(action, "del") ||
	     !strcmp(action, "arp-add") || !strcmp(action, "arp-del")) &&
	    argc >= 4)
		lease(dir, action, argc, argv);
	else if (!strcmp(action, "tftp") && argc >= 5)
		transfer(dir, leases, argv);
	return 0;
}
