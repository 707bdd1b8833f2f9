/* SPDX-License-Identifier: MIT */
/*
 * storebench: the library-level benchmarks of make bench (tests/bench/run.sh).
 *
 *   storebench load FILE            pp_store_load of FILE, once (figure 1)
 *   storebench parse FILE           libconfig's own config_read_file of FILE,
 *                                   the baseline of figure 1
 *   storebench render FILE DIR R    figure 2: per file kind, R interleaved
 *                                   rounds of (read the same bytes from a
 *                                   static file in DIR, render); and
 *                                   classify + lookup against a stat
 *   storebench write FILE DIR       the names on stdin, rendered into DIR
 *                                   (expected files, static roots); a name
 *                                   the store does not provide is skipped
 *   storebench fork FILE R          what holding the store costs a server
 *                                   that forks per request (in.tftpd): R
 *                                   rounds of fork() with no store,
 *                                   with the store loaded (every page read),
 *                                   and with as many bytes of private memory
 *                                   touched instead
 *
 * load and parse run once per process, so that peak RSS means something:
 * they print "ms=... peak_kib=... base_kib=..." where base is the resident
 * size before the store was touched and peak is VmHWM after.
 */
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "phoneprov.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* A "VmHWM:" or "VmRSS:" figure from /proc/self/status, in KiB. */
static long status_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	size_t kl = strlen(key);
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, kl) == 0) {
			v = strtol(line + kl, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int cmd_load(const char *file)
{
	long base = status_kib("VmRSS:");
	pp_store *st = NULL;
	pp_error err;
	double t0, t1;
	int rc;

	memset(&err, 0, sizeof err);
	t0 = now_ns();
	rc = pp_store_load(&st, file, NULL, NULL, &err);
	t1 = now_ns();
	if (rc != PP_OK) {
		fprintf(stderr, "storebench: %s:%d: %s\n", err.file, err.line, err.message);
		return 1;
	}
	printf("ms=%.3f peak_kib=%ld base_kib=%ld phones=%zu\n", (t1 - t0) / 1e6,
	       status_kib("VmHWM:"), base, pp_store_phone_count(st));
	pp_store_free(st);
	return 0;
}

static int cmd_parse(const char *file)
{
	long base = status_kib("VmRSS:");
	config_t cfg;
	double t0, t1, t2;
	long peak;
	int ok;

	config_init(&cfg);
	t0 = now_ns();
	ok = config_read_file(&cfg, file);
	t1 = now_ns();
	if (!ok) {
		fprintf(stderr, "storebench: %s:%d: %s\n", file, config_error_line(&cfg),
		        config_error_text(&cfg));
		return 1;
	}
	peak = status_kib("VmHWM:");
	config_destroy(&cfg);
	t2 = now_ns();
	printf("ms=%.3f peak_kib=%ld base_kib=%ld destroy_ms=%.3f\n", (t1 - t0) / 1e6, peak, base,
	       (t2 - t1) / 1e6);
	return 0;
}

static pp_store *must_load(const char *file)
{
	pp_store *st = NULL;
	pp_error err;

	memset(&err, 0, sizeof err);
	if (pp_store_load(&st, file, NULL, NULL, &err) != PP_OK) {
		fprintf(stderr, "storebench: %s:%d: %s\n", err.file, err.line, err.message);
		exit(1);
	}
	return st;
}

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "we");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "storebench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	chmod(path, 0644);
	return 0;
}

static int cmd_write(const char *file, const char *dir)
{
	pp_store *st = must_load(file);
	char name[512];
	int bad = 0;

	while (fgets(name, sizeof name, stdin) != NULL) {
		char *data;
		size_t len;

		name[strcspn(name, "\r\n")] = '\0';
		if (name[0] == '\0')
			continue;
		if (pp_render(st, name, NULL, &data, &len, NULL) != PP_OK)
			continue;
		bad |= write_file(dir, name, data, len);
		pp_free(data);
	}
	pp_store_free(st);
	return bad ? 1 : 0;
}

/* ---- figure 2 ------------------------------------------------------------ */

/* One file kind: the names to render (cycled) and a static copy of each. */
struct kind {
	const char *label;
	char names[64][64];
	size_t n;
	size_t bytes; /* of the first */
};

