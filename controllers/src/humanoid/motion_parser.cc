// Motion files: TOML -> Motion, with errors naming the file, the line and the field.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "stuntsim/controllers/humanoid/motion.h"
#include "toml_fields.h"  // controllers/src

namespace stuntsim {
namespace {

// The move-file fields on top of the common reader: target points and supports.
class Fields : public TomlFields {
 public:
  using TomlFields::TomlFields;

  Eigen::Vector3d Vector(const std::string& key, double bound) const {
    const toml::array* array = table().get_as<toml::array>(key);
    if (!array || array->size() != 3) Fail(key, "expected an array of 3 numbers [x, y, z] (m)");
    const std::vector<double> v = Numbers(key, 3, -bound, bound);
    return Eigen::Vector3d(v[0], v[1], v[2]);
  }

  Support SupportField(const std::string& key) const {
    const std::string s = String(key);
    if (s == "both") return Support::kBoth;
    if (s == "left") return Support::kLeft;
    if (s == "right") return Support::kRight;
    Fail(key, "expected \"both\", \"left\" or \"right\", got \"" + s + "\"");
  }
};

constexpr double kMaxDuration = 30.0;  // s
constexpr double kMaxReach = 1.5;      // m, bound on any target coordinate
constexpr double kMaxAngle = 1.6;      // rad

void ParseKey(const Fields& f, Support inherited, const MotionKey* previous, MotionKey* key) {
  f.OnlyKeys({"time", "support", "left_hand", "right_hand", "left_foot", "right_foot", "torso_yaw",
              "pelvis_roll", "pelvis_pitch", "pelvis_yaw", "body_height"});
  key->time = f.Number("time", 0.0, kMaxDuration);
  key->support = f.Has("support") ? f.SupportField("support") : inherited;
  const char* hands[2] = {"left_hand", "right_hand"};
  const char* feet[2] = {"left_foot", "right_foot"};
  for (int k = 0; k < 2; ++k) {
    if (f.Has(hands[k])) {
      key->has_hand[k] = true;
      key->hand[k] = f.Vector(hands[k], kMaxReach);
    } else if (previous && previous->has_hand[k]) {
      key->has_hand[k] = true;
      key->hand[k] = previous->hand[k];
    }
    if (f.Has(feet[k])) {
      const bool supports = key->support == Support::kBoth || (k == 0) == (key->support == Support::kLeft);
      if (supports) {
        f.Fail(feet[k], std::string("the ") + (k == 0 ? "left" : "right") +
                            " foot carries the robot here (support = \"" + ToString(key->support) +
                            "\"); only the free foot can have a target");
      }
      key->has_foot[k] = true;
      key->foot[k] = f.Vector(feet[k], kMaxReach);
    }
  }
  if (f.Has("torso_yaw")) {
    key->has_torso_yaw = true;
    key->torso_yaw = f.Number("torso_yaw", -kMaxAngle, kMaxAngle);
  } else if (previous) {
    key->has_torso_yaw = previous->has_torso_yaw;
    key->torso_yaw = previous->torso_yaw;
  }
  const char* angles[3] = {"pelvis_roll", "pelvis_pitch", "pelvis_yaw"};
  if (previous) key->pelvis_rpy = previous->pelvis_rpy;
  key->has_pelvis = previous && previous->has_pelvis;
  for (int i = 0; i < 3; ++i) {
    if (!f.Has(angles[i])) continue;
    key->has_pelvis = true;
    key->pelvis_rpy[i] = f.Number(angles[i], -kMaxAngle, kMaxAngle);
  }
  if (f.Has("body_height")) {
    key->has_height = true;
    key->body_height = f.Number("body_height", -0.3, 0.1);
  } else if (previous) {
    key->has_height = previous->has_height;
    key->body_height = previous->body_height;
  }
}

}  // namespace

const char* ToString(Support support) {
  switch (support) {
    case Support::kBoth:
      return "both";
    case Support::kLeft:
      return "left";
    case Support::kRight:
      return "right";
  }
  return "?";
}

Motion ParseMotion(std::string_view text, const std::string& source, const std::string& name) {
  const toml::table root = TomlFields::Parse(text, source);
  const Fields f(root, source, "");
  f.OnlyKeys({"name", "description", "duration", "support", "keyframes", "sequence"});
  Motion motion;
  motion.source = source;
  motion.name = f.Has("name") ? f.String("name") : name;
  motion.description = f.Has("description") ? f.String("description") : "";

  if (f.Has("sequence")) {
    if (f.Has("keyframes") || f.Has("duration") || f.Has("support")) {
      f.Fail("sequence",
             "a sequence (combo) takes no keyframes, duration or support: its moves bring their own");
    }
    const toml::array* array = root.get_as<toml::array>("sequence");
    if (!array || array->empty()) f.Fail("sequence", "expected a non-empty array of move names");
    for (const toml::node& node : *array) {
      if (!node.is_string()) f.Fail("sequence", "expected move names (strings)");
      const std::string move(*node.value<std::string_view>());
      if (move.empty() || move == motion.name)
        f.Fail("sequence", "'" + move + "' cannot be part of this sequence");
      motion.sequence.push_back(move);
    }
    return motion;
  }

  motion.duration = f.Number("duration", 1e-3, kMaxDuration);
  const Support support = f.Has("support") ? f.SupportField("support") : Support::kBoth;
  const toml::array* keys = root.get_as<toml::array>("keyframes");
  if (!keys || keys->empty()) f.Fail("keyframes", "expected at least one [[keyframes]] table");
  for (size_t i = 0; i < keys->size(); ++i) {
    const toml::table* table = (*keys)[i].as_table();
    const std::string path = "keyframes[" + std::to_string(i) + "]";
    if (!table) throw MotionError(source + ": " + path + ": expected a table");
    const Fields key_fields(*table, source, path);
    MotionKey key;
    const MotionKey* previous = motion.keys.empty() ? nullptr : &motion.keys.back();
    ParseKey(key_fields, previous ? previous->support : support, previous, &key);
    if (key.time > motion.duration) {
      key_fields.Fail("time",
                      "must not be after the move's duration (" + std::to_string(motion.duration) + " s)");
    }
    if (previous && key.time <= previous->time) {
      key_fields.Fail("time", "keyframes must be in strictly increasing time order");
    }
    motion.keys.push_back(key);
  }
  return motion;
}

Motion LoadMotionFile(const std::string& path) {
  return ParseMotion(TomlFields::ReadFile(path), path, std::filesystem::path(path).stem().string());
}

}  // namespace stuntsim
