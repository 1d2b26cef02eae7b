// Metrics and checks against hand-made trajectories with known answers (no physics).

#include <cmath>
#include <functional>
#include <limits>

#include <gtest/gtest.h>

#include "stuntsim/sim/check.h"
#include "stuntsim/sim/metrics.h"
#include "stuntsim/sim/trajectory.h"

namespace stuntsim {
namespace {

constexpr double kDt = 0.002;  // 500 Hz, the control rate of the robots

TrajectoryLayout Layout() {
  TrajectoryLayout layout;
  layout.joints = {"hip", "knee", "wheel"};
  layout.tau_max = {10.0, 20.0, 0.0};  // the wheel has no limit and is ignored
  layout.feet = {"left_foot", "right_foot"};
  layout.hands = {"hand"};
  layout.fall_height = 0.2;
  return layout;
}

// A robot standing 0.3 m tall, level, both feet down, for `seconds`; `edit` changes each row.
Trajectory Make(double seconds, const std::function<void(Trajectory&, size_t row, double t)>& edit = nullptr) {
  Trajectory traj(Layout());
  const int rows = static_cast<int>(std::lround(seconds / kDt));
  for (int i = 0; i < rows; ++i) {
    TrajectorySample s;
    s.time = i * kDt;
    s.base_pos_world = Eigen::Vector3d(0, 0, 0.3);
    const size_t row = traj.Append(s);
    traj.foot_contact(row).setOnes();
    if (edit) edit(traj, row, s.time);
  }
  return traj;
}

MetricSpec Spec(const std::string& metric, double t0 = 0, double t1 = std::numeric_limits<double>::infinity()) {
  MetricSpec spec;
  spec.metric = metric;
  spec.t0 = t0;
  spec.t1 = t1;
  return spec;
}

Eigen::Quaterniond Rotation(double angle_deg, const Eigen::Vector3d& axis) {
  return Eigen::Quaterniond(Eigen::AngleAxisd(angle_deg * M_PI / 180, axis.normalized()));
}

TEST(MetricsTest, WindowsAreInclusiveAndStatsAreExact) {
  // Base height rises linearly: h = 0.1 + t (ground at 0.05 under a base at 0.15 + t).
  const Trajectory traj = Make(3.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).base_pos_world.z() = 0.15 + time;
    t.sample(r).ground_height = 0.05;
  });
  MetricSpec spec = Spec("base_height", 1.0, 2.0);
  spec.stat = "min";
  EXPECT_NEAR(ComputeMetric(spec, traj), 1.1, 1e-9);
  spec.stat = "max";
  EXPECT_NEAR(ComputeMetric(spec, traj), 2.1, 1e-9);
  spec.stat = "final";
  EXPECT_NEAR(ComputeMetric(spec, traj), 2.1, 1e-9);
  spec.stat = "mean";
  EXPECT_NEAR(ComputeMetric(spec, traj), 1.6, 1e-9);
  // A window past the end, or between samples, holds nothing.
  EXPECT_TRUE(std::isnan(ComputeMetric(Spec("fell", 5.0, 6.0), traj)));
  EXPECT_TRUE(std::isnan(ComputeMetric(Spec("fell", 1.0001, 1.0019), traj)));
}

TEST(MetricsTest, FellOnLowBaseOrNonFootContactInTheWindowOnly) {
  EXPECT_EQ(ComputeMetric(Spec("fell"), Make(1.0)), 0.0);
  const Trajectory low = Make(2.0, [](Trajectory& t, size_t r, double time) {
    if (std::abs(time - 1.5) < 1e-9) t.sample(r).base_pos_world.z() = 0.19;  // one sample under 0.2
  });
  EXPECT_EQ(ComputeMetric(Spec("fell"), low), 1.0);
  EXPECT_EQ(ComputeMetric(Spec("fell", 0.0, 1.4), low), 0.0);
  EXPECT_EQ(ComputeMetric(Spec("fell", 1.5, 2.0), low), 1.0);
  // Height counts from the terrain under the base: a base 0.3 m up over a 0.15 m step is 0.15 m tall.
  const Trajectory on_step = Make(1.0, [](Trajectory& t, size_t r, double) { t.sample(r).ground_height = 0.15; });
  EXPECT_EQ(ComputeMetric(Spec("fell"), on_step), 1.0);
  const Trajectory knee = Make(1.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).non_foot_contact = time > 0.8;
  });
  EXPECT_EQ(ComputeMetric(Spec("fell"), knee), 1.0);
  EXPECT_EQ(ComputeMetric(Spec("fell", 0.0, 0.8), knee), 0.0);
}

