/* SPDX-License-Identifier: MIT */
/*
 * phoneprov import: static files of a TFTP root read back into a store.
 * import_cnf.c reads one 79x0 .cnf file into key/value entries;
 * import_store.c maps them onto the schema and writes the store's text;
 * cmd_import.c finds the files and says what the new store shadows.
 */
#ifndef PP_IMPORT_H
#define PP_IMPORT_H

#include <stddef.h>

#include "phoneprov.h"
#include "sbuf.h"

/* One `key: value` line of a .cnf file, as the phone would read it. */
typedef struct imp_entry {
	char *key;   /* folded to lower case, [a-z0-9_]+ */
	char *value; /* the text between the quotes, or the bare word(s); ASCII quotes only */
	int line;
	int dropped; /* set by imp_store_write: the store could not hold it */
} imp_entry;

typedef struct imp_file {
	const char *name; /* the base name in DIR, for messages and the summary */
	const char *path; /* DIR/name, for FILE:LINE messages */
	enum pp_kind kind;
	char mac[PP_MAC_LEN + 1];
	imp_entry *e;
	size_t n, cap;
} imp_file;

/* Files larger than this are not .cnf files a phone would read (its own limit is far lower). */
#define IMP_MAX_FILE (1024 * 1024)
/* Longer lines are not .cnf lines: a value is at most 255 bytes. */
#define IMP_MAX_LINE 4096

/*
 * Read data[0..len) into f's entries.  Warnings and errors go to stderr as
 * PATH:LINE: ...; never a value, which may be a password.  0 on success; -1
 * when the file cannot be read as a .cnf (said as an error): import nothing
 * of it, so the store does not shadow a file it only half understood.
 */
int imp_cnf_parse(imp_file *f, const char *data, size_t len);
void imp_file_free(imp_file *f);

/*
 * The store's text for root (the TFTP root, absolute), SIPDefault.cnf's
 * entries (NULL when there is none) and each SIP<MAC>.cnf's.  Warnings for
 * keys that cannot be kept go to stderr, and their entries are marked
 * dropped.  0, or -1 when out of memory.
 */
int imp_store_write(pp_sbuf *b, const char *root, imp_file *def, imp_file *phones, size_t nphones);

/*
 * import_verify.c: 1 when st renders every file imported with the keys and
 * values the phone read from the root (SIPDefault.cnf, then its own file),
 * each difference said on stderr by key, never by value; 0 otherwise.
 */
int imp_verify(const pp_store *st, const imp_file *def, const imp_file *phones, size_t nphones);

#endif
