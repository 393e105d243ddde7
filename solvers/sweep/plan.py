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
#: A rough CPU cost of one point of a whole sweep (classification, rechecks, writing),
#: measured on 2^20 random points of the two-world correlation setting (16.2 s of CPU,
#: start-up included); the estimate before a sweep uses it.
SECONDS_PER_POINT = 1.6e-5
#: Bytes per value of the table in memory (float64 and int64 columns).
BYTES_PER_VALUE = 8
#: Parquet bytes per in-memory byte of the table (the same 2^20 points: 202 bytes a row
#: on disk for 320 in memory; random parameters and payoffs hardly compress).
PARQUET_SHARE = 0.63


@dataclass(frozen=True)
class SweepOutput:
    """Where a sweep's rows go: the table, its format, the JSON sidecar, and the folder
    of finished chunks (for Parquet the table itself, a Parquet dataset; for CSV a
    folder beside it, removed once the CSV is written)."""

    table: Path
    format: str
    sidecar: Path
    chunks: Path


def sweep_output(out: str | Path, fmt: str | None) -> SweepOutput:
    """The table, format, sidecar and chunk folder of ``out`` (format from ``fmt``, else
    the suffix: ``.csv`` is CSV, anything else Parquet).

    >>> sweep_output("phase.csv", None).format, str(sweep_output("p", None).sidecar)
    ('csv', 'p.json')
    >>> str(sweep_output("p.csv", None).chunks), str(sweep_output("p", None).chunks)
    ('p.csv.chunks', 'p')
    """
    path = Path(out)
    chosen = fmt or ("csv" if path.suffix.lower() == ".csv" else "parquet")
    if chosen not in FORMATS:
        raise ValueError(f"format = {fmt!r}: must be one of {', '.join(FORMATS)}")
    chunks = path if chosen == "parquet" else Path(f"{path}.chunks")
    return SweepOutput(path, chosen, Path(f"{path}.json"), chunks)


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

    def estimate(self) -> dict[str, Any]:
        """What the sweep will take, roughly, before it starts: its points, the CPU and
        wall seconds at ``SECONDS_PER_POINT`` a point, the table's size in memory and the
        output's on disk (Parquet, or CSV at about 2.2 bytes of text per byte)."""
        import os

        from solvers.sweep.batch import verdict_columns

        workers = self.workers or os.cpu_count() or 1
        columns = 2 + len(self.spec.family.parameters) + len(verdict_columns(self.contracts))
        cpu = self.spec.size * SECONDS_PER_POINT
        return {
            "points": self.spec.size,
            "workers": workers,
            "cpu_seconds": round(cpu, 1),
            "wall_seconds": round(cpu / workers, 1),
            "table_bytes": self.spec.size * columns * BYTES_PER_VALUE,
            "output_bytes": round(
                self.spec.size
                * columns
                * BYTES_PER_VALUE
                * (PARQUET_SHARE if self.output is None or self.output.format == "parquet" else 2.2)
            ),
            "out": None if self.output is None else str(self.output.table),
        }

    def finished_csv(self) -> bool:
        """Whether this is a resumed CSV sweep that finished earlier: its table exists
        and its chunks are gone (they are removed only after the CSV is written)."""
        output = self.output
        return (
            self.resume
            and output is not None
            and output.format == "csv"
            and output.table.is_file()
            and not output.chunks.exists()
        )

    def manifest(self) -> dict[str, Any]:
        """What identifies the sweep's chunks: a resumed sweep must have the same."""
        return {
            "sweep": self.spec.describe(),
            "contracts": list(self.contracts),
            "chunk_points": self.chunk_points,
            "skip_infeasible": self.skip_infeasible,
            "table_version": TABLE_VERSION,
        }
