// SPDX-License-Identifier: GPL-2.0
/*
 * libpmip: names of the protocol's numbers, and the one-line printer.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "pmip_int.h"

static const char *const mh_names[] = {
	[PMIP_MH_BU] = "PBU",
	[PMIP_MH_BA] = "PBA",
};

static const char *const opt_names[] = {
	[PMIP_OPT_PAD1] = "pad1",
	[PMIP_OPT_PADN] = "padn",
	[PMIP_OPT_MN_ID] = "mn-id",
	[PMIP_OPT_HNP] = "hnp",
	[PMIP_OPT_HI] = "handoff-indicator",
	[PMIP_OPT_ATT] = "access-tech-type",
	[PMIP_OPT_MN_LLID] = "mn-link-layer-id",
	[PMIP_OPT_LLA] = "link-local-address",
	[PMIP_OPT_TIMESTAMP] = "timestamp",
	[PMIP_OPT_GRE_KEY] = "gre-key",
	[PMIP_OPT_MMB] = "mag-multipath-binding",
	[PMIP_OPT_MAG_ID] = "mag-id",
};

static const char *const status_names[] = {
	[PMIP_ST_ACCEPTED] = "accepted",
	[PMIP_ST_GRE_KEY_NOT_REQUIRED] = "GRE_KEY_OPTION_NOT_REQUIRED",
	[PMIP_ST_GRE_TLV_NOT_SUPPORTED] =
		"GRE_TUNNELING_BUT_TLV_HEADER_NOT_SUPPORTED",
	[PMIP_ST_UNSPECIFIED] = "reason unspecified",
	[PMIP_ST_ADMIN_PROHIBITED] = "administratively prohibited",
	[PMIP_ST_INSUFFICIENT_RESOURCES] = "insufficient resources",
	[PMIP_ST_SEQ_OUT_OF_WINDOW] = "sequence number out of window",
	[PMIP_ST_PROXY_REG_NOT_ENABLED] = "PROXY_REG_NOT_ENABLED",
	[PMIP_ST_NOT_LMA_FOR_THIS_MN] = "NOT_LMA_FOR_THIS_MOBILE_NODE",
	[PMIP_ST_MAG_NOT_AUTHORIZED] = "MAG_NOT_AUTHORIZED_FOR_PROXY_REG",
	[PMIP_ST_NOT_AUTHORIZED_FOR_HNP] =
		"NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX",
	[PMIP_ST_TIMESTAMP_MISMATCH] = "TIMESTAMP_MISMATCH",
	[PMIP_ST_TIMESTAMP_LOWER] = "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED",
	[PMIP_ST_MISSING_HNP] = "MISSING_HOME_NETWORK_PREFIX_OPTION",
	[PMIP_ST_PREFIX_SET_MISMATCH] = "BCE_PBU_PREFIX_SET_DO_NOT_MATCH",
	[PMIP_ST_MISSING_MN_ID] = "MISSING_MN_IDENTIFIER_OPTION",
	[PMIP_ST_MISSING_HI] = "MISSING_HANDOFF_INDICATOR_OPTION",
	[PMIP_ST_MISSING_ATT] = "MISSING_ACCESS_TECH_TYPE_OPTION",
	[PMIP_ST_GRE_KEY_REQUIRED] = "GRE_KEY_OPTION_REQUIRED",
	[PMIP_ST_CANNOT_SUPPORT_MULTIPATH] = "CANNOT_SUPPORT_MULTIPATH_BINDING",
};

static const char *const hi_names[] = {
	[0] = "reserved",
	[PMIP_HI_NEW_INTERFACE] = "attachment over a new interface",
	[PMIP_HI_INTERFACE_CHANGE] = "handoff between two interfaces",
	[PMIP_HI_MAG_CHANGE] = "handoff between MAGs for the same interface",
	[PMIP_HI_UNKNOWN] = "handoff state unknown",
	[PMIP_HI_NOT_CHANGED] = "handoff state not changed",
};

static const char *const att_names[] = {
	[0] = "reserved",
	[PMIP_ATT_VIRTUAL] = "virtual",
	[PMIP_ATT_PPP] = "PPP",
	[PMIP_ATT_8023] = "IEEE 802.3",
	[PMIP_ATT_80211] = "IEEE 802.11a/b/g",
	[PMIP_ATT_80216E] = "IEEE 802.16e",
	[PMIP_ATT_GERAN] = "3GPP GERAN",
	[PMIP_ATT_UTRAN] = "3GPP UTRAN",
	[PMIP_ATT_EUTRAN] = "3GPP E-UTRAN",
	[PMIP_ATT_EHRPD] = "3GPP2 eHRPD",
	[PMIP_ATT_HRPD] = "3GPP2 HRPD",
	[PMIP_ATT_1XRTT] = "3GPP2 1xRTT",
	[PMIP_ATT_UMB] = "3GPP2 UMB",
	[PMIP_ATT_NBIOT] = "3GPP NB-IoT",
};

static const char *const id_subtype_names[] = {
	[0] = "reserved",
	[PMIP_ID_NAI] = "nai",
	[2] = "ipv6",
	[3] = "imsi",
	[4] = "p-tmsi",
	[5] = "eui-48",
	[6] = "eui-64",
	[7] = "guti",
	[8] = "duid",
};

static const char *lookup(const char *const *tab, size_t n, unsigned int v)
{
	return v < n && tab[v] ? tab[v] : "unknown";
}

#define LOOKUP(tab, v)	lookup(tab, PMIP_ARRAY_SIZE(tab), v)

const char *pmip_mh_type_name(unsigned int type)
{
	return LOOKUP(mh_names, type);
}

const char *pmip_opt_name(unsigned int type)
{
	return LOOKUP(opt_names, type);
}

const char *pmip_status_name(unsigned int status)
{
	return LOOKUP(status_names, status);
}

const char *pmip_hi_name(unsigned int hi)
{
	return LOOKUP(hi_names, hi);
}

const char *pmip_att_name(unsigned int att)
{
	return LOOKUP(att_names, att);
}

const char *pmip_id_subtype_name(unsigned int subtype)
{
	return LOOKUP(id_subtype_names, subtype);
}

/* snprintf() into a running buffer, counting what did not fit */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
		      o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* printable ASCII as is, anything else as hex */
