/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample PBU/PBA messages shared by the libpmip tests (unit test, pcap
 * generator): between them every option the codec knows, each with a
 * plausible value, two bindings in one PBU, a de-registration, a
 * rejection with status 180, Pad1 and PadN of every size the encoder
 * needs, and spec-digest section I's PBU.
 */
#ifndef _PMIP_SAMPLES_H
#define _PMIP_SAMPLES_H

#include <arpa/inet.h>
#include <string.h>

#include "../pmip.h"

enum {
	PMIP_S_DIGEST_PBU,	/* spec-digest I, byte for byte */
	PMIP_S_FULL_PBU,	/* every option, two HNPs, two MMBs */
	PMIP_S_FULL_PBA,	/* its acceptance, every option echoed */
	PMIP_S_REJECT_180,	/* CANNOT_SUPPORT_MULTIPATH_BINDING */
	PMIP_S_WLAN_PBU,	/* second path, HNP learned, GRE w/o key */
	PMIP_S_DEREG_PBU,	/* lifetime 0 */
	PMIP_S_BARE_PBA,	/* no options at all */
	PMIP_S_NO_MNID_PBA,	/* status 160: empty MN-ID, HI/ATT 0; Pad1 */
	PMIP_S_PAD1_PBA,	/* status 128, ends with Pad1 */
	PMIP_S_COUNT
};

static const char *const pmip_sample_names[PMIP_S_COUNT] = {
	"digest-pbu", "full-pbu", "full-pba", "reject-180", "wlan-pbu",
	"dereg-pbu", "bare-pba", "no-mnid-pba", "pad1-pba",
};

/* the addresses of spec-digest I: MAG (Proxy-CoA) and LMA */
static const uint8_t pmip_sample_mag[16] = {
	0x20, 0x01, 0x0d, 0xb8, [15] = 1,
};
static const uint8_t pmip_sample_lma[16] = {
	0x20, 0x01, 0x0d, 0xb8, [15] = 2,
};

static inline void pmip_sample_ip6(uint8_t *a, const char *s)
{
	inet_pton(AF_INET6, s, a);
}

#define PMIP_S_STR(s)	s, sizeof(s) - 1

/**
 * pmip_sample() - fill @m with sample @i
 * @i: PMIP_S_*
 * @m: output
 *
 * Return: 0, or -1 for an unknown sample
 */
