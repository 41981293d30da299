/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CTF 2 metadata parser on inline texts: fragment order, aliases,
 * every field class, trace and clock classes, ids, roles, field
 * locations, variant ranges, limits (part of tests/unit/test-json). */
#include "ctf/json.h"
#include "ctf/metadata.h"
#include "ctf2-text-tests.h"
#include "lttv/error.h"

#include <glib.h>
#include <string.h>

/* ------------------------------------------------------------ CTF 2 text */

/* Metadata text with '|' standing for the record separator 0x1E and '\''
 * for '"' (also in expected messages). */
static CtfTraceClass *md_parse(const char *text, GError **error)
{
	g_autofree char *t = g_strdup(text);
	CtfMetaSource src = {0};

	g_strdelimit(t, "|", 0x1e);
	g_strdelimit(t, "'", '"');
	src.filename = "mem";
	src.text = t;
	src.len = strlen(t);
	return ctf_json_parse(&src, error);
}

static CtfTraceClass *md_ok(const char *text)
{
	g_autoptr(GError) error = NULL;
	CtfTraceClass *tc = md_parse(text, &error);

	if (!tc)
		g_error("valid metadata rejected: %s\n%s", error->message, text);
	return tc;
}

/* Expects an error whose message contains `what` (and `offset N:` when
 * offset >= 0). */
static void md_bad(const char *text, long offset, const char *what_q)
{
	g_autoptr(GError) error = NULL;
	CtfTraceClass *tc = md_parse(text, &error);
	g_autofree char *at = g_strdup_printf("mem: offset %ld: ", offset);
	g_autofree char *what = g_strdelimit(g_strdup(what_q), "'", '"');

	if (tc)
		g_error("invalid metadata accepted (expected '%s'):\n%s", what, text);
	g_assert_error(error, LTTV_ERROR, LTTV_ERROR_METADATA);
	if (!strstr(error->message, what) || !g_str_has_prefix(error->message, "mem: offset ") ||
	    (offset >= 0 && !g_str_has_prefix(error->message, at)))
		g_error("got '%s', expected '%s' (offset %ld)", error->message, what, offset);
	g_test_message("%s", error->message);
}

/* Inline metadata below: kept as written (clang-format mangles string macros). */
/* clang-format off */
#define PRE "|{'type':'preamble','version':2}"
#define PRE_UUID "|{'type':'preamble','version':2,'uuid':[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}"
#define DSC "|{'type':'data-stream-class'}"
#define U8 "{'type':'fixed-length-unsigned-integer','length':8,'byte-order':'little-endian'}"
#define S8 "{'type':'fixed-length-signed-integer','length':8,'byte-order':'little-endian'}"
#define BOOL8 "{'type':'fixed-length-boolean','length':8,'byte-order':'little-endian'}"
#define M(name, fc) "{'name':'" name "','field-class':" fc "}"
#define ST(...) "{'type':'structure','member-classes':[" __VA_ARGS__ "]}"
#define ERC(payload) "|{'type':'event-record-class','payload-field-class':" payload "}"
#define UROLE(role) \
	"{'type':'fixed-length-unsigned-integer','length':32,'byte-order':'big-endian'," \
	"'roles':['" role "']}"

static const CtfFieldClass *member_fc(const CtfFieldClass *st, const char *name)
{
	const CtfMember *m = ctf_struct_find(st, name);

	g_assert_nonnull(m);
	g_assert_cmpstr(m->display_name, ==, name);
	return m->fc;
}

static void assert_path(const CtfFieldLocation *loc, CtfScope scope, const char *dotted)
{
	g_auto(GStrv) parts = g_strsplit(dotted, ".", -1);

	g_assert_nonnull(loc);
	g_assert_cmpint(loc->scope, ==, scope);
	g_assert_cmpuint(loc->path->len, ==, g_strv_length(parts));
	for (guint i = 0; i < loc->path->len; i++)
		g_assert_cmpstr(loc->path->pdata[i], ==, parts[i]);
}

static void test_ctf2_minimal(void)
{
	CtfTraceClass *tc = md_ok(PRE DSC);
	const CtfStreamClass *sc;

	g_assert_cmpint(tc->major, ==, 2);
	g_assert_cmpint(tc->minor, ==, 0);
	g_assert_false(tc->has_uuid);
	g_assert_null(tc->pkt_header);
	g_assert_cmpuint(tc->stream_classes->len, ==, 1);
	sc = tc->stream_classes->pdata[0];
	g_assert_cmpuint(sc->id, ==, 0);
	g_assert_null(sc->clock);
	ctf_trace_class_free(tc);
	/* LF around fragments, repeated RS, trailing RS: all fine. */
	tc = md_ok("\n|\n{'type':'preamble','version':2,'uuid':[1,2,3,4,5,6,7,8,9,10,"
	           "11,12,13,14,15,255],'extensions':{},'attributes':{'x':[1]}}\n||"
	           "{'type':'data-stream-class','id':7}\n|");
	g_assert_true(tc->has_uuid);
	g_assert_cmpuint(tc->uuid[15], ==, 255);
	g_assert_cmpuint(((CtfStreamClass *)tc->stream_classes->pdata[0])->id, ==, 7);
	ctf_trace_class_free(tc);
}

