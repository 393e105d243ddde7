"""The bargain command: JSON, plot, and bad input."""

import json
from fractions import Fraction as F

import pytest

from tests.predshare.cli_cases import CASE_ONE, HYPOTHESES, run


def test_bargain_json_gives_the_exact_lottery(capsys):
    code, out, err = run(["bargain", *HYPOTHESES, "--json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["solution"] == "nash" and report["method"] == "polygon"
    assert report["lottery_exact"] == {"infer#1": "11/74", "full#1": "63/74"}
    assert report["payoff_exact"] == ["2011/4000", "1989/4000"]
    assert report["certificate"]["pareto_optimal"] is True


def test_bargain_with_transfers_and_interim(capsys):
    code, out, _ = run(["bargain", *CASE_ONE, "--transfers", "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert [F(v) for v in report["payoff_exact"]] == [F(1, 5), F(1, 10)]
    code, out, _ = run(["bargain", *HYPOTHESES, "--interim", "--solution", "ks", "--json"], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["method"] == "cvxpy" and report["parameters"]["interim"] is True
    assert report["certificate"]["primal_infeasibility"] < 1e-7


def test_bargain_plot_is_a_png(tmp_path, capsys):
    target = tmp_path / "deal.png"
    code, out, _ = run(
        [
            "bargain",
            *HYPOTHESES,
            "--solution",
            "rubinstein",
            "--discount",
            "9/10:4/5",
            "--plot",
            str(target),
        ],
        capsys,
    )
    assert code == 0 and "rubinstein" in out
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.png"]


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (["--cap", "1"], "--cap: needs --transfers"),
        (["--weights", "2"], "must be two numbers A:B"),
        (["--weights", "1:-1"], "weights[1] = -1: must be positive"),
        (["--discount", "1:1/2"], "discount[0] = 1: must be in (0, 1)"),
        (["--disagreement", "zero"], "--disagreement = 'zero'"),
        (["--disagreement", "2"], "no-sharing has 1 equilibrium (numbers 1 to 1)"),
        (["--method", "polygon", "--interim"], "covers ex-ante problems"),
        (["--solution", "fair"], "invalid choice"),
        (["--plot", "/no/such/dir/x.png"], "does not exist"),
    ],
)
def test_bad_bargain_input_exits_two(extra, fragment, capsys):
    code, out, err = run(["bargain", *HYPOTHESES, *extra], capsys)
    assert code == 2
    assert err.startswith("predshare: error:") and err.count("\n") == 1
    assert fragment in err


def test_plotted_rational_region_is_the_feasible_set_above_the_disagreement_point():
    """Worked case 3: no-sharing is the disagreement point, so every lottery of no, full and
    infer is individually rational: the shaded region is the whole triangle."""
    from fractions import Fraction as F

    from contracts import worked_cases
    from predshare.plots.bargaining import rational_region
    from solvers import analyze
    from solvers.bargaining.problem import bargaining_problem, problem_from_points

    problem = bargaining_problem(analyze(worked_cases()["hypotheses-1/10"], exact=True))
    corners = {v.point for v in rational_region(problem)}
    assert corners == {
        (F(1831, 4000), F(1809, 4000)),
        (F(1, 2), F(1, 2)),
        (F(1037, 2000), F(963, 2000)),
    }
    clipped = problem_from_points([(1, 0), (0, 1), (0, 0)], (F(1, 2), F(0)))
    assert {v.point for v in rational_region(clipped)} == {
        (F(1, 2), F(0)),
        (F(1, 2), F(1, 2)),
        (F(1), F(0)),
    }


def test_directional_plot_numbers_its_outcomes(tmp_path, capsys):
    from tests.predshare.cli_cases import CLAIM_THREE

    target = tmp_path / "plot.png"
    code, _, err = run(
        ["bargain", *CLAIM_THREE, "--contracts", "directional", "--plot", str(target)], capsys
    )
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bargain_json_parameters_are_named_as_documented(capsys):
    code, out, err = run(["bargain", *HYPOTHESES, "--json", "--weights", "2:1"], capsys)
    assert code == 0, err
    assert json.loads(out)["parameters"] == {
        "transfers": False,
        "interim": False,
        "weights": [2.0, 1.0],
    }
    code, out, err = run(
        [
            "bargain",
            *HYPOTHESES,
            "--json",
            "--solution",
            "rubinstein",
            "--transfers",
            "--cap",
            "1/10",
        ],
        capsys,
    )
    assert code == 0, err
    assert json.loads(out)["parameters"] == {
        "transfers": True,
        "interim": False,
        "cap": 0.1,
        "discount": [0.9, 0.9],
    }
