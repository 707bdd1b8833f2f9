/* SPDX-License-Identifier: MIT */
/*
 * The compromised child of tests/integration/rostore.t.sh (issue 14,
 * finding 4).  A process loads a store through the library, as in.tftpd's
 * root parent does with the shim, then forks children that try to rewrite
 * the store's memory the way a child taken over by a hostile request could:
 *
 *   rostore STORE MAC STRANGER
 *
 * STORE must say mac_binding = "strict" and have the phone MAC; STRANGER is
 * another MAC.  The store's memory is found the way an attacker would: the
 * mapping in /proc/self/maps that holds the "strict" the library hands out.
 *
 *   1. as root, before dropping privileges (in.tftpd's child is root until
 *      setreuid): is the store's memfd still open?  Reopen the mapping's file
 *      through /proc/self/map_files and try a writable MAP_SHARED mapping of
 *      it, write(), ftruncate() and a punched hole;
 *   2. as nobody (after the drop, where a request is parsed): mprotect() the
 *      page writable, write "off" over "strict" directly, through
 *      /proc/self/mem, and madvise(MADV_REMOVE) the page.
 *
 * Every one must fail, and afterwards the parent's store must be byte for
 * byte what it was and still deny STRANGER the phone's file.  Prints
 * "ok - rostore: ..." / "not ok - rostore: ..." / "skip - rostore: ..." lines;
 * exits 1 when one is not ok.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "phoneprov.h"

static int failures;

static void report(const char *verdict, const char *what, const char *why)
{
	printf("%s - rostore: %s%s%s\n", verdict, what, why ? ": " : "", why ? why : "");
	if (strcmp(verdict, "not ok") == 0)
		failures++;
}

/* The mapping of /proc/self/maps that holds addr. */
struct mapping {
	uintptr_t start, end;
	char perms[5];
	char path[256];
};

static int find_mapping(const void *addr, struct mapping *m)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	uintptr_t a = (uintptr_t)addr;
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof line, f) != NULL) {
		unsigned long s, e;
		int off = 0;

		m->path[0] = '\0';
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &s, &e, m->perms, &off) < 3)
			continue;
		if (a < s || a >= e)
			continue;
		m->start = s;
		m->end = e;
		snprintf(m->path, sizeof m->path, "%s", line + off);
		m->path[strcspn(m->path, "\n")] = '\0';
		found = 1;
	}
	fclose(f);
	return found;
}

/* ---- what the child tries; each returns 1 when the store stayed safe ---- */

static const char off[] = "off";

/* Any descriptor of this process naming a memfd of the store? */
static int no_store_fd(char *why, size_t n)
{
	char path[64], target[256];

	for (int fd = 0; fd < 1024; fd++) {
		ssize_t l;

		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		l = readlink(path, target, sizeof target - 1);
		if (l < 0)
			continue;
		target[l] = '\0';
		if (strstr(target, "phoneprov-store") != NULL) {
			snprintf(why, n, "fd %d is %s", fd, target);
			return 0;
		}
	}
	return 1;
}

/* Reopen the mapping's file (root only) and try to change it. */
static int reopen_and_write(const struct mapping *m, char *why, size_t n)
{
	char path[128];
	size_t len = m->end - m->start;
	int fd, safe = 1;
	void *p;

	snprintf(path, sizeof path, "/proc/self/map_files/%" PRIxPTR "-%" PRIxPTR, m->start,
	         m->end);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, n, "cannot reopen %s: %s", path, strerror(errno));
		return -1; /* nothing learnt */
	}
	why[0] = '\0';
	printf("# reopened %s: seals 0x%x\n", path, (unsigned)fcntl(fd, F_GET_SEALS));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p != MAP_FAILED) {
		safe = 0;
		snprintf(why, n, "a writable MAP_SHARED mapping of it worked");
		munmap(p, len);
	}
	if (pwrite(fd, "", 1, (off_t)len) >= 0 || errno != EPERM) {
		safe = 0;
		snprintf(why + strlen(why), n - strlen(why), "%spwrite did not fail with EPERM",
		         why[0] ? "; " : "");
	}
	if (ftruncate(fd, 0) == 0) {
		safe = 0;
		snprintf(why + strlen(why), n - strlen(why), "%sftruncate to 0 worked",
		         why[0] ? "; " : "");
	}
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)len) == 0) {
		safe = 0;
		snprintf(why + strlen(why), n - strlen(why), "%sa punched hole worked",
		         why[0] ? "; " : "");
	}
	close(fd);
	return safe;
}

