#!/bin/sh
# The container's start: wait (bounded) for the database, apply migrations, then run wardbot.
# `docker run IMAGE` serves; `docker run IMAGE import file.csv` runs any other wardbot command.
set -eu

: "${DB_WAIT_TIMEOUT:=60}"

wardbot db wait --timeout "$DB_WAIT_TIMEOUT"
wardbot db upgrade

if [ "$#" -eq 0 ]; then
    set -- serve
fi
exec wardbot "$@"
