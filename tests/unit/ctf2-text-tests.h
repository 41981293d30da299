/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef LTTV_TESTS_CTF2_TEXT_TESTS_H
#define LTTV_TESTS_CTF2_TEXT_TESTS_H

/* Registers the tests of test-ctf2-text.c (in tests/unit/test-json). */
void ctf2_add_text_tests(void);

#endif
