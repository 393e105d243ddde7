"""The command line: ``predshare`` (also ``python -m predshare``).

Commands (one module each in :mod:`predshare.commands`)
-------------------------------------------------------
``solve SETTING``       every equilibrium of every contract, then IR / PO / IRPO
``bargain SETTING``     the bargaining solution over lotteries of contracts
``environment SETTING`` print (or write) the environment file of a setting
``verify``              check the papers' claims, verdict by verdict
``sweep SETTING``       phase diagrams: the IRPO analysis over ranges of parameters
``data``                loan records to a recommended contract, checked out of sample
``plan``                the lender's decision: costs, ROI, a robust proposal, a staged plan
``scarcity hypotheses`` the IRPO analysis as firm 1's labelled data grow
``bench``               the benchmark suite
``demo``                the worked cases of MODEL.md section 8, then verify

Bad input of any kind: one line on stderr and exit code 2; a solver that fails: exit 1.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from predshare.commands import (
    bargain,
    bench,
    data,
    demo,
    environment,
    plan,
    scarcity,
    solve,
    sweep,
    verify,
)
from predshare.commands.common import EXIT_BAD_INPUT, EXIT_FAILURE, Parser
from solvers import SolverFailure

#: The commands in the order ``predshare --help`` lists them.
COMMANDS = (solve, bargain, environment, verify, sweep, data, plan, scarcity, bench, demo)


def build_parser() -> argparse.ArgumentParser:
    """The parser: one subparser per command module."""
    parser = Parser(prog="predshare", description="Contracts for prediction sharing between "
                    "competing firms.")  # fmt: skip
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    for command in COMMANDS:
        command.add_command(commands)
    return parser


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
        code: int = args.run(args)
        return code
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
