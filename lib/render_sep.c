/* SPDX-License-Identifier: MIT */
/*
 * SEP<MAC>.cnf.xml for the XML family (79x1/79x2/79x5/797x/89xx/99xx), SIP
 * or SCCP.  The element set is the union of working configs in the research
 * (cisco-formats.md §4), cut down to what the store models.
 */
#include "render_format.h"
#include "render_xml.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const pp_val port_5060 = {.type = PP_V_INT, .i = 5060};

/* CUCM's spelling of the 79x0 sntp_mode values. */
static const char *ntp_mode(const pp_val *mode)
{
	static const struct {
		const char *cnf, *xml;
	} modes[] = {
	    {"unicast", "Unicast"},
	    {"multicast", "Multicast"},
	    {"anycast", "Anycast"},
	    {"directedbroadcast", "DirectedBroadcast"},
	};

	/* A named server is asked directly unless the store says otherwise. */
	if (!PP_SET(*mode) || mode->type != PP_V_STR)
		return "Unicast";
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcasecmp(mode->s, modes[i].cnf) == 0)
			return modes[i].xml;
	return mode->s;
}

static const char *time_zone(const pp_settings *s)
{
	if (PP_SET(s->xml_time_zone) && s->xml_time_zone.type == PP_V_STR)
		return s->xml_time_zone.s;
	if (PP_SET(s->time_zone) && s->time_zone.type == PP_V_STR)
		return pp_tz_xml(s->time_zone.s);
	return NULL;
}

static void date_time(pp_xtree *t, pp_xnode *pool, const pp_settings *s, int sip)
{
	const char *tz = time_zone(s);
	int ntp = sip && PP_SET(s->ntp_server);

	if (!PP_SET(s->date_format) && !tz && !ntp)
		return;
	pp_xnode *dt = pp_xt_open(t, pool, "dateTimeSetting");
	pp_xt_val_if(t, dt, "dateTemplate", &s->date_format);
	if (tz)
		pp_xt_text(t, dt, "timeZone", tz);
	if (ntp) {
		pp_xnode *n = pp_xt_open(t, pp_xt_open(t, dt, "ntps"), "ntp");
		pp_xt_val(t, n, "name", &s->ntp_server);
		pp_xt_text(t, n, "ntpMode", ntp_mode(&s->ntp_mode));
	}
}

/*
 * SCCP: no SRST, as wazo's SCCP base.tpl and chan-sccp have it.  An SRST
 * reference is a Cisco router that takes over when the call manager is
 * gone; an Asterisk or chan-sccp site has none for a phone to fall back
 * to.  Where wazo puts it: in devicePool, after callManagerGroup.
 */
static void srst_info(pp_xtree *t, pp_xnode *pool)
{
	pp_xt_text(t, pp_xt_open(t, pool, "srstInfo"), "srstOption", "Disable");
}

static const pp_val *line_port(const pp_settings *s, const pp_line *ln)
{
	if (PP_SET(ln->port))
		return &ln->port;
	return PP_SET(s->proxy_port) ? &s->proxy_port : &port_5060;
}

/*
 * autoAnswerEnabled and callWaiting as 1 or 0: Cisco's SIP stack reads bit 0
 * only, so CUCM's (and wazo's) 2 and 3 mean the same off and on
 * (tests/data/README.md).
 */
static pp_xnode *num_if(pp_xtree *t, pp_xnode *n, const char *tag, const pp_val *v)
{
	return PP_SET(*v) ? pp_xt_text(t, n, tag, v->i ? "1" : "0") : NULL;
}

/*
 * The line options in wazo-provd's order (cisco-sip base.tpl): autoAnswer and
 * callWaiting after displayName, messageWaitingLampPolicy before
 * messagesNumber (so provisioner.net too), the rest after it.
 */
