// SPDX-License-Identifier: GPL-2.0
/*
 * libpmip: decode and encode Proxy Binding Updates and Acknowledgements
 * (RFC 6275 §6.1, RFC 5213 §8, RFC 5845 §6, RFC 8278 §4).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "pmip_int.h"

/*
 * Length rules of the known options (value octets, i.e. the Length field)
 * and their alignment "xn+y" counted from the start of the MH (x = 0: no
 * requirement). Alignment is what the encoder produces; the decoder
 * accepts any placement.
 */
struct opt_desc {
	uint8_t known;
	uint8_t min, max;
	uint8_t align_x, align_y;
	uint8_t repeat;		/* may appear more than once */
};

static const struct opt_desc opts[256] = {
	[PMIP_OPT_MN_ID] = { 1, 1, 255, 0, 0, 0 },
	[PMIP_OPT_HNP] = { 1, 18, 18, 8, 4, 1 },
	[PMIP_OPT_HI] = { 1, 2, 2, 0, 0, 0 },
	[PMIP_OPT_ATT] = { 1, 2, 2, 0, 0, 0 },
	[PMIP_OPT_MN_LLID] = { 1, 3, 255, 0, 0, 0 },
	[PMIP_OPT_LLA] = { 1, 16, 16, 8, 6, 0 },
	[PMIP_OPT_TIMESTAMP] = { 1, 8, 8, 8, 2, 0 },
	[PMIP_OPT_GRE_KEY] = { 1, 2, 6, 4, 0, 0 },	/* 2 or 6 */
	[PMIP_OPT_MMB] = { 1, 6, 6, 0, 0, 1 },
	[PMIP_OPT_MAG_ID] = { 1, 2, 255, 0, 0, 0 },
};

static int bad(const char **err, const char *why, int rc)
{
	*err = why;
	return rc;
}

static int mmb_check(const struct pmip_msg *m, const struct pmip_mmb *b,
		     unsigned int n_before, const char **err)
{
	unsigned int i;

	if (b->bid < PMIP_BID_MIN || b->bid > PMIP_BID_MAX)
		return bad(err, "MMB binding ID 0 or 255 (reserved)", -ERANGE);
	if ((b->flags & PMIP_MMB_FLAGS) == PMIP_MMB_FLAGS)
		return bad(err, "MMB with both B and O set", -ERANGE);
	if (m->mh_type == PMIP_MH_BU && !m->lifetime &&
	    (b->flags & PMIP_MMB_O))
		return bad(err, "MMB O flag in a de-registration", -ERANGE);
	for (i = 0; i < n_before; i++)
		if (m->mmb[i].bid == b->bid)
			return bad(err, "two MMB options with one binding ID",
				   -ERANGE);
	return 0;
}