static void test_ctf2_order(void)
{
	static const char *const cc = "|{'type':'clock-class','id':'c','frequency':1000}";
	static const char *const dsc_c =
		"|{'type':'data-stream-class','default-clock-class-id':'c'}";
	g_autofree char *ok1 = g_strconcat(PRE, cc, "|{'type':'trace-class'}", dsc_c, NULL);
	g_autofree char *bad4 = g_strconcat(PRE, dsc_c, cc, NULL);
	CtfTraceClass *tc;

	/* Rule 1: preamble first, exactly once. */
	md_bad(DSC PRE, 1, "fragment #1 (data-stream-class): the first fragment must be the "
	                   "preamble");
	md_bad(PRE PRE DSC, 33, "fragment #2 (preamble): a second preamble");
	md_bad("", 0, "empty metadata stream");
	md_bad("|", 1, "empty metadata stream");
	md_bad(" x|{}", 1, "expecting a record separator");
	md_bad(PRE "| \n" DSC, 33, "fragment #2 (?): empty fragment");
	/* Rule 3: one trace class, before every DSC; a clock class may precede it. */
	tc = md_ok(ok1);
	ctf_trace_class_free(tc);
	md_bad(PRE "|{'type':'trace-class'}|{'type':'trace-class'}" DSC, 56,
	       "duplicate trace-class");
	md_bad(PRE DSC "|{'type':'trace-class'}", 62, "trace-class fragment after a "
	                                                  "data-stream-class");
	/* Rule 4: a clock class before the DSC naming it. */
	md_bad(bad4, -1, "no clock class with id `c`");
	/* Rule 5: an ERC after its DSC. */
	md_bad(PRE ERC(ST()) DSC, 33, "no data stream class with id 0");
	md_bad(PRE DSC "|{'type':'event-record-class','data-stream-class-id':1}", -1,
	       "no data stream class with id 1");
	/* Rule 6: at least one DSC. */
	md_bad(PRE, 32, "missing data-stream-class fragment");
	md_bad(PRE "|{'type':'trace-class'}", -1, "missing data-stream-class fragment");
	/* Other fragment-level errors. */
	md_bad(PRE "|[1]", 33, "fragment #2 (?): expecting a JSON object, not an array");
	md_bad(PRE "|{'type':'stream'}", 41, "unknown fragment type `stream`");
	md_bad(PRE "|{'version':2}", 33, "missing required property `type`");
	md_bad(PRE "|{'type':'data-stream-class',}", 61, "fragment #2 (?): invalid JSON: "
	                                                     "unexpected `}`");
	md_bad("|{'type':'preamble','version':3}" DSC, 30, "unsupported CTF version 3");
	md_bad("|{'type':'preamble','version':2.0}" DSC, 30, "`version`: expecting an "
	                                                        "unsigned integer");
	md_bad("|{'type':'preamble'}" DSC, 1, "missing required property `version`");
	md_bad("|{'type':'preamble','version':2,'uuid':[1,2]}" DSC, 39,
	       "`uuid`: expecting an array of 16");
	md_bad("|{'type':'preamble','version':2,'extensions':{'x':{}}}" DSC, 46,
	       "unsupported extension `x`");
	md_bad(PRE "|{'type':'data-stream-class','covid':19}", 61, "fragment #2 "
	       "(data-stream-class): unknown property `covid`");
}

static void test_ctf2_offsets_packetized(void)
{
	/* Text offsets are mapped to file offsets through metadata packets. */
	const char *text = PRE "|{'type':'data-stream-class','id':-1}";
	g_autofree char *t = g_strdup(text);
	g_autoptr(GArray) chunks = g_array_new(FALSE, FALSE, sizeof(CtfMetaChunk));
	g_autoptr(GError) error = NULL;
	CtfMetaChunk c1 = {0, 37, 40}, c2 = {40, 4096 + 37, 1000};
	CtfMetaSource src = {"pkt", t, strlen(t), chunks};

	g_strdelimit(t, "|", 0x1e);
	g_strdelimit(t, "'", '"');
	g_array_append_val(chunks, c1);
	g_array_append_val(chunks, c2);
	g_assert_null(ctf_json_parse(&src, &error));
	/* `-1` is at text offset 66: file offset 4096 + 37 + 26. */
	g_assert_nonnull(strstr(error->message, "pkt: offset 4159: fragment #2"));
	g_assert_nonnull(strstr(error->message, "`id`: expecting an unsigned integer"));
}

static void test_ctf2_aliases(void)
{
	CtfTraceClass *tc = md_ok(
		PRE "|{'type':'field-class-alias','name':'u8','field-class':" U8 "}"
		    "|{'type':'field-class-alias','name':'byte','field-class':'u8'}"
		    "|{'type':'field-class-alias','name':'pair','field-class':" ST(
			    M("len", "'byte'") ","
			    M("s", "{'type':'dynamic-length-string','length-field-location':"
			           "{'path':['len']}}")) "}" DSC ERC(ST(M("a", "'u8'") ","
		                                                    M("b", "'byte'") ","
		                                                    M("p", "'pair'") ","
		                                                    M("q", "'pair'"))));
	const CtfStreamClass *sc = tc->stream_classes->pdata[0];
	const CtfEventClass *ec = sc->event_classes->pdata[0];
	const CtfFieldClass *a = member_fc(ec->payload, "a"), *b = member_fc(ec->payload, "b");
	const CtfFieldClass *p = member_fc(ec->payload, "p"), *q = member_fc(ec->payload, "q");

	/* Deep copies: distinct nodes with the same content. */
	g_assert_true(a != b);
	g_assert_cmpint(a->kind, ==, CTF_FC_INT);
	g_assert_cmpint(b->kind, ==, CTF_FC_INT);
	g_assert_cmpuint(b->i.len, ==, 8);
	g_assert_true(p != q);
	g_assert_true(member_fc(p, "s") != member_fc(q, "s"));
	/* The relative location of the alias is resolved where it is used. */
	assert_path(member_fc(p, "s")->s.length_loc, CTF_SCOPE_EV_PAYLOAD, "p.len");
	assert_path(member_fc(q, "s")->s.length_loc, CTF_SCOPE_EV_PAYLOAD, "q.len");
	ctf_trace_class_free(tc);

	md_bad(PRE "|{'type':'field-class-alias','name':'a','field-class':'b'}" DSC,
	       -1, "unknown field class alias `b`");
	md_bad(PRE DSC ERC(ST(M("x", "'u8'")))
	           "|{'type':'field-class-alias','name':'u8','field-class':" U8 "}",
	       -1, "member class `x`: unknown field class alias `u8` (an alias must be defined "
	           "before it is used)");
	md_bad(PRE "|{'type':'field-class-alias','name':'a','field-class':" U8 "}"
	           "|{'type':'field-class-alias','name':'a','field-class':" U8 "}" DSC,
	       -1, "field class alias `a` is already defined");
	/* An alias is checked where it is defined... */
	md_bad(PRE "|{'type':'field-class-alias','name':'a','field-class':"
	           "{'type':'fixed-length-unsigned-integer','length':8,'byte-order':"
	           "'little-endian','covid':19}}" DSC,
	       -1, "fragment #2 (field-class-alias): `field-class`: unknown property `covid`");
	/* ... and where it is used, with a note. */
	md_bad(PRE "|{'type':'field-class-alias','name':'seq','field-class':"
	           UROLE("packet-sequence-number") "}" DSC ERC(ST(M("x", "'seq'"))),
	       -1, "member class `x`: may not have the `packet-sequence-number` role here, in "
	           "the event-record-payload scope (only valid within a packet context field "
	           "class) (in field class alias `seq`)");
}

