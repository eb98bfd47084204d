#include "io/import_template.h"

#include <map>
#include <set>

#include "domain/text.h"
#include "io/csv.h"
#include "io/file_errors.h"
#include "io/xlsx_reader.h"

namespace xueji::io {

namespace {

void EraseAll(std::string& s, std::string_view what) {
  for (size_t at; (at = s.find(what)) != std::string::npos;) s.erase(at, what.size());
}

// "出生日期(YYYYMMDD)" → "出生日期"; unchanged without a trailing bracket.
std::string WithoutTrailingNote(const std::string& key) {
  if (key.empty() || key.back() != ')') return key;
  size_t open = key.rfind('(');
  return open == std::string::npos || open == 0 ? key : key.substr(0, open);
}

const std::map<std::string, const TemplateColumn*>& HeaderIndex() {
  static const auto* kIndex = [] {
    auto* index = new std::map<std::string, const TemplateColumn*>;
    for (const TemplateColumn& c : TemplateColumns()) {
      if (c.field.empty()) continue;  // not kept: ignored like an unknown header
      index->emplace(HeaderKey(c.header), &c);
      for (const auto& a : c.aliases) index->emplace(HeaderKey(a), &c);
    }
    return index;
  }();
  return *kIndex;
}

std::string CellHeader(const SheetCell& cell) {
  return cell.kind == CellKind::kEmpty ? "" : domain::TrimSpaces(cell.text);
}

}  // namespace

// R-IO-1
std::string HeaderKey(std::string_view header) {
  std::string key = domain::CompactCode(header);  // full-width folded, spaces and breaks gone
  for (std::string_view mark : {"★", "☆", "*", "※", "(必填)", "必填", "(选填)", "选填"}) {
    EraseAll(key, mark);
  }
  EraseAll(key, "\xC2\xA0");  // no-break space
  return key;
}

// R-IO-1
const TemplateColumn* FindTemplateColumn(std::string_view header) {
  std::string key = HeaderKey(header);
  if (key.empty()) return nullptr;
  auto it = HeaderIndex().find(key);
  if (it == HeaderIndex().end()) it = HeaderIndex().find(WithoutTrailingNote(key));
  return it == HeaderIndex().end() ? nullptr : it->second;
}

// R-IO-1
HeaderMapping MapHeader(const SheetRow& row) {
  HeaderMapping m;
  m.row = row.number;
  std::set<const TemplateColumn*> seen;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    std::string header = CellHeader(row.cells[i]);
    if (header.empty()) continue;
    int col = static_cast<int>(i);
    const TemplateColumn* def = FindTemplateColumn(header);
    if (def == nullptr || !seen.insert(def).second) {
      m.ignored.push_back(IgnoredColumn{col, ColumnLetters(col), header, def != nullptr});
      continue;
    }
    m.columns.push_back(MappedColumn{col, header, def});
  }
  for (const TemplateColumn& c : TemplateColumns()) {
    if (c.required && !seen.count(&c)) m.missing.push_back(&c);
  }
  return m;
}

// R-IO-1
Status CheckRequiredColumns(const HeaderMapping& mapping) {
  if (mapping.missing.empty()) return Ok();
  std::string names;
  std::vector<Error> details;
  for (const TemplateColumn* c : mapping.missing) {
    names += (names.empty() ? "" : "、") + c->header;
    details.push_back(Invalid("TEMPLATE_COLUMNS_MISSING", c->field, "缺少“" + c->header + "”列"));
  }
  Error e = Invalid(
      "TEMPLATE_COLUMNS_MISSING", "file",
      "导入文件缺少必填列：" + names + "。请使用国家学生信息导入模板，不要删除或改名这些列");
  e.details = std::move(details);
  return e;
}

int HeaderMapping::FieldIndex(std::string_view field) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].def->field == field) return static_cast<int>(i);
  }
  return -1;
}

std::string_view TemplateRow::Field(const HeaderMapping& mapping, std::string_view field) const {
  int i = mapping.FieldIndex(field);
  return i < 0 || static_cast<size_t>(i) >= fields.size() ? std::string_view()
                                                          : fields[static_cast<size_t>(i)];
}

