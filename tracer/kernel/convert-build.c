/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Building the conversion tables: the selection of events, their ftrace
 * formats, the LTTng event classes declared in the metadata, and the
 * operations that convert each record. */
#include "tracer/kernel/convert-internal.h"
#include "tracer/kernel/convert-table.h"
#include "tracer/kernel/syscalls.h"
#include "lttv/error.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Event classes are built here: fields for the metadata, ops for records. */
typedef struct {
	GArray *fields; /* LttvCtfField */
	GArray *ops;    /* KOp */
} KBuild;

static void build_init(KBuild *b)
{
	b->fields = g_array_new(FALSE, TRUE, sizeof(LttvCtfField));
	b->ops = g_array_new(FALSE, TRUE, sizeof(KOp));
}

static void build_clear(KBuild *b)
{
	g_array_unref(b->fields);
	g_array_unref(b->ops);
}

static const char *own(KConv *c, char *s)
{
	g_ptr_array_add(c->owned, s);
	return s;
}

static void add(KConv *c, KBuild *b, const char *name, LttvCtfFieldKind kind, guint8 bits,
                gboolean is_signed, guint8 base, guint32 length, KOp op)
{
	LttvCtfField f = {own(c, g_strdup(name)), kind, bits, is_signed, base, length};
	g_array_append_val(b->fields, f);
	g_array_append_val(b->ops, op);
}

/* An upper bound of the bytes an event's fixed-size fields take. */
static gsize fixed_size(const KBuild *b)
{
	gsize n = 0;
	for (guint i = 0; i < b->ops->len; i++)
		n += g_array_index(b->ops, KOp, i).size + 8u;
	return n;
}

/* Whether every op writes a size known now, at most what the scratch
 * buffer holds; the end of the fields they read; the plain integer copies
 * made OP_COPY4 / OP_COPY8. */
static void compile_ops(KEvent *ev)
{
	gsize total = 0;
	ev->fixed = TRUE;
	for (guint i = 0; i < ev->n_ops; i++) {
		KOp *op = &ev->ops[i];
		switch ((KOpKind)op->kind) {
		case OP_INT:
			if (op->src.loc == FTRACE_FIELD_PLAIN && op->src.size == op->size &&
			    (op->size == 4 || op->size == 8))
				op->kind = op->size == 4 ? OP_COPY4 : OP_COPY8;
			/* fall through */
		case OP_CONST:
		case OP_SYSCALL_ARG:
		case OP_COPY4:
		case OP_COPY8:
			/* put_int() writes 1, 2, 4 or 8 bytes */
			if (op->size != 1 && op->size != 2 && op->size != 4 && op->size != 8)
				ev->fixed = FALSE;
			total += op->size;
			break;
		case OP_TEXT:
		case OP_BYTES: total += op->size; break;
		case OP_PRIO:
		case OP_COMMON_PID:
		case OP_TGID:
		case OP_CHILD_TGID:
		case OP_RWBS: total += 4; break;
		case OP_VTIDS: total += 5; break;
		case OP_STRING:
		case OP_SEQ:
		case OP_SYSCALL_STRING: ev->fixed = FALSE; break;
		}
		ev->src_end = MAX(ev->src_end, (guint32)op->src.off + op->src.size);
		ev->src_end = MAX(ev->src_end, (guint32)op->aux.off + op->aux.size);
	}
	if (total > KCONV_SCRATCH - 64)
		ev->fixed = FALSE;
}

static KEvent *finish_event(KConv *c, KBuild *b, const char *lttng_name)
{
	KEvent *ev = g_new0(KEvent, 1);
	ev->out_id = lttv_ctf_metadata_add_event(c->meta, lttng_name,
	                                         (LttvCtfField *)b->fields->data, b->fields->len);
	ev->n_ops = b->ops->len;
	ev->ops = g_memdup2(b->ops->data, sizeof(KOp) * MAX(b->ops->len, 1));
	compile_ops(ev);
	g_ptr_array_add(c->owned, ev->ops);
	g_ptr_array_add(c->owned, ev);
	return ev;
}

