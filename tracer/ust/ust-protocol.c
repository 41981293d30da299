/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The messages between liblttv-ust and a session (ust-protocol.h). */
#include "tracer/ust/ust-protocol.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* ---------------------------------------------------------------- sockets */

char *lttv_ust_run_dir(void)
{
	const char *xdg;

	if (geteuid() == 0)
		return g_strdup("/run/lttv");
	xdg = g_getenv("XDG_RUNTIME_DIR");
	if (xdg && *xdg == '/')
		return g_build_filename(xdg, "lttv", NULL);
	return g_strdup_printf("/tmp/lttv-%u", (unsigned)geteuid());
}

gboolean lttv_ust_run_dir_ensure(const char *dir, GError **error)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            _("cannot create %s: %s"), dir, g_strerror(errno));
		return FALSE;
	}
	/* another user's folder in /tmp would let them see or replace our sockets */
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
		            _("%s must be a folder of yours that only you can use (mode 0700)"),
		            dir);
		return FALSE;
	}
	return TRUE;
}

int lttv_ust_connect(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int sock;

	if (strlen(path) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(addr.sun_path, path);
	sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -1;
	if (connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
		int e = errno;

		close(sock);
		errno = e;
		return -1;
	}
	return sock;
}

gboolean lttv_ust_send(int sock, const void *msg, gsize len, int fd, int flags)
{
	struct iovec iov = {(void *)msg, len};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = sizeof u.buf;
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	do
		n = sendmsg(sock, &mh, flags | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len;
}

gssize lttv_ust_recv(int sock, void *buf, gsize size, int *fd, int flags)
{
	struct iovec iov = {buf, size};
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = {.msg_iov = &iov,
	                    .msg_iovlen = 1,
	                    .msg_control = u.buf,
	                    .msg_controllen = sizeof u.buf};
	ssize_t n;

	if (fd)
		*fd = -1;
	do
		n = recvmsg(sock, &mh, flags | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		gsize nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (gsize i = 0; i < nfd; i++) {
			int got;

			memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (fd && *fd < 0)
				*fd = got;
			else
				close(got);
		}
	}
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		if (fd && *fd >= 0) {
			close(*fd);
			*fd = -1;
		}
		errno = EMSGSIZE;
		return -1;
	}
	return n;
}

gpointer lttv_ust_text_msg_new(LttvUstMsgType type, gint32 status, const char *text, gsize *len)
{
	gsize tlen = text ? strlen(text) : 0;
	LttvUstTextMsg *m = g_malloc0(sizeof *m + tlen + 1);

	m->h.type = type;
	m->h.version = LTTV_UST_PROTOCOL_VERSION;
	m->status = status;
	if (tlen)
		memcpy(m + 1, text, tlen);
	*len = sizeof *m + tlen + 1;
	return m;
}

const char *lttv_ust_text_msg_text(const void *msg, gsize len, gint32 *status)
{
	const LttvUstTextMsg *m = msg;
	const char *text = (const char *)(m + 1);

	if (len <= sizeof *m || len > LTTV_UST_MSG_MAX || text[len - sizeof *m - 1] != '\0')
		return NULL;
	if (status)
		*status = m->status;
	return text;
}

/* ---------------------------------------------------------------- patterns */

gboolean lttv_ust_patterns_check(const char *patterns, GError **error)
{
	g_auto(GStrv) parts = NULL;

	if (!patterns || !*patterns) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "empty event pattern");
		return FALSE;
	}
	if (strlen(patterns) >= LTTV_UST_TEXT_MAX) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "event patterns too long");
		return FALSE;
	}
	parts = g_strsplit(patterns, ",", -1);
	for (guint i = 0; parts[i]; i++) {
		const char *s = parts[i];

		if (!*s) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            "empty event pattern in \"%s\"", patterns);
			return FALSE;
		}
		for (; *s; s++)
			if (!g_ascii_isalnum(*s) && !strchr("_:*?", *s)) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				            "invalid character '%c' in event pattern \"%s\" "
				            "(provider:event, with * and ? wildcards)",
				            *s, parts[i]);
				return FALSE;
			}
	}
	return TRUE;
}

/* ---------------------------------------------------------------- events */

/* The EVENT layout after the header: u32 id, u32 n_fields, name; per
 * field: u8 kind, bits, is_signed, base, length_bits, u32 length,
 * u32 n_enum, name, then n_enum × (i64 start, i64 end, label).  Strings:
 * u16 length, bytes (no NUL).  Host byte order: both ends are one machine. */

static void put_str(GByteArray *b, const char *s)
{
	gsize n = MIN(strlen(s), (gsize)LTTV_UST_TEXT_MAX);
	guint16 n16 = (guint16)n;

	g_byte_array_append(b, (const guint8 *)&n16, 2);
	g_byte_array_append(b, (const guint8 *)s, (guint)n);
}

static void put_bytes(GByteArray *b, const void *p, gsize n)
{
	g_byte_array_append(b, p, (guint)n);
}

