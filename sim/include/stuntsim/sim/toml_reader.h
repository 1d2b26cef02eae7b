#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace stuntsim {

/// Reads a parsed TOML table field by field with errors that name the file, the line and the
/// field and say what was expected; RejectUnknownKeys() turns typos into errors.
class TomlReader {
 public:
  /// Parses `path`; throws InputError (file, line, parser message) if missing or malformed.
  static toml::table ParseFile(const std::string& path);
  /// Parses TOML `text`; `source` names it in messages (usually the file path). Throws
  /// InputError (source, line, parser message) if malformed.
  static toml::table ParseText(std::string_view text, const std::string& source);

  /// Wraps `table` of `file`; `prefix` is the dotted path of the table ("" at the root).
  TomlReader(const toml::table& table, std::string file, std::string prefix = "");

  bool Has(const std::string& key) const;
  std::string String(const std::string& key);
  std::string StringOr(const std::string& key, const std::string& fallback);
  /// A finite number (integer or float); `min`/`max` bound it when given.
  double Number(const std::string& key, std::optional<double> min = std::nullopt,
                std::optional<double> max = std::nullopt);
  double NumberOr(const std::string& key, double fallback, std::optional<double> min = std::nullopt,
                  std::optional<double> max = std::nullopt);
  int IntegerOr(const std::string& key, int fallback, std::optional<int> min = std::nullopt);
  bool BoolOr(const std::string& key, bool fallback);
  std::vector<std::string> StringArray(const std::string& key);
  /// A number or an array of `size` numbers (a number is repeated).
  std::vector<double> NumberOrArray(const std::string& key, size_t size);
  /// A sub-table.
  TomlReader Table(const std::string& key);
  /// An array of tables (absent means empty).
  std::vector<TomlReader> TableArray(const std::string& key);
  /// Keys present in the table, in file order is not guaranteed.
  std::vector<std::string> Keys() const;

  /// Throws InputError for the first key that no accessor has read.
  void RejectUnknownKeys() const;
  /// Throws InputError for the first key not in `allowed`, suggesting the closest allowed key
  /// (call before reading, so a typo is reported as such rather than as a missing key).
  void AllowOnlyKeys(const std::vector<std::string>& allowed) const;
  /// Throws InputError about `key`: "<file>:<line>: <prefix.key>: <message>".
  [[noreturn]] void Fail(const std::string& key, const std::string& message) const;
  /// "<file>:<line>" of `key` (or of the table when the key is absent).
  std::string Where(const std::string& key) const;
  /// Dotted path of `key`.
  std::string Path(const std::string& key) const;
  const std::string& file() const { return file_; }

 private:
  const toml::node& Require(const std::string& key);

  const toml::table* table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> used_;
};

}  // namespace stuntsim
