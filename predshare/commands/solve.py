"""``predshare solve SETTING``: every equilibrium of every contract, then IR / PO / IRPO
(MODEL.md sections 3 and 4), as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts.files import write_text_atomically
from contracts.settings import MERGED_GAME_HINT
from predshare.commands.common import HELP as COMMON
from predshare.commands.common import (
    ProgressBar,
    add_setting_arguments,
    check_outputs,
    environment_from_args,
)
from predshare.report import analysis_text, reading_text
from solvers.errors import SolverLimitError
from solvers.names import EQUILIBRIUM_METHODS as METHODS
from solvers.names import READINGS

HELP = {
    "solve": "equilibria of every contract, then IR / PO / IRPO",
    "exact": "Fraction arithmetic throughout",
    "equilibria": "equilibria that dominance ranges over: pure (default, as in the "
    "papers) or mixed (extreme mixed equilibria, pure ones included); support and lemke imply "
    "mixed",
    "method": "equilibrium solver (default: enumerate for pure, support for mixed)",
    "reading": "also judge the contracts on one picked equilibrium each: welfare, "
    "trade-best, trade-worst, aligned-best or aligned-worst (repeatable; MODEL.md section 9)",
    "output": "also write the JSON report to FILE",
}


def add_command(commands: Any) -> None:
    solve = commands.add_parser("solve", help=HELP["solve"])
    add_setting_arguments(solve)
    solve.add_argument("--exact", action="store_true", help=HELP["exact"])
    solve.add_argument("--json", action="store_true", help=COMMON["json"])
    solve.add_argument("--contracts", default="standard", choices=("standard", "directional"),
                       help=COMMON["contracts"])  # fmt: skip
    solve.add_argument("--equilibria", choices=("pure", "mixed"), help=HELP["equilibria"])
    solve.add_argument("--method", choices=[m for kind in METHODS.values() for m in kind],
                       help=HELP["method"])  # fmt: skip
    solve.add_argument("--reading", action="append", choices=READINGS, help=HELP["reading"])
    solve.add_argument("--output", metavar="FILE", help=HELP["output"])
    solve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from solvers.analysis.environment import analyze
    from solvers.analysis.readings import pick

    check_outputs(args, ("output",))
    environment = environment_from_args(args)
    bar = ProgressBar("solving", total=16 if args.contracts == "directional" else 4)
    kind = args.equilibria or ("mixed" if args.method in METHODS["mixed"] else "pure")
    try:
        analysis = analyze(environment, args.contracts, exact=args.exact, progress=bar.step,
                           equilibria=kind, method=args.method)  # fmt: skip
    except SolverLimitError as error:
        if getattr(args, "samples", None) is None or args.types == "posterior":
            raise
        raise SolverLimitError(f"{error}{MERGED_GAME_HINT}") from None
    finally:
        bar.close()
    readings = [pick(analysis, name) for name in args.reading or []]
    if args.json or args.output:
        data = analysis.to_dict()
        if readings:
            data["readings"] = [r.to_dict() for r in readings]
        report = json.dumps(data, indent=2) + "\n"
        if args.output:
            write_text_atomically(args.output, report)
        if args.json:
            sys.stdout.write(report)
            return 0
    text = analysis_text(analysis) + "".join("\n\n" + reading_text(r) for r in readings)
    sys.stdout.write(text + "\n")
    return 0
