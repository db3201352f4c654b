#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server.
#
#   scripts/with-postgres.sh CMD ARGS...
#
# Starts a private PostgreSQL cluster in a fresh temporary directory under /tmp on a free
# loopback port, exports COOPATLAS_TEST_PG_URL (role "coopatlas", trust auth, may create
# databases) and runs CMD. The server and the directory are removed afterwards, whatever
# happens; the command's exit status is passed through. When no PostgreSQL server is
# installed and we are root, it is installed with apt; if that is impossible we fail
# rather than skip, so CI always runs the PostgreSQL tests.
#
# initdb refuses to run as root, so as root the server runs as the "postgres" user; as
# any other user it runs as that user. Everything the server touches lives in the
# temporary directory, so it works when the repository is somewhere postgres cannot read.
set -euo pipefail

say() { printf 'with-postgres: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

[[ $# -gt 0 ]] || die "usage: $0 CMD [ARGS...]"

# --- 1. find (or install) the server -----------------------------------------------------
find_bindir() {
	local ctl
	ctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -n $ctl && -x ${ctl%/pg_ctl}/initdb ]]; then
		printf '%s\n' "${ctl%/pg_ctl}"
		return 0
	fi
	# Not Debian's layout: a server on PATH (or pg_config's bindir) will do.
	local dir
	ctl=$(command -v pg_ctl 2>/dev/null || true)
	for dir in "$(pg_config --bindir 2>/dev/null || true)" "$(dirname "$(readlink -f "${ctl:-/nonexistent/x}")")"; do
		if [[ -n $dir && -x $dir/pg_ctl && -x $dir/initdb && -x $dir/postgres ]]; then
			printf '%s\n' "$dir"
			return 0
		fi
	done
	return 1
}

BINDIR=$(find_bindir || true)
if [[ -z $BINDIR ]]; then
	if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
		say "no PostgreSQL server found; installing it with apt"
		apt_log=$(mktemp /tmp/coopatlas-apt.XXXXXXXX)
		if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$apt_log" 2>&1; then
			cat "$apt_log" >&2
			rm -f "$apt_log"
			die "could not install PostgreSQL with apt-get; install a PostgreSQL server (Debian: apt-get install postgresql) and retry"
		fi
		rm -f "$apt_log"
		BINDIR=$(find_bindir || true)
	fi
	[[ -n $BINDIR ]] || die "no PostgreSQL server found (looked for /usr/lib/postgresql/*/bin/pg_ctl and pg_ctl on PATH); install one (Debian: apt-get install postgresql) and retry"
fi

# --- who runs the server -------------------------------------------------------------------
PG_USER=""
if [[ $EUID -eq 0 ]]; then
	if ! id postgres >/dev/null 2>&1; then
		useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
			--shell /bin/sh postgres >/dev/null 2>&1 ||
			die "running as root, and there is no 'postgres' user to run the server as (useradd failed)"
	fi
	PG_USER=postgres
fi

# Run a command as the server's user, from inside the temp dir (the caller's cwd may be
# unreadable for postgres). With DETACH=1 it runs in a session of its own.
DETACH=0
as_pg() {
	local -a pre=()
	if [[ $DETACH -eq 1 ]] && command -v setsid >/dev/null 2>&1 && setsid --help 2>&1 | grep -q -- '--wait'; then
		pre=(setsid --wait)
	fi
	if [[ -z $PG_USER ]]; then
		(cd "$TMP" && exec "${pre[@]}" "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$TMP" && exec "${pre[@]}" runuser -u "$PG_USER" -- "$@")
	else
		local cmd
		cmd=$(printf '%q ' "$@")
		(cd "$TMP" && exec "${pre[@]}" su "$PG_USER" -s /bin/sh -c "$cmd")
	fi
}

# `pg_ctl start` runs detached so that a Ctrl-C cannot kill it half-way: its postmaster
# detaches itself, and were pg_ctl killed before the postmaster wrote its pid file we could
# not stop it. Our INT/TERM traps run once pg_ctl returns, and then the pid file is there.
as_pg_detached() {
	DETACH=1
	local rc=0
	as_pg "$@" || rc=$?
	DETACH=0
	return "$rc"
}

# --- cleanup, whatever happens --------------------------------------------------------------
TMP=""
PORT=""
STARTED=0
cleanup() {
	local rc=$?
	set +e
	# A second Ctrl-C must not interrupt the stop (ignored here and in pg_ctl).
	trap '' INT TERM
	trap - EXIT
	if [[ -n $TMP && -f $TMP/data/postmaster.pid ]]; then
		as_pg "$BINDIR/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1
		if [[ $STARTED -eq 1 ]]; then
			say "postgres stopped on 127.0.0.1:$PORT"
		fi
	fi
	if [[ -n $TMP ]]; then
		rm -rf -- "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. temp dir, cluster, server -----------------------------------------------------------
# Always under /tmp (not $TMPDIR): postgres must be able to reach it, and the socket path
# must stay short.
TMP=$(mktemp -d /tmp/coopatlas-pg.XXXXXXXX)
if [[ -n $PG_USER ]]; then
	chown "$PG_USER" "$TMP"
fi

free_port() {
	local py
	for py in python3 python; do
		if command -v "$py" >/dev/null 2>&1; then
			"$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
		fi
	done
	# No Python: a random high port; a clash is caught by the retry below.
	echo $((20000 + RANDOM % 30000))
}

# C.UTF-8 gives Unicode-aware ctype (upper/lower of non-ASCII text); fall back to the
# plain C locale where it does not exist.
if ! as_pg "$BINDIR/initdb" -D "$TMP/data" -A trust -U coopatlas -E UTF8 --locale=C.UTF-8 \
	>"$TMP/initdb.log" 2>&1; then
	as_pg rm -rf "$TMP/data"
	if ! as_pg "$BINDIR/initdb" -D "$TMP/data" -A trust -U coopatlas -E UTF8 --no-locale \
		>"$TMP/initdb.log" 2>&1; then
		say "initdb failed:"
		cat "$TMP/initdb.log" >&2
		exit 1
	fi
fi

LOG=$TMP/server.log
for attempt in 1 2 3 4 5; do
	PORT=$(free_port)
	if as_pg_detached "$BINDIR/pg_ctl" -D "$TMP/data" -l "$LOG" -w -t 60 -o \
		"-p $PORT -k $TMP -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
		start >/dev/null 2>&1; then
		STARTED=1
		break
	fi
	# Someone took the port between our probe and the bind: try another one.
	if [[ $attempt -lt 5 && ! -f $TMP/data/postmaster.pid ]] && grep -qi 'could not bind\|address already in use' "$LOG" 2>/dev/null; then
		continue
	fi
	break
done
if [[ $STARTED -ne 1 ]]; then
	say "PostgreSQL failed to start on 127.0.0.1:$PORT; server log:"
	cat "$LOG" >&2 2>/dev/null || true
	exit 1
fi

VERSION=$("$BINDIR/postgres" --version 2>/dev/null | awk '{print $3}')
say "postgres ${VERSION:-?} started on 127.0.0.1:$PORT"

# --- 3. run the command ---------------------------------------------------------------------
export COOPATLAS_TEST_PG_URL="postgresql+psycopg://coopatlas@127.0.0.1:$PORT/postgres"
rc=0
"$@" || rc=$?
exit "$rc"