// R-IO-2
TemplateRow MapRow(const HeaderMapping& mapping, const SheetRow& row, bool date1904) {
  TemplateRow out;
  MapRowInto(mapping, row, date1904, out);
  return out;
}

// R-IO-2
void MapRowInto(const HeaderMapping& mapping, const SheetRow& row, bool date1904,
                TemplateRow& out) {
  static const SheetCell kEmptyCell;
  out.row = row.number;
  out.fields.resize(mapping.columns.size());
  out.problems.clear();
  for (size_t i = 0; i < mapping.columns.size(); ++i) {
    const MappedColumn& c = mapping.columns[i];
    const SheetCell& cell =
        static_cast<size_t>(c.column) < row.cells.size() ? row.cells[c.column] : kEmptyCell;
    Status text = NormalizeCellTo(cell, c.def->format, date1904, out.fields[i]);
    if (text.ok()) continue;
    std::string letter = ColumnLetters(c.column);
    out.problems.push_back(CellProblem{row.number, letter, c.header, c.def->field,
                                       text.error().code,
                                       "第" + std::to_string(row.number) + "行" + letter + "列（" +
                                           c.header + "）：" + text.error().message});
  }
}

TemplateRowReader::TemplateRowReader(bool date1904, TemplateHeaderSink on_header,
                                     TemplateRowSink on_row)
    : date1904_(date1904), on_header_(std::move(on_header)), on_row_(std::move(on_row)) {}

// R-IO-1, R-IO-2
Status TemplateRowReader::Add(const SheetRow& row) {
  if (!have_header_) {
    HeaderMapping m = MapHeader(row);
    if (m.columns.size() < 3) {
      if (++searched_ >= kHeaderSearchRows) return Finish();
      return Ok();
    }
    XUEJI_RETURN_IF_ERROR(CheckRequiredColumns(m));
    mapping_ = std::move(m);
    have_header_ = true;
    return on_header_ ? on_header_(mapping_) : Ok();
  }
  MapRowInto(mapping_, row, date1904_, row_);
  bool empty = row_.problems.empty();
  for (const std::string& value : row_.fields) empty = empty && value.empty();
  if (empty) return Ok();
  return on_row_(row_);
}

Status TemplateRowReader::Finish() const {
  if (have_header_) return Ok();
  return Invalid(
      "HEADER_NOT_FOUND", "file",
      "在文件前" + std::to_string(kHeaderSearchRows) +
          "行中没有找到模板的表头行（如“姓名”“性别”“出生日期”）。请使用国家学生信息导入模板");
}

Status ReadTemplate(XlsxReader& reader, const TemplateHeaderSink& on_header,
                    const TemplateRowSink& on_row) {
  TemplateRowReader rows(reader.Date1904(), on_header, on_row);
  XUEJI_RETURN_IF_ERROR(reader.ForEachRow([&](const SheetRow& row) { return rows.Add(row); }));
  return rows.Finish();
}

Status ReadTemplateCsv(std::string_view bytes, const TemplateHeaderSink& on_header,
                       const TemplateRowSink& on_row) {
  XUEJI_ASSIGN_OR_RETURN(auto csv, ParseSpreadsheetCsv(bytes));
  TemplateRowReader rows(false, on_header, on_row);
  SheetRow row;
  for (size_t i = 0; i < csv.size(); ++i) {
    row.number = static_cast<int64_t>(i + 1);
    row.cells.assign(csv[i].size(), SheetCell{});
    for (size_t c = 0; c < csv[i].size(); ++c) {
      if (domain::TrimSpaces(csv[i][c]).empty()) continue;
      row.cells[c] = SheetCell{CellKind::kText, std::move(csv[i][c])};
    }
    while (!row.cells.empty() && row.cells.back().kind == CellKind::kEmpty) row.cells.pop_back();
    if (row.cells.empty()) continue;
    XUEJI_RETURN_IF_ERROR(rows.Add(row));
  }
  return rows.Finish();
}

}  // namespace xueji::io
