// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: one direction of a relayed pair (relay.h). Pure: no kernel
 * state, the sockets and the buffers come from the environment functions.
 */

#include "relay.h"

static void mcp_pipe_drop_buf(struct mcp_pipe *p)
{
	mcp_relay_buf_put(p->buf);
	p->buf = NULL;
	p->len = 0;
	p->off = 0;
}

/**
 * mcp_pipe_queue() - put octets ahead of everything the pipe will read
 * @p: the pipe, holding nothing yet
 * @data: the octets (the echo of the accepted IEs toward the client)
 * @len: their number, at most MCP_RELAY_BUF
 *
 * They are the first octets the destination gets; the pipe holds a buffer
 * until they are written.
 *
 * Return: 0, -EINVAL when the pipe holds data or @len is too long, or
 * -ENOMEM.
 */
int mcp_pipe_queue(struct mcp_pipe *p, const u8 *data, unsigned int len)
{
	if (p->buf || len > MCP_RELAY_BUF)
		return -EINVAL;
	if (!len)
		return 0;
	p->buf = mcp_relay_buf_get();
	if (!p->buf)
		return -ENOMEM;
	memcpy(p->buf, data, len);
	p->off = 0;
	p->len = len;
	return 0;
}

/**
 * mcp_pipe_expect() - the stream must start with these octets; drop them
 * @p: the pipe, before its first run
 * @prefix: the octets; must stay valid until they have been seen
 * @len: their number
 *
 * The MP_CONVERT IEs of the client's SYN come again at the start of its
 * stream (on 6.1 the MPTCP listener does not take SYN data; a kernel that
 * does puts them in the stream once too): they are consumed exactly once,
 * however the reads split them, and anything else aborts the relay.
 */
void mcp_pipe_expect(struct mcp_pipe *p, const u8 *prefix, unsigned int len)
{
	p->expect = prefix;
	p->expect_left = len;
}

/* Drop the expected prefix from what was just read. Return: false on a mismatch. */
static bool mcp_pipe_skip_expected(struct mcp_pipe *p)
{
	unsigned int n = min(p->expect_left, p->len);

	if (memcmp(p->buf, p->expect, n))
		return false;
	p->expect += n;
	p->expect_left -= n;
	p->off = n;
	return true;
}

/**
 * mcp_pipe_run() - move what is ready in one direction, within a budget
 * @p: the pipe
 * @from: the leg it reads
 * @to: the leg it writes
 * @budget: reads and writes at most
 * @moved: set to true when octets were read or written, untouched otherwise
 *
 * Writes what waits first, then reads at most MCP_RELAY_BUF at a time and
 * writes it at once. Whatever the destination does not take stays in the
 * buffer, and nothing more is read until it has gone. The buffer goes
 * back whenever the pipe is empty at the end of a run or the source has
 * nothing. The end of the stream is passed on once, after the data.
 *
 * Return: an enum mcp_pipe_result. After an error the pipe may still hold
 * its buffer; mcp_pipe_release() frees it.
 */
enum mcp_pipe_result mcp_pipe_run(struct mcp_pipe *p, struct socket *from,
				  struct socket *to, unsigned int budget,
				  bool *moved)
{
	int n;

	while (budget--) {
		if (p->off < p->len) {
			n = mcp_relay_send(to, p->buf + p->off, p->len - p->off);
			if (n == -EAGAIN)
				return MCP_PIPE_BLOCKED;
			if (n < 0) {
				p->err = n;
				return MCP_PIPE_ERR_LEG;
			}
			p->off += n;
			p->bytes += n;
			*moved = true;
			continue;
		}
		if (p->eof) {
			if (p->buf)
				mcp_pipe_drop_buf(p);
			if (!p->shut) {
				mcp_relay_shutdown(to);
				p->shut = true;
			}
			return MCP_PIPE_BLOCKED;
		}
		if (!p->buf) {
			p->buf = mcp_relay_buf_get();
			if (!p->buf)
				return MCP_PIPE_ERR_NOMEM;
		}
		n = mcp_relay_recv(from, p->buf, MCP_RELAY_BUF);
		if (n == -EAGAIN) {
			mcp_pipe_drop_buf(p);
			return MCP_PIPE_BLOCKED;
		}
		if (n < 0) {
			p->err = n;
			return MCP_PIPE_ERR_LEG;
		}
		p->off = 0;
		p->len = n;
		if (!n) {
			p->eof = true;
			continue;
		}
		*moved = true;
		if (p->expect_left && !mcp_pipe_skip_expected(p))
			return MCP_PIPE_ERR_MISMATCH;
	}
	if (p->buf && p->off == p->len)
		mcp_pipe_drop_buf(p);
	return MCP_PIPE_MORE;
}

/**
 * mcp_pipe_release() - give the buffer back, whatever it holds
 * @p: the pipe, at the end of its conversion
 */
void mcp_pipe_release(struct mcp_pipe *p)
{
	if (p->buf)
		mcp_pipe_drop_buf(p);
}
