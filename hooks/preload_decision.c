/* SPDX-License-Identifier: MIT */
/*
 * One decision about one request, said once and written twice: a line in
 * the log (syslog or PHONEPROV_LOG), and an event in the journal.  Both use
 * the same words, from decide().  The journal also has a budget: a client
 * that gets nothing from the store may cost 64 events, then one each 5 s,
 * and all such clients together 256, then 2 a second, so that a host asking
 * for names nobody has cannot fill the disk.  The budget is decided in the
 * receive wrapper (pp_decision_budget), in in.tftpd's parent, since a
 * child's count would die with it.  A phone of the store is never limited.
 */
#include "preload_state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "neigh.h"

/* Is the client a phone of the store?  Only the kernel's word, and only
 * asked once the client is over its budget: cheap for everyone else. */
static int known_phone(void)
{
	const struct pp_request *r = &pp_shim.req;
	char mac[PP_MAC_LEN + 1];

	if (pp_shim.store == NULL)
		return 0;
	pp_mac_of(r->ip, mac);
	return mac[0] != '\0' && pp_store_find(pp_shim.store, mac, NULL) == 0;
}

void pp_decision_budget(void)
{
	struct pp_request *r = &pp_shim.req;
	struct timespec now;

	r->journal = 1;
	r->missed = 0;
	if (r->outcome == PP_OUT_RENDERED || r->outcome == PP_OUT_FAILED)
		return; /* the store gave (or tried to give) it a file */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!pp_rate_take(&pp_shim.rate, r->ip[0] != '\0' ? r->ip : "-",
	                  (double)now.tv_sec + (double)now.tv_nsec / 1e9, &r->missed))
		r->journal = known_phone();
}

/* What happened, in the words the log and the journal share. */
struct words {
	const char *decision; /* NULL: not ours, nothing to say */
	long long bytes;      /* what the client gets, -1 when nothing */
	const char *detail;   /* reason="..." for the log, or NULL */
	char buf[256];
};

static void decide(const struct pp_match *m, int fd, int e, struct words *w)
{
	struct stat st;

	w->decision = NULL;
	w->bytes = -1;
	w->detail = NULL;
	switch (m->verdict) {
	case PP_PASS:
		return;
	case PP_SERVE:
		if (fd < 0) {
			w->decision = "error";
			snprintf(w->buf, sizeof w->buf, "reason=\"memfd: %s\"", strerror(e));
			w->detail = w->buf;
			return;
		}
		w->decision = "served";
		w->bytes = m->bytes;
		if (m->reason[0] != '\0') {
			/* A phone's own file: whose MAC it went to, and how we know. */
			snprintf(w->buf, sizeof w->buf, "reason=\"%s\"", m->reason);
			w->detail = w->buf;
		}
		return;
	case PP_DENY:
		w->decision = "denied";
		snprintf(w->buf, sizeof w->buf, "reason=\"%s\"", m->reason);
		w->detail = w->buf;
		return;
	case PP_FAILED:
		w->decision = "error";
		w->detail = "reason=\"store could not render it\"";
		return;
	case PP_FALL:
		if (fd >= 0) {
			w->decision = "fell-through";
			w->bytes = fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
		} else if (e == ENOENT || e == ENOTDIR) {
			w->decision = "not-found";
		} else {
			w->decision = "fell-through";
			snprintf(w->buf, sizeof w->buf, "reason=\"%s\"", strerror(e));
			w->detail = w->buf;
		}
		return;
	}
}

/*
 * The durable copy of a decision; never content, never a secret.  Under
 * the lock: the reloader thread may move the journal to a new state_dir.
 */
static void journal(const struct pp_match *m, const struct words *w)
{
	pp_journal *j = &pp_shim.journal;
	const struct pp_request *r = &pp_shim.req;
	pp_event ev, note_ev;
	char digest[PP_DIGEST_LEN + 1];
	char name[PP_JOURNAL_NAME_MAX + 16];
	char note[96];

	if (!m->journal)
		return;
	memset(&ev, 0, sizeof ev);
	ev.ip = m->ip[0] != '\0' ? m->ip : NULL;
	note_ev = ev;
	snprintf(note, sizeof note, "%lu requests not journaled (over the rate limit)", m->missed);
	note_ev.event = "note";
	note_ev.detail = note;
	note_ev.bytes = -1;
	ev.event = "fetch";
	/* Who got it, as the kernel's neighbour table says: status credits shared files by it. */
	if (ev.ip != NULL && m->mac[0] != '\0')
		ev.mac = m->mac;
	/* A name is kept to its first bytes: escaping can triple a hostile one. */
	if (strlen(m->name) > PP_JOURNAL_NAME_MAX)
		snprintf(name, sizeof name, "%.*s...", PP_JOURNAL_NAME_MAX, m->name);
	else
		snprintf(name, sizeof name, "%s", m->name);
	ev.name = name;
	ev.decision = w->decision;
	ev.bytes = w->bytes;
	pthread_mutex_lock(&pp_shim.lock);
	if (j->own.fd >= 0) { /* in.tftpd's child cannot open it after the chroot */
		if (m->missed > 0)
			pp_journal_write(j, &note_ev);
		if (w->bytes >= 0 && r->outcome == PP_OUT_RENDERED && r->data &&
		    !strcmp(m->name, r->name))
			ev.digest = pp_journal_digest(j, r->data, r->len, digest);
		pp_journal_write(j, &ev);
	}
	pthread_mutex_unlock(&pp_shim.lock);
}

void pp_state_log(const struct pp_match *m, int fd, int e)
{
	struct words w;
	int saved = errno;

	decide(m, fd, e, &w);
	if (w.decision != NULL) {
		pp_log_decision(m->ip, m->name, w.decision, w.bytes, w.detail);
		journal(m, &w);
	}
	errno = saved;
}
