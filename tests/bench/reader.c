/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding speed of liblttv's reader (tests/bench/reader drives it).
 *
 *   reader [--handles | --packet-once | --values] [--parallel] TRACE-FOLDER
 *
 * Opens the traceset, iterates every item in time order (with --parallel:
 * lttv_traceset_scan() on every processor, each worker reading runs of
 * packets in stream order, one reader state per worker) and, for every
 * event:
 *   default        walks every scope with lttv_event_walk(): packet
 *                  context, common context, specific context, payload
 *                  (the packet context again for each event, as a reader
 *                  that looks at an event's whole context does);
 *   --packet-once  the same, but the packet context only when the event is
 *                  the first one of its packet (item->packet_first, as
 *                  babeltrace2 does);
 *   --values       the scopes of --packet-once, each as one array of values
 *                  (lttv_event_values), the iterator decoding them while
 *                  it steps (lttv_iter_set_decode_values);
 *   --handles      resolves, once per event class, a handle for every
 *                  scalar member (integer, string, real) of the common
 *                  context, specific context and payload roots, then reads
 *                  each by handle with lttv_event_get_*() (the way the
 *                  state engine reads events; array elements are not
 *                  reachable by handle and are not read).
 * Every value (integers, string lengths and bytes, array lengths) and each
 * event's timestamp are folded into a checksum so that nothing is
 * optimized away.  Prints one line of KEY=VALUE pairs: events, seconds
 * (CLOCK_MONOTONIC, open included), events_per_s, the checksum, the peak
 * RSS and its anonymous and file-backed parts.
 */
#include <lttv/event.h>
#include <lttv/scan.h>
#include <lttv/traceset.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	uint64_t h;
	uint64_t values;
} Sum;

/* Folds a value in.  Cheap on purpose (one multiply off the dependency
 * chain): it is there so that no value goes unread, and to show that every
 * mode reads the same values; the reader is what is measured. */
static inline uint64_t mix(uint64_t h, uint64_t v)
{
	return h + (v ^ UINT64_C(0x9e3779b97f4a7c15)) * UINT64_C(0x100000001b3);
}

static inline uint64_t load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline uint64_t load32(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

/* Every byte of s, read with whole loads: a tail copied byte by byte
 * into a word (a memcpy of variable length) costs a call and a stalled
 * load, more than the reader spends on the string. */
static inline uint64_t mix_bytes(uint64_t h, const char *s, size_t len)
{
	h = mix(h, len);
	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8)
			h = mix(h, load64(s + i));
		return mix(h, load64(s + len - 8)); /* the last 8, overlapping */
	}
	if (len >= 4)
		return mix(h, load32(s) << 32 | load32(s + len - 4));
	if (len > 0)
		return mix(h, (uint64_t)(uint8_t)s[0] << 16 | (uint64_t)(uint8_t)s[len / 2] << 8 |
		                      (uint8_t)s[len - 1]);
	return h;
}

static void visit(const LttvValue *v, gpointer ud)
{
	Sum *s = ud;

	s->values++;
	switch (v->kind) {
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_SINT:
	case LTTV_VALUE_BOOL:
	case LTTV_VALUE_BITMAP:
	case LTTV_VALUE_BITARRAY:
	case LTTV_VALUE_ARRAY_BEGIN:
	case LTTV_VALUE_OPTIONAL_BEGIN: s->h = mix(s->h, v->u); break;
	case LTTV_VALUE_DOUBLE: {
		uint64_t bits;

		memcpy(&bits, &v->d, 8);
		s->h = mix(s->h, bits);
		break;
	}
	case LTTV_VALUE_STRING:
	case LTTV_VALUE_BLOB: s->h = mix_bytes(s->h, v->str, v->len); break;
	default: break;
	}
}

/* --- values mode: the same fold as visit() --- */

