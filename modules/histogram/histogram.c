/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The histogram view module (lttv-classic §3.7): events per pixel column
 * over the tab's time window, with an overview of the whole trace. */
#include "hist.h"

#include <lttv/module.h>

static const LttvViewInfo histogram_info = {
        .name = "histogram",
        .title = N_("Histogram"),
        .icon_name = "x-office-presentation-symbolic",
        .description = N_("Events per pixel column over the time window, and over the whole "
                          "trace"),
        .create = hist_view_new,
        .render = hist_render,
        .export_csv = hist_export_csv,
};

static gboolean histogram_init(GError **error)
{
	return lttv_view_register(&histogram_info, error);
}

static void histogram_destroy(void)
{
	lttv_view_unregister(histogram_info.name);
}

LTTV_MODULE_DEFINE("histogram", N_("Histogram view: events over time"), NULL, histogram_init,
                   histogram_destroy);
