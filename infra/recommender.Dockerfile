# syntax=docker/dockerfile:1
# Kindred recommender image. Build context: the repository root, e.g.
#   docker build -f infra/recommender.Dockerfile -t kindred/recommender .
# (docker compose does this for the `recommender` service).
# The entry point is `python -m recommender`: the default command serves the HTTP API;
# `docker compose run --rm recommender batch --kind purpose` makes one scheduled run.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# Same pinned versions as development and CI.
COPY constraints.txt /app/constraints.txt
COPY services/recommender /app/services/recommender
RUN pip install -c constraints.txt ./services/recommender \
    && rm -rf /app/services

# Run as an unprivileged user; /app/data (the batch lock file) is the only place it writes.
RUN groupadd --system --gid 10001 kindred \
    && useradd --system --uid 10001 --gid kindred --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin kindred \
    && mkdir -p /app/data \
    && chown kindred:kindred /app/data
USER 10001:10001

ENV RECOMMENDER_HOST=0.0.0.0 \
    RECOMMENDER_PORT=8001 \
    RECOMMENDER_LOCK_FILE=/app/data/recommender.lock
EXPOSE 8001

ENTRYPOINT ["python", "-m", "recommender"]
CMD ["serve"]
