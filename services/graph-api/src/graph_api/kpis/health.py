"""Community health: the pure computation behind ``communityHealth``.

No database here: the caller loads a :class:`HealthInputs` (plain, parallel lists) and
calls :func:`compute_health`, which maps ids to integers and computes every figure with
vectorised numpy (``bincount``, sorted keys, ``searchsorted``), in a few seconds for
100,000 members and 1,000,000 bonds.

Conventions shared by every figure
----------------------------------

* **Tie.** The bonds of one pair of members are collapsed into one *tie*, whatever their
  kinds: a pair with a ``colleague`` and a ``friend`` bond is one tie. A tie's ``since``
  is the earliest ``since`` of its bonds (the day the pair first had a bond). Bonds that
  name an unknown member, and a member's bond with themself, are ignored (counted in
  ``HealthReport.ignored_bonds``). Silo, modularity, cross-silo, isolation, broker and
  event figures count ties; the trust figures count bonds (one per pair and kind).
* **Scope.** :class:`Scope` restricts the *member set* S: every member (``community``),
  the members of a team, of a site, or the members passionate about a passion slug. An
  unknown team, site or slug gives an empty S (every count 0, every ratio ``None``).
  A tie (or bond) is *in scope* when at least one of its two ends is in S; that is the
  tie set of the E-I, cross-silo and trust figures. Modularity uses the graph *induced*
  by S (ties with both ends in S). Member figures (coverage, isolation, brokers, needs,
  activity) count the members of S, looking at all their ties, in or out of scope.
* **Unknown team or site.** A member without a team (site) belongs to no team (site):
  a tie with such an end is neither internal nor external and is left out of every
  by-team (by-site) count; such a member is a singleton community in modularity.
* **Undefined ratios are ``None``**, never a crash: E-I with no tie, a share of nothing.
* **Dates.** ``since`` is ``YYYY-MM-DD``; timestamps (``joinedAt``, ``last_active``,
  ``startsAt``) are ISO-8601 and only their date part (as written, UTC in Kindred) is
  used. A window of *k days before* ``as_of`` is the k days ending on ``as_of``:
  ``as_of - k < day <= as_of``. A bond without a ``since`` counts as old (never recent,
  never new at an event); a missing timestamp is no activity. ``as_of`` only anchors these windows: the report describes
  the inputs as given (load the inputs as they were to look at the past).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import chain, repeat
from typing import Any, Literal

import numpy as np

from graph_api.kpis.conversion import ProposalConversion, proposal_conversion

__all__ = [
    "ACTIVE_DAYS",
    "RECENT_WINDOWS",
    "AcceptanceRate",
    "Broker",
    "CrossSilo",
    "Engagement",
    "EventConversion",
    "HealthInputs",
    "HealthReport",
    "Isolation",
    "Modularity",
    "NeedsMet",
    "PassionWithoutGroup",
    "ProposalConversion",
    "PurposeCoverage",
    "Scope",
    "SiloIndex",
    "SiloReport",
    "Trust",
    "compute_health",
]

FOLLOWUP_DAYS = 7
"""The default of ``compute_health``'s ``followup_days`` (KINDRED_FOLLOWUP_DAYS)."""

ACTIVE_DAYS = 90
"""A member is active when their last activity falls in the ACTIVE_DAYS days before ``as_of``."""

RECENT_WINDOWS = (30, 90)
"""The windows (days before ``as_of``) of the recent cross-silo shares."""

MENTOR_KIND = "mentor"

_NAT = np.iinfo(np.int64).min  # "no date" after conversion to day numbers
_EPOCH = date(1970, 1, 1)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

