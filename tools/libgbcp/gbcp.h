/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libgbcp: codec of the GRE tunnel bonding control messages (RFC 8157 §5).
 *
 * A control message is what follows the GRE header (protocol type 0xB7EA
 * in the RFC, 0x0101 at Deutsche Telekom): one octet holding MsgType (high
 * nibble) and T-Type (low nibble), then attributes packed back to back, each
 * Type (u8), Length (u16, value octets only) and Value. There is no length
 * field; the message ends where the GRE payload ends.
 *
 * The library keeps no state, does no I/O and never allocates: a decoded
 * message is one fixed-size struct gbcp_msg. All multi-octet values are
 * network byte order on the wire and host order in the struct.
 */
#ifndef _GBCP_H
#define _GBCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * enum gbcp_dialect - wire dialect
 * @GBCP_DIALECT_RFC: RFC 8157: T-Type 1 = DSL (primary), 2 = LTE (secondary),
 *	attributes 1-35, error codes 1-12.
 * @GBCP_DIALECT_DT: Deutsche Telekom's deployment: T-Type 0 = LTE, 8 = DSL,
 *	every message closed by a zero-length attribute 255, the extra
 *	attributes 53, 54, 56, 57 and 59, MsgType 10 (link detection) and the
 *	error codes 401-407 and 501-503.
 */
enum gbcp_dialect {
	GBCP_DIALECT_RFC,
	GBCP_DIALECT_DT,
};

/* GRE protocol types of control messages (for whoever adds the GRE header) */
#define GBCP_GRE_PROTO_RFC	0xB7EA
#define GBCP_GRE_PROTO_DT	0x0101

/**
 * enum gbcp_msg_type - MsgType, the high nibble of the first octet
 * @GBCP_MSG_SETUP_REQUEST: GRE Tunnel Setup Request, HG -> HAAP
 * @GBCP_MSG_SETUP_ACCEPT: GRE Tunnel Setup Accept, HAAP -> HG
 * @GBCP_MSG_SETUP_DENY: GRE Tunnel Setup Deny, HAAP -> HG
 * @GBCP_MSG_HELLO: GRE Tunnel Hello, both ways
 * @GBCP_MSG_TEAR_DOWN: GRE Tunnel Tear Down, HAAP -> HG
 * @GBCP_MSG_NOTIFY: GRE Tunnel Notify, both ways
 * @GBCP_MSG_LINK_DETECTION: Telekom "link detection" (DT dialect only)
 */
enum gbcp_msg_type {
	GBCP_MSG_SETUP_REQUEST = 1,
	GBCP_MSG_SETUP_ACCEPT = 2,
	GBCP_MSG_SETUP_DENY = 3,
	GBCP_MSG_HELLO = 4,
	GBCP_MSG_TEAR_DOWN = 5,
	GBCP_MSG_NOTIFY = 6,
	GBCP_MSG_LINK_DETECTION = 10,
};

/**
 * enum gbcp_tunnel - the tunnel a message says it was sent over
 * @GBCP_TUNNEL_OTHER: a T-Type the dialect reserves; the RFC says to ignore
 *	it, &gbcp_msg.ttype_raw keeps the nibble
 * @GBCP_TUNNEL_DSL: RFC T-Type 1 (primary), DT T-Type 8
 * @GBCP_TUNNEL_LTE: RFC T-Type 2 (secondary), DT T-Type 0
 */
enum gbcp_tunnel {
	GBCP_TUNNEL_OTHER,
	GBCP_TUNNEL_DSL,
	GBCP_TUNNEL_LTE,
};

/**
 * enum gbcp_attr_type - attribute types (RFC 8157 §5.1-5.6; 53-59 and 255
 * are Telekom's and understood in the DT dialect only)
 */
