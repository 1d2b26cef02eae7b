#include "stuntsim/render/offscreen_renderer.h"

#include "stuntsim/render/heightfield_mesh.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <mujoco/mujoco.h>

namespace stuntsim {
namespace {

// OpenGL enums used here (from GL/gl.h; written out so this file needs no GL headers and the
// library links only libEGL and libmujoco: GL entry points come from eglGetProcAddress).
constexpr unsigned kGlNoError = 0;
constexpr unsigned kGlRenderer = 0x1F01;
constexpr unsigned kGlVersion = 0x1F02;
constexpr unsigned kGlMaxRenderbufferSize = 0x84E8;
using GlGetStringFn = const unsigned char* (*)(unsigned);
using GlGetIntegervFn = void (*)(unsigned, int*);
using GlGetErrorFn = unsigned (*)();

const char* EglErrorName(EGLint code) {
  switch (code) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CURRENT_SURFACE: return "EGL_BAD_CURRENT_SURFACE";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    case EGL_BAD_NATIVE_PIXMAP: return "EGL_BAD_NATIVE_PIXMAP";
    case EGL_BAD_NATIVE_WINDOW: return "EGL_BAD_NATIVE_WINDOW";
    case EGL_CONTEXT_LOST: return "EGL_CONTEXT_LOST";
    default: return "unknown EGL error";
  }
}

// Throws RenderError naming the failed step and the current eglGetError code.
[[noreturn]] void ThrowEgl(const std::string& step) {
  const EGLint code = eglGetError();
  char hex[16];
  std::snprintf(hex, sizeof(hex), "0x%04X", static_cast<unsigned>(code));
  throw RenderError("OffscreenRenderer: " + step + " failed (eglGetError " + hex + " " +
                    EglErrorName(code) + ")");
}

// Guards the process-wide EGL display (reference counted over live renderers) and MuJoCo's
// context creation/destruction (mjr_makeContext reloads global OpenGL function pointers).
std::mutex& GlobalMutex() {
  static std::mutex mutex;
  return mutex;
}
EGLDisplay g_display = EGL_NO_DISPLAY;
int g_display_refs = 0;

// Returns the initialized surfaceless display, initializing it on first use. Caller holds
// GlobalMutex().
EGLDisplay AcquireDisplayLocked() {
  if (g_display_refs > 0) {
    ++g_display_refs;
    return g_display;
  }
  const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (client_ext == nullptr) {
    ThrowEgl("eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS) (no client extensions: EGL 1.5 "
             "or EGL_EXT_client_extensions needed)");
  }
  if (std::strstr(client_ext, "EGL_MESA_platform_surfaceless") == nullptr) {
    throw RenderError(
        "OffscreenRenderer: EGL does not offer EGL_MESA_platform_surfaceless (client extensions: " +
        std::string(client_ext) + "); install libegl1-mesa-dev and libgl1-mesa-dri");
  }
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display == nullptr) {
    ThrowEgl("eglGetProcAddress(\"eglGetPlatformDisplayEXT\")");
  }
  EGLDisplay display =
      get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY) {
    ThrowEgl("eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA)");
  }
  EGLint major = 0;
  EGLint minor = 0;
  if (eglInitialize(display, &major, &minor) != EGL_TRUE) {
    ThrowEgl("eglInitialize (surfaceless display)");
  }
  g_display = display;
  g_display_refs = 1;
  return display;
}

// Caller holds GlobalMutex().
void ReleaseDisplayLocked() {
  if (g_display_refs <= 0) return;
  if (--g_display_refs == 0) {
    eglTerminate(g_display);
    g_display = EGL_NO_DISPLAY;
  }
}

// GLX entry points, used only to step a GLX context (a GLFW window's) aside while an EGL context
// is current: with libglvnd a thread cannot have a GLX and an EGL OpenGL context current at
// once (eglMakeCurrent fails with EGL_BAD_ACCESS). Looked up only in an already loaded libGLX
// or libGL (RTLD_NOLOAD): nothing is loaded or linked for headless programs. The handle is kept,
// so the library stays loaded and the pointers stay valid.
struct GlxApi {
  void* (*get_current_context)() = nullptr;
  void* (*get_current_display)() = nullptr;
  unsigned long (*get_current_drawable)() = nullptr;
  unsigned long (*get_current_read_drawable)() = nullptr;
  int (*make_context_current)(void*, unsigned long, unsigned long, void*) = nullptr;
};

