"""The picture of ``predshare data --plot``: gains per contract along the train sizes.

One panel per firm: for each contract its gain per loan over no-sharing, predicted (a
line) and realized on the stream (points, with the realized payoff's bootstrap interval),
both at the equilibrium the recommendation plays; the recommended contract at each train
size is named above the panels.
"""

from __future__ import annotations

import os
from typing import Any

from predshare.data.pipeline import DataReport
from predshare.plots.figure import pyplot, save_png, train_size_axes

MISSING = "--plot: needs matplotlib; pip install 'predshare[data]'"


def train_size_plot(report: DataReport) -> Any:
    """The figure (module docstring): per firm, each contract's gain per loan over
    no-sharing (the number the decision uses), predicted (line) and realized on the stream
    (points with 95% intervals), against the train sizes used (the ticks). Series that
    coincide are told apart by their markers and a small horizontal offset; the legend
    stands outside the axes, so it covers no point."""
    plt = pyplot(MISSING)
    sizes = [r.train_size for r in report.results]
    contracts = [n for n in report.results[0].recommendation.outcomes if n != "no"]
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharey=True)
    colors = plt.get_cmap("tab10")
    markers = ("o", "s", "^", "D", "v", "P", "X", "*")
    for firm, ax in enumerate(axes):
        for k, name in enumerate(contracts):
            base = [r.validation["no"] for r in report.results]
            checks = [r.validation[name] for r in report.results]
            predicted = [c.predicted[firm] - b.predicted[firm] for c, b in zip(checks, base)]
            realized = [c.realized[firm] - b.realized[firm] for c, b in zip(checks, base)]
            errors = [
                [c.realized[firm] - c.interval[firm][0] for c in checks],
                [c.interval[firm][1] - c.realized[firm] for c in checks],
            ]
            shift = [s * (1 + 0.03 * (k - (len(contracts) - 1) / 2)) for s in sizes]
            marker = markers[k % len(markers)]
            ax.plot(shift, predicted, "--", marker=marker, markerfacecolor="none",
                    color=colors(k), label=f"{name} predicted")  # fmt: skip
            ax.errorbar(shift, realized, yerr=errors, fmt=marker, color=colors(k), capsize=3,
                        label=f"{name} realized")  # fmt: skip
        train_size_axes(ax, sizes)
        ax.set_title(f"firm {firm + 1}")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(f"gain per loan over no sharing (reward {float(report.config.reward):g}, "
                       f"cost {float(report.config.cost):g})")  # fmt: skip
    axes[1].legend(fontsize=7, ncol=1, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    chosen = ", ".join(f"{r.train_size}: {r.recommendation.contract}" for r in report.results)
    figure.suptitle(f"{report.data_name}: recommended contract by train size ({chosen}); "
                    "intervals: realized payoff", fontsize=10)  # fmt: skip
    figure.tight_layout()
    return figure


def save_train_size_plot(report: DataReport, path: str | os.PathLike[str]) -> None:
    save_png(train_size_plot(report), path, "--plot")
