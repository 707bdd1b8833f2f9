/* SPDX-License-Identifier: MIT */
/*
 * Digests of rendered files, 16 hex digits each.
 *
 * Unkeyed (FNV-1a 64, as versionStamp in SEP<MAC>.cnf.xml): the 79x0 sync
 * value, which goes only into the phone's own files.  Keyed (SipHash-2-4):
 * what the journal records of the bytes each phone was served.  A file that
 * holds a SIP password must not leave a plain digest in a journal that more
 * people may read than the store: anyone with the rest of the file could
 * test guesses against it.  So each journal writer has its own random key,
 * STATE_DIR/WRITER.key, readable by that writer alone (and root, who runs
 * `phoneprov notify --changed` to compare).
 */
#ifndef PP_DIGEST_H
#define PP_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define PP_DIGEST_LEN 16 /* hex digits */
#define PP_FNV1A_INIT 0xcbf29ce484222325ULL

typedef struct pp_digest_key {
	uint64_t k0, k1;
	int set;
} pp_digest_key;

uint64_t pp_fnv1a(uint64_t h, const void *data, size_t len);
void pp_digest_hex(uint64_t h, char out[PP_DIGEST_LEN + 1]);
void pp_digest_keyed(const pp_digest_key *k, const void *data, size_t len,
                     char out[PP_DIGEST_LEN + 1]);

/* "STATE_DIR/WRITER.key" for "STATE_DIR/WRITER.journal"; -1 when it does not fit. */
int pp_digest_key_path(const char *journal_path, char *out, size_t len);
/*
 * Read the key at path.  With create, a missing key is made first (random,
 * mode 0600, put in place by link() so no reader sees half of one), and the
 * key must be the caller's own.  Either way it must be a regular file that
 * neither group nor others may read: a key anyone else can read (or could
 * have planted readable) is refused.  0, or -1 with errno (EPERM: refused).
 */
int pp_digest_key_load(const char *path, int create, pp_digest_key *k);

#endif
