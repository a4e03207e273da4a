#!/usr/bin/env bash
# The pgvector benchmark: PgVectorBenchmark (PostgreSQL + pgvector, ExactRecognizer) and faiss on
# the same vectors, in one run on a throwaway server. Usage: benchmarks/pgvector/run.sh N [Q]
# (after `mvn -B -q install -DskipTests`); prints `uptime` first: the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
q="${2:-200}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp="benchmarks/target/benchmarks.jar"
uptime
tools/postgres/test-postgres.sh run bash -c "
  set -euo pipefail
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark load $n $q '$dir' | tee '$dir/java.txt'
  /usr/bin/python3 benchmarks/pgvector/faiss_peer.py '$dir'
  # A fresh client on this gallery and on a 1000-person one: RSS must not follow the gallery size.
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark rss \$(sed -n 's/^kept gallery \([^ ]*\).*/\1/p' '$dir/java.txt') $q
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark load 1000 20 '$dir/small' > '$dir/small.txt'
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark rss \$(sed -n 's/^kept gallery \([^ ]*\).*/\1/p' '$dir/small.txt') $q
"
uptime
