/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CTF 1.8 metadata parser on small inline metadata. */
#include "ctf/compile.h"
#include "ctf/metadata.h"
#include "lttv/error.h"

#include <string.h>

#define HEADER                                                                               \
	"/* CTF 1.8 */\n"                                                                    \
	"typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"           \
	"typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"         \
	"typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"         \
	"typealias integer { size = 64; align = 8; signed = false; } := unsigned long;\n"    \
	"trace { major = 1; minor = 8; uuid = \"2a6422d0-6cee-11e0-8c08-cb07d7b3a564\";\n"   \
	"  byte_order = le; packet.header := struct { uint32_t magic; uint8_t uuid[16];\n"   \
	"  uint32_t stream_id; }; };\n"

static CtfTraceClass *parse(const char *text, GError **error)
{
	CtfMetaSource src = {.filename = "inline", .text = text, .len = strlen(text)};
	CtfTraceClass *tc = ctf_tsdl_parse(&src, error);

	if (tc && !ctf_trace_class_compile(tc, error)) {
		ctf_trace_class_free(tc);
		return NULL;
	}
	return tc;
}

static CtfTraceClass *parse_ok(const char *text)
{
	g_autoptr(GError) error = NULL;
	CtfTraceClass *tc = parse(text, &error);

	g_assert_no_error(error);
	g_assert_nonnull(tc);
	return tc;
}

static void parse_fails(const char *text, const char *msg_part)
{
	g_autoptr(GError) error = NULL;
	CtfTraceClass *tc = parse(text, &error);

	g_assert_null(tc);
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_METADATA);
	if (!strstr(error->message, msg_part))
		g_error("message `%s` lacks `%s`", error->message, msg_part);
	g_assert_nonnull(strstr(error->message, "inline: offset "));
}

static const CtfMember *member(const CtfFieldClass *st, guint i)
{
	g_assert_cmpint(st->kind, ==, CTF_FC_STRUCT);
	g_assert_cmpuint(i, <, st->st.members->len);
	return st->st.members->pdata[i];
}

static void test_roles(void)
{
	CtfTraceClass *tc = parse_ok(
		HEADER "clock { name = mono; freq = 1000000000; offset = -5; };\n"
		       "typealias integer { size = 64; align = 8; signed = false; map = clock.mono.value; } := ts_t;\n"
		       "stream { id = 0; packet.context := struct { ts_t timestamp_begin; ts_t timestamp_end;\n"
		       "  uint64_t content_size; uint64_t packet_size; unsigned long events_discarded;\n"
		       "  uint64_t packet_seq_num; uint32_t cpu_id; };\n"
		       "  event.header := struct { uint32_t id; ts_t timestamp; }; };\n"
		       "event { name = \"ev\"; id = 3; stream_id = 0; fields := struct { uint8_t _x; }; };\n");
	CtfStreamClass *sc = ctf_trace_class_stream_class(tc, 0);
	const CtfEventClass *ec;

	g_assert_true(tc->has_uuid);
	g_assert_cmpuint(tc->uuid[0], ==, 0x2a);
	g_assert_cmpuint(member(tc->pkt_header, 0)->fc->i.roles, ==, CTF_ROLE_MAGIC);
	g_assert_cmpint(member(tc->pkt_header, 1)->fc->kind, ==, CTF_FC_SL_BLOB);
	g_assert_cmpuint(member(tc->pkt_header, 1)->fc->s.roles, ==, CTF_ROLE_UUID);
	g_assert_cmpuint(member(tc->pkt_header, 2)->fc->i.roles, ==, CTF_ROLE_DSC_ID);
	g_assert_nonnull(sc);
	g_assert_cmpuint(member(sc->pkt_ctx, 0)->fc->i.roles, ==, CTF_ROLE_CLOCK_TS);
	g_assert_cmpuint(member(sc->pkt_ctx, 1)->fc->i.roles, ==, CTF_ROLE_PKT_END_TS);
	g_assert_cmpuint(member(sc->pkt_ctx, 2)->fc->i.roles, ==, CTF_ROLE_PKT_CONTENT_LEN);
	g_assert_cmpuint(member(sc->pkt_ctx, 3)->fc->i.roles, ==, CTF_ROLE_PKT_TOTAL_LEN);
	g_assert_cmpuint(member(sc->pkt_ctx, 4)->fc->i.roles, ==, CTF_ROLE_DISC_SNAPSHOT);
	g_assert_cmpuint(member(sc->pkt_ctx, 5)->fc->i.roles, ==, CTF_ROLE_PKT_SEQ_NUM);
	g_assert_cmpuint(member(sc->ev_header, 0)->fc->i.roles, ==, CTF_ROLE_ERC_ID);
	g_assert_cmpuint(member(sc->ev_header, 1)->fc->i.roles, ==, CTF_ROLE_CLOCK_TS);
	/* clock offset -5 ns normalized to -1 s + 999999995 cycles */
	g_assert_nonnull(sc->clock);
	g_assert_cmpint(sc->clock->offset_s, ==, -1);
	g_assert_cmpuint(sc->clock->offset_cycles, ==, 999999995);
	ec = g_hash_table_lookup(sc->ec_by_id, &(uint64_t){3});
	g_assert_nonnull(ec);
	g_assert_cmpstr(member(ec->payload, 0)->display_name, ==, "x");
	g_assert_cmpstr(member(ec->payload, 0)->name, ==, "_x");
	ctf_trace_class_free(tc);
}

