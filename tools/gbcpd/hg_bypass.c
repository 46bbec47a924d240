// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd, HG: filter lists and bypass (RFC 8157 4.5, 4.6, 5.2.5, 5.6.1,
 * 5.6.2, 5.6.12).
 *
 * Fragments are collected by Commit_Count (filter.c). A complete list is
 * turned into one nft script that replaces the table "inet gbcpd_<bond>"
 * in a single transaction: matching packets get a firewall mark (and the
 * same conntrack mark, so the flow and its replies stay recognisable), an
 * ip rule (rtnetlink) sends that mark to a routing table whose default
 * route leaves
 * over the raw DSL device, and bypassed packets are masqueraded to the DSL
 * address as a CPE does (the aggregation side routes the LAN prefix into
 * the bond; without NAT the replies would come back through it). An
 * exception list in front of the items keeps GRE and everything addressed
 * to the HAAP off the bypass, so the bond never carries itself.
 *
 * The list is acknowledged with code 0 once applied; a list that cannot be
 * applied (bad value, inconsistent fragments, nft failing) with code 2 if
 * an earlier one stays in force, else 1 (5.6.12).
 *
 * FQDN items: the daemon resolves the names itself (getaddrinfo_a, so the
 * loop never blocks), every fqdn-refresh seconds, and replaces the
 * contents of the sets fqdn4/fqdn6 atomically; see Documentation/gbcpd.rst
 * for the limits.
 *
 * Bypass rate: the counter of downstream bypass bytes (replies of marked
 * flows arriving on the DSL device) is read every Bypass Bandwidth Check
 * Interval and reported in kbit/s in a Notify on the DSL tunnel (5.6.1);
 * the HAAP lowers its downstream CIR by it (4.5).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filter.h"
#include "gbcpd.h"
#include "json.h"

#define FQDN_MAX	32
#define FQDN_ADDRS_MAX	256
#define FQDN_POLL_MS	200
#define RULE_PRIO	4742

static struct filter_sess hg_fs;
static bool routing_set;

static struct {
	bool busy;			/* a batch is in getaddrinfo_a */
	bool again;			/* the list changed meanwhile */
	unsigned int n;
	char *names[FQDN_MAX];
	struct gaicb cb[FQDN_MAX];
	struct gaicb *list[FQDN_MAX];
	struct addrinfo hints;
	struct timer poll, refresh;
	struct sess *s;
	struct addr addrs[FQDN_ADDRS_MAX];	/* the last answers */
	unsigned int n_addrs;
} fq;

/* --- running nft ------------------------------------------------ */

/*
 * Start argv with stdin from /dev/null and stdout and stderr into a pipe:
 * the child's pid, with *rd the pipe's read end, or -errno.
 */
static pid_t spawn_piped(const char *const argv[], int *rd)
{
	int p[2], r;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(p[0]);
		close(p[1]);
		return r;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	*rd = p[0];
	return pid;
}

/*
 * run argv; without @out its output (stdout and stderr) goes to the log on
 * failure, with @out the caller gets it and says what it means
 */
