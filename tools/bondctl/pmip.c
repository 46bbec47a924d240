// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: the pmip_mmb family (include/uapi/linux/pmip_mmb.h): object
 * "pmip", whose commands are the sub-objects session, binding and dev.
 *
 *   bondctl pmip session add DEV mnid ID hnp PREFIX/LEN ...
 *   bondctl pmip binding add DEV mnid ID bid N pcoa ADDR tunnel IF ...
 *
 * An MN-ID is given as text (an NAI such as mn1@example.net) or as
 * hex:0102ab; it is printed as text when every octet is printable.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pmip.h"

#define OBJ_PMIP	"pmip"

#define NAMES(a)	(a), ARRAY_SIZE(a)

static const char *const role_names[] = {
	[PMIP_MMB_ROLE_LMA] = "lma",
	[PMIP_MMB_ROLE_MAG] = "mag",
};

static const char *const policy_names[] = {
	[PMIP_MMB_POLICY_FLOW] = "flow",
	[PMIP_MMB_POLICY_PACKET] = "packet",
};

static const char *const state_names[] = {
	[PMIP_MMB_STATE_ACTIVE] = "active",
	[PMIP_MMB_STATE_TUNNEL_DOWN] = "tunnel-down",
};

static const char *const event_names[] = {
	[PMIP_MMB_EVENT_SESSION_NEW] = "session-new",
	[PMIP_MMB_EVENT_SESSION_CHANGED] = "session-changed",
	[PMIP_MMB_EVENT_SESSION_DEL] = "session-del",
	[PMIP_MMB_EVENT_BINDING_NEW] = "binding-new",
	[PMIP_MMB_EVENT_BINDING_CHANGED] = "binding-changed",
	[PMIP_MMB_EVENT_BINDING_REFRESHED] = "binding-refreshed",
	[PMIP_MMB_EVENT_BINDING_DEL] = "binding-del",
	[PMIP_MMB_EVENT_BINDING_EXPIRED] = "binding-expired",
	[PMIP_MMB_EVENT_BINDING_OVERWRITTEN] = "binding-overwritten",
	[PMIP_MMB_EVENT_BINDING_TUNNEL_GONE] = "binding-tunnel-gone",
};

static const char *const bstat_names[] = {
	[PMIP_MMB_BS_PACKETS] = "packets",
	[PMIP_MMB_BS_BYTES] = "bytes",
	[PMIP_MMB_BS_FLOWS] = "flows",
};

static const char *const sstat_names[] = {
	[PMIP_MMB_S_PACKETS] = "packets",
	[PMIP_MMB_S_BYTES] = "bytes",
	[PMIP_MMB_S_FLOWS] = "flows",
	[PMIP_MMB_S_DROP_NO_BINDING] = "drop_no_binding",
	[PMIP_MMB_S_FALLBACKS] = "fallbacks",
};

static const char *const dstat_names[] = {
	[PMIP_MMB_D_TX_PACKETS] = "tx_packets",
	[PMIP_MMB_D_TX_BYTES] = "tx_bytes",
	[PMIP_MMB_D_DROP_NOT_IPV6] = "drop_not_ipv6",
	[PMIP_MMB_D_DROP_NO_SESSION] = "drop_no_session",
	[PMIP_MMB_D_DROP_NO_BINDING] = "drop_no_binding",
	[PMIP_MMB_D_DROP_TUNNEL_DOWN] = "drop_tunnel_down",
	[PMIP_MMB_D_DROP_XMIT] = "drop_xmit",
	[PMIP_MMB_D_DROP_LOOP] = "drop_loop",
	[PMIP_MMB_D_SESSIONS] = "sessions",
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

static void json_enum(struct json *j, const char *key, const char *const *names,
		      size_t n, unsigned int v)
{
	const char *s = name_of(names, n, v);

	if (s)
		json_str(j, key, s);
	else
		json_u64(j, key, v);
}

static void text_enum(FILE *f, const char *key, const char *const *names,
		      size_t n, unsigned int v)
{
	const char *s = name_of(names, n, v);

	if (s)
		fprintf(f, " %s %s", key, s);
	else
		fprintf(f, " %s %u", key, v);
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

/**
 * pmip_mnid_parse() - an MN-ID from the command line
 * @s: text, or "hex:" and hex octets
 * @m: out
 *
 * Return: 0 or -EINVAL (empty or longer than PMIP_MMB_MNID_MAX).
 */
int pmip_mnid_parse(const char *s, struct pmip_mnid *m)
{
	size_t len;

	memset(m, 0, sizeof(*m));
	if (!strncmp(s, "hex:", 4)) {
		if (parse_hex_bytes(s + 4, m->id, sizeof(m->id), &len) || !len)
			return -EINVAL;
		m->len = len;
		return 0;
	}
	len = strlen(s);
	if (!len || len > sizeof(m->id))
		return -EINVAL;
	memcpy(m->id, s, len);
	m->len = len;
	return 0;
}

static int parse_prefix(const char *s, struct pmip_hnp *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	uint8_t len;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	if (inet_pton(AF_INET6, buf, p->addr) != 1)
		return -EINVAL;
	if (parse_u8(slash + 1, 0, &len) || len < 1 || len > 128)
		return -EINVAL;
	p->len = len;
	return 0;
}

static int parse_labels(const char *s, struct pmip_rule *r)
{
	char buf[64], *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	r->n_labels = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (r->n_labels == PMIP_MMB_MAX_PREF ||
		    parse_u8(tok, PARSE_HEX, &r->labels[r->n_labels]))
			return -EINVAL;
		r->n_labels++;
	}
	return r->n_labels ? 0 : -EINVAL;
}

static int parse_proto(const char *s, int *proto)
{
	uint8_t v;

	if (!strcmp(s, "tcp"))
		*proto = 6;
	else if (!strcmp(s, "udp"))
		*proto = 17;
	else if (!strcmp(s, "sctp"))
		*proto = 132;
	else if (!strcmp(s, "icmpv6"))
		*proto = 58;
	else if (!parse_u8(s, 0, &v))
		*proto = v;
	else
		return -EINVAL;
	return 0;
}

static int kw_index(const char *const *names, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], word))
			return i;
	return -1;
}