static void test_ctf2_field_classes(void)
{
	CtfTraceClass *tc = md_ok(
		PRE DSC ERC(ST(
			M("ba", "{'type':'fixed-length-bit-array','length':3,'byte-order':"
			        "'little-endian','bit-order':'last-to-first','alignment':4}") ","
			M("bm", "{'type':'fixed-length-bit-map','length':8,'byte-order':"
			        "'big-endian','flags':{'A':[[0,0],[3,7]]}}") ","
			M("bo", BOOL8) ","
			M("e", "{'type':'fixed-length-signed-integer','length':16,'byte-order':"
			       "'big-endian','bit-order':'first-to-last','preferred-display-"
			       "base':16,'mappings':{'NEG':[[-5,-1]],'Z':[[0,0]]}}") ","
			M("f", "{'type':'fixed-length-floating-point-number','length':64,"
			       "'byte-order':'little-endian','alignment':64}") ","
			M("vu", "{'type':'variable-length-unsigned-integer','mappings':{}}") ","
			M("vs", "{'type':'variable-length-signed-integer'}") ","
			M("s16", "{'type':'null-terminated-string','encoding':'utf-16le'}") ","
			M("ss", "{'type':'static-length-string','length':16}") ","
			M("sb", "{'type':'static-length-blob','length':4,'media-type':"
			        "'image/png'}") ","
			M("db", "{'type':'dynamic-length-blob','length-field-location':"
			        "{'path':['vu']}}") ","
			M("arr", "{'type':'static-length-array','length':2,'minimum-"
			         "alignment':32,'element-field-class':" U8 "}") ","
			M("st", "{'type':'structure','minimum-alignment':64}"))));
	const CtfEventClass *ec =
		((CtfStreamClass *)tc->stream_classes->pdata[0])->event_classes->pdata[0];
	const CtfFieldClass *pl = ec->payload, *f;

	g_assert_cmpuint(pl->st.members->len, ==, 13);
	f = member_fc(pl, "ba");
	g_assert_cmpint(f->i.flavor, ==, CTF_INT_BITARRAY);
	g_assert_cmpuint(f->alignment, ==, 4);
	g_assert_true(f->i.reverse_bits);
	f = member_fc(pl, "bm");
	g_assert_cmpint(f->i.flavor, ==, CTF_INT_BITMAP);
	g_assert_cmpint(f->i.bo, ==, CTF_BO_BE);
	g_assert_false(f->i.reverse_bits);
	g_assert_cmpuint(f->alignment, ==, 1);
	g_assert_cmpuint(f->i.mappings->len, ==, 1);
	g_assert_cmpuint(((CtfMapping *)f->i.mappings->pdata[0])->set.ranges->len, ==, 2);
	g_assert_cmpint(member_fc(pl, "bo")->i.flavor, ==, CTF_INT_BOOL);
	f = member_fc(pl, "e");
	g_assert_true(f->i.is_signed);
	g_assert_true(f->i.reverse_bits);
	g_assert_cmpuint(f->i.base, ==, 16);
	g_assert_cmpint(f->i.flavor, ==, CTF_INT_PLAIN);
	g_assert_true(((CtfMapping *)f->i.mappings->pdata[0])->set.is_signed);
	g_assert_true(ctf_range_set_contains(&((CtfMapping *)f->i.mappings->pdata[0])->set,
	                                     (uint64_t)-3));
	f = member_fc(pl, "f");
	g_assert_cmpint(f->kind, ==, CTF_FC_FLOAT);
	g_assert_cmpuint(f->f.len, ==, 64);
	g_assert_cmpuint(f->alignment, ==, 64);
	f = member_fc(pl, "vu");
	g_assert_cmpint(f->kind, ==, CTF_FC_VLINT);
	g_assert_false(f->vl.is_signed);
	g_assert_nonnull(f->vl.mappings);
	g_assert_cmpuint(f->vl.mappings->len, ==, 0);
	g_assert_cmpuint(f->alignment, ==, 8);
	g_assert_true(member_fc(pl, "vs")->vl.is_signed);
	g_assert_cmpint(member_fc(pl, "s16")->s.encoding, ==, CTF_ENC_UTF16LE);
	g_assert_cmpuint(member_fc(pl, "ss")->s.length, ==, 16);
	g_assert_cmpstr(member_fc(pl, "sb")->s.media_type, ==, "image/png");
	assert_path(member_fc(pl, "db")->s.length_loc, CTF_SCOPE_EV_PAYLOAD, "vu");
	g_assert_cmpuint(member_fc(pl, "arr")->arr.min_align, ==, 32);
	g_assert_cmpuint(member_fc(pl, "arr")->arr.length, ==, 2);
	g_assert_cmpuint(member_fc(pl, "st")->st.min_align, ==, 64);
	ctf_trace_class_free(tc);

	md_bad(PRE DSC ERC("{'type':'fixed-length-unsigned-integer','length':0,"
	                   "'byte-order':'little-endian'}"),
	       -1, "`length`: unsupported length 0");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':65,"
	                             "'byte-order':'little-endian'}"))),
	       -1, "member class `x`: `length`: unsupported length 65");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8.0,"
	                             "'byte-order':'little-endian'}"))),
	       -1, "`length`: expecting an unsigned integer, not a number with a fraction");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-floating-point-number',"
	                             "'length':16,'byte-order':'little-endian'}"))),
	       -1, "unsupported floating-point number length 16");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8}"))),
	       -1, "missing required property `byte-order`");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8,"
	                             "'byte-order':'native'}"))),
	       -1, "`byte-order`: expecting one of 'little-endian', 'big-endian'");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-boolean','length':8,"
	                             "'byte-order':'little-endian','alignment':3}"))),
	       -1, "`alignment`: 3 is not a power of two");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8,"
	                             "'byte-order':'little-endian','preferred-display-"
	                             "base':3}"))),
	       -1, "expecting 2, 8, 10 or 16");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-bit-map','length':4,"
	                             "'byte-order':'little-endian','flags':{'A':[[1,"
	                             "4]]}}"))),
	       -1, "flag `A`: bit index 4 is not less than the length (4 bits)");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-bit-map','length':4,"
	                             "'byte-order':'little-endian','flags':{}}"))),
	       -1, "with at least one flag");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8,"
	                             "'byte-order':'little-endian','mappings':{'A':[[-1,"
	                             "2]]}}"))),
	       -1, "expecting an unsigned integer range value, not a negative integer");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-signed-integer','length':8,"
	                             "'byte-order':'little-endian','mappings':{'A':[[3,"
	                             "2]]}}"))),
	       -1, "range lower value greater than its upper value");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-signed-integer','length':8,"
	                             "'byte-order':'little-endian','mappings':{'A':[]}}"))),
	       -1, "expecting a non-empty array of integer ranges");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'static-length-blob','length':8,'roles':"
	                             "['metadata-stream-uuid']}"))),
	       -1, "expecting 16 for the `metadata-stream-uuid` role");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'null-terminated-string','encoding':"
	                             "'latin1'}"))),
	       -1, "`encoding`: expecting one of");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'string'}"))), -1,
	       "unknown field class type `string`");
	md_bad(PRE DSC ERC(ST(M("x", "42"))), -1,
	       "expecting a field class object or an alias name, not an unsigned integer");
	md_bad(PRE DSC ERC(ST(M("x", U8) "," M("x", U8))), -1, "duplicate member class name `x`");
	md_bad(PRE DSC ERC(ST("{'field-class':" U8 "}")), -1, "member class #1: missing "
	                                                       "required property `name`");
	md_bad(PRE DSC ERC(ST("{'name':'x'}")), -1, "missing required property `field-class`");
	md_bad(PRE DSC ERC(U8), -1, "`payload-field-class`: expecting a structure field class, not "
	                            "a fixed-length unsigned integer");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'static-length-array','length':2}"))), -1,
	       "missing required property `element-field-class`");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'static-length-array','length':2,"
	                             "'element-field-class':{'type':'fixed-length-boolean',"
	                             "'length':1,'byte-order':'little-endian','mappings':"
	                             "{}}}"))),
	       -1, "`element-field-class`: unknown property `mappings`");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-signed-integer','length':8,"
	                             "'byte-order':'little-endian','roles':[]}"))),
	       -1, "only unsigned integer field classes may have roles");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'fixed-length-unsigned-integer','length':8,"
	                             "'byte-order':'little-endian','roles':['magic']}"))),
	       -1, "`roles`: unknown role `magic`");
	md_bad(PRE DSC ERC(ST(M("x", "{'type':'variant','selector-field-location':"
	                             "{'path':['y']},'options':[]}"))),
	       -1, "`options`: expecting a non-empty array");
}

