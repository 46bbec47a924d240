// SPDX-License-Identifier: GPL-2.0
/*
 * libpmip: the Mobility Header checksum (RFC 6275 §6.1.1): the Internet
 * checksum over the IPv6 pseudo-header (RFC 8200 §8.1) and the MH.
 */
#include "pmip_int.h"

/* 16-bit big-endian words of @p added to @sum; an odd tail is padded */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += be16_get(p + i);
		if (sum >> 31)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint32_t pseudo(const uint8_t *src, const uint8_t *dst, size_t len)
{
	uint32_t sum = 0;

	sum = sum16(sum, src, 16);
	sum = sum16(sum, dst, 16);
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += PMIP_IPPROTO_MH;
	return sum;
}

uint16_t pmip_checksum(const uint8_t *src, const uint8_t *dst,
		       const uint8_t *mh, size_t len)
{
	uint32_t sum = pseudo(src, dst, len);

	if (len < 6)
		return 0;
	sum = sum16(sum, mh, 4);
	sum = fold(sum16(sum, mh + 6, len - 6));
	return (uint16_t)~fold(sum);
}

bool pmip_checksum_ok(const uint8_t *src, const uint8_t *dst,
		      const uint8_t *mh, size_t len)
{
	if (len < 6)
		return false;
	return fold(sum16(pseudo(src, dst, len), mh, len)) == 0xffff;
}

void pmip_checksum_set(const uint8_t *src, const uint8_t *dst, uint8_t *mh,
		       size_t len)
{
	if (len >= 6)
		be16_put(mh + 4, pmip_checksum(src, dst, mh, len));
}
