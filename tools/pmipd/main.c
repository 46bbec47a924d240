// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd: options, signals, the Mobility Header socket, and the I/O side
 * of both roles: what lma.c and mag.c decide is sent here and installed
 * into pmip_mmb (sessions, bindings), rtnetlink (ip6ip6 tunnels, routes).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mh_send.h"
#include "pmipd.h"

static struct pd_conf pconf;
static struct pd_stats st;
static struct pd_lma lma;
static struct pd_mag mag;
static struct pd_mag_out mout;
static int mh_fd = -1, steer;
static bool no_kernel;		/* -n: signalling only (tests, load) */
static struct watcher mh_w, sig_w;
static struct timer tick;

static uint64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static const char *in6_str(const void *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* --- the Mobility Header socket ----------------------------------------- */

static int mh_open(void)
{
	int one = 1;

	mh_fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       PMIP_IPPROTO_MH);
	if (mh_fd < 0) {
		err("Mobility Header socket: %s (no IPv6 mobility support?)",
		    strerror(errno));
		return -errno;
	}
	/* the kernel fills in and verifies the checksum (offset 4) */
	if (setsockopt(mh_fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
		       sizeof(one)) < 0)
		return -errno;
	return 0;
}

static void mh_send(const struct pmip_msg *m, const struct in6_addr *src,
		    const struct in6_addr *dst)
{
	uint8_t buf[PMIP_MSG_MAX_LEN];
	char line[512], a[INET6_ADDRSTRLEN];
	const char *why = NULL;
	int n, r;

	n = pmip_encode_err(m, buf, sizeof(buf), &why);
	if (n < 0) {
		err("encode: %s", why ? why : strerror(-n));
		st.tx_err++;
		return;
	}
	pmip_msg_format(m, line, sizeof(line));
	r = mh_sendmsg(mh_fd, buf, (size_t)n, src, dst);
	if (r) {
		st.tx_err++;
		warn("send to %s: %s", in6_str(dst, a), strerror(-r));
		return;
	}
	st.tx++;
	dbg("-> %s %s", in6_str(dst, a), line);
}

/* --- the LMA's I/O ------------------------------------------------------- */

static void lma_apply(void)
{
	unsigned int k;
	char name[GB_IFNAMSIZ];

	if (no_kernel)
		return;
	for (k = 0; k < lma.n_act; k++) {
		const struct pd_act *a = &lma.act[k];
		struct pd_bce *e = &lma.bce[a->bce];
		struct pd_binding *b = NULL;
		unsigned int j;
		int r = 0;

		for (j = 0; j < e->n_bind; j++)
			if (e->bind[j].bid == a->bind.bid)
				b = &e->bind[j];
		switch (a->op) {
		case PD_ACT_SESSION_ADD:
			pd_nl_session_del(steer, &e->mn_id);	/* stale */
			r = pd_nl_session_add(steer, &e->mn_id, true, &e->hnp);
			if (!r)
				r = pd_nl_route(true, 254, &e->hnp,
						steer);
			break;
		case PD_ACT_SESSION_DEL:
			/* the entry is gone: the session is named by the MN */
			break;
		case PD_ACT_BIND_SET:
			if (!b)
				break;
			if (!b->tunnel ||
			    memcmp(&b->tun_remote, &b->pcoa, 16) ||
			    !pd_encap_eq(&b->tun_encap, &b->encap)) {
				if (b->tunnel)
					pd_nl_link_del(b->tunnel);
				snprintf(name, sizeof(name), "pmt%ub%u",
					 a->bce, b->bid);
				r = pd_nl_tunnel_add(name, &b->lmaa, &b->pcoa,
						     &b->encap);
				b->tunnel = r > 0 ? r : 0;
				b->tun_remote = b->pcoa;
				b->tun_encap = b->encap;
				if (r < 0)
					break;
			}
			r = pd_nl_binding_set(steer, &e->mn_id, b, &b->pcoa,
					      true);
			b->installed = !r;
			break;
		case PD_ACT_BIND_DEL:
			if (e->used)
				pd_nl_binding_del(steer, &e->mn_id, a->bind.bid);
			if (a->bind.tunnel)
				pd_nl_link_del(a->bind.tunnel);
			break;
		}
		if (r < 0)
			st.nl_err++;
	}
}

