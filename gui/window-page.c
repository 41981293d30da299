/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tab page: the LttvTab, its views stacked in a chain of vertical
 * GtkPaned (each in a frame with its title), and the timebar. */
#include "config.h"

#include "gui/app.h"
#include "gui/render.h"
#include "gui/filterbar.h"
#include "gui/timebar.h"
#include "gui/timing.h"
#include "gui/window-page.h"

#include <glib/gi18n.h>

typedef struct {
	const LttvViewInfo *info;
	GtkWidget *outer; /* the event box holding the frame (a reference) */
	GtkWidget *frame;
	GtkWidget *title;
	GtkWidget *view;
	GtkGesture *press;
} ViewSlot;

struct _LttvGuiPage {
	GtkBox parent;
	LttvTab *tab;
	GPtrArray *paths; /* of char *: the folders of the traceset */
	char *title;
	GtkWidget *views_box;
	GtkWidget *pane_root; /* the outer GtkPaned, or NULL */
	GtkWidget *placeholder;
	GtkWidget *timebar;
	GtkWidget *filterbar;
	GPtrArray *slots; /* of ViewSlot * */
	int focused;      /* index in slots, -1: none */
	gboolean split_pending;
};

G_DEFINE_TYPE(LttvGuiPage, lttv_gui_page, GTK_TYPE_BOX)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *props[N_PROPS];

static void slot_free(gpointer data)
{
	ViewSlot *s = data;

	g_clear_object(&s->press);
	g_clear_object(&s->outer);
	g_free(s);
}

/* --- placeholder: what an empty tab or a tab without views shows --- */

static GtkWidget *placeholder_new(gboolean empty)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *icon = gtk_image_new_from_icon_name(
	        empty ? "folder-open-symbolic" : "view-paged-symbolic", GTK_ICON_SIZE_DIALOG);
	GtkWidget *title = gtk_label_new(NULL);
	GtkWidget *hint = gtk_label_new(NULL);
	g_autofree char *markup = g_markup_printf_escaped(
	        "<span size='x-large' weight='bold'>%s</span>",
	        empty ? _("No trace is open") : _("This tab shows no view"));

	gtk_label_set_markup(GTK_LABEL(title), markup);
	gtk_label_set_text(GTK_LABEL(hint),
	                   empty ? _("Open a trace folder with File ▸ Open Trace Folder (Ctrl+O),\n"
	                             "or drop one on this window.")
	                         : _("Insert one from the Views menu or the toolbar."));
	gtk_label_set_justify(GTK_LABEL(hint), GTK_JUSTIFY_CENTER);
	gtk_style_context_add_class(gtk_widget_get_style_context(hint), "dim-label");
	gtk_style_context_add_class(gtk_widget_get_style_context(icon), "dim-label");
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_container_add(GTK_CONTAINER(box), icon);
	gtk_container_add(GTK_CONTAINER(box), title);
	gtk_container_add(GTK_CONTAINER(box), hint);
	if (empty) {
		GtkWidget *open = gtk_button_new_with_mnemonic(_("_Open Trace Folder…"));

		gtk_actionable_set_action_name(GTK_ACTIONABLE(open), "win.open");
		gtk_style_context_add_class(gtk_widget_get_style_context(open), "suggested-action");
		gtk_widget_set_halign(open, GTK_ALIGN_CENTER);
		gtk_container_add(GTK_CONTAINER(box), open);
	}
	gtk_widget_show_all(box);
	return box;
}

/* --- the chain of panes --- */

static void set_focused(LttvGuiPage *page, int index)
{
	page->focused = index;
	for (guint i = 0; i < page->slots->len; i++) {
		ViewSlot *s = page->slots->pdata[i];
		GtkStyleContext *sc = gtk_widget_get_style_context(s->frame);

		if ((int)i == index)
			gtk_style_context_add_class(sc, "lttv-focused");
		else
			gtk_style_context_remove_class(sc, "lttv-focused");
	}
}

static void split_evenly(GtkWidget *box, GdkRectangle *alloc, gpointer data)
{
	LttvGuiPage *page = data;
	guint n = page->slots->len;
	GtkWidget *w = page->pane_root;

	if (!page->split_pending || n < 2 || alloc->height < 2)
		return;
	page->split_pending = FALSE;
	/* each pane of the chain gives its first child an equal share */
	for (; GTK_IS_PANED(w); w = gtk_paned_get_child2(GTK_PANED(w)))
		gtk_paned_set_position(GTK_PANED(w), alloc->height / (int)n);
}