static inline int pmip_sample(unsigned int i, struct pmip_msg *m)
{
	static const uint8_t zero[16];
	struct pmip_mmb lte = { PMIP_ATT_EUTRAN, 11, 1, 0 };
	struct pmip_mmb wlan = { PMIP_ATT_80211, 9, 2, 0 };
	uint8_t a[16];

	switch (i) {
	case PMIP_S_DIGEST_PBU:
		pmip_msg_init(m, PMIP_MH_BU);
		m->seq = 1;
		m->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
		m->lifetime = 900;
		pmip_add_hnp(m, zero, 0);
		pmip_set_timestamp(m, 1700000000, 0x8000);
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("mn1@example.com"));
		pmip_set_hi(m, PMIP_HI_NEW_INTERFACE);
		pmip_set_att(m, PMIP_ATT_EUTRAN);
		pmip_add_mmb(m, &lte);
		pmip_set_mag_id(m, PMIP_ID_NAI,
				PMIP_S_STR("mag1@example.com"));
		return 0;
	case PMIP_S_FULL_PBU:
	case PMIP_S_FULL_PBA:
		pmip_msg_init(m, i == PMIP_S_FULL_PBU ? PMIP_MH_BU : PMIP_MH_BA);
		m->seq = 4242;
		m->lifetime = 150;
		if (i == PMIP_S_FULL_PBU) {
			m->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P |
				   PMIP_BU_T;
		} else {
			m->status = PMIP_ST_ACCEPTED;
			m->flags = PMIP_BA_P | PMIP_BA_T;
		}
		pmip_sample_ip6(a, "2001:db8:1:100::");
		pmip_add_hnp(m, a, 56);
		pmip_sample_ip6(a, "2001:db8:1:200::");
		pmip_add_hnp(m, a, 64);
		pmip_set_timestamp(m, 1700000123, 0x4000);
		pmip_sample_ip6(a, "fe80::1");
		pmip_set_lla(m, a);
		pmip_set_gre_key(m, true, i == PMIP_S_FULL_PBU ? 0x11223344 :
							      0x55667788);
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("hg42@hybrid.example"));
		pmip_set_hi(m, PMIP_HI_NEW_INTERFACE);
		pmip_set_att(m, PMIP_ATT_EUTRAN);
		pmip_set_mn_llid(m, "\x02\x00\x5e\x10\x20\x30", 6);
		lte.flags = PMIP_MMB_O;
		pmip_add_mmb(m, &lte);
		pmip_add_mmb(m, &wlan);
		if (i == PMIP_S_FULL_PBU)
			pmip_set_mag_id(m, PMIP_ID_NAI,
					PMIP_S_STR("mag-hg42@hybrid.example"));
		return 0;
	case PMIP_S_REJECT_180:
		pmip_msg_init(m, PMIP_MH_BA);
		m->status = PMIP_ST_CANNOT_SUPPORT_MULTIPATH;
		m->flags = PMIP_BA_P;
		m->seq = 7;
		pmip_add_hnp(m, zero, 0);
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("mn1@example.com"));
		pmip_set_hi(m, PMIP_HI_NEW_INTERFACE);
		pmip_set_att(m, PMIP_ATT_EUTRAN);
		pmip_add_mmb(m, &lte);
		return 0;
	case PMIP_S_WLAN_PBU:
		pmip_msg_init(m, PMIP_MH_BU);
		m->seq = 2;
		m->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
		m->lifetime = 900;
		pmip_sample_ip6(a, "2001:db8:1:100::");
		pmip_add_hnp(m, a, 56);
		pmip_set_timestamp(m, 1700000001, 0);
		pmip_set_gre_key(m, false, 0);
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("mn1@example.com"));
		pmip_set_hi(m, PMIP_HI_NEW_INTERFACE);
		pmip_set_att(m, PMIP_ATT_80211);
		wlan.flags = PMIP_MMB_B;
		pmip_add_mmb(m, &wlan);
		pmip_set_mag_id(m, PMIP_ID_NAI,
				PMIP_S_STR("mag1@example.com"));
		return 0;
	case PMIP_S_DEREG_PBU:
		pmip_msg_init(m, PMIP_MH_BU);
		m->seq = 65535;
		m->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
		m->lifetime = 0;
		pmip_sample_ip6(a, "2001:db8:1:100::");
		pmip_add_hnp(m, a, 56);
		pmip_set_timestamp(m, 1700003600, 0xffff);
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("mn1@example.com"));
		pmip_set_hi(m, PMIP_HI_NOT_CHANGED);
		pmip_set_att(m, PMIP_ATT_EUTRAN);
		pmip_add_mmb(m, &lte);
		pmip_set_mag_id(m, PMIP_ID_NAI,
				PMIP_S_STR("mag1@example.com"));
		return 0;
	case PMIP_S_BARE_PBA:
		pmip_msg_init(m, PMIP_MH_BA);
		m->status = PMIP_ST_MISSING_MN_ID;
		m->flags = PMIP_BA_P;
		m->seq = 9;
		return 0;
	case PMIP_S_NO_MNID_PBA:
		/* RFC 5213 §5.3.6: what the PBU lacked comes back empty/0 */
		pmip_msg_init(m, PMIP_MH_BA);
		m->status = PMIP_ST_MISSING_MN_ID;
		m->flags = PMIP_BA_P;
		m->seq = 10;
		pmip_set_mn_id(m, PMIP_ID_NAI, "", 0);
		pmip_set_hi(m, 0);
		pmip_set_att(m, 0);
		return 0;
	case PMIP_S_PAD1_PBA:
		pmip_msg_init(m, PMIP_MH_BA);
		m->status = PMIP_ST_UNSPECIFIED;
		m->flags = PMIP_BA_P;
		m->seq = 11;
		pmip_set_mn_id(m, PMIP_ID_NAI, PMIP_S_STR("a@ex.org"));
		return 0;
	}
	return -1;
}

#endif /* _PMIP_SAMPLES_H */
