"""``predshare.sweep``: phase diagrams of a built-in setting, as a table (pandas).

Needs the ``sweep`` extra (pandas, pyarrow, dask[distributed], matplotlib); nothing
here is imported by the solving path, and the heavy libraries only inside functions.
"""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from contracts.files import atomic_output, output_target
from solvers.analysis import resolve_contracts
from solvers.sweep.batch import TOLERANCE
from solvers.sweep.grid import Axis, SweepSpec, sweep_spec
from solvers.sweep.run import (
    Progress,
    check_dask_address,
    default_chunk_points,
    first_infeasible,
    infeasible_message,
    load_chunk,
    merge_columns,
    prepare_folder,
    run_chunks,
)

FORMATS = ("parquet", "csv")
#: Version of the table's layout (columns and their encoding); see the README.
TABLE_VERSION = 1


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ValueError(
            "sweep: needs pandas and pyarrow; pip install 'predshare[sweep]'"
        ) from None
    return pandas


def sweep_parameters(
    parameters: Mapping[str, Any] | None,
    worlds: Sequence[tuple[Any, Any]] | None,
    more: Mapping[str, Any],
) -> dict[str, Any]:
    """One parameter mapping from a mapping, ``worlds`` as (rho, prior) pairs, and
    keywords (``lam`` stands for ``lambda``, a Python keyword)."""
    merged: dict[str, Any] = dict(parameters or {})
    for key, value in more.items():
        merged["lambda" if key == "lam" else key] = value
    for k, (rho, prior) in enumerate(worlds or (), start=1):
        merged.setdefault(f"rho{k}", rho)
        if prior is not None:
            merged.setdefault(f"prior{k}", prior)
    return merged


def output_paths(out: str | Path, fmt: str | None) -> tuple[Path, str, Path, Path]:
    """The table, its format, the JSON sidecar and the chunk folder of ``out``."""
    path = Path(out)
    chosen = fmt or ("csv" if path.suffix.lower() == ".csv" else "parquet")
    if chosen not in FORMATS:
        raise ValueError(f"format = {fmt!r}: must be one of {', '.join(FORMATS)}")
    return path, chosen, Path(f"{path}.json"), Path(f"{path}.chunks")


def sweep(
    setting: str = "correlation",
    parameters: Mapping[str, Any] | None = None,
    *,
    worlds: Sequence[tuple[Any, Any]] | None = None,
    one_sample: bool = False,
    contracts: str | Sequence[str] = "standard",
    random: int | None = None,
    seed: int = 0,
    out: str | Path | None = None,
    format: str | None = None,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = False,
    force: bool = False,
    skip_infeasible: bool = False,
    progress: Progress | None = None,
    chunk_points: int | None = None,
    command: str | None = None,
    **more: Any,
) -> Any:
    """Classify every point of a parameter sweep; a pandas DataFrame, one row per point.

    Any numeric parameter may be a value, a keyword (``indep``/``max``/``min`` for a
    rho, ``rest`` for one prior) or a range ``"LO:HI:N"`` / ``"LO:HI:N:log"``; the points
    are the grid product, or ``random`` points drawn from the box with ``seed``. The
    columns (README, "Phase diagrams") hold the parameters and, per contract, the pure
    equilibrium count, the payoff range of each firm and the dominance row, then IR,
    PO, IRPO and the unique-IRPO verdicts, all equal to ``analyze(..., exact=True)``.

    With ``out`` the table is also written (Parquet, or CSV by suffix or ``format``)
    with a JSON sidecar ``OUT.json``; chunks go to ``OUT.chunks/`` as they finish and
    ``resume=True`` continues an interrupted sweep. ``workers`` processes (default all
    cores), or ``dask="local"`` / ``"tcp://HOST:PORT"`` for a Dask cluster.

    Examples
    --------
    >>> df = sweep("correlation", alpha="0.5:1:3", beta="0.5:1:3", rho1="indep",
    ...            rho2="max", workers=1)
    >>> len(df), df["irpo_set"].iloc[0]
    (9, 'no,train,infer,full')
    """
    started = time.perf_counter()
    merged = sweep_parameters(parameters, worlds, more)
    spec = sweep_spec(setting, merged, None, one_sample, random, seed)
    names = tuple(c.name for c in resolve_contracts(contracts))
    chunk_points = chunk_points or default_chunk_points(spec.size)
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise ValueError(f"workers = {workers!r}: must be a positive integer")
    if resume and force:
        raise ValueError("resume and force: choose one")
    check_dask_address(dask)
    pandas = _pandas()
    table = sidecar = folder = None
    fmt = None
    if out is not None:
        table, fmt, sidecar, folder = output_paths(out, format)
        output_target(table, "out")
        if force:
            for path in (table, sidecar):
                if path.exists() and path.is_file():
                    path.unlink()
            shutil.rmtree(folder, ignore_errors=True)
        elif table.exists() and not resume:
            raise ValueError(f"out {str(table)!r}: exists; pass --resume or --force")
        if resume and table.exists() and not folder.exists():
            return read_table(table, fmt)  # finished earlier: nothing to resume
    skipped = 0
    if not skip_infeasible:
        _, first = first_infeasible(spec, chunk_points)
        if first is not None:
            raise ValueError(infeasible_message(spec, first))
    manifest = {
        "sweep": spec.describe(),
        "contracts": list(names),
        "chunk_points": chunk_points,
        "skip_infeasible": skip_infeasible,
        "table_version": TABLE_VERSION,
    }
    scratch = None
    if folder is None:
        scratch = tempfile.TemporaryDirectory(prefix="predshare-sweep-")
        folder = Path(scratch.name) / "chunks"
    created = not folder.exists()
    prepare_folder(folder, manifest, resume)
    try:
        preloaded: dict[Path, Any] = {}
        paths = run_chunks(
            spec, names, folder, workers, dask, skip_infeasible, progress, chunk_points,
            on_chunk=lambda i, path: preloaded.__setitem__(path, load_chunk(path)),
        )  # fmt: skip
        columns = merge_columns(paths, names, preloaded)
        frame = to_frame(columns, names, spec, pandas)
        skipped = spec.size - len(frame)
        if table is not None and fmt is not None and sidecar is not None:
            write_table(frame, table, fmt)
            info = summary(frame, spec, names, skipped, time.perf_counter() - started)
            info.update(
                command=command or f"predshare.sweep({setting!r}, ...)",
                execution={"workers": workers, "dask": dask, "chunk_points": chunk_points},
                table=str(table),
                format=fmt,
            )
            with atomic_output(sidecar, "sidecar") as handle:
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
        first = int(gaps[0]) if gaps.size else len(points)
        frame.attrs["first_infeasible"] = (
            f"point {first} ({spec.point_text(first)}): {spec.infeasibility(first)}"
        )
    return frame


