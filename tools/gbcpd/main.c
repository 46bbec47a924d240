// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: options, signals and the main loop.
 *
 *   gbcpd -c FILE [-f] [-v]...
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "gbcpd.h"

struct conf conf;
static struct watcher sig_w;

static void stop_role(void)
{
	if (conf.role == ROLE_HG)
		hg_stop();
	else
		haap_stop();
}

static void sig_fn(struct watcher *w, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			info("signal %u: shutting down", si.ssi_signo);
			loop_stop(GBCPD_EXIT_OK);
			break;
		case SIGUSR1:
		case SIGUSR2:
			/* the HG's diagnostic (5.6.8, 5.6.11) */
			if (conf.role == ROLE_HG)
				hg_diag(si.ssi_signo == SIGUSR1);
			break;
		default:
			break;
		}
	}
}

static void ctrl_cb(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
		    const uint8_t *payload, size_t len,
		    const struct addr *src, uint64_t ts)
{
	if (conf.role == ROLE_HG)
		hg_ctrl(ifindex, tid, proto, key, payload, len, src, ts);
	else
		haap_ctrl(ifindex, tid, proto, key, payload, len, src, ts);
}

static void usage(FILE *f)
{
	fputs("Usage: gbcpd -c FILE [-f] [-v]... [-t]\n"
	      "  -c FILE  configuration (see gbcpd.8)\n"
	      "  -f       stay in the foreground, log to stderr\n"
	      "  -v       more log output (twice: debug)\n"
	      "  -t       check the configuration and exit\n"
	      "Exit status: 0 stopped by a signal, 1 error, 2 usage,\n"
	      "3 (HG) setup denied.\n", f);
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	bool fg = false, test = false;
	int c, verbose = 0, r;
	sigset_t ss;

	while ((c = getopt(argc, argv, "c:fvth")) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			fg = true;
			break;
		case 'v':
			verbose++;
			break;
		case 't':
			test = true;
			break;
		case 'h':
			usage(stdout);
			return GBCPD_EXIT_OK;
		default:
			usage(stderr);
			return GBCPD_EXIT_USAGE;
		}
	}
	if (!path || optind != argc) {
		usage(stderr);
		return GBCPD_EXIT_USAGE;
	}
	log_open(false, LOG_LVL_INFO + verbose > LOG_LVL_DEBUG ?
		 LOG_LVL_DEBUG : LOG_LVL_INFO + verbose);
	if (conf_load(path, &conf))
		return GBCPD_EXIT_ERR;
	if (test) {
		printf("%s: ok (%s)\n", path,
		       conf.role == ROLE_HG ? "hg" : "haap");
		conf_free(&conf);
		return GBCPD_EXIT_OK;
	}
	if (!fg) {
		if (daemon(0, 0) < 0) {
			err("daemon: %s", strerror(errno));
			return GBCPD_EXIT_ERR;
		}
		log_open(true, log_level);
	}

	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	sigaddset(&ss, SIGUSR1);
	sigaddset(&ss, SIGUSR2);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	signal(SIGPIPE, SIG_IGN);
	r = loop_init();
	if (!r) {
		sig_w.fd = signalfd(-1, &ss, SFD_NONBLOCK | SFD_CLOEXEC);
		sig_w.fn = sig_fn;
		r = sig_w.fd < 0 ? -errno : loop_add(&sig_w);
	}
	if (r) {
		err("event loop: %s", strerror(-r));
		return GBCPD_EXIT_ERR;
	}
	if (nl_init(ctrl_cb))
		return GBCPD_EXIT_ERR;
	r = conf.role == ROLE_HG ? hg_start() : haap_start();
	if (r) {
		nl_fini();
		return GBCPD_EXIT_ERR;
	}
	info("started as %s (%s dialect)", conf.role == ROLE_HG ? "HG" : "HAAP",
	     gbcp_dialect_name(conf.dialect));
	r = loop_run();
	stop_role();
	nl_fini();
	conf_free(&conf);
	info("stopped (exit %d)", r);
	return r;
}
