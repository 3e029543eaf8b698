"""A member's consent to proposals (domain/consent.py): each write is one statement, each
refusal raised before anything is sent or when the statement wrote nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from graph_api.domain import consent, followups, rules
from graph_api.domain.model import Member
from graph_api.errors import BadInputError, LimitReachedError, NotFoundError
from graph_api.store.driver import GraphDriver, Record
from graph_api.store.queries import consent as q


class ConsentStore:
    def __init__(self, driver: GraphDriver) -> None:
        self._driver = driver

    async def set_pause(self, member_id: str, *, until: date | None, today: date) -> Member:
        """Pause proposals until the day given (they start again that day), or end the pause (None)."""
        params = {"memberId": member_id, "until": consent.check_pause_until(until, today),
                  "followUpsReason": followups.PAUSE_REASON, "now": rules.utc_now()}
        return self._member(await self._driver.write(q.SET_PAUSE, params), member_id)

    async def set_kinds(self, member_id: str, kinds: Sequence[str]) -> Member:
        params = {"memberId": member_id, "kinds": consent.check_kinds(kinds)}
        return self._member(await self._driver.write(q.SET_KINDS, params), member_id)

    async def add_no_intro(self, member_id: str, other_id: str) -> None:
        """Put `other_id` on the member's list (again: nothing changes); refused when the list is full."""
        if other_id == member_id:
            raise BadInputError("you cannot put yourself on your own list", field="memberId")
        params = {"memberId": member_id, "otherId": other_id, "max": consent.NO_INTRO_MAX, "now": rules.utc_now()}
        rows = await self._driver.write(q.ADD_NO_INTRO, params)
        if not rows:
            raise NotFoundError(f"no member has the id {other_id!r}", field="memberId")
        if not rows[0]["present"] and int(rows[0]["listed"]) >= consent.NO_INTRO_MAX:
            raise LimitReachedError(
                f"your list already holds {consent.NO_INTRO_MAX} people, the most it can: remove someone first",
                field="memberId",
            )

    async def remove_no_intro(self, member_id: str, other_id: str) -> bool:
        """Whether `other_id` was on the list (and is no longer)."""
        rows = await self._driver.write(q.REMOVE_NO_INTRO, {"memberId": member_id, "otherId": other_id})
        return bool(rows) and int(rows[0]["removed"]) > 0

    async def no_intro_list(self, member_id: str) -> list[Member]:
        rows = await self._driver.read(q.NO_INTRO_LIST, {"memberId": member_id, "limit": consent.NO_INTRO_MAX})
        return [Member.from_record(row["node"]) for row in rows]

    async def on_no_intro_list(self, member_id: str, other_id: str) -> bool:
        rows = await self._driver.read(q.ON_NO_INTRO_LIST, {"memberId": member_id, "otherId": other_id})
        return bool(rows) and int(rows[0]["found"]) > 0

    async def no_intro_among(self, member_ids: Sequence[str]) -> set[tuple[str, str]]:
        """Pairs (smaller id first) among these members where one asked not to meet the other."""
        rows = await self._driver.read(q.NO_INTRO_AMONG, {"ids": list(member_ids)})
        return {(min(row["a"], row["b"]), max(row["a"], row["b"])) for row in rows}

    @staticmethod
    def _member(rows: list[Record], member_id: str) -> Member:
        if not rows:
            raise NotFoundError(f"no member has the id {member_id!r}", field="memberId")
        return Member.from_record(rows[0]["node"])
