/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The `check` field of ust_e2e:seq and ust_e2e:sig (ust-e2e-tp.h), shared
 * by the program that writes it and the checker that verifies it. */
#ifndef UST_E2E_CHECK_H
#define UST_E2E_CHECK_H

#include <stdint.h>

/* A multiplicative hash of (seq, owner), salted per event so that one
 * event's payload read as the other's fails too. */
static inline uint32_t ust_e2e_check(uint64_t seq, uint32_t owner, uint32_t salt)
{
	return (uint32_t)(((seq ^ ((uint64_t)owner << 40) ^ salt) * UINT64_C(0x9e3779b97f4a7c15)) >>
	                  32);
}

#define UST_E2E_SALT_SEQ 0x5e9u
#define UST_E2E_SALT_SIG 0x516u

#endif
