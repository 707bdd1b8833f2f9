/* SPDX-License-Identifier: MIT */
/*
 * SEP<MAC>.cnf.xml for the XML family (79x1/79x2/79x5/797x/89xx/99xx), SIP
 * or SCCP.  The element set is the union of working configs in the research
 * (cisco-formats.md §4), cut down to what the store models.
 */
#include "render_format.h"
#include "render_xml.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static const pp_val port_5060 = {.type = PP_V_INT, .i = 5060};

/* CUCM's spelling of the 79x0 sntp_mode values. */
static void ntp_mode(pp_sbuf *b, const pp_val *mode)
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
	if (!PP_SET(*mode) || mode->type != PP_V_STR) {
		pp_sbuf_puts(b, "Unicast");
		return;
	}
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcasecmp(mode->s, modes[i].cnf) == 0) {
			pp_sbuf_puts(b, modes[i].xml);
			return;
		}
	}
	pp_sbuf_xml(b, mode->s);
}

static const char *time_zone(const pp_settings *s)
{
	if (PP_SET(s->xml_time_zone) && s->xml_time_zone.type == PP_V_STR)
		return s->xml_time_zone.s;
	if (PP_SET(s->time_zone) && s->time_zone.type == PP_V_STR)
		return pp_tz_xml(s->time_zone.s);
	return NULL;
}

static void date_time(pp_sbuf *b, const pp_settings *s, int sip)
{
	const char *tz = time_zone(s);
	int ntp = sip && PP_SET(s->ntp_server);

	if (!PP_SET(s->date_format) && !tz && !ntp)
		return;
	pp_xml_open(b, 2, "dateTimeSetting");
	if (PP_SET(s->date_format))
		pp_xml_elem(b, 3, "dateTemplate", &s->date_format);
	if (tz)
		pp_xml_text(b, 3, "timeZone", tz);
	if (ntp) {
		pp_xml_open(b, 3, "ntps");
		pp_xml_open(b, 4, "ntp");
		pp_xml_elem(b, 5, "name", &s->ntp_server);
		pp_xml_indent(b, 5);
		pp_sbuf_puts(b, "<ntpMode>");
		ntp_mode(b, &s->ntp_mode);
		pp_sbuf_puts(b, "</ntpMode>\n");
		pp_xml_close(b, 4, "ntp");
		pp_xml_close(b, 3, "ntps");
	}
	pp_xml_close(b, 2, "dateTimeSetting");
}

/*
 * SCCP: no SRST, as wazo's SCCP base.tpl and chan-sccp have it.  An SRST
 * reference is a Cisco router that takes over when the call manager is
 * gone; an Asterisk or chan-sccp site has none for a phone to fall back
 * to.  Where wazo puts it: in devicePool, after callManagerGroup.
 */
static void srst_info(pp_sbuf *b)
{
	pp_xml_open(b, 2, "srstInfo");
	pp_xml_text(b, 3, "srstOption", "Disable");
	pp_xml_close(b, 2, "srstInfo");
}

static void elem_if(pp_sbuf *b, int depth, const char *tag, const pp_val *v)
{
	if (PP_SET(*v))
		pp_xml_elem(b, depth, tag, v);
}

static const pp_val *line_port(const pp_settings *s, const pp_line *ln)
{
	if (PP_SET(ln->port))
		return &ln->port;
	return PP_SET(s->proxy_port) ? &s->proxy_port : &port_5060;
}

/* autoAnswerEnabled and callWaiting are numbers, 1 or 0, as the 79x0's keys are. */
static void num_if(pp_sbuf *b, int depth, const char *tag, const pp_val *v)
{
	if (PP_SET(*v))
		pp_xml_text(b, depth, tag, v->i ? "1" : "0");
}

/*
 * The line options in wazo-provd's order (cisco-sip base.tpl): autoAnswer and
 * callWaiting after displayName, messageWaitingLampPolicy before
 * messagesNumber (so provisioner.net too), the rest after it.
 */
static void sip_line(pp_sbuf *b, const pp_settings *s, const pp_line *ln, size_t button)
{
	pp_xml_indent(b, 3);
	pp_sbuf_printf(b, "<line button=\"%zu\">\n", button);
	pp_xml_text(b, 4, "featureID", "9"); /* 9 = line appearance */
	elem_if(b, 4, "featureLabel", PP_SET(ln->shortname) ? &ln->shortname : &ln->name);
	/* USECALLMANAGER: register with the callManagerGroup's processNodeName. */
	if (PP_SET(ln->proxy))
		pp_xml_elem(b, 4, "proxy", &ln->proxy);
	else
		pp_xml_text(b, 4, "proxy", "USECALLMANAGER");
	pp_xml_elem(b, 4, "port", line_port(s, ln));
	elem_if(b, 4, "name", &ln->name);
	elem_if(b, 4, "displayName", &ln->display);
	if (PP_SET(ln->auto_answer)) {
		pp_xml_open(b, 4, "autoAnswer");
		num_if(b, 5, "autoAnswerEnabled", &ln->auto_answer);
		pp_xml_close(b, 4, "autoAnswer");
	}
	num_if(b, 4, "callWaiting", &ln->call_waiting);
	elem_if(b, 4, "authName", &ln->auth);
	elem_if(b, 4, "authPassword", &ln->password);
	elem_if(b, 4, "messageWaitingLampPolicy", &ln->mwi);
	elem_if(b, 4, "messagesNumber", &s->messages_uri);
	elem_if(b, 4, "ringSettingIdle", &ln->ring_idle);
	elem_if(b, 4, "ringSettingActive", &ln->ring_active);
	elem_if(b, 4, "contact", &ln->contact);
	elem_if(b, 4, "maxNumCalls", &ln->max_calls);
	elem_if(b, 4, "busyTrigger", &ln->busy_trigger);
	pp_xml_close(b, 3, "line");
}

