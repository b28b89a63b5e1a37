#!/bin/sh
# Container entrypoint: a fresh prometheus-client multiprocess directory (it must start empty),
# then the command (gunicorn, celery worker, celery beat, or a madoguchi management command).
set -eu
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
mkdir -p "${XDG_CACHE_HOME:-/tmp/cache}"
exec "$@"
