/* SPDX-License-Identifier: MIT */
/*
 * What `check` warns about and `enable` refuses in the folders a store
 * names: a state_dir that is not phoneprov's own (enable dnsmasq gives the
 * dnsmasq user write access to it), and a TFTP root that is not there
 * (dnsmasq with tftp-root naming it does not start).
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * The names the shim, the hook and logrotate keep in a state_dir (WRITER.key:
 * lib/digest.h; WRITER.firmware and its .new while rewritten: lib/fw_track.h).
 */
static int ours(const char *name)
{
	size_t n = strlen(name);
	return strstr(name, ".journal") != NULL || strstr(name, ".firmware") != NULL ||
	       strcmp(name, "bindings") == 0 || strcmp(name, "bindings.lock") == 0 ||
	       strncmp(name, ".bindings.", 10) == 0 ||
	       (n > 4 && strcmp(name + n - 4, ".key") == 0) || strstr(name, ".key.") != NULL;
}

const char *cli_state_dir_problem(const char *dir, const char *tftp_root, char *buf, size_t len)
{
	struct stat st;
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return NULL; /* enable creates it, root's and empty */
		snprintf(buf, len, "%s", strerror(errno));
		return buf;
	}
	if (S_ISLNK(st.st_mode))
		return "it is a symbolic link";
	if (!S_ISDIR(st.st_mode))
		return "it is not a folder";
	if (st.st_uid != 0)
		return "it is not owned by root";
	if ((st.st_mode & S_IWOTH) || ((st.st_mode & S_IWGRP) && st.st_gid != 0))
		return "others may write in it";
	char a[PATH_MAX], b[PATH_MAX];
	if (tftp_root && realpath(dir, a) && realpath(tftp_root, b) && strcmp(a, b) == 0)
		return "it is the TFTP root";
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(buf, len, "%s", strerror(errno));
		return buf;
	}
	const char *why = NULL;
	struct dirent64 *de;
	/* Bounded: a folder with more entries than this is not ours anyway. */
	for (int k = 0; !why && k < 100000 && (de = readdir64(d)) != NULL; k++) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    ours(de->d_name))
			continue;
		snprintf(buf, len, "it holds %.200s, which is not phoneprov's", de->d_name);
		why = buf;
	}
	closedir(d);
	return why;
}

int cli_tftp_root_missing(const char *tftp_root)
{
	struct stat st;
	return tftp_root && (stat(tftp_root, &st) != 0 || !S_ISDIR(st.st_mode));
}
