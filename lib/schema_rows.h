/* SPDX-License-Identifier: MIT */
/*
 * The settings schema's rows: every setting a store level may carry, and
 * every field of a list element.  This list is the only place a setting is
 * written down; the types of a row's columns are in schema.h.
 *
 * Why an X-macro list of designated initialisers:
 * - a scalar setting is both a pp_val field of pp_settings (model.h) and a row
 *   of pp_settings_schema (schema.c).  Both are made from this one list, by
 *   including it with PP_SETTING defined to make a field, then a row, so they
 *   cannot disagree; a plain array would need the field written again;
 * - inside each row the columns are named (.maxlen = 64, .cnf = "sync"), so
 *   a row reads on its own and a column it does not need is left out (zero),
 *   where 11 positional columns had to be counted.
 *
 * The macros, each defined by whoever includes this file (the others are
 * empty):
 *   PP_SETTING(field, ...)  a scalar of pp_settings: a row of pp_settings_schema
 *   PP_ENTRY(...)           another row of pp_settings_schema (a list, a raw
 *                           group, mac, profile); its field, if any, is in model.h
 *   PP_LINE(field, ...), PP_FIRMWARE(field, ...), PP_DIALRULE(field, ...),
 *   PP_RING(field, ...)     a field of pp_line, pp_firmware, pp_dialrule, pp_ring
 *
 * The order of the settings rows is the order of the derived keys in a .cnf
 * and of generic SEP elements under one parent, and the README's order.  A
 * key with a dot is a member of a group: "proxy.port" is proxy = { port; }.
 * derive functions and the model list are schema.c's.
 *
 * Adding a scalar setting: a field of pp_settings with its row here (type,
 * limits, .cnf, .xml), then `make readme`.  Only a setting that a renderer
 * must treat specially needs code beyond this row.
 */
#ifndef PP_SETTING
#define PP_SETTING(field, ...)
#endif
#ifndef PP_ENTRY
#define PP_ENTRY(...)
#endif
#ifndef PP_LINE
#define PP_LINE(field, ...)
#endif
#ifndef PP_FIRMWARE
#define PP_FIRMWARE(field, ...)
#endif
#ifndef PP_DIALRULE
#define PP_DIALRULE(field, ...)
#endif
#ifndef PP_RING
#define PP_RING(field, ...)
#endif

/* ---- settings: defaults, a profile, a phone --------------------------------- */

PP_ENTRY(.key = "mac", .kind = PP_K_SPECIAL, .levels = PP_L_PHONE, .flags = PP_F_REQUIRED,
         .doc = "any of `00:1b:d4:12:34:56`, `00-1B-D4-12-34-56`, `001bd4123456`, "
                "`001B.D412.3456`",
         .lands = "the file names")
PP_SETTING(model, .key = "model", .type = PP_V_STR, .maxlen = 16,
           .levels = PP_L_PROFILE | PP_L_PHONE, .flags = PP_F_NOQUOTE | PP_F_REQUIRED,
           .doc_fn = pp_doc_models, .lands = "which files the phone gets")
PP_ENTRY(.key = "profile", .kind = PP_K_SPECIAL, .levels = PP_L_PHONE,
         .doc = "a name under `profiles`", .lands = "")
PP_SETTING(protocol, .key = "protocol", .type = PP_V_STR, .maxlen = 8, .choices = "sip sccp",
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .xml = "deviceProtocol",
           .doc = "`\"sip\"` or `\"sccp\"`; default sip; sccp only for the XML family")
PP_ENTRY(.key = "firmware", .kind = PP_K_LIST, .elem = pp_firmware_schema, .cnf = "image_version",
         .derive = derive_load, .xml = "loadInformation", .flags = PP_F_XML_OWN,
         .lands = "SIP*.cnf `image_version` (the phone's model; 7940's for `SIPDefault.cnf`); "
                  "SEP `loadInformation`; XMLDefault `loadInformation<id>`; `OS79XX.TXT` "
                  "(the 7940's load, else the 7960's, `P0S3-08-2-00` → `P003-08-2-00` for "
                  "7.x and later); a phone of the store gets its own next step in each "
                  "(Firmware journeys)")
