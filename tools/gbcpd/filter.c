// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: the pure parts of filter lists (RFC 8157 5.6.2): the HAAP's
 * configured items, splitting them into Filter List TLVs, the HG's
 * reassembly by Commit_Count, and the nftables script that makes matching
 * traffic leave over the raw DSL device.
 *
 * The script never contains text of a received item: every value is parsed
 * (inet_pton, decimal, hex) and written again in a canonical form, so a
 * value cannot smuggle nft syntax in.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "filter.h"

/* --- configuration ----------------------------------------------------- */

/* the next blank-separated word of *p, or of a "quoted" string */
static char *word(const char **p, bool *quoted)
{
	const char *s = *p, *e;
	char *w;

	while (isspace((unsigned char)*s))
		s++;
	*quoted = *s == '"';
	if (*quoted) {
		e = strchr(s + 1, '"');
		if (!e)
			return NULL;
		w = strndup(s + 1, (size_t)(e - s - 1));
		e++;
	} else {
		e = s;
		while (*e && !isspace((unsigned char)*e))
			e++;
		w = strndup(s, (size_t)(e - s));
	}
	*p = e;
	return w;
}

int filter_conf_parse(const char *v, struct conf_filter *out,
		      const char **why)
{
	const char *p = v;
	char *t = NULL, *w;
	unsigned long n;
	bool q;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->enable = 1;
	t = word(&p, &q);
	if (!t || !*t)
		goto syntax;
	/* the config names are the codec's names of the types */
	for (i = GBCP_F_FQDN; i <= GBCP_F_DST_IP_RANGE_PORT; i++)
		if (!strcmp(t, gbcp_filter_type_name((unsigned int)i)))
			out->type = (uint16_t)i;
	if (!out->type) {
		/* a number: reserved types may be sent for testing */
		char *end;

		errno = 0;
		n = strtoul(t, &end, 10);
		if (errno || *end || end == t || !n || n > 65535) {
			*why = "unknown filter type";
			goto fail;
		}
		out->type = (uint16_t)n;
	}
	free(t);
	t = NULL;
	out->value = word(&p, &q);
	if (!out->value || !*out->value)
		goto syntax;
	if (gbcp_filter_value_check(out->type, out->value,
				    strlen(out->value))) {
		*why = gbcp_filter_value_check(out->type, out->value,
					       strlen(out->value));
		goto fail;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (!strncmp(p, "disabled", 8) &&
	    (!p[8] || isspace((unsigned char)p[8]))) {
		out->enable = 0;
		p += 8;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"') {
		w = word(&p, &q);
		if (!w)
			goto syntax;
		out->desc = w;
		while (isspace((unsigned char)*p))
			p++;
		if (*p)
			goto syntax;
	} else {
		out->desc = strdup(p);
	}
	if (!out->desc) {
		*why = "out of memory";
		goto fail;
	}
	return 0;
syntax:
	*why = "TYPE VALUE [disabled] [DESCRIPTION]";
fail:
	free(t);
	filter_conf_free_one(out);
	return -EINVAL;
}

void filter_conf_free_one(struct conf_filter *f)
{
	free(f->desc);
	free(f->value);
	f->desc = NULL;
	f->value = NULL;
}

uint64_t filter_conf_hash(const struct conf_filter *items, unsigned int n)
{
	uint64_t h = 14695981039346656037ULL;
	unsigned int i;
	const char *s;

	for (i = 0; i < n; i++) {
		uint8_t hdr[4] = { (uint8_t)(items[i].type >> 8),
				   (uint8_t)items[i].type,
				   (uint8_t)(items[i].enable >> 8),
				   (uint8_t)items[i].enable };
		size_t k;

		for (k = 0; k < sizeof(hdr); k++)
			h = (h ^ hdr[k]) * 1099511628211ULL;
		/* the NULs keep "ab"+"c" apart from "a"+"bc" */
		for (s = items[i].desc; s; s++) {
			h = (h ^ (uint8_t)*s) * 1099511628211ULL;
			if (!*s)
				break;
		}
		for (s = items[i].value; s; s++) {
			h = (h ^ (uint8_t)*s) * 1099511628211ULL;
			if (!*s)
				break;
		}
	}
	return h;
}

int filter_fragments(const struct conf_filter *items, unsigned int n,
		     uint32_t commit, struct gbcp_filter_list **out,
		     unsigned int *n_frags)
{
	struct gbcp_filter_list *frags = NULL, *tmp;
	struct gbcp_msg *m;
	unsigned int i = 0, nf = 0, k;
	int r = 0;

	*out = NULL;
	*n_frags = 0;
	if (!n)
		return 0;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	while (i < n) {
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		/* as many items as one attribute 8 holds */
		while (i < n) {
			r = gbcp_filter_add(m, items[i].type, items[i].enable,
					    items[i].desc, items[i].value);
			if (r == -EMSGSIZE && m->filter.n_items)
				break;
			if (r)
				goto out;	/* bad, or too big on its own */
			i++;
		}
		r = 0;
		if (nf >= FILTER_MAX_FRAGS) {
			r = -E2BIG;
			goto out;
		}
		tmp = realloc(frags, (nf + 1) * sizeof(*frags));
		if (!tmp) {
			r = -ENOMEM;
			goto out;
		}
		frags = tmp;
		frags[nf++] = m->filter;
	}
	for (k = 0; k < nf; k++) {
		frags[k].commit_count = commit;
		frags[k].packet_sum = (uint16_t)nf;
		frags[k].packet_id = (uint16_t)(k + 1);
	}
	*out = frags;
	*n_frags = nf;
	frags = NULL;
out:
	free(frags);
	free(m);
	return r;
}

uint32_t filter_commit_next(const char *dir, uint64_t hash)
{
	char path[PATH_MAX];
	unsigned long long old_hash = 0;
	unsigned int old = 0;
	uint32_t c;
	FILE *f;

	snprintf(path, sizeof(path), "%s/filter-commit", dir);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%u %llx", &old, &old_hash) != 2)
			old = 0;
		fclose(f);
	}
	if (old && old_hash == hash)
		return old;
	c = old + 1;
	if (!c)
		c = 1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		f = NULL;
	else
		f = fopen(path, "w");
	if (!f || fprintf(f, "%u %" PRIx64 "\n", c, hash) < 0) {
		/* no memory of the last one: seconds grow across restarts */
		warn("%s: cannot write (%s); Commit_Count from the clock",
		     path, strerror(errno));
		c = (uint32_t)time(NULL);
	}
	if (f)
		fclose(f);
	return c;
}

