// SPDX-License-Identifier: GPL-2.0
/*
 * libgbcp: the Filter List TLV inside attribute 8 (RFC 8157 §5.6.2).
 *
 *   u32 Commit_Count, u16 Packet_Sum, u16 Packet_ID, then Filter Items:
 *   u16 Type, u16 Length (octets after this field = 4 + DL + VL),
 *   u16 Enable, u16 Description Length DL, DL octets, VL octets of value.
 */
#include <errno.h>
#include <string.h>

#include "gbcp_int.h"

/* the fragment header and each item's lengths, shared by decode/encode */
static int item_check(const struct gbcp_filter_list *fl,
		      const struct gbcp_filter_item *it, const char **err)
{
	const char *why;

	if ((size_t)it->desc_off + it->desc_len > fl->text_len ||
	    (size_t)it->value_off + it->value_len > fl->text_len) {
		*err = "filter item text outside the list's text";
		return -EINVAL;
	}
	if (!gbcp_utf8_valid((const uint8_t *)fl->text + it->desc_off,
			     it->desc_len)) {
		*err = "filter item description is not UTF-8 text";
		return -EBADMSG;
	}
	why = gbcp_filter_value_check(it->type, fl->text + it->value_off,
				      it->value_len);
	if (why) {
		*err = why;
		return -ERANGE;
	}
	return 0;
}

static int header_check(const struct gbcp_filter_list *fl, const char **err)
{
	if (fl->packet_sum == 0) {
		*err = "filter list Packet_Sum is 0";
		return -ERANGE;
	}
	if (fl->packet_id == 0 || fl->packet_id > fl->packet_sum) {
		*err = "filter list Packet_ID outside 1..Packet_Sum";
		return -ERANGE;
	}
	return 0;
}

int gbcp_filter_decode(const uint8_t *v, size_t len,
		       struct gbcp_filter_list *fl, const char **err)
{
	size_t p = GBCP_FILTER_HDR_LEN;
	int rc;

	if (len < GBCP_FILTER_HDR_LEN || len > GBCP_FILTER_LIST_MAX) {
		*err = "filter list length outside 8..969";
		return -EBADMSG;
	}
	fl->commit_count = be32_get(v);
	fl->packet_sum = be16_get(v + 4);
	fl->packet_id = be16_get(v + 6);
	rc = header_check(fl, err);
	if (rc)
		return rc;

	while (p < len) {
		struct gbcp_filter_item *it;
		size_t ilen, dl;

		if (len - p < 4) {
			*err = "filter item header truncated";
			return -EBADMSG;
		}
		ilen = be16_get(v + p + 2);
		if (ilen > len - p - 4) {
			*err = "filter item overruns the filter list";
			return -EBADMSG;
		}
		if (ilen < 4) {
			*err = "filter item shorter than Enable + Description Length";
			return -EBADMSG;
		}
		dl = be16_get(v + p + 6);
		if (dl > ilen - 4) {
			*err = "filter item description overruns the item";
			return -EBADMSG;
		}
		/* >= 8 octets per item: cannot run out of items or text */
		if (fl->n_items >= GBCP_FILTER_MAX_ITEMS ||
		    fl->text_len + ilen - 4 > GBCP_FILTER_TEXT_MAX) {
			*err = "filter list too large";
			return -EBADMSG;
		}
		it = &fl->items[fl->n_items];
		it->type = be16_get(v + p);
		it->enable = be16_get(v + p + 4);
		it->desc_off = fl->text_len;
		it->desc_len = (uint16_t)dl;
		it->value_off = (uint16_t)(fl->text_len + dl);
		it->value_len = (uint16_t)(ilen - 4 - dl);
		memcpy(fl->text + fl->text_len, v + p + 8, ilen - 4);
		fl->text_len = (uint16_t)(fl->text_len + ilen - 4);
		fl->n_items++;
		rc = item_check(fl, it, err);
		if (rc)
			return rc;
		p += 4 + ilen;
	}
	return 0;
}

int gbcp_filter_check(const struct gbcp_filter_list *fl, size_t *wire_len,
		      const char **err)
{
	size_t len = GBCP_FILTER_HDR_LEN;
	unsigned int i;
	int rc;

	rc = header_check(fl, err);
	if (rc)
		return rc;
	if (fl->n_items > GBCP_FILTER_MAX_ITEMS ||
	    fl->text_len > GBCP_FILTER_TEXT_MAX) {
		*err = "filter list item count or text length out of bounds";
		return -EINVAL;
	}
	for (i = 0; i < fl->n_items; i++) {
		const struct gbcp_filter_item *it = &fl->items[i];

		rc = item_check(fl, it, err);
		if (rc)
			return rc;
		len += GBCP_FILTER_ITEM_HDR + it->desc_len + it->value_len;
	}
	if (len > GBCP_FILTER_LIST_MAX) {
		*err = "filter list longer than 969 octets";
		return -EMSGSIZE;
	}
	*wire_len = len;
	return 0;
}

