/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpmip: codec of the Proxy Mobile IPv6 signalling messages, the Proxy
 * Binding Update and the Proxy Binding Acknowledgement (RFC 5213 §8.1,
 * §8.2) in a Mobility Header (RFC 6275 §6.1.1), with the mobility options
 * PMIPv6 uses, including the MAG Multipath Binding and MAG Identifier
 * options of RFC 8278. See Documentation/pmip.rst.
 *
 * The buffer given to pmip_decode() and filled by pmip_encode() is the
 * Mobility Header itself: what follows the IPv6 header chain whose last
 * Next Header is 135 (or, over IPv4, the UDP payload on port 5436). Its
 * length is always a multiple of 8 octets.
 *
 * The library keeps no state, does no I/O and never allocates: a decoded
 * message is one fixed-size struct pmip_msg. All multi-octet values are
 * network byte order on the wire and host order in the struct.
 */
#ifndef _PMIP_H
#define _PMIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMIP_IPPROTO_MH		135	/* IPv6 Next Header of the MH */
#define PMIP_IPPROTO_NONE	59	/* the MH's Payload Proto */
#define PMIP_UDP_PORT_CNTL	5436	/* RFC 5844: MH over IPv4/UDP */
#define PMIP_UDP_PORT_DATA	5437

/**
 * enum pmip_mh_type - Mobility Header types this codec handles
 * @PMIP_MH_BU: Binding Update; a Proxy Binding Update when the P flag is set
 * @PMIP_MH_BA: Binding Acknowledgement; Proxy BA when the P flag is set
 */
enum pmip_mh_type {
	PMIP_MH_BU = 5,
	PMIP_MH_BA = 6,
};

/* PBU flag word (RFC 6275 §6.1.7, RFC 5213 §8.1; F/T/B/S/D per IANA) */
#define PMIP_BU_A	0x8000	/* acknowledge */
#define PMIP_BU_H	0x4000	/* home registration */
#define PMIP_BU_L	0x2000	/* link-local address compatibility */
#define PMIP_BU_K	0x1000	/* key management mobility capability */
#define PMIP_BU_M	0x0800	/* MAP registration (RFC 5380) */
#define PMIP_BU_R	0x0400	/* mobile router (RFC 3963) */
#define PMIP_BU_P	0x0200	/* proxy registration (RFC 5213) */
#define PMIP_BU_F	0x0100	/* forcing UDP encapsulation (RFC 5555) */
#define PMIP_BU_T	0x0080	/* GRE TLV header (RFC 5845) */
#define PMIP_BU_B	0x0040	/* bulk binding update (RFC 6602) */
#define PMIP_BU_S	0x0020
#define PMIP_BU_D	0x0010
#define PMIP_BU_FLAGS	0xfff0	/* the low 4 bits are reserved */

/* PBA flag octet (RFC 6275 §6.1.8, RFC 5213 §8.2; T/B/S/D per IANA) */
#define PMIP_BA_K	0x80
#define PMIP_BA_R	0x40
#define PMIP_BA_P	0x20
#define PMIP_BA_T	0x10
#define PMIP_BA_B	0x08
#define PMIP_BA_S	0x04
#define PMIP_BA_D	0x02
#define PMIP_BA_FLAGS	0xfe	/* the low bit is reserved */

/**
 * enum pmip_opt_type - mobility option types (RFC 6275 §6.2, RFC 4283,
 * RFC 5213 §8.3-8.8, RFC 5845 §6.1, RFC 8278 §4.1-4.2). Every other type
 * is skipped by its length on decode.
 */
enum pmip_opt_type {
	PMIP_OPT_PAD1 = 0,	/* a single zero octet, no length */
	PMIP_OPT_PADN = 1,	/* 0..253 octets, ignored */
	PMIP_OPT_MN_ID = 8,	/* 1..255: subtype + identifier */
	PMIP_OPT_HNP = 22,	/* 18, align 8n+4: reserved, plen, prefix */
	PMIP_OPT_HI = 23,	/* 2: reserved, handoff indicator */
	PMIP_OPT_ATT = 24,	/* 2: reserved, access technology type */
	PMIP_OPT_MN_LLID = 25,	/* 3..255: reserved (16) + identifier */
	PMIP_OPT_LLA = 26,	/* 16, align 8n+6: link-local address */
	PMIP_OPT_TIMESTAMP = 27, /* 8, align 8n+2: 48.16 fixed point */
	PMIP_OPT_GRE_KEY = 33,	/* 2 or 6, align 4n: reserved [+ key] */
	PMIP_OPT_MMB = 63,	/* 6: RFC 8278 MAG Multipath Binding */
	PMIP_OPT_MAG_ID = 64,	/* 2..255: subtype, reserved, identifier */
};

