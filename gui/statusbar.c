/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The status bar: the history build of the current tab and messages. */
#include "config.h"

#include "gui/statusbar.h"

#include "gui/app.h"
#include "gui/timebar.h"
#include "lttv/history.h"

#include <glib/gi18n.h>

#define FLASH_SECONDS 6

struct _LttvGuiStatusbar {
	GtkBox parent;
	LttvTab *tab;
	GtkWidget *icon;
	GtkWidget *label;
	GtkWidget *progress;
	GtkWidget *button;
	char *flash;
	guint flash_id;
	char *job; /* a job's text, or NULL */
	GCancellable *job_cancel;
};

G_DEFINE_TYPE(LttvGuiStatusbar, lttv_gui_statusbar, GTK_TYPE_BOX)

static void describe_traceset(LttvTab *tab, GString *out)
{
	LttvTraceset *ts = lttv_tab_get_traceset(tab);
	LttvTime b, e;
	guint streams = 0;
	char dur[48];

	for (guint i = 0; i < lttv_traceset_n_traces(ts); i++)
		streams += lttv_trace_n_streams(lttv_traceset_trace(ts, i));
	g_string_append_printf(out, ngettext("%u trace", "%u traces", lttv_traceset_n_traces(ts)),
	                       lttv_traceset_n_traces(ts));
	g_string_append(out, ", ");
	g_string_append_printf(out, ngettext("%u stream", "%u streams", streams), streams);
	if (lttv_tab_get_trace_range(tab, &b, &e))
		g_string_append_printf(out, _(", %s s"),
		                       lttv_time_format_duration(e - b, dur, sizeof(dur)));
}

static void update(LttvGuiStatusbar *sb)
{
	g_autoptr(GString) text = g_string_new(NULL);
	const char *icon = NULL;
	const char *button = NULL;
	LttvTab *tab = sb->tab;
	gboolean building = tab && lttv_tab_history_building(tab);

	if (sb->job) {
		gtk_label_set_text(GTK_LABEL(sb->label), sb->job);
		gtk_widget_set_tooltip_text(sb->label, sb->job);
		gtk_widget_set_visible(sb->icon, FALSE);
		gtk_widget_set_visible(sb->progress, TRUE);
		/* no fraction to show: a pulse at each update */
		gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(sb->progress), FALSE);
		gtk_progress_bar_pulse(GTK_PROGRESS_BAR(sb->progress));
		gtk_widget_set_visible(sb->button, TRUE);
		gtk_button_set_label(GTK_BUTTON(sb->button), _("Cancel"));
		return;
	}
	if (sb->flash) {
		g_string_assign(text, sb->flash);
		icon = "dialog-information-symbolic";
	} else if (!tab || !lttv_tab_get_traceset(tab)) {
		g_string_assign(text, _("No trace is open"));
	} else {
		describe_traceset(tab, text);
		if (building) {
			g_string_append(text, _(" — building the state history…"));
			button = _("Cancel");
		} else if (lttv_tab_get_history(tab)) {
			LttvStateCounters n;
			g_autofree char *lost = NULL;

			/* what the engine could not make sense of */
			lttv_history_total_counters(lttv_tab_get_history(tab), &n);
			lost = lttv_state_counters_describe(&n);

			g_string_append(text, _(" — ready"));
			if (lost) {
				/* where the views hatch a state, and why */
				g_string_append_printf(
				        text, _("; uncertain states (hatched) after %s"), lost);
				icon = "dialog-warning-symbolic";
			}
		} else if (lttv_tab_get_history_error(tab)) {
			const GError *e = lttv_tab_get_history_error(tab);

			if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
				g_string_append(text, _(" — state history cancelled; the views "
				                        "stay empty"));
			else
				g_string_append_printf(text, _(" — state history failed: %s"),
				                       e->message);
			icon = g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED)
			               ? "dialog-information-symbolic"
			               : "dialog-error-symbolic";
			button = _("Build Again");
		}
	}
	if (g_strcmp0(gtk_label_get_text(GTK_LABEL(sb->label)), text->str) != 0)
		lttv_gui_app_test_print("status %s", text->str);
	gtk_label_set_text(GTK_LABEL(sb->label), text->str);
	gtk_widget_set_tooltip_text(sb->label, text->str);
	if (icon)
		gtk_image_set_from_icon_name(GTK_IMAGE(sb->icon), icon, GTK_ICON_SIZE_MENU);
	gtk_widget_set_visible(sb->icon, icon != NULL);
	gtk_widget_set_visible(sb->progress, building);
	gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(sb->progress), TRUE);
	if (building) {
		double p = lttv_tab_get_history_progress(tab);
		g_autofree char *pct = g_strdup_printf(_("History %d %%"), (int)(p * 100));

		gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(sb->progress), p);
		gtk_progress_bar_set_text(GTK_PROGRESS_BAR(sb->progress), pct);
	}
	gtk_widget_set_visible(sb->button, button != NULL);
	if (button)
		gtk_button_set_label(GTK_BUTTON(sb->button), button);
}

static void tab_changed(LttvTab *tab, GParamSpec *pspec, gpointer data)
{
	update(data);
}

