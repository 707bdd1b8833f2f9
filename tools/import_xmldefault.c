/* SPDX-License-Identifier: MIT */
/*
 * XMLDefault.cnf.xml: the call manager and, per model, the load, for a
 * phone of the XML family without a SEP file of its own (and a 79x0's
 * Universal Application Loader).  The store makes it from defaults: the
 * call manager from proxy.address and proxy.port, which are also
 * SIPDefault.cnf's proxy1_address and proxy1_port, and a loadInformation<ID>
 * for each of defaults' firmware entries, the 7940's and 7960's being
 * SIPDefault.cnf's image_version.  What else it has (the XML passthrough
 * does not reach this file) is found by rendering it back, and said.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models.h"
#include "schema.h"

static int fail(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path, line, msg, f->name);
	return -1;
}

/* The model a loadInformation<ID> model="..." names: by its id, else by its long name. */
static const pp_model *load_model(const imp_xnode *x)
{
	const char *id = x->name + strlen("loadInformation");
	const char *long_name = imp_xattr_get(x, "model");
	char *end;
	unsigned long n = strtoul(id, &end, 10);

	for (size_t i = 0; pp_model_at(i); i++) {
		const pp_model *m = pp_model_at(i);
		if ((*id && !*end && m->type_id == n) ||
		    (long_name && strcasecmp(long_name, m->long_name) == 0))
			return m;
	}
	return NULL;
}

static int take(char **slot, int *line, const imp_leaf *l)
{
	if (*slot)
		return 0; /* the first: the store writes one */
	*line = l->line;
	return (*slot = strdup(l->text)) ? 0 : -1;
}

static int xload(imp_shared *sh, const pp_model *m, const imp_leaf *l)
{
	for (size_t i = 0; i < sh->nxload; i++)
		if (strcmp(sh->xload[i].model, m->name) == 0)
			return 0;
	struct imp_xload *x = realloc(sh->xload, (sh->nxload + 1) * sizeof(*x));
	if (!x)
		return -1;
	sh->xload = x;
	x[sh->nxload] = (struct imp_xload){m->name, strdup(l->text), l->line};
	if (!x[sh->nxload].load)
		return -1;
	sh->nxload++;
	return 0;
}

int imp_xmldefault_parse(imp_shared *sh, char *data, size_t len)
{
	imp_file *f = &sh->xmldef;
	static const char cm[] = "callManagerGroup/members/member/callManager/";
	imp_leaf *l;
	size_t n;
	int rc = 0;

	if (!(f->xml = calloc(1, sizeof(*f->xml))))
		return fail(f, 1, "out of memory");
	if (imp_xml_parse(f, data, len, f->xml) < 0)
		return -1;
	if (strcmp(f->xml->n[0].name, "Default") != 0)
		return fail(f, f->xml->n[0].line, "not a <Default>: not an XMLDefault.cnf.xml");
	if (f->xml->nn > 4000)
		return fail(f, 1, "over 4000 elements: not an XMLDefault.cnf.xml");
	if (imp_xml_leaves(f->xml, 0, &l, &n) < 0)
		return fail(f, 1, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const imp_xnode *x = &f->xml->n[l[i].node];
		const pp_model *m;
		if (strcmp(l[i].path,
		           "callManagerGroup/members/member/callManager/processNodeName") == 0 &&
		    *l[i].text)
			rc = take(&sh->xd_proxy, &sh->xd_proxy_line, &l[i]);
		else if (strncmp(l[i].path, cm, sizeof(cm) - 1) == 0 &&
		         strcmp(l[i].path + sizeof(cm) - 1, "ports/sipPort") == 0)
			rc = take(&sh->xd_port, &sh->xd_port_line, &l[i]);
		else if (x->parent == 0 && strncmp(x->name, "loadInformation", 15) == 0 &&
		         (m = load_model(x)) && *l[i].text && !pp_not_base_name(l[i].text) &&
		         strlen(l[i].text) <= 64) {
			if (m->family == PP_FAMILY_CNF &&
			    (!sh->xd_load || strcmp(sh->xd_load, l[i].text) == 0))
				sh->xd_79x0 |= strcmp(m->name, "7940") == 0 ? 1u : 2u;
			rc = m->family == PP_FAMILY_CNF
			         ? take(&sh->xd_load, &sh->xd_load_line, &l[i])
			         : xload(sh, m, &l[i]);
		}
	}
	imp_leaves_free(l, n);
	return rc < 0 ? fail(f, 1, "out of memory") : 0;
}

int imp_xmldefault_settle(imp_shared *sh, imp_file *def, imp_settle_fn *settle)
{
	const imp_file *f = &sh->xmldef;
	if (!f->path)
		return 0;
	if (sh->xd_proxy && settle(sh, def, f, sh->xd_proxy_line, "proxy1_address", sh->xd_proxy,
	                           NULL, &sh->xd_kept[0]) < 0)
		return -1;
	/* the store writes sipPort 5060 when proxy.port is unset */
	if (sh->xd_port && settle(sh, def, f, sh->xd_port_line, "proxy1_port", sh->xd_port, "5060",
	                          &sh->xd_kept[1]) < 0)
		return -1;
	if (sh->xd_load && settle(sh, def, f, sh->xd_load_line, "image_version", sh->xd_load, NULL,
	                          &sh->xd_kept[2]) < 0)
		return -1;
	return 0;
}

void imp_xmldefault_drop_said(imp_shared *sh)
{
	imp_file *f = &sh->xmldef;
	for (size_t i = 0; i < f->nleft; i++)
		for (size_t k = 0; k < sh->nxd_said; k++)
			f->left[i].said |= !f->left[i].attr && f->left[i].line == sh->xd_said[k] &&
			                   (strncmp(f->left[i].path, "loadInformation", 15) == 0 ||
			                    strstr(f->left[i].path, "/processNodeName") ||
			                    strstr(f->left[i].path, "/sipPort"));
}
