"""SCIM Users are Kindred members: created, read, found, replaced, patched and deleted."""

from __future__ import annotations

from typing import Any

from graph_api.scim import limits
from tests.scim.conftest import USER_SCHEMA, Provisioner, patch, user
from tests.seeding import SeedingRepository

GRAPH_SIZE = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"


async def _graph_size(repository: SeedingRepository) -> dict[str, int]:
    return (await repository.driver.read(GRAPH_SIZE))[0]


def _error(response: Any, status: int, scim_type: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"] and body["status"] == str(status)
    if scim_type is not None:
        assert body.get("scimType") == scim_type, body
    return body


async def test_a_created_user_is_a_member_with_its_name_and_email(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada Lovelace" and member.email == "ada.lovelace@example.org"
    assert member.handle == "ada.lovelace" and member.scimManaged
    assert created["userName"] == "ada.lovelace@example.org" and created["active"] is True
    assert created["meta"]["resourceType"] == "User" and created["meta"]["version"]


async def test_a_user_reads_back_as_it_was_written_with_its_etag(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", externalId="00u1", title="Engineer")
    response = await provisioner.get(f"/Users/{created['id']}")
    assert response.status_code == 200
    read = response.json()
    assert read["externalId"] == "00u1" and read["title"] == "Engineer"
    assert read["emails"] == [{"value": "ada.lovelace@example.org", "type": "work", "primary": True}]
    assert response.headers["ETag"] == read["meta"]["version"] == created["meta"]["version"]


async def test_a_password_sent_with_a_user_is_never_kept(provisioner: Provisioner, repository: SeedingRepository) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org", password="Secret-passw0rd!")
    rows = await repository.driver.read("MATCH (m:ScimUser {id: $id}) RETURN properties(m) AS node", {"id": created["id"]})
    assert "Secret-passw0rd!" not in str(rows) and "password" not in created


async def test_a_second_user_with_the_same_user_name_in_another_case_is_refused(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    await provisioner.create_user("ada.lovelace@example.org")
    before = await _graph_size(repository)
    _error(await provisioner.post("/Users", user("Ada.Lovelace@Example.org")), 409, "uniqueness")
    assert await _graph_size(repository) == before


async def test_a_handle_already_held_gets_a_suffix(provisioner: Provisioner, repository: SeedingRepository) -> None:
    await repository.create_member(handle="ada.lovelace", name="Another Ada")
    created = await provisioner.create_user("ada.lovelace@example.org")
    member = await repository.member(created["id"])
    assert member is not None and member.handle.startswith("ada.lovelace-")


async def test_filtering_by_user_name_ignores_case(provisioner: Provisioner) -> None:
    ada = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.create_user("grace.hopper@example.org")
    found = (await provisioner.get('/Users?filter=userName eq "ADA.LOVELACE@example.org"')).json()
    assert found["totalResults"] == 1 and [r["id"] for r in found["Resources"]] == [ada["id"]]


async def test_filtering_by_external_id_finds_only_that_user(provisioner: Provisioner) -> None:
    await provisioner.create_user("ada.lovelace@example.org", externalId="00u1")
    grace = await provisioner.create_user("grace.hopper@example.org", externalId="00u2")
    found = (await provisioner.get('/Users?filter=externalId eq "00u2"')).json()
    assert [r["id"] for r in found["Resources"]] == [grace["id"]]
    assert (await provisioner.get('/Users?filter=externalId eq "00U2"')).json()["totalResults"] == 0


async def test_a_filter_that_matches_nobody_answers_an_empty_list(provisioner: Provisioner) -> None:
    found = (await provisioner.get('/Users?filter=userName eq "nobody@example.org"')).json()
    assert found["totalResults"] == 0 and found.get("Resources", []) == []


async def test_other_filters_are_evaluated_too(provisioner: Provisioner) -> None:
    await provisioner.create_user("ada.lovelace@example.org")
    grace = await provisioner.create_user("grace.hopper@example.org")
    found = (await provisioner.get('/Users?filter=name.givenName sw "Gra"')).json()
    assert [r["id"] for r in found["Resources"]] == [grace["id"]]


async def test_a_malformed_filter_is_refused_as_invalid_filter(provisioner: Provisioner) -> None:
    _error(await provisioner.get('/Users?filter=userName eq "unclosed'), 400, "invalidFilter")


async def test_users_come_in_pages_by_start_index_and_count(provisioner: Provisioner) -> None:
    ids = sorted([(await provisioner.create_user(f"person{n}@example.org"))["id"] for n in range(5)])
    first = (await provisioner.get("/Users?startIndex=1&count=2")).json()
    third = (await provisioner.get("/Users?startIndex=5&count=2")).json()
    assert first["totalResults"] == 5 and first["itemsPerPage"] == 2 and first["startIndex"] == 1
    assert [r["id"] for r in first["Resources"]] == ids[:2] and [r["id"] for r in third["Resources"]] == ids[4:]


async def test_a_count_above_the_maximum_is_cut_to_it(provisioner: Provisioner) -> None:
    await provisioner.create_user("ada.lovelace@example.org")
    page = (await provisioner.get(f"/Users?count={limits.PAGE_MAX * 10}")).json()
    assert page["totalResults"] == 1 and page["itemsPerPage"] <= limits.PAGE_MAX
    config = (await provisioner.get("/ServiceProviderConfig")).json()
    assert config["filter"] == {"supported": True, "maxResults": limits.PAGE_MAX}


async def test_put_replaces_the_user_and_the_member_follows(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    replacement = user("ada.king@example.org", displayName="Ada King")
    response = await provisioner.put(f"/Users/{created['id']}", replacement)
    assert response.status_code == 200, response.text
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada King" and member.email == "ada.king@example.org"
    assert response.json()["meta"]["version"] != created["meta"]["version"]


async def test_patch_with_a_path_replaces_one_attribute(provisioner: Provisioner, repository: SeedingRepository) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "replace", "path": "displayName", "value": "Countess Lovelace"})
    response = await provisioner.patch(f"/Users/{created['id']}", body)
    assert response.status_code == 200 and response.json()["displayName"] == "Countess Lovelace"
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Countess Lovelace"


async def test_patch_without_a_path_merges_the_attributes(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "replace", "value": {"displayName": "Ada", "title": "Mathematician"}})
    patched = (await provisioner.patch(f"/Users/{created['id']}", body)).json()
    assert patched["displayName"] == "Ada" and patched["title"] == "Mathematician"
    assert patched["userName"] == "ada.lovelace@example.org"


async def test_a_write_with_a_stale_etag_is_refused_and_changes_nothing(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    await provisioner.patch(f"/Users/{created['id']}", patch({"op": "replace", "path": "title", "value": "One"}))
    body = patch({"op": "replace", "path": "displayName", "value": "Stale"})
    _error(await provisioner.patch(f"/Users/{created['id']}", body, **{"If-Match": created["meta"]["version"]}), 412)
    member = await repository.member(created["id"])
    assert member is not None and member.name == "Ada Lovelace"


async def test_a_write_with_the_current_etag_goes_through(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    body = patch({"op": "replace", "path": "displayName", "value": "Fresh"})
    response = await provisioner.patch(f"/Users/{created['id']}", body, **{"If-Match": created["meta"]["version"]})
    assert response.status_code == 200 and response.json()["displayName"] == "Fresh"


async def test_a_get_with_the_current_etag_in_if_none_match_answers_not_modified(provisioner: Provisioner) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    response = await provisioner.get(f"/Users/{created['id']}", **{"If-None-Match": created["meta"]["version"]})
    assert response.status_code == 304


async def test_delete_removes_the_member_and_their_sessions_like_delete_member(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    before = await _graph_size(repository)
    response = await provisioner.delete(f"/Users/{created['id']}")
    assert response.status_code == 204
    assert await repository.member(created["id"]) is None
    assert (await _graph_size(repository))["nodes"] == before["nodes"] - 1
    _error(await provisioner.get(f"/Users/{created['id']}"), 404)


async def test_an_unknown_user_is_not_found(provisioner: Provisioner) -> None:
    _error(await provisioner.get("/Users/member-nobody"), 404)
    _error(await provisioner.patch("/Users/member-nobody", patch({"op": "replace", "path": "title", "value": "x"})), 404)
    _error(await provisioner.delete("/Users/member-nobody"), 404)


async def test_a_user_without_user_name_is_refused_and_writes_nothing(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    before = await _graph_size(repository)
    body = _error(await provisioner.post("/Users", {"schemas": [USER_SCHEMA], "displayName": "Nobody"}), 400)
    assert body.get("scimType") == "invalidValue"
    assert await _graph_size(repository) == before


async def test_a_user_name_over_the_limit_is_refused_and_writes_nothing(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    before = await _graph_size(repository)
    long_name = "a" * (limits.TEXT_MAX + 1) + "@example.org"
    _error(await provisioner.post("/Users", user(long_name)), 400, "invalidValue")
    assert await _graph_size(repository) == before


async def test_a_resource_larger_than_kindred_keeps_is_refused(provisioner: Provisioner) -> None:
    many = [{"value": f"+44 20 7946 {n:04d}", "type": "work"} for n in range(600)]
    _error(await provisioner.post("/Users", user("ada.lovelace@example.org", phoneNumbers=many)), 400, "invalidValue")


async def test_a_body_over_the_limit_is_refused_before_it_is_read(provisioner: Provisioner) -> None:
    huge = user("ada.lovelace@example.org", title="x" * (limits.BODY_MAX + 1))
    _error(await provisioner.post("/Users", huge), 413)


async def test_a_body_that_is_not_json_is_refused_as_invalid_syntax(provisioner: Provisioner) -> None:
    response = await provisioner.http.post(
        "/scim/v2/Users", content=b"{not json", headers=provisioner.headers()
    )
    _error(response, 400, "invalidSyntax")


async def test_a_wrong_schema_is_refused(provisioner: Provisioner, repository: SeedingRepository) -> None:
    before = await _graph_size(repository)
    body = {"schemas": ["urn:example:not-a-user"], "userName": "ada@example.org"}
    assert (await provisioner.post("/Users", body)).status_code == 400
    assert await _graph_size(repository) == before


async def test_a_query_string_over_the_limit_is_refused(provisioner: Provisioner) -> None:
    long_filter = "userName eq " + '"' + "a" * limits.QUERY_MAX + '"'
    _error(await provisioner.get(f"/Users?filter={long_filter}"), 414)


async def test_an_id_over_the_limit_is_not_found(provisioner: Provisioner) -> None:
    _error(await provisioner.get("/Users/" + "a" * (limits.ID_MAX + 1)), 404)


ODD_REQUESTS = [
    ("PATCH", "/Users/{id}", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "explode"}]}),
    ("PATCH", "/Users/{id}", patch({"op": "replace", "path": "meta.version", "value": "1"})),
    ("PATCH", "/Users/{id}", patch({"op": "replace", "path": "id", "value": "member-other"})),
    ("PATCH", "/Users/{id}", patch({"op": "remove", "path": "userName"})),
    ("PATCH", "/Users/{id}", patch({"op": "add", "path": 'emails[type eq "work"', "value": "x"})),
    ("PATCH", "/Users/{id}", patch({"op": "replace", "path": "active", "value": "perhaps"})),
    ("PATCH", "/Users/{id}", patch({"op": "replace", "path": "displayName", "value": "\u0000"})),
    ("PUT", "/Users/{id}", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}),
    ("PUT", "/Users/{id}", [1, 2, 3]),
    ("POST", "/Users", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 42}),
    ("POST", "/Users", "just a string"),
    ("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": ""}),
    ("GET", "/Users?filter=nosuchattribute eq 1", None),
    ("GET", "/Users?count=abc", None),
    ("GET", "/Nothing/here", None),
    ("DELETE", "/Users", None),
    ("POST", "/Bulk", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []}),
]


async def test_odd_requests_get_scim_errors_never_a_server_error_and_change_nothing(
    provisioner: Provisioner, repository: SeedingRepository
) -> None:
    created = await provisioner.create_user("ada.lovelace@example.org")
    before = await _graph_size(repository)
    for method, path, body in ODD_REQUESTS:
        response = await provisioner.request(method, path.format(id=created["id"]), body)
        # 4xx, or 501 for what SCIM lets a server leave out (bulk): never 500.
        assert 400 <= response.status_code < 500 or response.status_code == 501, (method, path, response.text)
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert await _graph_size(repository) == before
    read = (await provisioner.get(f"/Users/{created['id']}")).json()
    assert read["meta"]["version"] == created["meta"]["version"] and read["userName"] == "ada.lovelace@example.org"
