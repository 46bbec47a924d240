// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of mcp_proxy/relay.c, one direction of the MCP's relay.
 *
 * The legs are fakes: a source that hands out a byte string in reads of
 * a chosen size (or -EAGAIN, an error, the end), and a destination that
 * takes at most a chosen number of octets per write (0: -EAGAIN). The
 * relay buffers come from a counting allocator that can be made to fail.
 * Every test checks what arrived, in order and once, and how many buffers
 * the pipe holds: none when idle, at most one ever.
 */

#include <stdlib.h>

#include "mcp_proxy/relay.h"
#include "kselftest_harness.h"

#define DATA_MAX	(1 << 20)

struct socket {
	/* as a source */
	const u8 *src;
	unsigned int src_len, src_off;
	unsigned int src_avail;		/* readable now; the rest later */
	unsigned int read_max;		/* octets per read, 0: no limit */
	bool src_eof;			/* end of stream after src_len */
	int src_err;			/* next read fails with it */
	int reads;
	/* as a destination */
	u8 *dst;
	unsigned int dst_len;
	unsigned int room;		/* octets it takes until full */
	unsigned int write_max;		/* octets per write, 0: no limit */
	int dst_err;
	int shutdowns;
};

static int bufs_live, bufs_peak, bufs_total, bufs_fail_after = -1;

u8 *mcp_relay_buf_get(void)
{
	if (bufs_fail_after == 0)
		return NULL;
	if (bufs_fail_after > 0)
		bufs_fail_after--;
	bufs_total++;
	if (++bufs_live > bufs_peak)
		bufs_peak = bufs_live;
	/* poison: the relay must never send what it did not read */
	return memset(malloc(MCP_RELAY_BUF), 0xa5, MCP_RELAY_BUF);
}

void mcp_relay_buf_put(u8 *buf)
{
	assert(buf);
	bufs_live--;
	free(buf);
}

int mcp_relay_recv(struct socket *s, u8 *buf, unsigned int len)
{
	unsigned int n;

	s->reads++;
	if (s->src_err)
		return s->src_err;
	n = s->src_avail - s->src_off;
	if (!n)
		return s->src_eof && s->src_off == s->src_len ? 0 : -EAGAIN;
	if (s->read_max && n > s->read_max)
		n = s->read_max;
	if (n > len)
		n = len;
	memcpy(buf, s->src + s->src_off, n);
	s->src_off += n;
	return n;
}

int mcp_relay_send(struct socket *s, const u8 *buf, unsigned int len)
{
	unsigned int n = len;

	if (s->dst_err)
		return s->dst_err;
	if (s->write_max && n > s->write_max)
		n = s->write_max;
	if (n > s->room)
		n = s->room;
	if (!n)
		return -EAGAIN;
	assert(s->dst_len + n <= DATA_MAX);
	memcpy(s->dst + s->dst_len, buf, n);
	s->dst_len += n;
	s->room -= n;
	return n;
}

void mcp_relay_shutdown(struct socket *s)
{
	s->shutdowns++;
}

static u8 *pattern(unsigned int len, unsigned int seed)
{
	u8 *p = malloc(len ? len : 1);
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(i * 7 + seed + (i >> 8));
	return p;
}

static void legs_init(struct socket *from, struct socket *to,
		      const u8 *src, unsigned int len)
{
	memset(from, 0, sizeof(*from));
	memset(to, 0, sizeof(*to));
	from->src = src;
	from->src_len = len;
	from->src_avail = len;
	to->dst = malloc(DATA_MAX);
	to->room = DATA_MAX;
	bufs_live = bufs_peak = bufs_total = 0;
	bufs_fail_after = -1;
}

/* run until blocked or failed, as the work item requeues itself */
static enum mcp_pipe_result run_all(struct mcp_pipe *p, struct socket *from,
				    struct socket *to, bool *moved)
{
	enum mcp_pipe_result r;

	do {
		r = mcp_pipe_run(p, from, to, MCP_RELAY_BUDGET, moved);
		assert(bufs_live <= 1);
	} while (r == MCP_PIPE_MORE);
	return r;
}

