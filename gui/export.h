/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exports of a view's table (CSV) from the window: in a worker thread,
 * with progress and Cancel in the status bar (export.c). */
#ifndef LTTV_GUI_EXPORT_H
#define LTTV_GUI_EXPORT_H

#include "gui/window.h"

#include <lttv/view.h>

G_BEGIN_DECLS

/* Starts writing `info`'s table of what `tab` shows now to `path`; the
 * window's status bar shows it going, then a message says how it ended.
 * FALSE (and nothing started) when the view has no table or another
 * export is running. */
gboolean lttv_gui_export_csv(LttvGuiWindow *win, LttvTab *tab, const LttvViewInfo *info,
                             const char *path, GError **error);
/* At exit: cancels a running export and waits (10 s at most) until it
 * has left the file as it was. */
void lttv_gui_export_shutdown(void);

G_END_DECLS

#endif