static KSrc src_of(const FtraceField *f)
{
	KSrc s = {f->offset, f->size, (guint8)f->loc, f->is_signed};
	if (f->loc == FTRACE_FIELD_PLAIN && f->size == 0)
		s.loc = KSRC_TAIL; /* a flexible array: up to the end of the payload */
	return s;
}

/* ---------------------------------------------------------------- table specs */

static gboolean int_kind(const char *kind, guint8 *bits, gboolean *is_signed, guint8 *base)
{
	static const struct {
		const char *name;
		guint8 bits;
		gboolean is_signed;
		guint8 base;
	} kinds[] = {{"s8", 8, TRUE, 10},    {"s16", 16, TRUE, 10},  {"s32", 32, TRUE, 10},
	             {"s64", 64, TRUE, 10},  {"u8", 8, FALSE, 10},   {"u16", 16, FALSE, 10},
	             {"u32", 32, FALSE, 10}, {"u64", 64, FALSE, 10}, {"x64", 64, FALSE, 16}};
	for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (!strcmp(kind, kinds[i].name)) {
			*bits = kinds[i].bits;
			*is_signed = kinds[i].is_signed;
			*base = kinds[i].base;
			return TRUE;
		}
	return FALSE;
}

/* Builds the ops of a mapped event from its spec; FALSE when a required
 * source field is missing from this kernel's format. */
static gboolean build_mapped(KConv *c, KBuild *b, const FtraceFormat *fmt, const char *spec)
{
	g_auto(GStrv) items = g_strsplit(spec, " ", -1);
	for (char **it = items; *it; it++) {
		if (!**it)
			continue;
		g_autofree char *item = g_strdup(*it);
		char *eq = strchr(item, '='), *colon = eq ? strchr(eq, ':') : NULL;
		if (!eq || !colon)
			return FALSE;
		*eq = *colon = 0;
		const char *out = item, *kind = eq + 1;
		char *source = colon + 1;
		gboolean optional = source[strlen(source) - 1] == '?';
		if (optional)
			source[strlen(source) - 1] = 0;
		const FtraceField *f = ftrace_format_field(fmt, source);
		gboolean needs_source = strcmp(kind, "nsinum") && strcmp(kind, "tid");
		if (!f && needs_source) {
			if (optional)
				continue;
			return FALSE;
		}
		KOp op = {0};
		if (f)
			op.src = src_of(f);
		guint8 bits, base;
		gboolean is_signed;
		if (int_kind(kind, &bits, &is_signed, &base)) {
			op.kind = OP_INT;
			op.size = bits / 8;
			add(c, b, out, LTTV_CTF_FIELD_INT, bits, is_signed, base, 0, op);
		} else if (!strcmp(kind, "prio")) {
			op.kind = OP_PRIO;
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0, op);
		} else if (!strcmp(kind, "text")) {
			op.kind = OP_TEXT;
			op.size = 16;
			add(c, b, out, LTTV_CTF_FIELD_TEXT_ARRAY, 8, TRUE, 10, 16, op);
		} else if (!strcmp(kind, "string")) {
			op.kind = OP_STRING;
			add(c, b, out, LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0, op);
		} else if (!strcmp(kind, "tid")) {
			op.kind = OP_COMMON_PID;
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0, op);
		} else if (!strcmp(kind, "tgid")) {
			op.kind = OP_TGID;
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0, op);
		} else if (!strcmp(kind, "childtgid")) {
			const FtraceField *parent = ftrace_format_field(fmt, "parent_pid");
			if (!parent)
				return FALSE;
			op.kind = OP_CHILD_TGID;
			op.aux = src_of(parent);
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0, op);
		} else if (!strcmp(kind, "rwbs")) {
			op.kind = OP_RWBS;
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, op);
		} else if (!strcmp(kind, "nsinum")) {
			op.kind = OP_CONST;
			op.size = 4;
			op.k = c->ns_inum;
			add(c, b, out, LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, op);
		} else if (!strcmp(kind, "vtids")) {
			op.kind = OP_VTIDS;
			add(c, b, out, LTTV_CTF_FIELD_INT_SEQUENCE, 32, TRUE, 10, 0, op);
		} else
			return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- generic events */