/* The static baseline: what a server does for a file on disk. */
static size_t read_static(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	ssize_t r;

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	while ((r = read(fd, buf + have, cap - have)) > 0)
		have += (size_t)r;
	close(fd);
	return have;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define ITER 2000 /* operations per round per variant */

static volatile size_t sink;

static int cmd_render(const char *file, const char *dir, int rounds)
{
	pp_store *st = must_load(file);
	static struct kind kinds[9];
	static char buf[1 << 20];
	size_t nk = 0, np = pp_store_phone_count(st);
	double *base, *test;

	/* Per-phone kinds: 64 phones spread over the store, of the right family. */
	struct kind *sip = &kinds[nk++], *sep = &kinds[nk++];
	sip->label = "SIP<MAC>.cnf";
	sep->label = "SEP<MAC>.cnf.xml";
	for (size_t i = 0; i < np && (sip->n < 64 || sep->n < 64); i += (np / 512) | 1) {
		pp_phone_info info;
		struct kind *k;

		pp_store_phone(st, i, &info);
		k = strcmp(info.model, "7940") == 0 || strcmp(info.model, "7960") == 0 ? sip : sep;
		if (k->n < 64)
			snprintf(k->names[k->n++], 64, k == sip ? "SIP%s.cnf" : "SEP%s.cnf.xml",
			         info.mac);
	}
	static const char *const shared[][2] = {
	    {"SIPDefault.cnf", "SIPDefault.cnf"}, {"XMLDefault.cnf.xml", "XMLDefault.cnf.xml"},
	    {"OS79XX.TXT", "OS79XX.TXT"},         {"RINGLIST.DAT", "RINGLIST.DAT"},
	    {"dialplan.xml", "dialplan.xml"},     {"syncinfo.xml", "syncinfo.xml"},
	};
	for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
		kinds[nk].label = shared[i][0];
		snprintf(kinds[nk].names[0], 64, "%s", shared[i][1]);
		kinds[nk++].n = 1;
	}
	/* The static copies. */
	for (size_t k = 0; k < nk; k++)
		for (size_t j = 0; j < kinds[k].n; j++) {
			char *data;
			size_t len;

			if (pp_render(st, kinds[k].names[j], NULL, &data, &len, NULL) != PP_OK) {
				fprintf(stderr, "storebench: cannot render %s\n",
				        kinds[k].names[j]);
				return 1;
			}
			if (j == 0)
				kinds[k].bytes = len;
			if (write_file(dir, kinds[k].names[j], data, len) != 0)
				return 1;
			pp_free(data);
		}

	base = calloc((size_t)rounds, sizeof *base);
	test = calloc((size_t)rounds, sizeof *test);
	if (base == NULL || test == NULL)
		return 1;
	printf("# figure 2: ns per operation, median of %d interleaved rounds of %d\n", rounds,
	       ITER);
	for (size_t k = 0; k < nk; k++) {
		struct kind *kd = &kinds[k];
		double ratios[256];

		for (int r = -1; r < rounds; r++) { /* round -1 warms up */
			char path[4096];
			double t0, t1, t2;

			t0 = now_ns();
			for (int i = 0; i < ITER; i++) {
				snprintf(path, sizeof path, "%s/%s", dir,
				         kd->names[(size_t)i % kd->n]);
				sink += read_static(path, buf, sizeof buf);
			}
			t1 = now_ns();
			for (int i = 0; i < ITER; i++) {
				char *data;
				size_t len;

				if (pp_render(st, kd->names[(size_t)i % kd->n], NULL, &data, &len,
				              NULL) != PP_OK)
					return 1;
				sink += len;
				pp_free(data);
			}
			t2 = now_ns();
			if (r < 0)
				continue;
			base[r] = (t1 - t0) / ITER;
			test[r] = (t2 - t1) / ITER;
			ratios[r] = test[r] / base[r];
		}
		printf("kind=%s bytes=%zu static_read_ns=%.0f render_ns=%.0f ratio=%.2f\n",
		       kd->label, kd->bytes, median(base, (size_t)rounds),
		       median(test, (size_t)rounds), median(ratios, (size_t)rounds));
	}

	/* classify + lookup, against the stat a static server's name check costs. */
	{
		struct kind *kd = &kinds[1];
		double ratios[256];

		for (int r = -1; r < rounds; r++) {
			char path[4096];
			struct stat sb;
			double t0, t1, t2;

			t0 = now_ns();
			for (int i = 0; i < ITER; i++) {
				snprintf(path, sizeof path, "%s/%s", dir,
				         kd->names[(size_t)i % kd->n]);
				sink += stat(path, &sb) == 0;
			}
			t1 = now_ns();
			for (int i = 0; i < ITER; i++) {
				pp_name pn;

				pp_classify(st, kd->names[(size_t)i % kd->n], &pn);
				sink += pp_store_lookup(st, pn.mac) != NULL;
			}
			t2 = now_ns();
			if (r < 0)
				continue;
			base[r] = (t1 - t0) / ITER;
			test[r] = (t2 - t1) / ITER;
			ratios[r] = test[r] / base[r];
		}
		printf(
		    "kind=classify+lookup bytes=0 static_read_ns=%.0f render_ns=%.0f ratio=%.2f\n",
		    median(base, (size_t)rounds), median(test, (size_t)rounds),
		    median(ratios, (size_t)rounds));
	}
	free(base);
	free(test);
	pp_store_free(st);
	return 0;
}