/* --- reassembly -------------------------------------------------------- */

void filter_rx_reset(struct filter_rx *rx)
{
	free(rx->frag);
	memset(rx, 0, sizeof(*rx));
}

int filter_rx_add(struct filter_rx *rx, const struct gbcp_filter_list *fl)
{
	unsigned int id = fl->packet_id - 1u;

	if (fl->packet_sum == 0 || fl->packet_id == 0 ||
	    fl->packet_id > fl->packet_sum) {
		filter_rx_reset(rx);
		return -EPROTO;
	}
	if (rx->active && rx->commit != fl->commit_count)
		filter_rx_reset(rx);
	if (rx->active && rx->sum != fl->packet_sum) {
		filter_rx_reset(rx);
		return -EPROTO;
	}
	if (fl->packet_sum > FILTER_MAX_FRAGS) {
		filter_rx_reset(rx);
		return -E2BIG;
	}
	if (!rx->active) {
		rx->frag = calloc(fl->packet_sum, sizeof(*rx->frag));
		if (!rx->frag)
			return -ENOMEM;
		rx->active = true;
		rx->commit = fl->commit_count;
		rx->sum = fl->packet_sum;
	}
	if (rx->seen[id / 8] >> (id % 8) & 1)
		return FRX_DUPLICATE;
	rx->seen[id / 8] |= (uint8_t)(1u << (id % 8));
	rx->frag[id] = *fl;
	rx->got++;
	return rx->got == rx->sum ? FRX_COMPLETE : FRX_PARTIAL;
}

