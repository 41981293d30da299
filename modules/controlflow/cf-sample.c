/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One sample per pixel column, as lttv_history_sample() defines it, but
 * as runs: a row that keeps its value over many columns costs one step,
 * not one per column, and a row that changes within every column (a busy
 * thread zoomed out) starts each column's search where the last one
 * ended, at the distance the last column advanced. */
#include "cf.h"

/* The start of column c: t0 + floor(span * c / cols), as q and rem
 * (span = q * cols + rem) give it without 128-bit arithmetic. */
static inline LttvTime column_start(LttvTime t0, guint64 q, guint64 rem, guint cols, guint c)
{
	return (LttvTime)((guint64)t0 + (guint64)c * q + (guint64)c * rem / cols);
}

static inline void put(CfSpan *out, guint *n, guint c0, guint c1, guint32 value, guint8 flags)
{
	out[*n] = (CfSpan){c0, c1, value, flags};
	(*n)++;
}

/* The first column starting at or after t (t0 < t < t1): the columns
 * before it start before t.  (Columns may be empty when the window is
 * fewer ns than columns: several can start at t.) */
static inline guint first_column_at(LttvTime t0, LttvTime t1, guint cols, LttvTime t)
{
	/* one past the last column starting at or before t - 1 */
	return (guint)lttv_timeline_column_of(t0, t1, cols, t - 1) + 1;
}

/* Columns [c, f) have `value` and `flags`, f being the first column
 * starting at or after `t`: the last of them holds t inside (it changes
 * there) unless column f starts exactly at t. */
static inline void put_until(CfSpan *out, guint *n, guint c, guint f, LttvTime t, LttvTime t0,
                             guint64 q, guint64 rem, guint cols, guint32 value, guint8 flags)
{
	if (f < cols && column_start(t0, q, rem, cols, f) == t) {
		if (f > c)
			put(out, n, c, f, value, flags);
		return;
	}
	if (f - 1 > c)
		put(out, n, c, f - 1, value, flags);
	put(out, n, f - 1, f, value, flags | LTTV_SAMPLE_SEVERAL);
}

guint cf_sample_spans(const LttvHistory *h, guint trace, guint row, LttvTime t0, LttvTime t1,
                      guint cols, CfSpan *out)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n, i = 0, pace = 0;
	/* (unsigned: t1 - t0 may not fit in a signed 64-bit number) */
	guint64 span = t1 > t0 ? (guint64)t1 - (guint64)t0 : 0, q, rem;
	guint count = 0, c = 0;

	if (cols == 0)
		return 0;
	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	q = span / cols;
	rem = span % cols;
	if (n == 0 || span == 0 || starts[0] >= t1) {
		/* nothing changes inside the window: its value at t0 (empty
		 * columns when span is 0: none holds a change) */
		if (n == 0 || starts[0] > t0)
			put(out, &count, 0, cols, 0, 0);
		else
			put(out, &count, 0, cols, values[lttv_history_search(starts, 0, n, t0, 0)],
			    LTTV_SAMPLE_VALUE);
		return count;
	}
	if (starts[0] > t0) {
		/* no value before the first start */
		c = first_column_at(t0, t1, cols, starts[0]);
		put_until(out, &count, 0, c, starts[0], t0, q, rem, cols, 0, 0);
	}
	while (c < cols) {
		LttvTime next;
		gsize j =
		        lttv_history_search(starts, i, n, column_start(t0, q, rem, cols, c), pace);
		guint f;

		pace = j - i;
		i = j;
		if (i + 1 >= n || starts[i + 1] >= t1) {
			/* no change until the end of the window */
			put(out, &count, c, cols, values[i], LTTV_SAMPLE_VALUE);
			break;
		}
		next = starts[i + 1];
		if (next < column_start(t0, q, rem, cols, c + 1)) {
			/* a change inside column c (a busy row: the usual case) */
			put(out, &count, c, c + 1, values[i],
			    LTTV_SAMPLE_VALUE | LTTV_SAMPLE_SEVERAL);
			c++;
			continue;
		}
		/* the same value in the columns that start before the next
		 * change */
		f = first_column_at(t0, t1, cols, next);
		put_until(out, &count, c, f, next, t0, q, rem, cols, values[i], LTTV_SAMPLE_VALUE);
		c = f;
		pace = 0;
	}
	return count;
}
