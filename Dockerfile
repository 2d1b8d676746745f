# One image for both Pilothouse services; the command chooses which one runs:
#   python -m services.read          read service and web UI (the default)
#   python -m services.orchestrator  orchestrator, the only writer
#   python -m shared.db.migrations upgrade   migrate the database to the latest schema
# compose.yaml runs all three. See docs/deploy.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- web UI: built with Node from the lock file -------------------------------------
FROM node:24-bookworm-slim AS webui
WORKDIR /webui
COPY webui/package.json webui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY webui/ ./
RUN npm run build

# --- Python packages: installed with uv from uv.lock, as it is --------------------
FROM ${PYTHON_IMAGE} AS python
COPY --from=ghcr.io/astral-sh/uv:0.13.8 /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=0 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Dependencies first, in their own layer: it is rebuilt only when the lock file changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project
COPY README.md alembic.ini ./
COPY alembic/ alembic/
COPY shared/ shared/
COPY services/ services/
# The project itself, editable: the code runs from /app, where alembic.ini, alembic/
# and webui/dist are found next to it.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --- runtime: no build tools, no root ---------------------------------------------
FROM ${PYTHON_IMAGE}
# git: projects are git repositories (branch metadata, and the agents' own git use);
# ripgrep: the Claude Code CLI's search tools.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ripgrep ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --user-group pilothouse \
    && mkdir -p /data /projects \
    && chown pilothouse:pilothouse /data /projects
COPY --from=python --chown=pilothouse:pilothouse /app /app
COPY --from=webui --chown=pilothouse:pilothouse /webui/dist /app/webui/dist
# Settings that belong to the container, whatever runs it: listen on every interface of
# the container (compose publishes the ports on 127.0.0.1 only), keep state in /data,
# and take projects from /projects.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PILOTHOUSE_READ_HOST=0.0.0.0 \
    PILOTHOUSE_ORCHESTRATOR_HOST=0.0.0.0 \
    PILOTHOUSE_DATA_DIR=/data \
    PILOTHOUSE_ROOTS=/projects
WORKDIR /app
USER pilothouse
# Declared after the chown above, so a new named volume starts out owned by pilothouse.
VOLUME ["/data"]
EXPOSE 8000 8001
CMD ["python", "-m", "services.read"]
