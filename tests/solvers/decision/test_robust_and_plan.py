"""The decision under uncertainty (MODEL.md section 11): the probability of being best and
the recommendation's level, break-even values (the proposal flips exactly there), the
pilot's sizes and the mixture SPRT's validity under continuous monitoring, and the
staged plan's triggers."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest

from contracts.terms import Terms, terms_from_dict
from solvers.decision.break_even import break_even
from solvers.decision.pilot import (
    fixed_sample_loans,
    msprt_log_statistic,
    msprt_stops,
    pilot,
    sequential_loans,
)
from solvers.decision.pricing import best_proposal, price_all
from solvers.decision.robust import interval, robustness
from solvers.decision.staging import pilot_cost, staged_plan

ACCEPT = {n: (True, True) for n in ("no", "train", "infer", "full")}
FREE = Terms(volume=1000, horizon=12)


def priced(infer: tuple, full: tuple, terms: Terms = FREE) -> dict:
    gains = {"no": (0, 0), "train": (0, 0), "infer": infer, "full": full}
    return price_all(terms, gains, ACCEPT)


def test_p_best_counts_the_resamples_in_which_each_contract_is_the_proposal() -> None:
    point = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)))
    infer_best = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)))
    full_best = priced((F(1, 20), F(1, 20)), (F(1, 10), F(1, 10)))
    resampled = [infer_best] * 90 + [full_best] * 10
    r = robustness(point, resampled, level=0.8)
    assert r.p_best == {"no": 0.0, "train": 0.0, "infer": 0.9, "full": 0.1}
    assert r.recommendation == "infer" and r.candidates == ("infer",)
    at = robustness(point, [infer_best] * 80 + [full_best] * 20, level=0.8)
    assert at.recommendation == "infer"  # exactly at the level
    below = robustness(point, [infer_best] * 79 + [full_best] * 21, level=0.8)
    assert below.recommendation == "undecided" and below.candidates == ("infer", "full")
    strict = robustness(point, resampled, level=0.95)
    assert strict.recommendation == "undecided" and strict.candidates == ("infer", "full")
    assert strict.start == "infer"  # cheapest, inference sharing first among equals


def test_undecided_starts_with_the_cheapest_accepted_candidate_other_than_no_sharing() -> None:
    costly = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                              "firm1": {"give_predictions": {"setup": 10}}})  # fmt: skip
    a = priced((F(1, 10), F(1, 10)), (F(1, 10), F(1, 10)), costly)
    b = priced((F(-1, 10), F(-1, 10)), (F(1, 10), F(1, 10)), costly)
    c = priced((F(-1, 10), F(-1, 10)), (F(-1, 10), F(-1, 10)), costly)
    # infer best in 40 resamples, full in 40, no in 20: infer and full together reach 0.8
    draws = [a] * 40 + [b] * 40 + [c] * 20
    r = robustness(a, draws, level=0.8)
    assert r.recommendation == "undecided" and set(r.candidates) == {"infer", "full"}
    r = robustness(a, draws, level=0.9)
    assert set(r.candidates) == {"infer", "full", "no"} and r.start == "infer"
    r = robustness(c, [a, c, c, c, b], level=0.9)
    assert r.recommendation == "undecided" and r.start == "no"  # nothing accepted at c
    # full-sharing most often best, but inference sharing is the cheaper candidate both
    # accept at the point estimate: it is the one to start with
    dearer = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                              "firm1": {"give_predictions": {"setup": 10},
                                        "give_model": {"setup": 20}}})  # fmt: skip
    a, b, c = (priced(infer, full, dearer) for infer, full in [
        ((F(1, 10), F(1, 10)), (F(1, 10), F(1, 10))),
        ((F(-1, 10), F(-1, 10)), (F(1, 10), F(1, 10))),
        ((F(-1, 10), F(-1, 10)), (F(-1, 10), F(-1, 10)))])  # fmt: skip
    r = robustness(a, [b] * 45 + [a] * 40 + [c] * 15, level=0.9)
    assert r.recommendation == "undecided" and r.candidates[0] == "full"
    assert r.start == "infer"


def test_intervals_and_differences_come_from_the_resamples() -> None:
    assert interval([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == (2.0, 4.0)
    assert interval([]) is None
    point = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)))
    resampled = [priced((F(k, 100), F(1, 10)), (F(1, 20), F(1, 20))) for k in range(1, 21)]
    r = robustness(point, resampled)
    low, high = r.figures["infer"]["net_gain"][0]
    assert low == pytest.approx(np.percentile([k / 100 * 12000 for k in range(1, 21)], 2.5))
    assert high == pytest.approx(np.percentile([k / 100 * 12000 for k in range(1, 21)], 97.5))
    differences = r.differences[("infer", "full")]
    assert differences[1] == (600.0, 600.0)  # firm 2: always 0.1 - 0.05 per loan
    assert differences[0][0] < 0 < differences[0][1]  # firm 1: not distinguishable


def test_a_near_tie_is_flagged_when_the_nash_products_cannot_be_told_apart() -> None:
    point = priced((F(10, 100), F(10, 100)), (F(99, 1000), F(99, 1000)))
    swing = [priced((F(10 + s, 100), F(10, 100)), (F(99, 1000), F(99, 1000)))
             for s in (-2, -1, 1, 2)]  # fmt: skip
    assert robustness(point, swing).near_tie == ("infer", "full")
    steady = [priced((F(20, 100), F(20, 100)), (F(1, 100), F(1, 100)))] * 4
    assert robustness(priced((F(20, 100), F(20, 100)), (F(1, 100), F(1, 100))),
                      steady).near_tie is None  # fmt: skip


def test_the_proposal_flips_exactly_at_each_break_even_value() -> None:
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                             "firm1": {"give_model": {"setup": 1000}},
                             "firm2": {"give_model": {"setup": 1000}}})  # fmt: skip
    gains = {"no": (0, 0), "train": (F(3, 10), F(3, 10)), "infer": (F(1, 10), F(1, 10)),
             "full": (F(1, 10), F(1, 10))}  # fmt: skip
    results = break_even(terms, gains, ACCEPT, fees=False)
    assert best_proposal(price_all(terms, gains, ACCEPT, False)) == "train"
    found = {b.term: b for b in results}
    setup = found["firm1.give_model.setup"]
    # train: 3600 gross for each firm; with firm 1's setup x its net is 3600 - x and the
    # Nash product (3600 - x) 2600 falls below infer's 1200^2 at x = 3600 - 1200^2/2600
    threshold = 3600 - 1200**2 / 2600
    assert setup.above is not None and setup.above[1] == "infer"
    assert setup.above[0] == pytest.approx(threshold, rel=1e-5)
    assert setup.below is None  # cheaper model sharing changes nothing
    assert "infer becomes the proposal if firm1.give_model.setup is above" in setup.sentences()[0]


def test_the_pilot_sizes_follow_the_t_test_and_the_mixture_sprt() -> None:
    assert fixed_sample_loans(0.1, 1.0) == 620  # statsmodels TTestPower, one-sided
    assert fixed_sample_loans(-0.1, 1.0) is None and fixed_sample_loans(0.0, 1.0) is None
    assert fixed_sample_loans(0.2, 1.0) < fixed_sample_loans(0.1, 1.0)
    n = sequential_loans(0.1, 1.0)
    assert n is not None and msprt_stops(n, 0.1, 1.0, 0.1) and not msprt_stops(n - 1, 0.1, 1.0, 0.1)
    assert sequential_loans(0.0, 1.0) is None
    gains = np.random.default_rng(0).normal(0.05, 1.0, 5000)
    p = pilot("infer", gains)
    assert p.mean == pytest.approx(gains.mean()) and p.interval is not None
    assert p.interval[0] < p.mean < p.interval[1]
    assert p.fixed_loans == fixed_sample_loans(p.mean, p.sd)


def test_the_mixture_sprt_stays_valid_when_watched_every_loan() -> None:
    """Under no gain, the mSPRT read after every loan stops (wrongly) in at most alpha of
    the pilots, while the fixed-sample z-test read every 50 loans does far more often."""
    rng = np.random.default_rng(7)
    pilots, loans, alpha = 1000, 2000, 0.05
    draws = rng.normal(0.0, 1.0, (pilots, loans))
    n = np.arange(1, loans + 1)
    means = np.cumsum(draws, axis=1) / n
    v, t = 1.0, 0.1**2
    log_lambda = 0.5 * np.log(v / (v + n * t)) + n * n * t * means**2 / (2 * v * (v + n * t))
    msprt = ((log_lambda >= math.log(1 / alpha)) & (means > 0)).any(axis=1).mean()
    weekly = n % 50 == 0
    peeking = ((means * np.sqrt(n))[:, weekly] > 1.645).any(axis=1).mean()
    assert msprt <= alpha
    assert peeking > 3 * alpha


def test_the_staged_plan_widens_where_the_train_size_curve_says_it_pays() -> None:
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 36},
                             "firm1": {"labelled_per_month": 100,
                                       "give_model": {"setup": 5000}}})  # fmt: skip
    small = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)), terms)
    large = {**small, **price_all(terms, {"full": (F(3, 10), F(3, 10))}, ACCEPT)}
    curve = {1000: small, 2000: small, 3000: large}
    stages = staged_plan(terms, 1000, curve, firm=1)
    assert [s.contract for s in stages] == ["infer", "train", "full"]
    assert stages[0].month == 0 and "never" in stages[1].trigger
    assert stages[0].labelled_history == 1000  # today's
    assert stages[2].labelled_history == 3000 and stages[2].month == 20  # 2000 more at 100
    # each stage's gain is its contract's net gain where it starts (the stage that
    # never comes has none)
    assert stages[0].net_gain == float(small["infer"].net[0])
    assert stages[1].net_gain is None
    assert stages[2].net_gain == float(large["full"].net[0]) > stages[0].net_gain
    slow = terms_from_dict({**terms.to_dict(), "firm1": {**terms.to_dict()["firm1"],
                                                        "labelled_per_month": 10}})  # fmt: skip
    late = staged_plan(slow, 1000, curve, firm=1)
    assert late[2].month == 200 and "past the 36-month horizon" in late[2].trigger
    nothing = priced((F(-1, 10), F(-1, 10)), (F(-1, 10), F(-1, 10)), terms)
    (only,) = staged_plan(terms, 1000, {1000: nothing})
    assert only.to_dict() == {
        "stage": 1, "contract": "no", "labelled_history": 1000, "month": 0,
        "trigger": "no contract other than no-sharing is accepted by both firms: nothing to "
                   "pilot",
        "pilot_loans": None, "months": None, "cost": None, "net_gain": None,
    }  # fmt: skip
    # starting with full sharing there is nothing to widen to
    assert [s.contract for s in staged_plan(terms, 1000, curve, firm=1, first="full")] == ["full"]
    # widening pays only if strictly better: without costs, full sharing at 3,000 nets
    # exactly what inference sharing does, so the plan never widens to it
    free = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 36},
                            "firm1": {"labelled_per_month": 100}})  # fmt: skip
    base = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)), free)
    level = {**base, **price_all(free, {"full": (F(1, 10), F(1, 10))}, ACCEPT)}
    assert level["full"].net == level["infer"].net
    widening = staged_plan(free, 1000, {1000: base, 3000: level}, firm=1, first="infer")
    assert widening[2].contract == "full" and widening[2].trigger.startswith("never")
    # a widening reached exactly at the horizon's month is in the plan; one month later not
    edge = dataclasses.replace(terms, horizon=20)
    at_horizon = staged_plan(edge, 1000, {1000: small, 2000: small, 3000: large}, firm=1)[2]
    assert at_horizon.month == 20 and at_horizon.trigger == "at 3,000 labelled loans (month 20)"
    short = dataclasses.replace(terms, horizon=19)
    late = staged_plan(short, 1000, {1000: small, 2000: small, 3000: large}, firm=1)[2]
    assert "month 20, past the 19-month horizon" in late.trigger


def test_the_proposal_flips_below_a_break_even_value() -> None:
    """infer would be the proposal but for firm 1's setup cost x of sharing predictions:
    its nets (2400 - x, 2400) have a Nash product above train's 1200^2 once x < 1800."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                             "firm1": {"give_predictions": {"setup": 3000}}})  # fmt: skip
    gains = {"no": (0, 0), "train": (F(1, 10), F(1, 10)), "infer": (F(2, 10), F(2, 10)),
             "full": (F(1, 20), F(1, 20))}  # fmt: skip
    assert best_proposal(price_all(terms, gains, ACCEPT, False)) == "train"
    setup = {b.term: b for b in break_even(terms, gains, ACCEPT, fees=False)}[
        "firm1.give_predictions.setup"
    ]
    assert setup.below is not None and setup.below[1] == "infer"
    assert setup.below[0] == pytest.approx(1800, rel=1e-5)
    assert (
        "infer becomes the proposal if firm1.give_predictions.setup is below"
        in setup.sentences()[0]
    )