static void test_ctf2_trace_and_clock(void)
{
	CtfTraceClass *tc = md_ok(
		PRE "|{'type':'trace-class','uid':'u-1','environment':{'a':-3,"
		    "'b':'x','c':18446744073709551615}}"
		    "|{'type':'clock-class','id':'c1','frequency':1000,'origin':"
		    "'unix-epoch','offset-from-origin':{'seconds':-5,'cycles':999},"
		    "'precision':3,'accuracy':4,'description':'d'}"
		    "|{'type':'clock-class','id':'c2','name':'n2','frequency':1}"
		    "|{'type':'clock-class','id':'c3','frequency':1,'origin':"
		    "{'name':'o','uid':'x'}}"
		    "|{'type':'data-stream-class','default-clock-class-id':'c2'}");
	const CtfClockClass *c1 = ctf_trace_class_clock(tc, "c1");
	const CtfClockClass *c2 = ctf_trace_class_clock(tc, "c2");
	const CtfClockClass *c3 = ctf_trace_class_clock(tc, "c3");
	const CtfEnvEntry *e;

	g_assert_cmpstr(tc->tc_uid, ==, "u-1");
	e = ctf_trace_class_env(tc, "a");
	g_assert_true(e && e->is_int && e->ival == -3);
	e = ctf_trace_class_env(tc, "b");
	g_assert_true(e && !e->is_int);
	g_assert_cmpstr(e->sval, ==, "x");
	e = ctf_trace_class_env(tc, "c");
	g_assert_cmpstr(e->sval, ==, "18446744073709551615");
	g_assert_true(c1 && c2 && c3);
	g_assert_cmpuint(c1->frequency, ==, 1000);
	g_assert_cmpint(c1->offset_s, ==, -5);
	g_assert_cmpuint(c1->offset_cycles, ==, 999);
	g_assert_true(c1->has_precision && c1->precision == 3);
	g_assert_true(c1->has_origin && c1->origin_is_unix_epoch);
	g_assert_cmpstr(c1->description, ==, "d");
	g_assert_false(c2->has_origin);
	g_assert_false(c2->origin_is_unix_epoch);
	g_assert_false(c2->has_precision);
	g_assert_cmpstr(c2->name, ==, "n2");
	g_assert_true(c3->has_origin);
	g_assert_false(c3->origin_is_unix_epoch);
	g_assert_true(((CtfStreamClass *)tc->stream_classes->pdata[0])->clock == c2);
	ctf_trace_class_free(tc);

	md_bad(PRE "|{'type':'trace-class','environment':{'a':true}}" DSC, -1,
	       "entry `a`: expecting an integer or a string, not a boolean");
	md_bad(PRE "|{'type':'clock-class','frequency':1}" DSC, -1,
	       "missing required property `id`");
	md_bad(PRE "|{'type':'clock-class','id':'c'}" DSC, -1,
	       "missing required property `frequency`");
	md_bad(PRE "|{'type':'clock-class','id':'c','frequency':0}" DSC, -1,
	       "`frequency`: expecting an integer greater than or equal to 1");
	md_bad(PRE "|{'type':'clock-class','id':'c','frequency':10,'offset-from-"
	           "origin':{'cycles':10}}" DSC,
	       -1, "`cycles`: 10 is not less than the clock frequency (10)");
	md_bad(PRE "|{'type':'clock-class','id':'c','frequency':10,'origin':"
	           "'big-bang'}" DSC,
	       -1, "unknown origin");
	md_bad(PRE "|{'type':'clock-class','id':'c','frequency':10}"
	           "|{'type':'clock-class','id':'c','frequency':10}" DSC,
	       -1, "duplicate clock class id `c`");
}

