// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: the gre_bond family: objects "bond", "tunnel" and "ctrl", their
 * argument parsing, and the printing of replies and notifications.
 *
 * Printing follows the UAPI, include/uapi/linux/gre_bond.h: JSON keys are
 * the attribute names without their prefix, in lower case; enum values are
 * printed by name (a value this file does not know as a number).
 * Attributes of types newer than the header are skipped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/gre_bond.h>

#include "bond.h"

#define OBJ_BOND	"bond"
#define OBJ_TUNNEL	"tunnel"
#define OBJ_CTRL	"ctrl"

/* --- names ------------------------------------------------------------- */

#define NAMES(a)	(a), ARRAY_SIZE(a)

static const char *const hold_mode_names[] = {
	[GRE_BOND_HOLD_FIXED] = "fixed",
	[GRE_BOND_HOLD_AUTO] = "auto",
};

static const char *const role_names[] = {
	[GRE_BOND_ROLE_PRIMARY] = "primary",
	[GRE_BOND_ROLE_SECONDARY] = "secondary",
};

static const char *const admin_names[] = {
	[GRE_BOND_ADMIN_UP] = "up",
	[GRE_BOND_ADMIN_DISABLED] = "disabled",
};

static const char *const oper_names[] = {
	[GRE_BOND_OPER_DOWN] = "down",
	[GRE_BOND_OPER_UP] = "up",
};

static const char *const event_names[] = {
	[GRE_BOND_EVENT_BOND_NEW] = "bond_new",
	[GRE_BOND_EVENT_BOND_CHANGED] = "bond_changed",
	[GRE_BOND_EVENT_BOND_DEL] = "bond_del",
	[GRE_BOND_EVENT_TUNNEL_NEW] = "tunnel_new",
	[GRE_BOND_EVENT_TUNNEL_CHANGED] = "tunnel_changed",
	[GRE_BOND_EVENT_TUNNEL_DEL] = "tunnel_del",
	[GRE_BOND_EVENT_TUNNEL_UP] = "tunnel_up",
	[GRE_BOND_EVENT_TUNNEL_DOWN] = "tunnel_down",
};

static const char *const cmd_names[] = {
	[GRE_BOND_CMD_BOND_GET] = "bond_get",
	[GRE_BOND_CMD_BOND_SET] = "bond_set",
	[GRE_BOND_CMD_TUNNEL_ADD] = "tunnel_add",
	[GRE_BOND_CMD_TUNNEL_SET] = "tunnel_set",
	[GRE_BOND_CMD_TUNNEL_DEL] = "tunnel_del",
	[GRE_BOND_CMD_CTRL_SEND] = "ctrl_send",
	[GRE_BOND_CMD_CTRL_RECV] = "ctrl_recv",
	[GRE_BOND_CMD_STATS_RESET] = "stats_reset",
	[GRE_BOND_CMD_BOND_NTF] = "bond_ntf",
	[GRE_BOND_CMD_TUNNEL_NTF] = "tunnel_ntf",
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

/* JSON: the name if known, else the number */
static void json_enum(struct json *j, const char *key, const char *const *names,
		      size_t n, unsigned int v)
{
	const char *s = name_of(names, n, v);

	if (s)
		json_str(j, key, s);
	else
		json_u64(j, key, v);
}

/* --- argument parsing -------------------------------------------------- */

static int argerr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int argerr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const struct {
	const char *kw;
	unsigned int bit;
} bond_kws[] = {
	{ "key", BP_KEY },
	{ "cir", BP_CIR },
	{ "cbs", BP_CBS },
	{ "ebs", BP_EBS },
	{ "hold", BP_HOLD },
	{ "hold-max", BP_HOLD_MAX },
	{ "reorder-max", BP_REORDER_MAX },
	{ "ctrl-alt-proto", BP_CTRL_ALT },
	{ "ctrl-proto-alt", BP_CTRL_ALT },	/* the UAPI's word order */
	{ "mtu", BP_MTU },
	{ "up", BP_UP },
};

int bond_params_parse(int argc, char **argv, struct bond_params *p,
		      char *err, size_t errlen)
{
	const char *k, *v;
	unsigned int bit;
	bool is_auto;
	size_t n;
	int i, r;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < argc; i++) {
		k = argv[i];
		bit = 0;
		for (n = 0; n < ARRAY_SIZE(bond_kws); n++)
			if (!strcmp(bond_kws[n].kw, k))
				bit = bond_kws[n].bit;
		if (!bit)
			return argerr(err, errlen, "unknown argument '%s'", k);
		if (p->set & bit)
			return argerr(err, errlen, "'%s' given twice", k);
		p->set |= bit;
		if (bit == BP_UP)
			continue;
		if (i + 1 >= argc)
			return argerr(err, errlen, "'%s' needs a value", k);
		v = argv[++i];
		switch (bit) {
		case BP_KEY:
			r = parse_u32(v, PARSE_HEX, &p->key);
			break;
		case BP_CIR:
			r = parse_u32(v, 0, &p->cir_kbps);
			break;
		case BP_CBS:
			r = parse_u32(v, 0, &p->cbs);
			break;
		case BP_EBS:
			r = parse_u32(v, 0, &p->ebs);
			break;
		case BP_HOLD:
			r = parse_hold(v, &is_auto, &p->hold_us);
			p->hold_mode = is_auto ? GRE_BOND_HOLD_AUTO :
						 GRE_BOND_HOLD_FIXED;
			break;
		case BP_HOLD_MAX:
			r = parse_u32(v, 0, &p->hold_max_us);
			break;
		case BP_REORDER_MAX:
			r = parse_u32(v, 0, &p->reorder_max);
			break;
		case BP_CTRL_ALT:
			r = parse_u16(v, PARSE_HEX, &p->ctrl_proto_alt);
			break;
		case BP_MTU:
			r = parse_u32(v, 0, &p->mtu);
			if (!r && !p->mtu)
				r = -ERANGE;
			break;
		default:
			r = -EINVAL;
		}
		if (r)
			return argerr(err, errlen, "invalid %s '%s': %s", k, v,
				      parse_err_str(r));
	}
	return 0;
}

static const struct {
	const char *kw;
	unsigned int bit;
	unsigned int ops;	/* enum tunnel_op bits where allowed */
	bool flag;		/* takes no value */
} tunnel_kws[] = {
	{ "id", TA_ID, TUNNEL_OP_ADD | TUNNEL_OP_SET | TUNNEL_OP_DEL, false },
	{ "role", TA_ROLE, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "name", TA_NAME, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "local", TA_LOCAL, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "remote", TA_REMOTE, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "dev", TA_DEV, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "fwmark", TA_FWMARK, TUNNEL_OP_ADD | TUNNEL_OP_SET, false },
	{ "disabled", TA_ADMIN, TUNNEL_OP_ADD, true },
	{ "admin", TA_ADMIN, TUNNEL_OP_SET, false },
	{ "oper", TA_OPER, TUNNEL_OP_SET, false },
	{ "rtt", TA_RTT, TUNNEL_OP_SET, false },
};

static const char *tunnel_op_name(enum tunnel_op op)
{
	return op == TUNNEL_OP_ADD ? "add" : op == TUNNEL_OP_SET ? "set" : "del";
}

