/* SPDX-License-Identifier: MIT */
/*
 * phoneprov status, in three files: cmd_status.c (the command, the running
 * servers, the words and the text output), status_json.c (--json) and
 * escape.c (every string from a journal, made safe for a terminal or JSON).
 */
#ifndef PP_STATUS_H
#define PP_STATUS_H

#include <stddef.h>
#include <time.h>

#include "audit.h"
#include "phoneprov.h"

#define MAX_SERVERS 32

#define MAX_SERVERS 32

typedef struct server {
	long pid;
	char comm[32];
	int shim; /* 1 loaded, 0 not, -1 cannot tell (no permission) */
} server;

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

/* ---- status_json.c ---- */

/* The entries of a bounded set (at most a few hundred), oldest first; free() the array. */
const pp_audit_phone **sorted(const pp_audit_set *s);
void print_json(const pp_store *st, const pp_audit *a, const char *dir, const server *sv,
                size_t nsv);

#endif
