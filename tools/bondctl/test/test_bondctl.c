// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl host unit test: number, address and argument parsers, the JSON
 * writer's escaping and layout, and the printing of synthetic gre_bond
 * messages (no kernel needed). Prints TAP; exits non-zero on failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/gre_bond.h>
#include <linux/mcp_proxy.h>

#include "bond.h"
#include "bondctl.h"
#include "json.h"
#include "mcp.h"
#include "parse.h"
#include "session.h"
#include "pmip.h"
#include "tap.h"

/* a string that differs: show both as TAP diagnostics */
static void ok_str(const char *got, const char *want, const char *what)
{
	int same = got && !strcmp(got, want);

	ok(same, "%s", what);
	if (!same) {
		printf("# want: |%s|\n", want);
		printf("# got:  |%s|\n", got ? got : "(null)");
	}
}

/* --- numbers ----------------------------------------------------------- */

static void test_numbers(void)
{
	uint64_t v = 0;
	uint32_t v32 = 0;
	uint16_t v16 = 0;
	uint8_t v8 = 0;

	ok(!parse_uint("0", UINT64_MAX, 0, &v) && v == 0, "uint: 0");
	ok(!parse_u32("4294967295", 0, &v32) && v32 == UINT32_MAX,
	   "u32: max accepted");
	ok(parse_u32("4294967296", 0, &v32) == -ERANGE, "u32: max+1 is ERANGE");
	ok(!parse_uint("18446744073709551615", UINT64_MAX, 0, &v) &&
	   v == UINT64_MAX, "u64: max accepted");
	ok(parse_uint("18446744073709551616", UINT64_MAX, 0, &v) == -ERANGE,
	   "u64: overflow is ERANGE");
	ok(parse_uint("99999999999999999999x", UINT64_MAX, 0, &v) == -EINVAL,
	   "overflow followed by junk is EINVAL");
	ok(parse_u32("12x", 0, &v32) == -EINVAL, "trailing junk rejected");
	ok(parse_u32("", 0, &v32) == -EINVAL, "empty rejected");
	ok(parse_u32(" 1", 0, &v32) == -EINVAL, "leading space rejected");
	ok(parse_u32("1 ", 0, &v32) == -EINVAL, "trailing space rejected");
	ok(parse_u32("+1", 0, &v32) == -EINVAL, "plus sign rejected");
	ok(parse_u32("-1", 0, &v32) == -EINVAL, "minus sign rejected");
	ok(parse_u32("1.5", 0, &v32) == -EINVAL, "fraction rejected");
	ok(!parse_u32("0x1234", PARSE_HEX, &v32) && v32 == 0x1234,
	   "hex with PARSE_HEX");
	ok(!parse_u32("0XaBcD", PARSE_HEX, &v32) && v32 == 0xabcd,
	   "hex: 0X and mixed case");
	ok(parse_u32("0x10", 0, &v32) == -EINVAL, "hex without PARSE_HEX");
	ok(parse_u32("0x", PARSE_HEX, &v32) == -EINVAL, "bare 0x rejected");
	ok(parse_u32("0x12g", PARSE_HEX, &v32) == -EINVAL, "hex junk rejected");
	ok(parse_u32("1a", PARSE_HEX, &v32) == -EINVAL,
	   "hex digits need the 0x prefix");
	ok(!parse_u32("010", PARSE_HEX, &v32) && v32 == 10,
	   "leading zero is decimal, not octal");
	ok(!parse_u16("0xB7EA", PARSE_HEX, &v16) && v16 == 0xb7ea,
	   "u16: 0xB7EA");
	ok(parse_u16("0x10000", PARSE_HEX, &v16) == -ERANGE, "u16: 0x10000");
	ok(parse_u8("256", 0, &v8) == -ERANGE, "u8: 256");
	ok(!parse_u32("0x00000000ffffffff", PARSE_HEX, &v32) &&
	   v32 == UINT32_MAX, "hex with leading zeros");
	ok(parse_u32(NULL, 0, &v32) == -EINVAL, "NULL rejected");
}

/* --- addresses, hex bytes, names --------------------------------------- */