/* decode one known option's value; its length is already in range */
static int decode_opt(unsigned int type, const uint8_t *v, size_t len,
		      struct pmip_msg *m, const char **err)
{
	switch (type) {
	case PMIP_OPT_MN_ID:
	case PMIP_OPT_MAG_ID: {
		struct pmip_ident *id = type == PMIP_OPT_MN_ID ? &m->mn_id :
				       &m->mag_id;
		size_t hdr = type == PMIP_OPT_MN_ID ? 1 : 2;

		id->subtype = v[0];
		id->len = (uint8_t)(len - hdr);
		memcpy(id->id, v + hdr, len - hdr);
		if (!id->subtype)
			return bad(err, "identifier subtype 0 (reserved)",
				   -ERANGE);
		return 0;
	}
	case PMIP_OPT_HNP: {
		struct pmip_prefix *p;

		if (m->n_hnp >= PMIP_MAX_HNP)
			return bad(err, "too many HNP options", -ERANGE);
		p = &m->hnp[m->n_hnp];
		p->len = v[1];
		memcpy(p->addr, v + 2, 16);
		if (p->len > 128)
			return bad(err, "HNP prefix length above 128", -ERANGE);
		m->n_hnp++;
		return 0;
	}
	case PMIP_OPT_HI:
		m->hi = v[1];
		return 0;
	case PMIP_OPT_ATT:
		m->att = v[1];
		return 0;
	case PMIP_OPT_MN_LLID:
		m->mn_llid.subtype = 0;
		m->mn_llid.len = (uint8_t)(len - 2);
		memcpy(m->mn_llid.id, v + 2, len - 2);
		return 0;
	case PMIP_OPT_LLA:
		memcpy(m->lla, v, 16);
		return 0;
	case PMIP_OPT_TIMESTAMP:
		m->timestamp.sec = (uint64_t)be16_get(v) << 32 |
				   be32_get(v + 2);
		m->timestamp.frac = be16_get(v + 6);
		return 0;
	case PMIP_OPT_GRE_KEY:
		if (len != 2 && len != 6)
			return bad(err, "GRE Key option length not 2 or 6",
				   -EBADMSG);
		m->gre_has_key = len == 6;
		m->gre_key = len == 6 ? be32_get(v + 2) : 0;
		return 0;
	case PMIP_OPT_MMB: {
		struct pmip_mmb b = {
			.if_att = v[0],
			.if_label = v[1],
			.bid = v[2],
			.flags = v[3] & PMIP_MMB_FLAGS,
		};
		int rc;

		if (m->n_mmb >= PMIP_MAX_MMB)
			return bad(err, "too many MMB options", -ERANGE);
		rc = mmb_check(m, &b, m->n_mmb, err);
		if (rc)
			return rc;
		m->mmb[m->n_mmb++] = b;
		return 0;
	}
	}
	return bad(err, "internal: unknown option", -EINVAL);
}

int pmip_decode(const uint8_t *buf, size_t len, struct pmip_msg *out,
		const char **err)
{
	const char *dummy;
	size_t off = PMIP_HDR_LEN;
	int rc;

	if (!err)
		err = &dummy;
	*err = NULL;
	if (!out || (!buf && len))
		return bad(err, "invalid arguments", -EINVAL);
	memset(out, 0, sizeof(*out));
	if (len < 8)
		return bad(err, "truncated: no Mobility Header", -EBADMSG);
	if (((size_t)buf[1] + 1) * 8 != len)
		return bad(err, "header length disagrees with the message",
			   -EBADMSG);
	out->payload_proto = buf[0];
	out->mh_type = buf[2];
	out->checksum = be16_get(buf + 4);
	if (out->mh_type != PMIP_MH_BU && out->mh_type != PMIP_MH_BA)
		return bad(err, "MH type is not a binding update or ack",
			   -EPROTO);
	if (len < 16)
		return bad(err, "header length too small for the MH type",
			   -EBADMSG);
	if (out->mh_type == PMIP_MH_BU) {
		out->seq = be16_get(buf + 6);
		out->flags = be16_get(buf + 8) & PMIP_BU_FLAGS;
	} else {
		out->status = buf[6];
		out->flags = buf[7] & PMIP_BA_FLAGS;
		out->seq = be16_get(buf + 8);
	}
	out->lifetime = be16_get(buf + 10);

	while (off < len) {
		const struct opt_desc *d;
		unsigned int type = buf[off];
		size_t olen;

		if (type == PMIP_OPT_PAD1) {
			off++;
			continue;
		}
		out->err_opt = (uint8_t)type;
		if (len - off < 2)
			return bad(err, "truncated option header", -EBADMSG);
		olen = buf[off + 1];
		off += 2;
		if (olen > len - off)
			return bad(err, "option overruns the message",
				   -EBADMSG);
		d = &opts[type];
		if (type == PMIP_OPT_PADN || !d->known) {
			if (type != PMIP_OPT_PADN)
				out->n_unknown++;
			off += olen;
			continue;
		}
		if (olen < d->min || olen > d->max)
			return bad(err, "option has the wrong length", -EBADMSG);
		if (!d->repeat && pmip_has(out, type))
			return bad(err, "repeated option", -EBADMSG);
		rc = decode_opt(type, buf + off, olen, out, err);
		if (rc)
			return rc;
		pmip_set(out, type);
		off += olen;
	}
	out->err_opt = 0;
	return 0;
}

