/* SPDX-License-Identifier: MIT */
#include "fw_track.h"
#include "render_format.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum what {
	W_OTHER,     /* anything else: the boot goes on */
	W_BOOT_PRE,  /* OS79XX.TXT: a 79x0's original boot mechanism, and its offer */
	W_BOOT_HUNT, /* CTLSEP/ITLSEP/ITLFile, or a 79x0's SEP<MAC>.cnf.xml */
	W_OFFER, /* the file that names its load: SEP<MAC>.cnf.xml, a hunting 79x0's SIP<MAC>.cnf */
	W_HEAD,  /* <load>.bin or <load>.loads */
	W_PART   /* a .sbn or .sb2 a .loads lists */
};

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

static enum what classify(const pp_store *st, const pp_phone *ph, const char *base, int hunt)
{
	pp_name n;
	int cnf = ph->model->family == PP_FAMILY_CNF;

	if (strcasecmp(base, "OS79XX.TXT") == 0)
		return cnf ? W_BOOT_PRE : W_OTHER;
	if (strncasecmp(base, "CTLSEP", 6) == 0 || strncasecmp(base, "ITLSEP", 6) == 0 ||
	    strcasecmp(base, "ITLFile.tlv") == 0)
		return W_BOOT_HUNT;
	if (ends(base, ".bin") || ends(base, ".loads"))
		return W_HEAD;
	if (ends(base, ".sbn") || ends(base, ".sb2"))
		return W_PART;
	switch (pp_classify(st, base, &n)) {
	case PP_KIND_SEP_MAC:
		if (strcmp(n.mac, ph->mac) != 0)
			return W_OTHER;
		return cnf ? W_BOOT_HUNT : W_OFFER;
	case PP_KIND_SIP_MAC:
		return cnf && hunt && strcmp(n.mac, ph->mac) == 0 ? W_OFFER : W_OTHER;
	default:
		return W_OTHER;
	}
}

pp_fw_current pp_fw_seen_current(const pp_fw_seen *s)
{
	pp_fw_current c = {s->known, s->known == PP_FW_EXACT ? s->load : NULL};
	return c;
}

void pp_fw_phone_plan(const pp_phone *ph, const pp_fw_seen *s, pp_fw_plan *out)
{
	pp_fw_current cur = {PP_FW_UNKNOWN, NULL};

	if (s)
		cur = pp_fw_seen_current(s);
	pp_fw_plan_for(ph->model, pp_fw_entry(&ph->s, ph->model->name), &cur, out);
}

static void learn(pp_fw_seen *s, enum pp_fw_known k, const char *load, const char *how, time_t t)
{
	s->known = k;
	snprintf(s->load, sizeof(s->load), "%s", load ? load : "");
	s->how = how;
	s->t = t;
}

/* A new boot: what the images fetched in the last one did. */
static void resolve(pp_fw_seen *s, int completion_known, time_t t)
{
	if (!s->pending[0])
		return;
	if (s->cut || (completion_known && s->asked > s->done))
		snprintf(s->problem, sizeof(s->problem),
		         "an upgrade to %s started and did not finish: a fetch was cut short, so "
		         "it kept its load and tries again",
		         s->pending);
	else if (s->done || (!completion_known && s->asked))
		learn(s, PP_FW_EXACT, s->pending,
		      completion_known ? "fetched its images to the end"
		                       : "fetched its images (the server does not report ends)",
		      t);
	s->pending[0] = '\0';
	s->done = s->cut = s->asked = 0;
}

/* Is image head base (without extension) the load offered, or the .bin OS79XX.TXT made of it? */
static int is_offered(const pp_fw_seen *s, const char *head)
{
	char bin[PP_FW_NAME_MAX + 1];

	if (!s->offered[0])
		return 0;
	pp_os79xx_name(s->offered, bin, sizeof(bin));
	return pp_fw_same(head, s->offered) || pp_fw_same(head, bin);
}

static void offer(pp_fw_seen *s, const pp_phone *ph)
{
	pp_fw_plan p;

	pp_fw_phone_plan(ph, s, &p);
	/* A phone held on a newer load is offered its own: it stays. */
	snprintf(s->offered, sizeof(s->offered), "%s", p.state != PP_FWS_NONE ? p.next : "");
	s->offer_open = s->offered[0] != '\0';
}

