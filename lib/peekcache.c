/* SPDX-License-Identifier: MIT */
#include "peekcache.h"

#include "journal.h"
#include "siphash.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC      "phoneprov-peek 1"
#define CACHE_MAX  65536 /* bytes: a cache file is a few lines */
#define PATH_LIMIT 4096

/* A folder of our own that nobody else can write to: then its files are ours too. */
static int own_folder(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return 0;
	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       (st.st_mode & 022) == 0;
}

static int cache_file(const char *dir, const char *path, char *out, size_t len)
{
	uint64_t h = pp_siphash24(0x7065656b63616368ULL, 0x70686f6e6570726fULL, path, strlen(path));
	int n = snprintf(out, len, "%s/peek-%016" PRIx64, dir, h);

	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* One "file=" line's file: still as it was? */
static int file_same(const char *spec)
{
	unsigned long long dev, ino, sec, nsec;
	long long size;
	int at = 0;
	struct stat st;

	if (sscanf(spec, "%llu:%llu:%lld:%llu:%llu:%n", &dev, &ino, &size, &sec, &nsec, &at) != 5 ||
	    at == 0 || stat(spec + at, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino &&
	       (long long)st.st_size == size && (unsigned long long)st.st_mtim.tv_sec == sec &&
	       (unsigned long long)st.st_mtim.tv_nsec == nsec;
}

static void copy_value(const char *v, char *out, size_t len)
{
	if (out != NULL && len > 0)
		snprintf(out, len, "%s", v);
}

/* 1 when the cache file answered (every file it names unchanged). */
static int try_cache(const char *file, const char *path, char *state_dir, size_t slen, char *leases,
                     size_t llen)
{
	char buf[CACHE_MAX + 1], *line, *save = NULL;
	char sd[PATH_LIMIT] = "", ls[PATH_LIMIT] = "";
	int fd, have_path = 0, files = 0;
	struct stat st;
	ssize_t n;

	fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size > CACHE_MAX) {
		close(fd);
		return 0;
	}
	n = read(fd, buf, CACHE_MAX);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	line = strtok_r(buf, "\n", &save);
	if (line == NULL || strcmp(line, MAGIC) != 0)
		return 0;
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (strncmp(line, "path=", 5) == 0)
			have_path = strcmp(line + 5, path) == 0;
		else if (strncmp(line, "state_dir=", 10) == 0)
			snprintf(sd, sizeof sd, "%s", line + 10);
		else if (strncmp(line, "leases=", 7) == 0)
			snprintf(ls, sizeof ls, "%s", line + 7);
		else if (strncmp(line, "file=", 5) == 0 && file_same(line + 5))
			files++;
		else
			return 0; /* a file changed, or a line we do not know */
	}
	if (!have_path || files == 0 || sd[0] != '/' || ls[0] != '/')
		return 0;
	copy_value(sd, state_dir, slen);
	copy_value(ls, leases, llen);
	return 1;
}

struct writing {
	FILE *f;
	int bad; /* a name that cannot be one line */
};

static void put_file(const char *file, void *arg)
{
	struct writing *w = arg;
	struct stat st;

	if (strchr(file, '\n') != NULL || stat(file, &st) != 0) {
		w->bad = 1;
		return;
	}
	fprintf(w->f, "file=%llu:%llu:%lld:%llu:%llu:%s\n", (unsigned long long)st.st_dev,
	        (unsigned long long)st.st_ino, (long long)st.st_size,
	        (unsigned long long)st.st_mtim.tv_sec, (unsigned long long)st.st_mtim.tv_nsec,
	        file);
}

void pp_store_peek_cached(const char *path, const char *cache_dir, char *state_dir, size_t slen,
                          char *leases, size_t llen)
{
	char file[PATH_LIMIT + 32], tmp[PATH_LIMIT + 48], ls[PATH_LIMIT];
	struct writing w = {NULL, 0};
	struct stat before, after;
	int fd, parsed;

	if (path == NULL || cache_dir == NULL || cache_dir[0] != '/' || strchr(path, '\n') ||
	    !own_folder(cache_dir) || cache_file(cache_dir, path, file, sizeof file) != 0) {
		pp_store_peek(path, state_dir, slen, leases, llen);
		return;
	}
	if (try_cache(file, path, state_dir, slen, leases, llen))
		return;
	/* Written beside it, then renamed: a reader sees the old cache or the new. */
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", file);
	fd = stat(path, &before) == 0 ? mkstemp(tmp) : -1;
	if (fd >= 0)
		w.f = fdopen(fd, "w");
	if (w.f == NULL) {
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		pp_store_peek(path, state_dir, slen, leases, llen);
		return;
	}
	fprintf(w.f, "%s\npath=%s\n", MAGIC, path);
	parsed = pp_store_peek_files(path, state_dir, slen, ls, sizeof ls, put_file, &w);
	copy_value(ls, leases, llen);
	fprintf(w.f, "state_dir=%s\nleases=%s\n", state_dir, ls);
	/* An edit during the parse: its answer may be the old one, so it is not kept. */
	if (stat(path, &after) != 0 || after.st_ino != before.st_ino ||
	    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec || after.st_size != before.st_size)
		parsed = 0;
	if (fclose(w.f) != 0 || !parsed || w.bad || strchr(state_dir, '\n') || strchr(ls, '\n') ||
	    rename(tmp, file) != 0)
		unlink(tmp);
}
