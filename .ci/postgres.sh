#!/usr/bin/env bash
# Used by './tiergate test'. Installs (Debian, as root) and starts a throw-away PostgreSQL cluster on 127.0.0.1:${TIERGATE_PG_PORT:-55432}
# for the tests, and writes its JDBC URL to target/postgres-url for them to find.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${TIERGATE_PG_PORT:-55432}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "postgres.sh: PostgreSQL is not installed and this user cannot install it (apt-get install postgresql);" \
         "its tests will be skipped (in CI they fail)" >&2
    [ "${CI:-}" = true ] && exit 1 || exit 0
  fi
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
DATA=${TMPDIR:-/tmp}/tiergate-pg-$PORT
if "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q 2>/dev/null; then exit 0; fi
rm -rf "$DATA"; mkdir -p "$DATA"
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; RUNAS=(runuser -u postgres --); fi
"${RUNAS[@]}" "$BIN/initdb" -D "$DATA" -U tiergate --auth=trust >/dev/null
"${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" -l "$DATA/log" -w start >/dev/null
"${RUNAS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U tiergate tiergate_test
echo "postgres.sh: PostgreSQL on 127.0.0.1:$PORT (database tiergate_test, user tiergate)"
