/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ring-buffer page iterator of `lttv-trace record -k` on pages built
 * byte by byte, rwbs letters, and syscall names. */
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/ftrace-format.h"
#include "tracer/kernel/ftrace-page.h"
#include "tracer/kernel/syscalls.h"
#include "tracer/kernel/tracefs.h"

#include "ftrace-formats.h"
#include "lttv/error.h"
#include "lttv/event.h"
#include "lttv/traceset.h"

#include <asm/unistd.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ================================================================ pages */

#define PAGE 4096

typedef struct {
	guint8 *b;    /* the page (exact size, heap: overreads are caught) */
	gsize size;   /* page size */
	gsize off;    /* data offset (16 or 12) */
	gsize pos;    /* where the next record goes */
	gsize commit; /* commit word size (8 or 4) */
	FtracePageHeader h;
} Page;

static void page_init(Page *p, gboolean c32, gsize size, guint64 ts)
{
	g_assert_true(ftrace_page_header_parse(c32 ? header_page_32 : header_page_64, &p->h, NULL));
	p->size = size;
	p->b = g_malloc0(size);
	p->commit = c32 ? 4 : 8;
	p->off = p->pos = 8 + p->commit;
	memcpy(p->b, &ts, 8);
}

static void page_clear(Page *p)
{
	g_free(p->b);
	p->b = NULL;
}

static void put32(Page *p, guint32 v)
{
	g_assert_cmpuint(p->pos + 4, <=, p->size);
	memcpy(p->b + p->pos, &v, 4);
	p->pos += 4;
}

static void put_bytes(Page *p, const void *data, gsize n)
{
	g_assert_cmpuint(p->pos + n, <=, p->size);
	memcpy(p->b + p->pos, data, n);
	p->pos += n;
}

static guint32 word(guint32 type_len, guint32 delta)
{
	g_assert_cmpuint(delta, <, 1u << 27);
	return type_len | delta << 5;
}

/* A data record, short form: n (multiple of 4, 4 ... 112) payload bytes. */
static void rec_short(Page *p, guint32 delta, const void *payload, guint32 n)
{
	g_assert_cmpuint(n % 4, ==, 0);
	put32(p, word(n / 4, delta));
	put_bytes(p, payload, n);
}

/* A data record, long form: array[0] = n + 4 (n rounded up to 4 bytes). */
static void rec_long(Page *p, guint32 delta, const void *payload, guint32 n)
{
	guint32 padded = (n + 3) & ~3u;

	put32(p, word(0, delta));
	put32(p, padded + 4);
	put_bytes(p, payload, n);
	p->pos += padded - n;
}

static void rec_extend(Page *p, guint64 delta)
{
	put32(p, word(30, (guint32)(delta & ((1u << 27) - 1))));
	put32(p, (guint32)(delta >> 27));
}

static void rec_stamp(Page *p, guint64 abs)
{
	put32(p, word(31, (guint32)(abs & ((1u << 27) - 1))));
	put32(p, (guint32)(abs >> 27));
}

static void rec_padding(Page *p, guint32 delta, guint32 len)
{
	put32(p, word(29, delta));
	if (delta) {
		put32(p, len);
		g_assert_cmpuint(p->pos + len - 4, <=, p->size);
		p->pos += len - 4;
	}
}

/* commit = bytes written | flags (flags in the upper bits, sign-extended
 * like the kernel's local_add of an int) */
static void page_commit(Page *p, guint64 flags)
{
	guint64 c = (p->pos - p->off) | flags;

	if (p->commit == 8)
		memcpy(p->b + 8, &c, 8);
	else {
		guint32 c32 = (guint32)c;

		memcpy(p->b + 8, &c32, 4);
	}
}

typedef struct {
	guint64 ts;
	guint32 len;
	guint8 first; /* first payload byte */
	gsize at;     /* payload offset in the page */
} Got;

/* Iterates the page; returns the last ftrace_page_next() result. */
static int iterate(Page *p, FtracePageIter *it, GArray *got)
{
	const guint8 *payload;
	guint32 len;
	guint64 ts;
	int res;

	g_assert_true(ftrace_page_begin(it, &p->h, p->b, p->size));
	while ((res = ftrace_page_next(it, &payload, &len, &ts)) > 0) {
		Got g = {ts, len, len ? payload[0] : 0, (gsize)(payload - p->b)};

		g_assert_true(payload >= it->data && payload + len <= it->end);
		g_assert_true(it->pos <= it->end);
		g_array_append_val(got, g);
	}
	return res;
}

