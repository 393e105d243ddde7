"""``predshare sweep SETTING``: phase diagrams, the IRPO analysis of every point of ranges
of parameters, as a table (Parquet or CSV), a summary and a picture."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from typing import Any

from contracts import to_fraction
from predshare.commands.common import (
    CORRELATION_FLAGS,
    HYPOTHESES_FLAGS,
    SETTINGS,
    ProgressBar,
    UsageError,
    add_hypotheses_parameters,
    check_outputs,
    count,
    reject_stray,
)
from predshare.commands.common import HELP as COMMON
from predshare.commands.common import SETTING_HELP as SETTING
from predshare.report import format_table

HELP = {
    "sweep": "phase diagrams: classify every point of ranges of parameters (LO:HI:N[:log])",
    "setting": "'correlation' or 'hypotheses'; any number flag may be a range LO:HI:N "
    "or LO:HI:N:log",
    "set": "any parameter by name, e.g. rho1=0.3:0.5:20 or prior1=0.1:0.9:9 (repeat)",
    "world": "a world RHO[:PRIOR]: rho a number, indep, max or min; prior a number or "
    "rest (default 1/K); repeat",
    "random": "draw N random points from the box of the ranges instead of the grid",
    "seed": "seed of --random (default 0)",
    "out": "write the table (Parquet, or CSV by suffix) and FILE.json; chunks go to "
    "FILE.chunks/ while it runs",
    "format": "table format (default: from the suffix, else parquet)",
    "plot": "draw the phase diagram over the first two swept parameters",
    "axis": "parameter on this axis of the plot (default: the swept ones, in order)",
    "facet": "parameter of the plot's small multiples (default: the third swept one)",
    "mark": "mark the point X,Y on the plot with a star (repeat)",
    "workers": "worker processes (default: all cores)",
    "dask": "run on Dask: 'local' starts a LocalCluster, or a scheduler tcp://HOST:PORT",
    "resume": "continue an interrupted sweep (skips finished chunks)",
    "force": "replace an existing table and its chunks",
    "skip_infeasible": "skip points outside the feasible set instead of stopping",
    "chunk_points": "points per chunk file (a multiple of 4096; default 65536)",
    "dry_run": "print the sweep's points, rough time and table size, and run nothing",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("sweep", help=HELP["sweep"])
    cmd.add_argument("setting", choices=SETTINGS, help=HELP["setting"])
    corr = cmd.add_argument_group(SETTING["group.correlation"])
    for name in ("alpha", "beta", "reward", "cost"):
        corr.add_argument(f"--{name}", help=SETTING[name])
    corr.add_argument("--world", action="append", metavar="RHO[:PRIOR]", help=HELP["world"])
    hyp = cmd.add_argument_group(SETTING["group.hypotheses"])
    add_hypotheses_parameters(hyp)
    hyp.add_argument(
        "--one-sample", dest="one_sample", action="store_true", help=SETTING["one_sample"]
    )
    cmd.add_argument("--set", action="append", metavar="NAME=VALUE", help=HELP["set"])
    cmd.add_argument("--contracts", default="standard", choices=("standard", "directional"),
                     help=COMMON["contracts"])  # fmt: skip
    cmd.add_argument("--random", metavar="N", help=HELP["random"])
    cmd.add_argument("--seed", metavar="S", default="0", help=HELP["seed"])
    cmd.add_argument("--out", metavar="FILE", help=HELP["out"])
    cmd.add_argument("--format", choices=("parquet", "csv"), help=HELP["format"])
    cmd.add_argument("--plot", metavar="FILE.png", help=HELP["plot"])
    for axis in ("x", "y"):
        cmd.add_argument(f"--{axis}", metavar="NAME", help=HELP["axis"])
    cmd.add_argument("--facet", metavar="NAME", help=HELP["facet"])
    cmd.add_argument("--mark", action="append", metavar="X,Y", help=HELP["mark"])
    cmd.add_argument("--workers", metavar="N", help=HELP["workers"])
    cmd.add_argument("--dask", metavar="ADDRESS", help=HELP["dask"])
    cmd.add_argument("--resume", action="store_true", help=HELP["resume"])
    cmd.add_argument("--force", action="store_true", help=HELP["force"])
    cmd.add_argument("--skip-infeasible", dest="skip_infeasible", action="store_true",
                     help=HELP["skip_infeasible"])  # fmt: skip
    cmd.add_argument("--chunk-points", dest="chunk_points", metavar="N",
                     help=HELP["chunk_points"])  # fmt: skip
    cmd.add_argument("--dry-run", dest="dry_run", action="store_true", help=HELP["dry_run"])
    cmd.add_argument("--json", action="store_true", help=COMMON["json.short"])
    cmd.set_defaults(run=run)


#: Sweeps of at least this many points say what they will take before they start.
ANNOUNCE_FROM = 1_000_000


def estimate_text(estimate: dict[str, Any]) -> str:
    """``100,000,000 points, about 13 min on 2 workers, a table of 30 GiB in memory
    and about 19 GiB on disk, written to big.parquet (a rough estimate)``."""

    def duration(seconds: float) -> str:
        return (f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"
                if seconds < 7200 else f"{seconds / 3600:.1f} h")  # fmt: skip

    def size(count: float) -> str:
        return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.0f} MiB"

    where = (f"written to {estimate['out']}" if estimate["out"]
             else "in a scratch folder (no --out)")  # fmt: skip
    return (f"{estimate['points']:,} points, about {duration(estimate['wall_seconds'])} on "
            f"{estimate['workers']} worker{'s' if estimate['workers'] != 1 else ''}, a table of "
            f"{size(estimate['table_bytes'])} in memory and about "
            f"{size(estimate['output_bytes'])} on disk, {where} (a rough estimate)")  # fmt: skip


def mark(text: str) -> tuple[float, float]:
    """``X,Y``: a point to mark on the phase plot."""
    x, sep, y = text.partition(",")
    if not sep:
        raise UsageError(f"--mark = {text!r}: must be X,Y (e.g. 0.7205,0.5135)")
    return float(to_fraction(x, "--mark")), float(to_fraction(y, "--mark"))


def sweep_parameters_from_args(args: argparse.Namespace) -> dict[str, str]:
    """The sweep's parameter texts from the setting flags, --world and --set."""
    setting_flags = CORRELATION_FLAGS if args.setting == "correlation" else HYPOTHESES_FLAGS
    other = HYPOTHESES_FLAGS if args.setting == "correlation" else CORRELATION_FLAGS
    reject_stray({k for k in other if getattr(args, k, None)}, args.setting)
    names = {"lam": "lambda"}
    parameters = {
        names.get(k, k): getattr(args, k)
        for k in setting_flags
        if k not in ("world", "one_sample", "samples") and getattr(args, k, None) is not None
    }
    for k, text in enumerate(getattr(args, "world", None) or [], start=1):
        rho, sep, prior = text.partition(":")
        if not rho.strip() or (sep and not prior.strip()) or ":" in prior:
            raise UsageError(
                f"--world = {text!r}: must be RHO or RHO:PRIOR (e.g. indep:1/2); "
                f"sweep a world with --set rho{k}=LO:HI:N"
            )
        parameters[f"rho{k}"] = rho.strip()
        if sep:
            parameters[f"prior{k}"] = prior.strip()
    for text in args.set or []:
        name, sep, value = text.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise UsageError(f"--set = {text!r}: must be NAME=VALUE, e.g. rho1=0.3:0.5:20")
        parameters[name.strip()] = value.strip()
    return parameters