static void test_ctf2_ids(void)
{
	static const char *const ph =
		"|{'type':'trace-class','packet-header-field-class':" ST(
			M("m", UROLE("packet-magic-number")) ","
			M("s", UROLE("data-stream-class-id"))) "}";
	static const char *const dsc_h =
		"|{'type':'data-stream-class','id':%d,'event-record-header-field-class':"
		ST(M("id", UROLE("event-record-class-id"))) "}";
	g_autofree char *d0 = g_strdup_printf(dsc_h, 0);
	g_autofree char *d1 = g_strdup_printf(dsc_h, 1);
	g_autofree char *ok = g_strconcat(
		PRE, ph, d0, d1, "|{'type':'event-record-class','id':0,'name':'a'}",
		"|{'type':'event-record-class','id':1,'name':'b','attributes':{'lttng."
		"org,2009':{'log-level':'info','emf-uri':'u'},'babeltrace.org,2020':"
		"{'log-level':'debug:line'}}}",
		"|{'type':'event-record-class','data-stream-class-id':1,'attributes':{'lttng."
		"org,2009':{'log-level':'warning'}}}",
		NULL);
	g_autofree char *dup_dsc = g_strconcat(PRE, ph, d0, d0, NULL);
	g_autofree char *dup_erc = g_strconcat(PRE, ph, d0, ERC(ST()), ERC(ST()), NULL);
	CtfTraceClass *tc = md_ok(ok);
	const CtfStreamClass *s0 = ctf_trace_class_stream_class(tc, 0);
	const CtfStreamClass *s1 = ctf_trace_class_stream_class(tc, 1);
	const CtfEventClass *ec;

	g_assert_true(s0 && s1);
	g_assert_cmpuint(s0->event_classes->len, ==, 2);
	ec = s0->event_classes->pdata[0];
	g_assert_cmpstr(ec->name, ==, "a");
	g_assert_cmpint(ec->loglevel, ==, -1);
	g_assert_null(ec->emf_uri);
	ec = s0->event_classes->pdata[1];
	g_assert_cmpint(ec->loglevel, ==, 13); /* babeltrace.org,2020 wins */
	g_assert_cmpstr(ec->emf_uri, ==, "u");
	g_assert_true(ec->sc == s0);
	ec = s1->event_classes->pdata[0];
	g_assert_cmpint(ec->loglevel, ==, 4);
	g_assert_cmpuint(ec->stream_class_id, ==, 1);
	g_assert_null(ec->name);
	ctf_trace_class_free(tc);

	md_bad(dup_dsc, -1, "duplicate data stream class id 0");
	md_bad(dup_erc, -1, "duplicate event record class id 0 in data stream class 0");
	md_bad(PRE DSC "|{'type':'data-stream-class','id':1}", 62,
	       "a second data stream class (id 1) while the packet header has no field with the "
	       "`data-stream-class-id` role");
	md_bad(PRE DSC ERC(ST()) "|{'type':'event-record-class','id':1}", -1,
	       "a second event record class (id 1) in data stream class 0 while its event "
	       "record header has no field with the `event-record-class-id` role");
}

