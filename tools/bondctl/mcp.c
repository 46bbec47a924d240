// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: "mcp show | set | prefix add/del | conversions | stats-reset",
 * over the mcp_proxy generic netlink family
 * (include/uapi/linux/mcp_proxy.h). Counters are named by the kernel.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mcp_proxy.h>

#include "mcp.h"
#include "parse.h"

#define OBJ_MCP	"mcp"

/* --- parsers (pure) ------------------------------------------------------ */

int mcp_parse_prefix4(const char *s, uint8_t addr[4], uint8_t *len)
{
	char buf[INET_ADDRSTRLEN + 4];
	const char *slash = strchr(s, '/');
	uint32_t a, mask;
	uint8_t l;
	int err;

	if (!slash || (size_t)(slash - s) >= INET_ADDRSTRLEN)
		return -EINVAL;
	memcpy(buf, s, slash - s);
	buf[slash - s] = 0;
	if (inet_pton(AF_INET, buf, addr) != 1)
		return -EINVAL;
	err = parse_u8(slash + 1, 0, &l);
	if (err)
		return err;
	if (l > 32)
		return -ERANGE;
	a = ((uint32_t)addr[0] << 24) | (addr[1] << 16) | (addr[2] << 8) |
	    addr[3];
	mask = l ? ~0u << (32 - l) : 0;
	if (a & ~mask)
		return -EINVAL;
	*len = l;
	return 0;
}

int mcp_parse_prefix6(const char *s, uint8_t addr[16], uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	unsigned int i;
	uint8_t l;
	int err;

	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, slash - s);
	buf[slash - s] = 0;
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return -EINVAL;
	err = parse_u8(slash + 1, 0, &l);
	if (err)
		return err;
	if (l > 128)
		return -ERANGE;
	/* no host bits: every bit from l on is zero */
	for (i = l; i < 128; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return -EINVAL;
	*len = l;
	return 0;
}

static const struct kw mcp_modes[] = {
	{ "explicit", MCP_PROXY_MODE_EXPLICIT },
	{ "onpath", MCP_PROXY_MODE_ONPATH },
	{ "both", MCP_PROXY_MODE_EXPLICIT | MCP_PROXY_MODE_ONPATH },
	{ "upstream", MCP_PROXY_MODE_UPSTREAM },
	{ "upstream-transparent",
	  MCP_PROXY_MODE_UPSTREAM | MCP_PROXY_MODE_TRANSPARENT },
	{ "upstream-onpath",
	  MCP_PROXY_MODE_UPSTREAM | MCP_PROXY_MODE_UPSTREAM_ONPATH },
	{ "off", 0 },
	{ NULL, 0 },
};

static const struct kw mcp_on_off[] = {
	{ "on", 1 },
	{ "off", 0 },
	{ NULL, 0 },
};

/*
 * An address of either family: the value's family says which of @a4 and
 * @a6 it sets (so a key given twice sets both), and which of @bit4 and
 * @bit6 goes into @set
 */
static int parse_either_addr(const char *v, void *a4, void *a6,
			     unsigned int bit4, unsigned int bit6,
			     unsigned int *set)
{
	if (inet_pton(AF_INET, v, a4) == 1) {
		*set |= bit4;
		return 0;
	}
	*set |= bit6;
	return inet_pton(AF_INET6, v, a6) == 1 ? 0 : -EINVAL;
}

