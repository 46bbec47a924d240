// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd: the LMA's decisions (RFC 5213 §5.3, §5.4.1, §5.5; RFC 8278
 * §3.1, §4.4). Pure: a decoded PBU in, a PBA and a list of kernel changes
 * out; the binding cache lives here, the I/O layer applies the changes.
 *
 * One binding cache entry per mobile node (the kernel's pmip_mmb session
 * is keyed by MN-ID too); it holds the node's home network prefix and up
 * to PD_MAX_BIND bindings keyed by Binding ID. A PBU without the MMB
 * option (a legacy MAG, or one that was told 180) owns the entry alone,
 * as binding 1: RFC 5213's handoff then replaces the care-of address.
 */
#include <errno.h>
#include <string.h>

#include "pmipd.h"

bool pd_seq_newer(uint16_t seq, uint16_t last)
{
	uint16_t d = (uint16_t)(seq - last);

	return d && d < 32768;
}

int pd_ts_cmp(const struct pmip_timestamp *a, const struct pmip_timestamp *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->frac != b->frac)
		return a->frac < b->frac ? -1 : 1;
	return 0;
}

/* timestamp to ns since the epoch (saturating) */
static uint64_t ts_ns(const struct pmip_timestamp *t)
{
	if (t->sec >= UINT64_MAX / NSEC_PER_SEC - 1)
		return UINT64_MAX;
	return t->sec * NSEC_PER_SEC + ((uint64_t)t->frac * NSEC_PER_SEC >> 16);
}

bool pd_encap_eq(const struct pd_encap *a, const struct pd_encap *b)
{
	if (a->gre != b->gre || a->keyed != b->keyed)
		return false;
	return !a->keyed || (a->ikey == b->ikey && a->okey == b->okey);
}

/*
 * generation (10 bits) | entry index (14 bits) | BID (8 bits): two live
 * bindings never share a key, and an entry index reused soon after does
 * not get the key its previous owner had (a late packet is not taken).
 */
uint32_t lma_gre_key(const struct pd_lma *l, unsigned int i, uint8_t bid)
{
	_Static_assert(PD_MAX_BCE <= 1 << 14, "entry index wider than its bits");
	return (uint32_t)(l->bce[i].key_gen & 0x3ff) << 22 |
	       (uint32_t)i << 8 | bid;
}

void lma_init(struct pd_lma *l, const struct pd_conf *c)
{
	memset(l, 0, sizeof(*l));
	memset(l->slot_bce, 0xff, sizeof(l->slot_bce));
	memset(l->hash, 0xff, sizeof(l->hash));
	l->conf = c;
}

/* FNV-1a over the subtype and the identifier */
static uint32_t mn_hash(const struct pmip_ident *id)
{
	uint32_t h = 2166136261u ^ id->subtype;
	unsigned int i;

	h *= 16777619u;
	for (i = 0; i < id->len; i++) {
		h ^= id->id[i];
		h *= 16777619u;
	}
	return h % PD_HASH;
}

static bool ident_eq(const struct pmip_ident *a, const struct pmip_ident *b)
{
	return a->subtype == b->subtype && a->len == b->len &&
	       !memcmp(a->id, b->id, a->len);
}

static bool prefix_has(const struct prefix *p, const struct in6_addr *a)
{
	unsigned int i, bits = p->len;

	for (i = 0; i < 16 && bits; i++) {
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((p->addr.a[i] ^ a->s6_addr[i]) & mask)
			return false;
		bits = bits >= 8 ? bits - 8 : 0;
	}
	return true;
}

static bool hnp_zero(const struct pmip_prefix *p)
{
	static const uint8_t zero[16];

	return !memcmp(p->addr, zero, 16);
}

static bool hnp_eq(const struct pmip_prefix *a, const struct pmip_prefix *b)
{
	return a->len == b->len && !memcmp(a->addr, b->addr, 16);
}

static uint32_t pool_size(const struct pd_conf *c)
{
	unsigned int bits = c->pool_plen - c->pool.len;

	if (bits >= 31 || (1u << bits) > PD_MAX_BCE)
		return PD_MAX_BCE;	/* no more entries than that anyway */
	return 1u << bits;
}

