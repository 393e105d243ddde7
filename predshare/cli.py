"""The command line: ``predshare`` (also ``python -m predshare``).

Commands
--------
``solve SETTING``       every equilibrium of every contract, then IR / PO / IRPO
``bargain SETTING``     the bargaining solution over lotteries of contracts
``verify``              check the papers' claims, verdict by verdict
``environment SETTING`` print (or write) the environment file of a setting
``sweep SETTING``       phase diagrams: the IRPO analysis over ranges of parameters
``demo``                the worked cases of MODEL.md section 8

SETTING is ``correlation`` (with ``--alpha --beta --world RHO:PRIOR ... --reward --cost``),
``hypotheses`` (with ``--prior-i --kappa --lambda --mu [--one-sample]``) or a JSON
environment file. Bad input of any kind: one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn

from contracts import (
    Environment,
    correlation,
    environment_to_dict,
    fraction_text,
    load_environment,
    to_fraction,
    two_hypotheses,
    worked_cases,
)
from contracts.files import output_target, write_text_atomically
from predshare.bench.command import add_bench_command, run_bench_command
from predshare.data.command import add_data_command, run_data_command
from predshare.flags import whole_number
from predshare.plots import plot_bargaining
from predshare.progress import ProgressBar
from predshare.report import analysis_text, bargaining_text, format_table, reading_text
from proofs.regions import DEFAULT_SAMPLES, MAX_SAMPLES
from solvers import METHODS as EQUILIBRIUM_METHODS
from solvers import SolverFailure, analyze
from solvers.bargaining import METHODS as BARGAIN_METHODS
from solvers.bargaining import SOLUTIONS, bargain
from solvers.bargaining.problem import bargaining_problem
from solvers.readings import READINGS, pick

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
SETTINGS = ("correlation", "hypotheses")
_CORRELATION_FLAGS = ("alpha", "beta", "world", "reward", "cost")
_HYPOTHESES_FLAGS = ("prior_i", "kappa", "lam", "mu", "one_sample", "samples")


class UsageError(ValueError):
    """Bad command-line usage (reported in one line, exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and a ValueError, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _flag(name: str) -> str:
    return "--" + {"lam": "lambda", "prior_i": "prior-i", "one_sample": "one-sample"}.get(
        name, name
    )


#: The help texts of the command line (prose, kept apart from the parser's structure).
HELP: dict[str, str] = {
    "predshare": "Contracts for prediction sharing between competing firms.",
    "group.correlation": "correlation setting (MODEL.md section 5)",
    "group.hypotheses": "two-hypotheses setting (MODEL.md section 6)",
    "setting": "'correlation', 'hypotheses', or a JSON environment file (see README)",
    "alpha": "firm 1's accuracy (decimal or p/q)",
    "beta": "firm 2's accuracy",
    "world": "a world: rho = P(s1=1,s2=1|y=1) (number, indep, max or min) and its prior; repeat",
    "reward": "R1, reward of action 1 when right (default 1)",
    "cost": "C1, cost of action 1 when wrong (default 1)",
    "prior_i": "pi_I, the prior of hypothesis I, in (0, 1)",
    "kappa": "kappa = P(y = 1), the incidence of the label",
    "lambda": "lambda: P(y = 0 and signals (A, b)) / (1 - kappa), in both hypotheses",
    "mu": "mu: P(y = 0 and signals (B, a) under I, (A, a) under II) / (1 - kappa); "
    "lambda + mu <= 1",
    "one_sample": "each firm learns from one labelled example",
    "samples": "firm 1 learns from N labelled examples, 1..61 (MODEL.md section 10; "
    "default: plentiful data)",
    "solve": "equilibria of every contract, then IR / PO / IRPO",
    "solve.exact": "Fraction arithmetic throughout",
    "json": "machine-readable output (see README)",
    "solve.contracts": "the four named contracts (default) or all sixteen directional ones",
    "solve.equilibria": "equilibria that dominance ranges over: pure (default, as in the "
    "papers) or mixed (extreme mixed equilibria, pure ones included); support and lemke imply "
    "mixed",
    "solve.method": "equilibrium solver (default: enumerate for pure, support for mixed)",
    "solve.output": "also write the JSON report to FILE",
    "bargain": "bargain over lotteries of contracts (Nash, KS, egalitarian, ...)",
    "bargain.solution": "bargaining solution (default nash)",
    "bargain.weights": "Nash bargaining weights (default 1:1)",
    "bargain.discount": "Rubinstein per-period discount factors in (0, 1) (default 9/10:9/10)",
    "bargain.transfers": "allow a monetary transfer between the firms",
    "bargain.cap": "largest transfer in either direction (with --transfers)",
    "bargain.interim": "individual rationality for every training observation",
    "bargain.disagreement": "no-sharing equilibrium selection: worst (default), best, or an "
    "equilibrium number 1, 2, ...",
    "bargain.method": "polygon (exact, ex-ante), cvxpy, or auto (default)",
    "json.short": "machine-readable output",
    "bargain.plot": "draw the problem and solution",
    "bargain.output": "also write the JSON result to FILE",
    "environment": "print the environment file of a setting",
    "environment.output": "write to FILE instead of stdout",
    "verify": "check the papers' claims (MODEL.md section 7)",
    "verify.claim": "check only this claim (repeatable); default all",
    "verify.samples": f"sample points per region claim (default {DEFAULT_SAMPLES}, at most "
    f"{MAX_SAMPLES})",
    "verify.markdown": "also write a Markdown report",
    "verify.strict": "exit 1 when a claim fails",
    "demo": "the worked cases of MODEL.md section 8, then verify",
    "sweep": "phase diagrams: classify every point of ranges of parameters (LO:HI:N[:log])",
    "sweep.setting": "'correlation' or 'hypotheses'; any number flag may be a range LO:HI:N "
    "or LO:HI:N:log",
    "sweep.set": "any parameter by name, e.g. rho1=0.3:0.5:20 or prior1=0.1:0.9:9 (repeat)",
    "sweep.world": "a world RHO[:PRIOR]: rho a number, indep, max or min; prior a number or "
    "rest (default 1/K); repeat",
    "sweep.random": "draw N random points from the box of the ranges instead of the grid",
    "sweep.seed": "seed of --random (default 0)",
    "sweep.out": "write the table (Parquet, or CSV by suffix) and FILE.json; chunks go to "
    "FILE.chunks/ while it runs",
    "sweep.format": "table format (default: from the suffix, else parquet)",
    "sweep.plot": "draw the phase diagram over the first two swept parameters",
    "sweep.axis": "parameter on this axis of the plot (default: the swept ones, in order)",
    "sweep.facet": "parameter of the plot's small multiples (default: the third swept one)",
    "sweep.mark": "mark the point X,Y on the plot with a star (repeat)",
    "sweep.workers": "worker processes (default: all cores)",
    "sweep.dask": "run on Dask: 'local' starts a LocalCluster, or a scheduler tcp://HOST:PORT",
    "sweep.resume": "continue an interrupted sweep (skips finished chunks)",
    "sweep.force": "replace an existing table and its chunks",
    "sweep.skip_infeasible": "skip points outside the feasible set instead of stopping",
    "sweep.chunk_points": "points per chunk file (a multiple of 4096; default 65536)",
    "demo.samples": "sample points per region claim in the closing report",
    "solve.reading": "also judge the contracts on one picked equilibrium each: welfare, "
    "trade-best, trade-worst, aligned-best or aligned-worst (repeatable; MODEL.md section 9)",
    "scarcity": "IRPO, payoffs and trade as firm 1's labelled data grow (MODEL.md section 10)",
    "scarcity.setting": "the setting: hypotheses (two hypotheses, firm 1 learns from N examples)",
    "scarcity.samples": "the N to solve: LO:HI or N,N,... within 1..61 (default 1:50); "
    "N = infinity is added last",
    "scarcity.plot": "draw payoffs and trade per contract against N to this PNG",
}


def _add_hypotheses_parameters(group: Any) -> None:
    """The two-hypotheses parameters (MODEL.md section 6), shared by solve, sweep and
    scarcity."""
    group.add_argument("--prior-i", dest="prior_i", help=HELP["prior_i"])
    group.add_argument("--kappa", help=HELP["kappa"])
    group.add_argument("--lambda", dest="lam", help=HELP["lambda"])
    group.add_argument("--mu", help=HELP["mu"])


def _add_setting_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "setting",
        help=HELP["setting"],
    )
    corr = parser.add_argument_group(HELP["group.correlation"])
    corr.add_argument("--alpha", help=HELP["alpha"])
    corr.add_argument("--beta", help=HELP["beta"])
    corr.add_argument(
        "--world",
        action="append",
        metavar="RHO:PRIOR",
        help=HELP["world"],
    )
    corr.add_argument("--reward", help=HELP["reward"])
    corr.add_argument("--cost", help=HELP["cost"])
    hyp = parser.add_argument_group(HELP["group.hypotheses"])
    _add_hypotheses_parameters(hyp)
    hyp.add_argument(
        "--one-sample",
        dest="one_sample",
        action="store_true",
        help=HELP["one_sample"],
    )
    hyp.add_argument("--samples", metavar="N", help=HELP["samples"])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="predshare", description=HELP["predshare"])
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    solve = commands.add_parser("solve", help=HELP["solve"])
    _add_setting_arguments(solve)
    solve.add_argument("--exact", action="store_true", help=HELP["solve.exact"])
    solve.add_argument("--json", action="store_true", help=HELP["json"])
    solve.add_argument(
        "--contracts",
        default="standard",
        choices=("standard", "directional"),
        help=HELP["solve.contracts"],
    )
    solve.add_argument(
        "--equilibria",
        choices=("pure", "mixed"),
        help=HELP["solve.equilibria"],
    )
    solve.add_argument(
        "--method",
        choices=[m for kind in EQUILIBRIUM_METHODS.values() for m in kind],
        help=HELP["solve.method"],
    )
    solve.add_argument(
        "--reading", action="append", choices=READINGS, help=HELP["solve.reading"]
    )
    solve.add_argument("--output", metavar="FILE", help=HELP["solve.output"])
    bargain_cmd = commands.add_parser("bargain", help=HELP["bargain"])
    _add_setting_arguments(bargain_cmd)
    bargain_cmd.add_argument(
        "--solution", default="nash", choices=SOLUTIONS, help=HELP["bargain.solution"]
    )
    bargain_cmd.add_argument(
        "--weights", metavar="W1:W2", default="1:1", help=HELP["bargain.weights"]
    )
    bargain_cmd.add_argument(
        "--discount",
        metavar="D1:D2",
        help=HELP["bargain.discount"],
    )
    bargain_cmd.add_argument("--transfers", action="store_true", help=HELP["bargain.transfers"])
    bargain_cmd.add_argument("--cap", help=HELP["bargain.cap"])
    bargain_cmd.add_argument(
        "--interim",
        action="store_true",
        help=HELP["bargain.interim"],
    )
    bargain_cmd.add_argument(
        "--disagreement",
        default="worst",
        help=HELP["bargain.disagreement"],
    )
    bargain_cmd.add_argument(
        "--method",
        default="auto",
        choices=BARGAIN_METHODS,
        help=HELP["bargain.method"],
    )
    bargain_cmd.add_argument("--contracts", default="standard", choices=("standard", "directional"))
    bargain_cmd.add_argument("--json", action="store_true", help=HELP["json.short"])
    bargain_cmd.add_argument("--plot", metavar="FILE.png", help=HELP["bargain.plot"])
    bargain_cmd.add_argument("--output", metavar="FILE", help=HELP["bargain.output"])
    env = commands.add_parser("environment", help=HELP["environment"])
    _add_setting_arguments(env)
    env.add_argument("--output", metavar="FILE", help=HELP["environment.output"])
    verify = commands.add_parser("verify", help=HELP["verify"])
    verify.add_argument(
        "--claim",
        action="append",
        metavar="ID",
        help=HELP["verify.claim"],
    )
    verify.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        help=HELP["verify.samples"],
    )
    verify.add_argument("--json", action="store_true", help=HELP["json.short"])
    verify.add_argument("--markdown", metavar="FILE", help=HELP["verify.markdown"])
    verify.add_argument("--strict", action="store_true", help=HELP["verify.strict"])
    _add_sweep_command(commands)
    add_data_command(commands)
    _add_scarcity_command(commands)
    add_bench_command(commands)
    demo = commands.add_parser("demo", help=HELP["demo"])
    demo.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        help=HELP["demo.samples"],
    )
    return parser