int mcp_parse_set(int argc, char **argv, struct mcp_set *out, char *err,
		  size_t errlen)
{
	struct mcp_set s = { 0 };
	int i, mode, on, r;

	for (i = 0; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!v) {
			snprintf(err, errlen, "'%s' needs a value", k);
			return -EINVAL;
		}
		if (!strcmp(k, "mode")) {
			r = kw_lookup(mcp_modes, v, &mode) ? -EINVAL : 0;
			s.mode = mode;
			s.set |= MS_MODE;
		} else if (!strcmp(k, "addr")) {
			r = parse_either_addr(v, s.addr4, s.addr6, MS_ADDR,
					      MS_ADDR6, &s.set);
		} else if (!strcmp(k, "port")) {
			r = parse_u16(v, 0, &s.port);
			if (!r && !s.port)
				r = -ERANGE;
			s.set |= MS_PORT;
		} else if (!strcmp(k, "half-open-max")) {
			r = parse_u32(v, 0, &s.half_open_max);
			s.set |= MS_HALF_OPEN_MAX;
		} else if (!strcmp(k, "per-subscriber-max")) {
			r = parse_u32(v, 0, &s.per_sub_max);
			s.set |= MS_PER_SUB_MAX;
		} else if (!strcmp(k, "subflows-max")) {
			r = parse_u32(v, 0, &s.subflows_max);
			s.set |= MS_SUBFLOWS_MAX;
		} else if (!strcmp(k, "half-open-timeout")) {
			r = parse_u32(v, 0, &s.half_open_ms);
			s.set |= MS_HALF_OPEN_TMO;
		} else if (!strcmp(k, "idle-timeout")) {
			r = parse_u32(v, 0, &s.idle_s);
			s.set |= MS_IDLE_TMO;
		} else if (!strcmp(k, "mcp-addr")) {
			r = parse_either_addr(v, s.up_addr4, s.up_addr6,
					      MS_UP_ADDR, MS_UP_ADDR6, &s.set);
		} else if (!strcmp(k, "lan-dev")) {
			/* "any" clears it; the name is resolved when sent */
			r = strlen(v) < sizeof(s.up_dev) && *v ? 0 : -EINVAL;
			if (!r)
				strcpy(s.up_dev, v);
			s.set |= MS_UP_DEV;
		} else if (!strcmp(k, "lan-port")) {
			r = parse_u16(v, 0, &s.up_port);
			if (!r && !s.up_port)
				r = -ERANGE;
			s.set |= MS_UP_PORT;
		} else if (!strcmp(k, "up-local")) {
			r = kw_lookup(mcp_on_off, v, &on) ? -EINVAL : 0;
			s.up_local = on;
			s.set |= MS_UP_LOCAL;
		} else {
			snprintf(err, errlen, "unknown parameter '%s'", k);
			return -EINVAL;
		}
		if (r) {
			snprintf(err, errlen, "%s '%s': %s", k, v,
				 r == -ERANGE ? "out of range" : "invalid");
			return -EINVAL;
		}
	}
	if (!s.set) {
		snprintf(err, errlen, "nothing to set");
		return -EINVAL;
	}
	*out = s;
	return 0;
}

/* --- requests ------------------------------------------------------------ */

static struct nlmsghdr *mcp_start(struct bc_ctx *ctx, uint8_t cmd,
				  uint16_t flags)
{
	const struct genl_family_info *fi = bc_family(ctx, &mcp_family);

	if (!fi)
		return NULL;
	return genl_msg(&ctx->genl, fi->id, cmd, MCP_PROXY_GENL_VERSION,
			flags);
}

static const char *mcp_mode_name(uint32_t mode)
{
	unsigned int i;

	for (i = 0; mcp_modes[i].name; i++)
		if ((uint32_t)mcp_modes[i].val == mode)
			return mcp_modes[i].name;
	return "unknown";
}

static void mcp_print_prefixes(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *tb[MCP_PROXY_P_MAX + 1];
	char buf[INET6_ADDRSTRLEN];
	uint8_t len;

	if (ctx->json)
		json_arr_open(&ctx->jw, "prefixes");
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		const struct nlattr *pa;

		if (mnl_attr_get_type(a) != MCP_PROXY_A_PREFIX ||
		    nla_parse_nest(a, tb, MCP_PROXY_P_MAX) ||
		    !nla_u8(tb[MCP_PROXY_P_LEN], &len))
			continue;
		pa = tb[MCP_PROXY_P_ADDR4] ? tb[MCP_PROXY_P_ADDR4] :
					     tb[MCP_PROXY_P_ADDR6];
		if (!pa)
			continue;
		fmt_addr(mnl_attr_get_payload(pa), mnl_attr_get_payload_len(pa),
			 buf, sizeof(buf));
		if (ctx->json) {
			char p[INET6_ADDRSTRLEN + 4];

			snprintf(p, sizeof(p), "%s/%u", buf, len);
			json_str(&ctx->jw, NULL, p);
		} else {
			fprintf(ctx->out, "prefix %s/%u\n", buf, len);
		}
	}
	if (ctx->json)
		json_arr_close(&ctx->jw);
}

