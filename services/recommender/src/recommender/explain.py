"""Why a grouping was proposed: a :class:`Reason` built from the data, in data and in plain words.

The text says exactly what the data fields say, nothing more:

* ``shared_passions``: the passions the group has in common, each with the
  intensities of *all* members in member order (0 = that member does not hold
  it). Passions held by every member come first ("all love"); when no passion
  is held by everyone, up to three passions held by at least two members are
  listed, most widely held first, and members holding none of them are named
  ("Eve holds none of these").
* ``teams`` / ``sites``: the distinct teams / sites of the members, in order of
  first appearance (members without one are left out).
* ``new_pairs`` / ``total_pairs``: pairs without a bond yet / all pairs.
* ``skill``: the skill of a skill match.

Example: ``"Ada, Bob, Cy and Dee all love jazz; they
come from 4 teams and 3 sites and none of them has a bond with another yet."``
The text leaves the intensities out (people say "all love jazz", not "intensities 5, 4"), and
names the ``outsiders``: members who share a passion with fewer than half of the others.
Members and passions are named by ``names`` / ``passion_names`` when given,
else by id / slug.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from recommender.model import Community, MemberSnapshot, Reason, pair

__all__ = ["Explainer", "explain_group", "explain_skill_match", "join_names", "plural"]

MAX_ALL_SHARED = 2
MAX_PARTLY_SHARED = 3


def join_names(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _outsiders(members: Sequence[MemberSnapshot]) -> tuple[str, ...]:
    """Members who share a passion with fewer than half of the others: a group where several
    are such is no community of purpose, whatever the optimiser's average says."""
    held = [set(m.passions) for m in members]
    others = len(members) - 1
    return tuple(
        m.id
        for i, m in enumerate(members)
        if others > 1 and 2 * sum(1 for j in range(len(members)) if j != i and held[i] & held[j]) < others
    )


class Explainer:
    """Builds reasons for groupings of one community (keeps an id -> member lookup)."""

    def __init__(
        self,
        community: Community,
        *,
        names: Mapping[str, str] | None = None,
        passion_names: Mapping[str, str] | None = None,
        skill_names: Mapping[str, str] | None = None,
        focus_passions: frozenset[str] | None = None,
    ) -> None:
        self.community = community
        self.lookup: dict[str, MemberSnapshot] = {m.id: m for m in community.members}
        self.names = names or {m.id: m.name for m in community.members if m.name}
        self.passion_names = passion_names or community.names.passions
        self.skill_names = skill_names or community.names.skills
        self.focus = focus_passions

    # --- data ------------------------------------------------------------
    def _passions(self, m: MemberSnapshot) -> Mapping[str, int]:
        if self.focus is None:
            return m.passions
        return {p: v for p, v in m.passions.items() if p in self.focus}

    def shared_passions(self, members: Sequence[MemberSnapshot]) -> tuple[tuple[str, tuple[int, ...]], ...]:
        held: dict[str, list[int]] = {}
        for idx, m in enumerate(members):
            for slug, v in self._passions(m).items():
                held.setdefault(slug, [0] * len(members))[idx] = v
        rows = [(slug, vals, sum(1 for v in vals if v)) for slug, vals in held.items()]
        rows = [r for r in rows if r[2] >= 2]
        rows.sort(key=lambda r: (-r[2], -sum(r[1]), r[0]))
        everyone = [r for r in rows if r[2] == len(members)]
        chosen = everyone[:MAX_ALL_SHARED] if everyone else rows[:MAX_PARTLY_SHARED]
        return tuple((slug, tuple(vals)) for slug, vals, _ in chosen)

    def reason(self, member_ids: Sequence[str], *, skill: str | None = None) -> Reason:
        members = [self.lookup[i] for i in member_ids]
        shared = self.shared_passions(members)
        teams = tuple(dict.fromkeys(m.team for m in members if m.team is not None))
        sites = tuple(dict.fromkeys(m.site for m in members if m.site is not None))
        total = len(members) * (len(members) - 1) // 2
        bonded = sum(1 for a, b in combinations(member_ids, 2) if pair(a, b) in self.community.bonds)
        new = total - bonded
        outsiders = _outsiders(members) if skill is None else ()
        text = self._text(members, shared, teams, sites, new, total, skill, outsiders)
        return Reason(
            text=text,
            shared_passions=shared,
            teams=teams,
            sites=sites,
            new_pairs=new,
            total_pairs=total,
            skill=skill,
            outsiders=outsiders,
        )

    # --- words -----------------------------------------------------------
    def name(self, member_id: str) -> str:
        return self.names.get(member_id, member_id)

    def passion(self, slug: str) -> str:
        return self.passion_names.get(slug, slug)

    def _text(self, members, shared, teams, sites, new, total, skill, outsiders=()) -> str:
        n = len(members)
        names = [self.name(m.id) for m in members]
        clauses: list[str] = []
        if skill is not None and n == 2:
            clauses.append(f"{names[0]} seeks {self.skill_names.get(skill, skill)} and {names[1]} offers it")
        everyone = bool(shared) and all(all(v for v in vals) for _, vals in shared)
        if everyone:
            who = "they" if skill is not None else join_names(names)
            word = "both" if n == 2 else "all"
            parts = [self.passion(slug) for slug, _ in shared]
            clauses.append(f"{who} {word} love {join_names(parts)}")
        elif shared:
            parts = []
            for slug, vals in shared:
                holders = [names[i] for i, v in enumerate(vals) if v]
                verb = "both love" if len(holders) == 2 and n > 2 else "love"
                if len(holders) == 2 and n == 2:
                    verb = "both love"
                parts.append(f"{join_names(holders)} {verb} {self.passion(slug)}")
            others = [names[i] for i in range(n) if not any(vals[i] for _, vals in shared)]
            if others:
                parts.append(f"{join_names(others)} {'holds' if len(others) == 1 else 'hold'} none of these")
            clauses.append("; ".join(parts))
        elif skill is None:
            clauses.append(f"{join_names(names)} share no passion yet")
        if outsiders and n > 2:
            alone = [self.name(i) for i in outsiders]
            verb = "shares" if len(alone) == 1 else "share"
            clauses.append(f"{join_names(alone)} {verb} no passion with most of the group")
        clauses.append(self._bridge(n, teams, sites, new, total))
        # Every text starts with a member's name (never re-cased: names are data).
        return "; ".join(clauses) + "."

    @staticmethod
    def _bridge(n: int, teams, sites, new: int, total: int) -> str:
        where = f"they come from {plural(len(teams), 'team')} and {plural(len(sites), 'site')}"
        if n == 2:
            bond = "they have no bond yet" if new == total else "they already have a bond"
        elif new == total:
            bond = "none of them has a bond with another yet"
        elif new == 0:
            bond = "every one of them already has a bond with each other"
        else:
            bond = f"{new} of their {total} pairs have no bond yet"
        return f"{where} and {bond}"


def explain_group(community: Community, member_ids: Sequence[str], **kwargs) -> Reason:
    """Reason of one group (purpose group, intro pair, event table)."""
    return Explainer(community, **kwargs).reason(member_ids)


def explain_skill_match(community: Community, seeker: str, offerer: str, skill: str, **kwargs) -> Reason:
    """Reason of a (seeker, offerer) skill match."""
    return Explainer(community, **kwargs).reason((seeker, offerer), skill=skill)