def set_names(masks: np.ndarray, names: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Bitmasks as codes into their distinct values written as comma-joined contract
    names (bit k: ``names[k]``)."""
    distinct = np.unique(masks)
    text = [",".join(n for k, n in enumerate(names) if int(m) >> k & 1) for m in distinct]
    return np.searchsorted(distinct, masks), text


def to_frame(
    columns: Mapping[str, np.ndarray], names: Sequence[str], spec: SweepSpec, pandas: Any
) -> Any:
    """The table: columns in a fixed order, contract sets also as readable categories."""
    data: dict[str, Any] = {"point": columns["point"]}
    for name in spec.family.parameters:
        data[name] = columns[name]
    for name in names:
        for key in ("equilibria", "u1_min", "u1_max", "u2_min", "u2_max", "dominates"):
            data[f"{name}.{key}"] = columns[f"{name}.{key}"]
    for key in ("ir", "po", "irpo"):
        data[key] = columns[key]
    codes, text = set_names(columns["irpo"], names)
    data["irpo_set"] = pandas.Categorical.from_codes(codes, categories=text)
    for key in ("unique_irpo", "unique_irpo_up_to_equivalence"):
        data[key] = pandas.Categorical.from_codes(columns[key], categories=list(names))
    data["exact_rechecked"] = columns["exact_rechecked"].astype(bool)
    return pandas.DataFrame(data, copy=False)  # the merged columns are fresh: no copy


def write_table(frame: Any, path: Path, fmt: str) -> None:
    """Write the table atomically: nothing half-written if interrupted."""
    with atomic_output(path, "out") as handle:
        if fmt == "parquet":
            frame.to_parquet(handle, index=False)
        else:
            frame.to_csv(handle, index=False)


def read_table(path: Path, fmt: str) -> Any:
    pandas = _pandas()
    return pandas.read_parquet(path) if fmt == "parquet" else pandas.read_csv(path)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def irpo_set_counts(frame: Any) -> dict[str, int]:
    """How many rows have each IRPO set, most common first (sets that occur only)."""
    counts = frame["irpo_set"].astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items() if v}


def summary(
    frame: Any, spec: SweepSpec, names: Sequence[str], skipped: int, seconds: float
) -> dict[str, Any]:
    """The JSON sidecar's content: what was swept, versions and counts."""
    unique = frame["unique_irpo"].value_counts(dropna=False)
    return {
        "table_version": TABLE_VERSION,
        "sweep": spec.describe(),
        "swept": [a.name for a in spec.axes],
        "axes": {a.name: a.text() for a in spec.axes if isinstance(a, Axis)},
        "contracts": list(names),
        "points": spec.size,
        "rows": int(len(frame)),
        "skipped_infeasible": int(skipped),
        "exact_rechecked": int(frame["exact_rechecked"].sum()),
        "tolerance": TOLERANCE,
        "irpo_sets": irpo_set_counts(frame),
        "unique_irpo": {
            ("none" if k is None or k != k else str(k)): int(v) for k, v in unique.items() if v
        },
        "multiple_equilibria": {n: int((frame[f"{n}.equilibria"] > 1).sum()) for n in names},
        "seconds": round(seconds, 3),
        "versions": {
            "predshare": _version("predshare"),
            "python": platform.python_version(),
            **{p: _version(p) for p in ("numpy", "pandas", "pyarrow", "dask", "distributed")},
        },
    }