static void relayout(LttvGuiPage *page)
{
	GtkWidget *root = NULL;

	for (guint i = 0; i < page->slots->len; i++) {
		ViewSlot *s = page->slots->pdata[i];
		GtkWidget *parent = gtk_widget_get_parent(s->outer);

		if (parent)
			gtk_container_remove(GTK_CONTAINER(parent), s->outer);
	}
	if (page->pane_root) {
		gtk_widget_destroy(page->pane_root);
		page->pane_root = NULL;
	}
	if (page->placeholder) {
		gtk_widget_destroy(page->placeholder);
		page->placeholder = NULL;
	}
	for (guint i = page->slots->len; i-- > 0;) {
		ViewSlot *s = page->slots->pdata[i];

		if (!root) {
			root = s->outer;
			continue;
		}
		GtkWidget *p = gtk_paned_new(GTK_ORIENTATION_VERTICAL);

		gtk_paned_set_wide_handle(GTK_PANED(p), TRUE);
		gtk_paned_pack1(GTK_PANED(p), s->outer, TRUE, FALSE);
		gtk_paned_pack2(GTK_PANED(p), root, TRUE, FALSE);
		root = p;
	}
	if (!root) {
		page->placeholder = placeholder_new(page->paths->len == 0);
		root = page->placeholder;
	} else if (GTK_IS_PANED(root)) {
		page->pane_root = root;
		page->split_pending = TRUE;
	}
	gtk_box_pack_start(GTK_BOX(page->views_box), root, TRUE, TRUE, 0);
	gtk_widget_show_all(root);
	if (page->focused >= (int)page->slots->len)
		page->focused = (int)page->slots->len - 1;
	set_focused(page, page->focused);
}

static int slot_index(LttvGuiPage *page, ViewSlot *slot)
{
	for (guint i = 0; i < page->slots->len; i++)
		if (page->slots->pdata[i] == slot)
			return (int)i;
	return -1;
}

static void slot_pressed(GtkGestureMultiPress *g, int n, double x, double y, gpointer data)
{
	ViewSlot *slot = data;
	GtkWidget *w = gtk_event_controller_get_widget(GTK_EVENT_CONTROLLER(g));
	LttvGuiPage *page = LTTV_GUI_PAGE(gtk_widget_get_ancestor(w, LTTV_GUI_TYPE_PAGE));

	GtkWidget *top = gtk_widget_get_toplevel(w);

	if (page)
		set_focused(page, slot_index(page, slot));
	/* a click in a view takes the keys away from a time entry */
	if (GTK_IS_WINDOW(top) && GTK_IS_EDITABLE(gtk_window_get_focus(GTK_WINDOW(top))))
		gtk_window_set_focus(GTK_WINDOW(top), NULL);
}

static void slot_focus_child_cb(GtkContainer *c, GtkWidget *child, gpointer data)
{
	ViewSlot *slot = data;
	LttvGuiPage *page =
	        LTTV_GUI_PAGE(gtk_widget_get_ancestor(GTK_WIDGET(c), LTTV_GUI_TYPE_PAGE));

	if (child && page)
		set_focused(page, slot_index(page, slot));
}

static GtkWidget *small_button(const char *icon, const char *tooltip, const char *action)
{
	GtkWidget *b = gtk_button_new_from_icon_name(icon, GTK_ICON_SIZE_MENU);

	gtk_button_set_relief(GTK_BUTTON(b), GTK_RELIEF_NONE);
	gtk_widget_set_tooltip_text(b, tooltip);
	gtk_widget_set_focus_on_click(b, FALSE);
	gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
	return b;
}

static GtkWidget *slot_header(ViewSlot *s)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	g_autofree char *markup = g_markup_printf_escaped("<b>%s</b>", _(s->info->title));

	const char *icon = s->info->icon_name;

	if (!icon || !gtk_icon_theme_has_icon(gtk_icon_theme_get_default(), icon))
		icon = "view-grid-symbolic";
	gtk_container_add(GTK_CONTAINER(box),
	                  gtk_image_new_from_icon_name(icon, GTK_ICON_SIZE_MENU));
	s->title = gtk_label_new(NULL);
	gtk_label_set_markup(GTK_LABEL(s->title), markup);
	gtk_box_pack_start(GTK_BOX(box), s->title, FALSE, FALSE, 0);
	gtk_box_pack_end(
	        GTK_BOX(box),
	        small_button("window-close-symbolic", _("Remove this view"), "win.view-remove"),
	        FALSE, FALSE, 0);
	gtk_box_pack_end(
	        GTK_BOX(box),
	        small_button("go-down-symbolic", _("Move this view down"), "win.view-down"), FALSE,
	        FALSE, 0);
	gtk_box_pack_end(GTK_BOX(box),
	                 small_button("go-up-symbolic", _("Move this view up"), "win.view-up"),
	                 FALSE, FALSE, 0);
	gtk_widget_set_margin_start(box, 6);
	gtk_widget_set_margin_end(box, 2);
	return box;
}

