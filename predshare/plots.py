"""PNG pictures of bargaining problems (matplotlib, an optional dependency)."""

from __future__ import annotations

import os

from contracts.files import atomic_output, output_target
from solvers.bargaining import BargainingResult
from solvers.bargaining_polygon import feasible_polygon, rational_polygon
from solvers.bargaining_problem import BargainingProblem
from solvers.polygon import pareto_chain


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the install
        raise ValueError("--plot needs matplotlib: pip install 'predshare[plot]'") from None
    return plt


def plot_bargaining(
    problem: BargainingProblem, result: BargainingResult, path: str | os.PathLike[str]
) -> None:
    """Draw the feasible set, its individually rational part and Pareto frontier, the
    disagreement point, the outcomes (IRPO contracts marked) and the solution; write a
    PNG atomically."""
    output_target(path, "plot")  # refuse a bad path before drawing
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 6), dpi=110)
    hull = feasible_polygon(problem)
    xs = [float(v.point[0]) for v in hull]
    ys = [float(v.point[1]) for v in hull]
    axes.fill(
        xs,
        ys,
        color="#d9e6f2",
        label="feasible lotteries" + (" (transfers drawn to the cap)" if problem.transfers else ""),
    )
    rational = rational_polygon(problem)
    axes.fill(
        [float(v.point[0]) for v in rational],
        [float(v.point[1]) for v in rational],
        color="#9ecae1",
        label="individually rational",
    )
    chain = pareto_chain(rational)
    axes.plot(
        [float(v.point[0]) for v in chain],
        [float(v.point[1]) for v in chain],
        color="#08519c",
        linewidth=2.5,
        label="Pareto frontier",
    )
    at: dict[tuple[float, float], list[str]] = {}
    marked: set[tuple[float, float]] = set()
    for outcome in problem.outcomes:
        key = (float(outcome.payoff[0]), float(outcome.payoff[1]))
        irpo = outcome.contract in problem.irpo
        at.setdefault(key, []).append(outcome.label + (" (IRPO)" if irpo else ""))
        if irpo:
            marked.add(key)
    for (x, y), labels in at.items():  # outcomes with equal payoffs share one dot
        axes.scatter(
            x,
            y,
            s=45 if (x, y) in marked else 25,
            color="#d94801" if (x, y) in marked else "#525252",
            zorder=3,
        )
        axes.annotate(
            ", ".join(labels), (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8
        )
    d = problem.disagreement
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
    try:
        with atomic_output(path, "plot") as handle:
            figure.savefig(handle, format="png")
    finally:
        plt.close(figure)
