// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_pcapgen: write every sample message (test/pmip_samples.h) as an
 * Ethernet/IPv6/Mobility Header packet (Next Header 135, checksum filled
 * in) into a pcap file, and what tshark's "mip6" dissector should show for
 * each into an expectation file, one line per frame, tab-separated in the
 * column order that test/tshark.sh asks tshark for, then two columns the
 * script derives itself, then a label:
 *
 *   frame  mh-type  header-len  checksum
 *   bu-seq  ba-seq  bu-lifetime  ba-lifetime  ba-status
 *   bu-A  bu-H  bu-P  bu-T  ba-P  ba-T
 *   mn-id  hnp-prefix-lengths  hnp-prefixes  handoff-indicator
 *   access-tech-type  link-local-address  gre-key  mn-ll-id
 *   option-types-tshark-does-not-know (63, 64 in Wireshark 4.0)
 *   timestamp (Unix seconds.nanoseconds)
 *   option-types (wire order, Pad1 and PadN included: checks the padding)
 *   label
 *
 * PBU frames go MAG -> LMA, PBA frames LMA -> MAG. Lists are
 * comma-separated, as tshark prints repeated fields. Before writing a
 * message it checks that it decodes back to what was encoded, checksum
 * verified.
 *
 *   pmip_pcapgen OUT.pcap OUT.expect
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "be_bytes.h"
#include "pcapgen_util.h"
#include "pmip.h"
#include "pmip_samples.h"

const char pcapgen_prog[] = "pmip_pcapgen";

static void write_packet(FILE *f, unsigned int n, const uint8_t *src,
			 const uint8_t *dst, const uint8_t *mh, size_t len)
{
	static const uint8_t eth[14] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x86, 0xdd,
	};
	uint8_t pkt[14 + 40 + PMIP_MSG_MAX_LEN];
	uint8_t *ip = pkt + 14;
	size_t total = 14 + 40 + len;

	memcpy(pkt, eth, sizeof(eth));
	memset(ip, 0, 40);
	ip[0] = 0x60;
	be16_put(ip + 4, (uint16_t)len);
	ip[6] = PMIP_IPPROTO_MH;
	ip[7] = 64;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	memcpy(ip + 40, mh, len);

	pcap_write_record(f, n, pkt, total);
}

/* option types Wireshark 4.0's mip6 dissector has no dissector for */
static bool shown_by_tshark(unsigned int type)
{
	return type != PMIP_OPT_MMB && type != PMIP_OPT_MAG_ID;
}

/* the option types in wire order, walking the encoded options */
static void wire_types(struct list *l, struct list *unknown, const uint8_t *mh,
		       size_t len)
{
	size_t off = PMIP_HDR_LEN;

	while (off < len) {
		add(l, "%u", mh[off]);
		if (!shown_by_tshark(mh[off]))
			add(unknown, "%u", mh[off]);
		if (mh[off] == PMIP_OPT_PAD1)
			off++;
		else
			off += 2 + (size_t)mh[off + 1];
	}
}

static void hexlist(struct list *l, const uint8_t *p, size_t n)
{
	char s[2 * PMIP_ID_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	add(l, "%s", s);
}

int main(int argc, char **argv)
{
	static struct pmip_msg m, back;
	uint8_t buf[PMIP_MSG_MAX_LEN];
	unsigned int i, k;
	FILE *pcap, *exp;

	pcapgen_open(argc, argv, &pcap, &exp);

	for (i = 0; i < PMIP_S_COUNT; i++) {
		struct list types = {}, ids = {}, plen = {}, pfx = {};
		struct list lla = {}, gre = {}, llid = {}, unknown = {};
		bool pbu;
		const uint8_t *src, *dst;
		char a[INET6_ADDRSTRLEN], hi[8] = "", att[8] = "", ts[32] = "";
		const char *why;
		int len, rc;

		if (pmip_sample(i, &m))
			die("sample", "unknown");
		pbu = m.mh_type == PMIP_MH_BU;
		src = pbu ? pmip_sample_mag : pmip_sample_lma;
		dst = pbu ? pmip_sample_lma : pmip_sample_mag;
		len = pmip_encode_err(&m, buf, sizeof(buf), &why);
		if (len < 0)
			die(pmip_sample_names[i], why);
		pmip_checksum_set(src, dst, buf, (size_t)len);
		rc = pmip_decode_verify(buf, (size_t)len, src, dst, &back, &why);
		if (rc)
			die(pmip_sample_names[i], why);
		if (!pmip_msg_equal(&m, &back))
			die(pmip_sample_names[i], "round trip differs");
		write_packet(pcap, i + 1, src, dst, buf, (size_t)len);

		wire_types(&types, &unknown, buf, (size_t)len);
		if (pmip_has(&m, PMIP_OPT_MN_ID))
			add(&ids, "%.*s", m.mn_id.len, (char *)m.mn_id.id);
		for (k = 0; k < m.n_hnp; k++) {
			add(&plen, "%u", m.hnp[k].len);
			add(&pfx, "%s", inet_ntop(AF_INET6, m.hnp[k].addr, a,
						  sizeof(a)));
		}
		if (pmip_has(&m, PMIP_OPT_LLA))
			add(&lla, "%s", inet_ntop(AF_INET6, m.lla, a,
						  sizeof(a)));
		if (pmip_has(&m, PMIP_OPT_GRE_KEY) && m.gre_has_key)
			add(&gre, "%u", m.gre_key);
		if (pmip_has(&m, PMIP_OPT_MN_LLID))
			hexlist(&llid, m.mn_llid.id, m.mn_llid.len);
		if (pmip_has(&m, PMIP_OPT_HI))
			snprintf(hi, sizeof(hi), "%u", m.hi);
		if (pmip_has(&m, PMIP_OPT_ATT))
			snprintf(att, sizeof(att), "%u", m.att);
		if (pmip_has(&m, PMIP_OPT_TIMESTAMP))
			snprintf(ts, sizeof(ts), "%llu.%09llu",
				 (unsigned long long)m.timestamp.sec,
				 (unsigned long long)m.timestamp.frac *
				 1000000000ull / 65536);
		/* frame  mh-type  header-len  checksum */
		fprintf(exp, "%u\t%u\t%u\t0x%02x%02x\t", i + 1, m.mh_type,
			buf[1], buf[4], buf[5]);
		/* seq, lifetime, status, flags A H P T of the BU, P T of the BA */
		if (pbu)
			fprintf(exp, "%u\t\t%u\t\t\t%u\t%u\t%u\t%u\t\t\t",
				m.seq, m.lifetime, !!(m.flags & PMIP_BU_A),
				!!(m.flags & PMIP_BU_H), !!(m.flags & PMIP_BU_P),
				!!(m.flags & PMIP_BU_T));
		else
			fprintf(exp, "\t%u\t\t%u\t%u\t\t\t\t\t%u\t%u\t",
				m.seq, m.lifetime, m.status,
				!!(m.flags & PMIP_BA_P), !!(m.flags & PMIP_BA_T));
		fprintf(exp, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			ids.s, plen.s, pfx.s, hi, att, lla.s, gre.s, llid.s,
			unknown.s, ts, types.s, pmip_sample_names[i]);
	}
	pcapgen_close(pcap, exp);
	return 0;
}
