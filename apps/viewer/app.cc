#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "control_panel.h"
#include "key_bindings.h"
#include "state_dump.h"
#include "stuntsim/sim/assets.h"
#include "stuntsim/sim/terrain.h"
#include "view_panel.h"

namespace stuntsim {
namespace {

// Foot labels for the gait diagram: the leg's name ("FL") where a leg owns the foot.
std::vector<std::string> FootNames(const RobotInfo& info) {
  std::vector<std::string> names = info.feet;
  for (const LegInfo& leg : info.legs) {
    if (leg.foot >= 0 && leg.foot < static_cast<int>(names.size())) names[leg.foot] = leg.name;
  }
  return names;
}

Eigen::Vector3d ImpulseDirection(const std::string& direction, double yaw) {
  const Eigen::Vector3d forward(std::cos(yaw), std::sin(yaw), 0), left(-std::sin(yaw), std::cos(yaw), 0);
  if (direction == "forward") return forward;
  if (direction == "back") return -forward;
  if (direction == "left") return left;
  if (direction == "right") return -left;
  return Eigen::Vector3d::UnitZ();
}

constexpr double kWidgetMapPeriod = 0.2;  // s

}  // namespace

App::App(const ViewerOptions& options, std::unique_ptr<Simulation> sim, Script script)
    : options_(options), choice_(options.choice), window_(options.window) {
  render_ = RenderSettings::Defaults(window_.software_renderer() && !options.high_quality);
  ui_.paused = options.paused;
  robots_ = ListRobots();
  if (!script.empty()) script_.emplace(std::move(script));
  Load(std::move(sim));
  if (!options.record.empty()) capture_.StartRecording(options.record);
}

App::~App() = default;

void App::Load(std::unique_ptr<Simulation> sim) {
  SettleChoice(*sim, &choice_);
  scene_.reset();
  physics_.reset();
  SimControls controls;
  controls.paused = ui_.paused;
  controls.speed = ui_.speed;
  controls.command.behavior = choice_.behavior;
  physics_ = PhysicsThreadPtr(new PhysicsThread(std::move(sim), controls));
  scene_ = std::make_unique<SceneView>(physics_->model(), render_.coarse_geoms);
  snapshot_.data = physics_->MakeData();
  snapshot_.new_samples.clear();
  requests_ = SimRequests();
  const World& world = physics_->world();
  keyframes_ = world.KeyframeNames();
  foot_names_ = FootNames(world.info());
  perturb_.Reset();
  plots_.Clear();
  drag_button_ = -1;
  drag_pull_ = false;
  Exchange();
  camera_.Reset(physics_->model(), snapshot_.data.get(), world.base_body);
}

void App::Reload(const SessionChoice& next) {
  try {
    std::unique_ptr<Simulation> sim = MakeSimulation(next);
    choice_ = next;
    Load(std::move(sim));
    ui_.load_error.clear();
  } catch (const std::exception& e) {
    ui_.load_error = std::string("cannot load: ") + e.what();
    std::fprintf(stderr, "stuntsim-viewer: %s\n", ui_.load_error.c_str());
  }
}

int App::Run() {
  const Clock::time_point start = Clock::now();
  while (!quit_ && !window_.ShouldClose()) {
    const Clock::time_point frame_start = Clock::now();
    const double elapsed = std::chrono::duration<double>(frame_start - start).count();
    window_.BeginFrame();
    widgets_.BeginFrame();
    ActionQueue actions;
    if (script_) script_->Update(elapsed, widgets_, window_.keys(), actions);
    RunTimers(elapsed, actions);
    HandleKeys(actions);
    HandleMouse();
    Exchange();
    DrawUi(actions);
    for (const Action& action : actions) Apply(action);
    Render();
    window_.RenderUi();
    Capture();
    window_.Swap();
    frame_rate_.Tick();
    if (!options_.widget_map.empty() &&
        std::chrono::duration<double>(Clock::now() - last_widget_map_).count() > kWidgetMapPeriod) {
      widgets_.WriteMap(options_.widget_map);
      last_widget_map_ = Clock::now();
    }
    if (options_.max_fps > 0) {
      std::this_thread::sleep_until(frame_start + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(1.0 / options_.max_fps)));
    }
  }
  Finish();
  return exit_code_;
}

void App::RunTimers(double elapsed, ActionQueue& actions) {
  if (!options_.screenshot.empty() && !timed_screenshot_requested_ && elapsed >= options_.screenshot_after) {
    timed_screenshot_requested_ = true;
    actions.push_back({ActionType::kScreenshot, options_.screenshot});
  }
  if (options_.quit_after > 0 && elapsed >= options_.quit_after) actions.push_back({ActionType::kQuit});
}

void App::HandleKeys(ActionQueue& actions) {
  const bool keyboard_free = !ImGui::GetIO().WantCaptureKeyboard;
  for (const KeyChord& chord : window_.keys().TakePresses()) {
    if (!keyboard_free) continue;
    if (std::optional<Action> action = ActionForKey(chord.key, chord.mods)) actions.push_back(*action);
  }
}

