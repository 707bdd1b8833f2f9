/* SPDX-License-Identifier: MIT */
/*
 * POSIX ACL entries for one user, through libacl: what enable dnsmasq gives
 * the dnsmasq user on the store, its folder and the journal's folder, and
 * what disable takes back; and who else may read the store (check).
 */
#ifndef PP_FACL_H
#define PP_FACL_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * Give uid perm (4 r, 2 w, 1 x) on path, changing no one else's effective
 * rights.  A file without an ACL gets the mask setfacl computes (the group
 * class's union: no one gains, since no mask limited anyone).  A file with
 * one keeps its mask, widened only by perm; when that would let another
 * entry use rights the old mask held back, nothing changes: -2, and why
 * says who would gain what.  With apply 0 it only says what it would do.
 * 1 changed (or would), 0 it had it, -1 error (errno).
 */
int facl_grant(const char *path, uid_t uid, unsigned perm, int apply, char *why, size_t wlen);

/*
 * Take uid's entry off path.  Other entries keep their effective rights:
 * the mask only narrows, to what the remaining group class holds.  When no
 * named entry is left, neither is the ACL: the mode is what the entries
 * allowed (the owning group's as the mask limited it).  1 changed, 0 there
 * was no entry (or no file, or no ACLs on its file system), -1 error.
 */
int facl_revoke(const char *path, uid_t uid);

/*
 * Who besides root and named users may read path: "everyone", "its group"
 * (the mode's group bits, without an ACL), "a group" (an ACL entry), or
 * NULL.  A named user's entry, such as dnsmasq's, is what we recommend and
 * is not counted.  sb is path's stat.
 */
const char *facl_readers(const char *path, const struct stat *sb);

#endif
