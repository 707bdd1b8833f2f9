/* SPDX-License-Identifier: MIT */
/*
 * The reloader: a thread of the shim's own that looks at the store's files
 * every PP_RELOAD_LOOK_MS and loads a changed store (pp_shim_poll), so
 * that the server's own thread never waits for a load.  dnsmasq answers
 * DNS and DHCP on the thread that receives TFTP requests, and a 10k-phone
 * load took it 0.25 s; in.tftpd's parent keeps accepting while it runs.
 * A request costs the watch nothing: no stat, only a look at a flag.
 *
 * Threads do not survive fork(): dnsmasq forks to become a daemon after
 * the constructor ran, in.tftpd forks a child per request.  So the
 * constructor starts the thread, a forked child forgets it had one, and
 * the first read request a process receives starts it again if it has
 * none (dnsmasq's daemon; in.tftpd's children never receive one).  It blocks every
 * signal, so that the server's handlers run on the server's threads, and
 * it is marked busy, so that its own opens and stats pass the wrappers.
 */
#include "preload_state.h"

#include <signal.h>
#include <syslog.h>
#include <time.h>

static int running; /* in this process; guarded by pp_shim.lock */

/*
 * The thread is stopped and joined at exit, so that nothing of it is left
 * (valgrind sees its TLS otherwise); it waits on a condition, not in a
 * sleep, so that the exit does not wait for the next look.
 */
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond;
static int stopping, joinable;
static pthread_t thread;

static void *reloader(void *arg)
{
	struct timespec at;

	(void)arg;
	pp_busy++;
	pthread_mutex_lock(&stop_lock);
	while (!stopping) {
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += (PP_RELOAD_LOOK_MS % 1000) * 1000000L;
		at.tv_sec += PP_RELOAD_LOOK_MS / 1000 + at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		while (!stopping && pthread_cond_timedwait(&stop_cond, &stop_lock, &at) == 0)
			;
		if (stopping)
			break;
		pthread_mutex_unlock(&stop_lock);
		pp_shim_poll();
		pthread_mutex_lock(&stop_lock);
	}
	pthread_mutex_unlock(&stop_lock);
	return NULL;
}

static void fork_prepare(void)
{
	pthread_mutex_lock(&stop_lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&stop_lock);
}

/* The child has no thread: it may start its own (pp_reload_start). */
static void fork_child(void)
{
	running = 0;
	joinable = 0;
	pthread_mutex_unlock(&stop_lock);
}

void pp_reload_init(void)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

__attribute__((destructor)) static void reload_stop(void)
{
	if (!joinable)
		return;
	pthread_mutex_lock(&stop_lock);
	stopping = 1;
	pthread_cond_signal(&stop_cond);
	pthread_mutex_unlock(&stop_lock);
	pthread_join(thread, NULL);
	joinable = 0;
}

void pp_reload_start(void)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int rc;

	if (running || stopping || pp_shim.config_path[0] == '\0')
		return;
	running = 1; /* tried once per process: a failure is said once */
	if (pthread_attr_init(&attr) != 0)
		goto fail;
	/* A load needs little stack; the default 8 MiB would only be address space. */
	pthread_attr_setstacksize(&attr, 1u << 20);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&thread, &attr, reloader, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc == 0) {
		joinable = 1;
		return;
	}
fail:
	pp_log(LOG_WARNING, "cannot start the reloader thread; store edits are not seen");
}
