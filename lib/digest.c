/* SPDX-License-Identifier: MIT */
#include "digest.h"
#include "siphash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_TEXT 33 /* 32 hex digits and a newline */

uint64_t pp_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void pp_digest_hex(uint64_t h, char out[PP_DIGEST_LEN + 1])
{
	snprintf(out, PP_DIGEST_LEN + 1, "%016llx", (unsigned long long)h);
}

void pp_digest_keyed(const pp_digest_key *k, const void *data, size_t len,
                     char out[PP_DIGEST_LEN + 1])
{
	pp_digest_hex(pp_siphash24(k->k0, k->k1, data, len), out);
}

int pp_digest_key_path(const char *journal_path, char *out, size_t len)
{
	size_t n = strlen(journal_path);
	if (n < 8 || strcmp(journal_path + n - 8, ".journal") != 0 || n - 8 + 5 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(out, len, "%.*s.key", (int)(n - 8), journal_path);
	return 0;
}

static int parse_hex64(const char *s, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 16; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

static int read_key(const char *path, int own, pp_digest_key *k)
{
	char text[KEY_TEXT + 1];
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 ||
	    (own && st.st_uid != geteuid())) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	ssize_t n = read(fd, text, sizeof(text));
	close(fd);
	if (n != KEY_TEXT || text[32] != '\n' || parse_hex64(text, &k->k0) < 0 ||
	    parse_hex64(text + 16, &k->k1) < 0) {
		errno = EINVAL;
		return -1;
	}
	k->set = 1;
	return 0;
}

/* A new key in a file of its own, linked into place unless one appeared meanwhile. */
static int make_key(const char *path)
{
	uint64_t r[2];
	char tmp[4096], text[KEY_TEXT + 1];
	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		return -1;
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(text, sizeof(text), "%016llx%016llx\n", (unsigned long long)r[0],
	         (unsigned long long)r[1]);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	int ok = write(fd, text, KEY_TEXT) == KEY_TEXT && fsync(fd) == 0;
	ok &= close(fd) == 0;
	int rc = ok && (link(tmp, path) == 0 || errno == EEXIST) ? 0 : -1;
	int e = errno;
	unlink(tmp);
	errno = e;
	return rc;
}

int pp_digest_key_load(const char *path, int create, pp_digest_key *k)
{
	k->set = 0;
	if (read_key(path, create, k) == 0)
		return 0;
	if (!create || errno != ENOENT)
		return -1;
	if (make_key(path) < 0)
		return -1;
	return read_key(path, 1, k);
}
