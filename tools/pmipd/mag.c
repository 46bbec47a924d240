// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd: the MAG's state per access link (RFC 5213 §6.9; RFC 8278 §3.1,
 * §4.4). Pure: link events, PBAs and the clock in; PBUs to send and
 * kernel changes out.
 *
 * Multipath is first tried on one link only (the first one up), so that a
 * legacy LMA does not see two PBUs for the same node from two care-of
 * addresses and overwrite one binding with the other. A PBA echoing the
 * MMB option turns multipath on: every other link that is up registers,
 * with the home network prefix the first PBA gave. A PBA without it, or
 * status 180, turns it off: one link at a time holds the node's binding,
 * and when that link goes down the next one takes over (HI = 2).
 */
#include <string.h>

#include "pmipd.h"

uint32_t mag_retx_next(uint32_t ms)
{
	if (ms < PD_INITIAL_BINDACK_MS)
		return PD_INITIAL_BINDACK_MS;
	return ms >= PD_MAX_BINDACK_MS / 2 ? PD_MAX_BINDACK_MS : ms * 2;
}

/*
 * Refresh at 3/4 of the granted lifetime but, for short lifetimes, early
 * enough that the whole back-off series up to MAX_BINDACK_TIMEOUT would
 * still fit: never later than lifetime - 2 * 32 s when that is positive.
 */
uint64_t mag_refresh_after_ms(uint32_t granted_s)
{
	uint64_t life = (uint64_t)granted_s * 1000;
	uint64_t at = life * 3 / 4;

	if (life > 2 * PD_MAX_BINDACK_MS && at > life - 2 * PD_MAX_BINDACK_MS)
		at = life - 2 * PD_MAX_BINDACK_MS;
	return at ? at : 1;
}

void mag_init(struct pd_mag *m, const struct pd_conf *c, uint16_t seq0)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->conf = c;
	m->mp = c->multipath ? PD_MP_UNKNOWN : PD_MP_OFF;
	m->next_seq = seq0;
	/* the I/O layer may put something less predictable here */
	m->key_salt = seq0;
	m->n_links = c->n_links;
	for (i = 0; i < c->n_links; i++) {
		m->link[i].conf = &c->links[i];
		m->link[i].state = PD_LINK_DOWN;
	}
}

/* salt (24 bits) | BID: the BIDs of one MAG differ, so do the keys */
uint32_t mag_gre_key(const struct pd_mag *m, unsigned int i)
{
	return (m->key_salt & 0xffffff) << 8 | m->link[i].conf->bid;
}

static void out_act(struct pd_mag_out *o, enum pd_act_op op,
		    unsigned int link)
{
	if (o->n_act < ARRAY_SIZE(o->act)) {
		o->act[o->n_act].op = op;
		o->act[o->n_act].link = link;
		o->n_act++;
	}
}

/* a PBU for link @i's binding, sent through link @via */
static void send_pbu(struct pd_mag *m, unsigned int i, unsigned int via,
		     uint16_t lifetime, uint64_t real_ns, struct pd_mag_out *o)
{
	const struct pd_conf *c = m->conf;
	struct pd_mag_link *l = &m->link[i];
	struct pmip_msg *p;
	static const uint8_t zero[16];

	if (o->n_pbu == ARRAY_SIZE(o->pbu))
		return;
	o->pbu[o->n_pbu].link = via;
	p = &o->pbu[o->n_pbu++].msg;
	pmip_msg_init(p, PMIP_MH_BU);
	p->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
	p->seq = m->next_seq++;
	p->lifetime = lifetime;
	pmip_set_mn_id(p, c->mn_id.subtype, c->mn_id.id, c->mn_id.len);
	if (m->has_hnp)
		pmip_add_hnp(p, m->hnp.addr, m->hnp.len);
	else
		pmip_add_hnp(p, zero, 0);
	pmip_set_hi(p, l->hi);
	pmip_set_att(p, l->conf->att);
	if (c->timestamps) {
		struct pmip_timestamp t = pmip_timestamp_from_ns(real_ns);

		pmip_set_timestamp(p, t.sec, t.frac);
	}
	/* RFC 5845 §5.1: our downlink key in every registration */
	if (c->gre && lifetime)
		pmip_set_gre_key(p, true, mag_gre_key(m, i));
	l->pending_mmb = m->mp != PD_MP_OFF;
	if (l->pending_mmb) {
		struct pmip_mmb mmb = {
			.if_att = l->conf->att,
			.if_label = l->conf->label,
			.bid = l->conf->bid,
		};

		pmip_add_mmb(p, &mmb);
		pmip_set_mag_id(p, c->mag_id.subtype, c->mag_id.id,
				c->mag_id.len);
	}
	l->seq = p->seq;
	l->pending = true;
}

