# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# pty.sh - Unix98 ptys (UNIX98_PTYS as the modules pty and devpts): the
# devpts mount of /init, made before any test loaded a module, pulled
# devpts in; /dev/ptmx hands out a pty whose slave TIOCGPTPEER opens (the
# tty_operations hook the series adds) and a line written to the master
# arrives on the slave.
MODULES="pty devpts"

exercise() {
	grep -q '^devpts /dev/pts devpts ' /proc/mounts || {
		echo "/dev/pts is not mounted: the mount in /init did not load devpts"
		return 1
	}
	[ -c /dev/ptmx ] || { echo "no /dev/ptmx"; return 1; }
	kslim-probe pty
}
