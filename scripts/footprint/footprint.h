/* SPDX-License-Identifier: GPL-2.0 */
/*
 * footprint.h - the commands of the footprint front end
 *
 * footprint.c  main(): picks the command
 * report.c     footprint FILE: the report of one vmlinux or .ko
 * diff.c       footprint diff OLD NEW
 * gate.c       footprint gate --budget FILE VMLINUX
 *
 * Each takes main()'s argc and argv (argv[0] the command's name) and
 * returns the exit code: 0, EXIT_CHECK_FAILED or EXIT_USAGE; input
 * errors die() with exit code 2.  What the commands share is the
 * library, libfootprint.h.
 */
#ifndef FOOTPRINT_H
#define FOOTPRINT_H

#include "libfootprint.h"

int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_gate(int argc, char **argv);

#endif /* FOOTPRINT_H */
