"""Deterministic, pure-Python generator of a realistic demo community.

The generated graph reproduces the "silo" problem Kindred exists to fix:
bonds are dense inside teams and sites, while passions are drawn
independently of teams, so people who share a passion are mostly in
different teams and have no bond yet.

Everything is derived from ``random.Random(seed)``: the same
``(members, seed)`` always yields an identical :class:`DemoCommunity`.
No database, clock or global random state is touched. The words come from
:mod:`graph_api.demo.vocabulary`; each step below draws from the one random
stream in a fixed order, so reordering steps or draws changes every community.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from graph_api.demo.vocabulary import (
    CITIES,
    FIRST_NAMES,
    HEADLINES_OFFER,
    HEADLINES_P,
    HEADLINES_PLAIN,
    HEADLINES_PP,
    LAST_NAMES,
    PASSION_CATEGORIES,
    SENIORITY,
    SITE_KINDS,
    SKILLS,
    STANDALONE_ROLES,
    STANDALONE_TEAMS,
    UNITS,
    VISION_TAILS,
    VISIONS_P,
    VISIONS_PLAIN,
    VISIONS_PP,
    VISIONS_SEEK,
    VISIONS_SKILL,
)
from graph_api.demo.wording import fit, handle_part, phrase, slugify

__all__ = ["DemoCommunity", "generate_community", "MAX_MEMBERS"]

MAX_MEMBERS: int = 1_000_000
"""Largest community :func:`generate_community` accepts (the API benchmark's largest)."""

BONDS_PER_MEMBER: float = 10.0
"""Target number of bonds per member (bonds / members)."""

# Share of bonds by scope; the silo property of the demo data.
_IN_TEAM_SHARE = 0.83
_SAME_SITE_SHARE = 0.12  # different team, same site
# the remaining ~5% link members of different teams anywhere

_STAY_AT_TEAM_SITE = 0.96  # probability a member works at their team's site
_STANDALONE_SHARE = 0.02  # teams with parent None
_MAX_SITES = 60
_MAX_PASSIONS = 2000
_MIN_SKILLS = 60
_HEADLINE_MAX = 140
_VISION_MAX = 280

# ---------------------------------------------------------------------------
# Bond model
# ---------------------------------------------------------------------------

_KINDS: tuple[str, ...] = ("colleague", "collaborated", "mentor", "friend", "met")
# relative per-pair rates of each kind between two members of one team
_IN_TEAM_RATES: tuple[float, ...] = (0.85, 0.40, 0.05, 0.10, 0.02)
_IN_TEAM_MAX_P = 0.97
# kind weights for bonds between members of different teams
_CROSS_TEAM_WEIGHTS: tuple[float, ...] = (0.08, 0.20, 0.10, 0.28, 0.34)
# strength range per kind, in hundredths (inclusive low, exclusive high)
_STRENGTH_RANGE: tuple[tuple[int, int], ...] = ((30, 81), (40, 91), (50, 101), (55, 101), (5, 46))
_STRENGTHS: tuple[float, ...] = tuple(round(i / 100, 2) for i in range(101))

# ---------------------------------------------------------------------------
# Calendar (fixed; never the wall clock)
# ---------------------------------------------------------------------------

_DAY0 = date(2000, 1, 1).toordinal()
_JOIN_FIRST = date(2018, 1, 1).toordinal() - _DAY0
_JOIN_LAST = date(2025, 6, 30).toordinal() - _DAY0
_LAST_DAY = date(2025, 12, 31).toordinal() - _DAY0
_DAYS: tuple[str, ...] = tuple(
    date.fromordinal(_DAY0 + i).isoformat() for i in range(_LAST_DAY + 1)
)


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCommunity:
    """A generated community: node and edge rows as plain, JSON-ready dicts.

    Ids are zero-padded strings (``site-0001``, ``team-0001``,
    ``passion-0001``, ``skill-0001``, ``member-000001``; team ids widen to
    5 digits past 9,999 teams, member ids to 7 at 1,000,000 members), so string order equals
    numeric order. Timestamps are ISO-8601 UTC strings and dates
    are ``YYYY-MM-DD``.
    """

    sites: list[dict]
    """``{"id", "name", "city"}``."""
    teams: list[dict]
    """``{"id", "name", "parent", "siteId"}``; ``parent`` may be ``None``."""
    passions: list[dict]
    """``{"id", "slug", "name", "description"}``; slugs are unique."""
    skills: list[dict]
    """``{"id", "slug", "name"}``."""
    members: list[dict]
    """``{"id", "handle", "name", "email", "headline", "vision", "joinedAt"}``."""
    member_teams: list[dict]
    """``{"member", "team"}``; exactly one row per member."""
    member_sites: list[dict]
    """``{"member", "site"}``; exactly one row per member."""
    passion_links: list[dict]
    """``{"member", "passion", "intensity" (1..5), "since"}``."""
    bonds: list[dict]
    """``{"a", "b", "kind", "strength" (0..1, 2 decimals), "since", "source"}``; ``a < b``."""
    seeks: list[dict]
    """``{"member", "skill"}``; a member seeks 0-2 skills."""
    offers: list[dict]
    """``{"member", "skill"}``; a member offers 0-3 skills, none of them sought."""


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _cumulative(weights: Sequence[float]) -> list[float]:
    """Running sums of ``weights`` (for ``bisect``-based weighted picks)."""
    return list(accumulate(weights))


def _zipf_weights(n: int, exponent: float) -> list[float]:
    """Weights ``1 / rank**exponent`` for ranks ``1..n``."""
    return [1.0 / (rank ** exponent) for rank in range(1, n + 1)]


def _passion_count(members: int) -> int:
    """Number of distinct passions: ``2 * members**0.6`` clamped to 30..2000."""
    return max(30, min(_MAX_PASSIONS, round(2 * members ** 0.6)))


def _site_count(members: int) -> int:
    """Number of sites: about one per 500 members, clamped to 2..60."""
    return max(2, min(_MAX_SITES, round(members / 500)))


def _skill_count(members: int) -> int:
    """Number of skills: 60 for small communities, growing to the full list."""
    return max(_MIN_SKILLS, min(len(SKILLS), _MIN_SKILLS + members // 1000))


def _passion_catalog(rng: random.Random) -> list[tuple[str, str]]:
    """All candidate ``(name, category)`` pairs: shuffled bases, then shuffled qualified names."""
    bases: list[tuple[str, str]] = []
    qualified: list[tuple[str, str]] = []
    for category, (names, qualifiers, _) in PASSION_CATEGORIES.items():
        for name in names:
            bases.append((name, category))
            words = set(name.lower().split())
            for template in qualifiers:
                extra = set(template.replace("{}", " ").lower().split())
                if not (extra & words):
                    qualified.append((template.format(name), category))
    rng.shuffle(bases)
    rng.shuffle(qualified)
    return bases + qualified


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


def generate_community(members: int, seed: int = 0) -> DemoCommunity:
    """Generate a deterministic demo community of ``members`` members.

    The same ``(members, seed)`` always returns an identical result; a
    different ``seed`` returns a different one. About
    ``BONDS_PER_MEMBER`` bonds per member are produced, ~83% of them
    inside a team and most of the rest inside a site, while passions are
    drawn independently of teams (long-tailed, Zipf-like popularity).

    Raises:
        TypeError: if ``members`` or ``seed`` is not an ``int``.
        ValueError: if ``members`` is not in ``1..MAX_MEMBERS``.
    """
    if isinstance(members, bool) or not isinstance(members, int):
        raise TypeError(f"members must be an int, got {type(members).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if members < 1 or members > MAX_MEMBERS:
        raise ValueError(f"members must be between 1 and {MAX_MEMBERS}, got {members}")
    return _generate(members, seed)


def _generate(members: int, seed: int) -> DemoCommunity:
    """Build the community; arguments are already validated. The steps' order is the random stream's."""
    rng = random.Random(seed)
    sites = _draw_sites(rng, members)
    teams = _draw_teams(rng, members, sites)
    placement = _place_members(rng, members, teams, sites)
    join_day = _join_days(rng, members)
    passions = _draw_passions(rng, members, placement.member_ids)
    skills = _draw_skills(rng, members, placement.member_ids)
    member_rows = _member_rows(rng, placement, teams, sites, join_day, passions, skills)
    bonds = _draw_bonds(rng, placement, teams, join_day)
    member_ids, team_ids, site_ids = placement.member_ids, teams.ids, sites.ids
    return DemoCommunity(
        sites=sites.rows,
        teams=teams.rows,
        passions=passions.rows,
        skills=skills.rows,
        members=member_rows,
        member_teams=[{"member": member_ids[m], "team": team_ids[placement.team_of[m]]} for m in range(members)],
        member_sites=[{"member": member_ids[m], "site": site_ids[placement.site_of[m]]} for m in range(members)],
        passion_links=passions.links,
        bonds=bonds,
        seeks=skills.seeks,
        offers=skills.offers,
    )


# --- sites -------------------------------------------------------------------


@dataclass(frozen=True)
class _Sites:
    ids: list[str]
    cities: list[str]
    rows: list[dict]
    #: running sums of the sites' Zipf weights: bigger sites first
    weights: list[float]

    def pick(self, rng: random.Random) -> int:
        return bisect_right(self.weights, rng.random() * self.weights[-1])


def _draw_sites(rng: random.Random, members: int) -> _Sites:
    rnd = rng.random
    n_sites = _site_count(members)
    cities = list(CITIES)
    rng.shuffle(cities)
    cities = cities[:n_sites]
    site_ids = [f"site-{i + 1:04d}" for i in range(n_sites)]
    rows = [
        {"id": site_ids[i], "name": f"{city} {SITE_KINDS[int(rnd() * len(SITE_KINDS))]}", "city": city}
        for i, city in enumerate(cities)
    ]
    return _Sites(ids=site_ids, cities=cities, rows=rows, weights=_cumulative(_zipf_weights(n_sites, 0.8)))


# --- teams (sizes vary around ~11, min 3 unless the community is tiny) --------


@dataclass(frozen=True)
class _Teams:
    ids: list[str]
    sizes: list[int]
    #: parent unit of each team (None: a standalone team)
    units: list[str | None]
    #: site index of each team
    sites: list[int]
    rows: list[dict]


def _team_sizes(rng: random.Random, members: int) -> list[int]:
    sizes: list[int] = []
    remaining = members
    log_median = math.log(9.5)
    while remaining > 0:
        size = max(3, min(40, round(rng.lognormvariate(log_median, 0.45))))
        if remaining - size < 3:
            size = remaining
        sizes.append(size)
        remaining -= size
    return sizes


def _draw_teams(rng: random.Random, members: int, sites: _Sites) -> _Teams:
    rnd = rng.random
    sizes = _team_sizes(rng, members)
    n_teams = len(sizes)
    unit_names = list(UNITS)
    unit_cum = _cumulative([UNITS[u][0] for u in unit_names])
    unit_total = unit_cum[-1]
    width = max(4, len(str(n_teams)))  # keeps string order == numeric order past 9,999 teams
    team_ids = [f"team-{i + 1:0{width}d}" for i in range(n_teams)]
    team_unit: list[str | None] = []
    team_site: list[int] = []
    rows: list[dict] = []
    name_next: dict[str, int] = {}
    for t in range(n_teams):
        site = sites.pick(rng)
        if rnd() < _STANDALONE_SHARE:
            unit: str | None = None
            base = STANDALONE_TEAMS[int(rnd() * len(STANDALONE_TEAMS))]
        else:
            unit = unit_names[bisect_right(unit_cum, rnd() * unit_total)]
            heads, tails = UNITS[unit][1], UNITS[unit][2]
            base = f"{heads[int(rnd() * len(heads))]} {tails[int(rnd() * len(tails))]}"
        name = base
        if name in name_next:
            name = f"{base} {sites.cities[site]}"
            if name in name_next:
                n = name_next[name]
                name_next[name] = n + 1
                name = f"{name} {n}"
        name_next[name] = 2
        team_unit.append(unit)
        team_site.append(site)
        rows.append({"id": team_ids[t], "name": name, "parent": unit, "siteId": sites.ids[site]})
    return _Teams(ids=team_ids, sizes=sizes, units=team_unit, sites=team_site, rows=rows)


# --- members -> teams and sites ------------------------------------------------


@dataclass(frozen=True)
class _Placement:
    member_ids: list[str]
    team_of: list[int]
    #: each team's members, in id order
    team_members: list[list[int]]
    site_of: list[int]
    site_members: list[list[int]]


def _place_members(rng: random.Random, members: int, teams: _Teams, sites: _Sites) -> _Placement:
    rnd = rng.random
    order = list(range(members))
    rng.shuffle(order)
    team_of = [0] * members
    team_members: list[list[int]] = []
    start = 0
    for t, size in enumerate(teams.sizes):
        chunk = sorted(order[start:start + size])
        start += size
        team_members.append(chunk)
        for m in chunk:
            team_of[m] = t
    site_of = [0] * members
    for m in range(members):
        home = teams.sites[team_of[m]]
        site_of[m] = home if rnd() < _STAY_AT_TEAM_SITE else sites.pick(rng)
    site_members: list[list[int]] = [[] for _ in range(len(sites.ids))]
    for m in range(members):
        site_members[site_of[m]].append(m)
    return _Placement(
        member_ids=[f"member-{i + 1:0{max(6, len(str(members)))}d}" for i in range(members)],
        team_of=team_of,
        team_members=team_members,
        site_of=site_of,
        site_members=site_members,
    )


def _join_days(rng: random.Random, members: int) -> list[int]:
    """Each member's join day (an index into _DAYS), ascending: ids follow joining order."""
    rnd = rng.random
    span = _JOIN_LAST - _JOIN_FIRST + 1
    return sorted(_JOIN_FIRST + int(rnd() * span) for _ in range(members))


# --- passions ------------------------------------------------------------------


@dataclass(frozen=True)
class _Passions:
    rows: list[dict]
    #: each passion's name as it reads mid-sentence
    phrases: list[str]
    links: list[dict]
    #: each member's passions (indexes), in the order drawn
    of_member: list[list[int]]


def _draw_passions(rng: random.Random, members: int, member_ids: list[str]) -> _Passions:
    rnd = rng.random
    n_passions = _passion_count(members)
    rows: list[dict] = []
    phrases: list[str] = []
    seen_slugs: set[str] = set()
    for name, category in _passion_catalog(rng):
        slug = slugify(name)
        if slug in seen_slugs:
            continue
        seen_slugs.add(slug)
        wording = phrase(name)
        templates = PASSION_CATEGORIES[category][2]
        rows.append({
            "id": f"passion-{len(rows) + 1:04d}",
            "slug": slug,
            "name": name,
            "description": templates[int(rnd() * len(templates))].format(wording),
        })
        phrases.append(wording)
        if len(rows) == n_passions:
            break
    popularity = _passion_popularity(rng, n_passions)
    links, of_member = _passion_links(rng, member_ids, [p["id"] for p in rows], popularity)
    return _Passions(rows=rows, phrases=phrases, links=links, of_member=of_member)


def _passion_popularity(rng: random.Random, n_passions: int) -> list[float]:
    """Running sums of Zipf weights over a rank order that favours base names but mixes a little."""
    rnd = rng.random
    ranks = sorted(range(n_passions), key=lambda i: i + rnd() * n_passions * 0.1)
    rank_weight = _zipf_weights(n_passions, 1.0)
    passion_weight = [0.0] * n_passions
    for r, p in enumerate(ranks):
        passion_weight[p] = rank_weight[r]
    return _cumulative(passion_weight)


def _passion_links(
    rng: random.Random, member_ids: list[str], passion_ids: list[str], popularity: list[float]
) -> tuple[list[dict], list[list[int]]]:
    rnd = rng.random
    passion_total = popularity[-1]
    count_cum = _cumulative((0.03, 0.22, 0.30, 0.24, 0.13, 0.08))  # 0..5 passions
    intensity_cum = _cumulative((0.08, 0.17, 0.30, 0.27, 0.18))  # 1..5
    links: list[dict] = []
    of_member: list[list[int]] = []
    for mid in member_ids:
        k = bisect_right(count_cum, rnd())
        mine: list[int] = []
        tries = 0
        while len(mine) < k and tries < 4 * k:
            tries += 1
            p = bisect_right(popularity, rnd() * passion_total)
            if p not in mine:
                mine.append(p)
        of_member.append(mine)
        for p in mine:
            links.append({
                "member": mid,
                "passion": passion_ids[p],
                "intensity": bisect_right(intensity_cum, rnd()) + 1,
                "since": _DAYS[int(rnd() * (_LAST_DAY + 1))],
            })
    return links, of_member


# --- skills --------------------------------------------------------------------


@dataclass(frozen=True)
class _Skills:
    rows: list[dict]
    seeks: list[dict]
    offers: list[dict]
    #: each member's first sought and first offered skill (index), -1 for none
    first_sought: list[int]
    first_offered: list[int]


def _draw_skills(rng: random.Random, members: int, member_ids: list[str]) -> _Skills:
    rnd = rng.random
    skill_names = list(SKILLS)
    rng.shuffle(skill_names)
    skill_names = skill_names[:_skill_count(members)]
    rows = [
        {"id": f"skill-{i + 1:04d}", "slug": slugify(name), "name": name}
        for i, name in enumerate(skill_names)
    ]
    skill_cum = _cumulative(_zipf_weights(len(rows), 0.7))
    skill_total = skill_cum[-1]
    seek_cum = _cumulative((0.30, 0.45, 0.25))  # 0..2
    offer_cum = _cumulative((0.15, 0.35, 0.30, 0.20))  # 0..3
    seeks: list[dict] = []
    offers: list[dict] = []
    first_sought: list[int] = []
    first_offered: list[int] = []
    for mid in member_ids:
        n_seek = bisect_right(seek_cum, rnd())
        n_offer = bisect_right(offer_cum, rnd())
        sought: list[int] = []
        offered: list[int] = []
        for wanted, bucket in ((n_seek, sought), (n_offer, offered)):
            tries = 0
            while len(bucket) < wanted and tries < 4 * wanted:
                tries += 1
                s = bisect_right(skill_cum, rnd() * skill_total)
                if s not in sought and s not in offered:
                    bucket.append(s)
        for s in sought:
            seeks.append({"member": mid, "skill": rows[s]["id"]})
        for s in offered:
            offers.append({"member": mid, "skill": rows[s]["id"]})
        first_sought.append(sought[0] if sought else -1)
        first_offered.append(offered[0] if offered else -1)
    return _Skills(rows=rows, seeks=seeks, offers=offers, first_sought=first_sought, first_offered=first_offered)


# --- names, handles, text ------------------------------------------------------


def _titles_and_audiences() -> tuple[dict[str | None, list[str]], dict[str | None, str]]:
    """Per parent unit (None: standalone teams): every "seniority role" title, capitalised; and its audience."""
    titles: dict[str | None, list[str]] = {}
    audiences: dict[str | None, str] = {None: "newcomers"}
    for unit_name in (*UNITS, None):
        roles = UNITS[unit_name][3] if unit_name is not None else STANDALONE_ROLES
        if unit_name is not None:
            audiences[unit_name] = UNITS[unit_name][4]
        titles[unit_name] = [
            (title := f"{seniority} {role}".strip())[0].upper() + title[1:]
            for seniority in SENIORITY
            for role in roles
        ]
    return titles, audiences


def _headline(rng: random.Random, fields: dict[str, str], passions: int) -> str:
    rnd = rng.random
    roll = rnd()
    if passions > 1 and roll < 0.35:
        headlines = HEADLINES_PP
    elif passions and roll < 0.75:
        headlines = HEADLINES_P
    elif fields["offer"] and roll < 0.87:
        headlines = HEADLINES_OFFER
    else:
        headlines = HEADLINES_PLAIN
    return headlines[int(rnd() * len(headlines))].format_map(fields)


def _vision(rng: random.Random, fields: dict[str, str], passions: int) -> str:
    rnd = rng.random
    roll = rnd()
    if passions > 1 and roll < 0.2:
        visions = VISIONS_PP
    elif passions and roll < 0.6:
        visions = VISIONS_P
    elif fields["seek"] and fields["offer"] and roll < 0.75:
        visions = VISIONS_SKILL
    elif fields["seek"] and roll < 0.82:
        visions = VISIONS_SEEK
    else:
        visions = VISIONS_PLAIN
    vision = visions[int(rnd() * len(visions))].format_map(fields) + "."
    if rnd() < 0.35:
        tail = VISION_TAILS[int(rnd() * len(VISION_TAILS))]
        if "{p2}" not in tail or fields["p2"]:
            vision = f"{vision} {tail.format_map(fields)}"
    return vision


def _member_rows(
    rng: random.Random,
    placement: _Placement,
    teams: _Teams,
    sites: _Sites,
    join_day: list[int],
    passions: _Passions,
    skills: _Skills,
) -> list[dict]:
    rnd = rng.random
    first_parts = [handle_part(n) for n in FIRST_NAMES]
    last_parts = [handle_part(n) for n in LAST_NAMES]
    n_first, n_last = len(FIRST_NAMES), len(LAST_NAMES)
    handle_next: dict[str, int] = {}
    skill_phrase = [phrase(s["name"]) for s in skills.rows]
    titles, audiences = _titles_and_audiences()
    all_audiences = [audiences[u] for u in UNITS]
    clock = [f"T{8 + minute // 60:02d}:{minute % 60:02d}:00Z" for minute in range(600)]  # 08:00..17:59 UTC
    rows: list[dict] = []
    for m, member_id in enumerate(placement.member_ids):
        fi = int(rnd() * n_first)
        li = int(rnd() * n_last)
        base = f"{first_parts[fi]}.{last_parts[li]}"[:32]
        n = handle_next.get(base, 1)
        handle_next[base] = n + 1
        handle = f"{base}{n}"
        t = placement.team_of[m]
        unit = teams.units[t]
        unit_titles = titles[unit]
        seek, offer = skills.first_sought[m], skills.first_offered[m]
        fields = {
            "Role": unit_titles[int(rnd() * len(unit_titles))],
            "team": teams.rows[t]["name"],
            "city": sites.cities[placement.site_of[m]],
            "unit": unit if unit is not None else "my team",
            "audience": audiences[unit],
            "audience2": all_audiences[int(rnd() * len(all_audiences))],
            "p1": "",
            "p2": "",
            "seek": skill_phrase[seek] if seek >= 0 else "",
            "offer": skill_phrase[offer] if offer >= 0 else "",
        }
        mine = passions.of_member[m]
        if mine:
            fields["p1"] = passions.phrases[mine[0]]
        if len(mine) > 1:
            fields["p2"] = passions.phrases[mine[1]]
        headline = _headline(rng, fields, len(mine))
        vision = _vision(rng, fields, len(mine))
        rows.append({
            "id": member_id,
            "handle": handle,
            "name": f"{FIRST_NAMES[fi]} {LAST_NAMES[li]}",
            "email": f"{handle}@example.org",
            "headline": fit(headline, _HEADLINE_MAX),
            "vision": fit(vision, _VISION_MAX),
            "joinedAt": _DAYS[join_day[m]] + clock[int(rnd() * 600)],
        })
    return rows


# --- bonds ---------------------------------------------------------------------

#: Bonds as three parallel lists: the two members (a < b) and the kind (an index into _KINDS).
_BondLists = tuple[list[int], list[int], list[int]]


def _draw_bonds(rng: random.Random, placement: _Placement, teams: _Teams, join_day: list[int]) -> list[dict]:
    target = round(BONDS_PER_MEMBER * len(placement.member_ids))
    in_a, in_b, in_k = _in_team_bonds(rng, teams, placement, target)
    cross_a, cross_b, cross_k = _cross_team_bonds(rng, placement, target)
    return _bond_rows(rng, placement.member_ids, join_day, (in_a + cross_a, in_b + cross_b, in_k + cross_k))


def _in_team_bonds(rng: random.Random, teams: _Teams, placement: _Placement, target: int) -> _BondLists:
    """Every pair of a team draws each kind independently."""
    rnd = rng.random
    bond_a: list[int] = []
    bond_b: list[int] = []
    bond_k: list[int] = []
    pairs = sum(s * (s - 1) // 2 for s in teams.sizes)
    if not pairs:
        return bond_a, bond_b, bond_k
    scale = _IN_TEAM_SHARE * target / (pairs * sum(_IN_TEAM_RATES))
    p0, p1, p2, p3, p4 = (min(_IN_TEAM_MAX_P, r * scale) for r in _IN_TEAM_RATES)
    add_a, add_b, add_k = bond_a.append, bond_b.append, bond_k.append
    # the hot loop of large communities: unrolled on purpose
    for chunk in placement.team_members:
        size = len(chunk)
        for x in range(size - 1):
            a = chunk[x]
            for y in range(x + 1, size):
                b = chunk[y]
                if rnd() < p0:
                    add_a(a)
                    add_b(b)
                    add_k(0)
                if rnd() < p1:
                    add_a(a)
                    add_b(b)
                    add_k(1)
                if rnd() < p2:
                    add_a(a)
                    add_b(b)
                    add_k(2)
                if rnd() < p3:
                    add_a(a)
                    add_b(b)
                    add_k(3)
                if rnd() < p4:
                    add_a(a)
                    add_b(b)
                    add_k(4)
    return bond_a, bond_b, bond_k


def _cross_team_bonds(rng: random.Random, placement: _Placement, target: int) -> _BondLists:
    """Bonds across teams: mostly inside the same site, a few anywhere."""
    rnd = rng.random
    members = len(placement.member_ids)
    team_of, site_of = placement.team_of, placement.site_of
    bond_a: list[int] = []
    bond_b: list[int] = []
    bond_k: list[int] = []
    cross_cum = _cumulative(_CROSS_TEAM_WEIGHTS)
    cross_total = cross_cum[-1]
    seen: set[int] = set()
    for share, same_site in ((_SAME_SITE_SHARE, True), (1.0 - _IN_TEAM_SHARE - _SAME_SITE_SHARE, False)):
        wanted = round(share * target)
        made = 0
        attempts = 0
        while made < wanted and attempts < 4 * wanted:
            attempts += 1
            a = int(rnd() * members)
            if same_site:
                pool = placement.site_members[site_of[a]]
                b = pool[int(rnd() * len(pool))]
            else:
                b = int(rnd() * members)
            if team_of[a] == team_of[b]:
                continue
            if b < a:
                a, b = b, a
            k = bisect_right(cross_cum, rnd() * cross_total)
            key = (a * members + b) * 5 + k
            if key in seen:
                continue
            seen.add(key)
            bond_a.append(a)
            bond_b.append(b)
            bond_k.append(k)
            made += 1
    return bond_a, bond_b, bond_k


def _bond_rows(rng: random.Random, member_ids: list[str], join_day: list[int], bonds: _BondLists) -> list[dict]:
    rnd = rng.random
    strength = _STRENGTHS
    days = _DAYS
    last = _LAST_DAY + 1
    lows = [lo for lo, _ in _STRENGTH_RANGE]
    spans = [hi - lo for lo, hi in _STRENGTH_RANGE]
    # b > a joined later (ids follow join order), so a bond starts after join_day[b]
    return [
        {
            "a": member_ids[a],
            "b": member_ids[b],
            "kind": _KINDS[k],
            "strength": strength[lows[k] + int(rnd() * spans[k])],
            "since": days[(jb := join_day[b]) + int(rnd() * (last - jb))],
            "source": "demo",
        }
        for a, b, k in zip(*bonds)
    ]
