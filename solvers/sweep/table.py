"""The sweep's table: the classified columns as a pandas DataFrame in a fixed column
order, one Parquet file per chunk (a Parquet dataset, read in point order), streamed
into CSV when asked, and its JSON sidecar (README, "Phase diagrams").

Needs the ``sweep`` extra (pandas, pyarrow), imported on first use.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from contracts.files import atomic_output
from solvers.sweep.batch import TOLERANCE
from solvers.sweep.grid import Axis, SweepSpec
from solvers.sweep.totals import (
    COUNTS_KEY,
    Counts,
    add_counts,
    irpo_sets,
    set_text,
    unique_irpo,
)

#: Version of the table's layout (columns and their encoding); see the README. 2: a
#: Parquet table is a folder of one file per chunk (a Parquet dataset).
TABLE_VERSION = 2
#: Rows per CSV write while a CSV table is streamed from the chunks.
CSV_BATCH_ROWS = 65536


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
    text = [set_text(int(m), names) for m in distinct]
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


def write_part(
    path: Path,
    blocks: Iterable[tuple[Mapping[str, np.ndarray], Counts]],
    names: Sequence[str],
    spec: SweepSpec,
) -> Counts:
    """One chunk's rows as a Parquet file, written atomically block by block (a row
    group each, so that memory does not grow with the chunk), with the chunk's counts,
    the sum of the blocks', in the file's metadata; the counts. A file that exists is
    whole; the temporary one starts with a dot, which Parquet readers skip."""
    import pyarrow
    import pyarrow.parquet

    pandas = pandas_module()
    total: Counts | None = None
    with atomic_output(path, "chunk") as handle:
        writer = None
        for columns, counts in blocks:
            frame = to_frame(columns, names, spec, pandas)
            table = pyarrow.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pyarrow.parquet.ParquetWriter(handle, table.schema)
            writer.write_table(table)
            total = counts if total is None else add_counts(total, counts)
        if writer is None or total is None:
            raise ValueError(f"chunk {str(path)!r}: no rows were given to write")
        writer.add_key_value_metadata({COUNTS_KEY: json.dumps(total, sort_keys=True)})
        writer.close()
    return total


def part_counts(path: Path) -> Counts | None:
    """A finished chunk's counts, or None when its file is missing or unreadable."""
    try:
        import pyarrow.parquet

        metadata = pyarrow.parquet.read_metadata(path).metadata or {}
        return dict(json.loads(metadata[COUNTS_KEY]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_parts(
    paths: Sequence[Path], names: Sequence[str], columns: Sequence[str] | None = None
) -> Any:
    """The chunks' rows as one DataFrame in point order (``columns``: only those), the
    IRPO sets as categories in bitmask order whatever the chunking."""
    pandas = pandas_module()
    if not paths:
        return pandas.DataFrame()
    frame = (
        parts_dataset(paths)
        .to_table(columns=None if columns is None else list(columns))
        .to_pandas()
    )
    if "irpo_set" in frame.columns and "irpo" in frame.columns:
        codes, text = set_names(frame["irpo"].to_numpy(), names)
        frame["irpo_set"] = pandas.Categorical.from_codes(codes, categories=text)
    return frame


def parts_dataset(paths: Sequence[Path]) -> Any:
    """The chunk files as one lazy ``pyarrow.dataset.Dataset``, in point order."""
    import pyarrow.dataset

    return pyarrow.dataset.dataset([str(p) for p in paths], format="parquet")


def iter_batches(paths: Sequence[Path], columns: Sequence[str]) -> Iterator[Any]:
    """The chunks' rows in point order as pandas DataFrames of one chunk at most (only
    ``columns``): what streaming aggregates read, one chunk in memory at a time."""
    import pyarrow.parquet

    for path in paths:
        yield pyarrow.parquet.read_table(path, columns=list(columns)).to_pandas()


def write_csv(paths: Sequence[Path], target: Path) -> None:
    """The chunks streamed into one CSV file atomically, a batch of rows at a time."""
    import pyarrow.parquet

    with atomic_output(target, "out") as handle:
        header = True
        for path in paths:
            parquet = pyarrow.parquet.ParquetFile(path)
            for batch in parquet.iter_batches(batch_size=CSV_BATCH_ROWS):
                frame = batch.to_pandas()
                handle.write(frame.to_csv(index=False, header=header).encode())
                header = False
        if header:  # no rows at all: the header alone
            schema = pyarrow.parquet.read_schema(paths[0]) if paths else None
            if schema is not None:
                handle.write((",".join(schema.names) + "\n").encode())


def read_table(path: Path, fmt: str) -> Any:
    """A finished table (a Parquet dataset folder or file, or a CSV file) as a DataFrame."""
    pandas = pandas_module()
    return pandas.read_parquet(path) if fmt == "parquet" else pandas.read_csv(path)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def summary(
    counts: Counts, spec: SweepSpec, names: Sequence[str], seconds: float
) -> dict[str, Any]:
    """The JSON sidecar's content: what was swept, versions and counts (from the
    streaming totals, :mod:`solvers.sweep.totals`)."""
    return {
        "table_version": TABLE_VERSION,
        "sweep": spec.describe(),
        "swept": [a.name for a in spec.axes],
        "axes": {a.name: a.text() for a in spec.axes if isinstance(a, Axis)},
        "contracts": list(names),
        "points": spec.size,
        "rows": counts["rows"],
        "skipped_infeasible": spec.size - counts["rows"],
        "exact_rechecked": counts["exact_rechecked"],
        "tolerance": TOLERANCE,
        "irpo_sets": irpo_sets(counts, names),
        "unique_irpo": unique_irpo(counts, names),
        "multiple_equilibria": dict(counts["multiple_equilibria"]),
        "seconds": round(seconds, 3),
        "versions": {
            "predshare": _version("predshare"),
            "python": platform.python_version(),
            **{p: _version(p) for p in ("numpy", "pandas", "pyarrow", "dask", "distributed")},
        },
    }
