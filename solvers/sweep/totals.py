"""A sweep's streaming totals: what its summary says, counted chunk by chunk where each
chunk is classified and summed in the coordinating process, so that no process ever
holds the whole table (README, "Phase diagrams").

A chunk's counts are small: its rows, its exact rechecks, how many rows have each IRPO
bitmask and each unique-IRPO verdict, and how many have several equilibria per contract.
They travel back from the worker instead of the rows, and are stored in the chunk's
Parquet file (key ``predshare.counts``) so that a resumed sweep recounts nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: The key of a chunk's counts in its Parquet file's metadata.
COUNTS_KEY = b"predshare.counts"

Counts = dict[str, Any]


def _tally(values: np.ndarray) -> dict[str, int]:
    distinct, counts = np.unique(values, return_counts=True)
    return {str(int(v)): int(c) for v, c in zip(distinct, counts)}


def chunk_counts(
    columns: Mapping[str, np.ndarray], names: Sequence[str], start: int, stop: int
) -> Counts:
    """The counts of the chunk of points ``start..stop-1`` whose kept rows are
    ``columns`` (points dropped as infeasible are the ones missing)."""
    points = columns["point"]
    gaps = np.nonzero(points != np.arange(start, start + len(points)))[0]
    first_skipped = None
    if len(points) < stop - start:
        first_skipped = start + int(gaps[0]) if gaps.size else start + len(points)
    return {
        "points": stop - start,
        "rows": int(len(points)),
        "first_skipped": first_skipped,
        "exact_rechecked": int(np.count_nonzero(columns["exact_rechecked"])),
        "irpo": _tally(columns["irpo"]),
        "unique_irpo": _tally(columns["unique_irpo"]),
        "multiple_equilibria": {
            n: int(np.count_nonzero(columns[f"{n}.equilibria"] > 1)) for n in names
        },
    }


def empty_counts(names: Sequence[str]) -> Counts:
    """The counts of no points."""
    return {
        "points": 0,
        "rows": 0,
        "first_skipped": None,
        "exact_rechecked": 0,
        "irpo": {},
        "unique_irpo": {},
        "multiple_equilibria": {n: 0 for n in names},
    }


def add_counts(total: Counts, part: Counts) -> Counts:
    """``total`` and ``part`` summed (a new mapping)."""
    firsts = [f for f in (total["first_skipped"], part["first_skipped"]) if f is not None]

    def merged(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
        out = dict(a)
        for key, value in b.items():
            out[key] = out.get(key, 0) + value
        return out

    return {
        "points": total["points"] + part["points"],
        "rows": total["rows"] + part["rows"],
        "first_skipped": min(firsts) if firsts else None,
        "exact_rechecked": total["exact_rechecked"] + part["exact_rechecked"],
        "irpo": merged(total["irpo"], part["irpo"]),
        "unique_irpo": merged(total["unique_irpo"], part["unique_irpo"]),
        "multiple_equilibria": merged(total["multiple_equilibria"], part["multiple_equilibria"]),
    }


def set_text(mask: int, names: Sequence[str]) -> str:
    """A bitmask as comma-joined contract names (bit k: ``names[k]``)."""
    return ",".join(n for k, n in enumerate(names) if mask >> k & 1)


def irpo_sets(counts: Counts, names: Sequence[str]) -> dict[str, int]:
    """Rows per IRPO set, most common first (then by bitmask)."""
    order = sorted(counts["irpo"].items(), key=lambda kv: (-kv[1], int(kv[0])))
    return {set_text(int(mask), names): n for mask, n in order if n}


def unique_irpo(counts: Counts, names: Sequence[str]) -> dict[str, int]:
    """Rows per unique IRPO contract (``none`` where there is none), most common first."""
    order = sorted(counts["unique_irpo"].items(), key=lambda kv: (-kv[1], int(kv[0])))
    return {("none" if int(k) < 0 else names[int(k)]): n for k, n in order if n}