/* --- value parsing ----------------------------------------------------- */

struct ip_val {
	int family;
	uint8_t a[16], b[16];	/* b: range end (== a for a single one) */
	int plen;		/* prefix length, -1 for none or a range */
	bool range;
};

static bool dec(const char *s, size_t len, unsigned long max,
		unsigned long *v)
{
	size_t i;

	*v = 0;
	if (!len || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return *v <= max;
}

/* one address, maybe in [brackets], maybe with "/len" if plen != NULL */
static bool one_addr(const char *s, size_t len, int *family, uint8_t *a,
		     int *plen)
{
	char tmp[INET6_ADDRSTRLEN + 2];
	const char *slash = plen ? memchr(s, '/', len) : NULL;
	size_t alen = slash ? (size_t)(slash - s) : len;
	unsigned long n;

	if (plen)
		*plen = -1;
	if (slash) {
		if (!dec(slash + 1, len - alen - 1, 128, &n))
			return false;
		*plen = (int)n;
	}
	if (alen >= 2 && s[0] == '[' && s[alen - 1] == ']') {
		s++;
		alen -= 2;
	}
	if (!alen || alen >= sizeof(tmp))
		return false;
	memcpy(tmp, s, alen);
	tmp[alen] = '\0';
	*family = strchr(tmp, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(*family, tmp, a) != 1)
		return false;
	return !plen || *plen <= (*family == AF_INET ? 32 : 128);
}

static bool ip_parse(const char *s, size_t len, bool range_ok,
		     struct ip_val *v)
{
	const char *dash = range_ok ? memchr(s, '-', len) : NULL;
	size_t alen;
	int f2, i;

	memset(v, 0, sizeof(*v));
	if (!dash) {
		if (!one_addr(s, len, &v->family, v->a, &v->plen))
			return false;
		/* nft refuses host bits under a prefix: clear them */
		alen = v->family == AF_INET ? 4 : 16;
		for (i = v->plen < 0 ? (int)alen * 8 : v->plen;
		     i < (int)alen * 8; i++)
			v->a[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
		memcpy(v->b, v->a, alen);
		return true;
	}
	v->range = true;
	v->plen = -1;
	if (!one_addr(s, (size_t)(dash - s), &v->family, v->a, NULL) ||
	    !one_addr(dash + 1, len - (size_t)(dash - s) - 1, &f2, v->b, NULL))
		return false;
	alen = v->family == AF_INET ? 4 : 16;
	return f2 == v->family && memcmp(v->a, v->b, alen) <= 0;
}

/* "X:port", split at the last colon */
static bool ip_port_parse(const char *s, size_t len, bool range_ok,
			  struct ip_val *v, unsigned long *port)
{
	size_t i = len;

	while (i > 0 && s[i - 1] != ':')
		i--;
	if (i < 2 || !dec(s + i, len - i, 65535, port))
		return false;
	return ip_parse(s, i - 1, range_ok, v);
}

static int ip_str(const struct ip_val *v, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	inet_ntop(v->family, v->a, a, sizeof(a));
	if (v->range) {
		inet_ntop(v->family, v->b, b, sizeof(b));
		return snprintf(buf, size, "%s-%s", a, b);
	}
	if (v->plen >= 0)
		return snprintf(buf, size, "%s/%d", a, v->plen);
	return snprintf(buf, size, "%s", a);
}

static bool mac_parse(const char *s, size_t len, uint8_t mac[6])
{
	char hex[13];
	size_t i, k = 0;

	if (len != 12 && len != 17)
		return false;
	for (i = 0; i < len && k < 12; i++) {
		if (len == 17 && i % 3 == 2) {
			if (s[i] != ':' && s[i] != '-')
				return false;
			continue;
		}
		if (!isxdigit((unsigned char)s[i]))
			return false;
		hex[k++] = s[i];
	}
	if (k != 12)
		return false;
	hex[12] = '\0';
	for (i = 0; i < 6; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		mac[i] = (uint8_t)strtoul(byte, NULL, 16);
	}
	return true;
}

/* decimal, or an IANA keyword looked up in /etc/protocols */
static bool proto_parse(const char *s, size_t len, unsigned long *proto)
{
	char name[33];
	struct protoent *pe;
	size_t i;

	if (len && s[0] >= '0' && s[0] <= '9')
		return dec(s, len, 255, proto);
	if (!len || len >= sizeof(name))
		return false;
	for (i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)s[i]);
	name[len] = '\0';
	pe = getprotobyname(name);
	if (!pe) {
		/* /etc/protocols has aliases in capitals; some lack them */
		if (!strcmp(name, "tcp"))
			*proto = IPPROTO_TCP;
		else if (!strcmp(name, "udp"))
			*proto = IPPROTO_UDP;
		else if (!strcmp(name, "icmp"))
			*proto = IPPROTO_ICMP;
		else if (!strcmp(name, "ipv6-icmp"))
			*proto = IPPROTO_ICMPV6;
		else
			return false;
		return true;
	}
	*proto = (unsigned long)pe->p_proto;
	return true;
}

/* the protocols whose header starts with 16-bit source and destination ports */
#define PORT_PROTOS "meta l4proto { tcp, udp, udplite, sctp, dccp }"

static const char *l3(int family)
{
	return family == AF_INET ? "ip" : "ip6";
}

int filter_item_rule(uint16_t type, const char *value, size_t len,
		     char *buf, size_t size)
{
	bool src = type == GBCP_F_SRC_IP || type == GBCP_F_SRC_IP_PORT ||
		   type == GBCP_F_SRC_PORT || type == GBCP_F_SRC_IP_RANGE ||
		   type == GBCP_F_SRC_IP_RANGE_PORT;
	const char *dir = src ? "saddr" : "daddr";
	const char *pdir = src ? "sport" : "dport";
	char ip[2 * INET6_ADDRSTRLEN + 8];
	struct ip_val v;
	unsigned long n;
	uint8_t mac[6];
	int w;

	if (!value && len)
		return -EINVAL;
	switch (type) {
	case GBCP_F_FQDN:
		return 0;
	case GBCP_F_DSCP:
		if (!dec(value, len, 63, &n))
			return -EINVAL;
		/* either family: a rule for each */
		w = snprintf(buf, size, "ip dscp %lu goto bypass\n"
			     "\t\tip6 dscp %lu goto bypass", n, n);
		break;
	case GBCP_F_DST_PORT:
	case GBCP_F_SRC_PORT:
		if (!dec(value, len, 65535, &n))
			return -EINVAL;
		w = snprintf(buf, size, PORT_PROTOS " th %s %lu goto bypass",
			     pdir, n);
		break;
	case GBCP_F_DST_IP:
	case GBCP_F_SRC_IP:
	case GBCP_F_DST_IP_RANGE:
	case GBCP_F_SRC_IP_RANGE:
		if (!ip_parse(value, len, type == GBCP_F_DST_IP_RANGE ||
			      type == GBCP_F_SRC_IP_RANGE, &v))
			return -EINVAL;
		ip_str(&v, ip, sizeof(ip));
		w = snprintf(buf, size, "%s %s %s goto bypass", l3(v.family),
			     dir, ip);
		break;
	case GBCP_F_DST_IP_PORT:
	case GBCP_F_SRC_IP_PORT:
	case GBCP_F_DST_IP_RANGE_PORT:
	case GBCP_F_SRC_IP_RANGE_PORT:
		if (!ip_port_parse(value, len,
				   type == GBCP_F_DST_IP_RANGE_PORT ||
				   type == GBCP_F_SRC_IP_RANGE_PORT, &v, &n))
			return -EINVAL;
		ip_str(&v, ip, sizeof(ip));
		w = snprintf(buf, size, "%s %s %s " PORT_PROTOS
			     " th %s %lu goto bypass", l3(v.family), dir, ip,
			     pdir, n);
		break;
	case GBCP_F_SRC_MAC:
		if (!mac_parse(value, len, mac))
			return -EINVAL;
		w = snprintf(buf, size,
			     "ether saddr %02x:%02x:%02x:%02x:%02x:%02x goto bypass",
			     mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		break;
	case GBCP_F_PROTOCOL:
		if (!proto_parse(value, len, &n))
			return -EINVAL;
		w = snprintf(buf, size, "meta l4proto %lu goto bypass", n);
		break;
	default:
		return 0;	/* reserved: ignored (5.6.2) */
	}
	return w > 0 && (size_t)w < size ? 1 : -EINVAL;
}

/* --- the script -------------------------------------------------------- */

void filter_table_name(const char *bond, char *buf, size_t size)
{
	snprintf(buf, size, "gbcpd_%s", bond);
}

/* device names come from our configuration; quote them all the same */
static bool ifname_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= GB_IFNAMSIZ)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.@:", s[i]))
			return false;
	return true;
}

