/* SPDX-License-Identifier: GPL-2.0-or-later */
/* String arguments of system calls, read at syscall entry by an eBPF program
 * assembled here instruction by instruction and loaded with the raw bpf(2)
 * system call, so that the recorder depends neither on libbpf nor on a BPF
 * compiler.  The programs run on ftrace's syscalls:sys_enter_<name> events
 * (perf tracepoint events), so that only the system calls with strings run
 * them, or else on the raw `sys_enter` tracepoint; they send one record per
 * string through a BPF ring buffer, which we consume through its shared
 * mapping. */
#include "tracer/kernel/syscall-strings-internal.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ------------------------------------------------------------ bpf(2) */

struct LttvSyscallStrings {
	MapFds map;
	GArray *progs; /* int: the programs loaded */
	GArray *links; /* int: the raw tracepoint link, or the perf events */
	LttvSyscallStringsAttach attach;
	guint n_events; /* ftrace syscall events attached */
	char *warning;
	guint n_cpu_slots; /* entries of a per-CPU lookup (>= possible CPUs) */
	gsize page_size;
	guint64 *consumer_pos;       /* first page, read-write */
	const guint64 *producer_pos; /* second page, read-only */
	const guint8 *data;          /* RING_SIZE bytes mapped twice after producer_pos */
	GMutex lock;
};

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

static guint64 ptr_u64(const void *p)
{
	return (guint64)(uintptr_t)p;
}

/* The GError for a failed bpf(2) call, with the hint that matters most. */
static void set_errno_error(GError **error, int err, const char *what)
{
	if (err == EPERM || err == EACCES)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
		            _("cannot %s: %s (capturing syscall strings needs root, or "
		              "CAP_BPF and CAP_PERFMON)"),
		            what, g_strerror(err));
	else if (err == ENOSYS)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("cannot %s: this kernel has no bpf(2) system call"), what);
	else
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(err), _("cannot %s: %s"), what,
		            g_strerror(err));
}

static int map_create(guint type, const char *name, guint32 value_size, guint32 max_entries,
                      GError **error)
{
	union bpf_attr attr = {0};

	attr.map_type = type;
	attr.key_size = type == BPF_MAP_TYPE_RINGBUF ? 0 : sizeof(guint32);
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	g_strlcpy(attr.map_name, name, sizeof attr.map_name);
	int fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0) {
		int err = errno;
		g_autofree char *what = g_strdup_printf(_("create the BPF map %s"), name);

		if (err == EINVAL && type == BPF_MAP_TYPE_RINGBUF)
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
			            _("cannot %s: no BPF ring buffer in this kernel (before 5.8?)"),
			            what);
		else
			set_errno_error(error, err, what);
	}
	return fd;
}

static gboolean map_update(int fd, guint32 key, const void *value, GError **error)
{
	union bpf_attr attr = {0};

	attr.map_fd = fd;
	attr.key = ptr_u64(&key);
	attr.value = ptr_u64(value);
	attr.flags = BPF_ANY;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr) < 0) {
		set_errno_error(error, errno, _("fill a BPF map"));
		return FALSE;
	}
	return TRUE;
}

/* The end of the verifier log, where it says what it rejected. */
static char *log_excerpt(const char *log)
{
	gsize n = strlen(log);

	while (n > 0 && (log[n - 1] == '\n' || log[n - 1] == ' '))
		n--;
	gsize start = n, lines = 0;
	while (start > 0 && lines < 12 && n - start < 1500)
		if (log[--start] == '\n')
			lines++;
	if (start > 0)
		start++;
	return g_strndup(log + start, n - start);
}

