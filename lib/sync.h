/* SPDX-License-Identifier: MIT */
/*
 * The 79x0's sync value.  On a SIP NOTIFY check-sync the phone fetches
 * syncinfo.xml and reboots when its SYNC differs from the sync in the files
 * it booted with.  Unless the store sets sync, phoneprov makes it a digest
 * of the phone's own files as rendered (SIP<MAC>.cnf without the sync line,
 * SIPDefault.cnf, OS79XX.TXT, RINGLIST.DAT, the dial plan), and renders
 * syncinfo.xml for the phone that asks: a check-sync then reboots exactly
 * the phones whose files changed.
 *
 * The digest is of files that hold the phone's SIP password, so it goes only
 * where that phone's own file may go: into SIP<MAC>.cnf, and into a
 * syncinfo.xml for a client whose MAC is that phone's, found the way the
 * MAC binding finds it (neighbour table, bindings, lease file).
 */
#ifndef PP_SYNC_H
#define PP_SYNC_H

#include "digest.h"
#include "model.h"
#include "sbuf.h"

/* The sync a settings level sets (a raw cnf sync wins, as in the .cnf), or NULL. */
const pp_val *pp_sync_from_store(const pp_settings *s);
/* The digest a 79x0 gets as sync when the store sets none. */
int pp_sync_digest(const pp_store *st, const pp_phone *ph, char out[PP_DIGEST_LEN + 1]);
/* ph's sync: the store's, else the digest (written into buf). */
int pp_sync_value(const pp_store *st, const pp_phone *ph, pp_val *out, char buf[PP_DIGEST_LEN + 1]);
/* SIP<MAC>.cnf, with the digest as sync when the store sets none. */
int pp_render_sip_mac_synced(const pp_store *st, const pp_phone *ph, pp_sbuf *b);
/* The 79x0 of the store that client is, by its MAC; NULL when unknown or not a 79x0. */
const pp_phone *pp_sync_phone(const pp_store *st, const pp_client *client);

#endif
