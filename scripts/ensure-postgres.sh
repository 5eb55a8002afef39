# Sourced by .ci/run: makes sure a PostgreSQL answers on 127.0.0.1:5432 with a conduit_test role
# and database, installing (Debian package) and starting the server when missing, and exports
# the CONDUIT_TEST_PG_* variables the store tests read.
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the store tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "PostgreSQL is installed but has no cluster under /etc/postgresql" >&2
    exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi
# The tests connect with a password, which works with Debian's default pg_hba.conf too.
su postgres -c "psql -q -v ON_ERROR_STOP=1 -d postgres" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'conduit_test') THEN
    CREATE ROLE conduit_test LOGIN PASSWORD 'conduit_test';
  END IF;
END $$;
SELECT 'CREATE DATABASE conduit_test OWNER conduit_test'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'conduit_test') \gexec
SQL
export CONDUIT_TEST_PG_URL="jdbc:postgresql://127.0.0.1:5432/conduit_test"
export CONDUIT_TEST_PG_USER="conduit_test"
export CONDUIT_TEST_PG_PASSWORD="conduit_test"
