/* SPDX-License-Identifier: MIT */
/* SipHash-2-4 (Aumasson, Bernstein): a keyed 64-bit hash of a byte string. */
#ifndef PP_SIPHASH_H
#define PP_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t pp_siphash24(uint64_t k0, uint64_t k1, const void *data, size_t len);

#endif