static void image(pp_fw_seen *s, const char *base, enum what w, enum pp_fw_ev ev)
{
	char head[PP_FW_NAME_MAX + 1];

	if (ev == PP_FWE_MISSING) {
		snprintf(s->missing, sizeof(s->missing), "%.*s", PP_FW_NAME_MAX + 16, base);
		snprintf(
		    s->problem, sizeof(s->problem),
		    "asked for %.*s, which is not in the TFTP root: it is the image of %s, the "
		    "load it was offered",
		    PP_FW_NAME_MAX, base, s->offered[0] ? s->offered : "a load it was offered");
		s->offer_open = 0;
		return;
	}
	if (w == W_HEAD && ev == PP_FWE_ASKED) {
		size_t n = strcspn(base, ".");
		if (!ends(base, ".bin"))
			n = strlen(base) - strlen(".loads");
		snprintf(head, sizeof(head), "%.*s", (int)(n < sizeof(head) ? n : 0), base);
		if (!is_offered(s, head))
			return; /* termNN.default.loads, or a name nobody offered it */
		s->offer_open = 0;
		if (s->pending[0] && pp_fw_same(s->pending, s->offered))
			return; /* the same fetch, asked again within a boot */
		/* Asked again for a load it was thought to run: the last flash did not take. */
		if (s->known == PP_FW_EXACT && pp_fw_same(s->load, s->offered))
			s->tries++;
		else
			s->tries = 1;
		if (s->tries >= PP_FW_LOOP)
			snprintf(
			    s->problem, sizeof(s->problem),
			    "reboots in a loop on the same step: it has fetched %s at %u boots "
			    "and still does not run it",
			    s->offered, s->tries);
		snprintf(s->pending, sizeof(s->pending), "%s", s->offered);
		s->done = s->cut = 0;
		s->asked = ends(base, ".bin");
		return;
	}
	if (!s->pending[0] || (w == W_HEAD && !ends(base, ".bin")))
		return; /* a .loads is the manifest, not an image */
	if (ev == PP_FWE_ASKED)
		s->asked++;
	else if (ev == PP_FWE_DONE)
		s->done++;
	else if (ev == PP_FWE_CUT)
		s->cut++;
}

int pp_fw_observe(pp_fw_seen *s, const pp_store *st, const pp_phone *ph, const char *name,
                  enum pp_fw_ev ev, int completion_known, time_t t)
{
	pp_fw_load l;

	if (!s || !st || !ph || !ph->model || !name)
		return 0;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	enum what w = classify(st, ph, base, s->boot_hunt);
	if ((ev == PP_FWE_DONE || ev == PP_FWE_CUT) && w != W_HEAD && w != W_PART)
		return 0; /* the end of a config file's transfer says nothing here */
	switch (w) {
	case W_BOOT_PRE:
		resolve(s, completion_known, t);
		s->boot_hunt = 0;
		if (s->known != PP_FW_EXACT || pp_fw_parse(s->load, &l) < 0 || !pp_fw_preloader(&l))
			learn(s, PP_FW_PRELOADER, NULL,
			      "asked for OS79XX.TXT first: a load before the loader", t);
		offer(s, ph);
		return 1;
	case W_BOOT_HUNT:
		resolve(s, completion_known, t);
		s->offer_open = 0;
		if (ph->model->family != PP_FAMILY_CNF)
			return 0;
		s->boot_hunt = 1;
		if (s->known != PP_FW_EXACT ||
		    (pp_fw_parse(s->load, &l) == 0 && pp_fw_preloader(&l)))
			learn(s, PP_FW_LOADER_ERA, NULL,
			      "hunted for its configuration: the loader or a later load", t);
		return 0;
	case W_OFFER:
		resolve(s, completion_known, t);
		offer(s, ph);
		return 1;
	case W_HEAD:
	case W_PART:
		image(s, base, w, ev);
		return 0;
	default:
		if (s->offer_open)
			learn(s, PP_FW_EXACT, s->offered,
			      "was offered it and asked for no image: it runs it", t);
		s->offer_open = 0;
		return 0;
	}
}

void pp_fw_stage_words(const pp_phone *ph, const pp_fw_seen *s, char *out, size_t len)
{
	pp_fw_plan p;
	pp_fw_step all[PP_FW_MAX_VIA + 1];

	if (!len)
		return;
	out[0] = '\0';
	if (!ph || !ph->model)
		return;
	pp_fw_phone_plan(ph, s, &p);
	const pp_firmware *fw = pp_fw_entry(&ph->s, ph->model->name);
	size_t total = pp_fw_all_steps(ph->model, fw, all);
	switch (p.state) {
	case PP_FWS_ON_TARGET:
		snprintf(out, len, "on its target %s", p.target);
		return;
	case PP_FWS_HELD:
		snprintf(out, len, "runs %s, newer than its target %s: left on it", s->load,
		         p.target);
		return;
	case PP_FWS_STEPPING:
		if (!s || s->known != PP_FW_EXACT)
			snprintf(
			    out, len,
			    "its load is not known yet; it is offered %s, the first step it may "
			    "need on the way to %s",
			    p.next, p.target);
		else
			snprintf(out, len, "%zu of %zu steps left to %s: runs %s, offered %s", p.n,
			         total > p.n ? total : p.n, p.target, s->load, p.next);
		return;
	default:
		return;
	}
}