/* apply; when an entry went, its session and route too (named by @mn) */
static void lma_apply_all(const struct pmip_ident *mn,
			  const struct pmip_prefix *hnp)
{
	unsigned int k;
	bool del = false;

	lma_apply();
	if (no_kernel)
		return;
	for (k = 0; k < lma.n_act; k++)
		del |= lma.act[k].op == PD_ACT_SESSION_DEL;
	if (del && mn) {
		pd_nl_route(false, 254, hnp, steer);
		pd_nl_session_del(steer, mn);
	}
}

static void lma_rx(const struct pmip_msg *pbu, const struct in6_addr *src,
		   const struct in6_addr *dst)
{
	static struct pmip_msg pba;
	struct pd_rx rx = { .src = *src, .dst = *dst };
	struct pmip_ident mn = { 0 };
	struct pmip_prefix hnp = { 0 };
	int i;

	if (pbu->mh_type != PMIP_MH_BU) {
		st.rx_unexpected++;
		return;
	}
	/* the MN and prefix, in case this PBU removes the entry */
	i = pmip_has(pbu, PMIP_OPT_MN_ID) ? lma_find(&lma, &pbu->mn_id) : -1;
	if (i >= 0) {
		mn = lma.bce[i].mn_id;
		hnp = lma.bce[i].hnp;
	}
	rx.real_ns = real_ns();
	rx.mono_ns = now_ns();
	if (!lma_process(&lma, pbu, &rx, &pba)) {
		st.rx_ignored++;
		return;
	}
	lma_apply_all(mn.len ? &mn : NULL, &hnp);
	st.status[pba.status]++;
	if (pmip_status_accepted(pba.status))
		st.accepted++;
	else
		st.rejected++;
	if (!pmip_status_accepted(pba.status))
		info("PBU seq %u rejected: %u %s", pbu->seq, pba.status,
		     pmip_status_name(pba.status));
	mh_send(&pba, dst, src);
}

/* SIGTERM: what this LMA installed leaves the kernel with it */
static void lma_shutdown(void)
{
	unsigned int i, j;

	if (no_kernel)
		return;
	for (i = 0; i < PD_MAX_BCE; i++) {
		const struct pd_bce *e = &lma.bce[i];

		if (!e->used)
			continue;
		pd_nl_route(false, 254, &e->hnp, steer);
		pd_nl_session_del(steer, &e->mn_id);
		for (j = 0; j < e->n_bind; j++)
			if (e->bind[j].tunnel)
				pd_nl_link_del(e->bind[j].tunnel);
	}
}

static void lma_tick(void)
{
	uint64_t now = now_ns();
	struct pmip_ident mn;
	struct pmip_prefix hnp;
	unsigned int i;

	for (i = 0; i < PD_MAX_BCE; i++) {
		if (!lma.bce[i].used)
			continue;
		mn = lma.bce[i].mn_id;
		hnp = lma.bce[i].hnp;
		lma_expire_bce(&lma, i, now);
		if (lma.n_act)
			lma_apply_all(&mn, &hnp);
	}
}

/* --- the MAG's I/O ------------------------------------------------------- */

