#!/usr/bin/env bash
# Redis commands and round trips per send, counted, not timed: sends N messages to distinct
# receivers one at a time through a gateway in redis mode whose REDIS_URL names database DB (so the
# count holds only its commands, whoever else uses that Redis) and reads them off MONITOR. A
# script's commands follow its EVALSHA line at once (Redis runs one command at a time), so they are
# counted under it. Not part of the test command.
#
#   bench/redis-trips.sh PORT [N=1000] [DB=9] [PHASE=4]
#
# The gateway as measured in bench/RESULTS.md ("Redis round trips per send"):
#   SERVICE_PROVIDER=console SMS_STATE_STORE=redis REDIS_URL=redis://127.0.0.1:6379/9 \
#   SMS_REDIS_PREFIX=trips: SMS_REDIS_KEY_SECRET=<32+ characters> SMS_FRAUD_ADJACENT=monitor \
#   SMS_FRAUD_NUMBER_TYPE=monitor RATE_LIMIT_MAX_REQUESTS=1000000 RATE_LIMIT_TIME_WINDOW=1s \
#   HTTP_PORT=<port> ROUTES_DIR=routes java -jar target/sms-gateway.jar
# Receivers are +447<PHASE>00000001 on: consecutive, as wrk's (bench/wrk/send.lua), so the
# adjacent rule judges them past its threshold, in monitor mode.
set -euo pipefail
PORT=$1 N=${2:-1000} DB=${3:-9} PHASE=${4:-4}
OUT=$(mktemp /tmp/redis-trips.XXXXXX)
redis-cli MONITOR >"$OUT" &
MONITOR_PID=$!
trap 'kill $MONITOR_PID 2>/dev/null || true; rm -f "$OUT"' EXIT
sleep 0.5
answers=$(for i in $(seq 1 "$N"); do
  curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    -d "{\"sender\":\"Bench\",\"receiver\":\"+447${PHASE}$(printf %08d "$i")\",\"body\":\"Your code is 123456\"}" \
    "http://127.0.0.1:$PORT/send"
done | sort | uniq -c | xargs)
sleep 1 # commands sent after the answer (asynchronous writes) land too
kill $MONITOR_PID
echo "answers (count status): $answers"
# the scripts by name: SHA-1 → file
NAMES=$(for f in "$(dirname "$0")"/../src/main/resources/redis/*.lua; do
  printf '%s=%s ' "$(sha1sum <"$f" | cut -c1-40)" "$(basename "$f" .lua)"
done)
awk -v n="$N" -v db="$DB" -v names="$NAMES" '
  BEGIN { k = split(names, pairs, " "); for (i = 1; i <= k; i++) { split(pairs[i], p, "="); name[p[1]] = p[2] } }
  / \[[0-9]+ lua\] / { if (mine) { c = tolower($4); gsub(/"/, "", c); inner[c]++ } next }
  $0 ~ " \\[" db " " { mine = 1; c = tolower($4); gsub(/"/, "", c); client[c]++; t++
    if (c == "evalsha" || c == "eval") { s = $5; gsub(/"/, "", s); script[s in name ? name[s] : s]++ } next }
  { mine = 0 }
  END {
    for (c in client) printf "sent     %-18s %7.3f per send\n", c, client[c] / n
    for (s in script) printf "script   %-28s %7.3f per send\n", s, script[s] / n
    for (c in inner) { printf "in Lua   %-18s %7.3f per send\n", c, inner[c] / n; u += inner[c] }
    printf "total    %-18s %7.3f per send\n", "sent", t / n
    printf "total    %-18s %7.3f per send\n", "run in Lua", u / n
  }' "$OUT" | sort
