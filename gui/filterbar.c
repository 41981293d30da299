/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter bar of a tab (filterbar.h). */
#include "config.h"

#include "gui/filterbar.h"
#include "gui/app.h"
#include "gui/timebar.h"

#include <glib/gi18n.h>
#include <lttv/filter.h>
#include <string.h>

#define HISTORY_MAX 50

struct _LttvGuiFilterbar {
	GtkBox parent;
	LttvTab *tab;
	GtkWidget *combo; /* GtkComboBoxText with an entry: the history */
	GtkWidget *entry;
	GtkWidget *apply;
	GtkWidget *clear;
	GtkWidget *fields;  /* GtkMenuButton */
	GtkWidget *search;  /* in the fields popover */
	GtkWidget *list;    /* GtkListBox of field names */
	GtkWidget *message; /* the error, or what is applied */
	gulong filter_handler;
	gboolean filling; /* the combo is being refilled: no "changed" */
};

G_DEFINE_TYPE(LttvGuiFilterbar, lttv_gui_filterbar, GTK_TYPE_BOX)

/* --- the expressions used before: one list for the process, in a file --- */

static GPtrArray *history; /* of char *, most recent first */

static char *history_path(void)
{
	return g_build_filename(g_get_user_data_dir(), "lttv", "filter-history", NULL);
}

static void history_load(void)
{
	g_autofree char *path = NULL, *text = NULL;
	g_auto(GStrv) lines = NULL;

	if (history)
		return;
	history = g_ptr_array_new_with_free_func(g_free);
	path = history_path();
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] && history->len < HISTORY_MAX; i++)
		if (*g_strstrip(lines[i]))
			g_ptr_array_add(history, g_strdup(lines[i]));
}

/* Puts `expr` first; saving is best effort (a read-only home keeps the
 * list for this session). */
static void history_remember(const char *expr)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree char *path = history_path();
	g_autofree char *dir = g_path_get_dirname(path);

	history_load();
	for (guint i = 0; i < history->len; i++)
		if (strcmp(history->pdata[i], expr) == 0) {
			g_ptr_array_remove_index(history, i);
			break;
		}
	g_ptr_array_insert(history, 0, g_strdup(expr));
	if (history->len > HISTORY_MAX)
		g_ptr_array_set_size(history, HISTORY_MAX);
	for (guint i = 0; i < history->len; i++)
		g_string_append_printf(out, "%s\n", (const char *)history->pdata[i]);
	if (g_mkdir_with_parents(dir, 0700) == 0)
		g_file_set_contents(path, out->str, (gssize)out->len, NULL);
}

static void fill_combo(LttvGuiFilterbar *bar)
{
	g_autofree char *text = g_strdup(gtk_entry_get_text(GTK_ENTRY(bar->entry)));

	history_load();
	bar->filling = TRUE;
	gtk_combo_box_text_remove_all(GTK_COMBO_BOX_TEXT(bar->combo));
	for (guint i = 0; i < history->len; i++)
		gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(bar->combo), history->pdata[i]);
	gtk_entry_set_text(GTK_ENTRY(bar->entry), text);
	bar->filling = FALSE;
}

/* --- state shown --- */

static LttvTime origin_of(LttvGuiFilterbar *bar)
{
	LttvTime begin = 0;

	if (bar->tab)
		lttv_tab_get_trace_range(bar->tab, &begin, NULL);
	return begin;
}

static void show_message(LttvGuiFilterbar *bar, const char *text, gboolean error)
{
	GtkStyleContext *entry_sc = gtk_widget_get_style_context(bar->entry);
	GtkStyleContext *label_sc = gtk_widget_get_style_context(bar->message);

	gtk_label_set_text(GTK_LABEL(bar->message), text ? text : "");
	gtk_widget_set_tooltip_text(bar->message, text);
	if (error) {
		gtk_style_context_add_class(entry_sc, "error");
		gtk_style_context_add_class(label_sc, "error");
	} else {
		gtk_style_context_remove_class(entry_sc, "error");
		gtk_style_context_remove_class(label_sc, "error");
	}
}

/* Whether the entry's text is the tab's filter, and the buttons to match. */
static void sync_buttons(LttvGuiFilterbar *bar)
{
	const char *text = gtk_entry_get_text(GTK_ENTRY(bar->entry));
	const char *active = bar->tab ? lttv_tab_get_filter(bar->tab) : NULL;
	g_autofree char *stripped = g_strstrip(g_strdup(text));
	gboolean same = g_strcmp0(*stripped ? stripped : NULL, active) == 0;

	gtk_widget_set_sensitive(bar->apply, bar->tab && !same);
	gtk_widget_set_sensitive(bar->clear, bar->tab && (active || *stripped));
}

