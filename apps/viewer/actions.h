#pragma once

#include <string>
#include <vector>

namespace stuntsim {

/// Something the user asked the viewer to do. Buttons, key bindings and script lines all
/// produce Actions, and App::Apply is the one place they take effect, so a scripted or keyed
/// action runs exactly the code a click runs.
enum class ActionType {
  kTogglePause,
  kSingleStep,
  kSetSpeed,        // value: simulation seconds per wall-clock second (1, 0.5, 0.25, 0.1)
  kSlower,
  kFaster,
  kReset,           // text: keyframe name, empty for the start keyframe
  kBehavior,        // text: behaviour name
  kSelectRobot,     // text: robot name
  kSelectTerrain,   // text: terrain kind
  kSelectController,  // text: controller name
  kPush,            // impulse on the base with the panel's magnitude and direction
  kStop,            // zero the steering velocities
  kToggleFollow,
  kCameraPreset,    // text: preset name (see CameraPresetNames)
  kToggleContacts,
  kScreenshot,      // text: file name, empty for an automatic name
  kToggleRecording,  // starts (automatic file name) or stops recording
  kStartRecording,  // text: file name
  kStopRecording,
  kDumpState,       // text: JSON file name
  kToggleHelp,
  kTogglePanels,
  kQuit,
};

/// One request, with its argument.
struct Action {
  ActionType type = ActionType::kQuit;
  std::string text{};
  double value = 0;
};

/// Actions gathered during a frame, applied in order after the panels are drawn.
using ActionQueue = std::vector<Action>;

}  // namespace stuntsim
