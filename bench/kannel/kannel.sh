# shellcheck shell=bash
# Kannel (Debian package `kannel`, 1.4.5) as a benchmark peer. A library: `source` it.
#
#   kannel_install                          apt-get install kannel if bearerbox is missing
#   kannel_start   RUN_DIR PROVIDER_PORT    render the config, start bearerbox + smsbox, wait
#   kannel_measure RUN_DIR PROVIDER_LOG DURATION_S CONNECTIONS
#                                           wrk load on sendsms, wait for the drain, print
#                                           one key=value result line on stdout (cpu_s: the
#                                           CPU-seconds bearerbox and smsbox used, drain included)
#   kannel_stop    RUN_DIR                  stop exactly the processes kannel_start started
#
# Ports and credentials can be overridden through the environment (defaults below). Progress
# and diagnostics go to stderr; only the result line of kannel_measure goes to stdout.

KANNEL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${KANNEL_ADMIN_PORT:=13100}"
: "${KANNEL_SMSBOX_PORT:=13101}"
: "${KANNEL_SENDSMS_PORT:=13113}"
: "${KANNEL_ADMIN_PASSWORD:=bench}"
: "${KANNEL_SENDSMS_USER:=bench}"
: "${KANNEL_SENDSMS_PASSWORD:=bench}"
: "${KANNEL_START_TIMEOUT_S:=30}"
: "${KANNEL_STOP_TIMEOUT_S:=30}"
: "${KANNEL_DRAIN_TIMEOUT_S:=120}"
# the drain is over when every accepted message reached the provider, or when the provider log
# has not grown for this long
: "${KANNEL_DRAIN_QUIET_S:=3}"
: "${KANNEL_WRK_THREADS:=1}"
export KANNEL_SENDSMS_USER KANNEL_SENDSMS_PASSWORD

_kannel_log() { echo "kannel: $*" >&2; }

# true if something accepts TCP connections on 127.0.0.1:$1
_kannel_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_kannel_now() { date +%s.%N; }

