#include "service/import_rows.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"
#include "io/csv.h"
#include "io/import_template.h"
#include "io/template_columns.h"
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

// The row's cells as written, `texts` a buffer reused row after row.
PackedTexts PackedCells(const io::SheetRow& row, size_t width,
                        std::vector<std::string_view>& texts) {
  texts.assign(width, std::string_view());
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
    sheet_.field_slots.assign(io::TemplateColumns().size(), -1);
    for (const auto& c : mapping.columns) {
      sheet_.field_columns[c.def->field] = c.column;
      sheet_.field_slots[static_cast<size_t>(c.def - io::TemplateColumns().data())] =
          static_cast<int>(sheet_.field_names.size());
      sheet_.field_names.push_back(c.def->field);
    }
    return Ok();
  }
  // The row's fields are those of the mapping's columns, in their order:
  // sheet_.field_names.
  Status OnRow(const io::TemplateRow& row) {
    auto index = static_cast<int64_t>(sheet_.rows.size());
    sheet_.rows.push_back(
        {row.row, PackedCells(*current_, sheet_.headers.size(), texts_), PackedTexts(row.fields)});
    for (const auto& p : row.problems) {
      auto column = io::ColumnOfReference(p.column);
      sheet_.problems.push_back({index, column ? *column : -1, p.message});
    }
    return Ok();
  }

  io::TemplateRowReader reader_;
  const io::SheetRow* current_ = nullptr;
  std::vector<std::string_view> texts_;
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

namespace {

template <typename Text>
void Pack(const std::vector<Text>& texts, std::string& bytes, std::vector<uint32_t>& ends) {
  size_t total = 0;
  for (const auto& t : texts) total += t.size();
  bytes.reserve(total);
  ends.reserve(texts.size());
  for (const auto& t : texts) {
    bytes += t;
    ends.push_back(static_cast<uint32_t>(bytes.size()));
  }
}

}  // namespace

PackedTexts::PackedTexts(const std::vector<std::string_view>& texts) { Pack(texts, bytes_, ends_); }

PackedTexts::PackedTexts(const std::vector<std::string>& texts) { Pack(texts, bytes_, ends_); }

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
  return std::string(FieldAt(row, io::TemplateColumnOf(field)));
}

int ImportSheet::ColumnOf(std::string_view field) const {
  std::string key(field == "class_id" ? std::string_view(io::kClassNameField) : field);
  auto it = field_columns.find(key);
  return it == field_columns.end() ? -1 : it->second;
}

std::string_view ImportSheet::FieldAt(const ImportRow& row, int template_column) const {
  if (template_column < 0 || static_cast<size_t>(template_column) >= field_slots.size()) return {};
  int slot = field_slots[static_cast<size_t>(template_column)];
  if (slot < 0 || static_cast<size_t>(slot) >= row.fields.size()) return {};
  return row.fields[static_cast<size_t>(slot)];
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