static void mag_apply(void)
{
	struct pmip_prefix any = { 0 };
	char name[GB_IFNAMSIZ];
	unsigned int k;
	int r;

	for (k = 0; k < mout.n_pbu; k++) {
		const struct pd_link_conf *lc = mag.link[mout.pbu[k].link].conf;

		mh_send(&mout.pbu[k].msg, &lc->pcoa, &lc->lma);
	}
	st.retransmits += mout.n_retx;
	for (k = 0; k < mout.n_act && !no_kernel; k++) {
		struct pd_mag_link *l = &mag.link[mout.act[k].link];
		struct pd_binding b = { 0 };

		r = 0;
		switch (mout.act[k].op) {
		case PD_ACT_SESSION_ADD:
			pd_nl_session_del(steer, &pconf.mn_id);	/* stale */
			r = pd_nl_session_add(steer, &pconf.mn_id, false,
					      &mag.hnp);
			if (!r)
				r = pd_nl_route(true, pconf.table, &any, steer);
			if (!r) {
				pd_nl_rule_src(false, &mag.hnp, pconf.access_if,
					       pconf.table);
				r = pd_nl_rule_src(true, &mag.hnp,
						   pconf.access_if, pconf.table);
			}
			break;
		case PD_ACT_SESSION_DEL:
			pd_nl_rule_src(false, &mag.hnp, pconf.access_if,
				       pconf.table);
			pd_nl_route(false, pconf.table, &any, steer);
			pd_nl_session_del(steer, &pconf.mn_id);
			break;
		case PD_ACT_BIND_SET:
			if (l->tunnel &&
			    !pd_encap_eq(&l->tun_encap, &l->encap)) {
				pd_nl_link_del(l->tunnel);
				l->tunnel = 0;
			}
			if (!l->tunnel) {
				/* once per tunnel, not on every refresh */
				if (pconf.gre && !l->encap.gre)
					info("link %s: the LMA answered without GRE Key: ip6ip6",
					     l->conf->ifname);
				snprintf(name, sizeof(name), "pm-%.12s",
					 l->conf->ifname);
				r = pd_nl_tunnel_add(name, &l->conf->pcoa,
						     &l->conf->lma, &l->encap);
				if (r < 0)
					break;
				l->tunnel = r;
				l->tun_encap = l->encap;
			}
			b.encap = l->encap;
			b.bid = l->conf->bid;
			b.pcoa = l->conf->pcoa;
			b.att = l->conf->att;
			b.label = l->conf->label;
			b.lifetime_s = l->granted_s ? l->granted_s : 4;
			b.tunnel = l->tunnel;
			r = pd_nl_binding_set(steer, &pconf.mn_id, &b,
					      &l->conf->lma, false);
			l->installed = !r;
			break;
		case PD_ACT_BIND_DEL:
			pd_nl_binding_del(steer, &pconf.mn_id, l->conf->bid);
			if (l->tunnel)
				pd_nl_link_del(l->tunnel);
			l->tunnel = 0;
			l->installed = false;
			break;
		}
		if (r < 0)
			st.nl_err++;
	}
	memset(&mout, 0, sizeof(mout));
}

static void mag_rx(const struct pmip_msg *pba, const struct in6_addr *src)
{
	if (pba->mh_type != PMIP_MH_BA) {
		st.rx_unexpected++;
		return;
	}
	if (!mag_pba(&mag, pba, src, real_ns(), now_ns(), &mout)) {
		st.rx_unmatched++;
		return;
	}
	st.status[pba->status]++;
	if (pmip_status_accepted(pba->status))
		st.accepted++;
	else
		st.rejected++;
	info("PBA seq %u: %u %s%s", pba->seq, pba->status,
	     pmip_status_name(pba->status), pba->n_mmb ? " (multipath)" : "");
	mag_apply();
}

static void mag_link_cb(int ifindex, bool up)
{
	unsigned int i;

	for (i = 0; i < mag.n_links; i++)
		if (mag.link[i].ifindex == ifindex && mag.link[i].up != up) {
			info("link %s %s", mag.link[i].conf->ifname,
			     up ? "up" : "down");
			mag_link_event(&mag, i, up, real_ns(), now_ns(), &mout);
			mag_apply();
		}
}

/* a care-of address usable again: a waiting PBU need not wait more */
static void mag_addr_cb(int ifindex, const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < mag.n_links; i++)
		if (mag.link[i].ifindex == ifindex &&
		    !memcmp(a, &mag.link[i].conf->pcoa, 16)) {
			dbg("link %s: care-of address ready",
			    mag.link[i].conf->ifname);
			mag_addr_event(&mag, i, real_ns(), now_ns(), &mout);
			mag_apply();
		}
}

/* --- state file ---------------------------------------------------------- */

static void pd_state_write(void);
static bool state_dirty;
static uint64_t state_written_ns;

/* at most every 100 ms: with thousands of entries it is not free */
static void state_note(bool force)
{
	uint64_t now = now_ns();

	state_dirty = true;
	if (!force && now - state_written_ns < 100 * NSEC_PER_MSEC)
		return;
	state_written_ns = now;
	state_dirty = false;
	pd_state_write();
}

/* the rest of a binding's line: its tunnel kind and GRE keys */
static void state_encap(FILE *f, const struct pd_encap *e)
{
	if (!e->gre)
		fprintf(f, " tunnel ip6ip6\n");
	else if (!e->keyed)
		fprintf(f, " tunnel ip6gre\n");
	else
		fprintf(f, " tunnel ip6gre ikey 0x%08x okey 0x%08x\n",
			e->ikey, e->okey);
}

