"""The verifier: planted errors are caught, real counterexamples re-checked independently,
symbolic derivations agree with the engine."""

import json
from fractions import Fraction as F

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Contract, correlation, standard_contracts, two_hypotheses
from predshare.cli import main
from proofs.claims import FAILS, HOLDS, ONLY_UNDER, Claim, Region, region, witness
from proofs.paper import (
    HYP_BOX,
    claim3_point,
    claims_by_id,
    correlation_closed_forms,
    correlation_point,
    hypotheses_closed_forms,
    hypotheses_point,
    hypotheses_quoted,
)
from proofs.regions import Box, sample_points, simplest_between
from proofs.symbolic import (
    box_implies,
    correlation_worlds,
    hypotheses_worlds,
    substitute,
    symbolic_payoffs,
)
from solvers import BayesianGame, analyze, pure_equilibria
from tests.conftest import budget
from tests.strategies import oracle_regret

SETTINGS = settings(max_examples=budget(25))


# ------------------------------------------------------------- planted errors are caught
def test_a_wrong_closed_form_fails_with_the_nonzero_difference():
    def wrong(a, b):
        forms = {
            "no, both follow": ((3 * a - b) / 4, (3 * b - a - 1) / 4),
            "no, firm 2 out": ((2 * a - 1) / 2, sp.Integer(0)),
            "full": ((2 * a - 1) / 4, (2 * a - 1) / 4),
        }
        return forms

    outcome = correlation_closed_forms(8, quoted_forms=wrong)
    assert outcome.status == FAILS
    assert "'no, both follow': ['-1/4', '0']" in outcome.evidence
    derived = outcome.counterexample["derived"]  # the derived forms, to compare by eye
    assert set(derived) == {"no, both follow", "no, firm 2 out", "full"}
    assert derived["full"] == ["alpha/2 - 1/4", "alpha/2 - 1/4"]


def test_a_wrong_hypotheses_closed_form_fails():
    def wrong():
        forms = hypotheses_quoted()
        forms["full"] = (sp.Rational(1, 2), sp.Rational(1, 3))
        return forms

    outcome = hypotheses_closed_forms(4, quoted_forms=wrong)
    assert outcome.status == FAILS and "'full'" in outcome.evidence


def test_a_wrong_region_fails_with_a_shrunk_counterexample_inside_the_region():
    box = Box.of(
        alpha=("1/2", "1"), b=("0", "1"), u1=("0", "1"), w=("0", "1"), u2=("0", "1"), fixed={"R": 1}
    )

    def train_unique(point, analysis):  # false over most of this region
        return analysis.verdicts.unique_irpo == "train", f"IRPO = {analysis.verdicts.irpo}"

    claim = Claim(
        "planted",
        "train is unique IRPO everywhere",
        "test",
        box.describe(),
        "region",
        region([Region(box, correlation_point(2))], train_unique),
    )
    verdict = claim.verify(samples=16)
    assert verdict.outcome.status == FAILS
    point = verdict.outcome.counterexample["point"]
    assert box.contains(point)
    assert all(point[k].denominator <= 16 for k in ("alpha", "b", "w"))  # shrunk
    # the counterexample really is one: re-run the engine at the point
    assert analyze(correlation_point(2)(point), exact=True).verdicts.unique_irpo != "train"


def test_a_wrong_irpo_set_fails_at_the_witness():
    point = {"p": F(1, 10), "kappa": F(1, 10), "lam": F(1, 20), "mu": F(3, 10)}

    def full_irpo(q, analysis):
        return analysis.verdicts.irpo == ("full",), f"IRPO = {analysis.verdicts.irpo}"

    claim = Claim(
        "planted",
        "full is the IRPO set",
        "test",
        "one point",
        "witness",
        witness([point], hypotheses_point(), full_irpo),
    )
    outcome = claim.verify().outcome
    assert outcome.status == FAILS
    assert outcome.counterexample["engine"]["irpo"] == ["infer"]


def test_a_true_claim_holds():
    point = {
        "alpha": F(1441, 2000),
        "beta": F(1027, 2000),
        "C": F(1511, 2000),
        "R": F(1),
        "w": F(100001, 200000),
    }
    claim = Claim(
        "true",
        "train unique IRPO at the claim-3 point",
        "test",
        "one point",
        "witness",
        witness([point], claim3_point, lambda q, a: (a.verdicts.unique_irpo == "train", "ok")),
    )
    assert claim.verify().outcome.status == HOLDS


