#!/usr/bin/env bash
# npm test's pretest step: the tests need redis-server (throwaway Redis servers), docker-compose
# (offline validation of docker/docker-compose.yml), promtool (Prometheus rules), nginx (the
# three-instance test runs docker/nginx/nginx.conf in the foreground) and pgbouncer (the app in
# front of PgBouncer in transaction mode). As root this installs what is missing from Debian's
# packages; otherwise it prints the one command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
# /usr/sbin is not in every user's PATH.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need_apt+=(pgbouncer)
need_promtool=false
command -v promtool >/dev/null 2>&1 || [ -x .tools/promtool ] || need_promtool=true

if [ ${#need_apt[@]} -eq 0 ] && ! $need_promtool; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "npm test needs: ${need_apt[*]} $($need_promtool && echo promtool)" >&2
  echo "Run once, as root: sudo bash scripts/ensure-test-tools.sh" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "Installing test tools: ${need_apt[*]} $($need_promtool && echo promtool)"
apt-get update -qq
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The packages start system services (Redis on 6379, nginx on 80, PgBouncer on 6432); the tests
  # start their own, in the foreground on free ports. Stopped, and not started again at boot.
  for service in redis-server nginx pgbouncer; do
    (systemctl disable --now "$service" || service "$service" stop) >/dev/null 2>&1 || true
  done
fi
if $need_promtool; then
  # promtool alone, from Debian's prometheus package, without installing or starting the service.
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq prometheus && dpkg -x prometheus_*.deb root)
  mkdir -p .tools && cp "$tmp/root/usr/bin/promtool" .tools/promtool
  rm -rf "$tmp"
fi