static int prog_load(const Asm *a, guint type, GError **error)
{
	union bpf_attr attr = {0};
	int fd = -1;

	attr.prog_type = type;
	attr.insns = ptr_u64(a->insn);
	attr.insn_cnt = a->n;
	attr.license = ptr_u64("GPL"); /* the probe_read helpers are GPL-only */
	g_strlcpy(attr.prog_name, "lttv_sysstr", sizeof attr.prog_name);
	/* the verifier asks to retry (EAGAIN) when a signal interrupts it */
	for (int i = 0; i < 5; i++) {
		fd = sys_bpf(BPF_PROG_LOAD, &attr);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd >= 0)
		return fd;
	int err = errno;
	if (err == EPERM || err == ENOSYS) {
		set_errno_error(error, err, _("load the eBPF program"));
		return -1;
	}

	/* load again only to get the log: keeping it on every load costs */
	gsize log_size = 1 << 20;
	g_autofree char *log = g_malloc0(log_size);
	attr.log_level = 1;
	attr.log_buf = ptr_u64(log);
	attr.log_size = log_size;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0) /* passed this time: take it */
		return fd;
	log[log_size - 1] = '\0';
	g_autofree char *excerpt = log_excerpt(log);
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
	            _("the kernel rejected the eBPF program for syscall strings (%s); verifier "
	              "log ends with:\n%s"),
	            g_strerror(err), excerpt);
	return -1;
}

/* How many values a per-CPU map lookup writes: one per possible CPU.  We
 * take the highest possible CPU number + 1, which is never fewer. */
static guint possible_cpu_slots(void)
{
	g_autofree char *text = NULL;
	guint n = 0;

	if (g_file_get_contents("/sys/devices/system/cpu/possible", &text, NULL, NULL)) {
		const char *p = text + strcspn(text, "\n");
		while (p > text && !g_ascii_isdigit(p[-1]))
			p--;
		while (p > text && g_ascii_isdigit(p[-1]))
			p--;
		n = (guint)g_ascii_strtoull(p, NULL, 10) + 1;
	}
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	return MAX(n, conf > 0 ? (guint)conf : 1u);
}

static gboolean create_maps(MapFds *m, GError **error)
{
	m->config = map_create(BPF_MAP_TYPE_ARRAY, "lttv_strconf", 4, 1, error);
	if (m->config < 0)
		return FALSE;
	m->scratch = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "lttv_strtmp", SCRATCH_SIZE, 1, error);
	if (m->scratch < 0)
		return FALSE;
	m->lost = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "lttv_strlost", 8, 1, error);
	if (m->lost < 0)
		return FALSE;
	m->ring = map_create(BPF_MAP_TYPE_RINGBUF, "lttv_strring", 0, RING_SIZE, error);
	return m->ring >= 0;
}

/* Closes the fds of arr from index from on. */
typedef struct {
	const int *fds;
	guint n, first, stride;
} CloseSlice;

static gpointer close_slice(gpointer data)
{
	const CloseSlice *c = data;
	for (guint i = c->first; i < c->n; i += c->stride)
		close(c->fds[i]);
	return NULL;
}

/* Closing a perf event that holds a program waits for an RCU grace period
 * (~50 ms here): closed one after the other, 70 of them took 3.5 s.
 * Closed from several threads at once, the waits overlap. */
static void close_fds(GArray *arr, guint from)
{
	enum { MAX_CLOSERS = 16 };
	guint n = arr->len > from ? arr->len - from : 0;
	const int *fds = (const int *)arr->data + from;
	guint stride = MIN(n / 4, (guint)MAX_CLOSERS);
	if (stride < 2) {
		for (guint i = 0; i < n; i++)
			close(fds[i]);
	} else {
		CloseSlice slices[MAX_CLOSERS];
		GThread *threads[MAX_CLOSERS];
		for (guint t = 0; t < stride; t++) {
			slices[t] = (CloseSlice){fds, n, t, stride};
			threads[t] = g_thread_try_new("lttv-close", close_slice, &slices[t], NULL);
			if (!threads[t])
				close_slice(&slices[t]);
		}
		for (guint t = 0; t < stride; t++)
			if (threads[t])
				g_thread_join(threads[t]);
	}
	g_array_set_size(arr, MIN(from, arr->len));
}

static int load(LttvSyscallStrings *s, Asm *a, gboolean ok, guint type, GError **error)
{
	if (!ok) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		            _("internal error: the eBPF program for syscall strings does not "
		              "assemble"));
		return -1;
	}
	int fd = prog_load(a, type, error);
	if (fd >= 0)
		g_array_append_val(s->progs, fd);
	return fd;
}

