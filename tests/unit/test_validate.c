/* SPDX-License-Identifier: MIT */
/*
 * Store validation: every problem is reported once, as FILE:LINE: message,
 * at the line of the setting a user has to edit.  Each case below is a store
 * written into a fresh temporary folder; the expected line is the line of a
 * marker in that text, so the cases stay right when they are edited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "phoneprov.h"

/* A phone that is valid on its own: the cases add one bad setting to it. */
#define GOOD_HEAD "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
#define LINE1     "lines = ( { name = \"100\"; password = \"secret\"; } );"
#define PROXY     "proxy = { address = \"192.0.2.10\"; };"
#define PHONE(mac, model, extra)                                                                   \
	"  { mac = \"" mac "\"; model = \"" model "\";\n    " PROXY "\n    " LINE1 "\n" extra "  " \
	"}"

/* A 7942 (or model) whose one line carries opt, on a line of its own. */
#define OPT_STORE(model, opt)                                                                      \
	GOOD_HEAD "phones = (\n  { mac = \"001bd4000002\"; model = \"" model "\";\n    " PROXY     \
	          "\n    lines = ( { name = \"100\"; password = \"s\";\n      " opt                \
	          "\n    } );\n  }\n);\n"

typedef struct vcase {
	const char *name;
	const char *text;
	int rc;               /* what pp_store_load returns */
	enum pp_severity sev; /* the diagnostic looked for */
	const char *marker;   /* ...is on the line holding this text */
	const char *msg;      /* ...and its message holds this */
	const char *msg2;     /* ...and this, when not NULL */
	const char *not_msg;  /* no diagnostic holds this, when not NULL */
} vcase;

#define KNOWN_MODELS                                                                               \
	"known: 7906, 7911, 7940, 7941, 7941G-GE, 7942, 7945, 7960, 7961, 7961G-GE, 7962, 7965, "  \
	"7970, 7971, 7975, 8941, 8945, 8961, 9951, 9971"

