/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the resource view: per trace a header, then per kind of
 * resource a header and the resources by number; which groups are
 * collapsed and whether unused resources show, kept on the tab. */
#include "resources.h"

#include <stdlib.h>

#define COLLAPSED_KEY   "lttv-resources-collapsed"
#define SHOW_UNUSED_KEY "lttv-resources-show-unused"

static const char *const kind_ids[RES_N_KINDS] = {"cpu", "irq", "softirq", "disk"};

const char *res_kind_id(ResKind k)
{
	return k < RES_N_KINDS ? kind_ids[k] : "";
}

static const char *kind_title(ResKind k)
{
	switch (k) {
	case RES_CPU: return _("CPUs");
	case RES_IRQ: return _("IRQ lines");
	case RES_SOFTIRQ: return _("Softirqs");
	default: return _("Block devices");
	}
}

static gboolean kind_of_row(LttvRowKind rk, ResKind *k)
{
	switch (rk) {
	case LTTV_ROW_CPU: *k = RES_CPU; return TRUE;
	case LTTV_ROW_IRQ: *k = RES_IRQ; return TRUE;
	case LTTV_ROW_SOFTIRQ: *k = RES_SOFTIRQ; return TRUE;
	case LTTV_ROW_DISK: *k = RES_DISK; return TRUE;
	default: return FALSE;
	}
}

/* Whether a resource did anything in the history: an IRQ line busy, a
 * vector raised or running, a disk with a request (CPUs always count).
 * Stops at the first such value: unused rows hold one or two values. */
static gboolean row_used(const LttvHistory *h, guint trace, guint row, ResKind k)
{
	const LttvTime *starts;
	const uint32_t *values;
	gsize n;

	if (k == RES_CPU)
		return TRUE;
	if (k == RES_DISK && lttv_history_disk_n_requests(h, trace, row) > 0)
		return TRUE;
	lttv_history_row_data(h, trace, row, &starts, &values, &n);
	for (gsize i = 0; i < n; i++)
		if ((k == RES_IRQ && LTTV_IRQ_BUSY(values[i])) || (k == RES_SOFTIRQ && values[i]) ||
		    (k == RES_DISK && LTTV_DISK_PENDING(values[i])))
			return TRUE;
	return FALSE;
}

static void fill_resource(ResItem *it, const LttvHistory *h)
{
	const char *name = lttv_history_row_name(h, it->trace, it->hrow);

	it->name = name;
	switch (it->kind) {
	case RES_CPU:
		it->label = g_strdup_printf(_("CPU %" G_GINT64_FORMAT), it->entity);
		it->detail = g_strdup("");
		break;
	case RES_IRQ:
		it->label =
		        name ? g_strdup_printf(_("IRQ %" G_GINT64_FORMAT " %s"), it->entity, name)
		             : g_strdup_printf(_("IRQ %" G_GINT64_FORMAT), it->entity);
		it->detail = g_strdup("");
		break;
	case RES_SOFTIRQ:
		it->label = name ? g_strdup(name)
		                 : g_strdup_printf(_("softirq %" G_GINT64_FORMAT), it->entity);
		it->detail = g_strdup_printf(_("vec %" G_GINT64_FORMAT), it->entity);
		break;
	default: {
		/* kernel dev_t: major << 20 | minor */
		g_autofree char *dev = g_strdup_printf("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
		                                       it->entity >> 20, it->entity & 0xfffff);

		it->label = g_strdup(name ? name : dev);
		it->detail = g_strdup(name ? dev : "");
		break;
	}
	}
}