static void mcp_print_counters(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *a, *tb[MCP_PROXY_C_MAX + 1];
	char name[64];
	uint64_t v;

	if (ctx->json)
		json_obj_open(&ctx->jw, "counters");
	else
		fprintf(ctx->out, "counters:\n");
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != MCP_PROXY_A_COUNTER ||
		    nla_parse_nest(a, tb, MCP_PROXY_C_MAX) ||
		    !nla_str(tb[MCP_PROXY_C_NAME], name, sizeof(name)) ||
		    !nla_u64(tb[MCP_PROXY_C_VALUE], &v))
			continue;
		/* one -s: the counters that moved; two: all of them */
		if (!v && ctx->stats < 2)
			continue;
		if (ctx->json)
			json_u64(&ctx->jw, name, v);
		else
			fprintf(ctx->out, "  %s %llu\n", name,
				(unsigned long long)v);
	}
	if (ctx->json)
		json_obj_close(&ctx->jw);
}

static int mcp_show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[MCP_PROXY_A_MAX + 1] = { NULL };
	struct bc_ctx *ctx = data;
	uint32_t mode = 0, hmax = 0, smax = 0, fmax = 0, hms = 0, is = 0;
	uint32_t half = 0, act = 0;
	uint16_t port = 0;
	uint8_t pp = 0, listening = 0, up_listening = 0, listening6 = 0;
	uint8_t up_local = 0;
	char addr[INET6_ADDRSTRLEN] = "0.0.0.0";
	char addr6[INET6_ADDRSTRLEN] = "::";
	char up_addr[INET6_ADDRSTRLEN] = "0.0.0.0";
	char up_addr6[INET6_ADDRSTRLEN] = "::";
	char up_dev[IF_NAMESIZE] = "any";
	uint32_t up_ifindex = 0, up_active = 0, sie_pending = 0;
	uint16_t up_port = 0;

	if (nla_parse_genl(nlh, tb, MCP_PROXY_A_MAX))
		return -EBADMSG;
	nla_u32(tb[MCP_PROXY_A_MODE], &mode);
	if (tb[MCP_PROXY_A_ADDR4])
		fmt_addr(mnl_attr_get_payload(tb[MCP_PROXY_A_ADDR4]),
			 mnl_attr_get_payload_len(tb[MCP_PROXY_A_ADDR4]),
			 addr, sizeof(addr));
	nla_u16(tb[MCP_PROXY_A_LISTEN_PORT], &port);
	nla_u32(tb[MCP_PROXY_A_HALF_OPEN_MAX], &hmax);
	nla_u32(tb[MCP_PROXY_A_PER_SUBSCRIBER_MAX], &smax);
	nla_u32(tb[MCP_PROXY_A_SUBFLOWS_MAX], &fmax);
	nla_u32(tb[MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS], &hms);
	nla_u32(tb[MCP_PROXY_A_IDLE_TIMEOUT_S], &is);
	nla_u8(tb[MCP_PROXY_A_PP_SUBTYPE], &pp);
	nla_u32(tb[MCP_PROXY_A_HALF_OPEN], &half);
	nla_u32(tb[MCP_PROXY_A_ACTIVE], &act);
	nla_u8(tb[MCP_PROXY_A_LISTENING], &listening);
	if (tb[MCP_PROXY_A_ADDR6])
		fmt_addr(mnl_attr_get_payload(tb[MCP_PROXY_A_ADDR6]),
			 mnl_attr_get_payload_len(tb[MCP_PROXY_A_ADDR6]),
			 addr6, sizeof(addr6));
	nla_u8(tb[MCP_PROXY_A_LISTENING6], &listening6);
	if (tb[MCP_PROXY_A_UPSTREAM_ADDR4])
		fmt_addr(mnl_attr_get_payload(tb[MCP_PROXY_A_UPSTREAM_ADDR4]),
			 mnl_attr_get_payload_len(tb[MCP_PROXY_A_UPSTREAM_ADDR4]),
			 up_addr, sizeof(up_addr));
	if (tb[MCP_PROXY_A_UPSTREAM_ADDR6])
		fmt_addr(mnl_attr_get_payload(tb[MCP_PROXY_A_UPSTREAM_ADDR6]),
			 mnl_attr_get_payload_len(tb[MCP_PROXY_A_UPSTREAM_ADDR6]),
			 up_addr6, sizeof(up_addr6));
	nla_u32(tb[MCP_PROXY_A_UPSTREAM_IFINDEX], &up_ifindex);
	if (up_ifindex && !if_indextoname(up_ifindex, up_dev))
		snprintf(up_dev, sizeof(up_dev), "%u", up_ifindex);
	nla_u16(tb[MCP_PROXY_A_UPSTREAM_PORT], &up_port);
	nla_u8(tb[MCP_PROXY_A_UPSTREAM_LISTENING], &up_listening);
	nla_u32(tb[MCP_PROXY_A_UPSTREAM_ACTIVE], &up_active);
	nla_u8(tb[MCP_PROXY_A_UPSTREAM_LOCAL], &up_local);
	nla_u32(tb[MCP_PROXY_A_SYN_IE_PENDING], &sie_pending);

	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		json_str(&ctx->jw, "mode", mcp_mode_name(mode));
		json_str(&ctx->jw, "addr", addr);
		json_u64(&ctx->jw, "listen_port", port);
		json_bool(&ctx->jw, "listening", listening);
		json_str(&ctx->jw, "addr6", addr6);
		json_bool(&ctx->jw, "listening6", listening6);
		json_u64(&ctx->jw, "half_open_max", hmax);
		json_u64(&ctx->jw, "per_subscriber_max", smax);
		json_u64(&ctx->jw, "subflows_max", fmax);
		json_u64(&ctx->jw, "half_open_timeout_ms", hms);
		json_u64(&ctx->jw, "idle_timeout_s", is);
		json_u64(&ctx->jw, "pp_subtype", pp);
		json_u64(&ctx->jw, "half_open", half);
		json_u64(&ctx->jw, "active", act);
		json_str(&ctx->jw, "mcp_addr", up_addr);
		json_str(&ctx->jw, "mcp_addr6", up_addr6);
		json_str(&ctx->jw, "lan_dev", up_dev);
		json_u64(&ctx->jw, "lan_port", up_port);
		json_bool(&ctx->jw, "lan_listening", up_listening);
		json_u64(&ctx->jw, "upstream_active", up_active);
		json_bool(&ctx->jw, "up_local", up_local);
		json_u64(&ctx->jw, "syn_ie_pending", sie_pending);
	} else {
		fprintf(ctx->out,
			"mode %s addr %s listen-port %u listening %s\n"
			"limits half-open %u per-subscriber %u subflows %u\n"
			"timeouts half-open %ums idle %us\n"
			"pp-subtype 0x%x half-open-now %u active-now %u\n",
			mcp_mode_name(mode), addr, port,
			listening ? "yes" : "no", hmax, smax, fmax, hms, is,
			pp, half, act);
		/* only when set: older kernels and IPv4-only setups */
		if (tb[MCP_PROXY_A_ADDR6] && strcmp(addr6, "::"))
			fprintf(ctx->out, "addr6 %s listening6 %s\n", addr6,
				listening6 ? "yes" : "no");
		if (mode & MCP_PROXY_MODE_UPSTREAM)
			fprintf(ctx->out,
				"upstream mcp-addr %s lan-dev %s lan-port %u up-local %s listening %s active-now %u\n",
				up_addr, up_dev, up_port, up_local ? "on" : "off",
				up_listening ? "yes" : "no", up_active);
		/* its own line, so that the one above keeps its format */
		if ((mode & MCP_PROXY_MODE_UPSTREAM) && strcmp(up_addr6, "::"))
			fprintf(ctx->out, "upstream mcp-addr6 %s\n", up_addr6);
		/* a host's sockets waiting for their SYN (any mode) */
		if (tb[MCP_PROXY_A_SYN_IE_PENDING])
			fprintf(ctx->out, "host syn-ie-pending %u\n",
				sie_pending);
	}
	mcp_print_prefixes(ctx, nlh);
	if (ctx->stats)
		mcp_print_counters(ctx, nlh);
	if (ctx->json)
		json_obj_close(&ctx->jw);
	return 0;
}

