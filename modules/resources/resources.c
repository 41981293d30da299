/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The resource view module (lttv-classic §3.4): registers the
 * "resources" view, a widget, its headless rendering and its CSV. */
#include "resources.h"

#include <lttv/module.h>

static const LttvViewInfo resources_info = {
        .name = "resources",
        .title = N_("Resources"),
        .icon_name = "computer-symbolic",
        .description = N_("CPUs, IRQ lines, softirqs and block devices over time"),
        .create = res_view_new,
        .render = res_render,
        .export_csv = res_export_csv,
};

static gboolean resources_init(GError **error)
{
	return lttv_view_register(&resources_info, error);
}

static void resources_destroy(void)
{
	lttv_view_unregister(resources_info.name);
}

LTTV_MODULE_DEFINE("resources", N_("Resource view: CPUs, IRQs, softirqs and disks over time"), NULL,
                   resources_init, resources_destroy);
