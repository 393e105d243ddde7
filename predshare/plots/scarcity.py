"""The scarce-data picture: payoffs and trade per contract against firm 1's labelled
examples N (MODEL.md section 10), N = infinity at the right edge."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from predshare.plots.figure import pyplot, save_png

if TYPE_CHECKING:
    from predshare.scarcity import ScarcityPoint


def save_scarcity_plot(
    points: Sequence[ScarcityPoint], title: str, path: str | os.PathLike[str]
) -> None:
    """Payoffs per contract against N (one panel per firm) and the trade probability;
    N = infinity drawn at the right edge; a star where a contract is IRPO."""
    plt = pyplot("--plot: needs matplotlib; pip install 'predshare[plot]'")
    finite = [p for p in points if p.samples is not None]
    xs = [p.samples for p in finite if p.samples is not None]
    edge = (max(xs) if xs else 1) * 1.25
    figure, axes = plt.subplots(1, 3, figsize=(13, 4))
    colors = plt.get_cmap("tab10")
    panels = [("firm 1 payoff", lambda p, c: p.payoff[c][0]),
              ("firm 2 payoff", lambda p, c: p.payoff[c][1]),
              ("probability of trade", lambda p, c: p.trade[c])]  # fmt: skip
    for ax, (name, value) in zip(axes, panels):
        for k, contract in enumerate(points[0].payoff):
            ys = [float(value(p, contract)) for p in finite]
            ax.plot(xs, ys, "-", color=colors(k), label=contract)
            limit = points[-1]
            ax.plot([edge], [float(value(limit, contract))], "s", color=colors(k))
            marked = [(p.samples if p.samples is not None else edge, float(value(p, contract)))
                      for p in points if contract in p.irpo]  # fmt: skip
            if marked:
                ax.plot(*zip(*marked), "*", color=colors(k), markersize=9)
        ax.set_xscale("log")
        ax.set_xlabel("labelled examples of firm 1 (square: infinitely many)")
        ax.set_title(name)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, title="contract (star: IRPO)")
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    save_png(figure, path, "--plot")
