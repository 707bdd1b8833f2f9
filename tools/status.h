/* SPDX-License-Identifier: MIT */
/*
 * phoneprov status, in four files: cmd_status.c (the command, the running
 * servers, the words and the text output), status_json.c (--json),
 * status_sources.c (the journals of several servers, the MACs asked for)
 * and escape.c (every string from a journal, made safe for a terminal or
 * JSON).
 */
#ifndef PP_STATUS_H
#define PP_STATUS_H

#include <stddef.h>
#include <time.h>

#include "audit.h"
#include "phoneprov.h"

#define MAX_SERVERS 32

typedef struct server {
	long pid;
	char comm[32];
	int shim; /* 1 loaded, 0 not, -1 cannot tell (no permission) */
} server;

/* What one run shows. */
typedef struct status_view {
	const pp_store *st;
	const pp_audit *a;
	const char *dir;          /* state_dir, or NULL when --journals named the journals */
	const char *const *paths; /* --journals */
	size_t npaths;
	const char (*macs)[PP_MAC_LEN + 1]; /* the MACs asked for; none: every one */
	size_t nmacs;
	const server *sv;
	size_t nsv;
} status_view;

/* ---- escape.c ---- */

/* t as "YYYY-MM-DD HH:MM:SSZ", or "-" for none. */
void stamp(time_t t, char *buf, size_t len);
/* s for a terminal: printable ASCII and harmless UTF-8 as they are, \\ and \xHH for the rest. */
const char *esc(const char *s, char *out, size_t len);
/* A journal field is at most a few hundred bytes; escaped, four times that. */
#define E(s) esc((s), (char[2048]){""}, 2048)
/* A JSON string: valid UTF-8 out whatever came in (U+FFFD for a byte that is not UTF-8). */
void json_str(const char *s);
/* A time as a JSON string, or null. */
void json_time(time_t t);

/* ---- cmd_status.c ---- */

/* dnsmasq's lease actions, as a user says them; NULL for anything else. */
const char *lease_word(const char *action);
/* The decision gave the client a file. */
int delivered(const char *decision);
/* Why a journal was not read. */
const char *why(int e);

/* ---- status_sources.c ---- */

/* The MAC was asked for (or none was). */
int status_wanted(const status_view *v, const char *mac);
/* How the journal that wrote a row is named: "dnsmasq", or "siteA/dnsmasq". */
const char *status_label(const pp_audit *a, unsigned src);
/* What was not read, or read once though named twice, on stderr; 1 if something was not read. */
int status_notes(const char *prog, const pp_audit *a);
/* With --journals: "  seen by   siteB/dnsmasq (last), siteA/hook". */
void status_seen_by(const status_view *v, const pp_audit_phone *p);
/* The journals read, at the top of the text. */
void status_header(const status_view *v);
/* The same in --json: ,"seen_by":[...],"last_seen_by":"..." for a phone. */
void json_seen_by(const pp_audit *a, const pp_audit_phone *p);
/* ,"journal_paths":[...] */
void json_paths(const status_view *v);

/* ---- status_json.c ---- */

/* The entries of a bounded set (at most a few hundred), oldest first; free() the array. */
const pp_audit_phone **sorted(const pp_audit_set *s);
void print_json(const status_view *v);

#endif
