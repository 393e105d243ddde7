"""Bargaining: the exact polygon method against cvxpy on the same two-firm problems.

Problems: N outcomes (contract, equilibrium pairs) with payoffs drawn at random (fixed
seed, exact decimals with 4 digits) around a concave frontier, the disagreement point at
the coordinatewise 20th percentile, for N = 4 .. 1024; and the real problem of the
claim-3 point of MODEL.md section 8 over all sixteen directional contracts. Each solution is
timed with both methods (median of --repeat runs) and the payoffs are compared.

Usage: ``python benchmarks/bench_bargaining.py [--repeat 5] [--json FILE]``
"""

from __future__ import annotations

import argparse
import random
import sys
from fractions import Fraction

from common import RESULTS, median_time, write_result

from contracts import worked_cases
from predshare.progress import ProgressBar
from predshare.report import format_table
from solvers import analyze
from solvers.bargaining import bargain
from solvers.bargaining.problem import BargainingProblem, bargaining_problem, problem_from_points

SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian")


def random_problem(n: int, seed: int = 7) -> BargainingProblem:
    rng = random.Random(seed + n)
    points = []
    for _ in range(n):
        angle = rng.random()
        radius = 1 - 0.3 * rng.random() ** 2
        x = Fraction(round(10_000 * radius * (1 - angle**2) ** 0.5), 10_000)
        y = Fraction(round(10_000 * radius * angle), 10_000)
        points.append((x, y))
    xs = sorted(p[0] for p in points)
    ys = sorted(p[1] for p in points)
    return problem_from_points(points, (xs[n // 5], ys[n // 5]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", default=str(RESULTS / "bargaining.json"))
    args = parser.parse_args()
    cases = [(f"random N={n}", random_problem(n)) for n in (4, 16, 64, 256, 1024)]
    analysis = analyze(worked_cases()["claim-3-point"], "directional", exact=True)
    cases.append(("claim-3 point, 16 contracts", bargaining_problem(analysis)))
    bar = ProgressBar("bargaining", total=len(cases) * len(SOLUTIONS))
    rows, records = [], []
    for name, problem in cases:
        for solution in SOLUTIONS:
            bar.step(f"{name} {solution}")
            polygon_time, exact = median_time(
                lambda p=problem, s=solution: bargain(p, s, method="polygon"), args.repeat
            )
            convex_time, approx = median_time(
                lambda p=problem, s=solution: bargain(p, s, method="cvxpy"), args.repeat
            )
            gap = max(abs(float(a) - float(b)) for a, b in zip(exact.payoff, approx.payoff))
            rows.append(
                [
                    name,
                    str(len(problem.outcomes)),
                    solution,
                    f"{polygon_time * 1e3:.2f}",
                    f"{convex_time * 1e3:.1f}",
                    f"{convex_time / polygon_time:,.0f}x",
                    f"{gap:.1e}",
                ]
            )
            records.append(
                {
                    "problem": name,
                    "outcomes": len(problem.outcomes),
                    "solution": solution,
                    "polygon_seconds": polygon_time,
                    "cvxpy_seconds": convex_time,
                    "payoff_gap": gap,
                }
            )
    bar.close()
    print(f"median of {args.repeat} runs; gap = largest payoff difference between the methods")
    print(
        format_table(
            ["problem", "outcomes", "solution", "polygon ms", "cvxpy ms", "cvxpy/polygon", "gap"],
            rows,
        )
    )
    write_result(
        args.json,
        {"benchmark": "bargaining-polygon-vs-cvxpy", "repeat": args.repeat, "records": records},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
