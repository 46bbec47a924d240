// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: the configuration file (see gbcpd.8 and gbcpd.conf.example).
 *
 * Lines of "key value"; '#' starts a comment; a value may be quoted with
 * "...". The keys "hg BOND", "haap" and "client CIN" open sections; the
 * keys before the first section are global.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "gbcpd.h"

enum section { SEC_GLOBAL, SEC_HG, SEC_HAAP, SEC_CLIENT };

struct ctx {
	const char *path;
	unsigned int line;
	enum section sec;
	struct conf *c;
	struct conf_client *cl;
};

static int bad(const struct ctx *x, const char *key, const char *why)
{
	conf_bad(x->path, x->line, key, why);
	/* in sight of the callers: their outputs are unset on failure */
	return -EINVAL;
}

static int get_u32(const struct ctx *x, const char *key, const char *v,
		   uint32_t min, uint32_t max, uint32_t *out)
{
	return conf_u32(x->path, x->line, key, v, min, max, out);
}

static int get_str(const struct ctx *x, const char *key, const char *v,
		   char *out, size_t size)
{
	if (!*v || strlen(v) >= size)
		return bad(x, key, "empty or too long");
	strcpy(out, v);
	return 0;
}

static int get_addr(const struct ctx *x, const char *key, const char *v,
		    struct addr *a)
{
	if (addr_parse(v, a))
		return bad(x, key, "not an IPv4 or IPv6 address");
	return 0;
}

static int get_prefix(const struct ctx *x, const char *key, const char *v,
		      struct prefix *p, unsigned int *n)
{
	if (*n >= CONF_MAX_PREFIXES)
		return bad(x, key, "too many");
	if (prefix_parse(v, &p[*n]))
		return bad(x, key, "not ADDRESS[/LEN]");
	(*n)++;
	return 0;
}

/* the Accept parameters, with the RFC 8157 5.2 ranges */
static int param_key(const struct ctx *x, const char *k, const char *v,
		     struct params *p, bool *done)
{
	static const struct {
		const char *key;
		size_t off;
		uint32_t min, max;
	} tab[] = {
		{ "rtt-threshold-ms", offsetof(struct params, rtt_threshold_ms), 0, 1000 },
		{ "bypass-interval", offsetof(struct params, bypass_interval_s), 10, 300 },
		{ "active-hello-interval", offsetof(struct params, active_hello_s), 1, 100 },
		{ "hello-retry", offsetof(struct params, hello_retry), 3, 10 },
		{ "idle-timeout", offsetof(struct params, idle_timeout_s), 0, 172800 },
		{ "rtt-violation", offsetof(struct params, rtt_violation), 1, 25 },
		{ "rtt-compliance", offsetof(struct params, rtt_compliance), 1, 25 },
		{ "idle-hello-interval", offsetof(struct params, idle_hello_s), 100, 86400 },
		{ "no-traffic-interval", offsetof(struct params, no_traffic_s), 30, 86400 },
	};
	size_t i;

	*done = false;
	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		if (strcmp(k, tab[i].key))
			continue;
		*done = true;
		return get_u32(x, k, v, tab[i].min, tab[i].max,
			       (uint32_t *)((char *)p + tab[i].off));
	}
	return 0;
}

static int global_key(struct ctx *x, const char *k, const char *v)
{
	struct conf *c = x->c;
	uint32_t n;

	if (!strcmp(k, "dialect")) {
		if (!strcmp(v, "rfc"))
			c->dialect = GBCP_DIALECT_RFC;
		else if (!strcmp(v, "dt"))
			c->dialect = GBCP_DIALECT_DT;
		else
			return bad(x, k, "rfc or dt");
		return 0;
	}
	if (!strcmp(k, "state-dir"))
		return get_str(x, k, v, c->state_dir, sizeof(c->state_dir));
	if (!strcmp(k, "hold-max-us"))
		return get_u32(x, k, v, 1000, 10000000, &c->hold_max_us);
	if (!strcmp(k, "log-level")) {
		static const char *const lv[] = { "error", "warning", "info",
						  "debug" };
		for (n = 0; n < ARRAY_SIZE(lv); n++)
			if (!strcmp(v, lv[n])) {
				if (log_level < (int)n)
					log_level = (int)n;
				return 0;
			}
		return bad(x, k, "error, warning, info or debug");
	}
	return bad(x, k, "unknown key");
}

