/* SPDX-License-Identifier: MIT */
/*
 * Opening a file that someone less trusted may have planted: the state_dir
 * is writable by the dnsmasq user, the lease file by dnsmasq, while the
 * hook and `status` read them as root.
 */
#ifndef PP_SAFEOPEN_H
#define PP_SAFEOPEN_H

#include <stdio.h>

/*
 * path for reading, or NULL with errno: never through a symlink (ELOOP),
 * never a FIFO, device or folder (EINVAL), never one over max_size bytes
 * (EFBIG), and never blocking in open().
 */
FILE *pp_fopen_regular(const char *path, long long max_size);

#endif
