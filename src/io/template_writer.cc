#include "io/template_writer.h"

#include <map>

#include "domain/school.h"
#include "io/template_columns.h"

namespace xueji::io {
namespace {

const domain::CodeTable* FindTable(const std::vector<domain::CodeTable>& tables,
                                   std::string_view id) {
  for (const auto& t : tables) {
    if (t.id() == id) return &t;
  }
  return nullptr;
}

// How to fill a column, shown as the header cell's note.
std::string ColumnNote(const TemplateColumn& c, const std::vector<domain::CodeTable>& tables) {
  std::string note = c.required ? "必填。" : "";
  const std::string& f = c.field;
  if (f == "birth_date") note += "文本格式，如2015-09-01。";
  if (f == "entry_month") note += "文本格式，年4位月2位，如202109。";
  if (f == "id_number" || f.ends_with("].id_number")) {
    note += "文本格式，请勿设为数值（18位号码会丢失精度）；末位可为X。";
  }
  if (f == "id_number") note += "身份证件类型为Z-其他时可不填。";
  if (f == "birthplace" || f.ends_with("hukou_division")) note += "6位行政区划代码。";
  if (f == "grade_code") note += "填写年级代码，见“代码表”工作表。";
  if (!c.code_table.empty()) {
    const domain::CodeTable* t = FindTable(tables, c.code_table);
    note += "填写代码，见“代码表”工作表的“" + (t ? t->name() : c.code_table) + "”。";
  }
  return note;
}

double ColumnWidth(const TemplateColumn& c) {
  const std::string& f = c.field;
  if (f.ends_with("id_number")) return 22;
  if (f.ends_with("address") || f.ends_with("employer")) return 30;
  return c.header.size() > 18 ? 20 : 12;  // UTF-8 bytes: about six Chinese characters
}

// Sheet 代码表: 代码表, 代码, 名称, 用于列 (on each table's first row).
Status WriteCodeSheet(XlsxWriter& w, const std::vector<domain::CodeTable>& tables) {
  std::vector<XlsxColumn> columns = {{"代码表", 16}, {"代码", 8}, {"名称", 28}, {"用于列", 60}};
  XUEJI_ASSIGN_OR_RETURN(int sheet, w.AddSheet(kCodeSheet, columns));
  std::vector<std::string> order;  // table ids in the order columns first use them
  std::map<std::string, std::string> used_by;
  for (const TemplateColumn& c : NationalTemplateColumns()) {
    if (c.code_table.empty()) continue;
    std::string& list = used_by[c.code_table];
    if (list.empty()) order.push_back(c.code_table);
    list += (list.empty() ? "" : "、") + c.header;
  }
  for (const std::string& id : order) {
    const domain::CodeTable* t = FindTable(tables, id);
    if (t == nullptr) continue;
    bool first = true;
    for (const domain::CodeValue& v : t->values()) {
      if (v.historical) continue;
      XUEJI_RETURN_IF_ERROR(
          w.WriteRow(sheet, {t->name(), v.code, v.name, first ? used_by[id] : ""}));
      first = false;
    }
  }
  bool first = true;
  for (const domain::GradeInfo& g : domain::Grades()) {
    XUEJI_RETURN_IF_ERROR(w.WriteRow(
        sheet, {"年级", std::string(g.code), std::string(g.chinese), first ? "年级" : ""}));
    first = false;
  }
  return Ok();
}

}  // namespace

std::vector<XlsxColumn> TemplateXlsxColumns(const std::vector<domain::CodeTable>& tables) {
  std::vector<XlsxColumn> out;
  for (const TemplateColumn& c : NationalTemplateColumns()) {
    out.push_back(XlsxColumn{c.header, ColumnWidth(c), c.text, c.required, ColumnNote(c, tables)});
  }
  return out;
}

Result<std::unique_ptr<TemplateWriter>> TemplateWriter::Create(
    const std::string& path, const std::vector<domain::CodeTable>& tables,
    const std::string& tmpdir) {
  XUEJI_ASSIGN_OR_RETURN(auto writer, XlsxWriter::Create(path, tmpdir));
  XUEJI_ASSIGN_OR_RETURN(int sheet, writer->AddSheet(kTemplateSheet, TemplateXlsxColumns(tables)));
  XUEJI_RETURN_IF_ERROR(WriteCodeSheet(*writer, tables));
  return std::unique_ptr<TemplateWriter>(new TemplateWriter(std::move(writer), sheet));
}

Status TemplateWriter::AddStudent(const domain::StudentInput& student, std::string_view school_code,
                                  std::string_view class_name) {
  return writer_->WriteRow(sheet_, TemplateRowCells(student, school_code, class_name));
}

Status WriteEmptyTemplate(const std::string& path, const std::vector<domain::CodeTable>& tables) {
  XUEJI_ASSIGN_OR_RETURN(auto writer, TemplateWriter::Create(path, tables));
  return writer->Finish();
}

}  // namespace xueji::io
