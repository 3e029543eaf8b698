"""Bad input gets a clear, specific error and writes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from graph_api.errors import BadInputError, KindredError, NotFoundError
from tests.seeding import SeedingRepository

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"


async def _graph_size(repository: SeedingRepository) -> tuple[int, int]:
    row = (await repository.driver.read(GRAPH_SIZE))[0]
    return row["nodes"], row["relationships"]


@pytest.fixture
async def ada(repository: SeedingRepository) -> str:
    member = await repository.create_member(handle="ada", name="Ada")
    await repository.set_member_passion(member.id, "Jazz", 3)
    return member.id


async def _refused(
    repository: SeedingRepository,
    call: Callable[[], Awaitable[object]],
    error: type[KindredError],
    message: str,
) -> None:
    before = await _graph_size(repository)
    with pytest.raises(error, match=message):
        await call()
    assert await _graph_size(repository) == before


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
async def test_member_name_empty_or_over_long_is_refused(repository: SeedingRepository, name: str) -> None:
    await _refused(repository, lambda: repository.create_member(handle="bob", name=name), BadInputError, "name")


@pytest.mark.parametrize("handle", ["", "ab", "has space", "x" * 41, "-starts-with-dash", "ünï"])
async def test_malformed_handle_is_refused(repository: SeedingRepository, handle: str) -> None:
    await _refused(repository, lambda: repository.create_member(handle=handle, name="Bob"), BadInputError, "handle")


async def test_over_long_vision_is_refused(repository: SeedingRepository) -> None:
    call = lambda: repository.create_member(handle="bob", name="Bob", vision="v" * 1001)  # noqa: E731
    await _refused(repository, call, BadInputError, "vision is 1001 characters long; the limit is 1000")


async def test_malformed_email_is_refused(repository: SeedingRepository) -> None:
    call = lambda: repository.create_member(handle="bob", name="Bob", email="not-an-address")  # noqa: E731
    await _refused(repository, call, BadInputError, "e-mail")


@pytest.mark.parametrize("intensity", [0, 6, -1, True])
async def test_intensity_outside_one_to_five_is_refused(repository: SeedingRepository, ada: str, intensity: int) -> None:
    call = lambda: repository.set_member_passion(ada, "Rock Climbing", intensity)  # noqa: E731
    await _refused(repository, call, BadInputError, "intensity must be a whole number from 1 to 5")


@pytest.mark.parametrize("passion", ["", "   ", "!!!", "p" * 121])
async def test_passion_without_a_usable_name_is_refused(repository: SeedingRepository, ada: str, passion: str) -> None:
    await _refused(repository, lambda: repository.set_member_passion(ada, passion, 3), BadInputError, "passion")


async def test_passion_for_an_unknown_member_writes_nothing(repository: SeedingRepository) -> None:
    call = lambda: repository.set_member_passion("member-nobody", "Brand New Passion", 3)  # noqa: E731
    await _refused(repository, call, NotFoundError, "no member has the id 'member-nobody'")
    assert await repository.passion_by_slug("brand-new-passion") is None


async def test_bond_with_an_unknown_member_is_refused(repository: SeedingRepository, ada: str) -> None:
    call = lambda: repository.record_bond(ada, "member-nobody", "met")  # noqa: E731
    await _refused(repository, call, NotFoundError, "no member has the id 'member-nobody'")


async def test_bond_of_an_unknown_kind_is_refused(repository: SeedingRepository, ada: str) -> None:
    bob = await repository.create_member(handle="bob", name="Bob")
    call = lambda: repository.record_bond(ada, bob.id, "enemy")  # noqa: E731
    await _refused(repository, call, BadInputError, "kind 'enemy' is not one of")


@pytest.mark.parametrize("strength", [-0.1, 1.5])
async def test_bond_strength_outside_zero_to_one_is_refused(repository: SeedingRepository, ada: str, strength: float) -> None:
    bob = await repository.create_member(handle="bob", name="Bob")
    call = lambda: repository.record_bond(ada, bob.id, "met", strength=strength)  # noqa: E731
    await _refused(repository, call, BadInputError, "strength must be a number from 0 to 1")


async def test_bond_with_oneself_is_refused(repository: SeedingRepository, ada: str) -> None:
    await _refused(repository, lambda: repository.record_bond(ada, ada, "friend"), BadInputError, "themselves")


async def test_assigning_an_unknown_team_is_refused(repository: SeedingRepository, ada: str) -> None:
    await _refused(repository, lambda: repository.assign_team(ada, "team-nowhere"), NotFoundError, "no team")


async def test_assigning_a_team_to_an_unknown_member_is_refused(repository: SeedingRepository) -> None:
    team = await repository.create_team("Payments")
    await _refused(repository, lambda: repository.assign_team("member-nobody", team.id), NotFoundError, "no member")


async def test_team_under_an_unknown_parent_is_refused(repository: SeedingRepository) -> None:
    call = lambda: repository.create_team("Payments", parent_id="team-nowhere")  # noqa: E731
    await _refused(repository, call, NotFoundError, "no team has the id 'team-nowhere'")


async def test_team_parent_cycle_is_refused(repository: SeedingRepository) -> None:
    unit = await repository.create_team("Engineering")
    team = await repository.create_team("Payments", parent_id=unit.id)
    await _refused(repository, lambda: repository.set_team_parent(unit.id, team.id), BadInputError, "cycle")


async def test_updating_an_unknown_member_is_refused(repository: SeedingRepository) -> None:
    call = lambda: repository.update_member("member-nobody", headline="Hi")  # noqa: E731
    await _refused(repository, call, NotFoundError, "no member")


async def test_updating_a_field_that_does_not_exist_is_refused(repository: SeedingRepository, ada: str) -> None:
    await _refused(repository, lambda: repository.update_member(ada, role="admin"), BadInputError, "no editable field")


async def test_deleting_an_unknown_site_is_refused(repository: SeedingRepository) -> None:
    await _refused(repository, lambda: repository.delete_site("site-nowhere"), NotFoundError, "no site")


async def test_malformed_since_date_is_refused(repository: SeedingRepository, ada: str) -> None:
    call = lambda: repository.set_member_passion(ada, "Chess", 2, since="last tuesday")  # noqa: E731
    await _refused(repository, call, BadInputError, "since 'last tuesday' is not a date")