static int mcp_show(struct bc_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int err;

	if (argc > 1)
		return bc_usage(OBJ_MCP, "mcp show: unexpected argument '%s'",
				argv[1]);
	nlh = mcp_start(ctx, MCP_PROXY_CMD_CONFIG_GET, 0);
	if (!nlh)
		return BC_EXIT_ERR;
	err = nl_transact(&ctx->genl, nlh, mcp_show_cb, ctx, "mcp show", 0);
	fflush(ctx->out);
	return err ? BC_EXIT_ERR : BC_EXIT_OK;
}

static int mcp_set(struct bc_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct mcp_set s;
	char err[128];

	if (mcp_parse_set(argc - 1, argv + 1, &s, err, sizeof(err)))
		return bc_usage(OBJ_MCP, "mcp set: %s", err);
	nlh = mcp_start(ctx, MCP_PROXY_CMD_CONFIG_SET, 0);
	if (!nlh)
		return BC_EXIT_ERR;
	if (s.set & MS_MODE)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_MODE, s.mode);
	if (s.set & MS_ADDR)
		mnl_attr_put(nlh, MCP_PROXY_A_ADDR4, 4, s.addr4);
	if (s.set & MS_ADDR6)
		mnl_attr_put(nlh, MCP_PROXY_A_ADDR6, 16, s.addr6);
	if (s.set & MS_PORT)
		mnl_attr_put_u16(nlh, MCP_PROXY_A_LISTEN_PORT, s.port);
	if (s.set & MS_HALF_OPEN_MAX)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_HALF_OPEN_MAX,
				 s.half_open_max);
	if (s.set & MS_PER_SUB_MAX)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_PER_SUBSCRIBER_MAX,
				 s.per_sub_max);
	if (s.set & MS_SUBFLOWS_MAX)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_SUBFLOWS_MAX,
				 s.subflows_max);
	if (s.set & MS_HALF_OPEN_TMO)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS,
				 s.half_open_ms);
	if (s.set & MS_IDLE_TMO)
		mnl_attr_put_u32(nlh, MCP_PROXY_A_IDLE_TIMEOUT_S, s.idle_s);
	if (s.set & MS_UP_ADDR)
		mnl_attr_put(nlh, MCP_PROXY_A_UPSTREAM_ADDR4, 4, s.up_addr4);
	if (s.set & MS_UP_ADDR6)
		mnl_attr_put(nlh, MCP_PROXY_A_UPSTREAM_ADDR6, 16, s.up_addr6);
	if (s.set & MS_UP_PORT)
		mnl_attr_put_u16(nlh, MCP_PROXY_A_UPSTREAM_PORT, s.up_port);
	if (s.set & MS_UP_LOCAL)
		mnl_attr_put_u8(nlh, MCP_PROXY_A_UPSTREAM_LOCAL, s.up_local);
	if (s.set & MS_UP_DEV) {
		unsigned int idx = 0;

		if (strcmp(s.up_dev, "any")) {
			idx = if_nametoindex(s.up_dev);
			if (!idx)
				return bc_usage(OBJ_MCP,
						"mcp set: lan-dev '%s': no such device",
						s.up_dev);
		}
		mnl_attr_put_u32(nlh, MCP_PROXY_A_UPSTREAM_IFINDEX, idx);
	}
	return nl_transact(&ctx->genl, nlh, NULL, NULL, "mcp set", 0) ?
	       BC_EXIT_ERR : BC_EXIT_OK;
}

