/* SPDX-License-Identifier: MIT */
/*
 * State shared by the files that turn a libconfig tree into a pp_store:
 * store.c (top level), level.c (one settings level, by the schema), raw.c
 * (cnf and vendor_config), value.c (string checks), merge.c (merging and
 * the checks that need merged values), diag.c (reporting).
 */
#ifndef PP_LOAD_H
#define PP_LOAD_H

#include <libconfig.h>

#include "model.h"
#include "schema.h"

typedef struct pp_load {
	pp_store *st;
	const char *path; /* the main file, for settings libconfig has no file for */
	const char *dir;  /* its folder: libconfig names an @include as written */
	pp_diag_fn diag;
	void *ctx;
	int errors;
	pp_error first;
	int oom;
	/* (file, line, key) already warned about, so a default shadowed in
	   every phone is reported once; open addressing, malloc'd. */
	struct pp_seen {
		const char *file;
		int line;
		const char *key;
	} * seen;
	size_t seen_cap, seen_n;
	struct pp_diag_rec *diags;        /* held until pp_diag_flush, see diag.c */
	const char *file_raw, *file_seen; /* pp_setting_file's last answer */
	size_t ndiags, capdiags;
	const char *pjsip_path;   /* asterisk.pjsip's first file, for messages */
	const char **pjsip_paths; /* all of them, a path once */
	size_t npjsip;
	struct pp_pjsip *pjsip; /* read at the first line naming an endpoint; pjsip_line.c */
	int pjsip_bad;          /* it had errors: its lines are not looked up */
} pp_load;

