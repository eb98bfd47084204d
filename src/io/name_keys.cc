#include "io/name_keys.h"

#include <opencc/opencc.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace xueji::io {
namespace {

// OpenCC's converter is used under a mutex: its thread safety is not
// documented, and names are short.
class Converter {
 public:
  Converter() : handle_(opencc_open("t2s.json")) {
    if (handle_ == reinterpret_cast<opencc_t>(-1)) {
      throw std::runtime_error("OpenCC t2s.json not found (install opencc data)");
    }
  }
  ~Converter() { opencc_close(handle_); }

  std::string Convert(std::string_view text) {
    std::lock_guard<std::mutex> lock(mu_);
    char* out = opencc_convert_utf8(handle_, text.data(), text.size());
    if (out == nullptr) return std::string(text);
    std::string result(out);
    opencc_convert_utf8_free(out);
    return result;
  }

 private:
  opencc_t handle_;
  std::mutex mu_;
};

Converter& TraditionalToSimplified() {
  static Converter converter;
  return converter;
}

// ICU transliterators are not thread-safe: one per thread, cloned from one
// built once (building parses some 150 kB of rules; cloning shares them).
icu::Transliterator& HanToAscii() {
  static const std::unique_ptr<icu::Transliterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made)
      throw std::runtime_error("ICU Han-Latin transliterator missing");
    return made;
  }();
  thread_local std::unique_ptr<icu::Transliterator> t(prototype->clone());
  return *t;
}

// Names repeat (张伟, 王芳 …) and transliteration is the costliest step of
// a registration outside the store, so each thread remembers the keys it
// has made. Han-Latin has rules that look at the next character (重庆 →
// chong qing, 重 elsewhere → zhong), so whole names are remembered, never
// single characters. The memo is dropped when full rather than evicted piecemeal.
class PinyinMemo {
 public:
  const std::string* Find(std::string_view name) const {
    auto it = keys_.find(std::string(name));
    return it == keys_.end() ? nullptr : &it->second;
  }
  void Put(std::string_view name, const std::string& key) {
    if (keys_.size() >= kCapacity) keys_.clear();
    keys_.emplace(std::string(name), key);
  }

 private:
  static constexpr size_t kCapacity = 1 << 16;
  std::unordered_map<std::string, std::string> keys_;
};

std::string TransliteratedKey(std::string_view name) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  HanToAscii().transliterate(text);
  std::string ascii;
  text.toUTF8String(ascii);
  // Keep letters; every other run (spaces, the middle dot, apostrophes)
  // becomes one space.
  std::string key;
  bool gap = false;
  for (char c : ascii) {
    if (c >= 'a' && c <= 'z') {
      if (gap && !key.empty()) key.push_back(' ');
      key.push_back(c);
      gap = false;
    } else {
      gap = true;
    }
  }
  return key;
}

}  // namespace

// R-INFO-5
std::string SimplifiedName(std::string_view name) {
  return TraditionalToSimplified().Convert(name);
}

// R-REG-4
std::string PinyinKey(std::string_view name) {
  thread_local PinyinMemo memo;
  if (const std::string* known = memo.Find(name)) return *known;
  std::string key = TransliteratedKey(name);
  memo.Put(name, key);
  return key;
}

}  // namespace xueji::io