static void sip_line(pp_xtree *t, pp_xnode *lines, const pp_settings *s, const pp_line *ln,
                     size_t button)
{
	pp_xnode *n = pp_xt_open(t, lines, "line");
	char num[24];

	snprintf(num, sizeof(num), "%zu", button);
	pp_xt_attr(t, n, "button", num);
	pp_xt_text(t, n, "featureID", "9"); /* 9 = line appearance */
	pp_xt_val_if(t, n, "featureLabel", PP_SET(ln->shortname) ? &ln->shortname : &ln->name);
	/* USECALLMANAGER: register with the callManagerGroup's processNodeName. */
	if (PP_SET(ln->proxy))
		pp_xt_val(t, n, "proxy", &ln->proxy);
	else
		pp_xt_text(t, n, "proxy", "USECALLMANAGER");
	pp_xt_val(t, n, "port", line_port(s, ln));
	pp_xt_val_if(t, n, "name", &ln->name);
	pp_xt_val_if(t, n, "displayName", &ln->display);
	if (PP_SET(ln->auto_answer))
		num_if(t, pp_xt_open(t, n, "autoAnswer"), "autoAnswerEnabled", &ln->auto_answer);
	num_if(t, n, "callWaiting", &ln->call_waiting);
	pp_xt_val_if(t, n, "authName", &ln->auth);
	pp_xt_val_if(t, n, "authPassword", &ln->password);
	pp_xt_val_if(t, n, "messageWaitingLampPolicy", &ln->mwi);
	pp_xt_val_if(t, n, "messagesNumber", &s->messages_uri);
	pp_xt_val_if(t, n, "ringSettingIdle", &ln->ring_idle);
	pp_xt_val_if(t, n, "ringSettingActive", &ln->ring_active);
	pp_xt_val_if(t, n, "contact", &ln->contact);
	pp_xt_val_if(t, n, "maxNumCalls", &ln->max_calls);
	pp_xt_val_if(t, n, "busyTrigger", &ln->busy_trigger);
}

static void sip_profile(pp_xtree *t, const pp_settings *s)
{
	pp_xnode *sp = pp_xt_open(t, t->root, "sipProfile");
	pp_xnode *px = pp_xt_open(t, sp, "sipProxies");

	pp_xml_settings(t, px, s, "sipProfile/sipProxies"); /* backupProxy, outboundProxy ... */
	pp_xt_text(t, px, "registerWithProxy",
	           !PP_SET(s->proxy_register) || s->proxy_register.i ? "true" : "false");
	pp_xml_settings(t, sp, s, "sipProfile"); /* phoneLabel ... */
	pp_xnode *lines = pp_xt_open(t, sp, "sipLines");
	for (size_t i = 0; i < s->lines.n; i++)
		sip_line(t, lines, s, &s->lines.items[i], i + 1);
	if (PP_SET(s->dial_template) || s->dialplan.set) {
		char name[80];
		snprintf(name, sizeof(name), "%s.xml", pp_dial_template(s));
		pp_xt_text(t, sp, "dialTemplate", name);
	}
	/* Last, after dialTemplate, where both 9971 references put it. */
	pp_xt_val_if(t, sp, "softKeyFile", &s->softkey_file);
}

/*
 * transportLayerProtocol: 2 is UDP, 1 is TCP (fidelity.md section 4); UDP
 * when unset, as every reference SIP file has it.
 */
static const char *transport(const pp_settings *s)
{
	if (PP_SET(s->proxy_transport) && s->proxy_transport.type == PP_V_STR &&
	    strcasecmp(s->proxy_transport.s, "tcp") == 0)
		return "1";
	return "2";
}

/* userLocale and networkLocale, only when set (the phone's own defaults are US). */
static void locale(pp_xtree *t, const pp_settings *s)
{
	if (PP_SET(s->locale_user))
		pp_xt_val(t, pp_xt_open(t, t->root, "userLocale"), "name", &s->locale_user);
	pp_xt_val_if(t, t->root, "networkLocale", &s->locale_network);
}

static void vendor_config(pp_xtree *t, const pp_kvs *kvs)
{
	if (!kvs->n)
		return;
	pp_xnode *vc = pp_xt_open(t, t->root, "vendorConfig");
	for (size_t i = 0; i < kvs->n; i++)
		pp_xt_val_if(t, vc, kvs->items[i].key, &kvs->items[i].val);
}

