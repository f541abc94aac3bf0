// SPDX-License-Identifier: GPL-2.0
// cocci-options: -D keep_level
/*
 * Modelled on arch/x86/events/msr.c: a perf PMU is undone with
 * perf_pmu_unregister(), which takes the PMU alone.
 */
static struct pmu thud_pmu = { .name = "thud" };

static int __init thud_init(void)
{
	return perf_pmu_register(&thud_pmu, "thud", -1);
}
device_initcall(thud_init);
