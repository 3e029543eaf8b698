"""A short summary of an effect in words people use (no ids, dates or metric keys)."""

from __future__ import annotations

from graph_api.effects.compute import Effect, GroupFigures, Window

__all__ = ["summary"]


def _each(value: float | None) -> str:
    return "no one" if value is None else f"{value:.1f}"


def _window_name(window: Window) -> str:
    return "so far" if window.days is None else f"in the {window.days} days after publishing"


def _latest(effect: Effect) -> Window:
    """The longest window that is over ("so far" while neither is)."""
    done = [w for w in effect.windows if w.over and w.days is not None]
    return max(done, key=lambda w: w.days or 0) if done else effect.windows[0]


def _figures(group: GroupFigures) -> str:
    return (f"{_each(group.new_ties_per_member)} new ties each "
            f"({_each(group.new_cross_team_ties_per_member)} across teams)")


def summary(effect: Effect) -> str:
    """One or two sentences: the comparison of the longest finished window, then the caveat."""
    window = _latest(effect)
    if window.accepted is None or window.others is None:  # pragma: no cover - "so far" always has figures
        return "Nothing measured yet."
    text = (f"{_window_name(window).capitalize()}, the {window.accepted.members} who accepted made "
            f"{_figures(window.accepted)}; the {window.others.members} who did not, {_figures(window.others)}.")
    return f"{text} {effect.too_few}" if effect.too_few else text
