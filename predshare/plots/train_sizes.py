"""The picture of ``predshare data --plot``: payoffs per contract along the train sizes.

One panel per firm: for each contract the predicted payoff per loan (a line) and the
realized one on the stream with its bootstrap interval (points with bars), both at the
equilibrium the recommendation plays; the recommended contract at each train size is
named above the panels.
"""

from __future__ import annotations

import os
from typing import Any

from predshare.data.pipeline import DataReport
from predshare.plots.figure import pyplot, save_png

MISSING = "--plot: needs matplotlib; pip install 'predshare[data]'"


def train_size_plot(report: DataReport) -> Any:
    """The figure (module docstring)."""
    plt = pyplot(MISSING)
    sizes = [r.train_size for r in report.results]
    contracts = list(report.results[0].recommendation.outcomes)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    colors = plt.get_cmap("tab10")
    for firm, ax in enumerate(axes):
        for k, name in enumerate(contracts):
            checks = [r.validation[name] for r in report.results]
            predicted = [c.predicted[firm] for c in checks]
            realized = [c.realized[firm] for c in checks]
            errors = [
                [c.realized[firm] - c.interval[firm][0] for c in checks],
                [c.interval[firm][1] - c.realized[firm] for c in checks],
            ]
            shift = [s * (1 + 0.03 * (k - len(contracts) / 2)) for s in sizes]
            ax.plot(sizes, predicted, "--", color=colors(k), label=f"{name} predicted")
            ax.errorbar(shift, realized, yerr=errors, fmt="o", color=colors(k), capsize=3,
                        label=f"{name} realized")  # fmt: skip
        ax.set_xscale("log")
        ax.set_xlabel("labelled loans per firm")
        ax.set_title(f"firm {firm + 1}")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(f"payoff per loan (reward {float(report.config.reward):g}, "
                       f"cost {float(report.config.cost):g})")  # fmt: skip
    axes[1].legend(fontsize=7, ncol=2, loc="lower right")
    chosen = ", ".join(f"{r.train_size}: {r.recommendation.contract}" for r in report.results)
    figure.suptitle(f"{report.data_name}: recommended contract by train size ({chosen})",
                    fontsize=10)  # fmt: skip
    figure.tight_layout()
    return figure


def save_train_size_plot(report: DataReport, path: str | os.PathLike[str]) -> None:
    save_png(train_size_plot(report), path, "--plot")
