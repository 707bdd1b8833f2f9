/* SPDX-License-Identifier: MIT */
/*
 * phoneprov status --journals PATH... [MAC...]: the journals of several
 * servers (one folder each, rsync'd to one box), merged by phone.  Which
 * server saw a phone is named by the folder its journal came from
 * ("siteA/dnsmasq"); what could not be read is said on stderr, the rest is
 * read all the same.
 */
#include "status.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int status_wanted(const status_view *v, const char *mac)
{
	if (!v->nmacs)
		return 1;
	for (size_t i = 0; i < v->nmacs; i++)
		if (!strcmp(v->macs[i], mac))
			return 1;
	return 0;
}

const char *status_label(const pp_audit *a, unsigned src)
{
	return src < a->njournals ? a->journal[src].label : "?";
}

static const char *note_words(const pp_audit_note *n, char *buf, size_t len)
{
	switch (n->kind) {
	case PP_AN_ERROR:
		snprintf(buf, len, "%s",
		         n->error == EINVAL ? "not a folder or a regular file, not read"
		                            : strerror(n->error));
		break;
	case PP_AN_NOT_JOURNAL:
		snprintf(buf, len, "not a journal (its name does not end in .journal), not read");
		break;
	case PP_AN_SAME:
		snprintf(buf, len, "the same file as %s, read once", E(n->other));
		break;
	case PP_AN_TOO_MANY:
		snprintf(buf, len, "%zu more *.journal files not read (at most %d in all)",
		         n->count, PP_AUDIT_JOURNALS);
		break;
	case PP_AN_ENTRIES:
		snprintf(buf, len, "more than %zu entries: the rest not looked at", n->count);
		break;
	case PP_AN_LINK:
		snprintf(buf, len, "a symbolic link, not followed");
		break;
	case PP_AN_FOLDERS:
		snprintf(buf, len, "more than %zu folders: not read", n->count);
		break;
	}
	return buf;
}

int status_notes(const char *prog, const pp_audit *a)
{
	int unread = 0;
	char w[4600];
	for (size_t i = 0; i < a->nnotes; i++) {
		const pp_audit_note *n = &a->note[i];
		fprintf(stderr, "%s: status: %s: %s\n", prog, E(n->path),
		        note_words(n, w, sizeof(w)));
		unread |= n->kind == PP_AN_ERROR || n->kind == PP_AN_NOT_JOURNAL ||
		          n->kind == PP_AN_FOLDERS;
	}
	if (a->notes_dropped)
		fprintf(stderr, "%s: status: and %zu more like these\n", prog, a->notes_dropped);
	for (size_t j = 0; j < a->njournals; j++) {
		const pp_audit_journal *jn = &a->journal[j];
		char path[4096 + 256];
		snprintf(path, sizeof(path), "%s/%s", a->group[jn->group].dir, jn->file);
		if (jn->cut)
			fprintf(
			    stderr,
			    "%s: status: %s: bigger than any journal a server writes: its first "
			    "%lld bytes not read\n",
			    prog, E(path), jn->cut);
		if (!jn->error && !jn->events && jn->bad_lines)
			fprintf(stderr,
			        "%s: status: %s: not a journal: none of its %zu lines is a journal "
			        "line\n",
			        prog, E(path), jn->bad_lines);
	}
	return unread;
}

void status_seen_by(const status_view *v, const pp_audit_phone *p)
{
	const pp_audit *a = v->a;
	if (!v->npaths || !p->seen_by)
		return;
	printf("  seen by   %s (last)", E(status_label(a, p->last_src)));
	for (unsigned j = 0; j < a->njournals && j < 64; j++)
		if (j != p->last_src && (p->seen_by >> j & 1))
			printf(", %s", E(status_label(a, j)));
	printf("\n");
}

void status_header(const status_view *v)
{
	const pp_audit *a = v->a;
	size_t nj = 0, folders = 0;
	for (size_t j = 0; j < a->njournals; j++) {
		size_t k = 0;
		nj += !a->journal[j].error;
		while (k < j && a->journal[k].group != a->journal[j].group)
			k++;
		folders +=
		    k == j; /* folders with a journal: a parent of siteA/ and siteB/ is not one */
	}
	printf("journals: %zu events, %zu of %zu journals read, from %zu folders\n", a->events, nj,
	       a->njournals, folders);
	for (size_t j = 0; j < a->njournals; j++) {
		const pp_audit_journal *jn = &a->journal[j];
		if (jn->error)
			printf("  %-20s %s\n", E(jn->label), why(jn->error));
		else
			printf("  %-20s %zu events\n", E(jn->label), jn->events);
	}
}

void json_seen_by(const pp_audit *a, const pp_audit_phone *p)
{
	printf(",\"seen_by\":[");
	int k = 0;
	for (unsigned j = 0; j < a->njournals && j < 64; j++)
		if (p->seen_by >> j & 1) {
			printf("%s", k++ ? "," : "");
			json_str(status_label(a, j));
		}
	printf("],\"last_seen_by\":");
	if (p->seen_by)
		json_str(status_label(a, p->last_src));
	else
		printf("null");
}

void json_paths(const status_view *v)
{
	printf(",\"journal_paths\":[");
	for (size_t i = 0; i < v->npaths; i++) {
		printf("%s", i ? "," : "");
		json_str(v->paths[i]);
	}
	printf("]");
}
