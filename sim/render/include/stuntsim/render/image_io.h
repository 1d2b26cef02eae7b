#pragma once

#include <stdexcept>
#include <string>

namespace stuntsim {

/// Error from image file input/output (the message names the file and the cause).
class ImageIoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes an 8-bit RGB PNG to `path` (overwritten). `rgb` holds width*height*3 bytes, top row
/// first, no row padding (the layout of OffscreenRenderer::rgb()); width, height > 0 pixels.
/// Throws ImageIoError on bad arguments or if the file cannot be written.
void WritePng(const std::string& path, const unsigned char* rgb, int width, int height);

}  // namespace stuntsim