/* Element size of a dynamic array from its C type. */
static guint8 c_type_size(const char *type)
{
	if (strchr(type, '*'))
		return 8;
	if (strstr(type, "char") || !strcmp(type, "u8") || !strcmp(type, "s8") ||
	    !strcmp(type, "bool"))
		return 1;
	if (strstr(type, "short") || strstr(type, "16"))
		return 2;
	if (strstr(type, "long") || strstr(type, "64"))
		return 8;
	return 4;
}

static void build_generic(KConv *c, KBuild *b, const FtraceFormat *fmt)
{
	for (guint i = 0; i < fmt->fields->len; i++) {
		const FtraceField *f = fmt->fields->pdata[i];
		if (f->is_common)
			continue;
		KOp op = {0};
		op.src = src_of(f);
		if (f->loc != FTRACE_FIELD_PLAIN || f->size == 0) {
			if (f->is_char || f->size == 0) {
				op.kind = OP_STRING;
				add(c, b, f->name, LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0, op);
			} else {
				guint8 es = c_type_size(f->type);
				op.kind = OP_SEQ;
				op.k = es;
				add(c, b, f->name, LTTV_CTF_FIELD_INT_SEQUENCE, es * 8,
				    !g_str_has_prefix(f->type, "u"), 10, 0, op);
			}
		} else if (f->array_len && f->is_char) {
			op.kind = OP_TEXT;
			op.size = f->size;
			add(c, b, f->name, LTTV_CTF_FIELD_TEXT_ARRAY, 8, TRUE, 10, f->size, op);
		} else if (f->array_len &&
		           (f->elem_size == 1 || f->elem_size == 2 || f->elem_size == 4 ||
		            f->elem_size == 8) &&
		           f->elem_size * f->array_len == f->size) {
			op.kind = OP_BYTES;
			op.size = f->size;
			add(c, b, f->name, LTTV_CTF_FIELD_INT_ARRAY, f->elem_size * 8, f->is_signed,
			    10, f->array_len, op);
		} else if (!f->array_len &&
		           (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)) {
			op.kind = OP_INT;
			op.size = f->size;
			add(c, b, f->name, LTTV_CTF_FIELD_INT, f->size * 8, f->is_signed,
			    strchr(f->type, '*') ? 16 : 10, 0, op);
		} else {
			op.kind = OP_BYTES;
			op.size = f->size;
			add(c, b, f->name, LTTV_CTF_FIELD_INT_ARRAY, 8, FALSE, 16, f->size, op);
		}
	}
}

/* ---------------------------------------------------------------- system calls */

static int has_syscall_event(const char *name, void *data)
{
	KConv *c = data;
	g_autofree char *p = g_strdup_printf("%s/events/syscalls/sys_enter_%s", c->tracefs, name);
	return g_file_test(p, G_FILE_TEST_IS_DIR);
}

static gboolean is_string_arg(const FtraceField *f)
{
	static const char *const const_excluded[] = {"buf", "u_msg_ptr", NULL};
	static const char *const plain_included[] = {"filename", "dir_name", "dev_name", "type",
	                                             NULL};
	if (!strcmp(f->type, "const char *"))
		return !g_strv_contains(const_excluded, f->name);
	if (!strcmp(f->type, "char *"))
		return g_strv_contains(plain_included, f->name);
	return FALSE;
}