gpointer lttv_ust_event_msg_new(guint32 id, const char *name, const LttvCtfField *fields,
                                guint n_fields, gsize *len)
{
	GByteArray *b = g_byte_array_sized_new(256);
	LttvUstMsgHeader h = {LTTV_UST_MSG_EVENT, LTTV_UST_PROTOCOL_VERSION};
	guint32 n = n_fields;

	put_bytes(b, &h, sizeof h);
	put_bytes(b, &id, 4);
	put_bytes(b, &n, 4);
	put_str(b, name);
	for (guint i = 0; i < n_fields; i++) {
		const LttvCtfField *f = &fields[i];
		guint8 small[5] = {(guint8)f->kind, f->bits, f->is_signed ? 1 : 0, f->base,
		                   f->length_bits};
		guint32 n_enum = f->kind == LTTV_CTF_FIELD_ENUM ? f->n_enum_entries : 0;

		put_bytes(b, small, 5);
		put_bytes(b, &f->length, 4);
		put_bytes(b, &n_enum, 4);
		put_str(b, f->name);
		for (guint e = 0; e < n_enum; e++) {
			put_bytes(b, &f->enum_entries[e].start, 8);
			put_bytes(b, &f->enum_entries[e].end, 8);
			put_str(b, f->enum_entries[e].label);
		}
	}
	*len = b->len;
	return g_byte_array_free(b, FALSE);
}

typedef struct {
	const guint8 *p, *end;
	gboolean bad;
} Reader;

static gboolean take(Reader *r, void *out, gsize n)
{
	if (r->bad || (gsize)(r->end - r->p) < n) {
		r->bad = TRUE;
		memset(out, 0, n);
		return FALSE;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return TRUE;
}

static char *take_str(Reader *r, GStringChunk *chunk)
{
	guint16 n;

	if (!take(r, &n, 2) || (gsize)(r->end - r->p) < n) {
		r->bad = TRUE;
		return NULL;
	}
	char *s = g_string_chunk_insert_len(chunk, (const char *)r->p, n);
	r->p += n;
	/* a NUL inside, or bytes a metadata string should not hold */
	if (strlen(s) != n || !g_utf8_validate(s, -1, NULL)) {
		r->bad = TRUE;
		return NULL;
	}
	return s;
}

void lttv_ust_event_desc_free(LttvUstEventDesc *d)
{
	if (!d)
		return;
	g_free(d->fields);
	g_free(d->entries);
	if (d->strings)
		g_string_chunk_free(d->strings);
	g_free(d);
}

static gboolean printable_name(const char *s)
{
	if (!*s)
		return FALSE;
	for (; *s; s++)
		if (!g_ascii_isgraph(*s))
			return FALSE;
	return TRUE;
}

LttvUstEventDesc *lttv_ust_event_msg_decode(const void *msg, gsize len, GError **error)
{
	g_autoptr(LttvUstEventDesc) d = g_new0(LttvUstEventDesc, 1);
	Reader r = {(const guint8 *)msg + sizeof(LttvUstMsgHeader), (const guint8 *)msg + len,
	            len < sizeof(LttvUstMsgHeader)};
	guint32 n_fields = 0;
	gsize n_entries = 0, used = 0;

	d->strings = g_string_chunk_new(256);
	take(&r, &d->id, 4);
	take(&r, &n_fields, 4);
	d->name = take_str(&r, d->strings);
	/* every field takes at least 15 bytes: the count is bounded by the message */
	if (r.bad || n_fields > (gsize)(r.end - r.p) / 15 || !printable_name(d->name)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("malformed event description"));
		return NULL;
	}
	d->n_fields = n_fields;
	d->fields = g_new0(LttvCtfField, MAX(n_fields, 1));
	/* first pass counts the enumeration entries, bounded the same way */
	for (guint i = 0; i < n_fields && !r.bad; i++) {
		LttvCtfField *f = &d->fields[i];
		guint8 small[5];
		guint32 n_enum;

		take(&r, small, 5);
		take(&r, &f->length, 4);
		take(&r, &n_enum, 4);
		f->kind = small[0];
		f->bits = small[1];
		f->is_signed = small[2] != 0;
		f->base = small[3];
		f->length_bits = small[4];
		f->name = take_str(&r, d->strings);
		if (r.bad || n_enum > (gsize)(r.end - r.p) / 18) {
			r.bad = TRUE;
			break;
		}
		if (n_enum) {
			if (f->kind != LTTV_CTF_FIELD_ENUM) {
				r.bad = TRUE;
				break;
			}
			d->entries = g_renew(LttvCtfEnumEntry, d->entries, n_entries + n_enum);
			for (guint e = 0; e < n_enum && !r.bad; e++) {
				LttvCtfEnumEntry *en = &d->entries[n_entries + e];
				take(&r, &en->start, 8);
				take(&r, &en->end, 8);
				en->label = take_str(&r, d->strings);
			}
			f->n_enum_entries = n_enum;
			n_entries += n_enum;
		}
	}
	if (r.bad || r.p != r.end) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            _("malformed description of event %s"), d->name);
		return NULL;
	}
	/* the entries moved while growing: point the enumerations at them now */
	for (guint i = 0; i < n_fields; i++) {
		LttvCtfField *f = &d->fields[i];

		if (f->n_enum_entries) {
			f->enum_entries = d->entries + used;
			used += f->n_enum_entries;
		}
		if (f->kind > LTTV_CTF_FIELD_TEXT_SEQUENCE || !lttv_ctf_field_valid(f)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            _("event %s: field %u is not valid"), d->name, i);
			return NULL;
		}
	}
	return g_steal_pointer(&d);
}