# ------------------------------------------------------------- real findings re-checked
def test_the_box_counterexample_violates_the_condition_by_plain_arithmetic():
    outcome = claims_by_id()["cf-hyp-box"].verify().outcome
    assert outcome.status == FAILS
    violations = outcome.counterexample["violations"]
    point = violations["(1-kappa) mu > 2 kappa"]
    kappa, mu = point["kappa"], point["mu"]
    assert HYP_BOX["kappa"][0] < kappa < HYP_BOX["kappa"][1]
    assert HYP_BOX["mu"][0] < mu < HYP_BOX["mu"][1]
    assert not (1 - kappa) * mu > 2 * kappa


def test_claim_four_counterexample_is_real_by_the_independent_oracle():
    verdict = claims_by_id()["4"].verify(samples=64)
    assert verdict.outcome.status in (FAILS, ONLY_UNDER)
    point = verdict.outcome.counterexample["point"]
    env = correlation_point(int(point["K"]))(point)
    infer, full = Contract.named("infer"), Contract.named("full")
    full_eqs = pure_equilibria(BayesianGame.build(env, full), exact=True).equilibria()
    infer_eqs = pure_equilibria(BayesianGame.build(env, infer), exact=True).equilibria()
    assert all(oracle_regret(env, infer, eq.strategy) == 0 for eq in infer_eqs)
    assert all(oracle_regret(env, full, eq.strategy) == 0 for eq in full_eqs)
    # some training observation at which an infer equilibrium beats every full equilibrium
    beaten = [
        t
        for t in env.training_labels[0]
        if any(all(e.interim[0][t] > f.interim[0][t] for f in full_eqs) for e in infer_eqs)
    ]
    assert beaten


def test_claim_seven_fails_because_full_is_not_individually_rational():
    outcome = claims_by_id()["7"].verify().outcome
    assert outcome.status == FAILS
    engine = outcome.counterexample["engine"]
    assert "full" not in engine["ir"] and engine["irpo"] == ["infer"]


# ------------------------------------------------------------- symbolic vs engine
@SETTINGS
@given(
    st.fractions(min_value=F(26, 50), max_value=F(49, 50), max_denominator=50),
    st.fractions(min_value=0, max_value=1, max_denominator=50),
    st.fractions(min_value=0, max_value=1, max_denominator=50),
    st.sampled_from([c.name for c in standard_contracts()]),
)
def test_symbolic_payoffs_agree_with_the_engine_correlation(alpha, where_beta, where_rho, contract):
    beta = F(1, 2) + where_beta * (alpha - F(1, 2))
    low, high = max(F(0), alpha + beta - 1), min(alpha, beta)
    rho = low + where_rho * (high - low)
    env = correlation(alpha, beta, [(rho, 1)])
    game = BayesianGame.build(env, Contract.named(contract))
    a, b, r = sp.symbols("alpha beta rho")
    for eq in pure_equilibria(game, exact=True).equilibria(limit=4):
        derived = symbolic_payoffs(correlation_worlds(a, b, r), env.utility, game.info, eq.strategy)
        values = {a: alpha, b: beta, r: rho}
        assert tuple(substitute(d, values) for d in derived) == eq.payoff


@SETTINGS
@given(
    st.fractions(min_value=F(1, 40), max_value=F(39, 40), max_denominator=40),
    st.fractions(min_value=F(1, 40), max_value=F(39, 40), max_denominator=40),
    st.fractions(min_value=0, max_value=F(1, 2), max_denominator=40),
    st.fractions(min_value=0, max_value=F(1, 2), max_denominator=40),
    st.sampled_from([c.name for c in standard_contracts()]),
)
def test_symbolic_payoffs_agree_with_the_engine_hypotheses(p, kappa, lam, mu, contract):
    env = two_hypotheses(p, kappa, lam, mu)
    game = BayesianGame.build(env, Contract.named(contract))
    symbols = sp.symbols("p kappa lambda mu")
    for eq in pure_equilibria(game, exact=True).equilibria(limit=4):
        derived = symbolic_payoffs(hypotheses_worlds(*symbols), env.utility, game.info, eq.strategy)
        values = dict(zip(symbols, (p, kappa, lam, mu)))
        assert tuple(substitute(d, values) for d in derived) == eq.payoff