/**
 * enum pmip_status - PBA status codes (RFC 6275 §6.1.8, RFC 5213 §8.9,
 * RFC 5845 §6.4, RFC 8278 §4.3); below 128 accepted, else rejected
 */
enum pmip_status {
	PMIP_ST_ACCEPTED = 0,
	PMIP_ST_GRE_KEY_NOT_REQUIRED = 2,
	PMIP_ST_GRE_TLV_NOT_SUPPORTED = 3,
	PMIP_ST_UNSPECIFIED = 128,
	PMIP_ST_ADMIN_PROHIBITED = 129,
	PMIP_ST_INSUFFICIENT_RESOURCES = 130,
	PMIP_ST_SEQ_OUT_OF_WINDOW = 135,
	PMIP_ST_PROXY_REG_NOT_ENABLED = 152,
	PMIP_ST_NOT_LMA_FOR_THIS_MN = 153,
	PMIP_ST_MAG_NOT_AUTHORIZED = 154,
	PMIP_ST_NOT_AUTHORIZED_FOR_HNP = 155,
	PMIP_ST_TIMESTAMP_MISMATCH = 156,
	PMIP_ST_TIMESTAMP_LOWER = 157,
	PMIP_ST_MISSING_HNP = 158,
	PMIP_ST_PREFIX_SET_MISMATCH = 159,
	PMIP_ST_MISSING_MN_ID = 160,
	PMIP_ST_MISSING_HI = 161,
	PMIP_ST_MISSING_ATT = 162,
	PMIP_ST_GRE_KEY_REQUIRED = 163,
	PMIP_ST_CANNOT_SUPPORT_MULTIPATH = 180,
};

/* Handoff Indicator values (RFC 5213 §8.4) */
enum pmip_hi {
	PMIP_HI_NEW_INTERFACE = 1,
	PMIP_HI_INTERFACE_CHANGE = 2,
	PMIP_HI_MAG_CHANGE = 3,
	PMIP_HI_UNKNOWN = 4,
	PMIP_HI_NOT_CHANGED = 5,
};

/* Access Technology Type values (RFC 5213 §8.5 and the IANA registry) */
enum pmip_att {
	PMIP_ATT_VIRTUAL = 1,
	PMIP_ATT_PPP = 2,
	PMIP_ATT_8023 = 3,
	PMIP_ATT_80211 = 4,
	PMIP_ATT_80216E = 5,
	PMIP_ATT_GERAN = 6,
	PMIP_ATT_UTRAN = 7,
	PMIP_ATT_EUTRAN = 8,
	PMIP_ATT_EHRPD = 9,
	PMIP_ATT_HRPD = 10,
	PMIP_ATT_1XRTT = 11,
	PMIP_ATT_UMB = 12,
	PMIP_ATT_NBIOT = 13,
};

/* Mobile Node Identifier subtypes (RFC 4283; the rest per IANA) */
#define PMIP_ID_NAI	1

/* MMB option flags, second octet of its second word (RFC 8278 §4.1) */
#define PMIP_MMB_B	0x80	/* bulk re-registration */
#define PMIP_MMB_O	0x40	/* registration overwrite */
#define PMIP_MMB_FLAGS	(PMIP_MMB_B | PMIP_MMB_O)
#define PMIP_BID_MIN	1
#define PMIP_BID_MAX	254

#define PMIP_MAX_HNP	16	/* HNP options kept per message (our limit) */
#define PMIP_MAX_MMB	8	/* MMB options kept per message (our limit) */
#define PMIP_ID_MAX	254	/* longest identifier (MN-ID: 255 - subtype) */
#define PMIP_HDR_LEN	12	/* MH header + PBU/PBA fixed part */
#define PMIP_MSG_MAX_LEN 2048	/* (255 + 1) * 8: the largest MH */
#define PMIP_TS_SEC_MAX	0xffffffffffffULL /* 48-bit seconds */

