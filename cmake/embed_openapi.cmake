# Embeds src/http/openapi.json, the hand-maintained API description, into the binary.
file(READ ${IN} json)
file(WRITE ${OUT}.tmp "// Generated from src/http/openapi.json by cmake/embed_openapi.cmake.\n#include <string_view>\nnamespace xueji::http {\nextern const std::string_view kOpenApiJson;\nconst std::string_view kOpenApiJson = R\"xueji_json(${json})xueji_json\";\n}  // namespace xueji::http\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
