#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + pgvector server for Pictor's tests and benchmarks.
#
#   tools/postgres/test-postgres.sh run CMD [ARG...]   start a server, run CMD with its URL in the
#                                                      environment, stop the server (also when CMD
#                                                      fails or is interrupted); exits with CMD's code
#   tools/postgres/test-postgres.sh install            only build and install pgvector if missing
#   tools/postgres/test-postgres.sh restart DIR        fast restart of the server in DIR (fault tests)
#   tools/postgres/test-postgres.sh stop DIR           stop the server in DIR
#
# `run` exports, for CMD:
#   PICTOR_TEST_PG_URL       jdbc:postgresql://127.0.0.1:PORT/pictor_test (no credentials in it)
#   PICTOR_TEST_PG_USER      the role the tests use (a superuser of this throwaway cluster)
#   PICTOR_TEST_PG_PASSWORD  its random password (scram-sha-256 authentication)
#   PICTOR_TEST_PG_DIR       the cluster's folder, for `restart DIR`
#   PICTOR_TEST_PG_CONTROL   this script, absolute
#
# The cluster lives in a fresh temporary folder, listens on 127.0.0.1 only (no Unix socket), on a
# free port, and is deleted afterwards. pgvector is built from ../shared/vendor (sha256 checked) in
# a temporary folder and installed into the server with `make install` when `CREATE EXTENSION
# vector` would not find it. Needs postgresql-15 and postgresql-server-dev-15 (Debian) and a C
# compiler. initdb and postgres refuse to run as root: as root, the server runs as the `postgres`
# user (or $PICTOR_TEST_PG_OS_USER). $PICTOR_TEST_PG_CONF, if set, is appended to postgresql.conf
# (one setting per line, e.g. "shared_buffers = 2GB" for benchmarks whose index must stay cached).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/$(basename "${BASH_SOURCE[0]}")"
repo="$(cd "$here/../.." && pwd)"
pg_bin="${PICTOR_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
tarball="${PICTOR_PGVECTOR_TARBALL:-$repo/../shared/vendor/pgvector-0.8.6.tar.gz}"
tarball_sha256="b4eb8abc425b465082ae5955d13df5338c32ec1bd441f0eb86d780e3958766a6"
os_user="${PICTOR_TEST_PG_OS_USER:-postgres}"

die() {
  echo "test-postgres: $*" >&2
  exit 2
}

# Runs a server program as an unprivileged user when we are root.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$os_user" -- "$@"
  else
    "$@"
  fi
}

install_pgvector() {
  [ -x "$pg_bin/pg_config" ] || die "no $pg_bin/pg_config: install postgresql-15 and postgresql-server-dev-15"
  local sharedir pkglibdir
  sharedir="$("$pg_bin/pg_config" --sharedir)"
  pkglibdir="$("$pg_bin/pg_config" --pkglibdir)"
  if [ -f "$sharedir/extension/vector.control" ] && [ -f "$pkglibdir/vector.so" ]; then
    return 0
  fi
  [ -f "$tarball" ] || die "pgvector source $tarball not found"
  # pg_config is also in postgresql-15 and libpq-dev; only postgresql-server-dev-15 has the headers.
  [ -f "$("$pg_bin/pg_config" --includedir-server)/postgres.h" ] ||
    die "no PostgreSQL server headers: install postgresql-server-dev-15 to build pgvector"
  local actual
  actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
  [ "$actual" = "$tarball_sha256" ] ||
    die "$tarball has sha256 $actual, expected $tarball_sha256: not building it"
  local build
  build="$(mktemp -d)"
  echo "test-postgres: building pgvector 0.8.6 in $build" >&2
  tar -xzf "$tarball" -C "$build"
  local source_dir
  source_dir="$(find "$build" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  local install_prefix=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then
    install_prefix="sudo" # the extension goes into the server's own directories
  fi
  # OPTFLAGS="": no -march=native, so the library runs on any x86-64 machine it is copied to.
  if ! make -s -C "$source_dir" PG_CONFIG="$pg_bin/pg_config" OPTFLAGS="" >&2 ||
    ! $install_prefix make -s -C "$source_dir" PG_CONFIG="$pg_bin/pg_config" OPTFLAGS="" install >&2; then
    rm -rf "$build"
    die "building or installing pgvector failed (make install needs write access to $pkglibdir; run as root or with sudo)"
  fi
  rm -rf "$build"
}

free_port() {
  # A random port in 20000-59999 that nobody on loopback answers on (bash only, no python).
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found on 127.0.0.1"
}

start_cluster() { # DIR: initdb, start, create the database
  local dir="$1"
  local password
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  mkdir -p "$dir"
  printf '%s\n' "$password" >"$dir/password"
  chmod 600 "$dir/password"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$os_user" "$dir"
  fi
  as_server_user "$pg_bin/initdb" -D "$dir/data" -U pictor_test --pwfile="$dir/password" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  local port
  port="$(free_port)"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = ''"
    echo "max_connections = 200"
    echo "fsync = on"
    echo "logging_collector = off"
    if [ -n "${PICTOR_TEST_PG_CONF:-}" ]; then
      printf '%s\n' "$PICTOR_TEST_PG_CONF"
    fi
  } >>"$dir/data/postgresql.conf"
  echo "$port" >"$dir/port"
  start_server "$dir"
  PGPASSWORD="$password" as_server_user "$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U pictor_test \
    -d postgres -c "CREATE DATABASE pictor_test" >/dev/null
}

start_server() { # DIR
  local dir="$1"
  as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$dir/server.log" >&2; die "the server in $dir did not start"; }
}

stop_server() { # DIR
  local dir="$1"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
  fi
}

run() {
  [ $# -gt 0 ] || die "usage: $0 run CMD [ARG...]"
  install_pgvector
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/pictor-pg.XXXXXX")"
  chmod 755 "$dir"
  # shellcheck disable=SC2064
  trap "stop_server '$dir'; rm -rf '$dir'" EXIT
  trap 'exit 130' INT TERM
  start_cluster "$dir"
  export PICTOR_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$(cat "$dir/port")/pictor_test"
  export PICTOR_TEST_PG_USER=pictor_test
  PICTOR_TEST_PG_PASSWORD="$(cat "$dir/password")"
  export PICTOR_TEST_PG_PASSWORD
  export PICTOR_TEST_PG_DIR="$dir"
  export PICTOR_TEST_PG_CONTROL="$script"
  echo "test-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') + pgvector on $PICTOR_TEST_PG_URL" >&2
  local status=0
  "$@" || status=$?
  exit "$status"
}

command="${1:-}"
shift || true
case "$command" in
  run) run "$@" ;;
  install) install_pgvector ;;
  restart)
    [ $# -eq 1 ] || die "usage: $0 restart DIR"
    as_server_user "$pg_bin/pg_ctl" -D "$1/data" -l "$1/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  stop)
    [ $# -eq 1 ] || die "usage: $0 stop DIR"
    stop_server "$1"
    ;;
  *) die "usage: $0 run CMD [ARG...] | install | restart DIR | stop DIR" ;;
esac
