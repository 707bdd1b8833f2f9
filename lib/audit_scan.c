/* SPDX-License-Identifier: MIT */
/*
 * Which journals `phoneprov status` reads: the *.journal files of state_dir,
 * or of the paths given with --journals (journal files, folders of them, and
 * their subfolders one level down: one folder per server, rsync'd to one
 * box).  Every path can be hostile (a folder of a million files, a symlink
 * loop, a FIFO, the same file named twice under two names), so a folder is
 * listed only so far, a symlink inside one is never followed, only regular
 * files are taken, a file met twice (device and inode) is read once, and
 * the count of everything is bounded.  What was left out is noted for the
 * command to say on stderr.
 */
#include "audit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIR_ENTRIES 100000 /* entries looked at per folder; more is someone's flood */

static void note(pp_audit *a, enum pp_audit_note_kind kind, const char *path, int error,
                 const char *other, size_t count)
{
	if (a->nnotes == PP_AUDIT_NOTES) {
		a->notes_dropped++;
		return;
	}
	pp_audit_note *n = &a->note[a->nnotes++];
	n->kind = kind;
	n->error = error;
	n->count = count;
	snprintf(n->path, sizeof(n->path), "%s", path);
	snprintf(n->other, sizeof(n->other), "%s", other ? other : "");
}

static int is_journal_name(const char *name)
{
	size_t len = strlen(name);
	return len > 8 && strcmp(name + len - 8, ".journal") == 0 &&
	       len < sizeof(((pp_audit_journal *)0)->file);
}

/* The folder's own name, for labels: "siteA" for "/srv/rsync/siteA/". */
static void folder_name(const char *dir, char *out, size_t len)
{
	char real[PATH_MAX];
	const char *d = realpath(dir, real) ? real : dir;
	size_t n = strlen(d);
	while (n > 1 && d[n - 1] == '/')
		n--;
	size_t b = n;
	while (b > 0 && d[b - 1] != '/')
		b--;
	snprintf(out, len, "%.*s", (int)(n - b), d + b);
}

/* The group for a folder: the same folder met again (by device and inode) is the same group. */
static long add_group(pp_audit *a, const char *dir, const struct stat *st, int named)
{
	for (size_t g = 0; g < a->ngroups; g++)
		if (a->group[g].dev == st->st_dev && a->group[g].ino == st->st_ino)
			return (long)g;
	if (a->ngroups == PP_AUDIT_GROUPS)
		return -1;
	pp_audit_group *g = &a->group[a->ngroups];
	memset(g, 0, sizeof(*g));
	snprintf(g->dir, sizeof(g->dir), "%s", dir);
	g->dev = st->st_dev;
	g->ino = st->st_ino;
	if (named) {
		folder_name(dir, g->name, sizeof(g->name));
		/* Two folders of one name (/a/state, /b/state): the second by its path. */
		for (size_t k = 0; k < a->ngroups; k++)
			if (!strcmp(a->group[k].name, g->name)) {
				snprintf(g->name, sizeof(g->name), "%s", dir);
				break;
			}
	}
	return (long)a->ngroups++;
}

/*
 * One *.journal: dfd and at name it for fstatat, shown is how the user
 * knows it.  A symlink or a FIFO is still listed: opening it fails, and
 * the command names it.
 */
static void add_journal(pp_audit *a, size_t g, int dfd, const char *at, const char *file,
                        const char *shown, size_t *skipped)
{
	struct stat st;
	int reg = fstatat(dfd, at, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
	for (size_t j = 0; reg && j < a->njournals; j++)
		if (a->journal[j].dev == st.st_dev && a->journal[j].ino == st.st_ino) {
			char other[4400];
			snprintf(other, sizeof(other), "%s/%s", a->group[a->journal[j].group].dir,
			         a->journal[j].file);
			note(a, PP_AN_SAME, shown, 0, other, 0);
			return;
		}
	if (a->njournals == PP_AUDIT_JOURNALS) {
		a->journals_skipped++;
		(*skipped)++;
		return;
	}
	pp_audit_journal *j = &a->journal[a->njournals++];
	memset(j, 0, sizeof(*j));
	char writer[sizeof(j->label)], name[sizeof(a->group[0].name)];
	snprintf(writer, sizeof(writer), "%.*s", (int)(strlen(file) - 8), file);
	snprintf(name, sizeof(name), "%s", a->group[g].name);
	snprintf(j->file, sizeof(j->file), "%s", file);
	snprintf(j->writer, sizeof(j->writer), "%.15s", writer);
	if (name[0])
		snprintf(j->label, sizeof(j->label), "%.150s/%.100s", name, writer);
	else
		snprintf(j->label, sizeof(j->label), "%s", writer);
	j->group = g;
	if (reg) {
		j->dev = st.st_dev;
		j->ino = st.st_ino;
	}
	if (!strcmp(file, "hook.journal"))
		a->group[g].hook = 1;
}

/* The group of dir (st: its stat, NULL when that failed), or -1 when noted why not. */
static long group_of(pp_audit *a, const char *dir, const struct stat *st, const char *shown)
{
	long g = -1;
	if (!st)
		note(a, PP_AN_ERROR, shown, errno, NULL, 0);
	else if ((g = add_group(a, dir, st, 1)) < 0)
		note(a, PP_AN_FOLDERS, shown, 0, NULL, PP_AUDIT_GROUPS);
	return g;
}

static void scan_folder(pp_audit *a, DIR *d, const char *shown, int descend);

/* A subfolder of a folder given with --journals: opened without following a symlink. */
static void scan_sub(pp_audit *a, int dfd, const char *name, const char *shown)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		note(a, PP_AN_ERROR, shown, errno, NULL, 0);
		if (fd >= 0)
			close(fd);
		return;
	}
	scan_folder(a, d, shown, 0);
	closedir(d);
}

