"""No internal identifier reaches a person: every page, as an organiser and as a member, is read
as they see it, and fails on text that looks like an id (`team-0007`), a passion's slug
(`3d-printing`), an ISO date or timestamp, a camelCase key (`bridgingTeams`) or a version string.

Command lines shown to organisers for operators (`<code>`, `<pre>`) are technical on purpose and
are not read; neither are form fields' values (a link to copy, a token)."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page

from tests.frontend.conftest import graphql, sign_in
from tests.frontend.test_accessibility import PAGES, Visit

pytestmark = pytest.mark.browser

INTERNAL = {
    "an internal id": re.compile(
        r"\b(?:member|team|site|passion|event|proposal|proposalset|community|invite|apitoken|session|skill)-[0-9a-z]{3,}\b"
    ),
    "an ISO date or timestamp": re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?"),
    "a camelCase key": re.compile(r"\b[a-z]+(?:[A-Z][a-z0-9]+)+\b"),
    "a version string": re.compile(r"\bv?\d+\.\d+\.\d+\b"),
}
VISIBLE_TEXT = """() => {
  const skip = new Set(["CODE", "PRE", "SCRIPT", "STYLE", "TEXTAREA", "INPUT", "SELECT"]);
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
    if (node.nodeType !== Node.ELEMENT_NODE || skip.has(node.tagName)) return;
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden" || node.hidden) return;
    for (const child of node.childNodes) walk(child);
    if (node.tagName === "IMG" && node.alt) parts.push(node.alt);
  };
  walk(document.body);
  for (const el of document.querySelectorAll("[aria-label], [title]")) parts.push(el.getAttribute("aria-label") || "", el.title || "");
  return parts.join(" ");
}"""
SLUGS = "{ passions(first: 100, orderBy: NAME) { edges { node { slug name } } } }"


async def _internal_words(page: Page, http: httpx.AsyncClient, handle: str) -> list[str]:
    text = await page.evaluate(VISIBLE_TEXT)
    found = [f"{what}: {match.group(0)!r}" for what, pattern in INTERNAL.items() for match in pattern.finditer(text)]
    passions = (await graphql(http, handle, SLUGS, {}))["passions"]["edges"]
    for node in (edge["node"] for edge in passions):
        if "-" in node["slug"] and node["slug"] != node["name"] and re.search(rf"(?<![\w-]){re.escape(node['slug'])}(?![\w-])", text):
            found.append(f"a passion's slug: {node['slug']!r} (say {node['name']!r})")
    return sorted(set(found))


async def _as_member(v: Visit, path: str, ready: str) -> None:
    await sign_in(v.page, v.member, path)
    await v.page.get_by_role("heading", name=ready).first.wait_for()


async def _member_events(v: Visit) -> None:
    await v.event()
    await _as_member(v, "#/events", "Events")


async def _member_event(v: Visit) -> None:
    key = await v.event()
    await _as_member(v, f"#/events/{key}", "Community breakfast")


# The pages of PAGES (each as the person who uses it), and the events pages as a member too.
MEMBER_PAGES = {"events-as-member": _member_events, "event-as-member": _member_event}
ALL_PAGES = {**PAGES, **MEMBER_PAGES}


@pytest.mark.parametrize("name", list(ALL_PAGES))
async def test_no_page_shows_an_internal_identifier(name: str, page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await ALL_PAGES[name](Visit(page, http, community))
    found = await _internal_words(page, http, community["member"])
    assert not found, f"the {name} page shows:\n" + "\n".join(found)


async def test_the_check_finds_each_kind_of_internal_word(page: Page, http: httpx.AsyncClient, community: dict[str, str]) -> None:
    await sign_in(page, community["member"], "#/passions")
    await page.evaluate("""() => {
      const p = document.createElement("p");
      p.textContent = "team-0007 joined 2026-12-06T10:00 with bridgingTeams on v1.2.3";
      document.querySelector("main section").append(p);
    }""")
    found = "\\n".join(await _internal_words(page, http, community["member"]))
    for what in INTERNAL:
        assert what in found, found