/* diag.c */
/* Hand every problem to the diag callback in file and line order; fills first. */
void pp_diag_flush(pp_load *ld);
void pp_report(pp_load *ld, enum pp_severity sev, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void pp_report_at(pp_load *ld, enum pp_severity sev, const config_setting_t *s, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
/* The interned file a setting came from, and its line. */
const char *pp_setting_file(pp_load *ld, const config_setting_t *s);
/* file as one of the store's sources (added, so watched, when new); NULL and oom. */
const char *pp_source_intern(pp_load *ld, const char *file);
/* "phones[2].lines[0].password", for messages. */
void pp_setting_path(const config_setting_t *s, char *buf, size_t len);
/* The same, returning buf: for a message argument, so the path is built only when needed. */
const char *pp_path(const config_setting_t *s, char *buf, size_t len);
/* The closest of candidates (NULL-terminated) to word, or NULL if none is close. */
const char *pp_closest(const char *word, const char *const *candidates);

/* include.c: the files a parse reads, as libconfig finds them */
#define PP_MAX_SOURCES 256 /* files in one store, the main file and its @includes */
/* The file libconfig opens for @include "name" with include folder dir (or NULL). */
int pp_include_path(const char *dir, const char *name, char *out, size_t len); /* -1: too long */
/* Set dir (or NULL) as cfg's include folder, and our include resolver where there is a hook. */
void pp_include_setup(config_t *cfg, const char *dir);
/* The file a name libconfig reports (a setting's or an error's file) is; full is scratch. */
const char *pp_include_reported(const pp_load *ld, const char *name, char *full, size_t len);
/* 0 if path is a regular file we may read (never blocks on a FIFO); else -1, errno. */
int pp_regular_file(const char *path);
/*
 * Read ld->path and every file it includes before libconfig may: each one
 * becomes a source, and an @include of a folder or FIFO, an overlong line
 * or string, is an error reported through ld.
 */
void pp_prescan(pp_load *ld);

/* level.c */
void pp_parse_settings(pp_load *ld, const config_setting_t *group, enum pp_level level,
                       pp_settings *out);
/* s copied into the store's arena ("" and ld->oom when out of memory). */
const char *pp_intern(pp_load *ld, const char *s);
/* A list of groups, each parsed with rows t into an arena array of elem_size. */
void *pp_parse_list(pp_load *ld, const config_setting_t *s, const pp_field *t, size_t elem_size,
                    size_t *n_out, enum pp_level level);
/* A group's member by name, NULL when none (cheaper than libconfig's for few children). */
const config_setting_t *pp_member(const config_setting_t *group, const char *key);

/* level_firmware.c: a level's firmware = ( { model; load; via; } ) into out->firmware. */
void pp_parse_firmware(pp_load *ld, const config_setting_t *s, enum pp_level level,
                       pp_settings *out);

/* raw.c: cnf (cnf 1) or vendor_config (cnf 0) = { key = value; ... } into out. */
void pp_parse_raw(pp_load *ld, const config_setting_t *s, pp_kvs *out, int cnf);
/*
 * A raw value (a string of at most max bytes, a whole number, true/false)
 * into *out with its file and line; else reported, -1.  cnf as for
 * pp_check_string.
 */
int pp_raw_value(pp_load *ld, const config_setting_t *e, size_t max, int cnf, pp_val *out);

/* raw_xml.c: xml = ( { path = "sipProfile/natEnabled"; value = "true"; }, ... ) into out. */
#define PP_XML_MAX_ENTRIES 128 /* in one level: a CUCM file has some 100 elements */
#define PP_XML_MAX_DEPTH   16  /* elements in a path */
#define PP_XML_MAX_PATH    255
#define PP_XML_MAX_INDEX   32 /* line[32] */
#define PP_XML_MAX_VALUE   255
void pp_parse_xml(pp_load *ld, const config_setting_t *s, pp_xents *out);
/* src's entries over dst's, path by path (line and line[1] are one path). */
int pp_merge_xml(pp_load *ld, pp_xents *dst, const pp_xents *src);
/*
 * What an XML-family phone's merged xml entries do to its SEP<MAC>.cnf.xml:
 * a warning for each derived element one replaces, an error for one that
 * cannot be put in (inside an element of text, past the siblings there are,
 * in conflict with another entry).
 */
void pp_check_xml(pp_load *ld, const pp_phone *ph);

/*
 * value.c: 0 when v may go into a file; else reported, -1.  for_cnf: where v
 * lands, PP_STR_ANY (XML or the command's own output), PP_STR_CNF (a .cnf
 * line: no '"', a warning for non-ASCII) or PP_STR_CNF_LATER (the same, but
 * '"' is refused after merging, for the phones whose .cnf carries it).
 */
enum { PP_STR_ANY, PP_STR_CNF, PP_STR_CNF_LATER };
int pp_check_string(pp_load *ld, const config_setting_t *s, const char *v, size_t maxlen,
                    int for_cnf);
/* The same for a value from elsewhere (Asterisk's files): what names it in messages. */
int pp_check_value(pp_load *ld, const char *file, int line, const char *what, const char *v,
                   size_t maxlen, int for_cnf);

/* pjsip_paths.c: asterisk.pjsip (ast: the store's asterisk group, or NULL) into ld. */
void pp_pjsip_paths(pp_load *ld, const config_setting_t *ast);
/* pjsip_line.c: fill the n-th (1-based) line l from Asterisk when it names an endpoint. */
void pp_pjsip_line(pp_load *ld, pp_line *l, size_t n);
/* Free what pp_pjsip_line read; the load is over. */
void pp_pjsip_done(pp_load *ld);

/* locale.c: whether name is a Cisco user (network 0) or network locale we know. */
int pp_locale_known(const char *name, int network);
/* "English_United_States, ..." for messages, from the same table, into buf; buf. */
const char *pp_locale_list(int network, char *buf, size_t len);

/* merge.c */
int pp_merge(pp_load *ld, pp_settings *dst, const pp_settings *src);
/*
 * *items (*n of size bytes) then src's nsrc, in a new arena array: one of
 * src's that is the same as an earlier one takes its place.  -1: no memory.
 */
int pp_merge_items(pp_load *ld, void **items, size_t *n, const void *src, size_t nsrc, size_t size,
                   int (*same)(const void *a, const void *b));
void pp_check_phone(pp_load *ld, pp_phone *ph, const config_setting_t *group);
void pp_check_shadowing(pp_load *ld, const pp_settings *s, const char *model);
/* 1 the first time (file, line, key) is reported (key by address), else 0. */
int pp_first_report(pp_load *ld, const char *file, int line, const char *key);

#endif