int tunnel_args_parse(enum tunnel_op op, int argc, char **argv,
		      struct tunnel_args *t, char *err, size_t errlen)
{
	const char *default_name = NULL;
	const char *k, *v;
	size_t n, found;
	int i, r;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < argc; i++) {
		k = argv[i];
		found = ARRAY_SIZE(tunnel_kws);
		for (n = 0; n < ARRAY_SIZE(tunnel_kws); n++)
			if (!strcmp(tunnel_kws[n].kw, k))
				found = n;
		if (found == n)
			return argerr(err, errlen, "unknown argument '%s'", k);
		if (!(tunnel_kws[found].ops & op))
			return argerr(err, errlen,
				      "'%s' is not valid for tunnel %s", k,
				      tunnel_op_name(op));
		if (t->set & tunnel_kws[found].bit)
			return argerr(err, errlen, "'%s' given twice", k);
		t->set |= tunnel_kws[found].bit;
		if (tunnel_kws[found].flag) {
			/* only "disabled" */
			t->admin = GRE_BOND_ADMIN_DISABLED;
			continue;
		}
		if (i + 1 >= argc)
			return argerr(err, errlen, "'%s' needs a value", k);
		v = argv[++i];
		r = 0;
		switch (tunnel_kws[found].bit) {
		case TA_ID:
			r = parse_u8(v, 0, &t->id);
			if (!r && t->id >= GRE_BOND_MAX_TUNNELS)
				r = -ERANGE;
			break;
		case TA_ROLE:
			if (!strcmp(v, "primary")) {
				t->role = GRE_BOND_ROLE_PRIMARY;
			} else if (!strcmp(v, "dsl")) {
				t->role = GRE_BOND_ROLE_PRIMARY;
				default_name = "dsl";
			} else if (!strcmp(v, "secondary")) {
				t->role = GRE_BOND_ROLE_SECONDARY;
			} else if (!strcmp(v, "lte")) {
				t->role = GRE_BOND_ROLE_SECONDARY;
				default_name = "lte";
			} else {
				return argerr(err, errlen,
					      "invalid role '%s': use primary, secondary, dsl or lte",
					      v);
			}
			break;
		case TA_NAME:
			if (!*v)
				r = -EINVAL;
			else if (strlen(v) > TUNNEL_NAME_MAX)
				return argerr(err, errlen,
					      "invalid name '%s': longer than %d characters",
					      v, TUNNEL_NAME_MAX);
			else
				strcpy(t->name, v);
			break;
		case TA_LOCAL:
			r = parse_addr(v, &t->local);
			break;
		case TA_REMOTE:
			r = parse_addr(v, &t->remote);
			break;
		case TA_DEV:
			if (!strcmp(v, "none"))
				t->dev[0] = '\0';
			else if (parse_ifname(v))
				r = -EINVAL;
			else
				strcpy(t->dev, v);
			break;
		case TA_FWMARK:
			r = parse_u32(v, PARSE_HEX, &t->fwmark);
			break;
		case TA_ADMIN:
			if (!strcmp(v, "up"))
				t->admin = GRE_BOND_ADMIN_UP;
			else if (!strcmp(v, "disabled"))
				t->admin = GRE_BOND_ADMIN_DISABLED;
			else
				return argerr(err, errlen,
					      "invalid admin '%s': use up or disabled",
					      v);
			break;
		case TA_OPER:
			if (!strcmp(v, "up"))
				t->oper = GRE_BOND_OPER_UP;
			else if (!strcmp(v, "down"))
				t->oper = GRE_BOND_OPER_DOWN;
			else
				return argerr(err, errlen,
					      "invalid oper '%s': use up or down",
					      v);
			break;
		case TA_RTT:
			r = parse_u32(v, 0, &t->rtt_us);
			break;
		}
		if (r)
			return argerr(err, errlen, "invalid %s '%s': %s", k, v,
				      parse_err_str(r));
	}

	if (!(t->set & TA_ID))
		return argerr(err, errlen, "missing 'id N'");
	if (op == TUNNEL_OP_ADD) {
		if (!(t->set & TA_ROLE))
			return argerr(err, errlen,
				      "missing 'role {primary|secondary|dsl|lte}'");
		if (!(t->set & TA_LOCAL))
			return argerr(err, errlen, "missing 'local ADDR'");
		if (!(t->set & TA_REMOTE))
			return argerr(err, errlen, "missing 'remote ADDR'");
		if (!(t->set & TA_NAME) && default_name) {
			strcpy(t->name, default_name);
			t->set |= TA_NAME;
		}
	}
	if (op == TUNNEL_OP_SET && t->set == TA_ID)
		return argerr(err, errlen, "nothing to set");
	if ((t->set & TA_LOCAL) && (t->set & TA_REMOTE) &&
	    t->local.family != t->remote.family)
		return argerr(err, errlen,
			      "local and remote must be of the same address family (both IPv4 or both IPv6)");
	return 0;
}

int ctrl_args_parse(int argc, char **argv, struct ctrl_args *c, char *err,
		    size_t errlen)
{
	const char *k, *v;
	unsigned int bit;
	int i, r;

	memset(c, 0, sizeof(*c));
	c->proto = GRE_BOND_CTRL_PROTO;
	for (i = 0; i < argc; i++) {
		k = argv[i];
		if (!strcmp(k, "tunnel"))
			bit = CA_TUNNEL;
		else if (!strcmp(k, "proto"))
			bit = CA_PROTO;
		else if (!strcmp(k, "key"))
			bit = CA_KEY;
		else if (!strcmp(k, "hex"))
			bit = CA_HEX;
		else if (!strcmp(k, "remote"))
			bit = CA_REMOTE;
		else
			return argerr(err, errlen, "unknown argument '%s'", k);
		if (c->set & bit)
			return argerr(err, errlen, "'%s' given twice", k);
		c->set |= bit;
		if (i + 1 >= argc)
			return argerr(err, errlen, "'%s' needs a value", k);
		v = argv[++i];
		switch (bit) {
		case CA_TUNNEL:
			r = parse_u8(v, 0, &c->tunnel);
			if (!r && c->tunnel >= GRE_BOND_MAX_TUNNELS)
				r = -ERANGE;
			break;
		case CA_PROTO:
			r = parse_u16(v, PARSE_HEX, &c->proto);
			break;
		case CA_KEY:
			r = parse_u32(v, PARSE_HEX, &c->key);
			break;
		case CA_HEX:
			r = parse_hex_bytes(v, c->payload, sizeof(c->payload),
					    &c->len);
			if (r == -ERANGE)
				return argerr(err, errlen,
					      "invalid hex: more than %d bytes",
					      CTRL_PAYLOAD_MAX);
			break;
		default:
			r = parse_addr(v, &c->remote);
			break;
		}
		if (r)
			return argerr(err, errlen, "invalid %s '%s': %s", k, v,
				      parse_err_str(r));
	}
	if (!(c->set & CA_TUNNEL))
		return argerr(err, errlen, "missing 'tunnel N'");
	if (!(c->set & CA_HEX))
		return argerr(err, errlen, "missing 'hex HEXBYTES'");
	return 0;
}

/* --- printing helpers -------------------------------------------------- */

struct ctr {
	uint16_t type;
	const char *json;	/* the UAPI name, lower case */
	const char *label;	/* for humans */
	unsigned char cls;
};

enum {
	CLS_RX,		/* always, on the "rx:" line */
	CLS_RX_NZ,	/* "rx:" line, when non-zero */
	CLS_BUF,	/* the "buffer:" line, printed by hand */
	CLS_BUF_NZ,	/* "buffer:" line, when non-zero */
	CLS_DROP,	/* "drops:" line, when non-zero */
	CLS_VERBOSE,	/* with -s -s */
	CLS_HIST,	/* the residence histogram */
};