static int hg_key(struct ctx *x, const char *k, const char *v)
{
	struct conf_hg *h = &x->c->hg;
	bool done;
	int r;

	if (!strcmp(k, "cin")) {
		r = get_str(x, k, v, h->cin, sizeof(h->cin));
		return r;
	}
	if (!strcmp(k, "haap-address"))
		return get_addr(x, k, v, &h->haap);
	if (!strcmp(k, "lte-local"))
		return get_addr(x, k, v, &h->lte_local);
	if (!strcmp(k, "dsl-local"))
		return get_addr(x, k, v, &h->dsl_local);
	if (!strcmp(k, "dsl-remote"))
		return get_addr(x, k, v, &h->dsl_remote);
	if (!strcmp(k, "lte-dev"))
		return get_str(x, k, v, h->lte_dev, sizeof(h->lte_dev));
	if (!strcmp(k, "dsl-dev"))
		return get_str(x, k, v, h->dsl_dev, sizeof(h->dsl_dev));
	if (!strcmp(k, "dsl-sync-rate"))
		return get_u32(x, k, v, 1, UINT32_MAX, &h->dsl_sync_kbps);
	if (!strcmp(k, "hello-interval-ms"))
		return get_u32(x, k, v, 10, 100000, &h->hello_ms);
	if (!strcmp(k, "setup-retry-ms"))
		return get_u32(x, k, v, 100, 600000, &h->setup_retry_ms);
	if (!strcmp(k, "reconnect-ms"))
		return get_u32(x, k, v, 100, 3600000, &h->reconnect_ms);
	if (!strcmp(k, "dsl-gateway"))
		return get_addr(x, k, v, &h->dsl_gateway);
	if (!strcmp(k, "idle-timeout-ms"))
		return get_u32(x, k, v, 0, 172800000, &h->idle_timeout_ms);
	if (!strcmp(k, "prefix-dev")) {
		if (strlen(v) >= sizeof(h->prefix_dev))
			return bad(x, k, "too long");
		snprintf(h->prefix_dev, sizeof(h->prefix_dev), "%s", v);
		return 0;
	}
	if (!strcmp(k, "teardown-code"))
		return get_u32(x, k, v, 1, 12, &h->teardown_code);
	if (!strcmp(k, "on-deny")) {
		if (!strcmp(v, "exit"))
			h->deny_exit = true;
		else if (!strcmp(v, "idle"))
			h->deny_exit = false;
		else
			return bad(x, k, "exit or idle");
		return 0;
	}
	if (!strcmp(k, "address"))
		return get_prefix(x, k, v, h->addrs, &h->n_addrs);
	if (!strcmp(k, "route"))
		return get_prefix(x, k, v, h->routes, &h->n_routes);
	if (!strcmp(k, "bypass-gateway")) {
		struct addr a;

		r = get_addr(x, k, v, &a);
		if (!r)
			*(a.family == AF_INET ? &h->bypass_gw4 : &h->bypass_gw6) = a;
		return r;
	}
	if (!strcmp(k, "bypass-mark"))
		return get_u32(x, k, v, 1, UINT32_MAX, &h->bypass_mark);
	if (!strcmp(k, "bypass-table"))
		return get_u32(x, k, v, 1, 0xfffffffe, &h->bypass_table);
	if (!strcmp(k, "bypass-nat")) {
		if (strcmp(v, "on") && strcmp(v, "off"))
			return bad(x, k, "on or off");
		h->bypass_nat = !strcmp(v, "on");
		return 0;
	}
	if (!strcmp(k, "fqdn-refresh"))
		return get_u32(x, k, v, 10, 86400, &h->fqdn_refresh_s);
	r = param_key(x, k, v, &x->c->p, &done);
	if (done)
		return r;
	return bad(x, k, "unknown key in an hg section");
}

