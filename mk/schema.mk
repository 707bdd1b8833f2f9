# SPDX-License-Identifier: MIT
# ---- the README's settings table --------------------------------------------
# Made from the schema (lib/schema_rows.h): `make readme` rewrites it in
# README.md, and tests/unit/test_schema.c fails while README.md holds another.

.PHONY: readme

$(B)/schema-doc: tools/gen/schema-doc.c $(B)/libphoneprov.a
	$(CC) $(PP_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libphoneprov.a $(PP_LDLIBS)

readme: $(B)/schema-doc
	$(B)/schema-doc README.md >README.md.tmp && mv -f README.md.tmp README.md