static const struct ctr bond_ctrs[] = {
	{ GRE_BOND_S_RX_IN_ORDER, "rx_in_order", "in-order", CLS_RX },
	{ GRE_BOND_S_RX_REORDERED, "rx_reordered", "reordered", CLS_RX },
	{ GRE_BOND_S_RX_NO_SEQ, "rx_no_seq", "no-seq", CLS_RX_NZ },
	{ GRE_BOND_S_RX_LATE, "rx_late", "late", CLS_RX },
	{ GRE_BOND_S_RX_DUPLICATE, "rx_duplicate", "duplicate", CLS_RX },
	{ GRE_BOND_S_FLUSH_TIMEOUT, "flush_timeout", "flush-timeout", CLS_BUF_NZ },
	{ GRE_BOND_S_FLUSH_OVERFLOW, "flush_overflow", "flush-overflow", CLS_BUF_NZ },
	{ GRE_BOND_S_GAPS_SKIPPED, "gaps_skipped", "gaps-skipped", CLS_BUF_NZ },
	{ GRE_BOND_S_DEPTH_CUR, "depth_cur", "depth", CLS_BUF },
	{ GRE_BOND_S_DEPTH_MAX, "depth_max", "max", CLS_BUF },
	{ GRE_BOND_S_RESIDENCE_MAX_NS, "residence_max_ns", "residence max", CLS_BUF },
	{ GRE_BOND_S_RESIDENCE_SUM_NS, "residence_sum_ns", "mean", CLS_BUF },
	{ GRE_BOND_S_RESIDENCE_HIST, "residence_hist", "residence", CLS_HIST },
	{ GRE_BOND_S_RESYNC, "resync", "resync", CLS_BUF_NZ },
	{ GRE_BOND_S_DROP_SHORT, "drop_short", "short", CLS_DROP },
	{ GRE_BOND_S_DROP_BAD_VERSION, "drop_bad_version", "bad-version", CLS_DROP },
	{ GRE_BOND_S_DROP_BAD_FLAGS, "drop_bad_flags", "bad-flags", CLS_DROP },
	{ GRE_BOND_S_DROP_BAD_CSUM, "drop_bad_csum", "bad-csum", CLS_DROP },
	{ GRE_BOND_S_DROP_BAD_PROTO, "drop_bad_proto", "bad-proto", CLS_DROP },
	{ GRE_BOND_S_DROP_UNKNOWN_KEY, "drop_unknown_key", "unknown-key", CLS_DROP },
	{ GRE_BOND_S_DROP_UNKNOWN_SOURCE, "drop_unknown_source", "unknown-source", CLS_DROP },
	{ GRE_BOND_S_DROP_TUNNEL_DOWN, "drop_tunnel_down", "tunnel-down", CLS_DROP },
	{ GRE_BOND_S_DROP_CTRL_NO_LISTENER, "drop_ctrl_no_listener", "ctrl-no-listener", CLS_DROP },
	{ GRE_BOND_S_TX_NO_TUNNEL, "tx_no_tunnel", "tx-no-tunnel", CLS_DROP },
	{ GRE_BOND_S_TX_TOO_BIG, "tx_too_big", "tx-too-big", CLS_DROP },
	{ GRE_BOND_S_TX_ROUTE_ERROR, "tx_route_error", "tx-route-error", CLS_DROP },
	{ GRE_BOND_S_TX_SEQ_NEXT, "tx_seq_next", "seq-next", CLS_VERBOSE },
	{ GRE_BOND_S_TX_BAD_PACKET, "tx_bad_packet", "tx-bad-packet", CLS_DROP },
	{ GRE_BOND_S_NO_MEMORY, "no_memory", "no-memory", CLS_DROP },
	{ GRE_BOND_S_RX_DEV_DOWN, "rx_dev_down", "rx-dev-down", CLS_DROP },
	{ GRE_BOND_S_DROP_ECN, "drop_ecn", "ecn", CLS_DROP },
	{ GRE_BOND_S_RX_QUEUE_FULL, "rx_queue_full", "rx-queue-full", CLS_DROP },
	{ GRE_BOND_S_RX_PURGED, "rx_purged", "rx-purged", CLS_DROP },
	{ GRE_BOND_S_DROP_XFRM_POLICY, "drop_xfrm_policy", "xfrm-policy", CLS_DROP },
};

static const struct ctr tunnel_ctrs[] = {
	/* cls unused: the tunnel text layout is fixed */
	{ GRE_BOND_TS_TX_PACKETS, "tx_packets", NULL, 0 },
	{ GRE_BOND_TS_TX_BYTES, "tx_bytes", NULL, 0 },
	{ GRE_BOND_TS_TX_GREEN_PACKETS, "tx_green_packets", NULL, 0 },
	{ GRE_BOND_TS_TX_GREEN_BYTES, "tx_green_bytes", NULL, 0 },
	{ GRE_BOND_TS_TX_YELLOW_PACKETS, "tx_yellow_packets", NULL, 0 },
	{ GRE_BOND_TS_TX_YELLOW_BYTES, "tx_yellow_bytes", NULL, 0 },
	{ GRE_BOND_TS_TX_RED_PACKETS, "tx_red_packets", NULL, 0 },
	{ GRE_BOND_TS_TX_RED_BYTES, "tx_red_bytes", NULL, 0 },
	{ GRE_BOND_TS_RX_PACKETS, "rx_packets", NULL, 0 },
	{ GRE_BOND_TS_RX_BYTES, "rx_bytes", NULL, 0 },
	{ GRE_BOND_TS_TX_CTRL, "tx_ctrl", NULL, 0 },
	{ GRE_BOND_TS_RX_CTRL, "rx_ctrl", NULL, 0 },
	{ GRE_BOND_TS_TX_ERRORS, "tx_errors", NULL, 0 },
};

#define N_CTRS(a)	(ARRAY_SIZE(a))

static const char *ctr_name(const struct ctr *ctrs, size_t n, unsigned int type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ctrs[i].type == type)
			return ctrs[i].json;
	return NULL;
}

const char *gb_bond_stat_name(unsigned int type)
{
	return ctr_name(bond_ctrs, N_CTRS(bond_ctrs), type);
}

const char *gb_tunnel_stat_name(unsigned int type)
{
	return ctr_name(tunnel_ctrs, N_CTRS(tunnel_ctrs), type);
}

/* print an interface/tunnel label with anything unprintable as '?' */
static void put_label(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s >= 0x20 && *s != 0x7f ? *s : '?', f);
}

static const char *bond_name(const struct nlattr **tb, char *buf, size_t size)
{
	uint32_t idx;

	if (nla_str(tb[GRE_BOND_A_IFNAME], buf, size) && buf[0])
		return buf;
	if (nla_u32(tb[GRE_BOND_A_IFINDEX], &idx))
		return bc_ifname(idx, buf, size);
	snprintf(buf, size, "?");
	return buf;
}

static void json_addr(struct json *j, const char *key, const struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (a)
		json_str(j, key, attr_addr(a, buf, sizeof(buf)));
}

static void json_attr_u32(struct json *j, const char *key,
			  const struct nlattr *a)
{
	uint32_t v;

	if (nla_u32(a, &v))
		json_u64(j, key, v);
}

/* --- bonds ------------------------------------------------------------- */

static void json_ctrs(struct json *j, const struct nlattr *nest,
		      const struct ctr *ctrs, size_t n, unsigned int max)
{
	const struct nlattr *tb[GRE_BOND_S_MAX + GRE_BOND_TS_MAX + 2] = { 0 };
	uint64_t v;
	size_t i, k, cnt;

	if (nla_parse_nest(nest, tb, max) < 0)
		return;
	json_obj_open(j, "stats");
	for (i = 0; i < n; i++) {
		const struct nlattr *a = tb[ctrs[i].type];

		if (!a)
			continue;
		if (ctrs[i].cls == CLS_HIST) {
			cnt = mnl_attr_get_payload_len(a) / sizeof(uint64_t);
			json_arr_open(j, ctrs[i].json);
			for (k = 0; k < cnt; k++) {
				memcpy(&v, (const char *)mnl_attr_get_payload(a) +
					   k * sizeof(v), sizeof(v));
				json_u64(j, NULL, v);
			}
			json_arr_close(j);
			continue;
		}
		if (nla_u64(a, &v))
			json_u64(j, ctrs[i].json, v);
	}
	json_obj_close(j);
}

static void json_tunnel(struct bc_ctx *ctx, const struct nlattr *nest,
			const char *key)
{
	const struct nlattr *tb[GRE_BOND_T_MAX + 1] = { 0 };
	struct json *j = &ctx->jw;
	char buf[IF_NAMESIZE + 16];
	uint32_t v32;
	uint8_t v8;

	json_obj_open(j, key);
	if (nla_parse_nest(nest, tb, GRE_BOND_T_MAX) < 0) {
		json_obj_close(j);
		return;
	}
	if (nla_u8(tb[GRE_BOND_T_ID], &v8))
		json_u64(j, "id", v8);
	if (nla_u8(tb[GRE_BOND_T_ROLE], &v8))
		json_enum(j, "role", NAMES(role_names), v8);
	if (nla_str(tb[GRE_BOND_T_NAME], buf, sizeof(buf)))
		json_str(j, "name", buf);
	json_addr(j, "local4", tb[GRE_BOND_T_LOCAL4]);
	json_addr(j, "remote4", tb[GRE_BOND_T_REMOTE4]);
	json_addr(j, "local6", tb[GRE_BOND_T_LOCAL6]);
	json_addr(j, "remote6", tb[GRE_BOND_T_REMOTE6]);
	if (nla_u32(tb[GRE_BOND_T_LINK], &v32)) {
		json_u64(j, "link", v32);
		if (v32)
			json_str(j, "dev", bc_ifname(v32, buf, sizeof(buf)));
	}
	json_attr_u32(j, "fwmark", tb[GRE_BOND_T_FWMARK]);
	if (nla_u8(tb[GRE_BOND_T_ADMIN], &v8))
		json_enum(j, "admin", NAMES(admin_names), v8);
	if (nla_u8(tb[GRE_BOND_T_OPER], &v8))
		json_enum(j, "oper", NAMES(oper_names), v8);
	json_attr_u32(j, "rtt_us", tb[GRE_BOND_T_RTT_US]);
	if (tb[GRE_BOND_T_STATS])
		json_ctrs(j, tb[GRE_BOND_T_STATS], NAMES(tunnel_ctrs),
			  GRE_BOND_TS_MAX);
	json_obj_close(j);
}