static int haap_key(struct ctx *x, const char *k, const char *v)
{
	struct conf_haap *h = &x->c->haap;
	bool done;
	int r;

	if (!strcmp(k, "bond-prefix"))
		return get_str(x, k, v, h->bond_prefix, sizeof(h->bond_prefix));
	if (!strcmp(k, "h-address4") || !strcmp(k, "h-address6")) {
		struct addr a;

		r = get_addr(x, k, v, &a);
		if (r)
			return r;
		if (a.family != (k[9] == '4' ? AF_INET : AF_INET6))
			return bad(x, k, "wrong address family");
		if (a.family == AF_INET)
			h->h4 = a;
		else
			h->h6 = a;
		return 0;
	}
	if (!strcmp(k, "hello-interval-ms"))
		return get_u32(x, k, v, 10, 100000, &h->hello_ms);
	if (!strcmp(k, "dsl-up-kbps"))
		return get_u32(x, k, v, 0, UINT32_MAX, &h->dsl_up_kbps);
	if (!strcmp(k, "dsl-down-kbps"))
		return get_u32(x, k, v, 0, UINT32_MAX, &h->dsl_down_kbps);
	if (!strcmp(k, "setup-rate"))
		return get_u32(x, k, v, 1, 1000000, &h->setup_rate);
	if (!strcmp(k, "setup-burst"))
		return get_u32(x, k, v, 1, 1000000, &h->setup_burst);
	if (!strcmp(k, "max-sessions"))
		return get_u32(x, k, v, 1, 100000, &h->max_sessions);
	if (!strcmp(k, "session-timeout"))
		return get_u32(x, k, v, 1, 86400 * 7, &h->session_timeout_s);
	if (!strcmp(k, "teardown-code"))
		return get_u32(x, k, v, 1, 12, &h->teardown_code);
	if (!strcmp(k, "filter")) {
		struct conf_filter f, *tmp;
		const char *why = NULL;

		if (filter_conf_parse(v, &f, &why))
			return bad(x, k, why);
		tmp = realloc(h->filters, (h->n_filters + 1) * sizeof(*tmp));
		if (!tmp) {
			filter_conf_free_one(&f);
			return -ENOMEM;
		}
		h->filters = tmp;
		h->filters[h->n_filters++] = f;
		return 0;
	}
	r = param_key(x, k, v, &x->c->p, &done);
	if (done)
		return r;
	return bad(x, k, "unknown key in the haap section");
}

static int client_key(struct ctx *x, const char *k, const char *v)
{
	struct conf_client *cl = x->cl;

	if (!strcmp(k, "dsl-up-kbps"))
		return get_u32(x, k, v, 0, UINT32_MAX, &cl->dsl_up_kbps);
	if (!strcmp(k, "dsl-down-kbps"))
		return get_u32(x, k, v, 0, UINT32_MAX, &cl->dsl_down_kbps);
	if (!strcmp(k, "address"))
		return get_prefix(x, k, v, cl->addrs, &cl->n_addrs);
	if (!strcmp(k, "route"))
		return get_prefix(x, k, v, cl->routes, &cl->n_routes);
	if (!strcmp(k, "ipv6-prefix")) {
		struct gbcp_ipv6_prefix gp;

		if (prefix_parse(v, &cl->v6_prefix) ||
		    cl->v6_prefix.addr.family != AF_INET6)
			return bad(x, k, "not an IPv6 prefix");
		memcpy(gp.addr, cl->v6_prefix.addr.a, 16);
		gp.len = cl->v6_prefix.len;
		if (!ipv6_prefix_ok(&gp))
			return bad(x, k, "not a unicast prefix without host bits");
		return 0;
	}
	return bad(x, k, "unknown key in a client section");
}

static int set_role(struct ctx *x, const char *k, enum role r)
{
	if (x->c->role && x->c->role != r)
		return bad(x, k, "one daemon is either hg or haap");
	x->c->role = r;
	return 0;
}

static int line_kv(struct ctx *x, char *k, char *v)
{
	struct conf *c = x->c;
	struct conf_client *cl;
	int r;

	if (!strcmp(k, "hg")) {
		r = set_role(x, k, ROLE_HG);
		if (r)
			return r;
		if (c->hg.bond[0])
			return bad(x, k, "only one hg section");
		x->sec = SEC_HG;
		return get_str(x, k, v, c->hg.bond, sizeof(c->hg.bond));
	}
	if (!strcmp(k, "haap")) {
		if (*v)
			return bad(x, k, "takes no value");
		x->sec = SEC_HAAP;
		return set_role(x, k, ROLE_HAAP);
	}
	if (!strcmp(k, "client")) {
		r = set_role(x, k, ROLE_HAAP);
		if (r)
			return r;
		if (!*v || strlen(v) > GBCP_CIN_LEN)
			return bad(x, k, "CIN of 1..40 octets");
		if (conf_client_find(c, v))
			return bad(x, k, "duplicate CIN");
		cl = calloc(1, sizeof(*cl));
		if (!cl)
			return -ENOMEM;
		strcpy(cl->cin, v);
		cl->next = c->haap.clients;
		c->haap.clients = cl;
		x->cl = cl;
		x->sec = SEC_CLIENT;
		return 0;
	}
	switch (x->sec) {
	case SEC_GLOBAL:
		return global_key(x, k, v);
	case SEC_HG:
		return hg_key(x, k, v);
	case SEC_HAAP:
		return haap_key(x, k, v);
	case SEC_CLIENT:
		return client_key(x, k, v);
	}
	return -EINVAL;
}