TEST(idle_holds_nothing)
{
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, NULL, 0);
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	EXPECT_FALSE(moved);
	EXPECT_EQ(0, bufs_live);
	EXPECT_FALSE(mcp_pipe_holds(&p));
	EXPECT_EQ(0U, to.dst_len);
	free(to.dst);
}

TEST(echo_first_then_data_then_end)
{
	static const u8 echo[] = { 0x80, 0x12, 0xab, 0xcd, 1, 2, 3, 4 };
	unsigned int len = 3 * MCP_RELAY_BUF + 77;
	u8 *src = pattern(len, 1);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, src, len);
	from.src_eof = true;
	ASSERT_EQ(0, mcp_pipe_queue(&p, echo, sizeof(echo)));
	EXPECT_TRUE(mcp_pipe_holds(&p));
	/* the pipe holds data: a second queue would reorder, refused */
	EXPECT_EQ(-EINVAL, mcp_pipe_queue(&p, echo, sizeof(echo)));
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	EXPECT_TRUE(moved);
	ASSERT_EQ(sizeof(echo) + len, to.dst_len);
	EXPECT_EQ(0, memcmp(to.dst, echo, sizeof(echo)));
	EXPECT_EQ(0, memcmp(to.dst + sizeof(echo), src, len));
	EXPECT_EQ(sizeof(echo) + len, p.bytes);
	EXPECT_TRUE(p.eof);
	EXPECT_TRUE(p.shut);
	EXPECT_EQ(1, to.shutdowns);
	EXPECT_EQ(0, bufs_live);
	/* woken again after the end: nothing read, nothing shut twice */
	from.reads = 0;
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(0, from.reads);
	EXPECT_EQ(1, to.shutdowns);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(backpressure_keeps_remainder_until_drained)
{
	unsigned int len = 5000;
	u8 *src = pattern(len, 2);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, src, len);
	to.room = 1200;
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	/* the destination took 1200 of the 5000 read: the rest is held */
	EXPECT_EQ(1200U, to.dst_len);
	EXPECT_EQ(1, bufs_live);
	EXPECT_TRUE(mcp_pipe_holds(&p));
	EXPECT_EQ(1, from.reads);
	/* woken without room: nothing more read */
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(1, from.reads);
	to.room = 2000;
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(3200U, to.dst_len);
	EXPECT_EQ(1, bufs_live);
	to.room = DATA_MAX;
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	ASSERT_EQ(len, to.dst_len);
	EXPECT_EQ(0, memcmp(to.dst, src, len));
	/* drained and the source empty: the buffer went back */
	EXPECT_EQ(0, bufs_live);
	EXPECT_FALSE(mcp_pipe_holds(&p));
	mcp_pipe_release(&p);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(expected_prefix_consumed_once_across_reads)
{
	static const u8 ie[] = { 0x18, 0x57, 0x6d, 0x0c, 0, 8, 0x13, 0x88,
				 10, 20, 0, 130 };
	unsigned int data_len = 40;
	unsigned int len = sizeof(ie) + data_len;
	u8 *src = pattern(len, 3);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	memcpy(src, ie, sizeof(ie));
	legs_init(&from, &to, src, len);
	from.read_max = 5;		/* the IEs split over three reads */
	mcp_pipe_expect(&p, ie, sizeof(ie));
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	ASSERT_EQ(data_len, to.dst_len);
	EXPECT_EQ(0, memcmp(to.dst, src + sizeof(ie), data_len));
	EXPECT_EQ(0U, p.expect_left);
	EXPECT_EQ(data_len, p.bytes);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(expected_prefix_mismatch_aborts)
{
	static const u8 ie[] = { 0x18, 0x57, 0x6d, 0x0c, 0, 8, 0x13, 0x88 };
	u8 *src = pattern(100, 4);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	memcpy(src, ie, sizeof(ie));
	src[6] ^= 1;
	legs_init(&from, &to, src, 100);
	from.read_max = 4;		/* the first read matches */
	mcp_pipe_expect(&p, ie, sizeof(ie));
	ASSERT_EQ(MCP_PIPE_ERR_MISMATCH, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(0U, to.dst_len);
	mcp_pipe_release(&p);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(nomem_is_an_error_not_a_stall)
{
	u8 *src = pattern(100, 5);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, src, 100);
	bufs_fail_after = 0;
	EXPECT_EQ(-ENOMEM, mcp_pipe_queue(&p, src, 10));
	ASSERT_EQ(MCP_PIPE_ERR_NOMEM, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(0, from.reads);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(leg_errors_pass_errno)
{
	u8 *src = pattern(100, 6);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, src, 100);
	from.src_err = -ECONNRESET;
	ASSERT_EQ(MCP_PIPE_ERR_LEG, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(-ECONNRESET, p.err);
	mcp_pipe_release(&p);
	EXPECT_EQ(0, bufs_live);

	memset(&p, 0, sizeof(p));
	from.src_err = 0;
	to.dst_err = -EPIPE;
	ASSERT_EQ(MCP_PIPE_ERR_LEG, run_all(&p, &from, &to, &moved));
	EXPECT_EQ(-EPIPE, p.err);
	EXPECT_TRUE(mcp_pipe_holds(&p));
	mcp_pipe_release(&p);
	EXPECT_EQ(0, bufs_live);
	free(src);
	free(to.dst);
}

TEST(budget_bounds_a_run)
{
	unsigned int len = 64 * MCP_RELAY_BUF;
	u8 *src = pattern(len, 7);
	struct mcp_pipe p = {};
	struct socket from, to;
	bool moved = false;

	legs_init(&from, &to, src, len);
	EXPECT_EQ(MCP_PIPE_MORE, mcp_pipe_run(&p, &from, &to, 4, &moved));
	/* two reads and two writes, and the buffer went back */
	EXPECT_EQ(2, from.reads);
	EXPECT_EQ(2U * MCP_RELAY_BUF, to.dst_len);
	EXPECT_EQ(0, bufs_live);
	ASSERT_EQ(MCP_PIPE_BLOCKED, run_all(&p, &from, &to, &moved));
	ASSERT_EQ(len, to.dst_len);
	EXPECT_EQ(0, memcmp(to.dst, src, len));
	free(src);
	free(to.dst);
}

/*
 * Random read sizes, data arriving in pieces, a destination whose room
 * comes and goes: everything arrives once and in order, the pipe never
 * holds more than one buffer, and none once the source is done and
 * drained.
 */
TEST(random_schedule)
{
	unsigned int round, len = 300000;
	u8 *src = pattern(len, 8);
	unsigned int seed = 12345;

	for (round = 0; round < 200; round++) {
		struct mcp_pipe p = {};
		struct socket from, to;
		enum mcp_pipe_result r;
		bool moved = false;
		unsigned int steps = 0;

		legs_init(&from, &to, src, len);
		from.src_avail = 0;
		from.src_eof = true;
		to.room = 0;
		do {
			seed = seed * 1103515245 + 12345;
			if (from.src_avail < len)
				from.src_avail += (seed >> 8) % 9000;
			if (from.src_avail > len)
				from.src_avail = len;
			from.read_max = (seed >> 4) % 3 ? 0 : 1 + (seed >> 12) % 3000;
			to.write_max = (seed >> 6) % 2 ? 0 : 1 + (seed >> 14) % 5000;
			to.room = (seed >> 2) % 4 ? (seed >> 16) % 20000 : 0;
			r = mcp_pipe_run(&p, &from, &to, 1 + (seed >> 20) % 20,
					 &moved);
			ASSERT_GE(r, MCP_PIPE_BLOCKED);
			ASSERT_LE(bufs_live, 1);
			ASSERT_LE(++steps, 1000000U);
		} while (!p.shut);
		ASSERT_EQ(len, to.dst_len);
		ASSERT_EQ(0, memcmp(to.dst, src, len));
		ASSERT_EQ(len, p.bytes);
		ASSERT_EQ(1, to.shutdowns);
		ASSERT_EQ(0, bufs_live);
		free(to.dst);
	}
	free(src);
}

TEST_HARNESS_MAIN