/* The program on the raw sys_enter tracepoint: every syscall runs it. */
static gboolean attach_raw(LttvSyscallStrings *s, const guint8 *arg_mask, guint n_nr,
                           GError **error)
{
	s->map.mask = map_create(BPF_MAP_TYPE_ARRAY, "lttv_strmask", 1, n_nr, error);
	if (s->map.mask < 0)
		return FALSE;
	for (guint nr = 0; nr < n_nr; nr++) {
		guint8 m = arg_mask[nr] & 0x3f;

		/* arrays start zeroed: only write what is set */
		if (m && !map_update(s->map.mask, nr, &m, error))
			return FALSE;
	}
	g_autofree Asm *a = g_new0(Asm, 1);
	int prog = load(s, a, lttv_sysstr_assemble_raw(a, &s->map), BPF_PROG_TYPE_RAW_TRACEPOINT,
	                error);
	if (prog < 0)
		return FALSE;
	union bpf_attr attr = {0};
	attr.raw_tracepoint.name = ptr_u64("sys_enter");
	attr.raw_tracepoint.prog_fd = prog;
	int link = sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
	if (link < 0) {
		set_errno_error(error, errno, _("attach to the sys_enter tracepoint"));
		return FALSE;
	}
	g_array_append_val(s->links, link);
	s->attach = LTTV_SYSCALL_STRINGS_ALL_SYSCALLS;
	return TRUE;
}

/* The first online CPU: a tracepoint program runs on every CPU whatever the
 * CPU of its perf event, so one event is enough. */
static int first_online_cpu(void)
{
	g_autofree char *text = NULL;

	if (g_file_get_contents("/sys/devices/system/cpu/online", &text, NULL, NULL) &&
	    g_ascii_isdigit(text[0]))
		return (int)g_ascii_strtoull(text, NULL, 10);
	return 0;
}

/* The ftrace id of events/syscalls/<event> and the offsets of its argument
 * fields (those after __syscall_nr), -1 if missing or not 8 bytes. */
static gboolean event_layout(const char *tracefs, const char *event, guint64 *id, gint off[6])
{
	g_autofree char *dir = g_build_filename(tracefs, "events", "syscalls", event, NULL);
	g_autofree char *id_path = g_build_filename(dir, "id", NULL);
	g_autofree char *fmt_path = g_build_filename(dir, "format", NULL);
	g_autofree char *id_text = NULL, *fmt = NULL;

	if (strchr(event, '/') || !g_file_get_contents(id_path, &id_text, NULL, NULL) ||
	    !g_ascii_isdigit(id_text[0]) || !g_file_get_contents(fmt_path, &fmt, NULL, NULL))
		return FALSE;
	*id = g_ascii_strtoull(id_text, NULL, 10);
	for (int k = 0; k < 6; k++)
		off[k] = -1;
	g_auto(GStrv) lines = g_strsplit(fmt, "\n", -1);
	int k = 0;
	for (char **l = lines; *l && k < 6; l++) {
		const char *decl = strstr(*l, "field:");
		const char *semi = decl ? strchr(decl, ';') : NULL;
		const char *o = semi ? strstr(semi, "offset:") : NULL;
		const char *sz = o ? strstr(o, "size:") : NULL;
		if (!sz)
			continue;
		/* the field name: the last word of the declaration */
		const char *name = semi;
		while (name > decl && (g_ascii_isalnum(name[-1]) || name[-1] == '_'))
			name--;
		gsize len = (gsize)(semi - name);
		if ((len >= 7 && !strncmp(name, "common_", 7)) ||
		    (len == 12 && !strncmp(name, "__syscall_nr", 12)))
			continue;
		guint64 offset = g_ascii_strtoull(o + 7, NULL, 10);
		guint64 size = g_ascii_strtoull(sz + 5, NULL, 10);
		off[k++] = size == 8 && offset >= 16 && offset % 8 == 0 && offset < 4096
		                   ? (gint)offset
		                   : -1;
	}
	return TRUE;
}

static int perf_tracepoint_open(guint64 id, int cpu)
{
	struct perf_event_attr attr = {0};

	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof attr;
	attr.config = id;
	attr.sample_period = 1;
	attr.disabled = 1;
	return (int)syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Raises the soft limit on open files to the hard one; FALSE if it was. */
static gboolean raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return FALSE;
	rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &rl) == 0;
}

/* One program per set of string fields, one perf event per syscall event.
 * FALSE with *why when it fails as a whole (the caller falls back to the
 * raw tracepoint); events that cannot be attached are listed in skipped. */
