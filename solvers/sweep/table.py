"""The sweep's table: the classified columns as a pandas DataFrame in a fixed column
order, written as Parquet or CSV, and its JSON sidecar (README, "Phase diagrams").

Needs the ``sweep`` extra (pandas, pyarrow), imported on first use.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from contracts.files import atomic_output
from solvers.sweep.batch import TOLERANCE
from solvers.sweep.grid import Axis, SweepSpec

#: Version of the table's layout (columns and their encoding); see the README.
TABLE_VERSION = 1


def pandas_module() -> Any:
    """pandas, or a one-line error naming the extra to install."""
    try:
        import pandas
    except ImportError:
        raise ValueError(
            "sweep: needs pandas and pyarrow; pip install 'predshare[sweep]'"
        ) from None
    return pandas


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
    pandas = pandas_module()
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