enum gbcp_attr_type {
	GBCP_A_H_IPV4 = 1,		/* 4: HAAP end-point IPv4 address */
	GBCP_A_H_IPV6 = 2,		/* 16: HAAP end-point IPv6 address */
	GBCP_A_CIN = 3,			/* 40: client identification name */
	GBCP_A_SESSION_ID = 4,		/* 4: u32 */
	GBCP_A_TIMESTAMP = 5,		/* 8: u32 s + u32 ms (0..999) */
	GBCP_A_BYPASS_RATE = 6,		/* 4: kbps */
	GBCP_A_DSL_SYNC_RATE = 7,	/* 4: kbps */
	GBCP_A_FILTER_LIST = 8,		/* 8..969: filter list TLV */
	GBCP_A_RTT_DIFF_THRESHOLD = 9,	/* 4: ms, 0..1000 */
	GBCP_A_BYPASS_CHECK_INTERVAL = 10, /* 4: s, 10..300 */
	GBCP_A_SWITCH_TO_DSL = 11,	/* 0 */
	GBCP_A_OVERFLOW_TO_LTE = 12,	/* 0 */
	GBCP_A_IPV6_PREFIX_HAAP = 13,	/* 17: address + prefix length */
	GBCP_A_ACTIVE_HELLO_INTERVAL = 14, /* 4: s, 1..100 */
	GBCP_A_HELLO_RETRY_TIMES = 15,	/* 4: 3..10 */
	GBCP_A_IDLE_TIMEOUT = 16,	/* 4: s, 0..172800, multiple of 60 */
	GBCP_A_ERROR_CODE = 17,		/* 4: enum gbcp_error_code */
	GBCP_A_DSL_LINK_FAILURE = 18,	/* 0 */
	GBCP_A_LTE_LINK_FAILURE = 19,	/* 0 */
	GBCP_A_BONDING_KEY = 20,	/* 4: u32 */
	GBCP_A_IPV6_PREFIX_HOST = 21,	/* 17: address + prefix length */
	GBCP_A_DSL_UP_BW = 22,		/* 4: kbps */
	GBCP_A_DSL_DOWN_BW = 23,	/* 4: kbps */
	GBCP_A_RTT_VIOLATION = 24,	/* 4: 1..25 */
	GBCP_A_RTT_COMPLIANCE = 25,	/* 4: 1..25 */
	GBCP_A_DIAG_START_BONDING = 26,	/* 0 */
	GBCP_A_DIAG_START_DSL = 27,	/* 0 */
	GBCP_A_DIAG_START_LTE = 28,	/* 0 */
	GBCP_A_DIAG_END = 29,		/* 0 */
	GBCP_A_FILTER_LIST_ACK = 30,	/* 5: u32 commit count + u8 code */
	GBCP_A_IDLE_HELLO_INTERVAL = 31, /* 4: s, 100..86400, multiple of 100 */
	GBCP_A_NO_TRAFFIC_INTERVAL = 32, /* 4: s, 30..86400 */
	GBCP_A_SWITCH_ACTIVE_HELLO = 33, /* 0 */
	GBCP_A_SWITCH_IDLE_HELLO = 34,	/* 0 */
	GBCP_A_TUNNEL_VERIFICATION = 35, /* 0 */
	GBCP_A_DT_DSL_LINE_TYPE = 53,	/* 1, 2 or 4: 0..4 */
	GBCP_A_DT_BRAS_NAME = 54,	/* 1..255: UTF-8 text */
	GBCP_A_DT_REORDER_TIME = 56,	/* 1, 2 or 4: max downstream reorder time */
	GBCP_A_DT_UP_BURST_TIME = 57,	/* 1, 2 or 4: committed upstream burst time */
	GBCP_A_DT_UP_SYNC_RATE = 59,	/* 1, 2 or 4: DSL upstream sync rate, kbps */
	GBCP_A_DT_END = 255,		/* 0: closes every DT message */
};

/**
 * enum gbcp_error_code - values of attribute 17 (RFC 8157 §5.3.1; the 4xx
 * and 5xx codes are seen in Telekom traffic and valid in the DT dialect only)
 */
