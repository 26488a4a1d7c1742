# Shared by stack/up, stack/down, stack/status: ports, paths, PID files.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/var/stack"
RUN="$STATE/run"
LOG="$STATE/log"
PYTHON="$ROOT/.venv/bin/python"
: "${STACK_HTTPS_PORT:=8443}" "${STACK_HTTP_PORT:=8480}" "${STACK_VARNISH_PORT:=6081}"
: "${STACK_VARNISH_ADMIN_PORT:=6082}" "${STACK_APP_A_PORT:=8201}" "${STACK_APP_B_PORT:=8202}"
: "${STACK_REDIS_PORT:=6390}" "${STACK_DATABASE_NAME:=warta_edge}"
# name:pidfile, in the order they start (stopped in reverse).
SERVICES="redis:redis.pid app-a:gunicorn-a.pid app-b:gunicorn-b.pid scheduler-a:scheduler-a.pid scheduler-b:scheduler-b.pid varnish:varnish.pid nginx:nginx.pid"

pid_of() {  # the PID in var/stack/run/$1 when that process is alive
    local file="$RUN/$1" pid
    [ -s "$file" ] || return 1
    pid="$(cat "$file")"
    kill -0 "$pid" 2>/dev/null && echo "$pid"
}