static void test_ctf2_roles(void)
{
	CtfTraceClass *tc;
	const CtfStreamClass *sc;

	/* Roles found in nested structures, arrays and variants. */
	tc = md_ok(PRE_UUID
	           "|{'type':'trace-class','packet-header-field-class':" ST(
		           M("m", UROLE("packet-magic-number")) ","
		           M("u", "{'type':'static-length-blob','length':16,'roles':"
		                  "['metadata-stream-uuid']}") ","
		           M("n", ST(M("sid", UROLE("data-stream-class-id"))))) "}"
	           "|{'type':'clock-class','id':'c','frequency':1}"
	           "|{'type':'data-stream-class','default-clock-class-id':'c',"
	           "'packet-context-field-class':" ST(
		           M("ts", UROLE("default-clock-timestamp")) ","
		           M("len", "{'type':'variable-length-unsigned-integer','roles':"
		                    "['packet-total-length','packet-content-length']}")) "}");
	g_assert_cmpuint(member_fc(tc->pkt_header, "m")->i.roles, ==, CTF_ROLE_MAGIC);
	g_assert_cmpuint(member_fc(tc->pkt_header, "u")->s.roles, ==, CTF_ROLE_UUID);
	g_assert_cmpuint(member_fc(member_fc(tc->pkt_header, "n"), "sid")->i.roles, ==,
	                 CTF_ROLE_DSC_ID);
	sc = tc->stream_classes->pdata[0];
	g_assert_cmpuint(member_fc(sc->pkt_ctx, "len")->vl.roles, ==,
	                 CTF_ROLE_PKT_TOTAL_LEN | CTF_ROLE_PKT_CONTENT_LEN);
	ctf_trace_class_free(tc);

	md_bad(PRE "|{'type':'data-stream-class','packet-context-field-class':" ST(
		       M("x", UROLE("data-stream-class-id"))) "}",
	       -1, "may not have the `data-stream-class-id` role here, in the packet-context "
	           "scope (only valid within a packet header field class)");
	md_bad(PRE "|{'type':'data-stream-class','event-record-common-context-field-class':"
	       ST(M("a", "{'type':'static-length-array','length':2,'element-field-"
	                 "class':" UROLE("event-record-class-id") "}")) "}",
	       -1, "member class `a`: `element-field-class`: may not have the "
	           "`event-record-class-id` role here");
	md_bad(PRE "|{'type':'trace-class','packet-header-field-class':" ST(
		       M("x", U8) "," M("m", UROLE("packet-magic-number"))) "}" DSC,
	       -1, "must be the one of the first member class of the packet header");
	md_bad(PRE "|{'type':'trace-class','packet-header-field-class':" ST(
		       M("n", ST(M("m", UROLE("packet-magic-number"))))) "}" DSC,
	       -1, "must be the one of the first member class of the packet header");
	md_bad(PRE "|{'type':'trace-class','packet-header-field-class':" ST(
		       M("m", "{'type':'fixed-length-unsigned-integer','length':64,"
		              "'byte-order':'little-endian','roles':['packet-magic-"
		              "number']}")) "}" DSC,
	       -1, "needs a 32-bit fixed-length unsigned integer");
	md_bad(PRE "|{'type':'trace-class','packet-header-field-class':" ST(
		       M("u", "{'type':'static-length-blob','length':16,'roles':"
		              "['metadata-stream-uuid']}")) "}" DSC,
	       -1, "the `metadata-stream-uuid` role needs a `uuid` property in the preamble");
	md_bad(PRE "|{'type':'data-stream-class','event-record-header-field-class':" ST(
		       M("t", UROLE("default-clock-timestamp"))) "}",
	       -1, "the `default-clock-timestamp` role needs a default clock class");
	md_bad(PRE "|{'type':'data-stream-class','packet-context-field-class':" ST(
		       M("t", UROLE("packet-end-default-clock-timestamp"))) "}",
	       -1, "the `packet-end-default-clock-timestamp` role needs a default clock class");
	md_bad(PRE DSC ERC(ST(M("x", UROLE("event-record-class-id")))), -1,
	       "may not have the `event-record-class-id` role here, in the event-record-payload "
	       "scope");
}

#define OPT_BOOL(path) \
	"{'type':'optional','selector-field-location':" path ",'field-class':" U8 "}"

