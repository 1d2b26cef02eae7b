// Tests of the headless renderer (EGL surfaceless), the ffmpeg video writer and PNG output.

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <mujoco/mujoco.h>

#include "stuntsim/render/image_io.h"
#include "stuntsim/render/offscreen_renderer.h"
#include "stuntsim/render/video_writer.h"

namespace stuntsim {
namespace {

// A green floor, a red box on a free joint resting on it, a directional light. The floor is
// finite so the (black, skybox off) background shows above the horizon.
constexpr char kSceneXml[] = R"(
<mujoco model="render_test">
  <visual>
    <global offwidth="64" offheight="64"/>
  </visual>
  <worldbody>
    <light name="sun" directional="true" pos="0 0 5" dir="0 0 -1" diffuse="0.8 0.8 0.8"/>
    <geom name="floor" type="plane" size="4 4 0.1" rgba="0.2 0.7 0.2 1"/>
    <body name="box" pos="0 0 0.2">
      <freejoint/>
      <geom name="box" type="box" size="0.2 0.2 0.2" rgba="0.9 0.1 0.1 1"/>
    </body>
  </worldbody>
</mujoco>
)";

void QuietWarning(const char* msg) { std::fprintf(stderr, "MuJoCo warning: %s\n", msg); }

struct ModelDeleter {
  void operator()(mjModel* m) const { mj_deleteModel(m); }
};
struct DataDeleter {
  void operator()(mjData* d) const { mj_deleteData(d); }
};
using ModelPtr = std::unique_ptr<mjModel, ModelDeleter>;
using DataPtr = std::unique_ptr<mjData, DataDeleter>;

ModelPtr LoadFromString(const std::string& xml) {
  mju_user_warning = QuietWarning;  // No MUJOCO_LOG.TXT in the working directory.
  auto vfs = std::make_unique<mjVFS>();  // About 2 MB: keep it off the stack.
  mj_defaultVFS(vfs.get());
  const char* name = "scene.xml";
  EXPECT_EQ(mj_makeEmptyFileVFS(vfs.get(), name, static_cast<int>(xml.size())), 0);
  const int index = mj_findFileVFS(vfs.get(), name);
  EXPECT_GE(index, 0);
  std::memcpy(vfs->filedata[index], xml.data(), xml.size());
  char error[1000] = "";
  mjModel* model = mj_loadXML(name, vfs.get(), error, sizeof(error));
  mj_deleteVFS(vfs.get());
  EXPECT_NE(model, nullptr) << error;
  return ModelPtr(model);
}

// Owns a model and data after mj_forward.
struct Scene {
  ModelPtr model;
  DataPtr data;
  int box_id = -1;
};

Scene MakeScene() {
  Scene s;
  s.model = LoadFromString(kSceneXml);
  if (!s.model) return s;
  s.data.reset(mj_makeData(s.model.get()));
  mj_forward(s.model.get(), s.data.get());
  s.box_id = mj_name2id(s.model.get(), mjOBJ_BODY, "box");
  return s;
}

std::array<int, 3> Pixel(const std::vector<unsigned char>& rgb, int width, int x, int y) {
  const size_t i = (static_cast<size_t>(y) * width + x) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

// Mean of each channel over a row.
std::array<double, 3> RowMean(const std::vector<unsigned char>& rgb, int width, int y) {
  std::array<double, 3> sum = {0, 0, 0};
  for (int x = 0; x < width; ++x) {
    const auto p = Pixel(rgb, width, x, y);
    for (int c = 0; c < 3; ++c) sum[c] += p[c];
  }
  for (double& v : sum) v /= width;
  return sum;
}

double Variance(const std::vector<unsigned char>& rgb) {
  double mean = 0;
  for (unsigned char v : rgb) mean += v;
  mean /= rgb.size();
  double var = 0;
  for (unsigned char v : rgb) var += (v - mean) * (v - mean);
  return var / rgb.size();
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && base[0] ? base : "/tmp") +
                       "/stuntsim_render_test_XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    if (mkdtemp(name.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
    }
    path_ = name.data();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs a shell command and returns its stdout; sets *status to its exit status.
std::string RunCommand(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char buf[256];
  while (std::fgets(buf, sizeof(buf), pipe) != nullptr) out += buf;
  const int raw = pclose(pipe);
  *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

bool HaveProgram(const std::string& name) {
  int status = 0;
  RunCommand("command -v " + name + " >/dev/null 2>&1", &status);
  return status == 0;
}

// True if this process has no child processes left (running or zombie).
bool NoChildren() {
  int status;
  return waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

TEST(OffscreenRendererTest, RendersBoxOnFloorRightSideUp) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  ASSERT_GT(s.box_id, 0);
  OffscreenRenderer renderer(s.model.get(), 320, 240);
  // The model's offscreen buffer (64x64) was raised to the requested size.
  EXPECT_GE(s.model->vis.global.offwidth, 320);
  EXPECT_GE(s.model->vis.global.offheight, 240);
  EXPECT_FALSE(renderer.gl_renderer().empty());
  std::printf("GL_RENDERER: %s\n", renderer.gl_renderer().c_str());

  FollowCamera camera;
  camera.body_id = s.box_id;
  camera.distance = 2.0;
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const auto& rgb = renderer.rgb();
  ASSERT_EQ(renderer.width(), 320);
  ASSERT_EQ(renderer.height(), 240);
  ASSERT_EQ(rgb.size(), 320u * 240u * 3u);

  EXPECT_GT(Variance(rgb), 200.0);
  const auto centre = Pixel(rgb, 320, 160, 120);
  const auto corner = Pixel(rgb, 320, 0, 0);
  EXPECT_NE(centre, corner);
  // The camera looks at the box: the centre is red.
  EXPECT_GT(centre[0], centre[1] + 40) << centre[0] << " " << centre[1] << " " << centre[2];
  EXPECT_GT(centre[0], centre[2] + 40);
  // Right side up: the floor (green) fills the bottom row, the background (dark) the top row.
  const auto top = RowMean(rgb, 320, 0);
  const auto bottom = RowMean(rgb, 320, 239);
  EXPECT_GT(bottom[1], bottom[0] + 20) << "bottom row is not the green floor";
  EXPECT_GT(bottom[1], top[1] + 40) << "top row is brighter green than the bottom: upside down?";
}

TEST(OffscreenRendererTest, OverlayChangesOnlyTheTopLeft) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  OffscreenRenderer renderer(s.model.get(), 320, 240);
  FollowCamera camera;
  camera.body_id = s.box_id;
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const std::vector<unsigned char> plain = renderer.rgb();
  renderer.Render(s.model.get(), s.data.get(), camera, {"t = 0.000 s", "speed 1.25 m/s"});
  const std::vector<unsigned char>& text = renderer.rgb();
  int changed_top_left = 0;
  int changed_elsewhere = 0;
  for (int y = 0; y < 240; ++y) {
    for (int x = 0; x < 320; ++x) {
      if (Pixel(plain, 320, x, y) == Pixel(text, 320, x, y)) continue;
      if (x < 160 && y < 60) {
        ++changed_top_left;
      } else {
        ++changed_elsewhere;
      }
    }
  }
  EXPECT_GT(changed_top_left, 100);
  EXPECT_EQ(changed_elsewhere, 0);
}

TEST(OffscreenRendererTest, FollowsTheBody) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  OffscreenRenderer renderer(s.model.get(), 160, 120);
  FollowCamera camera;
  camera.body_id = s.box_id;
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const std::vector<unsigned char> before = renderer.rgb();
  // Move the box 1 m along x (free joint qpos: x y z qw qx qy qz): the box stays centred.
  s.data->qpos[0] = 1.0;
  mj_forward(s.model.get(), s.data.get());
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const auto centre = Pixel(renderer.rgb(), 160, 80, 60);
  EXPECT_GT(centre[0], centre[1] + 40);
  EXPECT_NE(before, renderer.rgb());  // The floor moved behind it.

