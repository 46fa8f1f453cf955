package store

func init() { register(networkJobsMigration) }

// networkJobsMigration holds the relationship map's background analyses and
// settings. An analysis job computes exact betweenness and closeness of one
// selection of the map (its filter, as the analysis page's query string)
// and keeps the result (gzipped JSON) so that it survives a restart; a job
// still queued or running when the server stops is marked interrupted at the
// next start. The service-gap sectors are the list an administrator edits;
// no rows means the built-in list.
var networkJobsMigration = Migration{13, "network jobs and settings", `
CREATE TABLE network_analysis_jobs (
	id {{ID}},
	filter TEXT NOT NULL,
	status TEXT NOT NULL,
	phase TEXT NOT NULL DEFAULT '',
	progress DOUBLE PRECISION NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	organizations INTEGER NOT NULL DEFAULT 0,
	ties INTEGER NOT NULL DEFAULT 0,
	requested_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	requested_by_label TEXT NOT NULL DEFAULT '',
	created_at {{TIME}} NOT NULL,
	started_at {{TIME}},
	finished_at {{TIME}},
	result {{BLOB}}
);
CREATE INDEX network_analysis_jobs_filter ON network_analysis_jobs (filter, status, id);
CREATE TABLE network_gap_sectors (
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	matches TEXT NOT NULL,
	PRIMARY KEY (position)
);
CREATE UNIQUE INDEX network_gap_sectors_name ON network_gap_sectors (lower(name))`}
