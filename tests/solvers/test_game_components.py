"""The game's independent components (MODEL.md section 4) against networkx's connected
components of the interaction graph, which the union-find must reproduce exactly."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings

from contracts import contract_family
from solvers import BayesianGame
from tests.conftest import budget
from tests.strategies import environments


@settings(max_examples=budget(60), deadline=None)
@given(environments(max_worlds=3, max_labels=3))
def test_components_are_the_connected_components_of_the_interaction_graph(env) -> None:
    for contract in contract_family("directional"):
        game = BayesianGame.build(env, contract)
        graph = game.interaction_graph
        expected = {
            (
                tuple(sorted(c for f, c in nodes if f == 0)),
                tuple(sorted(c for f, c in nodes if f == 1)),
            )
            for nodes in nx.connected_components(graph)
        }
        found = [(p.cells1, p.cells2) for p in game.components]
        assert set(found) == expected and len(found) == len(expected)
        # in order of the first cell of firm 1 (components without one last)
        firsts = [p.cells1[0] for p in game.components if p.cells1]
        assert firsts == sorted(firsts)
        assert all(p.cells1 for p in game.components[: len(firsts)])
        # every cell is in exactly one component
        n1, n2 = game.sizes
        assert sorted(c for p in game.components for c in p.cells1) == list(range(n1))
        assert sorted(c for p in game.components for c in p.cells2) == list(range(n2))