int lma_pool_prefix(const struct pd_conf *c, uint32_t slot,
		    struct pmip_prefix *p)
{
	unsigned int i;

	if (!c->pool_plen || slot >= pool_size(c))
		return -ENOSPC;
	memset(p, 0, sizeof(*p));
	memcpy(p->addr, c->pool.addr.a, 16);
	p->len = c->pool_plen;
	/* the slot number in the bits between the two lengths */
	for (i = 0; i < (unsigned int)(c->pool_plen - c->pool.len) && i < 32;
	     i++) {
		unsigned int bit = c->pool_plen - 1 - i;
		uint8_t m = (uint8_t)(0x80 >> (bit % 8));

		if (slot >> i & 1)
			p->addr[bit / 8] |= m;
		else
			p->addr[bit / 8] &= (uint8_t)~m;
	}
	/* host bits zero */
	for (i = c->pool_plen; i < 128; i++)
		p->addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return 0;
}

/* the pool slot of @p, or -1 if it is not one of the pool's prefixes */
static int pool_slot_of(const struct pd_conf *c, const struct pmip_prefix *p)
{
	struct pmip_prefix q;
	uint32_t s = 0;
	unsigned int i;

	if (!c->pool_plen || p->len != c->pool_plen)
		return -1;
	/* the bits between the two lengths, most significant first */
	for (i = c->pool.len; i < c->pool_plen; i++) {
		if (s >= PD_MAX_BCE)
			return -1;
		s = s << 1 | (p->addr[i / 8] >> (7 - i % 8) & 1);
	}
	/* the rest (pool bits, host bits) must be what that slot gives */
	if (lma_pool_prefix(c, s, &q) || !hnp_eq(&q, p))
		return -1;
	return (int)s;
}

static const struct pd_mn_conf *mn_find(const struct pd_conf *c,
					const struct pmip_ident *id)
{
	unsigned int i;

	for (i = 0; i < c->n_mn; i++)
		if (ident_eq(&c->mn[i].id, id))
			return &c->mn[i];
	return NULL;
}

static bool mag_allowed(const struct pd_conf *c, const struct in6_addr *src)
{
	unsigned int i;

	if (!c->n_mags)
		return true;
	for (i = 0; i < c->n_mags; i++)
		if (prefix_has(&c->mags[i], src))
			return true;
	return false;
}

int lma_find(const struct pd_lma *l, const struct pmip_ident *id)
{
	int32_t i;

	for (i = l->hash[mn_hash(id)]; i >= 0; i = l->bce[i].hnext)
		if (ident_eq(&l->bce[i].mn_id, id))
			return i;
	return -1;
}

static int bce_by_mn(const struct pd_lma *l, const struct pmip_ident *id)
{
	return lma_find(l, id);
}

/* every entry's prefix is a pool prefix: the slot names the entry */
static int bce_by_hnp(const struct pd_lma *l, const struct pmip_prefix *p)
{
	int s = pool_slot_of(l->conf, p);

	return s < 0 ? -1 : l->slot_bce[s];
}

static void act(struct pd_lma *l, enum pd_act_op op, unsigned int bce,
		const struct pd_binding *b)
{
	struct pd_act *a;

	if (l->n_act == PD_MAX_ACT)
		return;		/* cannot happen: PD_MAX_ACT covers a PBU */
	a = &l->act[l->n_act++];
	memset(a, 0, sizeof(*a));
	a->op = op;
	a->bce = bce;
	if (b)
		a->bind = *b;
}

static void bind_del(struct pd_lma *l, unsigned int i, unsigned int j)
{
	struct pd_bce *e = &l->bce[i];

	act(l, PD_ACT_BIND_DEL, i, &e->bind[j]);
	e->bind[j] = e->bind[--e->n_bind];
}

static void bce_free(struct pd_lma *l, unsigned int i)
{
	int32_t *pp = &l->hash[mn_hash(&l->bce[i].mn_id)];

	act(l, PD_ACT_SESSION_DEL, i, NULL);
	l->slot_bce[l->bce[i].pool_slot] = -1;
	while (*pp >= 0 && *pp != (int32_t)i)
		pp = &l->bce[*pp].hnext;
	if (*pp == (int32_t)i)
		*pp = l->bce[i].hnext;
	memset(&l->bce[i], 0, sizeof(l->bce[i]));
}