/* after gbcp_filter_check(): the caller has room for *wire_len octets */
size_t gbcp_filter_encode(const struct gbcp_filter_list *fl, uint8_t *p)
{
	size_t off = GBCP_FILTER_HDR_LEN;
	unsigned int i;

	be32_put(p, fl->commit_count);
	be16_put(p + 4, fl->packet_sum);
	be16_put(p + 6, fl->packet_id);
	for (i = 0; i < fl->n_items; i++) {
		const struct gbcp_filter_item *it = &fl->items[i];

		be16_put(p + off, it->type);
		be16_put(p + off + 2,
			 (uint16_t)(4 + it->desc_len + it->value_len));
		be16_put(p + off + 4, it->enable);
		be16_put(p + off + 6, it->desc_len);
		off += GBCP_FILTER_ITEM_HDR;
		memcpy(p + off, fl->text + it->desc_off, it->desc_len);
		off += it->desc_len;
		memcpy(p + off, fl->text + it->value_off, it->value_len);
		off += it->value_len;
	}
	return off;
}

bool gbcp_filter_equal(const struct gbcp_filter_list *a,
		       const struct gbcp_filter_list *b)
{
	unsigned int i;

	if (a->commit_count != b->commit_count ||
	    a->packet_sum != b->packet_sum || a->packet_id != b->packet_id ||
	    a->n_items != b->n_items || a->n_items > GBCP_FILTER_MAX_ITEMS)
		return false;
	for (i = 0; i < a->n_items; i++) {
		const struct gbcp_filter_item *x = &a->items[i];
		const struct gbcp_filter_item *y = &b->items[i];

		if (x->type != y->type || x->enable != y->enable ||
		    x->desc_len != y->desc_len || x->value_len != y->value_len)
			return false;
		if ((size_t)x->desc_off + x->desc_len > GBCP_FILTER_TEXT_MAX ||
		    (size_t)y->desc_off + y->desc_len > GBCP_FILTER_TEXT_MAX ||
		    (size_t)x->value_off + x->value_len > GBCP_FILTER_TEXT_MAX ||
		    (size_t)y->value_off + y->value_len > GBCP_FILTER_TEXT_MAX)
			return false;
		if (memcmp(a->text + x->desc_off, b->text + y->desc_off,
			   x->desc_len) ||
		    memcmp(a->text + x->value_off, b->text + y->value_off,
			   x->value_len))
			return false;
	}
	return true;
}

int gbcp_filter_add(struct gbcp_msg *msg, uint16_t type, uint16_t enable,
		    const char *desc, const char *value)
{
	struct gbcp_filter_list *fl = &msg->filter;
	size_t dl = desc ? strlen(desc) : 0;
	size_t vl = value ? strlen(value) : 0;
	size_t wire = GBCP_FILTER_HDR_LEN + GBCP_FILTER_ITEM_HDR + dl + vl;
	struct gbcp_filter_item *it;
	unsigned int i;

	if (!gbcp_utf8_valid((const uint8_t *)desc, dl) ||
	    gbcp_filter_value_check(type, value, vl))
		return -EINVAL;
	for (i = 0; i < fl->n_items && i < GBCP_FILTER_MAX_ITEMS; i++)
		wire += GBCP_FILTER_ITEM_HDR + fl->items[i].desc_len +
			fl->items[i].value_len;
	if (wire > GBCP_FILTER_LIST_MAX || fl->n_items >= GBCP_FILTER_MAX_ITEMS ||
	    fl->text_len + dl + vl > GBCP_FILTER_TEXT_MAX)
		return -EMSGSIZE;
	it = &fl->items[fl->n_items++];
	it->type = type;
	it->enable = enable;
	it->desc_off = fl->text_len;
	it->desc_len = (uint16_t)dl;
	if (dl)
		memcpy(fl->text + fl->text_len, desc, dl);
	fl->text_len = (uint16_t)(fl->text_len + dl);
	it->value_off = fl->text_len;
	it->value_len = (uint16_t)vl;
	if (vl)
		memcpy(fl->text + fl->text_len, value, vl);
	fl->text_len = (uint16_t)(fl->text_len + vl);
	if (!fl->packet_sum) {
		fl->packet_sum = 1;
		fl->packet_id = 1;
	}
	gbcp_set(msg, GBCP_A_FILTER_LIST);
	return 0;
}
