/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the XML renderers (SEP<MAC>.cnf.xml, XMLDefault.cnf.xml).
 * Tag names passed here are constants or validated vendor_config keys, so
 * only text and attribute values go through escaping.
 */
#ifndef PP_RENDER_XML_H
#define PP_RENDER_XML_H

#include "model.h"
#include "sbuf.h"

#define PP_XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

void pp_xml_indent(pp_sbuf *b, int depth);
void pp_xml_open(pp_sbuf *b, int depth, const char *tag);
void pp_xml_close(pp_sbuf *b, int depth, const char *tag);
/* <tag>text</tag> on a line of its own, text escaped. */
void pp_xml_text(pp_sbuf *b, int depth, const char *tag, const char *text);
/* A value as element text: strings escaped, ints bare, booleans true/false. */
void pp_xml_val(pp_sbuf *b, const pp_val *v);
void pp_xml_elem(pp_sbuf *b, int depth, const char *tag, const pp_val *v);

/*
 * <leaf>value</leaf> at depth for every set scalar of the schema whose .xml
 * is a child of parent ("sipProfile") and that is not PP_F_XML_OWN, in the
 * schema's order.
 */
void pp_xml_settings(pp_sbuf *b, int depth, const pp_settings *s, const char *parent);

/*
 * <callManagerGroup> naming proxy.address as the one call manager.  sip adds
 * <sipPort>; secured adds <securedSipPort> after it.
 */
void pp_xml_cmgroup(pp_sbuf *b, int depth, const pp_settings *s, int sip, int secured);

#endif
