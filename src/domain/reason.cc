#include "domain/reason.h"

#include "domain/text.h"

namespace xueji::domain {

Result<std::string> CheckReason(std::string_view reason, bool required, const std::string& field) {
  std::string trimmed = TrimSpaces(std::string(reason));
  int length = Utf8Length(trimmed);
  if (length < 0 || length > kMaxReasonLength) {
    return Invalid("REASON_TEXT", field,
                   "理由应为不超过" + std::to_string(kMaxReasonLength) + "个字符的文本");
  }
  if (required && trimmed.empty()) return Invalid("REASON_REQUIRED", field, "请写明理由");
  return trimmed;
}

}  // namespace xueji::domain
