/* SPDX-License-Identifier: MIT */
/*
 * dnsmasq re-reads the store as its own user and writes its journal as
 * that user, so enable dnsmasq gives that user, and no one else, a POSIX
 * ACL entry: read on the store's files, enter on a folder of theirs that
 * others may not enter, and write on the journal's folder.  disable takes
 * the entries back.  Neither changes anyone else's effective rights
 * (tools/facl.c).
 */
#include "enable.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "facl.h"
#include "files.h"

/*
 * A folder others may not enter, opened to the dnsmasq user: which of its
 * entries, besides the store's files, that user can now reach (the ones
 * whose mode lets others read them, or enter them).
 */
static void note_exposed(const opts *o, const store_info *si, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char names[256] = "";
	int count = 0;
	struct dirent64 *de;
	for (int k = 0; k < 100000 && (de = readdir64(d)) != NULL; k++) {
		char p[PATH_MAX + 256];
		struct stat st;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, de->d_name);
		int store = 0;
		for (size_t i = 0; i < si->nsources; i++)
			store |= strcmp(p, si->sources[i]) == 0;
		if (store || lstat(p, &st) != 0 ||
		    !(S_ISDIR(st.st_mode) ? st.st_mode & S_IXOTH : st.st_mode & S_IROTH))
			continue;
		size_t used = strlen(names);
		if (count++ < 3)
			snprintf(names + used, sizeof(names) - used, "%s%.60s",
			         count > 1 ? ", " : "", de->d_name);
	}
	closedir(d);
	if (count > 0)
		printf("  note: %s can now also reach %d other entr%s of %s that others may read "
		       "(%s%s); a folder of the store's own keeps it to the store\n",
		       o->user, count, count == 1 ? "y" : "ies", dir, names,
		       count > 3 ? ", ..." : "");
}

/* Change one ACL entry and say so; with apply 0, only see that it may. */
static int acl_step(opts *o, const store_info *si, const char *path, uid_t uid, unsigned perm,
                    const char *why)
{
	char refusal[256];
	int r = o->enable  ? facl_grant(path, uid, perm, o->apply, refusal, sizeof(refusal))
	        : o->apply ? facl_revoke(path, uid)
	                   : 0;
	if (r == -2) {
		fprintf(
		    stderr,
		    "%s: enable: %s: giving %s %s access %s; nothing changed (see getfacl %s)\n",
		    o->c->prog, path, o->user,
		    perm & 2   ? "write"
		    : perm & 4 ? "read"
		               : "entry",
		    refusal, path);
		return -1;
	}
	if (r < 0) {
		if (errno == ENOTSUP || errno == EOPNOTSUPP)
			fprintf(stderr,
			        "%s: the file system of %s has no ACLs (mount it with acl)\n",
			        o->c->prog, path);
		return enable_fail(o, "cannot change the ACL of", path);
	}
	if (r > 0 && o->apply) {
		if (o->enable)
			printf("  ACL: %s may %s %s (%s)\n", o->user,
			       perm & 2   ? "write in"
			       : perm & 4 ? "read"
			                  : "enter",
			       path, why);
		else
			printf("  ACL: removed %s's entry from %s\n", o->user, path);
		if (o->enable && perm == 1)
			note_exposed(o, si, path);
		o->changed = 1;
	}
	return 0;
}

int enable_access(opts *o, const store_info *si)
{
	int rc = 0;
	if (!o->srv->owner)
		return 0;
	struct passwd *pw = getpwnam(o->user);
	if (!pw) {
		if (o->apply)
			printf("  note: there is no user %s here, so no ACL entries%s\n", o->user,
			       o->enable ? "; if dnsmasq runs as another user, pass --user NAME"
			                 : "");
		return 0;
	}
	uid_t uid = pw->pw_uid;
	for (size_t i = 0; i < si->nsources; i++) {
		char dir[PATH_MAX];
		struct stat st;
		file_parent(si->sources[i], dir, sizeof(dir));
		/* A folder others cannot enter: let the user through, no more. */
		if (stat(dir, &st) == 0 && !(st.st_mode & S_IXOTH) &&
		    acl_step(o, si, dir, uid, 1, "to reach the store") != 0)
			rc = -1;
		if (acl_step(o, si, si->sources[i], uid, 4, "it re-reads the store as this user") !=
		    0)
			rc = -1;
	}
	if (file_is_dir(si->state_dir) &&
	    acl_step(o, si, si->state_dir, uid, 7, "its journal, dnsmasq.journal") != 0)
		rc = -1;
	return rc;
}
