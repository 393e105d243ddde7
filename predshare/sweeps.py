"""``predshare.sweep``: phase diagrams of a built-in setting, as a table (pandas).

The options are parsed and checked here into a :class:`~solvers.sweep.plan.SweepPlan`,
which :func:`solvers.sweep.execute.execute_sweep` carries out. Needs the ``sweep`` extra
(pandas, pyarrow, dask[distributed], matplotlib), loaded only when a sweep runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from contracts.files import output_folder, output_target
from solvers.analysis.environment import resolve_contracts
from solvers.sweep.execute import execute_sweep
from solvers.sweep.grid import sweep_spec
from solvers.sweep.plan import SweepOutput, SweepPlan, sweep_output
from solvers.sweep.run import Progress, check_dask_address, default_chunk_points
from solvers.sweep.table import pandas_module, read_table


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


def plan_sweep(
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
    chunk_points: int | None = None,
    command: str | None = None,
    **more: Any,
) -> SweepPlan:
    """The checked :class:`~solvers.sweep.plan.SweepPlan` of :func:`sweep`'s options
    (a ValueError naming the first bad one; nothing is written)."""
    merged = sweep_parameters(parameters, worlds, more)
    spec = sweep_spec(setting, merged, None, one_sample, random, seed)
    names = tuple(c.name for c in resolve_contracts(contracts))
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise ValueError(f"workers = {workers!r}: must be a positive integer")
    if resume and force:
        raise ValueError("resume and force: choose one")
    check_dask_address(dask)
    pandas_module()  # the extra is installed: checked before anything is written
    output = None if out is None else checked_output(out, format, "out")
    return SweepPlan(
        spec=spec,
        contracts=names,
        chunk_points=chunk_points or default_chunk_points(spec.size),
        output=output,
        workers=workers,
        dask=dask,
        resume=resume,
        force=force,
        skip_infeasible=skip_infeasible,
        command=command or f"predshare.sweep({setting!r}, ...)",
    )


def checked_output(out: str | Path, format: str | None, what: str) -> SweepOutput:
    """Where ``out``'s table goes, checked before any work: a Parquet table is a folder
    (:func:`~contracts.files.output_folder`), a CSV table a file
    (:func:`~contracts.files.output_target`) beside the folder of its chunks, and its
    sidecar ``OUT.json`` a file: either failing would otherwise end the sweep in the
    middle or at its end (a name that fits with its suffix ``.json`` or ``.chunks``
    that does not, say)."""
    output = sweep_output(out, format)
    if output.format == "parquet":
        output_folder(output.table, what)
    else:
        output_target(output.table, what)
        output_folder(output.chunks, f"{what} chunks")
    output_target(output.sidecar, f"{what} sidecar")
    return output


def memory_budget() -> int:
    """Bytes a sweep's table may take in memory before :func:`sweep` returns it lazily:
    a quarter of the machine's physical memory."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return 2**31


def sweep(
    setting: str = "correlation",
    parameters: Mapping[str, Any] | None = None,
    *,
    progress: Progress | None = None,
    dry_run: bool = False,
    announce: Callable[[dict[str, Any]], None] | None = None,
    lazy: bool | None = None,
    **options: Any,
) -> Any:
    """Classify every point of a parameter sweep; a pandas DataFrame, one row per point.

    Any numeric parameter may be a value, a keyword (``indep``/``max``/``min`` for a
    rho, ``rest`` for one prior) or a range ``"LO:HI:N"`` / ``"LO:HI:N:log"``; the points
    are the grid product, or ``random`` points drawn from the box with ``seed``. The
    columns (README, "Phase diagrams") hold the parameters and, per contract, the pure
    equilibrium count, the payoff range of each firm and the dominance row, then IR,
    PO, IRPO and the unique-IRPO verdicts, all equal to ``analyze(..., exact=True)``.

    Options: ``worlds``, ``one_sample``, ``contracts``, ``random``, ``seed``, ``out``,
    ``format``, ``workers``, ``dask``, ``resume``, ``force``, ``skip_infeasible``,
    ``chunk_points``, ``command`` and the parameters as keywords (:func:`plan_sweep`).

    With ``out`` the table is also written with a JSON sidecar ``OUT.json``: Parquet as
    a folder of one file per chunk (a Parquet dataset, ``pandas.read_parquet(OUT)``
    reads it in point order), written by the process that classified the chunk as it
    finishes, or CSV by suffix or ``format``. ``resume=True`` continues an interrupted
    sweep. ``workers`` processes (default all cores), or ``dask="local"`` /
    ``"tcp://HOST:PORT"`` for a Dask cluster (whose workers write into ``out``: a path
    they all share).

    **Lazy results.** No step of the sweep holds the whole table; only the returned
    DataFrame does. ``lazy=True`` returns a ``pyarrow.dataset.Dataset`` over the written
    Parquet table instead (needs a Parquet ``out``), read only when asked
    (``.to_table(columns=...)``, ``.to_batches()``, or ``dask.dataframe.read_parquet``
    of the folder). ``lazy=None`` decides by size: lazy when the table would take more
    than a quarter of this machine's memory (:func:`memory_budget`), and a ValueError
    asking for ``out`` when such a table has nowhere to go.

    ``announce(estimate)`` is called before any work with the sweep's rough estimate
    (points, CPU and wall seconds, the table's bytes); with ``dry_run=True`` that
    estimate is returned and nothing runs.

    Examples
    --------
    >>> df = sweep("correlation", alpha="0.5:1:3", beta="0.5:1:3", rho1="indep",
    ...            rho2="max", workers=1)
    >>> len(df), df["irpo_set"].iloc[0]
    (9, 'no,train,infer,full')
    """
    if lazy is not None and not isinstance(lazy, bool):
        raise ValueError(f"lazy = {lazy!r}: must be True, False or None")
    plan = plan_sweep(setting, parameters, **options)
    estimate = plan.estimate()
    parquet = plan.output is not None and plan.output.format == "parquet"
    if lazy is None:
        lazy = estimate["table_bytes"] > memory_budget()
        if lazy and not parquet:
            raise ValueError(
                f"sweep of {plan.spec.size:,} points: its table (about "
                f"{estimate['table_bytes'] / 2**30:.1f} GiB) would not fit in memory; "
                "pass out=FILE.parquet and read it lazily"
            )
    elif lazy and not parquet:
        raise ValueError(f"lazy = True: needs a Parquet out (got out = {options.get('out')!r})")
    if dry_run:
        return estimate
    if announce is not None:
        announce(estimate)
    if plan.finished_csv():  # resumed after it finished: nothing left to do
        assert plan.output is not None
        return read_table(plan.output.table, plan.output.format)
    with execute_sweep(plan, progress) as run:
        return run.dataset() if lazy else run.frame()
