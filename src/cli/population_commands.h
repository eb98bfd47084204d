#pragma once

// `xueji population import --db URL FILE` (R-NO-7) and
// `xueji numbers formal-batch --db URL [--scope ORG_CODE]` (R-NO-3, R-YR-4).
//
// Each command runs as its subcommand's callback once the command line has
// parsed, prints its report on stdout as `name value` lines, and ends the
// parse with its exit status, which main returns: 0 done; 1 refused (error on
// stderr) or, for an import, some rows not imported; 3 infrastructure failure.

#include <CLI/CLI.hpp>

namespace xueji::cli {

// Adds the `population` and `numbers` subcommands to `app`.
void AddPopulationCommands(CLI::App& app);

}  // namespace xueji::cli
