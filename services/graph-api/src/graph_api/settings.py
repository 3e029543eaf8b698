"""The one typed settings object, read from the environment (and a .env file)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

StoreKind = Literal["embedded", "falkordb", "neo4j"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # The database. GRAPH_URL unset means the embedded FalkorDB server.
    graph_url: str | None = Field(default=None, alias="GRAPH_URL")
    graph_user: str = Field(default="neo4j", alias="GRAPH_USER")
    graph_password: SecretStr | None = Field(default=None, alias="GRAPH_PASSWORD")
    graph_name: str = Field(default="kindred", alias="GRAPH_NAME", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    graph_pool_size: int = Field(default=16, alias="GRAPH_POOL_SIZE", ge=1, le=512)
    graph_timeout_seconds: float = Field(default=30.0, alias="GRAPH_TIMEOUT_SECONDS", gt=0)

    # Where the embedded database keeps its files.
    data_dir: Path = Field(default=Path("data"), alias="KINDRED_DATA_DIR")

    # The HTTP server.
    host: str = Field(default="127.0.0.1", alias="KINDRED_HOST")
    port: int = Field(default=8000, alias="KINDRED_PORT", ge=0, le=65535)
    log_level: str = Field(default="info", alias="KINDRED_LOG_LEVEL")

    # Accounts. Without KINDRED_JWT_SECRET the embedded run keeps a generated one in its data folder.
    jwt_secret: SecretStr | None = Field(default=None, alias="KINDRED_JWT_SECRET")
    access_token_minutes: int = Field(default=15, alias="KINDRED_ACCESS_TOKEN_MINUTES", ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, alias="KINDRED_REFRESH_TOKEN_DAYS", ge=1, le=365)
    invite_days: int = Field(default=14, alias="KINDRED_INVITE_DAYS", ge=1, le=365)
    public_url: str = Field(default="http://127.0.0.1:8000", alias="KINDRED_PUBLIC_URL")

    # The recommender's GraphQL endpoint as the browser reaches it (the web app runs proposals
    # there); unset hides the web app's "run the recommender" forms.
    recommender_url: str | None = Field(default=None, alias="KINDRED_RECOMMENDER_URL", pattern=r"^(https?://|/)")

    # Demo data seeded into an empty embedded graph at start (0 disables it).
    seed_members: int = Field(default=300, alias="KINDRED_SEED_MEMBERS", ge=0, le=200_000)
    seed: int = Field(default=7, alias="KINDRED_SEED")
    demo_password: SecretStr = Field(default=SecretStr("kindred-demo"), alias="KINDRED_DEMO_PASSWORD", min_length=10)

    def signing_secret(self) -> str:
        """The JWT signing key: configured, or generated once and kept beside the embedded data."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        path = self.data_dir / "jwt-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()

    @property
    def store_kind(self) -> StoreKind:
        if not self.graph_url:
            return "embedded"
        scheme = self.graph_url.split("://", 1)[0].lower()
        if scheme == "falkordb":
            return "falkordb"
        if scheme in {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}:
            return "neo4j"
        raise ValueError(
            f"GRAPH_URL {self.graph_url!r} has an unknown scheme {scheme!r}: "
            "use neo4j://, bolt:// or falkordb://host:port, or leave it unset for the embedded database"
        )


@lru_cache
def get_settings() -> Settings:
    return Settings()
