"""``predshare.sweep``: phase diagrams of a built-in setting, as a table (pandas).

The options are parsed and checked here into a :class:`~solvers.sweep.plan.SweepPlan`,
which :func:`solvers.sweep.execute.execute_sweep` carries out. Needs the ``sweep`` extra
(pandas, pyarrow, dask[distributed], matplotlib), loaded only when a sweep runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from contracts.files import output_target
from solvers.analysis.environment import resolve_contracts
from solvers.sweep.execute import execute_sweep
from solvers.sweep.grid import sweep_spec
from solvers.sweep.plan import SweepPlan, sweep_output
from solvers.sweep.run import Progress, check_dask_address, default_chunk_points
from solvers.sweep.table import pandas_module


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
    dry_run: bool = False,
    announce: Callable[[dict[str, Any]], None] | None = None,
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
    output = None
    if out is not None:
        output = sweep_output(out, format)
        output_target(output.table, "out")
    plan = SweepPlan(
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
    if dry_run:
        return plan.estimate()
    if announce is not None:
        announce(plan.estimate())
    return execute_sweep(plan, progress)
