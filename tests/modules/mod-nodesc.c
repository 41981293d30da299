/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A shared object without the descriptor symbol (a typo in its name). */
#include <gmodule.h>

G_MODULE_EXPORT const int lttv_module_descripter = 1;