  // Smoothing: with a long time constant and a small time step the camera lags.
  camera.smoothing_time = 10.0;
  renderer.ResetCamera();
  s.data->time = 0;
  renderer.Render(s.model.get(), s.data.get(), camera, {});  // Snaps to x = 1.
  s.data->qpos[0] = 3.0;
  s.data->time = 0.01;
  mj_forward(s.model.get(), s.data.get());
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const auto lagging = Pixel(renderer.rgb(), 160, 80, 60);
  EXPECT_FALSE(lagging[0] > lagging[1] + 40) << "camera should lag behind a 2 m jump";
}

TEST(OffscreenRendererTest, SeveralRenderersSequentialAndTogether) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  FollowCamera camera;
  camera.body_id = s.box_id;
  std::vector<unsigned char> reference;
  for (int i = 0; i < 3; ++i) {
    OffscreenRenderer renderer(s.model.get(), 160, 120);
    renderer.Render(s.model.get(), s.data.get(), camera, {"frame"});
    if (i == 0) {
      reference = renderer.rgb();
    } else {
      EXPECT_EQ(renderer.rgb(), reference) << "renderer " << i;
    }
  }
  // Two at once, interleaved.
  OffscreenRenderer a(s.model.get(), 160, 120);
  OffscreenRenderer b(s.model.get(), 160, 120);
  for (int i = 0; i < 2; ++i) {
    a.Render(s.model.get(), s.data.get(), camera, {"frame"});
    b.Render(s.model.get(), s.data.get(), camera, {"frame"});
    EXPECT_EQ(a.rgb(), reference);
    EXPECT_EQ(b.rgb(), reference);
  }
  // Move construction keeps a working renderer.
  OffscreenRenderer moved(std::move(a));
  moved.Render(s.model.get(), s.data.get(), camera, {"frame"});
  EXPECT_EQ(moved.rgb(), reference);
}