int pmip_decode_verify(const uint8_t *buf, size_t len, const uint8_t *src,
		       const uint8_t *dst, struct pmip_msg *out,
		       const char **err)
{
	const char *dummy;

	if (!err)
		err = &dummy;
	*err = NULL;
	if (!src || !dst || !out || (!buf && len))
		return bad(err, "invalid arguments", -EINVAL);
	if (len >= 8 && len <= PMIP_MSG_MAX_LEN &&
	    !pmip_checksum_ok(src, dst, buf, len)) {
		memset(out, 0, sizeof(*out));
		return bad(err, "checksum mismatch", -EILSEQ);
	}
	return pmip_decode(buf, len, out, err);
}

/* output cursor; @full records a write that did not fit */
struct wr {
	uint8_t *buf;
	size_t cap, off;
	bool full;
};

static uint8_t *wr_take(struct wr *w, size_t n)
{
	uint8_t *p;

	if (w->full || w->cap - w->off < n) {
		w->full = true;
		return NULL;
	}
	p = w->buf + w->off;
	memset(p, 0, n);
	w->off += n;
	return p;
}

/* n octets of padding: Pad1 for one, PadN for more */
static void wr_pad(struct wr *w, size_t n)
{
	uint8_t *p;

	if (!n)
		return;
	p = wr_take(w, n);
	if (p && n > 1) {
		p[0] = PMIP_OPT_PADN;
		p[1] = (uint8_t)(n - 2);
	}
}

/* pad for "xn+y", then the option header; returns the value's octets */
static uint8_t *wr_opt(struct wr *w, unsigned int type, size_t vlen)
{
	const struct opt_desc *d = &opts[type];
	uint8_t *p;

	if (d->align_x)
		wr_pad(w, (d->align_y + d->align_x -
			   w->off % d->align_x) % d->align_x);
	p = wr_take(w, 2 + vlen);
	if (!p)
		return NULL;
	p[0] = (uint8_t)type;
	p[1] = (uint8_t)vlen;
	return p + 2;
}

static int check_ident(const struct pmip_ident *id, size_t min, size_t max,
		       bool subtype, const char **err)
{
	if (id->len < min || id->len > max)
		return bad(err, "identifier length out of range", -EINVAL);
	if (subtype && !id->subtype)
		return bad(err, "identifier subtype 0 (reserved)", -ERANGE);
	return 0;
}

/* every check pmip_decode() makes, on a struct */
static int check_msg(const struct pmip_msg *m, const char **err)
{
	unsigned int t, i;
	int rc;

	if (m->mh_type == PMIP_MH_BU) {
		if (m->flags & ~PMIP_BU_FLAGS)
			return bad(err, "reserved BU flag bits set", -EINVAL);
		if (m->status)
			return bad(err, "status set in a binding update",
				   -EINVAL);
	} else if (m->mh_type == PMIP_MH_BA) {
		if (m->flags & ~PMIP_BA_FLAGS)
			return bad(err, "reserved BA flag bit set", -EINVAL);
	} else {
		return bad(err, "MH type is not a binding update or ack",
			   -EINVAL);
	}
	for (t = 0; t < 256; t++) {
		if (pmip_has(m, t) && !opts[t].known)
			return bad(err, "option type not supported", -EINVAL);
	}
	if (pmip_has(m, PMIP_OPT_HNP) != (m->n_hnp > 0) ||
	    pmip_has(m, PMIP_OPT_MMB) != (m->n_mmb > 0))
		return bad(err, "HNP/MMB presence bit and count disagree",
			   -EINVAL);
	if (m->n_hnp > PMIP_MAX_HNP || m->n_mmb > PMIP_MAX_MMB)
		return bad(err, "too many HNP or MMB options", -ERANGE);
	for (i = 0; i < m->n_hnp; i++)
		if (m->hnp[i].len > 128)
			return bad(err, "HNP prefix length above 128", -ERANGE);
	for (i = 0; i < m->n_mmb; i++) {
		if (m->mmb[i].flags & ~PMIP_MMB_FLAGS)
			return bad(err, "reserved MMB flag bits set", -EINVAL);
		rc = mmb_check(m, &m->mmb[i], i, err);
		if (rc)
			return rc;
	}
	if (pmip_has(m, PMIP_OPT_MN_ID)) {
		rc = check_ident(&m->mn_id, 0, 254, true, err);
		if (rc)
			return rc;
	}
	if (pmip_has(m, PMIP_OPT_MAG_ID)) {
		rc = check_ident(&m->mag_id, 0, 253, true, err);
		if (rc)
			return rc;
	}
	if (pmip_has(m, PMIP_OPT_MN_LLID)) {
		rc = check_ident(&m->mn_llid, 1, 253, false, err);
		if (rc)
			return rc;
	}
	if (pmip_has(m, PMIP_OPT_TIMESTAMP) &&
	    m->timestamp.sec > PMIP_TS_SEC_MAX)
		return bad(err, "timestamp seconds do not fit 48 bits",
			   -ERANGE);
	return 0;
}

