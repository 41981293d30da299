/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the engine met that it could not make sense of (LttvStateCounters):
 * sums over traces, and a line for users. */
#include "config.h"

#include "lttv/state.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

void lttv_state_counters_add(LttvStateCounters *sum, const LttvStateCounters *c)
{
	sum->events += c->events;
	sum->switch_mismatches += c->switch_mismatches;
	sum->unmatched_exits += c->unmatched_exits;
	sum->forks_of_live_tids += c->forks_of_live_tids;
	sum->lost_events += c->lost_events;
	sum->uncertain_marks += c->uncertain_marks;
}

/* Appends ", TEXT" (TEXT alone first); frees it. */
static void append(GString **out, char *text)
{
	if (!*out)
		*out = g_string_new(NULL);
	else
		g_string_append(*out, ", ");
	g_string_append(*out, text);
	g_free(text);
}

char *lttv_state_counters_describe(const LttvStateCounters *c)
{
	GString *out = NULL;

	if (c->lost_events)
		append(&out, g_strdup_printf(dngettext(GETTEXT_PACKAGE, "%" PRIu64 " lost event",
		                                       "%" PRIu64 " lost events",
		                                       (unsigned long)c->lost_events),
		                             c->lost_events));
	if (c->switch_mismatches)
		append(&out,
		       g_strdup_printf(dngettext(GETTEXT_PACKAGE,
		                                 "%" PRIu64 " switch from an unexpected thread",
		                                 "%" PRIu64 " switches from an unexpected thread",
		                                 (unsigned long)c->switch_mismatches),
		                       c->switch_mismatches));
	if (c->unmatched_exits)
		append(&out,
		       g_strdup_printf(dngettext(GETTEXT_PACKAGE, "%" PRIu64 " exit without entry",
		                                 "%" PRIu64 " exits without entry",
		                                 (unsigned long)c->unmatched_exits),
		                       c->unmatched_exits));
	if (c->forks_of_live_tids)
		append(&out,
		       g_strdup_printf(dngettext(GETTEXT_PACKAGE, "%" PRIu64 " fork of a live tid",
		                                 "%" PRIu64 " forks of a live tid",
		                                 (unsigned long)c->forks_of_live_tids),
		                       c->forks_of_live_tids));
	return out ? g_string_free(out, FALSE) : NULL;
}
