// SPDX-License-Identifier: GPL-2.0
/*
 * libgbcp: decode and encode GRE tunnel bonding control messages
 * (RFC 8157 §5, and Deutsche Telekom's dialect of it).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "gbcp_int.h"

enum attr_kind {
	K_FLAG,		/* length 0 */
	K_U32,		/* length 4, min..max, multiple of step */
	K_ERROR,	/* length 4, error code of the dialect */
	K_IPV4,		/* length 4 */
	K_IPV6,		/* length 16 */
	K_CIN,		/* length 40, zero-padded UTF-8 */
	K_TIMESTAMP,	/* length 8, ms 0..999 */
	K_PREFIX,	/* length 17, prefix length 0..128 */
	K_FILTER,	/* length 8..969, filter list TLV */
	K_FACK,		/* length 5, code 0..2 */
	K_DT_INT,	/* length 1, 2 or 4, min..max */
	K_DT_TEXT,	/* length 1..255, UTF-8 */
};

#define D_RFC	(1u << GBCP_DIALECT_RFC)
#define D_DT	(1u << GBCP_DIALECT_DT)
#define D_ALL	(D_RFC | D_DT)

struct attr_desc {
	uint8_t kind;
	uint8_t dialects;
	uint16_t field;		/* offsetof() the value in struct gbcp_msg */
	uint16_t width_field;	/* K_DT_INT: offsetof() its width */
	uint8_t def_width;	/* K_DT_INT: width when the field says 0 */
	uint32_t min, max, step;
};

#define OFF(f)		((uint16_t)offsetof(struct gbcp_msg, f))
#define FLAG		{ .kind = K_FLAG, .dialects = D_ALL }
#define U32(f, lo, hi, st) { .kind = K_U32, .dialects = D_ALL, .field = OFF(f), \
	.min = (lo), .max = (hi), .step = (st) }
#define ANY32(f)	U32(f, 0, UINT32_MAX, 1)
#define KIND(k, f)	{ .kind = (k), .dialects = D_ALL, .field = OFF(f) }
#define DTINT(f, lo, hi, dw) { .kind = K_DT_INT, .dialects = D_DT, \
	.field = OFF(f), .width_field = OFF(f##_len), .def_width = (dw), \
	.min = (lo), .max = (hi), .step = 1 }

static const struct attr_desc attrs[64] = {
	[GBCP_A_H_IPV4] = KIND(K_IPV4, h_ipv4),
	[GBCP_A_H_IPV6] = KIND(K_IPV6, h_ipv6),
	[GBCP_A_CIN] = KIND(K_CIN, cin),
	[GBCP_A_SESSION_ID] = ANY32(session_id),
	[GBCP_A_TIMESTAMP] = KIND(K_TIMESTAMP, timestamp),
	[GBCP_A_BYPASS_RATE] = ANY32(bypass_rate),
	[GBCP_A_DSL_SYNC_RATE] = ANY32(dsl_sync_rate),
	[GBCP_A_FILTER_LIST] = KIND(K_FILTER, filter),
	[GBCP_A_RTT_DIFF_THRESHOLD] = U32(rtt_diff_threshold, 0, 1000, 1),
	[GBCP_A_BYPASS_CHECK_INTERVAL] = U32(bypass_check_interval, 10, 300, 1),
	[GBCP_A_SWITCH_TO_DSL] = FLAG,
	[GBCP_A_OVERFLOW_TO_LTE] = FLAG,
	[GBCP_A_IPV6_PREFIX_HAAP] = KIND(K_PREFIX, prefix_haap),
	[GBCP_A_ACTIVE_HELLO_INTERVAL] = U32(active_hello_interval, 1, 100, 1),
	[GBCP_A_HELLO_RETRY_TIMES] = U32(hello_retry_times, 3, 10, 1),
	[GBCP_A_IDLE_TIMEOUT] = U32(idle_timeout, 0, 172800, 60),
	[GBCP_A_ERROR_CODE] = KIND(K_ERROR, error_code),
	[GBCP_A_DSL_LINK_FAILURE] = FLAG,
	[GBCP_A_LTE_LINK_FAILURE] = FLAG,
	[GBCP_A_BONDING_KEY] = ANY32(bonding_key),
	[GBCP_A_IPV6_PREFIX_HOST] = KIND(K_PREFIX, prefix_host),
	[GBCP_A_DSL_UP_BW] = ANY32(dsl_up_bw),
	[GBCP_A_DSL_DOWN_BW] = ANY32(dsl_down_bw),
	[GBCP_A_RTT_VIOLATION] = U32(rtt_violation, 1, 25, 1),
	[GBCP_A_RTT_COMPLIANCE] = U32(rtt_compliance, 1, 25, 1),
	[GBCP_A_DIAG_START_BONDING] = FLAG,
	[GBCP_A_DIAG_START_DSL] = FLAG,
	[GBCP_A_DIAG_START_LTE] = FLAG,
	[GBCP_A_DIAG_END] = FLAG,
	[GBCP_A_FILTER_LIST_ACK] = KIND(K_FACK, filter_ack),
	[GBCP_A_IDLE_HELLO_INTERVAL] = U32(idle_hello_interval, 100, 86400, 100),
	[GBCP_A_NO_TRAFFIC_INTERVAL] = U32(no_traffic_interval, 30, 86400, 1),
	[GBCP_A_SWITCH_ACTIVE_HELLO] = FLAG,
	[GBCP_A_SWITCH_IDLE_HELLO] = FLAG,
	[GBCP_A_TUNNEL_VERIFICATION] = FLAG,
	[GBCP_A_DT_DSL_LINE_TYPE] = DTINT(dt_line_type, 0, 4, 1),
	[GBCP_A_DT_BRAS_NAME] = { .kind = K_DT_TEXT, .dialects = D_DT,
				  .field = OFF(dt_bras_name) },
	[GBCP_A_DT_REORDER_TIME] = DTINT(dt_reorder_time, 0, UINT32_MAX, 4),
	[GBCP_A_DT_UP_BURST_TIME] = DTINT(dt_up_burst_time, 0, UINT32_MAX, 4),
	[GBCP_A_DT_UP_SYNC_RATE] = DTINT(dt_up_sync_rate, 0, UINT32_MAX, 4),
};

