#!/usr/bin/env bash
# Makes sure the programs the test suites run besides Node are installed, from Debian: redis-server
# for the cluster suites (they start their own on a free loopback port), chromium for the browser
# suites (playwright-core drives /usr/bin/chromium; no browser is ever downloaded), and OpenLDAP's
# slapd with its client tools for the LDAP suites (each starts its own slapd on a free loopback port). Source it, then
# call `ensure_test_services`: as root it installs what is missing; otherwise it says what to install.
ensure_test_services() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/slapd ] || missing+=(slapd)
  command -v ldapmodify >/dev/null 2>&1 || missing+=(ldap-utils)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "parley: the test suites need ${missing[*]}: run 'sudo apt-get install -y --no-install-recommends ${missing[*]}', then try again" >&2
    return 1
  fi
  echo "parley: installing ${missing[*]} (Debian) for the test suites" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