/* the members of a bond object (not the braces) */
static void json_bond_members(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
			      const struct nlattr **tb)
{
	struct json *j = &ctx->jw;
	const struct nlattr *a;
	char buf[IF_NAMESIZE + 16];
	uint16_t v16;
	uint8_t v8;

	json_attr_u32(j, "ifindex", tb[GRE_BOND_A_IFINDEX]);
	if (nla_str(tb[GRE_BOND_A_IFNAME], buf, sizeof(buf)))
		json_str(j, "ifname", buf);
	json_attr_u32(j, "key", tb[GRE_BOND_A_KEY]);
	json_attr_u32(j, "cir_kbps", tb[GRE_BOND_A_CIR_KBPS]);
	json_attr_u32(j, "cbs", tb[GRE_BOND_A_CBS]);
	json_attr_u32(j, "ebs", tb[GRE_BOND_A_EBS]);
	if (nla_u8(tb[GRE_BOND_A_HOLD_MODE], &v8))
		json_enum(j, "hold_mode", NAMES(hold_mode_names), v8);
	json_attr_u32(j, "hold_us", tb[GRE_BOND_A_HOLD_US]);
	json_attr_u32(j, "hold_max_us", tb[GRE_BOND_A_HOLD_MAX_US]);
	json_attr_u32(j, "hold_cur_us", tb[GRE_BOND_A_HOLD_CUR_US]);
	json_attr_u32(j, "reorder_max", tb[GRE_BOND_A_REORDER_MAX]);
	if (nla_u16(tb[GRE_BOND_A_CTRL_PROTO_ALT], &v16))
		json_u64(j, "ctrl_proto_alt", v16);
	json_attr_u32(j, "mtu", tb[GRE_BOND_A_MTU]);
	if (tb[GRE_BOND_A_STATS])
		json_ctrs(j, tb[GRE_BOND_A_STATS], NAMES(bond_ctrs),
			  GRE_BOND_S_MAX);
	json_arr_open(j, "tunnels");
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == GRE_BOND_A_TUNNEL)
			json_tunnel(ctx, a, NULL);
	json_arr_close(j);
}

static void text_hold(FILE *f, const struct nlattr **tb)
{
	uint32_t us = 0, cur = 0, max = 0;
	bool has_us, has_cur, has_max, has_mode;
	char b1[32], b2[32];
	uint8_t mode = 0;

	has_mode = nla_u8(tb[GRE_BOND_A_HOLD_MODE], &mode);
	has_us = nla_u32(tb[GRE_BOND_A_HOLD_US], &us);
	has_cur = nla_u32(tb[GRE_BOND_A_HOLD_CUR_US], &cur);
	has_max = nla_u32(tb[GRE_BOND_A_HOLD_MAX_US], &max);

	if (has_mode && mode == GRE_BOND_HOLD_AUTO) {
		fputs(" hold auto", f);
		if (has_cur && has_max)
			fprintf(f, " (cur %s, max %s)",
				fmt_time_us(cur, b1, sizeof(b1)),
				fmt_time_us(max, b2, sizeof(b2)));
		else if (has_cur)
			fprintf(f, " (cur %s)", fmt_time_us(cur, b1, sizeof(b1)));
		else if (has_max)
			fprintf(f, " (max %s)", fmt_time_us(max, b2, sizeof(b2)));
	} else if (has_mode && mode != GRE_BOND_HOLD_FIXED) {
		fprintf(f, " hold-mode %u", mode);
	} else if (has_us) {
		fprintf(f, " hold %s", fmt_time_us(us, b1, sizeof(b1)));
		if (has_cur && cur != us)
			fprintf(f, " (cur %s)", fmt_time_us(cur, b1, sizeof(b1)));
	}
}

static void text_bond_line(struct bc_ctx *ctx, const struct nlattr **tb,
			   const char *prefix)
{
	FILE *f = ctx->out;
	char name[IF_NAMESIZE + 16];
	uint32_t v;
	uint16_t v16;

	fprintf(f, "%s", prefix);
	put_label(f, bond_name(tb, name, sizeof(name)));
	fputc(':', f);
	if (nla_u32(tb[GRE_BOND_A_KEY], &v))
		fprintf(f, " key 0x%x", v);
	if (nla_u32(tb[GRE_BOND_A_CIR_KBPS], &v))
		fprintf(f, " cir %ukbit", v);
	if (nla_u32(tb[GRE_BOND_A_CBS], &v))
		fprintf(f, " cbs %u", v);
	if (nla_u32(tb[GRE_BOND_A_EBS], &v))
		fprintf(f, " ebs %u", v);
	text_hold(f, tb);
	if (nla_u32(tb[GRE_BOND_A_REORDER_MAX], &v))
		fprintf(f, " reorder-max %u", v);
	if (nla_u16(tb[GRE_BOND_A_CTRL_PROTO_ALT], &v16) && v16)
		fprintf(f, " ctrl-alt-proto 0x%04x", v16);
	if (nla_u32(tb[GRE_BOND_A_MTU], &v))
		fprintf(f, " mtu %u", v);
	fputc('\n', f);
}

static void text_bond_stats(struct bc_ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[GRE_BOND_S_MAX + 1] = { 0 };
	uint64_t v[GRE_BOND_S_MAX + 1] = { 0 };
	FILE *f = ctx->out;
	char b1[32], b2[32];
	bool any;
	size_t i, k, n;

	if (nla_parse_nest(nest, tb, GRE_BOND_S_MAX) < 0)
		return;
	for (i = 0; i <= GRE_BOND_S_MAX; i++)
		if (i != GRE_BOND_S_RESIDENCE_HIST)
			nla_u64(tb[i], &v[i]);

	fprintf(f, "    rx: in-order %" PRIu64 " reordered %" PRIu64
		" late %" PRIu64 " duplicate %" PRIu64,
		v[GRE_BOND_S_RX_IN_ORDER], v[GRE_BOND_S_RX_REORDERED],
		v[GRE_BOND_S_RX_LATE], v[GRE_BOND_S_RX_DUPLICATE]);
	for (i = 0; i < N_CTRS(bond_ctrs); i++)
		if (bond_ctrs[i].cls == CLS_RX_NZ && v[bond_ctrs[i].type])
			fprintf(f, " %s %" PRIu64, bond_ctrs[i].label,
				v[bond_ctrs[i].type]);
	fputc('\n', f);

	fprintf(f, "    buffer: depth %" PRIu64 " (max %" PRIu64
		") residence max %s mean %s",
		v[GRE_BOND_S_DEPTH_CUR], v[GRE_BOND_S_DEPTH_MAX],
		fmt_time_ns(v[GRE_BOND_S_RESIDENCE_MAX_NS], b1, sizeof(b1)),
		fmt_time_ns(v[GRE_BOND_S_RX_REORDERED] ?
			    v[GRE_BOND_S_RESIDENCE_SUM_NS] /
			    v[GRE_BOND_S_RX_REORDERED] : 0, b2, sizeof(b2)));
	for (i = 0; i < N_CTRS(bond_ctrs); i++)
		if (bond_ctrs[i].cls == CLS_BUF_NZ && v[bond_ctrs[i].type])
			fprintf(f, " %s %" PRIu64, bond_ctrs[i].label,
				v[bond_ctrs[i].type]);
	fputc('\n', f);

	any = false;
	for (i = 0; i < N_CTRS(bond_ctrs); i++) {
		if (bond_ctrs[i].cls != CLS_DROP || !v[bond_ctrs[i].type])
			continue;
		fprintf(f, "%s %s %" PRIu64, any ? "" : "    drops:",
			bond_ctrs[i].label, v[bond_ctrs[i].type]);
		any = true;
	}
	if (any)
		fputc('\n', f);

	if (ctx->stats < 2)
		return;
	if (tb[GRE_BOND_S_TX_SEQ_NEXT])
		fprintf(f, "    tx: seq-next %" PRIu64 "\n",
			v[GRE_BOND_S_TX_SEQ_NEXT]);
	if (tb[GRE_BOND_S_RESIDENCE_HIST]) {
		const struct nlattr *a = tb[GRE_BOND_S_RESIDENCE_HIST];
		uint64_t b;

		n = mnl_attr_get_payload_len(a) / sizeof(uint64_t);
		fputs("    residence:", f);
		for (k = 0; k < n; k++) {
			memcpy(&b, (const char *)mnl_attr_get_payload(a) +
				   k * sizeof(b), sizeof(b));
			/* bucket k: < 2^k ms; the last one: the rest */
			if (k + 1 < n || n == 1)
				fprintf(f, " <%llums %" PRIu64,
					1ULL << (k < 63 ? k : 63), b);
			else
				fprintf(f, " >=%llums %" PRIu64,
					1ULL << (k - 1 < 63 ? k - 1 : 63), b);
		}
		fputc('\n', f);
	}
}

