// SPDX-License-Identifier: GPL-2.0
/*
 * B8, binding-table scale (selftests/bench/pmip.sh loads this in the guest).
 *
 * The module's own table code is compiled in here: pmip_mmb/session.c and
 * pmip_mmb/select.c, unchanged, with the three functions they call from
 * the rest of the module (pm_net() and the two netlink notifiers) replaced
 * by stubs. So the numbers are those of the code pm_xmit() runs: the
 * prefix rhashtable lookup, the RCU snapshot and the flow selector.
 *
 * An entry of B8 is a mobile node: one session with a /64 home network
 * prefix and two bindings (DSL and LTE CoA, weights 3 and 1, one label
 * rule). For each table size it measures
 *   - lookups per second with random keys (the data path's work per packet),
 *   - slab bytes per entry (NR_SLAB_*_B before and after the bulk load) and
 *     the per-CPU counters (not slab; computed),
 *   - updates per second (a PBU refresh: pm_binding_set() on an existing
 *     binding under RTNL, as the genl command does) while a kthread on the
 *     other CPU looks up, and how much the updates slow those lookups,
 * and the same against a baseline built here: 128 fixed buckets, chained
 * lists, one global rwlock (the UMIP/OAI binding cache design), same key.
 *
 * Results are printed as "pm_b8: MD: ..." lines (Markdown table rows).
 */

#include "../../../pmip_mmb/session.c"
#include "../../../pmip_mmb/select.c"

#include <linux/jhash.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>

static unsigned int sizes[8] = { 1000, 10000, 100000, 1000000 };
static unsigned int n_sizes = 4;
module_param_array(sizes, uint, &n_sizes, 0444);
MODULE_PARM_DESC(sizes, "table sizes (mobile nodes) to measure");

static unsigned int lookups = 200000;
module_param(lookups, uint, 0444);
MODULE_PARM_DESC(lookups, "lookups timed per size");

static unsigned int updates = 20000;
module_param(updates, uint, 0444);
MODULE_PARM_DESC(updates, "updates timed per size");

static unsigned int mem_pct = 60;
module_param(mem_pct, uint, 0444);
MODULE_PARM_DESC(mem_pct, "skip a size that needs more than this % of free RAM");

#define B8_KEYS		65536	/* random key indexes, drawn up front */
#define B8_OAI_BUCKETS	128

/* ---- stubs for what session.c calls outside itself ---------------------- */

static struct pm_net *b8_pn;

struct pm_net *pm_net(const struct net *net)
{
	return b8_pn;
}

void pm_nl_session_notify(struct pm_session *s, enum pmip_mmb_event event)
{
}

void pm_nl_binding_notify(struct pm_binding *b, enum pmip_mmb_event event)
{
}

/* ---- the entries ------------------------------------------------------- */

static struct net_device *b8_pmdev, *b8_tdev;
static struct pm_dev *b8_pd;
static struct pm_session **b8_sess;
static u32 *b8_keys;

static void b8_prefix(unsigned int i, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr32[0] = htonl(0x20010db8);
	a->s6_addr32[1] = htonl(i);
}

static void b8_addr(unsigned int i, u32 host, struct in6_addr *a)
{
	b8_prefix(i, a);
	a->s6_addr32[2] = htonl(host);
	a->s6_addr32[3] = htonl(host * 2654435761U);
}

static void b8_cfg(struct pm_binding_cfg *cfg, unsigned int i, u8 bid)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->bid = bid;
	cfg->att = bid == 1 ? 3 : 8;
	cfg->label = bid == 1 ? 11 : 9;
	cfg->weight = bid == 1 ? 3 : 1;
	cfg->pcoa_len = 16;
	cfg->pcoa[0] = 0x20;
	cfg->pcoa[1] = 0x01;
	cfg->pcoa[15] = bid;
	memcpy(&cfg->pcoa[4], &i, sizeof(i));
	cfg->lifetime = 36000;
	cfg->tdev = b8_tdev;
}