static void put_ident(struct out *o, const struct pmip_ident *id)
{
	bool text = id->len > 0;
	size_t i;

	for (i = 0; i < id->len; i++)
		if (id->id[i] < 0x21 || id->id[i] > 0x7e)
			text = false;
	if (text) {
		put(o, "%.*s", (int)id->len, (const char *)id->id);
		return;
	}
	put(o, "0x");
	for (i = 0; i < id->len; i++)
		put(o, "%02x", id->id[i]);
}

static void put_flags(struct out *o, unsigned int flags, const char *names,
		      unsigned int top)
{
	bool any = false;
	unsigned int i;

	for (i = 0; names[i]; i++) {
		if (flags & (top >> i)) {
			put(o, "%s%c", any ? "|" : "", names[i]);
			any = true;
		}
	}
	if (!any)
		put(o, "-");
}

int pmip_msg_format(const struct pmip_msg *m, char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size };
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	if (size)
		buf[0] = 0;
	put(&o, "%s", pmip_mh_type_name(m->mh_type));
	if (m->mh_type == PMIP_MH_BA)
		put(&o, " status=%u(%s)", m->status,
		    pmip_status_name(m->status));
	put(&o, " seq=%u flags=", m->seq);
	if (m->mh_type == PMIP_MH_BA)
		put_flags(&o, m->flags, "KRPTBSD", 0x80);
	else
		put_flags(&o, m->flags, "AHLKMRPFTBSD", 0x8000);
	put(&o, " lifetime=%u(%us)", m->lifetime,
	    pmip_lifetime_sec(m->lifetime));
	if (pmip_has(m, PMIP_OPT_MN_ID)) {
		put(&o, " mn-id=%s:", pmip_id_subtype_name(m->mn_id.subtype));
		put_ident(&o, &m->mn_id);
	}
	for (i = 0; i < m->n_hnp && i < PMIP_MAX_HNP; i++)
		put(&o, " hnp=%s/%u",
		    inet_ntop(AF_INET6, m->hnp[i].addr, a, sizeof(a)),
		    m->hnp[i].len);
	if (pmip_has(m, PMIP_OPT_HI))
		put(&o, " hi=%u(%s)", m->hi, pmip_hi_name(m->hi));
	if (pmip_has(m, PMIP_OPT_ATT))
		put(&o, " att=%u(%s)", m->att, pmip_att_name(m->att));
	if (pmip_has(m, PMIP_OPT_MN_LLID)) {
		put(&o, " mn-ll-id=");
		put_ident(&o, &m->mn_llid);
	}
	if (pmip_has(m, PMIP_OPT_LLA))
		put(&o, " lla=%s", inet_ntop(AF_INET6, m->lla, a, sizeof(a)));
	if (pmip_has(m, PMIP_OPT_TIMESTAMP))
		put(&o, " timestamp=%" PRIu64 "+%u/65536", m->timestamp.sec,
		    m->timestamp.frac);
	if (pmip_has(m, PMIP_OPT_GRE_KEY)) {
		if (m->gre_has_key)
			put(&o, " gre-key=0x%08x", m->gre_key);
		else
			put(&o, " gre-key=none");
	}
	for (i = 0; i < m->n_mmb && i < PMIP_MAX_MMB; i++) {
		const struct pmip_mmb *b = &m->mmb[i];

		put(&o, " mmb[bid=%u if-att=%u(%s) if-label=%u%s%s]", b->bid,
		    b->if_att, pmip_att_name(b->if_att), b->if_label,
		    b->flags & PMIP_MMB_B ? " B" : "",
		    b->flags & PMIP_MMB_O ? " O" : "");
	}
	if (pmip_has(m, PMIP_OPT_MAG_ID)) {
		put(&o, " mag-id=%s:", pmip_id_subtype_name(m->mag_id.subtype));
		put_ident(&o, &m->mag_id);
	}
	if (m->n_unknown)
		put(&o, " unknown-options=%u", m->n_unknown);
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}