static void tab_filter_changed(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	LttvGuiFilterbar *bar = data;
	const char *active = lttv_tab_get_filter(tab);

	if (g_strcmp0(active, gtk_entry_get_text(GTK_ENTRY(bar->entry))) != 0) {
		bar->filling = TRUE;
		gtk_entry_set_text(GTK_ENTRY(bar->entry), active ? active : "");
		bar->filling = FALSE;
	}
	show_message(bar, active ? _("Filter applied") : NULL, FALSE);
	sync_buttons(bar);
	if (lttv_gui_app_test_mode())
		lttv_gui_app_test_print("filter %s", active ? active : "");
}

/* Compiles `text`: NULL when valid, else the message (and *column). */
static char *check_expression(LttvGuiFilterbar *bar, const char *text, guint *column)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvFilter) f = lttv_filter_new(text, origin_of(bar), column, &error);

	return f ? NULL : g_strdup(error->message);
}

gboolean lttv_gui_filterbar_apply(LttvGuiFilterbar *bar, const char *text)
{
	g_autofree char *expr = g_strstrip(g_strdup(text ? text : ""));
	g_autofree char *message = NULL;
	guint column = 0, lead = 0;

	/* columns count in the stripped text; the entry shows the blanks */
	for (const char *p = text ? text : ""; g_ascii_isspace(*p); p++)
		lead++;
	if (!bar->tab)
		return FALSE;
	if (!*expr) {
		lttv_tab_set_filter(bar->tab, NULL);
		show_message(bar, NULL, FALSE);
		sync_buttons(bar);
		return TRUE;
	}
	message = check_expression(bar, expr, &column);
	if (message) {
		show_message(bar, message, TRUE);
		gtk_widget_grab_focus(bar->entry);
		gtk_editable_set_position(GTK_EDITABLE(bar->entry),
		                          column > 0 ? (gint)(column - 1 + lead) : -1);
		gtk_widget_error_bell(bar->entry);
		if (lttv_gui_app_test_mode())
			lttv_gui_app_test_print("filter-error %u %s", column, message);
		return FALSE;
	}
	history_remember(expr);
	fill_combo(bar);
	lttv_tab_set_filter(bar->tab, expr);
	return TRUE;
}

static void apply_clicked(GtkButton *b, gpointer data)
{
	LttvGuiFilterbar *bar = data;

	lttv_gui_filterbar_apply(bar, gtk_entry_get_text(GTK_ENTRY(bar->entry)));
}

static void clear_clicked(GtkButton *b, gpointer data)
{
	LttvGuiFilterbar *bar = data;

	gtk_entry_set_text(GTK_ENTRY(bar->entry), "");
	lttv_gui_filterbar_apply(bar, "");
}

/* While typing: the error shows at once, nothing is applied. */
static void entry_changed(GtkEditable *e, gpointer data)
{
	LttvGuiFilterbar *bar = data;
	const char *text = gtk_entry_get_text(GTK_ENTRY(bar->entry));
	g_autofree char *stripped = g_strstrip(g_strdup(text));
	g_autofree char *message = NULL;

	if (bar->filling)
		return;
	sync_buttons(bar);
	if (!*stripped) {
		show_message(bar, NULL, FALSE);
		return;
	}
	message = check_expression(bar, stripped, NULL);
	show_message(bar, message, message != NULL);
}

/* A former expression picked from the list applies at once. */
static void combo_changed(GtkComboBox *combo, gpointer data)
{
	LttvGuiFilterbar *bar = data;

	if (!bar->filling && gtk_combo_box_get_active(combo) >= 0)
		apply_clicked(NULL, bar);
}

static void entry_activate(GtkEntry *e, gpointer data)
{
	apply_clicked(NULL, data);
}

static gboolean entry_key(GtkWidget *w, GdkEventKey *ev, gpointer data)
{
	LttvGuiFilterbar *bar = data;

	if (ev->keyval == GDK_KEY_Escape && bar->tab) {
		const char *active = lttv_tab_get_filter(bar->tab);

		/* back to what is applied */
		gtk_entry_set_text(GTK_ENTRY(bar->entry), active ? active : "");
		show_message(bar, active ? _("Filter applied") : NULL, FALSE);
		return TRUE;
	}
	return FALSE;
}

