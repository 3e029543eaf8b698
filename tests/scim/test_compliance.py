"""scim2-tester, a SCIM compliance tester, drives the running graph-api over HTTP: every check passes."""

from __future__ import annotations

import asyncio

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from tests.conftest import LiveServer
from tests.scim.conftest import Provisioner


def _run_checks(url: str, token: str) -> list:
    with httpx2.Client(base_url=f"{url}/scim/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        return check_server(SyncSCIMClient(http))


async def test_every_compliance_check_passes(live_server: LiveServer, provisioner: Provisioner) -> None:
    results = await asyncio.to_thread(_run_checks, live_server.url, provisioner.token)
    failed = [(r.status.name, r.resource_type, r.title, r.reason) for r in results if r.status != Status.SUCCESS]
    assert results and not failed, "\n".join(map(str, failed))