const GlxApi* Glx() {
  static std::mutex mutex;
  static GlxApi api;
  static bool found = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (found) return &api;
  for (const char* name : {"libGLX.so.0", "libGL.so.1"}) {
    void* handle = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) continue;
    GlxApi candidate;
    candidate.get_current_context =
        reinterpret_cast<void* (*)()>(dlsym(handle, "glXGetCurrentContext"));
    candidate.get_current_display =
        reinterpret_cast<void* (*)()>(dlsym(handle, "glXGetCurrentDisplay"));
    candidate.get_current_drawable =
        reinterpret_cast<unsigned long (*)()>(dlsym(handle, "glXGetCurrentDrawable"));
    candidate.get_current_read_drawable =
        reinterpret_cast<unsigned long (*)()>(dlsym(handle, "glXGetCurrentReadDrawable"));
    candidate.make_context_current =
        reinterpret_cast<int (*)(void*, unsigned long, unsigned long, void*)>(
            dlsym(handle, "glXMakeContextCurrent"));
    if (candidate.get_current_context != nullptr && candidate.get_current_display != nullptr &&
        candidate.get_current_drawable != nullptr &&
        candidate.get_current_read_drawable != nullptr &&
        candidate.make_context_current != nullptr) {
      api = candidate;
      found = true;
      return &api;
    }
    dlclose(handle);
  }
  return nullptr;
}

// Makes an EGL context current on the calling thread for a scope and then restores whatever was
// current before: nothing, another EGL OpenGL context, or a GLX context. Also restores the
// thread's bound EGL API.
class ContextSwitch {
 public:
  ContextSwitch() = default;
  ContextSwitch(const ContextSwitch&) = delete;
  ContextSwitch& operator=(const ContextSwitch&) = delete;
  ~ContextSwitch() { Leave(); }

  // Returns "" on success, otherwise a description of the failure (with the eglGetError code).
  std::string Enter(EGLDisplay display, EGLContext context) {
    display_ = display;
    prev_api_ = eglQueryAPI();
    if (prev_api_ != EGL_OPENGL_API) {
      if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) return EglFailure("eglBindAPI(EGL_OPENGL_API)");
      api_changed_ = true;
    }
    prev_context_ = eglGetCurrentContext();
    if (prev_context_ == context) return "";  // Already current: nothing to switch.
    prev_display_ = eglGetCurrentDisplay();
    prev_draw_ = eglGetCurrentSurface(EGL_DRAW);
    prev_read_ = eglGetCurrentSurface(EGL_READ);
    if (prev_context_ == EGL_NO_CONTEXT) {
      const GlxApi* glx = Glx();
      if (glx != nullptr && glx->get_current_context() != nullptr) {
        glx_ = glx;
        glx_context_ = glx->get_current_context();
        glx_display_ = glx->get_current_display();
        glx_draw_ = glx->get_current_drawable();
        glx_read_ = glx->get_current_read_drawable();
        if (!glx->make_context_current(glx_display_, 0, 0, nullptr)) {
          glx_ = nullptr;
          return "glXMakeContextCurrent(None) failed (could not release the GLX context that is "
                 "current on this thread)";
        }
      }
    }
    if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE) {
      const std::string failure = EglFailure(
          "eglMakeCurrent(EGL_NO_SURFACE, EGL_NO_SURFACE, context); EGL_BAD_ACCESS means the "
          "context is current in another thread or a foreign context is current on this one");
      RestoreGlx();
      return failure;
    }
    switched_ = true;
    return "";
  }

  void Leave() noexcept {
    if (switched_) {
      if (prev_context_ != EGL_NO_CONTEXT) {
        eglMakeCurrent(prev_display_, prev_draw_, prev_read_, prev_context_);
      } else {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      }
      switched_ = false;
    }
    RestoreGlx();
    if (api_changed_) {
      eglBindAPI(prev_api_);
      api_changed_ = false;
    }
  }

 private:
  static std::string EglFailure(const std::string& step) {
    const EGLint code = eglGetError();
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%04X", static_cast<unsigned>(code));
    return step + " failed (eglGetError " + hex + " " + EglErrorName(code) + ")";
  }
  void RestoreGlx() noexcept {
    if (glx_ != nullptr) {
      glx_->make_context_current(glx_display_, glx_draw_, glx_read_, glx_context_);
      glx_ = nullptr;
    }
  }

  EGLDisplay display_ = EGL_NO_DISPLAY;
  EGLenum prev_api_ = EGL_OPENGL_API;
  bool api_changed_ = false;
  bool switched_ = false;
  EGLContext prev_context_ = EGL_NO_CONTEXT;
  EGLDisplay prev_display_ = EGL_NO_DISPLAY;
  EGLSurface prev_draw_ = EGL_NO_SURFACE;
  EGLSurface prev_read_ = EGL_NO_SURFACE;
  const GlxApi* glx_ = nullptr;
  void* glx_context_ = nullptr;
  void* glx_display_ = nullptr;
  unsigned long glx_draw_ = 0;
  unsigned long glx_read_ = 0;
};

}  // namespace