/* the descriptor of @type if @dialect knows it, else NULL */
static const struct attr_desc *attr_lookup(unsigned int type,
					   enum gbcp_dialect dialect)
{
	const struct attr_desc *d;

	if (type >= 64)
		return NULL;
	d = &attrs[type];
	if (!(d->dialects & (1u << dialect)))
		return NULL;
	return d;
}

static uint32_t *u32_field(struct gbcp_msg *m, const struct attr_desc *d)
{
	return (uint32_t *)((char *)m + d->field);
}

static const uint32_t *u32_cfield(const struct gbcp_msg *m,
				  const struct attr_desc *d)
{
	return (const uint32_t *)((const char *)m + d->field);
}

static bool error_code_ok(uint32_t code, enum gbcp_dialect dialect)
{
	if (code >= GBCP_ERR_HAAP_UNREACHABLE_LTE && code <= GBCP_ERR_MGMT_DSL)
		return true;
	if (dialect != GBCP_DIALECT_DT)
		return false;
	return (code >= GBCP_ERR_DT_FIRST && code <= GBCP_ERR_DT_LAST) ||
	       (code >= GBCP_ERR_DT2_FIRST && code <= GBCP_ERR_DT2_LAST);
}

static bool msg_type_ok(unsigned int type, enum gbcp_dialect dialect)
{
	if (type >= GBCP_MSG_SETUP_REQUEST && type <= GBCP_MSG_NOTIFY)
		return true;
	return dialect == GBCP_DIALECT_DT && type == GBCP_MSG_LINK_DETECTION;
}

int gbcp_ttype(enum gbcp_dialect dialect, enum gbcp_tunnel tunnel)
{
	if (dialect == GBCP_DIALECT_RFC) {
		if (tunnel == GBCP_TUNNEL_DSL)
			return 1;
		if (tunnel == GBCP_TUNNEL_LTE)
			return 2;
	} else if (dialect == GBCP_DIALECT_DT) {
		if (tunnel == GBCP_TUNNEL_DSL)
			return 8;
		if (tunnel == GBCP_TUNNEL_LTE)
			return 0;
	}
	return -EINVAL;
}

static enum gbcp_tunnel tunnel_of(enum gbcp_dialect dialect, unsigned int tt)
{
	if (gbcp_ttype(dialect, GBCP_TUNNEL_DSL) == (int)tt)
		return GBCP_TUNNEL_DSL;
	if (gbcp_ttype(dialect, GBCP_TUNNEL_LTE) == (int)tt)
		return GBCP_TUNNEL_LTE;
	return GBCP_TUNNEL_OTHER;
}