def test_the_mixture_sprt_never_stops_for_a_loss() -> None:
    # a large negative running mean makes the statistic huge, but shows no gain
    assert not msprt_stops(10_000, -0.5, 1.0, 0.1)
    assert msprt_stops(10_000, 0.5, 1.0, 0.1)


@pytest.mark.parametrize(("n", "mean", "sigma", "tau"),
                         [(1, 0.3, 1.0, 0.1), (50, -0.2, 2.0, 0.5), (400, 0.05, 0.7, 0.2)])  # fmt: skip
def test_the_mixture_statistic_is_the_likelihood_ratio_under_a_normal_mixture(
    n: int, mean: float, sigma: float, tau: float
) -> None:
    """log Lambda_n = log of the integral over theta ~ N(0, tau^2) of the likelihood ratio
    of n normal gains of running mean ``mean`` (sd sigma) under theta against 0,
    integrated numerically."""
    from scipy.integrate import quad
    from scipy.stats import norm

    v = sigma * sigma

    def ratio(theta: float) -> float:
        return math.exp(n * theta * mean / v - n * theta * theta / (2 * v)) * norm.pdf(
            theta, 0, tau
        )

    integral, _ = quad(ratio, -10 * tau, 10 * tau, points=[0.0, mean], limit=200)
    assert msprt_log_statistic(n, mean, sigma, tau) == pytest.approx(math.log(integral), rel=1e-7)