static gboolean test_geometry(gpointer data);

void lttv_gui_page_insert_view(LttvGuiPage *page, const LttvViewInfo *info)
{
	ViewSlot *s = g_new0(ViewSlot, 1);
	GtkWidget *vbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	int at = page->focused >= 0 ? page->focused + 1 : (int)page->slots->len;

	s->info = info;
	s->view = info->create(page->tab);
	s->frame = gtk_frame_new(NULL);
	gtk_style_context_add_class(gtk_widget_get_style_context(s->frame), "lttv-view");
	gtk_frame_set_shadow_type(GTK_FRAME(s->frame), GTK_SHADOW_IN);
	gtk_box_pack_start(GTK_BOX(vbox), slot_header(s), FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(vbox), gtk_separator_new(GTK_ORIENTATION_HORIZONTAL), FALSE,
	                   FALSE, 0);
	gtk_widget_set_vexpand(s->view, TRUE);
	gtk_widget_set_hexpand(s->view, TRUE);
	gtk_box_pack_start(GTK_BOX(vbox), s->view, TRUE, TRUE, 0);
	gtk_container_add(GTK_CONTAINER(s->frame), vbox);
	s->outer = g_object_ref_sink(gtk_event_box_new());
	gtk_event_box_set_visible_window(GTK_EVENT_BOX(s->outer), FALSE);
	gtk_container_add(GTK_CONTAINER(s->outer), s->frame);
	gtk_widget_set_size_request(s->outer, -1, 80);
	s->press = gtk_gesture_multi_press_new(s->outer);
	gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(s->press), 0);
	gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(s->press),
	                                           GTK_PHASE_CAPTURE);
	g_signal_connect(s->press, "pressed", G_CALLBACK(slot_pressed), s);
	g_signal_connect(vbox, "set-focus-child", G_CALLBACK(slot_focus_child_cb), s);
	g_ptr_array_insert(page->slots, at, s);
	page->focused = at;
	relayout(page);
	if (lttv_gui_app_test_mode()) {
		lttv_gui_app_test_print("inserted %s", info->name);
		/* once the view has laid out its content */
		g_timeout_add_full(G_PRIORITY_LOW, 500, test_geometry, g_object_ref(page),
		                   g_object_unref);
	}
}

guint lttv_gui_page_n_views(LttvGuiPage *page)
{
	return page->slots->len;
}

const LttvViewInfo *lttv_gui_page_focused_view(LttvGuiPage *page, GtkWidget **widget)
{
	ViewSlot *s;

	if (page->focused < 0 || page->focused >= (int)page->slots->len)
		return NULL;
	s = page->slots->pdata[page->focused];
	if (widget)
		*widget = s->view;
	return s->info;
}

void lttv_gui_page_move_focused(LttvGuiPage *page, int delta)
{
	int to = page->focused + delta;
	gpointer s;

	if (page->focused < 0 || to < 0 || to >= (int)page->slots->len)
		return;
	s = g_ptr_array_steal_index(page->slots, (guint)page->focused);
	g_ptr_array_insert(page->slots, to, s);
	page->focused = to;
	relayout(page);
}

void lttv_gui_page_remove_focused(LttvGuiPage *page)
{
	ViewSlot *s;

	if (page->focused < 0 || page->focused >= (int)page->slots->len)
		return;
	s = g_ptr_array_steal_index(page->slots, (guint)page->focused);
	if (gtk_widget_get_parent(s->outer))
		gtk_container_remove(GTK_CONTAINER(gtk_widget_get_parent(s->outer)), s->outer);
	gtk_widget_destroy(s->outer);
	slot_free(s);
	if (page->focused >= (int)page->slots->len)
		page->focused = (int)page->slots->len - 1;
	relayout(page);
}

/* --- the traceset --- */

