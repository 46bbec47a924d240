// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of tools/mcpconnect/ie.c: the IEs mcpconnect sends, a
 * destination alone or with a source IE of either family, checked against
 * the octets of the wire format and parsed back by the MCP's own parser.
 */

#include <string.h>

#include "hybrid/pure.h"
#include "mcp_proxy/convert_wire.h"
#include "tools/mcpconnect/ie.h"
#include "kselftest_harness.h"

static const unsigned char dst6[16] = { 0xfd, 0x20, [14] = 0x01, [15] = 0x30 };
static const unsigned char src6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
					[15] = 0x02 };
static const unsigned char dst4[4] = { 10, 20, 0, 130 };
static const unsigned char src4[4] = { 192, 0, 2, 2 };

/* fd20::130 port 5001, then the source 2001:db8:1::2 (D and M set, no port) */
static const unsigned char want_6_6[] = {
	0xfa, 0xa8, 0xfa, 0xa8, 0x00, 0x16, 0x00, 0x00,
	0xfd, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x30,
	0x13, 0x89, 0x00, 0x00,
	0xfa, 0xa8, 0xfa, 0xa8, 0x00, 0x14, 0x00, 0x03,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
};

TEST(ipv6_source_octets)
{
	unsigned char buf[128];
	int n;

	n = mcpc_build_ie(1, dst6, 5001, 1, src6, buf, sizeof(buf));
	ASSERT_EQ((int)sizeof(want_6_6), n);
	EXPECT_EQ(0, memcmp(buf, want_6_6, n));
}

TEST(ipv6_source_parses_back)
{
	unsigned char buf[128];
	struct mcpw_conv c;
	int n;

	n = mcpc_build_ie(1, dst6, 5001, 1, src6, buf, sizeof(buf));
	ASSERT_GT(n, 0);
	ASSERT_EQ(n, mcpw_parse(buf, n, &c));
	ASSERT_EQ(2U, c.n);
	EXPECT_EQ(0, c.ie[0].src);
	EXPECT_EQ(MCPW_FAM_IPV6, c.ie[0].family);
	EXPECT_EQ(5001, c.ie[0].port);
	EXPECT_EQ(0, memcmp(c.ie[0].addr, dst6, 16));
	EXPECT_EQ(1, c.ie[1].src);
	EXPECT_EQ(MCPW_FAM_IPV6, c.ie[1].family);
	EXPECT_EQ(0, c.ie[1].has_port);
	EXPECT_EQ(0, memcmp(c.ie[1].addr, src6, 16));
}

TEST(ipv4_source_unchanged)
{
	unsigned char buf[128];
	struct mcpw_conv c;
	int n;

	n = mcpc_build_ie(0, dst4, 80, 0, src4, buf, sizeof(buf));
	ASSERT_GT(n, 0);
	ASSERT_EQ(n, mcpw_parse(buf, n, &c));
	ASSERT_EQ(2U, c.n);
	EXPECT_EQ(MCPW_FAM_IPV4, c.ie[0].family);
	EXPECT_EQ(MCPW_FAM_IPV4, c.ie[1].family);
	EXPECT_EQ(1, c.ie[1].src);
	EXPECT_EQ(0, memcmp(c.ie[1].addr, src4, 4));
}

TEST(no_source)
{
	unsigned char buf[128];
	struct mcpw_conv c;
	int n;

	n = mcpc_build_ie(1, dst6, 0, 1, NULL, buf, sizeof(buf));
	ASSERT_GT(n, 0);
	ASSERT_EQ(n, mcpw_parse(buf, n, &c));
	EXPECT_EQ(1U, c.n);
	EXPECT_EQ(0, c.ie[0].has_port);
}

TEST(buffer_too_small)
{
	unsigned char buf[40];

	EXPECT_GT(0, mcpc_build_ie(1, dst6, 5001, 1, src6, buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