static void test_native_byte_order(void)
{
	CtfTraceClass *tc = parse_ok(
		"typealias integer { size = 16; align = 8; signed = true; } := s16;\n"
		"trace { major = 1; minor = 8; byte_order = be; };\n"
		"event { name = e; fields := struct { s16 a; integer { size = 8; byte_order = le; } b; }; };\n");
	CtfStreamClass *sc = tc->stream_classes->pdata[0];
	CtfEventClass *ec = sc->event_classes->pdata[0];

	g_assert_cmpint(member(ec->payload, 0)->fc->i.bo, ==, CTF_BO_BE);
	g_assert_cmpint(member(ec->payload, 1)->fc->i.bo, ==, CTF_BO_LE);
	g_assert_true(member(ec->payload, 0)->fc->i.is_signed);
	ctf_trace_class_free(tc);
}

static void test_enum_and_variant(void)
{
	CtfTraceClass *tc = parse_ok(
		HEADER "event { name = e; fields := struct {\n"
		       "  enum : integer { size = 8; signed = true; } { A, B, C = -3 ... -1, \"D x\" = 7, E } tag;\n"
		       "  variant <tag> { uint8_t A; uint32_t _C; string E; } v; }; };\n");
	CtfStreamClass *sc = tc->stream_classes->pdata[0];
	CtfEventClass *ec = sc->event_classes->pdata[0];
	const CtfFieldClass *tag = member(ec->payload, 0)->fc;
	const CtfFieldClass *v = member(ec->payload, 1)->fc;
	const CtfMapping *m;
	const CtfVariantOption *o;

	g_assert_nonnull(tag->i.mappings);
	g_assert_cmpuint(tag->i.mappings->len, ==, 5);
	m = tag->i.mappings->pdata[1]; /* B = 1 */
	g_assert_true(ctf_range_set_contains(&m->set, 1));
	m = tag->i.mappings->pdata[2]; /* C = -3 ... -1 */
	g_assert_true(ctf_range_set_contains(&m->set, (uint64_t)-2));
	g_assert_false(ctf_range_set_contains(&m->set, 0));
	m = tag->i.mappings->pdata[4]; /* E follows 7 */
	g_assert_cmpstr(m->name, ==, "E");
	g_assert_true(ctf_range_set_contains(&m->set, 8));
	g_assert_cmpint(v->kind, ==, CTF_FC_VARIANT);
	g_assert_cmpint(v->var.sel_loc->scope, ==, CTF_SCOPE_EV_PAYLOAD);
	g_assert_cmpuint(v->var.sel_loc->path->len, ==, 1);
	g_assert_cmpint(v->var.sel_loc->key_slot, >=, 0);
	o = v->var.options->pdata[1]; /* _C matches label C */
	g_assert_true(ctf_range_set_contains(&o->ranges, (uint64_t)-3));
	o = v->var.options->pdata[2];
	g_assert_true(ctf_range_set_contains(&o->ranges, 8));
	ctf_trace_class_free(tc);
}

static void test_sequence_scopes(void)
{
	/* relative length found in an enclosing structure, and a typedef
	 * whose length resolves past a same-named field of the wrong kind */
	CtfTraceClass *tc = parse_ok(
		HEADER "event { name = e; fields := struct { uint8_t len;\n"
		       "  struct { uint32_t A[len]; } f;\n"
		       "  typedef struct { uint32_t B[len]; } T;\n"
		       "  struct { string len; T x; } g; }; };\n");
	CtfStreamClass *sc = tc->stream_classes->pdata[0];
	CtfEventClass *ec = sc->event_classes->pdata[0];
	const CtfFieldClass *a = member(member(ec->payload, 1)->fc, 0)->fc;
	const CtfFieldClass *b = member(member(member(ec->payload, 2)->fc, 1)->fc, 0)->fc;

	g_assert_cmpint(a->kind, ==, CTF_FC_DL_ARRAY);
	g_assert_cmpuint(a->arr.length_loc->path->len, ==, 1);
	g_assert_cmpstr(a->arr.length_loc->path->pdata[0], ==, "len");
	g_assert_cmpint(b->kind, ==, CTF_FC_DL_ARRAY);
	g_assert_cmpstr(b->arr.length_loc->path->pdata[0], ==, "len");
	g_assert_cmpint(a->arr.length_loc->key_slot, ==, b->arr.length_loc->key_slot);
	ctf_trace_class_free(tc);
}

