/* SPDX-License-Identifier: MIT */
/*
 * A compromised in.tftpd child, for tests/integration/rostore.t.sh: an
 * LD_PRELOAD library put before the shim.  in.tftpd's child calls chroot()
 * and then drops root before it reads the request: setreuid() in tftpd-hpa
 * 5.2+20150808 (Debian 12), setresuid() in 5.2+20240610 (Debian 13).  Here
 * chroot() first notes the process's shared mappings (while /proc is still
 * there) and opens EVIL_LOG, and once either call has dropped root, the
 * child does what
 * code injected by a hostile request could: make those mappings writable
 * and write "off" over every "strict" in them (the store's mac_binding).
 * One line per child goes to EVIL_LOG:
 *
 *   maps=N strict=N mprotect_ok=N written=N faulted=N
 *
 * (maps: shared mappings seen; strict: "strict" strings found; mprotect_ok:
 * mappings mprotect made writable; written/faulted: the writes that went
 * through or faulted).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_MAPS 64

static struct {
	uintptr_t start, end;
} maps[MAX_MAPS];
static int nmaps, logfd = -1;
static sigjmp_buf jump;

static void on_fault(int sig)
{
	(void)sig;
	siglongjmp(jump, 1);
}

int chroot(const char *path)
{
	int (*real)(const char *);
	void *sym = dlsym(RTLD_NEXT, "chroot");
	const char *log = getenv("EVIL_LOG");
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];

	/* ISO C has no cast between void * and function pointers; memcpy is exact. */
	memcpy(&real, &sym, sizeof real);
	while (f != NULL && nmaps < MAX_MAPS && fgets(line, sizeof line, f) != NULL) {
		unsigned long s, e;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s", &s, &e, perms) == 3 && perms[0] == 'r' &&
		    perms[3] == 's') {
			maps[nmaps].start = s;
			maps[nmaps].end = e;
			nmaps++;
		}
	}
	if (f != NULL)
		fclose(f);
	if (log != NULL)
		logfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	return real(path);
}

/* Write "off" over the "strict" at at: 1 when it went through, 0 when it faulted. */
static int try_write(char *at)
{
	static const char off[7] = "off";
	struct sigaction sa, old_segv, old_bus;
	volatile int faulted = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	/* Set only where the fault lands: the compiler may move a store before the copy. */
	if (sigsetjmp(jump, 1) == 0)
		memcpy(at, off, sizeof off);
	else
		faulted = 1;
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return !faulted;
}

static void attack(void)
{
	int strict = 0, mprotect_ok = 0, written = 0, faulted = 0, n;
	char msg[160];

	for (int i = 0; i < nmaps; i++) {
		char *p = (char *)maps[i].start, *end = (char *)maps[i].end;

		if (mprotect(p, (size_t)(end - p), PROT_READ | PROT_WRITE) == 0)
			mprotect_ok++;
		while ((p = memmem(p, (size_t)(end - p), "strict", sizeof "strict")) != NULL) {
			strict++;
			if (try_write(p))
				written++;
			else
				faulted++;
			p += sizeof "strict";
		}
	}
	n = snprintf(msg, sizeof msg, "maps=%d strict=%d mprotect_ok=%d written=%d faulted=%d\n",
	             nmaps, strict, mprotect_ok, written, faulted);
	if (logfd >= 0 && n > 0 && write(logfd, msg, (size_t)n) != n) {
		/* nothing to do about it here */
	}
}

/* rc from a call that sets user ids: attack once it has dropped root. */
static int dropped(int rc)
{
	if (rc == 0 && geteuid() != 0)
		attack();
	return rc;
}

int setreuid(uid_t ruid, uid_t euid)
{
	int (*real)(uid_t, uid_t);
	void *sym = dlsym(RTLD_NEXT, "setreuid");

	memcpy(&real, &sym, sizeof real);
	return dropped(real(ruid, euid));
}

int setresuid(uid_t ruid, uid_t euid, uid_t suid)
{
	int (*real)(uid_t, uid_t, uid_t);
	void *sym = dlsym(RTLD_NEXT, "setresuid");

	memcpy(&real, &sym, sizeof real);
	return dropped(real(ruid, euid, suid));
}