static void set_title(LttvGuiPage *page)
{
	g_autofree char *base = NULL;

	g_free(page->title);
	if (page->paths->len == 0) {
		page->title = g_strdup(_("Empty"));
	} else {
		base = g_path_get_basename(page->paths->pdata[0]);
		if (page->paths->len == 1)
			page->title = g_steal_pointer(&base);
		else
			page->title = g_strdup_printf(_("%s (+%u)"), base, page->paths->len - 1);
	}
	g_object_notify_by_pspec(G_OBJECT(page), props[PROP_TITLE]);
}

gboolean lttv_gui_page_open(LttvGuiPage *page, const char *path, gboolean add, GError **error)
{
	g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
	LttvTraceset *ts;
	gboolean was_empty = page->paths->len == 0;

	if (add)
		for (guint i = 0; i < page->paths->len; i++)
			g_ptr_array_add(paths, g_strdup(page->paths->pdata[i]));
	g_ptr_array_add(paths, g_canonicalize_filename(path, NULL));
	g_ptr_array_add(paths, NULL);
	ts = lttv_gui_traceset_open((const char *const *)paths->pdata, error);
	if (!ts)
		return FALSE;
	g_ptr_array_set_size(paths, paths->len - 1);
	g_ptr_array_unref(page->paths);
	page->paths = g_steal_pointer(&paths);
	lttv_tab_set_traceset(page->tab, ts);
	lttv_gui_timebar_set_tab(LTTV_GUI_TIMEBAR(page->timebar), page->tab);
	gtk_widget_show(page->timebar);
	lttv_gui_filterbar_set_tab(LTTV_GUI_FILTERBAR(page->filterbar), page->tab);
	gtk_widget_show(page->filterbar);
	set_title(page);
	if (was_empty && page->slots->len == 0) {
		const LttvViewInfo *cf = lttv_view_lookup("controlflow");

		if (cf)
			lttv_gui_page_insert_view(page, cf);
		else
			relayout(page);
	}
	lttv_tab_build_history(page->tab);
	return TRUE;
}

void lttv_gui_page_focus_filter(LttvGuiPage *page)
{
	if (gtk_widget_get_visible(page->filterbar))
		lttv_gui_filterbar_focus(LTTV_GUI_FILTERBAR(page->filterbar));
}

LttvTab *lttv_gui_page_get_tab(LttvGuiPage *page)
{
	return page->tab;
}

const char *lttv_gui_page_get_title(LttvGuiPage *page)
{
	return page->title;
}

gboolean lttv_gui_page_is_empty(LttvGuiPage *page)
{
	return page->paths->len == 0;
}

/* --- what the GUI tests follow on stdout (LTTV_GUI_TEST) --- */

/* Prints "NAME X Y W H" of a widget, in root window coordinates. */
void lttv_gui_test_print_geometry(const char *name, GtkWidget *w)
{
	GtkWidget *top = gtk_widget_get_toplevel(w);
	GdkWindow *win = gtk_widget_get_window(top);
	int ox = 0, oy = 0, x = 0, y = 0;

	if (!win || !gtk_widget_get_mapped(w))
		return;
	gdk_window_get_origin(win, &ox, &oy);
	gtk_widget_translate_coordinates(w, top, 0, 0, &x, &y);
	lttv_gui_app_test_print("geometry %s %d %d %d %d", name, ox + x, oy + y,
	                        gtk_widget_get_allocated_width(w),
	                        gtk_widget_get_allocated_height(w));
}

static gboolean test_geometry(gpointer data)
{
	LttvGuiPage *page = data;

	for (guint i = 0; i < page->slots->len; i++) {
		ViewSlot *s = page->slots->pdata[i];
		g_autofree char *name = g_strdup_printf("view-%s", s->info->name);

		lttv_gui_test_print_geometry(name, s->view);
	}
	lttv_gui_timebar_test_geometry(LTTV_GUI_TIMEBAR(page->timebar));
	lttv_gui_filterbar_test_geometry(LTTV_GUI_FILTERBAR(page->filterbar));
	lttv_gui_app_test_print("geometry done");
	return G_SOURCE_REMOVE;
}

static void test_history(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	LttvGuiPage *page = data;
	const GError *e = lttv_tab_get_history_error(tab);

	if (lttv_tab_get_history(tab) && lttv_history_complete(lttv_tab_get_history(tab))) {
		lttv_gui_app_test_print("history ready %s", page->title);
		/* once the views have laid out their rows */
		g_timeout_add_full(G_PRIORITY_LOW, 300, test_geometry, g_object_ref(page),
		                   g_object_unref);
	} else if (e)
		lttv_gui_app_test_print("history failed %s: %s", page->title, e->message);
}

