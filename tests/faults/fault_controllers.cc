// Test-only controllers that misbehave on purpose, built as a plugin (libstuntsim_fault_controllers.so,
// loaded with --plugin) to check that stuntsim-run and stuntsim-viewer report faults instead of
// crashing or hanging. Each holds the robot's home pose with its default gains until
// t = kFaultTime, then faults, unless the operator requested the behaviour "hold":
//
//   fault_nan    returns NaN feed-forward torques
//   fault_inf    returns infinite feed-forward torques
//   fault_throw  throws std::runtime_error from Compute
//   fault_slow   each Compute sleeps kSlowTick (far over any sane tick budget)
//   fault_hang   Compute never returns (sleeps forever)
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "stuntsim/controllers/controller.h"
#include "stuntsim/controllers/registry.h"

namespace {

using stuntsim::JointCommand;
using stuntsim::OperatorCommand;
using stuntsim::RobotInfo;
using stuntsim::RobotState;

/// Simulated time at which the faults start, s.
constexpr double kFaultTime = 0.5;
/// How long one fault_slow tick takes, wall-clock.
constexpr auto kSlowTick = std::chrono::seconds(2);

enum class Fault { kNan, kInf, kThrow, kSlow, kHang };

class FaultController : public stuntsim::Controller {
 public:
  explicit FaultController(Fault fault) : fault_(fault) {}

  void Reset(const RobotInfo& robot, const RobotState& state) override { home_ = robot.HomePose(); }

  void Compute(const RobotInfo& robot, const RobotState& state, const OperatorCommand& command,
               JointCommand& out) override {
    out.q_des = home_;
    out.dq_des.setZero();
    out.tau_ff.setZero();
    for (int j = 0; j < robot.nj(); ++j) {
      out.kp[j] = robot.joints[j].kp;
      out.kd[j] = robot.joints[j].kd;
    }
    holding_ = command.behavior == "hold";
    if (holding_ || state.time < kFaultTime) return;
    switch (fault_) {
      case Fault::kNan:
        out.tau_ff.setConstant(std::numeric_limits<double>::quiet_NaN());
        break;
      case Fault::kInf:
        out.tau_ff.setConstant(std::numeric_limits<double>::infinity());
        break;
      case Fault::kThrow:
        throw std::runtime_error("injected fault: Compute threw on purpose");
      case Fault::kSlow:
        std::this_thread::sleep_for(kSlowTick);
        break;
      case Fault::kHang:
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  bool uses_dynamics() const override { return false; }
  std::string active_behavior() const override { return holding_ ? "hold" : "fault"; }

 private:
  Fault fault_;
  Eigen::VectorXd home_;
  bool holding_ = false;
};

void Add(stuntsim::ControllerRegistry& registry, const char* name, const char* what, Fault fault) {
  registry.Register({name, std::string("test only: holds the home pose, then ") + what + " from t=0.5 s", {},
                     {"fault", "hold"}, [fault] { return std::make_unique<FaultController>(fault); }});
}

}  // namespace

extern "C" void stuntsim_register_controllers(stuntsim::ControllerRegistry& registry) {
  Add(registry, "fault_nan", "returns NaN torques", Fault::kNan);
  Add(registry, "fault_inf", "returns infinite torques", Fault::kInf);
  Add(registry, "fault_throw", "throws", Fault::kThrow);
  Add(registry, "fault_slow", "takes 2 s a tick", Fault::kSlow);
  Add(registry, "fault_hang", "never returns", Fault::kHang);
}
