# Shared helpers of the dev scripts (sourced, not run). Expects OTA_CACHE, RUN_DIR and DL_DIR set.

say()  { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# die, printing the tail of a log first
die_log() {
  local log="$1"; shift
  printf 'ERROR: %s\n' "$*" >&2
  if [[ -f "$log" ]]; then
    printf -- '---- last 40 lines of %s ----\n' "$log" >&2
    tail -n 40 "$log" >&2 || true
    printf -- '----\n' >&2
  fi
  exit 1
}

need() { command -v "$1" >/dev/null 2>&1 || die "required command '$1' not found${2:+ ($2)}"; }

# Is something listening on 127.0.0.1:$1 ?
port_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" 2>/dev/null || true; }

# pid from a pid file if that process is alive, else empty
live_pid() {
  local f="$RUN_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# start a command in its own session/process group (pid == pgid), detached, logging to $RUN_DIR/<name>.log
spawn() {
  local name="$1"; shift
  local log="$RUN_DIR/$name.log"
  : >"$log"
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

# stop a process group started by spawn(): TERM, wait, then KILL; verify it is gone
stop_component() {
  local name="$1" pid i
  pid="$(live_pid "$name")"
  if [[ -z "$pid" ]]; then
    rm -f "$RUN_DIR/$name.pid"
    info "$name: not running"
    return 0
  fi
  say "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    pgrp_alive "$pid" || break
    sleep 0.5
  done
  if pgrp_alive "$pid"; then
    info "$name did not stop after 30 s, sending KILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  pgrp_alive "$pid" && die "$name (process group $pid) is still running"
  rm -f "$RUN_DIR/$name.pid"
}

# any process left in process group $1 ?
pgrp_alive() { kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null; }

maven_fetch() {
  local artifact="$1" dest="$2"
  [[ -s "$dest" ]] && return 0
  need mvn "Maven is used to fetch artifacts from Maven Central"
  say "downloading $artifact from Maven Central"
  mkdir -p "$DL_DIR"
  # run outside the repo so the project's pom.xml is not involved
  (cd "$DL_DIR" && mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$DL_DIR" \
      -Dmdep.overWriteReleases=false >"$RUN_DIR/mvn-fetch.log" 2>&1) \
    || die_log "$RUN_DIR/mvn-fetch.log" "could not download $artifact"
  [[ -s "$dest" ]] || die "download of $artifact did not produce $dest"
}

