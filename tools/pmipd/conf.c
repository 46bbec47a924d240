// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd: the configuration file (see pmipd.8 and pmipd.conf.example).
 *
 * Lines of "key value"; '#' starts a comment. "link IFNAME" (MAG) and
 * "mn NAI" (LMA) open sections; the keys before the first are global.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmipd.h"

enum section { SEC_GLOBAL, SEC_LINK, SEC_MN };

struct ctx {
	const char *path;
	unsigned int line;
	enum section sec;
	struct pd_conf *c;
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

static int get_u8(const struct ctx *x, const char *key, const char *v,
		  uint32_t min, uint32_t max, uint8_t *out)
{
	uint32_t n;
	int r = get_u32(x, key, v, min, max, &n);

	if (!r)
		*out = (uint8_t)n;
	return r;
}

static int get_bool(const struct ctx *x, const char *key, const char *v,
		    bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return bad(x, key, "not yes or no");
	return 0;
}

static int get_ifname(const struct ctx *x, const char *key, const char *v,
		      char *out)
{
	if (!*v || strlen(v) >= GB_IFNAMSIZ || strchr(v, '/'))
		return bad(x, key, "not an interface name");
	strcpy(out, v);
	return 0;
}

static int get_nai(const struct ctx *x, const char *key, const char *v,
		   struct pmip_ident *id)
{
	size_t n = strlen(v);

	if (!n || n > PMIP_ID_MAX - 1)
		return bad(x, key, "empty or longer than 253 octets");
	id->subtype = PMIP_ID_NAI;
	id->len = (uint8_t)n;
	memcpy(id->id, v, n);
	return 0;
}

static int get_in6(const struct ctx *x, const char *key, const char *v,
		   struct in6_addr *a)
{
	if (inet_pton(AF_INET6, v, a) != 1)
		return bad(x, key, "not an IPv6 address");
	return 0;
}

static int global_key(struct ctx *x, const char *k, const char *v)
{
	struct pd_conf *c = x->c;
	char *sp;

	if (!strcmp(k, "role")) {
		if (!strcmp(v, "mag"))
			c->role = PD_ROLE_MAG;
		else if (!strcmp(v, "lma"))
			c->role = PD_ROLE_LMA;
		else
			return bad(x, k, "not mag or lma");
		return 0;
	}
	if (!strcmp(k, "steering-dev"))
		return get_ifname(x, k, v, c->steer_dev);
	if (!strcmp(k, "timestamps"))
		return get_bool(x, k, v, &c->timestamps);
	if (!strcmp(k, "tunnel")) {
		if (!strcmp(v, "gre"))
			c->gre = true;
		else if (!strcmp(v, "ip6ip6"))
			c->gre = false;
		else
			return bad(x, k, "not gre or ip6ip6");
		return 0;
	}
	if (!strcmp(k, "gre-required"))
		return get_bool(x, k, v, &c->gre_required);
	if (!strcmp(k, "state-file")) {
		if (!*v || strlen(v) >= sizeof(c->state_file))
			return bad(x, k, "empty or too long");
		strcpy(c->state_file, v);
		return 0;
	}
	if (!strcmp(k, "mn-id"))
		return get_nai(x, k, v, &c->mn_id);
	if (!strcmp(k, "mag-id"))
		return get_nai(x, k, v, &c->mag_id);
	if (!strcmp(k, "access-if"))
		return get_ifname(x, k, v, c->access_if);
	if (!strcmp(k, "lifetime"))
		return get_u32(x, k, v, 4, PMIP_MMB_LIFETIME_MAX,
			       &c->lifetime_s);
	if (!strcmp(k, "table"))
		return get_u32(x, k, v, 1, 0xfffffffe, &c->table);
	if (!strcmp(k, "multipath"))
		return get_bool(x, k, v, &c->multipath);
	if (!strcmp(k, "max-lifetime"))
		return get_u32(x, k, v, 4, PMIP_MMB_LIFETIME_MAX,
			       &c->max_lifetime_s);
	if (!strcmp(k, "timestamp-window-ms"))
		return get_u32(x, k, v, 1, 3600000, &c->ts_window_ms);
	if (!strcmp(k, "mn-any")) {
		/* "multipath": unlisted nodes may have several bindings */
		c->mn_any_multipath = !strcmp(v, "multipath");
		if (c->mn_any_multipath) {
			c->mn_any = true;
			return 0;
		}
		return get_bool(x, k, v, &c->mn_any);
	}
	if (!strcmp(k, "mag-allow")) {
		if (c->n_mags == PD_MAX_MAGS)
			return bad(x, k, "too many");
		if (prefix_parse(v, &c->mags[c->n_mags]) ||
		    c->mags[c->n_mags].addr.family != AF_INET6)
			return bad(x, k, "not an IPv6 prefix");
		c->n_mags++;
		return 0;
	}
	if (!strcmp(k, "hnp-pool")) {
		/* "PREFIX/LEN PLEN": PLEN-long prefixes carved from it */
		char buf[128];

		if (strlen(v) >= sizeof(buf))
			return bad(x, k, "too long");
		strcpy(buf, v);
		sp = strchr(buf, ' ');
		if (!sp)
			return bad(x, k, "wants PREFIX/LEN PLEN");
		*sp++ = 0;
		while (*sp == ' ')
			sp++;
		if (prefix_parse(buf, &c->pool) ||
		    c->pool.addr.family != AF_INET6)
			return bad(x, k, "not an IPv6 prefix");
		if (get_u8(x, k, sp, 1, 128, &c->pool_plen))
			return -EINVAL;
		if (c->pool_plen < c->pool.len)
			return bad(x, k, "PLEN shorter than the pool");
		return 0;
	}
	return bad(x, k, "unknown key");
}

static int link_key(struct ctx *x, const char *k, const char *v)
{
	struct pd_link_conf *l = &x->c->links[x->c->n_links - 1];

	if (!strcmp(k, "pcoa"))
		return get_in6(x, k, v, &l->pcoa);
	if (!strcmp(k, "lma"))
		return get_in6(x, k, v, &l->lma);
	if (!strcmp(k, "att"))
		return get_u8(x, k, v, 1, 255, &l->att);
	if (!strcmp(k, "label"))
		return get_u8(x, k, v, 0, 255, &l->label);
	if (!strcmp(k, "bid"))
		return get_u8(x, k, v, PMIP_BID_MIN, PMIP_BID_MAX, &l->bid);
	return bad(x, k, "unknown key in a link section");
}

static int mn_key(struct ctx *x, const char *k, const char *v)
{
	struct pd_mn_conf *m = &x->c->mn[x->c->n_mn - 1];

	if (!strcmp(k, "multipath"))
		return get_bool(x, k, v, &m->multipath);
	return bad(x, k, "unknown key in an mn section");
}

static int line_key(struct ctx *x, const char *k, const char *v)
{
	struct pd_conf *c = x->c;

	if (!strcmp(k, "link")) {
		if (c->n_links == PD_MAX_LINKS)
			return bad(x, k, "too many links");
		memset(&c->links[c->n_links], 0, sizeof(c->links[0]));
		if (get_ifname(x, k, v, c->links[c->n_links].ifname))
			return -EINVAL;
		c->links[c->n_links].att = PMIP_ATT_8023;
		c->n_links++;
		x->sec = SEC_LINK;
		return 0;
	}
	if (!strcmp(k, "mn")) {
		if (c->n_mn == PD_MAX_MN)
			return bad(x, k, "too many mobile nodes");
		memset(&c->mn[c->n_mn], 0, sizeof(c->mn[0]));
		if (get_nai(x, k, v, &c->mn[c->n_mn].id))
			return -EINVAL;
		c->mn[c->n_mn].multipath = true;
		c->n_mn++;
		x->sec = SEC_MN;
		return 0;
	}
	switch (x->sec) {
	case SEC_LINK:
		return link_key(x, k, v);
	case SEC_MN:
		return mn_key(x, k, v);
	default:
		return global_key(x, k, v);
	}
}

void pd_conf_defaults(struct pd_conf *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->steer_dev, "pm0");
	c->timestamps = true;
	c->lifetime_s = 120;
	c->table = 8278;
	c->multipath = true;
	c->max_lifetime_s = 3600;
	c->ts_window_ms = 300;
}