static gboolean attach_events(LttvSyscallStrings *s, const LttvSyscallStringEvent *events,
                              guint n_events, const char *tracefs, GString *skipped, char **why)
{
	if (tracefs == NULL) {
		*why = g_strdup(_("no tracefs was given"));
		return FALSE;
	}
	g_autoptr(GHashTable) progs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree Asm *a = g_new0(Asm, 1);
	int cpu = first_online_cpu();
	gboolean raised = FALSE;

	for (guint i = 0; i < n_events; i++) {
		const LttvSyscallStringEvent *e = &events[i];
		guint8 mask = e->arg_mask & 0x3f;
		guint64 id;
		gint off[6];
		guint16 uoff[6] = {0};

		if (mask == 0)
			continue;
		if (!event_layout(tracefs, e->event, &id, off)) {
			g_string_append_printf(skipped, "%s%s", skipped->len ? ", " : "", e->event);
			continue;
		}
		/* the programs for the same string fields are the same */
		g_autoptr(GString) key = g_string_new(NULL);
		gboolean bad = FALSE;
		for (int k = 0; k < 6; k++)
			if (mask & (1u << k)) {
				bad |= off[k] < 0;
				uoff[k] = (guint16)MAX(off[k], 0);
				g_string_append_printf(key, "%d@%d ", k, off[k]);
			}
		if (bad) {
			g_string_append_printf(skipped, "%s%s (%s)", skipped->len ? ", " : "",
			                       e->event, _("unexpected format"));
			continue;
		}
		int prog = GPOINTER_TO_INT(g_hash_table_lookup(progs, key->str)) - 1;
		if (prog < 0) {
			g_autoptr(GError) error = NULL;

			memset(a, 0, sizeof *a);
			prog = load(s, a, lttv_sysstr_assemble_tp(a, &s->map, mask, uoff),
			            BPF_PROG_TYPE_TRACEPOINT, &error);
			if (prog < 0) {
				*why = g_strdup(error->message);
				return FALSE;
			}
			g_hash_table_insert(progs, g_strdup(key->str), GINT_TO_POINTER(prog + 1));
		}
		int fd = perf_tracepoint_open(id, cpu);
		if (fd < 0 && errno == EMFILE && !raised) {
			raised = TRUE;
			if (raise_nofile())
				fd = perf_tracepoint_open(id, cpu);
			else
				errno = EMFILE;
		}
		if (fd < 0) {
			int err = errno;

			if (err == ENOENT || err == EINVAL || err == ENODEV || err == EOPNOTSUPP) {
				g_string_append_printf(skipped, "%s%s (%s)",
				                       skipped->len ? ", " : "", e->event,
				                       g_strerror(err));
				continue;
			}
			*why = g_strdup_printf(_("cannot open the perf event of %s: %s"), e->event,
			                       g_strerror(err));
			return FALSE;
		}
		g_array_append_val(s->links, fd);
		if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog) != 0 ||
		    ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
			int err = errno;

			close_fds(s->links, s->links->len - 1);
			if (err == EPERM || err == ENOMEM) {
				*why = g_strdup_printf(
				        _("cannot attach the eBPF program to %s: %s"), e->event,
				        g_strerror(err));
				return FALSE;
			}
			/* E2BIG: 64 programs on it already; EACCES: a field
			 * beyond the event */
			g_string_append_printf(skipped, "%s%s (%s)", skipped->len ? ", " : "",
			                       e->event, g_strerror(err));
			continue;
		}
		s->n_events++;
	}
	if (s->n_events == 0) {
		*why = g_strdup(_("none of the ftrace syscall events could be attached"));
		return FALSE;
	}
	s->attach = LTTV_SYSCALL_STRINGS_PER_SYSCALL;
	return TRUE;
}

/* ------------------------------------------------------------ public API */