/**
 * pmip_session_args_parse() - "mnid ID [ type N ] [ role R ] ..."
 * @argc: words after DEV
 * @argv: the words
 * @add: for "session add" (needs hnp) rather than "set"
 * @a: out
 * @err: the reason of a refusal
 * @errlen: its size
 *
 * Return: 0 or -EINVAL.
 */
int pmip_session_args_parse(int argc, char **argv, bool add,
			    struct pmip_session_args *a, char *err,
			    size_t errlen)
{
	bool have_mnid = false;
	int i, v;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		const char *k = argv[i];

		if (!strcmp(k, "no-rules")) {
			if (add)
				return argerr(err, errlen, "no-rules is for set");
			a->set |= PS_RULES;
			continue;
		}
		if (!strcmp(k, "rule")) {
			struct pmip_rule *r;

			if (a->n_rules == PMIP_MMB_MAX_RULES)
				return argerr(err, errlen, "more than %d rules",
					      PMIP_MMB_MAX_RULES);
			r = &a->rules[a->n_rules];
			r->proto = -1;
			r->port = -1;
			r->n_labels = 0;
			while (i + 2 < argc) {
				const char *rk = argv[i + 1];
				uint16_t port;

				if (!strcmp(rk, "proto")) {
					if (parse_proto(argv[i + 2], &r->proto))
						return argerr(err, errlen,
							      "invalid proto '%s'",
							      argv[i + 2]);
				} else if (!strcmp(rk, "port")) {
					if (parse_u16(argv[i + 2], 0, &port))
						return argerr(err, errlen,
							      "invalid port '%s'",
							      argv[i + 2]);
					r->port = port;
				} else if (!strcmp(rk, "labels")) {
					if (parse_labels(argv[i + 2], r))
						return argerr(err, errlen,
							      "invalid labels '%s' (1 to %d numbers, comma separated)",
							      argv[i + 2],
							      PMIP_MMB_MAX_PREF);
				} else {
					break;
				}
				i += 2;
			}
			if (!r->n_labels)
				return argerr(err, errlen,
					      "a rule needs labels L1[,L2...]");
			a->n_rules++;
			a->set |= PS_RULES;
			continue;
		}
		if (i + 1 >= argc)
			return argerr(err, errlen, "'%s' needs a value", k);
		if (!strcmp(k, "mnid")) {
			if (pmip_mnid_parse(argv[++i], &a->mnid))
				return argerr(err, errlen, "invalid mnid '%s'",
					      argv[i]);
			have_mnid = true;
		} else if (!strcmp(k, "type") && add) {
			if (parse_u8(argv[++i], 0, &a->type) || !a->type)
				return argerr(err, errlen,
					      "invalid type '%s' (1..255)",
					      argv[i]);
			a->set |= PS_TYPE;
		} else if (!strcmp(k, "role") && add) {
			v = kw_index(NAMES(role_names), argv[++i]);
			if (v < 0)
				return argerr(err, errlen,
					      "invalid role '%s' (lma, mag)",
					      argv[i]);
			a->role = v;
			a->set |= PS_ROLE;
		} else if (!strcmp(k, "policy")) {
			v = kw_index(NAMES(policy_names), argv[++i]);
			if (v < 0)
				return argerr(err, errlen,
					      "invalid policy '%s' (flow, packet)",
					      argv[i]);
			a->policy = v;
			a->set |= PS_POLICY;
		} else if (!strcmp(k, "hnp")) {
			if (a->n_hnp == PMIP_MMB_MAX_HNP)
				return argerr(err, errlen, "more than %d hnp",
					      PMIP_MMB_MAX_HNP);
			if (parse_prefix(argv[++i], &a->hnp[a->n_hnp]))
				return argerr(err, errlen,
					      "invalid hnp '%s' (IPv6/LEN)",
					      argv[i]);
			a->n_hnp++;
			a->set |= PS_HNP;
		} else {
			return argerr(err, errlen, "unknown keyword '%s'", k);
		}
	}
	if (!have_mnid)
		return argerr(err, errlen, "missing mnid");
	if (add && !a->n_hnp)
		return argerr(err, errlen, "missing hnp");
	return 0;
}

static const char *const binding_op_names[] = {
	[PMIP_B_ADD] = "add",
	[PMIP_B_REFRESH] = "refresh",
	[PMIP_B_DEL] = "del",
};

/**
 * pmip_binding_args_parse() - "mnid ID bid N ..." of binding add, refresh
 * and del
 * @op: which command
 * @argc: words after DEV
 * @argv: the words
 * @a: out
 * @err: the reason of a refusal
 * @errlen: its size
 *
 * Return: 0 or -EINVAL.
 */