static void button_clicked(GtkButton *b, gpointer data)
{
	LttvGuiStatusbar *sb = data;

	if (sb->job) {
		g_cancellable_cancel(sb->job_cancel);
		return;
	}
	if (!sb->tab)
		return;
	if (lttv_tab_history_building(sb->tab))
		lttv_tab_cancel_history(sb->tab);
	else
		lttv_tab_build_history(sb->tab);
	update(sb);
}

void lttv_gui_statusbar_set_tab(LttvGuiStatusbar *sb, LttvTab *tab)
{
	if (sb->tab)
		g_signal_handlers_disconnect_by_data(sb->tab, sb);
	g_set_object(&sb->tab, tab);
	if (tab) {
		g_signal_connect(tab, "notify::history-progress", G_CALLBACK(tab_changed), sb);
		g_signal_connect(tab, "notify::history", G_CALLBACK(tab_changed), sb);
		g_signal_connect(tab, "notify::traceset", G_CALLBACK(tab_changed), sb);
	}
	update(sb);
}

static gboolean flash_over(gpointer data)
{
	LttvGuiStatusbar *sb = data;

	sb->flash_id = 0;
	g_clear_pointer(&sb->flash, g_free);
	update(sb);
	return G_SOURCE_REMOVE;
}

void lttv_gui_statusbar_flash(LttvGuiStatusbar *sb, const char *text)
{
	g_free(sb->flash);
	sb->flash = g_strdup(text);
	if (sb->flash_id)
		g_source_remove(sb->flash_id);
	sb->flash_id = g_timeout_add_seconds(FLASH_SECONDS, flash_over, sb);
	update(sb);
}

/* For the GUI tests: where the job's Cancel button is, once drawn. */
static gboolean print_job_geometry(gpointer data)
{
	LttvGuiStatusbar *sb = data;

	if (sb->job)
		lttv_gui_test_print_geometry("status-cancel", sb->button);
	g_object_unref(sb);
	return G_SOURCE_REMOVE;
}

void lttv_gui_statusbar_set_job(LttvGuiStatusbar *sb, const char *text, GCancellable *cancel)
{
	if (text && !sb->job && lttv_gui_app_test_mode())
		g_timeout_add(100, print_job_geometry, g_object_ref(sb));
	g_free(sb->job);
	sb->job = g_strdup(text);
	if (text)
		g_set_object(&sb->job_cancel, cancel);
	else
		g_clear_object(&sb->job_cancel);
	update(sb);
}

static void statusbar_dispose(GObject *obj)
{
	LttvGuiStatusbar *sb = LTTV_GUI_STATUSBAR(obj);

	if (sb->tab)
		g_signal_handlers_disconnect_by_data(sb->tab, sb);
	g_clear_object(&sb->tab);
	if (sb->flash_id)
		g_source_remove(sb->flash_id);
	sb->flash_id = 0;
	g_clear_pointer(&sb->flash, g_free);
	g_clear_pointer(&sb->job, g_free);
	g_clear_object(&sb->job_cancel);
	G_OBJECT_CLASS(lttv_gui_statusbar_parent_class)->dispose(obj);
}

static void lttv_gui_statusbar_class_init(LttvGuiStatusbarClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = statusbar_dispose;
	gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "statusbar");
}

static void lttv_gui_statusbar_init(LttvGuiStatusbar *sb)
{
	gtk_orientable_set_orientation(GTK_ORIENTABLE(sb), GTK_ORIENTATION_HORIZONTAL);
	gtk_box_set_spacing(GTK_BOX(sb), 8);
	g_object_set(sb, "margin-start", 8, "margin-end", 8, "margin-top", 2, "margin-bottom", 2,
	             NULL);
	sb->icon = gtk_image_new();
	sb->label = gtk_label_new(NULL);
	gtk_label_set_ellipsize(GTK_LABEL(sb->label), PANGO_ELLIPSIZE_END);
	gtk_label_set_xalign(GTK_LABEL(sb->label), 0);
	gtk_widget_set_name(sb->label, "status-text");
	sb->progress = gtk_progress_bar_new();
	gtk_progress_bar_set_show_text(GTK_PROGRESS_BAR(sb->progress), TRUE);
	gtk_widget_set_size_request(sb->progress, 180, -1);
	gtk_widget_set_valign(sb->progress, GTK_ALIGN_CENTER);
	sb->button = gtk_button_new_with_label(_("Cancel"));
	gtk_widget_set_focus_on_click(sb->button, FALSE);
	g_signal_connect(sb->button, "clicked", G_CALLBACK(button_clicked), sb);
	gtk_box_pack_start(GTK_BOX(sb), sb->icon, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(sb), sb->label, TRUE, TRUE, 0);
	gtk_box_pack_end(GTK_BOX(sb), sb->button, FALSE, FALSE, 0);
	gtk_box_pack_end(GTK_BOX(sb), sb->progress, FALSE, FALSE, 0);
	gtk_widget_show_all(GTK_WIDGET(sb));
	gtk_widget_set_no_show_all(GTK_WIDGET(sb), TRUE);
	update(sb);
}

GtkWidget *lttv_gui_statusbar_new(void)
{
	return g_object_new(LTTV_GUI_TYPE_STATUSBAR, NULL);
}
