"""The three worked cases of MODEL.md section 8, asserted exactly through the API."""

from fractions import Fraction as F

import pytest

from contracts import Contract, correlation, two_hypotheses, worked_cases
from solvers import analyze


def payoffs(result, name):
    return [eq.payoff for eq in result.solutions[name].equilibria()]


@pytest.fixture(scope="module")
def case_one():
    env = correlation("0.8", "0.7", [("0.56", "1/2"), ("0.7", "1/2")], reward=1, cost=1)
    return analyze(env, exact=True)


def test_case_one_payoffs(case_one):
    assert payoffs(case_one, "no") == [(F("0.175"), F("0.075"))]
    assert payoffs(case_one, "train") == [(F("0.175"), F("0.075"))]
    assert payoffs(case_one, "infer") == [(F("0.15"), F("0.15"))]
    assert payoffs(case_one, "full") == [(F("0.15"), F("0.15"))]


def test_case_one_verdicts(case_one):
    v = case_one.verdicts
    assert set(v.irpo) == {"no", "train"}
    assert v.equivalent("no", "train")
    assert v.unique_irpo is None
    assert v.unique_irpo_up_to_equivalence in {"no", "train"}


@pytest.fixture(scope="module")
def claim_three_point():
    alpha, beta = F(1441, 2000), F(1027, 2000)
    env = correlation(
        alpha,
        beta,
        [(alpha * beta, F(100001, 200000)), (beta, F(99999, 200000))],
        reward=1,
        cost=F(1511, 2000),
    )
    return analyze(env, exact=True)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("no", ("0.183471", "0.001777")),
        ("train", ("0.221263", "0.003082")),
        ("infer", ("0.127334", "0.127334")),
        ("full", ("0.127334", "0.127334")),
    ],
)
def test_claim_three_point_payoffs(claim_three_point, name, expected):
    solution = claim_three_point.solutions[name]
    assert solution.count == 1  # unique pure BNE in every contract
    (payoff,) = payoffs(claim_three_point, name)
    assert all(isinstance(u, F) for u in payoff)
    assert tuple(f"{float(u):.6f}" for u in payoff) == expected


def test_claim_three_point_verdicts(claim_three_point):
    assert payoffs(claim_three_point, "infer") == payoffs(claim_three_point, "full")
    v = claim_three_point.verdicts
    assert v.irpo == ("train",)
    assert v.unique_irpo == "train"
    assert v.strictly_dominates("train", "no")


@pytest.fixture(scope="module")
def hypotheses_case():
    return analyze(two_hypotheses(F(1, 10), F(1, 10), F(1, 20), F(3, 10)), exact=True)


def test_hypotheses_case(hypotheses_case):
    for name in ("no", "train", "infer", "full"):
        assert hypotheses_case.solutions[name].count == 1
    assert payoffs(hypotheses_case, "no") == [(F("0.45775"), F("0.45225"))]
    assert payoffs(hypotheses_case, "train") == [(F("0.45775"), F("0.45225"))]
    assert payoffs(hypotheses_case, "infer") == [(F("0.5185"), F("0.4815"))]
    assert payoffs(hypotheses_case, "full") == [(F(1, 2), F(1, 2))]
    assert hypotheses_case.verdicts.irpo == ("infer",)
    assert hypotheses_case.verdicts.equivalent("no", "train")


def test_worked_cases_registry_matches_the_spec_parameters(claim_three_point):
    """The demo's environments are MODEL.md's: same payoffs as the hand-built ones."""
    env = worked_cases()["claim-3-point"]
    result = analyze(env, exact=True)
    for name in ("no", "train", "infer", "full"):
        assert payoffs(result, name) == payoffs(claim_three_point, name)


def test_float_path_reproduces_the_worked_cases():
    for env in worked_cases().values():
        exact, fast = analyze(env, exact=True), analyze(env, exact=False)
        assert fast.verdicts.irpo == exact.verdicts.irpo
        for name in exact.solutions:
            for a, b in zip(payoffs(exact, name), payoffs(fast, name)):
                assert a == pytest.approx(b, abs=1e-12)


def test_contracts_may_be_given_as_objects_or_names():
    env = worked_cases()["hypotheses-1/10"]
    by_object = analyze(env, [Contract.named("infer"), Contract.named("full")], exact=True)
    by_name = analyze(env, ["infer", "full"], exact=True)
    assert list(by_object.solutions) == list(by_name.solutions) == ["no", "infer", "full"]
    assert by_object.verdicts.irpo == by_name.verdicts.irpo == ("infer",)
