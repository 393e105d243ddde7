"""``predshare bargain SETTING``: a bargaining solution over lotteries of contracts and
their equilibria (Nash, Kalai-Smorodinsky, egalitarian, utilitarian, Rubinstein)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts import to_fraction
from contracts.files import write_text_atomically
from predshare.commands.common import HELP as COMMON
from predshare.commands.common import (
    UsageError,
    add_setting_arguments,
    check_outputs,
    environment_from_args,
    number,
)
from predshare.report import bargaining_text
from solvers.names import BARGAINING_METHODS as METHODS
from solvers.names import BARGAINING_SOLUTIONS as SOLUTIONS

HELP = {
    "bargain": "bargain over lotteries of contracts (Nash, KS, egalitarian, ...)",
    "solution": "bargaining solution (default nash)",
    "weights": "Nash bargaining weights (default 1:1)",
    "discount": "Rubinstein per-period discount factors in (0, 1) (default 9/10:9/10)",
    "transfers": "allow a monetary transfer between the firms",
    "cap": "largest transfer in either direction (with --transfers)",
    "interim": "individual rationality for every training observation",
    "disagreement": "no-sharing equilibrium selection: worst (default), best, or an "
    "equilibrium number 1, 2, ...",
    "method": "polygon (exact, ex-ante), cvxpy, or auto (default)",
    "plot": "draw the problem and solution",
    "output": "also write the JSON result to FILE",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("bargain", help=HELP["bargain"])
    add_setting_arguments(cmd)
    cmd.add_argument("--solution", default="nash", choices=SOLUTIONS, help=HELP["solution"])
    cmd.add_argument("--weights", metavar="W1:W2", default="1:1", help=HELP["weights"])
    cmd.add_argument("--discount", metavar="D1:D2", help=HELP["discount"])
    cmd.add_argument("--transfers", action="store_true", help=HELP["transfers"])
    cmd.add_argument("--cap", help=HELP["cap"])
    cmd.add_argument("--interim", action="store_true", help=HELP["interim"])
    cmd.add_argument("--disagreement", default="worst", help=HELP["disagreement"])
    cmd.add_argument("--method", default="auto", choices=METHODS, help=HELP["method"])
    cmd.add_argument("--contracts", default="standard", choices=("standard", "directional"))
    cmd.add_argument("--json", action="store_true", help=COMMON["json.short"])
    cmd.add_argument("--plot", metavar="FILE.png", help=HELP["plot"])
    cmd.add_argument("--output", metavar="FILE", help=HELP["output"])
    cmd.set_defaults(run=run)


def pair(text: str, name: str) -> tuple[Any, Any]:
    """``A:B``: two exact numbers."""
    first, sep, second = text.partition(":")
    if not sep:
        raise UsageError(f"{name} = {text!r}: must be two numbers A:B")
    return to_fraction(first, name), to_fraction(second, name)


def disagreement(text: str) -> str | int:
    """``worst``, ``best``, or an equilibrium number 1, 2, ... (as an index from 0)."""
    if text in ("worst", "best"):
        return text
    try:
        selection = int(text) - 1
    except ValueError:
        raise UsageError(
            f"--disagreement = {text!r}: must be worst, best or an equilibrium number 1, 2, ..."
        ) from None
    if selection < 0:
        raise UsageError(f"--disagreement = {text!r}: numbers start at 1")
    return selection


def run(args: argparse.Namespace) -> int:
    from solvers.analysis.environment import analyze
    from solvers.bargaining.dispatch import bargain
    from solvers.bargaining.problem import bargaining_problem

    check_outputs(args, ("output", "plot"))
    environment = environment_from_args(args)
    if args.cap is not None and not args.transfers:
        raise UsageError("--cap: needs --transfers")
    selection = disagreement(args.disagreement)
    weights = pair(args.weights, "--weights")
    discount = pair(args.discount, "--discount") if args.discount else None
    cap = number(args.cap, "--cap") if args.cap is not None else None
    analysis = analyze(environment, args.contracts, exact=True)
    baseline = analysis.solutions["no"].listed_count
    if isinstance(selection, int) and selection >= baseline:
        raise UsageError(
            f"--disagreement = {args.disagreement!r}: no-sharing has {baseline} "
            f"equilibri{'um' if baseline == 1 else 'a'} (numbers 1 to {baseline})"
        )
    problem = bargaining_problem(
        analysis, disagreement=selection, transfers=args.transfers, cap=cap, interim=args.interim
    )
    result = bargain(problem, args.solution, weights=weights, discount=discount, method=args.method)
    report = json.dumps(result.to_dict(), indent=2) + "\n"
    if args.plot:
        from predshare.plots.bargaining import plot_bargaining

        plot_bargaining(problem, result, args.plot)
    if args.output:
        write_text_atomically(args.output, report)
    sys.stdout.write(report if args.json else bargaining_text(problem, result) + "\n")
    return 0
