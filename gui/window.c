/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The main window: toolbar, message bar, notebook of tabs, status bar;
 * drag and drop of trace folders; keys go to text entries first. */
#include "config.h"

#include "gui/app.h"
#include "gui/statusbar.h"
#include "gui/window.h"

#include <glib/gi18n.h>
#include <string.h>

struct _LttvGuiWindow {
	GtkApplicationWindow parent;
	GtkWidget *toolbar;
	GtkWidget *infobar;
	GtkWidget *info_label;
	GtkWidget *info_icon;
	GtkWidget *notebook;
	GtkWidget *statusbar;
};

G_DEFINE_TYPE(LttvGuiWindow, lttv_gui_window, GTK_TYPE_APPLICATION_WINDOW)

static const char css[] =
        "frame.lttv-view > border { border-color: alpha(@borders, 0.9); }\n"
        "frame.lttv-view.lttv-focused > border { border-color: @theme_selected_bg_color; }\n"
        "statusbar { border-top: 1px solid @borders; }\n"
        "timebar entry { font-feature-settings: \"tnum\"; }\n";

LttvGuiPage *lttv_gui_window_current_page(LttvGuiWindow *win)
{
	int n = gtk_notebook_get_current_page(GTK_NOTEBOOK(win->notebook));

	if (n < 0)
		return NULL;
	return LTTV_GUI_PAGE(gtk_notebook_get_nth_page(GTK_NOTEBOOK(win->notebook), n));
}

void lttv_gui_window_message(LttvGuiWindow *win, GtkMessageType type, const char *text)
{
	gtk_info_bar_set_message_type(GTK_INFO_BAR(win->infobar), type);
	gtk_image_set_from_icon_name(GTK_IMAGE(win->info_icon),
	                             type == GTK_MESSAGE_ERROR     ? "dialog-error-symbolic"
	                             : type == GTK_MESSAGE_WARNING ? "dialog-warning-symbolic"
	                                                           : "dialog-information-symbolic",
	                             GTK_ICON_SIZE_BUTTON);
	gtk_label_set_text(GTK_LABEL(win->info_label), text);
	gtk_widget_show(win->infobar);
	gtk_info_bar_set_revealed(GTK_INFO_BAR(win->infobar), TRUE);
}

static void infobar_response(GtkInfoBar *bar, int response, gpointer data)
{
	gtk_info_bar_set_revealed(bar, FALSE);
}

void lttv_gui_window_flash(LttvGuiWindow *win, const char *text)
{
	lttv_gui_statusbar_flash(LTTV_GUI_STATUSBAR(win->statusbar), text);
}

void lttv_gui_window_set_job(LttvGuiWindow *win, const char *text, GCancellable *cancel)
{
	lttv_gui_statusbar_set_job(LTTV_GUI_STATUSBAR(win->statusbar), text, cancel);
}

static void set_enabled(LttvGuiWindow *win, const char *name, gboolean on)
{
	GAction *a = g_action_map_lookup_action(G_ACTION_MAP(win), name);

	if (a)
		g_simple_action_set_enabled(G_SIMPLE_ACTION(a), on);
}

static void update_actions_for(LttvGuiWindow *win, LttvGuiPage *page)
{
	gboolean has_trace = page && !lttv_gui_page_is_empty(page);
	gboolean has_view = page && lttv_gui_page_focused_view(page, NULL);
	static const char *trace_actions[] = {"add-trace",   "zoom-in",     "zoom-out",
	                                      "zoom-fit",    "goto-time",   "prev-change",
	                                      "next-change", "insert-view", "filter"};
	static const char *view_actions[] = {"view-up", "view-down", "view-remove", "export-view"};

	for (guint i = 0; i < G_N_ELEMENTS(trace_actions); i++)
		set_enabled(win, trace_actions[i], has_trace);
	for (guint i = 0; i < G_N_ELEMENTS(view_actions); i++)
		set_enabled(win, view_actions[i], has_trace && has_view);
	set_enabled(win, "close-tab", page != NULL);
}

