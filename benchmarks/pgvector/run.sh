#!/usr/bin/env bash
# The pgvector benchmark: PgVectorBenchmark (PostgreSQL + pgvector, ExactRecognizer) and faiss on
# the same vectors, in one run on a throwaway server.
#
#   benchmarks/pgvector/run.sh N [Q [FACE_MODEL.f32 [EF_LIST [FAISS_OPTION [HNSW [IVF]]]]]]
#
# (after `mvn -B -q install -DskipTests`). N gallery vectors, Q probes per set (200). FACE_MODEL
# (from face_model.py; "-" for none) makes the vectors face-like instead of uniformly random;
# EF_LIST sets the ef_search values (40,64,100,200,400); FAISS_OPTION --flat-only skips faiss's
# HNSW build (hours at 1M on one thread) ("" to keep it); HNSW is the index's M,EF_CONSTRUCTION
# (16,64, pgvector's defaults); IVF = LISTS:PROBE_LIST (e.g. 1000:10,20,40) builds an IVFFlat
# index instead and searches it with those probes (faiss then runs its IVFFlat with the same
# lists and probes too). The server gets shared_buffers = 2GB so that a 1M index
# (~800 MB) stays cached. Prints `uptime` first and last: the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
q="${2:-200}"
model="${3:--}"
ef="${4:-40,64,100,200,400}"
faiss_option="${5:-}"
hnsw="${6:-16,64}"
ivf="${7:-}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp="${PICTOR_BENCH_JAR:-benchmarks/target/benchmarks.jar}" # a copy, if the build may run meanwhile
load_options=(--ef "$ef" --hnsw "$hnsw")
faiss_ivf=()
if [[ -n "$ivf" ]]; then
  load_options+=(--ivf "${ivf%%:*}" --probes "${ivf#*:}")
  faiss_ivf=(--ivf "$ivf")
fi
if [[ "$model" != "-" ]]; then
  load_options+=(--faces "$(cd "$(dirname "$model")" && pwd)/$(basename "$model")")
fi
uptime
export PICTOR_TEST_PG_CONF="shared_buffers = 2GB"
tools/postgres/test-postgres.sh run bash -c "
  set -euo pipefail
  java -Xmx4g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark load $n $q '$dir' ${load_options[*]} | tee '$dir/java.txt'
  /usr/bin/python3 benchmarks/pgvector/faiss_peer.py '$dir' --ef '$ef' $faiss_option ${faiss_ivf[*]}
  # A fresh client on this gallery and on a 1000-person one: RSS must not follow the gallery size.
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark rss \$(sed -n 's/^kept gallery \([^ ]*\).*/\1/p' '$dir/java.txt') $q
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark load 1000 20 '$dir/small' > '$dir/small.txt'
  java -Xmx2g -cp '$cp' dev.pictor.benchmarks.PgVectorBenchmark rss \$(sed -n 's/^kept gallery \([^ ]*\).*/\1/p' '$dir/small.txt') $q
"
uptime