enum gbcp_error_code {
	GBCP_ERR_HAAP_UNREACHABLE_LTE = 1,
	GBCP_ERR_HAAP_UNREACHABLE_DSL = 2,
	GBCP_ERR_LTE_TUNNEL_FAILED = 3,
	GBCP_ERR_DSL_TUNNEL_FAILED = 4,
	GBCP_ERR_DSL_USER_NOT_ALLOWED = 5,
	GBCP_ERR_USER_NOT_ALLOWED = 6,
	GBCP_ERR_USER_ID_MISMATCH = 7,
	GBCP_ERR_SESSION_EXISTS = 8,
	GBCP_ERR_CIN_NOT_PERMITTED = 9,
	GBCP_ERR_MAINTENANCE = 10,
	GBCP_ERR_MGMT_LTE = 11,
	GBCP_ERR_MGMT_DSL = 12,
	GBCP_ERR_DT_FIRST = 401,	/* 401..407 */
	GBCP_ERR_DT_LAST = 407,
	GBCP_ERR_DT2_FIRST = 501,	/* 501..503 */
	GBCP_ERR_DT2_LAST = 503,
};

/**
 * enum gbcp_filter_type - Filter Item types (RFC 8157 §5.6.2); other values
 * are reserved and kept undecoded (Telekom sends 15, "combination")
 */
enum gbcp_filter_type {
	GBCP_F_FQDN = 1,
	GBCP_F_DSCP = 2,
	GBCP_F_DST_PORT = 3,
	GBCP_F_DST_IP = 4,
	GBCP_F_DST_IP_PORT = 5,
	GBCP_F_SRC_PORT = 6,
	GBCP_F_SRC_IP = 7,
	GBCP_F_SRC_IP_PORT = 8,
	GBCP_F_SRC_MAC = 9,
	GBCP_F_PROTOCOL = 10,
	GBCP_F_SRC_IP_RANGE = 11,
	GBCP_F_DST_IP_RANGE = 12,
	GBCP_F_SRC_IP_RANGE_PORT = 13,
	GBCP_F_DST_IP_RANGE_PORT = 14,
};

/**
 * enum gbcp_filter_ack_code - code octet of attribute 30 (RFC 8157 §5.6.12)
 * @GBCP_FACK_OK: acknowledged
 * @GBCP_FACK_NO_LIST: not acknowledged, the HG never had a valid list
 * @GBCP_FACK_KEEP_OLD: not acknowledged, the HG keeps its previous list
 */
enum gbcp_filter_ack_code {
	GBCP_FACK_OK = 0,
	GBCP_FACK_NO_LIST = 1,
	GBCP_FACK_KEEP_OLD = 2,
};

#define GBCP_CIN_LEN		40	/* fixed length of attribute 3 */
#define GBCP_FILTER_LIST_MAX	969	/* max Length of attribute 8 */
#define GBCP_FILTER_HDR_LEN	8	/* commit count, packet sum, packet id */
#define GBCP_FILTER_ITEM_HDR	8	/* type, length, enable, desc length */
#define GBCP_FILTER_MAX_ITEMS	\
	((GBCP_FILTER_LIST_MAX - GBCP_FILTER_HDR_LEN) / GBCP_FILTER_ITEM_HDR)
#define GBCP_FILTER_TEXT_MAX	(GBCP_FILTER_LIST_MAX - GBCP_FILTER_HDR_LEN)
#define GBCP_BRAS_NAME_MAX	255
/* no valid message is longer: header, every attribute once, DT end */
#define GBCP_MSG_MAX_LEN	2048

/**
 * struct gbcp_ipv6_prefix - value of attributes 13 and 21 (17 octets)
 * @addr: IPv6 address, network order
 * @len: prefix length, 0..128
 */
struct gbcp_ipv6_prefix {
	uint8_t addr[16];
	uint8_t len;
};

/**
 * struct gbcp_timestamp - value of attribute 5: time since system restart
 * @sec: whole seconds
 * @msec: milliseconds, 0..999 (not a binary fraction)
 */
struct gbcp_timestamp {
	uint32_t sec;
	uint32_t msec;
};