App::ViewRect App::SceneRect() const {
  ViewRect r;
  r.width = window_.window_width();
  r.height = window_.window_height();
  if (ui_.show_panels && r.width > kControlPanelWidth + kViewPanelWidth + 64) {
    r.x = kControlPanelWidth;
    r.width -= kControlPanelWidth + kViewPanelWidth;
  }
  return r;
}

void App::HandleMouse() {
  const ImGuiIO& io = ImGui::GetIO();
  const ViewRect view = SceneRect();
  const int width = static_cast<int>(view.width), height = static_cast<int>(view.height);
  const bool shift = window_.keys().IsDown(GLFW_KEY_LEFT_SHIFT);
  const mjModel* model = physics_->model();
  for (const MouseEvent& e : window_.TakeMouseEvents()) {
    switch (e.kind) {
      case MouseEvent::Kind::kPress:
        if (io.WantCaptureMouse || drag_button_ >= 0) break;
        if (e.double_click) {
          perturb_.Select(model, snapshot_.data.get(), scene_->option(), scene_->scene(), e.x - view.x, e.y, width,
                          height);
        }
        drag_pull_ = (e.mods & GLFW_MOD_CONTROL) && e.button == GLFW_MOUSE_BUTTON_LEFT &&
                     perturb_.Begin(model, snapshot_.data.get(), scene_->option(), scene_->scene(), e.x - view.x,
                                    e.y, width, height);
        drag_button_ = e.button;
        last_x_ = e.x;
        last_y_ = e.y;
        break;
      case MouseEvent::Kind::kRelease:
        if (e.button != drag_button_) break;
        if (drag_pull_) perturb_.End();
        drag_button_ = -1;
        drag_pull_ = false;
        break;
      case MouseEvent::Kind::kMove:
        if (drag_button_ >= 0) {
          const double dx = e.x - last_x_, dy = e.y - last_y_;
          if (drag_pull_) {
            perturb_.Drag(model, snapshot_.data.get(), scene_->scene(), shift, dx, dy, height);
          } else {
            camera_.Drag(model, scene_->scene(), drag_button_, shift, dx, dy, height);
          }
        }
        last_x_ = e.x;
        last_y_ = e.y;
        break;
      case MouseEvent::Kind::kScroll:
        if (!io.WantCaptureMouse) camera_.Scroll(model, scene_->scene(), e.scroll);
        break;
    }
  }
}

void App::Exchange() {
  SimControls controls;
  controls.command = steering_.Compute(window_.keys(), !ImGui::GetIO().WantCaptureKeyboard, ReadGamepad(),
                                       choice_.behavior);
  controls.paused = ui_.paused;
  controls.speed = ui_.speed;
  controls.pull = perturb_.ForPhysics();
  physics_->Exchange(controls, requests_, snapshot_);
  plots_.Append(snapshot_.new_samples);
  snapshot_.new_samples.clear();
}

void App::DrawUi(ActionQueue& actions) {
  const SimStatus& status = snapshot_.status;
  if (ui_.show_panels) {
    ControlPanelModel control;
    control.choice = choice_;
    control.robots = robots_;
    control.terrains = TerrainKinds();
    control.controllers = ControllersFor(physics_->world().info().kind);
    if (const ControllerEntry* entry = ControllerRegistry::Global().Find(choice_.controller)) {
      control.behaviors = entry->behaviors;
    }
    control.keyframes = keyframes_;
    control.status = status;
    DrawControlPanel(control, widgets_, ui_, steering_, actions);

    ViewPanelModel view;
    view.plots = &plots_;
    view.foot_names = foot_names_;
    view.torque_share = status.torque_share;
    view.follow = camera_.follow();
    view.recording = capture_.recording();
    view.capture_message = capture_.message();
    view.gl_renderer = window_.gl_renderer();
    view.samples = window_.samples();
    DrawViewPanel(view, widgets_, render_, actions);
  }
  HudInfo hud;
  hud.fps = frame_rate_.fps();
  hud.speed = ui_.speed;
  hud.robot = choice_.robot;
  hud.controller = choice_.controller;
  hud.recording = capture_.recording();
  const ViewRect view = SceneRect();
  hud.center_x = static_cast<float>(view.x + view.width / 2);
  hud.view_width = static_cast<float>(view.width);
  widgets_.RecordArea("view:3d", {static_cast<float>(view.x), static_cast<float>(view.y),
                                  static_cast<float>(view.x + view.width), static_cast<float>(view.y + view.height)});
  DrawHud(status, hud);
  const WidgetRect banner = DrawFaultBanner(status, hud, static_cast<float>(view.y + view.height / 2));
  if (banner.x1 > banner.x0) widgets_.RecordArea("banner:fault", banner);
  if (ui_.show_help) DrawHelp(&ui_.show_help);
}

