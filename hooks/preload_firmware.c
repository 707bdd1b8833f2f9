/* SPDX-License-Identifier: MIT */
/*
 * Firmware journeys inside the server: every request of a phone of the
 * store goes through the learner (lib/fw_track.h), in the receive wrapper
 * (in.tftpd's parent, so what is learned outlives each child), and the
 * three files that name a load get the phone's next step.  What is learned
 * of each phone's load is kept in STATE_DIR/WRITER.firmware, read once and
 * rewritten (a new file renamed over it) when a phone's load becomes known
 * or changes, so a restart of the server does not restart a journey.
 *
 * Only names a journey can be told from are looked at, and the client's MAC
 * is asked for only then, the way the binding policy finds it.
 */
#include "preload_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "fw_track.h"
#include "model.h"

#define PP_FW_TRACKED 512 /* phones followed at once; the least recently seen go */

static struct tracked {
	char mac[PP_MAC_LEN + 1]; /* "" free */
	pp_fw_seen s;
	unsigned long used;
} tracked[PP_FW_TRACKED];
static unsigned long clock_;
static char loaded_from[4096]; /* the state file read, "" none yet */

static struct tracked *slot(const char *mac)
{
	struct tracked *v = &tracked[0];

	for (size_t i = 0; i < PP_FW_TRACKED; i++) {
		if (strcmp(tracked[i].mac, mac) == 0)
			return &tracked[i];
		if (tracked[i].used < v->used)
			v = &tracked[i];
	}
	memset(v, 0, sizeof(*v));
	memcpy(v->mac, mac, sizeof(v->mac));
	return v;
}

static void put(void *ctx, const char *mac, const pp_fw_seen *s)
{
	(void)ctx;
	struct tracked *t = slot(mac);
	t->s = *s;
	t->used = ++clock_;
}

static int state_path(char *out, size_t len)
{
	if (!pp_shim.journal_dir[0])
		return -1;
	int n = snprintf(out, len, "%s/%s.firmware", pp_shim.journal_dir, pp_shim_writer());
	return n > 0 && (size_t)n < len ? 0 : -1;
}

static void load_once(void)
{
	char path[4096];

	if (state_path(path, sizeof(path)) != 0 || strcmp(path, loaded_from) == 0)
		return;
	snprintf(loaded_from, sizeof(loaded_from), "%s", path);
	pp_fw_state_read(path, put, NULL);
}

/* Every phone whose load is known, into a new file renamed over the old one. */
static void save(void)
{
	char path[4096], tmp[4200], line[160];

	if (state_path(path, sizeof(path)) != 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0)
		return;
	int ok = 1;
	for (size_t i = 0; i < PP_FW_TRACKED && ok; i++) {
		int n;
		if (tracked[i].mac[0] &&
		    (n = pp_fw_state_format(tracked[i].mac, &tracked[i].s, line, sizeof(line))) > 0)
			ok = write(fd, line, (size_t)n) == n;
	}
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0)
		unlink(tmp);
}

/* An image file: the end of its fetch says whether the phone flashed it. */
static int image_file(const char *base)
{
	const char *dot = strrchr(base, '.');

	return dot && (strcasecmp(dot, ".bin") == 0 || strcasecmp(dot, ".sbn") == 0 ||
	               strcasecmp(dot, ".sb2") == 0);
}

struct end_ctx {
	struct tracked *t;
	const pp_phone *ph;
};

/* A child told how one of the phone's image fetches ended (preload_fetch.c). */
static void ended(void *ctx, const char *name, const char *load, int done)
{
	struct end_ctx *e = ctx;

	/* A late word of an earlier step's fetch must not count toward this one. */
	if (!e->t->s.pending[0] || !pp_fw_same(e->t->s.pending, load))
		return;
	pp_fw_observe(&e->t->s, pp_shim.store, e->ph, name, done ? PP_FWE_DONE : PP_FWE_CUT, 1,
	              time(NULL));
}

/* A name a journey can be told from (the learner's kinds, fw_track.c). */
static int telling(const char *base)
{
	static const char *const ext[] = {".bin", ".loads", ".sbn", ".sb2"};
	const char *dot = strrchr(base, '.');
	pp_name n;

	for (size_t i = 0; dot && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return 1;
	return strncasecmp(base, "CTLSEP", 6) == 0 || strncasecmp(base, "ITLSEP", 6) == 0 ||
	       strcasecmp(base, "ITLFile.tlv") == 0 ||
	       pp_classify(pp_shim.store, base, &n) != PP_KIND_NONE;
}

const pp_phone *pp_fw_shim_request(const char *ip, const char *name, const char *base,
                                   char offer[PP_FW_NAME_MAX + 1])
{
	char mac[PP_MAC_LEN + 1];
	const pp_phone *ph;

	offer[0] = '\0';
	if (!pp_shim.store || !ip[0] || !telling(base))
		return NULL;
	/*
	 * Whose request this is, for learning only (what it is served is the
	 * policy's to say, asked afresh in decide()): the neighbour table as
	 * the journal has it, else the claims, both cached per client a moment
	 * (preload_mac.c).  Asking anew cost every request that tells a load a
	 * netlink round trip and two stats (figure 9 of make bench).
	 */
	if (pp_mac_of_claimed(pp_shim.store, ip, mac) != 0)
		return NULL;
	if (!(ph = pp_store_lookup(pp_shim.store, mac)) || !pp_fw_entry(&ph->s, ph->model->name))
		return NULL; /* not on a journey: it gets what it got before */
	load_once();
	struct tracked *t = slot(mac);
	t->used = ++clock_;
	enum pp_fw_known known = t->s.known;
	char load[PP_FW_NAME_MAX + 1];
	memcpy(load, t->s.load, sizeof(load));
	/*
	 * in.tftpd's children say how each image fetch ended; before a boot's
	 * first request the phone's last ones have surely ended, so they are
	 * given a moment to say it.  dnsmasq reports no end to the shim (its
	 * hook journals it): there an image asked is taken as fetched.
	 */
	int ends = pp_fetch_reports();
	struct end_ctx e = {t, ph};
	if (ends)
		pp_fetch_collect(mac, !image_file(base), ended, &e);
	int point = pp_fw_observe(&t->s, pp_shim.store, ph, name, PP_FWE_ASKED, ends, time(NULL));
	if (ends && image_file(base) && t->s.pending[0])
		pp_fetch_arm(mac, name, t->s.pending);
	if (t->s.known != known || strcmp(t->s.load, load) != 0)
		save();
	/* Where the phone reads its load, its next step; elsewhere the store's file. */
	if (point)
		memcpy(offer, t->s.offered, PP_FW_NAME_MAX + 1);
	return ph;
}
