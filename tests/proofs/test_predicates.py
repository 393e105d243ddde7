"""Each claim's predicate against a literal reading of MODEL.md section 7, written here
from the definitions of section 4, on environments chosen so that every conjunct is true
somewhere and false somewhere else. A weakened predicate (a conjunct dropped, a strict
inequality made weak, "all" read as "any") disagrees with the reading on one of them.
The region bookkeeping (counts, "holds only under") is checked on a planted claim."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from contracts import correlation, two_hypotheses
from proofs import paper
from proofs.claims import FAILS, HOLDS, ONLY_UNDER, Region, region
from proofs.regions import Box
from solvers import analyze
from tests import reference


def correlation_points():
    """(point, environment): R1 = C1 and not, 1-2 worlds, alpha = beta and not."""
    cases = [
        dict(
            alpha=F(4, 5),
            beta=F(7, 10),
            worlds=[(F(14, 25), F(1, 2)), (F(7, 10), F(1, 2))],
            R=F(1),
            C=F(1),
        ),
        dict(
            alpha=F(1441, 2000),
            beta=F(1027, 2000),
            worlds=[("indep", F(100001, 200000)), ("max", F(99999, 200000))],
            R=F(1),
            C=F(1511, 2000),
        ),
        dict(
            alpha=F(8, 15),
            beta=F(31, 60),
            worlds=[(F(11, 108), F(1, 2)), (F(13, 36), F(1, 2))],
            R=F(7, 2),
            C=F(8, 3),
        ),
        dict(
            alpha=F(5, 9),
            beta=F(5, 9),
            worlds=[("indep", F(1, 3)), ("max", F(2, 3))],
            R=F(10, 9),
            C=F(2, 3),
        ),
        dict(alpha=F(3, 4), beta=F(3, 4), worlds=[("indep", F(1))], R=F(1), C=F(1)),
        dict(
            alpha=F(4, 5), beta=F(3, 5), worlds=[("indep", F(1))], R=F(1), C=F(1)
        ),  # 3 beta > alpha + 1
        dict(
            alpha=F(9, 10), beta=F(3, 5), worlds=[("indep", F(1))], R=F(1), C=F(1)
        ),  # 3 beta < alpha + 1
        dict(
            alpha=F(4, 5), beta=F(3, 5), worlds=[("max", F(1))], R=F(1), C=F(1)
        ),  # 3 beta = alpha + 1
        dict(
            alpha=F(3, 4), beta=F(3, 5), worlds=[("min", F(1, 2)), ("max", F(1, 2))], R=F(2), C=F(1)
        ),
        # full does not dominate infer, while no ~ train and full is not IR
        dict(
            alpha=F(33, 50),
            beta=F(29, 50),
            worlds=[(F(6, 25), F(1, 2)), (F(41, 100), F(1, 2))],
            R=F(2),
            C=F(3, 2),
        ),
    ]
    for case in cases:
        env = correlation(case["alpha"], case["beta"], case["worlds"], case["R"], case["C"])
        point = {"alpha": case["alpha"], "beta": case["beta"], "R": case["R"], "C": case["C"]}
        yield point, analyze(env, exact=True)


def hypotheses_points(one_sample=False):
    for p, kappa, lam, mu in [
        (F(1, 10), F(1, 10), F(1, 20), F(3, 10)),
        (F(1, 16), F(201, 2048), F(1, 64), F(29, 64)),
        (F(1, 2), F(1, 10), F(1, 20), F(3, 10)),
        (F(1, 10), F(3, 10), F(1, 5), F(1, 5)),
        (F(1, 30), F(7, 48), F(1, 44), F(11, 40)),
        # infer unique IRPO, no ~ train, full not IR, but not because of firm 1 at I
        (F(47, 100), F(1, 20), F(1, 2), F(1, 2)),
    ]:
        point = {"p": p, "kappa": kappa, "lam": lam, "mu": mu}
        yield point, analyze(two_hypotheses(p, kappa, lam, mu, one_sample), exact=True)


CORRELATION = list(correlation_points())
HYPOTHESES = list(hypotheses_points())
ONE_SAMPLE = list(hypotheses_points(one_sample=True))


def unique_up_to_equivalence(v, name):
    irpo = v.irpo
    return name in irpo and all(v.equivalent(name, other) for other in irpo)


def literal_claim1(point, a):
    v = a.verdicts
    return (
        unique_up_to_equivalence(v, "no")
        and v.equivalent("no", "train")
        and "full" not in v.individually_rational
        and v.dominates("full", "infer")
    )


def literal_claim2(point, a):
    return all(a.verdicts.dominates("full", c) for c in a.verdicts.names)


def literal_claim3(point, a):
    return a.verdicts.irpo == ("train",)


def literal_claim4(point, a):
    return a.verdicts.dominates("full", "infer")


def literal_claim5(point, a):
    """Both follow is an equilibrium iff alpha + 1 <= 3 beta; firm 2 out (firm 1 follows,
    firm 2 never acts) iff 3 beta <= alpha + 1; "follows" read off each observation."""
    solution = a.solutions["no"]
    follows, out = False, False
    for eq in solution.equilibria():
        s1, s2 = reference.from_engine(solution.game.info, eq.strategy)
        one = all(action == int(dict(obs)["s1"]) for obs, action in s1.items())
        two = all(action == int(dict(obs)["s2"]) for obs, action in s2.items())
        follows |= one and two
        out |= one and all(action == 0 for action in s2.values())
    alpha, beta = point["alpha"], point["beta"]
    return follows == (alpha + 1 <= 3 * beta) and out == (3 * beta <= alpha + 1)


def literal_claim6(point, a):
    v = a.verdicts
    no_at_i = min(eq.interim[0]["I"] for eq in a.solutions["no"].equilibria())
    full_at_i = max(eq.interim[0]["I"] for eq in a.solutions["full"].equilibria())
    return (
        v.irpo == ("infer",)
        and v.equivalent("no", "train")
        and "full" not in v.individually_rational
        and no_at_i > full_at_i
    )


def literal_claim7(point, a):
    return a.verdicts.irpo == ("full",)


@pytest.mark.parametrize(
    "predicate, literal, cases",
    [
        (paper.claim1, literal_claim1, CORRELATION),
        (paper.claim2, literal_claim2, CORRELATION),
        (paper.claim3, literal_claim3, CORRELATION),
        (paper.claim4, literal_claim4, CORRELATION),
        (paper.claim5, literal_claim5, CORRELATION[4:]),
        (paper.claim6, literal_claim6, HYPOTHESES),
        (paper.claim7, literal_claim7, ONE_SAMPLE),
    ],
    ids=["claim1", "claim2", "claim3", "claim4", "claim5", "claim6", "claim7"],
)
def test_each_predicate_is_the_literal_claim(predicate, literal, cases):
    outcomes = []
    for point, analysis in cases:
        held, note = predicate(point, analysis)
        assert held == literal(point, analysis), (point, note)
        assert isinstance(note, str) and note
        outcomes.append(held)
    assert any(outcomes) or predicate in (paper.claim7,), "the cases never satisfy the claim"


def test_the_cases_make_every_conjunct_of_claim_one_vary():
    """So that dropping a conjunct of claim 1 changes a verdict above: for each of the last
    three, a case where it alone fails. The first ("no is the unique IRPO up to
    equivalence") is implied by the other three: with no ~ train, full not IR and full
    dominating infer, infer is not IR either (else full would dominate no), so only no and
    train can be IRPO, and no is PO (whatever strictly dominates it is IR, i.e. train, which
    is equivalent to it). Dropping it is an equivalent change; the cases confirm the
    implication."""
    conjuncts = [
        lambda v: unique_up_to_equivalence(v, "no"),
        lambda v: v.equivalent("no", "train"),
        lambda v: "full" not in v.individually_rational,
        lambda v: v.dominates("full", "infer"),
    ]
    for k in (1, 2, 3):
        others = [c for j, c in enumerate(conjuncts) if j != k]
        assert any(
            not conjuncts[k](a.verdicts) and all(c(a.verdicts) for c in others)
            for _, a in CORRELATION
        ), k
    for _, a in CORRELATION:
        if all(c(a.verdicts) for c in conjuncts[1:]):
            assert conjuncts[0](a.verdicts)


def tiny_build(point):
    """A fast environment for bookkeeping tests: the point only decides the verdict."""
    return two_hypotheses("1/10", "1/10", "1/20", "3/10")


def planted_region(conditions):
    box = Box.of(x=("0", "1"))

    def below_half(point, analysis):
        return point["x"] < F(1, 2), f"x = {point['x']}"

    return region([Region(box, tiny_build)], below_half, conditions=conditions)


def test_region_bookkeeping_counts_and_shrinks():
    outcome = planted_region([])(16)
    assert outcome.status == FAILS
    assert outcome.details["samples"] == 16
    held = outcome.details["held"]
    assert 0 < held < 16  # Sobol points fill both halves
    assert outcome.evidence.startswith(f"{held}/16 sampled points hold")
    assert outcome.counterexample["point"]["x"] == F(1, 2)  # the simplest failing rational


def test_holds_only_under_needs_a_condition_that_every_failure_violates():
    explains = ("x < 1/2", lambda p: p["x"] < F(1, 2))
    partial = ("x < 3/4", lambda p: p["x"] < F(3, 4))
    vacuous = ("x < 0", lambda p: p["x"] < 0)
    assert planted_region([explains])(16).status == ONLY_UNDER
    assert planted_region([explains])(16).condition == "x < 1/2"
    assert planted_region([partial])(16).status == FAILS  # some failures satisfy it
    assert planted_region([vacuous])(16).status == FAILS  # no held point satisfies it
    assert planted_region([partial, explains])(16).condition == "x < 1/2"


def test_a_region_that_holds_everywhere_says_so():
    box = Box.of(x=("0", "1"))
    outcome = region([Region(box, tiny_build)], lambda p, a: (True, "ok"))(8)
    assert outcome.status == HOLDS and outcome.evidence == "all 8 sampled points hold"
    assert outcome.details == {"samples": 8, "held": 8, "regions": ["x in (0, 1)"]}


def test_a_witness_records_its_points_and_evidence_is_cut_with_an_ellipsis():
    from proofs.claims import Claim, witness
    from proofs.report import verdicts_rows

    point = {"p": F(1, 10), "kappa": F(1, 10), "lam": F(1, 20), "mu": F(3, 10)}
    check = witness([point], lambda q: tiny_build(q), lambda q, a: (True, "a long note " * 10))
    outcome = check(1)
    assert outcome.status == HOLDS and outcome.details == {"points": [point]}
    claim = Claim("w", "statement", "source", "region", "witness", check)
    (row,) = verdicts_rows([claim.verify()], width=20, seconds=False)
    assert row[2] == "a long note a lon..." and len(row[2]) == 20