static int is_dir_entry(int dfd, const struct dirent64 *de)
{
	struct stat st;
	if (de->d_type == DT_DIR)
		return 1;
	return de->d_type == DT_UNKNOWN &&
	       fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* The folder d (shown: its path as given); descend: its subfolders too, one level. */
static void scan_folder(pp_audit *a, DIR *d, const char *shown, int descend)
{
	struct stat st;
	long g = group_of(a, shown, fstat(dirfd(d), &st) == 0 ? &st : NULL, shown);
	if (g < 0)
		return;
	/* readdir64: on a 32-bit build (armhf) readdir fails with EOVERFLOW at an
	   entry whose inode or offset needs 64 bits (XFS, btrfs, NFS), and the
	   listing would end there, silently. */
	struct dirent64 *de;
	size_t seen = 0, skipped = 0;
	char path[4400];
	while ((de = readdir64(d))) {
		if (seen++ == MAX_DIR_ENTRIES) {
			note(a, PP_AN_ENTRIES, shown, 0, NULL, MAX_DIR_ENTRIES);
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", shown, de->d_name);
		if (is_journal_name(de->d_name))
			add_journal(a, (size_t)g, dirfd(d), de->d_name, de->d_name, path, &skipped);
		else if (descend && is_dir_entry(dirfd(d), de))
			scan_sub(a, dirfd(d), de->d_name, path);
		else if (descend && de->d_type == DT_LNK)
			note(a, PP_AN_LINK, path, 0, NULL, 0);
	}
	if (skipped)
		note(a, PP_AN_TOO_MANY, shown, 0, NULL, skipped);
}

/*
 * The hook last: on equal times the shim's decision comes before its
 * completion.  Then by label, not by the order folders were listed in, so
 * that a parent folder and its subfolders named one by one read the same.
 */
static int by_name(const void *x, const void *y)
{
	const pp_audit_journal *a = x, *b = y;
	int ha = !strcmp(a->file, "hook.journal"), hb = !strcmp(b->file, "hook.journal");
	if (ha != hb)
		return ha - hb;
	return strcmp(a->label, b->label);
}

void pp_audit_scan_dir(pp_audit *a, const char *dir)
{
	struct stat st;
	size_t skipped = 0;
	DIR *d = opendir(dir);
	if (!d || fstat(dirfd(d), &st) != 0) {
		a->dir_error = errno;
		if (d)
			closedir(d);
		return;
	}
	add_group(a, dir, &st, 0);
	struct dirent64 *de;
	for (size_t seen = 0; seen < MAX_DIR_ENTRIES && (de = readdir64(d)); seen++)
		if (is_journal_name(de->d_name))
			add_journal(a, 0, dirfd(d), de->d_name, de->d_name, de->d_name, &skipped);
	closedir(d);
	qsort(a->journal, a->njournals, sizeof(a->journal[0]), by_name);
}

/*
 * A journal file named on its own: its folder is its server.  A symlink
 * the user names is theirs: the file it leads to is read, in its folder.
 */
static void scan_file(pp_audit *a, const char *shown)
{
	char real[PATH_MAX], dir[4096];
	const char *path = realpath(shown, real) ? real : shown;
	const char *slash = strrchr(path, '/');
	const char *file = slash ? slash + 1 : path;
	struct stat st;
	size_t skipped = 0;
	if (!is_journal_name(file)) {
		note(a, PP_AN_NOT_JOURNAL, shown, 0, NULL, 0);
		return;
	}
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash == path ? 1 : slash - path), path);
	long g = group_of(a, dir, stat(dir, &st) == 0 ? &st : NULL, shown);
	if (g < 0)
		return;
	add_journal(a, (size_t)g, AT_FDCWD, path, file, shown, &skipped);
	if (skipped)
		note(a, PP_AN_TOO_MANY, shown, 0, NULL, skipped);
}

void pp_audit_scan_paths(pp_audit *a, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char p[4096];
		size_t len = strlen(paths[i]);
		/* "siteA/" as rsync users write it, named "siteA" in messages and labels. */
		while (len > 1 && paths[i][len - 1] == '/')
			len--;
		snprintf(p, sizeof(p), "%.*s", (int)len, paths[i]);
		/* A path the user names may be a symlink (a mount elsewhere); a loop fails here. */
		if (stat(p, &st) != 0) {
			note(a, PP_AN_ERROR, p, errno, NULL, 0);
		} else if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(p);
			if (!d) {
				note(a, PP_AN_ERROR, p, errno, NULL, 0);
				continue;
			}
			scan_folder(a, d, p, 1);
			closedir(d);
		} else if (S_ISREG(st.st_mode)) {
			scan_file(a, p);
		} else {
			note(a, PP_AN_ERROR, p, EINVAL, NULL, 0);
		}
	}
	qsort(a->journal, a->njournals, sizeof(a->journal[0]), by_name);
}