static sigjmp_buf segv_jump;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(segv_jump, 1);
}

/* Write "off" over "strict" with a plain store; 1 when it faulted. */
static int direct_write(char *target)
{
	struct sigaction sa, old;
	volatile int faulted = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old);
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(segv_jump, 1) == 0)
		memcpy(target, off, sizeof off);
	else
		faulted = 1;
	sigaction(SIGSEGV, &old, NULL);
	signal(SIGBUS, SIG_DFL);
	return faulted;
}

/* 1: it failed; 0: it wrote; -1: /proc/self/mem did not open (nothing learnt). */
static int proc_mem_write(char *target)
{
	int fd;
	ssize_t w;

	prctl(PR_SET_DUMPABLE, 1); /* the drop to nobody cleared it; any process may set it back */
	fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	w = pwrite(fd, off, sizeof off, (off_t)(uintptr_t)target);
	close(fd);
	return w != (ssize_t)sizeof off;
}

/*
 * The first child: in.tftpd's child after the drop to nobody, which is where
 * a hostile request is parsed.  One verdict line each, on stdout (a pipe).
 */
static int child_nobody(const struct mapping *m, char *target)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *page = (void *)((uintptr_t)target & ~((uintptr_t)pg - 1));
	int r;

	(void)m;
	if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
		report("not ok", "drop to nobody", strerror(errno));
		return 1;
	}
	r = mprotect(page, (size_t)pg, PROT_READ | PROT_WRITE);
	report(r != 0 ? "ok" : "not ok",
	       "as nobody: mprotect(PROT_WRITE) of the store's page fails",
	       r != 0 ? NULL : "it worked");
	report(direct_write(target) ? "ok" : "not ok",
	       "as nobody: writing \"off\" over mac_binding faults", NULL);
	r = proc_mem_write(target);
	report(r > 0   ? "ok"
	       : r < 0 ? "skip"
	               : "not ok",
	       "as nobody: writing it through /proc/self/mem fails",
	       r < 0 ? "cannot open /proc/self/mem" : NULL);
	return failures;
}

/* Then one that would punch the page out of the file: zeroes for everyone. */
static int child_remove(const struct mapping *m, char *target)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *page = (void *)((uintptr_t)target & ~((uintptr_t)pg - 1));
	int r;

	(void)m;
	if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
		report("not ok", "drop to nobody", strerror(errno));
		return 1;
	}
	r = madvise(page, (size_t)pg, MADV_REMOVE);
	report(r != 0 ? "ok" : "not ok",
	       "as nobody: madvise(MADV_REMOVE) of the store's page fails",
	       r != 0 ? NULL : "it zeroed the page");
	return failures;
}

/* The last child: still root, as in.tftpd's child is until setreuid. */
static int child_root(const struct mapping *m, char *target)
{
	char why[512];
	int r;

	(void)target;
	r = no_store_fd(why, sizeof why);
	report(r ? "ok" : "not ok", "the child holds no descriptor of the store", r ? NULL : why);
	if (geteuid() != 0) {
		report("skip", "as root: the store's file, reopened", "not root");
		return failures;
	}
	r = reopen_and_write(m, why, sizeof why);
	report(r > 0   ? "ok"
	       : r < 0 ? "skip"
	               : "not ok",
	       "as root: the store's file, reopened, cannot be written, mapped writable, "
	       "truncated or punched",
	       r > 0 ? NULL : why);
	return failures;
}

