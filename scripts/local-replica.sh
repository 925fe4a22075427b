#!/usr/bin/env bash
# A streaming replica of this machine's PostgreSQL cluster on another port, for trying
# JMO_DATABASE_REPLICA_URL by hand (docs/deployment.md, "Read replica"). Debian's tools:
# pg_createcluster's layout, pg_basebackup -R. Run as root. Undo: pg_dropcluster --stop V replica
set -euo pipefail
PORT="${1:-5433}"
VERSION="$(ls /etc/postgresql | sort -n | tail -n1)"
PRIMARY_CONF="/etc/postgresql/$VERSION/main"
if ! grep -q "^host replication all 127.0.0.1/32" "$PRIMARY_CONF/pg_hba.conf"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$PRIMARY_CONF/pg_hba.conf"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main reload
fi
if pg_lsclusters -h | awk '{print $2}' | grep -qx replica; then
  echo "a cluster named replica exists already (pg_dropcluster --stop $VERSION replica)"; exit 1
fi
pg_createcluster "$VERSION" replica --port "$PORT" >/dev/null
DATA="/var/lib/postgresql/$VERSION/replica"
rm -rf "$DATA"
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$DATA" -R -X stream
pg_ctlcluster --skip-systemctl-redirect "$VERSION" replica start
echo "replica on port $PORT: JMO_DATABASE_REPLICA_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/<database>"
