#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 server in a temporary directory, run the given command against it, stop it.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
dir=$(mktemp -d /tmp/helhed-pg.XXXXXX)
chmod 755 "$dir"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: run the server as the postgres system user (or a helper user if there is none).
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || { owner=helhed-pg; id -u "$owner" >/dev/null 2>&1 || useradd --system "$owner"; }
  chown "$owner" "$dir"
  as_owner=(runuser -u "$owner" --)
fi
port=$((50000 + RANDOM % 10000))
"${as_owner[@]}" "$PGBIN/initdb" -D "$dir/data" -U helhed -A trust -E UTF8 --no-sync >/dev/null
stop() {
  "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running in $dir on port $port"
HELHED_DB=postgres HELHED_PG_HOST="$dir" HELHED_PG_PORT="$port" HELHED_PG_USER=helhed HELHED_PG_NAME=postgres "$@"
