"""New store ids: a prefix naming the kind, then a random hex token."""

from __future__ import annotations

import uuid


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"
