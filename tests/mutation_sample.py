"""A stratified sample of mutmut's mutants, run and scored (``make mutate-sample``).

A full ``mutmut run`` over contracts/, solvers/, proofs/ and the CLI creates about ten
thousand mutants; each one that survives reruns every test that reaches its function,
so a full run takes about a day on two cores. This script estimates the mutation score
from a fixed sample instead: ``--per-module`` mutants drawn with a fixed seed from each
module, run by mutmut itself, then scored per module and in total. Mutants listed in
``tests/mutation_equivalent.txt`` (name, then the reason) are equivalent to the original
code and left out of the score. Results go to ``benchmarks/results/mutation.json``.

A mutant can also be judged by planting it into a copy of the code and running chosen
tests (``tests/mutation_plant.py``): a screen with the tests of its package, or the
check that a test written for a survivor kills it. ``tests/mutation_screen.py`` screens
many mutants of a run folder faster, each in a forked pytest run with mutmut's
trampolines. Those verdicts are kept in
``benchmarks/results/mutation-planted.txt`` (``KILLED``, ``SURVIVED`` or ``TIMEOUT``, which
is a kill, then the name); the score *after triage* counts a mutant killed when mutmut or
a planting killed it.

Usage: ``python tests/mutation_sample.py [--per-module N] [--seed S] [--family PREFIX]...
[--max-children K] [--score-only]``. The mutants are run in an order drawn at random, so
that the part of the sample checked when a run is stopped is a random part of it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = [sys.executable, "-m", "mutmut"]
#: mutmut runs the mutants it is given quickest first, so a run stopped early would have
#: checked only the quickest ones; this runs them in an order drawn at random (a seeded
#: rank per name), so that the part checked at any time is a random part of the sample.
MUTMUT_IN_RANDOM_ORDER = [
    sys.executable,
    "-c",
    "import random, sys, mutmut.__main__ as m; "
    "assert callable(m.estimated_worst_case_time), 'mutmut no longer orders by it'; "
    "m.estimated_worst_case_time = lambda name: random.Random(name).random(); "
    "sys.argv[0] = 'mutmut'; m.cli()",
]
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
RESULTS = ROOT / "benchmarks" / "results" / "mutation.json"
PLANTED = ROOT / "benchmarks" / "results" / "mutation-planted.txt"


def mutant_states() -> dict[str, str]:
    """Every mutant mutmut knows, with its state (killed, survived, not checked, ...)."""
    done = subprocess.run(
        [*MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True
    )
    states = {}
    for line in done.stdout.splitlines():
        name, sep, state = line.strip().rpartition(": ")
        if sep:
            states[name] = state
    return states


def module_of(name: str) -> str:
    return name.split(".x", 1)[0]


def equivalent_mutants() -> dict[str, str]:
    if not EQUIVALENT.exists():
        return {}
    out = {}
    for line in EQUIVALENT.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def planted_verdicts() -> dict[str, str]:
    """``KILLED`` or ``SURVIVED`` per mutant planted (``PLANTED``); a later line wins, so
    a survivor killed by a test written for it reads killed. A ``TIMEOUT`` (the tests
    never ended) is a kill, as mutmut counts one."""
    if not PLANTED.exists():
        return {}
    out = {}
    for line in PLANTED.read_text().splitlines():
        words = line.split()  # the verdict, the name, and what follows (a screen's seconds)
        if len(words) >= 2 and words[0] in ("KILLED", "SURVIVED", "TIMEOUT"):
            out[words[1]] = "SURVIVED" if words[0] == "SURVIVED" else "KILLED"
    return out


def triaged_score(
    states: dict[str, str], chosen: list[str], planted: dict[str, str], equivalent: dict[str, str]
) -> dict:
    """The score after triage: a non-equivalent mutant is killed when mutmut killed it (or
    timed it out) or a planting killed it; survived when neither did but one of them ran
    it; unchecked otherwise."""
    killed, survived, unchecked = 0, [], 0
    for name in chosen:
        if name in equivalent:
            continue
        state = states.get(name, "not checked")
        if state in ("killed", "timeout") or planted.get(name) == "KILLED":
            killed += 1
        elif state in ("survived", "no tests") or planted.get(name) == "SURVIVED":
            survived.append(name)
        else:
            unchecked += 1
    judged = killed + len(survived)
    return {
        "judged": judged,
        "killed": killed,
        "score": killed / judged if judged else None,
        "score_interval_95": wilson(killed, judged),
        "unchecked": unchecked,
        "open": survived,
    }


def wilson(k: int, m: int, z: float = 1.96) -> list[float] | None:
    """The Wilson score interval of ``k`` successes in ``m`` trials (None when m = 0)."""
    if not m:
        return None
    p = k / m
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / (1 + z * z / m)
    return [centre - half, centre + half]


def sample(
    states: dict[str, str], per_module: int, seed: int, families: tuple[str, ...] = ()
) -> list[str]:
    """``per_module`` mutants drawn with ``seed`` from every module whose dotted name
    starts with one of ``families`` (every module when empty).

    Each module draws from its own generator (seeded by ``seed`` and the module's name),
    so that a change to one module, which renames its mutants, leaves every other
    module's draw as it was: a sample continued after the code changed keeps the results
    of the modules that did not."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in sorted(states):
        if not families or module_of(name).startswith(families):
            by_module[module_of(name)].append(name)
    chosen = []
    for module in sorted(by_module):
        names = by_module[module]
        rng = random.Random(f"{seed}:{module}")
        chosen += rng.sample(names, min(per_module, len(names)))
    return sorted(chosen)


def score(states: dict[str, str], chosen: list[str]) -> dict:
    equivalent = equivalent_mutants()
    per_module: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name in chosen:
        state = "equivalent" if name in equivalent else states.get(name, "missing")
        per_module[module_of(name)][state] += 1
    totals: dict[str, int] = defaultdict(int)
    for counts in per_module.values():
        for state, n in counts.items():
            totals[state] += n
    # a mutant no test reaches ("no tests") is not detected: it counts as a survivor
    detected = totals["killed"] + totals["timeout"]
    undetected = totals["survived"] + totals["no tests"]
    judged = detected + undetected
    return {
        "sampled": len(chosen),
        "totals": dict(totals),
        "score": detected / judged if judged else None,
        # a timeout may be a slow survivor: the score with every timeout counted undetected
        "score_timeouts_undetected": totals["killed"] / judged if judged else None,
        "modules": {m: dict(c) for m, c in sorted(per_module.items())},
        "survivors": [
            n for n in chosen if states.get(n) in ("survived", "no tests") and n not in equivalent
        ],
    }


def weighted_and_interval(states: dict[str, str], result: dict) -> dict:
    """The score with each module weighted by its number of mutants (the sample takes the
    same number from every module), and a 95% Wilson interval for the unweighted score."""
    sizes: dict[str, int] = defaultdict(int)
    for name in states:
        sizes[module_of(name)] += 1
    survivors = judged_total = 0.0
    for module, counts in result["modules"].items():
        undetected = counts.get("survived", 0) + counts.get("no tests", 0)
        judged = undetected + counts.get("killed", 0) + counts.get("timeout", 0)
        if judged:
            judged_here = sizes[module] * judged / sum(counts.values())
            judged_total += judged_here
            survivors += judged_here * undetected / judged
    totals = result["totals"]
    n = totals.get("killed", 0) + totals.get("timeout", 0)
    m = n + totals.get("survived", 0) + totals.get("no tests", 0)
    return {
        "mutants": len(states),
        "score_weighted_by_module_size": 1 - survivors / judged_total if judged_total else None,
        "score_interval_95": wilson(n, m),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-module", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--score-only", action="store_true", help="score the last run")
    parser.add_argument(
        "--family",
        action="append",
        default=[],
        help="sample only modules whose dotted name starts with this (repeatable)",
    )
    parser.add_argument("--max-children", type=int, default=2, help="mutmut's workers")
    args = parser.parse_args()
    states = mutant_states()
    if not states:  # mutants not generated yet: a run of nothing generates them
        subprocess.run([*MUTMUT, "run", "predshare.cli.x__nothing__"], cwd=ROOT)
        states = mutant_states()
    chosen = sample(states, args.per_module, args.seed, tuple(args.family))
    # a mutant named to mutmut is run again even when it has a result: name only those
    # not checked yet, so that an interrupted sample continues where it stopped
    pending = [name for name in chosen if states.get(name) in (None, "not checked")]
    if not args.score_only and pending:
        # tests that start ``python -m predshare`` in another folder must import the
        # mutated copy too, not the installed (editable) sources
        environment = {**os.environ, "PYTHONPATH": str(ROOT / "mutants")}
        subprocess.run(
            [*MUTMUT_IN_RANDOM_ORDER, "run", "--max-children", str(args.max_children), *pending],
            cwd=ROOT,
            env=environment,
        )
        states = mutant_states()
    result = score(states, chosen)
    result.update(weighted_and_interval(states, result))
    result["after_triage"] = triaged_score(states, chosen, planted_verdicts(), equivalent_mutants())
    result.update(per_module=args.per_module, seed=args.seed, families=args.family)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for module, counts in result["modules"].items():
        print(f"{module:32s} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"score: {result['score']}; totals {result['totals']}")
    after = result["after_triage"]
    print(
        f"after triage: {after['killed']} of {after['judged']} killed, {len(after['open'])} open, "
        f"{after['unchecked']} unchecked"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