/* The maps and the ring buffer's mappings, no program yet. */
static LttvSyscallStrings *strings_new(GError **error)
{
	if (!HAVE_ARCH) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		            _("capturing syscall strings is not supported on this architecture"));
		return NULL;
	}
	LttvSyscallStrings *s = g_new0(LttvSyscallStrings, 1);
	s->map = (MapFds){-1, -1, -1, -1, -1};
	s->progs = g_array_new(FALSE, FALSE, sizeof(int));
	s->links = g_array_new(FALSE, FALSE, sizeof(int));
	g_mutex_init(&s->lock);
	s->n_cpu_slots = possible_cpu_slots();
	s->page_size = sysconf(_SC_PAGESIZE);

	if (!create_maps(&s->map, error))
		goto fail;
	/* consumer page read-write; producer page then the data, which the
	 * kernel maps twice so that a record never wraps around */
	void *p = mmap(NULL, s->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->map.ring, 0);
	if (p == MAP_FAILED) {
		set_errno_error(error, errno, _("map the BPF ring buffer"));
		goto fail;
	}
	s->consumer_pos = p;
	p = mmap(NULL, s->page_size + 2 * (gsize)RING_SIZE, PROT_READ, MAP_SHARED, s->map.ring,
	         s->page_size);
	if (p == MAP_FAILED) {
		set_errno_error(error, errno, _("map the BPF ring buffer"));
		goto fail;
	}
	s->producer_pos = p;
	s->data = (const guint8 *)p + s->page_size;
	return s;
fail:
	lttv_syscall_strings_close(s);
	return NULL;
}

LttvSyscallStrings *lttv_syscall_strings_open(const guint8 *arg_mask, guint n_nr, GError **error)
{
	if (HAVE_ARCH && (arg_mask == NULL || n_nr == 0 || n_nr > 65536)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("syscall strings: invalid syscall argument mask (%u entries)"), n_nr);
		return NULL;
	}
	LttvSyscallStrings *s = strings_new(error);
	if (s && !attach_raw(s, arg_mask, n_nr, error)) {
		lttv_syscall_strings_close(s);
		return NULL;
	}
	return s;
}

LttvSyscallStrings *lttv_syscall_strings_open_events(const LttvSyscallStringEvent *events,
                                                     guint n_events, const char *tracefs,
                                                     GError **error)
{
	guint n_nr = 0;

	for (guint i = 0; events && i < n_events; i++) {
		if (events[i].event == NULL || events[i].nr >= 65536) {
			n_nr = 0;
			break;
		}
		n_nr = MAX(n_nr, events[i].nr + 1);
	}
	if (HAVE_ARCH && n_nr == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		            _("syscall strings: invalid list of syscall events (%u entries)"),
		            n_events);
		return NULL;
	}
	LttvSyscallStrings *s = strings_new(error);
	if (s == NULL)
		return NULL;
	g_autoptr(GString) skipped = g_string_new(NULL);
	g_autofree char *why = NULL;
	if (attach_events(s, events, n_events, tracefs, skipped, &why)) {
		if (skipped->len)
			s->warning =
			        g_strdup_printf(_("no string arguments for the system calls of "
			                          "these ftrace events: %s"),
			                        skipped->str);
		return s;
	}
	/* fall back to the raw tracepoint, for all the events given */
	close_fds(s->links, 0);
	close_fds(s->progs, 0);
	s->n_events = 0;
	g_autofree guint8 *mask = g_new0(guint8, n_nr);
	for (guint i = 0; i < n_events; i++)
		mask[events[i].nr] |= events[i].arg_mask;
	if (!attach_raw(s, mask, n_nr, error)) {
		lttv_syscall_strings_close(s);
		return NULL;
	}
	s->warning = g_strdup_printf(_("syscall strings: every system call runs the eBPF program "
	                               "(raw sys_enter tracepoint), which slows them down: %s%s%s"),
	                             why, skipped->len ? "; skipped: " : "", skipped->str);
	return s;
}

LttvSyscallStringsAttach lttv_syscall_strings_attach(const LttvSyscallStrings *s)
{
	return s->attach;
}

guint lttv_syscall_strings_n_events(const LttvSyscallStrings *s)
{
	return s->n_events;
}

const char *lttv_syscall_strings_warning(const LttvSyscallStrings *s)
{
	return s->warning;
}

void lttv_syscall_strings_ignore_tgid(LttvSyscallStrings *s, gint32 tgid)
{
	guint32 v = (guint32)MAX(tgid, 0);
	g_autoptr(GError) error = NULL;

	if (!map_update(s->map.config, 0, &v, &error))
		g_warning("%s", error->message);
}

