// Bad input, end to end: every row of bad_input.toml runs stuntsim-run or stuntsim-viewer on one
// bad input and expects exit code 2 within the time bound, no signal (no crash, no core dump),
// and one stderr line holding every `expect` text (the file and the field, or the option).
// Each row is its own test (BadInput/Row.Fails/<row name>), so ctest reports them one by one.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "gui_harness.h"

namespace stuntsim::gui_test {
namespace {

namespace fs = std::filesystem;

// A bad input is refused while parsing: well under a second. The bound only catches a hang.
constexpr double kTimeBound = 30.0;

struct Row {
  std::string name, program;
  bool assets = false;
  std::vector<std::string> args, expect;
};

// Shown by gtest for a failed row (instead of its bytes).
void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

std::vector<std::string> Strings(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const toml::array* a = node.as_array()) {
    for (const toml::node& n : *a) out.push_back(n.value<std::string>().value());
  }
  return out;
}

const toml::table& Table() {
  static const toml::table table = toml::parse_file(STUNTSIM_BAD_INPUT_TABLE);
  return table;
}

std::vector<Row> LoadRows() {
  std::vector<Row> rows;
  for (const toml::node& n : *Table()["row"].as_array()) {
    const toml::table& t = *n.as_table();
    Row r;
    r.name = t["name"].value<std::string>().value();
    r.program = t["program"].value<std::string>().value();
    r.assets = t["assets"].value_or(false);
    r.args = Strings(t["args"]);
    r.expect = Strings(t["expect"]);
    rows.push_back(r);
  }
  return rows;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// The asset tree of the table's [robots]: <root>/robots/<name>/robot.toml, a copy of
// tests/data/<folder>/robot.toml with its `model` made absolute (it is relative to its folder).
std::string MakeAssetTree() {
  const fs::path root = ArtifactPath("assets_" + std::to_string(getpid()));
  fs::remove_all(root);
  for (const auto& [name, folder] : *Table()["robots"].as_table()) {
    const fs::path source = fs::path(STUNTSIM_TEST_DATA) / folder.value<std::string>().value();
    std::ifstream in(source / "robot.toml");
    std::stringstream text;
    text << in.rdbuf();
    static const std::regex model_line(R"re(^model = "([^"]*)")re", std::regex::multiline);
    std::smatch m;
    std::string toml = text.str();
    if (std::regex_search(toml, m, model_line)) {
      const std::string absolute = (source / m[1].str()).lexically_normal().string();
      toml = m.prefix().str() + "model = \"" + absolute + "\"" + m.suffix().str();
    }
    fs::create_directories(root / "robots" / std::string(name.str()));
    std::ofstream(root / "robots" / std::string(name.str()) / "robot.toml") << toml;
  }
  return root.string();
}

class BadInput : public ::testing::TestWithParam<Row> {
 protected:
  static void SetUpTestSuite() { assets_ = new std::string(MakeAssetTree()); }
  static void TearDownTestSuite() {
    fs::remove_all(*assets_);
    delete assets_;
  }
  std::string Fill(const std::string& s) const {
    return Replace(Replace(Replace(s, "{data}", STUNTSIM_TEST_DATA), "{assets}", *assets_), "{lib}", STUNTSIM_LIB_DIR);
  }
  static std::string* assets_;
};
std::string* BadInput::assets_ = nullptr;

TEST_P(BadInput, Fails) {
  const Row& row = GetParam();
  std::vector<std::string> argv;
  if (row.program == "run") {
    argv.push_back(STUNTSIM_RUN_EXE);
  } else {
    ASSERT_EQ(row.program, "viewer") << "row " << row.name << ": program must be run or viewer";
    if (std::string(STUNTSIM_VIEWER_EXE).empty()) GTEST_SKIP() << "the viewer is not built";
    argv.push_back(STUNTSIM_VIEWER_EXE);
  }
  for (const std::string& a : row.args) argv.push_back(Fill(a));
  std::vector<std::string> env;
  if (row.assets) env.push_back("STUNTSIM_ASSETS=" + *assets_);
  // No DISPLAY: the viewer must refuse bad input before it opens a window.
  Process p(argv, "", ArtifactPath(row.name + ".log"), env, /*merge_stdout=*/false);
  const ProcessResult r = p.Wait(kTimeBound);
  std::printf("%s: exit %d in %.3f s\n%s", row.name.c_str(), r.exit_code, r.seconds, r.stderr_text.c_str());
  RecordProperty("seconds", std::to_string(r.seconds));
  ASSERT_FALSE(r.timed_out) << "still running after " << kTimeBound << " s (killed)";
  ASSERT_EQ(r.signal, 0) << "ended by signal " << r.signal << "\n" << r.stderr_text;
  EXPECT_EQ(r.exit_code, 2) << r.stderr_text;
  EXPECT_EQ(r.stderr_text.find("core dumped"), std::string::npos) << r.stderr_text;
  // One line names it all: the file and the field (or the option), and what is wrong.
  std::istringstream lines(r.stderr_text);
  bool found = false;
  for (std::string line; std::getline(lines, line) && !found;) {
    bool all = true;
    for (const std::string& e : row.expect) all = all && line.find(Fill(e)) != std::string::npos;
    found = all;
  }
  std::string wanted;
  for (const std::string& e : row.expect) wanted += "\n  '" + Fill(e) + "'";
  EXPECT_TRUE(found) << "no stderr line holds all of:" << wanted << "\nstderr:\n" << r.stderr_text;
}

INSTANTIATE_TEST_SUITE_P(Row, BadInput, ::testing::ValuesIn(LoadRows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

}  // namespace
}  // namespace stuntsim::gui_test
