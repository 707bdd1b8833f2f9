/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the XML renderers (SEP<MAC>.cnf.xml, XMLDefault.cnf.xml).
 * Element names are constants, validated vendor_config keys or validated
 * xml paths, so only text and attribute values go through escaping.
 */
#ifndef PP_RENDER_XML_H
#define PP_RENDER_XML_H

#include "model.h"
#include "render_xml_tree.h"
#include "sbuf.h"

#define PP_XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

void pp_xml_indent(pp_sbuf *b, int depth);
/* A value as element text: strings escaped, ints bare, booleans true/false. */
void pp_xml_val(pp_sbuf *b, const pp_val *v);

/*
 * <leaf>value</leaf> under n for every set scalar of the schema whose .xml
 * is a child of parent ("sipProfile") and that is not PP_F_XML_OWN, in the
 * schema's order.
 */
void pp_xml_settings(pp_xtree *t, pp_xnode *n, const pp_settings *s, const char *parent);

/*
 * <callManagerGroup> under n, naming proxy.address as the one call manager.
 * sip adds <sipPort>; secured adds <securedSipPort> after it.
 */
void pp_xml_cmgroup(pp_xtree *t, pp_xnode *n, const pp_settings *s, int sip, int secured);

#endif
