"""The one typed settings object, read from the environment (and a .env file)."""

from __future__ import annotations

import os
import secrets
import zoneinfo
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

StoreKind = Literal["embedded", "local-neo4j", "falkordb", "neo4j"]


#: OWASP's Password Storage Cheat Sheet: argon2id with one lane at any of these (memory in KiB,
#: passes) is equally strong.
OWASP_PASSWORD_COSTS: tuple[tuple[int, int], ...] = ((47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # The database. GRAPH_URL unset means a server this process runs itself: the embedded
    # FalkorDB (KINDRED_DATABASE=falkordb, the default) or the local Neo4j (KINDRED_DATABASE=neo4j,
    # tools/neo4j-local, built by scripts/setup), with its data in KINDRED_DATA_DIR/neo4j.
    database: Literal["falkordb", "neo4j"] = Field(default="falkordb", alias="KINDRED_DATABASE")
    graph_url: str | None = Field(default=None, alias="GRAPH_URL")
    graph_user: str = Field(default="neo4j", alias="GRAPH_USER")
    graph_password: SecretStr | None = Field(default=None, alias="GRAPH_PASSWORD")
    graph_name: str = Field(default="kindred", alias="GRAPH_NAME", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    graph_pool_size: int = Field(default=16, alias="GRAPH_POOL_SIZE", ge=1, le=512)
    graph_timeout_seconds: float = Field(default=30.0, alias="GRAPH_TIMEOUT_SECONDS", gt=0)

    # Where the embedded database keeps its files (the local Neo4j: in its neo4j subfolder).
    data_dir: Path = Field(default=Path("data"), alias="KINDRED_DATA_DIR")
    # The local Neo4j's memory (a JVM size: 512m, 2g). The KPI report reads every bond in one
    # transaction: about 400 MB of heap at 100,000 members; a smaller heap streams it, slower.
    neo4j_heap: str = Field(default="1g", alias="KINDRED_NEO4J_HEAP", pattern=r"^[1-9][0-9]{0,5}[kmg]$")
    neo4j_page_cache: str = Field(default="512m", alias="KINDRED_NEO4J_PAGE_CACHE", pattern=r"^[1-9][0-9]{0,5}[kmg]$")

    # The HTTP server.
    host: str = Field(default="127.0.0.1", alias="KINDRED_HOST")
    port: int = Field(default=8000, alias="KINDRED_PORT", ge=0, le=65535)
    log_level: str = Field(
        default="info", alias="KINDRED_LOG_LEVEL", pattern=r"(?i)^(critical|error|warning|info|debug|trace)$"
    )
    # One JSON object per line (json), or readable lines for development (console).
    log_format: Literal["json", "console"] = Field(default="json", alias="KINDRED_LOG_FORMAT")

    # Accounts. Without KINDRED_JWT_SECRET the embedded run keeps a generated one in its data folder.
    jwt_secret: SecretStr | None = Field(default=None, alias="KINDRED_JWT_SECRET")
    access_token_minutes: int = Field(default=15, alias="KINDRED_ACCESS_TOKEN_MINUTES", ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, alias="KINDRED_REFRESH_TOKEN_DAYS", ge=1, le=365)
    invite_days: int = Field(default=14, alias="KINDRED_INVITE_DAYS", ge=1, le=365)
    # Where people reach the web app (invitation and reset links, HSTS); unset: this server's own
    # address, http://<host>:<port> (127.0.0.1 when it listens on every address).
    public_url_setting: str | None = Field(default=None, alias="KINDRED_PUBLIC_URL", pattern=r"^https?://[^\s]+$")

    # The recommender's GraphQL endpoint as the browser reaches it (the web app runs proposals
    # there); unset hides the web app's "run the recommender" forms.
    recommender_url: str | None = Field(default=None, alias="KINDRED_RECOMMENDER_URL", pattern=r"^(https?://|/)")

    # Demo data seeded at start into an empty graph of a server this process runs (0 disables it).
    seed_members: int = Field(default=300, alias="KINDRED_SEED_MEMBERS", ge=0, le=200_000)
    seed: int = Field(default=7, alias="KINDRED_SEED")
    demo_password: SecretStr = Field(default=SecretStr("kindred-demo"), alias="KINDRED_DEMO_PASSWORD", min_length=10)

    # Security switches and limits (see the README's "Security" section).
    # Production mode: no GraphiQL, no introspection for anonymous callers, no "did you mean" hints.
    production: bool = Field(default=False, alias="KINDRED_PRODUCTION")
    # Request bodies larger than these are refused before they are read in full.
    max_body_bytes: int = Field(default=1_000_000, alias="KINDRED_MAX_BODY_BYTES", ge=10_000, le=100_000_000)
    max_upload_bytes: int = Field(default=5_000_000, alias="KINDRED_MAX_UPLOAD_BYTES", ge=10_000, le=100_000_000)
    # A GraphQL answer larger than this is replaced by a RESPONSE_TOO_LARGE error.
    max_response_bytes: int = Field(default=20_000_000, alias="KINDRED_MAX_RESPONSE_BYTES", ge=100_000, le=1_000_000_000)
    # Sign-in throttling: failures allowed per handle and per client address within the window.
    sign_in_failures_per_handle: int = Field(default=5, alias="KINDRED_SIGN_IN_FAILURES_PER_HANDLE", ge=1, le=1000)
    sign_in_failures_per_address: int = Field(default=20, alias="KINDRED_SIGN_IN_FAILURES_PER_ADDRESS", ge=1, le=10_000)
    sign_in_window_seconds: int = Field(default=900, alias="KINDRED_SIGN_IN_WINDOW_SECONDS", ge=10, le=86_400)
    # Client addresses are read from X-Forwarded-For only when the direct peer is one of these proxies.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"], alias="KINDRED_TRUSTED_PROXIES")
    # Password hashing (argon2id): memory in KiB, passes over it, and lanes. The default is
    # RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes); production refuses a
    # cost below every configuration OWASP recommends (OWASP_PASSWORD_COSTS). Hashes made at
    # another cost are remade at this one on their owner's next sign-in.
    password_hash_memory_kib: int = Field(
        default=65_536, alias="KINDRED_PASSWORD_HASH_MEMORY_KIB", ge=8, le=4_194_304
    )
    password_hash_passes: int = Field(default=3, alias="KINDRED_PASSWORD_HASH_PASSES", ge=1, le=100)
    password_hash_lanes: int = Field(default=4, alias="KINDRED_PASSWORD_HASH_LANES", ge=1, le=64)
    # Hashes running at once in each graph-api process (each holds its memory); more wait their turn.
    password_hash_concurrency: int = Field(default=2, alias="KINDRED_PASSWORD_HASH_CONCURRENCY", ge=1, le=64)
    # How long an organiser-issued password reset link stays valid.
    password_reset_hours: int = Field(default=24, alias="KINDRED_PASSWORD_RESET_HOURS", ge=1, le=24 * 14)
    # Worker processes for `serve` (0: one per core).
    workers: int = Field(default=0, alias="KINDRED_WORKERS", ge=0, le=64)

    # --- Mail (graph_api/notifications): the outbox and its worker, `python -m graph_api send-mail`. ---
    # Unset KINDRED_SMTP_HOST: mail is off, and nothing is queued. Give graph-api and the worker
    # the same values: graph-api queues the mails, the worker sends them.
    smtp_host: str | None = Field(default=None, alias="KINDRED_SMTP_HOST")
    smtp_port: int = Field(default=587, alias="KINDRED_SMTP_PORT", ge=1, le=65535)
    # none: plain SMTP (a relay on loopback); starttls: upgrade on the submission port; tls: implicit TLS (465).
    smtp_tls: Literal["none", "starttls", "tls"] = Field(default="starttls", alias="KINDRED_SMTP_TLS")
    smtp_user: str | None = Field(default=None, alias="KINDRED_SMTP_USER")
    smtp_password: SecretStr | None = Field(default=None, alias="KINDRED_SMTP_PASSWORD")
    smtp_timeout_seconds: float = Field(default=30.0, alias="KINDRED_SMTP_TIMEOUT_SECONDS", gt=0, le=600)
    mail_from: str = Field(default="Kindred <kindred@localhost>", alias="KINDRED_MAIL_FROM", min_length=3, max_length=200)
    # Event reminders go this many hours before the event starts.
    mail_reminder_hours: int = Field(default=24, alias="KINDRED_MAIL_REMINDER_HOURS", ge=1, le=24 * 14)
    # Retries: the n-th failed attempt waits base * 2^(n-1) seconds, at most the cap; after
    # max attempts the mail is given up (kept, with its last error).
    mail_max_attempts: int = Field(default=10, alias="KINDRED_MAIL_MAX_ATTEMPTS", ge=1, le=100)
    mail_retry_base_seconds: int = Field(default=60, alias="KINDRED_MAIL_RETRY_BASE_SECONDS", ge=1, le=86_400)
    mail_retry_max_seconds: int = Field(default=3600, alias="KINDRED_MAIL_RETRY_MAX_SECONDS", ge=1, le=7 * 86_400)
    # How often the worker looks for due mail, and how long a claimed mail is its own (longer
    # than any send: another worker takes it over only after a crash).
    mail_poll_seconds: float = Field(default=30.0, alias="KINDRED_MAIL_POLL_SECONDS", gt=0, le=3600)
    mail_lease_seconds: int = Field(default=300, alias="KINDRED_MAIL_LEASE_SECONDS", ge=30, le=86_400)
    # --- end of mail ---

    # --- Webhooks (graph_api/webhooks): deliveries to the endpoints organisers register, sent by
    # the same worker as the mail (`python -m graph_api send-mail`), polling every KINDRED_MAIL_POLL_SECONDS.
    # How long a receiver may take to answer one delivery.
    webhook_timeout_seconds: float = Field(default=10.0, alias="KINDRED_WEBHOOK_TIMEOUT_SECONDS", gt=0, le=60)
    # Retries (network errors, 408, 429, 5xx): the n-th failed attempt waits base * 2^(n-1)
    # seconds (or the receiver's Retry-After), at most the cap; after max attempts: failed.
    webhook_max_attempts: int = Field(default=8, alias="KINDRED_WEBHOOK_MAX_ATTEMPTS", ge=1, le=50)
    webhook_retry_base_seconds: int = Field(default=30, alias="KINDRED_WEBHOOK_RETRY_BASE_SECONDS", ge=1, le=86_400)
    webhook_retry_max_seconds: int = Field(default=3600, alias="KINDRED_WEBHOOK_RETRY_MAX_SECONDS", ge=1, le=7 * 86_400)
    # Test and development only: accept http:// and loopback receivers (127.0.0.1, ::1,
    # localhost). Off, an endpoint must be https:// on a public address.
    webhook_allow_http_loopback: bool = Field(default=False, alias="KINDRED_WEBHOOK_ALLOW_HTTP_LOOPBACK")
    # --- end of webhooks ---

    # --- Sign-in with identity providers (graph_api/accounts/oidc) ---
    # Test and development only: accept http:// issuers on loopback (127.0.0.1, ::1, localhost).
    # Off, an issuer must be https:// on a public address.
    oidc_allow_http_loopback: bool = Field(default=False, alias="KINDRED_OIDC_ALLOW_HTTP_LOOPBACK")
    # How long the provider may take to answer one request (discovery, keys, token, userinfo).
    oidc_timeout_seconds: float = Field(default=10.0, alias="KINDRED_OIDC_TIMEOUT_SECONDS", gt=0, le=60)
    # --- end of identity providers ---

    # --- Calendar files (graph_api/calendar) -------------------------------------------------
    # The community's time zone (an IANA name such as Europe/Berlin): calendar files give times
    # in it, with its rules (a VTIMEZONE), and a group's suggested first meeting is at
    # first_meeting_hour there. Unset: times in UTC.
    time_zone: str | None = Field(default=None, alias="KINDRED_TIME_ZONE", max_length=64)
    # Events have a start and no end: a calendar entry lasts this long.
    event_duration_minutes: int = Field(default=120, alias="KINDRED_EVENT_DURATION_MINUTES", ge=5, le=7 * 24 * 60)
    # An accepted purpose group's suggested first meeting: the first weekday after the group
    # formed, at this hour (in time_zone), for first_meeting_minutes.
    first_meeting_hour: int = Field(default=12, alias="KINDRED_FIRST_MEETING_HOUR", ge=0, le=23)
    first_meeting_minutes: int = Field(default=60, alias="KINDRED_FIRST_MEETING_MINUTES", ge=5, le=24 * 60)
    # How long a download link the web app hands out (Event.calendarUrl) stays valid.
    calendar_link_minutes: int = Field(default=60, alias="KINDRED_CALENDAR_LINK_MINUTES", ge=1, le=24 * 60)

    @model_validator(mode="after")
    def _password_cost_argon2_accepts(self) -> Self:
        if self.password_hash_memory_kib < 8 * self.password_hash_lanes:
            raise ValueError(
                f"KINDRED_PASSWORD_HASH_MEMORY_KIB must be at least 8 KiB a lane: "
                f"{8 * self.password_hash_lanes} for {self.password_hash_lanes} lanes"
            )
        if self.production and not any(
            self.password_hash_memory_kib >= memory and self.password_hash_passes >= passes
            for memory, passes in OWASP_PASSWORD_COSTS
        ):
            lowest = ", ".join(f"{memory} KiB with {passes} passes" for memory, passes in OWASP_PASSWORD_COSTS)
            raise ValueError(
                "KINDRED_PRODUCTION=true needs a password cost at least one of OWASP's: "
                f"{lowest} (KINDRED_PASSWORD_HASH_MEMORY_KIB, KINDRED_PASSWORD_HASH_PASSES)"
            )
        return self

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"KINDRED_TIME_ZONE {value!r} is not a known time zone (use a name like Europe/Berlin)") from None
        return value
    # --- end of calendar files ----------------------------------------------------------------

    # Consent (issue 15, part 5): KPI breakdowns by team, site or passion with fewer members
    # than this show no figures to anyone but organisers (api/health.py).
    kpi_min_group: int = Field(default=5, alias="KINDRED_KPI_MIN_GROUP", ge=1, le=1000)

    # "Did you meet?" (issue 15, part 4): a member who accepted an intro or a purpose group is
    # asked whether they met this many days after accepting (graph_api/followups/).
    followup_days: int = Field(default=7, alias="KINDRED_FOLLOWUP_DAYS", ge=1, le=365)

    # --- Metrics (graph_api/metrics): /metrics answers loopback peers, and any other caller only
    # with `Authorization: Bearer <KINDRED_METRICS_TOKEN>`. Unset: loopback only.
    metrics_token: SecretStr | None = Field(default=None, alias="KINDRED_METRICS_TOKEN", min_length=16, max_length=256)

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _no_empty_metrics_token(cls, value: object) -> object:
        return None if value == "" else value
    # --- end of metrics ---

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
    def public_url(self) -> str:
        """The web app's address as people reach it: KINDRED_PUBLIC_URL, else this server's own."""
        if self.public_url_setting:
            return self.public_url_setting.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def mail_enabled(self) -> bool:
        """Whether mail is on (KINDRED_SMTP_HOST set): only then are mails queued."""
        return bool(self.smtp_host)

    @property
    def neo4j_data_dir(self) -> Path:
        """The local Neo4j's home: its data, logs, password file and folder lock."""
        return self.data_dir / "neo4j"

    @property
    def runs_own_database(self) -> bool:
        """Whether this process starts the database itself (GRAPH_URL unset)."""
        return self.store_kind in ("embedded", "local-neo4j")

    @property
    def store_kind(self) -> StoreKind:
        if not self.graph_url:
            return "local-neo4j" if self.database == "neo4j" else "embedded"
        scheme = self.graph_url.split("://", 1)[0].lower()
        if scheme == "falkordb":
            if self.database == "neo4j":
                raise ValueError(
                    f"KINDRED_DATABASE=neo4j, but GRAPH_URL {self.graph_url!r} is a FalkorDB server: "
                    "give a neo4j:// or bolt:// URL, or unset GRAPH_URL to run the local Neo4j"
                )
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
