/* SPDX-License-Identifier: MIT */
#include "journal.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pp_journal_init(pp_journal *j, const char *state_dir, const char *writer)
{
	j->own.fd = -1;
	j->torn = 0;
	j->full = 0;
	j->max = PP_JOURNAL_MAX_BYTES;
	j->digests = 0;
	j->key.set = 0;
	j->lazy_ms = 0;
	j->looked.tv_sec = 0;
	j->looked.tv_nsec = 0;
	j->size = 0;
	int n = snprintf(j->path, sizeof(j->path), "%s/%s.journal", state_dir, writer);
	return n < 0 || (size_t)n >= sizeof(j->path) ? -1 : 0;
}

/* A journal is a regular file or nothing: a FIFO, device or directory put
   in its place is refused (EINVAL) rather than written to or read. */
static int open_regular(int dirfd, const char *name, int flags, struct stat *st)
{
	int fd = openat(dirfd, name, flags, 0640);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Looked at the file less than lazy_ms ago? */
static int recent(const pp_journal *j)
{
	return j->lazy_ms > 0 && j->own.fd >= 0 && pp_looked_within(&j->looked, j->lazy_ms);
}

static void looked(pp_journal *j, off_t size)
{
	pp_look_now(&j->looked);
	j->size = (long long)size;
}

int pp_journal_refresh(pp_journal *j)
{
	struct stat st;
	if (!j->path[0]) {
		errno = EINVAL;
		return -1;
	}
	if (recent(j))
		return 0;
	/*
	 * Inside a server (the shim journals from dnsmasq and in.tftpd) the
	 * number may have been closed and reused: pp_still_own forgets it then.
	 */
	if (pp_still_own(&j->own)) {
		/* Still the file at that path?  logrotate renames it away. */
		if (stat(j->path, &st) == 0 && st.st_dev == j->own.dev && st.st_ino == j->own.ino) {
			looked(j, st.st_size);
			return 0;
		}
		pp_release(&j->own);
	}
	/* Read as well: a torn write is checked (pread) before it is taken back. */
	int fd =
	    open_regular(AT_FDCWD, j->path,
	                 O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, &st);
	if (fd < 0)
		return -1;
	pp_own(&j->own, fd);
	if (j->own.fd < 0)
		return -1;
	looked(j, st.st_size);
	/* Here, where in.tftpd's parent is still root and outside the chroot. */
	char key[4096];
	if (j->digests && !j->key.set && pp_digest_key_path(j->path, key, sizeof(key)) == 0)
		pp_digest_key_load(key, 1, &j->key); /* no key: lines without digest= */
	return 0;
}

const char *pp_journal_digest(const pp_journal *j, const void *data, size_t len,
                              char out[PP_DIGEST_LEN + 1])
{
	if (!j->key.set)
		return NULL;
	pp_digest_keyed(&j->key, data, len, out);
	return out;
}

/*
 * A write that landed only w bytes of line (a full disk, a file size
 * limit): take exactly those bytes back off the end, if they are still the
 * last ones (another writer may have appended since).  1 when undone.
 */
static int untear(int fd, const char *line, size_t w)
{
	struct stat st;
	char tail[2048];
	if (w > sizeof(tail) || fstat(fd, &st) != 0 || st.st_size < (off_t)w ||
	    pread(fd, tail, w, st.st_size - (off_t)w) != (ssize_t)w || memcmp(tail, line, w) != 0)
		return 0;
	return ftruncate(fd, st.st_size - (off_t)w) == 0;
}

/* Ends a torn line that could not be taken back: a token without '=' makes
 * the reader reject the whole line, so half an event never credits anyone. */
#define TORN " torn\n"

int pp_journal_write(pp_journal *j, const pp_event *e)
{
	char line[2048 + sizeof(TORN)];
	size_t pre = j->torn ? sizeof(TORN) - 1 : 0;
	memcpy(line, TORN, pre);
	int n = pp_event_format(e, line + pre, sizeof(line) - pre - sizeof(TORN));
	if (n < 0) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t len = pre + (size_t)n;
	line[len++] = '\n';
	struct stat st;
	if (recent(j)) {
		st.st_size = (off_t)j->size;
	} else {
		if (!pp_still_own_stat(&j->own, &st)) {
			if (pp_journal_refresh(j) < 0 || fstat(j->own.fd, &st) != 0)
				return -1;
		}
		looked(j, st.st_size);
	}
	/*
	 * Capped: a LAN full of requests must not fill the disk.  One last line
	 * says so; logrotate (by size too) makes room, and the writer reopens.
	 */
	if (st.st_size >= j->max || (j->full && st.st_size > 0)) {
		errno = EFBIG;
		return -1;
	}
	j->full = 0; /* rotated away: room again */
	/* Room is kept for the note (< 128 bytes), so that it always fits. */
	if (st.st_size + (off_t)len + 128 >= j->max) {
		j->full = 1;
		pp_event full = {.t = e->t, .event = "note", .detail = "journal full", .bytes = -1};
		n = pp_event_format(&full, line + pre, sizeof(line) - pre - sizeof(TORN));
		if (n < 0)
			return -1;
		len = pre + (size_t)n;
		line[len++] = '\n';
	}
	/* One write: O_APPEND makes it land whole at the end, whoever else writes. */
	ssize_t w;
	do
		w = write(j->own.fd, line, len);
	while (w < 0 && errno == EINTR);
	if (w == (ssize_t)len) {
		j->torn = 0;
		j->size += (long long)len;
		return 0;
	}
	/* Whole lines or nothing: a torn line would merge with the next event. */
	int e_ = w < 0 ? errno : ENOSPC;
	j->looked.tv_sec = j->looked.tv_nsec = 0; /* look again next time */
	if (w > 0 && !untear(j->own.fd, line, (size_t)w))
		j->torn = 1;
	errno = e_;
	return -1;
}

void pp_journal_close(pp_journal *j)
{
	pp_release(&j->own);
}

static int needs_escape(unsigned char c)
{
	return c <= ' ' || c >= 0x7f || c == '%' || c == '=';
}

/* Appends " key=value" (escaped) at *pos; -1 when it does not fit. */
static int put(char *buf, size_t len, size_t *pos, const char *key, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!v)
		return 0;
	int n = snprintf(buf + *pos, len - *pos, " %s=", key);
	if (n < 0 || (size_t)n >= len - *pos)
		return -1;
	*pos += (size_t)n;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*pos + 4 >= len)
			return -1;
		if (needs_escape(*p)) {
			buf[(*pos)++] = '%';
			buf[(*pos)++] = hex[*p >> 4];
			buf[(*pos)++] = hex[*p & 15];
		} else {
			buf[(*pos)++] = (char)*p;
		}
	}
	buf[*pos] = '\0';
	return 0;
}