/* LTTng-style integer type of a syscall argument from its C type. */
static void syscall_arg_type(const FtraceField *f, guint8 *bits, gboolean *is_signed)
{
	static const char *const s32[] = {
	        "int",       "pid_t",           "key_t", "mqd_t",        "timer_t",
	        "clockid_t", "const clockid_t", "rwf_t", "key_serial_t", "const int",
	        NULL};
	static const char *const u32[] = {"unsigned int",
	                                  "unsigned",
	                                  "u32",
	                                  "const __u32",
	                                  "__u32",
	                                  "uid_t",
	                                  "gid_t",
	                                  "qid_t",
	                                  "old_uid_t",
	                                  "old_gid_t",
	                                  "const unsigned int",
	                                  NULL};
	static const char *const s64[] = {"long", "loff_t", "off_t", "__s64", "s64", NULL};
	*bits = 64;
	*is_signed = FALSE;
	if (strchr(f->type, '*'))
		return;
	if (g_strv_contains(s32, f->type)) {
		*bits = 32;
		*is_signed = TRUE;
	} else if (g_strv_contains(u32, f->type))
		*bits = 32;
	else if (!strcmp(f->type, "umode_t"))
		*bits = 16;
	else if (g_strv_contains(s64, f->type))
		*is_signed = TRUE;
	else
		*is_signed = f->is_signed;
}

static gboolean build_syscalls(KConv *c, const FtraceFormat *enter, const FtraceFormat *exit,
                               GError **error)
{
	const FtraceField *id = ftrace_format_field(enter, "id");
	const FtraceField *args = ftrace_format_field(enter, "args");
	const FtraceField *xid = ftrace_format_field(exit, "id");
	const FtraceField *ret = ftrace_format_field(exit, "ret");
	if (!id || !args || !xid || !ret || args->size != 48 || (id->size != 8 && id->size != 4)) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_DATA,
		            _("unexpected format of raw_syscalls:sys_enter/sys_exit"));
		return FALSE;
	}
	int max_nr = -1;
	for (unsigned i = 0; i < lttv_syscall_table_len; i++)
		max_nr = MAX(max_nr, lttv_syscall_table[i].nr);
	c->n_syscalls = (guint)(max_nr + 1);
	c->sys_entry = g_new0(KEvent *, c->n_syscalls);
	c->sys_exit = g_new0(KEvent *, c->n_syscalls);
	c->sys_names = g_new0(const char *, c->n_syscalls);
	g_byte_array_set_size(c->string_masks, c->n_syscalls);
	memset(c->string_masks->data, 0, c->n_syscalls);
	GHashTable *declared = g_hash_table_new(g_str_hash, g_str_equal);
	for (unsigned i = 0; i < lttv_syscall_table_len; i++) {
		int nr = lttv_syscall_table[i].nr;
		if (nr < 0 || c->sys_entry[nr])
			continue;
		char buf[128];
		const char *name = lttv_syscall_kernel_name(lttv_syscall_table[i].name,
		                                            has_syscall_event, c, buf, sizeof buf);
		g_autofree char *entry_name = g_strdup_printf("syscall_entry_%s", name);
		g_autofree char *exit_name = g_strdup_printf("syscall_exit_%s", name);
		if (g_hash_table_contains(declared, name))
			continue; /* two numbers, one kernel name: the first wins */
		c->sys_names[nr] = own(c, g_strdup(name));
		g_hash_table_add(declared, (gpointer)c->sys_names[nr]);
		KBuild b;
		build_init(&b);
		g_autofree char *enter_event = g_strdup_printf("sys_enter_%s", name);
		g_autoptr(FtraceFormat) fmt =
		        ftrace_format_load(c->tracefs, "syscalls", enter_event, NULL);
		guint arg = 0;
		for (guint k = 0; fmt && k < fmt->fields->len && arg < 6; k++) {
			const FtraceField *f = fmt->fields->pdata[k];
			if (f->is_common || !strcmp(f->name, "__syscall_nr"))
				continue;
			KOp op = {0};
			op.k = arg;
			if (is_string_arg(f)) {
				op.kind = OP_SYSCALL_STRING;
				c->string_masks->data[nr] |= (guint8)(1u << arg);
				add(c, &b, f->name, LTTV_CTF_FIELD_STRING, 8, FALSE, 10, 0, op);
			} else {
				guint8 bits;
				gboolean is_signed;
				syscall_arg_type(f, &bits, &is_signed);
				op.kind = OP_SYSCALL_ARG;
				op.size = bits / 8;
				add(c, &b, f->name, LTTV_CTF_FIELD_INT, bits, is_signed, 10, 0, op);
			}
			arg++;
		}
		if (c->string_masks->data[nr]) {
			LttvSyscallStringEvent se = {(guint32)nr, own(c, g_strdup(enter_event)),
			                             c->string_masks->data[nr]};
			g_array_append_val(c->string_events, se);
		}
		c->sys_entry[nr] = finish_event(c, &b, entry_name);
		build_clear(&b);
		build_init(&b);
		KOp rop = {.kind = OP_INT, .size = 8};
		add(c, &b, "ret", LTTV_CTF_FIELD_INT, 64, TRUE, 10, 0, rop);
		c->sys_exit[nr] = finish_event(c, &b, exit_name);
		build_clear(&b);
	}
	g_hash_table_unref(declared);
	/* numbers outside the table */
	LttvCtfField unknown_entry[] = {{"id", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	                                {"args", LTTV_CTF_FIELD_INT_ARRAY, 64, FALSE, 10, 6}};
	LttvCtfField unknown_exit[] = {{"id", LTTV_CTF_FIELD_INT, 32, TRUE, 10, 0},
	                               {"ret", LTTV_CTF_FIELD_INT, 64, TRUE, 10, 0},
	                               {"args", LTTV_CTF_FIELD_INT_ARRAY, 64, FALSE, 10, 6}};
	c->unknown_entry_id =
	        lttv_ctf_metadata_add_event(c->meta, "syscall_entry_unknown", unknown_entry, 2);
	c->unknown_exit_id =
	        lttv_ctf_metadata_add_event(c->meta, "syscall_exit_unknown", unknown_exit, 3);

	KEvent *e = g_new0(KEvent, 1), *x = g_new0(KEvent, 1);
	e->special = KSPECIAL_SYS_ENTER;
	e->sys_id = src_of(id);
	e->sys_args = src_of(args);
	x->special = KSPECIAL_SYS_EXIT;
	x->sys_id = src_of(xid);
	x->sys_ret = src_of(ret);
	g_ptr_array_add(c->owned, e);
	g_ptr_array_add(c->owned, x);
	c->by_ftrace_id[enter->id] = e;
	c->by_ftrace_id[exit->id] = x;
	c->syscalls = TRUE;
	return TRUE;
}

