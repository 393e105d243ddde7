"""The consumer claims of MODEL.md section 9 (the extended manuscript, Section 4).

Correlation setting, significant action, R1 = 1, C1 in (1/4, 4); the regions' points
are those of :mod:`proofs.points`.
Witness parameters are the manuscript's, exactly. Where a claim speaks of "the"
equilibrium of a contract with several, each reading of section 9 is its own claim:
the consumer-best equilibrium (``trade-best``), the consumer-worst (``trade-worst``),
or every equilibrium.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from contracts import Environment, correlation, fraction_text
from proofs.claims import Claim, Region, region, witness
from proofs.points import _correlation_box, correlation_point
from proofs.regions import Box, Point
from solvers import ContractAnalysis, analyze

F = Fraction
HALF = F(1, 2)
MANUSCRIPT = "Information-Sharing in Training and Inference (extended manuscript), Section 4"


# ----------------------------------------------------------------- environments
REGIONS = [Region(_correlation_box(k, C=("1/4", "4")), correlation_point(k)) for k in (1, 2, 3)]


def named_worlds(*kinds: str) -> Callable[[Point], Environment]:
    """Worlds by kind: ``anti`` (rho = alpha + beta - 1), ``indep`` (alpha beta) or
    ``max`` (min(alpha, beta)); one world, or two with prior ``w`` on the first. Keys
    ``alpha``, ``beta``, ``C`` (and ``w``)."""

    def build(point: Point) -> Environment:
        alpha, beta = point["alpha"], point["beta"]
        rho = {"anti": alpha + beta - 1, "indep": alpha * beta, "max": min(alpha, beta)}
        priors = [F(1)] if len(kinds) == 1 else [point["w"], 1 - point["w"]]
        return correlation(alpha, beta, [(rho[k], p) for k, p in zip(kinds, priors)], 1,
                           point["C"])  # fmt: skip

    return build


def _near(point: Point, kinds: tuple[str, ...], radius: str = "1/50") -> Region:
    """A box around a witness (beta kept above 1/2), with its worlds."""
    r = F(radius)
    intervals = {
        k: (max(point[k] - r, HALF if k == "beta" else F(0)), point[k] + r)
        for k in ("alpha", "beta", "C", "w")
        if k in point
    }
    if intervals["beta"][0] == HALF == point["beta"]:
        intervals["beta"] = (HALF, HALF + r)
    return Region(Box.of({}, **intervals), named_worlds(*kinds))


# ----------------------------------------------------------------- consumer numbers
def _views(a: ContractAnalysis) -> dict[str, list[Any]]:
    return {name: s.consumer_views() for name, s in a.solutions.items()}


def _trades(a: ContractAnalysis) -> dict[str, list[Fraction]]:
    return {n: [F(v.trade_probability) for v in vs] for n, vs in _views(a).items()}


def _all_trades(a: ContractAnalysis) -> list[Fraction]:
    return [t for ts in _trades(a).values() for t in ts]


def _text(values: Any) -> str:
    """Exact numbers as ``p/q`` (a list of them as ``[a, b]``)."""
    if isinstance(values, (list, tuple, set)):
        return "[" + ", ".join(_text(v) for v in sorted(values)) + "]"
    return fraction_text(F(values))


def _literally_unique(contract: str) -> Callable[[ContractAnalysis], bool]:
    return lambda a: a.verdicts.unique_irpo == contract


# ----------------------------------------------------------------- predicates
def payoffs_up_welfare_up(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    """4.1 (1): over every pair of equilibria of any contracts."""
    outcomes = [
        (eq.payoff, view.aligned_welfare)
        for s in a.solutions.values()
        for eq, view in zip(s.equilibria(), s.consumer_views())
    ]
    for p, w in outcomes:
        for q, v in outcomes:
            if q[0] >= p[0] and q[1] >= p[1] and v < w:
                return False, (
                    f"payoffs {_text(q)} >= {_text(p)} but aligned welfare {_text(v)} < {_text(w)}"
                )
    return True, f"{len(outcomes)} equilibria compared pairwise"


def full_best_for_aligned(every: bool) -> Callable[[Point, ContractAnalysis], tuple[bool, str]]:
    """4.1 (2): the aligned consumer prefers full-sharing to every equilibrium of every
    contract; ``every``: each equilibrium of full does, else its aligned-best one."""

    def predicate(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
        welfare = {n: [F(v.aligned_welfare) for v in vs] for n, vs in _views(a).items()}
        full = min(welfare["full"]) if every else max(welfare["full"])
        top = max(w for ws in welfare.values() for w in ws)
        which = "worst" if every else "best"
        return full >= top, f"full's {which} welfare {_text(full)}, best of all {_text(top)}"

    return predicate


def at_most_twice(
    contract: str, reading: str
) -> Callable[[Point, ContractAnalysis], tuple[bool, str]]:
    """4.3 (2) / 4.6 (2): if ``contract`` is the literally unique IRPO contract, every
    equilibrium of every contract trades at most twice ``contract``'s equilibrium of
    the reading (``trade-best`` or ``trade-worst``)."""

    def predicate(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
        if a.verdicts.unique_irpo != contract:
            return True, f"{contract} is not the unique IRPO contract (vacuous)"
        own = _trades(a)[contract]
        base = max(own) if reading == "trade-best" else min(own)
        top = max(_all_trades(a))
        return top <= 2 * base, (
            f"largest trade {_text(top)} against {contract}'s {_text(base)} ({reading})"
        )

    return predicate


def train_not_inverted_means_no_trades_more(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    """4.6 (1): if train is the literally unique IRPO contract, then for every strict,
    non-inverted train equilibrium some no-sharing equilibrium trades at least as much."""
    if a.verdicts.unique_irpo != "train":
        return True, "train is not the unique IRPO contract (vacuous)"
    no_best = max(_trades(a)["no"])
    for view in _views(a)["train"]:
        if view.strict and not view.inverted and view.trade_probability > no_best:
            return False, (
                f"train trades {_text(view.trade_probability)} > no-sharing's {_text(no_best)}"
            )
    return True, f"no-sharing trades up to {_text(no_best)}"


# ----------------------------------------------------------------- witnesses
W43 = {"alpha": F(852466, 10**6), "beta": F(500087, 10**6), "C": F(647534, 10**6),
       "w": F(436894, 10**6)}  # fmt: skip
W43_WORLDS = ("anti", "max")
W46 = {"alpha": F(749051, 10**6), "beta": HALF, "C": F(715444, 10**6), "w": F(615649, 10**7)}
W46_WORLDS = ("anti", "indep")
W47 = {"alpha": F(3, 4), "beta": F(101, 200), "C": F(143, 200)}
#: The claim-3 point of MODEL.md section 7 (train-sharing literally unique IRPO there).
W3 = {"alpha": F(1441, 2000), "beta": F(1027, 2000), "C": F(1511, 2000), "w": F(100001, 200000)}
W3_WORLDS = ("indep", "max")
#: Random correlation environments, and boxes around the witnesses where the
#: conditional claims' hypotheses (a literally unique IRPO contract) can hold.
NO_REGIONS = [*REGIONS, _near(W43, W43_WORLDS)]
TRAIN_REGIONS = [*REGIONS, _near(W46, W46_WORLDS), _near(W3, W3_WORLDS, "1/200")]


def witness_4_3(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    """Every number the manuscript asserts at the 4.3 lower-bound witness."""
    trades = _trades(a)
    rho_anti = point["alpha"] + point["beta"] - 1
    no_irpo = "no" in a.verdicts.irpo
    train = max(trades["train"])
    ratio = train / max(trades["no"])
    # full-sharing at its equilibrium of acting only when both signals are 1
    full_both = [
        eq.payoff[0]
        for eq, view in zip(a.solutions["full"].equilibria(), a.solutions["full"].consumer_views())
    ]
    firm1_no = max(eq.payoff[0] for eq in a.solutions["no"].equilibria())
    claims = {
        "no-sharing is IRPO": no_irpo,
        "train trades 641432854809/10^12": train == F(641432854809, 10**12),
        "no-sharing trades 1/2": max(trades["no"]) == HALF,
        "full pays rho_anti/4 (firm 1)": F(rho_anti, 4) in full_both,
        "rho_anti/4 < firm 1's no-sharing payoff": F(rho_anti, 4) < firm1_no,
    }
    wrong = [k for k, ok in claims.items() if not ok]
    note = (
        f"IRPO = {{{', '.join(a.verdicts.irpo)}}}; train trades {_text(train)}, no-sharing "
        f"{_text(max(trades['no']))} (ratio {float(ratio):.6f}); full pays firm 1 "
        f"{_text(set(full_both))}, rho_anti/4 = {_text(F(rho_anti, 4))}; firm 1 under "
        f"no-sharing gets {_text(firm1_no)}"
    )
    return not wrong, ("fails: " + "; ".join(wrong) + ". " if wrong else "") + note


def witness_4_4_family(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    """4.4 (1) at one L and one world: full-sharing IRPO and no-sharing trading more
    than L times full-sharing's (every equilibrium of each)."""
    trades = _trades(a)
    full_irpo = "full" in a.verdicts.irpo
    most_full = max(trades["full"])
    least_no = min(trades["no"])
    ok = full_irpo and least_no > point["L"] * most_full
    return ok, (
        f"L = {point['L']}: full IRPO {full_irpo}; no-sharing trades {least_no}, full {most_full}"
    )