static void test_addr(void)
{
	struct bc_addr a;
	uint8_t buf[8];
	char s[64];
	size_t len = 0;
	bool is_auto;
	uint32_t us;

	ok(!parse_addr("192.0.2.1", &a) && a.family == AF_INET &&
	   bc_addr_len(&a) == 4 && a.a[0] == 192 && a.a[3] == 1, "addr: IPv4");
	ok(!parse_addr("2001:db8::1", &a) && a.family == AF_INET6 &&
	   bc_addr_len(&a) == 16 && a.a[15] == 1, "addr: IPv6");
	ok(!parse_addr("::ffff:192.0.2.1", &a) && a.family == AF_INET6,
	   "addr: v4-mapped is IPv6");
	ok(parse_addr("1.2.3", &a) == -EINVAL, "addr: 1.2.3 rejected");
	ok(parse_addr("256.1.1.1", &a) == -EINVAL, "addr: 256.1.1.1 rejected");
	ok(parse_addr("1.2.3.4 ", &a) == -EINVAL, "addr: trailing space");
	ok(parse_addr("fe80::1%eth0", &a) == -EINVAL, "addr: zone rejected");
	ok(parse_addr("", &a) == -EINVAL, "addr: empty");
	ok(parse_addr("host.example", &a) == -EINVAL, "addr: no names");

	a.a[0] = 198, a.a[1] = 51, a.a[2] = 100, a.a[3] = 7;
	ok_str(fmt_addr(a.a, 4, s, sizeof(s)), "198.51.100.7", "fmt_addr v4");
	ok_str(fmt_addr(a.a, 5, s, sizeof(s)), "?", "fmt_addr bad length");

	ok(!parse_hex_bytes("0102ab", buf, sizeof(buf), &len) && len == 3 &&
	   buf[0] == 1 && buf[2] == 0xab, "hex: 0102ab");
	ok(!parse_hex_bytes("01:02:AB", buf, sizeof(buf), &len) && len == 3 &&
	   buf[2] == 0xab, "hex: colons, upper case");
	ok(!parse_hex_bytes("0xb7ea", buf, sizeof(buf), &len) && len == 2 &&
	   buf[0] == 0xb7, "hex: 0x prefix");
	ok(parse_hex_bytes("012", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: odd digit count");
	ok(parse_hex_bytes("01::02", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: double colon");
	ok(parse_hex_bytes("01:", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: trailing colon");
	ok(parse_hex_bytes(":01", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: leading colon");
	ok(parse_hex_bytes("", buf, sizeof(buf), &len) == -EINVAL, "hex: empty");
	ok(parse_hex_bytes("0x", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: bare 0x");
	ok(parse_hex_bytes("zz", buf, sizeof(buf), &len) == -EINVAL,
	   "hex: not hex");
	ok(parse_hex_bytes("000102030405060708", buf, sizeof(buf), &len) ==
	   -ERANGE, "hex: longer than the buffer");
	ok(!parse_hex_bytes("0001020304050607", buf, sizeof(buf), &len) &&
	   len == 8, "hex: exactly the buffer");

	ok(!parse_ifname("hab0"), "ifname: hab0");
	ok(!parse_ifname("abcdefghijklmno"), "ifname: 15 characters");
	ok(parse_ifname("abcdefghijklmnop") == -ERANGE, "ifname: 16 characters");
	ok(parse_ifname("a/b") == -EINVAL, "ifname: slash");
	ok(parse_ifname("a b") == -EINVAL, "ifname: space");
	ok(parse_ifname("..") == -EINVAL, "ifname: ..");
	ok(parse_ifname("") == -EINVAL, "ifname: empty");

	ok(!parse_hold("auto", &is_auto, &us) && is_auto, "hold: auto");
	ok(!parse_hold("20000", &is_auto, &us) && !is_auto && us == 20000,
	   "hold: 20000");
	ok(parse_hold("Auto", &is_auto, &us) == -EINVAL, "hold: Auto");
}

static void test_format(void)
{
	char b[32];
	uint8_t bytes[] = { 0xde, 0xad, 0xbe, 0xef, 0x01 };
	static const struct kw tab[] = {
		{ "show", 1 }, { "set", 2 }, { "stats-reset", 3 },
		{ "del", 4 }, { "delete", 4 }, { NULL, 0 },
	};
	int v = 0;

	ok_str(fmt_time_ns(0, b, sizeof(b)), "0ns", "time: 0");
	ok_str(fmt_time_ns(850, b, sizeof(b)), "850ns", "time: 850ns");
	ok_str(fmt_time_ns(1500, b, sizeof(b)), "1.5us", "time: 1.5us");
	ok_str(fmt_time_us(12500, b, sizeof(b)), "12.5ms", "time: 12.5ms");
	ok_str(fmt_time_us(100000, b, sizeof(b)), "100ms", "time: 100ms");
	ok_str(fmt_time_us(10200, b, sizeof(b)), "10.2ms", "time: 10.2ms");
	ok_str(fmt_time_us(1250000, b, sizeof(b)), "1.3s", "time: rounds");
	ok_str(fmt_time_us(UINT64_MAX, b, sizeof(b)), "18446744073.7s",
	   "time: huge does not overflow");
	ok_str(fmt_hex(bytes, 5, b, sizeof(b)), "deadbeef01", "hex: full");
	ok_str(fmt_hex(bytes, 5, b, 9), "dead...", "hex: truncated");
	ok_str(fmt_hex(bytes, 0, b, sizeof(b)), "", "hex: empty");

	ok(!kw_match(tab, "show", &v) && v == 1, "kw: exact");
	ok(!kw_match(tab, "sh", &v) && v == 1, "kw: unique prefix");
	ok(kw_match(tab, "s", &v) == -ENOTUNIQ, "kw: ambiguous prefix");
	ok(!kw_match(tab, "de", &v) && v == 4, "kw: aliases are one");
	ok(kw_match(tab, "x", &v) == -ENOENT, "kw: unknown");
	ok(kw_lookup(tab, "sh", &v) == -ENOENT, "kw_lookup: no prefixes");
}

/* --- JSON -------------------------------------------------------------- */

/* run fn against a memory stream and return what it wrote (static) */
static char *capture_buf;
static size_t capture_len;

static FILE *capture_open(void)
{
	free(capture_buf);
	capture_buf = NULL;
	capture_len = 0;
	return open_memstream(&capture_buf, &capture_len);
}

static const char *capture_close(FILE *f)
{
	fclose(f);
	return capture_buf;
}

static const char *esc(const char *s, size_t len)
{
	FILE *f = capture_open();

	json_escape(f, s, len);
	return capture_close(f);
}

#define ESC(lit)	esc(lit, sizeof(lit) - 1)

static void test_json(void)
{
	struct json j;
	FILE *f;

	ok_str(ESC("plain"), "\"plain\"", "json: plain");
	ok_str(ESC("a\"b\\c"), "\"a\\\"b\\\\c\"", "json: quote and backslash");
	ok_str(ESC("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"", "json: short escapes");
	ok_str(ESC("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"",
	       "json: control characters and DEL");
	ok_str(ESC("a\0b"), "\"a\\u0000b\"", "json: embedded NUL");
	ok_str(ESC("/"), "\"/\"", "json: slash untouched");
	ok_str(ESC("\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e"),
	       "\"\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\"",
	       "json: valid UTF-8 passes (2, 3, 4 bytes)");
	ok_str(ESC("\x80"), "\"\\ufffd\"", "json: stray continuation");
	ok_str(ESC("\xc0\xaf"), "\"\\ufffd\\ufffd\"", "json: overlong C0 AF");
	ok_str(ESC("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"",
	       "json: overlong E0 80 AF");
	ok_str(ESC("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"",
	       "json: UTF-16 surrogate");
	ok_str(ESC("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
	       "json: above U+10FFFF");
	ok_str(ESC("\xe2\x82"), "\"\\ufffd\\ufffd\"", "json: truncated sequence");
	ok_str(ESC("\xe2\x82x"), "\"\\ufffd\\ufffdx\"",
	       "json: broken sequence, then ASCII");
	ok_str(ESC("\xf5\x80"), "\"\\ufffd\\ufffd\"", "json: F5 is never valid");
	ok_str(ESC("\xef\xbf\xbf"), "\"\xef\xbf\xbf\"", "json: U+FFFF is valid");

	f = capture_open();
	json_init(&j, f, false);
	json_obj_open(&j, NULL);
	json_u64(&j, "a", 1);
	json_str(&j, "k\"ey", "v");
	json_arr_open(&j, "list");
	json_u64(&j, NULL, 18446744073709551615ULL);
	json_s64(&j, NULL, -5);
	json_bool(&j, NULL, true);
	json_null(&j, NULL);
	json_arr_close(&j);
	json_obj_open(&j, "empty");
	json_obj_close(&j);
	json_arr_open(&j, "none");
	json_arr_close(&j);
	json_hex(&j, "hex", "\x01\xab", 2);
	json_obj_close(&j);
	json_u64(&j, NULL, 7);
	ok_str(capture_close(f),
	       "{\"a\":1,\"k\\\"ey\":\"v\",\"list\":[18446744073709551615,-5,true,null],"
	       "\"empty\":{},\"none\":[],\"hex\":\"01ab\"}\n7\n",
	       "json: compact layout, one top-level value per line");

	f = capture_open();
	json_init(&j, f, true);
	json_arr_open(&j, NULL);
	json_obj_open(&j, NULL);
	json_u64(&j, "a", 1);
	json_arr_open(&j, "b");
	json_arr_close(&j);
	json_obj_close(&j);
	json_arr_close(&j);
	ok_str(capture_close(f),
	       "[\n  {\n    \"a\": 1,\n    \"b\": []\n  }\n]\n",
	       "json: pretty layout");
}

/* --- argument parsers -------------------------------------------------- */

#define ARGV(...)	((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...)	((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define P(...)		ARGC(__VA_ARGS__), ARGV(__VA_ARGS__)

static void test_bond_args(void)
{
	struct bond_params p;
	char err[160];

	ok(!bond_params_parse(P("key", "0x1234", "cir", "20000", "cbs", "30000",
				"ebs", "30001", "hold", "auto", "hold-max",
				"100000", "reorder-max", "1024",
				"ctrl-alt-proto", "0x0101", "mtu", "1452", "up"),
			      &p, err, sizeof(err)) &&
	   p.key == 0x1234 && p.cir_kbps == 20000 && p.cbs == 30000 &&
	   p.ebs == 30001 && p.hold_mode == GRE_BOND_HOLD_AUTO &&
	   p.hold_max_us == 100000 && p.reorder_max == 1024 &&
	   p.ctrl_proto_alt == 0x101 && p.mtu == 1452 &&
	   p.set == (BP_GENL | BP_MTU | BP_UP), "bond: every parameter");
	ok(!bond_params_parse(P("hold", "20000"), &p, err, sizeof(err)) &&
	   p.hold_mode == GRE_BOND_HOLD_FIXED && p.hold_us == 20000 &&
	   p.set == BP_HOLD, "bond: hold USEC is fixed mode");
	ok(!bond_params_parse(0, ARGV(NULL), &p, err, sizeof(err)) && !p.set,
	   "bond: no parameters");
	ok(bond_params_parse(P("key", "1", "key", "2"), &p, err, sizeof(err)) &&
	   !strcmp(err, "'key' given twice"), "bond: duplicate rejected");
	ok(bond_params_parse(P("cir"), &p, err, sizeof(err)) &&
	   !strcmp(err, "'cir' needs a value"), "bond: missing value");
	ok(bond_params_parse(P("color", "red"), &p, err, sizeof(err)) &&
	   !strcmp(err, "unknown argument 'color'"), "bond: unknown keyword");
	ok(bond_params_parse(P("cir", "0x10"), &p, err, sizeof(err)) &&
	   !strcmp(err, "invalid cir '0x10': not a valid value"),
	   "bond: cir is decimal only");
	ok(bond_params_parse(P("mtu", "0"), &p, err, sizeof(err)) &&
	   !strcmp(err, "invalid mtu '0': out of range"), "bond: mtu 0");
	ok(bond_params_parse(P("ctrl-alt-proto", "0x10000"), &p, err,
			     sizeof(err)) && strstr(err, "out of range"),
	   "bond: ctrl-alt-proto is 16 bits");
	ok(bond_params_parse(P("hold", "soon"), &p, err, sizeof(err)) &&
	   strstr(err, "invalid hold 'soon'"), "bond: hold junk");
}

static void test_tunnel_args(void)
{
	struct tunnel_args t;
	char err[160];

	ok(!tunnel_args_parse(TUNNEL_OP_ADD,
			      P("id", "0", "role", "dsl", "local", "192.0.2.1",
				"remote", "198.51.100.1", "dev", "eth0",
				"fwmark", "0x10"), &t, err, sizeof(err)) &&
	   t.id == 0 && t.role == GRE_BOND_ROLE_PRIMARY &&
	   !strcmp(t.name, "dsl") && (t.set & TA_NAME) &&
	   t.local.family == AF_INET && !strcmp(t.dev, "eth0") &&
	   t.fwmark == 0x10 && !(t.set & TA_ADMIN),
	   "tunnel add: dsl implies primary and name dsl");
	ok(!tunnel_args_parse(TUNNEL_OP_ADD,
			      P("id", "7", "role", "lte", "name", "lte2",
				"local", "2001:db8::2", "remote", "2001:db8::1",
				"disabled"), &t, err, sizeof(err)) &&
	   t.id == 7 && t.role == GRE_BOND_ROLE_SECONDARY &&
	   !strcmp(t.name, "lte2") && t.local.family == AF_INET6 &&
	   t.admin == GRE_BOND_ADMIN_DISABLED && (t.set & TA_ADMIN),
	   "tunnel add: IPv6, explicit name, disabled");
	ok(!tunnel_args_parse(TUNNEL_OP_ADD,
			      P("id", "1", "role", "secondary", "local",
				"192.0.2.2", "remote", "198.51.100.1"),
			      &t, err, sizeof(err)) && !(t.set & TA_NAME),
	   "tunnel add: secondary sets no name");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "role", "dsl", "local", "192.0.2.1",
			       "remote", "2001:db8::1"), &t, err, sizeof(err)) &&
	   strstr(err, "same address family"), "tunnel add: family mismatch");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "local", "192.0.2.1", "remote",
			       "192.0.2.2"), &t, err, sizeof(err)) &&
	   strstr(err, "missing 'role"), "tunnel add: role required");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "role", "dsl", "remote", "192.0.2.2"),
			     &t, err, sizeof(err)) &&
	   !strcmp(err, "missing 'local ADDR'"), "tunnel add: local required");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "8", "role", "dsl", "local", "192.0.2.1",
			       "remote", "192.0.2.2"), &t, err, sizeof(err)) &&
	   strstr(err, "out of range"), "tunnel add: id 8 out of range");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "role", "wifi"), &t, err,
			     sizeof(err)) && strstr(err, "invalid role 'wifi'"),
	   "tunnel add: bad role");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "role", "dsl", "name",
			       "0123456789abcdef"), &t, err, sizeof(err)) &&
	   strstr(err, "longer than 15"), "tunnel add: name too long");
	ok(tunnel_args_parse(TUNNEL_OP_ADD,
			     P("id", "0", "admin", "up"), &t, err,
			     sizeof(err)) &&
	   !strcmp(err, "'admin' is not valid for tunnel add"),
	   "tunnel add: admin is for set");
	ok(!tunnel_args_parse(TUNNEL_OP_SET,
			      P("id", "1", "admin", "disabled", "oper", "down",
				"rtt", "10200", "dev", "none", "remote",
				"2001:db8::9"), &t, err, sizeof(err)) &&
	   t.admin == GRE_BOND_ADMIN_DISABLED && t.oper == GRE_BOND_OPER_DOWN &&
	   t.rtt_us == 10200 && (t.set & TA_DEV) && !t.dev[0] &&
	   t.remote.family == AF_INET6,
	   "tunnel set: admin, oper, rtt, dev none, one address");
	ok(tunnel_args_parse(TUNNEL_OP_SET, P("id", "1"), &t, err,
			     sizeof(err)) && !strcmp(err, "nothing to set"),
	   "tunnel set: nothing to set");
	ok(!tunnel_args_parse(TUNNEL_OP_SET, P("id", "1", "role", "dsl"), &t,
			      err, sizeof(err)) && t.role == GRE_BOND_ROLE_PRIMARY &&
	   !(t.set & TA_NAME), "tunnel set: role, no implied name");
	ok(!tunnel_args_parse(TUNNEL_OP_SET, P("id", "1", "name", "dsl2"), &t,
			      err, sizeof(err)) && !strcmp(t.name, "dsl2"),
	   "tunnel set: name");
	ok(tunnel_args_parse(TUNNEL_OP_SET, P("id", "1", "disabled"), &t,
			     err, sizeof(err)) && strstr(err, "not valid"),
	   "tunnel set: 'disabled' is for add ('admin disabled' here)");
	ok(tunnel_args_parse(TUNNEL_OP_SET, P("id", "1", "oper", "sideways"),
			     &t, err, sizeof(err)) &&
	   strstr(err, "invalid oper"), "tunnel set: bad oper");
	ok(!tunnel_args_parse(TUNNEL_OP_DEL, P("id", "3"), &t, err,
			      sizeof(err)) && t.id == 3 && t.set == TA_ID,
	   "tunnel del: id");
	ok(tunnel_args_parse(TUNNEL_OP_DEL, P("local", "192.0.2.1"), &t, err,
			     sizeof(err)) && strstr(err, "not valid"),
	   "tunnel del: only id");
	ok(tunnel_args_parse(TUNNEL_OP_DEL, 0, ARGV(NULL), &t, err,
			     sizeof(err)) && !strcmp(err, "missing 'id N'"),
	   "tunnel del: id required");
	ok(tunnel_args_parse(TUNNEL_OP_SET, P("id", "1", "dev", "a/b"), &t,
			     err, sizeof(err)) && strstr(err, "invalid dev"),
	   "tunnel set: bad device name");
}

