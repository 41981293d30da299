/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The window's actions (win.*): opening traces, zoom, going to a time or
 * a state change, inserting, moving, removing and exporting views. */
#include "config.h"

#include "gui/app.h"
#include "gui/export.h"
#include "gui/render.h"
#include "gui/window.h"

#include <glib/gi18n.h>

static char *last_folder; /* where the folder chooser opens next */

static LttvTab *current_tab(LttvGuiWindow *win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (!page || lttv_gui_page_is_empty(page))
		return NULL;
	return lttv_gui_page_get_tab(page);
}

/* --- opening traces --- */

typedef struct {
	LttvGuiWindow *win;
	gboolean add;
} ChooseFolder;

static void folder_chosen(GtkNativeDialog *dialog, int response, gpointer data)
{
	ChooseFolder *c = data;

	if (response == GTK_RESPONSE_ACCEPT) {
		g_autofree char *path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));

		if (path) {
			g_free(last_folder);
			last_folder = g_path_get_dirname(path);
			if (c->add)
				lttv_gui_window_add_trace(c->win, path);
			else
				lttv_gui_window_open(c->win, path);
		}
	}
	g_object_unref(c->win);
	g_free(c);
	g_object_unref(dialog);
}

static void choose_folder(LttvGuiWindow *win, gboolean add)
{
	GtkFileChooserNative *dialog = gtk_file_chooser_native_new(
	        add ? _("Add Trace to Tab") : _("Open Trace Folder"), GTK_WINDOW(win),
	        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, add ? _("_Add") : _("_Open"), _("_Cancel"));
	ChooseFolder *c = g_new0(ChooseFolder, 1);

	c->win = g_object_ref(win);
	c->add = add;
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
	if (last_folder)
		gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(dialog), last_folder);
	g_signal_connect(dialog, "response", G_CALLBACK(folder_chosen), c);
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void open_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	choose_folder(win, FALSE);
}

static void add_trace_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	choose_folder(win, TRUE);
}

static void open_recent_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	lttv_gui_window_open(win, g_variant_get_string(p, NULL));
}

static void new_tab_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	lttv_gui_window_new_page(win);
}

static void close_tab_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (page)
		lttv_gui_window_close_page(win, page);
}

/* --- time --- */

static void zoom(LttvGuiWindow *win, double factor)
{
	LttvTab *tab = current_tab(win);

	/* around the current time when it is in the window, else the middle */
	if (tab)
		lttv_tab_zoom(tab, factor, lttv_tab_get_current_time(tab));
}

static void zoom_in_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	zoom(win, 0.5);
}

static void zoom_out_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	zoom(win, 2.0);
}

static void zoom_fit_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvTab *tab = current_tab(win);

	if (tab)
		lttv_tab_zoom_fit(tab);
}

static void goto_response(GtkDialog *dialog, int response, gpointer data)
{
	LttvTab *tab = data;
	GtkWidget *entry = g_object_get_data(G_OBJECT(dialog), "entry");
	GtkWidget *error_label = g_object_get_data(G_OBJECT(dialog), "error");
	g_autoptr(GError) error = NULL;
	LttvTime begin = 0, t;

	if (response == GTK_RESPONSE_OK) {
		lttv_tab_get_trace_range(tab, &begin, NULL);
		if (!lttv_time_parse(gtk_entry_get_text(GTK_ENTRY(entry)), begin, FALSE, &t,
		                     &error)) {
			gtk_label_set_text(GTK_LABEL(error_label), error->message);
			gtk_widget_show(error_label);
			gtk_style_context_add_class(gtk_widget_get_style_context(entry), "error");
			gtk_widget_grab_focus(entry);
			return; /* the dialog stays open */
		}
		lttv_tab_set_current_time(tab, t);
	}
	gtk_widget_destroy(GTK_WIDGET(dialog));
}