/* zero padding after the text, text non-empty UTF-8 */
static int cin_check(const uint8_t *cin, const char **err)
{
	const uint8_t *nul = memchr(cin, 0, GBCP_CIN_LEN);
	size_t len = nul ? (size_t)(nul - cin) : GBCP_CIN_LEN;
	size_t i;

	if (len == 0) {
		*err = "CIN is empty";
		return -ERANGE;
	}
	for (i = len; i < GBCP_CIN_LEN; i++) {
		if (cin[i]) {
			*err = "CIN padding is not all zero";
			return -ERANGE;
		}
	}
	if (!gbcp_utf8_valid(cin, len)) {
		*err = "CIN is not UTF-8 text";
		return -ERANGE;
	}
	return 0;
}

static int u32_check(const struct attr_desc *d, uint32_t v, const char **err)
{
	if (v < d->min || v > d->max) {
		*err = "attribute value out of range";
		return -ERANGE;
	}
	if (d->step > 1 && v % d->step) {
		*err = "attribute value not a multiple of its step";
		return -ERANGE;
	}
	return 0;
}

/* the wire length a fixed-size kind must have, -1 if variable */
static int fixed_len(const struct attr_desc *d)
{
	switch (d->kind) {
	case K_FLAG:
		return 0;
	case K_U32:
	case K_ERROR:
	case K_IPV4:
		return 4;
	case K_IPV6:
		return 16;
	case K_CIN:
		return GBCP_CIN_LEN;
	case K_TIMESTAMP:
		return 8;
	case K_PREFIX:
		return 17;
	case K_FACK:
		return 5;
	default:
		return -1;
	}
}

static int decode_attr(const struct attr_desc *d, const uint8_t *v,
		       size_t len, enum gbcp_dialect dialect,
		       struct gbcp_msg *m, const char **err)
{
	char *field = (char *)m + d->field;
	int want = fixed_len(d);

	if (want >= 0 && len != (size_t)want) {
		*err = "attribute has the wrong length";
		return -EBADMSG;
	}
	switch (d->kind) {
	case K_FLAG:
		return 0;
	case K_U32:
		*u32_field(m, d) = be32_get(v);
		return u32_check(d, *u32_field(m, d), err);
	case K_ERROR:
		m->error_code = be32_get(v);
		if (!error_code_ok(m->error_code, dialect)) {
			*err = "unknown error code";
			return -ERANGE;
		}
		return 0;
	case K_IPV4:
	case K_IPV6:
	case K_CIN:
		memcpy(field, v, len);
		return d->kind == K_CIN ? cin_check(v, err) : 0;
	case K_TIMESTAMP:
		m->timestamp.sec = be32_get(v);
		m->timestamp.msec = be32_get(v + 4);
		if (m->timestamp.msec > 999) {
			*err = "timestamp milliseconds above 999";
			return -ERANGE;
		}
		return 0;
	case K_PREFIX: {
		struct gbcp_ipv6_prefix *p = (struct gbcp_ipv6_prefix *)field;

		memcpy(p->addr, v, 16);
		p->len = v[16];
		if (p->len > 128) {
			*err = "IPv6 prefix length above 128";
			return -ERANGE;
		}
		return 0;
	}
	case K_FILTER:
		return gbcp_filter_decode(v, len, &m->filter, err);
	case K_FACK:
		m->filter_ack.commit_count = be32_get(v);
		m->filter_ack.code = v[4];
		if (m->filter_ack.code > GBCP_FACK_KEEP_OLD) {
			*err = "filter list ACK code above 2";
			return -ERANGE;
		}
		return 0;
	case K_DT_INT: {
		uint32_t val = 0;
		size_t i;

		if (len != 1 && len != 2 && len != 4) {
			*err = "attribute has the wrong length";
			return -EBADMSG;
		}
		for (i = 0; i < len; i++)
			val = val << 8 | v[i];
		*u32_field(m, d) = val;
		*((uint8_t *)m + d->width_field) = (uint8_t)len;
		return u32_check(d, val, err);
	}
	case K_DT_TEXT:
		if (len < 1 || len > GBCP_BRAS_NAME_MAX) {
			*err = "attribute has the wrong length";
			return -EBADMSG;
		}
		if (!gbcp_utf8_valid(v, len)) {
			*err = "attribute text is not UTF-8";
			return -ERANGE;
		}
		memcpy(m->dt_bras_name, v, len);
		m->dt_bras_name[len] = 0;
		m->dt_bras_name_len = (uint16_t)len;
		return 0;
	}
	*err = "internal: unknown attribute kind";
	return -EINVAL;
}

