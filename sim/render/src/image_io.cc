#include "stuntsim/render/image_io.h"

#include <cerrno>
#include <cstring>
#include <string>

// libstb (Debian's libstb-dev) provides the implementation: link -lstb and do not define
// STB_IMAGE_WRITE_IMPLEMENTATION here.
#include <stb/stb_image_write.h>

namespace stuntsim {

void WritePng(const std::string& path, const unsigned char* rgb, int width, int height) {
  if (path.empty()) throw ImageIoError("WritePng: path is empty");
  if (rgb == nullptr) throw ImageIoError("WritePng: image data is null (" + path + ")");
  if (width <= 0 || height <= 0) {
    throw ImageIoError("WritePng: width and height must be positive, got " +
                       std::to_string(width) + "x" + std::to_string(height) + " (" + path + ")");
  }
  errno = 0;
  const int ok = stbi_write_png(path.c_str(), width, height, 3, rgb, width * 3);
  if (ok == 0) {
    const int err = errno;
    throw ImageIoError("WritePng: cannot write " + path +
                       (err != 0 ? ": " + std::string(std::strerror(err)) : std::string()));
  }
}

}  // namespace stuntsim
