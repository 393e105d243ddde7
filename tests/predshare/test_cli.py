"""The command line: worked cases through the JSON, and bad input (exit 2, one line)."""

import json
import subprocess
import sys
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts import environment_to_dict, worked_cases
from predshare.cli import main
from tests.conftest import budget
from tests.predshare.cli_cases import CASE_ONE, CLAIM_THREE, HYPOTHESES, run
from tests.strategies import mutated_environment_files


def solve_json(args, capsys):
    code, out, err = run(["solve", *args, "--json", "--exact"], capsys)
    assert code == 0, err
    return json.loads(out)


def exact_payoffs(report, name):
    return [
        tuple(F(u) for u in eq["payoff_exact"]) for eq in report["contracts"][name]["equilibria"]
    ]


def test_case_one_through_the_cli(capsys):
    report = solve_json(CASE_ONE, capsys)
    assert exact_payoffs(report, "no") == [(F("0.175"), F("0.075"))]
    assert exact_payoffs(report, "train") == [(F("0.175"), F("0.075"))]
    assert (
        exact_payoffs(report, "infer") == exact_payoffs(report, "full") == [(F("0.15"), F("0.15"))]
    )
    assert report["irpo"] == ["no", "train"]
    assert report["unique_irpo"] is None
    assert report["unique_irpo_up_to_equivalence"] == "no"
    assert ["no", "train"] in report["dominance"] and ["train", "no"] in report["dominance"]


def test_claim_three_point_through_the_cli(capsys):
    report = solve_json(CLAIM_THREE, capsys)
    expected = {
        "no": ("0.183471", "0.001777"),
        "train": ("0.221263", "0.003082"),
        "infer": ("0.127334", "0.127334"),
        "full": ("0.127334", "0.127334"),
    }
    for name, values in expected.items():
        assert report["contracts"][name]["equilibrium_count"] == 1
        (payoff,) = exact_payoffs(report, name)
        assert tuple(f"{float(u):.6f}" for u in payoff) == values
    assert report["irpo"] == ["train"] and report["unique_irpo"] == "train"


def test_hypotheses_case_through_the_cli(capsys):
    report = solve_json(HYPOTHESES, capsys)
    assert (
        exact_payoffs(report, "no")
        == exact_payoffs(report, "train")
        == [(F("0.45775"), F("0.45225"))]
    )
    assert exact_payoffs(report, "infer") == [(F("0.5185"), F("0.4815"))]
    assert exact_payoffs(report, "full") == [(F(1, 2), F(1, 2))]
    assert report["irpo"] == ["infer"] and report["unique_irpo"] == "infer"


def test_json_schema_fields(capsys):
    report = solve_json(HYPOTHESES, capsys)
    assert set(report) >= {
        "contracts",
        "ir",
        "pareto_optimal",
        "irpo",
        "unique_irpo",
        "unique_irpo_up_to_equivalence",
        "dominance",
    }
    eq = report["contracts"]["infer"]["equilibria"][0]
    assert set(eq) >= {"payoff", "interim", "strategy", "payoff_exact"}
    assert set(eq["interim"]) == {"firm1", "firm2"} == set(eq["strategy"])
    assert set(eq["interim"]["firm1"]) == {"I", "II"}
    assert all(a in (0, 1) for a in eq["strategy"]["firm1"].values())
    # interim payoffs average to the ex-ante one with P(I) = 1/10
    interim = eq["interim"]["firm1"]
    assert 0.1 * interim["I"] + 0.9 * interim["II"] == pytest.approx(eq["payoff"][0], abs=1e-12)


def test_environment_file_gives_the_same_report(tmp_path, capsys):
    path = tmp_path / "case.json"
    assert run(["environment", *CLAIM_THREE, "--output", str(path)], capsys)[0] == 0
    from_file = solve_json([str(path)], capsys)
    from_flags = solve_json(CLAIM_THREE, capsys)
    assert from_file["contracts"] == from_flags["contracts"]
    assert json.loads(path.read_text()) == environment_to_dict(worked_cases()["claim-3-point"]) | {
        "name": from_file["environment"]
    }


def test_directional_contracts(capsys):
    report = solve_json(CASE_ONE + ["--contracts", "directional"], capsys)
    assert len(report["contracts"]) == 16
    assert "model1>2+pred2>1" in report["contracts"]


