# syntax=docker/dockerfile:1
# Kindred graph-api image. Build context: the repository root, e.g.
#   docker build -f infra/graph-api.Dockerfile -t kindred/graph-api .
# (docker compose does this for the `graph-api` service).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# Same pinned versions as development and CI.
COPY constraints.txt /app/constraints.txt
COPY services/graph-api /app/services/graph-api
RUN pip install -c constraints.txt ./services/graph-api \
    && rm -rf /app/services

# Run as an unprivileged user; /app/data is the only place it may write
# (KINDRED_DATA_DIR, used by the embedded database only; Neo4j keeps its own data).
RUN groupadd --system --gid 10001 kindred \
    && useradd --system --uid 10001 --gid kindred --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin kindred \
    && mkdir -p /app/data \
    && chown kindred:kindred /app/data
USER 10001:10001

ENV KINDRED_DATA_DIR=/app/data
EXPOSE 8000

CMD ["python", "-m", "graph_api", "serve", "--host", "0.0.0.0", "--port", "8000"]