/**
 * struct gbcp_filter_item - one Filter Item of a filter list
 * @type: enum gbcp_filter_type, or a reserved value (kept, not checked)
 * @enable: 1 enabled, 0 disabled, other values reserved (kept as sent)
 * @desc_off: offset of the description in &gbcp_filter_list.text
 * @desc_len: its length (not NUL-terminated)
 * @value_off: offset of the value text in &gbcp_filter_list.text
 * @value_len: its length (not NUL-terminated)
 */
struct gbcp_filter_item {
	uint16_t type;
	uint16_t enable;
	uint16_t desc_off;
	uint16_t desc_len;
	uint16_t value_off;
	uint16_t value_len;
};

/**
 * struct gbcp_filter_list - value of attribute 8, the Filter List TLV
 * @commit_count: version of the whole list, shared by all its fragments
 * @packet_sum: number of fragments (>= 1)
 * @packet_id: this fragment, 1..@packet_sum
 * @n_items: used entries of @items
 * @text_len: used octets of @text
 * @items: the filter items in wire order
 * @text: descriptions and values, back to back; fill it with
 *	gbcp_filter_add()
 */
struct gbcp_filter_list {
	uint32_t commit_count;
	uint16_t packet_sum;
	uint16_t packet_id;
	uint16_t n_items;
	uint16_t text_len;
	struct gbcp_filter_item items[GBCP_FILTER_MAX_ITEMS];
	char text[GBCP_FILTER_TEXT_MAX];
};

/**
 * struct gbcp_filter_ack - value of attribute 30
 * @commit_count: the Commit_Count acknowledged
 * @code: enum gbcp_filter_ack_code
 */
struct gbcp_filter_ack {
	uint32_t commit_count;
	uint8_t code;
};

/**
 * struct gbcp_msg - one decoded control message
 * @type: enum gbcp_msg_type
 * @tunnel: enum gbcp_tunnel, the dialect's T-Type mapped
 * @ttype_raw: the T-Type nibble if @tunnel is GBCP_TUNNEL_OTHER, else 0
 * @n_unknown: attributes skipped on decode (unknown types); not encoded
 * @err_attr: after a failed decode, the type of the attribute at fault (0
 *	if none); the rest of the struct is then undefined
 * @present: bit N set = attribute type N present (N < 64); use gbcp_has(),
 *	gbcp_set(). Flag attributes have no field beyond their bit.
 *
 * The typed fields below are valid only when their attribute is present.
 * Each attribute appears at most once in a message (the RFC defines no
 * repeatable attribute; repetition is what the filter items do, inside
 * attribute 8).
 */
struct gbcp_msg {
	uint8_t type;
	uint8_t tunnel;
	uint8_t ttype_raw;
	uint8_t err_attr;
	uint16_t n_unknown;
	uint64_t present;

	uint8_t h_ipv4[4];		/* 1 */
	uint8_t h_ipv6[16];		/* 2 */
	uint8_t cin[GBCP_CIN_LEN];	/* 3, zero padded; gbcp_set_cin() */
	uint32_t session_id;		/* 4 */
	struct gbcp_timestamp timestamp; /* 5 */
	uint32_t bypass_rate;		/* 6 */
	uint32_t dsl_sync_rate;		/* 7 */
	uint32_t rtt_diff_threshold;	/* 9 */
	uint32_t bypass_check_interval;	/* 10 */
	struct gbcp_ipv6_prefix prefix_haap; /* 13 */
	uint32_t active_hello_interval;	/* 14 */
	uint32_t hello_retry_times;	/* 15 */
	uint32_t idle_timeout;		/* 16 */
	uint32_t error_code;		/* 17 */
	uint32_t bonding_key;		/* 20 */
	struct gbcp_ipv6_prefix prefix_host; /* 21 */
	uint32_t dsl_up_bw;		/* 22 */
	uint32_t dsl_down_bw;		/* 23 */
	uint32_t rtt_violation;		/* 24 */
	uint32_t rtt_compliance;	/* 25 */
	struct gbcp_filter_ack filter_ack; /* 30 */
	uint32_t idle_hello_interval;	/* 31 */
	uint32_t no_traffic_interval;	/* 32 */

