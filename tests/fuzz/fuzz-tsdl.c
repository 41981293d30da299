/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the input is CTF 1.8 metadata text (TSDL, already
 * un-packetized).  It is parsed and, when it parses, compiled for
 * decoding.  Rejecting the input with a GError is fine; a crash, a
 * sanitizer report, a leak, a time-out, or a broken GError contract
 * (NULL/false without an error, or an error with success) is a finding.
 */
#include "ctf/compile.h"
#include "ctf/metadata.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void contract(gboolean ok, const GError *error, const char *what)
{
	if (ok && error) {
		fprintf(stderr, "fuzz-tsdl: %s succeeded but set an error: %s\n", what,
		        error->message);
		abort();
	}
	if (!ok && !error) {
		fprintf(stderr, "fuzz-tsdl: %s failed without setting an error\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The text is not NUL-terminated: the parser must honour `len`. */
	CtfMetaSource src = {.filename = "fuzz.tsdl", .text = (const char *)data, .len = size};
	g_autoptr(GError) error = NULL;
	CtfTraceClass *tc = ctf_tsdl_parse(&src, &error);

	contract(tc != NULL, error, "ctf_tsdl_parse");
	if (tc) {
		contract(ctf_trace_class_compile(tc, &error), error, "ctf_trace_class_compile");
		ctf_trace_class_free(tc);
	}
	return 0;
}