static void text_tunnel_stats(struct bc_ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[GRE_BOND_TS_MAX + 1] = { 0 };
	uint64_t v[GRE_BOND_TS_MAX + 1] = { 0 };
	static const struct {
		const char *name;
		uint16_t pkts, bytes;
	} colours[] = {
		{ "green", GRE_BOND_TS_TX_GREEN_PACKETS, GRE_BOND_TS_TX_GREEN_BYTES },
		{ "yellow", GRE_BOND_TS_TX_YELLOW_PACKETS, GRE_BOND_TS_TX_YELLOW_BYTES },
		{ "red", GRE_BOND_TS_TX_RED_PACKETS, GRE_BOND_TS_TX_RED_BYTES },
	};
	FILE *f = ctx->out;
	size_t i;

	if (nla_parse_nest(nest, tb, GRE_BOND_TS_MAX) < 0)
		return;
	for (i = 0; i <= GRE_BOND_TS_MAX; i++)
		nla_u64(tb[i], &v[i]);
	fprintf(f, "    tx: packets %" PRIu64 " bytes %" PRIu64 " ctrl %" PRIu64
		" errors %" PRIu64 "\n", v[GRE_BOND_TS_TX_PACKETS],
		v[GRE_BOND_TS_TX_BYTES], v[GRE_BOND_TS_TX_CTRL],
		v[GRE_BOND_TS_TX_ERRORS]);
	for (i = 0; i < ARRAY_SIZE(colours); i++)
		fprintf(f, "    tx %s: packets %" PRIu64 " bytes %" PRIu64 "\n",
			colours[i].name, v[colours[i].pkts],
			v[colours[i].bytes]);
	fprintf(f, "    rx: packets %" PRIu64 " bytes %" PRIu64 " ctrl %" PRIu64
		"\n", v[GRE_BOND_TS_RX_PACKETS], v[GRE_BOND_TS_RX_BYTES],
		v[GRE_BOND_TS_RX_CTRL]);
}

static void text_tunnel(struct bc_ctx *ctx, const struct nlattr *nest,
			const char *prefix)
{
	const struct nlattr *tb[GRE_BOND_T_MAX + 1] = { 0 };
	const struct nlattr *local, *remote;
	char b1[INET6_ADDRSTRLEN + 1], b2[INET6_ADDRSTRLEN + 1];
	FILE *f = ctx->out;
	const char *s;
	uint32_t v32;
	uint8_t v8;

	fprintf(f, "%stunnel", prefix);
	if (nla_parse_nest(nest, tb, GRE_BOND_T_MAX) < 0) {
		fputs(" (malformed)\n", f);
		return;
	}
	if (nla_u8(tb[GRE_BOND_T_ID], &v8))
		fprintf(f, " %u", v8);
	if (nla_str(tb[GRE_BOND_T_NAME], b1, sizeof(b1)) && b1[0]) {
		fputc(' ', f);
		put_label(f, b1);
	}
	if (nla_u8(tb[GRE_BOND_T_ROLE], &v8)) {
		s = name_of(NAMES(role_names), v8);
		if (s)
			fprintf(f, " %s", s);
		else
			fprintf(f, " role %u", v8);
	}
	local = tb[GRE_BOND_T_LOCAL4] ? tb[GRE_BOND_T_LOCAL4] :
					tb[GRE_BOND_T_LOCAL6];
	remote = tb[GRE_BOND_T_REMOTE4] ? tb[GRE_BOND_T_REMOTE4] :
					  tb[GRE_BOND_T_REMOTE6];
	/* no local address: routing chooses it */
	if (local || remote)
		fprintf(f, " %s -> %s",
			local ? attr_addr(local, b1, sizeof(b1)) : "any",
			attr_addr(remote, b2, sizeof(b2)));
	if (nla_u32(tb[GRE_BOND_T_LINK], &v32) && v32) {
		fputs(" dev ", f);
		put_label(f, bc_ifname(v32, b1, sizeof(b1)));
	}
	if (nla_u32(tb[GRE_BOND_T_FWMARK], &v32) && v32)
		fprintf(f, " fwmark 0x%x", v32);
	if (nla_u8(tb[GRE_BOND_T_OPER], &v8)) {
		s = name_of(NAMES(oper_names), v8);
		if (s)
			fprintf(f, " %s", s);
		else
			fprintf(f, " oper %u", v8);
	}
	if (nla_u8(tb[GRE_BOND_T_ADMIN], &v8) && v8 != GRE_BOND_ADMIN_UP) {
		s = name_of(NAMES(admin_names), v8);
		if (s)
			fprintf(f, " %s", s);
		else
			fprintf(f, " admin %u", v8);
	}
	if (nla_u32(tb[GRE_BOND_T_RTT_US], &v32) && v32)
		fprintf(f, " rtt %s", fmt_time_us(v32, b1, sizeof(b1)));
	fputc('\n', f);
	if (ctx->stats && tb[GRE_BOND_T_STATS])
		text_tunnel_stats(ctx, tb[GRE_BOND_T_STATS]);
}

static void text_bond(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
		      const struct nlattr **tb, const char *prefix)
{
	const struct nlattr *a;

	text_bond_line(ctx, tb, prefix);
	if (ctx->stats && tb[GRE_BOND_A_STATS])
		text_bond_stats(ctx, tb[GRE_BOND_A_STATS]);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == GRE_BOND_A_TUNNEL)
			text_tunnel(ctx, a, "  ");
}

int gb_print_bond(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[GRE_BOND_A_MAX + 1] = { 0 };

	if (nla_parse_genl(nlh, tb, GRE_BOND_A_MAX) < 0) {
		bc_err("malformed bond message from the kernel, skipped");
		return 0;
	}
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		json_bond_members(ctx, nlh, tb);
		json_obj_close(&ctx->jw);
	} else {
		text_bond(ctx, nlh, tb, "");
	}
	return 0;
}

/* --- notifications ----------------------------------------------------- */

static void json_ctrl(struct bc_ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[GRE_BOND_C_MAX + 1] = { 0 };
	struct json *j = &ctx->jw;
	uint64_t v64;
	uint16_t v16;
	uint8_t v8;

	json_obj_open(j, "ctrl");
	if (nla_parse_nest(nest, tb, GRE_BOND_C_MAX) < 0) {
		json_obj_close(j);
		return;
	}
	if (nla_u8(tb[GRE_BOND_C_TUNNEL_ID], &v8))
		json_u64(j, "tunnel_id", v8);
	if (nla_u16(tb[GRE_BOND_C_PROTO], &v16))
		json_u64(j, "proto", v16);
	json_attr_u32(j, "key", tb[GRE_BOND_C_KEY]);
	if (tb[GRE_BOND_C_PAYLOAD])
		json_hex(j, "payload", mnl_attr_get_payload(tb[GRE_BOND_C_PAYLOAD]),
			 mnl_attr_get_payload_len(tb[GRE_BOND_C_PAYLOAD]));
	json_addr(j, "remote4", tb[GRE_BOND_C_REMOTE4]);
	json_addr(j, "remote6", tb[GRE_BOND_C_REMOTE6]);
	if (nla_u64(tb[GRE_BOND_C_TIMESTAMP_NS], &v64))
		json_u64(j, "timestamp_ns", v64);
	json_obj_close(j);
}