int gbcp_decode(const uint8_t *buf, size_t len, enum gbcp_dialect dialect,
		struct gbcp_msg *out, const char **err)
{
	const char *dummy;
	size_t off = 1;
	int rc;

	if (!err)
		err = &dummy;
	*err = NULL;
	if (!out || (!buf && len) ||
	    (dialect != GBCP_DIALECT_RFC && dialect != GBCP_DIALECT_DT)) {
		*err = "invalid arguments";
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	if (len < 1) {
		*err = "truncated: no message header";
		return -EBADMSG;
	}
	out->type = buf[0] >> 4;
	if (!msg_type_ok(out->type, dialect)) {
		*err = "reserved message type";
		return -EPROTO;
	}
	out->tunnel = tunnel_of(dialect, buf[0] & 0x0f);
	if (out->tunnel == GBCP_TUNNEL_OTHER)
		out->ttype_raw = buf[0] & 0x0f;

	while (off < len) {
		const struct attr_desc *d;
		unsigned int type;
		size_t alen;

		if (len - off < 3) {
			*err = "truncated attribute header";
			return -EBADMSG;
		}
		type = buf[off];
		alen = be16_get(buf + off + 1);
		off += 3;
		out->err_attr = (uint8_t)type;
		if (alen > len - off) {
			*err = "attribute overruns the message";
			return -EBADMSG;
		}
		if (dialect == GBCP_DIALECT_DT && type == GBCP_A_DT_END) {
			if (alen) {
				*err = "closing attribute 255 is not empty";
				return -EBADMSG;
			}
			if (off != len) {
				*err = "data after closing attribute 255";
				return -EBADMSG;
			}
			break;
		}
		d = attr_lookup(type, dialect);
		if (!d || !d->dialects) {
			out->n_unknown++;
			off += alen;
			continue;
		}
		if (gbcp_has(out, type)) {
			*err = "repeated attribute";
			return -EBADMSG;
		}
		rc = decode_attr(d, buf + off, alen, dialect, out, err);
		if (rc)
			return rc;
		gbcp_set(out, type);
		off += alen;
	}
	out->err_attr = 0;
	return 0;
}

/* check one present attribute; returns its wire value length in *vlen */
static int check_attr(const struct gbcp_msg *m, unsigned int type,
		      const struct attr_desc *d, enum gbcp_dialect dialect,
		      size_t *vlen, const char **err)
{
	int want = fixed_len(d);

	if (want >= 0)
		*vlen = (size_t)want;
	switch (d->kind) {
	case K_FLAG:
	case K_IPV4:
	case K_IPV6:
		return 0;
	case K_U32:
		return u32_check(d, *u32_cfield(m, d), err);
	case K_ERROR:
		if (!error_code_ok(m->error_code, dialect)) {
			*err = "unknown error code";
			return -ERANGE;
		}
		return 0;
	case K_CIN:
		return cin_check(m->cin, err);
	case K_TIMESTAMP:
		if (m->timestamp.msec > 999) {
			*err = "timestamp milliseconds above 999";
			return -ERANGE;
		}
		return 0;
	case K_PREFIX: {
		const struct gbcp_ipv6_prefix *p = type == GBCP_A_IPV6_PREFIX_HAAP ?
			&m->prefix_haap : &m->prefix_host;

		if (p->len > 128) {
			*err = "IPv6 prefix length above 128";
			return -ERANGE;
		}
		return 0;
	}
	case K_FILTER:
		return gbcp_filter_check(&m->filter, vlen, err);
	case K_FACK:
		if (m->filter_ack.code > GBCP_FACK_KEEP_OLD) {
			*err = "filter list ACK code above 2";
			return -ERANGE;
		}
		return 0;
	case K_DT_INT: {
		uint8_t w = *((const uint8_t *)m + d->width_field);
		uint32_t v = *u32_cfield(m, d);

		if (!w)
			w = d->def_width;
		if (w != 1 && w != 2 && w != 4) {
			*err = "attribute width not 1, 2 or 4";
			return -EINVAL;
		}
		if (w < 4 && v >> (8 * w)) {
			*err = "attribute value does not fit its width";
			return -ERANGE;
		}
		*vlen = w;
		return u32_check(d, v, err);
	}
	case K_DT_TEXT:
		if (m->dt_bras_name_len < 1 ||
		    m->dt_bras_name_len > GBCP_BRAS_NAME_MAX ||
		    !gbcp_utf8_valid((const uint8_t *)m->dt_bras_name,
				     m->dt_bras_name_len)) {
			*err = "BRAS name empty, too long or not UTF-8";
			return -ERANGE;
		}
		*vlen = m->dt_bras_name_len;
		return 0;
	}
	*err = "internal: unknown attribute kind";
	return -EINVAL;
}

static void encode_attr(const struct gbcp_msg *m, unsigned int type,
			const struct attr_desc *d, uint8_t *p, size_t vlen)
{
	const char *field = (const char *)m + d->field;

	switch (d->kind) {
	case K_FLAG:
		break;
	case K_U32:
		be32_put(p, *u32_cfield(m, d));
		break;
	case K_ERROR:
		be32_put(p, m->error_code);
		break;
	case K_IPV4:
	case K_IPV6:
	case K_CIN:
		memcpy(p, field, vlen);
		break;
	case K_TIMESTAMP:
		be32_put(p, m->timestamp.sec);
		be32_put(p + 4, m->timestamp.msec);
		break;
	case K_PREFIX: {
		const struct gbcp_ipv6_prefix *pf = type == GBCP_A_IPV6_PREFIX_HAAP ?
			&m->prefix_haap : &m->prefix_host;

		memcpy(p, pf->addr, 16);
		p[16] = pf->len;
		break;
	}
	case K_FILTER:
		gbcp_filter_encode(&m->filter, p);
		break;
	case K_FACK:
		be32_put(p, m->filter_ack.commit_count);
		p[4] = m->filter_ack.code;
		break;
	case K_DT_INT: {
		uint32_t v = *u32_cfield(m, d);
		size_t i;

		for (i = 0; i < vlen; i++)
			p[i] = (uint8_t)(v >> (8 * (vlen - 1 - i)));
		break;
	}
	case K_DT_TEXT:
		memcpy(p, m->dt_bras_name, vlen);
		break;
	}
}

int gbcp_encode_err(const struct gbcp_msg *msg, enum gbcp_dialect dialect,
		    uint8_t *buf, size_t cap, const char **err)
{
	const char *dummy;
	unsigned int type;
	size_t off = 1;
	int tt, rc;

	if (!err)
		err = &dummy;
	*err = NULL;
	if (!msg || (!buf && cap) ||
	    (dialect != GBCP_DIALECT_RFC && dialect != GBCP_DIALECT_DT)) {
		*err = "invalid arguments";
		return -EINVAL;
	}
	if (!msg_type_ok(msg->type, dialect)) {
		*err = "message type not in this dialect";
		return -EINVAL;
	}
	if (msg->tunnel == GBCP_TUNNEL_OTHER) {
		tt = msg->ttype_raw;
		if (tt > 15 || tunnel_of(dialect, (unsigned int)tt) !=
		    GBCP_TUNNEL_OTHER) {
			*err = "raw T-Type is not a reserved value of this dialect";
			return -EINVAL;
		}
	} else {
		tt = gbcp_ttype(dialect, msg->tunnel);
		if (tt < 0) {
			*err = "unknown tunnel";
			return -EINVAL;
		}
	}
	if (cap < 1) {
		*err = "buffer too small";
		return -ENOSPC;
	}
	buf[0] = (uint8_t)(msg->type << 4 | tt);

	for (type = 0; type < 64; type++) {
		const struct attr_desc *d;
		size_t vlen = 0;

		if (!gbcp_has(msg, type))
			continue;
		d = attr_lookup(type, dialect);
		if (!d || !d->dialects) {
			*err = "attribute not defined in this dialect";
			return -EINVAL;
		}
		rc = check_attr(msg, type, d, dialect, &vlen, err);
		if (rc)
			return rc;
		if (cap - off < 3 + vlen) {
			*err = "buffer too small";
			return -ENOSPC;
		}
		buf[off] = (uint8_t)type;
		be16_put(buf + off + 1, (uint16_t)vlen);
		encode_attr(msg, type, d, buf + off + 3, vlen);
		off += 3 + vlen;
	}
	if (dialect == GBCP_DIALECT_DT) {
		if (cap - off < 3) {
			*err = "buffer too small";
			return -ENOSPC;
		}
		buf[off] = GBCP_A_DT_END;
		be16_put(buf + off + 1, 0);
		off += 3;
	}
	return (int)off;
}

int gbcp_encode(const struct gbcp_msg *msg, enum gbcp_dialect dialect,
		uint8_t *buf, size_t cap)
{
	return gbcp_encode_err(msg, dialect, buf, cap, NULL);
}

void gbcp_msg_init(struct gbcp_msg *msg, enum gbcp_msg_type type,
		   enum gbcp_tunnel tunnel)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = (uint8_t)type;
	msg->tunnel = (uint8_t)tunnel;
}

