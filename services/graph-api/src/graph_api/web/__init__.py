"""The HTTP edge of graph-api: ASGI middleware that guards every request before GraphQL sees it
(security headers, the upload gate, body-size limits, request-body checks), one job per module."""
