// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_mmb: RFC 8278 multipath binding table and steering. Module init
 * and exit only.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "pmip_mmb.h"

static int __init pm_mod_init(void)
{
	int ret;

	ret = pm_pernet_init();
	if (ret < 0)
		return ret;
	ret = pm_genl_init();
	if (ret < 0)
		goto err_pernet;
	ret = pm_device_init();
	if (ret < 0)
		goto err_genl;
	pr_info("RFC 8278 multipath bindings loaded\n");
	return 0;

err_genl:
	pm_genl_uninit();
err_pernet:
	pm_pernet_uninit();
	return ret;
}

static void __exit pm_mod_exit(void)
{
	pm_device_uninit();
	pm_genl_uninit();
	pm_pernet_uninit();
	/* sessions, bindings and snapshots are freed by RCU callbacks */
	rcu_barrier();
}

module_init(pm_mod_init);
module_exit(pm_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("PMIPv6 multipath bindings (RFC 8278) and steering");
MODULE_AUTHOR("Hybrid Access for Linux");
MODULE_ALIAS_RTNL_LINK(PMIP_MMB_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(PMIP_MMB_GENL_NAME);