static int b8_load(unsigned int n)
{
	struct pm_sel_rule rule = {
		.match = PM_SEL_RULE_PROTO | PM_SEL_RULE_PORT,
		.proto = IPPROTO_TCP, .port = 443, .n_labels = 2,
		.labels = { 9, 11 },
	};
	struct pm_prefix_key hnp;
	struct pm_binding_cfg cfg;
	struct pm_mnid id;
	char name[32];
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		id.len = snprintf(name, sizeof(name), "mn%u@b8.example", i);
		id.id = name;
		memset(&hnp, 0, sizeof(hnp));
		b8_prefix(i, &hnp.addr);
		hnp.len = 64;
		rtnl_lock();
		err = pm_session_add(b8_pd, &id, 1, PMIP_MMB_ROLE_LMA,
				     PMIP_MMB_POLICY_FLOW, &hnp, 1, &rule, 1,
				     NULL);
		if (!err) {
			b8_sess[i] = list_last_entry(&b8_pd->sessions,
						     struct pm_session, list);
			b8_cfg(&cfg, i, 1);
			err = pm_binding_set(b8_sess[i], &cfg, false, NULL);
		}
		if (!err) {
			b8_cfg(&cfg, i, 2);
			err = pm_binding_set(b8_sess[i], &cfg, false, NULL);
		}
		rtnl_unlock();
		cond_resched();
	}
	return err;
}

/*
 * Bytes the kmalloc caches hand out for the table (ksize(): the object
 * sizes without slub_debug's red zones and tracking, which the guest
 * boots with and which inflate the slab counters).
 */
static u64 b8_ksize(unsigned int n)
{
	u64 sum = 0;
	unsigned int i, j;

	rtnl_lock();
	for (i = 0; i < n; i++) {
		struct pm_session *s = b8_sess[i];

		sum += ksize(s) + ksize(rtnl_dereference(s->snap));
		/* ksize(NULL) is 0: no array, no flow cache yet */
		sum += ksize(s->bind) + ksize(s->flow_cache) + ksize(s->hnp);
		/* one rules block, shared by the session and its snapshot */
		sum += ksize(s->rules);
		for (j = 0; j < s->n_bind; j++)
			sum += ksize(s->bind[j]);
	}
	rtnl_unlock();
	return sum;
}

static void b8_unload(void)
{
	rtnl_lock();
	pm_dev_flush(b8_pd);
	rtnl_unlock();
	rcu_barrier();
}

/* what pm_xmit() does per packet, minus the skb */
static int b8_lookup(unsigned int i, u32 host, u64 now)
{
	struct pm_sel_flow flow = { .proto = IPPROTO_TCP };
	struct pm_session *s;
	struct pm_snap *snap;
	struct in6_addr a;
	unsigned int flags;
	int pick = -1;

	b8_addr(i, host, &a);
	flow.hash = host;
	flow.dport = host & 1 ? 443 : 80;
	rcu_read_lock();
	s = pm_session_lookup_rcu(b8_pn, &a);
	snap = s ? rcu_dereference(s->snap) : NULL;
	if (snap)
		pick = pm_snap_flow_pick(snap, &flow, now, &flags);
	rcu_read_unlock();
	return pick;
}

/* ---- the baseline: 128 buckets, chained, one rwlock --------------------- */

struct b8_oai {
	struct hlist_node node;
	struct in6_addr prefix;
	u8 plen;
	u8 n;
	u8 mnid_len;
	u8 mnid[PMIP_MMB_MNID_MAX];
	struct in6_addr coa[2];
	u32 lifetime;
	struct pm_sel_rule rule;
	struct pm_sel_binding sel[2];
};

static struct hlist_head b8_oai_tab[B8_OAI_BUCKETS];
static DEFINE_RWLOCK(b8_oai_lock);
static struct b8_oai **b8_oai_ent;

static unsigned int b8_oai_hash(const struct in6_addr *p)
{
	return jhash2(p->s6_addr32, 2, 0) % B8_OAI_BUCKETS;
}

static int b8_oai_load(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct b8_oai *e = kzalloc(sizeof(*e), GFP_KERNEL);

		if (!e)
			return -ENOMEM;
		b8_prefix(i, &e->prefix);
		e->plen = 64;
		e->mnid_len = snprintf(e->mnid, sizeof(e->mnid),
				       "mn%u@b8.example", i);
		e->n = 2;
		e->lifetime = 36000;
		e->rule = (struct pm_sel_rule){
			.match = PM_SEL_RULE_PROTO | PM_SEL_RULE_PORT,
			.proto = IPPROTO_TCP, .port = 443, .n_labels = 2,
			.labels = { 9, 11 },
		};
		e->sel[0] = (struct pm_sel_binding){ U64_MAX, 1, 11, 3, true };
		e->sel[1] = (struct pm_sel_binding){ U64_MAX, 2, 9, 1, true };
		write_lock_bh(&b8_oai_lock);
		hlist_add_head(&e->node, &b8_oai_tab[b8_oai_hash(&e->prefix)]);
		write_unlock_bh(&b8_oai_lock);
		b8_oai_ent[i] = e;
		cond_resched();
	}
	return 0;
}

