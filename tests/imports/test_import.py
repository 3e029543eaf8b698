"""The bulk member import, against the real embedded FalkorDB: CSV and JSON files become
members with teams, sites, passions, skills and bonds; bad rows are reported and write
nothing; bad files write nothing at all; and the `import` command line does the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph_api.domain import rules
from graph_api.errors import BadInputError, ConflictError
from graph_api.imports import ImportReport, ImportRow, RejectedRow, import_members, parse_import
from graph_api.imports.parsing import MAX_FILE_BYTES, MAX_ROWS
from graph_api.store import queries
from graph_api.store.repository import GraphRepository
from tests.seeding import SeedingRepository

DATA = Path(__file__).parent / "data"
HEADER = "handle,name,email,headline,vision,team,site,city,passions,seeks,offers,bonds\n"

# What both sample files (members.csv, members.json) hold: four good rows, four bad ones.
GOOD_HANDLES = {"ada.lovelace", "grace.hopper", "alan.turing", "hedy.lamarr"}
EXPECTED_REJECTIONS = {
    4: ("katherine.j", "row 4: email 'katherine.at.example.org' is not a valid e-mail address"),
    5: ("linus.t", "row 5: intensity must be a whole number from 1 to 5, not 7 (passion 'Knitting')"),
    6: (
        "margaret.h",
        "row 6: the bond to 'nobody.here' cannot be made: no member has that handle, in the graph or in this file",
    ),
    8: ("ada.lovelace", "row 8: the handle 'ada.lovelace' already appears in row 1"),
}


def _csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


async def _count(repository: SeedingRepository, cypher: str, params: dict[str, Any] | None = None) -> int:
    return int((await repository.driver.read(cypher, params))[0]["count"])


async def _node_count(repository: SeedingRepository) -> int:
    return await _count(repository, queries.COUNT_NODES)


async def _member_id(repository: SeedingRepository, handle: str) -> str:
    member = await repository.member_by_handle(handle)
    assert member is not None, f"{handle} was not imported"
    return member.id


async def _assert_sample_community_imported(repository: SeedingRepository, report: ImportReport) -> None:
    """The graph holds exactly the four good rows of the sample files, and nothing of the bad ones."""
    assert (report.created, report.updated, report.bonds_created) == (4, 0, 4)
    assert {r.row: (r.handle, r.reason) for r in report.rejected} == EXPECTED_REJECTIONS

    # Members: the good rows and no others; the duplicate row 8 changed nothing.
    assert await repository.count(queries.MEMBER) == 4
    ada = await repository.member_by_handle("ada.lovelace")
    assert ada is not None
    assert (ada.name, ada.email, ada.headline, ada.vision) == (
        "Ada Lovelace",
        "ada@example.org",
        "Analytical engine whisperer",
        "Computing for everyone",
    )
    assert ada.id.startswith("member-") and ada.joinedAt and ada.optOut is False
    hedy = await repository.member_by_handle("hedy.lamarr")
    assert hedy is not None and (hedy.email, hedy.vision) == ("hedy@example.org", "")
    for handle in ("katherine.j", "linus.t", "margaret.h"):
        assert await repository.member_by_handle(handle) is None

    # Teams and sites: one node per name, shared by the rows naming it; none from bad rows.
    teams = await repository.teams(limit=100)
    assert sorted(team.name for team in teams) == ["Platform", "Research"]
    sites = {site.name: site.city for site in await repository.sites(limit=100)}
    assert sites == {"Lyon Hub": "Lyon", "London Office": "London"}
    ids = {handle: await _member_id(repository, handle) for handle in GOOD_HANDLES}
    for handle, team, site in [
        ("ada.lovelace", "Platform", "Lyon Hub"),
        ("grace.hopper", "Platform", "Lyon Hub"),
        ("alan.turing", "Research", "London Office"),
        ("hedy.lamarr", "Research", "London Office"),
    ]:
        assert (await repository.member_team(ids[handle])).name == team
        assert (await repository.member_site(ids[handle])).name == site

    # Passions with their intensities (3 when the file gives none); none from bad rows.
    async def passions(handle: str) -> dict[str, int]:
        return {link.passion.slug: link.intensity for link in await repository.member_passions(ids[handle])}

    assert await passions("ada.lovelace") == {"jazz": 4, "rock-climbing": 3}
    assert await passions("grace.hopper") == {"sailing": 5, "jazz": 3}
    assert await passions("alan.turing") == {"long-distance-running": 5}
    assert await passions("hedy.lamarr") == {"film": 4, "inventing": 5}
    all_passions = {p.slug for p in await repository.passions(limit=100)}
    assert all_passions == {"jazz", "rock-climbing", "sailing", "long-distance-running", "film", "inventing"}
    jazz_links = await repository.member_passions(ids["ada.lovelace"])
    assert {link.since for link in jazz_links} == {rules.today()}

    # Skills sought and offered; one Skill node per slug; none from bad rows.
    async def skills(handle: str) -> tuple[list[str], list[str]]:
        seeks = [s.slug for s in await repository.member_seeks(ids[handle])]
        offers = [s.slug for s in await repository.member_offers(ids[handle])]
        return seeks, offers

    assert await skills("ada.lovelace") == (["public-speaking"], ["mathematics", "python"])
    assert await skills("grace.hopper") == (["python"], ["cobol", "public-speaking"])
    assert await skills("alan.turing") == ([], ["mathematics"])
    assert await skills("hedy.lamarr") == (["public-speaking"], ["radio"])
    assert await repository.count(queries.SKILL) == 5

    # Bonds, one per pair and kind, stored from the smaller id to the larger.
    bonds = await repository.driver.read(
        "MATCH (a:Member)-[r:BOND]->(b:Member) "
        "RETURN a.id AS a, b.id AS b, r.kind AS kind, r.since AS since, r.source AS source, r.strength AS strength"
    )
    handle_of = {member_id: handle for handle, member_id in ids.items()}
    found = {(frozenset({handle_of[b["a"]], handle_of[b["b"]]}), b["kind"]) for b in bonds}
    assert found == {
        (frozenset({"grace.hopper", "ada.lovelace"}), "mentor"),
        (frozenset({"alan.turing", "ada.lovelace"}), "colleague"),
        (frozenset({"alan.turing", "grace.hopper"}), "met"),
        (frozenset({"alan.turing", "hedy.lamarr"}), "collaborated"),
    }
    assert len(bonds) == 4
    for bond in bonds:
        assert bond["a"] < bond["b"]
        assert (bond["since"], bond["source"], bond["strength"]) == (rules.today(), "import", 0.5)


# Whole imports ------------------------------------------------------------------------


async def test_csv_import_creates_the_good_rows_and_reports_each_bad_row(repository: SeedingRepository) -> None:
    report = await import_members(repository, (DATA / "members.csv").read_bytes(), "csv")
    await _assert_sample_community_imported(repository, report)


async def test_json_import_creates_the_good_rows_and_reports_each_bad_row(repository: SeedingRepository) -> None:
    report = await import_members(repository, (DATA / "members.json").read_bytes(), "json")
    await _assert_sample_community_imported(repository, report)


async def test_reimport_updates_members_instead_of_duplicating_them(repository: SeedingRepository) -> None:
    content = (DATA / "members.csv").read_bytes()
    await import_members(repository, content, "csv")
    nodes_before = await _node_count(repository)
    links_before = await _count(repository, "MATCH ()-[r]->() RETURN count(r) AS count")
    ada_before = await repository.member_by_handle("ada.lovelace")

    again = await import_members(repository, content, "csv")

    assert (again.created, again.updated, again.bonds_created) == (0, 4, 0)
    assert await _node_count(repository) == nodes_before
    assert await _count(repository, "MATCH ()-[r]->() RETURN count(r) AS count") == links_before
    assert await repository.member_by_handle("ada.lovelace") == ada_before


async def test_reimport_replaces_team_and_site_and_adds_passions_and_skills(repository: SeedingRepository) -> None:
    await import_members(
        repository,
        _csv("ada.lovelace,Ada Lovelace,ada@example.org,Analyst,Engines,Platform,Lyon Hub,Lyon,Jazz:4,Python,Maths,"),
        "csv",
    )
    report = await import_members(
        repository,
        _csv("ADA.Lovelace,Ada King,,Countess,,Research,,,Jazz:2; Poetry,Rust,,"),
        "csv",
    )

    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    ada = await repository.member_by_handle("ada.lovelace")
    assert ada is not None
    # Given fields change; fields the row leaves empty keep their values.
    assert (ada.name, ada.headline, ada.email, ada.vision) == ("Ada King", "Countess", "ada@example.org", "Engines")
    assert (await repository.member_team(ada.id)).name == "Research"
    assert (await repository.member_site(ada.id)).name == "Lyon Hub"
    assert {t.name for t in await repository.teams()} == {"Platform", "Research"}
    links = {link.passion.slug: link.intensity for link in await repository.member_passions(ada.id)}
    assert links == {"jazz": 2, "poetry": 3}
    assert [s.slug for s in await repository.member_seeks(ada.id)] == ["python", "rust"]
    assert [s.slug for s in await repository.member_offers(ada.id)] == ["maths"]


async def test_existing_team_and_site_are_matched_by_exact_name(repository: SeedingRepository) -> None:
    team = await repository.create_team("Platform")
    site = await repository.create_site("Lyon Hub", city="Lyon")

    await import_members(repository, _csv("ada.lovelace,Ada,,,,Platform,Lyon Hub,Paris,,,,"), "csv")

    ada_id = await _member_id(repository, "ada.lovelace")
    assert (await repository.member_team(ada_id)).id == team.id
    assert await repository.member_site(ada_id) == site  # the city of a known site is left alone
    assert await repository.count(queries.TEAM) == 1 and await repository.count(queries.SITE) == 1


async def test_bond_to_unknown_handle_rejects_the_whole_row(repository: SeedingRepository) -> None:
    report = await import_members(
        repository,
        _csv(
            "ada.lovelace,Ada,,,,Platform,,,Jazz:4,,,",
            "grace.hopper,Grace,,,,Platform,Lyon Hub,Lyon,Sailing:5,Python,COBOL,ada.lovelace:mentor; ghost:friend",
        ),
        "csv",
    )

    assert report.rejected == [
        RejectedRow(
            2,
            "grace.hopper",
            "row 2: the bond to 'ghost' cannot be made: no member has that handle, in the graph or in this file",
        )
    ]
    assert (report.created, report.bonds_created) == (1, 0)
    assert await repository.member_by_handle("grace.hopper") is None
    for slug_query in ("Passion {slug: 'sailing'}", "Skill {slug: 'python'}", "Skill {slug: 'cobol'}", "Site"):
        assert await _count(repository, f"MATCH (n:{slug_query}) RETURN count(n) AS count") == 0
    assert await _count(repository, "MATCH ()-[r:BOND]->() RETURN count(r) AS count") == 0


async def test_row_bonding_to_a_rejected_row_is_rejected_too(repository: SeedingRepository) -> None:
    report = await import_members(
        repository,
        _csv(
            "ada.lovelace,Ada,,,,,,,,,,grace.hopper:friend",
            "grace.hopper,Grace,not-an-email,,,,,,,,,",
        ),
        "csv",
    )

    assert [(r.row, r.handle) for r in report.rejected] == [(1, "ada.lovelace"), (2, "grace.hopper")]
    assert report.rejected[0].reason == (
        "row 1: the bond to 'grace.hopper' cannot be made: no member has that handle and row 2, "
        "which would create it, is rejected"
    )
    assert await _node_count(repository) == 0


async def test_bonds_may_name_existing_members_and_later_rows(repository: SeedingRepository) -> None:
    bob = await repository.create_member(handle="bob.smith", name="Bob Smith")

    report = await import_members(
        repository,
        _csv(
            "ada.lovelace,Ada,,,,,,,,,,bob.smith:colleague; carol:friend; CAROL:Friend",
            "carol,Carol,,,,,,,,,,ada.lovelace:friend; bob.smith",
        ),
        "csv",
    )

    assert (report.created, report.rejected, report.bonds_created) == (2, [], 3)
    ada_id = await _member_id(repository, "ada.lovelace")
    carol_id = await _member_id(repository, "carol")
    assert {(b.otherId, b.kind) for b in await repository.member_bonds(ada_id)} == {
        (bob.id, "colleague"),
        (carol_id, "friend"),
    }
    assert {(b.otherId, b.kind, b.source) for b in await repository.member_bonds(bob.id)} == {
        (ada_id, "colleague", "import"),
        (carol_id, "met", "import"),
    }


async def test_existing_bond_is_kept_and_not_counted_as_created(repository: SeedingRepository) -> None:
    ada = await repository.create_member(handle="ada.lovelace", name="Ada")
    bob = await repository.create_member(handle="bob.smith", name="Bob")
    await repository.record_bond(ada.id, bob.id, "friend", strength=0.9, since="2020-02-02")

    report = await import_members(repository, _csv("bob.smith,Bob,,,,,,,,,,ada.lovelace:friend"), "csv")

    assert (report.updated, report.bonds_created) == (1, 0)
    [bond] = await repository.member_bonds(ada.id)
    assert (bond.strength, bond.since, bond.source) == (0.9, "2020-02-02", "member")


async def test_duplicate_handle_in_the_file_rejects_all_but_the_first(repository: SeedingRepository) -> None:
    report = await import_members(
        repository,
        _csv(
            "ada.lovelace,Ada Lovelace,,,,,,,Jazz:4,,,",
            "grace.hopper,Grace,,,,,,,,,,",
            "Ada.Lovelace,Ada King,,,,,,,Poetry:2,,,",
            "ada.lovelace,Ada Byron,,,,,,,,,,",
        ),
        "csv",
    )

    assert [(r.row, r.handle, r.reason) for r in report.rejected] == [
        (3, "ada.lovelace", "row 3: the handle 'ada.lovelace' already appears in row 1"),
        (4, "ada.lovelace", "row 4: the handle 'ada.lovelace' already appears in row 1"),
    ]
    assert report.created == 2
    ada = await repository.member_by_handle("ada.lovelace")
    assert ada is not None and ada.name == "Ada Lovelace"
    assert [link.passion.slug for link in await repository.member_passions(ada.id)] == ["jazz"]
    assert await repository.passion_by_slug("poetry") is None


async def test_row_failing_at_write_time_is_rejected_and_the_others_go_on(repository: SeedingRepository) -> None:
    class FailingDriver:
        """The real driver, except that writing grace.hopper's row hits a uniqueness conflict."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        async def write(self, query: str, params: Any = None) -> Any:
            if params and params.get("handle") == "grace.hopper" and "MERGE (m:Member" in query:
                raise ConflictError("that value is already taken: it must be unique")
            return await self.inner.write(query, params)

    failing = GraphRepository(FailingDriver(repository.driver))  # type: ignore[arg-type]
    report = await import_members(
        failing,
        _csv(
            "ada.lovelace,Ada,,,,,,,,,,",
            "grace.hopper,Grace,,,,,,,,,,ada.lovelace:mentor",
            "alan.turing,Alan,,,,,,,,,,ada.lovelace; grace.hopper:friend",
        ),
        "csv",
    )

    assert report.rejected == [
        RejectedRow(2, "grace.hopper", "row 2: not written: that value is already taken: it must be unique")
    ]
    assert (report.created, report.bonds_created) == (2, 1)
    assert report.warnings == [
        "row 3: the friend bond to 'grace.hopper' was not written: that member's row failed to write"
    ]
    assert await repository.member_by_handle("grace.hopper") is None
    assert await repository.member_by_handle("alan.turing") is not None