static struct pd_binding *bind_find(struct pd_bce *e, uint8_t bid)
{
	unsigned int j;

	for (j = 0; j < e->n_bind; j++)
		if (e->bind[j].bid == bid)
			return &e->bind[j];
	return NULL;
}

/* a new entry with a prefix from the pool (@want: that slot, if free) */
static int bce_new(struct pd_lma *l, const struct pmip_ident *id, int want)
{
	uint32_t s = 0, n = pool_size(l->conf), k, i = 0;
	uint32_t h = mn_hash(id);

	/* from where the last search stopped: no rescan of the full part */
	for (k = 0; k < PD_MAX_BCE; k++) {
		i = (l->free_hint + k) % PD_MAX_BCE;
		if (!l->bce[i].used)
			break;
	}
	if (k == PD_MAX_BCE)
		return -ENOSPC;
	if (want >= 0) {
		if (l->slot_bce[want] >= 0)
			return -EEXIST;
		s = (uint32_t)want;
	} else {
		for (k = 0; k < n; k++) {
			s = (l->slot_hint + k) % n;
			if (l->slot_bce[s] < 0)
				break;
		}
		if (k == n)
			return -ENOSPC;
		l->slot_hint = s + 1;
	}
	l->free_hint = i + 1;
	memset(&l->bce[i], 0, sizeof(l->bce[i]));
	l->bce[i].used = true;
	l->bce[i].mn_id = *id;
	l->bce[i].pool_slot = s;
	l->bce[i].key_gen = l->key_gen++;
	lma_pool_prefix(l->conf, s, &l->bce[i].hnp);
	l->slot_bce[s] = (int32_t)i;
	l->bce[i].hnext = l->hash[h];
	l->hash[h] = (int32_t)i;
	act(l, PD_ACT_SESSION_ADD, i, NULL);
	return (int)i;
}

static void pba_start(const struct pmip_msg *pbu, struct pmip_msg *pba)
{
	unsigned int i;

	pmip_msg_init(pba, PMIP_MH_BA);
	pba->seq = pbu->seq;
	if (pbu->flags & PMIP_BU_P)
		pba->flags |= PMIP_BA_P;
	if (pmip_has(pbu, PMIP_OPT_MN_ID))
		pmip_set_mn_id(pba, pbu->mn_id.subtype, pbu->mn_id.id,
			       pbu->mn_id.len);
	else
		pmip_set_mn_id(pba, PMIP_ID_NAI, "", 0);
	for (i = 0; i < pbu->n_hnp; i++)
		pmip_add_hnp(pba, pbu->hnp[i].addr, pbu->hnp[i].len);
	if (!pbu->n_hnp) {
		static const uint8_t zero[16];

		pmip_add_hnp(pba, zero, 0);
	}
	pmip_set_hi(pba, pmip_has(pbu, PMIP_OPT_HI) ? pbu->hi : 0);
	pmip_set_att(pba, pmip_has(pbu, PMIP_OPT_ATT) ? pbu->att : 0);
	if (pmip_has(pbu, PMIP_OPT_TIMESTAMP))
		pmip_set_timestamp(pba, pbu->timestamp.sec,
				   pbu->timestamp.frac);
	if (pmip_has(pbu, PMIP_OPT_MN_LLID))
		pmip_set_mn_llid(pba, pbu->mn_llid.id, pbu->mn_llid.len);
	if (pmip_has(pbu, PMIP_OPT_LLA))
		pmip_set_lla(pba, pbu->lla);
	/* RFC 8278 §4.4: the MMB echoed, the MAG Identifier not */
	for (i = 0; i < pbu->n_mmb; i++)
		pmip_add_mmb(pba, &pbu->mmb[i]);
}

static void pba_now(struct pmip_msg *pba, uint64_t real_ns)
{
	struct pmip_timestamp t = pmip_timestamp_from_ns(real_ns);

	pmip_set_timestamp(pba, t.sec, t.frac);
}