static void sip_profile(pp_sbuf *b, const pp_settings *s)
{
	pp_xml_open(b, 1, "sipProfile");
	pp_xml_open(b, 2, "sipProxies");
	pp_xml_settings(b, 3, s, "sipProfile/sipProxies"); /* backupProxy, outboundProxy ... */
	pp_xml_text(b, 3, "registerWithProxy",
	            !PP_SET(s->proxy_register) || s->proxy_register.i ? "true" : "false");
	pp_xml_close(b, 2, "sipProxies");
	pp_xml_settings(b, 2, s, "sipProfile"); /* phoneLabel ... */
	pp_xml_open(b, 2, "sipLines");
	for (size_t i = 0; i < s->lines.n; i++)
		sip_line(b, s, &s->lines.items[i], i + 1);
	pp_xml_close(b, 2, "sipLines");
	if (PP_SET(s->dial_template) || s->dialplan.set) {
		pp_xml_indent(b, 2);
		pp_sbuf_puts(b, "<dialTemplate>");
		pp_sbuf_xml(b, pp_dial_template(s));
		pp_sbuf_puts(b, ".xml</dialTemplate>\n");
	}
	/* Last, after dialTemplate, where both 9971 references put it. */
	elem_if(b, 2, "softKeyFile", &s->softkey_file);
	pp_xml_close(b, 1, "sipProfile");
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
static void locale(pp_sbuf *b, const pp_settings *s)
{
	if (PP_SET(s->locale_user)) {
		pp_xml_open(b, 1, "userLocale");
		pp_xml_elem(b, 2, "name", &s->locale_user);
		pp_xml_close(b, 1, "userLocale");
	}
	elem_if(b, 1, "networkLocale", &s->locale_network);
}

static void vendor_config(pp_sbuf *b, const pp_kvs *kvs)
{
	if (!kvs->n)
		return;
	pp_xml_open(b, 1, "vendorConfig");
	for (size_t i = 0; i < kvs->n; i++)
		elem_if(b, 2, kvs->items[i].key, &kvs->items[i].val);
	pp_xml_close(b, 1, "vendorConfig");
}

/*
 * The built-in applications an 89xx/99xx lists under its Applications and
 * Contacts keys: without <phoneServices> it has no call history and no
 * directory.  The set, the order and provisioning 0 are provisioner.net's
 * sip99xx template's, as a CUCM-written file has them (NamoDev's 9971 has
 * provisioning 2, with the servicesURL this store does not model);
 * useHTTPS="false" is NamoDev's, and nothing here serves HTTPS.
 */
static void phone_services(pp_sbuf *b)
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

	pp_xml_indent(b, 1);
	pp_sbuf_puts(b, "<phoneServices useHTTPS=\"false\">\n");
	pp_xml_text(b, 2, "provisioning", "0");
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		pp_xml_indent(b, 2);
		pp_sbuf_printf(b, "<phoneService type=\"%s\" category=\"0\">\n", services[i].type);
		pp_xml_text(b, 3, "name", services[i].name);
		pp_xml_text(b, 3, "url", services[i].url);
		pp_xml_text(b, 3, "vendor", "");
		pp_xml_text(b, 3, "version", "");
		pp_xml_close(b, 2, "phoneService");
	}
	pp_xml_close(b, 1, "phoneServices");
}

/*
 * FNV-1a 64 of everything before the stamp: phones compare versionStamp to
 * decide whether the config changed, so it must change with the content and
 * nothing else (no clock, no counter).
 */
static void version_stamp(pp_sbuf *b, size_t start)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	if (b->oom)
		return;
	for (size_t i = start; i < b->len; i++) {
		h ^= (unsigned char)b->data[i];
		h *= 0x100000001b3ULL;
	}
	pp_xml_indent(b, 1);
	pp_sbuf_printf(b, "<versionStamp>%016llx</versionStamp>\n", (unsigned long long)h);
}

int pp_render_sep_mac(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	const pp_settings *s = &ph->s;
	int sip = !ph->sccp;
	size_t start = b->len;

	(void)st;
	if (ph->model->family != PP_FAMILY_XML)
		return PP_ENOTFOUND;

	pp_sbuf_puts(b, PP_XML_DECL);
	pp_sbuf_puts(b, "<device>\n");
	pp_xml_text(b, 1, "fullConfig", "true");
	pp_xml_text(b, 1, "deviceProtocol", sip ? "SIP" : "SCCP");
	pp_xml_open(b, 1, "devicePool");
	date_time(b, s, sip);
	pp_xml_cmgroup(b, 2, s, sip, 1);
	if (!sip)
		srst_info(b);
	pp_xml_close(b, 1, "devicePool");
	if (sip)
		sip_profile(b, s);
	const char *load = pp_settings_load(s, ph->model->name);
	if (load)
		pp_xml_text(b, 1, "loadInformation", load);
	/* Beside loadInformation, as provisioner.net's sip99xx template has it. */
	elem_if(b, 1, "featurePolicyFile", &s->feature_policy_file);
	/* Before the stamp, so that a new locale changes it. */
	locale(b, s);
	vendor_config(b, &s->vendor_config);
	/* Top-level order does not matter (fidelity.md 6); before the stamp, which covers it. */
	if (pp_model_phone_services(ph->model))
		phone_services(b);
	version_stamp(b, start);
	pp_xml_text(b, 1, "deviceSecurityMode", "1"); /* 1 = non-secure */
	if (sip)
		pp_xml_text(b, 1, "transportLayerProtocol", transport(s));
	pp_sbuf_puts(b, "</device>\n");
	return b->oom ? PP_ENOMEM : PP_OK;
}
