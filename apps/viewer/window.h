#pragma once

#include <memory>
#include <string>
#include <vector>

#include "key_input.h"

struct GLFWwindow;

namespace stuntsim {

/// A mouse event recorded by the GLFW callbacks, in window coordinates (pixels, y down).
struct MouseEvent {
  enum class Kind { kPress, kRelease, kMove, kScroll };
  Kind kind = Kind::kMove;
  /// GLFW_MOUSE_BUTTON_* for presses and releases.
  int button = 0;
  /// GLFW_MOD_* bits held at a press.
  int mods = 0;
  double x = 0, y = 0;
  /// Scroll offset (vertical), for kScroll.
  double scroll = 0;
  /// A left press within kDoubleClickSeconds of the previous one.
  bool double_click = false;
};

/// Window settings.
struct WindowOptions {
  int width = 1280;
  int height = 720;
  /// Multisamples of the window's framebuffer; -1 chooses (0 on a software renderer, else 4).
  int samples = -1;
  std::string title = "StuntSim";
};

/// The GLFW window with its OpenGL context (compatibility profile: GLFW's default hints, which
/// MuJoCo 2.2.2's renderer needs) and the Dear ImGui context with its GLFW and OpenGL3
/// backends. Owns GLFW's lifetime. Main thread only.
class Window {
 public:
  /// Initializes GLFW, creates the window and makes its context current, sets up ImGui.
  /// Throws std::runtime_error (no display, no OpenGL).
  explicit Window(const WindowOptions& options);
  ~Window();

  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  /// Polls events and starts an ImGui frame.
  void BeginFrame();
  /// Renders the ImGui draw data into the back buffer (after the 3D scene).
  void RenderUi();
  /// Shows the back buffer.
  void Swap();

  bool ShouldClose() const;
  /// Framebuffer size, pixels.
  int framebuffer_width() const;
  int framebuffer_height() const;
  /// Window size in screen coordinates (mouse coordinates).
  int window_width() const;
  int window_height() const;

  /// OpenGL renderer string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".
  const std::string& gl_renderer() const { return gl_renderer_; }
  /// True for Mesa's software renderers (llvmpipe, softpipe).
  bool software_renderer() const { return software_; }
  /// Multisamples the framebuffer was created with.
  int samples() const { return samples_; }

  GLFWwindow* handle() const { return window_; }
  KeyInput& keys() { return *keys_; }
  /// Mouse events since the last call.
  std::vector<MouseEvent> TakeMouseEvents();

 private:
  static void OnKey(GLFWwindow* w, int key, int scancode, int action, int mods);
  static void OnMouseButton(GLFWwindow* w, int button, int action, int mods);
  static void OnCursor(GLFWwindow* w, double x, double y);
  static void OnScroll(GLFWwindow* w, double dx, double dy);

  GLFWwindow* window_ = nullptr;
  std::unique_ptr<KeyInput> keys_;
  std::vector<MouseEvent> mouse_events_;
  double last_left_press_ = -1;
  std::string gl_renderer_;
  bool software_ = false;
  int samples_ = 0;
  bool imgui_ready_ = false;
};

/// True if `gl_renderer` names a software renderer (llvmpipe, softpipe, swrast).
bool IsSoftwareRenderer(const std::string& gl_renderer);

}  // namespace stuntsim
