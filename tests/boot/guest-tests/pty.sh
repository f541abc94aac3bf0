# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# pty.sh - Unix98 ptys (UNIX98_PTYS, built in): the series lets
# unix98_pty_init() fail instead of panicking, and this checks that the
# init it reworked still sets everything up: the devpts mount of /init is
# there, /dev/ptmx hands out a pty whose slave TIOCGPTPEER opens, matching
# /dev/pts/N, and a line written to the master arrives on the slave.
MODULES=""

exercise() {
	grep -q '^devpts /dev/pts devpts ' /proc/mounts || {
		echo "/dev/pts is not mounted: the devpts mount of /init failed"
		return 1
	}
	[ -c /dev/ptmx ] || { echo "no /dev/ptmx"; return 1; }
	kslim-probe pty
}
