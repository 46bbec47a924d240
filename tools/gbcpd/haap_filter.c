// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd, HAAP: the configured filter list (the haap section's "filter"
 * lines) goes to every HG once bonding is established, as Filter List
 * Packages in Notify messages on the DSL tunnel (RFC 8157 5.6.2), split
 * into fragments that each fit attribute 8. All fragments are sent again,
 * with a growing pause, until the HG acknowledges the Commit_Count
 * (5.6.12).
 *
 * The Commit_Count must grow when the list changes, also across restarts:
 * it is kept with a hash of the list in <state-dir>/filter-commit, and
 * taken one higher when the hash differs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "gbcpd.h"
#include "json.h"

#define RETX_MAX_MS	30000

static struct gbcp_filter_list *frags;
static unsigned int n_frags;
static uint32_t commit;

int haap_filter_init(void)
{
	const struct conf_haap *h = &conf.haap;
	unsigned int i, items = 0;
	int r;

	if (!h->n_filters)
		return 0;
	commit = filter_commit_next(conf.state_dir,
				    filter_conf_hash(h->filters, h->n_filters));
	r = filter_fragments(h->filters, h->n_filters, commit, &frags,
			     &n_frags);
	if (r) {
		err("filter list: %s", r == -E2BIG ?
		    "more than 64 fragments" : strerror(-r));
		return r;
	}
	for (i = 0; i < n_frags; i++)
		items += frags[i].n_items;
	info("filter list: commit %u, %u items in %u fragment%s", commit,
	     items, n_frags, n_frags == 1 ? "" : "s");
	return 0;
}

static void send_all(struct sess *s)
{
	struct gbcp_msg *m = malloc(sizeof(*m));
	unsigned int i;

	if (!m)
		return;
	for (i = 0; i < n_frags; i++) {
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		m->filter = frags[i];
		gbcp_set(m, GBCP_A_FILTER_LIST);
		send_msg(s, TUN_DSL, m, s->key, NULL);
	}
	free(m);
}

static void retx_fn(struct timer *t)
{
	struct sess *s = t->data;
	struct filter_sess *fs = s->flt;

	if (fs->ack_code >= 0)
		return;
	fs->tries++;
	dbg("%s: filter list %u not acknowledged: sending again (try %u)",
	    s->bond, commit, fs->tries);
	send_all(s);
	fs->retx_ms = fs->retx_ms * 2 > RETX_MAX_MS ? RETX_MAX_MS :
						      fs->retx_ms * 2;
	timer_after_ms(&fs->retx, fs->retx_ms);
	state_write(s);
}

void haap_filter_push(struct sess *s)
{
	struct filter_sess *fs = s->flt;

	if (!n_frags)
		return;
	if (!fs) {
		fs = calloc(1, sizeof(*fs));
		if (!fs) {
			err("%s: no memory for the filter list", s->bond);
			return;
		}
		timer_init(&fs->retx, retx_fn, s);
		s->flt = fs;
	}
	fs->ack_code = -1;
	fs->tries = 1;
	/* a few hello periods for the HG to apply it and answer */
	fs->retx_ms = 3 * s->hello_ms < 1000 ? 1000 : 3 * s->hello_ms;
	info("%s: filter list %u: %u fragment%s to \"%s\"", s->bond, commit,
	     n_frags, n_frags == 1 ? "" : "s", s->cin);
	send_all(s);
	timer_after_ms(&fs->retx, fs->retx_ms);
}

void haap_filter_ack(struct sess *s, const struct gbcp_filter_ack *ack)
{
	struct filter_sess *fs = s->flt;

	if (!fs || ack->commit_count != commit) {
		info("%s: filter list ACK for commit %u (ours is %u) ignored",
		     s->bond, ack->commit_count, commit);
		return;
	}
	if (fs->ack_code == ack->code)
		return;
	fs->ack_code = ack->code;
	timer_cancel(&fs->retx);
	/*
	 * Code 1 (the HG has no list) SHOULD lead to a tear down (5.6.12);
	 * a HG that cannot apply any list would then set up again and again,
	 * so it is logged and shown, and the bond stays.
	 */
	if (ack->code == GBCP_FACK_OK)
		info("%s: filter list %u acknowledged", s->bond, commit);
	else
		warn("%s: filter list %u: %s (code %u)", s->bond, commit,
		     gbcp_filter_ack_name(ack->code), ack->code);
}

void haap_filter_free(struct sess *s)
{
	if (!s->flt)
		return;
	timer_cancel(&s->flt->retx);
	filter_rx_reset(&s->flt->rx);
	free(s->flt->list);
	free(s->flt);
	s->flt = NULL;
}

void filter_json(struct json *j, const struct sess *s)
{
	const struct filter_sess *fs = s->flt;
	unsigned int i, items = 0;

	if (s->role == ROLE_HG) {
		hg_bypass_json(j, s);
		return;
	}
	json_obj_open(j, "filter_list");
	for (i = 0; i < n_frags; i++)
		items += frags[i].n_items;
	json_u64(j, "commit", commit);
	json_u64(j, "items", items);
	json_u64(j, "fragments", n_frags);
	if (!fs) {
		json_str(j, "ack", n_frags ? "not sent" : "no list");
		json_null(j, "ack_code");
	} else if (fs->ack_code < 0) {
		json_str(j, "ack", "pending");
		json_null(j, "ack_code");
	} else {
		json_str(j, "ack", gbcp_filter_ack_name((unsigned int)fs->ack_code));
		json_u64(j, "ack_code", (uint64_t)fs->ack_code);
	}
	json_u64(j, "sent", fs ? fs->tries : 0);
	json_obj_close(j);
}