def test_human_output_has_the_tables(capsys):
    code, out, _ = run(["solve", *HYPOTHESES], capsys)
    assert code == 0
    assert "IRPO" in out and "unique IRPO: infer" in out
    assert "0.518500" in out


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "predshare", "solve", *HYPOTHESES, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["irpo"] == ["infer"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (
            ["solve", "correlation", "--alpha", "0.8", "--beta", "0.7", "--world", "0.9:1"],
            "must be feasible",
        ),
        (["solve", "correlation", "--alpha", "0.8", "--beta", "0.7"], "--world is required"),
        (
            ["solve", "correlation", "--alpha", "2", "--beta", "0.7", "--world", "indep:1"],
            "alpha = 2",
        ),
        (
            ["solve", "correlation", "--alpha", "0.8", "--beta", "0.7", "--world", "indep"],
            "must be RHO:PRIOR",
        ),
        (
            ["solve", "correlation", "--alpha", "0.8", "--beta", "0.7", "--world", "indep:1/2"],
            "prior sums to",
        ),
        (["solve", *HYPOTHESES, "--alpha", "1"], "--alpha: not used by hypotheses"),
        (["solve", *HYPOTHESES, "--contracts", "all"], "invalid choice"),
        (["solve", "missing.json"], "cannot be read"),
        (["frobnicate"], "invalid choice"),
        (["solve"], "required"),
        ([], None),
    ],
)
def test_bad_input_is_one_line_and_exit_code_two(args, fragment, capsys):
    code, out, err = run(args, capsys)
    assert code == 2
    if fragment is not None:
        assert err.startswith("predshare: error:") and err.count("\n") == 1
        assert fragment in err


def test_bad_output_path_writes_nothing(tmp_path, capsys):
    target = tmp_path / "no-such-dir" / "report.json"
    code, _, err = run(["solve", *HYPOTHESES, "--output", str(target)], capsys)
    assert code == 2 and "does not exist" in err
    assert not target.parent.exists()


VOCABULARY = [
    "solve",
    "environment",
    "correlation",
    "hypotheses",
    "--alpha",
    "--beta",
    "--world",
    "--reward",
    "--cost",
    "--prior-i",
    "--kappa",
    "--lambda",
    "--mu",
    "--one-sample",
    "--exact",
    "--json",
    "--contracts",
    "standard",
    "directional",
    "0.8",
    "0.7",
    "1/2",
    "indep:1",
    "max:1/2",
    "min:1/2",
    "0:1",
    "-1",
    "1/0",
    "nan",
    "x",
    "",
    ":",
    "3",
    "bargain",
    "--solution",
    "ks",
    "rubinstein",
    "--weights",
    "--discount",
    "1:2",
    "1/2:1/3",
    "--transfers",
    "--cap",
    "--interim",
    "--disagreement",
    "best",
    "--method",
    "cvxpy",
    "lemke",
    "support",
    "--equilibria",
    "mixed",
    "verify",
    "--claim",
    "--samples",
    "0",
]


@settings(max_examples=budget(150), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=10))
def test_random_arguments_never_raise(args, capsys):
    args = [a for a in args if a not in ("-h", "--help") and not a.startswith("-h")]
    if "verify" in args:  # keep a full verification run out of this fuzz test
        args += ["--claim", "7", "--samples", "1"]
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 2 and err:
        assert err.startswith("predshare: error:") and err.count("\n") == 1


@settings(max_examples=budget(100), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_environment_files())
def test_malformed_environment_files_exit_two_with_one_line(text, tmp_path, capsys):
    path = tmp_path / "env.json"
    path.write_text(text)
    code = main(["solve", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("predshare: error:") and err.count("\n") == 1 and not out
    else:
        assert json.loads(out)["contracts"]


def test_tables_wrap_to_the_width_they_are_given():
    from predshare.report import format_table

    rows = [["7", "fails", "word " * 60, "0.02"], ["cf-hyp", "holds", "short", "0.15"]]
    text = format_table(["claim", "verdict", "evidence", "seconds"], rows, max_width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.count("word") == 60  # nothing is cut, only wrapped
    assert format_table(["a"], [["x" * 10]], max_width=100) == "a\n" + "-" * 10 + "\n" + "x" * 10


def test_demo_solves_the_worked_cases_then_reports_the_claims(capsys):
    code, out, err = run(["demo", "--samples", "2"], capsys)
    assert code == 0, err
    sections = out.split("=== ")
    assert [s.split(":")[0] for s in sections[1:4]] == [
        "correlation-0.8-0.7",
        "claim-3-point",
        "hypotheses-1/10",
    ]
    assert "unique IRPO: none; unique IRPO up to equivalence: no" in sections[1]
    assert "unique IRPO: train; unique IRPO up to equivalence: train" in sections[2]
    assert "unique IRPO: infer; unique IRPO up to equivalence: infer" in sections[3]
    assert sections[4].startswith("the papers' claims")
    assert "cf-hyp-box" in sections[4] and "fails" in sections[4]
