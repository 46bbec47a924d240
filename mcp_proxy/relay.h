/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcp_proxy: one direction of a relayed pair, holding memory only while
 * data waits for its destination.
 *
 * A pipe reads from one leg into a buffer of MCP_RELAY_BUF octets and
 * writes to the other without blocking. The buffer is taken when there is
 * something to read and given back as soon as everything read has been
 * written: an idle pipe, and a pipe whose destination keeps up, holds
 * nothing between runs. Only a destination that takes less than was read
 * (backpressure) keeps the remainder, in place, until it drains; no copy,
 * and never more than one buffer a pipe.
 *
 * Pure: the module links it with relay_kern.c (sockets and a slab cache),
 * the host unit tests (selftests/unit/test_mcp_relay.c) with fakes of the
 * environment functions declared at the end.
 */
#ifndef _MCP_PROXY_RELAY_H
#define _MCP_PROXY_RELAY_H

#include "../include/hybrid/pure.h"

/* relay buffer of a pipe while it holds data */
#define MCP_RELAY_BUF			16384
/* reads and writes of one pipe per run before the work item requeues */
#define MCP_RELAY_BUDGET		16

struct socket;

/**
 * enum mcp_pipe_result - what a run of a pipe ended with
 * @MCP_PIPE_BLOCKED: nothing more to do until a leg wakes the pipe (or
 *	the stream has ended and its end was passed on)
 * @MCP_PIPE_MORE: the budget ran out with work left: run again
 * @MCP_PIPE_ERR_LEG: a leg failed; &mcp_pipe.err has its errno
 * @MCP_PIPE_ERR_MISMATCH: the stream did not start with the expected octets
 * @MCP_PIPE_ERR_NOMEM: no buffer for data waiting to be read
 */
enum mcp_pipe_result {
	MCP_PIPE_BLOCKED = 0,
	MCP_PIPE_MORE = 1,
	MCP_PIPE_ERR_LEG = -1,
	MCP_PIPE_ERR_MISMATCH = -2,
	MCP_PIPE_ERR_NOMEM = -3,
};

/**
 * struct mcp_pipe - one direction of the relay
 * @buf: MCP_RELAY_BUF octets while data waits in it, NULL otherwise
 * @len: octets in @buf
 * @off: octets of @buf already written
 * @expect: octets the stream must start with; dropped, not relayed
 * @expect_left: octets of @expect not yet seen in the stream
 * @eof: the source has closed (FIN, DATA_FIN)
 * @shut: the close was passed on (shutdown(SHUT_WR) of the destination)
 * @err: the errno of the leg when a run returned MCP_PIPE_ERR_LEG
 * @bytes: octets written to the destination
 */
struct mcp_pipe {
	u8 *buf;
	unsigned int len;
	unsigned int off;
	const u8 *expect;
	unsigned int expect_left;
	bool eof;
	bool shut;
	int err;
	u64 bytes;
};

int mcp_pipe_queue(struct mcp_pipe *p, const u8 *data, unsigned int len);
void mcp_pipe_expect(struct mcp_pipe *p, const u8 *prefix, unsigned int len);
enum mcp_pipe_result mcp_pipe_run(struct mcp_pipe *p, struct socket *from,
				  struct socket *to, unsigned int budget,
				  bool *moved);
void mcp_pipe_release(struct mcp_pipe *p);

/**
 * mcp_pipe_holds() - does the pipe hold a buffer now
 * @p: the pipe
 *
 * Return: true while data waits for the destination (or a run is inside
 * its loop).
 */
static inline bool mcp_pipe_holds(const struct mcp_pipe *p)
{
	return !!p->buf;
}

/*
 * The environment (relay_kern.c in the module, fakes in the unit test).
 * mcp_relay_recv() and mcp_relay_send() never block: they return the
 * octets moved (recv: 0 at the end of the stream), -EAGAIN, or another
 * negative errno.
 */
int mcp_relay_recv(struct socket *from, u8 *buf, unsigned int len);
int mcp_relay_send(struct socket *to, const u8 *buf, unsigned int len);
void mcp_relay_shutdown(struct socket *to);
u8 *mcp_relay_buf_get(void);
void mcp_relay_buf_put(u8 *buf);

#endif /* _MCP_PROXY_RELAY_H */
