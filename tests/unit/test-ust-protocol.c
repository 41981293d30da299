/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The liblttv-ust <-> session protocol (tracer/ust/ust-protocol.c): event
 * descriptions survive the trip and a session refuses every malformed
 * one; text messages; descriptors over a socket pair; sparse event ids in
 * the metadata; the session's option checks and name clashes. */
#include "tracer/ust/session.h"
#include "tracer/ust/ust-protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/socket.h>
#include <unistd.h>

static const LttvCtfEnumEntry colours[] = {{"red", 0, 0}, {"green", 1, 1}, {"rest", 2, 9}};

static const LttvCtfField fields[] = {
        {"seq", LTTV_CTF_FIELD_INT, 64, FALSE, 10, 0, 0, NULL, 0},
        {"delta", LTTV_CTF_FIELD_INT, 32, TRUE, 16, 0, 0, NULL, 0},
        {"colour", LTTV_CTF_FIELD_ENUM, 8, FALSE, 10, 0, 0, colours, 3},
        {"msg", LTTV_CTF_FIELD_STRING, 0, FALSE, 0, 0, 0, NULL, 0},
        {"ratio", LTTV_CTF_FIELD_FLOAT, 64, FALSE, 0, 0, 0, NULL, 0},
        {"bytes", LTTV_CTF_FIELD_INT_SEQUENCE, 8, FALSE, 16, 0, 16, NULL, 0},
        {"tag", LTTV_CTF_FIELD_TEXT_ARRAY, 8, TRUE, 10, 8, 0, NULL, 0},
};

static void test_event_round_trip(void)
{
	gsize len;
	g_autofree guint8 *msg =
	        lttv_ust_event_msg_new(42, "my_app:request", fields, G_N_ELEMENTS(fields), &len);
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvUstEventDesc) d = lttv_ust_event_msg_decode(msg, len, &error);

	g_assert_no_error(error);
	g_assert_nonnull(d);
	g_assert_cmpuint(d->id, ==, 42);
	g_assert_cmpstr(d->name, ==, "my_app:request");
	g_assert_cmpuint(d->n_fields, ==, G_N_ELEMENTS(fields));
	for (guint i = 0; i < d->n_fields; i++) {
		const LttvCtfField *a = &fields[i], *b = &d->fields[i];

		g_assert_cmpstr(a->name, ==, b->name);
		g_assert_cmpint(a->kind, ==, b->kind);
		g_assert_cmpuint(a->bits, ==, b->bits);
		g_assert_cmpint(a->is_signed, ==, b->is_signed);
		g_assert_cmpuint(a->base, ==, b->base);
		g_assert_cmpuint(a->length, ==, b->length);
		g_assert_cmpuint(a->length_bits, ==, b->length_bits);
		g_assert_cmpuint(a->n_enum_entries, ==, b->n_enum_entries);
		for (guint e = 0; e < a->n_enum_entries; e++) {
			g_assert_cmpstr(a->enum_entries[e].label, ==, b->enum_entries[e].label);
			g_assert_cmpint(a->enum_entries[e].start, ==, b->enum_entries[e].start);
			g_assert_cmpint(a->enum_entries[e].end, ==, b->enum_entries[e].end);
		}
	}
}

/* Every truncation, every single-byte corruption: an error or a
 * description the CTF writer accepts, never a crash (ASan builds check
 * the reads). */
static void test_event_malformed(void)
{
	gsize len;
	g_autofree guint8 *msg =
	        lttv_ust_event_msg_new(7, "p:e", fields, G_N_ELEMENTS(fields), &len);
	guint refused = 0;

	for (gsize cut = 0; cut < len; cut++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvUstEventDesc) d = lttv_ust_event_msg_decode(msg, cut, &error);

		g_assert_null(d);
		g_assert_nonnull(error);
	}
	for (gsize at = sizeof(LttvUstMsgHeader); at < len; at++)
		for (guint v = 0; v < 256; v += 17) {
			g_autofree guint8 *bad = g_memdup2(msg, len);
			g_autoptr(GError) error = NULL;
			g_autoptr(LttvUstEventDesc) d = NULL;

			bad[at] = (guint8)v;
			d = lttv_ust_event_msg_decode(bad, len, &error);
			if (!d) {
				refused++;
				continue;
			}
			for (guint i = 0; i < d->n_fields; i++)
				g_assert_true(lttv_ctf_field_valid(&d->fields[i]));
		}
	g_assert_cmpuint(refused, >, 0);
}

