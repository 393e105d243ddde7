"""Contracts in money (MODEL.md section 11): net = gross per loan x loans - costs, exactly;
ROI, payback, acceptance, the Nash fee (checked against the bargaining module with
transfers), and the best-proposal rule."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.terms import Terms, terms_from_dict
from solvers.bargaining import bargain, problem_from_points
from solvers.decision.pricing import best_proposal, payback_month, price, price_all, with_fee

TERMS = terms_from_dict({
    "volume": {"loans_per_month": 1000, "horizon_months": 10},
    "firm1": {"give_predictions": {"setup": 500, "monthly": 20, "per_prediction": "1/100"},
              "receive_predictions": {"setup": 100},
              "ip_risk": {"predictions": {"probability": "1/10", "value": 1200}}},
    "firm2": {"give_model": {"setup": 3000}, "receive_model": {"monthly": 50}},
})  # fmt: skip


def test_net_gain_is_gross_times_loans_minus_every_cost() -> None:
    p = price(TERMS, "infer", (F(1, 10), F(-1, 50)), (True, True))
    # firm 1: gross 0.1 x 10,000 loans; costs: setups 600, running 20 x 10, 0.01 per
    # prediction x 10,000, IP 120 a year over 10 months
    assert p.gross == (1000, -200)
    assert p.costs[0].total == 600 + 200 + 100 + 100
    assert p.net == (1000 - 1000, -200)
    assert p.roi == (0.0, None)  # firm 2 pays nothing: no ROI
    assert p.accepts == (True, False)  # firm 2 loses money


def test_payback_is_the_first_month_the_cumulative_net_gain_is_not_negative() -> None:
    assert payback_month(Terms(horizon=12), 100, 250) == 3
    assert payback_month(Terms(horizon=12), 100, 300) == 3  # exactly even in month 3
    assert payback_month(Terms(horizon=12), 100, 301) == 4
    assert payback_month(Terms(horizon=2), 100, 250) is None
    assert payback_month(Terms(horizon=12), -1, 0) is None
    assert payback_month(Terms(horizon=12), 0, 0) == 1
    assert payback_month(Terms(horizon=12), 5, 0) == 1
    discounted = Terms(horizon=12, discount=F(1, 2))
    assert payback_month(discounted, 100, 300) == 4  # discounting delays it
    # with a discount, a payback in the horizon's last month counts; one month later not
    assert payback_month(Terms(horizon=4, discount=F(1, 2)), 100, 300) == 4
    assert payback_month(Terms(horizon=3, discount=F(1, 2)), 100, 300) is None


def test_a_priced_contracts_payback_is_its_setup_over_its_monthly_margin() -> None:
    """Firm 1 gains 0.1 a loan on 1,000 loans a month: 100 a month, less 20 running, pays
    back a setup of 500 in month 7 (80 x 7 = 560 >= 500 > 480); firm 2, with no cost,
    in month 1."""
    terms = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 10},
                             "firm1": {"give_predictions": {"setup": 500, "monthly": 20}}})  # fmt: skip
    assert price(terms, "infer", (F(1, 10), F(1, 10)), (True, True)).payback_month == (7, 1)


def test_a_positive_nash_product_beats_a_larger_joint_gain_with_a_firm_at_zero() -> None:
    """Both accept (0, 5) and (1/2, 1/2): the second has the larger Nash product of net
    gains (1/4 against 0) and is proposed although its joint net gain is smaller."""
    free = Terms(volume=1, horizon=1)
    edge = price(free, "infer", (0, 5), (True, True))
    inner = price(free, "full", (F(1, 2), F(1, 2)), (True, True))
    assert (edge.net, inner.net) == ((0, 5), (F(1, 2), F(1, 2)))
    assert best_proposal({"infer": edge, "full": inner}) == "full"
    assert inner.preference() < edge.preference()


def test_acceptance_needs_the_engine_and_money() -> None:
    gain = (F(1, 10), F(1, 2))  # firm 2's 5,000 pays its model costs of 3,500
    assert price(TERMS, "train", gain, (True, True)).accepts == (True, True)
    assert price(TERMS, "train", gain, (False, True)).accepts == (False, True)
    assert price(TERMS, "train", (F(1, 10), F(1, 10**6)), (True, True)).accepts == (True, False)


@given(st.fractions(-1, 1, max_denominator=1000), st.fractions(-1, 1, max_denominator=1000))
def test_the_nash_fee_splits_the_joint_net_gain_as_bargaining_with_transfers(g1, g2) -> None:
    priced = price(TERMS, "infer", (g1, g2), (True, True))
    fee = with_fee(TERMS, priced)
    joint = priced.net[0] + priced.net[1]
    if joint <= 0 or min(priced.net) >= 0:
        assert fee is None
        return
    assert fee is not None and fee.fee is not None
    assert fee.net[0] == fee.net[1] == joint / 2 and all(fee.accepts)
    loser = 0 if priced.net[0] < 0 else 1
    assert fee.fee.payer == 2 - loser
    months = TERMS.months()
    # both accept every fee from what the loser needs to what the payer gains
    assert fee.fee.low * months == -priced.net[loser]
    assert fee.fee.high * months == priced.net[1 - loser]
    # the bargaining module with transfers, disagreement no-sharing, agrees
    problem = problem_from_points([priced.net, (0, 0)], (0, 0), transfers=True)
    solution = bargain(problem, "nash", method="polygon")
    assert tuple(solution.payoff) == fee.net


def test_the_fee_is_also_per_shared_prediction_when_predictions_are_shared() -> None:
    infer = with_fee(TERMS, price(TERMS, "infer", (F(1, 5), F(-1, 50)), (True, False)))
    train = with_fee(TERMS, price(TERMS, "train", (F(-1, 50), F(1, 2)), (False, True)))
    assert infer is not None and infer.fee is not None and train is not None
    assert infer.fee.per_prediction == infer.fee.monthly / 1000
    assert train.fee is not None and train.fee.per_prediction is None and train.fee.payer == 2


def test_the_best_proposal_is_the_largest_nash_product_among_accepted_ones() -> None:
    gains = {"no": (0, 0), "train": (F(1, 10), F(1, 10)), "infer": (F(3, 10), F(1, 100)),
             "full": (F(2, 10), F(2, 10))}  # fmt: skip
    accepts = {n: (True, True) for n in gains}
    free = Terms(volume=1000, horizon=10)
    priced = price_all(free, gains, accepts)
    assert best_proposal(priced) == "full"  # 2000 x 2000 beats 3000 x 100 and 1000 x 1000
    accepts["full"] = (False, True)
    assert best_proposal(price_all(free, gains, accepts)) == "train"
    # a fee variant takes the place of a refused contract that gains jointly
    gains["infer"] = (F(5, 10), F(-1, 100))
    priced = price_all(free, gains, accepts)
    assert "infer+fee" in priced and best_proposal(priced) == "infer+fee"
    assert best_proposal(price_all(free, gains, accepts, fees=False)) == "train"


def test_ties_go_to_the_contract_that_shares_less() -> None:
    gains = {"no": (0, 0), "train": (0, 0), "infer": (0, 0), "full": (0, 0)}
    accepts = {n: (True, True) for n in gains}
    assert best_proposal(price_all(Terms(), gains, accepts)) == "no"
    gains = {"no": (0, 0), "train": (F(1, 10), F(1, 10)), "full": (F(1, 10), F(1, 10))}
    assert best_proposal(price_all(Terms(), gains, accepts)) == "train"


@pytest.mark.parametrize("firm", [0, 1])
def test_swapping_the_firms_swaps_the_prices(firm: int) -> None:
    swapped = terms_from_dict({"volume": {"loans_per_month": 1000, "horizon_months": 10},
                               "firm1": TERMS.to_dict()["firm2"],
                               "firm2": TERMS.to_dict()["firm1"]})  # fmt: skip
    a = price(TERMS, "model1>2+pred2>1", (F(1, 7), F(2, 9)), (True, True))
    b = price(swapped, "model2>1+pred1>2", (F(2, 9), F(1, 7)), (True, True))
    assert a.net[firm] == b.net[1 - firm] and a.costs[firm] == b.costs[1 - firm]


def test_no_fee_where_the_joint_net_gain_is_exactly_zero() -> None:
    # firm 1 loses exactly what firm 2 gains: nothing to share out, so no fee variant
    free = Terms(volume=1000, horizon=10)
    priced = price(free, "infer", (F(-1, 10), F(1, 10)), (False, True))
    assert priced.joint_net == 0 and with_fee(free, priced) is None
    assert with_fee(free, price(free, "infer", (F(-1, 10), F(11, 100)), (False, True))) is not None
