/* SPDX-License-Identifier: MIT */
/*
 * What a phone's requests say about the load it runs (lifecycle.md section
 * 1, the phone model of section 8), learned one request at a time:
 *
 *   OS79XX.TXT first             a 79x0 on a pre-loader load
 *   CTLSEP / SEP<MAC>.cnf.xml    a 79x0 on the loader or later (its hunt)
 *   offered X, asked no image    it runs X (a phone asks for an image only
 *   and went on                  when the offered one differs from its own)
 *   asked X's images, each to    it runs X after the reboot; a fetch cut
 *   the end, then booted again   short flashes nothing
 *
 * The same learner serves `phoneprov firmware` and `status` (replaying the
 * journals) so they cannot disagree.  What it learns only ever selects a
 * step of the path the store and the table give (fw_plan.c): a forged or
 * stale record can delay a phone, never send it a load off its path.
 */
#ifndef PP_FW_TRACK_H
#define PP_FW_TRACK_H

#include <time.h>

#include "firmware.h"

#define PP_FW_LOOP 3 /* boots fetching the same step's images: a loop */

enum pp_fw_ev {
	PP_FWE_ASKED,   /* the server answered the request (from the store or the disk) */
	PP_FWE_MISSING, /* the name was not on disk */
	PP_FWE_DONE,    /* a transfer that ended: every byte sent */
	PP_FWE_CUT      /* a transfer that stopped before the end */
};

typedef struct pp_fw_seen {
	enum pp_fw_known known;
	char load[PP_FW_NAME_MAX + 1];     /* PP_FW_EXACT */
	const char *how;                   /* how that is known, in words (a static string) */
	time_t t;                          /* when it was learned */
	int boot_hunt;                     /* this boot began with the loader's hunt */
	char offered[PP_FW_NAME_MAX + 1];  /* the load its last config named, "" none */
	int offer_open;                    /* ... and no image of it asked for since */
	char pending[PP_FW_NAME_MAX + 1];  /* the load whose images it is fetching */
	unsigned done, cut, asked;         /* pending's image transfers */
	unsigned tries;                    /* boots fetching pending's images without moving on */
	char missing[PP_FW_NAME_MAX + 32]; /* an image it asked for that was not on disk */
	char problem[320];                 /* the last trouble, in words; "" none */
} pp_fw_seen;

/*
 * One request of phone ph (its MAC's entry in st) for name: updates *s.
 * completion_known: the server reports ended transfers (dnsmasq's hook);
 * without it an image asked is taken as fetched.  Returns 1 when the answer
 * to this request is where the phone reads its load (OS79XX.TXT; a hunting
 * 79x0's SIP<MAC>.cnf; SEP<MAC>.cnf.xml of the XML family): s->offered is
 * then what that answer names.  Elsewhere the answer is the store's own.
 */
int pp_fw_observe(pp_fw_seen *s, const pp_store *st, const pp_phone *ph, const char *name,
                  enum pp_fw_ev ev, int completion_known, time_t t);
/* What *s knows, for the planner. */
pp_fw_current pp_fw_seen_current(const pp_fw_seen *s);
/* The plan for ph now: its entry for its model, from what *s knows (s NULL: nothing). */
void pp_fw_phone_plan(const pp_phone *ph, const pp_fw_seen *s, pp_fw_plan *out);
/*
 * ph's firmware stage in words for `status`, into out: on its target, the
 * step it is at and the next, held on a newer load, or its load not yet
 * known; "" when the store gives its model no load.
 */
void pp_fw_stage_words(const pp_phone *ph, const pp_fw_seen *s, char *out, size_t len);

/* ---- serving (render_offer.c) and the shim's durable record (fw_state.c) ---- */

/* 1 for the files that name a load: OS79XX.TXT, SIP<MAC>.cnf, SEP<MAC>.cnf.xml. */
int pp_fw_affects(enum pp_kind k);
/*
 * pp_render for asker, a phone of the store, with offer (its plan's next
 * load) in place of its model's load in those files; any other file, or
 * another phone's, as pp_render gives it.  The policy applies as ever.
 */
int pp_render_offer(const pp_store *st, const char *path, const pp_client *client,
                    const pp_phone *asker, const char *offer, char **data, size_t *len,
                    pp_error *err);

#define PP_FW_STATE_MAX       4096      /* phones one state file holds */
#define PP_FW_STATE_MAX_BYTES (1 << 20) /* read from it at most */

/*
 * STATE_DIR/WRITER.firmware, one line a phone: "MAC KNOWN LOAD TIME", KNOWN
 * one of exact, pre-loader, loader-era (LOAD "-" unless exact).  The file
 * is in a folder the dnsmasq user may write, so a line is taken only when
 * every field is well formed (a MAC, a word, a load name of at most 64
 * characters [A-Za-z0-9._-], digits), ended by a newline; anything else is
 * skipped.  A forged line can only pick which step of its path a phone is
 * offered (fw_plan.c), never a load off it.
 */
int pp_fw_state_format(const char *mac, const pp_fw_seen *s, char *out, size_t len);
/* One line (no newline) into mac and *s; 0, or -1 when it is not well formed. */
int pp_fw_state_parse(const char *line, char mac[PP_MAC_LEN + 1], pp_fw_seen *s);
/* Each well-formed line of path, at most PP_FW_STATE_MAX; -1 (errno) when unreadable. */
int pp_fw_state_read(const char *path, void (*fn)(void *ctx, const char *mac, const pp_fw_seen *s),
                     void *ctx);

#endif
