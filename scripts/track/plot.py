# SPDX-License-Identifier: GPL-2.0
"""plot - the kernel proper over versions, as SVG and PNG (matplotlib)

One figure per config: for each version a bar of vmlinux's resident size
stacked by top-level directory (the largest ones, the rest as "other",
footprint's unattributed bytes on top), and beside it a bar of the
loadable modules' total.  The SVG is deterministic (no date, fixed hash
salt), so the same database gives the same bytes.
"""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MAX_STACKS = 8
COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
          "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]


def stacks(series):
    """Pick the stacked subsystems: the largest in any version."""
    best = {}
    for s in series:
        for d, v in s["subsystems"].items():
            if d != "(unattributed)":
                best[d] = max(best.get(d, 0), v)
    names = sorted(best, key=lambda d: (-best[d], d))
    keep = names[:MAX_STACKS]
    rest = names[MAX_STACKS:]
    return keep, rest


def _name_bars(bars, layer, series):
    # SVG ids "bar-<layer>-<version>": the report's tests find each bar.
    for rect, s in zip(bars, series):
        rect.set_gid("bar-{}-{}".format(re.sub(r"[^A-Za-z0-9_.-]", "_",
                                               layer), s["label"]))


def plot(series, config, svg_path, png_path):
    """series: [{'label','resident','modules','subsystems':{dir: bytes}}]"""
    plt.rcParams["svg.hashsalt"] = "kslim-track"
    plt.rcParams["svg.fonttype"] = "none"   # text stays text (searchable)
    keep, rest = stacks(series)
    layers = keep + (["other"] if rest else []) + ["(unattributed)"]
    n = len(series)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * n + 3), 5.0), dpi=100)
    x = list(range(n))
    w = 0.38
    bottom = [0.0] * n
    for i, layer in enumerate(layers):
        vals = []
        for s in series:
            sub = s["subsystems"]
            if layer == "other":
                v = sum(sub.get(d, 0) for d in rest)
            else:
                v = sub.get(layer, 0)
            vals.append(v / 1024.0)
        if not any(vals):
            continue
        color = "#d0d0d0" if layer == "(unattributed)" else \
            COLORS[i % len(COLORS)]
        bars = ax.bar([xi - w / 2 for xi in x], vals, w, bottom=bottom,
                      label=layer, color=color, edgecolor="white",
                      linewidth=0.5)
        _name_bars(bars, layer, series)
        bottom = [b + v for b, v in zip(bottom, vals)]
    mods = [s["modules"] / 1024.0 for s in series]
    bars = ax.bar([xi + w / 2 for xi in x], mods, w,
                  label="modules (all .ko)", color="white",
                  edgecolor="#555555", hatch="//", linewidth=0.8)
    _name_bars(bars, "modules", series)
    top = max(bottom + mods + [1.0])
    for xi, s, b, m in zip(x, series, bottom, mods):
        ax.text(xi - w / 2, b + top * 0.01, "{:,.0f}".format(b),
                ha="center", va="bottom", fontsize=8)
        ax.text(xi + w / 2, m + top * 0.01, "{:,.0f}".format(m),
                ha="center", va="bottom", fontsize=8, color="#555555")
    ax.set_xticks(x)
    ax.set_xticklabels([s["label"] for s in series])
    ax.set_ylabel("resident size (KiB)")
    ax.set_ylim(0, top * 1.12)
    ax.set_title("vmlinux (left, by directory) and modules (right)\n{} "
                 "config, everything modularized".format(config),
                 fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    fig.tight_layout()
    fig.savefig(svg_path, format="svg", metadata={"Date": None})
    fig.savefig(png_path, format="png", metadata={"Software": None})
    plt.close(fig)
