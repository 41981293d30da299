/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics view module (lttv-classic §3.6): registers the
 * "statistics" view, its widget, its headless rendering and its CSV. */
#include "st.h"

#include <lttv/module.h>

static const LttvViewInfo statistics_info = {
        .name = "statistics",
        .title = N_("Statistics"),
        .icon_name = "x-office-spreadsheet-symbolic",
        .description = N_("Events, CPU time and elapsed time per CPU, thread, mode, system "
                          "call and event type, over the selection"),
        .create = st_view_new,
        .render = st_render,
        .export_csv = st_export_csv,
};

static gboolean statistics_init(GError **error)
{
	return lttv_view_register(&statistics_info, error);
}

static void statistics_destroy(void)
{
	lttv_view_unregister(statistics_info.name);
}

LTTV_MODULE_DEFINE("statistics", N_("Statistics view: a tree of counts and times over a range"),
                   NULL, statistics_init, statistics_destroy);
