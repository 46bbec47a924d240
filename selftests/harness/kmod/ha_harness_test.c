// SPDX-License-Identifier: GPL-2.0
/*
 * A module for testing the test harness, never shipped: loading it with
 * action=warn, action=slub or action=oops must make the guest run fail.
 * action=none (the default) loads cleanly, for the load/unload test.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *action = "none";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "none, warn, slub (heap overrun) or oops");

static noinline void ha_harness_overrun(void)
{
	char *buf = kmalloc(32, GFP_KERNEL);

	if (!buf)
		return;
	/* hidden so that FORTIFY cannot catch the overrun before slub does */
	OPTIMIZER_HIDE_VAR(buf);
	memset(buf, 0xa5, 40);
	kfree(buf);
}

static int __init ha_harness_init(void)
{
	pr_info("ha_harness_test: action=%s\n", action);
	if (!strcmp(action, "warn"))
		WARN(1, "ha_harness_test: deliberate warning\n");
	else if (!strcmp(action, "slub"))
		ha_harness_overrun();
	else if (!strcmp(action, "oops"))
		*(volatile int *)NULL = 1;
	return 0;
}

static void __exit ha_harness_exit(void)
{
	pr_info("ha_harness_test: unloaded\n");
}

module_init(ha_harness_init);
module_exit(ha_harness_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hybrid Access test-harness self-test module");