/*
 * RFC 5213 §5.5 / RFC 6275 §9.5.1; 0 or a status. The last accepted
 * timestamp or sequence number is the binding's for a multipath PBU (the
 * one its BID names, if it exists), else the entry's.
 */
static int check_freshness(const struct pd_lma *l, const struct pd_bce *e,
			   const struct pmip_msg *pbu, const struct pd_rx *rx,
			   struct pmip_msg *pba)
{
	bool has_ts = e && e->has_ts, has_seq = e && e->has_seq;
	struct pmip_timestamp last_ts = e ? e->last_ts : (struct pmip_timestamp){ 0 };
	uint16_t last_seq = e ? e->last_seq : 0;
	uint64_t t, win;

	if (e && pbu->n_mmb && e->multipath) {
		const struct pd_binding *b = NULL;
		unsigned int j;

		for (j = 0; j < e->n_bind; j++)
			if (e->bind[j].bid == pbu->mmb[0].bid)
				b = &e->bind[j];
		has_ts = b && b->has_ts;
		has_seq = !!b;
		if (b) {
			last_ts = b->last_ts;
			last_seq = b->last_seq;
		}
	}
	if (!l->conf->timestamps) {
		if (has_seq && !pd_seq_newer(pbu->seq, last_seq)) {
			pba->seq = last_seq;
			return PMIP_ST_SEQ_OUT_OF_WINDOW;
		}
		return 0;
	}
	if (!pmip_has(pbu, PMIP_OPT_TIMESTAMP)) {
		pba_now(pba, rx->real_ns);
		return PMIP_ST_TIMESTAMP_MISMATCH;
	}
	t = ts_ns(&pbu->timestamp);
	win = (uint64_t)l->conf->ts_window_ms * NSEC_PER_MSEC;
	if (t > rx->real_ns + win || t + win < rx->real_ns) {
		pba_now(pba, rx->real_ns);
		return PMIP_ST_TIMESTAMP_MISMATCH;
	}
	if (has_ts && pd_ts_cmp(&pbu->timestamp, &last_ts) <= 0) {
		pba_now(pba, rx->real_ns);
		return PMIP_ST_TIMESTAMP_LOWER;
	}
	return 0;
}

/* remove what a de-registration names; false if it names nothing */
static bool dereg(struct pd_lma *l, int i, const struct pmip_msg *pbu,
		  const struct pd_rx *rx)
{
	struct pd_bce *e;
	unsigned int j;
	bool hit = false;

	if (i < 0)
		return false;
	e = &l->bce[i];
	for (j = 0; j < e->n_bind;) {
		const struct pd_binding *b = &e->bind[j];
		bool mine = pbu->n_mmb ? b->bid == pbu->mmb[0].bid :
			    !memcmp(&b->pcoa, &rx->src, 16);

		if (mine) {
			bind_del(l, (unsigned int)i, j);
			hit = true;
		} else {
			j++;
		}
	}
	if (hit && !e->n_bind)
		bce_free(l, (unsigned int)i);
	return hit;
}

static void note_fresh(struct pd_lma *l, int i, const struct pmip_msg *pbu,
		       struct pd_binding *b)
{
	struct pd_bce *e;

	if (i < 0 || !l->bce[i].used)
		return;
	e = &l->bce[i];
	if (pmip_has(pbu, PMIP_OPT_TIMESTAMP)) {
		e->has_ts = true;
		e->last_ts = pbu->timestamp;
		if (b) {
			b->has_ts = true;
			b->last_ts = pbu->timestamp;
		}
	}
	e->has_seq = true;
	e->last_seq = pbu->seq;
	if (b)
		b->last_seq = pbu->seq;
}

