-- Runs once, when the postgres volume is first initialised. The library is preloaded by
-- the server command (shared_preload_libraries); the extension makes its view queryable
-- for postgres_exporter and for `SELECT * FROM pg_stat_statements ORDER BY total_exec_time DESC`.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
