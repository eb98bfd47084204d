#include "service/import_rows.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"
#include "io/csv.h"
#include "io/import_template.h"
#include "io/xlsx_reader.h"

namespace xueji::service {
namespace {

std::string CellText(const io::SheetCell& cell) {
  return cell.kind == io::CellKind::kEmpty ? std::string() : cell.text;
}

std::vector<std::string> CellTexts(const io::SheetRow& row, size_t width) {
  std::vector<std::string> out(std::max(width, row.cells.size()));
  for (size_t i = 0; i < row.cells.size(); ++i) out[i] = CellText(row.cells[i]);
  out.resize(width);
  return out;
}

PackedTexts PackedCells(const io::SheetRow& row, size_t width) {
  std::vector<std::string_view> texts(width);
  for (size_t i = 0; i < std::min(width, row.cells.size()); ++i) {
    if (row.cells[i].kind != io::CellKind::kEmpty) texts[i] = row.cells[i].text;
  }
  return PackedTexts(texts);
}

// Feeds raw sheet rows to the template reader and keeps, for each template
// row it hands out, the row's cells as written.
class SheetCollector {
 public:
  explicit SheetCollector(bool date1904)
      : reader_(
            date1904, [this](const io::HeaderMapping& m) { return OnHeader(m); },
            [this](const io::TemplateRow& r) { return OnRow(r); }) {}

  Status Add(const io::SheetRow& row) {
    current_ = &row;
    return reader_.Add(row);
  }
  Status Finish() const { return reader_.Finish(); }
  ImportSheet Take() { return std::move(sheet_); }

 private:
  Status OnHeader(const io::HeaderMapping& mapping) {
    size_t width = current_->cells.size();
    sheet_.headers = CellTexts(*current_, width);
    for (const auto& c : mapping.columns) sheet_.field_columns[c.def->field] = c.column;
    return Ok();
  }
  Status OnRow(const io::TemplateRow& row) {
    auto index = static_cast<int64_t>(sheet_.rows.size());
    sheet_.rows.push_back({row.row, PackedCells(*current_, sheet_.headers.size()), Fields(row)});
    for (const auto& p : row.problems) {
      auto column = io::ColumnOfReference(p.column);
      sheet_.problems.push_back({index, column ? *column : -1, p.message});
    }
    return Ok();
  }

  // The row's fields in the order of sheet_.field_names, names not met
  // before added to it.
  PackedTexts Fields(const io::TemplateRow& row) {
    std::vector<std::string_view> texts(sheet_.field_names.size());
    for (const auto& [name, text] : row.fields) {
      auto [it, fresh] = sheet_.field_index.try_emplace(name, sheet_.field_names.size());
      if (fresh) {
        sheet_.field_names.push_back(name);
        texts.emplace_back();
      }
      texts[it->second] = text;
    }
    return PackedTexts(texts);
  }

  io::TemplateRowReader reader_;
  const io::SheetRow* current_ = nullptr;
  ImportSheet sheet_;
};

Result<ImportSheet> ReadXlsx(std::string bytes) {
  XUEJI_ASSIGN_OR_RETURN(auto reader, io::XlsxReader::FromBuffer(std::move(bytes)));
  SheetCollector collector(reader.Date1904());
  XUEJI_RETURN_IF_ERROR(
      reader.ForEachRow([&](const io::SheetRow& row) { return collector.Add(row); }));
  XUEJI_RETURN_IF_ERROR(collector.Finish());
  return collector.Take();
}

// As io::ReadTemplateCsv reads a CSV: every cell text, rows numbered from 1.
Result<ImportSheet> ReadCsv(std::string_view bytes) {
  XUEJI_ASSIGN_OR_RETURN(auto csv, io::ParseSpreadsheetCsv(bytes));
  SheetCollector collector(false);
  io::SheetRow row;
  for (size_t i = 0; i < csv.size(); ++i) {
    row.number = static_cast<int64_t>(i + 1);
    row.cells.assign(csv[i].size(), io::SheetCell{});
    for (size_t c = 0; c < csv[i].size(); ++c) {
      if (domain::TrimSpaces(csv[i][c]).empty()) continue;
      row.cells[c] = io::SheetCell{io::CellKind::kText, std::move(csv[i][c])};
    }
    while (!row.cells.empty() && row.cells.back().kind == io::CellKind::kEmpty) {
      row.cells.pop_back();
    }
    if (row.cells.empty()) continue;
    XUEJI_RETURN_IF_ERROR(collector.Add(row));
  }
  XUEJI_RETURN_IF_ERROR(collector.Finish());
  return collector.Take();
}

}  // namespace

PackedTexts::PackedTexts(const std::vector<std::string_view>& texts) {
  size_t total = 0;
  for (auto t : texts) total += t.size();
  bytes_.reserve(total);
  ends_.reserve(texts.size());
  for (auto t : texts) {
    bytes_ += t;
    ends_.push_back(static_cast<uint32_t>(bytes_.size()));
  }
}

std::string_view PackedTexts::operator[](size_t i) const {
  uint32_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(bytes_).substr(begin, ends_[i] - begin);
}

std::vector<std::string> PackedTexts::Unpacked() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
  return out;
}

std::string ImportSheet::Field(const ImportRow& row, std::string_view field) const {
  auto it = field_index.find(field);
  if (it == field_index.end() || it->second >= row.fields.size()) return {};
  return std::string(row.fields[it->second]);
}

std::string ImportFileKind(std::string_view file_name) {
  std::string lower(file_name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with(".csv") ? kImportCsv : kImportXlsx;
}

// R-IO-1, R-IO-2
Result<ImportSheet> ReadImportFile(std::string bytes, const std::string& kind) {
  if (kind == kImportCsv) return ReadCsv(bytes);
  return ReadXlsx(std::move(bytes));
}

}  // namespace xueji::service