void lttv_gui_window_update_actions(LttvGuiWindow *win)
{
	update_actions_for(win, lttv_gui_window_current_page(win));
}

static void update_title_for(LttvGuiWindow *win, LttvGuiPage *page)
{
	g_autofree char *title = NULL;

	if (page && !lttv_gui_page_is_empty(page))
		title = g_strdup_printf(_("%s — LTTV"), lttv_gui_page_get_title(page));
	gtk_window_set_title(GTK_WINDOW(win), title ? title : _("LTTV"));
}

static void update_title(LttvGuiWindow *win)
{
	update_title_for(win, lttv_gui_window_current_page(win));
}

/* The notebook gives a tab its minimum width: ask for the whole title. */
static void set_tab_label(GtkWidget *label, const char *title)
{
	gtk_label_set_text(GTK_LABEL(label), title);
	gtk_label_set_width_chars(GTK_LABEL(label), MIN((int)g_utf8_strlen(title, -1), 32));
}

static void page_title_changed(LttvGuiPage *page, GParamSpec *pspec, gpointer label)
{
	set_tab_label(label, lttv_gui_page_get_title(page));
	GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(page));

	gtk_widget_set_tooltip_text(label, lttv_gui_page_get_title(page));
	if (LTTV_GUI_IS_WINDOW(top))
		update_title(LTTV_GUI_WINDOW(top));
}

static void close_clicked(GtkButton *b, gpointer page)
{
	GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(page));

	if (LTTV_GUI_IS_WINDOW(top))
		lttv_gui_window_close_page(LTTV_GUI_WINDOW(top), page);
}

static GtkWidget *tab_label(LttvGuiPage *page)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 4);
	GtkWidget *label = gtk_label_new(NULL);
	GtkWidget *close =
	        gtk_button_new_from_icon_name("window-close-symbolic", GTK_ICON_SIZE_MENU);

	gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_MIDDLE);
	gtk_label_set_max_width_chars(GTK_LABEL(label), 32);
	set_tab_label(label, lttv_gui_page_get_title(page));
	gtk_button_set_relief(GTK_BUTTON(close), GTK_RELIEF_NONE);
	gtk_widget_set_focus_on_click(close, FALSE);
	gtk_widget_set_tooltip_text(close, _("Close this tab (Ctrl+W)"));
	g_signal_connect(close, "clicked", G_CALLBACK(close_clicked), page);
	g_signal_connect_object(page, "notify::title", G_CALLBACK(page_title_changed), label, 0);
	gtk_box_pack_start(GTK_BOX(box), label, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(box), close, FALSE, FALSE, 0);
	gtk_widget_show_all(box);
	return box;
}

LttvGuiPage *lttv_gui_window_new_page(LttvGuiWindow *win)
{
	GtkWidget *page = lttv_gui_page_new();
	int n = gtk_notebook_append_page(GTK_NOTEBOOK(win->notebook), page,
	                                 tab_label(LTTV_GUI_PAGE(page)));

	gtk_notebook_set_tab_reorderable(GTK_NOTEBOOK(win->notebook), page, TRUE);
	gtk_notebook_set_current_page(GTK_NOTEBOOK(win->notebook), n);
	return LTTV_GUI_PAGE(page);
}

void lttv_gui_window_close_page(LttvGuiWindow *win, LttvGuiPage *page)
{
	int n = gtk_notebook_page_num(GTK_NOTEBOOK(win->notebook), GTK_WIDGET(page));

	if (n >= 0)
		gtk_notebook_remove_page(GTK_NOTEBOOK(win->notebook), n);
	if (gtk_notebook_get_n_pages(GTK_NOTEBOOK(win->notebook)) == 0)
		lttv_gui_window_new_page(win); /* the empty tab invites to open a trace */
}

static void follow_page(LttvGuiWindow *win, LttvGuiPage *page);