# user + system CPU ticks of the boxes kannel_start started, together
_kannel_cpu_ticks() {
  local pid total=0
  while read -r pid; do
    [[ -r /proc/$pid/stat ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done <"$1/kannel.pids"
  echo "$total"
}

_kannel_lines() {
  if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi
}

kannel_install() {
  if command -v bearerbox >/dev/null 2>&1 || [[ -x /usr/sbin/bearerbox ]]; then
    return 0
  fi
  _kannel_log "installing the kannel package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kannel >/dev/null ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kannel >/dev/null; } || return 1
  # the package's init script is not used: the boxes are started by kannel_start
}

kannel_start() {
  local run=${1:?RUN_DIR} provider_port=${2:?PROVIDER_PORT}
  local bb=/usr/sbin/bearerbox sb=/usr/sbin/smsbox p
  mkdir -p "$run" || return 1
  run=$(cd "$run" && pwd)
  if [[ -s $run/kannel.pids ]]; then
    _kannel_log "$run/kannel.pids exists: Kannel already started in this run dir?"
    return 1
  fi
  for p in "$KANNEL_ADMIN_PORT" "$KANNEL_SMSBOX_PORT" "$KANNEL_SENDSMS_PORT"; do
    if _kannel_port_open "$p"; then
      _kannel_log "port $p is already in use"
      return 1
    fi
  done
  sed -e "s#__RUN__#$run#g" \
      -e "s#__PROVIDER_PORT__#$provider_port#g" \
      -e "s#__ADMIN_PORT__#$KANNEL_ADMIN_PORT#g" \
      -e "s#__SMSBOX_PORT__#$KANNEL_SMSBOX_PORT#g" \
      -e "s#__SENDSMS_PORT__#$KANNEL_SENDSMS_PORT#g" \
      -e "s#__ADMIN_PASSWORD__#$KANNEL_ADMIN_PASSWORD#g" \
      -e "s#__SENDSMS_USER__#$KANNEL_SENDSMS_USER#g" \
      -e "s#__SENDSMS_PASSWORD__#$KANNEL_SENDSMS_PASSWORD#g" \
      "$KANNEL_DIR/kannel.conf.template" >"$run/kannel.conf" || return 1
  : >"$run/kannel.pids"

  # Both boxes run in the foreground (no -d); -v 2 keeps the console copy of the log to
  # warnings and errors (the log files get log-level 1 from the config).
  "$bb" -v 2 "$run/kannel.conf" >"$run/bearerbox.out" 2>&1 </dev/null &
  local bb_pid=$!
  echo "$bb_pid" >>"$run/kannel.pids"

  # smsbox gives up if bearerbox's box port is not open yet: wait for it
  local deadline=$((SECONDS + KANNEL_START_TIMEOUT_S))
  until _kannel_port_open "$KANNEL_SMSBOX_PORT"; do
    if ! kill -0 "$bb_pid" 2>/dev/null; then
      _kannel_log "bearerbox exited during start-up; see $run/bearerbox.out and bearerbox.log"
      kannel_stop "$run"; return 1
    fi
    if ((SECONDS >= deadline)); then
      _kannel_log "bearerbox did not open port $KANNEL_SMSBOX_PORT in ${KANNEL_START_TIMEOUT_S}s"
      kannel_stop "$run"; return 1
    fi
    sleep 0.1
  done

  "$sb" -v 2 "$run/kannel.conf" >"$run/smsbox.out" 2>&1 </dev/null &
  local sb_pid=$!
  echo "$sb_pid" >>"$run/kannel.pids"

  # ready when the sendsms port answers HTTP (any status)
  local code
  until code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' \
                 "http://127.0.0.1:$KANNEL_SENDSMS_PORT/cgi-bin/sendsms") && [[ $code != 000 ]]; do
    if ! kill -0 "$sb_pid" 2>/dev/null || ! kill -0 "$bb_pid" 2>/dev/null; then
      _kannel_log "a box exited during start-up; see $run/*.out and $run/*.log"
      kannel_stop "$run"; return 1
    fi
    if ((SECONDS >= deadline)); then
      _kannel_log "sendsms port $KANNEL_SENDSMS_PORT did not answer in ${KANNEL_START_TIMEOUT_S}s"
      kannel_stop "$run"; return 1
    fi
    sleep 0.1
  done
  _kannel_log "started bearerbox (pid $bb_pid) and smsbox (pid $sb_pid), provider port $provider_port, sendsms on 127.0.0.1:$KANNEL_SENDSMS_PORT"
}

kannel_stop() {
  local run=${1:?RUN_DIR} pid pids=() live
  [[ -f $run/kannel.pids ]] || return 0
  mapfile -t pids <"$run/kannel.pids"
  # smsbox first (the last one started), then bearerbox
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    [[ $pid =~ ^[0-9]+$ ]] || continue
    kill -TERM "$pid" 2>/dev/null || continue
    local deadline=$((SECONDS + KANNEL_STOP_TIMEOUT_S))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      _kannel_log "pid $pid did not stop in ${KANNEL_STOP_TIMEOUT_S}s, killing it"
      kill -KILL "$pid" 2>/dev/null
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    # reap it if it is our child (no-op otherwise)
    wait "$pid" 2>/dev/null
  done
  live=""
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && live+=" $pid"; done
  if [[ -n $live ]]; then
    _kannel_log "still running:$live"
    return 1
  fi
  mv "$run/kannel.pids" "$run/kannel.pids.stopped"
  _kannel_log "stopped pids ${pids[*]}"
}

kannel_measure() {
  local run=${1:?RUN_DIR} log=${2:?PROVIDER_LOG} duration=${3:?DURATION_S} conns=${4:?CONNECTIONS}
  local threads=$KANNEL_WRK_THREADS
  ((threads > conns)) && threads=$conns
  local base t0 t1 wrkout result
  base=$(_kannel_lines "$log")
  wrkout="$run/wrk-kannel.out"
  local cpu0
  cpu0=$(_kannel_cpu_ticks "$run")

  t0=$(_kannel_now)
  wrk -t"$threads" -c"$conns" -d"${duration}s" -s "$KANNEL_DIR/sendsms.lua" \
      "http://127.0.0.1:$KANNEL_SENDSMS_PORT/" >"$wrkout" 2>&1
  t1=$(_kannel_now)
  result=$(grep '^WRKRESULT ' "$wrkout")
  if [[ -z $result ]]; then
    _kannel_log "wrk gave no result; see $wrkout"
    return 1
  fi
  local accepted
  accepted=$(sed -n 's/.* status_2xx=\([0-9]*\).*/\1/p' <<<"$result")

  # drain: poll the provider log every 200 ms until it stopped growing for KANNEL_DRAIN_QUIET_S,
  # or KANNEL_DRAIN_TIMEOUT_S passed, or it got the most that can come: the accepted messages
  # plus one per connection (the requests in flight when wrk stopped: Kannel took them, but
  # wrk closed the connection before their answer and did not count them).
  local n last_n=-1 quiet_since now
  quiet_since=$(_kannel_now)
  while :; do
    n=$(( $(_kannel_lines "$log") - base ))
    now=$(_kannel_now)
    if ((n != last_n)); then
      last_n=$n
      quiet_since=$now
    fi
    ((n >= accepted + conns)) && break
    if awk -v a="$now" -v b="$quiet_since" -v q="$KANNEL_DRAIN_QUIET_S" 'BEGIN{exit !(a-b>=q)}'; then
      break
    fi
    if awk -v a="$now" -v b="$t1" -v q="$KANNEL_DRAIN_TIMEOUT_S" 'BEGIN{exit !(a-b>=q)}'; then
      _kannel_log "drain gave up after ${KANNEL_DRAIN_TIMEOUT_S}s"
      break
    fi
    sleep 0.2
  done
  local delivered=$n t_last cpu_s
  cpu_s=$(echo "scale=3; ($(_kannel_cpu_ticks "$run") - cpu0) / $(getconf CLK_TCK)" | bc -l)
  # time of the last delivery: the stand-in's own timestamp on the last log line
  if ((delivered > 0)); then
    t_last=$(tail -n 1 "$log" | awk '{print $1}')
  else
    t_last=$t1
  fi
  # bearerbox's view after the drain (queues, sent/failed counters), for diagnosis
  curl -s -m 5 "http://127.0.0.1:$KANNEL_ADMIN_PORT/status.txt?password=$KANNEL_ADMIN_PASSWORD" \
    >"$run/kannel-status-after.txt" 2>/dev/null

  awk -v r="$result" -v cpu="$cpu_s" -v t0="$t0" -v t1="$t1" -v tl="$t_last" -v d="$delivered" -v a="$accepted" '
    function get(k,   m) { if (match(r, " " k "=[^ ]*")) return substr(r, RSTART + length(k) + 2, RLENGTH - length(k) - 2); return "" }
    BEGIN {
      load = t1 - t0
      span = tl - t0; if (span <= 0) span = load
      drain = tl - t1; if (drain < 0 || d == 0) drain = 0
      printf "accepted=%d accepted_per_s=%.1f delivered=%d delivered_per_s=%.1f drain_s=%.2f p50_ms=%s p99_ms=%s cpu_s=%s\n",
        a, a / get("duration_s"), d, d / span, drain, get("p50_ms"), get("p99_ms"), cpu
    }'
  _kannel_log "wrk: $result"
}