/* ---- fork cost ----------------------------------------------------------- */

#define FORKS 200 /* forks per round per variant */

/*
 * The median time fork() takes to return in the parent (copying the page
 * tables is part of it; the child only calls _exit), in microseconds.  A
 * median of single forks, since other jobs on the machine make a mean of
 * fork+exit+wait swing by 2-3x from one round to the next.
 */
static double fork_us(void)
{
	double t[FORKS];

	for (int i = 0; i < FORKS; i++) {
		double t0 = now_ns();
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (pid == 0)
			_exit(0);
		t[i] = (now_ns() - t0) / 1e3;
		if (waitpid(pid, NULL, 0) != pid) {
			perror("waitpid");
			exit(1);
		}
	}
	return median(t, FORKS);
}

/*
 * The bytes of this process's shared mappings (the store's blocks), each
 * page read once, as a server that has served for a while has touched them:
 * a mapping made by the last step of a load has no page table entries yet.
 */
static long shared_kib(int touch)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	long kib = 0;

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		unsigned long s, e;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s", &s, &e, perms) != 3 || perms[0] != 'r' ||
		    perms[3] != 's')
			continue;
		kib += (long)((e - s) / 1024);
		for (unsigned long a = s; touch && a < e; a += 4096)
			sink += *(const volatile char *)a;
	}
	if (f != NULL)
		fclose(f);
	return kib;
}

/*
 * Interleaved rounds: no store, the store as the shim holds it (loaded,
 * libconfig's tree trimmed away, every page touched), and for comparison as
 * many bytes as the store's shared mappings in private, touched memory,
 * whose page tables fork has to copy.
 */
static int cmd_fork(const char *file, int rounds)
{
	double *base = calloc((size_t)rounds * 5, sizeof(double));
	double *test = base + rounds, *priv = test + rounds, *rt = priv + rounds, *rp = rt + rounds;
	long shared = 0;

	if (base == NULL)
		return 1;
	fork_us(); /* warm up */
	for (int r = 0; r < rounds; r++) {
		pp_store *st;
		char *mem;

		base[r] = fork_us();
		st = must_load(file);
		malloc_trim(0);
		shared = shared_kib(1);
		test[r] = fork_us();
		pp_store_free(st);
		mem = malloc((size_t)(shared > 0 ? shared : 1) * 1024);
		if (mem == NULL)
			return 1;
		memset(mem, 1, (size_t)(shared > 0 ? shared : 1) * 1024);
		priv[r] = fork_us();
		free(mem);
		rt[r] = test[r] / base[r];
		rp[r] = priv[r] / base[r];
	}
	printf("fork_none_us=%.1f fork_store_us=%.1f fork_private_us=%.1f store_ratio=%.3f "
	       "private_ratio=%.3f shared_kib=%ld rounds=%d\n",
	       median(base, (size_t)rounds), median(test, (size_t)rounds),
	       median(priv, (size_t)rounds), median(rt, (size_t)rounds), median(rp, (size_t)rounds),
	       shared, rounds);
	free(base);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "load") == 0)
		return cmd_load(argv[2]);
	if (argc == 3 && strcmp(argv[1], "parse") == 0)
		return cmd_parse(argv[2]);
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return cmd_write(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "render") == 0) {
		int r = atoi(argv[4]);

		if (r < 1 || r > 256)
			r = 7;
		return cmd_render(argv[2], argv[3], r);
	}
	if (argc == 4 && strcmp(argv[1], "fork") == 0) {
		int r = atoi(argv[3]);

		if (r < 1 || r > 256)
			r = 5;
		return cmd_fork(argv[2], r);
	}
	fprintf(stderr, "usage: storebench load|parse FILE | write FILE DIR | render FILE DIR "
	                "ROUNDS | fork FILE ROUNDS\n");
	return 2;
}