TEST(MetricsTest, TiltIsRollAndPitchCombinedNotYaw) {
  EXPECT_NEAR(TiltDeg(Rotation(30, Eigen::Vector3d::UnitX())), 30, 1e-9);
  EXPECT_NEAR(TiltDeg(Rotation(20, Eigen::Vector3d(1, 1, 0))), 20, 1e-9);
  EXPECT_NEAR(TiltDeg(Rotation(170, Eigen::Vector3d::UnitZ())), 0, 1e-9);
  EXPECT_NEAR(TiltDeg(Rotation(90, Eigen::Vector3d::UnitZ()) * Rotation(10, Eigen::Vector3d::UnitY())), 10, 1e-9);
  EXPECT_NEAR(TiltDeg(Rotation(180, Eigen::Vector3d::UnitY())), 180, 1e-6);

  const Trajectory traj = Make(1.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).base_quat_world = Rotation(time < 0.5 ? 2.0 : 12.0, Eigen::Vector3d::UnitY());
  });
  MetricSpec spec = Spec("base_tilt_deg");
  spec.stat = "max";
  EXPECT_NEAR(ComputeMetric(spec, traj), 12, 1e-9);
  spec.t1 = 0.4;
  EXPECT_NEAR(ComputeMetric(spec, traj), 2, 1e-9);
}

TEST(MetricsTest, VelocityErrorIsInTheHeadingFrame) {
  // Heading +y (yaw 90 deg), tilted 10 deg in pitch; moving 1 m/s along world +y (forward),
  // 0.2 m/s along world -x (left), turning at 0.3 rad/s about the world vertical.
  const Eigen::Quaterniond q = Rotation(90, Eigen::Vector3d::UnitZ()) * Rotation(10, Eigen::Vector3d::UnitY());
  const Trajectory traj = Make(1.0, [&q](Trajectory& t, size_t r, double) {
    TrajectorySample& s = t.sample(r);
    s.base_quat_world = q;
    s.base_linvel_world = Eigen::Vector3d(-0.2, 1.0, 0.0);
    s.base_angvel_body = q.inverse() * Eigen::Vector3d(0, 0, 0.3);
    s.cmd_vx = 0.5;
    s.cmd_vy = 0.0;
    s.cmd_yaw_rate = 0.1;
  });
  MetricSpec spec = Spec("velocity_error");
  spec.component = "vx";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5, 1e-9);
  spec.component = "vy";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.2, 1e-9);
  spec.component = "yaw_rate";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.2, 1e-9);
  spec.component = "linear";
  EXPECT_NEAR(ComputeMetric(spec, traj), std::hypot(0.5, 0.2), 1e-9);
  spec.component = "all";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5 + 0.2 + 0.2, 1e-9);
}

TEST(MetricsTest, VelocityErrorIsAMeanOfAbsoluteErrorsAgainstTheCommandInForce) {
  // The command steps from 0 to 1 m/s at t = 0.5; the robot follows at t = 0.75.
  const Trajectory traj = Make(1.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).cmd_vx = time >= 0.5 - 1e-9 ? 1.0 : 0.0;
    t.sample(r).base_linvel_world.x() = time >= 0.75 - 1e-9 ? 1.0 : 0.0;
  });
  MetricSpec spec = Spec("velocity_error");
  spec.component = "vx";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.25, 1e-9);  // wrong for a quarter of the samples
  spec.t0 = 0.75;
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.0, 1e-12);
}