static void pd_state_write(void)
{
	static const char *const lstate[] = {
		"down", "idle", "registering", "bound", "deregistering",
	};
	static const char *const mp[] = { "unknown", "on", "off" };
	char tmp[300], a[INET6_ADDRSTRLEN];
	unsigned int i, j;
	FILE *f;

	if (!pconf.state_file[0])
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", pconf.state_file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "role %s\n", pconf.role == PD_ROLE_MAG ? "mag" : "lma");
	fprintf(f, "rx %llu\nrx_malformed %llu\nrx_unexpected %llu\n"
		"rx_unmatched %llu\nrx_ignored %llu\ntx %llu\ntx_err %llu\n"
		"accepted %llu\nrejected %llu\nretransmits %llu\nnl_err %llu\n",
		(unsigned long long)st.rx, (unsigned long long)st.rx_malformed,
		(unsigned long long)st.rx_unexpected,
		(unsigned long long)st.rx_unmatched,
		(unsigned long long)st.rx_ignored, (unsigned long long)st.tx,
		(unsigned long long)st.tx_err, (unsigned long long)st.accepted,
		(unsigned long long)st.rejected,
		(unsigned long long)st.retransmits,
		(unsigned long long)st.nl_err);
	for (i = 0; i < 256; i++)
		if (st.status[i])
			fprintf(f, "status_%u %llu\n", i,
				(unsigned long long)st.status[i]);
	if (pconf.role == PD_ROLE_MAG) {
		fprintf(f, "multipath %s\n", mp[mag.mp]);
		if (mag.has_hnp)
			fprintf(f, "hnp %s/%u\n", in6_str(mag.hnp.addr, a),
				mag.hnp.len);
		for (i = 0; i < mag.n_links; i++) {
			fprintf(f, "link %s bid %u state %s",
				mag.link[i].conf->ifname,
				mag.link[i].conf->bid,
				lstate[mag.link[i].state]);
			state_encap(f, &mag.link[i].encap);
		}
	} else {
		for (i = 0; i < PD_MAX_BCE; i++) {
			const struct pd_bce *e = &lma.bce[i];

			if (!e->used)
				continue;
			fprintf(f, "mn %.*s hnp %s/%u bindings %u\n",
				e->mn_id.len, e->mn_id.id,
				in6_str(e->hnp.addr, a), e->hnp.len, e->n_bind);
			for (j = 0; j < e->n_bind; j++) {
				fprintf(f, "binding %u pcoa %s",
					e->bind[j].bid,
					in6_str(&e->bind[j].pcoa, a));
				state_encap(f, &e->bind[j].encap);
			}
		}
	}
	fclose(f);
	rename(tmp, pconf.state_file);
}

/* --- loop ---------------------------------------------------------------- */

static void mh_fn(struct watcher *w, uint32_t events)
{
	static struct pmip_msg m;
	uint8_t buf[PMIP_MSG_MAX_LEN + 8];
	char cbuf[256], a[INET6_ADDRSTRLEN];
	struct sockaddr_in6 from;
	struct in6_addr dst = IN6ADDR_ANY_INIT;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	const char *why = NULL;
	ssize_t n;
	int i, r;

	(void)w;
	(void)events;
	for (i = 0; i < 64; i++) {
		mh.msg_namelen = sizeof(from);
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(mh_fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			break;
		st.rx++;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == IPPROTO_IPV6 &&
			    cm->cmsg_type == IPV6_PKTINFO)
				dst = ((struct in6_pktinfo *)
				       CMSG_DATA(cm))->ipi6_addr;
		r = pmip_decode(buf, (size_t)n, &m, &why);
		if (r) {
			st.rx_malformed++;
			info("dropped a malformed message from %s: %s",
			     in6_str(&from.sin6_addr, a), why ? why : "?");
			continue;
		}
		if (pconf.role == PD_ROLE_LMA)
			lma_rx(&m, &from.sin6_addr, &dst);
		else
			mag_rx(&m, &from.sin6_addr);
	}
	state_note(false);
}

static void tick_fn(struct timer *t)
{
	if (pconf.role == PD_ROLE_MAG) {
		mag_tick(&mag, real_ns(), now_ns(), &mout);
		mag_apply();
	} else {
		lma_tick();
	}
	if (state_dirty || pconf.role == PD_ROLE_MAG)
		state_note(true);
	timer_after_ms(t, pconf.role == PD_ROLE_MAG ? 100 : 200);
}

