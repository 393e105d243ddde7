"""One benchmark harness: every comparison is a case with a baseline and a
candidate, run interleaved (A, B, A, B, ...) for at least ``MIN_ROUNDS`` rounds.

Each round times both with CPU time (``time.process_time``, plus the CPU of child
processes for cases that run a subprocess) and wall time. A case reports, per side, the
median, min and max of both, and the ratio baseline / candidate per round (above 1: the
candidate is faster), with its median. The ratio is of CPU time unless the case says
``clock="wall"`` (work spread over processes), and per unit of work when the two sides do
different amounts of it (``units``: e.g. points of a phase diagram). The machine is
recorded with the results: cores, load average before and after, Python and library
versions. The machine is shared and noisy; interleaving exposes both sides to the same
noise, and the per-round ratios show how much of it there was.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

MIN_ROUNDS = 7
SCHEMA = "predshare.bench/2"
#: What a case compares: CPU or wall time, or ``rss``: the peak resident set (MiB) that
#: each call returns (a case measuring memory runs its work in a fresh process).
CLOCKS = ("cpu", "wall", "rss")
LIBRARIES = ("numpy", "scipy", "networkx", "cvxpy", "pygambit", "nashpy", "pandas", "dask")


@dataclass(frozen=True)
class Case:
    """A comparison: ``baseline`` and ``candidate`` are callables timed alternately.

    ``group`` names a family of cases drawn together (a scaling curve, with ``x`` its
    value on the curve's axis ``axis``); ``quick`` cases make up ``--quick``. ``clock``
    is the time the ratio compares; ``units`` the work one call of the baseline and of
    the candidate does, counted in ``unit`` (the ratio is then per unit).
    """

    name: str
    group: str
    baseline_name: str
    candidate_name: str
    baseline: Callable[[], Any]
    candidate: Callable[[], Any]
    quick: bool = True
    axis: str | None = None
    x: float | None = None
    params: dict[str, Any] = field(default_factory=dict)
    clock: str = "cpu"
    units: tuple[int, int] = (1, 1)
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.clock not in CLOCKS:
            raise ValueError(f"clock = {self.clock!r}: must be one of {', '.join(CLOCKS)}")
        if min(self.units) < 1:
            raise ValueError(f"units = {self.units!r}: must be positive")


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(task: Callable[[], Any]) -> tuple[float, float, float]:
    """CPU seconds (own and children's) and wall seconds of one call of ``task``, and
    what it returned when that is a number (the peak memory of an ``rss`` case), else
    NaN."""
    cpu, child, wall = time.process_time(), _child_cpu(), time.perf_counter()
    value = task()
    cpu_seconds = (time.process_time() - cpu) + (_child_cpu() - child)
    number = float(value) if isinstance(value, (int, float)) else float("nan")
    return cpu_seconds, time.perf_counter() - wall, number


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(case: Case, rounds: int = MIN_ROUNDS) -> dict[str, Any]:
    """Run ``case`` interleaved for ``rounds`` rounds (at least MIN_ROUNDS); one warm-up
    call of each side first, untimed."""
    rounds = max(rounds, MIN_ROUNDS)
    case.baseline()
    case.candidate()
    times: dict[str, list[tuple[float, float, float]]] = {"baseline": [], "candidate": []}
    for k in range(rounds):
        order = ("baseline", "candidate") if k % 2 == 0 else ("candidate", "baseline")
        for side in order:
            times[side].append(timed(getattr(case, side)))
    k = CLOCKS.index(case.clock)
    per_unit = case.units[1] / case.units[0]  # candidate units per baseline unit
    if case.clock == "rss":
        per_unit = 1.0  # memory is compared as it is, not per unit of work
    ratios = [b[k] / c[k] * per_unit if c[k] > 0 else float("inf")
              for b, c in zip(times["baseline"], times["candidate"])]  # fmt: skip
    return {
        "name": case.name,
        "group": case.group,
        "axis": case.axis,
        "x": case.x,
        "params": case.params,
        "rounds": rounds,
        "clock": case.clock,
        "units": {"baseline": case.units[0], "candidate": case.units[1], "unit": case.unit},
        "baseline": _side(case.baseline_name, times["baseline"], case.clock),
        "candidate": _side(case.candidate_name, times["candidate"], case.clock),
        "ratios": ratios,
        "ratio": statistics.median(ratios),
    }


def _side(name: str, times: list[tuple[float, float, float]], clock: str) -> dict[str, Any]:
    side: dict[str, Any] = {
        "name": name,
        "cpu": _summary([t[0] for t in times]),
        "wall": _summary([t[1] for t in times]),
    }
    if clock == "rss":
        side["rss"] = _summary([t[2] for t in times])
    return side


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
    }


def run_suite(
    cases: list[Case],
    rounds: int = MIN_ROUNDS,
    progress: Callable[[str], None] | None = None,
    groups: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Measure every case; the result document (schema ``predshare.bench/2``).
    ``groups`` describes each group (what is compared, on what work); the document keeps
    the descriptions of the groups measured."""
    before = os.getloadavg()
    started = time.perf_counter()
    results = []
    for case in cases:
        if progress is not None:
            progress(case.name)
        results.append(measure(case, rounds))
    return {
        "schema": SCHEMA,
        "machine": {**machine(), "load_before": list(before), "load_after": list(os.getloadavg())},
        "seconds": time.perf_counter() - started,
        "groups": {c.group: (groups or {}).get(c.group, "") for c in cases},
        "cases": results,
    }


def compare(new: dict[str, Any], old: dict[str, Any], factor: float) -> list[dict[str, Any]]:
    """Cases whose ratio against their in-run baseline fell by more than ``factor``
    from ``old`` to ``new`` (the candidate got slower relative to its baseline)."""
    previous = {c["name"]: c for c in old.get("cases", [])}
    worse = []
    for case in new["cases"]:
        before = previous.get(case["name"])
        if before is None or case["ratio"] <= 0:
            continue
        change = before["ratio"] / case["ratio"]
        if change > factor:
            worse.append({"name": case["name"], "old_ratio": before["ratio"],
                          "new_ratio": case["ratio"], "slower_by": change})  # fmt: skip
    return worse
