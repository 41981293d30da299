/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads pixels of a PNG for the screenshot tests:
 *   pngtool size FILE                    -> "W H"
 *   pngtool pixel FILE X Y               -> "R G B" (0-255)
 *   pngtool colors FILE X0 Y0 X1 Y1      -> "R G B COUNT" per distinct colour
 *                                           of the rectangle [X0,X1) x [Y0,Y1),
 *                                           most frequent first
 *   pngtool diff FILE1 FILE2             -> number of differing pixels
 */
#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

static cairo_surface_t *load(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngtool: %s: %s\n", path,
		        cairo_status_to_string(cairo_surface_status(s)));
		exit(2);
	}
	cairo_surface_flush(s);
	return s;
}

/* The pixel as 0xRRGGBB (alpha dropped: screenshots and renders are opaque). */
static guint32 pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);

	return *(const guint32 *)(data + (size_t)y * stride + (size_t)x * 4) & 0xffffff;
}

static int in_bounds(cairo_surface_t *s, int x, int y)
{
	return x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) &&
	       y < cairo_image_surface_get_height(s);
}

static gint by_count(gconstpointer a, gconstpointer b, gpointer counts)
{
	guint ca = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(gpointer *)a));
	guint cb = GPOINTER_TO_UINT(g_hash_table_lookup(counts, *(gpointer *)b));

	return ca < cb ? 1 : ca > cb ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && g_str_equal(argv[1], "size")) {
		cairo_surface_t *s = load(argv[2]);

		printf("%d %d\n", cairo_image_surface_get_width(s),
		       cairo_image_surface_get_height(s));
		return 0;
	}
	if (argc == 5 && g_str_equal(argv[1], "pixel")) {
		cairo_surface_t *s = load(argv[2]);
		int x = atoi(argv[3]), y = atoi(argv[4]);

		if (!in_bounds(s, x, y)) {
			fprintf(stderr, "pngtool: %d,%d is outside the image\n", x, y);
			return 2;
		}
		guint32 p = pixel(s, x, y);
		printf("%u %u %u\n", p >> 16, (p >> 8) & 0xff, p & 0xff);
		return 0;
	}
	if (argc == 7 && g_str_equal(argv[1], "colors")) {
		cairo_surface_t *s = load(argv[2]);
		int x0 = atoi(argv[3]), y0 = atoi(argv[4]), x1 = atoi(argv[5]), y1 = atoi(argv[6]);
		g_autoptr(GHashTable) counts = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_autoptr(GPtrArray) keys = g_ptr_array_new();

		for (int y = MAX(y0, 0); y < y1; y++)
			for (int x = MAX(x0, 0); x < x1; x++) {
				if (!in_bounds(s, x, y))
					continue;
				/* +1: colour 0 (black) must not be a NULL key */
				gpointer k = GUINT_TO_POINTER(pixel(s, x, y) + 1);
				guint c = GPOINTER_TO_UINT(g_hash_table_lookup(counts, k));

				if (!c)
					g_ptr_array_add(keys, k);
				g_hash_table_insert(counts, k, GUINT_TO_POINTER(c + 1));
			}
		g_ptr_array_sort_with_data(keys, by_count, counts);
		for (guint i = 0; i < keys->len; i++) {
			guint32 p = GPOINTER_TO_UINT(keys->pdata[i]) - 1;

			printf("%u %u %u %u\n", p >> 16, (p >> 8) & 0xff, p & 0xff,
			       GPOINTER_TO_UINT(g_hash_table_lookup(counts, keys->pdata[i])));
		}
		return 0;
	}
	if (argc == 4 && g_str_equal(argv[1], "diff")) {
		cairo_surface_t *a = load(argv[2]), *b = load(argv[3]);
		int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
		long n = 0;

		if (w != cairo_image_surface_get_width(b) ||
		    h != cairo_image_surface_get_height(b)) {
			printf("%ld\n", (long)w * h);
			return 0;
		}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				n += pixel(a, x, y) != pixel(b, x, y);
		printf("%ld\n", n);
		return 0;
	}
	fprintf(stderr, "usage: pngtool size FILE | pixel FILE X Y | colors FILE X0 Y0 X1 Y1 | "
	                "diff FILE1 FILE2\n");
	return 2;
}
