"""``predshare bench``: the benchmark suite, interleaved baseline and candidate rounds,
its JSON, report and plots, and the comparison with an earlier run."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts.files import output_target, read_text_file, write_text_atomically
from predshare.commands.common import ProgressBar, whole_number

#: The most interleaved rounds per case.
MAX_ROUNDS = 1000

HELP = {
    "bench": "run the benchmark suite: interleaved baseline/candidate cases, JSON and report",
    "quick": "only the quick cases (under two minutes)",
    "out": "directory for results/bench.json, results/scaling.png and RESULTS.md "
    "(default ./benchmarks, made if missing)",
    "rounds": "interleaved rounds per case, at least 7 (default 7)",
    "case": "run only this case or group (repeatable)",
    "compare": "an earlier bench.json: flag cases whose ratio got worse by more than --factor",
    "factor": "how much worse a ratio may get before --compare flags it (default 1.5)",
    "readme": "also rewrite the performance block of this README from the results",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("bench", help=HELP["bench"])
    cmd.add_argument("--quick", action="store_true", help=HELP["quick"])
    cmd.add_argument("--out", metavar="DIR", help=HELP["out"])
    cmd.add_argument("--rounds", default="7", metavar="N", help=HELP["rounds"])
    cmd.add_argument("--case", action="append", metavar="NAME", help=HELP["case"])
    cmd.add_argument("--compare", metavar="OLD.json", help=HELP["compare"])
    cmd.add_argument("--factor", default="1.5", metavar="F", help=HELP["factor"])
    cmd.add_argument("--readme", metavar="README.md", help=HELP["readme"])
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Measure, write the report, compare; exit 1 when --compare flags a case."""
    from pathlib import Path

    from predshare.bench.cases import GROUPS, all_cases, select
    from predshare.bench.harness import run_suite
    from predshare.bench.report import readme_with_bench, write_report

    rounds = whole_number(args.rounds, "--rounds", 7) or 7
    if rounds > MAX_ROUNDS:
        raise ValueError(f"--rounds = {args.rounds!r}: must be at most {MAX_ROUNDS}")
    try:
        factor = float(args.factor)
    except ValueError:
        factor = 0.0
    if not factor > 1:
        raise ValueError(f"--factor = {args.factor!r}: must be a number above 1")
    old = None
    if args.compare is not None:
        try:
            old = json.loads(read_text_file(args.compare, "--compare"))
        except json.JSONDecodeError as error:
            raise ValueError(f"--compare = {args.compare!r}: not JSON ({error.msg})") from None
        from predshare.bench.harness import SCHEMA

        if not isinstance(old, dict) or not isinstance(old.get("cases"), list):
            raise ValueError(f"--compare = {args.compare!r}: not a predshare bench result")
        if old.get("schema") != SCHEMA:
            raise ValueError(f"--compare = {args.compare!r}: schema {old.get('schema')!r}, "
                             f"must be {SCHEMA!r}")  # fmt: skip
    readme = read_text_file(args.readme, "--readme") if args.readme else None
    cases = select(all_cases(), args.quick, args.case)
    if args.out is None:  # the default: ./benchmarks, made (once all else is checked) if missing
        args.out = "benchmarks"
        Path(args.out).mkdir(exist_ok=True)
    output_target(Path(args.out) / "RESULTS.md", "--out")
    bar = ProgressBar("benchmarking", total=len(cases))
    try:
        document = run_suite(cases, rounds, progress=bar.step, groups=GROUPS)
    finally:
        bar.close()
    for path in write_report(document, args.out):
        print(f"written {path}")
    if readme is not None and args.readme is not None:
        write_text_atomically(args.readme, readme_with_bench(readme, document), "--readme")
        print(f"written {args.readme}")
    from predshare.bench.report import cases_table

    print(cases_table(document["cases"]))
    if old is not None:
        from predshare.bench.harness import compare

        worse = compare(document, old, factor)
        for case in worse:
            print(
                f"slower: {case['name']}: ratio {case['old_ratio']:.2f} -> "
                f"{case['new_ratio']:.2f} ({case['slower_by']:.2f}x worse)",
                file=sys.stderr,
            )
        if worse:
            return 1
        print(f"no case got worse by more than {factor}x")
    return 0
