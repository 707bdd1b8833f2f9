/* SPDX-License-Identifier: MIT */
/*
 * The files firmware steps need, in the TFTP root (fw_files.c), and check's
 * report of the missing ones and of paths that jump too far (fw_check.c).
 */
#ifndef PP_FW_FILES_H
#define PP_FW_FILES_H

#include "firmware.h"

#define PP_FW_PART_MAX 96 /* a file name a .loads lists */

/* The names in a TFTP root, read once, sorted for lookups in any case. */
typedef struct pp_fw_root {
	const char *root;
	char **names;
	size_t n;
} pp_fw_root;

/* 0, or -1 when root cannot be read (then every lookup misses). */
int pp_fw_root_open(pp_fw_root *r, const char *root);
void pp_fw_root_close(pp_fw_root *r);
/* The name as the disk spells it, or NULL. */
const char *pp_fw_root_find(const pp_fw_root *r, const char *name);

/* The files the .loads at path lists, each once, at most max; 0, or -1 when unreadable. */
int pp_fw_loads_parts(const char *path, char parts[][PP_FW_PART_MAX + 1], size_t max, size_t *n);

/*
 * The files step s needs that r lacks, into out (at most max): its .bin
 * (a step through OS79XX.TXT), else its .loads and every file that lists.
 * *own is 1 when the one missing is the step's own .bin or .loads.
 */
size_t pp_fw_step_missing(const pp_fw_root *r, const pp_fw_step *s, char out[][PP_FW_PART_MAX + 1],
                          size_t max, int *own);

/*
 * check's firmware part: every firmware entry of the store (defaults,
 * profiles, phones), each missing file as a warning at the entry's line,
 * and a via that leaves out a step the table knows is needed from the
 * oldest loads it covers.  r NULL: files are not looked for.  Returns how
 * many warnings it gave.
 */
size_t pp_fw_check(const pp_store *st, const pp_fw_root *r, pp_diag_fn diag, void *ctx);

#endif