static void test_ctrl_args(void)
{
	static struct ctrl_args c;
	static char big[2 * CTRL_PAYLOAD_MAX + 3];
	char err[160];

	ok(!ctrl_args_parse(P("tunnel", "1", "hex", "0102"), &c, err,
			    sizeof(err)) && c.tunnel == 1 &&
	   c.proto == GRE_BOND_CTRL_PROTO && c.len == 2 && !(c.set & CA_KEY),
	   "ctrl: defaults");
	ok(!ctrl_args_parse(P("tunnel", "0", "proto", "0x0101", "key", "0",
			      "hex", "ff", "remote", "2001:db8::1"),
			    &c, err, sizeof(err)) && c.proto == 0x101 &&
	   (c.set & CA_KEY) && c.key == 0 && c.remote.family == AF_INET6,
	   "ctrl: every argument");
	ok(ctrl_args_parse(P("tunnel", "0"), &c, err, sizeof(err)) &&
	   strstr(err, "missing 'hex"), "ctrl: hex required");
	ok(ctrl_args_parse(P("hex", "00"), &c, err, sizeof(err)) &&
	   strstr(err, "missing 'tunnel"), "ctrl: tunnel required");
	memset(big, '0', sizeof(big) - 1);
	ok(ctrl_args_parse(P("tunnel", "0", "hex", big), &c, err,
			   sizeof(err)) && strstr(err, "more than 8192"),
	   "ctrl: payload too long");
	big[2 * CTRL_PAYLOAD_MAX] = '\0';
	ok(!ctrl_args_parse(P("tunnel", "0", "hex", big), &c, err,
			    sizeof(err)) && c.len == CTRL_PAYLOAD_MAX,
	   "ctrl: largest payload");
}

/* every counter of the UAPI has a JSON name: fails when the header grows */
static void test_stat_names(void)
{
	unsigned int i, missing = 0;

	for (i = 1; i <= GRE_BOND_S_MAX; i++) {
		if (i == GRE_BOND_S_PAD || gb_bond_stat_name(i))
			continue;
		printf("# bond counter %u has no name in bond.c\n", i);
		missing++;
	}
	for (i = 1; i <= GRE_BOND_TS_MAX; i++) {
		if (i == GRE_BOND_TS_PAD || gb_tunnel_stat_name(i))
			continue;
		printf("# tunnel counter %u has no name in bond.c\n", i);
		missing++;
	}
	ok(!missing, "every UAPI counter is printed");
	ok(!strcmp(gb_bond_stat_name(GRE_BOND_S_DROP_UNKNOWN_KEY),
		   "drop_unknown_key") &&
	   !strcmp(gb_bond_stat_name(GRE_BOND_S_RX_IN_ORDER), "rx_in_order") &&
	   !strcmp(gb_tunnel_stat_name(GRE_BOND_TS_TX_RED_BYTES),
		   "tx_red_bytes"), "counter names follow the UAPI");
}

/* --- batch mode (bondctl -b) ------------------------------------------- */

static char batch_seen[512];
static unsigned int batch_calls;

/* fake command runner: records "lineno:argc:word|word|..." and fails on
 * a line whose first word is "fail" (exit code from the second word)
 */
static int batch_run(struct bc_ctx *ctx, int argc, char **argv)
{
	size_t len = strlen(batch_seen);
	int i;

	(void)ctx;
	batch_calls++;
	snprintf(batch_seen + len, sizeof(batch_seen) - len, "%u:%d:",
		 bc_lineno, argc);
	for (i = 0; i < argc; i++) {
		len = strlen(batch_seen);
		snprintf(batch_seen + len, sizeof(batch_seen) - len, "%s%s",
			 argv[i], i + 1 < argc ? "|" : ";");
	}
	if (argv[argc] != NULL)
		return 99;
	if (!strcmp(argv[0], "fail"))
		return argc > 1 && !strcmp(argv[1], "2") ?
		       bc_usage(NULL, "usage failure") : bc_err("failure");
	return BC_EXIT_OK;
}

/* run a batch from a string; what went to stderr in *errout (static) */
static int run_batch_str(const char *text, const char **errout)
{
	static char errbuf[512];
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *tmp = tmpfile();
	struct bc_ctx ctx;
	int saved, ret;
	size_t n;

	memset(&ctx, 0, sizeof(ctx));
	batch_seen[0] = '\0';
	batch_calls = 0;
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	ret = bc_batch(&ctx, in, batch_run);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(errbuf, 1, sizeof(errbuf) - 1, tmp);
	errbuf[n] = '\0';
	fclose(tmp);
	fclose(in);
	*errout = errbuf;
	return ret;
}