/**
 * struct pmip_ident - value of the MN-ID, MAG Identifier and MN Link-layer
 *	Identifier options
 * @subtype: identifier type (PMIP_ID_NAI, ...); unused for the MN-LL-ID
 * @len: octets used in @id
 * @id: the identifier, not NUL-terminated (an NAI is "user@realm")
 */
struct pmip_ident {
	uint8_t subtype;
	uint8_t len;
	uint8_t id[PMIP_ID_MAX];
};

/**
 * struct pmip_prefix - value of a Home Network Prefix option
 * @len: prefix length, 0..128
 * @addr: the prefix; all zero (with any length) asks the LMA to allocate
 */
struct pmip_prefix {
	uint8_t len;
	uint8_t addr[16];
};

/**
 * struct pmip_timestamp - value of the Timestamp option (RFC 5213 §8.8):
 *	seconds since 1970-01-01 00:00 UTC as 48.16 fixed point
 * @sec: whole seconds, below 2^48
 * @frac: 1/65536 s units
 */
struct pmip_timestamp {
	uint64_t sec;
	uint16_t frac;
};

/**
 * struct pmip_mmb - value of a MAG Multipath Binding option (RFC 8278 §4.1)
 * @if_att: access technology type of the MAG's WAN interface (enum pmip_att)
 * @if_label: operator-configured label of that interface
 * @bid: binding identifier, PMIP_BID_MIN..PMIP_BID_MAX
 * @flags: PMIP_MMB_B and/or PMIP_MMB_O, never both
 */
struct pmip_mmb {
	uint8_t if_att;
	uint8_t if_label;
	uint8_t bid;
	uint8_t flags;
};

/**
 * struct pmip_msg - one decoded PBU or PBA
 * @mh_type: enum pmip_mh_type
 * @payload_proto: the MH's Payload Proto, PMIP_IPPROTO_NONE when sent
 * @status: PBA only: enum pmip_status
 * @err_opt: after a failed decode, the type of the option at fault (0 if
 *	none); the rest of the struct is then undefined
 * @flags: PBU: the PMIP_BU_* word; PBA: the PMIP_BA_* octet. Reserved
 *	bits are dropped on decode and must be 0 on encode.
 * @seq: sequence number
 * @lifetime: in 4-second units (pmip_lifetime_sec()); 0 = de-registration
 * @checksum: the checksum as received (decode only; encode computes it)
 * @n_unknown: options skipped on decode (unknown types); not encoded
 * @n_hnp: used entries of @hnp; HNP option present iff non-zero
 * @n_mmb: used entries of @mmb; MMB option present iff non-zero
 * @present: bit N of the 256-bit map = option type N present; use
 *	pmip_has() and pmip_set(). Pad1/PadN are never recorded.
 *
 * The typed fields below are valid only when their option is present.
 * Each option appears at most once, except HNP (RFC 5213: one per
 * prefix) and MMB (one per binding registered by the PBU).
 */
struct pmip_msg {
	uint8_t mh_type;
	uint8_t payload_proto;
	uint8_t status;
	uint8_t err_opt;
	uint16_t flags;
	uint16_t seq;
	uint16_t lifetime;
	uint16_t checksum;
	uint16_t n_unknown;
	uint8_t n_hnp;
	uint8_t n_mmb;
	uint64_t present[4];

	struct pmip_ident mn_id;		/* 8 */
	struct pmip_prefix hnp[PMIP_MAX_HNP];	/* 22 */
	uint8_t hi;				/* 23 */
	uint8_t att;				/* 24 */
	struct pmip_ident mn_llid;		/* 25, 1..253 octets */
	uint8_t lla[16];			/* 26 */
	struct pmip_timestamp timestamp;	/* 27 */
	bool gre_has_key;			/* 33: Length 6, else 2 */
	uint32_t gre_key;
	struct pmip_mmb mmb[PMIP_MAX_MMB];	/* 63 */
	struct pmip_ident mag_id;		/* 64, 0..253 octets */
};

/**
 * pmip_has() - is option @type present in @msg
 * @msg: message
 * @type: option type
 *
 * Return: true if present
 */
static inline bool pmip_has(const struct pmip_msg *msg, unsigned int type)
{
	return type < 256 && (msg->present[type / 64] >> (type % 64) & 1);
}

/**
 * pmip_set() - mark option @type present (set its field first; use
 *	pmip_add_hnp() and pmip_add_mmb() for the repeatable ones)
 * @msg: message
 * @type: option type below 256
 */
