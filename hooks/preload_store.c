/* SPDX-License-Identifier: MIT */
/*
 * The store, as the shim holds it.  It is re-read only when the store file
 * or one of its sources (its @includes, the Asterisk files its lines read)
 * changed device, inode, size or mtime, off the server's thread
 * (pp_shim_poll, from preload_reload.c).  A store that fails to load never
 * replaces the last good one; the failure is logged once (FILE:LINE) and
 * not again until the files change once more.
 */
#include "preload_state.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static void fileid_of(const char *path, struct pp_fileid *id)
{
	struct stat st;

	memset(id, 0, sizeof *id);
	/* Never our stat wrapper: these are not client requests. */
	if (stat(path, &st) != 0) {
		id->err = errno != 0 ? errno : EIO;
		return;
	}
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
}

static int fileid_same(const struct pp_fileid *a, const struct pp_fileid *b)
{
	return a->err == b->err && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void watch_clear(void)
{
	for (size_t i = 0; i < pp_shim.nwatch; i++)
		free(pp_shim.watch[i]);
	pp_shim.nwatch = 0;
}

/*
 * A relative source (libconfig names an @include as written) is relative to
 * the store's folder, not to wherever the server has chdir'd since.
 */
static void watch_add(const char *path)
{
	const char *config = pp_shim.config_path;
	const char *slash = strrchr(config, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - config) : 0;
	char *copy;

	if (pp_shim.nwatch == PP_MAX_WATCH)
		return;
	if (path[0] == '/' || slash == NULL) {
		copy = strdup(path);
	} else {
		copy = malloc(dirlen + 1 + strlen(path) + 1);
		if (copy != NULL) {
			memcpy(copy, config, dirlen);
			copy[dirlen] = '/';
			memcpy(copy + dirlen + 1, path, strlen(path) + 1);
		}
	}
	if (copy != NULL)
		pp_shim.watch[pp_shim.nwatch++] = copy;
}

/* Watch the store file and, once a store loaded, each of its sources. */
static void watch_set(void)
{
	size_t n;

	watch_clear();
	watch_add(pp_shim.config_path);
	if (pp_shim.store == NULL)
		return;
	n = pp_store_source_count(pp_shim.store);
	for (size_t i = 1; i < n; i++)
		watch_add(pp_store_source(pp_shim.store, i));
}

static void snapshot(struct pp_fileid *ids)
{
	for (size_t i = 0; i < pp_shim.nwatch; i++)
		fileid_of(pp_shim.watch[i], &ids[i]);
}

/*
 * A failed load leaves the watch as the last good store had it, so a file
 * the broken edit brought in (a new @include, an Asterisk file, or any
 * file of a store that never loaded) would not be seen when it is fixed.
 * The file the error names is the one to fix: watch it as well.  Its id is
 * taken now, after the load; an edit made during the load is then missed
 * until the next one, as with any file.
 */
static void watch_failed(const char *file)
{
	size_t n = pp_shim.nwatch;

	if (file[0] == '\0')
		return;
	watch_add(file);
	if (pp_shim.nwatch == n)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(pp_shim.watch[i], pp_shim.watch[n]) == 0) {
			free(pp_shim.watch[n]);
			pp_shim.nwatch = n;
			return;
		}
	fileid_of(pp_shim.watch[n], &pp_shim.seen[n]);
}

const char *pp_shim_writer(void)
{
	if (strcmp(program_invocation_short_name, "in.tftpd") == 0)
		return "tftpd";
	if (strcmp(program_invocation_short_name, "dnsmasq") == 0)
		return "dnsmasq";
	return "shim";
}

static void log_failure(int rc, const pp_error *err)
{
	const char *after = pp_shim.store != NULL ? "still serving the last good store"
	                                          : "serving nothing from the store";

	if (err->file[0] != '\0' && err->line > 0)
		pp_log(LOG_ERR, "%s:%d: %s; %s", err->file, err->line, err->message, after);
	else
		pp_log(LOG_ERR, "%s: %s; %s",
		       err->file[0] != '\0' ? err->file : pp_shim.config_path,
		       err->message[0] != '\0' ? err->message : pp_strerror(rc), after);
}

/* The journal follows the store's state_dir. */
static void journal_follow(void)
{
	const char *dir = pp_store_state_dir(pp_shim.store);

	if (strcmp(pp_shim.journal_dir, dir) == 0)
		return;
	snprintf(pp_shim.journal_dir, sizeof pp_shim.journal_dir, "%s", dir);
	pp_journal_close(&pp_shim.journal);
	if (pp_journal_init(&pp_shim.journal, pp_shim.journal_dir, pp_shim_writer()) != 0)
		pp_shim.journal.path[0] = '\0';
	pp_shim.journal.digests = 1;    /* digest= of what was served, for notify --changed */
	pp_shim.journal.lazy_ms = 1000; /* a request costs the journal one write (journal.h) */
}

/*
 * Under the lock: fresh replaces the store, and the files to watch, the
 * journal and the cache follow it.  Returns the old store, for the caller
 * to free outside the lock.
 */