static void put_ident(struct wr *w, unsigned int type,
		      const struct pmip_ident *id, size_t hdr)
{
	uint8_t *v = wr_opt(w, type, hdr + id->len);

	if (!v)
		return;
	if (type != PMIP_OPT_MN_LLID)
		v[0] = id->subtype;
	memcpy(v + hdr, id->id, id->len);
}

int pmip_encode_err(const struct pmip_msg *m, uint8_t *buf, size_t cap,
		    const char **err)
{
	struct wr w = { .buf = buf, .cap = cap };
	const char *dummy;
	uint8_t *p, *v;
	unsigned int i;
	int rc;

	if (!err)
		err = &dummy;
	*err = NULL;
	if (!m || (!buf && cap))
		return bad(err, "invalid arguments", -EINVAL);
	rc = check_msg(m, err);
	if (rc)
		return rc;

	p = wr_take(&w, PMIP_HDR_LEN);
	if (p) {
		p[0] = m->payload_proto;
		p[2] = m->mh_type;
		if (m->mh_type == PMIP_MH_BU) {
			be16_put(p + 6, m->seq);
			be16_put(p + 8, m->flags);
		} else {
			p[6] = m->status;
			p[7] = (uint8_t)m->flags;
			be16_put(p + 8, m->seq);
		}
		be16_put(p + 10, m->lifetime);
	}
	for (i = 0; i < m->n_hnp; i++) {
		v = wr_opt(&w, PMIP_OPT_HNP, 18);
		if (v) {
			v[1] = m->hnp[i].len;
			memcpy(v + 2, m->hnp[i].addr, 16);
		}
	}
	if (pmip_has(m, PMIP_OPT_TIMESTAMP)) {
		v = wr_opt(&w, PMIP_OPT_TIMESTAMP, 8);
		if (v) {
			be16_put(v, (uint16_t)(m->timestamp.sec >> 32));
			be32_put(v + 2, (uint32_t)m->timestamp.sec);
			be16_put(v + 6, m->timestamp.frac);
		}
	}
	if (pmip_has(m, PMIP_OPT_LLA)) {
		v = wr_opt(&w, PMIP_OPT_LLA, 16);
		if (v)
			memcpy(v, m->lla, 16);
	}
	if (pmip_has(m, PMIP_OPT_GRE_KEY)) {
		v = wr_opt(&w, PMIP_OPT_GRE_KEY, m->gre_has_key ? 6 : 2);
		if (v && m->gre_has_key)
			be32_put(v + 2, m->gre_key);
	}
	if (pmip_has(m, PMIP_OPT_MN_ID))
		put_ident(&w, PMIP_OPT_MN_ID, &m->mn_id, 1);
	if (pmip_has(m, PMIP_OPT_HI)) {
		v = wr_opt(&w, PMIP_OPT_HI, 2);
		if (v)
			v[1] = m->hi;
	}
	if (pmip_has(m, PMIP_OPT_ATT)) {
		v = wr_opt(&w, PMIP_OPT_ATT, 2);
		if (v)
			v[1] = m->att;
	}
	if (pmip_has(m, PMIP_OPT_MN_LLID))
		put_ident(&w, PMIP_OPT_MN_LLID, &m->mn_llid, 2);
	for (i = 0; i < m->n_mmb; i++) {
		v = wr_opt(&w, PMIP_OPT_MMB, 6);
		if (v) {
			v[0] = m->mmb[i].if_att;
			v[1] = m->mmb[i].if_label;
			v[2] = m->mmb[i].bid;
			v[3] = m->mmb[i].flags;
		}
	}
	if (pmip_has(m, PMIP_OPT_MAG_ID))
		put_ident(&w, PMIP_OPT_MAG_ID, &m->mag_id, 2);
	/* a PBU/PBA without options still needs Header Len >= 1 */
	wr_pad(&w, (8 - w.off % 8) % 8);

	if (w.full)
		return bad(err, "buffer too small", -ENOSPC);
	if (w.off > PMIP_MSG_MAX_LEN)
		return bad(err, "message longer than 2048 octets", -EMSGSIZE);
	buf[1] = (uint8_t)(w.off / 8 - 1);
	return (int)w.off;
}