static void fold_values(const LttvFieldValue *v, gsize n, Sum *s)
{
	/* the kinds that carry a number in u */
	const uint32_t numbers = 1u << LTTV_VALUE_UINT | 1u << LTTV_VALUE_SINT |
	                         1u << LTTV_VALUE_BOOL | 1u << LTTV_VALUE_BITMAP |
	                         1u << LTTV_VALUE_BITARRAY | 1u << LTTV_VALUE_ARRAY_BEGIN |
	                         1u << LTTV_VALUE_OPTIONAL_BEGIN | 1u << LTTV_VALUE_DOUBLE;
	uint64_t h = s->h; /* a local: s->h in memory would chain every add */

	s->values += n;
	for (gsize i = 0; i < n; i++) {
		if (numbers >> v[i].kind & 1)
			h = mix(h, v[i].u); /* (a double's bits for DOUBLE) */
		else if (v[i].kind == LTTV_VALUE_STRING || v[i].kind == LTTV_VALUE_BLOB)
			h = mix_bytes(h, v[i].str, v[i].len);
	}
	s->h = h;
}

/* --- handles mode --- */

typedef enum { F_SINT, F_UINT, F_DOUBLE, F_STRING } FieldKind;

typedef struct {
	const LttvField *f;
	FieldKind kind;
} Handle;

typedef struct {
	LttvEventClass *ec;
	GArray *handles; /* of Handle */
} ClassInfo;

typedef struct {
	LttvEventClass *ec;
	LttvScope scope;
	GArray *handles;
} Collect;

/* Collects the scalar members of a scope root (depth 1). */
static void collect(const LttvValue *v, gpointer ud)
{
	Collect *c = ud;
	Handle h;

	if (v->depth != 1 || !v->name)
		return;
	switch (v->kind) {
	case LTTV_VALUE_SINT: h.kind = F_SINT; break;
	case LTTV_VALUE_UINT:
	case LTTV_VALUE_BOOL:
	case LTTV_VALUE_BITMAP:
	case LTTV_VALUE_BITARRAY: h.kind = F_UINT; break;
	case LTTV_VALUE_DOUBLE: h.kind = F_DOUBLE; break;
	case LTTV_VALUE_STRING: h.kind = F_STRING; break;
	default: return;
	}
	h.f = lttv_event_class_field_in(c->ec, c->scope, v->name);
	if (h.f)
		g_array_append_val(c->handles, h);
}

static ClassInfo *class_info(GPtrArray *infos, const LttvEvent *ev)
{
	static const LttvScope scopes[] = {LTTV_SCOPE_COMMON_CONTEXT, LTTV_SCOPE_SPECIFIC_CONTEXT,
	                                   LTTV_SCOPE_PAYLOAD};
	LttvEventClass *ec = lttv_event_event_class(ev);
	ClassInfo *ci;

	/* few classes in a benchmark trace: a linear search, most recent first */
	for (guint i = 0; i < infos->len; i++) {
		ci = infos->pdata[i];
		if (ci->ec == ec) {
			if (i) {
				infos->pdata[i] = infos->pdata[0];
				infos->pdata[0] = ci;
			}
			return ci;
		}
	}
	ci = g_new0(ClassInfo, 1);
	ci->ec = ec;
	ci->handles = g_array_new(FALSE, FALSE, sizeof(Handle));
	for (size_t k = 0; k < G_N_ELEMENTS(scopes); k++) {
		Collect c = {ec, scopes[k], ci->handles};

		lttv_event_walk(ev, scopes[k], collect, &c, NULL);
	}
	g_ptr_array_add(infos, ci);
	if (infos->len > 1) {
		infos->pdata[infos->len - 1] = infos->pdata[0];
		infos->pdata[0] = ci;
	}
	return ci;
}

static void class_info_free(gpointer p)
{
	ClassInfo *ci = p;

	g_array_unref(ci->handles);
	g_free(ci);
}