static void test_type_names(void)
{
	CtfTraceClass *tc = parse_ok(
		HEADER "typealias integer { size = 32; align = 32; signed = false; base = hex; } := void *;\n"
		       "typealias uint32_t := int;\n"
		       "struct s { int a; } align(64);\n"
		       "event { name = e; fields := struct { void * p; struct s st; unsigned long n;\n"
		       "  floating_point { exp_dig = 11; mant_dig = 53; align = 8; } d;\n"
		       "  integer { size = 8; encoding = UTF8; } txt[4]; }; };\n");
	CtfStreamClass *sc = tc->stream_classes->pdata[0];
	CtfEventClass *ec = sc->event_classes->pdata[0];

	g_assert_cmpuint(member(ec->payload, 0)->fc->i.base, ==, 16);
	g_assert_cmpuint(member(ec->payload, 1)->fc->alignment, ==, 64);
	g_assert_cmpuint(member(ec->payload, 2)->fc->i.len, ==, 64);
	g_assert_cmpint(member(ec->payload, 3)->fc->kind, ==, CTF_FC_FLOAT);
	g_assert_cmpuint(member(ec->payload, 3)->fc->f.len, ==, 64);
	g_assert_true(member(ec->payload, 4)->fc->arr.is_text);
	ctf_trace_class_free(tc);
}

static void test_errors(void)
{
	parse_fails(HEADER "event { name = e; fields := struct { nosuch_t x; }; };\n",
	            "unknown type `nosuch_t`");
	parse_fails(HEADER "event { name = e; fields := struct { integer { size = 65; } x; }; };\n",
	            "sizes are 1 to 64 bits");
	parse_fails(HEADER "event { name = e; fields := struct { uint8_t x[y]; }; };\n",
	            "does not name a field");
	parse_fails(HEADER "event { name = e; fields := struct { string l; uint8_t x[l]; }; };\n",
	            "must be an unsigned integer");
	parse_fails("trace { major = 1; minor = 8; };", "byte_order");
	parse_fails("trace { major = 2; minor = 0; byte_order = le; };", "major version 2");
	parse_fails(HEADER "event { name = e; fields := struct { uint8_t a; uint8_t a; }; };",
	            "duplicate field `a`");
	parse_fails(HEADER "event { name = e; id = 1; };\nevent { name = f; id = 1; };",
	            "duplicate event id 1");
	parse_fails(HEADER "event { name = \"unterminated; };", "unterminated string");
	parse_fails(HEADER "@", "invalid character '@'");
	parse_fails("/* CTF 1.8 */\ntrace {\n  major = 1;\n  minor = 8\n};", "line 5, column 1");
}

static void test_limits(void)
{
	g_autoptr(GString) deep = g_string_new(HEADER "event { name = e; fields := struct {");
	g_autoptr(GString) bomb = g_string_new(HEADER "typealias struct { uint8_t a; uint8_t b; } := t0;\n");

	/* 100 nested structures */
	for (int i = 0; i < 100; i++)
		g_string_append(deep, "struct {");
	g_string_append(deep, "uint8_t x;");
	for (int i = 0; i < 100; i++)
		g_string_append(deep, "} s;");
	g_string_append(deep, "}; };");
	parse_fails(deep->str, "nested more than");
	/* each alias holds two copies of the previous one: 2^40 fields */
	for (int i = 1; i <= 40; i++)
		g_string_append_printf(bomb, "typealias struct { t%d a; t%d b; } := t%d;\n", i - 1,
		                       i - 1, i);
	g_string_append(bomb, "event { name = e; fields := struct { t40 x; }; };");
	parse_fails(bomb->str, "too many fields");
}

static void test_packetized_offsets(void)
{
	/* text offsets map back to file offsets across metadata packets */
	CtfMetaChunk chunks[2] = {{0, 37, 100}, {100, 137 + 4096, 50}};
	GArray *a = g_array_new(FALSE, FALSE, sizeof(CtfMetaChunk));
	CtfMetaSource src = {.filename = "m", .text = "", .len = 150, .chunks = a};

	g_array_append_vals(a, chunks, 2);
	g_assert_cmpuint(ctf_meta_file_offset(&src, 0), ==, 37);
	g_assert_cmpuint(ctf_meta_file_offset(&src, 99), ==, 136);
	g_assert_cmpuint(ctf_meta_file_offset(&src, 100), ==, 137 + 4096);
	g_assert_cmpuint(ctf_meta_file_offset(&src, 120), ==, 157 + 4096);
	g_array_unref(a);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tsdl/roles", test_roles);
	g_test_add_func("/tsdl/native-byte-order", test_native_byte_order);
	g_test_add_func("/tsdl/enum-and-variant", test_enum_and_variant);
	g_test_add_func("/tsdl/sequence-scopes", test_sequence_scopes);
	g_test_add_func("/tsdl/type-names", test_type_names);
	g_test_add_func("/tsdl/errors", test_errors);
	g_test_add_func("/tsdl/limits", test_limits);
	g_test_add_func("/tsdl/packetized-offsets", test_packetized_offsets);
	return g_test_run();
}