static void exempt_set(FILE *f, const struct bypass_cfg *cfg, int family)
{
	char buf[INET6_ADDRSTRLEN];
	const char *sep = "";
	unsigned int i;

	fprintf(f, "\tset exempt%d {\n\t\ttype %s_addr\n",
		family == AF_INET ? 4 : 6, family == AF_INET ? "ipv4" : "ipv6");
	for (i = 0; i < cfg->n_exempt; i++) {
		if (cfg->exempt[i].family != family)
			continue;
		if (!*sep)
			fputs("\t\telements = { ", f);
		fprintf(f, "%s%s", sep,
			addr_str(&cfg->exempt[i], buf, sizeof(buf)));
		sep = ", ";
	}
	if (*sep)
		fputs(" }\n", f);
	fputs("\t}\n", f);
}

int filter_script(FILE *f, const struct bypass_cfg *cfg,
		  const struct gbcp_filter_list *frags, unsigned int n_frags,
		  unsigned int *n_rules, const char **why)
{
	static char reason[96];
	char table[GB_IFNAMSIZ + 8], rule[512];
	unsigned int i, k;
	bool fqdn = false;
	int r;

	*n_rules = 0;
	if (!ifname_ok(cfg->bond) || !ifname_ok(cfg->dsl_dev) ||
	    (cfg->lte_dev[0] && !ifname_ok(cfg->lte_dev))) {
		*why = "bad device name";
		return -EINVAL;
	}
	filter_table_name(cfg->bond, table, sizeof(table));
	/* one transaction: the old table stays until all of this is valid */
	fprintf(f, "table inet %s\ndelete table inet %s\n", table, table);
	fprintf(f, "table inet %s {\n", table);
	fputs("\tcounter bypass_up {\n\t}\n\tcounter bypass_down {\n\t}\n", f);
	exempt_set(f, cfg, AF_INET);
	exempt_set(f, cfg, AF_INET6);
	fputs("\tset fqdn4 {\n\t\ttype ipv4_addr\n\t}\n"
	      "\tset fqdn6 {\n\t\ttype ipv6_addr\n\t}\n", f);
	fprintf(f, "\tchain bypass {\n"
		"\t\tct mark set 0x%x meta mark set 0x%x counter name bypass_up\n"
		"\t}\n", cfg->mark, cfg->mark);
	/* the exception list first: the bond's own packets never bypass */
	fputs("\tchain classify {\n"
	      "\t\tmeta l4proto gre return\n"
	      "\t\tip daddr @exempt4 return\n"
	      "\t\tip6 daddr @exempt6 return\n", f);
	for (k = 0; k < n_frags; k++) {
		const struct gbcp_filter_list *fl = &frags[k];

		for (i = 0; i < fl->n_items; i++) {
			const struct gbcp_filter_item *it = &fl->items[i];

			if (it->enable != 1)
				continue;	/* disabled, or reserved value */
			if ((size_t)it->value_off + it->value_len >
			    sizeof(fl->text)) {
				*why = "item outside its fragment";
				return -EINVAL;
			}
			r = filter_item_rule(it->type, fl->text + it->value_off,
					     it->value_len, rule, sizeof(rule));
			if (r < 0) {
				snprintf(reason, sizeof(reason),
					 "fragment %u item %u (type %u): bad value",
					 k + 1, i + 1, it->type);
				*why = reason;
				return r;
			}
			if (it->type == GBCP_F_FQDN)
				fqdn = true;
			if (r > 0) {
				fprintf(f, "\t\t%s\n", rule);
				++*n_rules;
			}
		}
	}
	if (fqdn)
		fputs("\t\tip daddr @fqdn4 goto bypass\n"
		      "\t\tip6 daddr @fqdn6 goto bypass\n", f);
	fputs("\t}\n", f);
	/*
	 * Forwarded traffic from the LAN. The conntrack mark keeps a flow on
	 * the bypass once its first packet matched (an FQDN's address may
	 * leave the set mid-flow) and finds its replies, which arrive on the
	 * raw DSL device: those are the downstream bypass bytes.
	 */
	fprintf(f, "\tchain pre {\n"
		"\t\ttype filter hook prerouting priority mangle; policy accept;\n"
		"\t\tiifname \"%s\" ct mark 0x%x counter name bypass_down return\n"
		"\t\tiifname { \"%s\", \"%s\"%s%s%s } return\n"
		"\t\tfib daddr type local return\n"
		"\t\tct mark 0x%x goto bypass\n"
		"\t\tjump classify\n"
		"\t}\n", cfg->dsl_dev, cfg->mark, cfg->dsl_dev, cfg->bond,
		cfg->lte_dev[0] ? ", \"" : "", cfg->lte_dev,
		cfg->lte_dev[0] ? "\"" : "", cfg->mark);
	/*
	 * the HG's own traffic: a route chain, so a new mark reroutes it;
	 * never what stays in the box (an FQDN may resolve to loopback)
	 */
	fprintf(f, "\tchain out {\n"
		"\t\ttype route hook output priority mangle; policy accept;\n"
		"\t\tfib daddr type local return\n"
		"\t\tct mark 0x%x goto bypass\n"
		"\t\tjump classify\n"
		"\t}\n", cfg->mark);
	if (cfg->nat)
		fprintf(f, "\tchain post {\n"
			"\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
			"\t\toifname \"%s\" meta mark 0x%x masquerade\n"
			"\t}\n", cfg->dsl_dev, cfg->mark);
	fputs("}\n", f);
	return 0;
}

