// The OpenAPI 3 description of the API, kept beside the routes it describes (api.cc); a test
// checks that the two list the same paths and methods.
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "server/api/routes.h"
#include "server/http.h"

namespace kieumau::server {

namespace {

constexpr std::string_view kDocument = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "KieuMau API",
    "version": "0.1.0",
    "description": "Chấm điểm mô hình Công an phường kiểu mẫu theo bộ tiêu chí (scores units against criteria sets). Mọi lỗi có dạng {\"error\": {\"code\", \"message\"}} (every error has this shape)."
  },
  "paths": {
    "/api/health": {
      "get": {
        "summary": "Máy chủ còn chạy (the server is up)",
        "responses": {
          "200": {
            "description": "Luôn là {\"status\":\"ok\"}",
            "content": { "application/json": { "schema": {
              "type": "object", "required": ["status"],
              "properties": { "status": { "type": "string", "enum": ["ok"] } } } } }
          }
        }
      }
    },
    "/api/openapi.json": {
      "get": {
        "summary": "Tài liệu này (this document)",
        "responses": { "200": { "description": "OpenAPI 3",
          "content": { "application/json": { "schema": { "type": "object" } } } } }
      }
    },
    "/api/rubrics": {
      "get": {
        "summary": "Các bộ tiêu chí đã nạp (the criteria sets loaded)",
        "responses": {
          "200": {
            "description": "Danh sách (list)",
            "content": { "application/json": { "schema": {
              "type": "array", "items": { "$ref": "#/components/schemas/RubricSummary" } } } }
          }
        }
      }
    },
    "/api/rubrics/{id}": {
      "get": {
        "summary": "Một bộ tiêu chí: nhóm, tiêu chí, mục và điểm tối đa (one criteria set)",
        "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
        "responses": {
          "200": { "description": "Bộ tiêu chí (the rubric)",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Rubric" } } } },
          "404": { "$ref": "#/components/responses/Error" }
        }
      }
    },
    "/api/score": {
      "post": {
        "summary": "Chấm điểm một tệp số liệu (scores a facts file, RUBRIC-FORMAT.md §7)",
        "parameters": [ { "name": "rubric", "in": "query", "required": true, "schema": { "type": "string" },
          "description": "Mã bộ tiêu chí (rubric id), ví dụ qn-ancs-2023" } ],
        "requestBody": { "required": true, "content": { "application/json": { "schema": {
          "type": "object", "required": ["year", "units"],
          "properties": {
            "rubric": { "type": "string" },
            "year": { "type": "integer" },
            "units": { "type": "array", "items": { "type": "object", "required": ["unit", "kind"],
              "properties": {
                "unit": { "type": "string" }, "name": { "type": "string" }, "kind": { "type": "string" },
                "values": { "type": "object", "additionalProperties": { "type": "number" } },
                "prior": { "type": "object", "additionalProperties": { "type": "number" } },
                "manual": { "type": "object", "additionalProperties": { "type": "number" } } } } } } } } } },
        "responses": {
          "200": { "description": "Kết quả như kieumau score (the result kieumau score writes)",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Results" } } } },
          "400": { "$ref": "#/components/responses/Error" },
          "404": { "$ref": "#/components/responses/Error" },
          "422": { "$ref": "#/components/responses/Error" }
        }
      }
    }
  },
  "components": {
    "responses": {
      "Error": { "description": "Lỗi (error)",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"],
        "properties": { "error": { "type": "object", "required": ["code", "message"],
          "properties": {
            "message": { "type": "string", "description": "Tiếng Việt, tiếng Anh trong ngoặc (Vietnamese, English in parentheses)" },
            "details": { "type": "array", "items": { "type": "string" } } } } }
      },
      "RubricSummary": {
        "type": "object", "required": ["id", "title", "unit_kinds", "max"],
        "properties": {
          "id": { "type": "string" }, "title": { "type": "string" },
          "unit_kinds": { "type": "array", "items": { "type": "string", "enum": ["phuong", "xa", "thi_tran", "dac_khu"] } },
          "max": { "type": "number" } }
      },
      "Rubric": {
        "allOf": [ { "$ref": "#/components/schemas/RubricSummary" }, { "type": "object", "properties": {
          "source": { "type": "string" },
          "pass": { "type": "object", "properties": { "all_mandatory": { "type": "boolean" }, "min_points": { "type": "number" } } },
          "vetoes": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "text": { "type": "string" } } } },
          "groups": { "type": "array", "items": { "type": "object" } } } } ]
      },
      "Results": {
        "type": "object", "required": ["rubric", "year", "results"],
        "properties": {
          "rubric": { "type": "string" }, "year": { "type": "integer" },
          "results": { "type": "array", "items": { "type": "object", "properties": {
            "unit": { "type": "string" }, "total": { "type": "number" },
            "outcome": { "type": "string", "enum": ["ineligible", "pass", "fail", "scored"] } } } } }
      }
    }
  }
}
)json";

}  // namespace