PP_SETTING(proxy_address, .key = "proxy.address", .type = PP_V_STR, .maxlen = 255,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN | PP_F_XMLDEFAULT, .cnf = "proxy1_address",
           .xml = "devicePool/callManagerGroup/members/member/callManager/processNodeName",
           .doc = "host or IP")
PP_SETTING(proxy_port, .key = "proxy.port", .type = PP_V_INT, .min = 1, .max = 65535,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN | PP_F_XMLDEFAULT, .cnf = "proxy1_port",
           .xml = "devicePool/callManagerGroup/members/member/callManager/ports/sipPort",
           .note = " (5060 when unset)")
PP_SETTING(proxy_register, .key = "proxy.register", .type = PP_V_BOOL,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "proxy_register",
           .xml = "sipProfile/sipProxies/registerWithProxy", .note = " (true when unset)")
/* sipProxies' children before registerWithProxy, as CUCM writes them (fidelity.md section 1). */
PP_SETTING(proxy_backup, .key = "proxy.backup", .type = PP_V_STR, .maxlen = 255,
           .flags = PP_F_NOQUOTE, .cnf = "proxy_backup", .xml = "sipProfile/sipProxies/backupProxy",
           .doc = "host or IP", .note = "; the backup proxy")
PP_SETTING(proxy_backup_port, .key = "proxy.backup_port", .type = PP_V_INT, .min = 1, .max = 65535,
           .flags = PP_F_NOQUOTE, .cnf = "proxy_backup_port",
           .xml = "sipProfile/sipProxies/backupProxyPort")
PP_SETTING(proxy_outbound, .key = "proxy.outbound", .type = PP_V_STR, .maxlen = 255,
           .flags = PP_F_NOQUOTE, .cnf = "outbound_proxy",
           .xml = "sipProfile/sipProxies/outboundProxy", .doc = "host or IP",
           .note = "; every request goes through it (NAT)")
PP_SETTING(proxy_outbound_port, .key = "proxy.outbound_port", .type = PP_V_INT, .min = 1,
           .max = 65535, .flags = PP_F_NOQUOTE, .cnf = "outbound_proxy_port",
           .xml = "sipProfile/sipProxies/outboundProxyPort")
PP_SETTING(proxy_transport, .key = "proxy.transport", .type = PP_V_STR, .maxlen = 8,
           .choices = "udp tcp", .flags = PP_F_NOQUOTE | PP_F_XML_OWN,
           .xml = "transportLayerProtocol", .doc = "`\"udp\"` or `\"tcp\"`; default udp",
           .note = " (2 for udp, 1 for tcp; SIP only; the 79x0 has no such key)")
PP_SETTING(dial_template, .key = "dial_template", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "dial_template",
           .derive = derive_dial_template, .xml = "sipProfile/dialTemplate",
           .doc = "base name, default `\"dialplan\"`", .note = "; the dial plan's file name")
PP_ENTRY(.key = "dialplan", .kind = PP_K_LIST, .elem = pp_dialrule_schema,
         .lands = "`dialplan.xml`, from `defaults` (`TEMPLATE MATCH= Timeout= User= "
                  "Rewrite=`)")
PP_SETTING(ntp_server, .key = "ntp.server", .type = PP_V_STR, .maxlen = 255,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "sntp_server",
           .xml = "devicePool/dateTimeSetting/ntps/ntp/name",
           .lands = "SIP*.cnf `sntp_server`; SEP `ntps` (SIP only)")
PP_SETTING(ntp_mode, .key = "ntp.mode", .type = PP_V_STR, .maxlen = 32,
           .choices = "unicast multicast anycast directedbroadcast",
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "sntp_mode",
           .xml = "devicePool/dateTimeSetting/ntps/ntp/ntpMode",
           .note = " (spelt `Unicast`...; `Unicast` when unset)")
PP_SETTING(time_zone, .key = "time_zone", .type = PP_V_STR, .maxlen = 16,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "time_zone",
           .xml = "devicePool/dateTimeSetting/timeZone",
           .doc = "79x0 abbreviation (`GMT`, `CET`, `EST`...)",
           .note = ", mapped to the Windows-style name (`GMT Standard/Daylight Time`); `check` "
                   "rejects a zone an XML-family phone cannot use")
