/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole-buffer read and write on a blocking socket, for mcpconnect and
 * the mcpload benchmark. Header-only: each user is one program of one or
 * two files, and the bench builds without the tools' object files.
 */
#ifndef HA_FDIO_H
#define HA_FDIO_H

#include <errno.h>
#include <stddef.h>
#include <unistd.h>

/* 0, or -1 with errno set; a signal does not cut the write short */
static inline int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Exactly @len bytes within the socket's receive timeout: 0, -1 with
 * errno set, or -2 if the peer closed first (mcpconnect tells the two
 * apart: a missing echo is not an I/O error).
 */
static inline int read_exact(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -1 : -2;
		p += n;
		len -= n;
	}
	return 0;
}

#endif /* HA_FDIO_H */