void filter_fqdn_script(FILE *f, const char *bond, const struct addr *addrs,
			unsigned int n)
{
	char table[GB_IFNAMSIZ + 8], buf[INET6_ADDRSTRLEN];
	unsigned int i;
	int fam;

	filter_table_name(bond, table, sizeof(table));
	for (fam = 4; fam <= 6; fam += 2) {
		const char *sep = "";

		fprintf(f, "flush set inet %s fqdn%d\n", table, fam);
		for (i = 0; i < n; i++) {
			if (addrs[i].family != (fam == 4 ? AF_INET : AF_INET6))
				continue;
			if (!*sep)
				fprintf(f, "add element inet %s fqdn%d { ", table,
					fam);
			fprintf(f, "%s%s", sep,
				addr_str(&addrs[i], buf, sizeof(buf)));
			sep = ", ";
		}
		if (*sep)
			fputs(" }\n", f);
	}
}

bool filter_counter_bytes(const char *text, const char *name,
			  uint64_t *bytes)
{
	char head[64];
	const char *p;
	char *end;

	snprintf(head, sizeof(head), "counter %s {", name);
	p = strstr(text, head);
	if (!p)
		return false;
	p = strstr(p + strlen(head), "bytes ");
	if (!p)
		return false;
	p += 6;
	errno = 0;
	*bytes = strtoull(p, &end, 10);
	return end != p && !errno;
}