static pp_store *install(pp_store *fresh)
{
	pp_store *old = pp_shim.store;

	pp_shim.store = fresh;
	pp_cache_clear();
	watch_set();
	journal_follow();
	return old;
}

/*
 * Hand libconfig's freed parse tree (about 2.6 KiB a phone) back to the
 * kernel.  in.tftpd forks for every request, and fork and exit cost grows
 * with the parent's resident pages: with a 10k-phone store this halves the
 * parent and cuts the latency of every request, static or not.
 */
static void loaded(pp_store *old)
{
	size_t phones, files;

	if (old != NULL)
		pp_store_free(old);
	malloc_trim(0);
	pthread_mutex_lock(&pp_shim.lock);
	phones = pp_store_phone_count(pp_shim.store);
	files = pp_store_source_count(pp_shim.store);
	pthread_mutex_unlock(&pp_shim.lock);
	pp_log(LOG_INFO, "loaded %s: phones=%zu files=%zu", pp_shim.config_path, phones, files);
}

void pp_shim_load(void)
{
	pp_store *fresh = NULL, *old;
	pp_error err;
	int rc;

	if (pp_shim.nwatch == 0)
		watch_set();
	snapshot(pp_shim.seen); /* before reading: an edit during the load is seen next time */
	pp_shim.seen_valid = 1;
	memset(&err, 0, sizeof err);
	rc = pp_store_load(&fresh, pp_shim.config_path, NULL, NULL, &err);
	if (rc != PP_OK || fresh == NULL) {
		log_failure(rc, &err); /* once: seen now matches the broken files */
		watch_failed(err.file);
		return;
	}
	pthread_mutex_lock(&pp_shim.lock);
	old = install(fresh);
	snapshot(pp_shim.seen);
	pthread_mutex_unlock(&pp_shim.lock);
	loaded(old);
}

static int all_same(const struct pp_fileid *a, const struct pp_fileid *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fileid_same(&a[i], &b[i]))
			return 0;
	return 1;
}

/*
 * Whether every file was last written at least PP_RELOAD_SETTLE_MS ago.  Two
 * looks that agree are not enough on their own: a writer that pauses
 * between two writes for about one look (a shell's sleep, a loaded
 * machine) leaves a valid half of a store that both looks see.  A file
 * dated in the future (a clock set back, a copy that kept its times) counts
 * as settled, or it would never be loaded.
 */
static int settled(const struct pp_fileid *ids, size_t n)
{
	struct timespec now;

	if (clock_gettime(CLOCK_REALTIME, &now) != 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		long long age_ms;

		if (ids[i].err != 0)
			continue;
		age_ms = (long long)(now.tv_sec - ids[i].mtime.tv_sec) * 1000 +
		         (now.tv_nsec - ids[i].mtime.tv_nsec) / 1000000;
		if (age_ms >= 0 && age_ms < PP_RELOAD_SETTLE_MS)
			return 0;
	}
	return 1;
}

/*
 * One look, from the reloader thread (preload_reload.c), the only caller
 * once the server runs: so watch, nwatch and seen are its own, and only the
 * swap takes the lock.  A change is loaded once two looks in a row agree
 * on it: a store written in place (confd's fallback, an editor without a
 * rename) is not read while it is still being written.  Then the store file
 * must be unchanged across the load, or the result is thrown away and the
 * next look tries again: a half-written store is never served, and an edit
 * made during a load is seen afterwards.  A store that fails keeps the last
 * good one and is said once (FILE:LINE), until the files change again.
 */
void pp_shim_poll(void)
{
	static struct pp_fileid pending[PP_MAX_WATCH];
	static int have_pending;
	struct pp_fileid now[PP_MAX_WATCH], after[PP_MAX_WATCH];
	pp_store *fresh = NULL, *old;
	pp_error err;
	int rc;

	if (pp_shim.config_path[0] == '\0' || pp_shim.nwatch == 0)
		return;
	snapshot(now);
	if (all_same(now, pp_shim.seen, pp_shim.nwatch)) {
		have_pending = 0;
		return;
	}
	if (!have_pending || !all_same(now, pending, pp_shim.nwatch)) {
		memcpy(pending, now, sizeof now);
		have_pending = 1;
		return;
	}
	if (!settled(now, pp_shim.nwatch))
		return; /* still pending: the next look tries again */
	have_pending = 0;
	memset(&err, 0, sizeof err);
	rc = pp_store_load(&fresh, pp_shim.config_path, NULL, NULL, &err);
	snapshot(after);
	if (!all_same(after, now, pp_shim.nwatch)) {
		pp_store_free(fresh); /* written to while we read it: the next look */
		return;
	}
	if (rc != PP_OK || fresh == NULL) {
		memcpy(pp_shim.seen, now, sizeof now);
		log_failure(rc, &err);
		watch_failed(err.file);
		return;
	}
	pthread_mutex_lock(&pp_shim.lock);
	old = install(fresh);
	snapshot(pp_shim.seen); /* the sources may differ now: a moment after the check above */
	pthread_mutex_unlock(&pp_shim.lock);
	loaded(old);
}
