"""/config.js: the web app's run-time configuration, served by graph-api before the bundle loads."""

from __future__ import annotations

import httpx

from tests.conftest import LiveServer, TestDatabase


async def test_config_js_names_no_recommender_when_none_is_configured(http: httpx.AsyncClient) -> None:
    response = await http.get("/config.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-store"
    assert response.text == 'window.KINDRED_CONFIG = {"recommenderUrl": null};\n'


async def test_config_js_names_the_configured_recommender(database: TestDatabase) -> None:
    settings = database.settings(KINDRED_RECOMMENDER_URL="/recommender/graphql")
    with LiveServer(settings) as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get("/config.js")
    assert response.text == 'window.KINDRED_CONFIG = {"recommenderUrl": "/recommender/graphql"};\n'