TEST(OffscreenRendererTest, OneRendererPerThread) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  FollowCamera camera;
  camera.body_id = s.box_id;
  std::vector<unsigned char> reference;
  {
    OffscreenRenderer renderer(s.model.get(), 160, 120);
    renderer.Render(s.model.get(), s.data.get(), camera, {});
    reference = renderer.rgb();
  }
  constexpr int kThreads = 3;
  std::vector<int> matches(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        DataPtr data(mj_makeData(s.model.get()));
        mj_forward(s.model.get(), data.get());
        OffscreenRenderer renderer(s.model.get(), 160, 120);
        for (int i = 0; i < 5; ++i) {
          renderer.Render(s.model.get(), data.get(), camera, {});
          if (renderer.rgb() == reference) ++matches[t];
        }
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    EXPECT_EQ(matches[t], 5) << "thread " << t;
  }
}

TEST(OffscreenRendererTest, CreatedInOneThreadUsedInAnother) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  FollowCamera camera;
  camera.body_id = s.box_id;
  OffscreenRenderer renderer(s.model.get(), 160, 120);
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  const std::vector<unsigned char> reference = renderer.rgb();
  std::string error;
  std::thread worker([&] {
    try {
      renderer.Render(s.model.get(), s.data.get(), camera, {});
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  worker.join();
  EXPECT_EQ(error, "");
  EXPECT_EQ(renderer.rgb(), reference);
  // And back on this thread (the worker left the context released).
  renderer.Render(s.model.get(), s.data.get(), camera, {});
  EXPECT_EQ(renderer.rgb(), reference);
}

TEST(OffscreenRendererTest, RejectsBadArguments) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  EXPECT_THROW(OffscreenRenderer(nullptr, 320, 240), RenderError);
  EXPECT_THROW(OffscreenRenderer(s.model.get(), 0, 240), RenderError);
  EXPECT_THROW(OffscreenRenderer(s.model.get(), 100000, 240), RenderError);
  RenderOptions bad_font;
  bad_font.font_scale = 75;
  EXPECT_THROW(OffscreenRenderer(s.model.get(), 32, 32, bad_font), RenderError);

  OffscreenRenderer renderer(s.model.get(), 32, 32);
  FollowCamera camera;
  camera.body_id = s.model->nbody;
  EXPECT_THROW(renderer.Render(s.model.get(), s.data.get(), camera, {}), RenderError);
  camera.body_id = -1;
  EXPECT_THROW(renderer.Render(s.model.get(), s.data.get(), camera, {}), RenderError);
  camera.body_id = 0;  // The world body is allowed.
  EXPECT_NO_THROW(renderer.Render(s.model.get(), s.data.get(), camera, {}));

  Scene other = MakeScene();
  ASSERT_TRUE(other.model);
  try {
    renderer.Render(other.model.get(), other.data.get(), FollowCamera{}, {});
    ADD_FAILURE() << "expected RenderError for a different model";
  } catch (const RenderError& e) {
    EXPECT_NE(std::string(e.what()).find("model"), std::string::npos) << e.what();
  }
}

TEST(OffscreenRendererTest, OptionsWithShadowsAndMultisampling) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  const int samples = s.model->vis.quality.offsamples;
  RenderOptions options;
  options.shadows = true;
  options.reflections = true;
  options.skybox = true;
  options.multisamples = 4;
  OffscreenRenderer renderer(s.model.get(), 160, 120, options);
  EXPECT_EQ(s.model->vis.quality.offsamples, samples);  // Restored after context creation.
  FollowCamera camera;
  camera.body_id = s.box_id;
  renderer.Render(s.model.get(), s.data.get(), camera, {"shadows"});
  EXPECT_GT(Variance(renderer.rgb()), 200.0);
}