static void test_window(LttvTab *tab, gpointer data)
{
	LttvTime s, e;
	char a[48], b[48];

	lttv_tab_get_time_window(tab, &s, &e);
	lttv_gui_app_test_print("window %s %s", lttv_time_format_seconds(s, a, sizeof(a)),
	                        lttv_time_format_seconds(e, b, sizeof(b)));
}

static void test_current(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	char a[48];

	lttv_gui_app_test_print(
	        "current %s",
	        lttv_time_format_seconds(lttv_tab_get_current_time(tab), a, sizeof(a)));
}

/* --- the object --- */

static void page_get_property(GObject *obj, guint id, GValue *value, GParamSpec *pspec)
{
	LttvGuiPage *page = LTTV_GUI_PAGE(obj);

	if (id == PROP_TITLE)
		g_value_set_string(value, page->title);
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(obj, id, pspec);
}

static void page_dispose(GObject *obj)
{
	LttvGuiPage *page = LTTV_GUI_PAGE(obj);

	if (page->tab)
		lttv_tab_cancel_history(page->tab);
	/* the widgets first: their signals still find the slots */
	G_OBJECT_CLASS(lttv_gui_page_parent_class)->dispose(obj);
	if (page->slots)
		g_ptr_array_set_size(page->slots, 0);
}

static void page_finalize(GObject *obj)
{
	LttvGuiPage *page = LTTV_GUI_PAGE(obj);

	g_clear_pointer(&page->slots, g_ptr_array_unref);
	g_clear_pointer(&page->paths, g_ptr_array_unref);
	g_clear_object(&page->tab);
	g_free(page->title);
	G_OBJECT_CLASS(lttv_gui_page_parent_class)->finalize(obj);
}

static void lttv_gui_page_class_init(LttvGuiPageClass *klass)
{
	GObjectClass *oc = G_OBJECT_CLASS(klass);

	oc->get_property = page_get_property;
	oc->dispose = page_dispose;
	oc->finalize = page_finalize;
	props[PROP_TITLE] = g_param_spec_string("title", "Title", "The tab's label", NULL,
	                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(oc, N_PROPS, props);
}

static void lttv_gui_page_init(LttvGuiPage *page)
{
	gtk_orientable_set_orientation(GTK_ORIENTABLE(page), GTK_ORIENTATION_VERTICAL);
	page->tab = lttv_tab_new();
	page->paths = g_ptr_array_new_with_free_func(g_free);
	page->slots = g_ptr_array_new_with_free_func(slot_free);
	page->focused = -1;
	page->title = g_strdup(_("Empty"));
	page->filterbar = lttv_gui_filterbar_new();
	gtk_box_pack_start(GTK_BOX(page), page->filterbar, FALSE, FALSE, 0);
	page->views_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	gtk_widget_set_margin_start(page->views_box, 4);
	gtk_widget_set_margin_end(page->views_box, 4);
	gtk_widget_set_margin_top(page->views_box, 4);
	gtk_box_pack_start(GTK_BOX(page), page->views_box, TRUE, TRUE, 0);
	g_signal_connect(page->views_box, "size-allocate", G_CALLBACK(split_evenly), page);
	page->timebar = lttv_gui_timebar_new();
	gtk_box_pack_start(GTK_BOX(page), page->timebar, FALSE, FALSE, 0);
	gtk_widget_show_all(GTK_WIDGET(page));
	gtk_widget_set_no_show_all(page->timebar, TRUE);
	gtk_widget_hide(page->timebar);
	gtk_widget_set_no_show_all(page->filterbar, TRUE);
	gtk_widget_hide(page->filterbar);
	relayout(page);
	lttv_gui_timing_attach(GTK_WIDGET(page), page->tab);
	if (lttv_gui_app_test_mode()) {
		g_signal_connect_object(page->tab, "notify::history", G_CALLBACK(test_history),
		                        page, 0);
		g_signal_connect_object(page->tab, "time-window-changed", G_CALLBACK(test_window),
		                        page, 0);
		g_signal_connect_object(page->tab, "notify::current-time", G_CALLBACK(test_current),
		                        page, 0);
	}
}

GtkWidget *lttv_gui_page_new(void)
{
	return g_object_new(LTTV_GUI_TYPE_PAGE, NULL);
}
