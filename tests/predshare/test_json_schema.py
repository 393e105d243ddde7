"""The machine-readable outputs keep exactly the documented keys (README tables)."""

from __future__ import annotations

import json
from fractions import Fraction

from tests.predshare.cli_cases import HYPOTHESES, run

SOLVE_TOP = {
    "environment",
    "exact",
    "equilibria",
    "contracts",
    "ir",
    "pareto_optimal",
    "irpo",
    "unique_irpo",
    "unique_irpo_up_to_equivalence",
    "dominance",
    "strict_dominance",
    "equivalent",
}
SOLVE_CONTRACT = {
    "equilibrium_count",
    "complete",
    "listed",
    "kind",
    "method",
    "continuum",
    "certificate",
    "stats",
    "components",
    "cells",
    "equilibria",
}
EQUILIBRIUM = {"payoff", "interim", "strategy", "trade_probability", "aligned_welfare",
               "offered", "strict", "inverted", "patterns", "by_world"}  # fmt: skip
EXACT_EQUILIBRIUM = EQUILIBRIUM | {"payoff_exact", "interim_exact", "trade_probability_exact",
                                   "aligned_welfare_exact"}  # fmt: skip


def test_solve_json_keys(capsys):
    code, out, _ = run(["solve", *HYPOTHESES, "--json"], capsys)
    report = json.loads(out)
    assert code == 0 and set(report) == SOLVE_TOP
    assert report["exact"] is False and report["equilibria"] == "pure"
    for name in ("no", "train", "infer", "full"):
        entry = report["contracts"][name]
        assert set(entry) == SOLVE_CONTRACT
        assert entry["continuum"] is False and entry["complete"] is True and entry["listed"] is True
        assert all(set(eq) == EQUILIBRIUM for eq in entry["equilibria"])
    code, out, _ = run(["solve", *HYPOTHESES, "--json", "--exact"], capsys)
    report = json.loads(out)
    assert report["exact"] is True
    entry = report["contracts"]["infer"]
    assert set(entry) == SOLVE_CONTRACT | {"certificate_exact"}
    assert all(set(eq) == EXACT_EQUILIBRIUM for eq in entry["equilibria"])
    for eq in entry["equilibria"]:  # per firm, the same training labels, exact and float
        assert set(eq["interim"]) == set(eq["interim_exact"]) == set(eq["strategy"]) == {
            "firm1", "firm2"}  # fmt: skip
        for firm, values in eq["interim_exact"].items():
            assert set(values) == set(eq["interim"][firm])
            assert all(float(Fraction(v)) == eq["interim"][firm][t] for t, v in values.items())


def test_mixed_solve_json_has_exact_strategies(capsys):
    code, out, _ = run(["solve", *HYPOTHESES, "--json", "--exact", "--method", "support"], capsys)
    entry = json.loads(out)["contracts"]["no"]
    assert entry["kind"] == "mixed" and entry["method"] == "support"
    assert all(set(eq) == EXACT_EQUILIBRIUM | {"strategy_exact"} for eq in entry["equilibria"])


def test_bargain_json_keys(capsys):
    common = {
        "solution",
        "method",
        "status",
        "lottery",
        "transfer",
        "payoff",
        "disagreement",
        "parameters",
        "certificate",
    }
    code, out, _ = run(["bargain", *HYPOTHESES, "--json"], capsys)
    report = json.loads(out)
    assert set(report) == common | {"lottery_exact", "transfer_exact", "payoff_exact"}
    assert set(report["certificate"]) == {
        "nash_product_positive",
        "supporting_line_excess",
        "pareto_optimal",
    }
    code, out, _ = run(["bargain", *HYPOTHESES, "--json", "--method", "cvxpy"], capsys)
    report = json.loads(out)
    assert set(report) == common
    assert set(report["certificate"]) == {
        "solver",
        "primal_infeasibility",
        "stationarity_residual",
        "complementarity_residual",
        "dual_infeasibility",
    }


def test_verify_json_keys(capsys):
    code, out, _ = run(
        ["verify", "--json", "--claim", "7", "--claim", "3", "--samples", "2"], capsys
    )
    report = json.loads(out)
    assert code == 0 and set(report) == {"claims", "summary", "failed", "errors"}
    assert report["summary"] == {"fails": 1, "holds": 1}
    assert report["failed"] == ["7"] and report["errors"] == []
    claim = report["claims"][0]
    assert set(claim) == {
        "id",
        "statement",
        "source",
        "region",
        "method",
        "verdict",
        "evidence",
        "condition",
        "counterexample",
        "details",
        "seconds",
    }
    assert [c["id"] for c in report["claims"]] == ["3", "7"]  # registry order
    assert 0 <= claim["seconds"] < 3600
    assert set(report["claims"][0]["details"]) == {"samples", "held", "regions"}


READING = {"reading", "picked", "ir", "pareto_optimal", "irpo", "unique_irpo"}
PICKED = {"equilibrium", "payoff", "payoff_exact", "trade_probability", "aligned_welfare"}


def test_solve_readings_json_keys(capsys):
    """--reading adds ``readings`` (README, "Consumers"), one entry per reading asked."""
    code, out, _ = run(
        ["solve", *HYPOTHESES, "--json", "--exact", "--reading", "trade-best", "--reading",
         "welfare"],
        capsys,
    )  # fmt: skip
    report = json.loads(out)
    assert code == 0 and set(report) == SOLVE_TOP | {"readings"}
    assert [r["reading"] for r in report["readings"]] == ["trade-best", "welfare"]
    for reading in report["readings"]:
        assert set(reading) == READING
        assert set(reading["picked"]) == {"no", "train", "infer", "full"}
        assert all(set(p) == PICKED for p in reading["picked"].values())
