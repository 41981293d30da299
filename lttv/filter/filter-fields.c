/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The field names a filter can use on a traceset: for completion and the
 * filter bar's field list. */
#include "ctf/ir.h"
#include "ctf/trace-internal.h"
#include "filter/filter-internal.h"

#include <string.h>

static const char *const fixed_names[] = {
        "event.cpu",          "event.name",         "event.time",
        "state.cpu",          "state.process.name", "state.process.pid",
        "state.process.ppid", "state.process.tid",  "trace.name",
};

/* Field classes a filter reads by handle (filter-eval.c). */
static bool readable(const CtfFieldClass *fc)
{
	switch (fc->kind) {
	case CTF_FC_INT:
		/* the reader's machinery (event id, timestamps, packet sizes) is
		 * not payload; the CPU number is */
		return fc->i.roles == 0 || fc->i.roles == CTF_ROLE_CPU_ID;
	case CTF_FC_FLOAT:
	case CTF_FC_STRING:
	case CTF_FC_SL_STRING:
	case CTF_FC_DL_STRING: return true;
	case CTF_FC_SL_ARRAY:
	case CTF_FC_DL_ARRAY: return fc->arr.is_text;
	default: return false;
	}
}

/* Adds "event.PATH" for every readable member of `fc`, through
 * structures. */
static void add_members(GHashTable *names, const CtfFieldClass *fc, const char *prefix)
{
	if (!fc || fc->kind != CTF_FC_STRUCT)
		return;
	for (guint i = 0; i < fc->st.members->len; i++) {
		const CtfMember *m = fc->st.members->pdata[i];
		g_autofree char *path = prefix ? g_strconcat(prefix, ".", m->display_name, NULL)
		                               : g_strdup(m->display_name);

		if (m->fc->kind == CTF_FC_STRUCT) {
			add_members(names, m->fc, path);
		} else if (readable(m->fc)) {
			/* event.name, .cpu, .time are the event's own, and
			 * event.fields.X names X: such fields are event.fields.PATH */
			bool shadowed = strcmp(path, "name") == 0 || strcmp(path, "cpu") == 0 ||
			                strcmp(path, "time") == 0 ||
			                g_str_has_prefix(path, "fields.");

			g_hash_table_add(names, g_strconcat(shadowed ? "event.fields." : "event.",
			                                    path, NULL));
		}
	}
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **lttv_filter_field_names(const LttvTraceset *ts)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) fields = g_ptr_array_new();
	GPtrArray *out = g_ptr_array_new();
	GHashTableIter it;
	gpointer key;

	for (guint t = 0; ts && t < lttv_traceset_n_traces(ts); t++) {
		const LttvTrace *trace = lttv_traceset_trace(ts, t);

		for (guint i = 0; i < lttv_trace_n_event_classes(trace); i++) {
			const CtfEventClass *ec = lttv_trace_event_class(trace, i)->ec;

			add_members(seen, ec->payload, NULL);
			add_members(seen, ec->specific_ctx, NULL);
			if (ec->sc) {
				add_members(seen, ec->sc->ev_common_ctx, NULL);
				add_members(seen, ec->sc->ev_header, NULL);
				add_members(seen, ec->sc->pkt_ctx, NULL);
			}
		}
	}
	/* the fixed names first, then the fields, each group sorted */
	for (gsize i = 0; i < G_N_ELEMENTS(fixed_names); i++) {
		g_hash_table_remove(seen, fixed_names[i]);
		g_ptr_array_add(out, g_strdup(fixed_names[i]));
	}
	g_hash_table_iter_init(&it, seen);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_ptr_array_add(fields, key);
	g_ptr_array_sort(fields, compare_names);
	for (guint i = 0; i < fields->len; i++)
		g_ptr_array_add(out, g_strdup(fields->pdata[i]));
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}