// Prints the per-frame cost (not a pass/fail criterion beyond a generous bound).
TEST(OffscreenRendererTest, FrameTime) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  FollowCamera camera;
  camera.body_id = s.box_id;
  const std::vector<std::string> overlay = {"t = 1.234 s", "speed 0.50 m/s"};
  for (const auto& size : {std::array<int, 2>{640, 480}, std::array<int, 2>{320, 240}}) {
    OffscreenRenderer renderer(s.model.get(), size[0], size[1]);
    for (int i = 0; i < 3; ++i) renderer.Render(s.model.get(), s.data.get(), camera, overlay);
    constexpr int kFrames = 30;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kFrames; ++i) {
      s.data->time += 0.01;
      renderer.Render(s.model.get(), s.data.get(), camera, overlay);
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        kFrames;
    std::printf("Render %dx%d: %.2f ms/frame\n", size[0], size[1], ms);
    EXPECT_LT(ms, 1000.0);
  }
}

TEST(VideoWriterTest, WritesTenFrames) {
  Scene s = MakeScene();
  ASSERT_TRUE(s.model);
  TempDir dir;
  const std::string path = dir.path() + "/clip.mp4";
  OffscreenRenderer renderer(s.model.get(), 320, 240);
  FollowCamera camera;
  camera.body_id = s.box_id;
  {
    VideoWriter writer(path, 320, 240, 30.0);
    for (int i = 0; i < 10; ++i) {
      mj_step(s.model.get(), s.data.get());
      renderer.Render(s.model.get(), s.data.get(), camera, {"frame " + std::to_string(i)});
      writer.AddFrame(renderer.rgb().data());
    }
    EXPECT_EQ(writer.frame_count(), 10);
    EXPECT_NO_THROW(writer.Close());
    EXPECT_NO_THROW(writer.Close());  // Idempotent.
    EXPECT_THROW(writer.AddFrame(renderer.rgb().data()), VideoError);
  }
  EXPECT_TRUE(NoChildren());
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_GT(std::filesystem::file_size(path), 1024u);
  if (HaveProgram("ffprobe")) {
    int status = 0;
    const std::string out = RunCommand(
        "ffprobe -v error -count_frames -select_streams v:0 "
        "-show_entries stream=nb_read_frames,width,height -of csv=p=0 '" + path + "'",
        &status);
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, "320,240,10\n");
  } else {
    std::printf("ffprobe not found: checked only the file size\n");
  }
}

