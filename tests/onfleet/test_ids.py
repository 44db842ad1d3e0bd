"""ids.draw is a faster spelling of IdFactory.chars for Onfleet's two alphabets: for a given seed it
must give the same ids and leave the generator where chars would (later draws depend on it)."""

import pytest

from simulator.engine.ids import IdFactory
from simulator.vendors.onfleet import ids


@pytest.mark.parametrize("seed", [1, 7, None])
def test_draw_gives_what_chars_gives_and_leaves_the_same_state(seed):
    slow, fast = IdFactory(seed, "t"), IdFactory(seed, "t")
    if seed is None:  # unseeded factories differ: start both from one state
        fast.load(slow.export())
    for i in range(3000):
        n = (24, 8, 1, 5)[i % 4]
        if i % 2:
            assert fast.chars(n, ids.HEX) == slow.chars(n, ids.HEX)  # interleaved: chars itself
        alphabet, table = (ids.ALPHABET, ids._BY_TOP6) if i % 3 else (ids.HEX, ids._BY_TOP4)
        assert ids.draw(fast, n, table) == slow.chars(n, alphabet)
    assert fast.export() == slow.export()