	/*
	 * DT dialect; *_len = wire width 1, 2 or 4 (0 = default: 1 for the
	 * line type, 4 for the others)
	 */
	uint32_t dt_line_type;		/* 53 */
	uint32_t dt_reorder_time;	/* 56 */
	uint32_t dt_up_burst_time;	/* 57 */
	uint32_t dt_up_sync_rate;	/* 59 */
	uint8_t dt_line_type_len;
	uint8_t dt_reorder_time_len;
	uint8_t dt_up_burst_time_len;
	uint8_t dt_up_sync_rate_len;
	uint16_t dt_bras_name_len;	/* 54 */
	char dt_bras_name[GBCP_BRAS_NAME_MAX + 1]; /* NUL-terminated */

	struct gbcp_filter_list filter;	/* 8 */
};

/**
 * gbcp_msg_init() - start a message for encoding
 * @msg: zeroed and given its type and tunnel
 * @type: enum gbcp_msg_type
 * @tunnel: enum gbcp_tunnel
 */
void gbcp_msg_init(struct gbcp_msg *msg, enum gbcp_msg_type type,
		   enum gbcp_tunnel tunnel);

/**
 * gbcp_has() - is attribute @attr present in @msg
 * @msg: message
 * @attr: attribute type
 *
 * Return: true if present; false for types >= 64 (255 is never recorded)
 */
static inline bool gbcp_has(const struct gbcp_msg *msg, unsigned int attr)
{
	return attr < 64 && (msg->present >> attr & 1);
}

/**
 * gbcp_set() - mark attribute @attr present (set its field first)
 * @msg: message
 * @attr: attribute type below 64
 */
static inline void gbcp_set(struct gbcp_msg *msg, unsigned int attr)
{
	if (attr < 64)
		msg->present |= (uint64_t)1 << attr;
}

/**
 * gbcp_set_cin() - set attribute 3 from a string
 * @msg: message
 * @cin: UTF-8 text of at most GBCP_CIN_LEN octets, zero padded on the wire
 *
 * Return: 0, or -EINVAL if @cin is too long or not UTF-8
 */
int gbcp_set_cin(struct gbcp_msg *msg, const char *cin);

/**
 * gbcp_set_bras_name() - set the DT attribute 54 from a string
 * @msg: message
 * @name: UTF-8 text, 1..GBCP_BRAS_NAME_MAX octets, no NUL
 *
 * Return: 0 or -EINVAL
 */
int gbcp_set_bras_name(struct gbcp_msg *msg, const char *name);

/**
 * gbcp_filter_add() - append an item to a filter list and mark attribute 8
 *	present
 * @msg: message
 * @type: enum gbcp_filter_type (or a reserved value: not checked)
 * @enable: 1 or 0 (other values are sent as given)
 * @desc: description text (UTF-8), may be empty
 * @value: value text, checked against @type's syntax
 *
 * Return: 0; -EINVAL for a bad value; -EMSGSIZE if the list would exceed
 * GBCP_FILTER_LIST_MAX octets
 */
int gbcp_filter_add(struct gbcp_msg *msg, uint16_t type, uint16_t enable,
		    const char *desc, const char *value);

/**
 * gbcp_filter_value_check() - check a filter item value's text syntax
 * @type: enum gbcp_filter_type; reserved types always pass
 * @value: the text (not NUL-terminated)
 * @len: its length
 *
 * Syntax: FQDN labels (first label may be "*"); DSCP decimal 0..63; ports
 * decimal 0..65535; IP an IPv4/IPv6 address with optional "/prefix"; IP
 * range a prefix or "first-last"; MAC six hex octets separated by ":" or
 * "-", or twelve hex digits; protocol decimal 0..255 or an IANA keyword;
 * "X&Port" types join X and the port with ":", split at the last colon (an
 * IPv6 part may be in brackets).
 *
 * Return: NULL if valid, else a static string saying why not
 */
const char *gbcp_filter_value_check(uint16_t type, const char *value,
				    size_t len);

