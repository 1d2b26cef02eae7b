#pragma once

// Reading one TOML table of a data file (moves, acrobatic motions) with errors that name the
// file, the line and the field: "<file>:<line>: <path.key>: <what was expected>".

#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "stuntsim/controllers/humanoid/motion.h"  // MotionError

namespace stuntsim {

class TomlFields {
 public:
  /// Parses TOML `text`; throws MotionError "<source>:<line>: malformed TOML: ..." if it is not.
  static toml::table Parse(std::string_view text, const std::string& source) {
    try {
      return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
      std::ostringstream s;
      s << source << ":" << e.source().begin.line << ": malformed TOML: " << e.description();
      throw MotionError(s.str());
    }
  }
  /// The text of the file at `path`; throws MotionError if it cannot be read.
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw MotionError(path + ": cannot open the motion file");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  TomlFields(const toml::table& table, const std::string& source, std::string path)
      : table_(table), source_(source), path_(std::move(path)) {}

  [[noreturn]] void Fail(const std::string& key, const std::string& message) const {
    const toml::node* node = table_.get(key);
    const auto line = node ? node->source().begin.line : table_.source().begin.line;
    throw MotionError(source_ + ":" + std::to_string(line) + ": " + Path(key) + ": " + message);
  }
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool Has(const std::string& key) const { return table_.contains(key); }

  void OnlyKeys(const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : table_) {
      const std::string k(key.str());
      if (allowed.count(k) == 0) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Fail(k, "unknown field (known: " + list + ")");
      }
    }
  }

  double Number(const std::string& key, double min, double max) const {
    const toml::node* node = table_.get(key);
    if (!node) Fail(key, "missing (required)");
    std::optional<double> v = node->value<double>();
    if (!node->is_number() || !v) Fail(key, "expected a number");
    if (!std::isfinite(*v) || *v < min || *v > max) {
      std::ostringstream s;
      s << "expected a finite number in [" << min << ", " << max << "], got " << *v;
      Fail(key, s.str());
    }
    return *v;
  }

  /// An array of finite numbers within [min, max]; `size` > 0 requires that many.
  std::vector<double> Numbers(const std::string& key, size_t size, double min, double max) const {
    const toml::array* array = table_.get_as<toml::array>(key);
    if (!array) Fail(key, "missing or not an array of numbers");
    return NumbersOf(*array, key, "", size, min, max);
  }

  /// An array of `rows` arrays of `cols` numbers each within [min, max] (rows 0: any count).
  std::vector<std::vector<double>> Rows(const std::string& key, size_t rows, size_t cols, double min,
                                        double max) const {
    const toml::array* array = table_.get_as<toml::array>(key);
    if (!array) Fail(key, "missing or not an array of arrays");
    if (rows > 0 && array->size() != rows)
      Fail(key, "expected " + std::to_string(rows) + " rows, got " + std::to_string(array->size()));
    std::vector<std::vector<double>> out;
    for (size_t r = 0; r < array->size(); ++r) {
      const toml::array* row = (*array)[r].as_array();
      if (!row) Fail(key, "row " + std::to_string(r) + ": expected an array of numbers");
      out.push_back(NumbersOf(*row, key, "row " + std::to_string(r) + ": ", cols, min, max));
    }
    return out;
  }

  std::string String(const std::string& key) const {
    const toml::node* node = table_.get(key);
    if (!node) Fail(key, "missing (required)");
    if (!node->is_string()) Fail(key, "expected a string");
    return std::string(*node->value<std::string_view>());
  }

  const toml::table& table() const { return table_; }

 private:
  std::vector<double> NumbersOf(const toml::array& array, const std::string& key, const std::string& where,
                                size_t size, double min, double max) const {
    if (size > 0 && array.size() != size)
      Fail(key, where + "expected " + std::to_string(size) + " numbers, got " + std::to_string(array.size()));
    std::vector<double> out;
    out.reserve(array.size());
    for (size_t i = 0; i < array.size(); ++i) {
      std::optional<double> x = array[i].value<double>();
      if (!array[i].is_number() || !x || !std::isfinite(*x) || *x < min || *x > max) {
        std::ostringstream s;
        s << where << "element " << i << ": expected a finite number in [" << min << ", " << max << "]";
        Fail(key, s.str());
      }
      out.push_back(*x);
    }
    return out;
  }

  const toml::table& table_;
  const std::string& source_;
  std::string path_;
};

}  // namespace stuntsim