static void sig_fn(struct watcher *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			info("signal %u: shutting down", si.ssi_signo);
			loop_stop(PD_EXIT_OK);
		}
	}
}

static int mag_start(void)
{
	unsigned int i;
	int u;

	mag_init(&mag, &pconf, (uint16_t)(real_ns() / 1000));
	/* two MAG daemons on one host: their GRE keys differ */
	mag.key_salt = (uint32_t)(real_ns() / 1000) ^ (uint32_t)getpid() << 12;
	for (i = 0; i < mag.n_links; i++) {
		mag.link[i].ifindex = nl_ifindex(pconf.links[i].ifname);
		if (!mag.link[i].ifindex)
			warn("link %s: no such interface (yet)",
			     pconf.links[i].ifname);
	}
	if (pd_nl_link_watch(mag_link_cb, mag_addr_cb))
		return -1;
	for (i = 0; i < mag.n_links; i++) {
		if (!mag.link[i].ifindex)
			continue;
		u = pd_nl_link_usable(mag.link[i].ifindex);
		if (u > 0)
			mag_link_event(&mag, i, true, real_ns(), now_ns(),
				       &mout);
	}
	mag_apply();
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pmipd [-f] [-v] [-t] [-n] -c FILE\n"
		"  -c FILE  configuration (see pmipd.8)\n"
		"  -f       log to stderr instead of syslog\n"
		"  -v       debug logging (every message sent)\n"
		"  -t       check the configuration and exit\n"
		"  -n       no kernel: signalling and state only (tests, load)\n"
		"Exit status: 0 stopped by a signal, 1 error, 2 usage or "
		"configuration\n");
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	bool fg = false, test = false;
	int c, r, level = LOG_LVL_INFO;
	sigset_t ss;

	while ((c = getopt(argc, argv, "c:fvtnh")) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			fg = true;
			break;
		case 'v':
			level = LOG_LVL_DEBUG;
			break;
		case 't':
			test = fg = true;
			break;
		case 'n':
			no_kernel = true;
			break;
		case 'h':
			usage(stdout);
			return PD_EXIT_OK;
		default:
			usage(stderr);
			return PD_EXIT_USAGE;
		}
	}
	if (!path || optind != argc) {
		usage(stderr);
		return PD_EXIT_USAGE;
	}
	log_open(!fg, level);
	if (pd_conf_load(path, &pconf))
		return PD_EXIT_USAGE;
	if (test) {
		printf("%s: ok (%s)\n", path,
		       pconf.role == PD_ROLE_MAG ? "mag" : "lma");
		return PD_EXIT_OK;
	}

	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (loop_init())
		return PD_EXIT_ERR;
	sig_w.fd = signalfd(-1, &ss, SFD_NONBLOCK | SFD_CLOEXEC);
	sig_w.fn = sig_fn;
	if (sig_w.fd < 0 || loop_add(&sig_w))
		return PD_EXIT_ERR;
	r = pd_nl_init(!no_kernel);
	if (r) {
		err("pmip_mmb: %s (module loaded?)", strerror(-r));
		return PD_EXIT_ERR;
	}
	steer = no_kernel ? 1 : pd_nl_steer_dev(pconf.steer_dev);
	if (steer <= 0) {
		err("steering device %s: cannot create", pconf.steer_dev);
		return PD_EXIT_ERR;
	}
	if (mh_open())
		return PD_EXIT_ERR;
	mh_w.fd = mh_fd;
	mh_w.fn = mh_fn;
	if (loop_add(&mh_w))
		return PD_EXIT_ERR;
	if (pconf.role == PD_ROLE_LMA)
		lma_init(&lma, &pconf);
	else if (mag_start())
		return PD_EXIT_ERR;
	info("started as %s", pconf.role == PD_ROLE_MAG ? "MAG" : "LMA");
	timer_init(&tick, tick_fn, NULL);
	timer_after_ms(&tick, 100);
	state_note(true);
	r = loop_run();
	if (pconf.role == PD_ROLE_MAG) {
		mag_stop(&mag, real_ns(), &mout);
		mag_apply();
	} else {
		lma_shutdown();
	}
	pd_state_write();
	return r;
}