static inline void pmip_set(struct pmip_msg *msg, unsigned int type)
{
	if (type < 256)
		msg->present[type / 64] |= (uint64_t)1 << (type % 64);
}

/* lifetime field (4 s units) to seconds */
static inline uint32_t pmip_lifetime_sec(uint16_t lifetime)
{
	return (uint32_t)lifetime * 4;
}

/**
 * pmip_msg_init() - start a message for encoding
 * @msg: zeroed, given @type and Payload Proto 59
 * @type: PMIP_MH_BU or PMIP_MH_BA
 */
void pmip_msg_init(struct pmip_msg *msg, enum pmip_mh_type type);

/*
 * Setters: fill the field and mark the option present. -EINVAL if a length
 * is out of range (MN-ID 0..254 octets, MAG-Id 0..253, MN-LL-ID 1..253) or
 * an identifier subtype is 0.
 */
int pmip_set_mn_id(struct pmip_msg *msg, uint8_t subtype, const void *id,
		   size_t len);
int pmip_set_mag_id(struct pmip_msg *msg, uint8_t subtype, const void *id,
		    size_t len);
int pmip_set_mn_llid(struct pmip_msg *msg, const void *id, size_t len);
/* -ENOSPC when PMIP_MAX_HNP / PMIP_MAX_MMB entries are in use */
int pmip_add_hnp(struct pmip_msg *msg, const uint8_t addr[16], uint8_t len);
int pmip_add_mmb(struct pmip_msg *msg, const struct pmip_mmb *mmb);
void pmip_set_hi(struct pmip_msg *msg, uint8_t hi);
void pmip_set_att(struct pmip_msg *msg, uint8_t att);
void pmip_set_lla(struct pmip_msg *msg, const uint8_t lla[16]);
void pmip_set_timestamp(struct pmip_msg *msg, uint64_t sec, uint16_t frac);
void pmip_set_gre_key(struct pmip_msg *msg, bool has_key, uint32_t key);

/**
 * pmip_timestamp_from_ns() - Timestamp option value of a Unix time
 * @ns: nanoseconds since 1970-01-01 00:00 UTC
 *
 * Return: the value, fraction rounded down
 */
struct pmip_timestamp pmip_timestamp_from_ns(uint64_t ns);

/**
 * pmip_decode() - decode one Mobility Header carrying a PBU or PBA
 * @buf: the Mobility Header (first octet = Payload Proto)
 * @len: its length; must equal (Header Len + 1) * 8
 * @out: filled in; zeroed first, undefined contents on error
 * @err: if not NULL, set to a static reason on error (NULL on success)
 *
 * The checksum is not verified (pmip_decode_verify() does). Unknown option
 * types are skipped by their length and counted in &pmip_msg.n_unknown;
 * Pad1/PadN are skipped anywhere, and option alignment is not enforced.
 * A header length that disagrees with @len, an option that overruns the
 * message, a known option with a wrong length, a repeated option that may
 * not repeat or a value outside its range fails the whole message.
 *
 * Return: 0; -EINVAL for bad arguments; -EBADMSG for a malformed message
 * (truncated, length mismatch, overrun, wrong option length, repetition);
 * -ERANGE for a value outside its range (prefix length, BID, B with O,
 * O in a de-registration, too many HNP or MMB options, reserved
 * identifier subtype 0); -EPROTO for an MH type other than 5 or 6
 */
int pmip_decode(const uint8_t *buf, size_t len, struct pmip_msg *out,
		const char **err);

/**
 * pmip_decode_verify() - pmip_decode() after checking the checksum
 * @buf: as pmip_decode()
 * @len: as pmip_decode()
 * @src: IPv6 source address of the packet (16 octets)
 * @dst: IPv6 destination address (the final one if routed)
 * @out: as pmip_decode()
 * @err: as pmip_decode()
 *
 * Return: as pmip_decode(), or -EILSEQ if the checksum is wrong
 */
int pmip_decode_verify(const uint8_t *buf, size_t len, const uint8_t *src,
		       const uint8_t *dst, struct pmip_msg *out,
		       const char **err);

