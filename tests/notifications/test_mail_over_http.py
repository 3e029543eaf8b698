"""Mail through graph-api over real HTTP, on both engines: an invitation queues its mail in the
same write, members read and change their mail choices in GraphQL, and the one-click
unsubscribe link of a mail stops that kind only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from graph_api.notifications.worker import MailWorker
from graph_api.store.driver import GraphDriver
from graph_api.store.repository import GraphRepository
from tests.api.conftest import GraphQLClient, People
from tests.conftest import LiveServer, TestDatabase
from tests.notifications.conftest import Community, Mailbox, SmtpServer, outbox
from tests.seeding import SeedingRepository

CHOICES = "{ viewer { mailChoices { mailOn proposals tables reminders followUps } } }"
SET_CHOICES = """mutation($input: MailChoicesInput!) {
  setMyMailChoices(input: $input) { mailOn proposals tables reminders followUps }
}"""
INVITE = """mutation($input: InviteMemberInput!) { inviteMember(input: $input) { link } }"""
ALL_ON = {"mailOn": True, "proposals": True, "tables": True, "reminders": True, "followUps": True}


@pytest.fixture(scope="module")
def mail_server(database: TestDatabase, smtp_server: SmtpServer) -> Iterator[LiveServer]:
    """graph-api with mail on, started once per module and engine."""
    settings = database.settings(
        KINDRED_SMTP_HOST="127.0.0.1",
        KINDRED_SMTP_PORT=smtp_server.port,
        KINDRED_SMTP_TLS="none",
        KINDRED_PUBLIC_URL="https://kindred.example.org",
    )
    with LiveServer(settings) as server:
        yield server


@pytest.fixture
async def client(mail_server: LiveServer, driver: GraphDriver) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=mail_server.url, timeout=30) as http:
        yield http


@pytest.fixture
def people(repository: SeedingRepository, client: httpx.AsyncClient) -> People:
    return People(repository, client)


async def _member(people: People, handle: str) -> GraphQLClient:
    await people.add(handle, email=f"{handle}@example.org")
    return await people.client(handle)


async def test_inviting_queues_the_invitation_mail_in_the_same_write(
    people: People, repository: GraphRepository, worker: MailWorker, mailbox: Mailbox
) -> None:
    await people.add("olga", role="organiser", email="olga@example.org")
    olga = await people.client("olga")
    link = (await olga.data(INVITE, {"input": {"name": "Zoe", "email": "zoe@example.org", "handle": "zoe"}}))["inviteMember"]["link"]
    assert [m["kind"] for m in await outbox(repository)] == ["invitation"]
    await worker.run_once()
    [mail] = mailbox.to("zoe@example.org")
    assert link in mail.get_body(preferencelist=("plain",)).get_content()


async def test_a_member_reads_and_changes_their_mail_choices(people: People) -> None:
    ann = await _member(people, "ann")
    assert (await ann.data(CHOICES))["viewer"]["mailChoices"] == ALL_ON
    changed = (await ann.data(SET_CHOICES, {"input": {"reminders": False, "followUps": False}}))["setMyMailChoices"]
    assert changed == {**ALL_ON, "reminders": False, "followUps": False}
    again = (await ann.data(SET_CHOICES, {"input": {"followUps": True}}))["setMyMailChoices"]
    assert again == {**ALL_ON, "reminders": False}
    assert (await ann.data(CHOICES))["viewer"]["mailChoices"] == again


async def test_nobody_else_sees_a_members_mail_choices(people: People) -> None:
    await people.add("ann", email="ann@example.org")
    await people.add("olga", role="organiser")
    olga = await people.client("olga")
    found = await olga.data('{ member(handle: "ann") { mailChoices { proposals } } }')
    assert found["member"]["mailChoices"] is None


async def test_changing_no_mail_choice_is_refused(people: People) -> None:
    ann = await _member(people, "ann")
    error = await ann.error(SET_CHOICES, {"input": {}})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def _digest_unsubscribe_url(community: Community, worker: MailWorker, mailbox: Mailbox) -> str:
    """The one-click link in ann's mail about new proposals, as a path on the test server."""
    set_id = await community.draft("intros", ["ann", "bob"])
    await community.repository.proposals.publish(set_id=set_id, mail=True)
    await worker.run_once()
    [mail] = mailbox.to("ann@example.org")
    url = urlsplit(mail["List-Unsubscribe"].strip("<>"))
    return f"{url.path}?{url.query}"


async def test_one_click_unsubscribe_stops_that_kind_of_mail_only(
    people: People, client: httpx.AsyncClient, worker: MailWorker, mailbox: Mailbox
) -> None:
    ann = await _member(people, "ann")
    await people.add("bob", email="bob@example.org")
    community = Community(people.repository, dict(people.ids))
    link = await _digest_unsubscribe_url(community, worker, mailbox)
    answer = await client.post(
        link, content=b"List-Unsubscribe=One-Click", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 200 and "no longer get mails about new proposals" in answer.text
    assert (await ann.data(CHOICES))["viewer"]["mailChoices"] == {**ALL_ON, "proposals": False}


async def test_the_unsubscribe_page_asks_first_and_changes_nothing(
    people: People, client: httpx.AsyncClient, worker: MailWorker, mailbox: Mailbox
) -> None:
    ann = await _member(people, "ann")
    await people.add("bob", email="bob@example.org")
    link = await _digest_unsubscribe_url(Community(people.repository, dict(people.ids)), worker, mailbox)
    page = await client.get(link)
    assert page.status_code == 200 and '<form method="post"' in page.text and "Stop mails about new proposals" in page.text
    assert (await ann.data(CHOICES))["viewer"]["mailChoices"] == ALL_ON


async def test_a_broken_unsubscribe_link_is_refused(client: httpx.AsyncClient) -> None:
    for answer in (await client.get("/mail/unsubscribe?token=nonsense"), await client.post("/mail/unsubscribe")):
        assert answer.status_code == 400 and "This link does not work" in answer.text
