/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The detailed event list module (lttv-classic §3.5): registers the
 * "events" view, a virtual list over any number of events, its headless
 * rendering and its CSV export. */
#include "ev.h"

#include <lttv/module.h>

static const LttvViewInfo events_info = {
        .name = "events",
        .title = N_("Event list"),
        .icon_name = "format-justify-fill-symbolic",
        .description = N_("Every event in time order: time, CPU, process, fields; search"),
        .create = ev_view_new,
        .render = ev_render,
        .export_csv = ev_export_csv,
};

static gboolean events_init(GError **error)
{
	return lttv_view_register(&events_info, error);
}

static void events_destroy(void)
{
	lttv_view_unregister(events_info.name);
}

LTTV_MODULE_DEFINE("events", N_("Detailed event list"), NULL, events_init, events_destroy);