int pmip_binding_args_parse(enum pmip_binding_op op, int argc, char **argv,
			    struct pmip_binding_args *a, char *err,
			    size_t errlen)
{
	static const struct {
		const char *kw;
		unsigned int bit;
		unsigned int ops;	/* 1 << op where allowed */
	} kws[] = {
		{ "bid", PB_BID, 7 },
		{ "pcoa", PB_PCOA, 1 },
		{ "peer", PB_PEER, 1 },
		{ "att", PB_ATT, 1 },
		{ "label", PB_LABEL, 1 },
		{ "lifetime", PB_LIFETIME, 3 },
		{ "tunnel", PB_TUNNEL, 1 },
		{ "weight", PB_WEIGHT, 1 },
		{ "gre-key-up", PB_KEY_UP, 1 },
		{ "gre-key-down", PB_KEY_DOWN, 1 },
		{ "overwrite", PB_OVERWRITE, 1 },
		{ "bulk", PB_BULK, 2 },
	};
	bool have_mnid = false;
	size_t n;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		const char *k = argv[i], *v;
		unsigned int bit = 0;

		if (!strcmp(k, "mnid")) {
			if (i + 1 >= argc || pmip_mnid_parse(argv[++i], &a->mnid))
				return argerr(err, errlen, "invalid mnid");
			have_mnid = true;
			continue;
		}
		for (n = 0; n < ARRAY_SIZE(kws); n++)
			if (!strcmp(kws[n].kw, k) && (kws[n].ops & (1u << op)))
				bit = kws[n].bit;
		if (!bit)
			return argerr(err, errlen,
				      "unknown keyword '%s' for binding %s", k,
				      binding_op_names[op]);
		if (a->set & bit)
			return argerr(err, errlen, "'%s' given twice", k);
		a->set |= bit;
		if (bit == PB_OVERWRITE || bit == PB_BULK)
			continue;
		if (i + 1 >= argc)
			return argerr(err, errlen, "'%s' needs a value", k);
		v = argv[++i];
		switch (bit) {
		case PB_BID:
			if (parse_u8(v, 0, &a->bid) ||
			    a->bid < PMIP_MMB_BID_MIN ||
			    a->bid > PMIP_MMB_BID_MAX)
				return argerr(err, errlen,
					      "invalid bid '%s' (1..254)", v);
			break;
		case PB_PCOA:
			if (parse_addr(v, &a->pcoa))
				return argerr(err, errlen,
					      "invalid pcoa '%s'", v);
			break;
		case PB_PEER:
			if (parse_addr(v, &a->peer))
				return argerr(err, errlen,
					      "invalid peer '%s'", v);
			break;
		case PB_ATT:
			if (parse_u8(v, 0, &a->att))
				return argerr(err, errlen, "invalid att '%s'",
					      v);
			break;
		case PB_LABEL:
			if (parse_u8(v, PARSE_HEX, &a->label))
				return argerr(err, errlen,
					      "invalid label '%s'", v);
			break;
		case PB_LIFETIME:
			if (parse_u32(v, 0, &a->lifetime) || !a->lifetime ||
			    a->lifetime > PMIP_MMB_LIFETIME_MAX)
				return argerr(err, errlen,
					      "invalid lifetime '%s' (1..%u s)",
					      v, PMIP_MMB_LIFETIME_MAX);
			break;
		case PB_TUNNEL:
			if (parse_ifname(v))
				return argerr(err, errlen,
					      "invalid tunnel '%s'", v);
			snprintf(a->tunnel, sizeof(a->tunnel), "%s", v);
			break;
		case PB_WEIGHT:
			if (parse_u8(v, 0, &a->weight) || !a->weight)
				return argerr(err, errlen,
					      "invalid weight '%s' (1..255)", v);
			break;
		case PB_KEY_UP:
			if (parse_u32(v, PARSE_HEX, &a->key_up))
				return argerr(err, errlen,
					      "invalid gre-key-up '%s'", v);
			break;
		case PB_KEY_DOWN:
			if (parse_u32(v, PARSE_HEX, &a->key_down))
				return argerr(err, errlen,
					      "invalid gre-key-down '%s'", v);
			break;
		}
	}
	if (!have_mnid)
		return argerr(err, errlen, "missing mnid");
	switch (op) {
	case PMIP_B_ADD:
		if ((a->set & (PB_BID | PB_PCOA | PB_LIFETIME | PB_TUNNEL)) !=
		    (PB_BID | PB_PCOA | PB_LIFETIME | PB_TUNNEL))
			return argerr(err, errlen,
				      "binding add needs bid, pcoa, lifetime and tunnel");
		break;
	case PMIP_B_REFRESH:
		if (!(a->set & PB_LIFETIME))
			return argerr(err, errlen, "missing lifetime");
		if (!!(a->set & PB_BID) == !!(a->set & PB_BULK))
			return argerr(err, errlen,
				      "give either bid N or bulk");
		break;
	case PMIP_B_DEL:
		if (!(a->set & PB_BID))
			return argerr(err, errlen, "missing bid");
		break;
	}
	return 0;
}

/* --- printing ---------------------------------------------------------- */

static bool mnid_printable(const uint8_t *id, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isprint(id[i]) || id[i] == ' ' || id[i] == '"' ||
		    id[i] == '\\')
			return false;
	return len > 0;
}

/* text, or hex:... when some octet would not print safely */
static const char *fmt_mnid(const struct nlattr *a, char *buf, size_t size)
{
	const uint8_t *id;
	size_t len, off;

	if (!a) {
		snprintf(buf, size, "?");
		return buf;
	}
	id = mnl_attr_get_payload(a);
	len = mnl_attr_get_payload_len(a);
	if (mnid_printable(id, len)) {
		snprintf(buf, size, "%.*s", (int)len, (const char *)id);
		return buf;
	}
	off = snprintf(buf, size, "hex:");
	if (off < size)
		fmt_hex(id, len, buf + off, size - off);
	return buf;
}

static void fmt_ifname(const struct nlattr *name, const struct nlattr *idx,
		       char *buf, size_t size)
{
	uint32_t i = 0;

	if (nla_str(name, buf, size)) {
		char *p;

		for (p = buf; *p; p++)
			if ((unsigned char)*p < 0x21 || *p == 0x7f)
				*p = '?';
		return;
	}
	nla_u32(idx, &i);
	snprintf(buf, size, "if%u", i);
}

static void print_counters(struct bc_ctx *ctx, const struct nlattr *nest,
			   const char *key, const char *const *names, size_t n,
			   const char *indent)
{
	const struct nlattr *a;

	if (!nest)
		return;
	if (ctx->json)
		json_obj_open(&ctx->jw, key);
	else
		fprintf(ctx->out, "%s%s", indent, key);
	mnl_attr_for_each_nested(a, nest) {
		const char *name = name_of(names, n, mnl_attr_get_type(a));
		uint64_t v;

		if (!name || !nla_u64(a, &v))
			continue;
		if (ctx->json)
			json_u64(&ctx->jw, name, v);
		else
			fprintf(ctx->out, " %s %" PRIu64, name, v);
	}
	if (ctx->json)
		json_obj_close(&ctx->jw);
	else
		fputc('\n', ctx->out);
}

