#!/usr/bin/env bash
# Start-up and footprint of the ways the jar can be run (issue 14): time from launch to /-/ready
# answering 200, RSS then, and RSS and throughput under a short wrk load. Not part of the tests.
#
#   bench/startup.sh [ROUNDS [LOAD_S [VARIANT...]]]    defaults: 5 rounds, 20 s of load, all variants
#
# Each start is from an empty working directory (the service writes data/ there), on a free port,
# with SERVICE_PROVIDER=console: no provider, no Redis. The rounds interleave the variants, so
# the noise of a shared machine falls on all of them alike. Every process it starts is stopped by
# PID. Needs curl, wrk, a Java 17 and a Java 25 (J17, J25 to override).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
JAR=$ROOT/target/sms-gateway.jar
J17=${J17:-$(ls -d /usr/lib/jvm/java-17-openjdk-*/bin/java 2>/dev/null | head -1)}
J25=${J25:-$(ls -d /usr/lib/jvm/temurin-25-jdk-*/bin/java 2>/dev/null | head -1)}
ROUNDS=${1:-5}
LOAD_S=${2:-20}
shift $(($# < 2 ? $# : 2))
RUN=$(mktemp -d /tmp/sms-startup.XXXXXX)
# what the container limit of deploy/kubernetes gives the JVM (1 GiB; 768 MiB before 2026-11-30 21:10); the host has more
LIMIT="-XX:MaxRAM=1g"
OPTIONS=${OPTIONS:-$ROOT/deploy/jvm.options}
PIDS=()

log() { echo "[$(date +%T)] $*" >&2; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS:/{printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }

# as bench/run.sh shapes its gateway A: no budget or fraud rule refuses the load's sends
export SERVICE_PROVIDER=console ROUTES_DIR=$ROOT/routes LOG_LEVEL=warn RATE_LIMIT_MAX_REQUESTS=1000000 \
  RATE_LIMIT_TIME_WINDOW=1s SMS_FRAUD_ADJACENT=monitor SMS_FRAUD_NUMBER_TYPE=monitor

# the image's /app: the extracted jar, and an AOT cache per set of options (the cache is only
# used by a JVM started with the options it was trained with)
APP=$RUN/app
"$J25" -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
train() { # train NAME [JVM options...]: the Spring Boot training run, exit once the context refreshed
  local name=$1; shift
  mkdir -p "$RUN/train-$name"
  (cd "$RUN/train-$name" && HTTP_PORT=$(free_port) "$J25" "$@" -XX:AOTCacheOutput="$APP/$name.aot" -Dspring.context.exit=onRefresh \
    -jar "$APP/sms-gateway.jar" >"$RUN/train-$name.log" 2>&1)
}

# variant name -> command (the working directory is a fresh one per start); (a)-(d) with the old
# image's only option, (e) and (f) with the options the image runs now
declare -A CMD=(
  [a-java17-jar]="$J17 $LIMIT -XX:MaxRAMPercentage=75 -jar $JAR"
  [b-java25-jar]="$J25 $LIMIT -XX:MaxRAMPercentage=75 -jar $JAR"
  [c-java25-extracted]="$J25 $LIMIT -XX:MaxRAMPercentage=75 -jar $APP/sms-gateway.jar"
  [d-java25-aot]="$J25 $LIMIT -XX:MaxRAMPercentage=75 -XX:AOTCache=$APP/d.aot -jar $APP/sms-gateway.jar"
  [e-java25-aot-options]="$J25 $LIMIT @$OPTIONS -XX:AOTCache=$APP/e.aot -jar $APP/sms-gateway.jar"
  # (e) with the cache trained by a short load instead of the exit on refresh
  [f-java25-aot-options-workload]="$J25 $LIMIT @$OPTIONS -XX:AOTCache=$APP/f.aot -jar $APP/sms-gateway.jar"
)
VARIANTS=("$@")
((${#VARIANTS[@]})) || VARIANTS=(a-java17-jar b-java25-jar c-java25-extracted d-java25-aot e-java25-aot-options
  f-java25-aot-options-workload)

# train_under_load NAME [JVM options...]: the cache written when the JVM exits after start-up and
# 15 s of the load below (JDK 25 records the method profiles too, JEP 515)
train_under_load() {
  local name=$1 port pid; shift
  mkdir -p "$RUN/train-$name"
  port=$(free_port)
  (cd "$RUN/train-$name" && HTTP_PORT=$port exec "$J25" "$@" -XX:AOTCacheOutput="$APP/$name.aot" \
    -jar "$APP/sms-gateway.jar" >"$RUN/train-$name.log" 2>&1) &
  pid=$!
  PIDS+=("$pid")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; do sleep 0.1; done
  wrk -t2 -c64 -d15s -s "$BENCH/wrk/send.lua" "http://127.0.0.1:$port" >"$RUN/train-$name.wrk" 2>&1
  kill -TERM "$pid"
  wait "$pid" || true
  [[ -s $APP/$name.aot ]] || { log "no $name.aot: $RUN/train-$name.log"; exit 1; }
}

# start NAME: launches the variant, sets PID and READY_S (launch to the first 200 of /-/ready)
start() {
  local name=$1 dir t0
  dir=$(mktemp -d "$RUN/$name.XXXX")
  PORT=$(free_port)
  t0=$EPOCHREALTIME
  (cd "$dir" && HTTP_PORT=$PORT exec ${CMD[$name]} >"$dir/out.log" 2>&1) &
  PID=$!
  PIDS+=("$PID")
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/-/ready") == 200 ]]; do
    kill -0 "$PID" 2>/dev/null || { log "$name died: $dir/out.log"; exit 1; }
    sleep 0.02
  done
  READY_S=$(echo "$EPOCHREALTIME - $t0" | bc -l)
}
stop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; }

for v in "${VARIANTS[@]}"; do
  case $v in
    d-*) log "training d.aot"; train d $LIMIT -XX:MaxRAMPercentage=75 ;;
    e-*) log "training e.aot"; train e $LIMIT @"$OPTIONS" ;;
    f-*) log "training f.aot under load"; train_under_load f $LIMIT @"$OPTIONS" ;;
  esac
done

declare -A READY RSS
for round in $(seq "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    start "$v"
    READY[$v]+="$(printf %.2f "$READY_S") "
    RSS[$v]+="$(rss_mb "$PID") "
    log "round $round $v ready ${READY_S:0:5} s, RSS $(rss_mb "$PID") MB"
    stop
  done
done

# one more start of each under load: wrk posts one SMS per request to /send (bench/wrk/send.lua)
declare -A LOAD_RSS LOAD_RPS LOAD_CPU
if ((LOAD_S > 0)); then
  for v in "${VARIANTS[@]}"; do
    start "$v"
    ( while sleep 0.5; do rss_mb "$PID"; done >"$RUN/$v.rss" 2>/dev/null ) &
    sampler=$!
    ticks=$(cpu_ticks "$PID")
    wrk -t2 -c64 -d"${LOAD_S}s" -s "$BENCH/wrk/send.lua" "http://127.0.0.1:$PORT" >"$RUN/$v.wrk" 2>&1
    kill "$sampler"
    LOAD_CPU[$v]=$(echo "scale=2; ($(cpu_ticks "$PID") - $ticks) / $(getconf CLK_TCK) / $LOAD_S" | bc -l)
    LOAD_RSS[$v]=$(sort -n "$RUN/$v.rss" | tail -1)
    LOAD_RPS[$v]=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$RUN/$v.wrk")
    log "load $v RSS peak ${LOAD_RSS[$v]} MB, ${LOAD_RPS[$v]} req/s, ${LOAD_CPU[$v]} CPUs ($(grep -o 'status_2xx=[0-9]*' "$RUN/$v.wrk"))"
    stop
  done
fi

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -1; }
echo "| variant | ready s min / median (n=$ROUNDS) | RSS after start MB median | RSS under load MB peak | req/s | CPUs used under load |"
echo "|---|---|---|---|---|---|"
for v in "${VARIANTS[@]}"; do
  echo "| $v | $(minimum <<<"${READY[$v]}") / $(median <<<"${READY[$v]}") | $(median <<<"${RSS[$v]}") | ${LOAD_RSS[$v]:--} | ${LOAD_RPS[$v]:--} | ${LOAD_CPU[$v]:--} |"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "${VARIANTS[@]}"; do echo "  $v: ${CMD[$v]}"; echo "    ready: ${READY[$v]}  RSS: ${RSS[$v]}"; done
log "logs in $RUN"