std::string_view OpenApiJson() {
  // Built once: the document above with the data routes' paths merged in.
  static const std::string document = [] {
    nlohmann::ordered_json json = nlohmann::ordered_json::parse(kDocument);
    const nlohmann::ordered_json paths = nlohmann::ordered_json::parse(DataOpenApiPaths());
    for (const auto& [path, item] : paths.items())
      json["paths"][path] = item;
    const nlohmann::ordered_json schemas = nlohmann::ordered_json::parse(DataOpenApiSchemas());
    for (const auto& [name, schema] : schemas.items())
      json["components"]["schemas"][name] = schema;
    // The closed list of error codes, each with its meaning (app/problem.h).
    nlohmann::ordered_json codes = nlohmann::ordered_json::array();
    std::string meanings;
    for (const app::ErrorCodeInfo& info : app::ErrorCodes()) {
      codes.push_back(info.key);
      meanings += "\n- `" + std::string(info.key) + "` (" + std::to_string(HttpStatus(info.kind)) +
                  "): " + std::string(info.meaning);
    }
    auto& error = json["components"]["schemas"]["Error"]["properties"]["error"];
    error["required"] = {"request_id", "code", "message"};
    error["properties"]["code"] = {{"type", "string"},
                                   {"enum", std::move(codes)},
                                   {"description", "Mã lỗi (error codes):" + meanings}};
    error["properties"]["request_id"] = {
        {"type", "string"},
        {"description",
         "Mã của yêu cầu, như tiêu đề X-Request-Id và trong nhật ký máy chủ (the request's id, "
         "as in the X-Request-Id header and the server's log)"}};
    // Every route needs the session cookie, and a state-changing one the CSRF token, but the
    // health check and the session's own routes (which look at the cookie themselves).
    json["components"]["securitySchemes"] = nlohmann::ordered_json::parse(R"json({
      "session": { "type": "apiKey", "in": "cookie", "name": "kieumau_session",
        "description": "Đặt bởi POST /api/session (set by POST /api/session); HttpOnly, SameSite=Strict" },
      "csrf": { "type": "apiKey", "in": "header", "name": "X-CSRF-Token",
        "description": "Mã csrf trả về khi đăng nhập, cho mọi yêu cầu thay đổi dữ liệu (the csrf token answered at sign-in, on every state-changing request)" } })json");
    json["security"] = nlohmann::ordered_json::parse(R"([ { "session": [] } ])");
    for (auto& [path, item] : json["paths"].items()) {
      for (auto& [method, operation] : item.items()) {
        if (path == "/api/health" || path == "/api/session") {
          operation["security"] = nlohmann::ordered_json::array();
        } else if (method != "get") {
          operation["security"] =
              nlohmann::ordered_json::parse(R"([ { "session": [], "csrf": [] } ])");
        }
      }
    }
    json["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["rows"] =
        nlohmann::ordered_json::parse(R"({ "type": "array", "items": { "type": "object",
          "properties": { "row": { "type": "integer" }, "column": { "type": "string" },
            "message": { "type": "string" } } } })");
    return json.dump(2);
  }();
  return document;
}

}  // namespace kieumau::server