async def test_dry_run_reports_without_writing_anything(repository: SeedingRepository) -> None:
    content = (DATA / "members.csv").read_bytes()

    dry = await import_members(repository, content, "csv", dry_run=True)

    assert await _node_count(repository) == 0
    real = await import_members(repository, content, "csv")
    assert dry == real
    assert (dry.created, dry.updated, dry.bonds_created, len(dry.rejected)) == (4, 0, 4, 4)


async def test_dry_run_of_a_reimport_counts_updates_and_no_new_bonds(repository: SeedingRepository) -> None:
    content = (DATA / "members.json").read_bytes()
    await import_members(repository, content, "json")
    nodes = await _node_count(repository)

    dry = await import_members(repository, content, "json", dry_run=True)

    assert (dry.created, dry.updated, dry.bonds_created) == (0, 4, 0)
    assert await _node_count(repository) == nodes


# Whole-file errors --------------------------------------------------------------------------

MALFORMED = {
    "not UTF-8": (b"handle,name\nzo\xe9,Zo\xe9\n", "csv", "not UTF-8"),
    "empty": (b"  \n", "csv", "the file is empty"),
    "not CSV": (b'handle,name\nada.lovelace,"Ada "Lovelace\n', "csv", "not valid CSV"),
    "not JSON": (b'[{"handle": "ada.lovelace", "name": "Ada"', "json", "not valid JSON"),
    "JSON not a list": (b'{"handle": "ada.lovelace", "name": "Ada"}', "json", "must be a list of member objects"),
    "missing header": (b"ada.lovelace,Ada Lovelace,ada@example.org\n", "csv", "unknown columns"),
    "missing name column": (
        b"handle,email\nada.lovelace,ada@example.org\n",
        "csv",
        "lacks the required column(s) 'name'",
    ),
    "unknown column": (b"handle,name,shoe size\nada.lovelace,Ada,38\n", "csv", "unknown column 'shoe size'"),
    "too many rows": (
        (HEADER + "".join(f"member{i},Member {i}\n" for i in range(MAX_ROWS + 1))).encode(),
        "csv",
        "more than 10,000 rows",
    ),
    "too large": (HEADER.encode() + b"ada.lovelace,Ada," + b"x" * MAX_FILE_BYTES + b"\n", "csv", "the limit is"),
    "unknown format": (b"handle,name\nada.lovelace,Ada\n", "xml", "must be 'csv' or 'json'"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
async def test_malformed_file_is_bad_input_and_writes_nothing(repository: SeedingRepository, case: str) -> None:
    content, format, message = MALFORMED[case]

    with pytest.raises(BadInputError) as raised:
        await import_members(repository, content, format)

    assert message in raised.value.message
    assert await _node_count(repository) == 0


def test_unknown_csv_columns_are_all_named() -> None:
    with pytest.raises(BadInputError) as raised:
        parse_import(b"handle,name,Shoe Size,favourite colour\n", "csv")
    assert raised.value.message.startswith("unknown columns 'favourite colour', 'shoe size'; the columns are handle,")


# Parsing ------------------------------------------------------------------------------------


def test_list_fields_read_the_same_from_csv_text_and_json_lists() -> None:
    from_csv = parse_import(
        _csv(
            "ada.lovelace,Ada,,,,,,,Jazz:4; Rock Climbing; jazz:4,Python; python,Public Speaking,"
            "bob.smith:Colleague; carol"
        ),
        "csv",
    )
    from_json = parse_import(
        json.dumps(
            [
                {
                    "handle": "ada.lovelace",
                    "name": "Ada",
                    "passions": [{"name": "Jazz", "intensity": 4}, "Rock Climbing", "jazz:4"],
                    "seeks": ["Python", "python"],
                    "offers": "Public Speaking",
                    "bonds": [{"handle": "bob.smith", "kind": "colleague"}, "carol"],
                }
            ]
        ).encode(),
        "json",
    )
    assert from_csv == from_json
    [row] = from_csv
    assert isinstance(row, ImportRow)
    assert [(p.name, p.slug, p.intensity) for p in row.passions] == [
        ("Jazz", "jazz", 4),
        ("Rock Climbing", "rock-climbing", 3),
    ]
    assert [s.slug for s in row.seeks] == ["python"]
    assert [(b.handle, b.kind) for b in row.bonds] == [("bob.smith", "colleague"), ("carol", "met")]


ADA = {"handle": "ada.lovelace", "name": "Ada"}
INTENSITY = "row 1: intensity must be a whole number from 1 to 5, not"
BAD_ROWS = {
    "no handle": ({"handle": "", "name": "Ada"}, "row 1: handle is missing"),
    "no name": ({"handle": "ada.lovelace"}, "row 1: name must not be empty"),
    "intensity not a number": ({**ADA, "passions": ["Jazz:high"]}, f"{INTENSITY} 'high' (passion 'Jazz')"),
    "intensity out of range": (
        {**ADA, "passions": [{"name": "Jazz", "intensity": 0}]},
        f"{INTENSITY} 0 (passion 'Jazz')",
    ),
    "passion twice": (
        {**ADA, "passions": ["Jazz:4", "jazz:2"]},
        "row 1: the passion 'jazz' is listed twice with different intensities (4 and 2)",
    ),
    "passion without slug": (
        {**ADA, "passions": ["!!!"]},
        "row 1: passion '!!!' has no letters or digits to make a slug from",
    ),
    "unknown bond kind": (
        {**ADA, "bonds": ["bob.smith:enemy"]},
        "row 1: kind 'enemy' is not one of colleague, met, mentor, collaborated, friend (bond to 'bob.smith')",
    ),
    "bond to self": (
        {**ADA, "bonds": ["ada.lovelace:friend"]},
        "row 1: a member cannot have a bond with themselves (bond to 'ada.lovelace')",
    ),
    "headline too long": ({**ADA, "headline": "x" * 141}, "row 1: headline is 141 characters long; the limit is 140"),
    "skill not text": ({**ADA, "seeks": [42]}, "row 1: each skill in seeks must be text, not a number"),
    "unknown field": ({**ADA, "age": 36}, "row 1: unknown field 'age'"),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_rejected_with_a_specific_reason(case: str) -> None:
    fields, reason = BAD_ROWS[case]
    [result] = parse_import(json.dumps([fields]).encode(), "json")
    assert result == RejectedRow(1, fields.get("handle") or None, reason)


# Command line -------------------------------------------------------------------------------


def _run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GRAPH_", "KINDRED_"))}
    env.update(KINDRED_DATA_DIR=str(tmp_path / "data"), KINDRED_SEED_MEMBERS="0")
    return subprocess.run(
        [sys.executable, "-m", "graph_api", "import", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_import_prints_the_report_and_exits_1_when_a_row_is_rejected(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_bytes((DATA / "members.csv").read_bytes())

    first = _run_cli(tmp_path, str(source))

    assert first.returncode == 1, first.stderr
    lines = first.stdout.splitlines()
    for handle_and_reason in EXPECTED_REJECTIONS.values():
        assert f"rejected {handle_and_reason[1]}" in lines
    assert lines[-1] == "members created: 4, updated: 0, rows rejected: 4, new bonds: 4"

    # The members are in the database folder: a dry run of the same file now finds them.
    again = _run_cli(tmp_path, str(source), "--dry-run")
    assert again.returncode == 1, again.stderr
    assert again.stdout.splitlines()[-1] == (
        "dry run, nothing written; it would give members created: 0, updated: 4, rows rejected: 4, new bonds: 0"
    )


def test_cli_import_exits_0_when_every_row_is_imported(tmp_path: Path) -> None:
    source = tmp_path / "people.txt"
    source.write_text(json.dumps([{"handle": "ada.lovelace", "name": "Ada Lovelace", "passions": ["Jazz:5"]}]))

    result = _run_cli(tmp_path, str(source), "--format", "json")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["members created: 1, updated: 0, rows rejected: 0, new bonds: 0"]


def test_cli_import_exits_2_on_a_malformed_file(tmp_path: Path) -> None:
    source = tmp_path / "members.csv"
    source.write_text("handle,name,shoe size\nada.lovelace,Ada,38\n")

    result = _run_cli(tmp_path, str(source))

    assert result.returncode == 2
    assert "members.csv: unknown column 'shoe size'" in result.stderr
    assert "nothing was imported" in result.stderr
