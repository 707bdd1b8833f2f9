/* SPDX-License-Identifier: MIT */
#include "facl.h"

#include <acl/libacl.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/acl.h>

/* An entry's rights as 4 r, 2 w, 1 x. */
static unsigned perm_of(acl_entry_t e)
{
	acl_permset_t ps;
	if (acl_get_permset(e, &ps) != 0)
		return 0;
	return (acl_get_perm(ps, ACL_READ) == 1 ? 4u : 0u) |
	       (acl_get_perm(ps, ACL_WRITE) == 1 ? 2u : 0u) |
	       (acl_get_perm(ps, ACL_EXECUTE) == 1 ? 1u : 0u);
}

static int set_perm(acl_entry_t e, unsigned perm)
{
	acl_permset_t ps;
	if (acl_get_permset(e, &ps) != 0 || acl_clear_perms(ps) != 0 ||
	    ((perm & 4) && acl_add_perm(ps, ACL_READ) != 0) ||
	    ((perm & 2) && acl_add_perm(ps, ACL_WRITE) != 0) ||
	    ((perm & 1) && acl_add_perm(ps, ACL_EXECUTE) != 0))
		return -1;
	return acl_set_permset(e, ps);
}

static acl_tag_t tag_of(acl_entry_t e)
{
	acl_tag_t t;
	return acl_get_tag_type(e, &t) == 0 ? t : ACL_UNDEFINED_TAG;
}

/* A named entry's uid or gid; (id_t)-1 for the others. */
static id_t id_of(acl_entry_t e)
{
	acl_tag_t t = tag_of(e);
	if (t != ACL_USER && t != ACL_GROUP)
		return ACL_UNDEFINED_ID;
	id_t *q = acl_get_qualifier(e);
	id_t id = q ? *q : ACL_UNDEFINED_ID;
	acl_free(q);
	return id;
}

/* Entries whose rights the mask limits: named users and groups, the owning group. */
static int group_class(acl_entry_t e)
{
	acl_tag_t t = tag_of(e);
	return t == ACL_USER || t == ACL_GROUP || t == ACL_GROUP_OBJ;
}

/* The first entry with tag (and, for a named user, uid), or NULL. */
static acl_entry_t find(acl_t acl, acl_tag_t tag, uid_t uid)
{
	acl_entry_t e;
	for (int r = acl_get_entry(acl, ACL_FIRST_ENTRY, &e); r == 1;
	     r = acl_get_entry(acl, ACL_NEXT_ENTRY, &e))
		if (tag_of(e) == tag && (tag != ACL_USER || id_of(e) == (id_t)uid))
			return e;
	return NULL;
}

static int is_user(acl_entry_t e, uid_t uid)
{
	return tag_of(e) == ACL_USER && id_of(e) == (id_t)uid;
}

static void perm_text(unsigned perm, char out[4])
{
	out[0] = perm & 4 ? 'r' : '-';
	out[1] = perm & 2 ? 'w' : '-';
	out[2] = perm & 1 ? 'x' : '-';
	out[3] = '\0';
}

/* An entry as getfacl names it: "group:staff", "user:bob", "the owning group". */
static void entry_name(acl_entry_t e, char *out, size_t len)
{
	id_t id = id_of(e);
	if (tag_of(e) == ACL_GROUP_OBJ) {
		snprintf(out, len, "the owning group");
	} else if (tag_of(e) == ACL_GROUP) {
		const struct group *g = getgrgid((gid_t)id);
		if (g)
			snprintf(out, len, "group:%s", g->gr_name);
		else
			snprintf(out, len, "group:%lu", (unsigned long)id);
	} else {
		const struct passwd *u = getpwuid((uid_t)id);
		if (u)
			snprintf(out, len, "user:%s", u->pw_name);
		else
			snprintf(out, len, "user:%lu", (unsigned long)id);
	}
}

/* -2 with why when widening the mask from old to new would give another entry more. */
static int widens_for_another(acl_t acl, uid_t uid, unsigned old_mask, unsigned new_mask, char *why,
                              size_t wlen)
{
	acl_entry_t e;
	for (int r = acl_get_entry(acl, ACL_FIRST_ENTRY, &e); r == 1;
	     r = acl_get_entry(acl, ACL_NEXT_ENTRY, &e)) {
		unsigned have = perm_of(e), gain = have & ~old_mask & new_mask;
		if (!group_class(e) || is_user(e, uid) || !gain)
			continue;
		char who[64], was[4], now[4];
		entry_name(e, who, sizeof(who));
		perm_text(have & old_mask, was);
		perm_text(have & new_mask, now);
		snprintf(why, wlen,
		         "its ACL mask would have to widen, and %s would get %s where it has %s",
		         who, now, was);
		return -2;
	}
	return 0;
}