def test_a_pilot_pays_the_setup_and_the_running_costs_of_its_months() -> None:
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 24},
                             "firm1": {"give_predictions": {"setup": 500, "monthly": 30}}})  # fmt: skip
    offer = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)), terms)["infer"]
    cost = offer.costs[0]
    assert (float(cost.setup), float(cost.total)) == (500.0, 500.0 + 30 * 24)
    assert pilot_cost(terms, offer, 1, 6) == pytest.approx(500 + 30 * 6)
    assert pilot_cost(terms, offer, 1, 0) == 500


def test_an_ip_risk_term_replaced_by_x_loses_x_a_year() -> None:
    """Break-even moves an IP risk term as its expected yearly loss: replaced by x, the
    risk loses x a year, by a larger probability up to 1 and past that by a larger value."""
    from solvers.decision.break_even import cost_terms

    terms = terms_from_dict({"firm2": {"ip_risk": {"model": {"probability": "1/10",
                                                             "value": 1000}}}})  # fmt: skip
    ((name, value, replaced),) = [
        t for t in cost_terms(terms) if t[0].startswith("firm2.ip_risk.model")
    ]
    assert value == 100  # 1/10 of 1,000 a year
    for x in (F(0), F(250), F(1000), F(4000)):
        risk = replaced(x).firms[1].ip_model
        assert risk.yearly_loss == x, name
        assert (risk.probability, risk.value) == ((x / 1000, F(1000)) if x <= 1000 else (1, x))
    assert replaced(F(250)).firms[0] == terms.firms[0]  # the other firm's terms untouched