static void b8_oai_unload(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!b8_oai_ent[i])
			continue;
		hlist_del(&b8_oai_ent[i]->node);
		kfree(b8_oai_ent[i]);
		b8_oai_ent[i] = NULL;
	}
}

static int b8_oai_lookup(unsigned int i, u32 host, u64 now)
{
	struct pm_sel_flow flow = { .proto = IPPROTO_TCP };
	struct in6_addr a, p;
	struct b8_oai *e;
	unsigned int flags;
	int pick = -1;

	b8_addr(i, host, &a);
	ipv6_addr_prefix(&p, &a, 64);
	flow.hash = host;
	flow.dport = host & 1 ? 443 : 80;
	read_lock_bh(&b8_oai_lock);
	hlist_for_each_entry(e, &b8_oai_tab[b8_oai_hash(&p)], node) {
		if (e->plen == 64 && ipv6_addr_equal(&e->prefix, &p)) {
			pick = pm_sel_flow_pick(e->sel, e->n, &e->rule, 1,
						&flow, now, &flags);
			break;
		}
	}
	read_unlock_bh(&b8_oai_lock);
	return pick;
}

static void b8_oai_update(unsigned int i)
{
	struct b8_oai *e = b8_oai_ent[i];

	write_lock_bh(&b8_oai_lock);
	e->lifetime = 36000;
	e->sel[0].expires = U64_MAX;
	write_unlock_bh(&b8_oai_lock);
}

/* ---- timing ------------------------------------------------------------- */

enum b8_table { B8_PM, B8_OAI };

/* lookups per second over @count random keys of a table of @n */
static u64 b8_lookup_rate(enum b8_table t, unsigned int n, unsigned int count,
			  unsigned int seed)
{
	u64 now = get_jiffies_64(), t0, ns;
	unsigned int k, misses = 0;

	t0 = ktime_get_ns();
	for (k = 0; k < count; k++) {
		u32 r = b8_keys[(k + seed) % B8_KEYS];
		int pick = t == B8_PM ? b8_lookup(r % n, r, now) :
					b8_oai_lookup(r % n, r, now);

		misses += pick < 0;
		if (!(k & 1023))
			cond_resched();
	}
	ns = ktime_get_ns() - t0;
	if (misses)
		pr_warn_ratelimited("pm_b8: %u lookups found nothing\n", misses);
	return ns ? div64_u64((u64)count * NSEC_PER_SEC, ns) : 0;
}

struct b8_reader {
	enum b8_table t;
	unsigned int n;
	atomic_t stop;
	u64 done;
	u64 ns;
};

static int b8_reader_fn(void *arg)
{
	struct b8_reader *rd = arg;
	u64 now = get_jiffies_64(), t0 = ktime_get_ns(), k = 0;

	while (!atomic_read(&rd->stop)) {
		u32 r = b8_keys[k % B8_KEYS];

		if (rd->t == B8_PM)
			b8_lookup(r % rd->n, r, now);
		else
			b8_oai_lookup(r % rd->n, r, now);
		if (!(++k & 1023))
			cond_resched();
	}
	rd->ns = ktime_get_ns() - t0;
	rd->done = k;
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* lookups per second on another CPU for @ms, with or without @count updates
 * running here; *@upd_rate gets the updates per second
 */
static u64 b8_concurrent(enum b8_table t, unsigned int n, unsigned int ms,
			 unsigned int count, u64 *upd_rate)
{
	struct b8_reader rd = { .t = t, .n = n };
	struct task_struct *task;
	unsigned long end;
	u64 t0, ns;
	unsigned int k = 0;
	int cpu = (raw_smp_processor_id() + 1) % num_online_cpus();

	atomic_set(&rd.stop, 0);
	task = kthread_create(b8_reader_fn, &rd, "pm_b8_reader");
	if (IS_ERR(task))
		return 0;
	kthread_bind(task, cpu);
	wake_up_process(task);
	t0 = ktime_get_ns();
	end = jiffies + msecs_to_jiffies(ms);
	if (count) {
		struct pm_binding_cfg cfg;

		for (k = 0; k < count && time_before(jiffies, end); k++) {
			unsigned int i = b8_keys[(k * 7) % B8_KEYS] % n;

			if (t == B8_PM) {
				b8_cfg(&cfg, i, 1 + (k & 1));
				rtnl_lock();
				pm_binding_set(b8_sess[i], &cfg, false, NULL);
				rtnl_unlock();
			} else {
				b8_oai_update(i);
			}
			if (!(k & 63))
				cond_resched();
		}
	}
	ns = ktime_get_ns() - t0;
	*upd_rate = count && ns ? div64_u64((u64)k * NSEC_PER_SEC, ns) : 0;
	while (time_before(jiffies, end))
		schedule_timeout_interruptible(1);
	atomic_set(&rd.stop, 1);
	kthread_stop(task);
	return rd.ns ? div64_u64(rd.done * NSEC_PER_SEC, rd.ns) : 0;
}

static long b8_slab_bytes(void)
{
	return (global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)) *
	       PAGE_SIZE;
}

