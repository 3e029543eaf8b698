"""The passion editor on one's own profile: what is typed is never lost, and the suggestions
never cover the button that saves."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.frontend.conftest import graphql, sign_in

pytestmark = pytest.mark.browser

MY_PASSIONS = "query($h: String!) { member(handle: $h) { passions { passion { name } } } }"
PASSIONS = "{ passions(first: 5, orderBy: MEMBERS) { edges { node { name } } } }"


async def _edit_passions(page: Page, handle: str) -> None:
    await sign_in(page, handle, f"#/member/{handle}")
    await page.get_by_role("button", name="Edit my profile").click()
    await expect(page.get_by_role("form", name="Passions")).to_be_visible()


async def _names(http: httpx.AsyncClient, handle: str) -> set[str]:
    found = await graphql(http, handle, MY_PASSIONS, {"h": handle})
    return {p["passion"]["name"] for p in found["member"]["passions"]}


async def test_saving_keeps_a_passion_typed_but_not_added(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await _edit_passions(page, community["member"])
    form = page.get_by_role("form", name="Passions")
    await form.get_by_role("combobox", name="Add a passion").fill("Sourdough baking")
    await form.get_by_role("button", name="Save passions").click()
    await expect(form.get_by_role("status")).to_have_text("Saved")
    await expect(form.get_by_role("button", name="Remove Sourdough baking")).to_be_visible()
    await expect(form.get_by_role("combobox", name="Add a passion")).to_have_value("")
    assert "Sourdough baking" in await _names(http, community["member"])


async def test_the_suggestions_do_not_cover_the_save_button(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    popular = (await graphql(http, community["member"], PASSIONS, {}))["passions"]["edges"][0]["node"]["name"]
    await _edit_passions(page, community["member"])
    form = page.get_by_role("form", name="Passions")
    await form.get_by_role("combobox", name="Add a passion").fill(popular[:2])
    await expect(form.get_by_role("listbox", name="Suggested passions").get_by_role("option").first).to_be_visible()
    save = form.get_by_role("button", name="Save passions")
    box = await save.bounding_box()
    assert box is not None
    on_top = await page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.textContent?.trim()", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    )
    assert on_top == "Save passions", f"the Save button is covered by {on_top!r}"
