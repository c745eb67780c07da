# syntax=docker/dockerfile:1
# wardbot: build a wheel, then install it alone into a slim image that runs as a non-root user.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/wardbot \
    PATH=/opt/wardbot/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=3978
# Only wheels are installed here (every dependency ships one for linux/amd64 and arm64),
# so the final image has no compiler, headers or build cache.
# Pango and a font for the Board paper's PDF (WeasyPrint lays out text with them).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m venv "$VIRTUAL_ENV" \
 && pip install --no-cache-dir --only-binary=:all: /wheels/*.whl \
 && groupadd --system --gid 10001 wardbot \
 && useradd --system --uid 10001 --gid wardbot --home-dir /data --create-home --shell /usr/sbin/nologin wardbot
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/wardbot-entrypoint
WORKDIR /data
USER 10001:10001
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3978'), timeout=4)"]
ENTRYPOINT ["wardbot-entrypoint"]
CMD ["serve"]
