/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where events were lost: the tracer's discarded-events and
 * discarded-packets notices, from the packet index (no event is read). */
#include "cf.h"

gboolean cf_lost_any(LttvTraceset *ts)
{
	for (guint t = 0; ts && t < lttv_traceset_n_traces(ts); t++) {
		LttvTrace *trace = lttv_traceset_trace(ts, t);

		for (guint s = 0; s < lttv_trace_n_streams(trace); s++) {
			LttvStreamInfo info;

			lttv_stream_info(lttv_trace_stream(trace, s), &info);
			if (info.discarded_events || info.discarded_packets)
				return TRUE;
		}
	}
	return FALSE;
}

GArray *cf_lost_scan(LttvTraceset *ts, GCancellable *cancel, GError **error)
{
	g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(CfLost));
	g_autoptr(GArray) notices = NULL;

	if (!cf_lost_any(ts))
		return g_steal_pointer(&out);
	if (g_cancellable_set_error_if_cancelled(cancel, error))
		return NULL;
	notices = lttv_traceset_notices(ts);
	for (guint i = 0; i < notices->len; i++) {
		const LttvItem *item = &g_array_index(notices, LttvItem, i);
		CfLost l;

		l.begin = item->has_times ? item->begin : item->time;
		l.end = item->has_times ? item->end : item->time;
		l.count = item->count_known ? item->count : 0;
		g_array_append_val(out, l);
	}
	return g_steal_pointer(&out);
}