static void goto_time_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvTab *tab = current_tab(win);
	GtkWidget *dialog, *area, *entry, *hint, *error_label;
	char buf[48];

	if (!tab)
		return;
	dialog = gtk_dialog_new_with_buttons(
	        _("Go to Time"), GTK_WINDOW(win), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
	        _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Go"), GTK_RESPONSE_OK, NULL);
	gtk_dialog_set_default_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
	area = gtk_dialog_get_content_area(GTK_DIALOG(dialog));
	gtk_box_set_spacing(GTK_BOX(area), 8);
	g_object_set(area, "margin", 12, NULL);
	entry = gtk_entry_new();
	gtk_entry_set_width_chars(GTK_ENTRY(entry), 32);
	gtk_entry_set_activates_default(GTK_ENTRY(entry), TRUE);
	gtk_entry_set_text(GTK_ENTRY(entry), lttv_time_format_clock(lttv_tab_get_current_time(tab),
	                                                            FALSE, buf, sizeof(buf)));
	hint = gtk_label_new(_("Seconds since the epoch (1497552690.937252046), a clock time "
	                       "(22:14:38.5, UTC),\na date and time (2017-06-15 22:14:38) or "
	                       "seconds after the trace's beginning (+1.5)."));
	gtk_style_context_add_class(gtk_widget_get_style_context(hint), "dim-label");
	gtk_label_set_xalign(GTK_LABEL(hint), 0);
	error_label = gtk_label_new(NULL);
	gtk_label_set_xalign(GTK_LABEL(error_label), 0);
	gtk_label_set_line_wrap(GTK_LABEL(error_label), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(error_label), 60);
	gtk_label_set_width_chars(GTK_LABEL(error_label), 60);
	gtk_style_context_add_class(gtk_widget_get_style_context(error_label), "error");
	gtk_container_add(GTK_CONTAINER(area), entry);
	gtk_container_add(GTK_CONTAINER(area), hint);
	gtk_container_add(GTK_CONTAINER(area), error_label);
	g_object_set_data(G_OBJECT(dialog), "entry", entry);
	g_object_set_data(G_OBJECT(dialog), "error", error_label);
	g_signal_connect_data(dialog, "response", G_CALLBACK(goto_response), g_object_ref(tab),
	                      (GClosureNotify)(void (*)(void))g_object_unref, 0);
	gtk_widget_show_all(area);
	gtk_widget_hide(error_label);
	gtk_widget_show(dialog);
}

static void state_change(LttvGuiWindow *win, gboolean forward)
{
	LttvTab *tab = current_tab(win);
	LttvHistory *h = tab ? lttv_tab_get_history(tab) : NULL;
	LttvTime t;

	if (!tab)
		return;
	if (!h) {
		lttv_gui_window_flash(win, _("The state history is not built yet: no state change "
		                             "to go to"));
		return;
	}
	if (lttv_gui_find_state_change(h, lttv_tab_get_current_time(tab), forward, &t))
		lttv_tab_set_current_time(tab, t);
	else
		lttv_gui_window_flash(win, forward ? _("No state change after the current time")
		                                   : _("No state change before the current time"));
}

static void prev_change_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	state_change(win, FALSE);
}

static void next_change_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	state_change(win, TRUE);
}

static void cancel_history_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvTab *tab = current_tab(win);

	if (tab)
		lttv_tab_cancel_history(tab);
}

/* --- views --- */

static void insert_view_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);
	const LttvViewInfo *info = lttv_view_lookup(g_variant_get_string(p, NULL));

	if (!page || !info)
		return;
	lttv_gui_page_insert_view(page, info);
	lttv_gui_window_update_actions(win);
}

static void view_up_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (page)
		lttv_gui_page_move_focused(page, -1);
}

static void view_down_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (page)
		lttv_gui_page_move_focused(page, 1);
}

static void view_remove_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (page)
		lttv_gui_page_remove_focused(page);
	lttv_gui_window_update_actions(win);
}

typedef struct {
	LttvGuiWindow *win;
	LttvTab *tab;
	const LttvViewInfo *info;
	int width, height;
} Export;