int pp_event_format(const pp_event *e, char *buf, size_t len)
{
	struct tm tm;
	time_t t = e->t ? e->t : time(NULL);
	char num[32];
	size_t pos;

	if (!gmtime_r(&t, &tm) || len < 32)
		return -1;
	pos = strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!pos)
		return -1;
	snprintf(num, sizeof(num), "%lld", e->bytes);
	if (put(buf, len, &pos, "event", e->event ? e->event : "note") < 0 ||
	    put(buf, len, &pos, "action", e->action) < 0 || put(buf, len, &pos, "ip", e->ip) < 0 ||
	    put(buf, len, &pos, "mac", e->mac) < 0 || put(buf, len, &pos, "name", e->name) < 0 ||
	    put(buf, len, &pos, "bytes", e->bytes >= 0 ? num : NULL) < 0 ||
	    put(buf, len, &pos, "decision", e->decision) < 0 ||
	    put(buf, len, &pos, "digest", e->digest) < 0 ||
	    put(buf, len, &pos, "host", e->host) < 0 ||
	    put(buf, len, &pos, "vendor", e->vendor) < 0 ||
	    put(buf, len, &pos, "detail", e->detail) < 0)
		return -1;
	return (int)pos;
}

static int unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void unescape(char *s)
{
	char *w = s;
	for (; *s; s++) {
		int hi, lo;
		if (*s == '%' && (hi = unhex(s[1])) >= 0 && (lo = unhex(s[2])) >= 0) {
			*w++ = (char)(hi << 4 | lo);
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* The text fields of a line, by key; an unknown key is skipped (a newer writer's). */
static const struct {
	const char *key;
	size_t off;
} text_fields[] = {
    {"event", offsetof(pp_event, event)},
    {"action", offsetof(pp_event, action)},
    {"ip", offsetof(pp_event, ip)},
    {"mac", offsetof(pp_event, mac)},
    {"name", offsetof(pp_event, name)},
    {"digest", offsetof(pp_event, digest)},
    {"decision", offsetof(pp_event, decision)},
    {"host", offsetof(pp_event, host)},
    {"vendor", offsetof(pp_event, vendor)},
    {"detail", offsetof(pp_event, detail)},
};

int pp_event_parse(char *buf, pp_event *e)
{
	struct tm tm;
	memset(e, 0, sizeof(*e));
	e->bytes = -1;
	buf[strcspn(buf, "\n")] = '\0';
	memset(&tm, 0, sizeof(tm));
	char *rest = strptime(buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!rest || (*rest != ' ' && *rest != '\0'))
		return -1;
	e->t = timegm(&tm);
	char *save = NULL;
	for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		if (!eq)
			return -1;
		*eq = '\0';
		char *v = eq + 1;
		unescape(v);
		if (!strcmp(tok, "bytes")) {
			e->bytes = strtoll(v, NULL, 10);
			continue;
		}
		for (size_t i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++)
			if (!strcmp(tok, text_fields[i].key)) {
				*(const char **)((char *)e + text_fields[i].off) = v;
				break;
			}
	}
	return e->event ? 0 : -1;
}

int pp_journal_open_read(pp_journal_reader *r, int dirfd, const char *name)
{
	struct stat st;
	r->fd = -1;
	r->left = 0;
	r->start = r->end = 0;
	r->skipping = 0;
	r->bad = 0;
	/* O_NONBLOCK: a FIFO opens at once instead of waiting for a writer. */
	int fd = open_regular(dirfd, name,
	                      O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, &st);
	if (fd < 0)
		return -1;
	r->fd = fd;
	r->left = st.st_size;
	r->cut = 0;
	/* The size is someone's choice; the time to read it must not be. */
	if (st.st_size > PP_JOURNAL_MAX_BYTES + PP_JOURNAL_LINE) {
		off_t at = st.st_size - PP_JOURNAL_MAX_BYTES;
		char before;
		if (lseek(fd, at, SEEK_SET) != at) {
			close(fd);
			r->fd = -1;
			return -1;
		}
		r->cut = at;
		r->left = PP_JOURNAL_MAX_BYTES;
		/* Mid-line: drop the rest of that line, uncounted (it was cut, not bad). */
		r->skipping = !(pread(fd, &before, 1, at - 1) == 1 && before == '\n');
	}
	return 0;
}

/* Fill buf from the file; 1 if there is more to look at, 0 at the end, -1 on error. */
static int fill(pp_journal_reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->left <= 0 || r->end == sizeof(r->buf))
		return r->end == sizeof(r->buf) ? 1 : 0;
	size_t want = sizeof(r->buf) - r->end;
	if ((off_t)want > r->left)
		want = (size_t)r->left;
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->end, want);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0) { /* truncated under us: what was there is all there is */
		r->left = 0;
		return 0;
	}
	r->end += (size_t)n;
	r->left -= n;
	return 1;
}

int pp_journal_next(pp_journal_reader *r, pp_event *e)
{
	if (r->fd < 0)
		return 0;
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (!nl) {
			if (r->end - r->start >= PP_JOURNAL_LINE) {
				/* No newline within a line's length: drop it, up to its end. */
				if (!r->skipping)
					r->bad++;
				r->skipping = 1;
				r->start = r->end;
			}
			int f = fill(r);
			if (f < 0)
				return -1;
			if (f == 0) {
				if (r->end > r->start && !r->skipping)
					r->bad++; /* no newline at the end: a write cut short */
				r->start = r->end = 0;
				return 0;
			}
			continue;
		}
		size_t len = (size_t)(nl - (r->buf + r->start));
		int skip = r->skipping;
		r->skipping = 0;
		if (skip || len >= PP_JOURNAL_LINE) {
			if (!skip)
				r->bad++;
			r->start += len + 1;
			continue;
		}
		memcpy(r->line, r->buf + r->start, len);
		r->line[len] = '\0';
		r->start += len + 1;
		if (memchr(r->line, '\0', len) || pp_event_parse(r->line, e) < 0) {
			r->bad++;
			continue;
		}
		return 1;
	}
}

void pp_journal_close_read(pp_journal_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