int pmip_encode(const struct pmip_msg *msg, uint8_t *buf, size_t cap)
{
	return pmip_encode_err(msg, buf, cap, NULL);
}

int pmip_encode_csum(const struct pmip_msg *msg, const uint8_t *src,
		     const uint8_t *dst, uint8_t *buf, size_t cap)
{
	int len;

	if (!src || !dst)
		return -EINVAL;
	len = pmip_encode(msg, buf, cap);
	if (len > 0)
		pmip_checksum_set(src, dst, buf, (size_t)len);
	return len;
}

void pmip_msg_init(struct pmip_msg *msg, enum pmip_mh_type type)
{
	memset(msg, 0, sizeof(*msg));
	msg->mh_type = (uint8_t)type;
	msg->payload_proto = PMIP_IPPROTO_NONE;
}

static int set_ident(struct pmip_ident *id, uint8_t subtype, const void *v,
		     size_t len, size_t min, size_t max)
{
	if (len < min || len > max || (len && !v))
		return -EINVAL;
	id->subtype = subtype;
	id->len = (uint8_t)len;
	if (len)
		memcpy(id->id, v, len);
	return 0;
}

int pmip_set_mn_id(struct pmip_msg *msg, uint8_t subtype, const void *id,
		   size_t len)
{
	if (!subtype || set_ident(&msg->mn_id, subtype, id, len, 0, 254))
		return -EINVAL;
	pmip_set(msg, PMIP_OPT_MN_ID);
	return 0;
}

int pmip_set_mag_id(struct pmip_msg *msg, uint8_t subtype, const void *id,
		    size_t len)
{
	if (!subtype || set_ident(&msg->mag_id, subtype, id, len, 0, 253))
		return -EINVAL;
	pmip_set(msg, PMIP_OPT_MAG_ID);
	return 0;
}

int pmip_set_mn_llid(struct pmip_msg *msg, const void *id, size_t len)
{
	if (set_ident(&msg->mn_llid, 0, id, len, 1, 253))
		return -EINVAL;
	pmip_set(msg, PMIP_OPT_MN_LLID);
	return 0;
}

int pmip_add_hnp(struct pmip_msg *msg, const uint8_t addr[16], uint8_t len)
{
	struct pmip_prefix *p;

	if (len > 128)
		return -EINVAL;
	if (msg->n_hnp >= PMIP_MAX_HNP)
		return -ENOSPC;
	p = &msg->hnp[msg->n_hnp++];
	p->len = len;
	memcpy(p->addr, addr, 16);
	pmip_set(msg, PMIP_OPT_HNP);
	return 0;
}

int pmip_add_mmb(struct pmip_msg *msg, const struct pmip_mmb *mmb)
{
	if (msg->n_mmb >= PMIP_MAX_MMB)
		return -ENOSPC;
	msg->mmb[msg->n_mmb++] = *mmb;
	pmip_set(msg, PMIP_OPT_MMB);
	return 0;
}