/* --- the field list --- */

static void field_activated(GtkListBox *list, GtkListBoxRow *row, gpointer data)
{
	LttvGuiFilterbar *bar = data;
	GtkWidget *label = gtk_bin_get_child(GTK_BIN(row));
	const char *name = gtk_label_get_text(GTK_LABEL(label));
	GtkEditable *e = GTK_EDITABLE(bar->entry);
	gint pos = gtk_editable_get_position(e);
	const char *text = gtk_entry_get_text(GTK_ENTRY(bar->entry));
	g_autofree char *insert = NULL;
	gboolean space_before =
	        pos > 0 &&
	        !g_unichar_isspace(g_utf8_get_char(g_utf8_offset_to_pointer(text, pos - 1)));

	insert = g_strdup_printf("%s%s ", space_before ? " " : "", name);
	gtk_editable_insert_text(e, insert, -1, &pos);
	gtk_editable_set_position(e, pos);
	gtk_popover_popdown(gtk_menu_button_get_popover(GTK_MENU_BUTTON(bar->fields)));
	gtk_widget_grab_focus(bar->entry);
	gtk_editable_select_region(e, pos, pos);
}

static gboolean field_visible(GtkListBoxRow *row, gpointer data)
{
	LttvGuiFilterbar *bar = data;
	const char *needle = gtk_entry_get_text(GTK_ENTRY(bar->search));
	const char *name = gtk_label_get_text(GTK_LABEL(gtk_bin_get_child(GTK_BIN(row))));

	return !*needle || strstr(name, needle) != NULL;
}

static void search_changed(GtkSearchEntry *s, gpointer data)
{
	LttvGuiFilterbar *bar = data;

	gtk_list_box_invalidate_filter(GTK_LIST_BOX(bar->list));
}

static void fill_fields(LttvGuiFilterbar *bar)
{
	LttvTraceset *ts = bar->tab ? lttv_tab_get_traceset(bar->tab) : NULL;
	g_auto(GStrv) names = ts ? lttv_filter_field_names(ts) : NULL;
	GList *rows = gtk_container_get_children(GTK_CONTAINER(bar->list));

	for (GList *l = rows; l; l = l->next)
		gtk_widget_destroy(l->data);
	g_list_free(rows);
	for (guint i = 0; names && names[i]; i++) {
		GtkWidget *label = gtk_label_new(names[i]);

		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_widget_set_margin_start(label, 6);
		gtk_widget_set_margin_end(label, 6);
		gtk_list_box_insert(GTK_LIST_BOX(bar->list), label, -1);
	}
	gtk_widget_show_all(bar->list);
}

static GtkWidget *fields_popover(LttvGuiFilterbar *bar)
{
	GtkWidget *pop = gtk_popover_new(bar->fields);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
	GtkWidget *scroll = gtk_scrolled_window_new(NULL, NULL);

	bar->search = gtk_search_entry_new();
	gtk_entry_set_placeholder_text(GTK_ENTRY(bar->search), _("Search fields"));
	bar->list = gtk_list_box_new();
	gtk_list_box_set_activate_on_single_click(GTK_LIST_BOX(bar->list), TRUE);
	gtk_list_box_set_filter_func(GTK_LIST_BOX(bar->list), field_visible, bar, NULL);
	g_signal_connect(bar->list, "row-activated", G_CALLBACK(field_activated), bar);
	g_signal_connect(bar->search, "search-changed", G_CALLBACK(search_changed), bar);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
	                               GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(scroll), 320);
	gtk_scrolled_window_set_min_content_width(GTK_SCROLLED_WINDOW(scroll), 260);
	gtk_container_add(GTK_CONTAINER(scroll), bar->list);
	gtk_box_pack_start(GTK_BOX(box), bar->search, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), scroll, TRUE, TRUE, 0);
	gtk_container_set_border_width(GTK_CONTAINER(box), 6);
	gtk_container_add(GTK_CONTAINER(pop), box);
	gtk_widget_show_all(box);
	return pop;
}

/* --- the widget --- */

void lttv_gui_filterbar_set_tab(LttvGuiFilterbar *bar, LttvTab *tab)
{
	if (bar->tab != tab) {
		if (bar->tab) {
			g_signal_handler_disconnect(bar->tab, bar->filter_handler);
			g_object_unref(bar->tab);
		}
		bar->tab = tab ? g_object_ref(tab) : NULL;
		if (tab)
			bar->filter_handler = g_signal_connect(tab, "notify::filter",
			                                       G_CALLBACK(tab_filter_changed), bar);
	}
	fill_fields(bar);
	if (tab)
		tab_filter_changed(tab, NULL, bar);
	sync_buttons(bar);
}

