/* SPDX-License-Identifier: MIT */
/*
 * Files, for the commands that change the system's (enable, disable): read
 * one whole, replace one atomically, make folders.  Paths are the caller's;
 * nothing here follows the store's rules (lib/safeopen.h does that).
 */
#ifndef PP_FILES_H
#define PP_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* The whole of path, NUL-terminated, in malloc'd memory (*len bytes); NULL with errno. */
char *file_read(const char *path, size_t *len);

/*
 * Replace path with data[0..len), atomically: a new file beside it, synced,
 * renamed over it.  An existing file keeps its owner and mode; a new one
 * gets mode.  0, or -1 with errno (and no new file left behind).
 */
int file_replace(const char *path, const char *data, size_t len, mode_t mode);

/* mkdir -p: each missing folder 0755.  0, or -1 with errno. */
int file_make_dirs(const char *path);

/* 1 when path is a folder (following symlinks). */
int file_is_dir(const char *path);

/* The folder path is in: "/a/b" for "/a/b/c", "/" for "/c". */
void file_parent(const char *path, char *out, size_t len);

#endif