static void print_binding(struct bc_ctx *ctx, const struct nlattr *nest,
			  const char *indent)
{
	const struct nlattr *tb[PMIP_MMB_B_MAX + 1] = { 0 };
	char addr[INET6_ADDRSTRLEN], tname[IF_NAMESIZE + 8];
	uint8_t bid = 0, att = 0, label = 0, weight = 0, state = 0;
	uint32_t lifetime = 0, left = 0, key = 0;
	FILE *f = ctx->out;

	if (nla_parse_nest(nest, tb, PMIP_MMB_B_MAX))
		return;
	nla_u8(tb[PMIP_MMB_B_BID], &bid);
	nla_u8(tb[PMIP_MMB_B_ATT], &att);
	nla_u8(tb[PMIP_MMB_B_LABEL], &label);
	nla_u8(tb[PMIP_MMB_B_WEIGHT], &weight);
	nla_u8(tb[PMIP_MMB_B_STATE], &state);
	nla_u32(tb[PMIP_MMB_B_LIFETIME], &lifetime);
	nla_u32(tb[PMIP_MMB_B_EXPIRES_MS], &left);
	fmt_ifname(tb[PMIP_MMB_B_TUNNEL_NAME], tb[PMIP_MMB_B_TUNNEL], tname,
		   sizeof(tname));

	if (ctx->json) {
		struct json *j = &ctx->jw;

		json_obj_open(j, NULL);
		json_u64(j, "bid", bid);
		json_str(j, "tunnel", tname);
		if (tb[PMIP_MMB_B_PCOA])
			json_str(j, "pcoa",
				 attr_addr(tb[PMIP_MMB_B_PCOA], addr,
					   sizeof(addr)));
		if (tb[PMIP_MMB_B_PEER])
			json_str(j, "peer",
				 attr_addr(tb[PMIP_MMB_B_PEER], addr,
					   sizeof(addr)));
		json_u64(j, "att", att);
		json_u64(j, "label", label);
		json_u64(j, "weight", weight);
		json_u64(j, "lifetime", lifetime);
		json_u64(j, "expires_ms", left);
		json_enum(j, "state", NAMES(state_names), state);
		if (nla_u32(tb[PMIP_MMB_B_GRE_KEY_UP], &key))
			json_u64(j, "gre_key_up", key);
		if (nla_u32(tb[PMIP_MMB_B_GRE_KEY_DOWN], &key))
			json_u64(j, "gre_key_down", key);
		if (ctx->stats)
			print_counters(ctx, tb[PMIP_MMB_B_STATS], "stats",
				       NAMES(bstat_names), "");
		json_obj_close(j);
		return;
	}
	fprintf(f, "%sbinding %u tunnel %s", indent, bid, tname);
	if (tb[PMIP_MMB_B_PCOA])
		fprintf(f, " pcoa %s",
			attr_addr(tb[PMIP_MMB_B_PCOA], addr, sizeof(addr)));
	if (tb[PMIP_MMB_B_PEER])
		fprintf(f, " peer %s",
			attr_addr(tb[PMIP_MMB_B_PEER], addr, sizeof(addr)));
	fprintf(f, " att %u label %u weight %u lifetime %u expires %u.%03us",
		att, label, weight, lifetime, left / 1000, left % 1000);
	text_enum(f, "state", NAMES(state_names), state);
	if (nla_u32(tb[PMIP_MMB_B_GRE_KEY_UP], &key))
		fprintf(f, " gre-key-up 0x%x", key);
	if (nla_u32(tb[PMIP_MMB_B_GRE_KEY_DOWN], &key))
		fprintf(f, " gre-key-down 0x%x", key);
	fputc('\n', f);
	if (ctx->stats && tb[PMIP_MMB_B_STATS]) {
		char in[32];

		snprintf(in, sizeof(in), "%s  ", indent);
		print_counters(ctx, tb[PMIP_MMB_B_STATS], "stats",
			       NAMES(bstat_names), in);
	}
}

static void print_hnp(struct bc_ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[PMIP_MMB_P_MAX + 1] = { 0 };
	char addr[INET6_ADDRSTRLEN];
	uint8_t len = 0;

	if (nla_parse_nest(nest, tb, PMIP_MMB_P_MAX) ||
	    !tb[PMIP_MMB_P_PREFIX] ||
	    mnl_attr_get_payload_len(tb[PMIP_MMB_P_PREFIX]) != 16)
		return;
	nla_u8(tb[PMIP_MMB_P_LEN], &len);
	fmt_addr(mnl_attr_get_payload(tb[PMIP_MMB_P_PREFIX]), 16, addr,
		 sizeof(addr));
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		json_str(&ctx->jw, "prefix", addr);
		json_u64(&ctx->jw, "len", len);
		json_obj_close(&ctx->jw);
	} else {
		fprintf(ctx->out, "  hnp %s/%u\n", addr, len);
	}
}