PP_SETTING(xml_time_zone, .key = "xml_time_zone", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_XML_OWN, .xml = "devicePool/dateTimeSetting/timeZone",
           .note = ", instead of the mapping")
PP_SETTING(time_format_24hr, .key = "time_format_24hr", .type = PP_V_BOOL, .flags = PP_F_NOQUOTE,
           .cnf = "time_format_24hr")
PP_SETTING(date_format, .key = "date_format", .type = PP_V_STR, .maxlen = 8,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "date_format",
           .xml = "devicePool/dateTimeSetting/dateTemplate", .doc = "`\"D/M/Y\"`, `\"M/D/Y\"`...")
PP_SETTING(messages_uri, .key = "messages_uri", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .cnf = "messages_uri",
           .xml = "sipProfile/sipLines/line/messagesNumber")
PP_SETTING(sync, .key = "sync", .type = PP_V_STR, .maxlen = 32, .flags = PP_F_NOQUOTE,
           .cnf = "sync",
           .note = "; `syncinfo.xml` `SYNC`. Unset: a 79x0 gets a digest of its own files, so "
                   "`check-sync` reboots only the phones whose files changed "
                   "([notify](#push-an-edit-to-the-phones-phoneprov-notify))")
PP_SETTING(nat_enable, .key = "nat.enable", .type = PP_V_BOOL, .flags = PP_F_NOQUOTE,
           .cnf = "nat_enable", .xml = "sipProfile/natEnabled")
PP_SETTING(nat_address, .key = "nat.address", .type = PP_V_STR, .maxlen = 255,
           .flags = PP_F_NOQUOTE, .cnf = "nat_address", .xml = "sipProfile/natAddress",
           .doc = "the public IP or DNS name")
PP_SETTING(label, .key = "label", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE,
           .cnf = "phone_label", .xml = "sipProfile/phoneLabel")
PP_SETTING(media_start_port, .key = "media.start_port", .type = PP_V_INT, .min = 1, .max = 65535,
           .flags = PP_F_NOQUOTE, .cnf = "start_media_port", .xml = "sipProfile/startMediaPort",
           .note = "; the first RTP port")
PP_SETTING(media_end_port, .key = "media.end_port", .type = PP_V_INT, .min = 1, .max = 65535,
           .flags = PP_F_NOQUOTE, .cnf = "end_media_port", .xml = "sipProfile/stopMediaPort",
           .note = "; the last RTP port")
PP_SETTING(media_voip_control_port, .key = "media.voip_control_port", .type = PP_V_INT, .min = 1,
           .max = 65535, .flags = PP_F_NOQUOTE, .cnf = "voip_control_port",
           .xml = "sipProfile/voipControlPort", .note = "; the phone's own SIP port")
PP_SETTING(locale_user, .key = "locale.user", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .xml = "userLocale/name",
           .doc = "e.g. `\"English_United_Kingdom\"`",
           .lands = "SEP `<userLocale><name>` (XML family only: the 79x0 .cnf has no such key)")
PP_SETTING(locale_network, .key = "locale.network", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN, .xml = "networkLocale",
           .doc = "e.g. `\"United_Kingdom\"`, the tones",
           .note = " (XML family only: the 79x0 .cnf has no such key)")
/* Files the 89xx/99xx fetch besides their own (NamoDev 9971.cnf.xml, provisioner sip99xx). */
PP_SETTING(softkey_file, .key = "softkey_file", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN | PP_F_FILENAME, .xml = "sipProfile/softKeyFile",
           .doc = "a file name in the TFTP root, e.g. `\"softkey.xml\"`",
           .lands = "SEP `softKeyFile`, the soft key layout (SIP only; the file comes from disk)")
PP_SETTING(feature_policy_file, .key = "feature_policy_file", .type = PP_V_STR, .maxlen = 64,
           .flags = PP_F_NOQUOTE | PP_F_XML_OWN | PP_F_FILENAME, .xml = "featurePolicyFile",
           .doc = "a file name in the TFTP root, e.g. `\"DefaultFP.xml\"`",
           .lands = "SEP `featurePolicyFile`, which features the phone offers (the file comes "
                    "from disk)")
