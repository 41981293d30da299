/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control flow view module (lttv-classic §3.3): registers the
 * "controlflow" view, a widget and its headless rendering. */
#include "cf.h"

#include <lttv/module.h>

static const LttvViewInfo controlflow_info = {
        .name = "controlflow",
        .title = N_("Control flow"),
        .icon_name = "view-list-symbolic",
        .description = N_("Threads over time, coloured by state and execution mode"),
        .create = cf_view_new,
        .render = cf_render,
};

static gboolean controlflow_init(GError **error)
{
	return lttv_view_register(&controlflow_info, error);
}

static void controlflow_destroy(void)
{
	lttv_view_unregister(controlflow_info.name);
}

LTTV_MODULE_DEFINE("controlflow", N_("Control flow view: threads over time"), NULL,
                   controlflow_init, controlflow_destroy);
