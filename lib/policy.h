/* SPDX-License-Identifier: MIT */
/*
 * May this client have this file?  security.allow limits who gets any
 * synthesised file; mac_binding limits per-phone files (the ones holding
 * secrets) to the phone whose MAC is in the name.  No client = no policy.
 */
#ifndef PP_POLICY_H
#define PP_POLICY_H

#include "model.h"

int pp_policy_check(const pp_store *st, const pp_name *name, const pp_client *client,
                    pp_error *err);

#endif