TEST(VideoWriterTest, DestructorClosesQuietly) {
  TempDir dir;
  const std::string path = dir.path() + "/quiet.mp4";
  std::vector<unsigned char> frame(64 * 48 * 3, 128);
  {
    VideoWriter writer(path, 64, 48, 25.0);
    for (int i = 0; i < 5; ++i) writer.AddFrame(frame.data());
  }
  EXPECT_TRUE(NoChildren());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_GT(std::filesystem::file_size(path), 0u);
}

TEST(VideoWriterTest, ReportsFfmpegFailure) {
  TempDir dir;
  // ffmpeg cannot create a file in a directory that does not exist: it exits at once.
  const std::string path = dir.path() + "/no/such/dir/clip.mp4";
  std::vector<unsigned char> frame(320 * 240 * 3, 50);
  std::string message;
  try {
    VideoWriter writer(path, 320, 240, 30.0);
    for (int i = 0; i < 50; ++i) writer.AddFrame(frame.data());
    writer.Close();
  } catch (const VideoError& e) {
    message = e.what();
  }
  EXPECT_NE(message, "");
  EXPECT_NE(message.find("ffmpeg"), std::string::npos) << message;
  std::printf("ffmpeg failure message: %s\n", message.c_str());
  EXPECT_TRUE(NoChildren());
}

TEST(VideoWriterTest, ThrowsWhenFfmpegMissing) {
  const char* old = std::getenv("PATH");
  const std::string saved = old != nullptr ? old : "";
  setenv("PATH", "/nonexistent-stuntsim-dir", 1);
  std::string message;
  try {
    VideoWriter writer("/tmp/never.mp4", 32, 32, 30.0);
  } catch (const VideoError& e) {
    message = e.what();
  }
  setenv("PATH", saved.c_str(), 1);
  EXPECT_NE(message.find("ffmpeg not found"), std::string::npos) << message;
  EXPECT_TRUE(NoChildren());
}

TEST(VideoWriterTest, RejectsBadArguments) {
  EXPECT_THROW(VideoWriter("/tmp/x.mp4", 321, 240, 30.0), VideoError);
  EXPECT_THROW(VideoWriter("/tmp/x.mp4", 320, 0, 30.0), VideoError);
  EXPECT_THROW(VideoWriter("/tmp/x.mp4", 320, 240, 0.0), VideoError);
  EXPECT_THROW(VideoWriter("", 320, 240, 30.0), VideoError);
  EXPECT_TRUE(NoChildren());
}

TEST(ImageIoTest, WritesPngSignature) {
  TempDir dir;
  const std::string path = dir.path() + "/image.png";
  std::vector<unsigned char> rgb(8 * 4 * 3);
  for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<unsigned char>(i * 7);
  WritePng(path, rgb.data(), 8, 4);
  std::ifstream in(path, std::ios::binary);
  unsigned char signature[8] = {};
  in.read(reinterpret_cast<char*>(signature), 8);
  ASSERT_EQ(in.gcount(), 8);
  const unsigned char expected[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  EXPECT_EQ(std::memcmp(signature, expected, 8), 0);

  EXPECT_THROW(WritePng(dir.path() + "/missing/dir/x.png", rgb.data(), 8, 4), ImageIoError);
  EXPECT_THROW(WritePng(path, nullptr, 8, 4), ImageIoError);
  EXPECT_THROW(WritePng(path, rgb.data(), 0, 4), ImageIoError);
}

}  // namespace
}  // namespace stuntsim
