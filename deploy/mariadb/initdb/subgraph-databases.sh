#!/usr/bin/env bash
# One database and one user per subgraph, each user with rights on its own database only.
# The MariaDB image runs this once, when it initialises an empty data directory
# (docker-entrypoint-initdb.d): it sources the file, so the entrypoint's docker_process_sql runs the
# SQL as root over the local socket. It is a script, not a .sql file, because passwords come from
# the environment.
#
# Every <NAME>_DB_PASSWORD in the environment is one subgraph: IDENTITY_DB_PASSWORD gives database
# <DATABASE_PREFIX>identity (gatehouse_identity) and user IDENTITY_DB_USER (default identity);
# ACCESS_CONTROL_DB_PASSWORD gives gatehouse_access_control and access_control. A new subgraph needs
# only its two variables in docker-compose.yml. The rights are what a service does with its own
# database: read and write rows, and run its migrations (CREATE DATABASE IF NOT EXISTS included).
#
# `bash subgraph-databases.sh --print` prints the SQL instead (test/e2e/compose-topology.test.ts).

gatehouse_subgraph_databases_sql() {
  local prefix="${DATABASE_PREFIX:-gatehouse_}" variable name user_variable user password database found=0
  if [[ ! $prefix =~ ^[a-z0-9_]*$ ]]; then
    echo "DATABASE_PREFIX: lowercase letters, digits and _ only" >&2
    return 1
  fi
  for variable in $(compgen -e | grep -E '^[A-Z][A-Z0-9_]*_DB_PASSWORD$' | sort); do
    name="${variable%_DB_PASSWORD}"
    user_variable="${name}_DB_USER"
    user="${!user_variable:-${name,,}}"
    password="${!variable}"
    database="${prefix}${name,,}"
    # Checked rather than escaped: the same values go into the services' mysql:// URLs unencoded.
    if [[ ! $user =~ ^[a-z][a-z0-9_]{0,31}$ ]]; then
      echo "${user_variable}: 1 to 32 lowercase letters, digits and _, starting with a letter" >&2
      return 1
    fi
    if [[ ! $password =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
      echo "${variable}: at least 16 characters from A-Z a-z 0-9 _ - (e.g. openssl rand -hex 24)" >&2
      return 1
    fi
    found=1
    cat <<SQL
CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${password}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON \`${database}\`.* TO '${user}'@'%';
SQL
  done
  if [[ $found == 0 ]]; then
    echo "no <NAME>_DB_PASSWORD variable: give the database container each subgraph's user and password" >&2
    return 1
  fi
}

gatehouse_subgraph_databases() {
  local sql
  sql="$(gatehouse_subgraph_databases_sql)" || return 1
  if [[ ${1:-} == --print ]]; then
    printf '%s\n' "$sql"
  elif declare -F docker_process_sql >/dev/null; then
    printf '%s\n' "$sql" | docker_process_sql
  else
    printf '%s\n' "$sql" | mariadb --user=root --password="${MARIADB_ROOT_PASSWORD:?}"
  fi
}

# Sourced by the entrypoint, a failure must stop the initialisation: a half-made database would
# otherwise be kept, and this script never runs again on it.
gatehouse_subgraph_databases "$@" || exit 1
