"""Proposal conversion, the KPI of "did you meet?": the share of accepted intros and purpose groups
whose members met, by kind, against values computed by hand (pure, then from the graph on both
engines)."""

from __future__ import annotations

from datetime import date

from graph_api.kpis.conversion import ProposalConversion, proposal_conversion
from graph_api.kpis.health import Scope
from graph_api.kpis.targets import KPIS
from tests.followups.conftest import Meeting, days_after

AS_OF = date(2026, 11, 20)
OLD, NEW = "2026-11-02T09:00:00Z", "2026-11-18T09:00:00Z"  # asked by AS_OF (7 days) / not yet


def _rows(*answers: tuple[str, str, str, str, str, str | None]) -> dict[str, list[object]]:
    keys = ("proposal", "kind", "member", "response", "responded_at", "met_answer")
    return {k: [a[i] for a in answers] for i, k in enumerate(keys)}


def test_conversion_counts_accepted_proposals_asked_about_and_those_where_someone_met() -> None:
    rows = _rows(
        # intro 1: both accepted long ago, ann met -> met
        ("i1", "intros", "ann", "accepted", OLD, "met"), ("i1", "intros", "bob", "accepted", OLD, None),
        # intro 2: both accepted long ago, one said not met -> answered, not met
        ("i2", "intros", "ann", "accepted", OLD, "not met"), ("i2", "intros", "cyd", "accepted", OLD, None),
        # intro 3: both accepted long ago, nobody answered -> counts, not met
        ("i3", "intros", "ann", "accepted", OLD, None), ("i3", "intros", "dee", "accepted", OLD, None),
        # intro 4: accepted two days ago -> not asked yet, left out
        ("i4", "intros", "bob", "accepted", NEW, None), ("i4", "intros", "cyd", "accepted", NEW, None),
        # intro 5: only one accepted -> not an accepted intro
        ("i5", "intros", "bob", "accepted", OLD, None), ("i5", "intros", "dee", "declined", OLD, None),
        # group: three accepted, one met -> met; answered early counts even when new
        ("g1", "purpose", "ann", "accepted", NEW, "met"), ("g1", "purpose", "bob", "accepted", NEW, None),
        ("g1", "purpose", "cyd", "pending", None, None),
        # skills and events are not followed up
        ("s1", "skills", "ann", "accepted", OLD, None), ("s1", "skills", "bob", "accepted", OLD, None),
    )
    found = proposal_conversion(**rows, as_of=AS_OF, followup_days=7)  # type: ignore[arg-type]
    assert found == (
        ProposalConversion("*", 4, 3, 2, 0.5),
        ProposalConversion("intros", 3, 2, 1, 1 / 3),
        ProposalConversion("purpose", 1, 1, 1, 1.0),
    )


def test_a_scope_counts_the_proposals_one_of_its_members_accepted() -> None:
    rows = _rows(("i1", "intros", "ann", "accepted", OLD, "met"), ("i1", "intros", "bob", "accepted", OLD, None),
                 ("i2", "intros", "cyd", "accepted", OLD, None), ("i2", "intros", "dee", "accepted", OLD, None))
    found = proposal_conversion(**rows, as_of=AS_OF, followup_days=7, in_scope=lambda m: m == "bob")  # type: ignore[arg-type]
    assert found[0] == ProposalConversion("*", 1, 1, 1, 1.0)


def test_nothing_accepted_gives_no_rate() -> None:
    assert proposal_conversion(**_rows(), as_of=AS_OF, followup_days=7)[0] == ProposalConversion("*", 0, 0, 0, None)  # type: ignore[arg-type]


async def test_the_health_report_reads_conversion_from_the_graph(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    met = await meeting.proposal("intros", ["ann", "bob"])
    await meeting.proposal("intros", ["ann", "cyd"])
    group = await meeting.proposal("purpose", ["bob", "cyd", "dee"])
    await meeting.proposal("intros", ["cyd", "dee"], at=days_after(16))  # two days before: not asked yet
    followups = meeting.repository.followups
    await followups.answer(meeting.ids["bob"], met, met=True, member_ids=None, now=days_after(8))
    await followups.answer(meeting.ids["dee"], group, met=False, member_ids=None, now=days_after(8))
    report = await meeting.repository.kpis.health_report(scope=Scope(), as_of=AS_OF, followup_days=7)
    assert report.conversion == (
        ProposalConversion("*", 3, 2, 1, 1 / 3),
        ProposalConversion("intros", 2, 1, 1, 0.5),
        ProposalConversion("purpose", 1, 1, 0, 0.0),
    )
    assert KPIS["PROPOSAL_CONVERSION"].value(report) == 1 / 3
    assert report.to_dict()["conversion"][0] == {"kind": "*", "accepted": 3, "answered": 2, "met": 1, "rate": 1 / 3}