static const vcase cases[] = {
    /* ---- syntax ---- */
    {"syntax error", "version = 1;\ndefaults = {\n  proxy = { address = ; };  # here\n};\n",
     PP_ESYNTAX, PP_ERROR, "# here", "syntax error", NULL, NULL},
    {"syntax error: two values",
     "version = 1;\ndefaults = {\n  label = \"x\";\n  proxy = { port = 5060 5061; };  # here\n"
     "};\n",
     PP_ESYNTAX, PP_ERROR, "# here", "syntax error", NULL, NULL},
    {"syntax error: not libconfig at all", "\n\n<?xml version=\"1.0\"?>\n<device/>\n", PP_ESYNTAX,
     PP_ERROR, "<?xml", "syntax error", NULL, NULL},

    /* ---- unknown keys ---- */
    {"unknown top-level key, did you mean", GOOD_HEAD "phone = ( );\n", PP_EINVALID, PP_ERROR,
     "phone =", "unknown key 'phone' in the store", "(did you mean 'phones'?)", NULL},
    {"unknown top-level key, misspelt version", "versoin = 1;\n", PP_EINVALID, PP_ERROR, "versoin",
     "unknown key 'versoin'", "did you mean 'version'?", NULL},
    {"unknown top-level key, nothing close", GOOD_HEAD "frobnicate = 1;\n", PP_EINVALID, PP_ERROR,
     "frobnicate", "unknown key 'frobnicate' in the store", NULL, "did you mean"},
    {"unknown key in defaults",
     GOOD_HEAD "defaults = {\n  time_format_24hr = true;\n  time_zon = \"GMT\";\n};\n", PP_EINVALID,
     PP_ERROR, "time_zon ", "unknown key 'time_zon' in defaults", "(did you mean 'time_zone'?)",
     NULL},
    {"unknown key in a profile",
     GOOD_HEAD "profiles = {\n  office = {\n    lable = \"x\";\n  };\n};\n", PP_EINVALID, PP_ERROR,
     "lable", "unknown key 'lable' in a profile", "(did you mean 'label'?)", NULL},
    {"unknown key in a phone",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7940", "    protocl = \"sip\";\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "protocl", "unknown key 'protocl' in a phone",
     "(did you mean 'protocol'?)", NULL},
    {"unknown key in proxy", GOOD_HEAD "defaults = {\n  proxy = {\n    adress = \"x\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "adress", "unknown key 'adress'", "(did you mean 'address'?)", NULL},
    {"unknown key in ntp", GOOD_HEAD "defaults = {\n  ntp = { sever = \"x\"; };\n};\n", PP_EINVALID,
     PP_ERROR, "sever", "unknown key 'sever'", "(did you mean 'server'?)", NULL},
    {"unknown key in a line",
     GOOD_HEAD
     "defaults = {\n  lines = (\n    { name = \"1\";\n      passwrd = \"x\"; }\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "passwrd", "unknown key 'passwrd'", "(did you mean 'password'?)", NULL},
    {"unknown key in firmware",
     GOOD_HEAD "defaults = {\n  firmware = (\n    { model = \"7940\"; lod = \"P0S3-08-2-00\"; }\n"
               "  );\n};\n",
     PP_EINVALID, PP_ERROR, "lod", "unknown key 'lod'", "(did you mean 'load'?)", NULL},
    {"unknown key in dialplan",
     GOOD_HEAD
     "defaults = {\n  dialplan = (\n    { match = \"*\";\n      timout = 5; }\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "timout", "unknown key 'timout'", "(did you mean 'timeout'?)", NULL},
    {"unknown key in ringlist",
     GOOD_HEAD "defaults = {\n  ringlist = ( { lable = \"CTU\"; file = \"CTU.raw\"; } );\n};\n",
     PP_EINVALID, PP_ERROR, "lable", "unknown key 'lable'", "(did you mean 'label'?)", NULL},
    {"unknown key in security", "version = 1;\nsecurity = {\n  mac_bindng = \"off\";\n};\n",
     PP_EINVALID, PP_ERROR, "mac_bindng", "unknown key 'mac_bindng' in security",
     "(did you mean 'mac_binding'?)", NULL},
    {"unknown key in tftp", "version = 1;\ntftp = {\n  rot = \"/srv/tftp\";\n};\n", PP_EINVALID,
     PP_ERROR, "rot", "unknown key 'rot' in tftp", "(did you mean 'root'?)", NULL},
    {"model in defaults is not allowed", GOOD_HEAD "defaults = {\n  model = \"7940\";\n};\n",
     PP_EINVALID, PP_ERROR, "model", "defaults.model is not allowed in defaults", NULL, NULL},
    {"mac in a profile is not allowed",
     GOOD_HEAD "profiles = { p = {\n  mac = \"001bd4123456\"; }; };\n", PP_EINVALID, PP_ERROR,
     "mac =", "is not allowed in a profile", NULL, NULL},

    /* ---- MACs ---- */
    {"duplicate MAC names both lines",
     GOOD_HEAD "phones = (\n" PHONE("00:1b:d4:12:34:56", "7940",
                                    "") ",\n"
                                        "  { model = \"7940\"; " PROXY
                                        "\n    mac = \"001B.D412.3456\"; # second\n    " LINE1
                                        " }\n);\n",
     PP_EINVALID, PP_ERROR, "# second", "duplicate MAC 001BD4123456", "store.conf:4)", NULL},
    {"bad MAC",
     GOOD_HEAD "phones = (\n  { model = \"7940\";\n    mac = \"00:1b:d4:12:34\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "mac =", "phones[0].mac is not a MAC address",
     "00:1b:d4:12:34:56, 00-1B-D4-12-34-56, 001bd4123456 or 001B.D412.3456", NULL},
    {"MAC with mixed separators",
     GOOD_HEAD "phones = (\n  { model = \"7940\";\n    mac = \"00:1b:d4-12:34:56\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "mac =", "is not a MAC address", NULL, NULL},
    {"MAC that is a number", GOOD_HEAD "phones = (\n  { model = \"7940\";\n    mac = 1234; }\n);\n",
     PP_EINVALID, PP_ERROR, "mac =", "is not a MAC address", NULL, NULL},
    {"multicast MAC",
     GOOD_HEAD "phones = (\n  { model = \"7940\";\n    mac = \"01:00:5e:00:00:01\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "mac =", "01005E000001 is not a phone's address", NULL, NULL},
    {"all-zero MAC",
     GOOD_HEAD "phones = (\n  { model = \"7940\";\n    mac = \"000000000000\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "mac =", "(all zero or multicast)", NULL, NULL},
    {"phone without a MAC", GOOD_HEAD "phones = (\n  { model = \"7940\"; label = \"x\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "{ model", "has no mac", NULL, NULL},

    /* ---- models ---- */
    {"unknown model lists the known ones",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\";\n    model = \"7950\";\n    " PROXY
               "\n    " LINE1 " }\n);\n",
     PP_EINVALID, PP_ERROR, "7950", "unknown model '7950'", KNOWN_MODELS, NULL},
    {"unknown model from a profile, at the profile's line",
     GOOD_HEAD "profiles = {\n  odd = {\n    model = \"7999\";\n  };\n};\n"
               "phones = (\n  { mac = \"001bd4123456\"; profile = \"odd\"; " PROXY " " LINE1
               " }\n);\n",
     PP_EINVALID, PP_ERROR, "7999", "unknown model '7999'", KNOWN_MODELS, NULL},
    {"unknown model in firmware",
     GOOD_HEAD "defaults = {\n  firmware = (\n    { model = \"7940\"; load = \"P0S3-08-2-00\"; },\n"
               "    { model = \"7950\"; load = \"x\"; }\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "7950", "unknown model '7950' in firmware", KNOWN_MODELS, NULL},
    {"firmware for one model twice",
     GOOD_HEAD "defaults = {\n  firmware = (\n    { model = \"7940\"; load = \"a\"; },\n"
               "    { model = \"7940\"; load = \"b\"; }  # twice\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "# twice", "firmware for model 7940 is given twice", "store.conf:5)",
     NULL},
    {"firmware load with a slash",
     GOOD_HEAD
     "defaults = {\n  firmware = (\n    { model = \"7940\";\n      load = \"../P0S3\"; }\n"
     "  );\n};\n",
     PP_EINVALID, PP_ERROR, "../P0S3", "firmware load '../P0S3' must be a file base name", NULL,
     NULL},
    {"firmware without a load",
     GOOD_HEAD "defaults = {\n  firmware = (\n    { model = \"7940\"; }\n  );\n};\n", PP_EINVALID,
     PP_ERROR, "{ model", "has no load", NULL, NULL},
    {"phone without a model",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; " PROXY " " LINE1 " }\n);\n", PP_EINVALID,
     PP_ERROR, "{ mac = \"001bd4123456\"", "phone 001BD4123456 has no model", KNOWN_MODELS, NULL},

    /* ---- profiles ---- */
    {"unknown profile, did you mean",
     GOOD_HEAD "profiles = { office = { label = \"x\"; }; };\nphones = (\n"
               "  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY " " LINE1 "\n"
               "    profile = \"ofice\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "ofice", "unknown profile 'ofice'", "(did you mean 'office'?)", NULL},
    {"unknown profile, nothing close",
     GOOD_HEAD "profiles = { office = { label = \"x\"; }; };\nphones = (\n"
               "  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY " " LINE1 "\n"
               "    profile = \"warehouse\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "warehouse", "unknown profile 'warehouse'", NULL, "did you mean"},
    {"unknown profile, no profiles at all",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY " " LINE1 "\n"
               "    profile = \"office\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "profile =", "unknown profile 'office'", "has no profiles", NULL},
    {"profile that is not a string",
     GOOD_HEAD "profiles = { office = { label = \"x\"; }; };\nphones = (\n"
               "  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY " " LINE1 "\n"
               "    profile = 1; }\n);\n",
     PP_EINVALID, PP_ERROR, "profile = 1", "profile must be a profile's name", NULL, NULL},

    /* ---- lines ---- */
    {"line without a password is a warning",
     GOOD_HEAD
     "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY "\n"
     "    lines = (\n      { name = \"100\"; auth = \"100\"; }  # no password\n    );\n  }\n);\n",
     PP_OK, PP_WARNING, "# no password", "line 1 ('100') has no password", NULL, NULL},
    {"line without a name",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY "\n"
               "    lines = (\n      { password = \"x\"; }  # no name\n    );\n  }\n);\n",
     PP_EINVALID, PP_ERROR, "# no name", "has no name", NULL, NULL},
    {"phone without lines is a warning",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY " }\n);\n", PP_OK,
     PP_WARNING, "{ mac = \"001bd4123456\"", "has no lines", "No Valid Line Names Provisioned",
     NULL},
    {"SIP phone without a proxy is a warning",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " LINE1 " }\n);\n", PP_OK,
     PP_WARNING, "{ mac = \"001bd4123456\"", "has no proxy.address", NULL, NULL},
    {"too many lines for a 7940",
     GOOD_HEAD
     "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; " PROXY "\n"
     "    lines = (  # three\n      { name = \"1\"; password = \"a\"; },\n"
     "      { name = \"2\"; password = \"b\"; },\n      { name = \"3\"; password = \"c\"; }\n"
     "    );\n  }\n);\n",
     PP_EINVALID, PP_ERROR, "# three", "a 7940 has 2 line keys; 3 lines are given", "001BD4123456",
     NULL},
    {"too many lines for a 7960",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4123456\"; model = \"7960\"; " PROXY "\n"
               "    lines = (  # seven\n"
               "      { name = \"1\"; password = \"a\"; }, { name = \"2\"; password = \"b\"; },\n"
               "      { name = \"3\"; password = \"c\"; }, { name = \"4\"; password = \"d\"; },\n"
               "      { name = \"5\"; password = \"e\"; }, { name = \"6\"; password = \"f\"; },\n"
               "      { name = \"7\"; password = \"g\"; }\n    );\n  }\n);\n",
     PP_EINVALID, PP_ERROR, "# seven", "a 7960 has 6 line keys; 7 lines are given", NULL, NULL},
    {"too many lines from a profile, at the profile's line",
     GOOD_HEAD
     "profiles = {\n  two = {\n    lines = ( { name = \"1\"; password = \"a\"; },\n"
     "              { name = \"2\"; password = \"b\"; }, { name = \"3\"; password = \"c\"; } );\n"
     "  };\n};\n"
     "phones = (\n  { mac = \"001bd4123456\"; model = \"7940\"; profile = \"two\"; " PROXY
     " }\n);\n",
     PP_EINVALID, PP_ERROR, "lines = (", "a 7940 has 2 line keys; 3 lines", NULL, NULL},

    /* ---- protocol, time zone ---- */
    {"7940 on SCCP",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7940", "    protocol = \"sccp\";\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "sccp", "a 7940 must run SIP firmware here",
     "protocol = \"sccp\" is for the XML family", NULL},
    {"7960 on SCCP",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7960", "    protocol = \"SCCP\";\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "SCCP", "a 7960 must run SIP firmware here", NULL, NULL},
    {"7940 on SCCP from defaults, at the defaults' line",
     GOOD_HEAD "defaults = {\n  protocol = \"sccp\";\n};\n"
               "phones = (\n" PHONE("001bd4123456", "7940", "") "\n);\n",
     PP_EINVALID, PP_ERROR, "sccp", "a 7940 must run SIP firmware here", NULL, NULL},
    {"unknown protocol",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7941", "    protocol = \"h323\";\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "h323", "protocol is 'h323'; expected one of: sip, sccp", NULL, NULL},
    {"time zone an XML phone cannot use",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7961", "    time_zone = \"XYZ\";\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "XYZ", "time_zone 'XYZ' has no name the 7961 (XML family)",
     "or set xml_time_zone", NULL},
    {"time zone from defaults an XML phone cannot use",
     GOOD_HEAD "defaults = {\n  time_zone = \"BST\";\n};\n"
               "phones = (\n" PHONE("001bd4123456", "7942", "") "\n);\n",
     PP_EINVALID, PP_ERROR, "BST", "time_zone 'BST' has no name the 7942", "GMT, UTC", NULL},
    {"time zone with xml_time_zone is accepted",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7961",
                                    "    time_zone = \"XYZ\";\n"
                                    "    xml_time_zone = \"Custom Standard Time\";\n") "\n);\n",
     PP_OK, 0, NULL, NULL, NULL, "time_zone"},
    {"time zone a 7940 can use is not checked against the XML table",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7940", "    time_zone = \"XYZ\";\n") "\n);\n",
     PP_OK, 0, NULL, NULL, NULL, "time_zone"},
    {"time zone is matched case-insensitively",
     GOOD_HEAD "phones = (\n" PHONE("001bd4123456", "7961", "    time_zone = \"cet\";\n") "\n);\n",
     PP_OK, 0, NULL, NULL, NULL, "time_zone"},

    /* ---- values that would break a .cnf ---- */
    {"newline escape in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = \"http://x/\\nlogo.bmp\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "logo_url", "defaults.cnf.logo_url contains a control character (0x0a)",
     NULL, NULL},
    {"raw newline in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = \"http://x/\nlogo.bmp\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "logo_url", "contains a control character (0x0a)", NULL, NULL},
    {"carriage return in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = \"a\\rb\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "logo_url", "contains a control character (0x0d)", NULL, NULL},
    {"tab in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = \"a\\tb\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "logo_url", "contains a control character (0x09)", NULL, NULL},
    {"control character in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = \"a\\x01b\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "logo_url", "contains a control character (0x01)", NULL, NULL},
    {"escape character in a label", GOOD_HEAD "defaults = {\n  label = \"a\\x1b[2Jb\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "defaults.label contains a control character (0x1b)", NULL,
     NULL},
    {"DEL in a line's display name",
     GOOD_HEAD "defaults = {\n  lines = ( { name = \"1\"; password = \"x\";\n"
               "              display = \"a\\x7f\"; } );\n};\n",
     PP_EINVALID, PP_ERROR, "display", "contains a control character (0x7f)", NULL, NULL},
    {"newline in a vendor_config value",
     GOOD_HEAD "defaults = {\n  vendor_config = {\n    sshUserId = \"a\\nb\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "sshUserId", "contains a control character (0x0a)", NULL, NULL},
    {"newline in xml_time_zone", GOOD_HEAD "defaults = {\n  xml_time_zone = \"a\\nb\";\n};\n",
     PP_EINVALID, PP_ERROR, "xml_time_zone", "contains a control character (0x0a)", NULL, NULL},
    {"double quote in a cnf value",
     GOOD_HEAD "defaults = {\n  cnf = {\n    phone_prompt = \"say \\\"hi\\\"\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "phone_prompt", "defaults.cnf.phone_prompt contains '\"'",
     "which a .cnf value cannot hold", NULL},
    {"double quote in a label", GOOD_HEAD "defaults = {\n  label = \"\\\"Q\\\"\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "contains '\"'", NULL, NULL},
    /* ---- the line options (issue 13): hostile values, each at its own line ---- */
    {"auto_answer as a string", OPT_STORE("7942", "auto_answer = \"yes\";"), PP_EINVALID, PP_ERROR,
     "auto_answer", "phones[0].lines[0].auto_answer must be true or false", NULL, NULL},
    {"auto_answer of 2", OPT_STORE("7940", "auto_answer = 2;"), PP_EINVALID, PP_ERROR,
     "auto_answer", "auto_answer must be true or false", NULL, NULL},
    {"call_waiting as a string", OPT_STORE("7942", "call_waiting = \"1\";"), PP_EINVALID, PP_ERROR,
     "call_waiting", "phones[0].lines[0].call_waiting must be true or false", NULL, NULL},
    {"mwi as a string", OPT_STORE("7942", "mwi = \"1\";"), PP_EINVALID, PP_ERROR, "mwi",
     "phones[0].lines[0].mwi must be a whole number", NULL, NULL},
    {"mwi of 6", OPT_STORE("7942", "mwi = 6;"), PP_EINVALID, PP_ERROR, "mwi",
     "phones[0].lines[0].mwi is 6; expected 0 to 5", NULL, NULL},
    {"mwi of -1", OPT_STORE("7942", "mwi = -1;"), PP_EINVALID, PP_ERROR, "mwi",
     "mwi is -1; expected 0 to 5", NULL, NULL},
    {"contact as a number", OPT_STORE("7942", "contact = 100;"), PP_EINVALID, PP_ERROR, "contact",
     "phones[0].lines[0].contact must be a string", NULL, NULL},
    {"contact with a newline", OPT_STORE("7942", "contact = \"10\\n0\";"), PP_EINVALID, PP_ERROR,
     "contact", "phones[0].lines[0].contact contains a control character (0x0a)", NULL, NULL},
    {"contact of 65 characters",
     OPT_STORE("7942",
               "contact = \"0123456789012345678901234567890123456789012345678901234567890123"
               "4\";"),
     PP_EINVALID, PP_ERROR, "contact", "contact is 65 characters long; at most 64 fit", NULL, NULL},
    {"contact with < and a double quote is fine (escaped in XML, no 79x0 key)",
     OPT_STORE("7940", "contact = \"<a \\\"b\\\">\";"), PP_OK, PP_ERROR, NULL, NULL, NULL,
     "contact"},
    {"call_waiting of 2", OPT_STORE("7960", "call_waiting = 2;"), PP_EINVALID, PP_ERROR,
     "call_waiting", "call_waiting must be true or false", NULL, NULL},
    {"auto_answer with a newline in a string", OPT_STORE("7942", "auto_answer = \"tr\\nue\";"),
     PP_EINVALID, PP_ERROR, "auto_answer", "auto_answer must be true or false", NULL, NULL},
    {"mwi as a string with <", OPT_STORE("7942", "mwi = \"<1>\";"), PP_EINVALID, PP_ERROR, "mwi",
     "mwi must be a whole number", NULL, NULL},
    {"mwi as a group", OPT_STORE("7942", "mwi = { lamp = 1; };"), PP_EINVALID, PP_ERROR, "mwi",
     "mwi must be a single value", NULL, NULL},
    {"contact with a double quote on a 7940 (it has no contact key)",
     OPT_STORE("7940", "contact = \"a\\\"b\";"), PP_OK, PP_ERROR, NULL, NULL, NULL, "contains"},
    {"contact with a typographic quote",
     OPT_STORE("7942", "contact = \"\xe2\x80\x9c"
                       "1\xe2\x80\x9d\";"),
     PP_EINVALID, PP_ERROR, "contact", "contact contains a typographic quote", NULL, NULL},
    {"ring.active of -1", OPT_STORE("7942", "ring = { active = -1; };"), PP_EINVALID, PP_ERROR,
     "ring =", "phones[0].lines[0].ring.active is -1; expected 0 to 5", NULL, NULL},
    {"ring.idle as a string with a newline", OPT_STORE("7942", "ring = { idle = \"4\\n\"; };"),
     PP_EINVALID, PP_ERROR, "ring =", "ring.idle must be a whole number", NULL, NULL},
    {"max_calls of 17", OPT_STORE("7942", "max_calls = 17;"), PP_EINVALID, PP_ERROR, "max_calls",
     "max_calls is 17; expected 1 to 16", NULL, NULL},
    {"busy_trigger of 0", OPT_STORE("7942", "busy_trigger = 0;"), PP_EINVALID, PP_ERROR,
     "busy_trigger", "busy_trigger is 0; expected 1 to 16", NULL, NULL},
    {"busy_trigger as a string", OPT_STORE("7942", "busy_trigger = \"2\";"), PP_EINVALID, PP_ERROR,
     "busy_trigger", "busy_trigger must be a whole number", NULL, NULL},
    {"ring that is not a group", OPT_STORE("7942", "ring = 4;"), PP_EINVALID, PP_ERROR,
     "ring =", "phones[0].lines[0].ring must be a group", NULL, NULL},
    {"ring.idle of 9", OPT_STORE("7942", "ring = { idle = 9; };"), PP_EINVALID, PP_ERROR,
     "ring =", "phones[0].lines[0].ring.idle is 9; expected 0 to 5", NULL, NULL},
    {"ring.active as a string", OPT_STORE("7942", "ring = { active = \"5\"; };"), PP_EINVALID,
     PP_ERROR, "ring =", "ring.active must be a whole number", NULL, NULL},
    {"ring.idel, did you mean", OPT_STORE("7942", "ring = { idel = 4; };"), PP_EINVALID, PP_ERROR,
     "ring =", "unknown key 'idel'", "(did you mean 'idle'?)", NULL},
    {"ring before name in a line: the name is still found",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000002\"; model = \"7942\";\n    " PROXY "\n"
               "    lines = ( { ring = { idle = 4; }; name = \"1\"; password = \"s\"; } );\n"
               "  }\n);\n",
     PP_OK, PP_ERROR, NULL, NULL, NULL, "has no name"},
    {"max_calls of 0", OPT_STORE("7942", "max_calls = 0;"), PP_EINVALID, PP_ERROR, "max_calls",
     "phones[0].lines[0].max_calls is 0; expected 1 to 16", NULL, NULL},
    {"max_calls as a string", OPT_STORE("7942", "max_calls = \"5\";"), PP_EINVALID, PP_ERROR,
     "max_calls", "max_calls must be a whole number", NULL, NULL},
    {"busy_trigger of 17", OPT_STORE("7942", "busy_trigger = 17;"), PP_EINVALID, PP_ERROR,
     "busy_trigger", "phones[0].lines[0].busy_trigger is 17; expected 1 to 16", NULL, NULL},
    {"busy_trigger over max_calls", OPT_STORE("7942", "max_calls = 2;\n      busy_trigger = 3;"),
     PP_EINVALID, PP_ERROR, "busy_trigger",
     "line 1's busy_trigger is 3, more than its max_calls (2)", NULL, NULL},
    {"a 7960's lines that disagree on call_waiting",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000001\"; model = \"7960\";\n    " PROXY "\n"
               "    lines = ( { name = \"1\"; password = \"a\"; call_waiting = true; },\n"
               "      { name = \"2\"; password = \"b\";\n        call_waiting = false; } );\n"
               "  }\n);\n",
     PP_OK, PP_WARNING, "call_waiting = false", "line 2's call_waiting differs",
     "phone 001BD4000001 gets true", NULL},
    {"a 7961's lines may differ on call_waiting",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000002\"; model = \"7961\";\n    " PROXY "\n"
               "    lines = ( { name = \"1\"; password = \"a\"; call_waiting = true; },\n"
               "      { name = \"2\"; password = \"b\"; call_waiting = false; } );\n  }\n);\n",
     PP_OK, PP_WARNING, NULL, NULL, NULL, "call_waiting"},

    /* ---- phoneLabel on the 7900 series: at most 12 characters, no spaces ---- */
    {"label of 13 characters on a 7940",
     GOOD_HEAD
     "phones = (\n  " PHONE("001bd4000001", "7940", "    label = \"markwilson.it\";\n") "\n);\n",
     PP_OK, PP_WARNING,
     "label =", "label 'markwilson.it' (phoneLabel, phone_label) is 13 characters",
     "a 7940 shows at most 12, without spaces", NULL},
    {"label with a space on a 7961",
     GOOD_HEAD
     "phones = (\n  " PHONE("001bd4000002", "7961", "    label = \"Grace 2002\";\n") "\n);\n",
     PP_OK, PP_WARNING, "label =", "is 10 characters with a space", "a 7961", NULL},
    {"label from defaults, on a 7942: at the defaults' line",
     GOOD_HEAD "defaults = {\n  label = \"front desk\";\n};\nphones = (\n  " PHONE(
         "001bd4000002", "7942", "") ",\n  " PHONE("001bd4000003", "7942", "") "\n);\n",
     PP_OK, PP_WARNING, "label =", "label 'front desk'", NULL, NULL},
    {"label of 12 characters, no space, on a 7940",
     GOOD_HEAD
     "phones = (\n  " PHONE("001bd4000001", "7940", "    label = \"markwilson.i\";\n") "\n);\n",
     PP_OK, PP_WARNING, NULL, NULL, NULL, "phoneLabel"},
    {"12 non-ASCII characters are 12, not 24 bytes",
     GOOD_HEAD
     "phones = (\n  " PHONE("001bd4000002", "7961",
                            "    label = \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\";\n") "\n);\n",
     PP_OK, PP_WARNING, NULL, NULL, NULL, "phoneLabel"},
    {"a label with spaces on an 8961 (not a 79xx)",
     GOOD_HEAD "phones = (\n  " PHONE("001bd4000002", "8961",
                                      "    label = \"Front desk, ground floor\";\n") "\n);\n",
     PP_OK, PP_WARNING, NULL, NULL, NULL, "phoneLabel"},

    /* ---- locale names ---- */
    {"unknown locale.user",
     GOOD_HEAD "defaults = {\n  locale = {\n    user = \"English_Unted_States\";\n  };\n};\n",
     PP_OK, PP_WARNING, "user =", "locale.user 'English_Unted_States' is not a Cisco user locale",
     "English_United_States", NULL},
    {"unknown locale.network",
     GOOD_HEAD "defaults = {\n  locale = {\n    network = \"England\";\n  };\n};\n", PP_OK,
     PP_WARNING, "network =", "locale.network 'England' is not a Cisco network locale",
     "United_Kingdom", NULL},
    {"a user locale given as the network one",
     GOOD_HEAD
     "phones = (\n  " PHONE("001bd4000002", "7961",
                            "    locale = { network = \"English_United_Kingdom\"; };\n") "\n);\n",
     PP_OK, PP_WARNING, "network =", "locale.network 'English_United_Kingdom' is not", NULL, NULL},
    {"known locales, any case, with wazo-provd's i18n/ folder",
     GOOD_HEAD
     "defaults = {\n  locale = { user = \"i18n/german_germany\"; network = \"NEW_ZEALAND\"; };\n"
     "};\n",
     PP_OK, PP_WARNING, NULL, NULL, NULL, "locale"},

    /* A password goes into a .cnf only on a 79x0: '"' is refused there alone (issue 13). */
    {"double quote in an XML-family phone's password is fine (it is escaped there)",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000002\"; model = \"7961\";\n    " PROXY "\n"
               "    lines = ( { name = \"1\";\n      password = \"pa\\\"ss\"; } );\n  }\n);\n",
     PP_OK, PP_ERROR, NULL, NULL, NULL, "contains '\"'"},
    {"double quote in a 7940's password",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000001\"; model = \"7940\";\n    " PROXY "\n"
               "    lines = ( { name = \"1\";\n      password = \"pa\\\"ss\"; } );\n  }\n);\n",
     PP_EINVALID, PP_ERROR, "password =", "line 1's password contains '\"'",
     "a 7940, gets SIP001BD4000001.cnf", NULL},
    {"double quote in a defaults password that a 7960 inherits, at the defaults' line",
     GOOD_HEAD "defaults = {\n  " PROXY "\n  lines = ( { name = \"1\";\n"
               "    password = \"pa\\\"ss\"; } );\n};\n"
               "phones = (\n  { mac = \"001bd4000002\"; model = \"7961\"; },\n"
               "  { mac = \"001bd4000001\"; model = \"7960\"; }\n);\n",
     PP_EINVALID, PP_ERROR, "password =", "line 1's password contains '\"'", "a 7960", NULL},
    {"double quote in a profile's password that a 7940 uses",
     GOOD_HEAD "profiles = {\n  desk = {\n    lines = ( { name = \"1\";\n"
               "      password = \"pa\\\"ss\"; } );\n  };\n};\n"
               "phones = (\n  { mac = \"001bd4000001\"; model = \"7940\"; profile = \"desk\";\n"
               "    " PROXY " }\n);\n",
     PP_EINVALID, PP_ERROR, "password =", "line 1's password contains '\"'", "a 7940", NULL},
    {"double quote in a defaults password that only XML-family phones use",
     GOOD_HEAD "defaults = {\n  " PROXY "\n  lines = ( { name = \"1\";\n"
               "    password = \"pa\\\"ss\"; } );\n};\n"
               "phones = (\n  { mac = \"001bd4000002\"; model = \"7961\"; },\n"
               "  { mac = \"001bd4000001\"; model = \"7940\";\n"
               "    lines = ( { name = \"2\"; password = \"plain\"; } ); }\n);\n",
     PP_OK, PP_ERROR, NULL, NULL, NULL, "contains '\"'"},
    {"newline in an XML-family phone's password is still refused",
     GOOD_HEAD "phones = (\n  { mac = \"001bd4000002\"; model = \"7961\";\n    " PROXY "\n"
               "    lines = ( { name = \"1\";\n      password = \"a\\nb\"; } );\n  }\n);\n",
     PP_EINVALID, PP_ERROR, "password =", "contains a control character (0x0a)", NULL, NULL},
    {"double quote in vendor_config is fine (it is escaped in XML)",
     GOOD_HEAD "defaults = {\n  vendor_config = { sshUserId = \"\\\"admin\\\"\"; };\n"
               "  xml_time_zone = \"A \\\"B\\\"\";\n};\n",
     PP_OK, 0, NULL, NULL, NULL, "contains"},
    {"typographic double quotes",
     GOOD_HEAD "defaults = {\n  label = \"\xe2\x80\x9cmarkwilson.it\xe2\x80\x9d\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "defaults.label contains a typographic quote", "plain ASCII",
     NULL},
    {"typographic single quotes in a cnf value",
     GOOD_HEAD
     "defaults = {\n  cnf = {\n    nat_address = \"\xe2\x80\x98x\xe2\x80\x99\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "nat_address", "contains a typographic quote", NULL, NULL},
    {"typographic quote in vendor_config",
     GOOD_HEAD "defaults = {\n  vendor_config = {\n    sshUserId = \"\xe2\x80\x9dx\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "sshUserId", "contains a typographic quote", NULL, NULL},
    {"invalid UTF-8: bad continuation",
     GOOD_HEAD "defaults = {\n  cnf = {\n    nat_address = \"x\xc3(y\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "nat_address", "defaults.cnf.nat_address is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8: stray byte", GOOD_HEAD "defaults = {\n  label = \"caf\xe9\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "defaults.label is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8: overlong", GOOD_HEAD "defaults = {\n  label = \"\xc0\xaf\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8: surrogate", GOOD_HEAD "defaults = {\n  label = \"\xed\xa0\x80\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8: beyond U+10FFFF",
     GOOD_HEAD "defaults = {\n  label = \"\xf4\x90\x80\x80\";\n};\n", PP_EINVALID, PP_ERROR,
     "label", "is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8: truncated at the end",
     GOOD_HEAD "defaults = {\n  label = \"ab\xe2\x80\";\n};\n", PP_EINVALID, PP_ERROR, "label",
     "is not valid UTF-8", NULL, NULL},
    {"invalid UTF-8 in vendor_config",
     GOOD_HEAD "defaults = {\n  vendor_config = {\n    sshUserId = \"\xff\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "sshUserId", "is not valid UTF-8", NULL, NULL},
    {"non-ASCII in a cnf value is a warning",
     GOOD_HEAD "defaults = {\n  cnf = {\n    nat_address = \"Zo\xc3\xab\";\n  };\n};\n", PP_OK,
     PP_WARNING, "nat_address", "defaults.cnf.nat_address is not plain ASCII", NULL, NULL},

    /* ---- raw keys ---- */
    {"cnf key with upper case",
     GOOD_HEAD "defaults = {\n  cnf = {\n    Logo_URL = \"x\";\n  };\n};\n", PP_EINVALID, PP_ERROR,
     "Logo_URL", "defaults.cnf.Logo_URL: a .cnf key must be lower case letters", NULL, NULL},
    {"cnf key with a dash", GOOD_HEAD "defaults = {\n  cnf = {\n    logo-url = \"x\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "logo-url",
     "a .cnf key must be lower case letters, digits and '_' only", NULL, NULL},
    {"cnf key with a star", GOOD_HEAD "defaults = {\n  cnf = {\n    logo*url = \"x\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "logo*url", "a .cnf key must be", NULL, NULL},
    {"vendor_config key with a dash",
     GOOD_HEAD "defaults = {\n  vendor_config = {\n    web-access = 1;\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "web-access", "a vendor_config key must be a letter", NULL, NULL},
    {"cnf value that is a list",
     GOOD_HEAD "defaults = {\n  cnf = {\n    logo_url = ( 1, 2 );\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "logo_url", "must be a string, a whole number or true/false", NULL, NULL},
    {"cnf that is not a group", GOOD_HEAD "defaults = {\n  cnf = 1;\n};\n", PP_EINVALID, PP_ERROR,
     "cnf", "defaults.cnf must be a group", NULL, NULL},
    {"raw cnf key shadowing a derived one is a warning",
     GOOD_HEAD "defaults = {\n  time_zone = \"GMT\";\n  cnf = {\n    time_zone = \"CET\";\n"
               "  };\n};\n",
     PP_OK, PP_WARNING, "time_zone = \"CET\"",
     "cnf.time_zone shadows the value derived from 'time_zone'", NULL, NULL},
    {"raw dial_template shadowing the one a dial plan gives is a warning",
     GOOD_HEAD "defaults = {\n  dialplan = ( { match = \"*\"; } );\n  cnf = {\n"
               "    dial_template = \"other\";\n  };\n};\n",
     PP_OK, PP_WARNING, "dial_template = \"other\"",
     "cnf.dial_template shadows the value derived from 'dialplan'", NULL, NULL},

    /* ---- per-field limits ---- */
    {"phone_password of 32 characters",
     GOOD_HEAD
     "defaults = {\n  cnf = {\n    phone_password = \"0123456789abcdef0123456789abcdef\";\n"
     "  };\n};\n",
     PP_EINVALID, PP_ERROR, "phone_password", "phone_password is 32 characters long",
     "at most 31 fit", NULL},
    {"phone_password of 31 characters",
     GOOD_HEAD
     "defaults = {\n  cnf = {\n    phone_password = \"0123456789abcdef0123456789abcde\";\n"
     "  };\n};\n",
     PP_OK, 0, NULL, NULL, NULL, "phone_password"},
    {"phone_prompt of 16 characters",
     GOOD_HEAD "defaults = {\n  cnf = {\n    phone_prompt = \"0123456789abcdef\";\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "phone_prompt", "phone_prompt is 16 characters long", "at most 15 fit",
     NULL},
    {"phone_prompt of 15 characters",
     GOOD_HEAD "defaults = {\n  cnf = {\n    phone_prompt = \"0123456789abcde\";\n  };\n};\n",
     PP_OK, 0, NULL, NULL, NULL, "phone_prompt"},
    {"sync of 33 characters",
     GOOD_HEAD "defaults = {\n  sync = \"0123456789abcdef0123456789abcdef0\";\n};\n", PP_EINVALID,
     PP_ERROR, "sync", "defaults.sync is 33 characters long", "at most 32 fit", NULL},
    {"raw cnf sync of 33 characters",
     GOOD_HEAD "defaults = {\n  cnf = {\n    sync = \"0123456789abcdef0123456789abcdef0\";\n"
               "  };\n};\n",
     PP_EINVALID, PP_ERROR, "sync", "defaults.cnf.sync is 33 characters long", "at most 32", NULL},
    {"sync of 32 characters",
     GOOD_HEAD "defaults = {\n  sync = \"0123456789abcdef0123456789abcdef\";\n"
               "  cnf = { sync = \"0123456789abcdef0123456789abcdef\"; };\n};\n",
     PP_OK, 0, NULL, NULL, NULL, "characters long"},
    {"phone_password in a phone of 32 characters",
     GOOD_HEAD "phones = (\n" PHONE(
         "001bd4123456", "7940",
         "    cnf = {\n"
         "      phone_password = \"0123456789abcdef0123456789abcdef\"; };\n") "\n);\n",
     PP_EINVALID, PP_ERROR, "phone_password", "phones[0].cnf.phone_password is 32", NULL, NULL},
    {"label too long",
     GOOD_HEAD "defaults = {\n  label = \""
               "0123456789012345678901234567890123456789"
               "01234567890123456789012345\";\n};\n",
     PP_EINVALID, PP_ERROR, "label", "defaults.label is 66 characters long", "at most 64", NULL},

    /* ---- types and ranges ---- */
    {"port that is a string",
     GOOD_HEAD "defaults = {\n  proxy = {\n    port = \"5060\";\n  };\n};\n", PP_EINVALID, PP_ERROR,
     "port", "defaults.proxy.port must be a whole number", NULL, NULL},
    {"port out of range", GOOD_HEAD "defaults = {\n  proxy = {\n    port = 70000;\n  };\n};\n",
     PP_EINVALID, PP_ERROR, "port", "defaults.proxy.port is 70000; expected 1 to 65535", NULL,
     NULL},
    {"register that is not a boolean",
     GOOD_HEAD "defaults = {\n  proxy = {\n    register = \"yes\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "register", "defaults.proxy.register must be true or false", NULL, NULL},
    {"time_format_24hr of 2", GOOD_HEAD "defaults = {\n  time_format_24hr = 2;\n};\n", PP_EINVALID,
     PP_ERROR, "time_format_24hr", "must be true or false", NULL, NULL},
    {"ntp mode not known",
     GOOD_HEAD "defaults = {\n  ntp = {\n    mode = \"broadcast\";\n  };\n};\n", PP_EINVALID,
     PP_ERROR, "mode", "defaults.ntp.mode is 'broadcast'; expected one of: unicast, multicast",
     NULL, NULL},
    {"proxy that is not a group", GOOD_HEAD "defaults = {\n  proxy = \"pbx\";\n};\n", PP_EINVALID,
     PP_ERROR, "proxy", "defaults.proxy must be a group", NULL, NULL},
    {"label that is a list", GOOD_HEAD "defaults = {\n  label = [ \"a\" ];\n};\n", PP_EINVALID,
     PP_ERROR, "label", "defaults.label must be a single value", NULL, NULL},
    {"dial plan rule without a match",
     GOOD_HEAD "defaults = {\n  dialplan = (\n    { timeout = 5; }\n  );\n};\n", PP_EINVALID,
     PP_ERROR, "timeout", "has no match", NULL, NULL},
    {"dial plan timeout out of range",
     GOOD_HEAD
     "defaults = {\n  dialplan = (\n    { match = \"*\";\n      timeout = -1; }\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "timeout", "is -1; expected 0 to 300", NULL, NULL},
    {"dial plan user not known",
     GOOD_HEAD
     "defaults = {\n  dialplan = (\n    { match = \"*\";\n      user = \"sip\"; }\n  );\n};\n",
     PP_EINVALID, PP_ERROR, "user", "is 'sip'; expected one of: phone, ip", NULL, NULL},
    {"dialplan that is not a list",
     GOOD_HEAD "defaults = {\n  dialplan = { match = \"*\"; };\n};\n", PP_EINVALID, PP_ERROR,
     "dialplan", "defaults.dialplan must be a list", NULL, NULL},
    {"ring file outside the TFTP root",
     GOOD_HEAD
     "defaults = {\n  ringlist = (\n    { label = \"x\";\n      file = \"../etc/shadow\"; }\n"
     "  );\n};\n",
     PP_EINVALID, PP_ERROR, "../etc", "ring file '../etc/shadow' must be a relative path", NULL,
     NULL},
    {"dial_template with a slash",
     GOOD_HEAD "defaults = {\n  dial_template = \"../dialplan\";\n};\n", PP_EINVALID, PP_ERROR,
     "dial_template", "dial_template is a file base name", NULL, NULL},
    {"phones that is not a list", GOOD_HEAD "phones = { a = 1; };\n", PP_EINVALID, PP_ERROR,
     "phones", "phones must be a list", NULL, NULL},
    {"a phone that is not a group", GOOD_HEAD "phones = (\n  \"001bd4123456\" );\n", PP_EINVALID,
     PP_ERROR, "\"001bd", "phones[0] must be a group", NULL, NULL},
    {"profiles that is not a group", GOOD_HEAD "profiles = ( );\n", PP_EINVALID, PP_ERROR,
     "profiles", "profiles must be a group", NULL, NULL},
    {"a profile that is not a group", GOOD_HEAD "profiles = {\n  office = 1;\n};\n", PP_EINVALID,
     PP_ERROR, "office", "profiles.office must be a group", NULL, NULL},
    {"defaults that is not a group", GOOD_HEAD "defaults = 1;\n", PP_EINVALID, PP_ERROR, "defaults",
     "defaults must be a group", NULL, NULL},

    /* ---- top level ---- */
    {"mac_binding not known", "version = 1;\nsecurity = {\n  mac_binding = \"loose\";\n};\n",
     PP_EINVALID, PP_ERROR, "loose",
     "security.mac_binding is 'loose'; expected strict, lenient or off", NULL, NULL},
    {"mac_binding upper case", "version = 1;\nsecurity = {\n  mac_binding = \"Strict\";\n};\n",
     PP_EINVALID, PP_ERROR, "Strict", "security.mac_binding is 'Strict'", NULL, NULL},
    {"mac_binding that is a boolean", "version = 1;\nsecurity = {\n  mac_binding = true;\n};\n",
     PP_EINVALID, PP_ERROR, "mac_binding", "security.mac_binding must be a string", NULL, NULL},
    {"allow: prefix too long",
     "version = 1;\nsecurity = {\n  allow = [ \"10.0.0.0/8\",\n            \"192.0.2.0/33\" "
     "];\n};\n",
     PP_EINVALID, PP_ERROR, "/33", "security.allow[1] is not a network like \"192.0.2.0/24\"", NULL,
     NULL},
    {"allow: not an address", "version = 1;\nsecurity = {\n  allow = [\n    \"office\" ];\n};\n",
     PP_EINVALID, PP_ERROR, "\"office\"", "security.allow[0] is not a network", NULL, NULL},
    {"allow: octet out of range",
     "version = 1;\nsecurity = {\n  allow = ( \"10.0.0.0/8\",\n    \"300.1.2.0/24\" );\n};\n",
     PP_EINVALID, PP_ERROR, "300.", "security.allow[1] is not a network", NULL, NULL},
    {"allow: empty prefix", "version = 1;\nsecurity = {\n  allow = [\n    \"10.0.0.0/\" ];\n};\n",
     PP_EINVALID, PP_ERROR, "10.0.0.0/\"", "security.allow[0] is not a network", NULL, NULL},
    {"allow: IPv6 prefix too long",
     "version = 1;\nsecurity = {\n  allow = [\n    \"2001:db8::/129\" ];\n};\n", PP_EINVALID,
     PP_ERROR, "2001:db8", "security.allow[0] is not a network", NULL, NULL},
    {"allow: trailing space",
     "version = 1;\nsecurity = {\n  allow = [\n    \"10.0.0.0/8 \" ];\n};\n", PP_EINVALID, PP_ERROR,
     "10.0.0.0/8 ", "security.allow[0] is not a network", NULL, NULL},
    {"allow: a number", "version = 1;\nsecurity = {\n  allow = ( \"10.0.0.0/8\",\n    42 );\n};\n",
     PP_EINVALID, PP_ERROR, "42", "security.allow[1] is not a network", NULL, NULL},
    {"allow: an empty list", "version = 1;\nsecurity = {\n  allow = [ ];\n};\n", PP_EINVALID,
     PP_ERROR, "allow", "security.allow is empty, which would let no client in", NULL, NULL},
    {"allow: not a list", "version = 1;\nsecurity = {\n  allow = \"10.0.0.0/8\";\n};\n",
     PP_EINVALID, PP_ERROR, "allow", "security.allow must be a list of networks", NULL, NULL},
    {"allow: good networks",
     "version = 1;\nsecurity = {\n  allow = [ \"10.0.0.0/8\", \"192.0.2.7\", \"2001:db8::/32\",\n"
     "            \"::ffff:198.51.100.0/120\", \"0.0.0.0/0\" ];\n};\n",
     PP_OK, 0, NULL, NULL, NULL, "allow"},
    {"relative state_dir", "version = 1;\n\nstate_dir = \"var/lib/phoneprov\";\n", PP_EINVALID,
     PP_ERROR, "state_dir", "state_dir must be an absolute path (it is 'var/lib/phoneprov')", NULL,
     NULL},
    {"relative tftp.root", "version = 1;\ntftp = {\n  root = \"srv/tftp\";\n};\n", PP_EINVALID,
     PP_ERROR, "root", "tftp.root must be an absolute path", NULL, NULL},
    {"relative security.leases", "version = 1;\nsecurity = {\n  leases = \"dnsmasq.leases\";\n};\n",
     PP_EINVALID, PP_ERROR, "leases", "security.leases must be an absolute path", NULL, NULL},
    {"state_dir that is a number", "version = 1;\nstate_dir = 1;\n", PP_EINVALID, PP_ERROR,
     "state_dir", "state_dir must be a string", NULL, NULL},
    {"state_dir with a newline", "version = 1;\nstate_dir = \"/var/lib/\\nx\";\n", PP_EINVALID,
     PP_ERROR, "state_dir", "state_dir contains a control character", NULL, NULL},
    {"tftp that is not a group", "version = 1;\ntftp = \"/srv/tftp\";\n", PP_EINVALID, PP_ERROR,
     "tftp", "tftp must be a group", NULL, NULL},
    {"version 2", "# a store from the future\n\nversion = 2;\n", PP_EINVALID, PP_ERROR, "version",
     "version must be 1", NULL, NULL},
    {"version 0", "version = 0;\n", PP_EINVALID, PP_ERROR, "version", "version must be 1", NULL,
     NULL},
    {"version as a string", "\nversion = \"1\";\n", PP_EINVALID, PP_ERROR, "version",
     "version must be 1", NULL, NULL},
    {"version as a float", "\nversion = 1.0;\n", PP_EINVALID, PP_ERROR, "version",
     "version must be 1", NULL, NULL},
};

static void test_case(void **state)
{
	const vcase *c = *state;
	th_result r;

	th_load_text(&r, c->text);
	th_expect_rc(&r, c->rc);
	if (c->marker) {
		int line = th_line_of(c->text, c->marker);
		const th_diag *d = th_find(&r.diags, c->sev, r.path, line, c->msg);
		if (!d || (c->msg2 && !strstr(d->msg, c->msg2))) {
			print_error("expected %s:%d: %s: ...%s...%s...\n", r.path, line,
			            c->sev == PP_ERROR ? "error" : "warning", c->msg,
			            c->msg2 ? c->msg2 : "");
			th_print(&r.diags);
			fail();
		}
	}
	if (c->not_msg)
		for (size_t i = 0; i < r.diags.n; i++)
			if (strstr(r.diags.items[i].msg, c->not_msg)) {
				print_error("no diagnostic should say '%s'\n", c->not_msg);
				th_print(&r.diags);
				fail();
			}
	/* the store is returned exactly when there is no error */
	if (c->rc == PP_OK) {
		assert_int_equal(th_count(&r.diags, PP_ERROR), 0);
	} else {
		assert_true(th_count(&r.diags, PP_ERROR) >= 1);
		assert_int_equal(r.err.code, c->rc);
		/* the error struct holds one of the errors, with file and line */
		const th_diag *first = NULL;
		for (size_t i = 0; i < r.diags.n && !first; i++)
			if (r.diags.items[i].sev == PP_ERROR)
				first = &r.diags.items[i];
		assert_non_null(first);
		assert_string_equal(r.err.file, first->file);
		assert_int_equal(r.err.line, first->line);
		assert_string_equal(r.err.message, first->msg);
	}
	/* every diagnostic points into the store, at a line it has */
	for (size_t i = 0; i < r.diags.n; i++) {
		assert_string_equal(r.diags.items[i].file, r.path);
		assert_true(r.diags.items[i].line >= 1);
	}
	th_result_free(&r);
}

/* ---- cases that need more than one file ------------------------------------ */

static void test_error_in_include(void **state)
{
	static const char main_text[] = "version = 1;\n"
	                                "security = { mac_binding = \"off\"; };\n"
	                                "@include \"site/phones.conf\"\n";
	static const char inc_text[] = "# the phones of one site\n"
	                               "phones = (\n"
	                               "  { mac = \"00:1b:d4:12:34:56\";\n"
	                               "    model = \"7950\";\n"
	                               "    lines = ( { name = \"1\"; password = \"x\"; } );\n"
	                               "    lable = \"x\"; }\n"
	                               ");\n";
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf", main_text);
	char *inc = th_write(dir, "site/phones.conf", inc_text);
	th_result r;

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, inc, 4, "unknown model '7950'");
	th_expect(&r.diags, PP_ERROR, inc, 6, "unknown key 'lable' in a phone");
	/* nothing is blamed on the main file */
	for (size_t i = 0; i < r.diags.n; i++)
		assert_string_equal(r.diags.items[i].file, inc);
	assert_string_equal(r.err.file, inc);
	th_result_free(&r);
	free(inc);
	free(path);
	free(dir);
}

static void test_syntax_error_in_include(void **state)
{
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf",
	                      "version = 1;\n@include \"more.conf\"\nstate_dir = \"/x\";\n");
	char *inc = th_write(dir, "more.conf",
	                     "defaults = {\n  label = \"x\";\n  proxy = { address = ; };\n};\n");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_ESYNTAX);
	th_expect(&r.diags, PP_ERROR, inc, 3, "syntax error");
	assert_int_equal(r.err.code, PP_ESYNTAX);
	assert_string_equal(r.err.file, inc);
	assert_int_equal(r.err.line, 3);
	th_result_free(&r);
	free(inc);
	free(path);
	free(dir);
}

static void test_missing_include(void **state)
{
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf", "version = 1;\n\n@include \"nowhere.conf\"\n");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	/* the header's contract: an @include that cannot be read is PP_EIO */
	th_expect_rc(&r, PP_EIO);
	th_expect(&r.diags, PP_ERROR, path, 3, "cannot open include file");
	assert_int_equal(r.err.code, PP_EIO);
	assert_string_equal(r.err.file, path);
	assert_int_equal(r.err.line, 3);
	th_result_free(&r);
	free(path);
	free(dir);
}

static void test_duplicate_mac_across_files(void **state)
{
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf",
	                      "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	                      "phones = (\n"
	                      "  { mac = \"001bd4123456\"; model = \"7940\";\n"
	                      "    lines = ( { name = \"1\"; password = \"x\"; } ); },\n"
	                      "@include \"more.conf\"\n"
	                      ");\n");
	char *inc = th_write(dir, "more.conf",
	                     "\n  { model = \"7940\";\n    mac = \"00-1b-d4-12-34-56\";\n"
	                     "    lines = ( { name = \"1\"; password = \"x\"; } ); }\n");
	th_result r;
	char want[1024];

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_EINVALID);
	snprintf(want, sizeof(want), "duplicate MAC 001BD4123456 (also at %s:4)", path);
	th_expect(&r.diags, PP_ERROR, inc, 3, want);
	th_result_free(&r);
	free(inc);
	free(path);
	free(dir);
}

static void test_missing_store(void **state)
{
	char *dir = th_tmpdir();
	char path[4096];
	th_result r;

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-store.conf", dir);
	th_load_file(&r, path);
	th_expect_rc(&r, PP_EIO);
	assert_int_equal(r.err.code, PP_EIO);
	assert_string_equal(r.err.file, path);
	assert_int_equal(r.err.line, 0);
	assert_non_null(strstr(r.err.message, "cannot read the store"));
	assert_non_null(strstr(r.err.message, "No such file"));
	th_expect(&r.diags, PP_ERROR, path, 0, "cannot read the store");
	th_result_free(&r);

	/* a folder where the store should be */
	th_load_file(&r, dir);
	th_expect_rc(&r, PP_EIO);
	assert_int_equal(r.err.code, PP_EIO);
	th_result_free(&r);

	/* no diag callback, no error struct: still just the code */
	pp_store *st = (pp_store *)&r;
	assert_int_equal(pp_store_load(&st, path, NULL, NULL, NULL), PP_EIO);
	assert_null(st);
	assert_int_equal(pp_store_load(NULL, path, NULL, NULL, NULL), PP_EARG);

	/* nowhere to put the store: err says so, and names no file */
	pp_error e = {.file = "stale", .line = 9};
	assert_int_equal(pp_store_load(NULL, path, NULL, NULL, &e), PP_EARG);
	assert_int_equal(e.code, PP_EARG);
	assert_string_equal(e.file, "");
	assert_int_equal(e.line, 0);
	assert_string_equal(e.message, "pp_store_load: no place to put the store");

	/* a path longer than err.file holds is cut short there, and said whole to diag */
	char longer[700];
	snprintf(longer, sizeof(longer), "%s/%0120d/%0120d/%0120d.conf", dir, 1, 2, 3);
	th_load_file(&r, longer);
	th_expect_rc(&r, PP_EIO);
	assert_int_equal(strlen(r.err.file), sizeof(r.err.file) - 1);
	assert_memory_equal(r.err.file, longer, sizeof(r.err.file) - 1);
	th_expect(&r.diags, PP_ERROR, longer, 0, "cannot read the store");
	th_result_free(&r);
	free(dir);
}

static void test_warnings_do_not_fail(void **state)
{
	static const char text[] =
	    GOOD_HEAD "defaults = {\n  time_zone = \"GMT\";\n"
	              "  cnf = { time_zone = \"CET\"; nat_address = \"Zo\xc3\xab\"; };\n};\n"
	              "phones = (\n"
	              "  { mac = \"001bd4123456\"; model = \"7940\";\n"
	              "    lines = ( { name = \"1\"; } ); },\n"
	              "  { mac = \"001bd4123457\"; model = \"7940\"; }\n"
	              ");\n";
	th_result r;

	(void)state;
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(th_count(&r.diags, PP_ERROR), 0);
	/* shadowing (once, not once per phone), non-ASCII, no password, no proxy x2, no lines */
	assert_int_equal(th_count(&r.diags, PP_WARNING), 6);
	th_expect(&r.diags, PP_WARNING, r.path, 5, "cnf.time_zone shadows");
	th_expect(&r.diags, PP_WARNING, r.path, 5, "not plain ASCII");
	th_expect(&r.diags, PP_WARNING, r.path, 9, "line 1 ('1') has no password");
	th_expect(&r.diags, PP_WARNING, r.path, 8, "phone 001BD4123456 has no proxy.address");
	th_expect(&r.diags, PP_WARNING, r.path, 10, "phone 001BD4123457 has no lines");
	th_expect(&r.diags, PP_WARNING, r.path, 10, "phone 001BD4123457 has no proxy.address");
	assert_int_equal(pp_store_phone_count(r.st), 2);
	th_result_free(&r);
}

/*
 * A default shadowed in every phone is warned about once, however many other
 * shadowing warnings grow the table that remembers which were given: each
 * of 3,000 phones shadows its own label too.
 */
static void test_shadowing_once_in_a_big_store(void **state)
{
	enum { PHONES = 3000 };
	size_t cap = 256 + PHONES * 160, n = 0;
	char *text = malloc(cap);
	th_result r;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text + n, cap - n,
	                      GOOD_HEAD "defaults = {\n  proxy = { address = \"192.0.2.10\"; };\n"
	                                "  cnf = { proxy1_address = \"192.0.2.11\"; };\n};\n"
	                                "phones = (\n");
	for (int i = 0; i < PHONES; i++)
		n += (size_t)snprintf(text + n, cap - n,
		                      "  { mac = \"001bd4%06x\"; model = \"7940\"; label = \"p\";\n"
		                      "    cnf = { phone_label = \"q\"; };\n"
		                      "    lines = ( { name = \"1\"; password = \"x\"; } ); }%s\n",
		                      i + 1, i + 1 < PHONES ? "," : "");
	snprintf(text + n, cap - n, ");\n");
	th_load_text(&r, text);
	th_expect_rc(&r, PP_OK);
	size_t once = 0, labels = 0;
	for (size_t i = 0; i < r.diags.n; i++) {
		once += strstr(r.diags.items[i].msg, "cnf.proxy1_address shadows") != NULL;
		labels += strstr(r.diags.items[i].msg, "cnf.phone_label shadows") != NULL;
	}
	assert_int_equal(labels, PHONES);
	assert_int_equal(once, 1);
	th_result_free(&r);
	free(text);
}

static void test_every_error_reported(void **state)
{
	/* one pass finds every problem, not just the first */
	static const char text[] = "versoin = 1;\n"
	                           "security = { mac_binding = \"loose\"; };\n"
	                           "state_dir = \"rel\";\n"
	                           "defaults = { time_zon = \"GMT\"; };\n"
	                           "phones = (\n"
	                           "  { mac = \"001bd4123456\"; model = \"7950\"; },\n"
	                           "  { mac = \"001bd4123456\"; model = \"7940\"; }\n"
	                           ");\n";
	th_result r;

	(void)state;
	th_load_text(&r, text);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, r.path, 1, "unknown key 'versoin'");
	th_expect(&r.diags, PP_ERROR, r.path, 2, "mac_binding is 'loose'");
	th_expect(&r.diags, PP_ERROR, r.path, 3, "state_dir must be an absolute path");
	th_expect(&r.diags, PP_ERROR, r.path, 4, "unknown key 'time_zon'");
	th_expect(&r.diags, PP_ERROR, r.path, 6, "unknown model '7950'");
	th_expect(&r.diags, PP_ERROR, r.path, 7, "duplicate MAC 001BD4123456");
	assert_int_equal(th_count(&r.diags, PP_ERROR), 6);
	th_result_free(&r);
}

static void test_relative_path_and_cwd(void **state)
{
	/* a store named by a relative path reports that same path */
	char *dir = th_tmpdir();
	char *path = th_write(dir, "conf/store.conf", "version = 1;\n\nstate_dir = \"x\";\n");
	char cwd[4096];
	th_result r;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	th_load_file(&r, "conf/store.conf");
	assert_int_equal(chdir(cwd), 0);
	th_expect_rc(&r, PP_EINVALID);
	th_expect(&r.diags, PP_ERROR, "conf/store.conf", 3, "state_dir must be an absolute path");
	th_result_free(&r);
	free(path);
	free(dir);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest fixed[] = {
	    cmocka_unit_test(test_error_in_include),
	    cmocka_unit_test(test_syntax_error_in_include),
	    cmocka_unit_test(test_missing_include),
	    cmocka_unit_test(test_duplicate_mac_across_files),
	    cmocka_unit_test(test_missing_store),
	    cmocka_unit_test(test_warnings_do_not_fail),
	    cmocka_unit_test(test_shadowing_once_in_a_big_store),
	    cmocka_unit_test(test_every_error_reported),
	    cmocka_unit_test(test_relative_path_and_cwd),
	};
	enum { NC = sizeof(cases) / sizeof(cases[0]), NF = sizeof(fixed) / sizeof(fixed[0]) };
	static struct CMUnitTest tests[NC + NF];

	(void)argc;
	th_init(argv[0]);
	for (size_t i = 0; i < NC; i++)
		tests[i] = (struct CMUnitTest){.name = cases[i].name,
		                               .test_func = test_case,
		                               .initial_state = (void *)&cases[i]};
	for (size_t i = 0; i < NF; i++)
		tests[NC + i] = fixed[i];
	return _cmocka_run_group_tests("validate", tests, NC + NF, NULL, NULL);
}