static void test_ctf2_locations(void)
{
	CtfTraceClass *tc;
	const CtfEventClass *ec;
	const CtfFieldClass *pl, *v;

	/* ctf-2.md §5.1 example, relative with null, and absolute forms. */
	tc = md_ok(PRE
	           "|{'type':'data-stream-class','event-record-header-field-class':" ST(
		           M("hl", U8)) "}" ERC(ST(
		           M("a", ST(M("has_tid", BOOL8))) ","
		           M("b", ST(M("tid", OPT_BOOL("{'path':[null,'a','has_tid']}")))) ","
		           M("c", OPT_BOOL("{'origin':'event-record-payload','path':"
		                           "['a','has_tid']}")) ","
		           M("d", "{'type':'dynamic-length-array','length-field-location':"
		                  "{'origin':'event-record-header','path':['hl']},"
		                  "'element-field-class':" ST(
			                  M("n", U8) ","
			                  M("s", "{'type':'dynamic-length-string','length-field-"
			                         "location':{'path':['n']}}")) "}") ","
		           M("sel", S8) ","
		           M("v", "{'type':'variant','selector-field-location':{'path':"
		                  "['sel']},'options':[{'name':'neg','selector-field-"
		                  "ranges':[[-128,-1]],'field-class':" U8 "},{'selector-field-"
		                  "ranges':[[0,0],[2,5]],'field-class':" ST(
			                  M("o", "{'type':'optional','selector-field-location':"
			                         "{'path':[null,'sel']},'selector-field-ranges':"
			                         "[[3,3]],'field-class':" U8 "}")) "}]}"))));
	ec = ((CtfStreamClass *)tc->stream_classes->pdata[0])->event_classes->pdata[0];
	pl = ec->payload;
	assert_path(member_fc(member_fc(pl, "b"), "tid")->opt.sel_loc, CTF_SCOPE_EV_PAYLOAD,
	            "a.has_tid");
	g_assert_null(member_fc(member_fc(pl, "b"), "tid")->opt.sel_ranges);
	assert_path(member_fc(pl, "c")->opt.sel_loc, CTF_SCOPE_EV_PAYLOAD, "a.has_tid");
	assert_path(member_fc(pl, "d")->arr.length_loc, CTF_SCOPE_EV_HEADER, "hl");
	assert_path(member_fc(member_fc(pl, "d")->arr.elem, "s")->s.length_loc,
	            CTF_SCOPE_EV_PAYLOAD, "d.n");
	v = member_fc(pl, "v");
	assert_path(v->var.sel_loc, CTF_SCOPE_EV_PAYLOAD, "sel");
	g_assert_cmpuint(v->var.options->len, ==, 2);
	g_assert_true(((CtfVariantOption *)v->var.options->pdata[0])->ranges.is_signed);
	g_assert_true(ctf_range_set_contains(
		&((CtfVariantOption *)v->var.options->pdata[0])->ranges, (uint64_t)-7));
	g_assert_null(((CtfVariantOption *)v->var.options->pdata[1])->name);
	{
		const CtfFieldClass *o =
			member_fc(((CtfVariantOption *)v->var.options->pdata[1])->fc, "o");

		assert_path(o->opt.sel_loc, CTF_SCOPE_EV_PAYLOAD, "sel");
		g_assert_nonnull(o->opt.sel_ranges);
		g_assert_true(o->opt.sel_ranges->is_signed);
	}
	ctf_trace_class_free(tc);

	/* Relative path from the wrong structure. */
	md_bad(PRE DSC ERC(ST(M("a", ST(M("has_tid", BOOL8))) ","
	                      M("b", ST(M("tid", OPT_BOOL("{'path':['a','has_tid']}")))))),
	       -1, "member class `b`: member class `tid`: `selector-field-location` "
	           "{event-record-payload: b.a.has_tid}: locates nothing: no member class `a`");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'path':[null,'x']}")))), -1,
	       "too many parent path items");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'path':['x',null]}")))), -1,
	       "`path`: expecting a member name (the last item), not null");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'path':[]}")))), -1,
	       "`path`: expecting a non-empty array");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'origin':'payload','path':['x']}")))), -1,
	       "`origin`: expecting one of");
	/* Target after the dependent field, or the field itself. */
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'path':['b']}")) "," M("b", BOOL8))), -1,
	       "locates nothing: member `b` is decoded after the dependent field");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'path':['t']}")))), -1,
	       "locates the dependent field itself");
	/* Later scope; missing scope; structure target. */
	md_bad(PRE "|{'type':'data-stream-class','packet-context-field-class':" ST(
		       M("t", OPT_BOOL("{'origin':'event-record-header','path':['x']}"))) "}",
	       -1, "a field within the packet-context scope cannot depend on a field within the "
	           "later event-record-header scope (unreachable)");
	md_bad(PRE DSC ERC(ST(M("t", OPT_BOOL("{'origin':'packet-header','path':"
	                                      "['x']}")))),
	       -1, "locates nothing: there is no packet-header field class");
	md_bad(PRE DSC ERC(ST(M("s", ST(M("x", BOOL8))) "," M("t", OPT_BOOL("{'path':['s']}")))),
	       -1, "locates a structure");
	/* Target kinds (§5.2 rule 5). */
	md_bad(PRE DSC ERC(ST(M("n", S8) "," M("d", "{'type':'dynamic-length-string','length-"
	                                        "field-location':{'path':['n']}}"))),
	       -1, "expecting an unsigned integer length field, not a fixed-length signed "
	           "integer");
	md_bad(PRE DSC ERC(ST(M("n", U8) "," M("t", OPT_BOOL("{'path':['n']}")))), -1,
	       "expecting a boolean selector field (the optional has no "
	       "`selector-field-ranges`), not a fixed-length unsigned integer");
	md_bad(PRE DSC ERC(ST(M("n", BOOL8) "," M("v", "{'type':'variant','selector-field-"
	                                            "location':{'path':['n']},'options':"
	                                            "[{'selector-field-ranges':[[0,1]],"
	                                            "'field-class':" U8 "}]}"))),
	       -1, "expecting an integer selector field, not a fixed-length boolean");
	/* Arrays are crossed only from inside the same element. */
	md_bad(PRE DSC ERC(ST(M("a", "{'type':'static-length-array','length':2,"
	                             "'element-field-class':" ST(M("n", U8)) "}") ","
	                      M("d", "{'type':'dynamic-length-blob','length-field-"
	                             "location':{'path':['a','n']}}"))),
	       -1, "unreachable array field element");
	/* Variant selector candidates in every option of another variant. */
	tc = md_ok(PRE DSC ERC(ST(
		M("k", U8) ","
		M("v", "{'type':'variant','selector-field-location':{'path':['k']},"
		       "'options':[{'selector-field-ranges':[[0,0]],'field-class':" ST(
			       M("n", U8)) "},{'selector-field-ranges':[[1,1]],'field-class':"
		       ST(M("n", "{'type':'variable-length-unsigned-integer'}")) "}]}") ","
		M("d", "{'type':'dynamic-length-blob','length-field-location':{'path':"
		       "['v','n']}}"))));
	ctf_trace_class_free(tc);
	md_bad(PRE DSC ERC(ST(
		       M("k", U8) ","
		       M("v", "{'type':'variant','selector-field-location':{'path':['k']},"
		              "'options':[{'selector-field-ranges':[[0,0]],'field-class':"
		              ST(M("n", U8)) "},{'selector-field-ranges':[[1,1]],'field-class':"
		              ST(M("n", S8)) "}]}") ","
		       M("w", "{'type':'variant','selector-field-location':{'path':['v',"
		              "'n']},'options':[{'selector-field-ranges':[[0,0]],'field-"
		              "class':" U8 "}]}"))),
	       -1, "the possible selector fields are not all signed or all unsigned");
}

