/* SPDX-License-Identifier: MIT */
/*
 * The documented upgrade paths, as data: the one place they are written.
 * A phone without a via in its firmware entry takes, in this order, each
 * row that applies to its model, its target and the load it runs.
 *
 * Evidence (lifecycle.md section 1, cisco-formats.md section 5):
 * - 7940/7960: Cisco's CME guide gives SIP [234].x -> 4.4 -> 5.3 -> 6.x ->
 *   7.x and "you cannot go directly to 7.x"; the seed's 7940 on SCCP 3.x
 *   said "Load ID Incorrect" to P0S3-07-4-00 and took P0S3-06-3-00, and
 *   from there only the loader P003-08-2-00 (no P0S3-08-x-00.bin exists).
 *   So a phone below SIP 6.3 goes through SIP 6.3, and a phone on any
 *   pre-loader load boots the loader of its target through OS79XX.TXT.
 *   SIP below 4.4 needs 4.4 and 5.3 first; no phone seen runs one, so the
 *   table leaves them out and says so in the README.
 * - 7941/7961 and 7970/7971, the 9.2 release notes: below 8.3(3) a phone
 *   must go through 8.3(3)-8.5(2) before 9.2(3) or later; wazo warns of a
 *   reboot loop.  The step is 8.5(2)SR1, the load Cisco's CME examples
 *   name (SIP41.8-5-2SR1S, SIP70.8-5-2SR1S); other 79x1/79x2/79x5 models
 *   have no documented 8.5(2) name, so they get no row (a via gives them one).
 */
#include "firmware.h"

static const pp_fw_rule rules[] = {
    {.models = "7940 7960",
     .target_proto = PP_FWP_SIP,
     .target_min = {7, 0, 0},
     .from_below = {6, 3, 0},
     .preloader_only = 1,
     .make = PP_FWM_FIXED,
     .load = "P0S3-06-3-00",
     .why = "a 7940/7960 below SIP 6.3 cannot take the loader, it says \"Load ID "
            "Incorrect\"; SIP 6.3 can"},
    {.models = "7940 7960",
     .target_proto = PP_FWP_SIP,
     .target_min = {7, 0, 0},
     .from_below = {99, 0, 0},
     .preloader_only = 1,
     .make = PP_FWM_LOADER,
     .why = "a 7940/7960 on a pre-loader load boots SIP 7.x and later through the "
            "Universal Application Loader P003-... named in OS79XX.TXT; no P0S3-8-x .bin "
            "exists"},
    {.models = "7941 7961 7941G-GE 7961G-GE 7970 7971",
     .target_min = {9, 0, 0},
     .from_below = {8, 3, 3},
     .make = PP_FWM_XML,
     .load = ".8-5-2SR1S",
     .why = "a 79x1 below 8.3(3) must take 8.3(3) to 8.5(2) before 9.x, or it reboots in "
            "a loop, say the 9.2 release notes"},
};

const pp_fw_rule *pp_fw_rule_at(size_t i)
{
	return i < sizeof(rules) / sizeof(rules[0]) ? &rules[i] : NULL;
}