int lttv_syscall_strings_fd(const LttvSyscallStrings *s)
{
	return s->map.ring;
}

guint lttv_syscall_strings_drain(LttvSyscallStrings *s,
                                 void (*cb)(const LttvSyscallString *rec, gpointer user_data),
                                 gpointer user_data)
{
	const guint64 mask = RING_SIZE - 1;
	guint n = 0;

	g_return_val_if_fail(s != NULL && cb != NULL, 0);
	g_mutex_lock(&s->lock);
	guint64 cons = __atomic_load_n(s->consumer_pos, __ATOMIC_RELAXED);
	/* stop at the producer position seen now: a caller never spins here
	 * while the system keeps writing */
	guint64 prod = __atomic_load_n(s->producer_pos, __ATOMIC_ACQUIRE);
	while (cons < prod) {
		const guint32 *hdr = (const guint32 *)(s->data + (cons & mask));
		guint32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

		if (len & BPF_RINGBUF_BUSY_BIT) /* reserved, not yet committed */
			break;
		guint32 size = len & ~(guint32)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		const guint8 *sample = (const guint8 *)hdr + BPF_RINGBUF_HDR_SZ;
		RecordHeader h;

		if (!(len & BPF_RINGBUF_DISCARD_BIT) && size > sizeof h) {
			memcpy(&h, sample, sizeof h);
			const char *str = (const char *)sample + sizeof h;
			gsize room = size - sizeof h; /* string bytes with the NUL */

			/* the program always sends the NUL; trust nothing else */
			if (h.len < room && str[h.len] == '\0') {
				LttvSyscallString rec = {.ts = h.ts,
				                         .tid = h.tid,
				                         .nr = h.nr,
				                         .arg = h.arg,
				                         .len = h.len,
				                         .str = str};
				cb(&rec, user_data);
				n++;
			}
		}
		cons += (size + BPF_RINGBUF_HDR_SZ + 7) & ~(guint64)7;
		/* release: the space may be reused once we have read it */
		__atomic_store_n(s->consumer_pos, cons, __ATOMIC_RELEASE);
	}
	g_mutex_unlock(&s->lock);
	return n;
}

guint64 lttv_syscall_strings_lost(const LttvSyscallStrings *s)
{
	g_autofree guint64 *v = g_new0(guint64, s->n_cpu_slots);
	union bpf_attr attr = {0};
	guint32 key = 0;
	guint64 lost = 0;

	attr.map_fd = s->map.lost;
	attr.key = ptr_u64(&key);
	attr.value = ptr_u64(v);
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr) == 0)
		for (guint i = 0; i < s->n_cpu_slots; i++)
			lost += v[i];

	/* runs skipped because a program was already running on that CPU */
	for (guint i = 0; i < s->progs->len; i++) {
		struct bpf_prog_info info = {0};

		memset(&attr, 0, sizeof attr);
		attr.info.bpf_fd = g_array_index(s->progs, int, i);
		attr.info.info_len = sizeof info;
		attr.info.info = ptr_u64(&info);
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0 &&
		    attr.info.info_len >= offsetof(struct bpf_prog_info, recursion_misses) + 8)
			lost += info.recursion_misses;
	}
	return lost;
}

void lttv_syscall_strings_detach(LttvSyscallStrings *s)
{
	/* closing the perf events detaches the programs from the syscall
	 * events and disables those the recorder no longer uses */
	close_fds(s->links, 0);
}

void lttv_syscall_strings_close(LttvSyscallStrings *s)
{
	if (s == NULL)
		return;
	lttv_syscall_strings_detach(s);
	close_fds(s->progs, 0);
	g_array_unref(s->links);
	g_array_unref(s->progs);
	g_free(s->warning);
	if (s->consumer_pos != NULL)
		munmap(s->consumer_pos, s->page_size);
	if (s->producer_pos != NULL)
		munmap((void *)s->producer_pos, s->page_size + 2 * (gsize)RING_SIZE);
	int *fds[] = {&s->map.mask, &s->map.config, &s->map.scratch, &s->map.lost, &s->map.ring};
	for (gsize i = 0; i < G_N_ELEMENTS(fds); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
	g_mutex_clear(&s->lock);
	g_free(s);
}
