#!/usr/bin/env bash
# Copies the mounted Flink configuration into place (the image's entrypoint edits conf/config.yaml in place, which a
# read-only bind mount would refuse), then hands over to the official entrypoint with the compose command.
set -euo pipefail
cp /opt/ferstream/conf/config.yaml /opt/flink/conf/config.yaml
exec /docker-entrypoint.sh "$@"