static void test_event_invalid_fields(void)
{
	LttvCtfField f[] = {{"ok", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, 0, NULL, 0}};
	const struct {
		const char *name;
		LttvCtfField field;
	} cases[] = {
	        {"p:e", {"not ok", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, 0, NULL, 0}},
	        {"p:e", {"x", LTTV_CTF_FIELD_INT, 12, FALSE, 10, 0, 0, NULL, 0}},
	        {"p:e", {"x", LTTV_CTF_FIELD_INT, 32, FALSE, 7, 0, 0, NULL, 0}},
	        {"p:e", {"x", (LttvCtfFieldKind)99, 32, FALSE, 10, 0, 0, NULL, 0}},
	        {"p:e", {"x", LTTV_CTF_FIELD_ENUM, 8, FALSE, 10, 0, 0, NULL, 0}},
	        {"p:e", {"x", LTTV_CTF_FIELD_INT_ARRAY, 32, FALSE, 10, 0, 0, NULL, 0}},
	        {"bad name", {"x", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, 0, NULL, 0}},
	        {"", {"x", LTTV_CTF_FIELD_INT, 32, FALSE, 10, 0, 0, NULL, 0}},
	};
	gsize len;
	g_autofree guint8 *good = lttv_ust_event_msg_new(1, "p:e", f, 1, &len);
	g_autoptr(LttvUstEventDesc) d = lttv_ust_event_msg_decode(good, len, NULL);

	g_assert_nonnull(d);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree guint8 *msg =
		        lttv_ust_event_msg_new(1, cases[i].name, &cases[i].field, 1, &len);
		g_autoptr(GError) error = NULL;
		g_autoptr(LttvUstEventDesc) bad = lttv_ust_event_msg_decode(msg, len, &error);

		g_assert_null(bad);
		g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	}
}

static void test_text_messages(void)
{
	gsize len;
	g_autofree guint8 *msg = lttv_ust_text_msg_new(LTTV_UST_MSG_ENABLE, 3, "a:*,b:c", &len);
	gint32 status = 0;

	g_assert_cmpstr(lttv_ust_text_msg_text(msg, len, &status), ==, "a:*,b:c");
	g_assert_cmpint(status, ==, 3);
	/* not NUL-terminated, or too short */
	g_assert_null(lttv_ust_text_msg_text(msg, len - 1, NULL));
	g_assert_null(lttv_ust_text_msg_text(msg, sizeof(LttvUstTextMsg), NULL));
}

/* A message and a descriptor over SOCK_SEQPACKET, as CHANNEL goes. */
static void test_send_fd(void)
{
	int sv[2], fd = -1, got = -1;
	LttvUstChannelMsg cm = {{LTTV_UST_MSG_CHANNEL, LTTV_UST_PROTOCOL_VERSION}, 4}, in;
	char byte = 0;

	g_assert_cmpint(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), ==, 0);
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	g_assert_cmpint(fd, >=, 0);
	g_assert_true(lttv_ust_send(sv[0], &cm, sizeof cm, fd, 0));
	g_assert_cmpint(lttv_ust_recv(sv[1], &in, sizeof in, &got, 0), ==, sizeof in);
	g_assert_cmpint(got, >=, 0);
	g_assert_cmpint(got, !=, fd);
	g_assert_cmpuint(in.n_cpus, ==, 4);
	g_assert_cmpint(pread(got, &byte, 1, 1), ==, 1);
	g_assert_cmpint(byte, ==, 'E'); /* "\177ELF" */
	/* a message larger than the buffer is an error, not a truncation */
	g_assert_true(lttv_ust_send(sv[0], &cm, sizeof cm, -1, 0));
	g_assert_cmpint(lttv_ust_recv(sv[1], &in, 4, NULL, 0), ==, -1);
	g_assert_cmpint(errno, ==, EMSGSIZE);
	/* the end of the connection */
	close(sv[0]);
	g_assert_cmpint(lttv_ust_recv(sv[1], &in, sizeof in, NULL, 0), ==, 0);
	close(sv[1]);
	close(fd);
	close(got);
}