def test_a_cost_of_one_is_searched_below_too() -> None:
    """A setup of 1 (one loan of one month, gains 1/2 a loan) makes firm 1 refuse
    inference sharing; below 1/2 it accepts: the break-even is found however small the
    term, down to zero."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1, "horizon_months": 1},
                             "firm1": {"give_predictions": {"setup": 1}}})  # fmt: skip
    gains = {"no": (F(0), F(0)), "infer": (F(1, 2), F(1, 2))}
    accepts = {name: (True, True) for name in gains}
    (found,) = break_even(terms, gains, accepts, fees=False)
    assert found.term == "firm1.give_predictions.setup" and found.proposal == "no"
    threshold, proposal = found.below
    assert proposal == "infer" and threshold == pytest.approx(0.5, rel=1e-6)
    assert found.above is None


def test_the_mixture_sprt_stops_exactly_where_lambda_reaches_one_over_alpha() -> None:
    """Ville's threshold: the rule stops at the first n with Lambda_n >= 1 / alpha (found
    here by scanning the statistic itself), not one loan earlier, and not later."""
    from solvers.decision.pilot import msprt_log_statistic, msprt_stops

    for alpha in (0.05, 0.1):
        first = next(n for n in range(1, 10**6)
                     if msprt_log_statistic(n, 0.1, 1.0, 0.1) >= math.log(1 / alpha))  # fmt: skip
        assert msprt_stops(first, 0.1, 1.0, 0.1, alpha)
        assert not msprt_stops(first - 1, 0.1, 1.0, 0.1, alpha)
        assert not msprt_stops(first, -0.1, 1.0, 0.1, alpha)  # a loss never stops it


def test_a_sized_pilot_is_the_plans_first_stage() -> None:
    """A pilot of the first contract (infer) with a fixed sample size: stage 1 runs it now, for
    its loans' months at our firm's volume, at its cost, with the contract's net gain;
    a pilot of another contract is not a stage."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 24},
                             "firm1": {"give_predictions": {"setup": 500, "monthly": 30}}})  # fmt: skip
    curve = {1000: priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)), terms)}
    sized = pilot("infer", np.random.default_rng(1).normal(0.3, 1.0, 500), seed=2)
    assert sized.fixed_loans is not None
    (first, *_) = staged_plan(terms, 1000, curve, firm=1, pilot=sized, first="infer")
    months = sized.fixed_loans / 1000
    assert (first.number, first.contract, first.trigger) == (1, "infer", "now, as a pilot")
    assert (first.labelled_history, first.month, first.pilot_loans) == (1000, 0, sized.fixed_loans)
    assert first.months == round(months, 3)
    # months are given to three decimals: at 3,000 loans a month they do not come out even
    monthly = dataclasses.replace(terms, volume=3000)
    thirds = staged_plan(monthly, 1000, curve, firm=1, pilot=sized, first="infer")[0].months
    assert thirds == round(sized.fixed_loans / 3000, 3) != sized.fixed_loans / 3000
    assert first.cost == round(pilot_cost(terms, curve[1000]["infer"], 1, months), 2) > 500
    assert first.net_gain == float(curve[1000]["infer"].net[0])
    other = pilot("full", np.random.default_rng(1).normal(0.3, 1.0, 500), seed=2)
    unsized = staged_plan(terms, 1000, curve, firm=1, pilot=other, first="infer")[0]
    assert unsized.contract == "infer" and unsized.pilot_loans is None
    assert unsized.trigger.startswith("now; a pilot cannot show its gain")