static void export_chosen(GtkNativeDialog *dialog, int response, gpointer data)
{
	Export *x = data;

	if (response == GTK_RESPONSE_ACCEPT) {
		g_autofree char *path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));
		g_autoptr(GError) error = NULL;

		g_autofree char *lower = path ? g_ascii_strdown(path, -1) : NULL;

		if (path && !g_str_has_suffix(lower, ".png") && !g_str_has_suffix(lower, ".svg") &&
		    !(x->info->export_csv && g_str_has_suffix(lower, ".csv"))) {
			char *png = g_strconcat(path, ".png", NULL);

			g_free(path);
			path = png;
		}
		if (path && x->info->export_csv && g_str_has_suffix(lower, ".csv")) {
			/* a table can take a minute: a worker, progress in the
			 * status bar; the export says itself how it ended */
			if (!lttv_gui_export_csv(x->win, x->tab, x->info, path, &error)) {
				g_autofree char *msg = g_strdup_printf(
				        _("Cannot export the view: %s"), error->message);

				lttv_gui_window_message(x->win, GTK_MESSAGE_ERROR, msg);
			}
		} else if (path && lttv_gui_render_file(x->tab, x->info, x->width, x->height, path,
		                                        NULL, &error)) {
			g_autofree char *name = g_filename_display_name(path);
			g_autofree char *msg = g_strdup_printf(_("Exported the view to %s"), name);

			lttv_gui_window_flash(x->win, msg);
		} else if (path) {
			g_autofree char *msg =
			        g_strdup_printf(_("Cannot export the view: %s"), error->message);

			lttv_gui_window_message(x->win, GTK_MESSAGE_ERROR, msg);
		}
	}
	g_object_unref(x->win);
	g_object_unref(x->tab);
	g_free(x);
	g_object_unref(dialog);
}

static void add_filter(GtkFileChooser *chooser, const char *name, const char *pattern)
{
	GtkFileFilter *f = gtk_file_filter_new();

	gtk_file_filter_set_name(f, name);
	gtk_file_filter_add_pattern(f, pattern);
	gtk_file_chooser_add_filter(chooser, f);
}

static void export_view_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);
	GtkWidget *widget = NULL;
	const LttvViewInfo *info = page ? lttv_gui_page_focused_view(page, &widget) : NULL;
	GtkFileChooserNative *dialog;
	g_autofree char *name = NULL;
	Export *x;

	if (!info)
		return;
	x = g_new0(Export, 1);
	x->win = g_object_ref(win);
	x->tab = g_object_ref(lttv_gui_page_get_tab(page));
	x->info = info;
	x->width = MAX(gtk_widget_get_allocated_width(widget), 200);
	x->height = MAX(gtk_widget_get_allocated_height(widget), 100);
	dialog = gtk_file_chooser_native_new(_("Export View"), GTK_WINDOW(win),
	                                     GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
	                                     _("_Cancel"));
	gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(dialog), TRUE);
	add_filter(GTK_FILE_CHOOSER(dialog), _("PNG image"), "*.png");
	add_filter(GTK_FILE_CHOOSER(dialog), _("SVG image"), "*.svg");
	if (info->export_csv)
		add_filter(GTK_FILE_CHOOSER(dialog), _("CSV table"), "*.csv");
	name = g_strdup_printf("%s-%s.png", lttv_gui_page_get_title(page), info->name);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), name);
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(dialog), TRUE);
	g_signal_connect(dialog, "response", G_CALLBACK(export_chosen), x);
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void filter_activated(GSimpleAction *a, GVariant *p, gpointer win)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (page)
		lttv_gui_page_focus_filter(page);
}

static const GActionEntry actions[] = {
        {"filter", filter_activated, NULL, NULL, NULL},
        {"open", open_activated, NULL, NULL, NULL},
        {"add-trace", add_trace_activated, NULL, NULL, NULL},
        {"open-recent", open_recent_activated, "s", NULL, NULL},
        {"new-tab", new_tab_activated, NULL, NULL, NULL},
        {"close-tab", close_tab_activated, NULL, NULL, NULL},
        {"zoom-in", zoom_in_activated, NULL, NULL, NULL},
        {"zoom-out", zoom_out_activated, NULL, NULL, NULL},
        {"zoom-fit", zoom_fit_activated, NULL, NULL, NULL},
        {"goto-time", goto_time_activated, NULL, NULL, NULL},
        {"prev-change", prev_change_activated, NULL, NULL, NULL},
        {"next-change", next_change_activated, NULL, NULL, NULL},
        {"cancel-history", cancel_history_activated, NULL, NULL, NULL},
        {"insert-view", insert_view_activated, "s", NULL, NULL},
        {"view-up", view_up_activated, NULL, NULL, NULL},
        {"view-down", view_down_activated, NULL, NULL, NULL},
        {"view-remove", view_remove_activated, NULL, NULL, NULL},
        {"export-view", export_view_activated, NULL, NULL, NULL},
};

void lttv_gui_window_add_actions(LttvGuiWindow *win)
{
	g_action_map_add_action_entries(G_ACTION_MAP(win), actions, G_N_ELEMENTS(actions), win);
}