void App::Apply(const Action& action) {
  switch (action.type) {
    case ActionType::kTogglePause:
      ui_.paused = !ui_.paused;
      break;
    case ActionType::kSingleStep:
      ui_.paused = true;
      requests_.single_steps += 1;
      break;
    case ActionType::kSetSpeed:
      ui_.speed = action.value;
      break;
    case ActionType::kSlower:
    case ActionType::kFaster: {
      size_t i = 0;
      while (i + 1 < std::size(kSpeeds) && kSpeeds[i] > ui_.speed) ++i;
      if (action.type == ActionType::kSlower && i + 1 < std::size(kSpeeds)) ++i;
      if (action.type == ActionType::kFaster && i > 0) --i;
      ui_.speed = kSpeeds[i];
      break;
    }
    case ActionType::kReset:
      requests_.reset = true;
      requests_.reset_keyframe = action.text;
      perturb_.End();
      plots_.Clear();
      break;
    case ActionType::kBehavior:
      choice_.behavior = action.text;
      break;
    case ActionType::kSelectRobot:
      Reload(ChoiceForRobot(choice_, action.text));
      break;
    case ActionType::kSelectTerrain: {
      SessionChoice next = choice_;
      next.terrain = action.text;
      Reload(next);
      break;
    }
    case ActionType::kSelectController:
      Reload(ChoiceForController(choice_, action.text));
      break;
    case ActionType::kPush:
      requests_.impulses.push_back(ui_.impulse * ImpulseDirection(ui_.impulse_direction, snapshot_.status.yaw));
      break;
    case ActionType::kStop:
      steering_.Stop();
      break;
    case ActionType::kToggleFollow:
      camera_.SetFollow(!camera_.follow());
      break;
    case ActionType::kCameraPreset:
      camera_.ApplyPreset(action.text);
      break;
    case ActionType::kToggleContacts: {
      const bool on = !(render_.contact_points || render_.contact_forces);
      render_.contact_points = render_.contact_forces = on;
      break;
    }
    case ActionType::kScreenshot:
      capture_.RequestScreenshot(action.text);
      break;
    case ActionType::kToggleRecording:
      if (capture_.recording()) {
        capture_.StopRecording();
      } else {
        capture_.StartRecording("");
      }
      break;
    case ActionType::kStartRecording:
      capture_.StartRecording(action.text);
      break;
    case ActionType::kStopRecording:
      capture_.StopRecording();
      break;
    case ActionType::kDumpState:
      WriteStateDump(action.text, choice_, snapshot_.status, Figures());
      break;
    case ActionType::kToggleHelp:
      ui_.show_help = !ui_.show_help;
      break;
    case ActionType::kTogglePanels:
      ui_.show_panels = !ui_.show_panels;
      break;
    case ActionType::kQuit:
      quit_ = true;
      break;
  }
}

void App::Render() {
  if (render_.coarse_geoms != scene_->coarse_geoms()) {
    scene_ = std::make_unique<SceneView>(physics_->model(), render_.coarse_geoms);
  }
  // Only the 3D view between the panels is rendered: on a software renderer every pixel counts.
  const ViewRect view = SceneRect();
  const double scale = static_cast<double>(window_.framebuffer_width()) / std::max(1, window_.window_width());
  const mjrRect viewport{static_cast<int>(view.x * scale), 0, static_cast<int>(view.width * scale),
                         window_.framebuffer_height()};
  camera_.Update(snapshot_.data.get());
  scene_->Render(snapshot_.data.get(), camera_.camera(), perturb_.perturb(), render_, viewport);
}

void App::Capture() {
  std::string written;
  try {
    written = capture_.OnFrameDrawn(window_.framebuffer_width(), window_.framebuffer_height());
  } catch (const std::exception& e) {
    if (timed_screenshot_requested_ && !timed_screenshot_done_) throw;  // --screenshot failed: exit 1
    ui_.load_error = std::string("capture failed: ") + e.what();
    std::fprintf(stderr, "stuntsim-viewer: %s\n", ui_.load_error.c_str());
  }
  // --screenshot: exit once the timed screenshot is written.
  if (timed_screenshot_requested_ && !timed_screenshot_done_ && written == options_.screenshot) {
    timed_screenshot_done_ = true;
    quit_ = true;
  }
}

ViewerFigures App::Figures() const {
  ViewerFigures f;
  f.mean_fps = frame_rate_.mean_fps();
  f.frames = frame_rate_.frames();
  f.gl_renderer = window_.gl_renderer();
  return f;
}

void App::Finish() {
  try {
    capture_.StopRecording();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stuntsim-viewer: recording failed: %s\n", e.what());
    exit_code_ = 1;
  }
  if (!options_.state_dump.empty()) WriteStateDump(options_.state_dump, choice_, snapshot_.status, Figures());
}

}  // namespace stuntsim