static void print_rule(struct bc_ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *tb[PMIP_MMB_R_MAX + 1] = { 0 };
	const uint8_t *labels;
	uint8_t proto;
	uint16_t port;
	size_t n, i;

	if (nla_parse_nest(nest, tb, PMIP_MMB_R_MAX) || !tb[PMIP_MMB_R_LABELS])
		return;
	labels = mnl_attr_get_payload(tb[PMIP_MMB_R_LABELS]);
	n = mnl_attr_get_payload_len(tb[PMIP_MMB_R_LABELS]);
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		if (nla_u8(tb[PMIP_MMB_R_PROTO], &proto))
			json_u64(&ctx->jw, "proto", proto);
		if (nla_u16(tb[PMIP_MMB_R_PORT], &port))
			json_u64(&ctx->jw, "port", port);
		json_arr_open(&ctx->jw, "labels");
		for (i = 0; i < n; i++)
			json_u64(&ctx->jw, NULL, labels[i]);
		json_arr_close(&ctx->jw);
		json_obj_close(&ctx->jw);
		return;
	}
	fputs("  rule", ctx->out);
	if (nla_u8(tb[PMIP_MMB_R_PROTO], &proto))
		fprintf(ctx->out, " proto %u", proto);
	if (nla_u16(tb[PMIP_MMB_R_PORT], &port))
		fprintf(ctx->out, " port %u", port);
	fputs(" labels ", ctx->out);
	for (i = 0; i < n; i++)
		fprintf(ctx->out, "%s%u", i ? "," : "", labels[i]);
	fputc('\n', ctx->out);
}

/* every nested attribute of @type through @fn; with JSON and @key, in an
 * array @key that is left out when there is none
 */
static void print_each(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
		       uint16_t type, const char *key,
		       void (*fn)(struct bc_ctx *ctx, const struct nlattr *a))
{
	const struct nlattr *a;
	bool open = false;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != type ||
		    mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			continue;
		if (ctx->json && key && !open) {
			json_arr_open(&ctx->jw, key);
			open = true;
		}
		fn(ctx, a);
	}
	if (open)
		json_arr_close(&ctx->jw);
}

static void print_binding_plain(struct bc_ctx *ctx, const struct nlattr *a)
{
	print_binding(ctx, a, "  ");
}

/* a SESSION_GET reply or SESSION_NTF */
static void print_session(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
			  const struct nlattr **tb, const char *event)
{
	char dev[IF_NAMESIZE + 8], mnid[2 * PMIP_MMB_MNID_MAX + 8];
	uint8_t type = 0, role = 0, policy = 0;
	bool has_cfg;

	fmt_ifname(tb[PMIP_MMB_A_IFNAME], tb[PMIP_MMB_A_IFINDEX], dev,
		   sizeof(dev));
	fmt_mnid(tb[PMIP_MMB_A_MNID], mnid, sizeof(mnid));
	has_cfg = nla_u8(tb[PMIP_MMB_A_MNID_TYPE], &type);
	nla_u8(tb[PMIP_MMB_A_ROLE], &role);
	nla_u8(tb[PMIP_MMB_A_POLICY], &policy);
	if (ctx->json) {
		struct json *j = &ctx->jw;

		json_obj_open(j, NULL);
		if (event)
			json_str(j, "event", event);
		json_str(j, "dev", dev);
		json_str(j, "mnid", mnid);
		if (has_cfg) {
			json_u64(j, "mnid_type", type);
			json_enum(j, "role", NAMES(role_names), role);
			json_enum(j, "policy", NAMES(policy_names), policy);
		}
		print_each(ctx, nlh, PMIP_MMB_A_HNP, "hnp", print_hnp);
		print_each(ctx, nlh, PMIP_MMB_A_RULE, "rules", print_rule);
		if (!event) {
			json_arr_open(j, "bindings");
			print_each(ctx, nlh, PMIP_MMB_A_BINDING, NULL,
				   print_binding_plain);
			json_arr_close(j);
		}
		if (ctx->stats)
			print_counters(ctx, tb[PMIP_MMB_A_STATS], "stats",
				       NAMES(sstat_names), "");
		json_obj_close(j);
		return;
	}
	if (event)
		fprintf(ctx->out, "[%s] ", event);
	fprintf(ctx->out, "%s mnid %s", dev, mnid);
	if (has_cfg) {
		fprintf(ctx->out, " type %u", type);
		text_enum(ctx->out, "role", NAMES(role_names), role);
		text_enum(ctx->out, "policy", NAMES(policy_names), policy);
	}
	fputc('\n', ctx->out);
	print_each(ctx, nlh, PMIP_MMB_A_HNP, NULL, print_hnp);
	print_each(ctx, nlh, PMIP_MMB_A_RULE, NULL, print_rule);
	print_each(ctx, nlh, PMIP_MMB_A_BINDING, NULL, print_binding_plain);
	if (ctx->stats)
		print_counters(ctx, tb[PMIP_MMB_A_STATS], "  stats",
			       NAMES(sstat_names), "");
}

static void print_binding_ntf(struct bc_ctx *ctx, const struct nlmsghdr *nlh,
			      const struct nlattr **tb, const char *event)
{
	char dev[IF_NAMESIZE + 8], mnid[2 * PMIP_MMB_MNID_MAX + 8];
	char prefix[sizeof(dev) + sizeof(mnid) + 64];
	const struct nlattr *a;

	fmt_ifname(tb[PMIP_MMB_A_IFNAME], tb[PMIP_MMB_A_IFINDEX], dev,
		   sizeof(dev));
	fmt_mnid(tb[PMIP_MMB_A_MNID], mnid, sizeof(mnid));
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		json_str(&ctx->jw, "event", event);
		json_str(&ctx->jw, "dev", dev);
		json_str(&ctx->jw, "mnid", mnid);
		mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
			if (mnl_attr_get_type(a) == PMIP_MMB_A_BINDING) {
				json_arr_open(&ctx->jw, "bindings");
				print_binding(ctx, a, "");
				json_arr_close(&ctx->jw);
				break;
			}
		json_obj_close(&ctx->jw);
		return;
	}
	snprintf(prefix, sizeof(prefix), "[%s] %s mnid %s ", event, dev, mnid);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == PMIP_MMB_A_BINDING) {
			print_binding(ctx, a, prefix);
			return;
		}
	fprintf(ctx->out, "%s\n", prefix);
}

