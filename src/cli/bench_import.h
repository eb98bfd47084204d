#pragma once

// `xueji bench import --rows N [--db URL] [--seed S] [--now T] [--chunk-rows C]` (issue 6;
// results in docs/benchmarks.md). On a fresh scratch SQLite file, or on the
// empty PostgreSQL database --db names (scripts/with-pg's XUEJI_TEST_PG),
// set up the schema, the national tree and the demo data, and the classes
// 1班, 2班 … the workbook names at the demo school; write an N-row national
// template of io::SyntheticStudents (as `gen-data --xlsx`); then, measured:
//
//   import — service::CreateImportJob + RunImportJob (mode A) as the school's
//            registrar: read, validate, de-duplicate, insert with history,
//            workflow requests and the audit entry. It must write all N
//            records, else the command fails.
//   raw    — the same rows the import wrote to student, guardian,
//            student_extra, student_history, suspected_duplicate,
//            workflow_request and workflow_step, read back, deleted (not
//            timed) and inserted again by cli::RawEngine: one transaction,
//            one prepared INSERT per table.
//
// --chunk-rows sets ImportRunOptions::chunk_rows (default the service's,
// as the server runs it): each chunk commits the job's progress.
//
// Prints `name value` lines: chunk_rows, engine, rows, import_s, import_cpu_s,
// import_rows_per_s, peak_rss_mb (the process's maximum resident set when the
// import ended, set-up and workbook included), raw_rows (rows of all
// tables), raw_s, raw_cpu_s, raw_rows_per_s (students per second) and ratio
// (import / raw). The *_cpu_s figures are this process's user and system
// time: on a loaded machine they show what the wall-clock rates hide; on
// PostgreSQL they leave out the server's work. Exit 0; 1 when a step failed.

#include <CLI/CLI.hpp>

#include <string>

namespace xueji::cli {

// Adds `bench import` to `app`; it runs as the subcommand's callback.
void AddBenchCommands(CLI::App& app, const std::string& regions_csv);

}  // namespace xueji::cli