/* Fork, run fn in the child with its stdout on a pipe, copy its lines; 0 when it passed. */
static int run_child(int (*fn)(const struct mapping *, char *), const struct mapping *m,
                     char *target)
{
	int fds[2], status;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		perror("rostore");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		setvbuf(stdout, NULL, _IONBF, 0);
		_exit(fn(m, target) ? 1 : 0);
	}
	close(fds[1]);
	for (;;) {
		char buf[1024];
		ssize_t r = read(fds[0], buf, sizeof buf);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		fwrite(buf, 1, (size_t)r, stdout);
	}
	fflush(stdout);
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	if (WIFSIGNALED(status))
		printf("# the child died of signal %d\n", WTERMSIG(status));
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

static int denied(const pp_store *st, const char *name, const char *stranger)
{
	pp_client c = {.ip = "192.0.2.99", .mac = stranger};
	char *data = NULL;
	size_t len = 0;
	int rc = pp_render(st, name, &c, &data, &len, NULL);

	pp_free(data);
	return rc == PP_EDENIED;
}

/* Bit 0: the bytes are unchanged; bit 1: the stranger is still denied; -1: it faulted. */
static int parent_checks(const pp_store *st, const char *copy, const struct mapping *m,
                         const char *name, const char *stranger)
{
	struct sigaction sa, old_segv, old_bus;
	volatile int r = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	if (sigsetjmp(segv_jump, 1) == 0) {
		if (memcmp(copy, (const void *)m->start, m->end - m->start) == 0)
			r |= 1;
		if (denied(st, name, stranger))
			r |= 2;
	} else {
		r = -1;
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return r;
}

int main(int argc, char **argv)
{
	pp_store *st = NULL;
	pp_error err;
	struct mapping m;
	char name[64], *copy;
	const char *mb;
	int r;

	if (argc != 4) {
		fprintf(stderr, "usage: rostore STORE MAC STRANGER\n");
		return 2;
	}
	memset(&err, 0, sizeof err);
	if (pp_store_load(&st, argv[1], NULL, NULL, &err) != PP_OK) {
		fprintf(stderr, "rostore: %s:%d: %s\n", err.file, err.line, err.message);
		return 2;
	}
	snprintf(name, sizeof name, "SIP%s.cnf", argv[2]);
	mb = pp_store_mac_binding(st);
	if (mb == NULL || strcmp(mb, "strict") != 0 || !denied(st, name, argv[3])) {
		report("not ok", "the store is strict and denies the stranger", NULL);
		return 1;
	}
	if (!find_mapping(mb, &m)) {
		report("not ok", "the store's memory is in /proc/self/maps", NULL);
		return 1;
	}
	printf("# the store's mapping: %" PRIxPTR "-%" PRIxPTR " %s %s\n", m.start, m.end, m.perms,
	       m.path);
	copy = malloc(m.end - m.start);
	if (copy == NULL)
		return 2;
	memcpy(copy, (const void *)m.start, m.end - m.start);

	/* root last: its truncation would leave nothing to attack */
	static const struct {
		const char *who;
		int (*fn)(const struct mapping *, char *);
	} rounds[] = {
	    {"the child as nobody (writes)", child_nobody},
	    {"the child as nobody (MADV_REMOVE)", child_remove},
	    {"the child as root", child_root},
	};
	for (size_t i = 0; i < sizeof rounds / sizeof rounds[0]; i++) {
		char what[128];

		if (run_child(rounds[i].fn, &m, (char *)(uintptr_t)mb))
			printf("# %s: some attack worked\n", rounds[i].who);
		/* A truncated or punched store faults here, in the parent: a failure too. */
		r = parent_checks(st, copy, &m, name, argv[3]);
		snprintf(what, sizeof what, "after %s, the parent's store is unchanged",
		         rounds[i].who);
		report(r >= 0 && (r & 1) ? "ok" : "not ok", what,
		       r < 0 ? "reading it faulted" : NULL);
		snprintf(what, sizeof what, "after %s, the parent still denies the stranger",
		         rounds[i].who);
		report(r >= 0 && (r & 2) ? "ok" : "not ok", what,
		       r < 0   ? "reading it faulted"
		       : r & 2 ? NULL
		               : "it serves the phone's file");
		if (r < 0)
			return 1; /* the store cannot even be freed: its block headers fault */
	}
	free(copy);
	pp_store_free(st);
	return failures ? 1 : 0;
}