static void test_batch(void)
{
	char line[128], err[64], *argv[5];
	const char *errs;
	int ret;

	snprintf(line, sizeof(line), "  bond add\thab0   key\n");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == 4 &&
	   !strcmp(argv[0], "bond") && !strcmp(argv[2], "hab0") &&
	   !strcmp(argv[3], "key") && argv[4] == NULL,
	   "split: blanks, tabs, newline; NULL after the last word");
	snprintf(line, sizeof(line), "a \"b c\" 'd' e f");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == -1 &&
	   !strcmp(err, "more than 4 words"), "split: 5 words over a limit of 4");
	snprintf(line, sizeof(line), "a \"b c\" 'd \"e' \"f\\\"g\\\\\"");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == 4 &&
	   !strcmp(argv[1], "b c") && !strcmp(argv[2], "d \"e") &&
	   !strcmp(argv[3], "f\"g\\"), "split: both quotes and escapes");
	snprintf(line, sizeof(line), "h\\ i \"\" x#y # rest \"ignored");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == 3 &&
	   !strcmp(argv[0], "h i") && !strcmp(argv[1], "") &&
	   !strcmp(argv[2], "x#y"),
	   "split: escaped blank, empty word, '#' inside a word, comment");
	snprintf(line, sizeof(line), "   # only a comment");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == 0 &&
	   argv[0] == NULL, "split: comment line has no words");
	snprintf(line, sizeof(line), "bond 'open");
	ok(bc_split_line(line, argv, 4, err, sizeof(err)) == -1 &&
	   !strcmp(err, "missing closing '"), "split: unterminated quote");

	ret = run_batch_str("# header\n\nbond add hab0\n  \t\ntunnel add hab0 id 0 # x\n"
			    "bond show", &errs);
	ok(ret == BC_EXIT_OK && batch_calls == 3 &&
	   !strcmp(batch_seen,
		   "3:3:bond|add|hab0;5:5:tunnel|add|hab0|id|0;6:2:bond|show;") &&
	   !errs[0] && bc_lineno == 0,
	   "batch: comments and blank lines skipped, line numbers, last line without newline");
	if (ret || batch_calls != 3)
		printf("# seen: %s\n# stderr: %s\n", batch_seen, errs);

	ret = run_batch_str("a\nfail 1\nnever\n", &errs);
	ok(ret == BC_EXIT_ERR && batch_calls == 2 &&
	   !strcmp(errs, "bondctl: line 2: failure\n"),
	   "batch: stops at the first failing line, error names it");
	ret = run_batch_str("a\nb\n\nfail 2\n", &errs);
	ok(ret == BC_EXIT_USAGE && batch_calls == 3 &&
	   !strncmp(errs, "bondctl: line 4: usage failure\n", 31),
	   "batch: a usage error keeps its exit code 2");
	ret = run_batch_str("ok\n'broken\nnever\n", &errs);
	ok(ret == BC_EXIT_USAGE && batch_calls == 1 &&
	   !strncmp(errs, "bondctl: line 2: missing closing '\n", 35),
	   "batch: a line that does not split is a usage error");
	ret = run_batch_str("", &errs);
	ok(ret == BC_EXIT_OK && batch_calls == 0, "batch: empty input");
}

/* --- printing synthetic messages --------------------------------------- */

static char msgbuf[8192];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(msgbuf, 0, sizeof(msgbuf));
	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = 0x20;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = GRE_BOND_GENL_VERSION;
	return nlh;
}

static void put_bond(struct nlmsghdr *nlh, bool stats)
{
	uint64_t hist[GRE_BOND_RES_HIST_BUCKETS] = { 5, 3, 0, 1 };
	struct nlattr *n, *t, *ts;
	uint32_t a4;

	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, GRE_BOND_A_IFNAME, "hab0");
	mnl_attr_put_u32(nlh, GRE_BOND_A_KEY, 0x1234);
	mnl_attr_put_u32(nlh, GRE_BOND_A_CIR_KBPS, 20000);
	mnl_attr_put_u32(nlh, GRE_BOND_A_CBS, 30000);
	mnl_attr_put_u32(nlh, GRE_BOND_A_EBS, 30000);
	mnl_attr_put_u8(nlh, GRE_BOND_A_HOLD_MODE, GRE_BOND_HOLD_AUTO);
	mnl_attr_put_u32(nlh, GRE_BOND_A_HOLD_US, 0);
	mnl_attr_put_u32(nlh, GRE_BOND_A_HOLD_MAX_US, 100000);
	mnl_attr_put_u32(nlh, GRE_BOND_A_HOLD_CUR_US, 12500);
	mnl_attr_put_u32(nlh, GRE_BOND_A_REORDER_MAX, 1024);
	mnl_attr_put_u16(nlh, GRE_BOND_A_CTRL_PROTO_ALT, 0);
	mnl_attr_put_u32(nlh, GRE_BOND_A_MTU, 1452);
	mnl_attr_put_u32(nlh, 200, 1);	/* from a newer kernel */
	if (stats) {
		n = mnl_attr_nest_start(nlh, GRE_BOND_A_STATS);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RX_IN_ORDER, 1000);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RX_REORDERED, 20);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RX_NO_SEQ, 0);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RX_LATE, 1);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RX_DUPLICATE, 0);
		mnl_attr_put_u64(nlh, GRE_BOND_S_FLUSH_TIMEOUT, 2);
		mnl_attr_put_u64(nlh, GRE_BOND_S_DEPTH_CUR, 0);
		mnl_attr_put_u64(nlh, GRE_BOND_S_DEPTH_MAX, 15);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RESIDENCE_MAX_NS, 12500000);
		mnl_attr_put_u64(nlh, GRE_BOND_S_RESIDENCE_SUM_NS, 62000000);
		mnl_attr_put(nlh, GRE_BOND_S_RESIDENCE_HIST, sizeof(hist), hist);
		mnl_attr_put_u64(nlh, GRE_BOND_S_DROP_BAD_CSUM, 0);
		mnl_attr_put_u64(nlh, GRE_BOND_S_DROP_UNKNOWN_KEY, 3);
		mnl_attr_put_u64(nlh, GRE_BOND_S_TX_NO_TUNNEL, 1);
		mnl_attr_put_u64(nlh, GRE_BOND_S_TX_SEQ_NEXT, 4242);
		mnl_attr_put_u64(nlh, 250, 9);	/* newer */
		mnl_attr_nest_end(nlh, n);
	}
	t = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, 0);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ROLE, GRE_BOND_ROLE_PRIMARY);
	mnl_attr_put_strz(nlh, GRE_BOND_T_NAME, "dsl");
	inet_pton(AF_INET, "192.0.2.1", &a4);
	mnl_attr_put(nlh, GRE_BOND_T_LOCAL4, 4, &a4);
	inet_pton(AF_INET, "198.51.100.1", &a4);
	mnl_attr_put(nlh, GRE_BOND_T_REMOTE4, 4, &a4);
	mnl_attr_put_u32(nlh, GRE_BOND_T_LINK, 1);	/* lo, everywhere */
	mnl_attr_put_u32(nlh, GRE_BOND_T_FWMARK, 0);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ADMIN, GRE_BOND_ADMIN_UP);
	mnl_attr_put_u8(nlh, GRE_BOND_T_OPER, GRE_BOND_OPER_UP);
	mnl_attr_put_u32(nlh, GRE_BOND_T_RTT_US, 10200);
	mnl_attr_put_u32(nlh, 99, 1);	/* newer */
	if (stats) {
		ts = mnl_attr_nest_start(nlh, GRE_BOND_T_STATS);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_PACKETS, 100);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_BYTES, 150000);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_GREEN_PACKETS, 80);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_GREEN_BYTES, 120000);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_YELLOW_PACKETS, 20);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_YELLOW_BYTES, 30000);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_RX_PACKETS, 90);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_RX_BYTES, 130000);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_TX_CTRL, 10);
		mnl_attr_put_u64(nlh, GRE_BOND_TS_RX_CTRL, 11);
		mnl_attr_nest_end(nlh, ts);
	}
	mnl_attr_nest_end(nlh, t);

	t = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, 1);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ROLE, GRE_BOND_ROLE_SECONDARY);
	mnl_attr_put_strz(nlh, GRE_BOND_T_NAME, "lte\n");
	{
		uint8_t l6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
		uint8_t r6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

		mnl_attr_put(nlh, GRE_BOND_T_LOCAL6, 16, l6);
		mnl_attr_put(nlh, GRE_BOND_T_REMOTE6, 16, r6);
	}
	mnl_attr_put_u32(nlh, GRE_BOND_T_FWMARK, 0x2a);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ADMIN, GRE_BOND_ADMIN_DISABLED);
	mnl_attr_put_u8(nlh, GRE_BOND_T_OPER, GRE_BOND_OPER_DOWN);
	mnl_attr_put_u32(nlh, GRE_BOND_T_RTT_US, 0);
	mnl_attr_nest_end(nlh, t);
}

static const char *print_with(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
			      bool ntf)
{
	FILE *f = capture_open();

	ctx->out = f;
	json_init(&ctx->jw, f, ctx->pretty);
	if (ntf)
		gb_print_ntf(ctx, nlh);
	else
		gb_print_bond(ctx, nlh);
	return capture_close(f);
}