/* split "key value" in place; strips comments, blanks and quotes */
static int split(struct ctx *x, char *s, char **k, char **v)
{
	char *e, *hash;
	size_t n;

	hash = NULL;
	for (e = s; *e; e++) {
		if (*e == '"') {
			e = strchr(e + 1, '"');
			if (!e)
				return bad(x, "line", "unterminated quote");
		} else if (*e == '#') {
			hash = e;
			break;
		}
	}
	if (hash)
		*hash = '\0';
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	*k = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	*v = s;
	return 0;
}

static void defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->dialect = GBCP_DIALECT_RFC;
	snprintf(c->state_dir, sizeof(c->state_dir), "/run/gbcpd");
	/* the typical values RFC 8157 5.2 gives or implies */
	c->p.rtt_threshold_ms = 100;
	c->p.bypass_interval_s = 60;
	c->p.active_hello_s = 1;
	c->p.hello_retry = 3;
	c->p.idle_timeout_s = 86400;
	c->p.rtt_violation = 3;
	c->p.rtt_compliance = 3;
	c->p.idle_hello_s = 1800;
	c->p.no_traffic_s = 60;
	c->hg.setup_retry_ms = 3000;
	c->hg.reconnect_ms = 10000;
	c->hg.deny_exit = true;
	c->hg.teardown_code = GBCP_ERR_MAINTENANCE;
	c->hg.bypass_mark = 0x4742;		/* "GB" */
	c->hg.bypass_table = 4742;
	c->hg.bypass_nat = true;
	c->hg.fqdn_refresh_s = 300;
	snprintf(c->haap.bond_prefix, sizeof(c->haap.bond_prefix), "hab");
	c->haap.setup_rate = 5;
	c->haap.setup_burst = 10;
	c->haap.max_sessions = 65536;
	c->haap.session_timeout_s = 300;
	c->haap.teardown_code = GBCP_ERR_MAINTENANCE;
	c->haap.dsl_up_kbps = 10000;
	c->haap.dsl_down_kbps = 50000;
}

static int check(struct ctx *x)
{
	struct conf *c = x->c;
	struct conf_hg *h = &c->hg;

	x->line = 0;
	switch (c->role) {
	case ROLE_NONE:
		return bad(x, "role", "no hg or haap section");
	case ROLE_HG:
		if (!h->cin[0])
			return bad(x, "cin", "missing");
		if (!h->haap.family)
			return bad(x, "haap-address", "missing");
		if (!h->lte_local.family || !h->dsl_local.family)
			return bad(x, "lte-local/dsl-local", "missing");
		if (h->lte_local.family != h->haap.family ||
		    h->dsl_local.family != h->haap.family ||
		    (h->dsl_remote.family &&
		     h->dsl_remote.family != h->haap.family))
			return bad(x, "addresses", "all of one family");
		if (!h->dsl_sync_kbps)
			return bad(x, "dsl-sync-rate", "missing");
		break;
	case ROLE_HAAP:
		if (!c->haap.h4.family && !c->haap.h6.family)
			return bad(x, "h-address4/h-address6", "need one");
		break;
	}
	return 0;
}

int conf_load(const char *path, struct conf *c)
{
	struct ctx x = { .path = path, .c = c };
	char buf[512], *k, *v;
	FILE *f;
	int r = 0;

	defaults(c);
	f = fopen(path, "r");
	if (!f) {
		err("%s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(buf, sizeof(buf), f)) {
		x.line++;
		if (!strchr(buf, '\n') && !feof(f)) {
			r = bad(&x, "line", "too long");
			break;
		}
		r = split(&x, buf, &k, &v);
		if (r)
			break;
		if (!*k)
			continue;
		r = line_kv(&x, k, v);
		if (r)
			break;
	}
	fclose(f);
	if (!r)
		r = check(&x);
	if (r)
		conf_free(c);
	return r;
}

void conf_free(struct conf *c)
{
	struct conf_client *cl;
	unsigned int i;

	for (i = 0; i < c->haap.n_filters; i++)
		filter_conf_free_one(&c->haap.filters[i]);
	free(c->haap.filters);
	c->haap.filters = NULL;
	c->haap.n_filters = 0;
	while ((cl = c->haap.clients)) {
		c->haap.clients = cl->next;
		free(cl);
	}
}

const struct conf_client *conf_client_find(const struct conf *c,
					   const char *cin)
{
	const struct conf_client *cl;

	for (cl = c->haap.clients; cl; cl = cl->next)
		if (!strcmp(cl->cin, cin))
			return cl;
	return NULL;
}