static void open_in(LttvGuiWindow *win, LttvGuiPage *page, const char *path, gboolean add)
{
	g_autoptr(GError) error = NULL;

	if (!lttv_gui_page_open(page, path, add, &error)) {
		g_autofree char *name = g_filename_display_name(path);
		/* the reader's messages usually name the file already */
		g_autofree char *text =
		        strstr(error->message, path)
		                ? g_strdup_printf(_("Cannot open the trace: %s"), error->message)
		                : g_strdup_printf(_("Cannot open %s: %s"), name, error->message);

		lttv_gui_window_message(win, GTK_MESSAGE_ERROR, text);
		g_printerr("lttv-gui: %s\n", text);
		if (lttv_gui_page_is_empty(page) &&
		    gtk_notebook_get_n_pages(GTK_NOTEBOOK(win->notebook)) > 1)
			lttv_gui_window_close_page(win, page);
		return;
	}
	lttv_gui_app_add_recent(path);
	if (page == lttv_gui_window_current_page(win))
		follow_page(win, page);
}

void lttv_gui_window_open(LttvGuiWindow *win, const char *path)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (!page || !lttv_gui_page_is_empty(page))
		page = lttv_gui_window_new_page(win);
	open_in(win, page, path, FALSE);
}

void lttv_gui_window_add_trace(LttvGuiWindow *win, const char *path)
{
	LttvGuiPage *page = lttv_gui_window_current_page(win);

	if (!page)
		page = lttv_gui_window_new_page(win);
	open_in(win, page, path, !lttv_gui_page_is_empty(page));
}

/* The status bar, tabs, title and actions follow `page`, the current one. */
static void follow_page(LttvGuiWindow *win, LttvGuiPage *page)
{
	GtkNotebook *nb = GTK_NOTEBOOK(win->notebook);

	lttv_gui_statusbar_set_tab(LTTV_GUI_STATUSBAR(win->statusbar),
	                           lttv_gui_page_is_empty(page) ? NULL
	                                                        : lttv_gui_page_get_tab(page));
	gtk_notebook_set_show_tabs(nb, gtk_notebook_get_n_pages(nb) > 1 ||
	                                       !lttv_gui_page_is_empty(page));
	update_title_for(win, page);
	update_actions_for(win, page);
}

static void page_switched(GtkNotebook *nb, GtkWidget *child, guint n, gpointer data)
{
	/* the notebook's current page is still the previous one here */
	follow_page(data, LTTV_GUI_PAGE(child));
}

static void page_removed(GtkNotebook *nb, GtkWidget *child, guint n, gpointer data)
{
	LttvGuiWindow *win = data;

	if (gtk_notebook_get_n_pages(nb) == 0)
		lttv_gui_statusbar_set_tab(LTTV_GUI_STATUSBAR(win->statusbar), NULL);
}

/* --- keys: a text entry gets the keys it uses before accelerators --- */

static gboolean window_key_press(GtkWidget *w, GdkEventKey *ev)
{
	GtkWidget *focus = gtk_window_get_focus(GTK_WINDOW(w));
	GdkModifierType mods = ev->state & gtk_accelerator_get_default_mod_mask();

	if (GTK_IS_EDITABLE(focus) && !(mods & (GDK_CONTROL_MASK | GDK_MOD1_MASK)) &&
	    gtk_window_propagate_key_event(GTK_WINDOW(w), ev))
		return TRUE;
	return GTK_WIDGET_CLASS(lttv_gui_window_parent_class)->key_press_event(w, ev);
}

/* GTK focuses the first entry when the window maps: the keys of the
 * window (zoom...) would go to the timebar. */
static void window_mapped(GtkWidget *w, gpointer data)
{
	if (GTK_IS_EDITABLE(gtk_window_get_focus(GTK_WINDOW(w))))
		gtk_window_set_focus(GTK_WINDOW(w), NULL);
}

/* --- drag and drop of folders --- */