/**
 * gbcp_decode() - decode one control message
 * @buf: the GRE payload (first octet = MsgType/T-Type)
 * @len: its length
 * @dialect: enum gbcp_dialect
 * @out: filled in; zeroed first, undefined contents on error
 * @err: if not NULL, set to a static reason on error (NULL on success)
 *
 * Unknown attribute types are skipped by their length (and counted in
 * &gbcp_msg.n_unknown). An attribute that overruns the message, a known
 * attribute with a wrong length or an out-of-range value, or a repeated
 * attribute fails the whole message. In the DT dialect attribute 255 must
 * be empty and last; a message without it is accepted.
 *
 * Return: 0; -EINVAL for bad arguments; -EBADMSG for a malformed message
 * (truncated, overrun, wrong length, repeated attribute, bad filter list);
 * -ERANGE for a value outside its range; -EPROTO for a reserved MsgType
 */
int gbcp_decode(const uint8_t *buf, size_t len, enum gbcp_dialect dialect,
		struct gbcp_msg *out, const char **err);

/**
 * gbcp_encode() - encode a control message
 * @msg: the message; every present attribute is checked as on decode
 * @dialect: enum gbcp_dialect
 * @buf: output (the GRE payload)
 * @cap: its size; GBCP_MSG_MAX_LEN always suffices
 *
 * Attributes are written in ascending type order; the DT dialect appends
 * attribute 255. Attributes that the dialect does not know are an error,
 * as is GBCP_TUNNEL_OTHER with a T-Type the dialect assigns to DSL or LTE.
 *
 * Return: the length written, -ENOSPC if @cap is too small, -EINVAL or
 * -ERANGE for a message that would not decode
 */
int gbcp_encode(const struct gbcp_msg *msg, enum gbcp_dialect dialect,
		uint8_t *buf, size_t cap);

/**
 * gbcp_encode_err() - gbcp_encode() that also says why it failed
 * @msg: as gbcp_encode()
 * @dialect: as gbcp_encode()
 * @buf: as gbcp_encode()
 * @cap: as gbcp_encode()
 * @err: if not NULL, a static reason on error
 *
 * Return: as gbcp_encode()
 */
int gbcp_encode_err(const struct gbcp_msg *msg, enum gbcp_dialect dialect,
		    uint8_t *buf, size_t cap, const char **err);

/**
 * gbcp_msg_equal() - compare two messages field by field
 * @a: message
 * @b: message
 *
 * Only present attributes count; &gbcp_msg.n_unknown does not; a DT width
 * of 0 equals the default width.
 *
 * Return: true if they would encode to the same octets
 */
bool gbcp_msg_equal(const struct gbcp_msg *a, const struct gbcp_msg *b);

/**
 * gbcp_msg_format() - one line describing @msg, for logs and debugging
 * @msg: message
 * @buf: output, always NUL-terminated if @size > 0
 * @size: its size
 *
 * Return: the length the whole text needs, like snprintf()
 */
int gbcp_msg_format(const struct gbcp_msg *msg, char *buf, size_t size);

/* Names for logs and the CLI; never NULL ("unknown" for unknown values). */
const char *gbcp_msg_type_name(unsigned int type);
const char *gbcp_attr_name(unsigned int attr);
const char *gbcp_error_name(uint32_t code);
const char *gbcp_filter_type_name(unsigned int type);
const char *gbcp_filter_ack_name(unsigned int code);
const char *gbcp_tunnel_name(unsigned int tunnel);
const char *gbcp_dialect_name(unsigned int dialect);
const char *gbcp_dt_line_type_name(uint32_t type);

/**
 * gbcp_ttype() - the T-Type nibble a dialect sends for a tunnel
 * @dialect: enum gbcp_dialect
 * @tunnel: GBCP_TUNNEL_DSL or GBCP_TUNNEL_LTE
 *
 * Return: the nibble, or -EINVAL
 */
int gbcp_ttype(enum gbcp_dialect dialect, enum gbcp_tunnel tunnel);

#endif /* _GBCP_H */
