"""The benchmark suite's scaling curves: CPU time against each scaling group's axis."""

from __future__ import annotations

import os
from typing import Any

from predshare.plots.figure import pyplot, save_png


def scaling_plot(document: dict[str, Any], path: str | os.PathLike[str]) -> bool:
    """CPU time against the axis of each scaling group (log scale); False if none."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in document["cases"]:
        if c["axis"] is not None:
            groups.setdefault(c["group"], []).append(c)
    if not groups:
        return False
    plt = pyplot("bench: the plots need matplotlib; pip install 'predshare[plot]'")
    columns = min(3, len(groups))
    lines = -(-len(groups) // columns)
    figure, axes = plt.subplots(lines, columns, figsize=(5.5 * columns, 4 * lines),
                                squeeze=False)  # fmt: skip
    for ax in axes.flat[len(groups) :]:
        ax.set_visible(False)
    for ax, (group, cases) in zip(axes.flat, groups.items()):
        cases = sorted(cases, key=lambda c: c["x"])
        xs = [c["x"] for c in cases]
        for side, style in (("baseline", "o--"), ("candidate", "s-")):
            ys = [c[side]["cpu"]["median"] for c in cases]
            low = [c[side]["cpu"]["median"] - c[side]["cpu"]["min"] for c in cases]
            high = [c[side]["cpu"]["max"] - c[side]["cpu"]["median"] for c in cases]
            ax.errorbar(xs, ys, yerr=[low, high], fmt=style, capsize=3,
                        label=cases[0][side]["name"])  # fmt: skip
        ax.set_yscale("log")
        ax.set_xticks(xs)
        ax.set_xlabel(cases[0]["axis"])
        ax.set_ylabel("CPU seconds (median, min..max)")
        ax.set_title(group)
        ax.grid(alpha=0.3)
        ax.legend()
    figure.tight_layout()
    save_png(figure, path, "bench plot")
    return True