static void start_pbu(struct pd_mag *m, unsigned int i, uint16_t lifetime,
		      uint64_t real_ns, uint64_t mono_ns,
		      struct pd_mag_out *o)
{
	struct pd_mag_link *l = &m->link[i];

	l->retx_ms = PD_INITIAL_BINDACK_MS;
	l->tries = 1;
	l->deadline_ns = mono_ns + l->retx_ms * NSEC_PER_MSEC;
	send_pbu(m, i, i, lifetime, real_ns, o);
}

static uint16_t want_lifetime(const struct pd_mag *m)
{
	uint32_t u = (m->conf->lifetime_s + 3) / 4;

	return (uint16_t)(u > 0xffff ? 0xffff : u);
}

static bool any_in(const struct pd_mag *m, enum pd_link_state a,
		   enum pd_link_state b)
{
	unsigned int i;

	for (i = 0; i < m->n_links; i++)
		if (m->link[i].state == a || m->link[i].state == b)
			return true;
	return false;
}

/* start registering the links that may */
static void kick(struct pd_mag *m, uint64_t real_ns, uint64_t mono_ns,
		 struct pd_mag_out *o)
{
	unsigned int i;

	for (i = 0; i < m->n_links; i++) {
		struct pd_mag_link *l = &m->link[i];

		if (l->state != PD_LINK_IDLE)
			continue;
		/* one link at a time until the LMA said yes to multipath */
		if (m->mp != PD_MP_ON && any_in(m, PD_LINK_REG, PD_LINK_BOUND))
			return;
		/* RFC 5213 §8.4: a single binding moving is a handoff */
		l->hi = m->mp == PD_MP_OFF && m->has_hnp ? PMIP_HI_INTERFACE_CHANGE :
			PMIP_HI_NEW_INTERFACE;
		l->state = PD_LINK_REG;
		start_pbu(m, i, want_lifetime(m), real_ns, mono_ns, o);
	}
}

/* link @i's binding is gone here; tell the LMA through some link up */
static void drop_binding(struct pd_mag *m, unsigned int i, bool tell,
			 uint64_t real_ns, uint64_t mono_ns,
			 struct pd_mag_out *o)
{
	struct pd_mag_link *l = &m->link[i];
	unsigned int via = i, k;

	if (l->state == PD_LINK_BOUND)
		out_act(o, PD_ACT_BIND_DEL, i);
	l->pending = false;
	l->state = l->up ? PD_LINK_IDLE : PD_LINK_DOWN;
	/* without multipath the next link's PBU (HI = 2) moves it */
	if (!tell || m->mp != PD_MP_ON)
		return;
	if (!l->up) {
		for (k = 0; k < m->n_links && !m->link[k].up; k++)
			;
		if (k == m->n_links)
			return;		/* no way out: it expires there */
		via = k;
	}
	l->state = PD_LINK_DEREG;
	l->hi = PMIP_HI_NOT_CHANGED;
	l->retx_ms = PD_INITIAL_BINDACK_MS;
	l->tries = 1;
	l->deadline_ns = mono_ns + l->retx_ms * NSEC_PER_MSEC;
	send_pbu(m, i, via, 0, real_ns, o);
}

