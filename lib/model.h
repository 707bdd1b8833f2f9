/* SPDX-License-Identifier: MIT */
/*
 * The validated, merged model a store becomes.  Private to lib/: the store
 * builds it, the renderers read it, nothing outside lib/ sees it.
 *
 * Every value remembers where it came from (file, line), so checks that only
 * make sense after merging (too many lines for a model, an unmappable time
 * zone) can still point at the setting a user has to edit.
 */
#ifndef PP_MODEL_H
#define PP_MODEL_H

#include <stddef.h>

#include "phoneprov.h"
#include "arena.h"
#include "models.h"
#include "cidr.h"

enum pp_vtype { PP_V_UNSET = 0, PP_V_STR, PP_V_INT, PP_V_BOOL };

/* type and line side by side: 32 bytes, not 40 (every phone holds ~40 of these). */
typedef struct pp_val {
	enum pp_vtype type;
	int line;
	const char *s; /* PP_V_STR */
	long long i;   /* PP_V_INT, PP_V_BOOL (0/1) */
	const char *file;
} pp_val;

#define PP_SET(v) ((v).type != PP_V_UNSET)

typedef struct pp_kv {
	const char *key;
	pp_val val;
} pp_kv;

typedef struct pp_kvs {
	pp_kv *items;
	size_t n;
} pp_kvs;

/*
 * One raw xml entry: an element at path under <device> with text value.
 * path is as written; segs are its element names, each with its 1-based
 * index among siblings of that name ("line[2]"; 1 when none is written).
 */
typedef struct pp_xseg {
	const char *name;
	unsigned idx;
} pp_xseg;

typedef struct pp_xent {
	const char *path;
	const pp_xseg *segs;
	unsigned nsegs;
	pp_val value; /* file and line: the entry's path */
} pp_xent;

typedef struct pp_xents {
	pp_xent *items;
	size_t n;
} pp_xents;

/* A list element's fields come from schema_rows.h, with their rows. */
typedef struct pp_line {
#define PP_LINE(f, ...) pp_val f;
#include "schema_rows.h"
	const char *file;
	int line;
} pp_line;

typedef struct pp_dialrule {
#define PP_DIALRULE(f, ...) pp_val f;
#include "schema_rows.h"
} pp_dialrule;

typedef struct pp_ring {
#define PP_RING(f, ...) pp_val f;
#include "schema_rows.h"
} pp_ring;

typedef struct pp_firmware {
#define PP_FIRMWARE(f, ...) pp_val f;
#include "schema_rows.h"
	/*
	 * via's loads in order (via.file/via.line say where); via.type is set
	 * when via is written, even empty: "no stepping stones" is a choice.
	 */
	const char **steps;
	size_t nsteps;
	int pinned; /* set in a phone's own entry: may move it to an older load */
} pp_firmware;

/* A list setting: set only when the level that defined it said so. */
#define PP_LIST(T)                                                                                 \
	struct {                                                                                   \
		T *items;                                                                          \
		size_t n;                                                                          \
		int set;                                                                           \
		const char *file;                                                                  \
		int line;                                                                          \
	}

/*
 * The settings one level (defaults, a profile, a phone) may carry, and after
 * merging, what a phone ends up with.  Each scalar is a pp_val made from its
 * row in schema_rows.h, which also says how it is parsed, checked, merged
 * and rendered (schema.h); the lists and raw groups below have rows there
 * too, and code of their own.
 */
typedef struct pp_settings {
#define PP_SETTING(f, ...) pp_val f;
#include "schema_rows.h"
	PP_LIST(pp_firmware) firmware; /* merged per model, later level wins */
	PP_LIST(pp_dialrule) dialplan; /* replaced whole */
	PP_LIST(pp_ring) ringlist;     /* replaced whole */
	PP_LIST(pp_line) lines;        /* replaced whole */
	pp_kvs cnf;                    /* raw 79x0 keys, merged key by key */
	pp_kvs vendor_config;          /* raw <vendorConfig> children, key by key */
	pp_xents xml;                  /* raw SEP elements, merged path by path */
} pp_settings;

typedef struct pp_profile {
	const char *name;
	pp_settings s;
	const char *file;
	int line;
} pp_profile;

typedef struct pp_phone {
	char mac[PP_MAC_LEN + 1];
	const pp_model *model; /* never NULL after a successful load */
	int sccp;              /* 1 when protocol = "sccp" */
	const char *profile;   /* NULL when none */
	pp_settings s;         /* defaults, then profile, then the phone itself */
	const char *file;
	int line;
} pp_phone;

struct pp_store {
	pp_arena arena;
	const char **sources; /* [0] is the main file */
	size_t nsources;

	const char *tftp_root;
	const char *state_dir;
	const char *mac_binding; /* "strict" | "lenient" | "off", as written */
	enum pp_binding_mode {
		PP_BIND_STRICT,
		PP_BIND_LENIENT,
		PP_BIND_OFF
	} binding; /* parsed once */
	const char *leases;
	pp_cidr *allow; /* parsed once, at load */
	size_t nallow;
	int has_allow; /* security.allow is set: only its networks (none, if empty) */

	pp_settings defaults;
	int has_defaults;
	pp_profile *profiles;
	size_t nprofiles;
	pp_phone *phones; /* in store order */
	size_t nphones;

	/* open addressing, MAC -> index+1 into phones; 0 = empty slot */
	unsigned *index;
	size_t index_cap;
};

/* Look up a phone by its 12 upper-case hex digits; NULL when absent. */
const pp_phone *pp_store_lookup(const pp_store *st, const char *mac12);
/*
 * 1 when path's base name is a phone's own file (SIP<MAC>.cnf,
 * SEP<MAC>.cnf.xml) that the store provides: one that holds its secrets.
 */
int pp_phone_file(const pp_store *st, const char *path);

/* Raw cnf / vendor_config lookup after merging, NULL when absent. */
const pp_val *pp_kvs_get(const pp_kvs *kvs, const char *key);

/* The firmware load for a model in a settings level, NULL when none. */
const char *pp_settings_load(const pp_settings *s, const char *model);
/*
 * The model whose load SIPDefault.cnf and OS79XX.TXT name, both being one
 * file for every 79x0: the 7940, the common case, when s gives its load,
 * else the 7960.
 */
const char *pp_default_79x0_model(const pp_settings *s);

/* The dial plan's base name: dial_template, else "dialplan". */
const char *pp_dial_template(const pp_settings *s);

#endif
