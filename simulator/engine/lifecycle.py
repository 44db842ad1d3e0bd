"""Declarative per-vendor state machines mapped onto canonical milestones."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

# The canonical lifecycle every vendor state maps onto (Tiramizoo's words).
MILESTONES = ("awaiting_payment", "dispatched", "picked_up", "delivered")
FAILURES = ("payment_failed", "pickup_unreachable", "delivery_unreachable", "cancelled", "rejected")
ALL_MILESTONES = MILESTONES + FAILURES


class IllegalTransition(Exception):
    def __init__(self, vendor: str, current: str, target: str) -> None:
        super().__init__(f"{vendor}: cannot go from {current!r} to {target!r}")
        self.vendor, self.current, self.target = vendor, current, target


@dataclass(frozen=True)
class Machine:
    """states: vendor state -> milestone; transitions: state -> legal next states (happy path first);
    auto: state -> (next state, delay in simulated seconds) taken by the clock."""

    vendor: str
    initial: str
    states: dict[str, str]
    transitions: dict[str, tuple[str, ...]]
    auto: dict[str, tuple[str, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for state, milestone in self.states.items():
            if milestone not in ALL_MILESTONES:
                raise ValueError(f"{self.vendor}.{state}: unknown milestone {milestone!r}")
        for src, dsts in self.transitions.items():
            for s in (src, *dsts):
                if s not in self.states:
                    raise ValueError(f"{self.vendor}: transition names unknown state {s!r}")
        for src, (dst, _) in self.auto.items():
            if dst not in self.transitions.get(src, ()):
                raise ValueError(f"{self.vendor}: auto {src}->{dst} is not a legal transition")

    def milestone(self, state: str) -> str:
        return self.states[state]

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, ())

    def is_terminal(self, state: str) -> bool:
        return not self.transitions.get(state)

    def path(self, current: str, target: str) -> list[str] | None:
        """Shortest legal path (excluding `current`) to a vendor state or to the first state
        carrying the milestone `target`; [] if already there; None if unreachable.
        Breadth-first in declaration order, so happy-path transitions win ties."""
        def hit(state: str) -> bool:
            return state == target or (target not in self.states and self.states[state] == target)

        if hit(current):
            return []
        seen, queue = {current}, deque[tuple[str, list[str]]]([(current, [])])
        while queue:
            state, trail = queue.popleft()
            for nxt in self.transitions.get(state, ()):
                if nxt in seen:
                    continue
                if hit(nxt):
                    return trail + [nxt]
                seen.add(nxt)
                queue.append((nxt, trail + [nxt]))
        return None

    def knows(self, name: str) -> bool:
        return name in self.states or name in ALL_MILESTONES
