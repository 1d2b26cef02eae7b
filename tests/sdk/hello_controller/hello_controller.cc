// hello_sway: stand on the home pose and sway the body left and right by rolling the hips.
// A complete StuntSim controller in one file: Eigen in, joint commands out.
#include <cmath>
#include <memory>

#include <stuntsim/controllers/controller.h>
#include <stuntsim/controllers/registry.h>

namespace {

class HelloSway : public stuntsim::Controller {
 public:
  void Reset(const stuntsim::RobotInfo& robot, const stuntsim::RobotState& state) override {
    home_ = robot.HomePose();
    t0_ = state.time;
  }

  void Compute(const stuntsim::RobotInfo& robot, const stuntsim::RobotState& state,
               const stuntsim::OperatorCommand& command, stuntsim::JointCommand& out) override {
    const double sway = 0.15 * std::sin(2.0 * M_PI * 0.5 * (state.time - t0_));  // rad, 0.5 Hz
    out.q_des = home_;
    for (const stuntsim::LegInfo& leg : robot.legs) out.q_des[leg.joints[0]] += sway;  // first joint: abduction/hip
    out.dq_des.setZero();
    out.tau_ff.setZero();
    for (int j = 0; j < robot.nj(); ++j) {
      out.kp[j] = robot.joints[j].kp;
      out.kd[j] = robot.joints[j].kd;
    }
  }

  bool uses_dynamics() const override { return false; }
  std::string active_behavior() const override { return "sway"; }

 private:
  Eigen::VectorXd home_;
  double t0_ = 0;
};

}  // namespace

// The plugin's entry point: stuntsim-run --plugin calls it with the registry.
extern "C" void stuntsim_register_controllers(stuntsim::ControllerRegistry& registry) {
  registry.Register({"hello_sway", "sways the body by rolling the hips (example plugin)", {"quadruped"},
                     {"sway"}, [] { return std::make_unique<HelloSway>(); }});
}