static void test_print(void)
{
	struct bc_ctx ctx;
	struct nlmsghdr *nlh;
	struct nlattr *n;
	uint32_t a4;

	memset(&ctx, 0, sizeof(ctx));
	nlh = msg_start(GRE_BOND_CMD_BOND_GET);
	put_bond(nlh, false);
	ok_str(print_with(&ctx, nlh, false),
	       "hab0: key 0x1234 cir 20000kbit cbs 30000 ebs 30000 hold auto (cur 12.5ms, max 100ms) reorder-max 1024 mtu 1452\n"
	       "  tunnel 0 dsl primary 192.0.2.1 -> 198.51.100.1 dev lo up rtt 10.2ms\n"
	       "  tunnel 1 lte? secondary 2001:db8::2 -> 2001:db8::1 fwmark 0x2a down disabled\n",
	       "show: text");

	nlh = msg_start(GRE_BOND_CMD_BOND_GET);
	put_bond(nlh, true);
	ctx.stats = 1;
	ok_str(print_with(&ctx, nlh, false),
	       "hab0: key 0x1234 cir 20000kbit cbs 30000 ebs 30000 hold auto (cur 12.5ms, max 100ms) reorder-max 1024 mtu 1452\n"
	       "    rx: in-order 1000 reordered 20 late 1 duplicate 0\n"
	       "    buffer: depth 0 (max 15) residence max 12.5ms mean 3.1ms flush-timeout 2\n"
	       "    drops: unknown-key 3 tx-no-tunnel 1\n"
	       "  tunnel 0 dsl primary 192.0.2.1 -> 198.51.100.1 dev lo up rtt 10.2ms\n"
	       "    tx: packets 100 bytes 150000 ctrl 10 errors 0\n"
	       "    tx green: packets 80 bytes 120000\n"
	       "    tx yellow: packets 20 bytes 30000\n"
	       "    tx red: packets 0 bytes 0\n"
	       "    rx: packets 90 bytes 130000 ctrl 11\n"
	       "  tunnel 1 lte? secondary 2001:db8::2 -> 2001:db8::1 fwmark 0x2a down disabled\n",
	       "show -s: text with counters");

	ctx.stats = 2;
	ok(strstr(print_with(&ctx, nlh, false),
		  "    tx: seq-next 4242\n"
		  "    residence: <1ms 5 <2ms 3 <4ms 0 <8ms 1 <16ms 0 <32ms 0 <64ms 0"
		  " <128ms 0 <256ms 0 <512ms 0 <1024ms 0 >=1024ms 0\n") != NULL,
	   "show -s -s: sequence and histogram");

	ctx.stats = 0;
	ctx.json = true;
	ok_str(print_with(&ctx, nlh, false),
	       "{\"ifindex\":7,\"ifname\":\"hab0\",\"key\":4660,\"cir_kbps\":20000,"
	       "\"cbs\":30000,\"ebs\":30000,\"hold_mode\":\"auto\",\"hold_us\":0,"
	       "\"hold_max_us\":100000,\"hold_cur_us\":12500,\"reorder_max\":1024,"
	       "\"ctrl_proto_alt\":0,\"mtu\":1452,"
	       "\"stats\":{\"rx_in_order\":1000,\"rx_reordered\":20,\"rx_no_seq\":0,"
	       "\"rx_late\":1,\"rx_duplicate\":0,\"flush_timeout\":2,\"depth_cur\":0,"
	       "\"depth_max\":15,\"residence_max_ns\":12500000,"
	       "\"residence_sum_ns\":62000000,"
	       "\"residence_hist\":[5,3,0,1,0,0,0,0,0,0,0,0],"
	       "\"drop_bad_csum\":0,\"drop_unknown_key\":3,\"tx_no_tunnel\":1,"
	       "\"tx_seq_next\":4242},"
	       "\"tunnels\":[{\"id\":0,\"role\":\"primary\",\"name\":\"dsl\","
	       "\"local4\":\"192.0.2.1\",\"remote4\":\"198.51.100.1\",\"link\":1,"
	       "\"dev\":\"lo\",\"fwmark\":0,\"admin\":\"up\",\"oper\":\"up\","
	       "\"rtt_us\":10200,\"stats\":{\"tx_packets\":100,\"tx_bytes\":150000,"
	       "\"tx_green_packets\":80,\"tx_green_bytes\":120000,"
	       "\"tx_yellow_packets\":20,\"tx_yellow_bytes\":30000,"
	       "\"rx_packets\":90,\"rx_bytes\":130000,\"tx_ctrl\":10,\"rx_ctrl\":11}},"
	       "{\"id\":1,\"role\":\"secondary\",\"name\":\"lte\\n\","
	       "\"local6\":\"2001:db8::2\",\"remote6\":\"2001:db8::1\","
	       "\"fwmark\":42,\"admin\":\"disabled\",\"oper\":\"down\",\"rtt_us\":0}]}\n",
	       "show -j: every attribute, unknown ones skipped");

	/* notifications */
	ctx.json = false;
	nlh = msg_start(GRE_BOND_CMD_TUNNEL_NTF);
	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, GRE_BOND_A_IFNAME, "hab0");
	mnl_attr_put_u8(nlh, GRE_BOND_A_EVENT, GRE_BOND_EVENT_TUNNEL_UP);
	n = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, 1);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ROLE, GRE_BOND_ROLE_SECONDARY);
	mnl_attr_put_u8(nlh, GRE_BOND_T_OPER, GRE_BOND_OPER_UP);
	mnl_attr_nest_end(nlh, n);
	ok_str(print_with(&ctx, nlh, true),
	       "[tunnel-up] hab0: tunnel 1 secondary up\n", "monitor: tunnel up");
	ctx.json = true;
	ok_str(print_with(&ctx, nlh, true),
	       "{\"cmd\":\"tunnel_ntf\",\"event\":\"tunnel_up\",\"ifindex\":7,"
	       "\"ifname\":\"hab0\",\"tunnel\":{\"id\":1,\"role\":\"secondary\","
	       "\"oper\":\"up\"}}\n", "monitor -j: tunnel up");

	nlh = msg_start(GRE_BOND_CMD_BOND_NTF);
	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, GRE_BOND_A_IFNAME, "hab0");
	mnl_attr_put_u8(nlh, GRE_BOND_A_EVENT, GRE_BOND_EVENT_BOND_DEL);
	ctx.json = false;
	ok_str(print_with(&ctx, nlh, true), "[bond-del] hab0\n",
	       "monitor: bond deleted");
	ctx.json = true;
	ok_str(print_with(&ctx, nlh, true),
	       "{\"cmd\":\"bond_ntf\",\"event\":\"bond_del\",\"ifindex\":7,"
	       "\"ifname\":\"hab0\",\"tunnels\":[]}\n", "monitor -j: bond deleted");

	nlh = msg_start(GRE_BOND_CMD_CTRL_RECV);
	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, GRE_BOND_A_IFNAME, "hab0");
	n = mnl_attr_nest_start(nlh, GRE_BOND_A_CTRL);
	mnl_attr_put_u8(nlh, GRE_BOND_C_TUNNEL_ID, 0);
	mnl_attr_put_u16(nlh, GRE_BOND_C_PROTO, GRE_BOND_CTRL_PROTO);
	mnl_attr_put_u32(nlh, GRE_BOND_C_KEY, 0);
	mnl_attr_put(nlh, GRE_BOND_C_PAYLOAD, 3, "\x01\x02\xff");
	inet_pton(AF_INET, "198.51.100.1", &a4);
	mnl_attr_put(nlh, GRE_BOND_C_REMOTE4, 4, &a4);
	mnl_attr_put_u64(nlh, GRE_BOND_C_TIMESTAMP_NS, 12000000005ULL);
	mnl_attr_nest_end(nlh, n);
	ctx.json = false;
	ok_str(print_with(&ctx, nlh, true),
	       "[ctrl] hab0: tunnel 0 from 198.51.100.1 proto 0xb7ea key 0x0 at 12.000000005 len 3 hex 0102ff\n",
	       "monitor: control message");
	ctx.json = true;
	ok_str(print_with(&ctx, nlh, true),
	       "{\"cmd\":\"ctrl_recv\",\"ifindex\":7,\"ifname\":\"hab0\",\"ctrl\":"
	       "{\"tunnel_id\":0,\"proto\":47082,\"key\":0,\"payload\":\"0102ff\","
	       "\"remote4\":\"198.51.100.1\",\"timestamp_ns\":12000000005}}\n",
	       "monitor -j: control message");

	/* truncated attributes are skipped, not read past */
	nlh = msg_start(GRE_BOND_CMD_BOND_GET);
	mnl_attr_put_u8(nlh, GRE_BOND_A_KEY, 1);	/* u32 expected */
	mnl_attr_put_strz(nlh, GRE_BOND_A_IFNAME, "hab1");
	ctx.json = false;
	ok_str(print_with(&ctx, nlh, false), "hab1:\n",
	       "show: short attribute ignored");
}

/* --- session show: gbcpd state files as text --------------------------- */

static void test_session(void)
{
	static const char state[] =
		"{\n  \"bond\": \"hab0\",\n  \"role\": \"hg\",\n"
		"  \"rtt_diff_us\": null,\n  \"lte_use\": true,\n"
		"  \"filter_list\": {\"commit\": 3, \"items\": 2},\n"
		"  \"tunnels\": [{\"id\": 0, \"name\": \"dsl\"},"
		" {\"id\": 1, \"name\": \"lte\"}]\n}\n";
	static const char want[] =
		"session hab0:\n    role hg\n    rtt_diff_us null\n"
		"    lte_use true\n    filter_list commit 3 items 2\n"
		"    tunnels:\n    tunnel id 0 name dsl\n"
		"    tunnel id 1 name lte\n";
	static const char *const bad[] = {
		"", "[]", "{\"bond\": \"x\"", "{\"a\": }",
		"{\"a\": \"unterminated}", "{\"a\": [1, 2}",
	};
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int r;

	f = open_memstream(&buf, &len);
	r = session_print_text(f, state);
	fclose(f);
	ok(r == 0, "session: state file parsed");
	ok_str(buf, want, "session: text layout");
	free(buf);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		buf = NULL;
		f = open_memstream(&buf, &len);
		r = session_print_text(f, bad[i]);
		fclose(f);
		free(buf);
		ok(r == -EBADMSG, "session: malformed input %zu refused", i);
	}
}


/* --- pmip -------------------------------------------------------------- */