def _add_sweep_command(commands: Any) -> None:
    sweep_cmd = commands.add_parser("sweep", help=HELP["sweep"])
    sweep_cmd.add_argument("setting", choices=SETTINGS, help=HELP["sweep.setting"])
    corr = sweep_cmd.add_argument_group(HELP["group.correlation"])
    for flag in ("alpha", "beta", "reward", "cost"):
        corr.add_argument(f"--{flag}", help=HELP[flag])
    corr.add_argument("--world", action="append", metavar="RHO[:PRIOR]", help=HELP["sweep.world"])
    hyp = sweep_cmd.add_argument_group(HELP["group.hypotheses"])
    _add_hypotheses_parameters(hyp)
    hyp.add_argument(
        "--one-sample", dest="one_sample", action="store_true", help=HELP["one_sample"]
    )
    sweep_cmd.add_argument("--set", action="append", metavar="NAME=VALUE", help=HELP["sweep.set"])
    sweep_cmd.add_argument(
        "--contracts",
        default="standard",
        choices=("standard", "directional"),
        help=HELP["solve.contracts"],
    )
    sweep_cmd.add_argument("--random", metavar="N", help=HELP["sweep.random"])
    sweep_cmd.add_argument("--seed", metavar="S", default="0", help=HELP["sweep.seed"])
    sweep_cmd.add_argument("--out", metavar="FILE", help=HELP["sweep.out"])
    sweep_cmd.add_argument("--format", choices=("parquet", "csv"), help=HELP["sweep.format"])
    sweep_cmd.add_argument("--plot", metavar="FILE.png", help=HELP["sweep.plot"])
    for axis in ("x", "y"):
        sweep_cmd.add_argument(f"--{axis}", metavar="NAME", help=HELP["sweep.axis"])
    sweep_cmd.add_argument("--facet", metavar="NAME", help=HELP["sweep.facet"])
    sweep_cmd.add_argument("--mark", action="append", metavar="X,Y", help=HELP["sweep.mark"])
    sweep_cmd.add_argument("--workers", metavar="N", help=HELP["sweep.workers"])
    sweep_cmd.add_argument("--dask", metavar="ADDRESS", help=HELP["sweep.dask"])
    sweep_cmd.add_argument("--resume", action="store_true", help=HELP["sweep.resume"])
    sweep_cmd.add_argument("--force", action="store_true", help=HELP["sweep.force"])
    sweep_cmd.add_argument(
        "--skip-infeasible",
        dest="skip_infeasible",
        action="store_true",
        help=HELP["sweep.skip_infeasible"],
    )
    sweep_cmd.add_argument(
        "--chunk-points", dest="chunk_points", metavar="N", help=HELP["sweep.chunk_points"]
    )
    sweep_cmd.add_argument("--json", action="store_true", help=HELP["json.short"])


