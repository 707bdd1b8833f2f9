/* SPDX-License-Identifier: MIT */
#include "bindings.h"
#include "journal.h"
#include "safeopen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_BINDINGS 65536
/* Lines read, good or not, and bytes: a planted file must not keep us busy. */
#define MAX_LINES (4 * MAX_BINDINGS)
#define MAX_BYTES (64LL << 20)

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

int pp_bindings_load(const char *state_dir, pp_binding **out, size_t *n)
{
	char path[4096], line[2048];
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (snprintf(path, sizeof(path), "%s/bindings", state_dir) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	FILE *f = pp_fopen_regular(path, MAX_BYTES);
	if (!f)
		return errno == ENOENT ? 0 : -1;
	for (size_t lines = 0;
	     lines < MAX_LINES && *n < MAX_BINDINGS && fgets(line, sizeof(line), f); lines++) {
		pp_event e;
		char mac[PP_MAC_LEN + 1];
		if (pp_event_parse(line, &e) < 0 || strcmp(e.event, "binding") != 0 || !e.ip ||
		    !e.mac || pp_mac_parse(e.mac, mac) != PP_OK)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			pp_binding *p = realloc(*out, cap * sizeof(*p));
			if (!p) {
				fclose(f);
				free(*out);
				*out = NULL;
				*n = 0;
				return -1;
			}
			*out = p;
		}
		pp_binding *b = &(*out)[(*n)++];
		memcpy(b->mac, mac, sizeof(mac));
		copy(b->ip, sizeof(b->ip), e.ip);
		b->t = e.t;
		copy(b->host, sizeof(b->host), e.host);
		copy(b->vendor, sizeof(b->vendor), e.vendor);
	}
	fclose(f);
	return 0;
}

static int save(const char *state_dir, const pp_binding *b, size_t n)
{
	char path[4096], tmp[4096];
	snprintf(path, sizeof(path), "%s/bindings", state_dir);
	if (snprintf(tmp, sizeof(tmp), "%s/.bindings.%ld", state_dir, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char line[1024];
		pp_event e = {.t = b[i].t,
		              .event = "binding",
		              .ip = b[i].ip,
		              .mac = b[i].mac,
		              .host = b[i].host[0] ? b[i].host : NULL,
		              .vendor = b[i].vendor[0] ? b[i].vendor : NULL,
		              .bytes = -1};
		if (pp_event_format(&e, line, sizeof(line)) > 0)
			fprintf(f, "%s\n", line);
	}
	int bad = ferror(f) | fflush(f) | fsync(fileno(f));
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* flock with a deadline: the hook must never hang dnsmasq's script helper. */
static int lock(const char *state_dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/bindings.lock", state_dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < 200; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
	close(fd);
	errno = ETIMEDOUT;
	return -1;
}

int pp_bindings_update(const char *state_dir, const pp_binding *nb, int remove)
{
	pp_binding *b;
	size_t n, w = 0;
	int fd = lock(state_dir);
	if (fd < 0)
		return -1;
	if (pp_bindings_load(state_dir, &b, &n) < 0) {
		close(fd);
		return -1;
	}
	/*
	 * An add takes the MAC's old binding and the IP's old owner away: one
	 * binding per MAC, one MAC per IP.  A del removes only that very pair,
	 * so a late del for an IP dnsmasq has already given to another phone
	 * leaves the new owner alone.
	 */
	for (size_t i = 0; i < n; i++) {
		int same_mac = strcmp(b[i].mac, nb->mac) == 0,
		    same_ip = strcmp(b[i].ip, nb->ip) == 0;
		if (remove ? !(same_mac && same_ip) : !(same_mac || same_ip))
			b[w++] = b[i];
	}
	n = w;
	if (!remove) {
		pp_binding *p = realloc(b, (n + 1) * sizeof(*p));
		if (!p) {
			free(b);
			close(fd);
			return -1;
		}
		b = p;
		b[n++] = *nb;
	}
	int rc = save(state_dir, b, n);
	free(b);
	close(fd);
	return rc;
}

int pp_bindings_mac(const pp_binding *b, size_t n, const char *ip, char mac[PP_MAC_LEN + 1])
{
	const pp_binding *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].ip, ip) == 0 && (!best || b[i].t >= best->t))
			best = &b[i];
	if (!best)
		return -1;
	memcpy(mac, best->mac, PP_MAC_LEN + 1);
	return 0;
}
