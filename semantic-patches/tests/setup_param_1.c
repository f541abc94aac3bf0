// SPDX-License-Identifier: GPL-2.0
/* Integer and flag options convert; a handler with logic stays. */
static unsigned long foo_delay __initdata = 10;
static bool foo_off;
static int foo_mode;

static int __init foo_delay_setup(char *str)
{
	foo_delay = simple_strtoul(str, NULL, 0);
	return 1;
}
__setup("foo_delay=", foo_delay_setup);

static int __init foo_off_setup(char *str)
{
	foo_off = true;
	return 1;
}
__setup("nofoo", foo_off_setup);

static int __init foo_mode_setup(char *str)
{
	if (!strcmp(str, "fast"))
		foo_mode = 1;
	return 1;
}
__setup("foo_mode=", foo_mode_setup);
