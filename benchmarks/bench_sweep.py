"""Phase-diagram throughput: the batch classifier against the engine point by point (issue 9).

Workload: the two-world correlation setting (worlds ``indep`` and ``max``, prior 1/2
each), the full IRPO classification of the four standard contracts, at random points
of the box alpha, beta in [1/2, 1], C1 in [1/4, 2] (seeded; the same points for every
variant). Measured in one run, the variants interleaved round by round:

* ``engine``: ``analyze(environment, exact=False)`` point by point (CPU time, one process);
* ``batch``: :func:`solvers.sweep.batch.classify` on whole arrays (CPU time, one process);
* ``sweep-1``, ``sweep-2``: ``predshare.sweep`` with 1 and 2 worker processes (wall time,
  table included);
* ``dask-2``: ``predshare.sweep(dask="local")`` on a two-worker LocalCluster (wall time,
  the cluster's start included).

Each variant's figure is the median over the rounds; ratios compare medians of the same
run. This process is prepared like a sweep worker (one BLAS thread, glibc keeps freed
memory: ``solvers.sweep.run.prepare_worker``), so that a process is one core.

Usage: ``python benchmarks/bench_sweep.py [--points 1048576] [--engine-points 300]
[--rounds 3] [--json FILE]``
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

from common import RESULTS, write_result  # noqa: E402

from predshare.report import format_table  # noqa: E402
from predshare.sweeps import sweep  # noqa: E402
from solvers.analysis import analyze  # noqa: E402
from solvers.sweep.batch import classify  # noqa: E402
from solvers.sweep.grid import sweep_spec  # noqa: E402
from solvers.sweep.layout import build_layout  # noqa: E402
from solvers.sweep.run import prepare_worker  # noqa: E402

BOX = {"alpha": "0.5:1:2", "beta": "0.5:1:2", "cost": "0.25:2:2", "rho1": "indep", "rho2": "max"}


def measure(task: Callable[[], Any], clock: Callable[[], float]) -> float:
    start = clock()
    task()
    return clock() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=2**20)
    parser.add_argument("--engine-points", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", default=str(RESULTS / "sweep.json"))
    args = parser.parse_args()
    prepare_worker()

    spec = sweep_spec("correlation", BOX, random=args.points, seed=2026)
    values = spec.values(0, spec.size)
    layout = build_layout(spec.family)
    environments = [spec.environment(i) for i in range(args.engine_points)]
    cpu, wall = time.process_time, time.perf_counter

    variants: dict[str, tuple[int, Callable[[], Any], Callable[[], float], str]] = {
        "engine": (
            args.engine_points,
            lambda: [analyze(env, exact=False) for env in environments],
            cpu,
            "CPU, 1 process",
        ),
        "batch": (args.points, lambda: classify(layout, values, spec.environment), cpu,
                  "CPU, 1 process"),  # fmt: skip
        "sweep-1": (
            args.points,
            lambda: sweep("correlation", BOX, random=args.points, seed=2026, workers=1),
            wall,
            "wall, 1 worker",
        ),
        "sweep-2": (
            args.points,
            lambda: sweep("correlation", BOX, random=args.points, seed=2026, workers=2),
            wall,
            "wall, 2 workers",
        ),
        "dask-2": (
            args.points,
            lambda: sweep("correlation", BOX, random=args.points, seed=2026, workers=2,
                          dask="local"),  # fmt: skip
            wall,
            "wall, Dask LocalCluster of 2 (start included)",
        ),
    }
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for r in range(args.rounds):
        order = list(variants) if r % 2 == 0 else list(reversed(variants))
        for name in order:
            count, task, clock, _ = variants[name]
            seconds[name].append(measure(task, clock))
            print(f"round {r + 1}: {name:8s} {seconds[name][-1]:8.2f} s", flush=True)

    rows, results = [], {}
    for name, (count, _, _, clock_name) in variants.items():
        median = statistics.median(seconds[name])
        per_minute = count / median * 60
        results[name] = {
            "points": count,
            "seconds": seconds[name],
            "median_seconds": median,
            "points_per_minute": per_minute,
            "clock": clock_name,
        }
    base = results["engine"]["points_per_minute"]
    for name, item in results.items():
        item["vs_engine"] = item["points_per_minute"] / base
        rows.append(
            [
                name,
                item["clock"],
                f"{item['points']:,}",
                f"{item['median_seconds']:.2f}",
                f"{item['points_per_minute']:,.0f}",
                f"{item['vs_engine']:,.0f}x",
            ]
        )
    speedup = results["sweep-1"]["median_seconds"] / results["sweep-2"]["median_seconds"]
    print(format_table(["variant", "clock", "points", "median s", "points/min", "vs engine"], rows))
    print(f"speed-up from 1 to 2 workers: {speedup:.2f}x")
    write_result(
        args.json,
        {
            "benchmark": "sweep-throughput",
            "workload": "correlation, worlds indep and max (prior 1/2), random points of "
            "alpha, beta in [1/2, 1], C1 in [1/4, 2], standard contracts, full IRPO",
            "rounds": args.rounds,
            "machine": {
                "python": platform.python_version(),
                "processor": platform.machine(),
                "cores": os.cpu_count(),
            },
            "variants": results,
            "speedup_1_to_2_workers": speedup,
        },
    )


if __name__ == "__main__":
    main()