static int run(const char *const argv[], char *out, size_t size)
{
	bool quiet = out;
	char buf[1024];
	size_t used = 0;
	int rd, status;
	ssize_t n;
	pid_t pid;

	pid = spawn_piped(argv, &rd);
	if (pid < 0)
		return pid;
	if (!out) {
		out = buf;
		size = sizeof(buf);
	}
	while ((n = read(rd, out + used, size - 1 - used)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			used += (size_t)n;
	out[used] = '\0';
	/* drain what did not fit, so the child does not block */
	while ((n = read(rd, buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		;
	close(rd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	if (!quiet)
		warn("%s %s%s%s: %s%s", argv[0], argv[1] ? argv[1] : "",
		     argv[1] && argv[2] ? " " : "",
		     argv[1] && argv[2] ? argv[2] : "",
		     WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
		     "not found " : "failed ", out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

/*
 * One nft child at a time, its output pipe watched by the loop: under
 * emulation the first nft run took 13 s (module loading), and the hellos
 * must go on meanwhile. What comes while nft runs waits: a list and an
 * FQDN update are flagged pending, a counter reading is skipped.
 */
enum job_kind { JOB_NONE, JOB_LIST, JOB_FQDN, JOB_COUNTERS };

static struct {
	enum job_kind kind;
	pid_t pid;
	struct watcher w;
	char out[2048];
	size_t used;
	char path[PATH_MAX];
	uint64_t t0;
	bool list_pending, fqdn_pending;
} job;

static void job_done(enum job_kind kind, int rc, const char *out,
		     uint64_t ms);
static void job_next(void);

static void job_fn(struct watcher *w, uint32_t events)
{
	enum job_kind kind = job.kind;
	char drain[256];
	int status = 0;
	ssize_t n;

	(void)events;
	for (;;) {
		if (job.used < sizeof(job.out) - 1) {
			n = read(w->fd, job.out + job.used,
				 sizeof(job.out) - 1 - job.used);
			if (n > 0)
				job.used += (size_t)n;
		} else {
			n = read(w->fd, drain, sizeof(drain));
		}
		if (n > 0 || (n < 0 && errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		break;		/* end of output: the child is done */
	}
	job.out[job.used] = '\0';
	loop_del(w);
	close(w->fd);
	w->fd = -1;
	while (waitpid(job.pid, &status, 0) < 0 && errno == EINTR)
		;
	job.kind = JOB_NONE;
	job_done(kind, WIFEXITED(status) ? WEXITSTATUS(status) : 128,
		 job.out, (now_ns() - job.t0) / NSEC_PER_MSEC);
	job_next();
}

static int job_start(enum job_kind kind, const char *const argv[])
{
	int rd, r;
	pid_t pid;

	pid = spawn_piped(argv, &rd);
	if (pid < 0)
		return pid;
	fcntl(rd, F_SETFL, O_NONBLOCK);
	job.w.fd = rd;
	job.w.fn = job_fn;
	r = loop_add(&job.w);
	if (r) {
		close(rd);
		job.w.fd = -1;
		waitpid(pid, NULL, 0);
		return r;
	}
	job.kind = kind;
	job.pid = pid;
	job.used = 0;
	job.t0 = now_ns();
	return 0;
}

/* write a script to <state-dir>/<bond>-<what>.nft and start nft -f on it */
static int job_script(const struct sess *s, enum job_kind kind,
		      const char *what, void (*gen)(FILE *f, void *arg),
		      void *arg)
{
	const char *argv[] = { "nft", "-f", job.path, NULL };
	FILE *f;

	if (mkdir(conf.state_dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(job.path, sizeof(job.path), "%s/%s-%s.nft", conf.state_dir,
		 s->bond, what);
	f = fopen(job.path, "w");
	if (!f)
		return -errno;
	gen(f, arg);
	if (fclose(f))
		return -errno;
	return job_start(kind, argv);
}

/* the end of a script job: log a failure, keep its file for the admin */
static void job_script_end(int rc, const char *out)
{
	if (!rc) {
		unlink(job.path);
		return;
	}
	warn("nft -f %s: %s%s", job.path,
	     rc == 127 ? "not found " : "failed ", out);
}

static void table_name(const struct sess *s, char *buf, size_t size)
{
	filter_table_name(s->bond, buf, size);
}

/* the default route of the bypass table: out of the DSL device, via gw */
static int bypass_default_route(bool add, int family, int oif,
				const struct addr *gw)
{
	struct prefix any = { .addr.family = family };

	return nl_route(add, conf.hg.bypass_table, &any, oif, gw, 0);
}

/* ip rule: the mark -> our table; its default route over raw DSL */
static int routing_setup(void)
{
	const struct conf_hg *h = &conf.hg;
	int oif = nl_ifindex(h->dsl_dev);

	if (!oif) {
		warn("bypass: no device %s", h->dsl_dev);
		return -ENODEV;
	}
	/* leftovers of a killed run first; failing when none is normal */
	while (!nl_rule_fwmark(false, AF_INET, h->bypass_mark, h->bypass_table,
			       RULE_PRIO))
		;
	while (!nl_rule_fwmark(false, AF_INET6, h->bypass_mark,
			       h->bypass_table, RULE_PRIO))
		;
	/* without a gateway: "default dev DSL" (a PPP device needs none) */
	if (bypass_default_route(true, AF_INET, oif, &h->bypass_gw4) ||
	    nl_rule_fwmark(true, AF_INET, h->bypass_mark, h->bypass_table,
			   RULE_PRIO))
		return -EIO;
	/* IPv6 is best effort: the DSL line may have none */
	if (bypass_default_route(true, AF_INET6, oif, &h->bypass_gw6) ||
	    nl_rule_fwmark(true, AF_INET6, h->bypass_mark, h->bypass_table,
			   RULE_PRIO))
		info("bypass: no IPv6 route over %s", h->dsl_dev);
	routing_set = true;
	return 0;
}

static void routing_remove(void)
{
	const struct conf_hg *h = &conf.hg;
	int fam;

	if (!routing_set)
		return;
	for (fam = AF_INET; fam == AF_INET || fam == AF_INET6;
	     fam = fam == AF_INET ? AF_INET6 : 0) {
		nl_rule_fwmark(false, fam, h->bypass_mark, h->bypass_table,
			       RULE_PRIO);
		bypass_default_route(false, fam, 0, NULL);
	}
	routing_set = false;
}

/* --- FQDN resolution --------------------------------------------------- */

static void fqdn_reset(void)
{
	unsigned int i;

	for (i = 0; i < fq.n; i++) {
		free(fq.names[i]);
		fq.names[i] = NULL;
		if (fq.cb[i].ar_result)
			freeaddrinfo(fq.cb[i].ar_result);
		fq.cb[i].ar_result = NULL;
	}
	fq.n = 0;
}

struct fqdn_gen {
	const struct sess *s;
	struct addr *a;
	unsigned int n;
};

static void fqdn_gen(FILE *f, void *arg)
{
	struct fqdn_gen *g = arg;

	filter_fqdn_script(f, g->s->bond, g->a, g->n);
}

static void fqdn_start(void);

/* every name answered (or failed): fill the sets */
static void fqdn_done(void)
{
	struct addr *addrs = fq.addrs;
	struct fqdn_gen g = { fq.s, addrs, 0 };
	struct addrinfo *ai;
	unsigned int i, k;
	struct addr a;

	for (i = 0; i < fq.n; i++) {
		int e = gai_error(&fq.cb[i]);

		if (e) {
			warn("%s: FQDN %s: %s", fq.s->bond, fq.names[i],
			     gai_strerror(e));
			continue;
		}
		for (ai = fq.cb[i].ar_result; ai; ai = ai->ai_next) {
			memset(&a, 0, sizeof(a));
			a.family = ai->ai_family;
			if (a.family == AF_INET)
				memcpy(a.a, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
			else if (a.family == AF_INET6)
				memcpy(a.a, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
			else
				continue;
			for (k = 0; k < g.n && !addr_eq(&addrs[k], &a); k++)
				;
			if (k == g.n && g.n < FQDN_ADDRS_MAX)
				addrs[g.n++] = a;
		}
	}
	fq.busy = false;
	fq.n_addrs = g.n;
	if (hg_fs.applied) {
		job.fqdn_pending = true;
		job_next();
	}
	if (fq.again)
		fqdn_start();
	else if (fq.n)
		timer_after_ms(&fq.refresh, conf.hg.fqdn_refresh_s * 1000ULL);
}

static void fqdn_set_start(void)
{
	struct fqdn_gen g = { fq.s, fq.addrs, fq.n_addrs };
	int r = job_script(fq.s, JOB_FQDN, "fqdn", fqdn_gen, &g);

	if (r)
		warn("%s: FQDN sets: cannot run nft: %s", fq.s->bond,
		     strerror(-r));
}

static void fqdn_set_done(int rc, const char *out)
{
	job_script_end(rc, out);
	if (rc)
		return;
	if (fq.n_addrs != hg_fs.n_fqdn_addrs)
		info("%s: FQDN items: %u addresses", fq.s->bond, fq.n_addrs);
	hg_fs.n_fqdn_addrs = fq.n_addrs;
	state_write(fq.s);
}

static void fqdn_poll_fn(struct timer *t)
{
	unsigned int i;

	(void)t;
	for (i = 0; i < fq.n; i++)
		if (gai_error(&fq.cb[i]) == EAI_INPROGRESS) {
			timer_after_ms(&fq.poll, FQDN_POLL_MS);
			return;
		}
	fqdn_done();
}

/* the names of the applied list's enabled FQDN items, resolved anew */
static void fqdn_start(void)
{
	const struct filter_sess *fs = &hg_fs;
	unsigned int i, k;
	int r;

	if (fq.busy) {
		fq.again = true;
		return;
	}
	fq.again = false;
	fqdn_reset();
	for (k = 0; k < fs->n_list; k++) {
		const struct gbcp_filter_list *fl = &fs->list[k];

		for (i = 0; i < fl->n_items && fq.n < FQDN_MAX; i++) {
			const struct gbcp_filter_item *it = &fl->items[i];
			char *name;

			if (it->type != GBCP_F_FQDN || it->enable != 1)
				continue;
			name = strndup(fl->text + it->value_off, it->value_len);
			if (!name)
				continue;
			if (name[0] == '*') {
				/* no address to ask for: needs DNS snooping */
				warn("%s: FQDN %s: wildcards are not resolved",
				     fq.s->bond, name);
				free(name);
				continue;
			}
			fq.names[fq.n] = name;
			memset(&fq.cb[fq.n], 0, sizeof(fq.cb[fq.n]));
			fq.cb[fq.n].ar_name = name;
			fq.cb[fq.n].ar_request = &fq.hints;
			fq.list[fq.n] = &fq.cb[fq.n];
			fq.n++;
		}
	}
	timer_cancel(&fq.refresh);
	if (!fq.n)
		return;
	fq.hints.ai_family = AF_UNSPEC;
	fq.hints.ai_socktype = SOCK_STREAM;	/* one answer per address */
	r = getaddrinfo_a(GAI_NOWAIT, fq.list, (int)fq.n, NULL);
	if (r) {
		warn("%s: FQDN resolution: %s", fq.s->bond, gai_strerror(r));
		timer_after_ms(&fq.refresh, conf.hg.fqdn_refresh_s * 1000ULL);
		return;
	}
	fq.busy = true;
	timer_after_ms(&fq.poll, FQDN_POLL_MS);
}

static void fqdn_refresh_fn(struct timer *t)
{
	(void)t;
	fqdn_start();
}

/* --- the bypass rate --------------------------------------------------- */

static void rate_fn(struct timer *t)
{
	struct sess *s = t->data;
	char table[GB_IFNAMSIZ + 8];
	const char *argv[] = { "nft", "list", "counters", "table", "inet",
			       table, NULL };
	int r;

	if (!hg_fs.applied)
		return;
	timer_after_ms(&hg_fs.rate_timer, s->p.bypass_interval_s * 1000ULL);
	if (job.kind != JOB_NONE) {
		dbg("%s: nft busy: bypass counters not read this time",
		    s->bond);
		return;
	}
	/* both counters in one nft run: forks are slow on small CPUs */
	table_name(s, table, sizeof(table));
	r = job_start(JOB_COUNTERS, argv);
	if (r)
		warn("%s: cannot run nft: %s", s->bond, strerror(-r));
}

static void counters_done(int rc, const char *out)
{
	struct sess *s = fq.s;
	struct filter_sess *fs = &hg_fs;
	uint64_t now = now_ns(), down = 0, up = 0, dt;
	struct gbcp_msg m;

	if (rc || !filter_counter_bytes(out, "bypass_down", &down) ||
	    !filter_counter_bytes(out, "bypass_up", &up)) {
		warn("%s: cannot read the bypass counters: %s", s->bond, out);
		return;
	}
	dt = now - fs->rate_ns;
	/* a new table starts at zero */
	if (down >= fs->rate_bytes && dt)
		fs->bypass_kbps = (uint32_t)((down - fs->rate_bytes) * 8 *
					     1000000ULL / dt);
	else
		fs->bypass_kbps = 0;
	fs->rate_bytes = down;
	fs->rate_ns = now;
	fs->down_bytes = down;
	fs->up_bytes = up;
	if (s->state == SS_UP) {
		gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		m.bypass_rate = fs->bypass_kbps;
		gbcp_set(&m, GBCP_A_BYPASS_RATE);
		dbg("%s: bypass %u kbit/s downstream", s->bond,
		    fs->bypass_kbps);
		if (!send_msg(s, TUN_DSL, &m, s->key, NULL))
			fs->reports++;
	}
	state_write(s);
}

/* --- applying a list --------------------------------------------------- */

struct list_gen {
	const struct bypass_cfg *cfg;
	const struct gbcp_filter_list *frags;
	unsigned int n, rules;
	int r;
	const char *why;
};

static void list_gen(FILE *f, void *arg)
{
	struct list_gen *g = arg;

	g->r = filter_script(f, g->cfg, g->frags, g->n, &g->rules, &g->why);
}

/* devices, mark and the exception list: the HAAP's G, H, DSL far end */
static void cfg_fill(const struct sess *s, struct bypass_cfg *cfg,
		     struct addr exempt[4])
{
	const struct conf_hg *h = &conf.hg;

	memset(cfg, 0, sizeof(*cfg));
	cfg->bond = s->bond;
	cfg->dsl_dev = h->dsl_dev;
	cfg->lte_dev = h->lte_dev;
	cfg->mark = h->bypass_mark;
	cfg->nat = h->bypass_nat;
	cfg->exempt = exempt;
	exempt[cfg->n_exempt++] = h->haap;
	if (s->h.family)
		exempt[cfg->n_exempt++] = s->h;
	if (h->dsl_remote.family)
		exempt[cfg->n_exempt++] = h->dsl_remote;
}

/* every value parses and nft can be fed: 0, or why not in fs->error */
static int list_check(const struct sess *s, struct filter_pending *p)
{
	struct bypass_cfg cfg;
	struct addr exempt[4];
	struct list_gen g = { &cfg, p->frags, p->n, 0, 0, NULL };
	FILE *f;

	if (!conf.hg.dsl_dev[0]) {
		hg_fs.error = "no dsl-dev configured";
		return -EINVAL;
	}
	cfg_fill(s, &cfg, exempt);
	f = fopen("/dev/null", "w");
	if (!f)
		return -errno;
	list_gen(f, &g);
	fclose(f);
	if (g.r) {
		hg_fs.error = g.why;
		return g.r;
	}
	p->rules = g.rules;
	return 0;
}

static void pending_free(struct filter_pending *p)
{
	free(p->frags);
	memset(p, 0, sizeof(*p));
}

static void ack(struct filter_sess *fs, struct gbcp_msg *a, uint32_t commit,
		uint8_t code)
{
	fs->last_ack = code;
	fs->last_ack_commit = commit;
	a->filter_ack.commit_count = commit;
	a->filter_ack.code = code;
	gbcp_set(a, GBCP_A_FILTER_LIST_ACK);
}

static uint8_t nack_code(const struct filter_sess *fs)
{
	return fs->applied ? GBCP_FACK_KEEP_OLD : GBCP_FACK_NO_LIST;
}

/* an answer that comes after nft: a Notify of its own on DSL */
static void ack_send(struct sess *s, uint32_t commit, uint8_t code)
{
	struct gbcp_msg a;

	gbcp_msg_init(&a, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	ack(&hg_fs, &a, commit, code);
	/* no session now: the HAAP sends again and gets this answer */
	if (s->key && s->t[TUN_DSL].present)
		send_msg(s, TUN_DSL, &a, s->key, NULL);
}

static void list_start(void)
{
	struct sess *s = fq.s;
	struct filter_sess *fs = &hg_fs;
	struct bypass_cfg cfg;
	struct addr exempt[4];
	struct list_gen g;
	int r;

	fs->inflight = fs->queued;
	memset(&fs->queued, 0, sizeof(fs->queued));
	cfg_fill(s, &cfg, exempt);
	g = (struct list_gen){ &cfg, fs->inflight.frags, fs->inflight.n,
			       0, 0, NULL };
	r = job_script(s, JOB_LIST, "filter", list_gen, &g);
	if (r || g.r) {
		warn("%s: filter list %u not applied: cannot run nft: %s",
		     s->bond, fs->inflight.commit, strerror(r ? -r : EINVAL));
		fs->error = "cannot run nft";
		ack_send(s, fs->inflight.commit, nack_code(fs));
		pending_free(&fs->inflight);
		state_write(s);
	}
}

static void list_done(int rc, const char *out, uint64_t ms)
{
	struct sess *s = fq.s;
	struct filter_sess *fs = &hg_fs;
	struct filter_pending *p = &fs->inflight;

	job_script_end(rc, out);
	if (!rc && !routing_set && routing_setup()) {
		/* the marks are in, but lead nowhere: no list in force */
		fs->applied = false;
		rc = -1;
		fs->error = "ip rule/route failed (see the log)";
	} else if (rc) {
		fs->error = "nft refused the ruleset (see the log)";
	}
	if (rc) {
		warn("%s: filter list %u (%u items) not applied: %s; %s",
		     s->bond, p->commit, p->items, fs->error,
		     fs->applied ? "the previous list stays" : "no list");
		ack_send(s, p->commit, nack_code(fs));
		pending_free(p);
		state_write(s);
		return;
	}
	free(fs->list);
	fs->list = p->frags;		/* the fragments are the list now */
	fs->n_list = p->n;
	fs->applied = true;
	fs->commit = p->commit;
	fs->items = p->items;
	fs->rules = p->rules;
	fs->n_fqdn_addrs = 0;
	memset(p, 0, sizeof(*p));
	fs->error = NULL;
	info("%s: filter list %u applied in %llu ms: %u items, %u rules",
	     s->bond, fs->commit, (unsigned long long)ms, fs->items,
	     fs->rules);
	ack_send(s, fs->commit, GBCP_FACK_OK);
	/* a new table counts from zero */
	fs->rate_bytes = 0;
	fs->rate_ns = now_ns();
	timer_after_ms(&fs->rate_timer, s->p.bypass_interval_s * 1000ULL);
	fqdn_start();
	state_write(s);
}

static void job_done(enum job_kind kind, int rc, const char *out,
		     uint64_t ms)
{
	switch (kind) {
	case JOB_LIST:
		list_done(rc, out, ms);
		break;
	case JOB_FQDN:
		fqdn_set_done(rc, out);
		break;
	case JOB_COUNTERS:
		counters_done(rc, out);
		break;
	default:
		break;
	}
}

static void job_next(void)
{
	if (job.kind != JOB_NONE)
		return;
	if (job.list_pending) {
		job.list_pending = false;
		list_start();
	}
	/* the sets live in the table: after a new one, fill them again */
	if (job.kind == JOB_NONE && job.fqdn_pending && hg_fs.applied) {
		job.fqdn_pending = false;
		fqdn_set_start();
	}
}

static struct filter_sess *fs_get(struct sess *s)
{
	if (!s->flt) {
		memset(&hg_fs, 0, sizeof(hg_fs));
		hg_fs.last_ack = -1;
		timer_init(&hg_fs.rate_timer, rate_fn, s);
		timer_init(&fq.poll, fqdn_poll_fn, NULL);
		timer_init(&fq.refresh, fqdn_refresh_fn, NULL);
		fq.s = s;
		job.w.fd = -1;
		s->flt = &hg_fs;
	}
	return s->flt;
}

void hg_filter_rx(struct sess *s, const struct gbcp_msg *m,
		  struct gbcp_msg *a)
{
	const struct gbcp_filter_list *fl = &m->filter;
	struct filter_sess *fs = fs_get(s);
	struct filter_pending p = { 0 };
	unsigned int i;
	int r;

	dbg("%s: filter list %u fragment %u/%u: %u items", s->bond,
	    fl->commit_count, fl->packet_id, fl->packet_sum, fl->n_items);
	/* on its way into nft: the answer comes when it is there */
	if ((fs->inflight.frags && fs->inflight.commit == fl->commit_count) ||
	    (fs->queued.frags && fs->queued.commit == fl->commit_count))
		return;
	/* a list we answered already (our ACK was lost): the same answer */
	if (fs->last_ack >= 0 && fl->commit_count == fs->last_ack_commit &&
	    !(fs->rx.active && fs->rx.commit == fl->commit_count)) {
		if (fl->packet_id == fl->packet_sum)
			ack(fs, a, fl->commit_count, (uint8_t)fs->last_ack);
		return;
	}
	r = filter_rx_add(&fs->rx, fl);
	if (r == FRX_PARTIAL || r == FRX_DUPLICATE)
		return;
	if (r < 0) {
		fs->error = r == -E2BIG ? "more than 64 fragments" :
			    r == -EPROTO ? "fragments disagree on Packet_Sum" :
			    "out of memory";
		warn("%s: filter list %u refused: %s", s->bond,
		     fl->commit_count, fs->error);
		ack(fs, a, fl->commit_count, nack_code(fs));
		state_write(s);
		return;
	}
	p.frags = fs->rx.frag;		/* the fragments are ours now */
	p.n = fs->rx.sum;
	p.commit = fl->commit_count;
	for (i = 0; i < p.n; i++)
		p.items += p.frags[i].n_items;
	fs->rx.frag = NULL;
	filter_rx_reset(&fs->rx);
	fs->error = NULL;
	r = list_check(s, &p);
	if (r) {
		warn("%s: filter list %u (%u items) refused: %s; %s", s->bond,
		     p.commit, p.items, fs->error ? fs->error : strerror(-r),
		     fs->applied ? "the previous list stays" : "no list");
		ack(fs, a, p.commit, nack_code(fs));
		pending_free(&p);
		state_write(s);
		return;
	}
	/* a newer list than one still waiting replaces it, unanswered */
	pending_free(&fs->queued);
	fs->queued = p;
	job.list_pending = true;
	job_next();
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void hg_filter_bad(struct sess *s, int tid, const uint8_t *payload,
		   size_t len)
{
	struct filter_sess *fs;
	struct gbcp_msg a;
	size_t p = 1, alen;

	if (!len || payload[0] >> 4 != GBCP_MSG_NOTIFY)
		return;
	/* the attributes, as far as they go, for a Filter List's commit */
	while (p + 3 <= len) {
		alen = (size_t)payload[p + 1] << 8 | payload[p + 2];
		if (p + 3 + alen > len)
			return;
		if (payload[p] == GBCP_A_FILTER_LIST && alen >= 4)
			break;
		p += 3 + alen;
	}
	if (p + 3 + 4 > len)
		return;
	fs = fs_get(s);
	gbcp_msg_init(&a, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	ack(fs, &a, be32(payload + p + 3), nack_code(fs));
	fs->error = "a fragment did not decode";
	warn("%s: filter list %u: a fragment did not decode: %s", s->bond,
	     a.filter_ack.commit_count, gbcp_filter_ack_name(a.filter_ack.code));
	send_msg(s, tid, &a, s->key, NULL);
	state_write(s);
}

void hg_bypass_stop(struct sess *s)
{
	struct filter_sess *fs = s->flt;
	char table[GB_IFNAMSIZ + 8], out[256];
	const char *argv[] = { "nft", "delete", "table", "inet", table, NULL };
	unsigned int i;

	if (!fs)
		return;
	timer_cancel(&fs->rate_timer);
	timer_cancel(&fq.poll);
	timer_cancel(&fq.refresh);
	if (fq.busy) {
		for (i = 0; i < fq.n; i++)
			gai_cancel(&fq.cb[i]);
		/* a lookup that would not cancel keeps its name: leak it */
		for (i = 0; i < fq.n; i++)
			if (gai_error(&fq.cb[i]) == EAI_INPROGRESS)
				fq.names[i] = NULL;
	}
	if (!fq.busy)
		fqdn_reset();
	if (job.kind != JOB_NONE) {
		/* let nft finish: deleting the table must come after it */
		loop_del(&job.w);
		close(job.w.fd);
		job.w.fd = -1;
		waitpid(job.pid, NULL, 0);
		if (job.kind == JOB_LIST)
			unlink(job.path);
		job.kind = JOB_NONE;
	}
	job.list_pending = false;
	job.fqdn_pending = false;
	pending_free(&fs->inflight);
	pending_free(&fs->queued);
	table_name(s, table, sizeof(table));
	run(argv, out, sizeof(out));
	routing_remove();
	filter_rx_reset(&fs->rx);
	free(fs->list);
	fs->list = NULL;
	fs->applied = false;
	s->flt = NULL;
}

void hg_bypass_json(struct json *j, const struct sess *s)
{
	const struct filter_sess *fs = s->flt;

	json_obj_open(j, "filter_list");
	json_bool(j, "received", fs && (fs->applied || fs->last_ack >= 0 ||
					fs->rx.active));
	json_bool(j, "applied", fs && fs->applied);
	json_u64(j, "commit", fs ? fs->commit : 0);
	json_u64(j, "items", fs ? fs->items : 0);
	json_u64(j, "rules", fs ? fs->rules : 0);
	if (fs && fs->last_ack >= 0) {
		json_u64(j, "ack_commit", fs->last_ack_commit);
		json_u64(j, "ack_code", (uint64_t)fs->last_ack);
		json_str(j, "ack", gbcp_filter_ack_name((unsigned int)fs->last_ack));
	} else {
		json_null(j, "ack_code");
	}
	json_str(j, "error", fs && fs->error ? fs->error : "");
	json_u64(j, "fqdn_addresses", fs ? fs->n_fqdn_addrs : 0);
	json_u64(j, "bypass_kbps", fs ? fs->bypass_kbps : 0);
	json_u64(j, "bypass_down_bytes", fs ? fs->down_bytes : 0);
	json_u64(j, "bypass_up_bytes", fs ? fs->up_bytes : 0);
	json_u64(j, "bypass_reports", fs ? fs->reports : 0);
	json_obj_close(j);
}
