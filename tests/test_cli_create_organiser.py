"""`python -m graph_api create-organiser`: the first organiser, from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph_api.accounts.service import AccountService
from graph_api.settings import Settings
from graph_api.store import open_store

SECRET = "test-secret-that-is-long-enough-for-hs256"
PASSWORD = "organiser password long enough"


def _run(data_dir: Path, *args: str, password: str | None = PASSWORD, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GRAPH_", "KINDRED_"))}
    env.update(KINDRED_DATA_DIR=str(data_dir), KINDRED_SEED_MEMBERS="0", KINDRED_JWT_SECRET=SECRET)
    if password is not None:
        env["KINDRED_ORGANISER_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "graph_api", "create-organiser", *args],
        input=stdin, env=env, cwd=data_dir, capture_output=True, text=True, timeout=180, check=False,
    )


def _settings(data_dir: Path) -> Settings:
    return Settings(KINDRED_DATA_DIR=data_dir, KINDRED_SEED_MEMBERS=0, KINDRED_JWT_SECRET=SECRET, GRAPH_URL=None)


async def test_the_created_organiser_can_sign_in(tmp_path: Path) -> None:
    result = _run(tmp_path, "--handle", "Olga", "--name", "Olga Organiser", "--email", "olga@example.org")
    assert result.returncode == 0, result.stderr
    assert "created organiser olga" in result.stdout
    store = await open_store(_settings(tmp_path))
    try:
        pair = await AccountService(store.repository, _settings(tmp_path)).sign_in("olga", PASSWORD)
        member = await store.repository.member(pair.member_id)
        assert member is not None and member.role == "organiser" and member.email == "olga@example.org"
    finally:
        await store.close()


async def test_an_existing_member_is_promoted_with_the_password_read_from_standard_input(tmp_path: Path) -> None:
    store = await open_store(_settings(tmp_path))
    ada = await store.repository.create_member(handle="ada", name="Ada Lovelace")
    await store.close()
    result = _run(tmp_path, "--handle", "ada", password=None, stdin=f"{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert "made organiser ada" in result.stdout
    store = await open_store(_settings(tmp_path))
    try:
        pair = await AccountService(store.repository, _settings(tmp_path)).sign_in("ada", PASSWORD)
        member = await store.repository.member(ada.id)
        assert pair.member_id == ada.id and member is not None and member.role == "organiser"
        assert member.name == "Ada Lovelace"
    finally:
        await store.close()


async def test_a_too_short_password_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    result = _run(tmp_path, "--handle", "olga", "--name", "Olga", password="short")
    assert result.returncode == 2 and "password must be" in result.stderr
    store = await open_store(_settings(tmp_path))
    try:
        assert await store.repository.is_empty()
    finally:
        await store.close()


async def test_a_new_handle_without_a_name_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    result = _run(tmp_path, "--handle", "olga")
    assert result.returncode == 2 and "give a name" in result.stderr
    store = await open_store(_settings(tmp_path))
    try:
        assert await store.repository.is_empty()
    finally:
        await store.close()