TEST(MetricsTest, DisplacementAndFinalPose) {
  // Heading 90 deg, moving along world +y at 0.5 m/s from (1, 2).
  const Trajectory traj = Make(3.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).base_quat_world = Rotation(90, Eigen::Vector3d::UnitZ());
    t.sample(r).base_pos_world = Eigen::Vector3d(1.0, 2.0 + 0.5 * time, 0.3);
  });
  MetricSpec spec = Spec("displacement", 1.0, 3.0);
  spec.axis = "y";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5 * (3.0 - kDt - 1.0), 1e-9);  // last sample at 3 - dt
  spec.axis = "x";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.0, 1e-12);
  spec.axis = "distance";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5 * (2.0 - kDt), 1e-9);
  spec.axis = "forward";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5 * (2.0 - kDt), 1e-9);
  spec = Spec("final_position", 0.0, 2.0);
  spec.axis = "y";
  EXPECT_NEAR(ComputeMetric(spec, traj), 3.0, 1e-9);
  spec.axis = "x";
  EXPECT_NEAR(ComputeMetric(spec, traj), 1.0, 1e-12);
  EXPECT_NEAR(ComputeMetric(Spec("final_yaw_deg"), traj), 90, 1e-9);
}

TEST(MetricsTest, RotationIntegratesBodyAngularVelocity) {
  // A backflip-like turn: -2 pi rad/s about the body y axis during [1, 2) s.
  const Trajectory traj = Make(3.0, [](Trajectory& t, size_t r, double time) {
    t.sample(r).base_angvel_body.y() = (time >= 1.0 - 1e-9 && time < 2.0 - 1e-9) ? -2 * M_PI : 0.0;
  });
  MetricSpec spec = Spec("rotation_deg");
  spec.axis = "y";
  // Trapezoids: the two ramps at the edges of the turn lose and gain half a step each.
  EXPECT_NEAR(ComputeMetric(spec, traj), -360, 1e-6);
  spec.t0 = 1.0;
  spec.t1 = 1.5;
  EXPECT_NEAR(ComputeMetric(spec, traj), -180, 1e-6);
  spec.axis = "x";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0, 1e-12);
  spec = Spec("rotation_deg", 1.0, 1.0);  // a single sample gives no interval
  spec.axis = "y";
  EXPECT_TRUE(std::isnan(ComputeMetric(spec, traj)));
}

// Stands until 1.0 s, flies (no contact) until `land`, then stands again; `after` edits the
// rows after landing.
Trajectory Hop(double land, const std::function<void(Trajectory&, size_t, double)>& after = nullptr) {
  return Make(3.0, [land, after](Trajectory& t, size_t r, double time) {
    const bool flying = time >= 1.0 - 1e-9 && time < land - 1e-9;
    if (flying) t.foot_contact(r).setZero();
    if (time >= land - 1e-9 && after) after(t, r, time);
  });
}

TEST(MetricsTest, LandedOnFeetNeedsAFlightAFeetFirstTouchdownAndStability) {
  MetricSpec spec = Spec("landed_on_feet");
  spec.min_flight_time = 0.1;
  spec.stable_time = 0.5;
  spec.stable_tilt_deg = 30;
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3)), 1.0);
  EXPECT_EQ(ComputeMetric(spec, Make(3.0)), 0.0) << "no flight";
  EXPECT_EQ(ComputeMetric(spec, Hop(1.05)), 0.0) << "a 0.05 s flight is shorter than min_flight_time";
  // One foot down is a touchdown on the feet.
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3, [](Trajectory& t, size_t r, double) { t.foot_contact(r)[1] = 0; })), 1.0);
  // Touching down with a knee.
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3, [](Trajectory& t, size_t r, double time) {
              t.sample(r).non_foot_contact = time < 1.31;
            })),
            0.0);
  // Tipping over 30 deg within stable_time of the landing, or after it.
  auto tip_at = [](double when) {
    return [when](Trajectory& t, size_t r, double time) {
      if (time >= when) t.sample(r).base_quat_world = Rotation(40, Eigen::Vector3d::UnitX());
    };
  };
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3, tip_at(1.7))), 0.0);
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3, tip_at(1.9))), 1.0) << "after stable_time the landing is done";
  // Falling (base too low) within stable_time.
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3, [](Trajectory& t, size_t r, double time) {
              if (time > 1.5) t.sample(r).base_pos_world.z() = 0.1;
            })),
            0.0);
  // A window that ends before stable_time has passed cannot tell, nor one still in the air.
  spec.t1 = 1.6;
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3)), 0.0);
  spec.t1 = 1.2;
  EXPECT_EQ(ComputeMetric(spec, Hop(1.3)), 0.0);
  // The window picks the flight: it starts after the first flight, so the second counts.
  const Trajectory two = Make(3.0, [](Trajectory& t, size_t r, double time) {
    if ((time >= 0.5 && time < 0.7) || (time >= 1.5 && time < 1.7)) t.foot_contact(r).setZero();
    if (time >= 2.0) t.sample(r).non_foot_contact = true;  // falls after the second landing
  });
  spec.t0 = 0;
  spec.t1 = 3.0;
  EXPECT_EQ(ComputeMetric(spec, two), 1.0) << "the first flight's landing was stable";
  spec.t0 = 1.0;
  EXPECT_EQ(ComputeMetric(spec, two), 0.0) << "the second landing was followed by a fall";
}