static void drop_received(GtkWidget *w, GdkDragContext *ctx, int x, int y, GtkSelectionData *sel,
                          guint info, guint time, gpointer data)
{
	LttvGuiWindow *win = LTTV_GUI_WINDOW(w);
	g_auto(GStrv) uris = gtk_selection_data_get_uris(sel);
	gboolean any = FALSE;

	for (guint i = 0; uris && uris[i]; i++) {
		g_autofree char *path = g_filename_from_uri(uris[i], NULL, NULL);

		if (!path)
			continue;
		if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
			/* a file of a trace (its metadata...): its folder */
			char *dir = g_path_get_dirname(path);

			g_free(path);
			path = dir;
		}
		lttv_gui_window_open(win, path);
		any = TRUE;
	}
	gtk_drag_finish(ctx, any, FALSE, time);
}

/* --- the object --- */

static GtkToolItem *tool(GtkWidget *bar, const char *icon, const char *tip, const char *action)
{
	GtkToolItem *item = gtk_tool_button_new(NULL, tip);

	gtk_tool_button_set_icon_name(GTK_TOOL_BUTTON(item), icon);
	gtk_tool_item_set_tooltip_text(item, tip);
	gtk_actionable_set_detailed_action_name(GTK_ACTIONABLE(item), action);
	gtk_toolbar_insert(GTK_TOOLBAR(bar), item, -1);
	return item;
}

static void separator(GtkWidget *bar)
{
	gtk_toolbar_insert(GTK_TOOLBAR(bar), gtk_separator_tool_item_new(), -1);
}

static GtkWidget *toolbar_new(void)
{
	GtkWidget *bar = gtk_toolbar_new();
	g_autoptr(GPtrArray) views = lttv_view_list();

	gtk_toolbar_set_style(GTK_TOOLBAR(bar), GTK_TOOLBAR_ICONS);
	gtk_toolbar_set_icon_size(GTK_TOOLBAR(bar), GTK_ICON_SIZE_LARGE_TOOLBAR);
	tool(bar, "document-open-symbolic", _("Open a trace folder (Ctrl+O)"), "win.open");
	tool(bar, "list-add-symbolic", _("Add a trace to this tab (Ctrl+Shift+O)"),
	     "win.add-trace");
	tool(bar, "tab-new-symbolic", _("New tab (Ctrl+T)"), "win.new-tab");
	separator(bar);
	tool(bar, "zoom-in-symbolic", _("Zoom in (+)"), "win.zoom-in");
	tool(bar, "zoom-out-symbolic", _("Zoom out (−)"), "win.zoom-out");
	tool(bar, "zoom-fit-best-symbolic", _("Zoom to fit the trace (0)"), "win.zoom-fit");
	tool(bar, "go-jump-symbolic", _("Go to a time (Ctrl+G)"), "win.goto-time");
	separator(bar);
	tool(bar, "go-previous-symbolic", _("Previous state change ([)"), "win.prev-change");
	tool(bar, "go-next-symbolic", _("Next state change (])"), "win.next-change");
	separator(bar);
	for (guint i = 0; i < views->len; i++) {
		const LttvViewInfo *v = views->pdata[i];
		g_autofree char *tip = g_strdup_printf(_("Insert %s"), _(v->title));
		g_autofree char *action = g_strdup_printf("win.insert-view::%s", v->name);
		const char *icon = v->icon_name;
		GtkToolItem *item;

		if (!icon || !gtk_icon_theme_has_icon(gtk_icon_theme_get_default(), icon))
			icon = "view-grid-symbolic";
		item = tool(bar, icon, v->description ? _(v->description) : tip, action);

		gtk_tool_button_set_label(GTK_TOOL_BUTTON(item), tip);
	}
	if (views->len)
		separator(bar);
	tool(bar, "document-save-as-symbolic", _("Export the focused view as PNG or SVG (Ctrl+E)"),
	     "win.export-view");
	return bar;
}

static void lttv_gui_window_class_init(LttvGuiWindowClass *klass)
{
	GTK_WIDGET_CLASS(klass)->key_press_event = window_key_press;
}