void mag_link_event(struct pd_mag *m, unsigned int i, bool up,
		    uint64_t real_ns, uint64_t mono_ns, struct pd_mag_out *o)
{
	struct pd_mag_link *l = &m->link[i];

	if (i >= m->n_links || l->up == up)
		return;
	l->up = up;
	if (up) {
		if (l->state == PD_LINK_DOWN)
			l->state = PD_LINK_IDLE;
	} else if (l->state == PD_LINK_BOUND || l->state == PD_LINK_REG) {
		drop_binding(m, i, l->state == PD_LINK_BOUND, real_ns,
			     mono_ns, o);
	} else if (l->state == PD_LINK_IDLE) {
		l->state = PD_LINK_DOWN;
	}
	kick(m, real_ns, mono_ns, o);
}

void mag_addr_event(struct pd_mag *m, unsigned int i, uint64_t real_ns,
		    uint64_t mono_ns, struct pd_mag_out *o)
{
	struct pd_mag_link *l;

	if (i >= m->n_links)
		return;
	l = &m->link[i];
	/*
	 * Only a registration waiting for its PBA: its PBU most likely
	 * could not leave while the address was missing or tentative, and
	 * the back-off may be long by now. A fresh series, new sequence.
	 */
	if (!l->up || l->state != PD_LINK_REG || !l->pending)
		return;
	start_pbu(m, i, want_lifetime(m), real_ns, mono_ns, o);
}

static struct pd_mag_link *match(struct pd_mag *m, const struct pmip_msg *pba,
				 unsigned int *idx)
{
	unsigned int i;

	for (i = 0; i < m->n_links; i++)
		if (m->link[i].pending && m->link[i].seq == pba->seq) {
			*idx = i;
			return &m->link[i];
		}
	return NULL;
}

bool mag_pba(struct pd_mag *m, const struct pmip_msg *pba,
	     const struct in6_addr *src, uint64_t real_ns, uint64_t mono_ns,
	     struct pd_mag_out *o)
{
	struct pd_mag_link *l;
	unsigned int i, k;
	bool ok;

	(void)src;
	l = match(m, pba, &i);
	if (!l || !(pba->flags & PMIP_BA_P))
		return false;
	ok = pmip_status_accepted(pba->status);
	l->pending = false;

	if (l->state == PD_LINK_DEREG) {
		l->state = l->up ? PD_LINK_IDLE : PD_LINK_DOWN;
		return true;
	}

	if (pba->status == PMIP_ST_CANNOT_SUPPORT_MULTIPATH) {
		/* RFC 8278 §4.4: not for this node; one binding, no MMB */
		m->mp = PD_MP_OFF;
		for (k = 0; k < m->n_links; k++)
			if (m->link[k].state == PD_LINK_REG ||
			    m->link[k].state == PD_LINK_BOUND)
				drop_binding(m, k, false, real_ns, mono_ns, o);
		l->state = l->up ? PD_LINK_IDLE : PD_LINK_DOWN;
		kick(m, real_ns, mono_ns, o);
		return true;
	}
	if (!ok) {
		/* try again later, with back-off */
		if (l->state == PD_LINK_BOUND)
			out_act(o, PD_ACT_BIND_DEL, i);
		l->state = PD_LINK_REG;
		l->pending = true;
		l->hi = PMIP_HI_NEW_INTERFACE;
		l->retx_ms = mag_retx_next(l->retx_ms);
		l->deadline_ns = mono_ns + l->retx_ms * NSEC_PER_MSEC;
		return true;
	}

	if (l->pending_mmb && m->mp == PD_MP_UNKNOWN)
		m->mp = pba->n_mmb ? PD_MP_ON : PD_MP_OFF;
	else if (l->pending_mmb && !pba->n_mmb)
		m->mp = PD_MP_OFF;	/* the LMA changed its mind */
	if (pba->n_hnp && !m->has_hnp && pba->hnp[0].len) {
		m->has_hnp = true;
		m->hnp = pba->hnp[0];
	}
	if (!m->session_installed && m->has_hnp) {
		m->session_installed = true;
		out_act(o, PD_ACT_SESSION_ADD, i);
	}
	/*
	 * RFC 5845 §5.1: GRE only if the PBA has the option too; an LMA that
	 * does not know it (or not want it) leaves it out: ip6ip6 then.
	 */
	memset(&l->encap, 0, sizeof(l->encap));
	if (m->conf->gre && pmip_has(pba, PMIP_OPT_GRE_KEY)) {
		l->encap.gre = true;
		l->encap.keyed = pba->gre_has_key;
		if (pba->gre_has_key) {
			l->encap.ikey = mag_gre_key(m, i);
			l->encap.okey = pba->gre_key;
		}
	}
	l->state = PD_LINK_BOUND;
	l->granted_s = pmip_lifetime_sec(pba->lifetime);
	l->expires_ns = mono_ns + (uint64_t)l->granted_s * NSEC_PER_SEC;
	l->deadline_ns = mono_ns +
			 mag_refresh_after_ms(l->granted_s) * NSEC_PER_MSEC;
	out_act(o, PD_ACT_BIND_SET, i);
	kick(m, real_ns, mono_ns, o);
	return true;
}