static void text_ctrl(struct bc_ctx *ctx, const struct nlattr *nest,
		      const char *bond)
{
	const struct nlattr *tb[GRE_BOND_C_MAX + 1] = { 0 };
	char buf[INET6_ADDRSTRLEN + 1];
	FILE *f = ctx->out;
	const uint8_t *p;
	uint16_t len, v16;
	uint64_t v64;
	uint32_t v32;
	uint8_t v8;
	size_t i;

	fprintf(f, "[ctrl] ");
	put_label(f, bond);
	fputc(':', f);
	if (!nest || nla_parse_nest(nest, tb, GRE_BOND_C_MAX) < 0) {
		fputs(" (malformed)\n", f);
		return;
	}
	if (nla_u8(tb[GRE_BOND_C_TUNNEL_ID], &v8))
		fprintf(f, " tunnel %u", v8);
	if (tb[GRE_BOND_C_REMOTE4] || tb[GRE_BOND_C_REMOTE6])
		fprintf(f, " from %s",
			attr_addr(tb[GRE_BOND_C_REMOTE4] ? tb[GRE_BOND_C_REMOTE4] :
				  tb[GRE_BOND_C_REMOTE6], buf, sizeof(buf)));
	if (nla_u16(tb[GRE_BOND_C_PROTO], &v16))
		fprintf(f, " proto 0x%04x", v16);
	if (nla_u32(tb[GRE_BOND_C_KEY], &v32))
		fprintf(f, " key 0x%x", v32);
	if (nla_u64(tb[GRE_BOND_C_TIMESTAMP_NS], &v64))
		fprintf(f, " at %" PRIu64 ".%09" PRIu64, v64 / 1000000000,
			v64 % 1000000000);
	if (tb[GRE_BOND_C_PAYLOAD]) {
		p = mnl_attr_get_payload(tb[GRE_BOND_C_PAYLOAD]);
		len = mnl_attr_get_payload_len(tb[GRE_BOND_C_PAYLOAD]);
		fprintf(f, " len %u", len);
		if (len)
			fputs(" hex ", f);
		for (i = 0; i < len; i++)
			fprintf(f, "%02x", p[i]);
	}
	fputc('\n', f);
}

int gb_print_ntf(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[GRE_BOND_A_MAX + 1] = { 0 };
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	char name[IF_NAMESIZE + 16], prefix[64 + IF_NAMESIZE];
	const char *ev = NULL, *cmd;
	bool has_event;
	uint8_t event = 0;
	char evbuf[32], *p;

	if (nla_parse_genl(nlh, tb, GRE_BOND_A_MAX) < 0)
		return 0;	/* not worth stopping the monitor for */
	has_event = nla_u8(tb[GRE_BOND_A_EVENT], &event);
	if (has_event)
		ev = name_of(NAMES(event_names), event);
	cmd = name_of(NAMES(cmd_names), g->cmd);

	if (ctx->json) {
		struct json *j = &ctx->jw;
		const struct nlattr *a;

		json_obj_open(j, NULL);
		if (cmd)
			json_str(j, "cmd", cmd);
		else
			json_u64(j, "cmd", g->cmd);
		if (has_event)
			json_enum(j, "event", NAMES(event_names), event);
		switch (g->cmd) {
		case GRE_BOND_CMD_BOND_NTF:
			json_bond_members(ctx, nlh, tb);
			break;
		case GRE_BOND_CMD_TUNNEL_NTF:
			json_attr_u32(j, "ifindex", tb[GRE_BOND_A_IFINDEX]);
			json_str(j, "ifname", bond_name(tb, name, sizeof(name)));
			mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
				if (mnl_attr_get_type(a) == GRE_BOND_A_TUNNEL) {
					json_tunnel(ctx, a, "tunnel");
					break;
				}
			break;
		default:
			json_attr_u32(j, "ifindex", tb[GRE_BOND_A_IFINDEX]);
			json_str(j, "ifname", bond_name(tb, name, sizeof(name)));
			if (tb[GRE_BOND_A_CTRL])
				json_ctrl(ctx, tb[GRE_BOND_A_CTRL]);
			break;
		}
		json_obj_close(j);
		fflush(ctx->out);
		return 0;
	}

	bond_name(tb, name, sizeof(name));
	/* "[tunnel-up]": the event, else the command */
	if (ev)
		snprintf(evbuf, sizeof(evbuf), "%s", ev);
	else if (has_event)
		snprintf(evbuf, sizeof(evbuf), "event-%u", event);
	else if (cmd)
		snprintf(evbuf, sizeof(evbuf), "%s", cmd);
	else
		snprintf(evbuf, sizeof(evbuf), "cmd-%u", g->cmd);
	for (p = evbuf; *p; p++)
		if (*p == '_')
			*p = '-';

	switch (g->cmd) {
	case GRE_BOND_CMD_BOND_NTF:
		if (has_event && event == GRE_BOND_EVENT_BOND_DEL) {
			fprintf(ctx->out, "[%s] ", evbuf);
			put_label(ctx->out, name);
			fputc('\n', ctx->out);
			break;
		}
		snprintf(prefix, sizeof(prefix), "[%s] ", evbuf);
		text_bond(ctx, nlh, tb, prefix);
		break;
	case GRE_BOND_CMD_TUNNEL_NTF: {
		const struct nlattr *a;
		size_t k;

		snprintf(prefix, sizeof(prefix), "[%s] %s: ", evbuf, name);
		for (k = 0; prefix[k]; k++)
			if ((unsigned char)prefix[k] < 0x20 || prefix[k] == 0x7f)
				prefix[k] = '?';
		mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
			if (mnl_attr_get_type(a) == GRE_BOND_A_TUNNEL) {
				text_tunnel(ctx, a, prefix);
				break;
			}
		break;
	}
	case GRE_BOND_CMD_CTRL_RECV:
		text_ctrl(ctx, tb[GRE_BOND_A_CTRL], name);
		break;
	default:
		fprintf(ctx->out, "[%s] ", evbuf);
		put_label(ctx->out, name);
		fputc('\n', ctx->out);
		break;
	}
	fflush(ctx->out);
	return 0;
}

/* --- requests ---------------------------------------------------------- */

/* the family, the socket, and a request started on it */
struct gb_req {
	struct nl *nl;
	struct nlmsghdr *nlh;
};

static int gb_start(struct bc_ctx *ctx, uint8_t cmd, uint16_t flags,
		    struct gb_req *r)
{
	const struct genl_family_info *fi = bc_family(ctx, &gre_bond_family);

	if (!fi)
		return -ENOENT;
	r->nl = &ctx->genl;
	r->nlh = genl_msg(r->nl, fi->id, cmd, GRE_BOND_GENL_VERSION, flags);
	return 0;
}

static int bond_set_genl(struct bc_ctx *ctx, int ifindex,
			 const struct bond_params *p, const char *what)
{
	struct gb_req r;

	if (gb_start(ctx, GRE_BOND_CMD_BOND_SET, 0, &r))
		return -ENOENT;
	mnl_attr_put_u32(r.nlh, GRE_BOND_A_IFINDEX, ifindex);
	if (p->set & BP_KEY)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_KEY, p->key);
	if (p->set & BP_CIR)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_CIR_KBPS, p->cir_kbps);
	if (p->set & BP_CBS)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_CBS, p->cbs);
	if (p->set & BP_EBS)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_EBS, p->ebs);
	if (p->set & BP_HOLD) {
		mnl_attr_put_u8(r.nlh, GRE_BOND_A_HOLD_MODE, p->hold_mode);
		if (p->hold_mode == GRE_BOND_HOLD_FIXED)
			mnl_attr_put_u32(r.nlh, GRE_BOND_A_HOLD_US, p->hold_us);
	}
	if (p->set & BP_HOLD_MAX)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_HOLD_MAX_US, p->hold_max_us);
	if (p->set & BP_REORDER_MAX)
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_REORDER_MAX, p->reorder_max);
	if (p->set & BP_CTRL_ALT)
		mnl_attr_put_u16(r.nlh, GRE_BOND_A_CTRL_PROTO_ALT,
				 p->ctrl_proto_alt);
	return nl_transact(r.nl, r.nlh, NULL, NULL, what, 0);
}