TEST(MetricsTest, MaxTorqueRatioAndSiteSpeeds) {
  const Trajectory traj = Make(1.0, [](Trajectory& t, size_t r, double time) {
    t.tau(r) << 5.0 * time, -15.0 * time, 100.0;  // the unlimited wheel's 100 N*m is ignored
    t.foot_speed(r) << 0.1, time;
    t.hand_speed(r) << 2.0 * time;
  });
  EXPECT_NEAR(ComputeMetric(Spec("max_torque_ratio"), traj), 0.75 * (1.0 - kDt), 1e-9);
  MetricSpec spec = Spec("foot_speed", 0.0, 0.5);
  spec.site = "right_foot";
  spec.stat = "max";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.5, 1e-9);
  spec.site = "left_foot";
  EXPECT_NEAR(ComputeMetric(spec, traj), 0.1, 1e-12);
  spec = Spec("hand_speed");
  spec.site = "hand";
  spec.stat = "max";
  EXPECT_NEAR(ComputeMetric(spec, traj), 2.0 * (1.0 - kDt), 1e-9);
  spec.site = "left_foot";  // not a hand
  EXPECT_THROW(ComputeMetric(spec, traj), std::invalid_argument);
  EXPECT_THROW(ComputeMetric(Spec("realtime_factor"), traj), std::invalid_argument);
}

TEST(MetricsTest, CatalogueMatchesWhatComputeAccepts) {
  const Trajectory traj = Make(1.0);
  for (const MetricInfo& info : Metrics()) {
    if (!info.checkable) continue;
    SCOPED_TRACE(info.name);
    MetricSpec spec = Spec(info.name);
    if (!info.choice_key.empty()) {
      for (const std::string& choice : info.choices) {
        if (choice.empty()) continue;
        spec.Choice(info.choice_key) = choice;
        spec.site = info.name == "hand_speed" ? "hand" : "left_foot";
        EXPECT_NO_THROW(ComputeMetric(spec, traj)) << info.choice_key << " = " << choice;
      }
    } else {
      EXPECT_NO_THROW(ComputeMetric(spec, traj));
    }
  }
  EXPECT_NE(FindMetric("fell"), nullptr);
  EXPECT_EQ(FindMetric("nope"), nullptr);
}

TEST(MetricsTest, SummaryHasEverySiteAndFixedOrder) {
  const auto summary = SummaryMetrics(Make(1.0));
  ASSERT_FALSE(summary.empty());
  EXPECT_EQ(summary.front().first, "fell");
  std::vector<std::string> labels;
  for (const auto& [label, value] : summary) labels.push_back(label);
  for (const char* label : {"base_height.min", "velocity_error.all", "rotation_deg.y", "landed_on_feet",
                            "max_torque_ratio", "foot_speed.left_foot.max", "foot_speed.right_foot.max",
                            "hand_speed.hand.max"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), label), labels.end()) << label;
  }
}