static void fill(guint8 *b, gsize n, guint8 v)
{
	for (gsize i = 0; i < n; i++)
		b[i] = (guint8)(v + i);
}

static void test_page_short_and_long(gconstpointer data)
{
	gboolean c32 = GPOINTER_TO_INT(data);
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[120], b[200], c[113];
	FtracePageIter it;
	Page p;

	fill(a, sizeof a, 0x10);
	fill(b, sizeof b, 0x40);
	fill(c, sizeof c, 0x80);
	page_init(&p, c32, PAGE, 1000000);
	rec_short(&p, 0, a, 8);               /* 1000000 */
	rec_short(&p, 5, a + 1, 112);         /* longest short form */
	rec_long(&p, (1u << 27) - 1, b, 200); /* longest delta */
	rec_long(&p, 1, c, 113);              /* payload rounded up to 116 */
	rec_short(&p, 2, a + 2, 4);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_false(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	g_assert_cmpuint(got->len, ==, 5);
	{
		const Got *g = (const Got *)got->data;
		guint64 t = 1000000;

		g_assert_cmpuint(g[0].ts, ==, t);
		g_assert_cmpuint(g[0].len, ==, 8);
		g_assert_cmpuint(g[0].first, ==, 0x10);
		g_assert_cmpuint(g[0].at, ==, p.off + 4);
		g_assert_cmpuint(g[1].ts, ==, t + 5);
		g_assert_cmpuint(g[1].len, ==, 112);
		g_assert_cmpuint(g[1].first, ==, 0x11);
		g_assert_cmpuint(g[2].ts, ==, t + 5 + (1u << 27) - 1);
		g_assert_cmpuint(g[2].len, ==, 200);
		g_assert_cmpuint(g[2].first, ==, 0x40);
		g_assert_cmpuint(g[2].at, ==, p.off + 4 + 8 + 4 + 112 + 8);
		g_assert_cmpuint(g[3].ts, ==, t + 5 + (1u << 27));
		g_assert_cmpuint(g[3].len, ==, 116);
		g_assert_cmpuint(g[3].first, ==, 0x80);
		g_assert_cmpuint(g[4].ts, ==, t + 5 + (1u << 27) + 2);
		g_assert_cmpuint(g[4].len, ==, 4);
		g_assert_cmpuint(g[4].first, ==, 0x12);
	}
	page_clear(&p);
}

static void test_page_time_extend(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	const guint64 big = (UINT64_C(1) << 35) + 12345;
	FtracePageIter it;
	Page p;

	page_init(&p, FALSE, PAGE, 7);
	rec_extend(&p, 0); /* first record of a page: 0 */
	rec_short(&p, 0, a, 8);
	rec_extend(&p, big);
	rec_short(&p, 3, a, 8); /* the record's own delta adds up */
	rec_extend(&p, 1);
	rec_extend(&p, 1); /* two in a row */
	rec_short(&p, 0, a, 8);
	rec_extend(&p, 100); /* the last record: nothing follows */
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, 7);
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 7 + big + 3);
	g_assert_cmpuint(g_array_index(got, Got, 2).ts, ==, 7 + big + 5);
	g_assert_cmpuint(it.ts, ==, 7 + big + 105);
	page_clear(&p);
}

/* TIME_STAMP: the 59 bits replace the time; the top 5 bits of the current
 * time are kept, plus one step of 2^59 when that would go backwards. */
static void test_page_time_stamp(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {0};
	const guint64 msb = UINT64_C(0x0800000000000000); /* bit 59 */
	const guint64 low = (UINT64_C(1) << 59) - 1;
	FtracePageIter it;
	Page p;

	/* no top bits: the stamp is the time */
	page_init(&p, FALSE, PAGE, 5000);
	rec_stamp(&p, UINT64_C(123456789012));
	rec_short(&p, 4, a, 8);
	rec_stamp(&p, 1000); /* earlier, no top bits: taken as is */
	rec_short(&p, 0, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 2);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, UINT64_C(123456789016));
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 1000);
	page_clear(&p);

	/* top bits set: kept; a stamp below the current low bits wraps over */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, msb | (low - 10));
	rec_stamp(&p, low - 5); /* later: msb | (low - 5) */
	rec_short(&p, 0, a, 8);
	rec_stamp(&p, 20); /* wrapped: (msb | 20) + 2^59 */
	rec_short(&p, 1, a, 8);
	rec_stamp(&p, UINT64_C(1) << 58 | 7); /* later again: no carry */
	rec_short(&p, 0, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 3);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, msb | (low - 5));
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, (msb << 1) + 20 + 1);
	g_assert_cmpuint(g_array_index(got, Got, 2).ts, ==, (msb << 1) | (UINT64_C(1) << 58) | 7);
	page_clear(&p);
}

