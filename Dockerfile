# Chorus: `chorus serve` on a slim Python, as a non-root user.
# The server listens on all addresses inside the container, so the Teams endpoint needs its
# credentials (TEAMS_APP_ID, TEAMS_APP_PASSWORD); a Slack-only server sets CHORUS_TEAMS=off.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/chorus.db \
    PORT=3000

# Pango draws the quarterly report's PDF (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 chorus \
    && mkdir /data && chown chorus:chorus /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
COPY migrations ./migrations
COPY config ./config
# Editable install: migrations/ and config/ are read from /app at run time. Chorus's own
# modules are compiled here: with PYTHONDONTWRITEBYTECODE (and /app not the user's) every
# start would otherwise compile them all again.
RUN pip install -e . && python -m compileall -q bot adapters storage migrations \
    && python -c "import bot, adapters, storage"

USER chorus
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"
CMD ["sh", "-c", "exec chorus serve --host 0.0.0.0 --port \"$PORT\""]