TEST(CheckTest, BoundsAreInclusiveAndFailuresSayWhy) {
  const Trajectory traj = Make(1.0, [](Trajectory& t, size_t r, double) {
    t.sample(r).base_quat_world = Rotation(5, Eigen::Vector3d::UnitX());
  });
  CheckSpec check;
  check.name = "level";
  check.metric = Spec("base_tilt_deg");
  check.metric.stat = "max";
  check.max = 5.0 + 1e-9;
  CheckResult r = EvaluateCheck(check, traj);
  EXPECT_TRUE(r.passed) << r.message;
  EXPECT_TRUE(r.message.empty());
  check.max = 4.0;
  r = EvaluateCheck(check, traj);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "base_tilt_deg = 5, expected <= 4");
  check.min = 6.0;
  check.max = 8.0;
  EXPECT_EQ(EvaluateCheck(check, traj).message, "base_tilt_deg = 5, expected in [6, 8]");
  check.min = 1.0;
  check.max.reset();
  EXPECT_TRUE(EvaluateCheck(check, traj).passed);
  check.metric.t0 = 2.0;
  check.metric.t1 = 3.0;
  r = EvaluateCheck(check, traj);
  EXPECT_FALSE(r.passed) << "an empty window must not pass";
  EXPECT_NE(r.message.find("no samples in the window [2, 3] s"), std::string::npos) << r.message;
}

// Two joints with ranges and motors, moving on known curves.
TEST(MetricsTest, MotorMetricsMeasureRangeSpeedSaturationAndPower) {
  TrajectoryLayout layout = Layout();
  layout.q_min = {-1.0, -2.0, -INFINITY};
  layout.q_max = {1.0, 0.0, INFINITY};
  layout.max_speed = {10.0, 20.0, INFINITY};
  Trajectory traj(layout);
  for (int i = 0; i < 100; ++i) {
    TrajectorySample s;
    s.time = i * kDt;
    s.base_pos_world = Eigen::Vector3d(0, 0, 0.3);
    s.torque_saturated = i < 25;  // a quarter of the ticks
    const size_t r = traj.Append(s);
    traj.q(r) << 0.0, -1.0, 1000.0 * i;         // the wheel turns freely
    traj.dq(r) << 0.0, 0.0, 500.0;
    traj.tau(r) << 0.0, 0.0, i < 5 ? 1.0 : 0.0;  // the wheel drives for the first 5 ticks
    if (i == 40) {
      traj.q(r)[0] = 1.03;                         // 0.03 rad past the top of the hip
      traj.dq(r) << 8.0, -15.0, 0.0;              // 0.8 and 0.75 of the motors
      traj.tau(r) << 5.0, 4.0, 0.0;               // +40 W, -60 W (braking)
    }
    if (i == 60) {
      traj.q(r)[1] = -2.07;                        // 0.07 rad past the bottom of the knee
      traj.dq(r) << 3.0, -4.0, 0.0;
      traj.tau(r) << 10.0, -20.0, 0.0;            // +30 W, +80 W: 110 W together
    }
  }
  EXPECT_NEAR(ComputeMetric(Spec("joint_limit_violation_rad"), traj), 0.07, 1e-12);
  EXPECT_NEAR(ComputeMetric(Spec("joint_limit_violation_rad", 0, 0.1), traj), 0.03, 1e-12);
  EXPECT_NEAR(ComputeMetric(Spec("max_joint_speed_ratio"), traj), 0.8, 1e-12);
  EXPECT_NEAR(ComputeMetric(Spec("torque_saturation_fraction"), traj), 0.25, 1e-12);
  MetricSpec power = Spec("peak_power_w");
  power.component = "joint";
  EXPECT_NEAR(ComputeMetric(power, traj), 500.0, 1e-9);  // the wheel: 1 N*m at 500 rad/s
  power.t0 = 0.01;
  EXPECT_NEAR(ComputeMetric(power, traj), 80.0, 1e-9);
  power.component = "total";
  EXPECT_NEAR(ComputeMetric(power, traj), 110.0, 1e-9);
  power.t0 = 0;
  EXPECT_NEAR(ComputeMetric(power, traj), 500.0, 1e-9);
  power.t0 = 0.08;
  power.t1 = 0.082;
  EXPECT_NEAR(ComputeMetric(power, traj), 40.0, 1e-9) << "a braking joint does not pay for another";
}

}  // namespace
}  // namespace stuntsim
