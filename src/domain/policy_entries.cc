#include "domain/policy_entries.h"

#include <charconv>

namespace xueji::domain {
namespace {

std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::optional<int> ParseInt(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

Error Bad(const std::string& name, const std::string& value) {
  return Invalid("POLICY_VALUE", name, "政策取值无法识别：" + name + " = " + value);
}

// The layer's member a numeric entry sets; nullptr for any other name.
std::optional<int>* NumberEntry(const std::string& n, PolicyLayer& layer) {
  if (n == "transfer_step_working_days") return &layer.transfer_step_working_days;
  if (n == "review_step_working_days") return &layer.review_step_working_days;
  if (n == "registration_months") return &layer.registration_months;
  if (n == "archive_shipping_months") return &layer.archive_shipping_months;
  if (n == "enrollment_grace_months") return &layer.enrollment_grace_months;
  return nullptr;
}

// R-POL-4: the transfer chain's levels, its order and the seasons.
bool ReadChainEntry(const PolicyEntry& e, PolicyLayer& layer) {
  if (e.name == "transfer_chain_ordered") {
    if (e.value != "true" && e.value != "false") return false;
    layer.transfer_chain_ordered = e.value == "true";
  } else if (e.name == "transfer_chain_levels") {
    std::set<OrgLevel> levels;
    for (std::string_view part : Split(e.value, ',')) {
      auto level = ParseOrgLevel(part);
      if (!level) return false;
      levels.insert(*level);
    }
    layer.transfer_chain_levels = std::move(levels);
  } else {
    std::vector<MonthDayRange> seasons;
    for (std::string_view part : Split(e.value, ';')) {
      auto range = ParseMonthDayRange(part);
      if (!range) return false;
      seasons.push_back(*range);
    }
    layer.transfer_seasons = std::move(seasons);
  }
  return true;
}

// One entry into `layer`; false when its name is unknown or its value malformed.
bool ReadEntry(const PolicyEntry& e, PolicyLayer& layer) {
  const std::string& n = e.name;
  if (n.starts_with("class_caps.")) {
    auto stage = ParseStageKey(std::string_view(n).substr(11));
    auto cap = ParseInt(e.value);
    if (!stage || !cap) return false;
    layer.class_caps[*stage] = *cap;
  } else if (n == "status_changes") {
    std::set<std::string> types;
    for (std::string_view t : Split(e.value, ',')) types.emplace(t);
    layer.status_changes = std::move(types);
  } else if (n == "transfer_initiator") {
    layer.transfer_initiator = ParseTransferInitiator(e.value);
    return layer.transfer_initiator.has_value();
  } else if (n == "enrollment_cutoff") {
    auto parts = Split(e.value, '-');
    if (parts.size() != 2) return false;
    layer.enrollment_cutoff_month = ParseInt(parts[0]);
    layer.enrollment_cutoff_day = ParseInt(parts[1]);
    return layer.enrollment_cutoff_month && layer.enrollment_cutoff_day;
  } else if (std::optional<int>* number = NumberEntry(n, layer)) {
    *number = ParseInt(e.value);
    return number->has_value();
  } else if (n == "transfer_chain_levels" || n == "transfer_chain_ordered" ||
             n == "transfer_seasons") {
    return ReadChainEntry(e, layer);
  } else if (n.starts_with("national_freezes.")) {
    auto year = ParseInt(std::string_view(n).substr(17));
    auto range = ParseDayRange(e.value);
    if (!year || !range) return false;
    layer.national_freezes[*year] = *range;
  } else if (n == "extra_freezes") {
    for (std::string_view part : Split(e.value, ';')) {
      auto range = ParseDayRange(part);
      if (!range) return false;
      layer.extra_freezes.push_back(*range);
    }
  } else {
    return false;
  }
  return true;
}

// R-POL-4
void AppendChainEntries(const PolicyLayer& layer, std::vector<PolicyEntry>& out) {
  if (layer.transfer_chain_levels) {
    std::string list;
    // Lowest level first: "city,province".
    for (auto it = layer.transfer_chain_levels->rbegin(); it != layer.transfer_chain_levels->rend();
         ++it) {
      list += (list.empty() ? "" : ",") + std::string(OrgLevelName(*it));
    }
    out.push_back({"transfer_chain_levels", list});
  }
  if (layer.transfer_chain_ordered) {
    out.push_back({"transfer_chain_ordered", *layer.transfer_chain_ordered ? "true" : "false"});
  }
  if (layer.transfer_seasons) {
    std::string list;
    for (const MonthDayRange& r : *layer.transfer_seasons) {
      list += (list.empty() ? "" : ";") + FormatMonthDayRange(r);
    }
    out.push_back({"transfer_seasons", list});
  }
}

}  // namespace

std::string FormatDayRange(const DayRange& range) {
  return FormatDate(range.first) + ".." + FormatDate(range.last);
}

std::optional<DayRange> ParseDayRange(std::string_view text) {
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  auto first = ParseDate(text.substr(0, dots));
  auto last = ParseDate(text.substr(dots + 2));
  if (!first || !last) return std::nullopt;
  return DayRange{*first, *last};
}

std::string_view TransferInitiatorName(TransferInitiator side) {
  return side == TransferInitiator::kReceiving ? "receiving" : "sending";
}

std::optional<TransferInitiator> ParseTransferInitiator(std::string_view name) {
  if (name == "receiving") return TransferInitiator::kReceiving;
  if (name == "sending") return TransferInitiator::kSending;
  return std::nullopt;
}

std::vector<PolicyEntry> LayerEntries(const PolicyLayer& layer) {
  std::vector<PolicyEntry> out;
  for (const auto& [stage, cap] : layer.class_caps) {
    out.push_back({"class_caps." + std::string(StageKey(stage)), std::to_string(cap)});
  }
  if (layer.status_changes) {
    std::string list;
    for (const std::string& t : *layer.status_changes) list += (list.empty() ? "" : ",") + t;
    out.push_back({"status_changes", list});
  }
  if (layer.transfer_initiator) {
    out.push_back(
        {"transfer_initiator", std::string(TransferInitiatorName(*layer.transfer_initiator))});
  }
  if (layer.enrollment_cutoff_month || layer.enrollment_cutoff_day) {
    out.push_back({"enrollment_cutoff", Two(layer.enrollment_cutoff_month.value_or(0)) + "-" +
                                            Two(layer.enrollment_cutoff_day.value_or(0))});
  }
  if (auto v = layer.enrollment_grace_months) {
    out.push_back({"enrollment_grace_months", std::to_string(*v)});
  }
  AppendChainEntries(layer, out);
  if (auto v = layer.transfer_step_working_days) {
    out.push_back({"transfer_step_working_days", std::to_string(*v)});
  }
  if (auto v = layer.review_step_working_days) {
    out.push_back({"review_step_working_days", std::to_string(*v)});
  }
  if (auto v = layer.registration_months)
    out.push_back({"registration_months", std::to_string(*v)});
  if (auto v = layer.archive_shipping_months) {
    out.push_back({"archive_shipping_months", std::to_string(*v)});
  }
  for (const auto& [year, range] : layer.national_freezes) {
    out.push_back({"national_freezes." + std::to_string(year), FormatDayRange(range)});
  }
  if (!layer.extra_freezes.empty()) {
    std::string list;
    for (const DayRange& r : layer.extra_freezes)
      list += (list.empty() ? "" : ";") + FormatDayRange(r);
    out.push_back({"extra_freezes", list});
  }
  return out;
}

Result<PolicyLayer> LayerFromEntries(const std::vector<PolicyEntry>& entries) {
  PolicyLayer layer;
  for (const PolicyEntry& e : entries) {
    if (!ReadEntry(e, layer)) return Bad(e.name, e.value);
  }
  return layer;
}

}  // namespace xueji::domain