void mag_tick(struct pd_mag *m, uint64_t real_ns, uint64_t mono_ns,
	      struct pd_mag_out *o)
{
	unsigned int i;

	for (i = 0; i < m->n_links; i++) {
		struct pd_mag_link *l = &m->link[i];

		if (l->state == PD_LINK_BOUND && mono_ns >= l->expires_ns) {
			/* the LMA never answered the refreshes */
			out_act(o, PD_ACT_BIND_DEL, i);
			l->state = PD_LINK_REG;
			l->hi = PMIP_HI_NEW_INTERFACE;
			start_pbu(m, i, want_lifetime(m), real_ns, mono_ns, o);
			continue;
		}
		if (mono_ns < l->deadline_ns)
			continue;
		if (l->pending) {
			if (l->state == PD_LINK_DEREG &&
			    l->tries >= PD_DEREG_TRIES) {
				l->pending = false;
				l->state = l->up ? PD_LINK_IDLE : PD_LINK_DOWN;
				continue;
			}
			/* RFC 5213 §6.9.4: new timestamp and sequence */
			l->tries++;
			l->retx_ms = mag_retx_next(l->retx_ms);
			l->deadline_ns = mono_ns + l->retx_ms * NSEC_PER_MSEC;
			o->n_retx++;
			if (l->state == PD_LINK_DEREG) {
				unsigned int via = i, k;

				if (!l->up) {
					for (k = 0; k < m->n_links &&
					     !m->link[k].up; k++)
						;
					if (k == m->n_links)
						continue;
					via = k;
				}
				send_pbu(m, i, via, 0, real_ns, o);
			} else {
				send_pbu(m, i, i, want_lifetime(m), real_ns, o);
			}
			continue;
		}
		if (l->state == PD_LINK_BOUND) {
			l->hi = PMIP_HI_NOT_CHANGED;
			start_pbu(m, i, want_lifetime(m), real_ns, mono_ns, o);
		}
	}
	kick(m, real_ns, mono_ns, o);
}

void mag_stop(struct pd_mag *m, uint64_t real_ns, struct pd_mag_out *o)
{
	unsigned int i;

	for (i = 0; i < m->n_links; i++) {
		struct pd_mag_link *l = &m->link[i];

		if (l->state != PD_LINK_BOUND && l->state != PD_LINK_REG)
			continue;
		if (l->state == PD_LINK_BOUND)
			out_act(o, PD_ACT_BIND_DEL, i);
		if (l->up) {
			l->hi = PMIP_HI_NOT_CHANGED;
			send_pbu(m, i, i, 0, real_ns, o);
		}
		l->state = PD_LINK_DOWN;
		l->pending = false;
	}
	if (m->session_installed) {
		m->session_installed = false;
		out_act(o, PD_ACT_SESSION_DEL, 0);
	}
}

uint64_t mag_next_deadline(const struct pd_mag *m)
{
	uint64_t t = 0;
	unsigned int i;

	for (i = 0; i < m->n_links; i++) {
		const struct pd_mag_link *l = &m->link[i];
		uint64_t d;

		if (!l->pending && l->state != PD_LINK_BOUND)
			continue;
		d = l->deadline_ns;
		if (l->state == PD_LINK_BOUND && l->expires_ns < d)
			d = l->expires_ns;
		if (!t || d < t)
			t = d;
	}
	return t;
}