#: Sweeps of at most this many rows are plotted from the table itself (grid cells or
#: dots); larger ones are rasterized from per-pixel aggregates, a chunk at a time.
PLOT_FROM_TABLE_ROWS = 2**20


def run(args: argparse.Namespace) -> int:
    """Classify every point of the sweep; print a summary (or its JSON). The table is
    never loaded whole: the summary comes from the streaming totals and the plot from
    the table (small sweeps) or per-pixel aggregates (large ones)."""
    from predshare.sweeps import checked_output, plan_sweep
    from solvers.sweep.execute import execute_sweep

    if args.out is None and (args.resume or args.force):
        raise UsageError("--resume/--force: need --out (the sweep's table and chunks)")
    if args.out is not None:
        checked_output(args.out, args.format, "--out")
    check_outputs(args, ("plot",))
    parameters = sweep_parameters_from_args(args)
    marks = [mark(text) for text in args.mark or []]
    random = count(args.random, "--random")
    seed = count(args.seed, "--seed", least=0) or 0
    workers = count(args.workers, "--workers")
    chunk_points = count(args.chunk_points, "--chunk-points")
    plan = plan_sweep(
        args.setting,
        parameters,
        one_sample=bool(getattr(args, "one_sample", False)),
        contracts=args.contracts,
        random=random,
        seed=seed,
        out=args.out,
        format=args.format,
        workers=workers,
        dask=args.dask,
        resume=args.resume,
        force=args.force,
        skip_infeasible=args.skip_infeasible,
        chunk_points=chunk_points,
        command="predshare " + " ".join(sys.argv[1:]),
    )
    estimate = plan.estimate()
    if args.dry_run:
        sys.stdout.write(json.dumps(estimate, indent=2) + "\n" if args.json
                         else estimate_text(estimate) + "\n")  # fmt: skip
        return 0
    if estimate["points"] >= ANNOUNCE_FROM:
        print(f"predshare: sweep: {estimate_text(estimate)}", file=sys.stderr)
    if plan.finished_csv():
        raise UsageError(
            f"--out = {args.out!r}: a finished sweep (its summary is in {args.out}.json); "
            "pass --force to redo it"
        )
    bar = ProgressBar("sweeping", total=1, unit="points")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done)

    try:
        run_ = execute_sweep(plan, progress)
    finally:
        bar.close()
    with run_:
        if args.plot:
            from predshare.plots.phase import phase_plot, phase_raster_plot, save_phase_plot

            if run_.rows <= PLOT_FROM_TABLE_ROWS:
                figure = phase_plot(run_.frame(), args.x, args.y, args.facet, marks=marks)
            else:
                figure = phase_raster_plot(run_, args.x, args.y, args.facet, marks=marks)
            save_phase_plot(figure, args.plot)
        info = summary(run_, time.perf_counter() - bar.start)
    if args.json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
    else:
        print(summary_text(info, args))
    return 0