static int mcp_prefix(struct bc_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint8_t addr[16], len;
	char what[96];
	bool add, v6;

	if (argc != 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")))
		return bc_usage(OBJ_MCP, "mcp prefix: { add | del } PREFIX/N");
	add = !strcmp(argv[1], "add");
	v6 = strchr(argv[2], ':');
	if (v6 ? mcp_parse_prefix6(argv[2], addr, &len) :
		 mcp_parse_prefix4(argv[2], addr, &len))
		return bc_usage(OBJ_MCP, "mcp prefix: '%s' is not an IPv%c prefix without host bits",
				argv[2], v6 ? '6' : '4');
	snprintf(what, sizeof(what), "mcp prefix %s %s", argv[1], argv[2]);
	nlh = mcp_start(ctx, add ? MCP_PROXY_CMD_PREFIX_ADD :
				   MCP_PROXY_CMD_PREFIX_DEL, 0);
	if (!nlh)
		return BC_EXIT_ERR;
	nest = mnl_attr_nest_start(nlh, MCP_PROXY_A_PREFIX);
	if (v6)
		mnl_attr_put(nlh, MCP_PROXY_P_ADDR6, 16, addr);
	else
		mnl_attr_put(nlh, MCP_PROXY_P_ADDR4, 4, addr);
	mnl_attr_put_u8(nlh, MCP_PROXY_P_LEN, len);
	mnl_attr_nest_end(nlh, nest);
	return nl_transact(&ctx->genl, nlh, NULL, NULL, what, 0) ?
	       BC_EXIT_ERR : BC_EXIT_OK;
}

static const char *const conv_states[] = {
	[MCP_PROXY_CONV_CONNECTING] = "connecting",
	[MCP_PROXY_CONV_RELEASED] = "released",
	[MCP_PROXY_CONV_RELAYING] = "relaying",
	[MCP_PROXY_CONV_CLOSING] = "closing",
};

/* "A.B.C.D:P" or "[X:..:Y]:P", from whichever address attribute is there */
static void conv_ep(const struct nlattr *const *tb, int ta4, int ta6, int tp,
		    char *buf, size_t size)
{
	const struct nlattr *at = tb[ta4] ? tb[ta4] : tb[ta6];
	char a[INET6_ADDRSTRLEN] = "?";
	uint16_t port = 0;

	if (at)
		fmt_addr(mnl_attr_get_payload(at), mnl_attr_get_payload_len(at),
			 a, sizeof(a));
	nla_u16(tb[tp], &port);
	if (at == tb[ta6] && at)
		snprintf(buf, size, "[%s]:%u", a, port);
	else
		snprintf(buf, size, "%s:%u", a, port);
}

static const char *const mcp_events[] = {
	[MCP_PROXY_EVENT_STARTED] = "started",
	[MCP_PROXY_EVENT_ENDED] = "ended",
	[MCP_PROXY_EVENT_REFUSED] = "refused",
};

static const char *const conv_roles[] = {
	[MCP_PROXY_ROLE_DOWNSTREAM] = "downstream",
	[MCP_PROXY_ROLE_UPSTREAM] = "upstream",
};

/*
 * One conversion, from the dump or from a notification (then prefixed by
 * the event and its reason). An upstream one is printed leg by leg, as
 * a downstream one is: the LAN leg (client -> server), then the MPTCP leg
 * (local -> the downstream MCP).
 */
int mcp_conv_print(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[MCP_PROXY_A_MAX + 1] = { NULL };
	const struct nlattr *v[MCP_PROXY_V_MAX + 1] = { NULL };
	char cli[64], mcp[64], loc[64], srv[64];
	uint64_t to_srv = 0, to_cli = 0, age = 0;
	const char *event = NULL, *reason = NULL;
	uint32_t token = 0, client_token = 0, subflows = 0;
	uint8_t state = 0, ev = 0, role = MCP_PROXY_ROLE_DOWNSTREAM;
	const char *role_name;
	char rbuf[64];
	bool onpath, up;

	if (nla_parse_genl(nlh, tb, MCP_PROXY_A_MAX) || !tb[MCP_PROXY_A_CONV] ||
	    nla_parse_nest(tb[MCP_PROXY_A_CONV], v, MCP_PROXY_V_MAX))
		return -EBADMSG;
	if (tb[MCP_PROXY_A_EVENT]) {
		nla_u8(tb[MCP_PROXY_A_EVENT], &ev);
		event = ev < ARRAY_SIZE(mcp_events) ? mcp_events[ev] : "?";
	}
	if (nla_str(tb[MCP_PROXY_A_REASON], rbuf, sizeof(rbuf)))
		reason = rbuf;
	onpath = v[MCP_PROXY_V_ONPATH];
	nla_u32(v[MCP_PROXY_V_TOKEN], &token);
	nla_u32(v[MCP_PROXY_V_CLIENT_TOKEN], &client_token);
	nla_u32(v[MCP_PROXY_V_SUBFLOWS], &subflows);
	nla_u8(v[MCP_PROXY_V_STATE], &state);
	nla_u8(v[MCP_PROXY_V_ROLE], &role);	/* absent: an older kernel */
	role_name = role < ARRAY_SIZE(conv_roles) ? conv_roles[role] : "?";
	up = role == MCP_PROXY_ROLE_UPSTREAM;
	nla_u64(v[MCP_PROXY_V_BYTES_TO_SERVER], &to_srv);
	nla_u64(v[MCP_PROXY_V_BYTES_TO_CLIENT], &to_cli);
	nla_u64(v[MCP_PROXY_V_AGE_MS], &age);
	conv_ep(v, MCP_PROXY_V_CLIENT_ADDR4, MCP_PROXY_V_CLIENT_ADDR6,
		MCP_PROXY_V_CLIENT_PORT, cli, sizeof(cli));
	conv_ep(v, MCP_PROXY_V_MCP_ADDR4, MCP_PROXY_V_MCP_ADDR6,
		MCP_PROXY_V_MCP_PORT, mcp, sizeof(mcp));
	conv_ep(v, MCP_PROXY_V_LOCAL_ADDR4, MCP_PROXY_V_LOCAL_ADDR6,
		MCP_PROXY_V_LOCAL_PORT, loc, sizeof(loc));
	conv_ep(v, MCP_PROXY_V_SERVER_ADDR4, MCP_PROXY_V_SERVER_ADDR6,
		MCP_PROXY_V_SERVER_PORT, srv, sizeof(srv));
	if (ctx->json) {
		json_obj_open(&ctx->jw, NULL);
		if (event)
			json_str(&ctx->jw, "event", event);
		if (reason)
			json_str(&ctx->jw, "reason", reason);
		json_str(&ctx->jw, "role", role_name);
		json_bool(&ctx->jw, "onpath", onpath);
		json_str(&ctx->jw, "state", state < ARRAY_SIZE(conv_states) ?
			 conv_states[state] : "?");
		json_str(&ctx->jw, "client", cli);
		json_str(&ctx->jw, "mcp", mcp);
		json_str(&ctx->jw, "local", loc);
		json_str(&ctx->jw, "server", srv);
		json_u64(&ctx->jw, "bytes_to_server", to_srv);
		json_u64(&ctx->jw, "bytes_to_client", to_cli);
		json_u64(&ctx->jw, "age_ms", age);
		if (v[MCP_PROXY_V_SUBFLOWS])
			json_u64(&ctx->jw, "subflows", subflows);
		/* an upstream entry has the client's token alone */
		if (v[MCP_PROXY_V_TOKEN])
			json_u64(&ctx->jw, "token", token);
		if (v[MCP_PROXY_V_CLIENT_TOKEN])
			json_u64(&ctx->jw, "client_token", client_token);
		json_obj_close(&ctx->jw);
	} else {
		if (event)
			fprintf(ctx->out, "%s%s%s ", event, reason ? " " : "",
				reason ? reason : "");
		if (up)
			fprintf(ctx->out, "%s ", role_name);
		fprintf(ctx->out,
			"%s %s -> %s | %s -> %s to-server %llu to-client %llu age %llums",
			state < ARRAY_SIZE(conv_states) ? conv_states[state] :
							  "?",
			cli, up ? srv : mcp, loc, up ? mcp : srv,
			(unsigned long long)to_srv,
			(unsigned long long)to_cli, (unsigned long long)age);
		if (v[MCP_PROXY_V_SUBFLOWS])
			fprintf(ctx->out, " subflows %u", subflows);
		if (v[MCP_PROXY_V_TOKEN])
			fprintf(ctx->out, " token %08x", token);
		if (v[MCP_PROXY_V_CLIENT_TOKEN])
			fprintf(ctx->out, " client-token %08x", client_token);
		if (onpath)
			fputs(" onpath", ctx->out);
		fputc('\n', ctx->out);
	}
	return 0;
}

static int mcp_conv_cb(const struct nlmsghdr *nlh, void *data)
{
	return mcp_conv_print(data, nlh);
}

/* a notification of the "events" group, for bondctl monitor */
static int mcp_print_ntf(struct bc_ctx *ctx, const struct nlmsghdr *nlh)
{
	int err = mcp_conv_print(ctx, nlh);

	fflush(ctx->out);
	return err == -EBADMSG ? 0 : err;	/* not worth stopping for */
}

static int mcp_monitor(struct bc_ctx *ctx, int argc, char **argv)
{
	char grp[] = MCP_PROXY_GENL_NAME ":" MCP_PROXY_MCGRP_EVENTS;
	char *words[] = { grp };

	if (argc > 1)
		return bc_usage(OBJ_MCP, "mcp monitor: unexpected argument '%s'",
				argv[1]);
	return bc_monitor_run(ctx, 1, words);
}

static int mcp_conversions(struct bc_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int err;

	if (argc > 1)
		return bc_usage(OBJ_MCP,
				"mcp conversions: unexpected argument '%s'",
				argv[1]);
	nlh = mcp_start(ctx, MCP_PROXY_CMD_CONV_GET, NLM_F_DUMP);
	if (!nlh)
		return BC_EXIT_ERR;
	if (ctx->json)
		json_arr_open(&ctx->jw, NULL);
	err = nl_dump(&ctx->genl, nlh, mcp_conv_cb, ctx, "mcp conversions");
	if (ctx->json)
		json_arr_close(&ctx->jw);
	fflush(ctx->out);
	return err ? BC_EXIT_ERR : BC_EXIT_OK;
}

static int mcp_stats_reset(struct bc_ctx *ctx, int argc, char **argv)
{
	struct nlmsghdr *nlh;

	if (argc > 1)
		return bc_usage(OBJ_MCP,
				"mcp stats-reset: unexpected argument '%s'",
				argv[1]);
	nlh = mcp_start(ctx, MCP_PROXY_CMD_STATS_RESET, 0);
	if (!nlh)
		return BC_EXIT_ERR;
	return nl_transact(&ctx->genl, nlh, NULL, NULL, "mcp stats-reset", 0) ?
	       BC_EXIT_ERR : BC_EXIT_OK;
}

static void mcp_usage(FILE *f)
{
	fputs("Usage: bondctl [-s[s]] mcp show\n"
	      "       bondctl mcp set [ mode { explicit | onpath | both | upstream |\n"
	      "                                upstream-transparent | upstream-onpath |\n"
	      "                                off } ]\n"
	      "                       [ addr A.B.C.D ] [ addr X:..:Y ] [ port PORT ]\n"
	      "                       [ mcp-addr A.B.C.D ] [ lan-dev { DEV | any } ]\n"
	      "                       [ lan-port PORT ] [ up-local { on | off } ]\n"
	      "                       [ half-open-max N ]\n"
	      "                       [ per-subscriber-max N ] [ subflows-max N ]\n"
	      "                       [ half-open-timeout MSEC ] [ idle-timeout SEC ]\n"
	      "       bondctl mcp prefix { add | del } { A.B.C.D/N | X:..:Y/N }\n"
	      "       bondctl mcp conversions\n"
	      "       bondctl mcp stats-reset\n"
	      "       bondctl mcp monitor    (conversions started, ended, refused)\n"
	      "-s shows the counters that are not zero, -ss all of them.\n",
	      f);
}

static const struct bc_cmd mcp_cmds[] = {
	{ "show", mcp_show },
	{ "set", mcp_set },
	{ "prefix", mcp_prefix },
	{ "conversions", mcp_conversions },
	{ "stats-reset", mcp_stats_reset },
	{ "monitor", mcp_monitor },
	{ NULL, NULL },
};

static const struct bc_object mcp_objects[] = {
	{ OBJ_MCP, "MPTCP Conversion Point (mcp_proxy)", mcp_cmds, "show",
	  mcp_usage },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const char *const mcp_mcgrps[] = { MCP_PROXY_MCGRP_EVENTS, NULL };

const struct bc_family mcp_family = {
	.genl_name = MCP_PROXY_GENL_NAME,
	.module = "mcp_proxy",
	.objects = mcp_objects,
	.mcgrps = mcp_mcgrps,
	.monitor = mcp_print_ntf,
};
