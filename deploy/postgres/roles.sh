#!/bin/sh
# The two login roles of README's Database section, created once when the
# compose trial's PostgreSQL starts on an empty volume: clinic_owner owns the
# database and migrates it, clinic_app (in clinic_runtime) is what the apps use.
set -eu
psql -v ON_ERROR_STOP=1 --username postgres --port 4160 \
  -v owner_password="$CLINIC_OWNER_PASSWORD" -v app_password="$CLINIC_APP_PASSWORD" <<'SQL'
CREATE ROLE clinic_runtime NOLOGIN;
CREATE ROLE clinic_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE clinic_app LOGIN PASSWORD :'app_password' IN ROLE clinic_runtime;
CREATE DATABASE clinic OWNER clinic_owner;
SQL