static void b8_size(unsigned int n, u64 *pm1k, u64 *oai1k)
{
	u64 pm_rate, oai_rate, pm_idle, pm_busy, oai_idle, oai_busy;
	u64 pm_upd, oai_upd, dummy;
	long before, pm_bytes, oai_bytes;
	u64 pm_ksize, oai_ksize;
	unsigned int percpu;
	struct sysinfo si;
	u64 need;

	/*
	 * a session, its snapshot, two bindings, their counters and the
	 * baseline's entry, rounded up to their kmalloc caches
	 */
	need = (u64)n * (roundup_pow_of_two(sizeof(struct pm_session)) + 1024 +
			 3 * pm_ctr_size(PM_CTR_MAX) * num_possible_cpus());
	si_meminfo(&si);
	if (need > (u64)si.freeram * si.mem_unit / 100 * mem_pct) {
		pr_info("pm_b8: MD: | %u | not measured: needs about %llu MB, %lu MB free | | | | | | | |\n",
			n, need >> 20,
			(unsigned long)((u64)si.freeram * si.mem_unit >> 20));
		return;
	}
	b8_sess = vzalloc(array_size(n, sizeof(*b8_sess)));
	b8_oai_ent = vzalloc(array_size(n, sizeof(*b8_oai_ent)));
	if (!b8_sess || !b8_oai_ent)
		goto out;

	synchronize_rcu();
	before = b8_slab_bytes();
	if (b8_load(n)) {
		pr_info("pm_b8: MD: | %u | load failed | | | | | | | |\n", n);
		goto out_unload;
	}
	synchronize_rcu();
	rcu_barrier();
	pm_bytes = b8_slab_bytes() - before;
	pm_ksize = b8_ksize(n);
	percpu = (pm_ctr_size(PM_S_CTRS) + 2 * pm_ctr_size(PM_BS_CTRS)) *
		 num_possible_cpus();

	before = b8_slab_bytes();
	if (b8_oai_load(n)) {
		pr_info("pm_b8: MD: | %u | baseline load failed | | | | | | | |\n", n);
		goto out_unload;
	}
	oai_bytes = b8_slab_bytes() - before;
	oai_ksize = (u64)n * ksize(b8_oai_ent[0]);

	pm_rate = b8_lookup_rate(B8_PM, n, lookups, 0);
	oai_rate = b8_lookup_rate(B8_OAI, n, lookups, 0);
	if (n == sizes[0]) {
		*pm1k = pm_rate;
		*oai1k = oai_rate;
	}
	pm_idle = b8_concurrent(B8_PM, n, 1000, 0, &dummy);
	pm_busy = b8_concurrent(B8_PM, n, 1000, updates, &pm_upd);
	oai_idle = b8_concurrent(B8_OAI, n, 1000, 0, &dummy);
	oai_busy = b8_concurrent(B8_OAI, n, 1000, updates, &oai_upd);

	pr_info("pm_b8: MD: | %u | %llu | %llu.%02llu | %llu + %u (%ld) | %llu | %lld %% | %llu | %llu.%02llu | %llu (%ld) | %llu | %lld %% |\n",
		n, pm_rate,
		pm_rate ? div64_u64(*pm1k, pm_rate) : 0,
		pm_rate ? div64_u64(*pm1k * 100, pm_rate) % 100 : 0,
		div64_u64(pm_ksize, n), percpu, pm_bytes / (long)n, pm_upd,
		pm_idle ? (s64)div64_u64((pm_idle - min(pm_idle, pm_busy)) * 100,
					 pm_idle) : 0LL,
		oai_rate,
		oai_rate ? div64_u64(*oai1k, oai_rate) : 0,
		oai_rate ? div64_u64(*oai1k * 100, oai_rate) % 100 : 0,
		div64_u64(oai_ksize, n), oai_bytes / (long)n, oai_upd,
		oai_idle ? (s64)div64_u64((oai_idle - min(oai_idle, oai_busy)) * 100,
					  oai_idle) : 0LL);
	pr_info("pm_b8: RAW: n=%u pm_lookup=%llu pm_idle=%llu pm_busy=%llu pm_upd=%llu pm_slab=%ld oai_lookup=%llu oai_idle=%llu oai_busy=%llu oai_upd=%llu oai_slab=%ld sizeof_session=%zu sizeof_binding=%zu\n",
		n, pm_rate, pm_idle, pm_busy, pm_upd, pm_bytes, oai_rate,
		oai_idle, oai_busy, oai_upd, oai_bytes,
		sizeof(struct pm_session), sizeof(struct pm_binding));

out_unload:
	b8_oai_unload(n);
	b8_unload();
out:
	vfree(b8_oai_ent);
	vfree(b8_sess);
	b8_oai_ent = NULL;
	b8_sess = NULL;
}