static gboolean read_handles(const LttvEvent *ev, const ClassInfo *ci, Sum *s)
{
	for (guint i = 0; i < ci->handles->len; i++) {
		const Handle *h = &g_array_index(ci->handles, Handle, i);

		switch (h->kind) {
		case F_SINT: {
			int64_t v;

			if (!lttv_event_get_int(ev, h->f, &v))
				return FALSE;
			s->h = mix(s->h, (uint64_t)v);
			break;
		}
		case F_UINT: {
			uint64_t v;

			if (!lttv_event_get_uint(ev, h->f, &v))
				return FALSE;
			s->h = mix(s->h, v);
			break;
		}
		case F_DOUBLE: {
			double d;
			uint64_t bits;

			if (!lttv_event_get_double(ev, h->f, &d))
				return FALSE;
			memcpy(&bits, &d, 8);
			s->h = mix(s->h, bits);
			break;
		}
		case F_STRING: {
			const char *str;
			size_t len;

			if (!lttv_event_get_string(ev, h->f, &str, &len))
				return FALSE;
			s->h = mix_bytes(s->h, str, len);
			break;
		}
		}
		s->values++;
	}
	return TRUE;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "VmHWM", "RssAnon", "RssFile" of /proc/self/status, in KiB. */
static long status_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t kl = strlen(key);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

typedef enum { WALK, PACKET_ONCE, HANDLES, VALUES } Mode;

/* One reader's state: the whole run's, or one scan worker's (a cache line
 * of its own: the workers write theirs at every event). */
typedef struct {
	_Alignas(128) Mode mode;
	uint64_t events, notices, pkt_walks;
	Sum sum;
	GPtrArray *infos; /* handles mode */
} Reader;

static void reader_init(Reader *r, Mode mode, uint64_t h0)
{
	memset(r, 0, sizeof *r);
	r->mode = mode;
	r->sum.h = h0;
	r->infos = g_ptr_array_new_with_free_func(class_info_free);
}

static void reader_clear(Reader *r)
{
	g_ptr_array_unref(r->infos);
}

/* Reads one item the way r->mode says. */
static gboolean read_item(Reader *r, const LttvItem *item, GError **error)
{
	static const LttvScope ev_scopes[] = {LTTV_SCOPE_COMMON_CONTEXT,
	                                      LTTV_SCOPE_SPECIFIC_CONTEXT, LTTV_SCOPE_PAYLOAD};
	const LttvEvent *ev = item->event;
	Sum *sum = &r->sum;

	if (item->kind != LTTV_ITEM_EVENT) {
		r->notices++;
		sum->h = mix(sum->h, item->count);
		return TRUE;
	}
	r->events++;
	sum->h = mix(sum->h, lttv_event_cycles(ev));
	if (r->mode == HANDLES) {
		if (!read_handles(ev, class_info(r->infos, ev), sum)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
			            "event %" PRIu64 ": a field read failed", r->events);
			return FALSE;
		}
		return TRUE;
	}
	if (r->mode == VALUES) {
		static const LttvScope all[] = {LTTV_SCOPE_PACKET_CONTEXT,
		                                LTTV_SCOPE_COMMON_CONTEXT,
		                                LTTV_SCOPE_SPECIFIC_CONTEXT, LTTV_SCOPE_PAYLOAD};
		size_t k = 0;

		if (!item->packet_first)
			k = 1; /* the packet context once per packet */
		else
			r->pkt_walks++;
		for (; k < G_N_ELEMENTS(all); k++) {
			gsize n;
			const LttvFieldValue *v = lttv_event_values(ev, all[k], &n, error);

			if (*error)
				return FALSE;
			fold_values(v, n, sum);
		}
		return TRUE;
	}
	if (r->mode == WALK || item->packet_first) {
		r->pkt_walks++;
		if (!lttv_event_walk(ev, LTTV_SCOPE_PACKET_CONTEXT, visit, sum, error) && *error)
			return FALSE;
	}
	for (size_t k = 0; k < G_N_ELEMENTS(ev_scopes); k++)
		if (!lttv_event_walk(ev, ev_scopes[k], visit, sum, error) && *error)
			return FALSE;
	return TRUE;
}

