"""The recommender's settings, read from RECOMMENDER_* environment variables (and a .env file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class MissingTokenError(Exception):
    """A run needs RECOMMENDER_API_TOKEN and it is not set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECOMMENDER_", env_file=".env", extra="ignore")

    #: graph-api's GraphQL endpoint: the only way the recommender reads or writes the graph.
    graph_api_url: str = Field(default="http://127.0.0.1:8000/graphql", pattern=r"^https?://")
    #: A graph-api API token ("kt.<id>.<secret>") with the read and write scopes. Batch runs need
    #: it; the HTTP service forwards each caller's own token instead.
    api_token: SecretStr | None = None

    # The HTTP service.
    host: str = "127.0.0.1"
    port: int = Field(default=8001, ge=0, le=65535)
    log_level: str = Field(default="info", pattern=r"(?i)^(critical|error|warning|info|debug|trace)$")
    #: One JSON object per line (json), or readable lines for development (console).
    log_format: Literal["json", "console"] = Field(
        default="json", validation_alias=AliasChoices("RECOMMENDER_LOG_FORMAT", "KINDRED_LOG_FORMAT")
    )
    #: Web origins (comma-separated) whose pages may call the service from the browser, e.g. the
    #: web app served by graph-api at http://127.0.0.1:8000. Empty allows none (same origin only).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    #: Batch runs hold an exclusive lock on this file, so scheduled runs never overlap.
    lock_file: Path = Path("data/recommender.lock")

    #: Seconds for one read (a snapshot page, the context, the event).
    timeout_seconds: float = Field(default=30.0, gt=0)
    #: Seconds for storing a proposal set: graph-api checks and writes it in one statement.
    store_timeout_seconds: float = Field(default=300.0, gt=0)
    #: Seconds to wait for graph-api to accept a connection.
    connect_timeout_seconds: float = Field(default=5.0, gt=0)
    #: Members per snapshot page (graph-api allows up to 5000).
    page_size: int = Field(default=1000, ge=1, le=5000)
    #: How long a declined pair stays blocked, in days (recommendationContext(days)).
    block_days: int = Field(default=90, ge=0, le=3650)

    # Metrics: /metrics answers loopback peers, and others only with `Authorization: Bearer
    # <KINDRED_METRICS_TOKEN>` (the same setting as graph-api's). Batch runs write their figures to
    # RECOMMENDER_METRICS_TEXTFILE_DIR (node_exporter's textfile collector folder), when set.
    metrics_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("KINDRED_METRICS_TOKEN", "RECOMMENDER_METRICS_TOKEN"),
        min_length=16,
        max_length=256,
    )
    metrics_textfile_dir: Path | None = None

    @field_validator("metrics_token", "metrics_textfile_dir", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    def token(self) -> str:
        """The API token of batch runs."""
        token = self.api_token.get_secret_value().strip() if self.api_token else ""
        if not token:
            raise MissingTokenError(
                "RECOMMENDER_API_TOKEN is not set: create an API token with the read and write scopes "
                "in graph-api (createApiToken) and put it in RECOMMENDER_API_TOKEN"
            )
        return token