/* the whole configuration's consistency, once read */
static int conf_check(const char *path, struct pd_conf *c)
{
	unsigned int i, j;

	if (c->role == PD_ROLE_NONE) {
		err("%s: no \"role mag|lma\"", path);
		return -EINVAL;
	}
	if (c->role == PD_ROLE_MAG) {
		if (!c->mn_id.len || !c->mag_id.len || !c->access_if[0] ||
		    !c->n_links) {
			err("%s: a MAG needs mn-id, mag-id, access-if and a link",
			    path);
			return -EINVAL;
		}
		for (i = 0; i < c->n_links; i++) {
			const struct pd_link_conf *l = &c->links[i];

			if (!l->bid || IN6_IS_ADDR_UNSPECIFIED(&l->pcoa) ||
			    IN6_IS_ADDR_UNSPECIFIED(&l->lma)) {
				err("%s: link %s needs pcoa, lma and bid", path,
				    l->ifname);
				return -EINVAL;
			}
			for (j = 0; j < i; j++)
				if (c->links[j].bid == l->bid ||
				    !strcmp(c->links[j].ifname, l->ifname)) {
					err("%s: link %s: interface or bid used twice",
					    path, l->ifname);
					return -EINVAL;
				}
		}
	} else {
		if (!c->pool_plen) {
			err("%s: an LMA needs hnp-pool", path);
			return -EINVAL;
		}
		if (c->n_links) {
			err("%s: link sections are for a MAG", path);
			return -EINVAL;
		}
	}
	if (c->gre_required && (c->role != PD_ROLE_LMA || !c->gre)) {
		err("%s: gre-required is for an LMA with \"tunnel gre\"", path);
		return -EINVAL;
	}
	return 0;
}

int pd_conf_parse(const char *path, const char *text, struct pd_conf *c)
{
	struct ctx x = { .path = path, .c = c };
	const char *p = text;
	char line[512], *k, *v, *e;
	size_t n;
	int r;

	pd_conf_defaults(c);
	while (*p) {
		x.line++;
		n = strcspn(p, "\n");
		if (n >= sizeof(line))
			return bad(&x, "line", "too long");
		memcpy(line, p, n);
		line[n] = 0;
		p += n + (p[n] == '\n');
		e = strchr(line, '#');
		if (e)
			*e = 0;
		for (k = line; isspace((unsigned char)*k); k++)
			;
		for (e = k + strlen(k); e > k && isspace((unsigned char)e[-1]);)
			*--e = 0;
		if (!*k)
			continue;
		for (v = k; *v && !isspace((unsigned char)*v); v++)
			;
		if (*v)
			*v++ = 0;
		while (isspace((unsigned char)*v))
			v++;
		r = line_key(&x, k, v);
		if (r)
			return r;
	}
	return conf_check(path, c);
}

int pd_conf_load(const char *path, struct pd_conf *c)
{
	static char text[65536];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		err("%s: %s", path, strerror(errno));
		return -errno;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	if (ferror(f) || !feof(f)) {
		fclose(f);
		err("%s: unreadable or larger than 64 KiB", path);
		return -EINVAL;
	}
	fclose(f);
	text[n] = 0;
	return pd_conf_parse(path, text, c);
}
