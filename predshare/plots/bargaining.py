"""PNG pictures of bargaining problems (matplotlib, an optional dependency)."""

from __future__ import annotations

import os
import textwrap
from fractions import Fraction

from contracts.files import output_target
from predshare.plots.figure import pyplot, save_png
from solvers.bargaining import BargainingResult
from solvers.bargaining.polygon import feasible_polygon, rational_polygon
from solvers.bargaining.problem import BargainingProblem
from solvers.exact.polygon import clip, pareto_chain


def _xy(vertices: list) -> tuple[list[float], list[float]]:
    """The x and y coordinates of polygon vertices, as floats for matplotlib."""
    return [float(v.point[0]) for v in vertices], [float(v.point[1]) for v in vertices]


def rational_region(problem: BargainingProblem) -> list:
    """The individually rational part ``u >= d`` of the feasible polygon (vertices, exact):
    what the plot shades, which may be a segment or a point."""
    d = problem.disagreement
    hull = feasible_polygon(problem)
    return clip(clip(hull, (Fraction(1), Fraction(0)), d[0]), (Fraction(0), Fraction(1)), d[1])


def _outcome_groups(
    problem: BargainingProblem,
) -> list[tuple[tuple[float, float], list[str], bool]]:
    """Distinct payoff points, each with its outcomes' labels and whether one is IRPO."""
    at: dict[tuple[float, float], list[str]] = {}
    marked: set[tuple[float, float]] = set()
    for outcome in problem.outcomes:
        key = (float(outcome.payoff[0]), float(outcome.payoff[1]))
        irpo = outcome.contract in problem.irpo
        at.setdefault(key, []).append(outcome.label + (" (IRPO)" if irpo else ""))
        if irpo:
            marked.add(key)
    return [(key, labels, key in marked) for key, labels in sorted(at.items())]


def plot_bargaining(
    problem: BargainingProblem, result: BargainingResult, path: str | os.PathLike[str]
) -> None:
    """Draw the feasible set, its individually rational part and Pareto frontier, the
    disagreement point, the outcomes (IRPO contracts marked) and the solution; write a
    PNG atomically."""
    output_target(path, "plot")  # refuse a bad path before drawing
    plt = pyplot("--plot needs matplotlib: pip install 'predshare[plot]'")
    groups = _outcome_groups(problem)
    numbered = len(groups) > 6 or any(len(labels) > 2 for _, labels, _ in groups)
    key_lines = [f"{k}: " + ", ".join(labels) for k, (_, labels, _) in enumerate(groups, 1)]
    key_text = "\n".join(textwrap.fill(line, 110, subsequent_indent="    ") for line in key_lines)
    key_height = 0.16 * (key_text.count("\n") + 1) if numbered else 0.0
    figure, axes = plt.subplots(figsize=(8, 6 + key_height), dpi=110)
    hull = feasible_polygon(problem)
    axes.fill(
        *_xy(hull),
        color="#d9e6f2",
        label="feasible lotteries" + (" (transfers drawn to the cap)" if problem.transfers else ""),
    )
    d = problem.disagreement
    rational = rational_region(problem)
    if len(rational) >= 3:
        axes.fill(
            *_xy(rational),
            color="#9ecae1",
            label="individually rational",
        )
    elif rational:  # a segment or a point: draw it, a fill would be invisible
        axes.plot(
            *_xy(rational),
            color="#9ecae1",
            linewidth=7,
            marker="o",
            label="individually rational ("
            + ("a segment" if len(rational) == 2 else "one point")
            + ")",
        )
    chain = pareto_chain(rational_polygon(problem))
    axes.plot(
        *_xy(chain),
        color="#08519c",
        linewidth=2.5,
        label="Pareto frontier",
    )
    for k, ((x, y), labels, irpo) in enumerate(groups, 1):  # equal payoffs share one dot
        axes.scatter(x, y, s=45 if irpo else 25, color="#d94801" if irpo else "#525252", zorder=3)
        text = str(k) if numbered else ", ".join(labels)
        axes.annotate(text, (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8)
    axes.scatter(
        float(d[0]),
        float(d[1]),
        marker="x",
        s=70,
        color="black",
        zorder=4,
        label="disagreement (no sharing)",
    )
    axes.scatter(
        float(result.payoff[0]),
        float(result.payoff[1]),
        marker="*",
        s=220,
        color="#cb181d",
        zorder=5,
        label=f"{result.solution} solution",
    )
    axes.set_xlabel("firm 1's ex-ante payoff U1")
    axes.set_ylabel("firm 2's ex-ante payoff U2")
    axes.set_title(f"Bargaining over contracts: {result.solution} ({result.method})")
    axes.legend(loc="best", fontsize=8, framealpha=0.85)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    if numbered:  # the key of the numbered outcomes, under the axes
        bottom = key_height / (6 + key_height)
        figure.subplots_adjust(bottom=bottom + 0.08)
        figure.text(0.02, 0.01, key_text, fontsize=7, family="monospace", va="bottom")
    save_png(figure, path, "plot")
