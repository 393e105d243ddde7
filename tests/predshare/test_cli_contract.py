"""The CLI's promises: which flags belong to which setting, how equilibria are numbered,
and which exit code each kind of failure gets (0 done, 1 a solver or check failed,
2 bad input), always with one line on stderr."""

from __future__ import annotations

import json

import pytest

from contracts import save_environment
from proofs.claims import Claim, Outcome
from solvers import SolverFailure, SolverLimitError
from tests.predshare.cli_cases import CASE_ONE, HYPOTHESES, run
from tests.solvers.bargaining.test_bargaining_facts import three_equilibria


def one_line_error(err: str, prefix: str = "predshare: error:") -> str:
    assert err.startswith(prefix) and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    "args, flag, setting",
    [
        (["solve", *CASE_ONE, "--kappa", "1/10"], "--kappa", "correlation"),
        (["solve", *CASE_ONE, "--one-sample"], "--one-sample", "correlation"),
        (["solve", *CASE_ONE, "--prior-i", "1/2", "--mu", "0"], "--mu, --prior-i", "correlation"),
        (["solve", *HYPOTHESES, "--world", "indep:1"], "--world", "hypotheses"),
        (["solve", *HYPOTHESES, "--reward", "2"], "--reward", "hypotheses"),
        (["bargain", *HYPOTHESES, "--cost", "2"], "--cost", "hypotheses"),
    ],
)
def test_flags_of_the_other_setting_are_refused(args, flag, setting, capsys):
    code, _, err = run(args, capsys)
    assert code == 2
    assert f"{flag}: not used by {setting}" in one_line_error(err)


def test_flags_are_refused_with_an_environment_file(tmp_path, capsys):
    path = tmp_path / "env.json"
    save_environment(three_equilibria(), path)
    code, _, err = run(["solve", str(path), "--alpha", "0.8"], capsys)
    assert code == 2 and "--alpha: not used by an environment file" in one_line_error(err)


def test_disagreement_numbers_pick_the_listed_equilibria(tmp_path, capsys):
    """`--disagreement N` is the N-th no-sharing equilibrium that `solve --json` lists."""
    path = tmp_path / "env.json"
    save_environment(three_equilibria(), path)
    code, out, _ = run(["solve", str(path), "--json", "--exact"], capsys)
    listed = [eq["payoff"] for eq in json.loads(out)["contracts"]["no"]["equilibria"]]
    assert len(listed) == 3
    for number, payoff in enumerate(listed, start=1):
        code, out, err = run(
            ["bargain", str(path), "--disagreement", str(number), "--json"], capsys
        )
        assert code == 0, err
        assert json.loads(out)["disagreement"] == payoff
    worst = run(["bargain", str(path), "--json"], capsys)[1]
    assert json.loads(worst)["disagreement"] == [0.5, 0.5]
    code, _, err = run(["bargain", str(path), "--disagreement", "4"], capsys)
    assert code == 2 and "has 3 equilibria (numbers 1 to 3)" in one_line_error(err)
    code, _, err = run(["bargain", str(path), "--disagreement", "0"], capsys)
    assert code == 2 and "numbers start at 1" in one_line_error(err)


def test_a_solver_failure_exits_one_not_two(monkeypatch, capsys):
    def fail(*args, **kwargs):
        raise SolverFailure("MILP (welfare) ended with status infeasible_inaccurate")

    monkeypatch.setattr("solvers.analysis.environment.analyze", fail)
    code, _, err = run(["solve", *HYPOTHESES], capsys)
    assert code == 1
    assert "infeasible_inaccurate" in one_line_error(err, "predshare: solver failure:")


def test_a_solver_limit_exits_two_and_names_the_method_to_use(monkeypatch, capsys):
    def limit(*args, **kwargs):
        raise SolverLimitError("component with 30 x 30 cells: ...; use method 'potential'")

    monkeypatch.setattr("solvers.analysis.environment.analyze", limit)
    code, _, err = run(["solve", *HYPOTHESES], capsys)
    assert code == 2 and "use method 'potential'" in one_line_error(err)


def test_a_multi_line_error_is_printed_on_one_line(monkeypatch, capsys):
    def messy(*args, **kwargs):
        raise ValueError("first line\n  second line\n")

    monkeypatch.setattr("solvers.analysis.environment.analyze", messy)
    code, _, err = run(["solve", *HYPOTHESES], capsys)
    assert code == 2 and err == "predshare: error: first line second line\n"


def _claim(outcome_or_error) -> Claim:
    def check(samples: int) -> Outcome:
        if isinstance(outcome_or_error, Exception):
            raise outcome_or_error
        return outcome_or_error

    return Claim("x", "a planted claim", "test", "nowhere", "witness", check)


@pytest.mark.parametrize(
    "outcome, strict, code",
    [
        (Outcome("holds", "fine"), False, 0),
        (Outcome("holds", "fine"), True, 0),
        (Outcome("fails", "a counterexample"), False, 0),
        (Outcome("fails", "a counterexample"), True, 1),
        (ValueError("the engine refused"), False, 1),  # the check could not run
    ],
)
def test_verify_exit_codes(outcome, strict, code, monkeypatch, capsys):
    import proofs.paper
    import proofs.report

    planted = [_claim(outcome)]
    monkeypatch.setattr(proofs.paper, "CLAIMS", planted)
    monkeypatch.setattr(proofs.report, "CLAIMS", planted)
    got, out, err = run(["verify", "--json"] + (["--strict"] if strict else []), capsys)
    assert got == code, err
    report = json.loads(out)
    assert report["errors"] == (["x"] if isinstance(outcome, Exception) else [])
    assert report["failed"] == (["x"] if getattr(outcome, "status", "") == "fails" else [])


@pytest.mark.parametrize(
    "flag, shown",
    [
        ("--prior-i", "--prior-i"),
        ("--kappa", "--kappa"),
        ("--lambda", "--lambda"),
        ("--mu", "--mu"),
    ],
)
def test_number_errors_name_the_flag_as_typed(flag, shown, capsys):
    args = {"--prior-i": "1/10", "--kappa": "1/10", "--lambda": "1/20", "--mu": "3/10"}
    args[flag] = "x"
    code, _, err = run(["solve", "hypotheses", *[a for kv in args.items() for a in kv]], capsys)
    assert code == 2 and f"{shown} = 'x': must be a finite number" in one_line_error(err)
