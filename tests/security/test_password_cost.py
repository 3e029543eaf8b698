"""The password cost: argon2id at the operator's memory, passes and lanes, never below OWASP's
lowest in production, and reached by old hashes at their owner's next sign-in."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from pydantic import ValidationError

from graph_api.accounts.credentials import Passwords
from graph_api.accounts.service import AccountService
from graph_api.errors import UnauthenticatedError
from graph_api.settings import OWASP_PASSWORD_COSTS, Settings
from tests.api.conftest import PASSWORD
from tests.conftest import DEFAULT_PASSWORD_COST, JWT_SECRET
from tests.seeding import SeedingRepository


def _cost(memory_kib: int, passes: int, lanes: int = 1) -> dict[str, int]:
    return {
        "KINDRED_PASSWORD_HASH_MEMORY_KIB": memory_kib,
        "KINDRED_PASSWORD_HASH_PASSES": passes,
        "KINDRED_PASSWORD_HASH_LANES": lanes,
    }


def _accounts(repository: SeedingRepository, memory_kib: int, passes: int) -> AccountService:
    return AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET, **_cost(memory_kib, passes)))


async def _stored_hash(repository: SeedingRepository, member_id: str) -> str | None:
    stored = await repository.accounts.stored_password(member_id=member_id)
    assert stored is not None
    return stored.password_hash


def test_the_default_cost_is_rfc_9106s_second_recommendation() -> None:
    made = Passwords.from_settings(Settings(**DEFAULT_PASSWORD_COST)).hash(PASSWORD)
    assert made.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.mark.parametrize(("memory_kib", "passes"), OWASP_PASSWORD_COSTS)
def test_production_accepts_each_of_owasps_configurations(memory_kib: int, passes: int) -> None:
    settings = Settings(KINDRED_PRODUCTION=True, **_cost(memory_kib, passes))
    assert (settings.password_hash_memory_kib, settings.password_hash_passes) == (memory_kib, passes)


@pytest.mark.parametrize(("memory_kib", "passes"), [(47_103, 1), (19_455, 2), (19_456, 1), (7_167, 100)])
def test_production_refuses_a_cost_below_all_of_owasps_configurations(memory_kib: int, passes: int) -> None:
    with pytest.raises(ValidationError, match="OWASP"):
        Settings(KINDRED_PRODUCTION=True, **_cost(memory_kib, passes))


def test_less_than_eight_kib_a_lane_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 8 KiB a lane: 32 for 4 lanes"):
        Settings(**_cost(31, 1, lanes=4))


async def test_a_hash_made_at_another_cost_is_remade_at_the_configured_one_on_sign_in(
    repository: SeedingRepository,
) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    await _accounts(repository, 16, 1).set_password(member.id, PASSWORD)
    accounts = _accounts(repository, 32, 2)
    await accounts.sign_in("ada", PASSWORD)
    remade = await _stored_hash(repository, member.id)
    assert remade is not None and remade.startswith("$argon2id$v=19$m=32,t=2,p=1$")
    await accounts.sign_in("ada", PASSWORD)
    assert await _stored_hash(repository, member.id) == remade


async def test_a_refused_sign_in_leaves_an_old_hash_as_it_was(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    await _accounts(repository, 16, 1).set_password(member.id, PASSWORD)
    old = await _stored_hash(repository, member.id)
    with pytest.raises(UnauthenticatedError):
        await _accounts(repository, 32, 2).sign_in("ada", "not the right password")
    assert await _stored_hash(repository, member.id) == old


async def test_a_hash_is_replaced_only_while_the_one_read_is_still_stored(repository: SeedingRepository) -> None:
    member = await repository.create_member(handle="ada", name="Ada")
    await _accounts(repository, 16, 1).set_password(member.id, PASSWORD)
    current = await _stored_hash(repository, member.id)
    store = repository.accounts
    assert not await store.replace_password_hash(member_id=member.id, old_hash="$argon2id$stale", password_hash="new")
    assert await _stored_hash(repository, member.id) == current
    assert current is not None
    assert await store.replace_password_hash(member_id=member.id, old_hash=current, password_hash="new")
    assert await _stored_hash(repository, member.id) == "new"


async def test_no_more_hashes_run_at_once_than_the_concurrency_allows(
    repository: SeedingRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = AccountService(repository, Settings(KINDRED_JWT_SECRET=JWT_SECRET, KINDRED_PASSWORD_HASH_CONCURRENCY=3))
    handles = [f"member-{index}" for index in range(8)]
    for handle in handles:
        await accounts.set_password((await repository.create_member(handle=handle, name=handle)).id, PASSWORD)
    running, most, lock = 0, 0, threading.Lock()
    verify = Passwords.verify

    def counted(self: Passwords, password_hash: str | None, password: str) -> bool:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.05)  # not a bound: it keeps each check under way while the others start
            return verify(self, password_hash, password)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(Passwords, "verify", counted)
    await asyncio.gather(*(accounts.sign_in(handle, PASSWORD) for handle in handles))
    assert most == 3