void lttv_gui_filterbar_focus(LttvGuiFilterbar *bar)
{
	gtk_widget_grab_focus(bar->entry);
}

void lttv_gui_filterbar_test_geometry(LttvGuiFilterbar *bar)
{
	lttv_gui_test_print_geometry("filter-entry", bar->entry);
	lttv_gui_test_print_geometry("filter-fields", bar->fields);
}

static void filterbar_dispose(GObject *o)
{
	LttvGuiFilterbar *bar = LTTV_GUI_FILTERBAR(o);

	if (bar->tab) {
		g_signal_handler_disconnect(bar->tab, bar->filter_handler);
		g_clear_object(&bar->tab);
	}
	G_OBJECT_CLASS(lttv_gui_filterbar_parent_class)->dispose(o);
}

static void lttv_gui_filterbar_class_init(LttvGuiFilterbarClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = filterbar_dispose;
}

static void lttv_gui_filterbar_init(LttvGuiFilterbar *bar)
{
	GtkWidget *label = gtk_label_new_with_mnemonic(_("_Filter:"));

	gtk_orientable_set_orientation(GTK_ORIENTABLE(bar), GTK_ORIENTATION_HORIZONTAL);
	gtk_box_set_spacing(GTK_BOX(bar), 4);
	gtk_widget_set_margin_start(GTK_WIDGET(bar), 4);
	gtk_widget_set_margin_end(GTK_WIDGET(bar), 4);
	gtk_widget_set_margin_top(GTK_WIDGET(bar), 4);
	bar->combo = gtk_combo_box_text_new_with_entry();
	bar->entry = gtk_bin_get_child(GTK_BIN(bar->combo));
	gtk_label_set_mnemonic_widget(GTK_LABEL(label), bar->entry);
	gtk_entry_set_placeholder_text(
	        GTK_ENTRY(bar->entry),
	        _("e.g. event.name == \"sched_switch\" && state.process.name =~ \"bash\""));
	gtk_widget_set_tooltip_text(
	        bar->entry,
	        _("Which events the views show. Fields: event.name, event.cpu, event.time, "
	          "event.FIELD, trace.name, state.process.name/pid/tid/ppid, state.cpu; "
	          "operators == != < <= > >= =~ && || ! ( ). Enter applies, Escape reverts."));
	gtk_entry_set_width_chars(GTK_ENTRY(bar->entry), 50);
	bar->fields = gtk_menu_button_new();
	gtk_button_set_label(GTK_BUTTON(bar->fields), _("Fields"));
	gtk_widget_set_tooltip_text(bar->fields, _("Insert a field name"));
	gtk_menu_button_set_popover(GTK_MENU_BUTTON(bar->fields), fields_popover(bar));
	bar->apply = gtk_button_new_with_mnemonic(_("_Apply"));
	bar->clear = gtk_button_new_from_icon_name("edit-clear-symbolic", GTK_ICON_SIZE_BUTTON);
	gtk_widget_set_tooltip_text(bar->clear, _("Remove the filter"));
	bar->message = gtk_label_new(NULL);
	gtk_label_set_ellipsize(GTK_LABEL(bar->message), PANGO_ELLIPSIZE_END);
	gtk_label_set_xalign(GTK_LABEL(bar->message), 0);
	gtk_box_pack_start(GTK_BOX(bar), label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), bar->combo, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), bar->fields, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), bar->apply, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), bar->clear, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), bar->message, TRUE, TRUE, 4);
	g_signal_connect(bar->entry, "changed", G_CALLBACK(entry_changed), bar);
	g_signal_connect(bar->entry, "activate", G_CALLBACK(entry_activate), bar);
	g_signal_connect(bar->combo, "changed", G_CALLBACK(combo_changed), bar);
	g_signal_connect(bar->entry, "key-press-event", G_CALLBACK(entry_key), bar);
	g_signal_connect(bar->apply, "clicked", G_CALLBACK(apply_clicked), bar);
	g_signal_connect(bar->clear, "clicked", G_CALLBACK(clear_clicked), bar);
	fill_combo(bar);
	sync_buttons(bar);
}

GtkWidget *lttv_gui_filterbar_new(void)
{
	return g_object_new(LTTV_GUI_TYPE_FILTERBAR, NULL);
}