static int bond_add(struct bc_ctx *ctx, int argc, char **argv)
{
	struct bond_params p;
	char err[160], what[64];
	const char *name;
	struct nl *rt;
	bool genl;
	int ifindex, r;

	if (argc < 2)
		return bc_usage(OBJ_BOND, "bond add: missing NAME");
	name = argv[1];
	/* a template such as hab%d would leave us not knowing the name */
	if (parse_ifname(name) || strchr(name, '%'))
		return bc_usage(OBJ_BOND, "bond add: invalid device name '%s'",
				name);
	if (bond_params_parse(argc - 2, argv + 2, &p, err, sizeof(err)))
		return bc_usage(OBJ_BOND, "bond add: %s", err);
	snprintf(what, sizeof(what), "bond add %s", name);
	genl = p.set & BP_GENL;

	rt = bc_rtnl(ctx);
	if (!rt)
		return BC_EXIT_ERR;
	/* with parameters to set, it comes up only once they are accepted */
	r = nl_link_create(rt, name, GRE_BOND_LINK_KIND,
			   p.set & BP_MTU ? p.mtu : 0, (p.set & BP_UP) && !genl,
			   what);
	if (r == -EOPNOTSUPP)
		bc_err("%s module not loaded? (link kind %s unknown)",
		       gre_bond_family.module, GRE_BOND_LINK_KIND);
	if (r)
		return BC_EXIT_ERR;
	if (!genl)
		return BC_EXIT_OK;
	ifindex = bc_ifindex(what, name);
	if (!ifindex)
		return BC_EXIT_ERR;
	if (bond_set_genl(ctx, ifindex, &p, what)) {
		nl_say("%s: parameters not accepted, deleting %s again\n",
		       what, name);
		nl_link_delete(rt, ifindex, what);
		return BC_EXIT_ERR;
	}
	if ((p.set & BP_UP) && nl_link_change(rt, ifindex, 0, 1, what))
		return BC_EXIT_ERR;
	return BC_EXIT_OK;
}

static int bond_set(struct bc_ctx *ctx, int argc, char **argv)
{
	struct bond_params p;
	char err[160], what[64];
	const char *name;
	int ifindex;

	if (argc < 2)
		return bc_usage(OBJ_BOND, "bond set: missing NAME");
	name = argv[1];
	if (bond_params_parse(argc - 2, argv + 2, &p, err, sizeof(err)))
		return bc_usage(OBJ_BOND, "bond set: %s", err);
	if (!p.set)
		return bc_usage(OBJ_BOND, "bond set: nothing to set");
	snprintf(what, sizeof(what), "bond set %s", name);
	ifindex = bc_ifindex(what, name);
	if (!ifindex)
		return BC_EXIT_ERR;
	if ((p.set & (BP_MTU | BP_UP)) &&
	    bc_check_kind(ctx, ifindex, name, GRE_BOND_LINK_KIND, what))
		return BC_EXIT_ERR;
	if ((p.set & BP_GENL) && bond_set_genl(ctx, ifindex, &p, what))
		return BC_EXIT_ERR;
	if ((p.set & (BP_MTU | BP_UP)) &&
	    nl_link_change(bc_rtnl(ctx), ifindex, p.set & BP_MTU ? p.mtu : 0,
			   p.set & BP_UP ? 1 : -1, what))
		return BC_EXIT_ERR;
	return BC_EXIT_OK;
}

static int bond_del(struct bc_ctx *ctx, int argc, char **argv)
{
	char what[64];
	int ifindex;

	if (argc < 2)
		return bc_usage(OBJ_BOND, "bond del: missing NAME");
	if (argc > 2)
		return bc_usage(OBJ_BOND, "bond del: unexpected argument '%s'",
				argv[2]);
	snprintf(what, sizeof(what), "bond del %s", argv[1]);
	ifindex = bc_ifindex(what, argv[1]);
	if (!ifindex)
		return BC_EXIT_ERR;
	/* never delete someone else's device by a typo */
	if (bc_check_kind(ctx, ifindex, argv[1], GRE_BOND_LINK_KIND, what))
		return BC_EXIT_ERR;
	return nl_link_delete(bc_rtnl(ctx), ifindex, what) ? BC_EXIT_ERR :
							     BC_EXIT_OK;
}

struct show_state {
	struct bc_ctx *ctx;
	unsigned int count;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_state *st = data;

	if (!st->ctx->json && st->count)
		fputc('\n', st->ctx->out);
	st->count++;
	return gb_print_bond(st->ctx, nlh);
}

static int bond_show(struct bc_ctx *ctx, int argc, char **argv)
{
	struct show_state st = { ctx, 0 };
	struct gb_req r;
	char what[64];
	int ifindex = 0, err;

	if (argc > 2)
		return bc_usage(OBJ_BOND, "bond show: unexpected argument '%s'",
				argv[2]);
	if (argc == 2) {
		snprintf(what, sizeof(what), "bond show %s", argv[1]);
		ifindex = bc_ifindex(what, argv[1]);
		if (!ifindex)
			return BC_EXIT_ERR;
	} else {
		snprintf(what, sizeof(what), "bond show");
	}
	if (gb_start(ctx, GRE_BOND_CMD_BOND_GET, 0, &r))
		return BC_EXIT_ERR;
	if (ctx->json)
		json_arr_open(&ctx->jw, NULL);
	if (ifindex) {
		mnl_attr_put_u32(r.nlh, GRE_BOND_A_IFINDEX, ifindex);
		err = nl_transact(r.nl, r.nlh, show_cb, &st, what, 0);
	} else {
		err = nl_dump(r.nl, r.nlh, show_cb, &st, what);
	}
	if (ctx->json)
		json_arr_close(&ctx->jw);
	fflush(ctx->out);
	return err ? BC_EXIT_ERR : BC_EXIT_OK;
}

static int bond_stats_reset(struct bc_ctx *ctx, int argc, char **argv)
{
	struct gb_req r;
	char what[64];
	int ifindex;

	if (argc < 2)
		return bc_usage(OBJ_BOND, "bond stats-reset: missing NAME");
	if (argc > 2)
		return bc_usage(OBJ_BOND,
				"bond stats-reset: unexpected argument '%s'",
				argv[2]);
	snprintf(what, sizeof(what), "bond stats-reset %s", argv[1]);
	ifindex = bc_ifindex(what, argv[1]);
	if (!ifindex)
		return BC_EXIT_ERR;
	if (gb_start(ctx, GRE_BOND_CMD_STATS_RESET, 0, &r))
		return BC_EXIT_ERR;
	mnl_attr_put_u32(r.nlh, GRE_BOND_A_IFINDEX, ifindex);
	return nl_transact(r.nl, r.nlh, NULL, NULL, what, 0) ? BC_EXIT_ERR :
							      BC_EXIT_OK;
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type4, uint16_t type6,
		     const struct bc_addr *a)
{
	mnl_attr_put(nlh, a->family == AF_INET ? type4 : type6,
		     bc_addr_len(a), a->a);
}

