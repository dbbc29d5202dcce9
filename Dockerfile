# Đôn đốc in a container: Debian 12 with the OCR and LibreOffice packages scripts/setup-system.sh installs,
# the Python packages exactly as requirements/run.txt pins them (hashes checked), then the bot itself.
#   docker build -t dondoc .        # compose.yaml and compose.webhook.yaml build it for you
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    OMP_THREAD_LIMIT=1 PATH=/opt/venv/bin:$PATH

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core libreoffice-writer-nogui \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /srv/dondoc --shell /usr/sbin/nologin dondoc

COPY requirements/run.txt /tmp/run.txt
RUN python -m venv /opt/venv && pip install --require-hashes -r /tmp/run.txt

WORKDIR /srv/dondoc
COPY pyproject.toml README.md /tmp/src/
COPY bot /tmp/src/bot
COPY dispatch /tmp/src/dispatch
COPY handlers /tmp/src/handlers
COPY reports /tmp/src/reports
COPY scheduler /tmp/src/scheduler
COPY storage /tmp/src/storage
RUN pip install --no-deps /tmp/src && rm -rf /tmp/src /tmp/run.txt
COPY config.toml /srv/dondoc/config.toml

USER dondoc
# SQLite (when DONDOC_DATABASE_URL is not set) lives here; mount a volume on it
ENV DONDOC_DATA_DIR=/srv/dondoc/data
VOLUME ["/srv/dondoc/data"]
EXPOSE 8443
CMD ["dondoc", "run"]