def test_break_even_prices_with_fees_by_default() -> None:
    """Inference sharing gains 3/10 per loan for firm 1 and loses 1/20 for firm 2: only
    with a fee from firm 1 do both accept it. By default the break-even values are those
    of the proposal with fees (infer+fee, which flips to no-sharing where a setup cost
    eats the joint gain, 12,000 loans x 1/4 = 3,000); without fees no-sharing is
    proposed whatever a cost term is."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                             "firm1": {"give_predictions": {"setup": 50}}})  # fmt: skip
    gains = {"no": (0, 0), "train": (0, 0), "infer": (F(3, 10), F(-1, 20)),
             "full": (F(-1, 10), F(-1, 10))}  # fmt: skip
    accepts = {name: (True, True) for name in gains}
    found = break_even(terms, gains, accepts)
    assert found == break_even(terms, gains, accepts, fees=True)
    setup = next(b for b in found if b.term == "firm1.give_predictions.setup")
    assert setup.proposal == "infer+fee" and setup.below is None
    threshold, flipped = setup.above
    assert flipped == "no" and abs(threshold - 3000) < 1
    assert break_even(terms, gains, accepts, fees=False) == []


def test_the_pilot_sizes_depend_on_the_effect_size_and_the_pilots_alpha() -> None:
    """The t-test's size depends on mean / sd only (a gain of 0.2 with sd 2 needs the 620
    loans of 0.1 with sd 1); the mixture SPRT's first stopping loan is found at the given
    alpha, not the default, and a pilot's sizes use its own alpha and power."""
    assert fixed_sample_loans(0.2, 2.0) == fixed_sample_loans(0.1, 1.0) == 620
    strict = sequential_loans(0.1, 1.0, alpha=0.01)
    assert strict is not None and strict > sequential_loans(0.1, 1.0)
    assert msprt_stops(strict, 0.1, 1.0, 0.1, 0.01)
    assert not msprt_stops(strict - 1, 0.1, 1.0, 0.1, 0.01)
    gains = np.random.default_rng(2).normal(0.1, 2.0, 800)
    made = pilot("infer", gains, alpha=0.01, power=0.9)
    assert made.sequential_loans == sequential_loans(made.mean, made.sd, 0.01)
    assert made.fixed_loans == fixed_sample_loans(made.mean, made.sd, 0.01, 0.9)