static void b8_tdev_setup(struct net_device *dev)
{
}

static int __init b8_init(void)
{
	u64 pm1k = 0, oai1k = 0;
	unsigned int i;
	int err = -ENOMEM;

	b8_pn = kzalloc(sizeof(*b8_pn), GFP_KERNEL);
	b8_keys = vmalloc(array_size(B8_KEYS, sizeof(*b8_keys)));
	b8_pmdev = alloc_netdev(sizeof(struct pm_dev), "pmb8%d",
				NET_NAME_UNKNOWN, b8_tdev_setup);
	b8_tdev = alloc_netdev(0, "tb8%d", NET_NAME_UNKNOWN, b8_tdev_setup);
	if (!b8_pn || !b8_keys || !b8_pmdev || !b8_tdev)
		goto out;
	/*
	 * The tunnel device is never registered: the table only holds it
	 * and asks whether it is running, so mark it running by hand.
	 */
	set_bit(__LINK_STATE_START, &b8_tdev->state);
	b8_pd = netdev_priv(b8_pmdev);
	b8_pd->dev = b8_pmdev;
	INIT_LIST_HEAD(&b8_pd->list);
	INIT_LIST_HEAD(&b8_pd->sessions);

	INIT_LIST_HEAD(&b8_pn->devs);
	INIT_DELAYED_WORK(&b8_pn->expiry, pm_expiry_work);
	b8_pn->next_expiry = U64_MAX;
	err = rhashtable_init(&b8_pn->sessions, &pm_session_params);
	if (err)
		goto out;
	err = rhashtable_init(&b8_pn->prefixes, &pm_prefix_params);
	if (err) {
		rhashtable_destroy(&b8_pn->sessions);
		goto out;
	}
	for (i = 0; i < B8_OAI_BUCKETS; i++)
		INIT_HLIST_HEAD(&b8_oai_tab[i]);
	for (i = 0; i < B8_KEYS; i++)
		b8_keys[i] = get_random_u32();

	pr_info("pm_b8: MD: | entries | lookups/s | slowdown vs first | B/entry: kmalloc + per-CPU (slab delta) | updates/s | lookups slowed by updates | baseline lookups/s | baseline slowdown | baseline B/entry: kmalloc (slab delta) | baseline updates/s | baseline lookups slowed |\n");
	pr_info("pm_b8: MD: |---|---|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < n_sizes; i++)
		b8_size(sizes[i], &pm1k, &oai1k);

	cancel_delayed_work_sync(&b8_pn->expiry);
	rhashtable_destroy(&b8_pn->prefixes);
	rhashtable_destroy(&b8_pn->sessions);
	err = 0;
out:
	if (b8_tdev) {
		clear_bit(__LINK_STATE_START, &b8_tdev->state);
		free_netdev(b8_tdev);
	}
	if (b8_pmdev)
		free_netdev(b8_pmdev);
	vfree(b8_keys);
	kfree(b8_pn);
	pr_info("pm_b8: done (%d)\n", err);
	return err;
}

static void __exit b8_exit(void)
{
}

module_init(b8_init);
module_exit(b8_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("B8: pmip_mmb binding-table scale against a 128-bucket baseline");