def summary(run: Any, seconds: float) -> dict[str, Any]:
    """What the command prints: rows, skipped and rechecked points, the IRPO sets (from
    the sweep's streaming totals)."""
    from solvers.sweep.totals import irpo_sets

    totals = run.totals
    return {
        "rows": totals["rows"],
        "skipped_infeasible": run.plan.spec.size - totals["rows"],
        "first_infeasible": run.first_infeasible(),
        "exact_rechecked": totals["exact_rechecked"],
        "seconds": round(seconds, 3),
        "irpo_sets": irpo_sets(totals, run.plan.contracts),
    }


def summary_text(info: dict[str, Any], args: argparse.Namespace) -> str:
    rows = max(info["rows"], 1)
    table = format_table(
        ["IRPO set", "points", "share"],
        [[k, str(v), f"{100 * v / rows:.2f}%"] for k, v in info["irpo_sets"].items()],
        max_width=shutil.get_terminal_size((100, 24)).columns,
    )
    rate = info["rows"] / info["seconds"] if info["seconds"] else 0.0
    lines = [
        f"{info['rows']} points in {info['seconds']:.1f} s ({rate:,.0f} per second); "
        f"{info['exact_rechecked']} re-solved exactly; "
        f"{info['skipped_infeasible']} infeasible skipped",
        table,
    ]
    if info["first_infeasible"]:
        lines.insert(1, f"skipped infeasible points, the first: {info['first_infeasible']}")
    if args.out:
        lines.append(f"table: {args.out} (and {args.out}.json)")
    if args.plot:
        lines.append(f"plot: {args.plot}")
    return "\n".join(lines)
