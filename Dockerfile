# quotetrace HTTP API: docker build -t quotetrace . && docker run -p 8000:8000 quotetrace
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv/quotetrace

COPY pyproject.toml README.md ./
COPY app ./app
COPY models/coreferee_model_en ./models/coreferee_model_en
RUN pip install --upgrade pip && pip install . ./models/coreferee_model_en

RUN useradd --create-home --uid 10001 quotetrace && mkdir /data && chown quotetrace /data
USER quotetrace
# the embedded archive (SQLite) lives in /data: mount a volume there to keep it
ENV QUOTETRACE_DATA_DIR=/data
VOLUME /data

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status == 200 else 1)"
CMD ["quotetrace", "serve", "--host", "0.0.0.0", "--port", "8000"]