static int grant(acl_t *acl, const char *path, uid_t uid, unsigned perm, int apply, char *why,
                 size_t wlen)
{
	acl_entry_t mine = find(*acl, ACL_USER, uid), mask = find(*acl, ACL_MASK, 0);
	unsigned old_mask = mask ? perm_of(mask) : 7;
	if (mine && (perm_of(mine) & perm) == perm && (old_mask & perm) == perm)
		return 0;
	if (!mine && (acl_create_entry(acl, &mine) != 0 || acl_set_tag_type(mine, ACL_USER) != 0 ||
	              acl_set_qualifier(mine, &uid) != 0 || set_perm(mine, 0) != 0))
		return -1;
	if (set_perm(mine, perm_of(mine) | perm) != 0)
		return -1;
	mask = find(*acl, ACL_MASK, 0);
	if (mask) {
		unsigned new_mask = old_mask | perm;
		if (widens_for_another(*acl, uid, old_mask, new_mask, why, wlen) != 0)
			return -2;
		if (set_perm(mask, new_mask) != 0)
			return -1;
	} else if (acl_calc_mask(acl) != 0) {
		return -1;
	}
	if (!apply)
		return 1;
	return acl_set_file(path, ACL_TYPE_ACCESS, *acl) == 0 ? 1 : -1;
}

int facl_grant(const char *path, uid_t uid, unsigned perm, int apply, char *why, size_t wlen)
{
	acl_t acl = acl_get_file(path, ACL_TYPE_ACCESS);
	if (!acl)
		return -1;
	int rc = grant(&acl, path, uid, perm, apply, why, wlen);
	int e = errno;
	acl_free(acl);
	errno = e;
	return rc;
}

static int revoke(acl_t acl, const char *path, uid_t uid)
{
	acl_entry_t mine = find(acl, ACL_USER, uid), e;
	if (!mine)
		return 0;
	if (acl_delete_entry(acl, mine) != 0)
		return -1;
	acl_entry_t mask = find(acl, ACL_MASK, 0);
	unsigned limit = mask ? perm_of(mask) : 7, held = 0;
	int named = 0;
	for (int r = acl_get_entry(acl, ACL_FIRST_ENTRY, &e); r == 1;
	     r = acl_get_entry(acl, ACL_NEXT_ENTRY, &e)) {
		if (group_class(e))
			held |= perm_of(e);
		named += tag_of(e) == ACL_USER || tag_of(e) == ACL_GROUP;
	}
	if (named > 0) {
		if (!mask && acl_calc_mask(&acl) != 0)
			return -1;
		mask = find(acl, ACL_MASK, 0);
		if (!mask || set_perm(mask, limit & held) != 0)
			return -1;
	} else {
		/* Three entries: the kernel keeps them as the mode, and drops the ACL. */
		acl_entry_t grp = find(acl, ACL_GROUP_OBJ, 0);
		if (!grp || set_perm(grp, perm_of(grp) & limit) != 0 ||
		    (mask && acl_delete_entry(acl, mask) != 0))
			return -1;
	}
	return acl_set_file(path, ACL_TYPE_ACCESS, acl) == 0 ? 1 : -1;
}

int facl_revoke(const char *path, uid_t uid)
{
	acl_t acl = acl_get_file(path, ACL_TYPE_ACCESS);
	if (!acl)
		return errno == ENOENT || errno == ENOTSUP || errno == EOPNOTSUPP ? 0 : -1;
	int rc = revoke(acl, path, uid);
	int e = errno;
	acl_free(acl);
	errno = e;
	return rc;
}

const char *facl_readers(const char *path, const struct stat *sb)
{
	acl_t acl = acl_extended_file(path) == 1 ? acl_get_file(path, ACL_TYPE_ACCESS) : NULL;
	if (!acl) {
		if (sb->st_mode & S_IROTH)
			return "everyone";
		return sb->st_mode & S_IRGRP ? "its group" : NULL;
	}
	const char *who = NULL;
	acl_entry_t e;
	for (int r = acl_get_entry(acl, ACL_FIRST_ENTRY, &e); r == 1;
	     r = acl_get_entry(acl, ACL_NEXT_ENTRY, &e)) {
		if (!(perm_of(e) & 4))
			continue;
		if (tag_of(e) == ACL_OTHER) {
			who = "everyone";
			break;
		}
		if (tag_of(e) == ACL_GROUP_OBJ || tag_of(e) == ACL_GROUP)
			who = "a group";
	}
	acl_free(acl);
	return who;
}