bool lma_process(struct pd_lma *l, const struct pmip_msg *pbu,
		 const struct pd_rx *rx, struct pmip_msg *pba)
{
	const struct pd_conf *c = l->conf;
	const struct pd_mn_conf *mnc;
	const struct pmip_prefix *want = NULL;
	struct pd_binding *b, nb;
	struct pd_bce *e;
	bool mp_allowed, mp = pbu->n_mmb > 0;
	bool gre_asked = pmip_has(pbu, PMIP_OPT_GRE_KEY);
	uint32_t life_s;
	unsigned int j;
	int i, st = 0;

	l->n_act = 0;
	pba_start(pbu, pba);

	/* RFC 5213 §5.3.1, in its order */
	if (!pmip_has(pbu, PMIP_OPT_MN_ID)) {
		st = PMIP_ST_MISSING_MN_ID;
		goto reject;
	}
	if (!mag_allowed(c, &rx->src)) {
		st = PMIP_ST_MAG_NOT_AUTHORIZED;
		goto reject;
	}
	mnc = mn_find(c, &pbu->mn_id);
	if (!mnc && !c->mn_any) {
		st = PMIP_ST_NOT_LMA_FOR_THIS_MN;
		goto reject;
	}
	if (!(pbu->flags & PMIP_BU_P)) {
		st = PMIP_ST_PROXY_REG_NOT_ENABLED;
		goto reject;
	}
	i = bce_by_mn(l, &pbu->mn_id);
	st = check_freshness(l, i >= 0 ? &l->bce[i] : NULL, pbu, rx, pba);
	if (st)
		goto reject;
	if (!pbu->n_hnp) {
		st = PMIP_ST_MISSING_HNP;
		goto reject;
	}
	if (!pmip_has(pbu, PMIP_OPT_HI)) {
		st = PMIP_ST_MISSING_HI;
		goto reject;
	}
	if (!pmip_has(pbu, PMIP_OPT_ATT)) {
		st = PMIP_ST_MISSING_ATT;
		goto reject;
	}
	/* RFC 8278 §4.4 */
	mp_allowed = mnc ? mnc->multipath : c->mn_any_multipath;
	if (mp && !mp_allowed) {
		st = PMIP_ST_CANNOT_SUPPORT_MULTIPATH;
		goto reject;
	}
	if (mp && !pmip_has(pbu, PMIP_OPT_MAG_ID)) {
		st = PMIP_ST_UNSPECIFIED;
		goto reject;
	}

	/* RFC 5213 §5.4.1, one entry per MN: key by prefix if one is asked */
	for (j = 0; j < pbu->n_hnp; j++)
		if (!hnp_zero(&pbu->hnp[j]))
			want = &pbu->hnp[j];
	if (want) {
		int k = bce_by_hnp(l, want);

		if (k >= 0 && !ident_eq(&l->bce[k].mn_id, &pbu->mn_id)) {
			st = PMIP_ST_NOT_AUTHORIZED_FOR_HNP;
			goto reject;
		}
		if (k < 0 && i >= 0) {
			st = PMIP_ST_PREFIX_SET_MISMATCH;
			goto reject;
		}
		if (k >= 0 && pbu->n_hnp != 1) {
			st = PMIP_ST_PREFIX_SET_MISMATCH;
			goto reject;
		}
	}

	/* RFC 5845 §5.2: GRE is this LMA's policy for registrations */
	if (pbu->lifetime && c->gre_required && !gre_asked) {
		st = PMIP_ST_GRE_KEY_REQUIRED;
		goto reject;
	}

	if (!pbu->lifetime) {
		if (!dereg(l, i, pbu, rx))
			return false;	/* §5.3.5: nothing to remove */
		note_fresh(l, i, pbu, NULL);
		pba->lifetime = 0;
		pba->status = PMIP_ST_ACCEPTED;
		return true;
	}

	if (i < 0) {
		int slot = -1;

		if (want) {
			/* a prefix of ours (we restarted): give it back */
			slot = pool_slot_of(c, want);
			if (slot < 0) {
				st = PMIP_ST_NOT_AUTHORIZED_FOR_HNP;
				goto reject;
			}
		}
		i = bce_new(l, &pbu->mn_id, slot);
		if (i < 0) {
			st = i == -EEXIST ? PMIP_ST_NOT_AUTHORIZED_FOR_HNP :
					    PMIP_ST_INSUFFICIENT_RESOURCES;
			goto reject;
		}
	}
	e = &l->bce[i];

	life_s = pmip_lifetime_sec(pbu->lifetime);
	if (life_s > c->max_lifetime_s)
		life_s = c->max_lifetime_s;
	life_s &= ~3u;
	if (!life_s)
		life_s = 4;

	memset(&nb, 0, sizeof(nb));
	nb.bid = mp ? pbu->mmb[0].bid : 1;
	nb.att = mp ? pbu->mmb[0].if_att : pbu->att;
	nb.label = mp ? pbu->mmb[0].if_label : 0;
	nb.pcoa = rx->src;
	nb.lmaa = rx->dst;
	nb.lifetime_s = life_s;
	nb.expires_ns = rx->mono_ns + (uint64_t)life_s * NSEC_PER_SEC;

	/* a legacy PBU, or O = 1: this binding replaces all the others */
	if (!mp || e->multipath != mp || (pbu->mmb[0].flags & PMIP_MMB_O)) {
		for (j = 0; j < e->n_bind;) {
			if (e->bind[j].bid != nb.bid)
				bind_del(l, (unsigned int)i, j);
			else
				j++;
		}
	}
	e->multipath = mp;

	b = bind_find(e, nb.bid);
	if (!b) {
		if (e->n_bind == PD_MAX_BIND) {
			st = PMIP_ST_INSUFFICIENT_RESOURCES;
			goto reject_acts;
		}
		b = &e->bind[e->n_bind++];
		*b = nb;
	} else {
		/* keep the I/O layer's tunnel; the endpoints may change */
		nb.installed = b->installed;
		nb.tunnel = b->tunnel;
		nb.tun_remote = b->tun_remote;
		nb.tun_encap = b->tun_encap;
		*b = nb;
	}
	/*
	 * RFC 5845: GRE if both want it, our uplink key kept for the
	 * binding's life. An LMA without GRE acts as one that does not know
	 * the option: no option in the PBA, the MAG stays with ip6ip6.
	 */
	if (gre_asked && c->gre) {
		/* a function of the entry and BID: stable across refreshes */
		uint32_t up = lma_gre_key(l, (unsigned int)i, b->bid);

		b->encap.gre = true;
		b->encap.keyed = pbu->gre_has_key;
		b->encap.ikey = pbu->gre_has_key ? up : 0;
		b->encap.okey = pbu->gre_has_key ? pbu->gre_key : 0;
		pmip_set_gre_key(pba, pbu->gre_has_key, b->encap.ikey);
	}
	note_fresh(l, i, pbu, b);
	act(l, PD_ACT_BIND_SET, (unsigned int)i, b);

	/* B = 1: every binding of the node gets the new lifetime */
	if (mp && (pbu->mmb[0].flags & PMIP_MMB_B))
		for (j = 0; j < e->n_bind; j++)
			if (e->bind[j].bid != nb.bid) {
				e->bind[j].lifetime_s = life_s;
				e->bind[j].expires_ns = nb.expires_ns;
				act(l, PD_ACT_BIND_SET, (unsigned int)i,
				    &e->bind[j]);
			}

	pba->status = PMIP_ST_ACCEPTED;
	pba->lifetime = (uint16_t)(life_s / 4);
	pba->n_hnp = 0;
	pmip_add_hnp(pba, e->hnp.addr, e->hnp.len);
	return true;

reject_acts:
	/* the entry may have been created or changed: keep what is done */
reject:
	pba->status = (uint8_t)st;
	pba->lifetime = 0;
	return true;
}

void lma_expire_bce(struct pd_lma *l, unsigned int i, uint64_t mono_ns)
{
	struct pd_bce *e = &l->bce[i];
	unsigned int j;
	bool any = false;

	l->n_act = 0;
	if (!e->used)
		return;
	for (j = 0; j < e->n_bind;) {
		if (e->bind[j].expires_ns <= mono_ns) {
			bind_del(l, i, j);
			any = true;
		} else {
			j++;
		}
	}
	if (any && !e->n_bind)
		bce_free(l, i);
}

uint64_t lma_next_expiry(const struct pd_lma *l)
{
	uint64_t t = 0;
	unsigned int i, j;

	for (i = 0; i < PD_MAX_BCE; i++)
		for (j = 0; l->bce[i].used && j < l->bce[i].n_bind; j++)
			if (!t || l->bce[i].bind[j].expires_ns < t)
				t = l->bce[i].bind[j].expires_ns;
	return t;
}
