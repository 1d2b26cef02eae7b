#include "script.h"

#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "stuntsim/sim/errors.h"

namespace stuntsim {
namespace {

// Splits a line into words; "double quotes" group words; '#' outside quotes ends the line.
std::vector<std::string> Tokenize(const std::string& line, const std::string& where) {
  std::vector<std::string> words;
  std::string word;
  bool in_quotes = false, has_word = false;
  for (char c : line) {
    if (in_quotes) {
      if (c == '"') {
        in_quotes = false;
      } else {
        word += c;
      }
    } else if (c == '"') {
      in_quotes = true;
      has_word = true;
    } else if (c == '#') {
      break;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (has_word) words.push_back(word);
      word.clear();
      has_word = false;
    } else {
      word += c;
      has_word = true;
    }
  }
  if (in_quotes) throw InputError(where + ": unterminated quote");
  if (has_word) words.push_back(word);
  return words;
}

double Number(const std::string& text, const std::string& where, const std::string& what) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(value)) {
    throw InputError(where + ": expected " + what + ", got '" + text + "'");
  }
  return value;
}

KeyChord Key(const std::string& text, const std::string& where) {
  KeyChord chord;
  if (!ParseKeyChord(text, &chord)) {
    throw InputError(where + ": unknown key '" + text + "' (known: " + KnownKeyNames() + ")");
  }
  return chord;
}

void ExpectArgs(const std::vector<std::string>& words, size_t count, const std::string& where,
                const std::string& usage) {
  if (words.size() != count + 1) {
    throw InputError(where + ": expected '" + usage + "', got " + std::to_string(words.size() - 1) +
                     " argument(s)");
  }
}

ScriptStep ParseLine(const std::vector<std::string>& w, const std::string& at) {
  using Kind = ScriptStep::Kind;
  ScriptStep step;
  const std::string& command = w[0];
  const std::string where = at + ": " + command;
  step.where = at;
  if (command == "wait") {
    ExpectArgs(w, 1, where, "wait SECONDS");
    step.kind = Kind::kWait;
    step.number = Number(w[1], where, "seconds (a number >= 0)");
    if (step.number < 0) throw InputError(where + ": expected seconds >= 0, got '" + w[1] + "'");
  } else if (command == "click") {
    ExpectArgs(w, 1, where, "click NAME");
    step.kind = Kind::kClick;
    step.text = w[1];
  } else if (command == "set") {
    ExpectArgs(w, 2, where, "set NAME VALUE");
    step.kind = Kind::kSet;
    step.text = w[1];
    step.number = Number(w[2], where, "a number");
  } else if (command == "hold") {
    ExpectArgs(w, 2, where, "hold KEY SECONDS");
    step.kind = Kind::kHold;
    step.chord = Key(w[1], where);
    step.number = Number(w[2], where, "seconds (a number >= 0)");
    if (step.number < 0) throw InputError(where + ": expected seconds >= 0, got '" + w[2] + "'");
  } else if (command == "press") {
    ExpectArgs(w, 1, where, "press KEY");
    step.kind = Kind::kPress;
    step.chord = Key(w[1], where);
  } else if (command == "screenshot") {
    ExpectArgs(w, 1, where, "screenshot FILE");
    step.kind = Kind::kScreenshot;
    step.text = w[1];
  } else if (command == "record") {
    ExpectArgs(w, 1, where, "record FILE | record stop");
    step.kind = w[1] == "stop" ? Kind::kStopRecord : Kind::kRecord;
    step.text = w[1];
  } else if (command == "dump") {
    ExpectArgs(w, 1, where, "dump FILE");
    step.kind = Kind::kDump;
    step.text = w[1];
  } else if (command == "quit") {
    ExpectArgs(w, 0, where, "quit");
    step.kind = Kind::kQuit;
  } else {
    throw InputError(at + ": unknown command '" + command +
                     "' (expected wait, click, set, hold, press, screenshot, record, dump or quit)");
  }
  return step;
}

}  // namespace

const char* ScriptHelp() {
  return "wait SECONDS | click NAME | set NAME VALUE | hold KEY SECONDS | press KEY | screenshot FILE | "
         "record FILE | record stop | dump FILE | quit";
}

Script ParseScript(const std::string& text, const std::string& file) {
  Script script;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string at = file + ":" + std::to_string(number);
    const std::vector<std::string> words = Tokenize(line, at);
    if (!words.empty()) script.push_back(ParseLine(words, at));
  }
  return script;
}

Script LoadScript(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("--script: cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return ParseScript(text.str(), path);
}

}  // namespace stuntsim
