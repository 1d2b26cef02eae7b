// A MuJoCo error raised deep inside libmujoco (C, built by gcc, not instrumented by the
// sanitizers) reaches the caller as a SimulationError: the mju_user_error handler throws and the
// exception unwinds through libmujoco's frames. Checked here so the ASan + UBSan build runs it
// too (scripts/sanitize.sh asan). One mj_forward on a one-body model; no simulation.

#include <mujoco/mujoco.h>

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "stuntsim/sim/errors.h"
#include "stuntsim/sim/world.h"

namespace stuntsim {
namespace {

TEST(MujocoErrorTest, ErrorInsideLibmujocoUnwindsToTheCallerAsASimulationError) {
  const ModelPtr model = LoadModelFromString(R"(
<mujoco>
  <worldbody>
    <geom type="plane" size="1 1 0.1"/>
    <body pos="0 0 0.05"><freejoint/><geom size="0.1"/></body>
  </worldbody>
</mujoco>)", "ball.xml");
  // A stack too small for the forward pass (set after loading: mj_loadXML runs one itself and
  // catches its own errors): mj_stackAlloc calls mju_error inside mj_forward.
  model->nstack = 10;
  std::unique_ptr<mjData, void (*)(mjData*)> data(mj_makeData(model.get()), mj_deleteData);
  ASSERT_NE(data, nullptr);
  try {
    mj_forward(model.get(), data.get());
    FAIL() << "expected a SimulationError from mju_error";
  } catch (const SimulationError& e) {
    EXPECT_NE(std::string(e.what()).find("MuJoCo error"), std::string::npos) << e.what();
  }
  // The process carries on: a model with room works after the error.
  const ModelPtr good = LoadModelFromString(
      "<mujoco><worldbody><body><freejoint/><geom size=\"0.1\"/></body></worldbody></mujoco>", "good.xml");
  std::unique_ptr<mjData, void (*)(mjData*)> good_data(mj_makeData(good.get()), mj_deleteData);
  mj_step(good.get(), good_data.get());
  EXPECT_GT(good_data->time, 0);
}

}  // namespace
}  // namespace stuntsim