static void print_dev(struct bc_ctx *ctx, const struct nlattr **tb)
{
	char dev[IF_NAMESIZE + 8];

	fmt_ifname(tb[PMIP_MMB_A_IFNAME], tb[PMIP_MMB_A_IFINDEX], dev,
		   sizeof(dev));
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		json_str(&ctx->jw, "dev", dev);
		print_counters(ctx, tb[PMIP_MMB_A_DEV_STATS], "stats",
			       NAMES(dstat_names), "");
		json_obj_close(&ctx->jw);
		return;
	}
	fprintf(ctx->out, "%s\n", dev);
	print_counters(ctx, tb[PMIP_MMB_A_DEV_STATS], "  stats",
		       NAMES(dstat_names), "");
}

/**
 * pmip_print() - print a reply or notification of the family
 * @ctx: output settings
 * @nlh: the message
 *
 * Return: 0 (a message that does not parse is skipped).
 */
int pmip_print(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[PMIP_MMB_A_MAX + 1] = { 0 };
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const char *event = NULL;
	char evbuf[32];
	uint8_t ev;

	if (nla_parse_genl(nlh, tb, PMIP_MMB_A_MAX) < 0)
		return 0;
	if (nla_u8(tb[PMIP_MMB_A_EVENT], &ev)) {
		event = name_of(NAMES(event_names), ev);
		if (!event) {
			snprintf(evbuf, sizeof(evbuf), "event-%u", ev);
			event = evbuf;
		}
	}
	switch (g->cmd) {
	case PMIP_MMB_CMD_SESSION_GET:
	case PMIP_MMB_CMD_SESSION_NTF:
		print_session(ctx, nlh, tb, event);
		break;
	case PMIP_MMB_CMD_BINDING_NTF:
		print_binding_ntf(ctx, nlh, tb, event ? event : "binding");
		break;
	case PMIP_MMB_CMD_DEV_GET:
		print_dev(ctx, tb);
		break;
	default:
		break;
	}
	fflush(ctx->out);
	return 0;
}

/* --- requests ---------------------------------------------------------- */

static struct nlmsghdr *pm_start(struct bc_ctx *ctx, uint8_t cmd)
{
	const struct genl_family_info *fi = bc_family(ctx, &pmip_mmb_family);

	if (!fi)
		return NULL;
	return genl_msg(&ctx->genl, fi->id, cmd, PMIP_MMB_GENL_VERSION, 0);
}

static int dev_index(const char *what, const char *name)
{
	return bc_ifindex(what, name);
}

static void put_session(struct nlmsghdr *nlh, const struct pmip_session_args *a)
{
	unsigned int i;

	for (i = 0; i < a->n_hnp; i++) {
		struct nlattr *n = mnl_attr_nest_start(nlh, PMIP_MMB_A_HNP);

		mnl_attr_put(nlh, PMIP_MMB_P_PREFIX, 16, a->hnp[i].addr);
		mnl_attr_put_u8(nlh, PMIP_MMB_P_LEN, a->hnp[i].len);
		mnl_attr_nest_end(nlh, n);
	}
	for (i = 0; i < a->n_rules; i++) {
		const struct pmip_rule *r = &a->rules[i];
		struct nlattr *n = mnl_attr_nest_start(nlh, PMIP_MMB_A_RULE);

		if (r->proto >= 0)
			mnl_attr_put_u8(nlh, PMIP_MMB_R_PROTO, r->proto);
		if (r->port >= 0)
			mnl_attr_put_u16(nlh, PMIP_MMB_R_PORT, r->port);
		mnl_attr_put(nlh, PMIP_MMB_R_LABELS, r->n_labels, r->labels);
		mnl_attr_nest_end(nlh, n);
	}
	if (a->set & PS_POLICY)
		mnl_attr_put_u8(nlh, PMIP_MMB_A_POLICY, a->policy);
}

static int session_cmd(struct bc_ctx *ctx, int argc, char **argv)
{
	struct pmip_session_args a;
	char err[160], what[96];
	struct nlmsghdr *nlh;
	const char *op;
	int ifindex;
	uint8_t cmd;

	if (argc < 2)
		return bc_usage(OBJ_PMIP, "pmip session: missing command");
	op = argv[1];
	if (!strcmp(op, "show") || !strcmp(op, "list"))
		return -1;	/* handled by the caller */
	if (!strcmp(op, "add"))
		cmd = PMIP_MMB_CMD_SESSION_ADD;
	else if (!strcmp(op, "set"))
		cmd = PMIP_MMB_CMD_SESSION_SET;
	else if (!strcmp(op, "del") || !strcmp(op, "delete"))
		cmd = PMIP_MMB_CMD_SESSION_DEL;
	else
		return bc_usage(OBJ_PMIP, "pmip session: unknown command '%s'",
				op);
	if (argc < 3)
		return bc_usage(OBJ_PMIP, "pmip session %s: missing DEV", op);
	if (pmip_session_args_parse(argc - 3, argv + 3,
				    cmd == PMIP_MMB_CMD_SESSION_ADD, &a, err,
				    sizeof(err)))
		return bc_usage(OBJ_PMIP, "pmip session %s: %s", op, err);
	if (cmd == PMIP_MMB_CMD_SESSION_DEL && a.set)
		return bc_usage(OBJ_PMIP,
				"pmip session del: only DEV and mnid");
	if (cmd == PMIP_MMB_CMD_SESSION_SET && !a.set)
		return bc_usage(OBJ_PMIP, "pmip session set: nothing to set");
	snprintf(what, sizeof(what), "pmip session %s %s", op, argv[2]);
	ifindex = dev_index(what, argv[2]);
	if (!ifindex)
		return BC_EXIT_ERR;
	nlh = pm_start(ctx, cmd);
	if (!nlh)
		return BC_EXIT_ERR;
	mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, ifindex);
	mnl_attr_put(nlh, PMIP_MMB_A_MNID, a.mnid.len, a.mnid.id);
	if (a.set & PS_TYPE)
		mnl_attr_put_u8(nlh, PMIP_MMB_A_MNID_TYPE, a.type);
	if (a.set & PS_ROLE)
		mnl_attr_put_u8(nlh, PMIP_MMB_A_ROLE, a.role);
	put_session(nlh, &a);
	/* "no-rules": an empty flags attribute asks to delete all rules */
	if (cmd == PMIP_MMB_CMD_SESSION_SET && (a.set & PS_RULES) &&
	    !a.n_rules)
		mnl_attr_put_u32(nlh, PMIP_MMB_A_FLAGS, 0);
	return nl_transact(&ctx->genl, nlh, NULL, NULL, what, 0) ?
	       BC_EXIT_ERR : BC_EXIT_OK;
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
	return pmip_print(st->ctx, nlh);
}