const char *lttv_syscall_kernel_name(const char *name, int (*has_event)(const char *, void *),
                                     void *data, char *buf, unsigned buflen)
{
	static const char *const renames[][2] = {{"sendfile", "sendfile64"}, {"umount2", "umount"}};
	if (has_event(name, data))
		return name;
	for (guint i = 0; i < G_N_ELEMENTS(renames); i++)
		if (!strcmp(name, renames[i][0]) && has_event(renames[i][1], data))
			return renames[i][1];
	/* stat -> newstat, uname -> newuname... */
	snprintf(buf, buflen, "new%s", name);
	if (has_event(buf, data))
		return buf;
	return name;
}

/* ---------------------------------------------------------------- selection */

static const KConvGroup *find_group(const char *name)
{
	for (const KConvGroup *g = kconv_groups; g->name; g++)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

static gboolean event_exists(const char *tracefs, const char *system, const char *event)
{
	g_autofree char *p = g_build_filename(tracefs, "events", system, event, "format", NULL);
	return g_file_test(p, G_FILE_TEST_EXISTS);
}

static void add_unique(GPtrArray *list, char *item)
{
	for (guint i = 0; i < list->len; i++)
		if (!strcmp(list->pdata[i], item)) {
			g_free(item);
			return;
		}
	g_ptr_array_add(list, item);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the "system:event" names of one selection item. */
static gboolean expand_item(const char *tracefs, const char *item, GPtrArray *out, GError **error)
{
	const KConvGroup *g = find_group(item);
	if (g) {
		g_auto(GStrv) evs = g_strsplit(g->events, " ", -1);
		for (char **e = evs; *e; e++) {
			g_auto(GStrv) se = g_strsplit(*e, ":", 2);
			if (event_exists(tracefs, se[0], se[1]))
				add_unique(out, g_strdup(*e));
		}
		return TRUE;
	}
	const char *colon = strchr(item, ':');
	if (!colon || colon == item || !colon[1] || strchr(item, '/') || strstr(item, "..")) {
		g_autoptr(GString) names = g_string_new(NULL);
		for (const KConvGroup *k = kconv_groups; k->name; k++)
			g_string_append_printf(names, "%s%s", names->len ? ", " : "", k->name);
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
		            _("unknown event selection \"%s\": use one of %s, or SUBSYSTEM:EVENT "
		              "(see lttv-trace list-events -k)"),
		            item, names->str);
		return FALSE;
	}
	g_autofree char *system = g_strndup(item, colon - item);
	const char *event = colon + 1;
	if (!strcmp(event, "*")) {
		g_autofree char *dir = g_build_filename(tracefs, "events", system, NULL);
		g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
		if (!d) {
			g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
			            _("this kernel has no event subsystem \"%s\""), system);
			return FALSE;
		}
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		const char *n;
		while ((n = g_dir_read_name(d)))
			if (event_exists(tracefs, system, n))
				g_ptr_array_add(names, g_strdup_printf("%s:%s", system, n));
		g_ptr_array_sort(names, compare_strings);
		for (guint i = 0; i < names->len; i++)
			add_unique(out, g_strdup(names->pdata[i]));
		return TRUE;
	}
	if (!event_exists(tracefs, system, event)) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
		            _("this kernel has no event %s:%s"), system, event);
		return FALSE;
	}
	add_unique(out, g_strdup(item));
	return TRUE;
}

