#!/usr/bin/env bash
# Runs every check and test r2p has, on a fresh Debian machine or in CI:
#   gofmt, go vet, staticcheck, go test -race ./..., and a short fuzz pass.
#
# It installs what is missing with apt (as root): Chromium for the browser
# tests, poppler-utils (pdftotext) for the PDF export tests, and PostgreSQL
# when no server can be reached.
#
# The PostgreSQL tests use the server R2P_TEST_DATABASE_URL names, else one
# answering on 127.0.0.1:5432, else a throwaway cluster this script starts on a
# free loopback port (installing PostgreSQL from apt when missing; as root it
# runs initdb as the postgres user). Each test makes its own fresh database.
#
# Environment: R2P_TEST_DATABASE_URL (a server to use), R2P_CORPUS (the UN
# General Debate Corpus file; corpus-scale tests run only when it is set),
# R2P_FUZZTIME (per fuzz target, default 10s; 0 skips fuzzing), CI=true
# (missing parts fail instead of skipping).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || die "Go is not installed: r2p needs Go $(sed -n 's/^go //p' go.mod) (https://go.dev/dl/)"

apt_updated=
apt_install() {
	[ "$(id -u)" = 0 ] || die "need the Debian packages '$*'; install them or run this as root"
	if [ -z "$apt_updated" ]; then
		say "apt-get update"
		apt-get update -qq
		apt_updated=1
	fi
	say "apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
	local p
	for p in $(seq 54320 54420); do
		port_open "$p" || { echo "$p"; return; }
	done
	die "no free port in 54320-54420 for a throwaway PostgreSQL"
}

as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_throwaway_postgres() {
	as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}

start_throwaway_postgres() {
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
	local port
	pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	port=$(free_port)
	pgdir=$(mktemp -d /tmp/r2p-test-pg.XXXXXX)
	[ "$(id -u)" = 0 ] && chown postgres: "$pgdir"
	say "starting a throwaway PostgreSQL ($pgbin) on 127.0.0.1:$port in $pgdir"
	as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
	as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c max_connections=200" start >/dev/null
	trap stop_throwaway_postgres EXIT
	export R2P_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

# Browser tests (e2e/) drive Debian's Chromium.
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || apt_install chromium
command -v pdftotext >/dev/null || apt_install poppler-utils

if [ -n "${R2P_TEST_DATABASE_URL:-}" ]; then
	say "PostgreSQL: R2P_TEST_DATABASE_URL"
elif [ -z "${R2P_TEST_THROWAWAY_POSTGRES:-}" ] && port_open 5432; then
	export R2P_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	say "PostgreSQL: the server on 127.0.0.1:5432"
else
	start_throwaway_postgres
fi

say "gofmt"
unformatted=$(gofmt -l .)
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"

say "go vet"
go vet ./...

say "staticcheck"
go tool staticcheck ./...

say "go test -race ./..."
go test -race -count=1 -timeout 8m ./...

# fuzz_target fuzzes one target. A failure that left a new input under
# testdata/fuzz is a real finding and fails the run. Go's fuzzer also, now and
# then, ends a run at its deadline with "context deadline exceeded" and no
# input: that run is tried once more. One worker: with two, the fuzzer on
# this kind of machine stalls.
fuzz_target() {
	local dir=$1 target=$2 out attempt
	for attempt in 1 2; do
		if out=$(go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" -parallel 1 "$dir" 2>&1); then
			return 0
		fi
		if [ -n "$(git status --porcelain -- "$dir/testdata/fuzz/$target" 2>/dev/null)" ]; then
			echo "$out"
			echo "scripts/test.sh: $target found a failing input, kept in $dir/testdata/fuzz/$target" >&2
			exit 1
		fi
		if ! grep -q "context deadline exceeded" <<<"$out" || [ "$attempt" = 2 ]; then
			echo "$out"
			exit 1
		fi
		echo "  $target stopped at its deadline without a failing input (a Go fuzzer hiccup); once more"
	done
}

fuzztime=${R2P_FUZZTIME:-10s}
if [ "$fuzztime" != 0 ]; then
	say "fuzzing, $fuzztime per target"
	grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u | while read -r dir; do
		for target in $(grep -h '^func Fuzz' "$dir"/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do
			echo "$dir $target"
			fuzz_target "$dir" "$target"
		done
	done
fi
say "all checks passed"