static void test_ctf2_variant_ranges(void)
{
#define VAR(r1, r2)                                                                          \
	PRE DSC ERC(ST(M("k", S8) "," M("v", "{'type':'variant','selector-field-location':" \
	                                  "{'path':['k']},'options':[{'name':'a',"    \
	                                  "'selector-field-ranges':" r1 ",'field-class':"  \
	                                  U8 "},{'name':'b','selector-field-ranges':" r2 \
	                                  ",'field-class':" U8 "}]}")))
	CtfTraceClass *tc = md_ok(VAR("[[-10,-1],[5,5]]", "[[0,4],[6,9]]"));

	ctf_trace_class_free(tc);
	md_bad(VAR("[[0,5]]", "[[5,9]]"), -1, "options `a` and `b` have overlapping ranges");
	md_bad(VAR("[[0,0],[20,30]]", "[[-5,-1],[1,19],[25,25]]"), -1,
	       "options `a` and `b` have overlapping ranges");
	md_bad(VAR("[[-10,10]]", "[[-3,-2]]"), -1, "overlapping ranges");
	md_bad(VAR("[[0,1]]", "[[9223372036854775808,9223372036854775809]]"), -1,
	       "value greater than 2^63-1 while the selector field is a signed integer");
	md_bad(VAR("[[0,1]]", "[[-1,9223372036854775808]]"), -1,
	       "mix negative values and values greater than 2^63-1");
	md_bad(VAR("[[0,1]]", "[[2,1.5]]"), -1, "expecting an integer range value");
	md_bad(VAR("[[0,1]]", "[[2]]"), -1, "expecting an integer range [lower, upper]");
	md_bad(PRE DSC ERC(ST(M("k", U8) "," M("v", "{'type':'variant','selector-field-"
	                                         "location':{'path':['k']},'options':["
	                                         "{'selector-field-ranges':[[-1,0]],'field-"
	                                         "class':" U8 "}]}"))),
	       -1, "negative value while the selector field is an unsigned integer");
	md_bad(PRE DSC ERC(ST(M("k", U8) "," M("v", "{'type':'variant','selector-field-"
	                                         "location':{'path':['k']},'options':["
	                                         "{'name':'x','selector-field-ranges':"
	                                         "[[0,0]],'field-class':" U8 "},{'name':'x',"
	                                         "'selector-field-ranges':[[1,1]],'field-"
	                                         "class':" U8 "}]}"))),
	       -1, "duplicate option name `x`");
	/* Unsigned 64-bit bounds. */
	tc = md_ok(PRE DSC ERC(ST(
		M("k", "{'type':'variable-length-unsigned-integer'}") ","
		M("v", "{'type':'variant','selector-field-location':{'path':['k']},"
		       "'options':[{'selector-field-ranges':[[0,9223372036854775807]],"
		       "'field-class':" U8 "},{'selector-field-ranges':[[9223372036854775808,"
		       "18446744073709551615]],'field-class':" U8 "}]}"))));
	ctf_trace_class_free(tc);
#undef VAR
}

static void test_ctf2_alias_bomb(void)
{
	/* Each alias uses the previous one 4 times: 4^40 field classes once
	 * expanded, which must be refused, not built. */
	g_autoptr(GString) s = g_string_new(PRE);
	g_autoptr(GError) error = NULL;

	g_string_append(s, "|{'type':'field-class-alias','name':'a0','field-class':" U8 "}");
	for (int i = 1; i <= 40; i++)
		g_string_append_printf(s, "|{'type':'field-class-alias','name':'a%d',"
		                          "'field-class':" ST(M("w", "'a%d'") "," M("x", "'a%d'")
		                          "," M("y", "'a%d'") "," M("z", "'a%d'"))
		                          "}",
		                       i, i - 1, i - 1, i - 1, i - 1);
	g_string_append(s, DSC);
	g_assert_null(md_parse(s->str, &error));
	g_assert_nonnull(strstr(error->message, "too many field classes once aliases are "
	                                        "expanded"));
}

/* clang-format on */

void ctf2_add_text_tests(void)
{
	g_test_add_func("/ctf2/minimal", test_ctf2_minimal);
	g_test_add_func("/ctf2/order", test_ctf2_order);
	g_test_add_func("/ctf2/offsets-packetized", test_ctf2_offsets_packetized);
	g_test_add_func("/ctf2/aliases", test_ctf2_aliases);
	g_test_add_func("/ctf2/field-classes", test_ctf2_field_classes);
	g_test_add_func("/ctf2/trace-and-clock", test_ctf2_trace_and_clock);
	g_test_add_func("/ctf2/ids", test_ctf2_ids);
	g_test_add_func("/ctf2/roles", test_ctf2_roles);
	g_test_add_func("/ctf2/locations", test_ctf2_locations);
	g_test_add_func("/ctf2/variant-ranges", test_ctf2_variant_ranges);
	g_test_add_func("/ctf2/alias-bomb", test_ctf2_alias_bomb);
}
