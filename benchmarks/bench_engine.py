"""Engine vs plain enumeration at the claim-3 point of MODEL.md section 8 (issue 2).

Both are measured in the same run on the same instance, in exact arithmetic:

* engine: ``pure_equilibria`` (components + best-response pruning), per contract, and the
  whole ``analyze`` (four contracts, then dominance and IRPO);
* plain: ``plain_enumeration``, every whole strategy profile of the undecomposed game.

Plain enumeration of the full-sharing game has 2^32 profiles. Unless ``--complete`` is
given, a contract whose plain enumeration would exceed ``--plain-budget`` seconds is
timed on a prefix of firm 1's strategies and extrapolated linearly (the work per firm-1
strategy is constant); the report says which numbers are extrapolated.

Usage: ``python benchmarks/bench_engine.py [--repeat 20] [--plain-budget 20] [--complete]
[--json FILE]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import numpy as np
from common import RESULTS, median_time, write_result

from contracts import STANDARD, worked_cases
from predshare.progress import ProgressBar
from predshare.report import format_table
from solvers import BayesianGame, analyze, plain_enumeration, pure_equilibria


def plain_seconds(game: BayesianGame, budget: float, complete: bool) -> tuple[float, bool, int]:
    """Seconds for plain enumeration; (seconds, extrapolated?, equilibria found if complete)."""
    n1, _ = game.sizes
    total = 2**n1
    bar = ProgressBar(f"plain {game.contract.name}", total=total)
    start = time.perf_counter()
    found = 0
    done = 0
    step = max(1, total // 256)
    while done < total:
        chunk = range(done, min(done + step, total))
        found += len(plain_enumeration(game, exact=True, firm1_codes=chunk))
        done = chunk.stop
        bar.update(done)
        elapsed = time.perf_counter() - start
        if not complete and elapsed * total / done > budget and done < total:
            bar.close()
            return elapsed * total / done, True, -1
    bar.close()
    return time.perf_counter() - start, False, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--plain-budget", type=float, default=20.0)
    parser.add_argument("--complete", action="store_true", help="never extrapolate")
    parser.add_argument("--json", default=str(RESULTS / "engine.json"))
    args = parser.parse_args()

    env = worked_cases()["claim-3-point"]
    rows, records = [], []
    engine_total = plain_total = 0.0
    any_extrapolated = False
    for name, contract in STANDARD.items():
        game = BayesianGame.build(env, contract)
        engine = median_time(
            lambda c=contract: pure_equilibria(BayesianGame.build(env, c), True), args.repeat
        )[0]
        count = pure_equilibria(game, True).count
        plain, extrapolated, plain_count = plain_seconds(game, args.plain_budget, args.complete)
        if not extrapolated and plain_count != count:
            raise SystemExit(f"{name}: plain enumeration found {plain_count}, engine {count}")
        any_extrapolated |= extrapolated
        engine_total += engine
        plain_total += plain
        n1, n2 = game.sizes
        rows.append(
            [
                name,
                f"{n1}x{n2}",
                str(len(game.components)),
                f"2^{n1 + n2}",
                f"{engine * 1e3:.2f}",
                f"{plain:.3f}" + (" (extrapolated)" if extrapolated else ""),
                f"{plain / engine:,.0f}x",
            ]
        )
        records.append(
            {
                "contract": name,
                "cells": [n1, n2],
                "components": len(game.components),
                "profiles_log2": n1 + n2,
                "engine_seconds": engine,
                "plain_seconds": plain,
                "plain_extrapolated": extrapolated,
                "equilibria": count,
            }
        )
    analysis = median_time(lambda: analyze(env, exact=True), args.repeat)[0]
    rows.append(
        [
            "all four",
            "",
            "",
            "",
            f"{engine_total * 1e3:.2f}",
            f"{plain_total:.3f}" + (" (extrapolated)" if any_extrapolated else ""),
            f"{plain_total / engine_total:,.0f}x",
        ]
    )
    print(f"claim-3 point of MODEL.md section 8, exact arithmetic, median of {args.repeat} runs")
    print(
        format_table(
            ["contract", "cells", "components", "profiles", "engine ms", "plain s", "plain/engine"],
            rows,
        )
    )
    print(f"\nfull analysis (four contracts, dominance, IRPO): {analysis * 1e3:.2f} ms")
    result = {
        "benchmark": "engine-vs-plain-enumeration",
        "instance": env.name,
        "repeat": args.repeat,
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "processor": platform.machine(),
        },
        "contracts": records,
        "engine_total_seconds": engine_total,
        "plain_total_seconds": plain_total,
        "analysis_seconds": analysis,
    }
    write_result(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