static int split(char *line, char **argv)
{
	char err[64];

	return bc_split_line(line, argv, BC_BATCH_MAX_WORDS, err, sizeof(err));
}

static void test_pmip_args(void)
{
	struct pmip_session_args s;
	struct pmip_binding_args b;
	struct pmip_mnid m;
	char line[512], err[160], *argv[BC_BATCH_MAX_WORDS];
	int argc;

	ok(!pmip_mnid_parse("mn1@example.net", &m) && m.len == 15 &&
	   !memcmp(m.id, "mn1@example.net", 15), "pmip: mnid text");
	ok(!pmip_mnid_parse("hex:01ff", &m) && m.len == 2 && m.id[1] == 0xff,
	   "pmip: mnid hex");
	ok(pmip_mnid_parse("", &m) == -EINVAL, "pmip: empty mnid refused");
	ok(pmip_mnid_parse("hex:", &m) == -EINVAL,
	   "pmip: empty hex mnid refused");
	memset(line, 'a', 255);
	line[255] = '\0';
	ok(pmip_mnid_parse(line, &m) == -EINVAL, "pmip: 255-octet mnid refused");
	line[254] = '\0';
	ok(!pmip_mnid_parse(line, &m) && m.len == 254,
	   "pmip: 254-octet mnid accepted");

	strcpy(line, "mnid mn1 role mag policy packet hnp 2001:db8:1::/64 "
		     "hnp 2001:db8:2::/48 rule proto tcp port 443 labels 9,11 "
		     "rule labels 11");
	argc = split(line, argv);
	ok(!pmip_session_args_parse(argc, argv, true, &s, err, sizeof(err)) &&
	   s.role == PMIP_MMB_ROLE_MAG && s.policy == PMIP_MMB_POLICY_PACKET &&
	   s.n_hnp == 2 && s.hnp[1].len == 48 && s.n_rules == 2 &&
	   s.rules[0].proto == 6 && s.rules[0].port == 443 &&
	   s.rules[0].n_labels == 2 && s.rules[0].labels[1] == 11 &&
	   s.rules[1].proto == -1 && s.rules[1].port == -1,
	   "pmip: session add args");

	strcpy(line, "mnid mn1 policy flow");
	argc = split(line, argv);
	ok(pmip_session_args_parse(argc, argv, true, &s, err, sizeof(err)) &&
	   !strcmp(err, "missing hnp"), "pmip: session add needs hnp");
	ok(!pmip_session_args_parse(argc, argv, false, &s, err, sizeof(err)) &&
	   s.set == PS_POLICY, "pmip: session set policy alone");

	{
		static const char *const bad[] = {
			"mnid x hnp 2001:db8::/129",
			"mnid x hnp 2001:db8::",
			"mnid x hnp 10.0.0.0/8",
			"mnid x hnp 2001:db8::/64 rule port 80",
			"mnid x hnp 2001:db8::/64 rule labels 1,2,3,4,5",
			"mnid x hnp 2001:db8::/64 rule labels 256",
			"mnid x hnp 2001:db8::/64 role ha",
			"mnid x hnp 2001:db8::/64 policy random",
			"mnid x hnp 2001:db8::/64 type 0",
			"hnp 2001:db8::/64",
			"mnid x hnp 2001:db8::/64 bogus 1",
			"mnid x hnp 2001:db8::/64 no-rules",
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(line, sizeof(line), "%s", bad[i]);
			argc = split(line, argv);
			ok(pmip_session_args_parse(argc, argv, true, &s, err,
						   sizeof(err)) == -EINVAL,
			   "pmip: session add refuses '%s' (%s)", bad[i], err);
		}
	}

	strcpy(line, "mnid mn1 bid 2 pcoa 2001:db8:a::1 peer 192.0.2.1 att 3 "
		     "label 0x9 lifetime 60 tunnel lo weight 3 "
		     "gre-key-up 0x10 gre-key-down 20 overwrite");
	argc = split(line, argv);
	ok(!pmip_binding_args_parse(PMIP_B_ADD, argc, argv, &b, err,
				    sizeof(err)) &&
	   b.bid == 2 && b.pcoa.family == AF_INET6 &&
	   b.peer.family == AF_INET && b.att == 3 && b.label == 9 &&
	   b.lifetime == 60 && !strcmp(b.tunnel, "lo") && b.weight == 3 &&
	   b.key_up == 16 && b.key_down == 20 && (b.set & PB_OVERWRITE),
	   "pmip: binding add args");

	{
		static const struct {
			enum pmip_binding_op op;
			const char *args;
		} bad[] = {
			{ PMIP_B_ADD, "mnid x bid 0 pcoa ::1 lifetime 1 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 255 pcoa ::1 lifetime 1 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 lifetime 0 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 lifetime 262141 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 1 lifetime 5 tunnel lo" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 lifetime 5 tunnel lo weight 0" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 lifetime 5 tunnel lo bid 2" },
			{ PMIP_B_ADD, "mnid x bid 1 pcoa ::1 lifetime 5 tunnel lo bulk" },
			{ PMIP_B_REFRESH, "mnid x lifetime 5" },
			{ PMIP_B_REFRESH, "mnid x bid 1 bulk lifetime 5" },
			{ PMIP_B_REFRESH, "mnid x bid 1" },
			{ PMIP_B_REFRESH, "mnid x bid 1 lifetime 5 overwrite" },
			{ PMIP_B_DEL, "mnid x" },
			{ PMIP_B_DEL, "mnid x bid 1 lifetime 5" },
			{ PMIP_B_DEL, "bid 1" },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			snprintf(line, sizeof(line), "%s", bad[i].args);
			argc = split(line, argv);
			ok(pmip_binding_args_parse(bad[i].op, argc, argv, &b,
						   err, sizeof(err)) == -EINVAL,
			   "pmip: binding refuses '%s' (%s)", bad[i].args,
			   err);
		}
	}
	strcpy(line, "mnid x bulk lifetime 30");
	argc = split(line, argv);
	ok(!pmip_binding_args_parse(PMIP_B_REFRESH, argc, argv, &b, err,
				    sizeof(err)) && (b.set & PB_BULK) &&
	   b.lifetime == 30, "pmip: bulk refresh args");
}

static const char *pmip_print_with(struct bc_ctx *ctx,
				   const struct nlmsghdr *nlh)
{
	FILE *f = capture_open();

	ctx->out = f;
	json_init(&ctx->jw, f, ctx->pretty);
	pmip_print(ctx, nlh);
	return capture_close(f);
}

static void put_pmip_binding(struct nlmsghdr *nlh, uint8_t bid, bool stats)
{
	static const uint8_t pcoa[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct nlattr *n, *st;

	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_BINDING);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_BID, bid);
	mnl_attr_put(nlh, PMIP_MMB_B_PCOA, 16, pcoa);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_ATT, 3);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_LABEL, 9);
	mnl_attr_put_u32(nlh, PMIP_MMB_B_LIFETIME, 60);
	mnl_attr_put_u32(nlh, PMIP_MMB_B_TUNNEL, 5);
	mnl_attr_put_strz(nlh, PMIP_MMB_B_TUNNEL_NAME, "tdsl");
	mnl_attr_put_u8(nlh, PMIP_MMB_B_WEIGHT, 3);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_STATE, PMIP_MMB_STATE_ACTIVE);
	mnl_attr_put_u32(nlh, PMIP_MMB_B_EXPIRES_MS, 59500);
	mnl_attr_put_u8(nlh, 200, 1);	/* unknown: skipped */
	if (stats) {
		st = mnl_attr_nest_start(nlh, PMIP_MMB_B_STATS);
		mnl_attr_put_u64(nlh, PMIP_MMB_BS_PACKETS, 10);
		mnl_attr_put_u64(nlh, PMIP_MMB_BS_BYTES, 1000);
		mnl_attr_put_u64(nlh, PMIP_MMB_BS_FLOWS, 2);
		mnl_attr_nest_end(nlh, st);
	}
	mnl_attr_nest_end(nlh, n);
}

