#pragma once

#include <Eigen/Core>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stuntsim {

/// Which feet carry the robot during a stretch of a move.
enum class Support { kBoth, kLeft, kRight };

/// One keyframe of a move (assets/motions/<name>.toml, see docs/humanoid.md).
///
/// Positions are in the move frame: origin at the pelvis at the start of the move, x forward along
/// the heading of the feet, y to the left, z up (m). Hands, torso yaw, pelvis angles and body
/// height carry forward from the previous key when a key omits them (a channel never given is not
/// tracked). A foot target is not carried: the free foot is in the air during the segments
/// adjacent to a key that names it, and on the ground otherwise.
struct MotionKey {
  /// Time from the start of the move, s.
  double time = 0;
  /// Support from this key on.
  Support support = Support::kBoth;
  /// Hand site targets (left, right) and whether each is given, move frame, m.
  std::array<bool, 2> has_hand = {false, false};
  std::array<Eigen::Vector3d, 2> hand = {Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  /// Free-foot sole targets (left, right) and whether each is given, move frame, m.
  std::array<bool, 2> has_foot = {false, false};
  std::array<Eigen::Vector3d, 2> foot = {Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()};
  /// Waist yaw joint angle, rad (positive turns the torso to the left).
  bool has_torso_yaw = false;
  double torso_yaw = 0;
  /// Pelvis roll, pitch, yaw relative to the heading of the feet, rad.
  bool has_pelvis = false;
  Eigen::Vector3d pelvis_rpy = Eigen::Vector3d::Zero();
  /// CoM height offset from the standing height, m.
  bool has_height = false;
  double body_height = 0;
};

/// A move: keyframes over a duration, or a sequence of other moves (a combo).
struct Motion {
  std::string name;
  std::string description;
  /// File it came from (for messages).
  std::string source;
  /// Length of the move, s.
  double duration = 0;
  /// Keyframes in time order (empty for a sequence until the library expands it).
  std::vector<MotionKey> keys;
  /// Names of the moves played one after the other (a combo); empty for a keyframed move.
  std::vector<std::string> sequence;
};

/// A bad motion file: the message is "<file>:<line>: <field>: <what was expected>".
class MotionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a motion from TOML `text`; `source` names it in messages (usually the file path) and
/// `name` is the default motion name. Throws MotionError.
Motion ParseMotion(std::string_view text, const std::string& source, const std::string& name);
/// Reads and parses the file at `path` (name = file stem). Throws MotionError.
Motion LoadMotionFile(const std::string& path);

/// Short name of a support ("both", "left", "right").
const char* ToString(Support support);

}  // namespace stuntsim
