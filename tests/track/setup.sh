# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# tests/track/setup.sh - shared setup of the t7xxx bloat tracker tests
#
# Usage (after tests/lib.sh): . "$KSLIM_ROOT/tests/track/setup.sh"
#
# Skips the script when the footprint tool or git is missing, generates the
# synthetic history (tests/track/mkhistory.sh) in $T/linux with its
# manifest $T/history.txt and the config fragment $T/synth.config, and
# defines:
#   trk ARGS...     kslim-track on $T's database and work folder, building
#                   with tests/track/fakebuild.sh
#   sha N           the sha of the Nth commit of the history (1 = base)
#   sql QUERY       one sqlite3 query on the database, "|" separated

need_cmd git git
need_cmd sqlite3 sqlite3
need_built "make tools" "$FOOTPRINT"
sh "$KSLIM_ROOT/tests/track/mkhistory.sh" "$T/linux" >"$T/mkhistory.log" 2>&1 ||
	{ diag_stdin <"$T/mkhistory.log"; echo "Bail out! cannot generate the history"; exit 1; }
cat >"$T/synth.config" <<'EOT'
CONFIG_MODULES=y
CONFIG_NET=m
CONFIG_BLK=y
CONFIG_FOO=y
CONFIG_BAR=y
CONFIG_NOT_IN_ANY_VERSION=y
EOT
export FAKE_BUILD_LOG="$T/builds.log"
: >"$FAKE_BUILD_LOG"

trk() {
	"$PY" "$KSLIM_ROOT/scripts/kslim-track" --db "$T/track.db" \
		--workdir "$T/work" --footprint "$FOOTPRINT" --git "$T/linux" \
		--build-cmd "sh $KSLIM_ROOT/tests/track/fakebuild.sh" \
		-j 1 "$@"
}

sha() {
	sed -n "${1}p" "$T/history.txt" | cut -d' ' -f1
}

sql() {
	sqlite3 "$T/track.db" "$1"
}