void pmip_set_hi(struct pmip_msg *msg, uint8_t hi)
{
	msg->hi = hi;
	pmip_set(msg, PMIP_OPT_HI);
}

void pmip_set_att(struct pmip_msg *msg, uint8_t att)
{
	msg->att = att;
	pmip_set(msg, PMIP_OPT_ATT);
}

void pmip_set_lla(struct pmip_msg *msg, const uint8_t lla[16])
{
	memcpy(msg->lla, lla, 16);
	pmip_set(msg, PMIP_OPT_LLA);
}

void pmip_set_timestamp(struct pmip_msg *msg, uint64_t sec, uint16_t frac)
{
	msg->timestamp.sec = sec;
	msg->timestamp.frac = frac;
	pmip_set(msg, PMIP_OPT_TIMESTAMP);
}

void pmip_set_gre_key(struct pmip_msg *msg, bool has_key, uint32_t key)
{
	msg->gre_has_key = has_key;
	msg->gre_key = has_key ? key : 0;
	pmip_set(msg, PMIP_OPT_GRE_KEY);
}

struct pmip_timestamp pmip_timestamp_from_ns(uint64_t ns)
{
	struct pmip_timestamp ts = {
		.sec = ns / 1000000000u,
		.frac = (uint16_t)((ns % 1000000000u) * 65536 / 1000000000u),
	};

	return ts;
}

static bool ident_equal(const struct pmip_ident *a, const struct pmip_ident *b,
			bool subtype)
{
	return (!subtype || a->subtype == b->subtype) && a->len == b->len &&
	       a->len <= PMIP_ID_MAX && !memcmp(a->id, b->id, a->len);
}

bool pmip_msg_equal(const struct pmip_msg *a, const struct pmip_msg *b)
{
	unsigned int i;

	if (a->mh_type != b->mh_type || a->payload_proto != b->payload_proto ||
	    a->flags != b->flags || a->seq != b->seq ||
	    a->lifetime != b->lifetime ||
	    memcmp(a->present, b->present, sizeof(a->present)) ||
	    a->n_hnp != b->n_hnp || a->n_mmb != b->n_mmb)
		return false;
	if (a->mh_type == PMIP_MH_BA && a->status != b->status)
		return false;
	if (a->n_hnp > PMIP_MAX_HNP || a->n_mmb > PMIP_MAX_MMB)
		return false;
	for (i = 0; i < a->n_hnp; i++)
		if (a->hnp[i].len != b->hnp[i].len ||
		    memcmp(a->hnp[i].addr, b->hnp[i].addr, 16))
			return false;
	for (i = 0; i < a->n_mmb; i++)
		if (memcmp(&a->mmb[i], &b->mmb[i], sizeof(a->mmb[i])))
			return false;
	if (pmip_has(a, PMIP_OPT_MN_ID) &&
	    !ident_equal(&a->mn_id, &b->mn_id, true))
		return false;
	if (pmip_has(a, PMIP_OPT_MAG_ID) &&
	    !ident_equal(&a->mag_id, &b->mag_id, true))
		return false;
	if (pmip_has(a, PMIP_OPT_MN_LLID) &&
	    !ident_equal(&a->mn_llid, &b->mn_llid, false))
		return false;
	if (pmip_has(a, PMIP_OPT_HI) && a->hi != b->hi)
		return false;
	if (pmip_has(a, PMIP_OPT_ATT) && a->att != b->att)
		return false;
	if (pmip_has(a, PMIP_OPT_LLA) && memcmp(a->lla, b->lla, 16))
		return false;
	if (pmip_has(a, PMIP_OPT_TIMESTAMP) &&
	    (a->timestamp.sec != b->timestamp.sec ||
	     a->timestamp.frac != b->timestamp.frac))
		return false;
	if (pmip_has(a, PMIP_OPT_GRE_KEY) &&
	    (a->gre_has_key != b->gre_has_key ||
	     (a->gre_has_key && a->gre_key != b->gre_key)))
		return false;
	return true;
}