static void test_pmip_print(void)
{
	static const uint8_t prefix[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const uint8_t labels[2] = { 9, 11 };
	struct bc_ctx ctx;
	struct nlmsghdr *nlh;
	struct nlattr *n;

	memset(&ctx, 0, sizeof(ctx));
	nlh = msg_start(PMIP_MMB_CMD_SESSION_GET);
	mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, 4);
	mnl_attr_put_strz(nlh, PMIP_MMB_A_IFNAME, "pm0");
	mnl_attr_put(nlh, PMIP_MMB_A_MNID, 3, "mn1");
	mnl_attr_put_u8(nlh, PMIP_MMB_A_MNID_TYPE, 1);
	mnl_attr_put_u8(nlh, PMIP_MMB_A_ROLE, PMIP_MMB_ROLE_LMA);
	mnl_attr_put_u8(nlh, PMIP_MMB_A_POLICY, PMIP_MMB_POLICY_FLOW);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_HNP);
	mnl_attr_put(nlh, PMIP_MMB_P_PREFIX, 16, prefix);
	mnl_attr_put_u8(nlh, PMIP_MMB_P_LEN, 64);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_RULE);
	mnl_attr_put_u8(nlh, PMIP_MMB_R_PROTO, 6);
	mnl_attr_put_u16(nlh, PMIP_MMB_R_PORT, 443);
	mnl_attr_put(nlh, PMIP_MMB_R_LABELS, 2, labels);
	mnl_attr_nest_end(nlh, n);
	put_pmip_binding(nlh, 1, true);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_STATS);
	mnl_attr_put_u64(nlh, PMIP_MMB_S_PACKETS, 10);
	mnl_attr_put_u64(nlh, PMIP_MMB_S_FALLBACKS, 1);
	mnl_attr_nest_end(nlh, n);

	ok_str(pmip_print_with(&ctx, nlh),
	       "pm0 mnid mn1 type 1 role lma policy flow\n"
	       "  hnp 2001:db8:1::/64\n"
	       "  rule proto 6 port 443 labels 9,11\n"
	       "  binding 1 tunnel tdsl pcoa 2001:db8::2 att 3 label 9 weight 3 lifetime 60 expires 59.500s state active\n",
	       "pmip: session show text");
	ctx.stats = 1;
	ok_str(pmip_print_with(&ctx, nlh),
	       "pm0 mnid mn1 type 1 role lma policy flow\n"
	       "  hnp 2001:db8:1::/64\n"
	       "  rule proto 6 port 443 labels 9,11\n"
	       "  binding 1 tunnel tdsl pcoa 2001:db8::2 att 3 label 9 weight 3 lifetime 60 expires 59.500s state active\n"
	       "    stats packets 10 bytes 1000 flows 2\n"
	       "  stats packets 10 fallbacks 1\n",
	       "pmip: session show -s text");
	ctx.json = true;
	ok_str(pmip_print_with(&ctx, nlh),
	       "{\"dev\":\"pm0\",\"mnid\":\"mn1\",\"mnid_type\":1,\"role\":\"lma\","
	       "\"policy\":\"flow\",\"hnp\":[{\"prefix\":\"2001:db8:1::\",\"len\":64}],"
	       "\"rules\":[{\"proto\":6,\"port\":443,\"labels\":[9,11]}],"
	       "\"bindings\":[{\"bid\":1,\"tunnel\":\"tdsl\",\"pcoa\":\"2001:db8::2\","
	       "\"att\":3,\"label\":9,\"weight\":3,\"lifetime\":60,"
	       "\"expires_ms\":59500,\"state\":\"active\","
	       "\"stats\":{\"packets\":10,\"bytes\":1000,\"flows\":2}}],"
	       "\"stats\":{\"packets\":10,\"fallbacks\":1}}\n",
	       "pmip: session show -s -j");

	/* an expiry event, with an MN-ID that is not printable */
	ctx.json = false;
	ctx.stats = 0;
	nlh = msg_start(PMIP_MMB_CMD_BINDING_NTF);
	mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, 4);
	mnl_attr_put_strz(nlh, PMIP_MMB_A_IFNAME, "pm0");
	mnl_attr_put(nlh, PMIP_MMB_A_MNID, 2, "\x01\n");
	mnl_attr_put_u8(nlh, PMIP_MMB_A_EVENT, PMIP_MMB_EVENT_BINDING_EXPIRED);
	put_pmip_binding(nlh, 2, false);
	ok_str(pmip_print_with(&ctx, nlh),
	       "[binding-expired] pm0 mnid hex:010a binding 2 tunnel tdsl pcoa 2001:db8::2 att 3 label 9 weight 3 lifetime 60 expires 59.500s state active\n",
	       "pmip: monitor binding-expired text");
	ctx.json = true;
	ok(strstr(pmip_print_with(&ctx, nlh),
		  "{\"event\":\"binding-expired\",\"dev\":\"pm0\",\"mnid\":\"hex:010a\","
		  "\"bindings\":[{\"bid\":2,") != NULL,
	   "pmip: monitor binding-expired json");

	/* a truncated binding nest does not crash the printer */
	ctx.json = false;
	nlh = msg_start(PMIP_MMB_CMD_BINDING_NTF);
	mnl_attr_put_u8(nlh, PMIP_MMB_A_EVENT, 99);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_BINDING);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_BID, 7);
	mnl_attr_nest_end(nlh, n);
	ok_str(pmip_print_with(&ctx, nlh),
	       "[event-99] if0 mnid ? binding 7 tunnel if0 att 0 label 0 weight 0 lifetime 0 expires 0.000s state active\n",
	       "pmip: sparse notification");
}

/* IPv6 prefixes and "addr X:..:Y" (the IPv6 client leg) */
static void test_mcp_args6(void)
{
	static const struct {
		const char *s;
		int err;
		uint8_t a0, a1, a2, a3, len;
	} pfx[] = {
		{ "2001:db8:1::/64", 0, 0x20, 0x01, 0x0d, 0xb8, 64 },
		{ "::/0", 0, 0, 0, 0, 0, 0 },
		{ "2001:db8::1/128", 0, 0x20, 0x01, 0x0d, 0xb8, 128 },
		{ "2001:db8:1::1/64", -EINVAL, 0, 0, 0, 0, 0 },	/* host bits */
		{ "2001:db8:0:1::/63", -EINVAL, 0, 0, 0, 0, 0 },	/* bit 63 */
		{ "2001:db8::/129", -ERANGE, 0, 0, 0, 0, 0 },
		{ "2001:db8::", -EINVAL, 0, 0, 0, 0, 0 },
		{ "192.0.2.0/24", -EINVAL, 0, 0, 0, 0, 0 },
		{ "2001:db8::/6x", -EINVAL, 0, 0, 0, 0, 0 },
	};
	char *set_a6[] = { "addr", "2001:db8:5::1", "addr", "192.0.2.129",
			   NULL };
	char *set_bad[] = { "addr", "2001:db8::g", NULL };
	uint8_t a[16], len;
	struct mcp_set s;
	char err[128];
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(pfx); i++) {
		memset(a, 0xee, sizeof(a));
		len = 0xee;
		r = mcp_parse_prefix6(pfx[i].s, a, &len);
		ok(r == pfx[i].err &&
		   (r || (a[0] == pfx[i].a0 && a[1] == pfx[i].a1 &&
			  a[2] == pfx[i].a2 && a[3] == pfx[i].a3 &&
			  len == pfx[i].len)),
		   "mcp prefix6 '%s' -> %d", pfx[i].s, r);
	}
	r = mcp_parse_set(4, set_a6, &s, err, sizeof(err));
	ok(!r && s.set == (MS_ADDR | MS_ADDR6) && s.addr6[0] == 0x20 &&
	   s.addr6[5] == 0x05 && s.addr6[15] == 1 && s.addr4[0] == 192,
	   "mcp set: addr of both families");
	r = mcp_parse_set(2, set_bad, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "addr"), "mcp set: bad addr (%s)", err);
}

