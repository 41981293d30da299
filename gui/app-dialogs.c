/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Help: the About dialog and the keyboard shortcuts window. */
#include "config.h"

#include "gui/app.h"

#include <glib/gi18n.h>

void lttv_gui_app_show_about(GtkWindow *parent)
{
	static const char *authors[] = {"The LTTV developers", NULL};

	gtk_show_about_dialog(parent, "program-name", "LTTV", "logo-icon-name", "lttv-gui",
	                      "version", PACKAGE_VERSION, "comments",
	                      _("Linux Trace Toolkit Viewer: views of CTF and LTTng traces"),
	                      "license-type", GTK_LICENSE_GPL_2_0, "authors", authors, NULL);
}

typedef struct {
	const char *accel; /* NULL: a new group, titled `title` */
	const char *title;
} Shortcut;

static const Shortcut shortcuts[] = {
        {NULL, N_("Traces and tabs")},
        {"<Control>o", N_("Open a trace folder in a new tab")},
        {"<Control><Shift>o", N_("Add a trace to the tab")},
        {"<Control>t", N_("New tab")},
        {"<Control>w", N_("Close the tab")},
        {"<Control>n", N_("New window")},
        {"<Control>e", N_("Export the focused view (PNG, SVG)")},
        {"<Control>q", N_("Quit")},
        {NULL, N_("Time")},
        {"plus", N_("Zoom in (also = and keypad +)")},
        {"minus", N_("Zoom out")},
        {"0", N_("Zoom to fit the trace")},
        {"<Control>g", N_("Go to a time")},
        {"bracketleft", N_("Previous state change of any thread")},
        {"bracketright", N_("Next state change of any thread")},
        {NULL, N_("Views")},
        {"<Control><Shift>Up", N_("Move the focused view up")},
        {"<Control><Shift>Down", N_("Move the focused view down")},
        {"<Control><Shift>Delete", N_("Remove the focused view")},
        {"F1", N_("Keyboard shortcuts")},
};

void lttv_gui_app_show_shortcuts(GtkWindow *parent)
{
	GtkWidget *win = g_object_new(GTK_TYPE_SHORTCUTS_WINDOW, "modal", TRUE, "transient-for",
	                              parent, NULL);
	GtkWidget *section = g_object_new(GTK_TYPE_SHORTCUTS_SECTION, "visible", TRUE,
	                                  "section-name", "main", NULL);
	GtkWidget *group = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(shortcuts); i++) {
		const Shortcut *s = &shortcuts[i];

		if (!s->accel) {
			group = g_object_new(GTK_TYPE_SHORTCUTS_GROUP, "visible", TRUE, "title",
			                     _(s->title), NULL);
			gtk_container_add(GTK_CONTAINER(section), group);
			continue;
		}
		gtk_container_add(GTK_CONTAINER(group),
		                  g_object_new(GTK_TYPE_SHORTCUTS_SHORTCUT, "visible", TRUE,
		                               "accelerator", s->accel, "title", _(s->title),
		                               NULL));
	}
	gtk_container_add(GTK_CONTAINER(win), section);
	gtk_widget_show(win);
}
