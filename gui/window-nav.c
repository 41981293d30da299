/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Previous / next state change: the nearest change of any thread row of
 * the history, by a binary search in each row's intervals. */
#include "config.h"

#include "gui/window.h"

/* The index of the first start > t (n when none). */
static gsize first_after(const LttvTime *starts, gsize n, LttvTime t)
{
	gsize lo = 0, hi = n;

	while (lo < hi) {
		gsize mid = lo + (hi - lo) / 2;

		if (starts[mid] > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The index of the first start >= t (n when none). */
static gsize first_at_or_after(const LttvTime *starts, gsize n, LttvTime t)
{
	return t == LTTV_TIME_MIN ? 0 : first_after(starts, n, t - 1);
}

gboolean lttv_gui_find_state_change(const LttvHistory *h, LttvTime from, gboolean forward,
                                    LttvTime *out)
{
	gboolean found = FALSE;
	LttvTime best = 0;

	for (guint trace = 0; trace < lttv_history_n_traces(h); trace++) {
		for (guint row = 0; row < lttv_history_n_rows(h, trace); row++) {
			const LttvTime *starts;
			const uint32_t *values;
			gsize n, i;

			if (lttv_history_row_kind(h, trace, row) != LTTV_ROW_THREAD)
				continue;
			lttv_history_row_data(h, trace, row, &starts, &values, &n);
			if (n == 0)
				continue;
			if (forward) {
				i = first_after(starts, n, from);
				if (i < n && (!found || starts[i] < best)) {
					best = starts[i];
					found = TRUE;
				}
			} else {
				i = first_at_or_after(starts, n, from);
				if (i > 0 && (!found || starts[i - 1] > best)) {
					best = starts[i - 1];
					found = TRUE;
				}
			}
		}
	}
	if (found)
		*out = best;
	return found;
}
