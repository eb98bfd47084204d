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
  } else if (n == "transfer_step_working_days" || n == "registration_months" ||
             n == "archive_shipping_months") {
    auto v = ParseInt(e.value);
    if (!v) return false;
    (n == "transfer_step_working_days" ? layer.transfer_step_working_days
     : n == "registration_months"      ? layer.registration_months
                                       : layer.archive_shipping_months) = *v;
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
  if (auto v = layer.transfer_step_working_days) {
    out.push_back({"transfer_step_working_days", std::to_string(*v)});
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
