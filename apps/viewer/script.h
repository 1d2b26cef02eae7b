#pragma once

#include <string>
#include <vector>

#include "key_names.h"

namespace stuntsim {

/// One line of a viewer script.
struct ScriptStep {
  enum class Kind { kWait, kClick, kSet, kHold, kPress, kScreenshot, kRecord, kStopRecord, kDump, kQuit };
  Kind kind = Kind::kWait;
  /// Where it was written, "<file>:<line>", for messages.
  std::string where;
  /// Widget name (click, set) or file name (screenshot, record, dump).
  std::string text;
  /// Seconds (wait, hold) or the value (set).
  double number = 0;
  /// The key (hold, press).
  KeyChord chord;
};

/// A parsed script.
using Script = std::vector<ScriptStep>;

/// The script language, one command a line ('#' starts a comment; names with spaces in quotes):
///
///   wait SECONDS            wait (wall-clock seconds)
///   click NAME              click widget NAME (a button, radio button or checkbox, e.g. Push,
///                           Reset, behavior:stand, robot:wheel_legged, terrain:hills)
///   set NAME VALUE          set slider NAME (e.g. slider:vx) to VALUE
///   hold KEY SECONDS        hold a key (e.g. w, shift+w) down for SECONDS, then release it
///   press KEY               press and release a key (e.g. f1, p, backspace)
///   screenshot FILE         save a PNG of the window
///   record FILE | record stop   start or stop an MP4 recording of the window
///   dump FILE               write the state dump (JSON) now
///   quit                    close the viewer
const char* ScriptHelp();

/// Parses script text; `file` names it in messages. Throws InputError
/// "<file>:<line>: <command>: <what was expected>" for the first bad line.
Script ParseScript(const std::string& text, const std::string& file);
/// Reads and parses a script file; throws InputError if it cannot be read or is malformed.
Script LoadScript(const std::string& path);

}  // namespace stuntsim
