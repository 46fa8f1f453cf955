#!/bin/sh
# Times `backbone import ties` on a directory made by bench/ties/gen: the
# first import into a copy of the organizations, the same file again
# (unchanged) and the file with a tenth of the ties changed, on SQLite and,
# with a PostgreSQL URL, on PostgreSQL (a database made from the template
# ties_NAME). Peak RSS and times from /usr/bin/time -v.
#
#   sh bench/ties/run.sh bench/out/ties/t1m ./backbone ['postgres://postgres@127.0.0.1:5432/test?sslmode=disable']
set -eu
out=$1
bin=$2
pg=${3:-}
name=$(basename "$out")
run() {
	label=$1
	shift
	/usr/bin/time -v "$@" >"$out.$label.log" 2>&1 || { cat "$out.$label.log"; exit 1; }
	printf '%-22s %s; wall %s, peak RSS %s KB\n' "$label" \
		"$(grep -o '[0-9]* new ties.*unchanged' "$out.$label.log")" \
		"$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out.$label.log")" \
		"$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.$label.log")"
}
db=$out.run.db
rm -f "$db" "$db-wal" "$db-shm"
cp "$out.db" "$db"
run sqlite-first "$bin" import ties "$out.csv" --db "$db"
run sqlite-unchanged "$bin" import ties "$out.csv" --db "$db"
run sqlite-changed "$bin" import ties "$out-changed.csv" --db "$db"
if [ -n "$pg" ]; then
	run_db=ties_run_$(echo "$name" | tr - _)
	psql "$pg" -qc "DROP DATABASE IF EXISTS $run_db" -c "CREATE DATABASE $run_db TEMPLATE ties_$(echo "$name" | tr - _)"
	url=$(echo "$pg" | sed "s#/[^/?]*\([?]\|\$\)#/$run_db\1#")
	run postgres-first "$bin" import ties "$out.csv" --db "$url"
	run postgres-unchanged "$bin" import ties "$out.csv" --db "$url"
	run postgres-changed "$bin" import ties "$out-changed.csv" --db "$url"
	psql "$pg" -qc "DROP DATABASE $run_db"
fi
