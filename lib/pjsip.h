/* SPDX-License-Identifier: MIT */
/*
 * Asterisk's pjsip.conf, read the way Asterisk's own config parser reads it
 * (main/config.c), for the one thing phoneprov wants from it: a line's user
 * name, password and caller name.  pjsip_parse.c turns the files into
 * sections of key = value pairs; pjsip.c finds an endpoint and its auth in
 * them and fills a store line.
 *
 * pjsip.conf is written by another program (FreePBX) or another user
 * (asterisk), and read here by a TFTP server's root parent, so everything is
 * bounded: the files, the bytes, the lines, the sections.  Nothing is ever
 * run (#exec), no symlink is followed and no #include leaves the folder of
 * the file asterisk.pjsip names that it is in.
 */
#ifndef PP_PJSIP_H
#define PP_PJSIP_H

#include <stddef.h>

#include "phoneprov.h"

#define PP_PJSIP_MAX_FILES 64         /* pjsip.conf and its includes */
#define PP_PJSIP_MAX_LIST  16         /* files asterisk.pjsip names */
#define PP_PJSIP_MAX_DEPTH 8          /* nested #include */
#define PP_PJSIP_MAX_LINE  8192       /* bytes in one line, as Asterisk's own buffer */
#define PP_PJSIP_MAX_SIZE  (8L << 20) /* bytes in one file */
#define PP_PJSIP_MAX_VARS  200000     /* key = value pairs, inherited copies included */
#define PP_PJSIP_MAX_SECTS 100000     /* sections */

typedef struct pp_pjsip_var {
	const char *key, *val;
	const char *file;
	int line;
} pp_pjsip_var;

typedef struct pp_pjsip_sect {
	const char *name;
	const char *file;
	int line;
	int tmpl; /* [name](!): only for inheriting */
	pp_pjsip_var *vars;
	size_t n, cap;
} pp_pjsip_sect;

/* Told each problem; msg never holds a value, so never a password. */
typedef void pp_pjsip_report_fn(void *ctx, enum pp_severity sev, const char *file, int line,
                                const char *msg);

typedef struct pp_pjsip {
	struct pp_pjsip_chunk *chunks; /* names, values, file names; plain malloc, freed whole */
	pp_pjsip_sect *sects;
	size_t nsects, capsects;
	size_t *byname;     /* indexes into sects, sorted by name, after the parse */
	const char **files; /* every file read or tried, the main file first */
	size_t nfiles;
	size_t nvars;
	int errors;
	pp_pjsip_report_fn *report;
	void *ctx;
} pp_pjsip;

/*
 * Read path and its includes into db (zeroed by the caller, report set).
 * Returns 0, or -1 when any error was reported (db still usable for lookups
 * and its files list complete).  Free with pp_pjsip_free.
 */
int pp_pjsip_parse(pp_pjsip *db, const char *path);
/*
 * The same for paths[0..n), the files asterisk.pjsip names (pjsip.conf,
 * pjsip_wizard.conf), each with its includes, into one db: a section's
 * name is looked up in all of them.
 */
int pp_pjsip_parse_files(pp_pjsip *db, const char *const *paths, size_t n);
void pp_pjsip_free(pp_pjsip *db);

/* The non-template sections named name whose type is type: up to max into out; the count. */
size_t pp_pjsip_find(const pp_pjsip *db, const char *name, const char *type,
                     const pp_pjsip_sect **out, size_t max);
/* The last value of key in s (Asterisk: a later one wins), or NULL. */
const pp_pjsip_var *pp_pjsip_get(const pp_pjsip_sect *s, const char *key);
/* The name part of a callerid ("\"Alice\" <6001>" -> Alice) into buf; 0 if it has none. */
int pp_pjsip_callerid_name(const char *callerid, char *buf, size_t len);

#endif
