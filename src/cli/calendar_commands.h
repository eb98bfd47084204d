#pragma once

// `xueji calendar add-working-days DAY N` and `xueji calendar
// is-working-day [DAY]` (R-CAL-1, R-CAL-2).
//
// DAY is YYYY-MM-DD, or an instant (YYYY-MM-DDTHH:MM:SS with Z or +08:00)
// whose date is taken in China Standard Time whatever the machine's time
// zone; is-working-day without DAY asks about today in China Standard Time
// (--now or XUEJI_NOW, else the machine's clock). The calendar is the shipped
// data/holidays.csv (--holidays FILE), or with --db URL the database's, which
// includes the years the system administrator entered.
//
// add-working-days prints the N-th working day strictly after DAY
// (YYYY-MM-DD); is-working-day prints `yes` or `no`. Exit status: 0 answered;
// 1 refused, with the error code and the Chinese message on stderr (a bad
// DAY or N, a year the calendar does not cover); 3 infrastructure failure.

#include <CLI/CLI.hpp>

#include <string>

namespace xueji::cli {

// Adds the `calendar` subcommand to `app`; `default_holidays` is the shipped
// data/holidays.csv.
void AddCalendarCommands(CLI::App& app, const std::string& default_holidays);

}  // namespace xueji::cli
