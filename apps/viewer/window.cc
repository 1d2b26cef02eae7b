#include "window.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

namespace stuntsim {
namespace {

constexpr double kDoubleClickSeconds = 0.3;
constexpr char kUiFont[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kUiFontSize = 15.0f;

std::string g_glfw_error;  // the last GLFW error text (GLFW reports on the calling thread)

void OnGlfwError(int code, const char* text) { g_glfw_error = text ? text : "unknown"; }

std::string CurrentRenderer() {
  const auto* text = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return text ? text : "";
}

// Creates a hidden window to ask the OpenGL driver its name before choosing multisampling.
std::string ProbeRenderer() {
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* probe = glfwCreateWindow(64, 64, "probe", nullptr, nullptr);
  glfwDefaultWindowHints();
  if (probe == nullptr) return "";
  glfwMakeContextCurrent(probe);
  const std::string renderer = CurrentRenderer();
  glfwMakeContextCurrent(nullptr);
  glfwDestroyWindow(probe);
  return renderer;
}

void StyleUi() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.WindowBorderSize = 0;
  style.Colors[ImGuiCol_WindowBg].w = 1.0f;  // the 3D view is not rendered under the panels
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  if (std::filesystem::exists(kUiFont)) io.Fonts->AddFontFromFileTTF(kUiFont, kUiFontSize);
}

}  // namespace

bool IsSoftwareRenderer(const std::string& gl_renderer) {
  return gl_renderer.find("llvmpipe") != std::string::npos || gl_renderer.find("softpipe") != std::string::npos ||
         gl_renderer.find("swrast") != std::string::npos;
}

Window::Window(const WindowOptions& options) {
  glfwSetErrorCallback(OnGlfwError);
  if (!glfwInit()) {
    throw std::runtime_error("cannot initialize GLFW (" + g_glfw_error +
                             "); is there a display? (set DISPLAY or run under xvfb-run)");
  }
  samples_ = options.samples;
  if (samples_ < 0) samples_ = IsSoftwareRenderer(ProbeRenderer()) ? 0 : 4;
  // Only the framebuffer is hinted; the context hints stay at GLFW's defaults (compatibility).
  glfwWindowHint(GLFW_SAMPLES, samples_);
  window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    glfwTerminate();
    throw std::runtime_error("cannot create a " + std::to_string(options.width) + "x" +
                             std::to_string(options.height) + " OpenGL window: " + g_glfw_error);
  }
  glfwMakeContextCurrent(window_);
  gl_renderer_ = CurrentRenderer();
  software_ = IsSoftwareRenderer(gl_renderer_);
  glfwSwapInterval(software_ ? 0 : 1);
  keys_ = std::make_unique<KeyInput>(window_);

  // The viewer's callbacks first; ImGui's backend then chains to them.
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, OnKey);
  glfwSetMouseButtonCallback(window_, OnMouseButton);
  glfwSetCursorPosCallback(window_, OnCursor);
  glfwSetScrollCallback(window_, OnScroll);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  StyleUi();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  imgui_ready_ = true;
}

Window::~Window() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_ != nullptr) glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::BeginFrame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Window::RenderUi() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::Swap() { glfwSwapBuffers(window_); }

bool Window::ShouldClose() const { return glfwWindowShouldClose(window_); }

int Window::framebuffer_width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}

int Window::framebuffer_height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

int Window::window_width() const {
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  return w;
}

int Window::window_height() const {
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  return h;
}

std::vector<MouseEvent> Window::TakeMouseEvents() {
  std::vector<MouseEvent> out;
  out.swap(mouse_events_);
  return out;
}

void Window::OnKey(GLFWwindow* w, int key, int, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
  if (action == GLFW_PRESS && key != GLFW_KEY_UNKNOWN) self->keys_->Press({key, mods});
}

void Window::OnMouseButton(GLFWwindow* w, int button, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
  MouseEvent e;
  e.kind = action == GLFW_PRESS ? MouseEvent::Kind::kPress : MouseEvent::Kind::kRelease;
  e.button = button;
  e.mods = mods;
  glfwGetCursorPos(w, &e.x, &e.y);
  if (action == GLFW_PRESS && button == GLFW_MOUSE_BUTTON_LEFT) {
    const double now = glfwGetTime();
    e.double_click = self->last_left_press_ >= 0 && now - self->last_left_press_ < kDoubleClickSeconds;
    self->last_left_press_ = e.double_click ? -1 : now;
  }
  self->mouse_events_.push_back(e);
}

void Window::OnCursor(GLFWwindow* w, double x, double y) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
  MouseEvent e;
  e.kind = MouseEvent::Kind::kMove;
  e.x = x;
  e.y = y;
  self->mouse_events_.push_back(e);
}

void Window::OnScroll(GLFWwindow* w, double, double dy) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
  MouseEvent e;
  e.kind = MouseEvent::Kind::kScroll;
  e.scroll = dy;
  glfwGetCursorPos(w, &e.x, &e.y);
  self->mouse_events_.push_back(e);
}

}  // namespace stuntsim
