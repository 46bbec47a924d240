// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: RFC 8157 GRE tunnel bonding. Module init and exit only.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "gre_bond.h"

static int __init gb_mod_init(void)
{
	int ret;

	ret = gb_pernet_init();
	if (ret < 0)
		return ret;

	ret = gb_genl_init();
	if (ret < 0)
		goto err_pernet;

	ret = gb_device_init();
	if (ret < 0)
		goto err_genl;

	pr_info("RFC 8157 GRE tunnel bonding loaded\n");
	return 0;

err_genl:
	gb_genl_uninit();
err_pernet:
	gb_pernet_uninit();
	return ret;
}

static void __exit gb_mod_exit(void)
{
	gb_device_uninit();
	gb_genl_uninit();
	gb_pernet_uninit();
	/* tunnels are freed by RCU callbacks */
	rcu_barrier();
	pr_debug("unloaded\n");
}

module_init(gb_mod_init);
module_exit(gb_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("RFC 8157 GRE tunnel bonding");
MODULE_AUTHOR("Hybrid Access for Linux");
MODULE_ALIAS_RTNL_LINK(GRE_BOND_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(GRE_BOND_GENL_NAME);