static void test_mcp_args(void)
{
	static const struct {
		const char *s;
		int err;
		uint8_t a[4], len;
	} pfx[] = {
		{ "192.0.2.0/28", 0, { 192, 0, 2, 0 }, 28 },
		{ "0.0.0.0/0", 0, { 0, 0, 0, 0 }, 0 },
		{ "10.1.2.3/32", 0, { 10, 1, 2, 3 }, 32 },
		{ "192.0.2.1/28", -EINVAL, { 0 }, 0 },	/* host bits */
		{ "192.0.2.0/33", -ERANGE, { 0 }, 0 },
		{ "192.0.2.0", -EINVAL, { 0 }, 0 },
		{ "192.0.2.0/", -EINVAL, { 0 }, 0 },
		{ "2001:db8::/32", -EINVAL, { 0 }, 0 },
		{ "192.0.2.0/2x", -EINVAL, { 0 }, 0 },
		{ "/8", -EINVAL, { 0 }, 0 },
	};
	char *set1[] = { "mode", "explicit", "addr", "192.0.2.129", "port",
			 "4399", "half-open-max", "10", "idle-timeout", "30",
			 NULL };
	char *set_onpath[] = { "mode", "onpath" };
	char *set_both[] = { "mode", "both" };
	char *set_uponpath[] = { "mode", "upstream-onpath" };
	char *set2[] = { "mode", "tunnel", NULL };
	char *set3[] = { "port", "0", NULL };
	char *set4[] = { "addr", NULL };
	char *set5[] = { "colour", "blue", NULL };
	char *set6[] = { "mode", "upstream-transparent", "mcp-addr",
			 "192.0.2.129", "lan-dev", "lan0", "lan-port", "4398",
			 NULL };
	char *set7[] = { "lan-dev", "a-name-far-too-long", NULL };
	char *set8[] = { "mcp-addr", "192.0.2.300", NULL };
	char *set11[] = { "mcp-addr", "192.0.2.129", "mcp-addr",
			  "2001:db8::81", NULL };
	char *set12[] = { "mcp-addr", "::", NULL };
	char *set9[] = { "up-local", "on", "up-local", "off", NULL };
	char *set10[] = { "up-local", "yes", NULL };
	struct mcp_set s;
	uint8_t a[4], len;
	char err[128];
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(pfx); i++) {
		memset(a, 0xee, sizeof(a));
		len = 0xee;
		r = mcp_parse_prefix4(pfx[i].s, a, &len);
		ok(r == pfx[i].err && (r || (!memcmp(a, pfx[i].a, 4) &&
					     len == pfx[i].len)),
		   "mcp prefix '%s' -> %d", pfx[i].s, r);
	}

	r = mcp_parse_set(10, set1, &s, err, sizeof(err));
	ok(!r && s.set == (MS_MODE | MS_ADDR | MS_PORT | MS_HALF_OPEN_MAX |
			   MS_IDLE_TMO) && s.mode == MCP_PROXY_MODE_EXPLICIT &&
	   s.addr4[0] == 192 && s.addr4[3] == 129 && s.port == 4399 &&
	   s.half_open_max == 10 && s.idle_s == 30, "mcp set: all fields");
	r = mcp_parse_set(2, set2, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "mode"), "mcp set: bad mode (%s)", err);
	r = mcp_parse_set(2, set_onpath, &s, err, sizeof(err));
	ok(!r && s.set == MS_MODE && s.mode == MCP_PROXY_MODE_ONPATH,
	   "mcp set: mode onpath");
	r = mcp_parse_set(2, set_both, &s, err, sizeof(err));
	ok(!r && s.mode == (MCP_PROXY_MODE_EXPLICIT | MCP_PROXY_MODE_ONPATH),
	   "mcp set: mode both");
	r = mcp_parse_set(2, set_uponpath, &s, err, sizeof(err));
	ok(!r && s.mode == (MCP_PROXY_MODE_UPSTREAM |
			    MCP_PROXY_MODE_UPSTREAM_ONPATH),
	   "mcp set: mode upstream-onpath");
	r = mcp_parse_set(2, set3, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "out of range"), "mcp set: port 0 (%s)",
	   err);
	r = mcp_parse_set(1, set4, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "needs a value"),
	   "mcp set: missing value (%s)", err);
	r = mcp_parse_set(2, set5, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "unknown"), "mcp set: unknown (%s)",
	   err);
	r = mcp_parse_set(0, set5 + 2, &s, err, sizeof(err));
	ok(r == -EINVAL, "mcp set: nothing to set");
	r = mcp_parse_set(8, set6, &s, err, sizeof(err));
	ok(!r && s.set == (MS_MODE | MS_UP_ADDR | MS_UP_DEV | MS_UP_PORT) &&
	   s.mode == (MCP_PROXY_MODE_UPSTREAM | MCP_PROXY_MODE_TRANSPARENT) &&
	   s.up_addr4[0] == 192 && s.up_addr4[3] == 129 &&
	   !strcmp(s.up_dev, "lan0") && s.up_port == 4398,
	   "mcp set: upstream fields");
	r = mcp_parse_set(2, set7, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "lan-dev"), "mcp set: long lan-dev (%s)",
	   err);
	r = mcp_parse_set(2, set8, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "mcp-addr"), "mcp set: bad mcp-addr (%s)",
	   err);
	r = mcp_parse_set(2, set9, &s, err, sizeof(err));
	ok(!r && s.set == MS_UP_LOCAL && s.up_local == 1, "mcp set: up-local on");
	r = mcp_parse_set(4, set9, &s, err, sizeof(err));
	ok(!r && s.set == MS_UP_LOCAL && s.up_local == 0,
	   "mcp set: up-local on then off, the last wins");
	r = mcp_parse_set(2, set10, &s, err, sizeof(err));
	ok(r == -EINVAL && strstr(err, "up-local"), "mcp set: up-local yes (%s)",
	   err);
	r = mcp_parse_set(4, set11, &s, err, sizeof(err));
	ok(!r && s.set == (MS_UP_ADDR | MS_UP_ADDR6) &&
	   s.up_addr4[0] == 192 && s.up_addr4[3] == 129 &&
	   s.up_addr6[0] == 0x20 && s.up_addr6[1] == 0x01 &&
	   s.up_addr6[15] == 0x81,
	   "mcp set: mcp-addr twice sets both families");
	r = mcp_parse_set(2, set12, &s, err, sizeof(err));
	ok(!r && s.set == MS_UP_ADDR6 && !s.up_addr6[0] && !s.up_addr6[15],
	   "mcp set: mcp-addr :: clears the IPv6 one only");
	test_mcp_args6();
}

/* --- mcp conversions: both roles ------------------------------------- */

static void put_conv_ep(struct nlmsghdr *nlh, int ta, const char *a,
			int tp, uint16_t port)
{
	uint32_t a4;

	inet_pton(AF_INET, a, &a4);
	mnl_attr_put(nlh, ta, 4, &a4);
	mnl_attr_put_u16(nlh, tp, port);
}

/* a downstream conversion (no role: as an older kernel sends it) or an upstream one */
static void put_conv(struct nlmsghdr *nlh, int role)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, MCP_PROXY_A_CONV);

	if (role >= 0)
		mnl_attr_put_u8(nlh, MCP_PROXY_V_ROLE, role);
	mnl_attr_put_u8(nlh, MCP_PROXY_V_STATE, MCP_PROXY_CONV_RELAYING);
	put_conv_ep(nlh, MCP_PROXY_V_CLIENT_ADDR4, "192.0.2.2",
		    MCP_PROXY_V_CLIENT_PORT, 40000);
	put_conv_ep(nlh, MCP_PROXY_V_SERVER_ADDR4, "203.0.113.9",
		    MCP_PROXY_V_SERVER_PORT, 80);
	put_conv_ep(nlh, MCP_PROXY_V_LOCAL_ADDR4, "198.51.100.2",
		    MCP_PROXY_V_LOCAL_PORT, 50000);
	put_conv_ep(nlh, MCP_PROXY_V_MCP_ADDR4, "198.51.100.1",
		    MCP_PROXY_V_MCP_PORT, 80);
	mnl_attr_put_u64(nlh, MCP_PROXY_V_BYTES_TO_SERVER, 10);
	mnl_attr_put_u64(nlh, MCP_PROXY_V_BYTES_TO_CLIENT, 20);
	mnl_attr_put_u64(nlh, MCP_PROXY_V_AGE_MS, 1500);
	mnl_attr_put_u32(nlh, MCP_PROXY_V_SUBFLOWS, 2);
	/* an upstream entry: the CPE is the client, its own token alone */
	if (role != MCP_PROXY_ROLE_UPSTREAM)
		mnl_attr_put_u32(nlh, MCP_PROXY_V_TOKEN, 0xabcd);
	mnl_attr_put_u32(nlh, MCP_PROXY_V_CLIENT_TOKEN, 0x1234);
	mnl_attr_nest_end(nlh, n);
}

static const char *mcp_print_with(struct bc_ctx *ctx,
				  const struct nlmsghdr *nlh)
{
	FILE *f = capture_open();

	ctx->out = f;
	json_init(&ctx->jw, f, ctx->pretty);
	ok(mcp_conv_print(ctx, nlh) == 0, "mcp conversion parsed");
	return capture_close(f);
}

static void test_mcp_conv_print(void)
{
	struct bc_ctx ctx;
	struct nlmsghdr *nlh;

	memset(&ctx, 0, sizeof(ctx));
	nlh = msg_start(MCP_PROXY_CMD_CONV_GET);
	put_conv(nlh, -1);
	ok_str(mcp_print_with(&ctx, nlh),
	       "relaying 192.0.2.2:40000 -> 198.51.100.1:80 | 198.51.100.2:50000 -> 203.0.113.9:80 to-server 10 to-client 20 age 1500ms subflows 2 token 0000abcd client-token 00001234\n",
	       "mcp conversions: downstream, no role attribute");
	nlh = msg_start(MCP_PROXY_CMD_CONV_GET);
	put_conv(nlh, MCP_PROXY_ROLE_UPSTREAM);
	ok_str(mcp_print_with(&ctx, nlh),
	       "upstream relaying 192.0.2.2:40000 -> 203.0.113.9:80 | 198.51.100.2:50000 -> 198.51.100.1:80 to-server 10 to-client 20 age 1500ms subflows 2 client-token 00001234\n",
	       "mcp conversions: upstream, LAN leg then MPTCP leg");
	ctx.json = true;
	ok_str(mcp_print_with(&ctx, nlh),
	       "{\"role\":\"upstream\",\"onpath\":false,\"state\":\"relaying\",\"client\":\"192.0.2.2:40000\",\"mcp\":\"198.51.100.1:80\",\"local\":\"198.51.100.2:50000\",\"server\":\"203.0.113.9:80\",\"bytes_to_server\":10,\"bytes_to_client\":20,\"age_ms\":1500,\"subflows\":2,\"client_token\":4660}\n",
	       "mcp conversions: upstream, JSON");
	nlh = msg_start(MCP_PROXY_CMD_CONV_GET);
	put_conv(nlh, MCP_PROXY_ROLE_DOWNSTREAM);
	ok_str(mcp_print_with(&ctx, nlh),
	       "{\"role\":\"downstream\",\"onpath\":false,\"state\":\"relaying\",\"client\":\"192.0.2.2:40000\",\"mcp\":\"198.51.100.1:80\",\"local\":\"198.51.100.2:50000\",\"server\":\"203.0.113.9:80\",\"bytes_to_server\":10,\"bytes_to_client\":20,\"age_ms\":1500,\"subflows\":2,\"token\":43981,\"client_token\":4660}\n",
	       "mcp conversions: downstream, JSON");
}

int main(void)
{
	test_numbers();
	test_addr();
	test_format();
	test_json();
	test_bond_args();
	test_tunnel_args();
	test_ctrl_args();
	test_stat_names();
	test_batch();
	test_print();
	test_session();
	test_pmip_args();
	test_pmip_print();
	test_mcp_args();
	test_mcp_conv_print();
	free(capture_buf);
	return tap_done();
}
