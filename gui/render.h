/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drawing a view to a PNG or SVG file (or its table to CSV) without a display: `lttv-gui
 * --render` and the window's "Export View…". */
#ifndef LTTV_GUI_RENDER_H
#define LTTV_GUI_RENDER_H

#include <lttv/view.h>

G_BEGIN_DECLS

typedef struct {
	const char *view;   /* the view's name */
	const char *window; /* "T0,T1" or NULL (the whole trace) */
	const char *size;   /* "WxH" or NULL */
	const char *output; /* .png, .svg or .csv */
	const char *layout; /* NULL: none */
	const char *selection;    /* "T0,T1" or NULL */
	const char *current_time; /* or NULL */
	const char *filter;       /* or NULL */
	const char **dirs;  /* the trace folders (one traceset) */
} LttvGuiRenderArgs;

/* `lttv-gui --render`: 0, 1 on a usage error (unknown view, bad time or
 * size), 2 when the trace cannot be read or the file written. */
int lttv_gui_render_main(const LttvGuiRenderArgs *args);

/* Draws `view` of `tab` (whose history is built) at width x height into
 * `path`, PNG or SVG by its extension; `layout` as the view's render().
 * A path ending in .csv gets the view's table instead (export_csv). */
gboolean lttv_gui_render_file(LttvTab *tab, const LttvViewInfo *view, int width, int height,
                              const char *path, GString *layout, GError **error);

/* One traceset of every trace under the folders (NULL-terminated); NULL
 * with `error` when one cannot be read or none holds a trace. */
LttvTraceset *lttv_gui_traceset_open(const char *const *paths, GError **error);

G_END_DECLS

#endif