static void test_metadata_sparse_ids(void)
{
	static const guint8 uuid[16] = {1};
	g_autoptr(LttvCtfMetadata) meta = lttv_ctf_metadata_new(uuid, uuid, 0);
	g_autofree char *text = NULL;

	g_assert_cmpuint(lttv_ctf_metadata_add_event_id(meta, 3, "p:a", fields, 1), ==, 3);
	g_assert_cmpuint(lttv_ctf_metadata_add_event_id(meta, 10, "p:b", fields, 2), ==, 10);
	g_assert_cmpuint(lttv_ctf_metadata_n_events(meta), ==, 11);
	g_assert_cmpuint(lttv_ctf_metadata_add_event(meta, "p:c", NULL, 0), ==, 11);
	text = lttv_ctf_metadata_text(meta);
	g_assert_nonnull(strstr(text, "id = 3;"));
	g_assert_nonnull(strstr(text, "id = 10;"));
	g_assert_nonnull(strstr(text, "id = 11;"));
	g_assert_null(strstr(text, "\tid = 0;\n\tstream_id"));
}

static void test_session_options(void)
{
	g_autofree char *dir = g_dir_make_tmp("lttv-ust-session-XXXXXX", NULL);
	LttvUstSessionOptions o = {
	        "unit-test-session", dir, NULL, LTTV_RB_DISCARD, 1 << 16, 4, FALSE, 0, NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(LttvUstSession) s = NULL, again = NULL;
	g_autofree char *name = g_strdup_printf("unit-test-%d", (int)getpid());

	o.name = name;
	o.subbuf_size = 3000;
	g_assert_null(lttv_ust_session_start(&o, &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_clear_error(&error);
	o.subbuf_size = 1 << 16;
	o.name = "all";
	g_assert_null(lttv_ust_session_start(&o, &error));
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_clear_error(&error);
	o.name = name;
	s = lttv_ust_session_start(&o, &error);
	g_assert_no_error(error);
	g_assert_true(g_str_has_suffix(lttv_ust_session_socket(s), ".sock"));
	/* the name is taken while the session runs */
	again = lttv_ust_session_start(&o, &error);
	g_assert_null(again);
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
	g_clear_error(&error);
	/* a control client: no application yet */
	{
		g_autofree char *path = lttv_ust_session_find(name, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(path, ==, lttv_ust_session_socket(s));
	}
	g_assert_true(lttv_ust_session_stop(s, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(lttv_ust_session_stats(s)->len, ==, 0);
	g_clear_pointer(&s, lttv_ust_session_free);
	/* stopped: the socket is gone, the name free again */
	{
		g_autofree char *path = lttv_ust_session_find(name, &error);
		g_assert_null(path);
		g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	}
	g_rmdir(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ust-protocol/event/round-trip", test_event_round_trip);
	g_test_add_func("/ust-protocol/event/malformed", test_event_malformed);
	g_test_add_func("/ust-protocol/event/invalid-fields", test_event_invalid_fields);
	g_test_add_func("/ust-protocol/text", test_text_messages);
	g_test_add_func("/ust-protocol/send-fd", test_send_fd);
	g_test_add_func("/ust-protocol/metadata-sparse-ids", test_metadata_sparse_ids);
	g_test_add_func("/ust-protocol/session/options", test_session_options);
	return g_test_run();
}