struct OffscreenRenderer::Impl {
  mjModel* model = nullptr;
  int width = 0;
  int height = 0;
  RenderOptions options;

  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  bool display_acquired = false;

  GlGetErrorFn gl_get_error = nullptr;
  std::string gl_renderer;

  mjvScene scene;
  mjrContext con;
  mjvOption vopt;
  mjvPerturb perturb;
  mjvCamera cam;
  bool scene_made = false;
  bool context_made = false;

  // Look-at filter state.
  bool have_lookat = false;
  int lookat_body = -1;
  double lookat_time = 0;
  double lookat[3] = {0, 0, 0};

  std::vector<unsigned char> rgb;
  std::vector<unsigned char> bottom_up;

  Impl() {
    mjv_defaultScene(&scene);
    mjr_defaultContext(&con);
    mjv_defaultOption(&vopt);
    mjv_defaultPerturb(&perturb);
    mjv_defaultCamera(&cam);
  }

  void Create() {
    std::lock_guard<std::mutex> lock(GlobalMutex());
    display = AcquireDisplayLocked();
    display_acquired = true;

    const EGLint config_attribs[] = {EGL_SURFACE_TYPE,    EGL_PBUFFER_BIT,
                                     EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                     EGL_RED_SIZE,        8,
                                     EGL_GREEN_SIZE,      8,
                                     EGL_BLUE_SIZE,       8,
                                     EGL_NONE};
    EGLConfig config = nullptr;
    EGLint num_configs = 0;
    if (eglChooseConfig(display, config_attribs, &config, 1, &num_configs) != EGL_TRUE) {
      ThrowEgl("eglChooseConfig");
    }
    if (num_configs < 1) {
      throw RenderError(
          "OffscreenRenderer: eglChooseConfig found no config with EGL_PBUFFER_BIT and "
          "EGL_OPENGL_BIT (RGB 8 bits)");
    }
    const EGLenum prev_api = eglQueryAPI();
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) ThrowEgl("eglBindAPI(EGL_OPENGL_API)");
    // No attributes: Mesa gives the highest compatibility-profile version, which MuJoCo 2.2.2's
    // fixed-function renderer needs (a core profile fails in mjr_makeContext).
    context = eglCreateContext(display, config, EGL_NO_CONTEXT, nullptr);
    if (context == EGL_NO_CONTEXT) ThrowEgl("eglCreateContext (OpenGL API)");
    if (prev_api != EGL_OPENGL_API) eglBindAPI(prev_api);  // The thread's API is not ours.
    ContextSwitch current;  // Restores the thread's previous context when Create() ends.
    const std::string failure = current.Enter(display, context);
    if (!failure.empty()) throw RenderError("OffscreenRenderer: " + failure);

    auto gl_get_string = reinterpret_cast<GlGetStringFn>(eglGetProcAddress("glGetString"));
    auto gl_get_integerv = reinterpret_cast<GlGetIntegervFn>(eglGetProcAddress("glGetIntegerv"));
    gl_get_error = reinterpret_cast<GlGetErrorFn>(eglGetProcAddress("glGetError"));
    if (gl_get_string == nullptr || gl_get_integerv == nullptr || gl_get_error == nullptr) {
      throw RenderError("OffscreenRenderer: eglGetProcAddress found no glGetString/glGetIntegerv/"
                        "glGetError");
    }
    const unsigned char* renderer = gl_get_string(kGlRenderer);
    const unsigned char* version = gl_get_string(kGlVersion);
    if (renderer == nullptr || version == nullptr) {
      throw RenderError("OffscreenRenderer: glGetString returned null after eglMakeCurrent "
                        "(the OpenGL context is not usable)");
    }
    gl_renderer = reinterpret_cast<const char*>(renderer);

    // mjr_makeContext reports failures through mju_error (which exits by default): check what
    // can be checked first so bad sizes become exceptions. The model is only changed once the
    // new size is known to be valid.
    const int off_width = std::max(model->vis.global.offwidth, width);
    const int off_height = std::max(model->vis.global.offheight, height);
    int max_size = 0;
    gl_get_integerv(kGlMaxRenderbufferSize, &max_size);
    if (max_size > 0 && (off_width > max_size || off_height > max_size)) {
      std::ostringstream msg;
      msg << "OffscreenRenderer: offscreen buffer " << off_width << "x" << off_height
          << " exceeds GL_MAX_RENDERBUFFER_SIZE " << max_size;
      throw RenderError(msg.str());
    }
    while (gl_get_error() != kGlNoError) {
    }