PP_ENTRY(.key = "ringlist", .kind = PP_K_LIST, .elem = pp_ring_schema,
         .lands = "`RINGLIST.DAT` (`label<TAB>file`) and the XML family's `Ringlist.xml` "
                  "(`<Ring><DisplayName><FileName>`), from `defaults`")
PP_ENTRY(.key = "lines", .kind = PP_K_LIST, .elem = pp_line_schema, .xml = "sipProfile/sipLines",
         .flags = PP_F_XML_OWN,
         .lands = "per-phone files only (each field below): SIP<MAC>.cnf `lineN_...`; SEP "
                  "`sipLines`, a `<line button=\"N\">` each. A line option left unset is not "
                  "written: the "
                  "phone keeps its own")
PP_ENTRY(.key = "cnf", .kind = PP_K_RAW, .doc = "group of raw `key = value`",
         .lands = "SIP*.cnf as `key: value`, winning over a derived key (`check` warns about "
                  "the shadowing); keys `[a-z0-9_]+`")
PP_ENTRY(.key = "vendor_config", .kind = PP_K_RAW, .doc = "group of raw `element = value`",
         .lands = "SEP `<vendorConfig>` children")
PP_ENTRY(.key = "xml", .kind = PP_K_RAW,
         .doc = "list of `{ path; value; }`, merged by path; at most 128 in a level",
         .lands = "SEP: the element at `path` under `<device>` (`\"sipProfile/natEnabled\"`; "
                  "`line[2]` is the second `line` there) gets `value` as its text (escaped): "
                  "an element phoneprov derives there keeps its place and loses its content "
                  "to it, with no duplicate (`check` warns about the shadowing); one that is "
                  "not there is added after its siblings, with any parents it needs. A path: up to "
                  "16 element names (a letter or "
                  "`_`, then letters, digits, `_ - .`), each with an optional `[N]`, 1-32, "
                  "≤ 255 bytes; a value: a string (≤ 255), a whole number or true/false. Not "
                  "in `XMLDefault.cnf.xml` nor a 79x0's files")

/* ---- list elements -------------------------------------------------------- */

PP_FIRMWARE(model, .key = "model", .type = PP_V_STR, .maxlen = 16,
            .flags = PP_F_NOQUOTE | PP_F_REQUIRED)
PP_FIRMWARE(load, .key = "load", .type = PP_V_STR, .maxlen = 64,
            .flags = PP_F_NOQUOTE | PP_F_REQUIRED)
/* A list of load names, read by level.c; the row lets the key be found and documented. */
PP_FIRMWARE(via, .key = "via", .kind = PP_K_SPECIAL)

PP_DIALRULE(match, .key = "match", .type = PP_V_STR, .maxlen = 64,
            .flags = PP_F_NOQUOTE | PP_F_REQUIRED)
PP_DIALRULE(timeout, .key = "timeout", .type = PP_V_INT, .min = 0, .max = 300,
            .flags = PP_F_NOQUOTE)
PP_DIALRULE(user, .key = "user", .type = PP_V_STR, .maxlen = 8, .choices = "phone ip",
            .flags = PP_F_NOQUOTE)
PP_DIALRULE(rewrite, .key = "rewrite", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE)

PP_RING(label, .key = "label", .type = PP_V_STR, .maxlen = 25,
        .flags = PP_F_NOQUOTE | PP_F_REQUIRED)
PP_RING(file, .key = "file", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE | PP_F_REQUIRED)

/* In a line's order in SIP<MAC>.cnf; SEP's <line> has its own (render_sep.c). */
PP_LINE(name, .key = "name", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE | PP_F_REQUIRED,
        .unless = "pjsip", .cnf = "line%u_name", .xml = "name")
PP_LINE(pjsip, .key = "pjsip", .type = PP_V_STR, .maxlen = 80,
        .doc = "string, ≤ 80: an endpoint (or wizard) in Asterisk's `asterisk.pjsip` files",
        .lands = "fills the line's `name` (the endpoint), `auth` and `password` (its auth's "
                 "`username` and `password`) and `display` (its `callerid`'s name), each "
                 "unless the line sets it")
PP_LINE(auth, .key = "auth", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE,
        .cnf = "line%u_authname", .xml = "authName")
