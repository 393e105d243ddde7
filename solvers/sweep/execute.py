"""Carrying out a :class:`~solvers.sweep.plan.SweepPlan`: the chunks classified and
written as they finish (:mod:`solvers.sweep.run`), the totals summed as they come, the
sidecar written; what was left of an interrupted sweep is resumed, and a failed one
leaves nothing behind that it created. No step holds the whole table: a
:class:`SweepRun` reads it, whole or a chunk at a time, only when asked.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contracts.files import atomic_output
from solvers.sweep.plan import SweepPlan
from solvers.sweep.run import (
    Progress,
    first_infeasible,
    infeasible_message,
    is_sweep_folder,
    prepare_folder,
    run_chunks,
)
from solvers.sweep.table import iter_batches, parts_dataset, read_parts, summary, write_csv
from solvers.sweep.totals import Counts


@dataclass
class SweepRun:
    """A finished sweep: its totals (:mod:`solvers.sweep.totals`) and its chunk files
    in point order, readable until :meth:`close` (a scratch folder is removed then)."""

    plan: SweepPlan
    totals: Counts
    parts: list[Path]
    seconds: float
    _scratch: Any = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return int(self.totals["rows"])

    def frame(self, columns: Sequence[str] | None = None) -> Any:
        """The table as a pandas DataFrame (``columns``: only those), with the sweep's
        attributes (swept parameters, contracts, infeasible points skipped)."""
        spec = self.plan.spec
        frame = read_parts(self.parts, self.plan.contracts, columns)
        frame.attrs["swept"] = [a.name for a in spec.axes]
        frame.attrs["contracts"] = list(self.plan.contracts)
        frame.attrs["skipped_infeasible"] = spec.size - self.rows
        if self.first_infeasible() is not None:
            frame.attrs["first_infeasible"] = self.first_infeasible()
        return frame

    def first_infeasible(self) -> str | None:
        """The first point skipped as infeasible and why, or None."""
        first, spec = self.totals["first_skipped"], self.plan.spec
        if first is None:
            return None
        return f"point {first} ({spec.point_text(first)}): {spec.infeasibility(first)}"

    def batches(self, columns: Sequence[str]) -> Iterator[Any]:
        """The table's ``columns``, one chunk at a time, in point order."""
        return iter_batches(self.parts, columns)

    def dataset(self) -> Any:
        """The table as a lazy ``pyarrow.dataset.Dataset`` (nothing read yet)."""
        return parts_dataset(self.parts)

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def __enter__(self) -> SweepRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def clear_output(plan: SweepPlan) -> None:
    """Remove an earlier table, sidecar and chunks of ``plan`` (``force``); a folder
    that is not a sweep's is never removed."""
    output = plan.output
    assert output is not None
    for path in (output.table, output.chunks):
        if path.is_dir():
            if not is_sweep_folder(path):
                raise ValueError(
                    f"out {str(path)!r}: is a folder that is not a predshare sweep's; "
                    "--force replaces sweeps only"
                )
            shutil.rmtree(path)
        elif path.exists() and path != output.chunks:
            path.unlink()
    if output.sidecar.is_file():
        output.sidecar.unlink()


def execute_sweep(plan: SweepPlan, progress: Progress | None = None) -> SweepRun:
    """Classify every point of ``plan`` not yet done; the finished :class:`SweepRun`.

    With an output, a Parquet table is the folder of chunk files itself (a Parquet
    dataset), a CSV table is streamed from the chunks, which are then removed; the
    sidecar ``OUT.json`` is written last, so a table with its sidecar is finished.
    ``progress(done, total)`` is called with the points finished so far.
    """
    started = time.perf_counter()
    spec, names, output = plan.spec, plan.contracts, plan.output
    if output is not None:
        if plan.force:
            clear_output(plan)
        elif output.table.exists() and not plan.resume:
            raise ValueError(f"out {str(output.table)!r}: exists; pass --resume or --force")
    if not plan.skip_infeasible:
        _, first = first_infeasible(spec, plan.chunk_points)
        if first is not None:
            raise ValueError(infeasible_message(spec, first))
    scratch: Any = None
    if output is None:
        scratch = tempfile.TemporaryDirectory(prefix="predshare-sweep-")
        folder = Path(scratch.name) / "chunks"
    else:
        folder = output.chunks
        if plan.finished_csv():
            raise ValueError(
                f"out {str(output.table)!r}: is a finished CSV table; pass --force to redo it"
            )
    created = not folder.exists()
    prepare_folder(folder, plan.manifest(), plan.resume)
    try:
        paths, totals = run_chunks(
            spec, names, folder, plan.workers, plan.dask, plan.skip_infeasible, progress,
            plan.chunk_points, shared=output is not None,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if output is not None:
            for stray in folder.glob(".predshare-*.tmp"):  # left by a killed worker
                stray.unlink(missing_ok=True)
            if output.format == "csv":
                write_csv(paths, output.table)
            info = summary(totals, spec, names, seconds)
            info.update(
                command=plan.command,
                execution={"workers": plan.workers, "dask": plan.dask,
                           "chunk_points": plan.chunk_points},
                table=str(output.table),
                format=output.format,
            )  # fmt: skip
            with atomic_output(output.sidecar, "sidecar") as handle:
                handle.write((json.dumps(info, indent=1) + "\n").encode())
    except BaseException:
        if created and not any(folder.glob("part-*.parquet")):
            shutil.rmtree(folder, ignore_errors=True)  # nothing done: leave nothing behind
        if scratch is not None:
            scratch.cleanup()
        raise
    if output is not None and output.format == "csv":
        scratch = _Removal(folder)  # the CSV is the table: its chunks go once the run closes
    return SweepRun(plan, totals, paths, seconds, scratch)


class _Removal:
    """A folder removed on cleanup (a CSV sweep's chunks, once they are read)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