/* session show [ DEV [ mnid ID ] ], binding show DEV mnid ID */
static int session_show(struct bc_ctx *ctx, int argc, char **argv,
			const char *obj)
{
	struct show_state st = { ctx, 0 };
	struct pmip_mnid mnid;
	struct nlmsghdr *nlh;
	char what[96];
	int ifindex = 0, err;
	bool one = false;

	if (argc > 4 && strcmp(argv[3], "mnid"))
		return bc_usage(OBJ_PMIP, "pmip %s show: unexpected '%s'", obj,
				argv[3]);
	if (argc > 5)
		return bc_usage(OBJ_PMIP, "pmip %s show: unexpected '%s'", obj,
				argv[5]);
	if (argc == 4)
		return bc_usage(OBJ_PMIP, "pmip %s show: '%s' needs a value",
				obj, argv[3]);
	if (argc == 5) {
		if (pmip_mnid_parse(argv[4], &mnid))
			return bc_usage(OBJ_PMIP, "pmip %s show: invalid mnid",
					obj);
		one = true;
	}
	snprintf(what, sizeof(what), "pmip %s show%s%s", obj,
		 argc > 2 ? " " : "", argc > 2 ? argv[2] : "");
	if (argc > 2) {
		ifindex = dev_index(what, argv[2]);
		if (!ifindex)
			return BC_EXIT_ERR;
	}
	nlh = pm_start(ctx, PMIP_MMB_CMD_SESSION_GET);
	if (!nlh)
		return BC_EXIT_ERR;
	if (ifindex)
		mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, ifindex);
	if (ctx->json)
		json_arr_open(&ctx->jw, NULL);
	if (one) {
		mnl_attr_put(nlh, PMIP_MMB_A_MNID, mnid.len, mnid.id);
		err = nl_transact(&ctx->genl, nlh, show_cb, &st, what, 0);
	} else {
		err = nl_dump(&ctx->genl, nlh, show_cb, &st, what);
	}
	if (ctx->json)
		json_arr_close(&ctx->jw);
	fflush(ctx->out);
	return err ? BC_EXIT_ERR : BC_EXIT_OK;
}

static int pmip_session(struct bc_ctx *ctx, int argc, char **argv)
{
	int r = session_cmd(ctx, argc, argv);

	return r < 0 ? session_show(ctx, argc, argv, "session") : r;
}

static int pmip_binding(struct bc_ctx *ctx, int argc, char **argv)
{
	struct pmip_binding_args a;
	enum pmip_binding_op op;
	char err[160], what[96];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int ifindex, tun = 0;
	uint8_t cmd;

	if (argc < 2)
		return bc_usage(OBJ_PMIP, "pmip binding: missing command");
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		return session_show(ctx, argc, argv, "binding");
	if (!strcmp(argv[1], "add")) {
		op = PMIP_B_ADD;
		cmd = PMIP_MMB_CMD_BINDING_ADD;
	} else if (!strcmp(argv[1], "refresh")) {
		op = PMIP_B_REFRESH;
		cmd = PMIP_MMB_CMD_BINDING_REFRESH;
	} else if (!strcmp(argv[1], "del") || !strcmp(argv[1], "delete")) {
		op = PMIP_B_DEL;
		cmd = PMIP_MMB_CMD_BINDING_DEL;
	} else {
		return bc_usage(OBJ_PMIP, "pmip binding: unknown command '%s'",
				argv[1]);
	}
	if (argc < 3)
		return bc_usage(OBJ_PMIP, "pmip binding %s: missing DEV",
				argv[1]);
	if (pmip_binding_args_parse(op, argc - 3, argv + 3, &a, err,
				    sizeof(err)))
		return bc_usage(OBJ_PMIP, "pmip binding %s: %s", argv[1], err);
	snprintf(what, sizeof(what), "pmip binding %s %s", argv[1], argv[2]);
	ifindex = dev_index(what, argv[2]);
	if (!ifindex)
		return BC_EXIT_ERR;
	if (a.set & PB_TUNNEL) {
		tun = dev_index(what, a.tunnel);
		if (!tun)
			return BC_EXIT_ERR;
	}
	nlh = pm_start(ctx, cmd);
	if (!nlh)
		return BC_EXIT_ERR;
	mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, ifindex);
	mnl_attr_put(nlh, PMIP_MMB_A_MNID, a.mnid.len, a.mnid.id);
	if (a.set & PB_OVERWRITE)
		mnl_attr_put_u32(nlh, PMIP_MMB_A_FLAGS, PMIP_MMB_F_OVERWRITE);
	if (a.set & PB_BULK)
		mnl_attr_put_u32(nlh, PMIP_MMB_A_FLAGS, PMIP_MMB_F_BULK);
	nest = mnl_attr_nest_start(nlh, PMIP_MMB_A_BINDING);
	if (a.set & PB_BID)
		mnl_attr_put_u8(nlh, PMIP_MMB_B_BID, a.bid);
	if (a.set & PB_PCOA)
		mnl_attr_put(nlh, PMIP_MMB_B_PCOA, bc_addr_len(&a.pcoa),
			     a.pcoa.a);
	if (a.set & PB_PEER)
		mnl_attr_put(nlh, PMIP_MMB_B_PEER, bc_addr_len(&a.peer),
			     a.peer.a);
	if (a.set & PB_ATT)
		mnl_attr_put_u8(nlh, PMIP_MMB_B_ATT, a.att);
	if (a.set & PB_LABEL)
		mnl_attr_put_u8(nlh, PMIP_MMB_B_LABEL, a.label);
	if (a.set & PB_LIFETIME)
		mnl_attr_put_u32(nlh, PMIP_MMB_B_LIFETIME, a.lifetime);
	if (a.set & PB_TUNNEL)
		mnl_attr_put_u32(nlh, PMIP_MMB_B_TUNNEL, tun);
	if (a.set & PB_WEIGHT)
		mnl_attr_put_u8(nlh, PMIP_MMB_B_WEIGHT, a.weight);
	if (a.set & PB_KEY_UP)
		mnl_attr_put_u32(nlh, PMIP_MMB_B_GRE_KEY_UP, a.key_up);
	if (a.set & PB_KEY_DOWN)
		mnl_attr_put_u32(nlh, PMIP_MMB_B_GRE_KEY_DOWN, a.key_down);
	mnl_attr_nest_end(nlh, nest);
	return nl_transact(&ctx->genl, nlh, NULL, NULL, what, 0) ?
	       BC_EXIT_ERR : BC_EXIT_OK;
}