PP_LINE(password, .key = "password", .type = PP_V_STR, .maxlen = 64,
        .flags = PP_F_NOQUOTE | PP_F_XMLQUOTE | PP_F_SECRET, .cnf = "line%u_password",
        .xml = "authPassword",
        .doc = "string, ≤ 64; `\"` only where no 79x0 gets it (XML escapes it)")
PP_LINE(shortname, .key = "short", .type = PP_V_STR, .maxlen = 32, .flags = PP_F_NOQUOTE,
        .cnf = "line%u_shortname", .xml = "featureLabel")
PP_LINE(display, .key = "display", .type = PP_V_STR, .maxlen = 64, .flags = PP_F_NOQUOTE,
        .cnf = "line%u_displayname", .xml = "displayName")
PP_LINE(proxy, .key = "proxy", .type = PP_V_STR, .maxlen = 255, .flags = PP_F_NOQUOTE,
        .cnf = "proxy%u_address", .xml = "proxy")
PP_LINE(port, .key = "port", .type = PP_V_INT, .min = 1, .max = 65535, .flags = PP_F_NOQUOTE,
        .cnf = "proxy%u_port", .xml = "port")
/*
 * The line options (issue 13).  Unset, none is written: the phone keeps its own.
 * Elements as wazo-provd's cisco-sip base.tpl writes them inside <line>; the
 * 79x0 keys from Cisco's SIP admin guide (cisco-formats.md section 2).
 */
PP_LINE(auto_answer, .key = "auto_answer", .type = PP_V_BOOL, .flags = PP_F_CNF_MASK,
        .cnf = "auto_answer", .xml = "autoAnswer/autoAnswerEnabled",
        .lands = "SIP<MAC>.cnf `auto_answer`, one bit per line (line 1 is bit 0); SEP "
                 "`<autoAnswer><autoAnswerEnabled>` 1 or 0")
PP_LINE(call_waiting, .key = "call_waiting", .type = PP_V_BOOL, .flags = PP_F_CNF_FIRST,
        .cnf = "call_waiting", .xml = "callWaiting",
        .lands = "SIP<MAC>.cnf `call_waiting` 1 or 0, one for the whole phone: the first line "
                 "that sets it (`check` warns when a 79x0's lines disagree); SEP `callWaiting` "
                 "1 or 0")
PP_LINE(mwi, .key = "mwi", .type = PP_V_INT, .min = 0, .max = 5, .xml = "messageWaitingLampPolicy",
        .doc = "0-5, written as is (wazo-provd writes 1, provisioner.net 3)",
        .note = " (XML family only: the 79x0 .cnf has no such key)")
PP_LINE(contact, .key = "contact", .type = PP_V_STR, .maxlen = 64, .xml = "contact",
        .doc = "string, ≤ 64 (wazo-provd writes the line's number)",
        .note = " (XML family only: the 79x0 .cnf has no such key)")
PP_LINE(ring_idle, .key = "ring.idle", .type = PP_V_INT, .min = 0, .max = 5,
        .xml = "ringSettingIdle", .doc = "0-5, written as is (wazo-provd writes 4)",
        .note = " (XML family only: the 79x0 .cnf has no such key)")
PP_LINE(ring_active, .key = "ring.active", .type = PP_V_INT, .min = 0, .max = 5,
        .xml = "ringSettingActive",
        .doc = "0-5, written as is (wazo-provd writes 5); while another call is up",
        .note = " (XML family only: the 79x0 .cnf has no such key)")
PP_LINE(max_calls, .key = "max_calls", .type = PP_V_INT, .min = 1, .max = 16, .xml = "maxNumCalls",
        .doc = "1-16 (wazo-provd writes 5)",
        .note = " (XML family only: the 79x0 .cnf has no such key)")
PP_LINE(busy_trigger, .key = "busy_trigger", .type = PP_V_INT, .min = 1, .max = 16,
        .xml = "busyTrigger",
        .doc = "1-16, at most `max_calls` (wazo-provd writes 5); calls after which a new one "
               "gets busy",
        .note = " (XML family only: the 79x0 .cnf has no such key)")

#undef PP_SETTING
#undef PP_ENTRY
#undef PP_LINE
#undef PP_FIRMWARE
#undef PP_DIALRULE
#undef PP_RING