# ------------------------------------------------------------- the building blocks
@given(
    st.fractions(min_value=0, max_value=5, max_denominator=30),
    st.fractions(min_value=F(1, 30), max_value=2, max_denominator=30),
)
def test_simplest_between_is_inside_and_simplest(low, width):
    high = low + width
    found = simplest_between(low, high)
    assert low < found < high
    for q in range(1, found.denominator):  # no smaller denominator fits
        assert not any(low < F(n, q) < high for n in range(int(low * q), int(high * q) + 2))


def test_box_implies_decides_multilinear_conditions():
    x, y = sp.symbols("x y")
    unit = [(F(0), F(1)), (F(0), F(1))]
    assert box_implies(x * y, (x, y), unit) == (True, None)
    holds, point = box_implies(x - F(1, 2) + y * 0, (x, y), unit)
    assert not holds and 0 < point["x"] < 1 and point["x"] - F(1, 2) <= 0
    assert box_implies(x * 0, (x, y), unit)[0] is False  # zero everywhere: not > 0


def test_sample_points_are_exact_and_inside():
    box = Box.of(a=("0", "1/3"), b=("1", "2"), fixed={"c": 5})
    points = list(sample_points(box, 20))
    assert len(points) == 20 and all(box.contains(p) and p["c"] == 5 for p in points)
    assert points == list(sample_points(box, 20))  # a fixed design


# ------------------------------------------------------------- the command
def test_verify_command_json_strict_and_markdown(tmp_path, capsys):
    code = main(["verify", "--claim", "7", "--claim", "cf-hyp-box", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["failed"] == ["7", "cf-hyp-box"]
    assert main(["verify", "--claim", "7", "--strict"]) == 1
    capsys.readouterr()
    target = tmp_path / "VERIFICATION.md"
    assert main(["verify", "--claim", "cf-hyp", "--markdown", str(target)]) == 0
    assert "### Claim cf-hyp: holds" in target.read_text()
    assert main(["verify", "--claim", "99"]) == 2
    assert "claim = '99'" in capsys.readouterr().err


def test_claim_seven_counterexample_by_the_reference_model_alone():
    """Independently of the engine's solvers: under full sharing both firms observe the
    same (t1, t2, s1, s2), so each observation is its own 2x2 game; the reference model
    enumerates each and finds one pure equilibrium per observation, giving firm 1 exactly
    1/2 at t1 = (A,1). The engine's no-sharing equilibrium passes the reference's
    best-response check and gives firm 1 142089/262144 > 1/2 at t1 = (A,1) (with firm 2's
    model at (a,1)). So full cannot dominate no (Eq. (6)): full is not IR, and the
    manuscript's claim that it is the unique IRPO contract fails."""
    from collections import defaultdict

    from tests import reference

    env = hypotheses_point(one_sample=True)(
        {"p": F(1, 16), "kappa": F(201, 2048), "lam": F(1, 64), "mu": F(29, 64)}
    )
    games = defaultdict(list)  # observation -> realizations
    for mass, t1, t2, y, s1, s2 in reference.realizations(env):
        games[reference.observation(1, "full", t1, t2, s1, s2)].append((mass, y))
    full = ({}, {})
    for obs, plays in games.items():

        def value(firm, a1, a2, plays=plays):
            own, other = (a1, a2) if firm == 0 else (a2, a1)
            return sum(m * reference.ex_post(env, own, other, y) for m, y in plays)

        equilibria = [
            (a1, a2)
            for a1 in (0, 1)
            for a2 in (0, 1)
            if value(0, a1, a2) >= value(0, 1 - a1, a2) and value(1, a1, a2) >= value(1, a1, 1 - a2)
        ]
        assert len(equilibria) == 1, obs
        full[0][obs], full[1][obs] = equilibria[0]
    full_interim = reference.interim_payoffs(env, "full", full)
    assert full_interim[0]["(A,1)"] == F(1, 2)

    game = BayesianGame.build(env, Contract.named("no"))
    (no_eq,) = pure_equilibria(game, exact=True).equilibria()
    no = reference.from_engine(game.info, no_eq.strategy)
    assert reference.regret(env, "no", no) == 0
    no_interim = reference.interim_payoffs(env, "no", no)
    assert no_interim[0]["(A,1)"] == F(142089, 262144) > full_interim[0]["(A,1)"]
