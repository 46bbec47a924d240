// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of tools/mcpconnect/cache.c: the capability cache of
 * draft-boucadair-mptcp-plain-mode section 5.2 (lookup, expiry, update,
 * malformed lines, bounds of the output buffer).
 */

#include <string.h>

#include "tools/mcpconnect/cache.h"
#include "kselftest_harness.h"

#define NOW 1000000LL

static int look(const char *text, const char *mcp, long long now)
{
	return mcpc_cache_lookup(text, strlen(text), mcp, now);
}

TEST(empty_is_unknown)
{
	EXPECT_EQ(MCPC_UNKNOWN, look("", "192.0.2.129", NOW));
}

TEST(lookup_finds_its_mcp_only)
{
	const char *t = "192.0.2.129 direct 1000100\n"
			"2001:db8::1 converts 1000100\n";

	EXPECT_EQ(MCPC_DIRECT, look(t, "192.0.2.129", NOW));
	EXPECT_EQ(MCPC_CONVERTS, look(t, "2001:db8::1", NOW));
	EXPECT_EQ(MCPC_UNKNOWN, look(t, "192.0.2.12", NOW));
	EXPECT_EQ(MCPC_UNKNOWN, look(t, "192.0.2.1299", NOW));
}

TEST(expired_entry_is_unknown)
{
	const char *t = "192.0.2.129 direct 1000000\n";

	EXPECT_EQ(MCPC_DIRECT, look(t, "192.0.2.129", NOW - 1));
	EXPECT_EQ(MCPC_UNKNOWN, look(t, "192.0.2.129", NOW));
}

TEST(malformed_lines_ignored)
{
	const char *t = "garbage\n"
			"192.0.2.129 maybe 1000100\n"
			"192.0.2.129 direct\n"
			"192.0.2.129 direct -5\n"
			"192.0.2.129 direct 1000100x\n"
			"192.0.2.1;29 direct 1000100\n"
			"\n";

	EXPECT_EQ(MCPC_UNKNOWN, look(t, "192.0.2.129", NOW));
}

TEST(overlong_line_ignored)
{
	char t[300];

	memset(t, ' ', sizeof(t));
	memcpy(t, "192.0.2.129 direct 1000100", 26);
	t[sizeof(t) - 2] = '\n';
	t[sizeof(t) - 1] = '\0';
	EXPECT_EQ(MCPC_UNKNOWN, look(t, "192.0.2.129", NOW));
}

TEST(no_trailing_newline)
{
	EXPECT_EQ(MCPC_CONVERTS, look("192.0.2.129 converts 1000100",
				      "192.0.2.129", NOW));
}

TEST(update_adds_replaces_and_drops_expired)
{
	const char *t = "192.0.2.129 converts 1000100\n"
			"198.51.100.7 direct 999999\n"
			"203.0.113.9 direct 1000200\n";
	char out[256];
	int n;

	n = mcpc_cache_update(t, strlen(t), "192.0.2.129", MCPC_DIRECT,
			      NOW + 600, NOW, out, sizeof(out));
	ASSERT_GT(n, 0);
	EXPECT_EQ((int)strlen(out), n);
	EXPECT_STREQ("203.0.113.9 direct 1000200\n"
		     "192.0.2.129 direct 1000600\n", out);
	EXPECT_EQ(MCPC_DIRECT, look(out, "192.0.2.129", NOW));
}

TEST(update_unknown_removes)
{
	const char *t = "192.0.2.129 direct 1000100\n";
	char out[64];

	EXPECT_EQ(0, mcpc_cache_update(t, strlen(t), "192.0.2.129",
				       MCPC_UNKNOWN, 0, NOW, out, sizeof(out)));
	EXPECT_STREQ("", out);
}

TEST(update_refuses_bad_address)
{
	char out[64];

	EXPECT_EQ(-1, mcpc_cache_update("", 0, "a b", MCPC_DIRECT, NOW, NOW,
					out, sizeof(out)));
	EXPECT_EQ(-1, mcpc_cache_update("", 0, "", MCPC_DIRECT, NOW, NOW,
					out, sizeof(out)));
}

TEST(update_output_bounds)
{
	const char *t = "203.0.113.9 direct 1000200\n";
	char out[64];
	size_t need = strlen(t) + strlen("192.0.2.129 direct 1000600\n") + 1;
	size_t sz;

	/* every size below what is needed fails, without writing past it */
	for (sz = 1; sz < need; sz++)
		EXPECT_EQ(-1, mcpc_cache_update(t, strlen(t), "192.0.2.129",
						MCPC_DIRECT, NOW + 600, NOW,
						out, sz));
	EXPECT_EQ((int)need - 1,
		  mcpc_cache_update(t, strlen(t), "192.0.2.129", MCPC_DIRECT,
				    NOW + 600, NOW, out, need));
}

TEST(last_valid_line_wins)
{
	const char *t = "192.0.2.129 direct 1000100\n"
			"192.0.2.129 converts 1000100\n";

	EXPECT_EQ(MCPC_CONVERTS, look(t, "192.0.2.129", NOW));
}

TEST_HARNESS_MAIN
