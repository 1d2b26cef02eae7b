#include "stuntsim/sim/toml_reader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <system_error>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

std::string TypeName(const toml::node& node) {
  std::ostringstream s;
  s << node.type();
  return s.str();
}

// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The value of a number node (integer or float) as a double. An integer beyond 2^53 rounds to the
// nearest double: toml++'s value<double>() returns an empty optional for it, which must not be
// dereferenced (found with the fuzz harness, docs/robustness.md).
double NumberValue(const toml::node& node) {
  if (const toml::value<int64_t>* integer = node.as_integer()) return static_cast<double>(integer->get());
  return node.as_floating_point()->get();
}

}  // namespace

toml::table TomlReader::ParseFile(const std::string& path) {
  std::error_code ec;  // a path the file system rejects (too long, ...) is not found either
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": file not found");
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.is_open() || in.bad()) throw InputError(path + ": cannot read the file");
  return ParseText(text, path);
}

toml::table TomlReader::ParseText(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream s;
    s << source << ":" << e.source().begin.line << ": malformed TOML: " << e.description();
    throw InputError(s.str());
  }
}

TomlReader::TomlReader(const toml::table& table, std::string file, std::string prefix)
    : table_(&table), file_(std::move(file)), prefix_(std::move(prefix)) {}

bool TomlReader::Has(const std::string& key) const { return table_->contains(key); }

std::string TomlReader::Path(const std::string& key) const {
  return prefix_.empty() ? key : prefix_ + "." + key;
}

std::string TomlReader::Where(const std::string& key) const {
  const toml::node* node = table_->get(key);
  const auto line = node ? node->source().begin.line : table_->source().begin.line;
  return file_ + ":" + std::to_string(line);
}

void TomlReader::Fail(const std::string& key, const std::string& message) const {
  throw InputError(Where(key) + ": " + Path(key) + ": " + message);
}

const toml::node& TomlReader::Require(const std::string& key) {
  used_.insert(key);
  const toml::node* node = table_->get(key);
  if (!node) Fail(key, "missing (required)");
  return *node;
}

std::string TomlReader::String(const std::string& key) {
  const toml::node& node = Require(key);
  if (!node.is_string()) Fail(key, "expected a string, got " + TypeName(node));
  return std::string(*node.value<std::string_view>());
}

std::string TomlReader::StringOr(const std::string& key, const std::string& fallback) {
  return Has(key) ? String(key) : (used_.insert(key), fallback);
}

double TomlReader::Number(const std::string& key, std::optional<double> min,
                          std::optional<double> max) {
  const toml::node& node = Require(key);
  if (!node.is_number()) Fail(key, "expected a number, got " + TypeName(node));
  const double v = NumberValue(node);
  if (!std::isfinite(v)) Fail(key, "expected a finite number");
  if (min && v < *min) Fail(key, "expected a value >= " + std::to_string(*min) + ", got " + std::to_string(v));
  if (max && v > *max) Fail(key, "expected a value <= " + std::to_string(*max) + ", got " + std::to_string(v));
  return v;
}

double TomlReader::NumberOr(const std::string& key, double fallback, std::optional<double> min,
                            std::optional<double> max) {
  return Has(key) ? Number(key, min, max) : (used_.insert(key), fallback);
}

int TomlReader::IntegerOr(const std::string& key, int fallback, std::optional<int> min) {
  if (!Has(key)) return used_.insert(key), fallback;
  const toml::node& node = Require(key);
  if (!node.is_integer()) Fail(key, "expected an integer, got " + TypeName(node));
  const int64_t v = node.as_integer()->get();
  if (min && v < *min) Fail(key, "expected an integer >= " + std::to_string(*min));
  if (v > std::numeric_limits<int>::max() || v < std::numeric_limits<int>::min()) {
    Fail(key, "expected an integer within +-" + std::to_string(std::numeric_limits<int>::max()));
  }
  return static_cast<int>(v);
}

bool TomlReader::BoolOr(const std::string& key, bool fallback) {
  if (!Has(key)) return used_.insert(key), fallback;
  const toml::node& node = Require(key);
  if (!node.is_boolean()) Fail(key, "expected true or false, got " + TypeName(node));
  return *node.value<bool>();
}

std::vector<std::string> TomlReader::StringArray(const std::string& key) {
  const toml::node& node = Require(key);
  const toml::array* array = node.as_array();
  if (!array) Fail(key, "expected an array of strings, got " + TypeName(node));
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    if (!item.is_string()) Fail(key, "expected only strings in the array, got " + TypeName(item));
    out.emplace_back(*item.value<std::string_view>());
  }
  return out;
}

std::vector<double> TomlReader::NumberOrArray(const std::string& key, size_t size) {
  const toml::node& node = Require(key);
  if (node.is_number()) return std::vector<double>(size, Number(key));
  const toml::array* array = node.as_array();
  if (!array) Fail(key, "expected a number or an array of " + std::to_string(size) + " numbers");
  if (array->size() != size) {
    Fail(key, "expected " + std::to_string(size) + " numbers, got " + std::to_string(array->size()));
  }
  std::vector<double> out;
  for (const toml::node& item : *array) {
    if (!item.is_number() || !std::isfinite(NumberValue(item))) {
      Fail(key, "expected only finite numbers in the array");
    }
    out.push_back(NumberValue(item));
  }
  return out;
}

TomlReader TomlReader::Table(const std::string& key) {
  const toml::node& node = Require(key);
  if (!node.is_table()) Fail(key, "expected a table, got " + TypeName(node));
  return TomlReader(*node.as_table(), file_, Path(key));
}

std::vector<TomlReader> TomlReader::TableArray(const std::string& key) {
  std::vector<TomlReader> out;
  if (!Has(key)) return used_.insert(key), out;
  const toml::node& node = Require(key);
  const toml::array* array = node.as_array();
  if (!array) Fail(key, "expected an array of tables ([[" + key + "]]), got " + TypeName(node));
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table* t = (*array)[i].as_table();
    if (!t) Fail(key, "expected tables in the array");
    out.emplace_back(*t, file_, Path(key) + "[" + std::to_string(i) + "]");
  }
  return out;
}

std::vector<std::string> TomlReader::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [k, v] : *table_) keys.emplace_back(k.str());
  return keys;
}

void TomlReader::RejectUnknownKeys() const {
  for (const auto& [k, v] : *table_) {
    const std::string key(k.str());
    if (!used_.count(key)) Fail(key, "unknown key");
  }
}

}  // namespace stuntsim

namespace stuntsim {

void TomlReader::AllowOnlyKeys(const std::vector<std::string>& allowed) const {
  for (const auto& [k, v] : *table_) {
    const std::string key(k.str());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string best;
    size_t best_distance = 3;  // suggest only near misses
    for (const std::string& candidate : allowed) {
      const size_t distance = EditDistance(key, candidate);
      if (distance < best_distance) best = candidate, best_distance = distance;
    }
    Fail(key, best.empty() ? "unknown key" : "unknown key (did you mean '" + best + "'?)");
  }
}

}  // namespace stuntsim