    model->vis.global.offwidth = off_width;
    model->vis.global.offheight = off_height;
    const int saved_samples = model->vis.quality.offsamples;
    model->vis.quality.offsamples = options.multisamples;
    context_made = true;  // mjr_freeContext is safe on a partially made context.
    try {
      mjr_makeContext(model, &con, options.font_scale);
    } catch (...) {
      model->vis.quality.offsamples = saved_samples;
      throw;  // A project mju_user_error handler may throw.
    }
    model->vis.quality.offsamples = saved_samples;
    UploadShadedHeightfields(model, &con);

    if (con.offFBO == 0) {
      throw RenderError("OffscreenRenderer: mjr_makeContext created no offscreen framebuffer");
    }
    mjr_setBuffer(mjFB_OFFSCREEN, &con);
    if (con.currentBuffer != mjFB_OFFSCREEN) {
      throw RenderError("OffscreenRenderer: mjr_setBuffer(mjFB_OFFSCREEN) did not select the "
                        "offscreen buffer");
    }
    const unsigned gl_error = gl_get_error();
    if (gl_error != kGlNoError) {
      char hex[16];
      std::snprintf(hex, sizeof(hex), "0x%X", gl_error);
      throw RenderError(std::string("OffscreenRenderer: OpenGL error ") + hex +
                        " after mjr_makeContext");
    }
  }

  // Frees everything created so far; safe after a partial Create().
  void Destroy() noexcept {
    if (scene_made) {
      mjv_freeScene(&scene);
      scene_made = false;
    }
    std::lock_guard<std::mutex> lock(GlobalMutex());
    if (context != EGL_NO_CONTEXT) {
      {
        ContextSwitch current;
        if (current.Enter(display, context).empty() && context_made) {
          try {
            mjr_freeContext(&con);
          } catch (...) {
          }
        }
      }  // Our context is no longer current here (unless it was before ~OffscreenRenderer).
      context_made = false;
      eglDestroyContext(display, context);
      context = EGL_NO_CONTEXT;
    }
    if (display_acquired) {
      ReleaseDisplayLocked();
      display_acquired = false;
      display = EGL_NO_DISPLAY;
    }
  }

  ~Impl() { Destroy(); }
};

OffscreenRenderer::OffscreenRenderer(mjModel* model, int width, int height,
                                     RenderOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (model == nullptr) throw RenderError("OffscreenRenderer: model is null");
  if (width <= 0 || height <= 0) {
    throw RenderError("OffscreenRenderer: width and height must be positive, got " +
                      std::to_string(width) + "x" + std::to_string(height));
  }
  if (options.multisamples < 0) {
    throw RenderError("OffscreenRenderer: multisamples must be >= 0, got " +
                      std::to_string(options.multisamples));
  }
  // The font scale must be one MuJoCo knows; otherwise mjr_makeContext errors (and exits).
  const int fs = options.font_scale;
  if (fs != 50 && fs != 100 && fs != 150 && fs != 200 && fs != 250 && fs != 300) {
    throw RenderError("OffscreenRenderer: font_scale must be 50, 100, 150, 200, 250 or 300, got " +
                      std::to_string(fs));
  }
  if (options.max_geoms <= 0) {
    throw RenderError("OffscreenRenderer: max_geoms must be positive, got " +
                      std::to_string(options.max_geoms));
  }
  Impl& im = *impl_;
  im.model = model;
  im.width = width;
  im.height = height;
  im.options = options;
  // On failure impl_'s destructor (run as a fully constructed member) frees what was created.
  im.Create();

  mjv_makeScene(model, &im.scene, options.max_geoms);
  im.scene_made = true;
  im.scene.flags[mjRND_SHADOW] = options.shadows ? 1 : 0;
  im.scene.flags[mjRND_REFLECTION] = options.reflections ? 1 : 0;
  im.scene.flags[mjRND_SKYBOX] = options.skybox ? 1 : 0;

  mjv_defaultFreeCamera(model, &im.cam);
  im.cam.type = mjCAMERA_FREE;

  im.rgb.assign(static_cast<size_t>(width) * height * 3, 0);
  im.bottom_up.assign(im.rgb.size(), 0);
}

