"""A sweep's plan: what to classify, where the rows go, and how to run it.

The public face (:func:`predshare.sweep`) parses options into a :class:`SweepPlan`;
:func:`solvers.sweep.execute.execute_sweep` carries it out. Everything a run needs is in
the plan, so a plan can be printed, checked and handed to workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solvers.sweep.grid import SweepSpec
from solvers.sweep.table import TABLE_VERSION

FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class SweepOutput:
    """Where a sweep's rows go: the table, its format, the JSON sidecar, and the folder
    that holds finished chunks while the sweep runs."""

    table: Path
    format: str
    sidecar: Path
    chunks: Path


def sweep_output(out: str | Path, fmt: str | None) -> SweepOutput:
    """The table, format, sidecar and chunk folder of ``out`` (format from ``fmt``, else
    the suffix: ``.csv`` is CSV, anything else Parquet).

    >>> sweep_output("phase.csv", None).format, str(sweep_output("p", None).sidecar)
    ('csv', 'p.json')
    """
    path = Path(out)
    chosen = fmt or ("csv" if path.suffix.lower() == ".csv" else "parquet")
    if chosen not in FORMATS:
        raise ValueError(f"format = {fmt!r}: must be one of {', '.join(FORMATS)}")
    return SweepOutput(path, chosen, Path(f"{path}.json"), Path(f"{path}.chunks"))


@dataclass(frozen=True)
class SweepPlan:
    """A validated sweep: the points (``spec``), the contracts, the chunking, the output
    (None: rows only returned) and the execution (``workers`` processes, or ``dask``:
    ``"local"`` or a scheduler address)."""

    spec: SweepSpec
    contracts: tuple[str, ...]
    chunk_points: int
    output: SweepOutput | None = None
    workers: int | None = None
    dask: str | None = None
    resume: bool = False
    force: bool = False
    skip_infeasible: bool = False
    command: str = "predshare.sweep(...)"

    def manifest(self) -> dict[str, Any]:
        """What identifies the sweep's chunks: a resumed sweep must have the same."""
        return {
            "sweep": self.spec.describe(),
            "contracts": list(self.contracts),
            "chunk_points": self.chunk_points,
            "skip_infeasible": self.skip_infeasible,
            "table_version": TABLE_VERSION,
        }