static void test_page_padding(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {9, 9, 9, 9, 9, 9, 9, 9};
	guint8 b[8] = {7};
	FtracePageIter it;
	Page p;

	/* non-zero delta: a discarded record of 4 + len bytes, skipped; the
	 * time does not move (the kernel reader's choice) */
	page_init(&p, FALSE, PAGE, 100);
	rec_short(&p, 1, a, 8);
	rec_padding(&p, 50, 20);
	rec_padding(&p, 1, 4); /* the smallest: array[0] counts itself */
	rec_short(&p, 2, b, 8);
	/* delta 0: the rest of the page is padding */
	rec_padding(&p, 0, 0);
	rec_short(&p, 3, a, 8);
	page_commit(&p, 0);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 2);
	g_assert_cmpuint(g_array_index(got, Got, 0).ts, ==, 101);
	g_assert_cmpuint(g_array_index(got, Got, 1).ts, ==, 103);
	g_assert_cmpuint(g_array_index(got, Got, 1).first, ==, 7);
	/* and again: still the end */
	{
		const guint8 *payload;
		guint32 len;
		guint64 ts;

		g_assert_cmpint(ftrace_page_next(&it, &payload, &len, &ts), ==, 0);
	}
	page_clear(&p);
}

static void test_page_missed(gconstpointer data)
{
	gboolean c32 = GPOINTER_TO_INT(data);
	/* the kernel's flags: sign-extended into the upper word of a 64-bit long */
	const guint64 missed = c32 ? UINT64_C(0x80000000) : UINT64_C(0xffffffff80000000);
	const guint64 stored = c32 ? UINT64_C(0xc0000000) : UINT64_C(0xffffffffc0000000);
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[8] = {1};
	FtracePageIter it;
	Page p;

	/* MISSED + STORED: the count after the data (85850 as in the reference) */
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, stored);
	{
		guint64 n = 85850;

		memcpy(p.b + p.pos, &n, p.commit);
	}
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, 85850);
	g_assert_true(it.end == p.b + p.pos);
	page_clear(&p);

	/* MISSED only: unknown count */
	g_array_set_size(got, 0);
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, missed);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);

	/* MISSED + STORED without room for the count: unknown, no overread */
	g_array_set_size(got, 0);
	page_init(&p, c32, (c32 ? 12 : 16) + 8 + (c32 ? 4 : 8) - 1, 10);
	rec_short(&p, 0, a, 4);
	page_commit(&p, stored);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_true(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);

	/* STORED without MISSED: nothing lost */
	g_array_set_size(got, 0);
	page_init(&p, c32, PAGE, 10);
	rec_short(&p, 0, a, 8);
	page_commit(&p, UINT64_C(1) << 30);
	g_assert_cmpint(iterate(&p, &it, got), ==, 0);
	g_assert_false(it.missed);
	g_assert_cmpint(it.missed_count, ==, -1);
	page_clear(&p);
}

/* A page cut right after its last record, copied to an exact-size buffer:
 * a record that claims more bytes than there are is -1, never an overread
 * (the sanitizer build checks). */
static int iterate_exact(const Page *src, GArray *got)
{
	Page p = *src;
	FtracePageIter it;
	int res;

	p.b = g_memdup2(src->b, src->pos);
	p.size = src->pos;
	res = iterate(&p, &it, got);
	g_free(p.b);
	return res;
}

