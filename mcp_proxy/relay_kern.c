// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: the environment of the relay pipes (relay.h) in the module:
 * the two legs' sockets and the relay buffers.
 *
 * The buffers come from a cache of their own, taken for the length of a
 * run (or of a backpressure) and given back: with many conversions and
 * few of them busy, the slab keeps a handful of free ones per CPU instead
 * of two per conversion.
 */

#include <linux/net.h>
#include <linux/slab.h>

#include "mcp_proxy.h"
#include "relay.h"

static struct kmem_cache *mcp_relay_cache;

/**
 * mcp_relay_init() - create the cache of relay buffers
 *
 * Return: 0 or -ENOMEM.
 */
int mcp_relay_init(void)
{
	mcp_relay_cache = kmem_cache_create("mcp_relay", MCP_RELAY_BUF, 0, 0,
					    NULL);
	return mcp_relay_cache ? 0 : -ENOMEM;
}

/**
 * mcp_relay_uninit() - destroy the cache; every pipe must have released
 */
void mcp_relay_uninit(void)
{
	kmem_cache_destroy(mcp_relay_cache);
}

/**
 * mcp_relay_buf_get() - a relay buffer of MCP_RELAY_BUF octets
 *
 * Process context (the conversion's work item).
 *
 * Return: the buffer or NULL.
 */
u8 *mcp_relay_buf_get(void)
{
	return kmem_cache_alloc(mcp_relay_cache, GFP_KERNEL);
}

/**
 * mcp_relay_buf_put() - give a relay buffer back
 * @buf: from mcp_relay_buf_get()
 */
void mcp_relay_buf_put(u8 *buf)
{
	kmem_cache_free(mcp_relay_cache, buf);
}

/**
 * mcp_relay_recv() - read what a leg has now, without blocking
 * @from: the leg
 * @buf: where the octets go
 * @len: its size
 *
 * Return: octets read (0 at the end of the stream), -EAGAIN, or a
 * negative errno.
 */
int mcp_relay_recv(struct socket *from, u8 *buf, unsigned int len)
{
	return mcp_recv(from, buf, len);
}

/**
 * mcp_relay_send() - write what a leg takes now, without blocking
 * @to: the leg
 * @buf: the octets
 * @len: their number
 *
 * Return: octets written, -EAGAIN, or a negative errno.
 */
int mcp_relay_send(struct socket *to, const u8 *buf, unsigned int len)
{
	return mcp_send(to, buf, len);
}

/**
 * mcp_relay_shutdown() - pass the end of the stream on (FIN, DATA_FIN)
 * @to: the leg
 */
void mcp_relay_shutdown(struct socket *to)
{
	kernel_sock_shutdown(to, SHUT_WR);
}

/**
 * mcp_pipe_abort_counter() - the counter for a relay that ended in error
 * @r: what mcp_pipe_run() returned, negative
 *
 * Return: the MCP_CNT_* that counts it.
 */
enum mcp_counter mcp_pipe_abort_counter(enum mcp_pipe_result r)
{
	switch (r) {
	case MCP_PIPE_ERR_MISMATCH:
		return MCP_CNT_STREAM_MISMATCH;
	case MCP_PIPE_ERR_NOMEM:
		return MCP_CNT_NOMEM;
	default:
		return MCP_CNT_RELAY_ABORT;
	}
}