static int compare_entity(gconstpointer a, gconstpointer b)
{
	const ResItem *x = a, *y = b;

	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static void clear_item(gpointer data)
{
	ResItem *it = data;

	g_free(it->label);
	g_free(it->detail);
}

GArray *res_items_new(const LttvHistory *h, LttvTraceset *ts)
{
	GArray *items = g_array_new(FALSE, TRUE, sizeof(ResItem));

	g_array_set_clear_func(items, clear_item);
	for (guint t = 0; t < lttv_history_n_traces(h); t++) {
		GArray *by_kind[RES_N_KINDS];
		ResItem head = {.type = RES_ITEM_TRACE, .trace = t};
		guint head_at = items->len;

		for (int k = 0; k < RES_N_KINDS; k++)
			by_kind[k] = g_array_new(FALSE, TRUE, sizeof(ResItem));
		for (guint r = 0; r < lttv_history_n_rows(h, t); r++) {
			ResItem it = {.type = RES_ITEM_RESOURCE, .trace = t, .hrow = r};

			if (!kind_of_row(lttv_history_row_kind(h, t, r), &it.kind))
				continue;
			it.entity = lttv_history_row_entity(h, t, r);
			it.used = row_used(h, t, r, it.kind);
			g_array_append_val(by_kind[it.kind], it);
		}
		if (ts && t < lttv_traceset_n_traces(ts))
			head.label = g_strdup(lttv_trace_name(lttv_traceset_trace(ts, t)));
		else
			head.label = g_strdup_printf(_("Trace %u"), t);
		head.detail = g_strdup("");
		g_array_append_val(items, head);
		for (int k = 0; k < RES_N_KINDS; k++) {
			ResItem group = {.type = RES_ITEM_GROUP, .trace = t, .kind = k};
			guint group_at;

			if (by_kind[k]->len == 0)
				continue;
			g_array_sort(by_kind[k], compare_entity);
			group.label = g_strdup(kind_title(k));
			group_at = items->len;
			g_array_append_val(items, group);
			for (guint i = 0; i < by_kind[k]->len; i++) {
				ResItem *it = &g_array_index(by_kind[k], ResItem, i);

				fill_resource(it, h);
				g_array_append_val(items, *it);
				g_array_index(items, ResItem, group_at).n_rows++;
				g_array_index(items, ResItem, group_at).n_used += it->used;
			}
			g_array_index(items, ResItem, head_at).n_rows += by_kind[k]->len;
			g_array_index(items, ResItem, head_at).n_used +=
			        g_array_index(items, ResItem, group_at).n_used;
		}
		for (int k = 0; k < RES_N_KINDS; k++)
			g_array_unref(by_kind[k]); /* their strings moved to items */
		/* the groups' counts, for the right column (the trace's name
		 * needs the room) */
		for (guint i = head_at; i < items->len; i++) {
			ResItem *it = &g_array_index(items, ResItem, i);

			if (it->type != RES_ITEM_GROUP)
				continue;
			g_free(it->detail);
			it->detail = it->n_used == it->n_rows
			                     ? g_strdup_printf("%u", it->n_rows)
			                     : g_strdup_printf(_("%u of %u used"), it->n_used,
			                                       it->n_rows);
		}
	}
	return items;
}

char *res_item_key(const ResItem *it)
{
	switch (it->type) {
	case RES_ITEM_TRACE: return g_strdup_printf("%u", it->trace);
	case RES_ITEM_GROUP: return g_strdup_printf("%u:%s", it->trace, res_kind_id(it->kind));
	default:
		return g_strdup_printf("%u:%s:%" G_GINT64_FORMAT, it->trace, res_kind_id(it->kind),
		                       it->entity);
	}
}

/* The tab's set of collapsed groups; the first time, from the
 * environment (for headless rendering). */
static GHashTable *collapsed_set(LttvTab *tab)
{
	GHashTable *set = g_object_get_data(G_OBJECT(tab), COLLAPSED_KEY);
	const char *env;

	if (set)
		return set;
	set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	env = g_getenv("LTTV_RESOURCES_COLLAPSED");
	if (env) {
		g_auto(GStrv) keys = g_strsplit(env, ",", -1);

		for (guint i = 0; keys[i]; i++)
			if (*g_strstrip(keys[i]))
				g_hash_table_add(set, g_strdup(keys[i]));
	}
	g_object_set_data_full(G_OBJECT(tab), COLLAPSED_KEY, set,
	                       (GDestroyNotify)g_hash_table_unref);
	if (g_getenv("LTTV_RESOURCES_SHOW_UNUSED") &&
	    !g_object_get_data(G_OBJECT(tab), SHOW_UNUSED_KEY))
		res_set_show_unused(tab, atoi(g_getenv("LTTV_RESOURCES_SHOW_UNUSED")) != 0);
	return set;
}

gboolean res_collapsed(LttvTab *tab, const ResItem *it)
{
	g_autofree char *key = NULL;

	if (it->type == RES_ITEM_RESOURCE)
		return FALSE;
	key = res_item_key(it);
	return g_hash_table_contains(collapsed_set(tab), key);
}

void res_set_collapsed(LttvTab *tab, const ResItem *it, gboolean collapsed)
{
	char *key;

	if (it->type == RES_ITEM_RESOURCE)
		return;
	key = res_item_key(it);
	if (collapsed)
		g_hash_table_add(collapsed_set(tab), key);
	else {
		g_hash_table_remove(collapsed_set(tab), key);
		g_free(key);
	}
}

gboolean res_show_unused(LttvTab *tab)
{
	collapsed_set(tab); /* reads the environment the first time */
	return GPOINTER_TO_INT(g_object_get_data(G_OBJECT(tab), SHOW_UNUSED_KEY)) == 2;
}

void res_set_show_unused(LttvTab *tab, gboolean show)
{
	/* 1: hidden, 2: shown (0: never set) */
	g_object_set_data(G_OBJECT(tab), SHOW_UNUSED_KEY, GINT_TO_POINTER(show ? 2 : 1));
}

GPtrArray *res_items_shown(LttvTab *tab, GArray *items)
{
	GPtrArray *out = g_ptr_array_sized_new(items->len);
	gboolean unused = res_show_unused(tab);
	gboolean trace_open = TRUE, group_open = TRUE;

	for (guint i = 0; i < items->len; i++) {
		ResItem *it = &g_array_index(items, ResItem, i);

		switch (it->type) {
		case RES_ITEM_TRACE:
			g_ptr_array_add(out, it);
			it->collapsed = res_collapsed(tab, it);
			trace_open = !it->collapsed;
			break;
		case RES_ITEM_GROUP:
			it->collapsed = res_collapsed(tab, it);
			group_open = !it->collapsed;
			if (trace_open)
				g_ptr_array_add(out, it);
			break;
		default:
			if (trace_open && group_open && (it->used || unused))
				g_ptr_array_add(out, it);
			break;
		}
	}
	return out;
}
