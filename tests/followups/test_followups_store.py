""""Did you meet?" in the store, on both engines: a follow-up becomes due N days after the member
accepted, the answer writes `met` bonds carrying the proposal in the same statement that closes
the follow-up (nothing on a refusal), and three unanswered follow-ups pause proposals until the
member answers one or resumes."""

from __future__ import annotations

from datetime import date

import pytest

from graph_api.domain import followups as rules
from graph_api.errors import BadInputError, ConflictError, NotFoundError
from tests.followups.conftest import ACCEPTED, Meeting, days_after
from tests.notifications.conftest import later

DAYS = 7


async def test_a_follow_up_is_due_n_days_after_the_member_accepted(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    store = meeting.repository.followups
    assert await store.open_for(meeting.ids["ann"], now=days_after(DAYS - 0.001), days=DAYS) == []
    [due] = await store.open_for(meeting.ids["ann"], now=days_after(DAYS), days=DAYS)
    assert (due.proposal_id, due.kind, [p.name for p in due.others]) == (proposal, "intros", ["Bob"])
    assert due.due_at == "2026-11-09T09:00:00Z"
    assert await store.open_for(meeting.ids["ann"], now=days_after(3), days=3)  # the setting decides


async def test_the_wait_counts_from_each_members_own_acceptance(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"], accepted_by=["ann"])
    await meeting.repository.proposals.respond(member_id=meeting.ids["bob"], proposal_id=proposal, accept=True,
                                               community_name="", now="2026-11-05T09:00:00Z")
    store = meeting.repository.followups
    assert len(await store.open_for(meeting.ids["ann"], now=days_after(8), days=DAYS)) == 1
    assert await store.open_for(meeting.ids["bob"], now=days_after(8), days=DAYS) == []


async def test_only_accepted_intros_and_purpose_groups_that_someone_else_accepted_are_followed_up(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    await meeting.proposal("skills", ["ann", "bob"])
    await meeting.proposal("intros", ["ann", "cyd"], accepted_by=["ann"])
    await meeting.proposal("intros", ["ann", "dee"], accepted_by=["ann"], declined_by=("dee",))
    group = await meeting.proposal("purpose", ["ann", "bob", "cyd"], accepted_by=["ann", "cyd"])
    [due] = await meeting.repository.followups.open_for(meeting.ids["ann"], now=days_after(8), days=DAYS)
    assert (due.proposal_id, due.kind, due.group_name, [p.name for p in due.others]) == (
        group, "purpose", "Jazz makers", ["Cyd"])


async def test_a_met_answer_writes_met_bonds_with_the_proposal_as_source(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd")
    group = await meeting.proposal("purpose", ["ann", "bob", "cyd"])
    store = meeting.repository.followups
    answered = await store.answer(meeting.ids["ann"], group, met=True, member_ids=[meeting.ids["bob"]], now=days_after(8))
    assert answered.met == (meeting.ids["bob"],) and not answered.lifted_pause
    [bond] = await meeting.met_bonds()
    assert bond["pair"] == ("ann", "bob")
    assert (bond["source"], bond["proposalId"], bond["since"], bond["recordedBy"]) == (
        f"proposal:{group}", group, "2026-11-10", [meeting.ids["ann"]])
    assert bond.get("confirmedAt") is None
    assert await store.open_for(meeting.ids["ann"], now=days_after(8), days=DAYS) == []


async def test_the_other_members_answer_confirms_the_bond_and_we_met_names_everyone_who_accepted(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd")
    group = await meeting.proposal("purpose", ["ann", "bob", "cyd"])
    store = meeting.repository.followups
    await store.answer(meeting.ids["ann"], group, met=True, member_ids=[meeting.ids["bob"]], now=days_after(8))
    await store.answer(meeting.ids["bob"], group, met=True, member_ids=None, now=days_after(9))
    bonds = {b["pair"]: b for b in await meeting.met_bonds()}
    assert set(bonds) == {("ann", "bob"), ("bob", "cyd")}
    assert bonds[("ann", "bob")]["confirmedAt"] == "2026-11-11"
    assert sorted(bonds[("ann", "bob")]["recordedBy"]) == sorted([meeting.ids["ann"], meeting.ids["bob"]])


async def test_a_met_bond_from_an_event_keeps_its_source_and_gains_the_proposal(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    event = await meeting.event("Jazz night", later(hours=-1), "ann", "bob")
    await meeting.repository.events.record_met(member_id=meeting.ids["bob"], event_id=event, others=[meeting.ids["ann"]])
    await meeting.repository.followups.answer(meeting.ids["ann"], proposal, met=True, member_ids=None, now=days_after(8))
    [bond] = await meeting.met_bonds()
    assert (bond["source"], bond["proposalId"]) == (f"event:{event}", proposal)
    assert bond["confirmedAt"] == "2026-11-10"


async def test_we_did_not_meet_closes_the_follow_up_without_a_bond(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    answered = await meeting.repository.followups.answer(meeting.ids["ann"], proposal, met=False, member_ids=None,
                                                         now=days_after(8))
    assert answered.met == ()
    assert await meeting.met_bonds() == []
    assert await meeting.repository.followups.open_for(meeting.ids["ann"], now=days_after(8), days=DAYS) == []


async def _untouched(meeting: Meeting, proposal: str) -> None:
    rows = await meeting.repository.driver.read(
        "MATCH (:Member)-[r:IN_PROPOSAL]->(:Proposal {id: $id}) RETURN r.metAnswer AS answer", {"id": proposal}
    )
    assert {row["answer"] for row in rows} == {None}
    assert await meeting.met_bonds() == []


@pytest.mark.parametrize(
    ("who", "met", "named", "refusal"),
    [
        ("ann", True, ["cyd"], BadInputError),  # declined
        ("ann", True, ["dee"], BadInputError),  # not in the proposal
        ("ann", True, ["bob", "member-nobody"], BadInputError),  # unknown
        ("ann", True, ["ann"], BadInputError),  # oneself
        ("ann", True, [], BadInputError),
        ("ann", False, ["bob"], BadInputError),
        ("cyd", True, ["ann"], BadInputError),  # cyd declined the group
        ("dee", True, ["ann"], NotFoundError),  # not in it
    ],
)
async def test_a_refused_answer_writes_nothing(meeting: Meeting, who: str, met: bool, named: list[str],
                                               refusal: type[Exception]) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    group = await meeting.proposal("purpose", ["ann", "bob", "cyd"], accepted_by=["ann", "bob"], declined_by=("cyd",))
    ids = [meeting.ids.get(h, h) for h in named]
    with pytest.raises(refusal):
        await meeting.repository.followups.answer(meeting.ids[who], group, met=met, member_ids=ids, now=days_after(8))
    await _untouched(meeting, group)


async def test_skills_pairings_and_unknown_proposals_are_refused(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    skills = await meeting.proposal("skills", ["ann", "bob"])
    store = meeting.repository.followups
    with pytest.raises(BadInputError, match="only introductions and purpose groups"):
        await store.answer(meeting.ids["ann"], skills, met=True, member_ids=None, now=days_after(8))
    with pytest.raises(NotFoundError):
        await store.answer(meeting.ids["ann"], "proposal-nope", met=True, member_ids=None, now=days_after(8))
    await _untouched(meeting, skills)


async def test_an_intro_nobody_else_accepted_has_no_one_to_have_met(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"], accepted_by=["ann"])
    with pytest.raises(BadInputError, match="nobody else accepted"):
        await meeting.repository.followups.answer(meeting.ids["ann"], proposal, met=False, member_ids=None,
                                                  now=days_after(8))
    await _untouched(meeting, proposal)


async def test_answering_twice_is_refused_and_the_first_answer_stands(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    store = meeting.repository.followups
    await store.answer(meeting.ids["ann"], proposal, met=False, member_ids=None, now=days_after(8))
    with pytest.raises(ConflictError, match="already"):
        await store.answer(meeting.ids["ann"], proposal, met=True, member_ids=None, now=days_after(9))
    assert await meeting.met_bonds() == []


# Three unanswered ------------------------------------------------------------------------------


async def _three_intros(meeting: Meeting) -> list[str]:
    """Three intros ann accepted, asked by the worker's pass the day they became due."""
    await meeting.add("ann", "bob", "cyd", "dee")
    proposals = [await meeting.proposal("intros", ["ann", other]) for other in ("bob", "cyd", "dee")]
    assert await meeting.repository.followups.ask_due(now=days_after(DAYS), days=DAYS) == 6  # ann's 3, one each
    return proposals


async def test_each_follow_up_is_asked_once_when_due(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    await meeting.proposal("intros", ["ann", "bob"])
    store = meeting.repository.followups
    assert await store.ask_due(now=days_after(DAYS - 0.01), days=DAYS) == 0
    assert await store.ask_due(now=days_after(DAYS + 2), days=DAYS) == 2
    assert await store.ask_due(now=days_after(DAYS + 3), days=DAYS) == 0
    [found] = await store.open_for(meeting.ids["ann"], now=days_after(DAYS + 3), days=DAYS)
    assert found.due_at == "2026-11-11T09:00:00Z"  # when it was asked


async def test_follow_ups_nobody_was_asked_pause_nobody(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd", "dee")
    for other in ("bob", "cyd", "dee"):
        await meeting.proposal("intros", ["ann", other])
    assert await meeting.repository.followups.pause_unanswered(now=days_after(60), days=DAYS) == 0


async def test_three_follow_ups_unanswered_for_n_more_days_pause_proposals(meeting: Meeting) -> None:
    await _three_intros(meeting)
    store = meeting.repository.followups
    assert await store.pause_unanswered(now=days_after(2 * DAYS - 0.01), days=DAYS) == 0
    # bob, cyd and dee have three each too (one each): only ann is paused
    assert await store.pause_unanswered(now=days_after(2 * DAYS), days=DAYS) == 1
    ann = await meeting.member("ann")
    assert (ann["pausedUntil"], ann["pauseReason"]) == (rules.PAUSED_UNTIL_ACT, rules.PAUSE_REASON)
    assert await store.pause_unanswered(now=days_after(2 * DAYS + 1), days=DAYS) == 0  # once
    snapshot = await meeting.repository.snapshot.page(after=None, limit=10, today=date(2026, 11, 20))
    assert meeting.ids["ann"] not in {m.key for m in snapshot}
    assert meeting.ids["bob"] in {m.key for m in snapshot}


async def test_answering_any_follow_up_lifts_the_pause_and_only_new_ones_count_again(meeting: Meeting) -> None:
    proposals = await _three_intros(meeting)
    store = meeting.repository.followups
    await store.pause_unanswered(now=days_after(2 * DAYS), days=DAYS)
    answered = await store.answer(meeting.ids["ann"], proposals[0], met=False, member_ids=None, now=days_after(15))
    assert answered.lifted_pause
    ann = await meeting.member("ann")
    assert ann.get("pausedUntil") is None and ann.get("pauseReason") is None
    assert await store.pause_unanswered(now=days_after(40), days=DAYS) == 0
    assert len(await store.open_for(meeting.ids["ann"], now=days_after(40), days=DAYS)) == 2  # still asked


async def test_resuming_lifts_the_pause(meeting: Meeting) -> None:
    await _three_intros(meeting)
    store = meeting.repository.followups
    await store.pause_unanswered(now=days_after(2 * DAYS), days=DAYS)
    member = await meeting.repository.consent.set_pause(meeting.ids["ann"], until=None, today=date(2026, 11, 20))
    assert member.pausedUntil is None and member.pauseReason is None
    assert await store.pause_unanswered(now=days_after(40), days=DAYS) == 0


async def test_a_member_on_their_own_pause_keeps_it(meeting: Meeting) -> None:
    await _three_intros(meeting)
    await meeting.repository.consent.set_pause(meeting.ids["ann"], until=date(2026, 12, 24), today=date(2026, 11, 2))
    assert await meeting.repository.followups.pause_unanswered(now=days_after(2 * DAYS), days=DAYS) == 0
    assert (await meeting.member("ann"))["pausedUntil"] == "2026-12-24"


# The mails --------------------------------------------------------------------------------------


async def test_the_scan_queues_one_mail_per_member_and_proposal_once(meeting: Meeting) -> None:
    await meeting.add("ann", "bob", "cyd")
    await meeting.add("dee", email=False)
    await meeting.repository.outbox.set_choices(meeting.ids["cyd"], on=[], off=["followups"])
    proposal = await meeting.proposal("purpose", ["ann", "bob", "cyd", "dee"])
    store = meeting.repository.followups
    assert await store.enqueue_mails(now=days_after(6), days=DAYS) == 0
    assert await store.enqueue_mails(now=days_after(8), days=DAYS) == 2
    assert await store.enqueue_mails(now=days_after(9), days=DAYS) == 0
    mail = await meeting.repository.outbox.by_key(f"followups:{proposal}:{meeting.ids['ann']}")
    assert mail is not None and (mail.kind, mail.proposal_id, mail.member_id) == ("followups", proposal, meeting.ids["ann"])


async def test_no_mail_for_an_answered_or_lapsed_follow_up(meeting: Meeting) -> None:
    await meeting.add("ann", "bob")
    proposal = await meeting.proposal("intros", ["ann", "bob"])
    store = meeting.repository.followups
    await store.answer(meeting.ids["ann"], proposal, met=False, member_ids=None, now=days_after(1))
    assert await store.enqueue_mails(now=days_after(8), days=DAYS) == 1  # bob's only
    assert await store.enqueue_mails(now=days_after(DAYS + rules.LAPSE_DAYS + 1), days=DAYS) == 0
