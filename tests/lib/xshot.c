/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Screenshots for the GUI tests, of the X display in $DISPLAY:
 *   xshot FILE.png                  the whole root window
 *   xshot FILE.png X Y W H          a rectangle of it
 */
#include <gdk/gdk.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GdkPixbuf) pixbuf = NULL;
	GdkWindow *root;
	int x = 0, y = 0, w, h;

	if (argc != 2 && argc != 6) {
		fprintf(stderr, "usage: xshot FILE.png [X Y W H]\n");
		return 1;
	}
	if (!gdk_init_check(&argc, &argv)) {
		fprintf(stderr, "xshot: cannot open the display %s\n", g_getenv("DISPLAY"));
		return 2;
	}
	root = gdk_get_default_root_window();
	w = gdk_window_get_width(root);
	h = gdk_window_get_height(root);
	if (argc == 6) {
		x = atoi(argv[2]);
		y = atoi(argv[3]);
		w = atoi(argv[4]);
		h = atoi(argv[5]);
	}
	pixbuf = gdk_pixbuf_get_from_window(root, x, y, w, h);
	if (!pixbuf) {
		fprintf(stderr, "xshot: cannot read the screen\n");
		return 2;
	}
	if (!gdk_pixbuf_save(pixbuf, argv[1], "png", &error, NULL)) {
		fprintf(stderr, "xshot: %s\n", error->message);
		return 2;
	}
	return 0;
}
