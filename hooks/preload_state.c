/* SPDX-License-Identifier: MIT */
/*
 * The request just received, and what an open of it gets: the receive
 * wrapper's pp_state_datagram decides (render, or the policy's refusal,
 * or "not ours"), and the open wrappers' pp_state_match hands that answer
 * to the open that reads the requested name.  The state itself, and why it
 * is decided in the receive wrapper, is in preload_state.h.
 */
#include "preload_state.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "fw_track.h"
#include "model.h"
#include "policy.h"

struct pp_shim pp_shim = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .journal = PP_JOURNAL_INIT,
    .req = {.slot = -1, .journal = 1},
};

/* Keep the lock consistent across fork() in a threaded server. */
static void atfork_prepare(void)
{
	pthread_mutex_lock(&pp_shim.lock);
}

static void atfork_release(void)
{
	pthread_mutex_unlock(&pp_shim.lock);
}

void pp_state_init(void)
{
	const char *path = pp_config_path();

	/* Kept absolute: both servers chdir, and in.tftpd's parent re-reads it. */
	if (pp_abspath(path, pp_shim.config_path, sizeof pp_shim.config_path) != 0) {
		pp_shim.config_path[0] = '\0';
		pp_log(LOG_ERR, "store path too long; serving nothing from the store");
		return;
	}
	pthread_atfork(atfork_prepare, atfork_release, atfork_release);
	pp_reload_init();
	pp_rate_init(&pp_shim.rate, 64, 0.2, 256, 2);
	pp_shim.share_memfd = strcmp(pp_shim_writer(), "dnsmasq") == 0;
	pp_shim_load();
	pthread_mutex_lock(&pp_shim.lock);
	pp_reload_start(); /* again after a fork, at the first request (preload_reload.c) */
	pthread_mutex_unlock(&pp_shim.lock);
}

static void forget(void)
{
	struct pp_request *r = &pp_shim.req;

	r->data = NULL; /* the cache's */
	r->len = 0;
	r->slot = -1;
	r->outcome = PP_OUT_NONE;
	r->reason[0] = '\0';
	r->mac[0] = '\0';
}

/*
 * Ask the store: render the name, or (cached) only the policy again.  A
 * phone on a firmware journey (fw: its phone, offer: its next load) gets
 * its files rendered for it now, cached under its own MAC.
 */
static void decide(const pp_name *pn_, const pp_phone *fw, const char *offer)
{
	struct pp_request *r = &pp_shim.req;
	pp_client client = {.ip = r->ip, .mac = NULL}; /* ip "" when unknown: still a client */
	pp_error err;
	pp_name key = *pn_;
	const pp_name *pn = &key;
	int rc, journey = fw && offer[0] && pp_fw_affects(pn->kind);

	memset(&err, 0, sizeof err);
	if (journey) {
		if (pn->kind == PP_KIND_OS79XX)
			memcpy(key.mac, fw->mac, sizeof(key.mac));
		pp_cache_forget(pn);
	}
	/* syncinfo.xml carries the asking 79x0's own sync: rendered for each request. */
	r->slot = pn->kind == PP_KIND_SYNCINFO || journey ? -1 : pp_cache_find(pn);
	if (r->slot >= 0) {
		rc = pp_policy_check(pp_shim.store, pn, &client, &err);
	} else {
		char *data = NULL;
		size_t dlen = 0;

		if (journey)
			rc = pp_render_offer(pp_shim.store, r->name, &client, fw, offer, &data,
			                     &dlen, &err);
		else
			rc = pp_render(pp_shim.store, r->name, &client, &data, &dlen, &err);
		if (rc == PP_OK)
			r->slot = pp_cache_put(pn, data, dlen);
		else
			pp_free(data);
	}
	if (rc == PP_OK) {
		r->data = pp_shim.cache[r->slot].data;
		r->len = pp_shim.cache[r->slot].len;
		r->outcome = PP_OUT_RENDERED;
		/* A phone's own file: the log says whose MAC it went to, and how we know. */
		if (pn->kind == PP_KIND_SIP_MAC || pn->kind == PP_KIND_SEP_MAC)
			pp_rrq_words(err.message, r->reason, sizeof r->reason);
	} else if (rc == PP_EDENIED) {
		r->outcome = PP_OUT_DENIED;
		pp_rrq_words(err.message, r->reason, sizeof r->reason);
	} else if (rc != PP_ENOTFOUND) {
		r->outcome = PP_OUT_FAILED;
		r->code = rc;
	}
}

