# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# unix.sh - AF_UNIX (CONFIG_UNIX as a module): a socketpair passes one of
# its own descriptors (SCM_RIGHTS, counted for the garbage collector by
# unix_get_socket() in net/core/scm.c) and the sender's pidfd
# (SCM_PIDFD, built by scm_pidfd_recv() in net/core/scm.c).  The module
# is permanent, so the harness skips its unload and reload.
MODULES="unix"

exercise() {
	kslim-probe unix
}
