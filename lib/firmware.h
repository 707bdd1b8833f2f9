/* SPDX-License-Identifier: MIT */
/*
 * Firmware journeys: what a Cisco load name says (fw_name.c), the documented
 * upgrade paths (firmware_table.c, data only) and the planner that picks the
 * next load to offer one phone (fw_plan.c).
 *
 * A phone cannot always go straight to its target: a 7940 on SCCP 3.x given
 * SIP 7.x or later says "Load ID Incorrect" and stays where it is; a 7961
 * below 8.3(3) given 9.x reboots in a loop.  The planner answers each phone
 * with the next safe step, and never moves a phone that is on its target,
 * or newer than it unless the phone's own entry pins the load.
 */
#ifndef PP_FIRMWARE_H
#define PP_FIRMWARE_H

#include <stddef.h>

#include "model.h"

#define PP_FW_MAX_VIA   8  /* steps a via may list */
#define PP_FW_NAME_MAX  64 /* a load name, as the store allows it */
#define PP_FW_MAX_PARTS 32 /* files one .loads may list */

enum pp_fw_kind {
	PP_FWK_OTHER, /* not a name phoneprov can read */
	PP_FWK_79X0,  /* P003..., P0S3-..., P0M3...: the 7940/7960 */
	PP_FWK_XML,   /* SIP41.9-4-2SR3-1S, SCCP11.8-5-2S, sip8961.9-4-1-9 */
	PP_FWK_TERM   /* termNN.default: the factory load of an XML-family phone */
};

enum pp_fw_proto { PP_FWP_NONE, PP_FWP_SCCP, PP_FWP_SIP, PP_FWP_MGCP, PP_FWP_LOADER };

typedef struct pp_fw_load {
	enum pp_fw_kind kind;
	enum pp_fw_proto proto;
	unsigned v[4]; /* major, minor, maintenance, build; missing parts 0 */
	unsigned sr;   /* the service release: 3 in 9-4-2SR3-1S, 2 in P0030801SR02 */
	char code[16]; /* the model code of an XML load ("41"), "" for 79x0 */
	char rest[16]; /* what follows the numbers ("SR3-1S", "SR02"), upper case */
} pp_fw_load;

/*
 * Read a load's base name (an extension .loads/.bin/.sbn/.sb2 is dropped).
 * 0 when it is a Cisco load name, -1 (kind PP_FWK_OTHER) when not.
 */
int pp_fw_parse(const char *name, pp_fw_load *out);
/*
 * Version order of two parsed loads of one kind: release, then service
 * release, then build (9-4-2-1S < 9-4-2SR3-1S), then the rest: <0, 0, >0.
 */
int pp_fw_cmp(const pp_fw_load *a, const pp_fw_load *b);
/* 1 when a and b name the same load ("P0S3-08-12-00", "p0s3-8-12-00"). */
int pp_fw_same(const char *a, const char *b);
/*
 * 1 for a 79x0 load that boots by the original mechanism (OS79XX.TXT, a .bin):
 * SCCP and MGCP below 6.x, SIP below 7.x.  The loader (P003-...) is not one.
 */
int pp_fw_preloader(const pp_fw_load *l);
/* "SIP 8.12", "SCCP 3.2", "loader 8.12", "SIP 9.4(2)SR3" for people; "" for others. */
void pp_fw_describe(const char *name, char *out, size_t len);

/* ---- the built-in table of documented paths (firmware_table.c) ---------------- */

/* How a step's load name is made. */
enum pp_fw_make {
	PP_FWM_FIXED,  /* .load, as written */
	PP_FWM_LOADER, /* the target's loader: P0S3-08-12-00 -> P003-08-12-00 */
	PP_FWM_XML     /* the target's name before its '.' + .load: SIP41 + .8-5-2SR1S */
};

typedef struct pp_fw_rule {
	const char *models; /* space-separated */
	/* The rule is for targets of this protocol (NONE: any) at or above target_min ... */
	enum pp_fw_proto target_proto;
	unsigned target_min[3];
	/* ... and for phones below from_below (any protocol), or on a pre-loader load. */
	unsigned from_below[3];
	int preloader_only; /* 79x0: the step is taken through OS79XX.TXT */
	enum pp_fw_make make;
	const char *load;
	const char *why; /* the evidence, in words */
} pp_fw_rule;

/* The table's rows, in the order a phone takes them; NULL past the end. */
const pp_fw_rule *pp_fw_rule_at(size_t i);

/* ---- the planner (fw_plan.c) ------------------------------------------------ */

/* What is known of the load a phone runs. */
enum pp_fw_known {
	PP_FW_UNKNOWN,    /* nothing yet */
	PP_FW_PRELOADER,  /* a 79x0 that asked OS79XX.TXT: some pre-loader load */
	PP_FW_LOADER_ERA, /* a 79x0 that hunted SEP/SIP<MAC> first: the loader or later */
	PP_FW_EXACT       /* .load */
};

typedef struct pp_fw_current {
	enum pp_fw_known known;
	const char *load; /* PP_FW_EXACT */
} pp_fw_current;

enum pp_fw_state {
	PP_FWS_NONE,      /* the store gives the model no load */
	PP_FWS_ON_TARGET, /* runs its target: offered that, nothing to fetch */
	PP_FWS_STEPPING,  /* next is a step or the target */
	PP_FWS_HELD       /* runs a newer load than the target, not pinned: offered its own */
};

typedef struct pp_fw_step {
	char load[PP_FW_NAME_MAX + 1];
	int bin;                /* taken through OS79XX.TXT as <load>.bin (else a .loads) */
	const pp_fw_rule *rule; /* the table row it comes from; NULL for via or the target */
} pp_fw_step;

typedef struct pp_fw_plan {
	enum pp_fw_state state;
	const char *target;
	int from_via; /* the path is the store's via, not the table's */
	/* The loads still to take, the target last; steps[0] is what to offer now. */
	pp_fw_step steps[PP_FW_MAX_VIA + 1];
	size_t n;
	/* What to offer: steps[0].load, the target (on it), the phone's own (held); "" for NONE. */
	char next[PP_FW_NAME_MAX + 1];
} pp_fw_plan;

/* The firmware entry of a phone's merged settings for its model, NULL when none. */
const pp_firmware *pp_fw_entry(const pp_settings *s, const char *model);
/*
 * Plan for a phone of model whose entry is fw (NULL: no target): fills *out.
 * The path is fw's via when written (even empty), else the table's rows that
 * apply between the current load and the target.  A current load the planner
 * cannot place (unknown, unreadable) gets the whole path: every step is safe
 * from below it, where skipping one is not.
 */
void pp_fw_plan_for(const pp_model *model, const pp_firmware *fw, const pp_fw_current *cur,
                    pp_fw_plan *out);
/*
 * Every step any phone of model may be offered for fw, in order, the target
 * last (check's list of files to look for); returns how many.
 */
size_t pp_fw_all_steps(const pp_model *model, const pp_firmware *fw,
                       pp_fw_step out[PP_FW_MAX_VIA + 1]);
/*
 * The table's steps that fw's via (when written) has nothing in the place
 * of: a phone on the oldest load a table row covers would jump past it.
 * Into out, in path order; returns how many (0 without a via).
 */
size_t pp_fw_via_gaps(const pp_model *model, const pp_firmware *fw,
                      pp_fw_step out[PP_FW_MAX_VIA + 1]);

#endif