static void test_page_malformed(void)
{
	g_autoptr(GArray) got = g_array_new(FALSE, FALSE, sizeof(Got));
	guint8 a[112] = {0};
	FtracePageIter it;
	Page p;
	static const struct {
		guint32 w0, w1;
		gsize extra; /* bytes after the two words */
	} cases[] = {
	        {28, 0, 100},                 /* short form: 112 bytes, 104 there */
	        {1, 0, 0},                    /* 4 bytes wanted, 4 there: a record */
	        {0, 0xffffffff, 0},           /* long form, huge length */
	        {0, 3, 8},                    /* long form, length below its own size */
	        {0, 24, 8},                   /* long form, 20 bytes wanted, 8 there */
	        {29 | 1 << 5, 100, 8},        /* padding longer than the page */
	        {29 | 1 << 5, 0xfffffffc, 0}, /* padding, huge length */
	};
	static const int want[] = {-1, 0, -1, -1, -1, -1, -1};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_array_set_size(got, 0);
		page_init(&p, FALSE, PAGE, 1);
		rec_short(&p, 0, a, 8);
		put32(&p, cases[i].w0);
		put32(&p, cases[i].w1);
		put_bytes(&p, a, cases[i].extra);
		page_commit(&p, 0);
		g_assert_cmpint(iterate_exact(&p, got), ==, want[i]);
		g_assert_cmpuint(got->len, >=, 1);
		page_clear(&p);
	}

	/* a record header alone at the very end (time extend, time stamp,
	 * padding and long form need their array[0]) */
	for (guint32 t = 29; t <= 32; t++) {
		g_array_set_size(got, 0);
		page_init(&p, FALSE, PAGE, 1);
		rec_short(&p, 0, a, 8);
		put32(&p, word(t == 32 ? 0 : t, 1));
		page_commit(&p, 0);
		g_assert_cmpint(iterate_exact(&p, got), ==, -1);
		g_assert_cmpuint(got->len, ==, 1);
		page_clear(&p);
	}

	/* a commit size not a multiple of 4: the trailing bytes are ignored */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, 1);
	rec_short(&p, 0, a, 8);
	p.pos += 3;
	page_commit(&p, 0);
	g_assert_cmpint(iterate_exact(&p, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	page_clear(&p);

	/* a long record whose length is not a multiple of 4, at the end */
	g_array_set_size(got, 0);
	page_init(&p, FALSE, PAGE, 1);
	put32(&p, word(0, 1));
	put32(&p, 4 + 5);
	put_bytes(&p, a, 5);
	page_commit(&p, 0);
	g_assert_cmpint(iterate_exact(&p, got), ==, 0);
	g_assert_cmpuint(got->len, ==, 1);
	g_assert_cmpuint(g_array_index(got, Got, 0).len, ==, 5);
	page_clear(&p);

	/* commit larger than the page: refused */
	page_init(&p, FALSE, PAGE, 1);
	p.pos = PAGE; /* records up to the last byte */
	page_commit(&p, 0);
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.size));
	p.pos = PAGE + 1;
	page_commit(&p, 0);
	g_assert_false(ftrace_page_begin(&it, &p.h, p.b, p.size));
	/* the size bits are only 27: the bits above do not make it larger */
	p.pos = p.off + 8;
	page_commit(&p, UINT64_C(0x7ff8000000));
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.size));
	g_assert_true(it.end == p.b + p.off + 8);
	/* a page shorter than its header */
	g_assert_false(ftrace_page_begin(&it, &p.h, p.b, p.off - 1));
	/* an empty page */
	p.pos = p.off;
	page_commit(&p, 0);
	g_assert_true(ftrace_page_begin(&it, &p.h, p.b, p.off));
	{
		const guint8 *payload;
		guint32 len;
		guint64 ts;

		g_assert_cmpint(ftrace_page_next(&it, &payload, &len, &ts), ==, 0);
	}
	page_clear(&p);
}

/* ================================================================ rwbs */