def _add_scarcity_command(commands: Any) -> None:
    cmd = commands.add_parser("scarcity", help=HELP["scarcity"])
    cmd.add_argument("setting", choices=("hypotheses",), help=HELP["scarcity.setting"])
    _add_hypotheses_parameters(cmd)
    cmd.add_argument(
        "--samples", default="1:50", metavar="LO:HI|N,N", help=HELP["scarcity.samples"]
    )
    cmd.add_argument("--plot", metavar="FILE.png", help=HELP["scarcity.plot"])
    cmd.add_argument("--json", action="store_true", help=HELP["json.short"])


def run_scarcity(args: argparse.Namespace) -> int:
    """IRPO, payoffs and trade along N labelled examples, then N = infinity."""
    from predshare.scarcity import (
        parse_samples,
        save_scarcity_plot,
        scarcity,
        scarcity_dict,
        scarcity_text,
    )

    _check_outputs(args, ("plot",))
    for flag in ("prior_i", "kappa", "lam", "mu"):
        if getattr(args, flag) is None:
            raise UsageError(f"{_flag(flag)} is required for the hypotheses setting")
    p, k, lam, mu = (_arg(getattr(args, f), _flag(f)) for f in ("prior_i", "kappa", "lam", "mu"))
    values = [p, k, lam, mu]
    samples = parse_samples(args.samples)
    two_hypotheses(p, k, lam, mu)  # the parameters, checked before the loop
    bar = ProgressBar("solving", total=len(samples) + 1)
    try:
        points = scarcity(p, k, lam, mu, samples, progress=bar.step)
    finally:
        bar.close()
    names = ("prior_i", "kappa", "lambda", "mu")
    parameters = {n: fraction_text(v) for n, v in zip(names, values)}
    if args.plot:
        title = "two hypotheses " + " ".join(f"{n}={v}" for n, v in parameters.items())
        save_scarcity_plot(points, title, args.plot)
    if args.json:
        sys.stdout.write(json.dumps(scarcity_dict(points, parameters), indent=2) + "\n")
    else:
        sys.stdout.write(scarcity_text(points))
    return 0


