"""The engine against the reference model of MODEL.md (tests/reference.py), which shares
no code with it: the same set of pure equilibria, the same ex-ante and interim payoffs,
and relabelled firms under every directional contract."""

from __future__ import annotations

from hypothesis import assume, given, settings

from contracts import information_structure
from solvers import BayesianGame, pure_equilibria
from tests import reference
from tests.conftest import budget
from tests.strategies import contracts, environments


@settings(max_examples=budget(60))
@given(environments(), contracts)
def test_engine_finds_exactly_the_reference_equilibria(env, contract):
    observations = reference.observations(env, contract.name)
    assume(max(map(len, observations)) <= 4)
    game = BayesianGame.build(env, contract)
    found = pure_equilibria(game, exact=True)
    engine = {
        reference.canonical(reference.from_engine(game.info, eq.strategy))
        for eq in found.equilibria()
    }
    expected = {reference.canonical(s) for s in reference.pure_equilibria(env, contract.name)}
    assert engine == expected
    assert found.count == len(expected)


@settings(max_examples=budget(60))
@given(environments(), contracts)
def test_engine_payoffs_equal_the_reference_payoffs(env, contract):
    game = BayesianGame.build(env, contract)
    for eq in pure_equilibria(game, exact=True).equilibria(limit=4):
        strategy = reference.from_engine(game.info, eq.strategy)
        assert eq.payoff == reference.payoffs(env, contract.name, strategy)
        interim = reference.interim_payoffs(env, contract.name, strategy)
        assert eq.interim[0] == interim[0] and eq.interim[1] == interim[1]


@settings(max_examples=budget(40))
@given(environments(), contracts)
def test_relabelling_the_firms_under_a_directional_contract_swaps_the_payoffs(env, contract):
    """Firm 1 under c in env is firm 2 under c.swapped() in env.swapped()."""
    here = pure_equilibria(BayesianGame.build(env, contract), exact=True)
    there = pure_equilibria(BayesianGame.build(env.swapped(), contract.swapped()), exact=True)
    assert sorted(eq.payoff for eq in here.equilibria()) == sorted(
        eq.payoff[::-1] for eq in there.equilibria()
    )
    info = information_structure(env.swapped(), contract.swapped())
    assert len(info.cells[0]) == len(information_structure(env, contract).cells[1])


def reference_dynamics(env, contract_name, observations):
    """Alternating best responses computed from the reference payoffs: each firm in turn
    switches every observation whose other action pays strictly more (the firm's
    observations do not interact), ties keep the action; returns the end profile and the
    number of turns that changed something."""
    strategy = ({o: 0 for o in observations[0]}, {o: 0 for o in observations[1]})
    moves, stable, firm = 0, 0, 0
    while stable < 2:
        base = reference.payoffs(env, contract_name, strategy)[firm]
        reply = dict(strategy[firm])
        for obs, action in strategy[firm].items():
            flipped = (dict(strategy[0]), dict(strategy[1]))
            flipped[firm][obs] = 1 - action
            if reference.payoffs(env, contract_name, flipped)[firm] > base:
                reply[obs] = 1 - action
        if reply != strategy[firm]:
            strategy = (reply, strategy[1]) if firm == 0 else (strategy[0], reply)
            moves, stable = moves + 1, 0
        else:
            stable += 1
        firm = 1 - firm
    return strategy, moves


@settings(max_examples=budget(60))
@given(environments(), contracts)
def test_best_response_dynamics_match_the_reference_dynamics(env, contract):
    from solvers.equilibria.potential import best_response_dynamics

    game = BayesianGame.build(env, contract)
    assume(len(game.subgames) == 1)
    observations = reference.observations(env, contract.name)
    profile, moves = best_response_dynamics(game)
    expected, expected_moves = reference_dynamics(env, contract.name, observations)
    assert moves == expected_moves
    assert reference.canonical(reference.from_engine(game.info, profile)) == reference.canonical(
        expected
    )