static void test_rwbs(void)
{
	enum {
		W = 0x001,
		D = 0x002,
		R = 0x004,
		A = 0x008,
		S = 0x020,
		M = 0x040,
		E = 0x080,
		FLUSH = 0x100,
		FUA = 0x200,
		PRE = 0x400,
	};
	static const struct {
		const char *s;
		guint32 bits;
	} cases[] = {
	        {"R", R},
	        {"W", W},
	        {"WS", W | S},
	        {"WFS", W | FUA | S},
	        {"FWS", PRE | W | S},
	        {"FWFS", PRE | W | FUA | S},
	        {"FWFSM", PRE | W | FUA | S | M},
	        {"F", FLUSH},
	        {"FF", PRE | FLUSH}, /* blk-flush: REQ_OP_FLUSH | REQ_PREFLUSH */
	        {"FFS", PRE | FLUSH | S},
	        {"FS", FLUSH | S},
	        {"D", D},
	        {"DS", D | S},
	        {"DE", D | E},
	        {"FDE", PRE | D | E},
	        {"N", 0},
	        {"NS", S},
	        {"RA", R | A},
	        {"RM", R | M},
	        {"RAS", R | A | S},
	        {"RSM", R | S | M},
	        {"RAM", R | A | M},
	        {"RU", R}, /* REQ_ATOMIC (6.11+): no LTTng bit */
	        {"WSU", W | S},
	        /* zone operations: op 0 */
	        {"ZA", 0},
	        {"ZAS", S},
	        {"ZR", 0},
	        {"ZRA", 0}, /* zone reset all, not readahead */
	        {"ZRAS", S},
	        {"ZRS", S},
	        {"ZF", 0},
	        {"ZO", 0},
	        {"ZC", 0},
	        {"FZA", PRE},
	        /* write zeroes: not a REQ_OP_WRITE for LTTng */
	        {"WZ", 0},
	        {"WZS", S},
	        {"", 0},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		char buf[10];
		guint32 got;

		/* in a char[10] as the kernel writes it: NUL, then junk */
		memset(buf, 'A', sizeof buf);
		memcpy(buf, cases[i].s, strlen(cases[i].s) + 1);
		memset(buf + strlen(cases[i].s) + 1, 'S', sizeof buf - strlen(cases[i].s) - 1);
		got = kconv_rwbs_bits(buf, sizeof buf);
		if (got != cases[i].bits)
			g_printerr("rwbs \"%s\": 0x%x, want 0x%x\n", cases[i].s, got,
			           cases[i].bits);
		g_assert_cmphex(got, ==, cases[i].bits);
		/* exactly as long as the letters: no NUL */
		g_assert_cmphex(kconv_rwbs_bits(cases[i].s, (guint32)strlen(cases[i].s)), ==,
		                cases[i].bits);
	}
	/* a cut string: the letters that are there */
	g_assert_cmphex(kconv_rwbs_bits("FWS", 1), ==, FLUSH);
	g_assert_cmphex(kconv_rwbs_bits("FWS", 2), ==, PRE | W);
	g_assert_cmphex(kconv_rwbs_bits("DE", 1), ==, D);
	g_assert_cmphex(kconv_rwbs_bits("", 0), ==, 0);
}

/* ================================================================ syscall names */

static int fake_has_event(const char *name, void *data)
{
	return g_strv_contains((const char *const *)data, name);
}

static void test_syscall_names(void)
{
	static const char *const events[] = {"newstat", "newfstat", "newuname", "sendfile64",
	                                     "umount",  "openat",   "read",     "newfoo",
	                                     "foo",     NULL};
	static const struct {
		const char *name, *want;
	} cases[] = {
	        {"stat", "newstat"},        {"fstat", "newfstat"}, {"uname", "newuname"},
	        {"sendfile", "sendfile64"}, {"umount2", "umount"}, {"openat", "openat"},
	        {"read", "read"},           {"foo", "foo"},     /* has its own event: kept */
	        {"unknown", "unknown"},     {"lstat", "lstat"}, /* no newlstat here */
	};
	char buf[64];

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_assert_cmpstr(lttv_syscall_kernel_name(cases[i].name, fake_has_event,
		                                         (void *)events, buf, sizeof buf),
		                ==, cases[i].want);
	/* a buffer too small for "new" + name: the name itself */
	g_assert_cmpstr(lttv_syscall_kernel_name("stat", fake_has_event, (void *)events, buf, 5),
	                ==, "stat");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/ftrace/page/records-64", GINT_TO_POINTER(FALSE),
	                     test_page_short_and_long);
	g_test_add_data_func("/ftrace/page/records-32", GINT_TO_POINTER(TRUE),
	                     test_page_short_and_long);
	g_test_add_func("/ftrace/page/time-extend", test_page_time_extend);
	g_test_add_func("/ftrace/page/time-stamp", test_page_time_stamp);
	g_test_add_func("/ftrace/page/padding", test_page_padding);
	g_test_add_data_func("/ftrace/page/missed-64", GINT_TO_POINTER(FALSE), test_page_missed);
	g_test_add_data_func("/ftrace/page/missed-32", GINT_TO_POINTER(TRUE), test_page_missed);
	g_test_add_func("/ftrace/page/malformed", test_page_malformed);
	g_test_add_func("/ftrace/rwbs", test_rwbs);
	g_test_add_func("/ftrace/syscall-names", test_syscall_names);
	return g_test_run();
}
