#!/usr/bin/env bash
# Makes sure the programs the test suites run besides Node are installed: Debian's redis-server,
# for the cluster suites (they start their own on a free loopback port). Source it, then call
# `ensure_test_services`: as root it installs what is missing; otherwise it says what to install.
ensure_test_services() {
  command -v redis-server >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "parley: the cluster tests need redis-server: run 'sudo apt-get install -y redis-server', then try again" >&2
    return 1
  fi
  echo "parley: installing redis-server (Debian) for the cluster tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends redis-server >/dev/null
}
