/* SPDX-License-Identifier: MIT */
/*
 * IP <-> MAC bindings learned by the dhcp-script hook, kept in
 * STATE_DIR/bindings as journal-format lines (event=binding), one per MAC,
 * rewritten whole (temp file + rename) under a lock so readers never see a
 * half-written file.
 */
#ifndef PP_BINDINGS_H
#define PP_BINDINGS_H

#include <time.h>

#include "phoneprov.h"

typedef struct pp_binding {
	char mac[PP_MAC_LEN + 1];
	char ip[64];
	time_t t;
	char host[64];
	char vendor[128];
} pp_binding;

/* Reads all bindings; a missing file is 0 bindings.  0, or -1 (errno). */
int pp_bindings_load(const char *state_dir, pp_binding **out, size_t *n);
/*
 * Add or refresh b (remove = 0) or drop it (remove = 1), under the lock.
 * Gives up after about two seconds rather than block dnsmasq's helper.
 */
int pp_bindings_update(const char *state_dir, const pp_binding *b, int remove);
/* The MAC bound to ip, newest first; 0 when found, -1 when not. */
int pp_bindings_mac(const pp_binding *b, size_t n, const char *ip, char mac[PP_MAC_LEN + 1]);

#endif