OffscreenRenderer::~OffscreenRenderer() = default;
OffscreenRenderer::OffscreenRenderer(OffscreenRenderer&&) noexcept = default;
OffscreenRenderer& OffscreenRenderer::operator=(OffscreenRenderer&&) noexcept = default;

void OffscreenRenderer::Render(const mjModel* model, mjData* data, const FollowCamera& camera,
                               const std::vector<std::string>& overlay) {
  if (!impl_) throw RenderError("OffscreenRenderer::Render: renderer was moved from");
  Impl& im = *impl_;
  if (model != im.model) {
    throw RenderError("OffscreenRenderer::Render: model is not the one the renderer was created "
                      "for (textures and meshes were uploaded from that model)");
  }
  if (data == nullptr) throw RenderError("OffscreenRenderer::Render: data is null");
  if (camera.body_id < 0 || camera.body_id >= model->nbody) {
    throw RenderError("OffscreenRenderer::Render: camera body_id " +
                      std::to_string(camera.body_id) + " out of range [0, " +
                      std::to_string(model->nbody) + ")");
  }
  if (!(camera.distance > 0) || !std::isfinite(camera.distance)) {
    throw RenderError("OffscreenRenderer::Render: camera distance must be positive and finite");
  }

  // Look-at point: body position plus offset, low-pass filtered in simulation time.
  double target[3];
  for (int i = 0; i < 3; ++i) {
    target[i] = data->xpos[3 * camera.body_id + i] + camera.lookat_offset[i];
  }
  const double dt = data->time - im.lookat_time;
  const bool snap = !im.have_lookat || im.lookat_body != camera.body_id || !(dt > 0) ||
                    !(camera.smoothing_time > 0);
  if (snap) {
    for (int i = 0; i < 3; ++i) im.lookat[i] = target[i];
  } else {
    const double alpha = 1.0 - std::exp(-dt / camera.smoothing_time);
    for (int i = 0; i < 3; ++i) im.lookat[i] += alpha * (target[i] - im.lookat[i]);
  }
  for (int i = 0; i < 3; ++i) {
    if (!std::isfinite(im.lookat[i])) im.lookat[i] = target[i];
  }
  im.have_lookat = true;
  im.lookat_body = camera.body_id;
  im.lookat_time = data->time;

  im.cam.type = mjCAMERA_FREE;
  for (int i = 0; i < 3; ++i) im.cam.lookat[i] = im.lookat[i];
  im.cam.distance = camera.distance;
  im.cam.azimuth = camera.azimuth;
  im.cam.elevation = camera.elevation;

  std::string text;
  for (size_t i = 0; i < overlay.size(); ++i) {
    if (i > 0) text += '\n';
    text += overlay[i];
  }

  ContextSwitch current;  // Restores the thread's previous context (if any) on return.
  const std::string failure = current.Enter(im.display, im.context);
  if (!failure.empty()) throw RenderError("OffscreenRenderer::Render: " + failure);
  mjv_updateScene(model, data, &im.vopt, &im.perturb, &im.cam, mjCAT_ALL, &im.scene);
  mjr_setBuffer(mjFB_OFFSCREEN, &im.con);
  const mjrRect viewport = {0, 0, im.width, im.height};
  mjr_render(viewport, &im.scene, &im.con);
  if (!text.empty()) {
    mjr_overlay(mjFONT_NORMAL, mjGRID_TOPLEFT, viewport, text.c_str(), "", &im.con);
  }
  mjr_readPixels(im.bottom_up.data(), nullptr, viewport, &im.con);
  const unsigned gl_error = im.gl_get_error();
  if (gl_error != kGlNoError) {
    while (im.gl_get_error() != kGlNoError) {
    }
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%X", gl_error);
    throw RenderError(std::string("OffscreenRenderer::Render: OpenGL error ") + hex);
  }

  // OpenGL rows are bottom-up; rgb() is top-down.
  const size_t row = static_cast<size_t>(im.width) * 3;
  for (int y = 0; y < im.height; ++y) {
    std::memcpy(im.rgb.data() + row * y, im.bottom_up.data() + row * (im.height - 1 - y), row);
  }
}

void OffscreenRenderer::ResetCamera() {
  if (impl_) impl_->have_lookat = false;
}

const std::vector<unsigned char>& OffscreenRenderer::rgb() const { return impl_->rgb; }
int OffscreenRenderer::width() const { return impl_->width; }
int OffscreenRenderer::height() const { return impl_->height; }
const std::string& OffscreenRenderer::gl_renderer() const { return impl_->gl_renderer; }

}  // namespace stuntsim