/* dev show [ DEV ], dev stats-reset DEV */
static int pmip_dev(struct bc_ctx *ctx, int argc, char **argv)
{
	struct show_state st = { ctx, 0 };
	struct nlmsghdr *nlh;
	char what[96];
	int ifindex = 0, err;
	bool reset;

	if (argc < 2 || !strcmp(argv[1], "show") || !strcmp(argv[1], "list"))
		reset = false;
	else if (!strcmp(argv[1], "stats-reset"))
		reset = true;
	else
		return bc_usage(OBJ_PMIP, "pmip dev: unknown command '%s'",
				argv[1]);
	if (argc > 3)
		return bc_usage(OBJ_PMIP, "pmip dev: unexpected '%s'", argv[3]);
	if (reset && argc < 3)
		return bc_usage(OBJ_PMIP, "pmip dev stats-reset: missing DEV");
	snprintf(what, sizeof(what), "pmip dev %s%s%s",
		 reset ? "stats-reset" : "show", argc > 2 ? " " : "",
		 argc > 2 ? argv[2] : "");
	if (argc > 2) {
		ifindex = dev_index(what, argv[2]);
		if (!ifindex)
			return BC_EXIT_ERR;
	}
	nlh = pm_start(ctx, reset ? PMIP_MMB_CMD_STATS_RESET :
				    PMIP_MMB_CMD_DEV_GET);
	if (!nlh)
		return BC_EXIT_ERR;
	if (ifindex)
		mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, ifindex);
	if (reset)
		return nl_transact(&ctx->genl, nlh, NULL, NULL, what, 0) ?
		       BC_EXIT_ERR : BC_EXIT_OK;
	if (ctx->json)
		json_arr_open(&ctx->jw, NULL);
	if (ifindex)
		err = nl_transact(&ctx->genl, nlh, show_cb, &st, what, 0);
	else
		err = nl_dump(&ctx->genl, nlh, show_cb, &st, what);
	if (ctx->json)
		json_arr_close(&ctx->jw);
	fflush(ctx->out);
	return err ? BC_EXIT_ERR : BC_EXIT_OK;
}

static void pmip_usage(FILE *f)
{
	fputs("Usage: bondctl pmip session add DEV mnid ID hnp PREFIX/LEN [ hnp ... ]\n"
	      "                  [ type N ] [ role { lma | mag } ] [ policy { flow | packet } ]\n"
	      "                  [ RULE ... ]\n"
	      "       bondctl pmip session set DEV mnid ID [ policy P ] [ hnp ... ]\n"
	      "                  [ RULE ... | no-rules ]\n"
	      "       bondctl pmip session del DEV mnid ID\n"
	      "       bondctl pmip session show [ DEV [ mnid ID ] ]\n"
	      "       bondctl pmip binding add DEV mnid ID bid N pcoa ADDR tunnel IFNAME\n"
	      "                  lifetime SEC [ peer ADDR ] [ att N ] [ label N ]\n"
	      "                  [ weight W ] [ gre-key-up K ] [ gre-key-down K ]\n"
	      "                  [ overwrite ]\n"
	      "       bondctl pmip binding refresh DEV mnid ID { bid N | bulk } lifetime SEC\n"
	      "       bondctl pmip binding del DEV mnid ID bid N\n"
	      "       bondctl pmip binding show DEV [ mnid ID ]\n"
	      "       bondctl pmip dev show [ DEV ]\n"
	      "       bondctl pmip dev stats-reset DEV\n"
	      "RULE := rule [ proto { tcp | udp | sctp | N } ] [ port P ] labels L1[,L2...]\n"
	      "ID: text such as mn1@example.net, or hex:0102ab. DEV: a pmip_mmb device\n"
	      "(ip link add pm0 type pmip_mmb). bid 1..254; overwrite = RFC 8278 O flag,\n"
	      "bulk = B flag.\n", f);
}

static const struct bc_cmd pmip_cmds[] = {
	{ "session", pmip_session },
	{ "binding", pmip_binding },
	{ "dev", pmip_dev },
	{ NULL, NULL },
};

static const struct bc_object pmip_objects[] = {
	{ OBJ_PMIP, "PMIPv6 multipath sessions and bindings (RFC 8278)",
	  pmip_cmds, NULL, pmip_usage },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const char *const pmip_mcgrps[] = {
	PMIP_MMB_MCGRP_EVENTS,
	NULL,
};

const struct bc_family pmip_mmb_family = {
	.genl_name = PMIP_MMB_GENL_NAME,
	.module = "pmip_mmb",
	.objects = pmip_objects,
	.mcgrps = pmip_mcgrps,
	.monitor = pmip_print,
};