def environment_from_args(args: argparse.Namespace) -> Environment:
    """The environment named by the ``setting`` argument and its flags."""
    given = {k for k in _CORRELATION_FLAGS + _HYPOTHESES_FLAGS if getattr(args, k, None)}
    if (
        args.setting not in SETTINGS
        and not os.path.exists(args.setting)
        and not args.setting.lower().endswith(".json")
    ):
        guess = difflib.get_close_matches(args.setting, SETTINGS, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        raise UsageError(
            f"setting = {args.setting!r}: must be correlation, hypotheses or an existing JSON "
            f"environment file{hint}"
        )
    if args.setting == "correlation":
        stray = given - set(_CORRELATION_FLAGS)
        _reject_stray(stray, "correlation")
        for flag in ("alpha", "beta", "world"):
            if not getattr(args, flag):
                raise UsageError(f"{_flag(flag)} is required for the correlation setting")
        worlds = []
        for text in args.world:
            rho, sep, prior = text.partition(":")
            if not sep or not rho.strip() or not prior.strip():
                raise UsageError(f"--world = {text!r}: must be RHO:PRIOR (e.g. indep:1/2)")
            worlds.append((rho.strip(), prior.strip()))
        return correlation(
            _arg(args.alpha, "--alpha"),
            _arg(args.beta, "--beta"),
            worlds,
            reward=_arg(args.reward or "1", "--reward"),
            cost=_arg(args.cost or "1", "--cost"),
        )
    if args.setting == "hypotheses":
        stray = given - set(_HYPOTHESES_FLAGS)
        _reject_stray(stray, "hypotheses")
        for flag in ("prior_i", "kappa", "lam", "mu"):
            if getattr(args, flag) is None:
                raise UsageError(f"{_flag(flag)} is required for the hypotheses setting")
        return two_hypotheses(
            _arg(args.prior_i, "--prior-i"),
            _arg(args.kappa, "--kappa"),
            _arg(args.lam, "--lambda"),
            _arg(args.mu, "--mu"),
            one_sample=args.one_sample,
            samples=_count(getattr(args, "samples", None), "--samples"),
        )
    _reject_stray(given, "an environment file")
    return load_environment(args.setting)


def _arg(text: str, flag: str) -> Any:
    """Validate a number flag early so that the error names the flag."""
    return to_fraction(text, flag)


def _reject_stray(stray: set[str], setting: str) -> None:
    if stray:
        flags = ", ".join(sorted(_flag(s) for s in stray))
        raise UsageError(f"{flags}: not used by {setting}")


def _emit(text: str, output: str | None) -> None:
    if output:
        write_text_atomically(output, text)
    else:
        sys.stdout.write(text)


def _check_outputs(args: argparse.Namespace, flags: Sequence[str]) -> None:
    """Refuse unusable output paths before any work is done."""
    for flag in flags:
        path = getattr(args, flag, None)
        if path is not None:
            output_target(path, f"--{flag}")


def run_solve(args: argparse.Namespace) -> int:
    _check_outputs(args, ("output",))
    environment = environment_from_args(args)
    bar = ProgressBar("solving", total=16 if args.contracts == "directional" else 4)
    kind = args.equilibria or ("mixed" if args.method in EQUILIBRIUM_METHODS["mixed"] else "pure")
    analysis = analyze(
        environment,
        args.contracts,
        exact=args.exact,
        progress=bar.step,
        equilibria=kind,
        method=args.method,
    )
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
    else:
        text = analysis_text(analysis) + "".join("\n\n" + reading_text(r) for r in readings)
        sys.stdout.write(text + "\n")
    return 0


def _pair(text: str, flag: str) -> tuple[Any, Any]:
    first, sep, second = text.partition(":")
    if not sep:
        raise UsageError(f"{flag} = {text!r}: must be two numbers A:B")
    return to_fraction(first, flag), to_fraction(second, flag)


def run_bargain(args: argparse.Namespace) -> int:
    _check_outputs(args, ("output", "plot"))
    environment = environment_from_args(args)
    if args.cap is not None and not args.transfers:
        raise UsageError("--cap: needs --transfers")
    selection: str | int = args.disagreement
    if selection not in ("worst", "best"):
        try:
            selection = int(selection) - 1
        except ValueError:
            raise UsageError(
                f"--disagreement = {args.disagreement!r}: must be worst, best or an "
                "equilibrium number 1, 2, ..."
            ) from None
        if selection < 0:
            raise UsageError(f"--disagreement = {args.disagreement!r}: numbers start at 1")
    weights = _pair(args.weights, "--weights")
    discount = _pair(args.discount, "--discount") if args.discount else None
    cap = _arg(args.cap, "--cap") if args.cap is not None else None
    analysis = analyze(environment, args.contracts, exact=True)
    baseline = analysis.solutions["no"].count
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
        plot_bargaining(problem, result, args.plot)
    if args.output:
        write_text_atomically(args.output, report)
    sys.stdout.write(report if args.json else bargaining_text(problem, result) + "\n")
    return 0


def run_environment(args: argparse.Namespace) -> int:
    _check_outputs(args, ("output",))
    environment = environment_from_args(args)
    _emit(json.dumps(environment_to_dict(environment), indent=2) + "\n", args.output)
    return 0


def _verify(claims: list[str] | None, samples: int) -> list[Any]:
    from proofs.paper import CLAIMS
    from proofs.report import run_claims

    bar = ProgressBar("verifying", total=len(claims) if claims else len(CLAIMS))
    verdicts = run_claims(claims, samples, progress=bar.step)
    bar.close()
    return verdicts


def _verdicts_table(verdicts: list[Any]) -> str:
    """The claims table, wrapped to the terminal's width."""
    width = shutil.get_terminal_size((100, 24)).columns
    from proofs.report import verdicts_rows

    headers = ["claim", "verdict", "evidence", "seconds"]
    return format_table(headers, verdicts_rows(verdicts, width=400), max_width=width)


def run_verify(args: argparse.Namespace) -> int:
    """Exit 0 when every check ran (whatever the verdicts); 1 if one could not run, or
    with --strict if a claim fails."""
    from proofs.documents import verification_document
    from proofs.report import verdicts_json

    _check_outputs(args, ("markdown",))
    verdicts = _verify(args.claim, args.samples)
    if args.markdown:
        write_text_atomically(args.markdown, verification_document(verdicts))
    summary = verdicts_json(verdicts)
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        print(_verdicts_table(verdicts))
    if summary["errors"] or (args.strict and summary["failed"]):
        return 1
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """The worked cases of MODEL.md section 8, solved exactly, then the claims report."""
    for name, environment in worked_cases().items():
        analysis = analyze(environment, exact=True)
        print(f"=== {name}: {analysis.seconds * 1000:.1f} ms")
        print(analysis_text(analysis))
        print()
    print("=== the papers' claims (MODEL.md section 7), checked against the general engine")
    verdicts = _verify(None, args.samples)
    print(_verdicts_table(verdicts))
    return 0


def _count(text: str | None, flag: str, least: int = 1) -> int | None:
    """A whole-number flag (predshare.flags), refused as bad usage."""
    try:
        return whole_number(text, flag, least)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _mark(text: str) -> tuple[float, float]:
    """``X,Y``: a point to mark on the phase plot."""
    x, sep, y = text.partition(",")
    if not sep:
        raise UsageError(f"--mark = {text!r}: must be X,Y (e.g. 0.7205,0.5135)")
    return float(to_fraction(x, "--mark")), float(to_fraction(y, "--mark"))


def sweep_parameters_from_args(args: argparse.Namespace) -> dict[str, str]:
    """The sweep's parameter texts from the setting flags, --world and --set."""
    setting_flags = _CORRELATION_FLAGS if args.setting == "correlation" else _HYPOTHESES_FLAGS
    other = _HYPOTHESES_FLAGS if args.setting == "correlation" else _CORRELATION_FLAGS
    _reject_stray({k for k in other if getattr(args, k, None)}, args.setting)
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


def run_sweep(args: argparse.Namespace) -> int:
    """Classify every point of the sweep; print a summary (or its JSON)."""
    from predshare.sweeps import output_paths, sweep

    if args.out is None and (args.resume or args.force):
        raise UsageError("--resume/--force: need --out (the sweep's table and chunks)")
    if args.out is not None:
        output_target(output_paths(args.out, args.format)[0], "--out")
    _check_outputs(args, ("plot",))
    parameters = sweep_parameters_from_args(args)
    marks = [_mark(text) for text in args.mark or []]
    random = _count(args.random, "--random")
    seed = _count(args.seed, "--seed", least=0) or 0
    workers = _count(args.workers, "--workers")
    chunk_points = _count(args.chunk_points, "--chunk-points")
    bar = ProgressBar("sweeping", total=1, unit="points")

    def progress(done: int, total: int) -> None:
        bar.total = max(total, 1)
        bar.update(done)

    options: dict[str, Any] = {"chunk_points": chunk_points} if chunk_points else {}
    try:
        frame = sweep(
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
            progress=progress,
            command="predshare " + " ".join(sys.argv[1:]),
            **options,
        )
    finally:
        bar.close()
    if args.plot:
        from predshare.phase import phase_plot, save_phase_plot

        save_phase_plot(phase_plot(frame, args.x, args.y, args.facet, marks=marks), args.plot)
    info = _sweep_summary(frame, time.perf_counter() - bar.start)
    if args.json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
    else:
        print(_sweep_text(info, args))
    return 0


def _sweep_summary(frame: Any, seconds: float) -> dict[str, Any]:
    from predshare.sweeps import irpo_set_counts

    return {
        "rows": int(len(frame)),
        "skipped_infeasible": int(frame.attrs.get("skipped_infeasible", 0)),
        "first_infeasible": frame.attrs.get("first_infeasible"),
        "exact_rechecked": int(frame["exact_rechecked"].sum()),
        "seconds": round(seconds, 3),
        "irpo_sets": irpo_set_counts(frame),
    }


def _sweep_text(info: dict[str, Any], args: argparse.Namespace) -> str:
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


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that cleanup (temporary files) runs."""


def _terminate(signum: int, frame: Any) -> NoReturn:
    raise Terminated


def _error(kind: str, error: BaseException) -> None:
    message = " ".join(str(error).split()) or error.__class__.__name__
    print(f"predshare: {kind}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code: 2 for bad input or a request beyond a solver's
    limits, 1 when a solver fails, each with one line on stderr."""
    parser = build_parser()
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        runner = {
            "solve": run_solve,
            "bargain": run_bargain,
            "environment": run_environment,
            "verify": run_verify,
            "demo": run_demo,
            "sweep": run_sweep,
            "data": run_data_command,
            "scarcity": run_scarcity,
            "bench": run_bench_command,
        }
        return runner[args.command](args)
    except ValueError as error:
        _error("error", error)
        return EXIT_BAD_INPUT
    except SolverFailure as error:
        _error("solver failure", error)
        return EXIT_FAILURE
    except MemoryError:
        print("predshare: error: out of memory", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("predshare: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped reading (``| head``): no traceback, no second error at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Terminated:
        print("predshare: terminated", file=sys.stderr)
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
