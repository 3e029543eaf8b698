"""The Content-Security-Policy values: a strict one for the web app and the API, and a looser one
for GraphiQL's page (scripts and styles from its CDN, its one inline script allowed by hash)."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from graph_api.settings import Settings

_COMMON = {
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_EXTERNAL = re.compile(r"""(?:src|href)=["'](https://[^"'/]+)/""")


def _join(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _origin(url: str | None) -> str | None:
    if not url or url.startswith("/"):
        return None  # a path on this origin: 'self' covers it
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def app_policy(settings: Settings) -> str:
    # The web app has no inline script or style element; Preact sets styles through the CSSOM,
    # which style-src does not govern. It calls graph-api and, when configured, the recommender.
    connect = " ".join(["'self'", *filter(None, [_origin(settings.recommender_url)])])
    return _join(
        {
            "default-src": "'self'",
            "script-src": "'self'",
            "style-src": "'self'",
            "img-src": "'self' data:",
            "font-src": "'self'",
            "connect-src": connect,
            **_COMMON,
        }
    )


def graphiql_policy(page: str) -> str:
    """For Strawberry's GraphiQL page: its CDN origins, and its inline scripts by their sha256."""
    cdn = " ".join(sorted(set(_EXTERNAL.findall(page))))
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(page)
    )
    return _join(
        {
            "default-src": "'self'",
            "script-src": f"'self' {cdn} {hashes}".strip(),
            "style-src": f"'self' {cdn} 'unsafe-inline'".strip(),
            "img-src": f"'self' data: {cdn}".strip(),
            "font-src": f"'self' data: {cdn}".strip(),
            "connect-src": "'self'",
            **_COMMON,
        }
    )