static void lttv_gui_window_init(LttvGuiWindow *win)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	g_autoptr(GtkCssProvider) provider = gtk_css_provider_new();
	static const GtkTargetEntry targets[] = {{(char *)"text/uri-list", 0, 0}};

	gtk_css_provider_load_from_data(provider, css, -1, NULL);
	gtk_style_context_add_provider_for_screen(gtk_widget_get_screen(GTK_WIDGET(win)),
	                                          GTK_STYLE_PROVIDER(provider),
	                                          GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	gtk_window_set_default_size(GTK_WINDOW(win), 1200, 760);
	gtk_window_set_title(GTK_WINDOW(win), _("LTTV"));
	win->toolbar = toolbar_new();
	gtk_box_pack_start(GTK_BOX(box), win->toolbar, FALSE, FALSE, 0);
	win->infobar = gtk_info_bar_new();
	gtk_info_bar_set_show_close_button(GTK_INFO_BAR(win->infobar), TRUE);
	win->info_label = gtk_label_new(NULL);
	gtk_label_set_line_wrap(GTK_LABEL(win->info_label), TRUE);
	gtk_label_set_xalign(GTK_LABEL(win->info_label), 0);
	gtk_label_set_selectable(GTK_LABEL(win->info_label), TRUE);
	win->info_icon = gtk_image_new();
	gtk_container_add(GTK_CONTAINER(gtk_info_bar_get_content_area(GTK_INFO_BAR(win->infobar))),
	                  win->info_icon);
	gtk_container_add(GTK_CONTAINER(gtk_info_bar_get_content_area(GTK_INFO_BAR(win->infobar))),
	                  win->info_label);
	g_signal_connect(win->infobar, "response", G_CALLBACK(infobar_response), win);
	gtk_box_pack_start(GTK_BOX(box), win->infobar, FALSE, FALSE, 0);
	win->notebook = gtk_notebook_new();
	gtk_notebook_set_scrollable(GTK_NOTEBOOK(win->notebook), TRUE);
	gtk_notebook_popup_enable(GTK_NOTEBOOK(win->notebook));
	gtk_widget_set_can_focus(win->notebook, FALSE);
	gtk_box_pack_start(GTK_BOX(box), win->notebook, TRUE, TRUE, 0);
	win->statusbar = lttv_gui_statusbar_new();
	gtk_box_pack_end(GTK_BOX(box), win->statusbar, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(win), box);
	g_signal_connect(win->notebook, "switch-page", G_CALLBACK(page_switched), win);
	g_signal_connect(win->notebook, "page-removed", G_CALLBACK(page_removed), win);
	gtk_drag_dest_set(GTK_WIDGET(win), GTK_DEST_DEFAULT_ALL, targets, G_N_ELEMENTS(targets),
	                  GDK_ACTION_COPY);
	g_signal_connect(win, "drag-data-received", G_CALLBACK(drop_received), NULL);
	g_signal_connect_after(win, "map", G_CALLBACK(window_mapped), NULL);
	lttv_gui_window_add_actions(win);
	gtk_widget_show_all(box);
	gtk_info_bar_set_revealed(GTK_INFO_BAR(win->infobar), FALSE);
	gtk_widget_hide(win->infobar);
	lttv_gui_window_new_page(win);
}

LttvGuiWindow *lttv_gui_window_new(GtkApplication *app)
{
	LttvGuiWindow *win =
	        g_object_new(LTTV_GUI_TYPE_WINDOW, "application", app, "show-menubar", TRUE, NULL);
	const char *problems = lttv_gui_app_module_problems(LTTV_GUI_APP(app));

	if (problems) {
		g_autofree char *text = g_strdup_printf(
		        _("Some modules were not loaded (see `lttv-gui --list-modules`): %s"),
		        problems);

		lttv_gui_window_message(win, GTK_MESSAGE_WARNING, text);
	}
	lttv_gui_window_update_actions(win);
	return win;
}
