// SPDX-License-Identifier: GPL-2.0
/* get_option() into an int; a name that is not an identifier stays. */
static int thud_level;

static int __init thud_level_setup(char *str)
{
	get_option(&str, &thud_level);
	return 1;
}
__setup("thud_level=", thud_level_setup);

static int thud_x;

static int __init thud_x_setup(char *str)
{
	thud_x = simple_strtoul(str, NULL, 0);
	return 1;
}
__setup("thud-x=", thud_x_setup);