/**
 * pmip_encode() - encode a PBU or PBA
 * @msg: the message; every present option is checked as on decode
 * @buf: output, the Mobility Header
 * @cap: its size; PMIP_MSG_MAX_LEN always suffices
 *
 * Options are written in a fixed order, the aligned ones first, each
 * preceded by Pad1/PadN as its alignment requires: HNPs (8n+4),
 * Timestamp (8n+2), Link-local Address (8n+6), GRE Key (4n), then MN-ID,
 * HI, ATT, MN-LL-ID, MMBs and MAG Identifier (no alignment); the message
 * is padded to a multiple of 8. The checksum field is left 0 (what RFC
 * 5844 wants over IPv4/UDP); pmip_encode_csum() fills it for IPv6.
 *
 * Return: the length written (a multiple of 8), -ENOSPC if @cap is too
 * small, -EINVAL or -ERANGE for a message that would not decode
 */
int pmip_encode(const struct pmip_msg *msg, uint8_t *buf, size_t cap);

/**
 * pmip_encode_err() - pmip_encode() that also says why it failed
 * @msg: as pmip_encode()
 * @buf: as pmip_encode()
 * @cap: as pmip_encode()
 * @err: if not NULL, a static reason on error
 *
 * Return: as pmip_encode()
 */
int pmip_encode_err(const struct pmip_msg *msg, uint8_t *buf, size_t cap,
		    const char **err);

/**
 * pmip_encode_csum() - pmip_encode() and fill in the checksum
 * @msg: as pmip_encode()
 * @src: IPv6 source address the message will be sent from
 * @dst: IPv6 destination address
 * @buf: as pmip_encode()
 * @cap: as pmip_encode()
 *
 * Return: as pmip_encode()
 */
int pmip_encode_csum(const struct pmip_msg *msg, const uint8_t *src,
		     const uint8_t *dst, uint8_t *buf, size_t cap);

/**
 * pmip_checksum() - the MH checksum (RFC 6275 §6.1.1)
 * @src: IPv6 source address (16 octets)
 * @dst: IPv6 destination address (16 octets)
 * @mh: the Mobility Header
 * @len: its length (at least 6)
 *
 * The one's complement sum of the IPv6 pseudo-header (addresses, upper
 * layer length @len, next header 135) and of @mh with its checksum field
 * taken as zero.
 *
 * Return: the value to store at offset 4 (host order)
 */
uint16_t pmip_checksum(const uint8_t *src, const uint8_t *dst,
		       const uint8_t *mh, size_t len);

/**
 * pmip_checksum_ok() - verify the checksum field of @mh
 * @src: as pmip_checksum()
 * @dst: as pmip_checksum()
 * @mh: as pmip_checksum()
 * @len: as pmip_checksum()
 *
 * Return: true if the sum including the field is all ones (either
 * representation of zero in the field is accepted)
 */
bool pmip_checksum_ok(const uint8_t *src, const uint8_t *dst,
		      const uint8_t *mh, size_t len);

/**
 * pmip_checksum_set() - compute and store the checksum of @mh
 * @src: as pmip_checksum()
 * @dst: as pmip_checksum()
 * @mh: as pmip_checksum(), modified at offset 4
 * @len: as pmip_checksum()
 */
void pmip_checksum_set(const uint8_t *src, const uint8_t *dst, uint8_t *mh,
		       size_t len);

/**
 * pmip_msg_equal() - compare two messages field by field
 * @a: message
 * @b: message
 *
 * Only present options count; &pmip_msg.checksum and
 * &pmip_msg.n_unknown do not; HNPs and MMBs compare in order.
 *
 * Return: true if they would encode to the same octets
 */
bool pmip_msg_equal(const struct pmip_msg *a, const struct pmip_msg *b);

/**
 * pmip_msg_format() - one line describing @msg, for logs and debugging
 * @msg: message
 * @buf: output, always NUL-terminated if @size > 0
 * @size: its size
 *
 * Return: the length the whole text needs, like snprintf()
 */
int pmip_msg_format(const struct pmip_msg *msg, char *buf, size_t size);

/* Names for logs; never NULL ("unknown" for unknown values). */
const char *pmip_mh_type_name(unsigned int type);
const char *pmip_opt_name(unsigned int type);
const char *pmip_status_name(unsigned int status);
const char *pmip_hi_name(unsigned int hi);
const char *pmip_att_name(unsigned int att);
const char *pmip_id_subtype_name(unsigned int subtype);

/* a PBA status means acceptance */
static inline bool pmip_status_accepted(uint8_t status)
{
	return status < 128;
}

#endif /* _PMIP_H */
