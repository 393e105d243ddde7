"""Helpers shared by the benchmark scripts: median timing and writing result files."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contracts.files import write_text_atomically

RESULTS = Path(__file__).resolve().parent / "results"


def median_time(task: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs of ``task`` and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = task()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def write_result(path: str | Path, payload: dict[str, Any]) -> None:
    """Write a benchmark's JSON result atomically (its folder is created if needed)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, json.dumps(payload, indent=2) + "\n")
    print(f"written {path}")