def test_the_pilots_interval_is_a_seeded_bca_bootstrap_of_its_documented_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """From three gains on (two cannot carry a BCa interval): scipy's BCa bootstrap with
    the documented 999 resamples at level 1 - alpha; the same seed gives the same
    interval, another seed another."""
    import scipy.stats

    assert pilot("infer", [0.5, 1.0]).interval is None
    assert pilot("infer", [0.5, 1.0, 2.5]).interval is not None
    calls = []
    original = scipy.stats.bootstrap

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(scipy.stats, "bootstrap", spy)
    gains = np.random.default_rng(4).normal(0.1, 1.0, 60)
    first = pilot("infer", gains, alpha=0.1, seed=3)
    (call,) = calls
    assert (call["n_resamples"], call["method"].lower(), call["confidence_level"]) == (
        999,
        "bca",
        0.9,
    )
    assert "999 resamples" in first.to_dict()["gain_per_loan"]["interval_method"]
    assert pilot("infer", gains, alpha=0.1, seed=3).interval == first.interval
    assert pilot("infer", gains, alpha=0.1, seed=4).interval != first.interval


def test_the_resamples_summary_counts_acceptance_and_names_plain_contracts() -> None:
    """p_best and p_accepts are shares of the resamples, over the plain contracts (fee
    variants count for their contract); with no resample every share is 0."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12}})
    good = price_all(terms, {"no": (0, 0), "infer": (F(1, 10), F(1, 10))}, ACCEPT)
    refused = price_all(terms, {"no": (0, 0), "infer": (F(3, 10), F(-1, 20))}, ACCEPT)
    assert "infer+fee" in refused and not all(refused["infer"].accepts)
    r = robustness(good, [good, good, good, refused], level=0.8)
    assert set(r.p_best) == set(r.p_accepts) == {"no", "infer"}
    assert r.p_best == {"infer": 1.0, "no": 0.0}  # infer+fee is proposed in the fourth
    assert r.p_accepts["infer"] == (1.0, 0.75) and r.p_accepts["no"] == (1.0, 1.0)
    empty = robustness(good, [], level=0.8)
    assert empty.resamples == 0 and set(empty.p_best.values()) == {0.0}
    assert empty.recommendation == "undecided"


def test_a_contract_is_proposed_with_its_fee_only_where_a_firm_refuses_it_plain() -> None:
    from solvers.decision.robust import cheapest, proposal_for

    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 12},
                             "firm1": {"give_predictions": {"setup": 10}}})  # fmt: skip
    priced = price_all(terms, {"no": (0, 0), "train": (F(1, 10), F(1, 10)),
                               "infer": (F(3, 10), F(-1, 20))}, ACCEPT)  # fmt: skip
    assert proposal_for("infer", priced) == "infer+fee"
    assert proposal_for("train", priced) == "train"
    assert proposal_for("full", priced) == "full"  # not priced: as named
    # train costs nothing, infer its setup: the cheaper one, despite infer-first among equals
    assert cheapest(["infer", "train"], priced) == "train"
    assert cheapest(["full", "infer"], {}) == "infer"  # unpriced: infer first among equals


def test_the_resamples_json_names_each_difference_and_whether_it_excludes_zero() -> None:
    from solvers.decision.robust import distinguishable

    assert distinguishable((0.5, 2.0)) and distinguishable((-1.0, -0.1))
    assert not distinguishable((0.0, 1.0)) and not distinguishable((-1.0, 1.0))
    assert not distinguishable(None)
    a = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)))
    b = priced((F(1, 20), F(1, 20)), (F(1, 10), F(1, 10)))
    r = robustness(a, [a, b, a, a], level=0.9)
    entry = r.to_dict()
    assert (entry["resamples"], entry["level"], entry["recommendation"]) == (4, 0.9, "undecided")
    assert entry["candidates"] == list(r.candidates) and entry["start"] == r.start
    assert entry["near_tie"] == (list(r.near_tie) if r.near_tie else None)
    for row in entry["differences"]:
        bounds = r.differences[tuple(row["contracts"])]
        assert row["net_gain_difference"] == [None if i is None else list(i) for i in bounds]
        assert row["distinguishable"] == [distinguishable(i) for i in bounds]
    assert any(any(row["distinguishable"]) for row in entry["differences"])


def test_a_contract_that_loses_for_both_has_no_nash_product_in_the_near_tie_check() -> None:
    """Inference sharing is proposed and full sharing is the runner-up at the point; in
    every resample full sharing loses 1/10 a loan for both firms. Its Nash product counts
    as 0, not as the product of two losses (which equals inference sharing's here), so
    the two are told apart: no near tie, and the JSON says null. Resamples where either
    leads leave them a near tie."""
    point = priced((F(1, 10), F(1, 10)), (F(1, 20), F(1, 20)))
    losing = priced((F(1, 10), F(1, 10)), (F(-1, 10), F(-1, 10)))
    r = robustness(point, [losing] * 20, level=0.8)
    assert r.near_tie is None and r.to_dict()["near_tie"] is None
    swapped = priced((F(1, 20), F(1, 20)), (F(1, 10), F(1, 10)))  # full ahead instead
    assert robustness(point, [point, swapped] * 10, level=0.8).near_tie == ("infer", "full")
