"""The claims of MODEL.md section 7 (Gafni, Gradwohl and Tennenholtz), declared for checking.

Each claim below is one declaration: statement, source, region and check. Parameter
conventions of the regions: ``b`` places beta in (1/2, alpha) as ``1/2 + b (alpha - 1/2)``;
``u``, ``u1``, ``u2`` place a world's correlation rho in its feasible range
``[max(0, a + b - 1), min(a, b)]``; ``w``, ``v1``, ``v2`` give the priors.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from contracts import Contract, Environment, correlation, two_hypotheses
from proofs.claims import (
    FAILS,
    HOLDS,
    Claim,
    Outcome,
    Region,
    region,
    summarize,
    witness,
)
from proofs.consumer_claims import CONSUMER_CLAIMS
from proofs.points import _beta, _correlation_box, _rho, correlation_point
from proofs.regions import Box, Point, sample_points
from proofs.scarce_data import (
    GRID_DESCRIPTION,
    merged_and_count_verdicts_agree,
    merged_equilibria_are_count_equilibria,
)
from proofs.symbolic import (
    box_implies,
    closed_form_difference,
    correlation_worlds,
    hypotheses_worlds,
    symbolic_payoffs,
    sympy,
)
from solvers import BayesianGame, ContractAnalysis, analyze, pure_equilibria

F = Fraction
HALF = F(1, 2)
PAPER = "Gafni, Gradwohl, Tennenholtz, SAGT 2024 (arXiv 2403.17515)"
MANUSCRIPT = "Information-Sharing in Training and Inference (extended manuscript)"


# ----------------------------------------------------------------- environments
def _unique_equilibrium(contract: str) -> Callable[[Point], bool]:
    """A condition on a correlation point: the contract has exactly one pure equilibrium."""

    def test(point: Point) -> bool:
        env = correlation_point(int(point["K"]))(point)
        return pure_equilibria(BayesianGame.build(env, Contract.named(contract))).count == 1

    return test


def _one_world(point: Point) -> bool:
    return point["K"] == 1


def claim3_point(point: Point) -> Environment:
    alpha, beta, w = point["alpha"], point["beta"], point["w"]
    return correlation(alpha, beta, [("indep", w), ("max", 1 - w)], point["R"], point["C"])


def hypotheses_point(one_sample: bool = False) -> Callable[[Point], Environment]:
    def build(point: Point) -> Environment:
        return two_hypotheses(point["p"], point["kappa"], point["lam"], point["mu"], one_sample)

    return build


# ----------------------------------------------------------------- predicates
def _irpo_note(a: ContractAnalysis) -> str:
    return "IRPO = {" + ", ".join(a.verdicts.irpo) + "}"


def claim1(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    v = a.verdicts
    unique = v.unique_irpo_up_to_equivalence is not None and "no" in v.irpo
    train = v.equivalent("no", "train")
    full_ir = "full" in v.individually_rational
    infer = v.dominates("full", "infer")
    note = (
        f"{_irpo_note(a)}; no ~ train: {train}; full IR: {full_ir}; full dominates infer: {infer}"
    )
    return unique and train and not full_ir and infer, note


def claim2(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    beaten = [c for c in a.verdicts.names if not a.verdicts.dominates("full", c)]
    return not beaten, (
        "full dominates every contract"
        if not beaten
        else "full does not dominate " + ", ".join(beaten)
    )


def claim3(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    return a.verdicts.unique_irpo == "train", _irpo_note(a)


def claim4(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    holds = a.verdicts.dominates("full", "infer")
    return holds, f"full dominates infer: {holds}"


def _follows(a: ContractAnalysis, firm: int, profile: tuple[int, ...]) -> bool:
    """Does firm (0/1) play its own signal's label at every no-sharing cell?"""
    info = a.solutions["no"].game.info
    position = info.observed[firm].index(f"s{firm + 1}")
    labels = a.environment.signal_labels[firm]
    return all(profile[c] == int(labels[cell[position]]) for c, cell in enumerate(info.cells[firm]))