static gboolean scan_item(const LttvItem *item, guint worker, gpointer ud, GError **error)
{
	Reader *readers = ud;

	return read_item(&readers[worker], item, error);
}

#define USAGE "usage: %s [--handles | --packet-once | --values] [--parallel] TRACE-FOLDER\n"

int main(int argc, char **argv)
{
	Mode mode = WALK;
	gboolean parallel = FALSE;
	const char *path = NULL;
	static const char *const mode_names[] = {"walk", "walk-packet-once", "handles", "values"};
	GError *error = NULL;
	LttvTraceset *ts;
	Reader total;
	double t0, t1, t2;
	guint n_workers = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--handles") == 0)
			mode = HANDLES;
		else if (strcmp(argv[i], "--packet-once") == 0)
			mode = PACKET_ONCE;
		else if (strcmp(argv[i], "--values") == 0)
			mode = VALUES;
		else if (strcmp(argv[i], "--parallel") == 0)
			parallel = TRUE;
		else if (argv[i][0] == '-' || path) {
			fprintf(stderr, USAGE, argv[0]);
			return 2;
		} else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, USAGE, argv[0]);
		return 2;
	}

	t0 = now_s();
	ts = lttv_traceset_open(path, &error);
	if (!ts) {
		fprintf(stderr, "reader: %s\n", error->message);
		return 1;
	}
	reader_init(&total, mode, UINT64_C(0xcbf29ce484222325));
	if (parallel) {
		/* one reader per worker, in stream order within runs of packets
		 * (the fold adds up, so the checksum is the serial one) */
		LttvScanOptions opt = {.n_workers = lttv_scan_n_workers(0),
		                       .decode_values = mode == VALUES};
		Reader *readers;

		n_workers = opt.n_workers;
		if (posix_memalign((void **)&readers, _Alignof(Reader), n_workers * sizeof(Reader)))
			return 1;
		for (guint w = 0; w < n_workers; w++)
			reader_init(&readers[w], mode, 0);
		t1 = now_s();
		lttv_traceset_scan(ts, &opt, scan_item, readers, &error);
		t2 = now_s();
		for (guint w = 0; w < n_workers; w++) {
			total.events += readers[w].events;
			total.notices += readers[w].notices;
			total.pkt_walks += readers[w].pkt_walks;
			total.sum.h += readers[w].sum.h;
			total.sum.values += readers[w].sum.values;
			reader_clear(&readers[w]);
		}
		free(readers);
	} else {
		LttvIter *it = lttv_iter_new(ts);
		const LttvItem *item;

		if (mode == VALUES)
			lttv_iter_set_decode_values(it, TRUE);
		t1 = now_s();
		while ((item = lttv_iter_next(it, &error)))
			if (!read_item(&total, item, &error))
				break;
		t2 = now_s();
		lttv_iter_free(it);
	}
	if (error) {
		fprintf(stderr, "reader: %s\n", error->message);
		return 1;
	}
	printf("mode=%s%s events=%" PRIu64 " notices=%" PRIu64 " values=%" PRIu64
	       " packet_context_walks=%" PRIu64 " workers=%u open_s=%.3f seconds=%.3f"
	       " events_per_s=%.0f checksum=%016" PRIx64
	       " vmhwm_kib=%ld rss_anon_kib=%ld rss_file_kib=%ld\n",
	       mode_names[mode], parallel ? "-parallel" : "", total.events, total.notices,
	       total.sum.values, total.pkt_walks, n_workers, t1 - t0, t2 - t0,
	       (double)total.events / (t2 - t0), total.sum.h, status_kib("VmHWM"),
	       status_kib("RssAnon"), status_kib("RssFile"));
	reader_clear(&total);
	lttv_traceset_free(ts);
	return 0;
}