def family_4_4(point: Point) -> Point:
    alpha = HALF + min(F(1, 8), 1 / (4 * point["L"]))
    beta = HALF
    return {**point, "alpha": alpha, "beta": beta, "C": (1 + 3 * alpha - beta) / (4 - 4 * alpha)}


def witness_4_4_2(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    trades = _trades(a)
    ok = trades["no"] == [0] and trades["full"] == [F(27, 100)]
    return ok, f"no-sharing trades {_text(trades['no'])}, full-sharing {_text(trades['full'])}"


def witness_4_6(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    trades = _trades(a)
    unique = a.verdicts.unique_irpo == "train"
    ratio = max(trades["no"]) / max(trades["train"])
    ok = unique and abs(ratio - F(1448483, 10**6)) < F(1, 10**6)
    return ok, (
        f"IRPO = {{{', '.join(a.verdicts.irpo)}}}; no-sharing trades "
        f"{float(max(trades['no'])):.9f}, train "
        f"{float(max(trades['train'])):.9f}: ratio {float(ratio):.6f} (stated about 1.448483)"
    )


def example_4_7(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    trades = _trades(a)
    (train,) = _views(a)["train"]
    ok = (
        a.verdicts.unique_irpo == "train"
        and train.inverted
        and trades["train"] == [F(209, 240)]
        and trades["no"] == [F(283, 400)]
    )
    return ok, (
        f"IRPO = {{{', '.join(a.verdicts.irpo)}}}; train trades {_text(trades['train'])}, "
        f"inverted {train.inverted} (firm 2: {train.patterns[1]}); no-sharing trades "
        f"{_text(trades['no'])}"
    )


def _example_4_7(point: Point) -> Environment:
    return correlation(point["alpha"], point["beta"], [(F(13, 50), F(1, 3)), (HALF, F(2, 3))],
                       1, point["C"])  # fmt: skip


def _two_rhos(point: Point) -> Environment:
    worlds = [(point["rho1"], point["w"]), (point["rho2"], 1 - point["w"])]
    return correlation(point["alpha"], point["beta"], worlds, 1, point["C"])


def simplified_no_sharing(point: Point, a: ContractAnalysis) -> tuple[bool, str]:
    """No-sharing in the manuscript's simplified game (one world at the prior-average
    correlation, so strategies cannot use a training observation) against the general
    framework: the same equilibrium payoffs and trade probabilities?"""
    average = point["w"] * point["rho1"] + (1 - point["w"]) * point["rho2"]
    simple = analyze(
        correlation(point["alpha"], point["beta"], [(average, F(1))], 1, point["C"]),
        "standard",
        exact=True,
    )

    def outcomes(analysis: ContractAnalysis) -> list[tuple[Any, ...]]:
        solution = analysis.solutions["no"]
        return sorted(
            (F(e.payoff[0]), F(e.payoff[1]), F(v.trade_probability))
            for e, v in zip(solution.equilibria(), solution.consumer_views())
        )

    general, simplified = outcomes(a), outcomes(simple)
    extra = [o for o in general if o not in simplified]
    note = (
        f"general: {len(general)} equilibria, simplified: {len(simplified)}; only in the "
        "general framework (strategies that use the training observation): "
        + (
            "; ".join(
                f"payoffs ({_text(o[0])}, {_text(o[1])}) trading {_text(o[2])}" for o in extra
            )
            or "none"
        )  # fmt: skip
    )
    return general == simplified, note


SIMPLIFIED = {"alpha": F(79, 100), "beta": F(7871, 10000), "rho1": F(6821, 10000),
              "rho2": F(6401, 10000), "w": F(2, 5), "C": F(33, 10)}  # fmt: skip

L_VALUES = (F(1), F(2), F(4), F(8), F(100))


def _family_points() -> list[Point]:
    return [family_4_4({"L": L}) for L in L_VALUES]


CONSUMER_CLAIMS: list[Claim] = [
    Claim(
        "c4.1-1",
        "If both firms' ex-ante payoffs weakly rise, every aligned consumer weakly gains "
        "(any two equilibria of any contracts).",
        f"{MANUSCRIPT}, Theorem 4.1 (1); MODEL.md 9",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
        "region",
        region(REGIONS, payoffs_up_welfare_up),
    ),
    Claim(
        "c4.1-2-best",
        "The aligned consumer weakly prefers full-sharing (its aligned-best equilibrium) to "
        "every equilibrium of every contract.",
        f"{MANUSCRIPT}, Theorem 4.1 (2); MODEL.md 9",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
        "region",
        region(REGIONS, full_best_for_aligned(every=False)),
    ),
    Claim(
        "c4.1-2-every",
        "The aligned consumer weakly prefers every equilibrium of full-sharing to every "
        "equilibrium of every contract.",
        f"{MANUSCRIPT}, Theorem 4.1 (2); MODEL.md 9",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
        "region",
        region(REGIONS, full_best_for_aligned(every=True)),
    ),
    *[
        Claim(
            f"c4.3-2-{reading}",
            "If no-sharing is the literally unique IRPO contract, every equilibrium of every "
            f"contract trades at most twice no-sharing's {reading} equilibrium.",
            f"{MANUSCRIPT}, Theorem 4.3 (2); MODEL.md 9",
            "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
            "region",
            region(NO_REGIONS, at_most_twice("no", reading), applies=_literally_unique("no")),
        )
        for reading in ("trade-best", "trade-worst")
    ],
    Claim(
        "c4.3-witness",
        "At alpha = 0.852466, beta = 0.500087, C1 = 0.647534, worlds anti-correlated "
        "(prior 0.436894) and maximal: no-sharing is IRPO; train-sharing trades "
        "641432854809/10^12 against no-sharing's 1/2 (ratio about 1.282866); full-sharing, "
        "acting only when both signals are 1, pays rho_anti/4, less than firm 1's "
        "no-sharing payoff.",
        f"{MANUSCRIPT}, Theorem 4.3 (lower bound); MODEL.md 9",
        "the stated point",
        "witness",
        witness([W43], named_worlds(*W43_WORLDS), witness_4_3),
    ),
    *[
        Claim(
            f"c4.4-1-{kind}",
            "Full-sharing can be IRPO while no-sharing trades more than L times as much: "
            "alpha = 1/2 + min(1/8, 1/(4L)), beta = 1/2, C1 = (1 + 3 alpha - beta)/(4 - "
            f"4 alpha), read with one {kind} world, for L = 1, 2, 4, 8, 100.",
            f"{MANUSCRIPT}, Theorem 4.4 (1); MODEL.md 9 (the world is not stated)",
            f"the family over L, one {kind} world",
            "witness",
            witness(_family_points(), named_worlds(kind), witness_4_4_family),
        )
        for kind in ("anti", "indep", "max")
    ],
    Claim(
        "c4.4-2",
        "Full-sharing can raise trade: alpha = 7/10, beta = 3/5, C1 = 3, one independent "
        "world: no-sharing is inactive, full-sharing trades 27/100.",
        f"{MANUSCRIPT}, Theorem 4.4 (2); MODEL.md 9",
        "the stated point",
        "witness",
        witness(
            [{"alpha": F(7, 10), "beta": F(3, 5), "C": F(3)}],
            named_worlds("indep"),
            witness_4_4_2,
        ),
    ),
    Claim(
        "c4.6-1",
        "If train-sharing is the literally unique IRPO contract, then for every strict, "
        "non-inverted train-sharing equilibrium some no-sharing equilibrium trades at least "
        "as much.",
        f"{MANUSCRIPT}, Theorem 4.6 (1); MODEL.md 9",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
        "region",
        region(
            TRAIN_REGIONS,
            train_not_inverted_means_no_trades_more,
            applies=_literally_unique("train"),
        ),  # fmt: skip
    ),
    Claim(
        "c4.6-2",
        "If train-sharing is the literally unique IRPO contract, every equilibrium of every "
        "contract trades at most twice as much as train-sharing's consumer-best equilibrium.",
        f"{MANUSCRIPT}, Theorem 4.6 (2); MODEL.md 9",
        "alpha > beta > 1/2, 1-3 worlds, any rho and prior, C1 in (1/4, 4)",
        "region",
        region(
            TRAIN_REGIONS, at_most_twice("train", "trade-best"), applies=_literally_unique("train")
        ),
    ),
    Claim(
        "c4.6-witness",
        "At alpha = 0.749051, beta = 1/2, C1 = 0.715444, an anti-correlated world of prior "
        "0.0615649 and an independent one: train-sharing is the unique IRPO contract and "
        "no-sharing trades about 1.448483 times as much.",
        f"{MANUSCRIPT}, Theorem 4.6 (lower bound); MODEL.md 9",
        "the stated point",
        "witness",
        witness([W46], named_worlds(*W46_WORLDS), witness_4_6),
    ),
    Claim(
        "c-simplified",
        "No-sharing in the manuscript's simplified game (played at the prior-average "
        "correlation, strategies of the own signal only) has the equilibria of the general "
        "framework (MODEL.md 9: the general framework lets a strategy use the training "
        "observation).",
        f"{MANUSCRIPT}, the simplified game of the proofs; MODEL.md 9",
        "alpha = 0.79, beta = 0.7871, rho = 0.6821 (prior 2/5) and 0.6401, C1 = 3.3",
        "witness",
        witness([SIMPLIFIED], _two_rhos, simplified_no_sharing),
    ),
    Claim(
        "c4.7",
        "Example 4.7: alpha = 3/4, beta = 101/200, C1 = 143/200, worlds rho = 13/50 (prior "
        "1/3) and 1/2 (2/3): train-sharing is the unique IRPO contract, its equilibrium is "
        "inverted, and it trades 209/240 against no-sharing's 283/400.",
        f"{MANUSCRIPT}, Example 4.7; MODEL.md 9",
        "the stated point",
        "witness",
        witness([W47], _example_4_7, example_4_7),
    ),
]