static int tunnel_cmd(struct bc_ctx *ctx, enum tunnel_op op, uint8_t cmd,
		      int argc, char **argv)
{
	const char *opname = tunnel_op_name(op);
	struct tunnel_args t;
	struct nlattr *nest;
	struct gb_req r;
	char err[160], what[64];
	int ifindex, link = 0;

	if (argc < 2)
		return bc_usage(OBJ_TUNNEL, "tunnel %s: missing BOND", opname);
	if (tunnel_args_parse(op, argc - 2, argv + 2, &t, err, sizeof(err)))
		return bc_usage(OBJ_TUNNEL, "tunnel %s: %s", opname, err);
	snprintf(what, sizeof(what), "tunnel %s %s id %u", opname, argv[1],
		 t.id);
	ifindex = bc_ifindex(what, argv[1]);
	if (!ifindex)
		return BC_EXIT_ERR;
	if ((t.set & TA_DEV) && t.dev[0]) {
		link = bc_ifindex(what, t.dev);
		if (!link)
			return BC_EXIT_ERR;
	}
	if (gb_start(ctx, cmd, 0, &r))
		return BC_EXIT_ERR;
	mnl_attr_put_u32(r.nlh, GRE_BOND_A_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(r.nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(r.nlh, GRE_BOND_T_ID, t.id);
	if (t.set & TA_ROLE)
		mnl_attr_put_u8(r.nlh, GRE_BOND_T_ROLE, t.role);
	if (t.set & TA_NAME)
		mnl_attr_put_strz(r.nlh, GRE_BOND_T_NAME, t.name);
	if (t.set & TA_LOCAL)
		put_addr(r.nlh, GRE_BOND_T_LOCAL4, GRE_BOND_T_LOCAL6, &t.local);
	if (t.set & TA_REMOTE)
		put_addr(r.nlh, GRE_BOND_T_REMOTE4, GRE_BOND_T_REMOTE6,
			 &t.remote);
	if (t.set & TA_DEV)
		mnl_attr_put_u32(r.nlh, GRE_BOND_T_LINK, link);
	if (t.set & TA_FWMARK)
		mnl_attr_put_u32(r.nlh, GRE_BOND_T_FWMARK, t.fwmark);
	if (t.set & TA_ADMIN)
		mnl_attr_put_u8(r.nlh, GRE_BOND_T_ADMIN, t.admin);
	if (t.set & TA_OPER)
		mnl_attr_put_u8(r.nlh, GRE_BOND_T_OPER, t.oper);
	if (t.set & TA_RTT)
		mnl_attr_put_u32(r.nlh, GRE_BOND_T_RTT_US, t.rtt_us);
	mnl_attr_nest_end(r.nlh, nest);
	return nl_transact(r.nl, r.nlh, NULL, NULL, what, 0) ? BC_EXIT_ERR :
							      BC_EXIT_OK;
}

static int tunnel_add(struct bc_ctx *ctx, int argc, char **argv)
{
	return tunnel_cmd(ctx, TUNNEL_OP_ADD, GRE_BOND_CMD_TUNNEL_ADD, argc,
			  argv);
}

static int tunnel_set(struct bc_ctx *ctx, int argc, char **argv)
{
	return tunnel_cmd(ctx, TUNNEL_OP_SET, GRE_BOND_CMD_TUNNEL_SET, argc,
			  argv);
}

static int tunnel_del(struct bc_ctx *ctx, int argc, char **argv)
{
	return tunnel_cmd(ctx, TUNNEL_OP_DEL, GRE_BOND_CMD_TUNNEL_DEL, argc,
			  argv);
}

static int ctrl_send(struct bc_ctx *ctx, int argc, char **argv)
{
	struct ctrl_args *c;
	struct nlattr *nest;
	struct gb_req r;
	char err[160], what[64];
	int ifindex, ret = BC_EXIT_ERR;

	if (argc < 2)
		return bc_usage(OBJ_CTRL, "ctrl send: missing BOND");
	c = malloc(sizeof(*c));
	if (!c)
		return bc_err("ctrl send: out of memory");
	if (ctrl_args_parse(argc - 2, argv + 2, c, err, sizeof(err))) {
		ret = bc_usage(OBJ_CTRL, "ctrl send: %s", err);
		goto out;
	}
	snprintf(what, sizeof(what), "ctrl send %s tunnel %u", argv[1],
		 c->tunnel);
	ifindex = bc_ifindex(what, argv[1]);
	if (!ifindex || gb_start(ctx, GRE_BOND_CMD_CTRL_SEND, 0, &r))
		goto out;
	mnl_attr_put_u32(r.nlh, GRE_BOND_A_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(r.nlh, GRE_BOND_A_CTRL);
	mnl_attr_put_u8(r.nlh, GRE_BOND_C_TUNNEL_ID, c->tunnel);
	mnl_attr_put_u16(r.nlh, GRE_BOND_C_PROTO, c->proto);
	if (c->set & CA_KEY)
		mnl_attr_put_u32(r.nlh, GRE_BOND_C_KEY, c->key);
	mnl_attr_put(r.nlh, GRE_BOND_C_PAYLOAD, c->len, c->payload);
	if (c->set & CA_REMOTE)
		put_addr(r.nlh, GRE_BOND_C_REMOTE4, GRE_BOND_C_REMOTE6,
			 &c->remote);
	mnl_attr_nest_end(r.nlh, nest);
	if (!nl_transact(r.nl, r.nlh, NULL, NULL, what, 0))
		ret = BC_EXIT_OK;
out:
	free(c);
	return ret;
}

/* --- usage and tables -------------------------------------------------- */

static void bond_usage(FILE *f)
{
	fputs("Usage: bondctl bond add NAME [ PARAMS ] [ mtu N ] [ up ]\n"
	      "       bondctl bond set NAME [ PARAMS ] [ mtu N ] [ up ]\n"
	      "       bondctl bond del NAME\n"
	      "       bondctl bond show [ NAME ]\n"
	      "       bondctl bond stats-reset NAME\n"
	      "PARAMS := [ key K ] [ cir KBPS ] [ cbs BYTES ] [ ebs BYTES ]\n"
	      "          [ hold { auto | USEC } ] [ hold-max USEC ]\n"
	      "          [ reorder-max PKTS ] [ ctrl-alt-proto 0xNNNN ]\n"
	      "K and ctrl-alt-proto also take hex (0x...); times are in microseconds.\n",
	      f);
}

static void tunnel_usage(FILE *f)
{
	fputs("Usage: bondctl tunnel add BOND id N role ROLE [ name LABEL ]\n"
	      "                          local ADDR remote ADDR [ dev IFNAME ]\n"
	      "                          [ fwmark N ] [ disabled ]\n"
	      "       bondctl tunnel set BOND id N [ role ROLE ] [ name LABEL ]\n"
	      "                          [ local ADDR ] [ remote ADDR ]\n"
	      "                          [ dev { IFNAME | none } ] [ fwmark N ]\n"
	      "                          [ admin { up | disabled } ] [ oper { up | down } ]\n"
	      "                          [ rtt USEC ]\n"
	      "       bondctl tunnel del BOND id N\n"
	      "ROLE := { primary | secondary | dsl | lte }   (dsl = primary, lte = secondary)\n"
	      "N := 0..7; ADDR: IPv4 or IPv6, local and remote of the same family.\n",
	      f);
}

static void ctrl_usage(FILE *f)
{
	fputs("Usage: bondctl ctrl send BOND tunnel N [ proto P ] [ key K ]\n"
	      "                         hex HEXBYTES [ remote ADDR ]\n"
	      "P defaults to 0xB7EA (RFC 8157 control); HEXBYTES like 0102ab or 01:02:ab.\n",
	      f);
}

static const struct bc_cmd bond_cmds[] = {
	{ "add", bond_add },
	{ "set", bond_set },
	{ "del", bond_del },
	{ "delete", bond_del },
	{ "show", bond_show },
	{ "list", bond_show },
	{ "stats-reset", bond_stats_reset },
	{ NULL, NULL },
};

static const struct bc_cmd tunnel_cmds[] = {
	{ "add", tunnel_add },
	{ "set", tunnel_set },
	{ "del", tunnel_del },
	{ "delete", tunnel_del },
	{ NULL, NULL },
};

static const struct bc_cmd ctrl_cmds[] = {
	{ "send", ctrl_send },
	{ NULL, NULL },
};

static const struct bc_object gb_objects[] = {
	{ OBJ_BOND, "bond devices and their parameters", bond_cmds, "show",
	  bond_usage },
	{ OBJ_TUNNEL, "member tunnels of a bond", tunnel_cmds, NULL,
	  tunnel_usage },
	{ OBJ_CTRL, "send RFC 8157 control messages (tests)", ctrl_cmds, NULL,
	  ctrl_usage },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const char *const gb_mcgrps[] = {
	GRE_BOND_MCGRP_EVENTS,
	GRE_BOND_MCGRP_CTRL,
	NULL,
};

const struct bc_family gre_bond_family = {
	.genl_name = GRE_BOND_GENL_NAME,
	.module = "gre_bond",
	.objects = gb_objects,
	.mcgrps = gb_mcgrps,
	.monitor = gb_print_ntf,
};