void pp_state_datagram(int fd, const unsigned char *buf, size_t len, const struct sockaddr *from,
                       socklen_t fromlen)
{
	struct pp_request *r = &pp_shim.req;
	pp_journal *j = &pp_shim.journal;
	const char *name = NULL;
	pp_name pn;
	int rc;

	rc = pp_rrq_parse(buf, len, &name);
	if (rc == 0)
		return;
	pthread_mutex_lock(&pp_shim.lock);
	forget();
	if (rc < 0)
		goto out; /* no open may match the request before this one */
	memcpy(r->name, name, strlen(name) + 1);
	r->base = pp_rrq_base(r->name);
	pp_rrq_client(fd, from, fromlen, r->ip, sizeof r->ip);
	pp_log_prepare();
	pp_reload_start();
	if (j->path[0] != '\0' && pp_journal_refresh(j) != 0 && !pp_shim.journal_warned) {
		pp_shim.journal_warned = 1;
		pp_log(LOG_WARNING, "cannot open the journal %s: %s", j->path, strerror(errno));
	}
	r->outcome = PP_OUT_NOT_OURS;
	char offer[65];
	const pp_phone *fw = NULL;
	int ours = pp_shim.store != NULL && r->base[0] != '\0' && !pp_rrq_has_dotdot(r->name);
	if (ours)
		fw = pp_fw_shim_request(r->ip, r->name, r->base, offer);
	if (ours && pp_classify(pp_shim.store, r->name, &pn) != PP_KIND_NONE)
		decide(&pn, fw, offer);
out:
	pp_decision_budget();
	if (rc > 0 && r->journal && j->own.fd >= 0)
		pp_mac_of(r->ip, r->mac);
	pthread_mutex_unlock(&pp_shim.lock);
}

/*
 * The server is opening a phone's own file that the request just received
 * did not get from the store: it reached the name by a path the request
 * parser did not take as ours (a "../", a backslash dnsmasq turns into a
 * slash, a name too long to keep, a remap rule).  Whatever is on disk under
 * that name, it is that phone's: refuse it, exactly like a missing file.
 * This one check at the open covers every path trick a server may apply.
 */
static void refuse_phone_file(const char *path, struct pp_match *m)
{
	const struct pp_request *r = &pp_shim.req;

	m->verdict = PP_DENY;
	m->err = ENOENT;
	m->journal = r->journal;
	m->missed = r->missed;
	if (r->outcome != PP_OUT_NONE) {
		memcpy(m->ip, r->ip, sizeof m->ip);
		memcpy(m->mac, r->mac, sizeof r->mac);
	}
	snprintf(m->name, sizeof m->name, "%s", path);
	snprintf(m->reason, sizeof m->reason, "%s",
	         "a phone's own file, opened by a name the store was not asked for");
}

/* What an open of the requested name gets. */
static void answer(int cloexec, struct pp_match *m)
{
	const struct pp_request *r = &pp_shim.req;

	memcpy(m->ip, r->ip, sizeof m->ip);
	memcpy(m->mac, r->mac, sizeof r->mac);
	memcpy(m->name, r->name, sizeof m->name);
	m->journal = r->journal;
	m->missed = r->missed;
	switch (r->outcome) {
	case PP_OUT_RENDERED:
		m->verdict = PP_SERVE;
		m->bytes = (long long)r->len;
		memcpy(m->reason, r->reason, sizeof m->reason);
		m->memfd = pp_cache_fd(r->slot, cloexec);
		if (m->memfd < 0)
			m->err = errno;
		break;
	case PP_OUT_DENIED:
		/*
		 * Exactly like a missing file (TFTP error 1): nothing is revealed,
		 * and a phone's boot hunt goes on.  Even a file of that name on
		 * disk is not served: it is the phone's, and this is not the phone.
		 */
		m->verdict = PP_DENY;
		m->err = ENOENT;
		memcpy(m->reason, r->reason, sizeof m->reason);
		break;
	case PP_OUT_FAILED:
		m->verdict = PP_FAILED;
		m->err = r->code == PP_ENOMEM ? ENOMEM : EIO;
		break;
	default:
		m->verdict = PP_FALL;
		break;
	}
}

void pp_state_match(const char *path, int flags, int cloexec, struct pp_match *m)
{
	const struct pp_request *r = &pp_shim.req;
	int mine;

	m->verdict = PP_PASS;
	m->memfd = -1;
	m->err = 0;
	m->bytes = -1;
	m->ip[0] = '\0';
	m->name[0] = '\0';
	m->reason[0] = '\0';
	m->mac[0] = '\0';
	if (path == NULL || (flags & O_ACCMODE) != O_RDONLY ||
	    (flags & (O_CREAT | O_TRUNC | O_DIRECTORY | O_PATH)) != 0)
		return;

	pthread_mutex_lock(&pp_shim.lock);
	mine = r->outcome != PP_OUT_NONE && strcasecmp(pp_rrq_base(path), r->base) == 0;
	if ((!mine || r->outcome == PP_OUT_NOT_OURS) && pp_shim.store != NULL &&
	    pp_phone_file(pp_shim.store, path))
		refuse_phone_file(path, m);
	else if (mine)
		answer(cloexec, m);
	pthread_mutex_unlock(&pp_shim.lock);
}