int gbcp_set_cin(struct gbcp_msg *msg, const char *cin)
{
	size_t len = strlen(cin);

	if (len == 0 || len > GBCP_CIN_LEN ||
	    !gbcp_utf8_valid((const uint8_t *)cin, len))
		return -EINVAL;
	memset(msg->cin, 0, sizeof(msg->cin));
	memcpy(msg->cin, cin, len);
	gbcp_set(msg, GBCP_A_CIN);
	return 0;
}

int gbcp_set_bras_name(struct gbcp_msg *msg, const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > GBCP_BRAS_NAME_MAX ||
	    !gbcp_utf8_valid((const uint8_t *)name, len))
		return -EINVAL;
	memcpy(msg->dt_bras_name, name, len + 1);
	msg->dt_bras_name_len = (uint16_t)len;
	gbcp_set(msg, GBCP_A_DT_BRAS_NAME);
	return 0;
}

static uint8_t dt_width(const struct gbcp_msg *m, const struct attr_desc *d)
{
	uint8_t w = *((const uint8_t *)m + d->width_field);

	return w ? w : d->def_width;
}

bool gbcp_msg_equal(const struct gbcp_msg *a, const struct gbcp_msg *b)
{
	unsigned int type;

	if (a->type != b->type || a->tunnel != b->tunnel ||
	    a->present != b->present)
		return false;
	if (a->tunnel == GBCP_TUNNEL_OTHER && a->ttype_raw != b->ttype_raw)
		return false;
	for (type = 0; type < 64; type++) {
		const struct attr_desc *d = &attrs[type];
		const char *fa = (const char *)a + d->field;
		const char *fb = (const char *)b + d->field;
		int want;

		if (!gbcp_has(a, type))
			continue;
		if (!d->dialects)
			return false;	/* never set by the decoder */
		switch (d->kind) {
		case K_FLAG:
			break;
		case K_PREFIX: {
			const struct gbcp_ipv6_prefix *x = (const void *)fa;
			const struct gbcp_ipv6_prefix *y = (const void *)fb;

			if (memcmp(x->addr, y->addr, 16) || x->len != y->len)
				return false;
			break;
		}
		case K_FACK:
			if (a->filter_ack.commit_count !=
			    b->filter_ack.commit_count ||
			    a->filter_ack.code != b->filter_ack.code)
				return false;
			break;
		case K_FILTER:
			if (!gbcp_filter_equal(&a->filter, &b->filter))
				return false;
			break;
		case K_DT_INT:
			if (*u32_cfield(a, d) != *u32_cfield(b, d) ||
			    dt_width(a, d) != dt_width(b, d))
				return false;
			break;
		case K_DT_TEXT:
			if (a->dt_bras_name_len != b->dt_bras_name_len ||
			    a->dt_bras_name_len > GBCP_BRAS_NAME_MAX ||
			    memcmp(a->dt_bras_name, b->dt_bras_name,
				   a->dt_bras_name_len))
				return false;
			break;
		case K_TIMESTAMP:
			if (a->timestamp.sec != b->timestamp.sec ||
			    a->timestamp.msec != b->timestamp.msec)
				return false;
			break;
		default:
			want = fixed_len(d);
			if (want > 0 && memcmp(fa, fb, (size_t)want))
				return false;
			break;
		}
	}
	return true;
}
