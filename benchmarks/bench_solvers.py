"""predshare's structured solvers against Gambit and nashpy on the induced normal form.

Instances: the correlation setting (alpha = 0.8, beta = 0.7, R1 = C1 = 1) with K worlds
(rho spread between independence and maximal correlation, uniform prior), under the
``no`` contract (one component of 2K x 2K cells: the hardest case for predshare) and the
``full`` contract (K^2 * 4 cells a firm, in independent components). The peers get the
induced normal form (a pure strategy maps every cell to an action), built here with
float64 payoffs; its construction time is not charged to them. Each peer runs in a
subprocess and is stopped after ``--timeout`` seconds (60 by default); once it fails to
finish at some size it is not run on larger ones.

predshare is timed on the same game, from environment to equilibria, in exact arithmetic:
``pure`` = every pure equilibrium (method enumerate); ``mixed`` = every extreme mixed
equilibrium (method support) where support enumeration is within its limit, else one
equilibrium by Lemke's method (marked ``lemke``).

Usage: ``python benchmarks/bench_solvers.py [--timeout 60] [--max-worlds 8] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
from common import RESULTS, write_result

from contracts import Contract, correlation
from predshare.bench.cases import normal_form
from predshare.progress import ProgressBar
from predshare.report import format_table
from solvers import BayesianGame, SolverLimitError, solve_equilibria

ROOT = Path(__file__).resolve().parent.parent
PEERS = ("gambit-enumpure", "gambit-enummixed", "gambit-lcp", "nashpy-support", "nashpy-vertex")
MAX_NORMAL_FORM_CELLS = 24  # build the normal form only up to 2^24 profiles


def environment(worlds: int):
    alpha, beta = Fraction(8, 10), Fraction(7, 10)
    low, high = alpha * beta, min(alpha, beta)
    rhos = [low + (high - low) * Fraction(k, max(worlds - 1, 1)) for k in range(worlds)]
    return correlation(alpha, beta, [(rho, Fraction(1, worlds)) for rho in rhos])


def time_predshare(game_builder, kind: str) -> tuple[float, str, int]:
    start = time.perf_counter()
    game = game_builder()
    if kind == "pure":
        result = solve_equilibria(game, "enumerate", exact=True)
        label = "enumerate"
    else:
        try:
            result = solve_equilibria(game, "support", kind="mixed", exact=True)
            label = "support"
        except SolverLimitError:
            result = solve_equilibria(game, "lemke", kind="mixed", exact=True)
            label = "lemke"
    seconds = time.perf_counter() - start
    assert result.certificate() == 0
    return seconds, label, result.count


def run_peer(peer: str, path: str, timeout: float) -> dict | None:
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "peer_worker.py"), peer, path],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        return {"peer": peer, "error": error.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--max-worlds", type=int, default=8)
    parser.add_argument("--json", default=str(RESULTS / "solvers.json"))
    args = parser.parse_args()

    plan = [("no", k) for k in range(1, args.max_worlds + 1)] + [("full", k) for k in (1, 2, 3)]
    bar = ProgressBar("benchmark", total=len(plan))
    stopped: dict[tuple[str, str], int] = {}
    records, rows = [], []
    for contract_name, worlds in plan:
        bar.step(f"{contract_name} K={worlds}")
        contract = Contract.named(contract_name)

        def build(w=worlds, c=contract):
            return BayesianGame.build(environment(w), c)

        game = build()
        n1, n2 = game.sizes
        record: dict = {
            "contract": contract_name,
            "worlds": worlds,
            "cells": [n1, n2],
            "components": len(game.components),
            "peers": {},
        }
        for kind in ("pure", "mixed"):
            seconds, label, count = time_predshare(build, kind)
            record[f"predshare_{kind}"] = {"seconds": seconds, "method": label, "equilibria": count}
        if n1 + n2 <= MAX_NORMAL_FORM_CELLS:
            a, b = normal_form(game)
            with tempfile.TemporaryDirectory() as folder:
                path = str(Path(folder) / "game.npz")
                np.savez(path, a=a, b=b)
                for peer in PEERS:
                    if (contract_name, peer) in stopped:
                        record["peers"][peer] = {"timeout": True, "skipped": True}
                        continue
                    outcome = run_peer(peer, path, args.timeout)
                    if outcome is None:
                        stopped[(contract_name, peer)] = worlds
                        outcome = {"timeout": True}
                    record["peers"][peer] = outcome
        else:
            record["peers"] = {p: {"too_large": True} for p in PEERS}
        records.append(record)
    bar.close()

    def peer_cell(record: dict, peer: str) -> str:
        outcome = record["peers"].get(peer, {})
        if outcome.get("too_large"):
            return "n/a"
        if outcome.get("timeout"):
            return f"> {args.timeout:.0f} s"
        if "error" in outcome:
            return "error"
        base = record["predshare_pure" if "enumpure" in peer else "predshare_mixed"]["seconds"]
        return f"{outcome['seconds']:.3g} s ({outcome['seconds'] / base:,.3g}x)"

    for record in records:
        n1, n2 = record["cells"]
        rows.append(
            [
                record["contract"],
                str(record["worlds"]),
                f"{n1}x{n2}",
                f"2^{n1}x2^{n2}",
                f"{record['predshare_pure']['seconds'] * 1e3:.1f} ms",
                f"{record['predshare_mixed']['seconds'] * 1e3:.1f} ms "
                f"({record['predshare_mixed']['method']})",
            ]
            + [peer_cell(record, p) for p in PEERS]
        )
    print(
        f"peer times with their ratio to predshare (pure for enumpure, mixed otherwise); "
        f"timeout {args.timeout:.0f} s"
    )
    print(
        format_table(
            ["contract", "K", "cells", "normal form", "predshare pure", "predshare mixed", *PEERS],
            rows,
        )
    )
    limits = {peer: {c: stopped.get((c, peer)) for c in ("no", "full")} for peer in PEERS}
    print(
        "\nfirst size (worlds K) at which a peer did not finish:",
        json.dumps({p: v["no"] for p, v in limits.items()}),
    )
    write_result(
        args.json,
        {
            "benchmark": "solvers-vs-peers",
            "timeout_seconds": args.timeout,
            "records": records,
            "first_timeout": limits,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