ScopeKind = Literal["community", "team", "site", "passion"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which members a report is about.

    ``community`` (every member), ``team`` (members of team ``id``), ``site`` (members
    based at site ``id``) or ``passion`` (members passionate about the passion slug ``id``).
    """

    kind: ScopeKind = "community"
    id: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("community", "team", "site", "passion"):
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if self.kind == "community" and self.id is not None:
            raise ValueError("the community scope takes no id")
        if self.kind != "community" and not self.id:
            raise ValueError(f"a {self.kind} scope needs an id")

    @classmethod
    def community(cls) -> Scope:
        return cls("community")

    @classmethod
    def team(cls, team_id: str) -> Scope:
        return cls("team", team_id)

    @classmethod
    def site(cls, site_id: str) -> Scope:
        return cls("site", site_id)

    @classmethod
    def passion(cls, slug: str) -> Scope:
        return cls("passion", slug)


@dataclass(frozen=True)
class HealthInputs:
    """Everything :func:`compute_health` reads, as plain parallel lists.

    Members (one entry per member, all ``member_*`` lists the same length):
        ``member_ids``; ``member_team`` and ``member_site`` (id or ``None``);
        ``member_has_passions`` (``None``: derived from ``member_passions``);
        ``member_joined_at`` and ``member_last_active`` (ISO timestamps or ``None``; the
        whole list may be ``None``).
    Bonds (one entry per stored BOND, i.e. per pair and kind; ``bond_*`` lists the same
    length): ``bond_a``, ``bond_b`` (member ids, either order), ``bond_kind``,
    ``bond_since`` (``YYYY-MM-DD``), ``bond_confirmed`` (both members confirmed; ``None``:
    none is), ``bond_source`` (informative), ``bond_event`` (the event a ``met`` bond was
    recorded at, or ``None``; the whole list may be ``None``).
    Purpose groups (accepted groups only): ``group_members`` (member id lists),
    ``group_ids`` (``None``: ``"#1"``, ``"#2"``, ...), ``group_passion`` (the passion slug the
    group formed around, or ``None``). List order matters for modularity (a member of
    several groups counts in the first listed).
    ``member_passions``, ``member_seeks``, ``member_offers``: member id -> passion slugs /
    skill slugs (or ids; only equality matters).
    ``matches``: accepted skill matches as ``(seeker id, skill)``.
    Proposals: ``proposal_kind``, ``proposal_status`` (``accepted`` | ``declined`` |
    ``pending``), ``proposal_member`` (the member who answers it, used for scoping; ``None``:
    proposals are counted in the community scope only).
    ``proposal_id``, ``proposal_responded_at``, ``proposal_met_answer`` (``met`` | ``not met``
    | ``None``: the answer to "did you meet?"): for proposal conversion (``None``: not given).
    Events: ``event_ids``, ``event_attendees`` (member id lists), ``event_starts_at``.
    """

    member_ids: Sequence[str]
    member_team: Sequence[str | None]
    member_site: Sequence[str | None]
    member_has_passions: Sequence[bool] | None = None
    member_joined_at: Sequence[str | None] | None = None
    member_last_active: Sequence[str | None] | None = None

    bond_a: Sequence[str] = ()
    bond_b: Sequence[str] = ()
    bond_kind: Sequence[str] = ()
    bond_since: Sequence[str] = ()
    bond_confirmed: Sequence[bool] | None = None
    bond_source: Sequence[str | None] | None = None
    bond_event: Sequence[str | None] | None = None

    group_members: Sequence[Sequence[str]] = ()
    group_ids: Sequence[str] | None = None
    group_passion: Sequence[str | None] | None = None

    member_passions: Mapping[str, Sequence[str]] = field(default_factory=dict)
    member_seeks: Mapping[str, Sequence[str]] = field(default_factory=dict)
    member_offers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    matches: Sequence[tuple[str, str]] = ()

    proposal_kind: Sequence[str] = ()
    proposal_status: Sequence[str] = ()
    proposal_member: Sequence[str | None] | None = None
    #: Per answer, for proposal conversion (kpis/conversion.py); None: no conversion figures.
    proposal_id: Sequence[str] | None = None
    proposal_responded_at: Sequence[str | None] | None = None
    proposal_met_answer: Sequence[str | None] | None = None

    event_ids: Sequence[str] = ()
    event_attendees: Sequence[Sequence[str]] = ()
    event_starts_at: Sequence[str] = ()

    def validate(self) -> None:
        """Raise ``ValueError`` when parallel lists differ in length."""
        n = len(self.member_ids)
        _same_length("member", n, member_team=self.member_team, member_site=self.member_site,
                     member_has_passions=self.member_has_passions, member_joined_at=self.member_joined_at,
                     member_last_active=self.member_last_active)
        _same_length("bond", len(self.bond_a), bond_b=self.bond_b, bond_kind=self.bond_kind,
                     bond_since=self.bond_since, bond_confirmed=self.bond_confirmed,
                     bond_source=self.bond_source, bond_event=self.bond_event)
        _same_length("group", len(self.group_members), group_ids=self.group_ids, group_passion=self.group_passion)
        _same_length("proposal", len(self.proposal_kind), proposal_status=self.proposal_status,
                     proposal_member=self.proposal_member, proposal_id=self.proposal_id,
                     proposal_responded_at=self.proposal_responded_at, proposal_met_answer=self.proposal_met_answer)
        _same_length("event", len(self.event_ids), event_attendees=self.event_attendees,
                     event_starts_at=self.event_starts_at)
        if len(set(self.member_ids)) != n:
            raise ValueError("member_ids has duplicates")
        bad = set(self.proposal_status) - {"accepted", "declined", "pending"}
        if bad:
            raise ValueError(f"unknown proposal status {sorted(bad)!r}")


def _same_length(what: str, n: int, **columns: Sequence[Any] | None) -> None:
    for name, column in columns.items():
        if column is not None and len(column) != n:
            raise ValueError(f"{name} has {len(column)} entries for {n} {what}s")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiloIndex:
    """Krackhardt's E-I index of one team or site.

    A tie counts for group g when at least one of its ends is an in-scope member of g and
    both ends have a known group; it is *internal* when both ends belong to g, *external*
    otherwise. ``ei = (external - internal) / (external + internal)``, from -1 (every tie
    inside the group: a silo) to +1 (every tie leaves it); ``None`` without ties.
    ``members``: in-scope members of the group.
    """

    group: str
    members: int
    internal: int
    external: int
    ei: float | None


@dataclass(frozen=True, slots=True)
class SiloReport:
    """E-I index by team (or by site): whole-scope and per group.

    Whole scope: over the in-scope ties whose two ends have a known group, ``internal`` =
    ties inside one group, ``external`` = ties between two groups, ``ei = (E - I) / (E + I)``
    (``None`` without ties). ``groups``: one :class:`SiloIndex` per group with at least one
    in-scope member, most siloed first (ascending ``ei``, ``None`` last, then by id).
    """

    internal: int
    external: int
    ei: float | None
    groups: tuple[SiloIndex, ...]


@dataclass(frozen=True, slots=True)
class Modularity:
    """Newman modularity of the tie graph under three partitions.

    Graph: the undirected simple graph induced by the in-scope members (``members``
    nodes, ``ties`` edges, unweighted). ``Q = sum over communities c of
    (L_c / m - (d_c / 2m)^2)`` with m ties, L_c ties inside c, d_c the summed degree of c
    (resolution 1; the value of ``networkx.community.modularity``). Partitions: by team,
    by site, and by purpose community (accepted groups; a member of several groups
    counts in the first listed). A member without a team / site / group is a community of
    its own, so the three values are over the same graph and comparable. ``None`` when
    the graph has no tie. High by team or site: ties follow the org chart (silos); rising
    by purpose: purpose communities turn into real ties.
    """

    members: int
    ties: int
    by_team: float | None
    by_site: float | None
    by_purpose: float | None


@dataclass(frozen=True, slots=True)
class CrossSilo:
    """Share of ties that link different teams.

    Over the in-scope ties whose two ends have a known team: ``ties``, ``cross_team``
    (ends in different teams) and ``share = cross_team / ties``; then the same for the ties
    made recently, i.e. whose ``since`` (first bond of the pair) falls in the 30 (``_30d``)
    and 90 (``_90d``) days before ``as_of``. ``None`` shares when there is no such tie.
    """

    ties: int
    cross_team: int
    share: float | None
    ties_30d: int
    cross_team_30d: int
    share_30d: float | None
    ties_90d: int
    cross_team_90d: int
    share_90d: float | None


@dataclass(frozen=True, slots=True)
class PassionWithoutGroup:
    """A passion shared by at least N in-scope members and no accepted group formed around it."""

    slug: str
    members: int


@dataclass(frozen=True, slots=True)
class PurposeCoverage:
    """How far purpose groups reach the members.

    ``in_group``: in-scope members in at least one accepted purpose group; ``share`` =
    in_group / members. ``passions_no_group`` (and ``passions_no_group_ids``, sorted):
    in-scope members with at least one passion and in no accepted group.
    ``passions_without_group``: passions with at least ``min_passion_members`` in-scope
    members and no accepted group whose ``group_passion`` is that slug, most members first.
    """

    members: int
    in_group: int
    share: float | None
    passions_no_group: int
    passions_no_group_ids: tuple[str, ...]
    passions_without_group: tuple[PassionWithoutGroup, ...]


@dataclass(frozen=True, slots=True)
class Isolation:
    """Members cut off, or kept inside their team.

    ``isolated``: in-scope members with no tie at all (``isolated_ids`` sorted);
    ``isolated_share`` = isolated / members. ``team_bound``: in-scope members with a known
    team and no tie to a member of another (known) team, isolated members included;
    ``team_bound_share`` = team_bound / ``with_team`` (in-scope members with a known team).
    """

    members: int
    isolated: int
    isolated_share: float | None
    isolated_ids: tuple[str, ...]
    with_team: int
    team_bound: int
    team_bound_share: float | None


@dataclass(frozen=True, slots=True)
class Broker:
    """A member whose ties bridge teams.

    ``teams_bridged``: distinct teams, other than the member's own, among their tie
    partners (in or out of scope); ``cross_team_ties``: their ties to other teams;
    ``ties``: all their ties. Brokers are in-scope members with a known team and at least
    one team bridged, ranked by teams_bridged, then cross_team_ties (both descending),
    then member id; the first ``brokers_top`` are reported.
    """

    member: str
    team: str
    teams_bridged: int
    cross_team_ties: int
    ties: int


@dataclass(frozen=True, slots=True)
class NeedsMet:
    """Whether the skills members seek are within reach.

    ``needs``: distinct (in-scope member, skill sought) pairs. ``offered``: needs for which
    another member (anyone in the community) offers the skill; ``offered_share`` =
    offered / needs. ``matched``: needs with an accepted match ``(seeker, skill)``;
    ``matched_share`` = matched / needs (matches that are no current need are ignored).
    """

    needs: int
    offered: int
    offered_share: float | None
    matched: int
    matched_share: float | None


@dataclass(frozen=True, slots=True)
class Trust:
    """Confirmed and mentoring bonds.

    Over the in-scope bonds, counted per pair and kind (the same pair and kind given twice
    is one bond, confirmed if either is): ``confirmed_share`` = bonds confirmed by both
    members / bonds; ``mentor_share`` = bonds of kind ``mentor`` / bonds.
    """

    bonds: int
    confirmed: int
    confirmed_share: float | None
    mentor: int
    mentor_share: float | None


@dataclass(frozen=True, slots=True)
class AcceptanceRate:
    """Proposals of one kind (or all kinds: ``kind`` ``"*"``).

    ``rate = accepted / (accepted + declined)``; pending proposals are not answered yet and
    do not count (``None`` when nothing was answered).
    """

    kind: str
    accepted: int
    declined: int
    pending: int
    rate: float | None


@dataclass(frozen=True, slots=True)
class Engagement:
    """Answers to proposals and recent activity.

    ``proposals``: one :class:`AcceptanceRate` for all kinds (``"*"``) then one per kind,
    sorted by kind, over the proposals answered by in-scope members (every proposal in the
    community scope). ``active``: in-scope members whose last activity (``last_active``:
    joined, edited their profile or answered a proposal; ``joinedAt`` when later or
    missing) falls in the 90 days before ``as_of``; ``active_share`` = active / members.
    """

    proposals: tuple[AcceptanceRate, ...]
    members: int
    active: int
    active_share: float | None


@dataclass(frozen=True, slots=True)
class EventConversion:
    """New ties between the attendees of one event.

    A *new tie of event E*: a tie between two attendees of E whose ``since`` (first bond of
    the pair) is on or after E's start date (they had no bond before E), unless one of the
    pair's bonds names another event (the earliest bond naming an event attributes the tie
    to it), with at least one end in scope. ``attendees``: in-scope attendees (known
    members); ``new_ties``; ``cross_team_new_ties`` (ends in different known teams);
    ``new_ties_per_attendee``: the mean number of new ties of an in-scope attendee (``2 *
    new_ties / attendees`` in the community scope). Events with at least one in-scope
    attendee are reported, latest first.
    """

    event: str
    starts_at: str
    attendees: int
    new_ties: int
    cross_team_new_ties: int
    new_ties_per_attendee: float | None


@dataclass(frozen=True, slots=True)
class HealthReport:
    """The community health report of one scope on one day.

    ``members``: in-scope members; ``ties``: in-scope ties (at least one end in scope);
    ``bonds``: in-scope bonds (pair and kind); ``ignored_bonds``: input bonds naming an
    unknown member or one member twice (whole input, not scoped).
    """

    as_of: date
    scope: Scope
    members: int
    ties: int
    bonds: int
    ignored_bonds: int
    silo_by_team: SiloReport
    silo_by_site: SiloReport
    modularity: Modularity
    cross_silo: CrossSilo
    purpose: PurposeCoverage
    isolation: Isolation
    brokers: tuple[Broker, ...]
    needs: NeedsMet
    trust: Trust
    engagement: Engagement
    events: tuple[EventConversion, ...]
    #: Accepted intros and purpose groups that met (kpis/conversion.py): both kinds, then each.
    conversion: tuple[ProposalConversion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``as_of`` as ``YYYY-MM-DD``, tuples as lists)."""
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        return _lists(out)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _ratio(numerator: int | float, denominator: int | float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _ei(external: int, internal: int) -> float | None:
    total = external + internal
    return (external - internal) / total if total else None


def _parse_days(values: Sequence[Any]) -> np.ndarray:
    """Day numbers of the date part (first 10 characters) of each value; ``_NAT`` for None."""
    text = np.asarray(values, dtype="U10")  # str(value)[:10]: dates, ISO timestamps, None -> "None"
    text[(text == "None") | (text == "")] = "NaT"
    return text.astype("datetime64[D]").astype(np.int64)  # NaT -> int64 min == _NAT


def _days(values: Sequence[Any] | None, n: int) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of ISO dates or timestamps; ``_NAT`` for None."""
    if values is None:
        return np.full(n, _NAT, dtype=np.int64)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    distinct = set(values)
    if len(distinct) * 4 > n:
        return _parse_days(values)
    # few distinct values (bond days): parse each once, then look them up
    keys = list(distinct)
    table = dict(zip(keys, _parse_days(keys).tolist()))
    return np.fromiter(map(table.__getitem__, values), dtype=np.int64, count=n)


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Codes of values (0, 1, ... in sorted value order) and the value of each code."""
    names = sorted(set(values), key=str)
    table = dict(zip(names, range(len(names))))
    return np.fromiter(map(table.__getitem__, values), dtype=np.int64, count=len(values)), names


def _contains(sorted_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per value: whether it is in ``sorted_keys`` (sorted ascending)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def _distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort based: faster than ``np.unique`` on large int arrays)."""
    if len(keys) == 0:
        return keys
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]]


def _group_codes(values: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for None) and the sorted group names."""
    names = sorted({v for v in values if v is not None})
    table: dict[str | None, int] = {name: i for i, name in enumerate(names)}
    table[None] = -1
    get = table.__getitem__
    return np.fromiter(map(get, values), dtype=np.int64, count=len(values)), names


def _index(ids: Sequence[str], index: dict[str, int]) -> np.ndarray:
    """Member indexes of ids, -1 for unknown ids."""
    return np.fromiter(map(index.get, ids, repeat(-1)), dtype=np.int64, count=len(ids))


def _links(mapping: Mapping[str, Sequence[str]], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Distinct (member index, value code) pairs of a member -> values mapping, and the values.

    Members missing from ``index`` are dropped.
    """
    sizes = np.fromiter(map(len, mapping.values()), dtype=np.int64, count=len(mapping))
    members = np.repeat(_index(list(mapping.keys()), index), sizes)
    values, names = _codes(list(chain.from_iterable(mapping.values())))
    keep = members >= 0
    k = max(len(names), 1)
    pairs = _distinct(members[keep] * k + values[keep])
    return pairs // k, pairs % k, names


def _window(days: np.ndarray, as_of_day: int, length: int) -> np.ndarray:
    return (days > as_of_day - length) & (days <= as_of_day)


# ---------------------------------------------------------------------------
# The computation
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Graph:
    """Members and ties as integer arrays."""

    n: int
    team: np.ndarray  # per member, -1 unknown
    site: np.ndarray
    team_names: list[str]
    site_names: list[str]
    lo: np.ndarray  # per tie, lo < hi
    hi: np.ndarray
    since: np.ndarray  # per tie: first bond's day
    event: np.ndarray  # per tie: event index attributed, -1 none
    bond_tie: np.ndarray  # per distinct (pair, kind) bond: its tie
    bond_kind: np.ndarray
    bond_confirmed: np.ndarray
    kind_names: list[str]
    ignored: int


def _build_graph(inputs: HealthInputs, index: dict[str, int], event_index: dict[str, int]) -> _Graph:
    n = len(inputs.member_ids)
    team, team_names = _group_codes(inputs.member_team)
    site, site_names = _group_codes(inputs.member_site)

    nb = len(inputs.bond_a)
    a = _index(inputs.bond_a, index)
    b = _index(inputs.bond_b, index)
    kind, kind_names = _codes(inputs.bond_kind)
    since = _days(inputs.bond_since, nb)
    confirmed = (
        np.zeros(nb, dtype=bool) if inputs.bond_confirmed is None
        else np.fromiter(inputs.bond_confirmed, dtype=bool, count=nb)
    )
    if inputs.bond_event is None:
        event = np.full(nb, -1, dtype=np.int64)
    else:
        # an event missing from event_ids still attributes the tie away from the listed ones
        table: dict[str | None, int] = {**event_index, None: -1}
        event = np.fromiter(map(table.get, inputs.bond_event, repeat(len(event_index))), dtype=np.int64, count=nb)

    keep = (a >= 0) & (b >= 0) & (a != b)
    ignored = int(nb - np.count_nonzero(keep))
    if ignored:
        a, b, kind, since, confirmed, event = (x[keep] for x in (a, b, kind, since, confirmed, event))
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    n_kinds = max(len(kind_names), 1)
    # one sort orders the bonds by pair, then kind: runs of equal pair are ties, runs of
    # equal (pair, kind) are distinct bonds
    key = (lo * n + hi) * n_kinds + kind
    order = np.argsort(key)
    key = key[order]
    since = since[order]
    confirmed = confirmed[order]
    event = event[order]
    pair = key // n_kinds

    m = len(key)
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Graph(n, team, site, team_names, site_names, empty, empty, empty, empty, empty, empty,
                      np.zeros(0, dtype=bool), kind_names, ignored)

    tie_start = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
    tie_of_bond = np.cumsum(np.r_[False, pair[1:] != pair[:-1]])
    tie_pair = pair[tie_start]
    tie_lo = tie_pair // n
    tie_hi = tie_pair % n
    tie_since = np.minimum.reduceat(since, tie_start)

    # the earliest bond naming an event attributes the tie to that event
    tie_event = np.full(len(tie_start), -1, dtype=np.int64)
    named = np.flatnonzero(event >= 0)
    if len(named):
        by = np.lexsort((since[named], tie_of_bond[named]))
        ties_named = tie_of_bond[named][by]
        first = np.r_[True, ties_named[1:] != ties_named[:-1]]
        tie_event[ties_named[first]] = event[named][by][first]

    bond_start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    bond_confirmed = np.maximum.reduceat(confirmed, bond_start) if len(bond_start) else confirmed
    return _Graph(
        n=n, team=team, site=site, team_names=team_names, site_names=site_names,
        lo=tie_lo, hi=tie_hi, since=tie_since, event=tie_event,
        bond_tie=tie_of_bond[bond_start], bond_kind=(key[bond_start] % n_kinds),
        bond_confirmed=bond_confirmed.astype(bool), kind_names=kind_names, ignored=ignored,
    )


def _scope_mask(inputs: HealthInputs, scope: Scope, g: _Graph, passions: tuple[np.ndarray, np.ndarray, list[str]]) -> np.ndarray:
    n = g.n
    if scope.kind == "community":
        return np.ones(n, dtype=bool)
    if scope.kind in ("team", "site"):
        codes, names = (g.team, g.team_names) if scope.kind == "team" else (g.site, g.site_names)
        try:
            code = names.index(scope.id)  # type: ignore[arg-type]
        except ValueError:
            return np.zeros(n, dtype=bool)
        return codes == code
    pm_member, pm_passion, slugs = passions
    mask = np.zeros(n, dtype=bool)
    if scope.id in slugs:
        mask[pm_member[pm_passion == slugs.index(scope.id)]] = True
    return mask


def _silo(group: np.ndarray, names: list[str], g: _Graph, in_s: np.ndarray) -> SiloReport:
    gl, gh = group[g.lo], group[g.hi]
    s_lo, s_hi = in_s[g.lo], in_s[g.hi]
    known = (gl >= 0) & (gh >= 0) & (s_lo | s_hi)
    same = known & (gl == gh)
    cross = known & (gl != gh)
    internal_total = int(np.count_nonzero(same))
    external_total = int(np.count_nonzero(cross))

    k = len(names)
    internal = np.bincount(gl[same], minlength=k)
    external = np.bincount(gl[cross & s_lo], minlength=k) + np.bincount(gh[cross & s_hi], minlength=k)
    members = np.bincount(group[in_s & (group >= 0)], minlength=k)
    rows = [
        SiloIndex(names[i], int(members[i]), int(internal[i]), int(external[i]),
                  _ei(int(external[i]), int(internal[i])))
        for i in np.flatnonzero(members)
    ]
    rows.sort(key=lambda r: (r.ei is None, r.ei if r.ei is not None else 0.0, r.group))
    return SiloReport(internal_total, external_total, _ei(external_total, internal_total), tuple(rows))


def _modularity(labels: np.ndarray, lo: np.ndarray, hi: np.ndarray, degree: np.ndarray, nodes: np.ndarray) -> float | None:
    """Newman modularity; ``labels`` per member (-1: singleton), over the given edges and nodes."""
    m = len(lo)
    if m == 0:
        return None
    n = len(labels)
    base = int(labels.max()) + 1 if n else 0
    comm = np.where(labels >= 0, labels, base + np.arange(n))  # unlabelled members: singletons
    intra = int(np.count_nonzero(comm[lo] == comm[hi]))
    d = np.bincount(comm[nodes], weights=degree[nodes].astype(np.float64))
    return intra / m - float(np.dot(d, d)) / (4.0 * m * m)


def compute_health(
    inputs: HealthInputs,
    *,
    as_of: date,
    scope: Scope = Scope(),
    min_passion_members: int = 5,
    brokers_top: int = 10,
    followup_days: int = FOLLOWUP_DAYS,
) -> HealthReport:
    """Compute the community health report of ``scope`` on ``as_of``.

    ``followup_days``: how long after accepting members are asked "did you meet?" (proposal
    conversion counts a proposal from then on).

    See the module docstring for the shared conventions (ties, scope, unknown teams,
    dates) and each report dataclass for the exact definition of its figures.
    """
    inputs.validate()
    if min_passion_members < 1:
        raise ValueError("min_passion_members must be at least 1")
    if brokers_top < 0:
        raise ValueError("brokers_top must not be negative")
    as_of_day = (as_of - _EPOCH).days
    ids = list(inputs.member_ids)
    n = len(ids)
    index = dict(zip(ids, range(n)))
    event_index = {event: i for i, event in enumerate(inputs.event_ids)}

    g = _build_graph(inputs, index, event_index)

    pm_member, pm_passion, slugs = _links(inputs.member_passions, index)

    in_s = _scope_mask(inputs, scope, g, (pm_member, pm_passion, slugs))
    scope_members = int(np.count_nonzero(in_s))
    tie_in = in_s[g.lo] | in_s[g.hi]
    ties_in_scope = int(np.count_nonzero(tie_in))

    # --- silo index -------------------------------------------------------
    silo_team = _silo(g.team, g.team_names, g, in_s)
    silo_site = _silo(g.site, g.site_names, g, in_s)

    # --- modularity (graph induced by the scope) ---------------------------
    induced = in_s[g.lo] & in_s[g.hi]
    ilo, ihi = g.lo[induced], g.hi[induced]
    ideg = np.bincount(ilo, minlength=n) + np.bincount(ihi, minlength=n)
    nodes = np.flatnonzero(in_s)
    group_of = _purpose_partition(inputs, index, n)
    modularity = Modularity(
        members=scope_members,
        ties=len(ilo),
        by_team=_modularity(g.team, ilo, ihi, ideg, nodes),
        by_site=_modularity(g.site, ilo, ihi, ideg, nodes),
        by_purpose=_modularity(group_of, ilo, ihi, ideg, nodes),
    )

    # --- cross-silo share --------------------------------------------------
    tl, th = g.team[g.lo], g.team[g.hi]
    classified = tie_in & (tl >= 0) & (th >= 0)
    cross = classified & (tl != th)
    windows = {}
    for length in RECENT_WINDOWS:
        recent = classified & _window(g.since, as_of_day, length)
        windows[length] = (int(np.count_nonzero(recent)), int(np.count_nonzero(recent & cross)))
    n_classified, n_cross = int(np.count_nonzero(classified)), int(np.count_nonzero(cross))
    cross_silo = CrossSilo(
        ties=n_classified, cross_team=n_cross, share=_ratio(n_cross, n_classified),
        ties_30d=windows[30][0], cross_team_30d=windows[30][1], share_30d=_ratio(windows[30][1], windows[30][0]),
        ties_90d=windows[90][0], cross_team_90d=windows[90][1], share_90d=_ratio(windows[90][1], windows[90][0]),
    )

    # --- purpose coverage --------------------------------------------------
    in_group = group_of >= 0
    if inputs.member_has_passions is not None:
        has_passions = np.fromiter(inputs.member_has_passions, dtype=bool, count=n)
    else:
        has_passions = np.zeros(n, dtype=bool)
        has_passions[pm_member] = True
    lonely = np.flatnonzero(in_s & has_passions & ~in_group)
    grouped_passions = {p for p in (inputs.group_passion or ()) if p is not None}
    passion_counts = np.bincount(pm_passion[in_s[pm_member]], minlength=len(slugs))
    gaps = [
        PassionWithoutGroup(slugs[p], int(passion_counts[p]))
        for p in np.flatnonzero(passion_counts >= min_passion_members)
        if slugs[p] not in grouped_passions
    ]
    gaps.sort(key=lambda x: (-x.members, x.slug))
    n_in_group = int(np.count_nonzero(in_s & in_group))
    purpose = PurposeCoverage(
        members=scope_members, in_group=n_in_group, share=_ratio(n_in_group, scope_members),
        passions_no_group=len(lonely), passions_no_group_ids=tuple(sorted(ids[i] for i in lonely)),
        passions_without_group=tuple(gaps),
    )

    # --- isolation ----------------------------------------------------------
    degree = np.bincount(g.lo, minlength=n) + np.bincount(g.hi, minlength=n)
    cross_any = (tl >= 0) & (th >= 0) & (tl != th)  # cross-team ties, in scope or not
    xlo, xhi = g.lo[cross_any], g.hi[cross_any]
    cross_degree = np.bincount(xlo, minlength=n) + np.bincount(xhi, minlength=n)
    isolated = np.flatnonzero(in_s & (degree == 0))
    with_team = in_s & (g.team >= 0)
    n_with_team = int(np.count_nonzero(with_team))
    team_bound = int(np.count_nonzero(with_team & (cross_degree == 0)))
    isolation = Isolation(
        members=scope_members, isolated=len(isolated), isolated_share=_ratio(len(isolated), scope_members),
        isolated_ids=tuple(sorted(ids[i] for i in isolated)),
        with_team=n_with_team, team_bound=team_bound, team_bound_share=_ratio(team_bound, n_with_team),
    )

    # --- brokers ------------------------------------------------------------
    brokers = _brokers(g, xlo, xhi, in_s, degree, cross_degree, ids, brokers_top)

    # --- needs met ----------------------------------------------------------
    needs = _needs(inputs, index, in_s)

    # --- trust ---------------------------------------------------------------
    bond_in = tie_in[g.bond_tie] if len(g.bond_tie) else np.zeros(0, dtype=bool)
    n_bonds = int(np.count_nonzero(bond_in))
    n_confirmed = int(np.count_nonzero(bond_in & g.bond_confirmed))
    if MENTOR_KIND in g.kind_names:
        n_mentor = int(np.count_nonzero(bond_in & (g.bond_kind == g.kind_names.index(MENTOR_KIND))))
    else:
        n_mentor = 0
    trust = Trust(n_bonds, n_confirmed, _ratio(n_confirmed, n_bonds), n_mentor, _ratio(n_mentor, n_bonds))

    # --- engagement -----------------------------------------------------------
    engagement = _engagement(inputs, index, in_s, scope, as_of_day)

    # --- events ------------------------------------------------------------------
    events = _events(inputs, index, g, in_s)

    # --- proposal conversion ---------------------------------------------------
    # (without the answers' ids, times and "did you meet?" answers: every count 0)
    given = inputs.proposal_id is not None and inputs.proposal_responded_at is not None \
        and inputs.proposal_met_answer is not None
    answers = len(inputs.proposal_kind) if given else 0
    conversion = proposal_conversion(
        proposal=list(inputs.proposal_id or ())[:answers], kind=list(inputs.proposal_kind)[:answers],
        member=list(inputs.proposal_member) if inputs.proposal_member is not None else [None] * answers,
        response=list(inputs.proposal_status)[:answers], responded_at=list(inputs.proposal_responded_at or ()),
        met_answer=list(inputs.proposal_met_answer or ()), as_of=as_of, followup_days=followup_days,
        in_scope=None if scope.kind == "community" else (lambda m: m in index and bool(in_s[index[m]])),
    )

    return HealthReport(
        as_of=as_of, scope=scope, members=scope_members, ties=ties_in_scope, bonds=n_bonds,
        ignored_bonds=g.ignored, silo_by_team=silo_team, silo_by_site=silo_site, modularity=modularity,
        cross_silo=cross_silo, purpose=purpose, isolation=isolation, brokers=brokers, needs=needs,
        trust=trust, engagement=engagement, events=events, conversion=conversion,
    )


def _purpose_partition(inputs: HealthInputs, index: dict[str, int], n: int) -> np.ndarray:
    """Per member: index of the first listed accepted group they are in, -1 for none."""
    group_of = np.full(n, -1, dtype=np.int64)
    sizes = [len(members) for members in inputs.group_members]
    if not sum(sizes):
        return group_of
    members = _index([m for group in inputs.group_members for m in group], index)
    groups = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    known = members >= 0
    first = np.full(n, len(sizes), dtype=np.int64)
    np.minimum.at(first, members[known], groups[known])  # the first listed group wins
    group_of[first < len(sizes)] = first[first < len(sizes)]
    return group_of


def _brokers(g: _Graph, xlo: np.ndarray, xhi: np.ndarray, in_s: np.ndarray, degree: np.ndarray,
             cross_degree: np.ndarray, ids: list[str], top: int) -> tuple[Broker, ...]:
    if top == 0 or len(xlo) == 0:
        return ()
    n_teams = len(g.team_names)
    # (member, other team) over cross-team ties, both directions, distinct
    member = np.concatenate([xlo, xhi])
    other = np.concatenate([g.team[xhi], g.team[xlo]])
    keep = in_s[member]
    pairs = _distinct(member[keep] * n_teams + other[keep])
    bridged = np.bincount(pairs // n_teams, minlength=g.n)
    candidates = np.flatnonzero(bridged > 0)
    if len(candidates) > top:
        # keep every member tied with the top-th (teams bridged, cross ties) before sorting by id
        score = bridged[candidates] * (int(cross_degree.max()) + 1) + cross_degree[candidates]
        threshold = np.partition(score, len(score) - top)[len(score) - top]
        candidates = candidates[score >= threshold]
    rows = sorted(candidates.tolist(), key=lambda i: (-int(bridged[i]), -int(cross_degree[i]), ids[i]))[:top]
    return tuple(
        Broker(ids[i], g.team_names[g.team[i]], int(bridged[i]), int(cross_degree[i]), int(degree[i]))
        for i in rows
    )


def _needs(inputs: HealthInputs, index: dict[str, int], in_s: np.ndarray) -> NeedsMet:
    off_m, off_s, offered_names = _links(inputs.member_offers, index)
    need_m, need_s, sought_names = _links(inputs.member_seeks, index)
    scoped = in_s[need_m]
    need_m, need_s = need_m[scoped], need_s[scoped]
    if len(need_m) == 0:
        return NeedsMet(0, 0, None, 0, None)
    # one code per skill across offers, needs and matches
    skills = {name: i for i, name in enumerate(dict.fromkeys(chain(sought_names, offered_names)))}
    k = len(skills)
    sought_code = np.asarray([skills[x] for x in sought_names], dtype=np.int64)
    offered_code = np.asarray([skills[x] for x in offered_names], dtype=np.int64)
    needs = _distinct(need_m * k + sought_code[need_s])
    offers = _distinct(off_m * k + offered_code[off_s]) if len(off_m) else np.zeros(0, dtype=np.int64)
    pairs = [(index.get(m, -1), skills.get(s, -1)) for m, s in inputs.matches]
    found = np.asarray([m * k + s for m, s in pairs if m >= 0 and s >= 0], dtype=np.int64)
    offerers = np.bincount(offers % k, minlength=k)
    # another member offers it: offerers of the skill, less the seeker if they offer it too
    self_offer = _contains(offers, needs)
    offered = int(np.count_nonzero(offerers[needs % k] - self_offer > 0))
    matched = int(np.count_nonzero(_contains(_distinct(found), needs)))
    return NeedsMet(len(needs), offered, _ratio(offered, len(needs)), matched, _ratio(matched, len(needs)))


def _engagement(inputs: HealthInputs, index: dict[str, int], in_s: np.ndarray, scope: Scope, as_of_day: int) -> Engagement:
    n = len(in_s)
    kinds = list(inputs.proposal_kind)
    statuses = list(inputs.proposal_status)
    if scope.kind == "community":
        counted = [True] * len(kinds)
    elif inputs.proposal_member is None:
        counted = [False] * len(kinds)
    else:
        counted = [m is not None and m in index and bool(in_s[index[m]]) for m in inputs.proposal_member]
    tally: dict[str, dict[str, int]] = {}
    total = {"accepted": 0, "declined": 0, "pending": 0}
    for kind, status, ok in zip(kinds, statuses, counted):
        if ok:
            tally.setdefault(kind, {"accepted": 0, "declined": 0, "pending": 0})[status] += 1
            total[status] += 1

    def rate(kind: str, c: dict[str, int]) -> AcceptanceRate:
        return AcceptanceRate(kind, c["accepted"], c["declined"], c["pending"],
                              _ratio(c["accepted"], c["accepted"] + c["declined"]))

    proposals = (rate("*", total), *(rate(kind, tally[kind]) for kind in sorted(tally)))

    last = np.maximum(_days(inputs.member_last_active, n), _days(inputs.member_joined_at, n))
    active = int(np.count_nonzero(in_s & _window(last, as_of_day, ACTIVE_DAYS)))
    members = int(np.count_nonzero(in_s))
    return Engagement(proposals, members, active, _ratio(active, members))


def _events(inputs: HealthInputs, index: dict[str, int], g: _Graph, in_s: np.ndarray) -> tuple[EventConversion, ...]:
    n_events = len(inputs.event_ids)
    if n_events == 0:
        return ()
    n = g.n
    sizes = [len(a) for a in inputs.event_attendees]
    att_m = _index([m for attendees in inputs.event_attendees for m in attendees], index)
    att_e = np.repeat(np.arange(n_events, dtype=np.int64), sizes)
    known = att_m >= 0
    keys = _distinct(att_e[known] * n + att_m[known])  # distinct (event, member), sorted
    att_e, att_m = keys // n, keys % n
    starts = _days(inputs.event_starts_at, n_events)

    attendees_in = np.bincount(att_e[in_s[att_m]], minlength=n_events)
    new_ties = np.zeros(n_events, dtype=np.int64)
    cross_new = np.zeros(n_events, dtype=np.int64)
    new_ends = np.zeros(n_events, dtype=np.int64)
    if len(g.lo) and len(keys):
        # adjacency (CSR) of the tie graph, each tie listed from its lower end only
        order = np.argsort(g.lo, kind="stable")
        indptr = np.r_[0, np.cumsum(np.bincount(g.lo, minlength=n))]
        # expand every attendance (e, u) to the ties (u, v) with u the lower end
        start, stop = indptr[att_m], indptr[att_m + 1]
        counts = stop - start
        rows_e = np.repeat(att_e, counts)
        offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        ties = order[np.repeat(start, counts) + offsets]
        v = g.hi[ties]
        ok = _contains(keys, rows_e * n + v)  # the other end attended too
        ok &= g.since[ties] >= starts[rows_e]
        ok &= (g.event[ties] < 0) | (g.event[ties] == rows_e)
        u = g.lo[ties]
        ok &= in_s[u] | in_s[v]
        e_ok, u_ok, v_ok = rows_e[ok], u[ok], v[ok]
        new_ties = np.bincount(e_ok, minlength=n_events)
        tu, tv = g.team[u_ok], g.team[v_ok]
        cross_new = np.bincount(e_ok[(tu >= 0) & (tv >= 0) & (tu != tv)], minlength=n_events)
        new_ends = np.bincount(e_ok, weights=(in_s[u_ok].astype(np.int64) + in_s[v_ok]), minlength=n_events)

    rows = sorted(np.flatnonzero(attendees_in).tolist(), key=lambda e: (-int(starts[e]), inputs.event_ids[e]))
    return tuple(
        EventConversion(
            event=inputs.event_ids[e], starts_at=str(inputs.event_starts_at[e]), attendees=int(attendees_in[e]),
            new_ties=int(new_ties[e]), cross_team_new_ties=int(cross_new[e]),
            new_ties_per_attendee=_ratio(int(new_ends[e]), int(attendees_in[e])),
        )
        for e in rows
    )