def claim5(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    alpha, beta = point["alpha"], _beta(point)
    profiles = [eq.strategy for eq in a.solutions["no"].equilibria()]
    both_follow = any(_follows(a, 0, p[0]) and _follows(a, 1, p[1]) for p in profiles)
    firm2_out = any(_follows(a, 0, p[0]) and all(x == 0 for x in p[1]) for p in profiles)
    expected_follow = alpha + 1 <= 3 * beta
    expected_out = 3 * beta <= alpha + 1
    note = (
        f"alpha + 1 {'<=' if expected_follow else '>'} 3 beta; both follow is an equilibrium: "
        f"{both_follow}; firm 2 out is: {firm2_out}"
    )
    return both_follow == expected_follow and firm2_out == expected_out, note


def claim6(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    v = a.verdicts
    no_i = min(eq.interim[0]["I"] for eq in a.solutions["no"].equilibria())
    full_i = max(eq.interim[0]["I"] for eq in a.solutions["full"].equilibria())
    reason = no_i > full_i
    ok = (
        v.unique_irpo == "infer"
        and v.equivalent("no", "train")
        and "full" not in v.individually_rational
        and reason
    )
    note = (
        f"{_irpo_note(a)}; no ~ train: {v.equivalent('no', 'train')}; full IR: "
        f"{'full' in v.individually_rational}; U1(no | I) = {no_i} vs U1(full | I) = {full_i}"
    )
    return ok, note


def claim7(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    v = a.verdicts
    note = f"{_irpo_note(a)}; full IR: {'full' in v.individually_rational}"
    if "full" not in v.individually_rational:
        note += "; " + _why_not_dominating(a, "full", "no")
    return v.unique_irpo == "full", note


def _why_not_dominating(a: ContractAnalysis, c: str, d: str) -> str:
    """The first training pair at which no equilibrium of c beats every one of d (Eq. 6)."""
    env = a.environment
    t1s, t2s = env.training_labels
    for (i1, i2), mass in np.ndenumerate(env.training_mass):
        if mass == 0:
            continue
        t1, t2 = t1s[i1], t2s[i2]
        best_d = [
            max(eq.interim[f][t] for eq in a.solutions[d].equilibria())
            for f, t in ((0, t1), (1, t2))
        ]
        if not any(
            eq.interim[0][t1] >= best_d[0] and eq.interim[1][t2] >= best_d[1]
            for eq in a.solutions[c].equilibria()
        ):
            eq = a.solutions[c].equilibria()[0]
            return (
                f"at (t1, t2) = ({t1}, {t2}): {c} gives U1 = {eq.interim[0][t1]}, "
                f"U2 = {eq.interim[1][t2]} against {d}'s U1 = {best_d[0]}, U2 = {best_d[1]}"
            )
    return f"{c} dominates {d}"


# ----------------------------------------------------------------- symbolic checks
def _profile(environment: Environment, contract: str) -> tuple[BayesianGame, tuple]:
    game = BayesianGame.build(environment, Contract.named(contract))
    found = pure_equilibria(game, exact=True)
    if found.count != 1:
        raise ValueError(f"{contract} has {found.count} equilibria at the base point")
    return game, found.equilibria()[0].strategy


def correlation_quoted(a: Any, b: Any) -> dict[str, tuple[Any, Any]]:
    """The quoted closed forms of the correlation model (MODEL.md section 7)."""
    sp = sympy()
    return {
        "no, both follow": ((3 * a - b - 1) / 4, (3 * b - a - 1) / 4),
        "no, firm 2 out": ((2 * a - 1) / 2, sp.Integer(0)),
        "full": ((2 * a - 1) / 4, (2 * a - 1) / 4),
    }


def correlation_closed_forms(
    samples: int,
    quoted_forms: Callable[[Any, Any], dict[str, tuple[Any, Any]]] = correlation_quoted,
) -> Outcome:
    """Correlation, one world, R1 = C1 = 1: the quoted payoffs of the no-sharing profiles
    (both follow; firm 2 out) and of full sharing, derived symbolically and compared with
    the engine on sampled points."""
    sp = sympy()
    a, b, r = sp.symbols("alpha beta rho")
    base = correlation("4/5", "7/10", [("indep", 1)])
    worlds = correlation_worlds(a, b, r)
    info = BayesianGame.build(base, Contract.named("no")).info
    follow1, follow2 = (
        tuple(int(base.signal_labels[f][cell[1]]) for cell in info.cells[f]) for f in (0, 1)
    )
    follow = (follow1, follow2)
    out = (follow1, tuple(0 for _ in info.cells[1]))
    full_game, full_profile = _profile(base, "full")
    derived = {
        "no, both follow": symbolic_payoffs(worlds, base.utility, info, follow),
        "no, firm 2 out": symbolic_payoffs(worlds, base.utility, info, out),
        "full": symbolic_payoffs(worlds, base.utility, full_game.info, full_profile),
    }
    quoted = quoted_forms(a, b)
    wrong = {
        k: [str(closed_form_difference(d, q)) for d, q in zip(derived[k], quoted[k])]
        for k in quoted
        if any(closed_form_difference(d, q) != 0 for d, q in zip(derived[k], quoted[k]))
    }
    if wrong:
        return Outcome(
            FAILS,
            f"derived minus quoted is not zero: {wrong}",
            counterexample={"derived": {k: [str(e) for e in v] for k, v in derived.items()}},
        )
    # the engine agrees where each profile is the equilibrium
    checked, mismatches = 0, []
    for point in sample_points(_correlation_box(1), samples):
        alpha, beta = point["alpha"], _beta(point)
        env = correlation_point(1)(point)
        analysis = analyze(env, exact=True)
        key = "no, both follow" if alpha + 1 < 3 * beta else "no, firm 2 out"
        values = {
            sym: v for sym, v in zip((a, b, r), (alpha, beta, _rho(alpha, beta, point["u1"])))
        }
        for name, contract in ((key, "no"), ("full", "full")):
            expected = tuple(sp.Rational(str(q.subs(values))) for q in quoted[name])
            got = [
                tuple(sp.Rational(str(u)) for u in eq.payoff)
                for eq in analysis.solutions[contract].equilibria()
            ]
            checked += 1
            if expected not in got:
                mismatches.append(
                    {
                        "point": point,
                        "closed form": name,
                        "engine": [[str(u) for u in g] for g in got],
                        "quoted": [str(e) for e in expected],
                    }
                )
    if mismatches:
        return Outcome(
            FAILS,
            f"symbolic identities hold, but the engine differs at "
            f"{len(mismatches)}/{checked} checks",
            counterexample=mismatches[0],
        )
    return Outcome(
        HOLDS,
        f"derived = quoted for all alpha, beta, rho (sympy); engine equal at "
        f"{checked} sampled checks",
        details={"derived": {k: [str(e) for e in v] for k, v in derived.items()}},
    )


HYP_BOX = {
    "p": (F(0), F(2, 15)),
    "kappa": (F(1, 12), F(1, 6)),
    "lam": (F(0), F(1, 11)),
    "mu": (F(1, 5), F(1, 2)),
}


def _hypotheses_symbols():
    sp = sympy()
    return sp.symbols("p kappa lambda mu")


def hypotheses_quoted():
    p, k, lam, mu = _hypotheses_symbols()
    no = (k * p + (1 - k) * (1 - p * lam) / 2, (1 - k) * p * lam / 2 + (1 - k) / 2)
    infer = (
        F(1, 2) + (1 - k) * p * mu / 2 + k * p / 2,
        k * (1 - p) / 2 + (1 - k) * (1 - p * mu) / 2,
    )
    half = sympy().Rational(1, 2)
    return {"no": no, "train": no, "infer": infer, "full": (half, half)}


def hypotheses_conditions():
    """The five stated conditions as expressions that must be positive."""
    p, k, lam, mu = _hypotheses_symbols()
    return {
        "(1-kappa) mu > 2 kappa": (1 - k) * mu - 2 * k,
        "(1-kappa)(1-lambda-mu)/2 > kappa": (1 - k) * (1 - lam - mu) / 2 - k,
        "kappa > (1-kappa) lambda": k - (1 - k) * lam,
        "(1-kappa)(1-p) mu > kappa p": (1 - k) * (1 - p) * mu - k * p,
        "(1-kappa) p mu < kappa (1-p)": k * (1 - p) - (1 - k) * p * mu,
    }


def hypotheses_closed_forms(
    samples: int, quoted_forms: Callable[[], dict[str, tuple[Any, Any]]] | None = None
) -> Outcome:
    """The quoted two-hypotheses payoffs, derived symbolically at the engine's equilibrium
    profiles (taken at the worked point of MODEL.md section 8)."""
    p, k, lam, mu = _hypotheses_symbols()
    base = two_hypotheses("1/10", "1/10", "1/20", "3/10")
    worlds = hypotheses_worlds(p, k, lam, mu)
    quoted = (quoted_forms or hypotheses_quoted)()
    derived, wrong = {}, {}
    for contract in quoted:
        game, profile = _profile(base, contract)
        derived[contract] = symbolic_payoffs(worlds, base.utility, game.info, profile)
        diffs = [closed_form_difference(d, q) for d, q in zip(derived[contract], quoted[contract])]
        if any(x != 0 for x in diffs):
            wrong[contract] = [str(x) for x in diffs]
    if wrong:
        return Outcome(
            FAILS,
            f"derived minus quoted is not zero: {wrong}",
            counterexample={"derived": {c: [str(e) for e in v] for c, v in derived.items()}},
        )
    return Outcome(
        HOLDS,
        "derived = quoted for all four contracts at the worked-point profiles (sympy)",
        details={"derived": {c: [str(e) for e in v] for c, v in derived.items()}},
    )


def hypotheses_box_implies_conditions(samples: int) -> Outcome:
    """Does the printed box alone imply each stated condition? Exact (multilinear)."""
    p, k, lam, mu = _hypotheses_symbols()
    variables = (p, k, lam, mu)
    box = [HYP_BOX["p"], HYP_BOX["kappa"], HYP_BOX["lam"], HYP_BOX["mu"]]
    failing: dict[str, dict[str, Fraction]] = {}
    for name, condition in hypotheses_conditions().items():
        holds, point = box_implies(condition, variables, box)
        if not holds and point is not None:
            failing[name] = point
    if failing:
        first = next(iter(failing))
        return Outcome(
            FAILS,
            f"the box does not imply {len(failing)} of 5 conditions, e.g. "
            f"'{first}' fails at " + ", ".join(f"{n} = {v}" for n, v in failing[first].items()),
            counterexample={"violations": failing},
        )
    return Outcome(HOLDS, "the box implies all five conditions (exact vertex check)")


def _closed_forms_mismatch(
    values: Point, subs: dict[Any, Fraction], quoted: Any
) -> dict[str, Any] | None:
    """None if the quoted forms are the unique equilibrium payoffs of every contract at the
    point, else the first contract where they are not, with both numbers."""
    sp = sympy()
    analysis = analyze(hypotheses_point()(values), exact=True)
    for contract, forms in quoted.items():
        expected = tuple(Fraction(str(sp.Rational(str(f.subs(subs))))) for f in forms)
        got = [
            tuple(Fraction(u) for u in eq.payoff)
            for eq in analysis.solutions[contract].equilibria()
        ]
        if got != [expected]:
            return {
                "point": values,
                "contract": contract,
                "quoted": expected,
                "engine": got,
                "engine_summary": summarize(analysis),
            }
    return None


def hypotheses_conditions_suffice(samples: int) -> Outcome:
    """Where all five stated conditions hold, are the closed forms the engine's unique
    equilibrium payoffs? Sampled (by rejection) over twice the printed box."""
    sp = sympy()
    p, k, lam, mu = _hypotheses_symbols()
    quoted = hypotheses_quoted()
    conditions = hypotheses_conditions()
    box = Box.of(p=("0", "4/15"), kappa=("0", "1/3"), lam=("0", "2/11"), mu=("0", "1"))
    checked, failures = 0, []
    outside, outside_matching = 0, 0
    for point in sample_points(box, samples * 32):
        if point["lam"] + point["mu"] >= 1:
            continue
        values = {"p": point["p"], "kappa": point["kappa"], "lam": point["lam"], "mu": point["mu"]}
        subs = {p: values["p"], k: values["kappa"], lam: values["lam"], mu: values["mu"]}
        if not all(sp.Rational(str(c.subs(subs))) > 0 for c in conditions.values()):
            if outside < samples:  # are the conditions necessary? the closed forms outside them
                outside += 1
                outside_matching += _closed_forms_mismatch(values, subs, quoted) is None
            continue
        checked += 1
        mismatch = _closed_forms_mismatch(values, subs, quoted)
        if mismatch is not None:
            failures.append(mismatch)
        if checked >= samples:
            break
    details = {
        "points_satisfying_conditions": checked,
        "points_violating_conditions": outside,
        "closed_forms_still_right_there": outside_matching,
    }
    if failures:
        return Outcome(
            FAILS,
            f"closed forms differ from the engine at {len(failures)}/{checked} "
            "points satisfying the conditions",
            counterexample=failures[0],
            details=details,
        )
    return Outcome(
        HOLDS,
        f"closed forms = unique engine equilibrium payoffs at all {checked} sampled points "
        f"satisfying the five conditions (and at {outside_matching}/{outside} violating them: "
        "the conditions are sufficient, not necessary)"
        if outside_matching
        else f"closed forms = unique engine equilibrium payoffs at all {checked} sampled points "
        f"satisfying the five conditions, at none of {outside} violating them",
        details=details,
    )


# ----------------------------------------------------------------- the registry
CLAIM3_POINT = {
    "alpha": F(1441, 2000),
    "beta": F(1027, 2000),
    "C": F(1511, 2000),
    "R": F(1),
    "w": F(100001, 200000),
}
CLAIM6_POINT = {"p": F(1, 10), "kappa": F(1, 10), "lam": F(1, 20), "mu": F(3, 10)}
CLAIM7_POINT = {"p": F(1, 16), "kappa": F(201, 2048), "lam": F(1, 64), "mu": F(29, 64)}


def _around(point: Point, radius: Fraction, names: list[str]) -> Box:
    return Box.of(
        {k: v for k, v in point.items() if k not in names},
        **{k: (point[k] - radius, point[k] + radius) for k in names},
    )


CLAIMS: list[Claim] = [
    Claim(
        "1",
        "Correlation model, R1 = C1: no-sharing is the unique IRPO contract up to "
        "equivalence (train is equivalent to it); full is not IR; infer is dominated by full.",
        f"{PAPER}; MODEL.md 7.1",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, R1 = C1 in (1/4, 4)",
        "region",
        region(
            [Region(_correlation_box(k, R=("1/4", "4")), correlation_point(k)) for k in (1, 2, 3)],
            claim1,
        ),
    ),
    Claim(
        "2",
        "Correlation model, alpha = beta: full-sharing dominates every contract.",
        f"{PAPER}; MODEL.md 7.2",
        "alpha = beta in (1/2, 1), 1-2 worlds, any rho and prior, R1, C1 in (1/4, 4)",
        "region",
        region(
            [
                Region(
                    _correlation_box(k, equal=True, R=("1/4", "4"), C=("1/4", "4")),
                    correlation_point(k),
                )
                for k in (1, 2)
            ],
            claim2,
            conditions=[
                ("infer has a unique pure equilibrium", _unique_equilibrium("infer")),
                ("one world (no training observation to condition on)", _one_world),
            ],
        ),
    ),
    Claim(
        "3",
        "Correlation model: an open set of parameters where train-sharing is the literally "
        "unique IRPO contract, e.g. around alpha = 0.7205, beta = 0.5135, C1 = 0.7555, R1 = 1, "
        "worlds independence (prior 0.500005) and maximal correlation.",
        f"{PAPER}; MODEL.md 7.3",
        "the stated point, and a box of radius 1/20000 around it",
        "witness + region",
        region(
            [Region(_around(CLAIM3_POINT, F(1, 20000), ["alpha", "beta", "C", "w"]), claim3_point)],
            claim3,
            witnesses=[(CLAIM3_POINT, Region(Box.of(), claim3_point))],
        ),
    ),
    Claim(
        "4",
        "Correlation model, any prior and any R1, C1: full-sharing weakly dominates "
        "infer-sharing (value of information).",
        f"{PAPER}; MODEL.md 7.4",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, R1, C1 in (1/4, 4)",
        "region",
        region(
            [
                Region(_correlation_box(k, R=("1/4", "4"), C=("1/4", "4")), correlation_point(k))
                for k in (1, 2, 3)
            ],
            claim4,
            conditions=[
                ("infer has a unique pure equilibrium", _unique_equilibrium("infer")),
                ("one world (no training observation to condition on)", _one_world),
            ],
        ),
    ),
    Claim(
        "5",
        "Known correlation (one world), R1 = C1 = 1: with no sharing both firms follow "
        "their signals iff alpha + 1 <= 3 beta; firm 2 stays out iff 3 beta <= alpha + 1.",
        f"{PAPER}; MODEL.md 7.5",
        "alpha > beta > 1/2, one world, any feasible rho",
        "region",
        region(
            [Region(_correlation_box(1), correlation_point(1))],
            claim5,
            conditions=[
                (
                    "rho <= alpha beta (signals not positively correlated)",
                    lambda q: _rho(q["alpha"], _beta(q), q["u1"]) <= q["alpha"] * _beta(q),
                ),
                (
                    "rho >= alpha beta (signals not negatively correlated)",
                    lambda q: _rho(q["alpha"], _beta(q), q["u1"]) >= q["alpha"] * _beta(q),
                ),
            ],
        ),
    ),
    Claim(
        "6",
        "Two hypotheses: a parameter region where infer-sharing is the unique IRPO "
        "contract, no and train are equivalent, and full is not IR because firm 1, having "
        "learned hypothesis I, expects more from no-sharing than from full-sharing.",
        f"{PAPER}; MODEL.md 7.6",
        "the worked point (1/10, 1/10, 1/20, 3/10) and a box of radius 1/1000",
        "witness + region",
        region(
            [
                Region(
                    _around(CLAIM6_POINT, F(1, 1000), ["p", "kappa", "lam", "mu"]),
                    hypotheses_point(),
                )
            ],
            claim6,
            witnesses=[(CLAIM6_POINT, Region(Box.of(), hypotheses_point()))],
        ),
    ),
    Claim(
        "7",
        "Two hypotheses, one-sample variant: at (pi_I, kappa, lambda, mu) = (1/16, "
        "201/2048, 1/64, 29/64) full-sharing is the unique IRPO contract.",
        f"{MANUSCRIPT}; MODEL.md 7.7",
        "the stated point",
        "witness",
        witness([CLAIM7_POINT], hypotheses_point(one_sample=True), claim7),
    ),
    Claim(
        "cf-corr",
        "Correlation, R1 = C1 = 1, one world: no sharing, both follow: "
        "((3a - b - 1)/4, (3b - a - 1)/4); firm 2 out: firm 1 gets (2a - 1)/2; full sharing: "
        "(2a - 1)/4 each.",
        f"{PAPER}; MODEL.md 7, closed forms",
        "all alpha, beta, rho (symbolic); engine on samples",
        "symbolic + region",
        correlation_closed_forms,
    ),
    Claim(
        "cf-hyp",
        "Two hypotheses: no = train: (k p + (1-k)(1 - p l)/2, (1-k) p l/2 + (1-k)/2); "
        "infer: (1/2 + (1-k) p m/2 + k p/2, k (1-p)/2 + (1-k)(1 - p m)/2); full: (1/2, 1/2).",
        f"{PAPER}; MODEL.md 7, closed forms",
        "symbolic, at the equilibrium profiles of the worked point",
        "symbolic",
        hypotheses_closed_forms,
    ),
    Claim(
        "cf-hyp-box",
        "The printed box p in (0, 2/15), kappa in (1/12, 1/6), lambda in (0, 1/11), "
        "mu in (1/5, 1/2) implies the five stated conditions.",
        f"{PAPER}; MODEL.md 7, closed forms",
        "the printed box (exact vertex check)",
        "symbolic",
        hypotheses_box_implies_conditions,
    ),
    Claim(
        "cf-hyp-conditions",
        "Under the five stated conditions the two-hypotheses closed forms are "
        "the equilibrium payoffs.",
        f"{PAPER}; MODEL.md 7, closed forms",
        "twice the printed box, where the conditions hold",
        "region",
        hypotheses_conditions_suffice,
    ),
    Claim(
        "s10-refinement",
        "Every equilibrium of the merged game (equal-posterior count vectors act alike) is "
        "an equilibrium of the count game of MODEL.md section 10.",
        "MODEL.md 10",
        GRID_DESCRIPTION,
        "grid (exact)",
        merged_equilibria_are_count_equilibria,
    ),
    Claim(
        "s10-verdicts",
        "The merged game and the count game have the same IR and IRPO sets.",
        "MODEL.md 10 (which says they need not)",
        GRID_DESCRIPTION,
        "grid (exact)",
        merged_and_count_verdicts_agree,
    ),
    *CONSUMER_CLAIMS,
]


def claims_by_id() -> dict[str, Claim]:
    return {c.id: c for c in CLAIMS}
