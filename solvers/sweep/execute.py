"""Carrying out a :class:`~solvers.sweep.plan.SweepPlan`: the chunks classified and saved
as they finish (:mod:`solvers.sweep.run`), merged into the table, written with its
sidecar; what was left of an interrupted sweep is resumed, and a failed one leaves
nothing behind that it created.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from contracts.files import atomic_output
from solvers.sweep.plan import SweepPlan
from solvers.sweep.run import (
    Progress,
    first_infeasible,
    infeasible_message,
    load_chunk,
    merge_columns,
    prepare_folder,
    run_chunks,
)
from solvers.sweep.table import pandas_module, read_table, summary, to_frame, write_table


def execute_sweep(plan: SweepPlan, progress: Progress | None = None) -> Any:
    """Classify every point of ``plan``; the table (a pandas DataFrame, one row per
    point), also written to ``plan.output`` when it is set.

    ``progress(done, total)`` is called with the points finished so far.
    """
    started = time.perf_counter()
    spec, names, output = plan.spec, plan.contracts, plan.output
    pandas = pandas_module()
    if output is not None:
        if plan.force:
            for path in (output.table, output.sidecar):
                if path.exists() and path.is_file():
                    path.unlink()
            shutil.rmtree(output.chunks, ignore_errors=True)
        elif output.table.exists() and not plan.resume:
            raise ValueError(f"out {str(output.table)!r}: exists; pass --resume or --force")
        if plan.resume and output.table.exists() and not output.chunks.exists():
            return read_table(output.table, output.format)  # finished earlier: nothing to do
    if not plan.skip_infeasible:
        _, first = first_infeasible(spec, plan.chunk_points)
        if first is not None:
            raise ValueError(infeasible_message(spec, first))
    scratch = None
    if output is None:
        scratch = tempfile.TemporaryDirectory(prefix="predshare-sweep-")
        folder = Path(scratch.name) / "chunks"
    else:
        folder = output.chunks
    created = not folder.exists()
    prepare_folder(folder, plan.manifest(), plan.resume)
    try:
        preloaded: dict[Path, Any] = {}
        paths = run_chunks(
            spec, names, folder, plan.workers, plan.dask, plan.skip_infeasible, progress,
            plan.chunk_points,
            on_chunk=lambda i, path: preloaded.__setitem__(path, load_chunk(path)),
        )  # fmt: skip
        frame = to_frame(merge_columns(paths, names, preloaded), names, spec, pandas)
        skipped = spec.size - len(frame)
        if output is not None:
            write_table(frame, output.table, output.format)
            info = summary(frame, spec, names, skipped, time.perf_counter() - started)
            info.update(
                command=plan.command,
                execution={"workers": plan.workers, "dask": plan.dask,
                           "chunk_points": plan.chunk_points},
                table=str(output.table),
                format=output.format,
            )  # fmt: skip
            with atomic_output(output.sidecar, "sidecar") as handle:
                handle.write((json.dumps(info, indent=1) + "\n").encode())
            shutil.rmtree(folder, ignore_errors=True)
    except BaseException:
        if created and not any(folder.glob("chunk-*.npz")):
            shutil.rmtree(folder, ignore_errors=True)  # nothing done: leave nothing behind
        raise
    finally:
        if scratch is not None:
            scratch.cleanup()
    frame.attrs["swept"] = [a.name for a in spec.axes]
    frame.attrs["contracts"] = list(names)
    frame.attrs["skipped_infeasible"] = skipped
    if skipped:
        points = frame["point"].to_numpy()
        gaps = np.nonzero(points != np.arange(len(points)))[0]
        first_gap = int(gaps[0]) if gaps.size else len(points)
        frame.attrs["first_infeasible"] = (
            f"point {first_gap} ({spec.point_text(first_gap)}): {spec.infeasibility(first_gap)}"
        )
    return frame