/*
 * The built-in applications an 89xx/99xx lists under its Applications and
 * Contacts keys: without <phoneServices> it has no call history and no
 * directory.  The set, the order and provisioning 0 are provisioner.net's
 * sip99xx template's, as a CUCM-written file has them (NamoDev's 9971 has
 * provisioning 2, with the servicesURL this store does not model);
 * useHTTPS="false" is NamoDev's, and nothing here serves HTTPS.
 */
static void phone_services(pp_xtree *t)
{
	static const struct {
		const char *type, *name, *url;
	} services[] = {
	    {"1", "Missed Calls", "Application:Cisco/MissedCalls"},
	    {"2", "Voicemail", "Application:Cisco/Voicemail"},
	    {"1", "Received Calls", "Application:Cisco/ReceivedCalls"},
	    {"1", "Placed Calls", "Application:Cisco/PlacedCalls"},
	    {"1", "Personal Directory", "Application:Cisco/PersonalDirectory"},
	};

	pp_xnode *ps = pp_xt_open(t, t->root, "phoneServices");
	pp_xt_attr(t, ps, "useHTTPS", "false");
	pp_xt_text(t, ps, "provisioning", "0");
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		pp_xnode *n = pp_xt_open(t, ps, "phoneService");
		pp_xt_attr(t, n, "type", services[i].type);
		pp_xt_attr(t, n, "category", "0");
		pp_xt_text(t, n, "name", services[i].name);
		pp_xt_text(t, n, "url", services[i].url);
		pp_xt_text(t, n, "vendor", "");
		pp_xt_text(t, n, "version", "");
	}
}

void pp_sep_tree(const pp_phone *ph, pp_xtree *t)
{
	const pp_settings *s = &ph->s;
	int sip = !ph->sccp;

	pp_xt_init(t, "device");
	pp_xt_text(t, t->root, "fullConfig", "true");
	pp_xt_text(t, t->root, "deviceProtocol", sip ? "SIP" : "SCCP");
	pp_xnode *pool = pp_xt_open(t, t->root, "devicePool");
	date_time(t, pool, s, sip);
	pp_xml_cmgroup(t, pool, s, sip, 1);
	if (!sip)
		srst_info(t, pool);
	if (sip)
		sip_profile(t, s);
	const char *load = pp_settings_load(s, ph->model->name);
	if (load)
		pp_xt_text(t, t->root, "loadInformation", load);
	/* Beside loadInformation, as provisioner.net's sip99xx template has it. */
	pp_xt_val_if(t, t->root, "featurePolicyFile", &s->feature_policy_file);
	locale(t, s);
	vendor_config(t, &s->vendor_config);
	/* Top-level order does not matter (fidelity.md 6). */
	if (pp_model_phone_services(ph->model))
		phone_services(t);
	pp_xnode *stamp = pp_xt_text(t, t->root, "versionStamp", "");
	if (stamp)
		stamp->flags |= PP_XN_STAMP;
	/*
	 * The stamp digests the whole document (render_xml_tree.c), so where an
	 * element goes does not decide whether it counts; the xml entries' new
	 * top-level elements still go before it, so that files written before
	 * the stamp covered everything keep their order.
	 */
	t->before = stamp;
	pp_xt_text(t, t->root, "deviceSecurityMode", "1"); /* 1 = non-secure */
	if (sip)
		pp_xt_text(t, t->root, "transportLayerProtocol", transport(s));
}

int pp_render_sep_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	pp_xtree t;

	(void)st;
	if (ph->model->family != PP_FAMILY_XML)
		return PP_ENOTFOUND;
	pp_sep_tree(ph, &t);
	for (size_t i = 0; i < ph->s.xml.n; i++)
		pp_xml_apply(&t, &ph->s.xml.items[i], NULL);
	pp_xt_write(b, &t);
	pp_xt_free(&t);
	return b->oom ? PP_ENOMEM : PP_OK;
}