gboolean kconv_selection_valid(const char *item, const char *tracefs, GError **error)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	return expand_item(tracefs, item, out, error);
}

/* ---------------------------------------------------------------- KConv */

static guint32 pid_ns_inum(void)
{
	struct stat st;
	if (stat("/proc/self/ns/pid", &st) == 0)
		return (guint32)st.st_ino;
	return 0;
}

static const KConvMapping *find_mapping(const char *system, const char *event)
{
	for (const KConvMapping *m = kconv_mappings; m->system; m++)
		if (!strcmp(m->system, system) && !strcmp(m->event, event))
			return m;
	return NULL;
}

static void queue_free(gpointer q)
{
	g_queue_free_full(q, g_free);
}

KConv *kconv_new(const char *tracefs, const char *const *selection, LttvCtfMetadata *meta,
                 GError **error)
{
	KConv *c = g_new0(KConv, 1);
	c->tracefs = g_strdup(tracefs);
	c->meta = meta;
	c->ftrace_events = g_ptr_array_new_with_free_func(g_free);
	c->owned = g_ptr_array_new_with_free_func(g_free);
	c->string_masks = g_byte_array_new();
	c->string_events = g_array_new(FALSE, FALSE, sizeof(LttvSyscallStringEvent));
	c->statedump = g_ptr_array_new_with_free_func(g_free);
	c->tgids = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->clone_flags = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->strings_by_tid = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, queue_free);
	g_mutex_init(&c->lock);
	c->ns_inum = pid_ns_inum();

	g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gboolean fork_wanted = FALSE, syscalls_done = FALSE;
	for (const char *const *s = selection; *s; s++)
		if (!expand_item(tracefs, *s, wanted, error))
			goto fail;
	kconv_declare_statedump(c);
	for (guint i = 0; i < wanted->len; i++) {
		const char *item = wanted->pdata[i];
		g_auto(GStrv) se = g_strsplit(item, ":", 2);
		const char *system = se[0], *event = se[1];
		if (!strcmp(system, "raw_syscalls")) {
			if (syscalls_done)
				continue;
			g_autoptr(FtraceFormat) enter =
			        ftrace_format_load(tracefs, "raw_syscalls", "sys_enter", error);
			g_autoptr(FtraceFormat) exitf =
			        enter ? ftrace_format_load(tracefs, "raw_syscalls", "sys_exit",
			                                   error)
			              : NULL;
			if (!exitf || !build_syscalls(c, enter, exitf, error))
				goto fail;
			syscalls_done = TRUE;
			add_unique(c->ftrace_events, g_strdup("raw_syscalls:sys_enter"));
			add_unique(c->ftrace_events, g_strdup("raw_syscalls:sys_exit"));
			continue;
		}
		if (!strcmp(system, "task") && !strcmp(event, "task_newtask"))
			continue; /* read for forks, below */
		g_autoptr(FtraceFormat) fmt = ftrace_format_load(tracefs, system, event, error);
		if (!fmt)
			goto fail;
		const KConvMapping *m = find_mapping(system, event);
		g_autofree char *generic_name = g_strdup_printf("%s_%s", system, event);
		const char *out_name = m ? m->lttng_name : generic_name;
		if (g_hash_table_contains(names, out_name))
			continue; /* e.g. hrtimer_setup and hrtimer_init: one class */
		KBuild b;
		build_init(&b);
		if (m && !build_mapped(c, &b, fmt, m->fields)) {
			g_printerr(_("warning: %s:%s has unexpected fields on this kernel: its "
			             "fields are "
			             "recorded as they are\n"),
			           system, event);
			build_clear(&b);
			build_init(&b);
			m = NULL;
			out_name = generic_name;
		}
		if (!m)
			build_generic(c, &b, fmt);
		if (fixed_size(&b) > KCONV_SCRATCH / 2) {
			/* (only a corrupt format file has fixed arrays that large) */
			g_printerr(_("warning: %s:%s is too large to be recorded\n"), system,
			           event);
			build_clear(&b);
			continue;
		}
		c->by_ftrace_id[fmt->id] = finish_event(c, &b, out_name);
		build_clear(&b);
		g_hash_table_add(names, g_strdup(out_name));
		if (!strcmp(system, "sched") && !strcmp(event, "sched_process_fork"))
			fork_wanted = TRUE;
		add_unique(c->ftrace_events, g_strdup(item));
	}
	if (fork_wanted && event_exists(tracefs, "task", "task_newtask")) {
		g_autoptr(FtraceFormat) nt =
		        ftrace_format_load(tracefs, "task", "task_newtask", NULL);
		const FtraceField *pid = nt ? ftrace_format_field(nt, "pid") : NULL;
		const FtraceField *flags = nt ? ftrace_format_field(nt, "clone_flags") : NULL;
		if (pid && flags) {
			KEvent *ev = g_new0(KEvent, 1);
			ev->special = KSPECIAL_NEWTASK;
			g_ptr_array_add(c->owned, ev);
			c->newtask_pid = src_of(pid);
			c->newtask_flags = src_of(flags);
			c->by_ftrace_id[nt->id] = ev;
			add_unique(c->ftrace_events, g_strdup("task:task_newtask"));
		}
	}
	if (!c->ftrace_events->len) {
		g_set_error(error, LTTV_ERROR, LTTV_ERROR_ARGUMENT,
		            _("none of the selected events exists on this kernel"));
		goto fail;
	}
	return c;
fail:
	kconv_free(c);
	return NULL;
}

void kconv_free(KConv *c)
{
	if (!c)
		return;
	g_free(c->tracefs);
	g_ptr_array_unref(c->ftrace_events);
	g_ptr_array_unref(c->owned);
	g_free(c->sys_entry);
	g_free(c->sys_exit);
	g_free(c->sys_names);
	g_byte_array_unref(c->string_masks);
	g_array_unref(c->string_events);
	g_ptr_array_unref(c->statedump);
	g_hash_table_unref(c->tgids);
	g_hash_table_unref(c->clone_flags);
	g_hash_table_unref(c->strings_by_tid);
	g_mutex_clear(&c->lock);
	g_free(c);
}

const GPtrArray *kconv_ftrace_events(const KConv *c)
{
	return c->ftrace_events;
}

gboolean kconv_wants_syscall_strings(const KConv *c)
{
	return c->syscalls;
}

GByteArray *kconv_syscall_string_masks(const KConv *c)
{
	return g_byte_array_ref(c->string_masks);
}

const LttvSyscallStringEvent *kconv_syscall_string_events(const KConv *c, guint *n_events)
{
	*n_events = c->string_events->len;
	return (const LttvSyscallStringEvent *)c->string_events->data;
}
