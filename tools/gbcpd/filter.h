/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbcpd: filter lists and bypass (RFC 8157 4.5, 4.6, 5.6.2, 5.6.12).
 *
 *   filter.c        the pure parts: configured items, fragmentation,
 *                   reassembly, the nftables script (host unit tested)
 *   haap_filter.c   HAAP: push the list, retransmit, take the ACK
 *   hg_bypass.c     HG: reassemble, apply (nft, rtnetlink rules), ACK, FQDN
 *                   resolution, bypass counters and the bypass rate Notify
 */
#ifndef GBCPD_FILTER_H
#define GBCPD_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "gbcpd.h"

/* fragments one list may have; a longer list is refused (not acked) */
#define FILTER_MAX_FRAGS	64

/* --- configuration (HAAP "filter" lines) ------------------------------- */

/**
 * filter_conf_parse() - parse the value of a "filter" configuration line
 * @v: "TYPE VALUE [disabled] [DESCRIPTION...]"
 * @out: filled in; desc and value are malloc()ed (filter_conf_free_one())
 * @why: set to a static reason on error
 *
 * Return: 0 or -EINVAL
 */
int filter_conf_parse(const char *v, struct conf_filter *out,
		      const char **why);
void filter_conf_free_one(struct conf_filter *f);

/**
 * filter_fragments() - split configured items into Filter List TLVs
 * @items: the items, in order
 * @n: how many
 * @commit: Commit_Count of every fragment
 * @out: a malloc()ed array of fragments (free() it), NULL if @n is 0
 * @n_frags: its length
 *
 * Each fragment is as full as GBCP_FILTER_LIST_MAX allows; Packet_Sum and
 * Packet_ID are set.
 *
 * Return: 0, -EINVAL for an item libgbcp refuses, -E2BIG for more than
 * FILTER_MAX_FRAGS fragments, -ENOMEM
 */
int filter_fragments(const struct conf_filter *items, unsigned int n,
		     uint32_t commit, struct gbcp_filter_list **out,
		     unsigned int *n_frags);

/* FNV-1a over the items: tells a changed list from the same one */
uint64_t filter_conf_hash(const struct conf_filter *items, unsigned int n);

/**
 * filter_commit_next() - the Commit_Count of the configured list
 * @dir: the state directory, holding "filter-commit" ("COUNT HASH")
 * @hash: filter_conf_hash() of the list
 *
 * Return: the stored count if @hash is the stored hash, else one more
 * (stored with @hash); the clock's seconds if the file cannot be written
 */
uint32_t filter_commit_next(const char *dir, uint64_t hash);

/* --- reassembly (HG) --------------------------------------------------- */

enum filter_rx_result {
	FRX_PARTIAL,		/* more fragments to come */
	FRX_COMPLETE,		/* all Packet_Sum fragments are here */
	FRX_DUPLICATE,		/* a fragment already held */
};

struct filter_rx {
	bool active;
	uint32_t commit;
	uint16_t sum, got;
	uint8_t seen[FILTER_MAX_FRAGS / 8];
	struct gbcp_filter_list *frag;	/* [sum], by Packet_ID - 1 */
};

/**
 * filter_rx_add() - add one received fragment
 * @rx: reassembly state; a fragment of another Commit_Count starts over
 * @fl: the fragment (decoded, so its header is in range)
 *
 * Return: enum filter_rx_result, or -E2BIG (Packet_Sum above
 * FILTER_MAX_FRAGS), -EPROTO (Packet_Sum differs from an earlier fragment
 * of the same Commit_Count), -ENOMEM; on error @rx is reset
 */
int filter_rx_add(struct filter_rx *rx, const struct gbcp_filter_list *fl);
void filter_rx_reset(struct filter_rx *rx);

/* --- per session state (struct sess.flt) ------------------------------ */

/* a complete, checked list on its way into the kernel (HG) */
struct filter_pending {
	struct gbcp_filter_list *frags;	/* NULL: none */
	unsigned int n, items, rules;
	uint32_t commit;
};

struct filter_sess {
	/* HAAP: the push of the configured list */
	struct timer retx;
	unsigned int tries;
	uint32_t retx_ms;
	int ack_code;			/* -1: no ACK for this commit yet */

	/* HG: the received list and its application */
	struct filter_rx rx;
	bool applied;			/* a valid list is in the kernel */
	uint32_t commit;		/* of the applied list */
	unsigned int items, rules;
	int last_ack;			/* code of our last ACK, -1 none */
	uint32_t last_ack_commit;
	const char *error;		/* why the last list was refused */
	struct filter_pending inflight;	/* nft is loading it */
	struct filter_pending queued;	/* waits for nft */
	struct gbcp_filter_list *list;	/* the applied list's fragments */
	unsigned int n_list;
	unsigned int n_fqdn_addrs;
	struct timer rate_timer;
	uint64_t rate_bytes, rate_ns;	/* the last sample */
	uint64_t down_bytes, up_bytes;
	uint32_t bypass_kbps;
	unsigned int reports;		/* bypass rate Notifies sent */
};

/* --- the nftables ruleset (HG) ----------------------------------------- */

struct bypass_cfg {
	const char *bond, *dsl_dev, *lte_dev;	/* lte_dev may be "" */
	uint32_t mark;
	bool nat;
	const struct addr *exempt;	/* never bypassed (the HAAP's) */
	unsigned int n_exempt;
};

/**
 * filter_item_rule() - the nft match of one filter item
 * @type: item type
 * @value: its text (not NUL-terminated), already syntax-checked or not
 * @len: its length
 * @buf: the match expressions, built from parsed values only (no wire
 *	text is ever copied into the script)
 * @size: size of @buf
 *
 * Return: 1 written, 0 nothing to match with a rule of its own (FQDN,
 * which the resolved sets match; reserved types), -EINVAL bad value
 */
int filter_item_rule(uint16_t type, const char *value, size_t len,
		     char *buf, size_t size);

/**
 * filter_script() - write the nft script that replaces the bond's table
 * @f: output
 * @cfg: devices, mark, exceptions
 * @frags: the reassembled list, @n_frags fragments in Packet_ID order
 * @n_frags: how many
 * @n_rules: set to the number of item rules written
 * @why: on error, the reason (static or in a static buffer)
 *
 * The script is one nft transaction: the table "inet gbcpd_<bond>" is
 * created if missing, deleted and defined anew, so the old list stays
 * until the new one is complete. Disabled items and reserved types are
 * left out; FQDN items match the sets fqdn4/fqdn6 (filter_fqdn_script()).
 *
 * Return: 0 or -EINVAL (an item value that does not parse)
 */
int filter_script(FILE *f, const struct bypass_cfg *cfg,
		  const struct gbcp_filter_list *frags, unsigned int n_frags,
		  unsigned int *n_rules, const char **why);

/* the nft table name of a bond: "gbcpd_<bond>" */
void filter_table_name(const char *bond, char *buf, size_t size);

/**
 * filter_fqdn_script() - replace the contents of the FQDN sets
 * @f: output
 * @bond: the bond name
 * @addrs: resolved addresses, IPv4 and IPv6 mixed
 * @n: how many
 */
void filter_fqdn_script(FILE *f, const char *bond, const struct addr *addrs,
			unsigned int n);

/* "bytes N" of counter @name in "nft list counters" output; false if none */
bool filter_counter_bytes(const char *text, const char *name,
			  uint64_t *bytes);

/* hg_bypass.c: the HG's part of the state file */
void hg_bypass_json(struct json *j, const struct sess *s);

#endif /* GBCPD_FILTER_H */
