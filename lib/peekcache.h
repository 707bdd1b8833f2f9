/* SPDX-License-Identifier: MIT */
/*
 * pp_store_peek (journal.h), remembered between runs: the dhcp-script hook
 * runs once per dnsmasq event and needs only state_dir and
 * security.leases, but finding them parses the whole store (about 140 ms
 * at 10k phones, one event at a time, while dnsmasq's events queue up).
 * The answer is kept in CACHE_DIR with the device, inode, size and mtime
 * of every file the parse read; while they all still match, an event
 * costs a few stat calls and one small read, whatever the store's size.
 */
#ifndef PP_PEEKCACHE_H
#define PP_PEEKCACHE_H

#include <stddef.h>

/* Where the hook keeps it when PHONEPROV_HOOK_CACHE does not say: tmpfs, root's. */
#define PP_PEEK_CACHE_DIR "/run/phoneprov"

/*
 * As pp_store_peek.  cache_dir is made (0700) if missing; it is used only
 * when it is a folder owned by us that nobody else can write to, and its
 * cache file only when it is a regular file of ours; anything else is a
 * full peek, as without a cache.  A store that does not parse is never
 * remembered.
 */
void pp_store_peek_cached(const char *path, const char *cache_dir, char *state_dir, size_t slen,
                          char *leases, size_t llen);

#endif
