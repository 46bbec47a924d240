/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmip_mmb: the kernel APIs that changed after 6.1, in one place.
 * pmip_mmb/Kbuild probes the headers and defines PM_HAVE_*.
 */
#ifndef _PM_COMPAT_H
#define _PM_COMPAT_H

#include <linux/netdevice.h>

/* 6.12 turned NETIF_F_LLTX and NETIF_F_NETNS_LOCAL into private flags */
static inline void pm_dev_set_lltx(struct net_device *dev)
{
#ifdef PM_HAVE_NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

static inline void pm_dev_set_netns_local(struct net_device *dev)
{
#ifdef PM_HAVE_NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_local = true;
#endif
}

#endif /* _PM_COMPAT_H */
