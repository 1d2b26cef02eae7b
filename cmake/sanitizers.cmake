# Sanitizer and fuzzer builds (clang; see CMakePresets.json and scripts/sanitize.sh).
#
#   STUNTSIM_SANITIZE=address,undefined  ASan + UBSan (+ libstdc++ assertions); undefined behaviour
#                                        aborts (fails the test)
#   STUNTSIM_SANITIZE=thread             ThreadSanitizer
#   STUNTSIM_BUILD_FUZZERS=ON            libFuzzer targets in tests/fuzz (implies address,undefined)
#
# The flags apply to every target of the project; Debian's libraries (libmujoco, Mesa, imgui) stay
# uninstrumented.
set(STUNTSIM_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread (empty: none)")
option(STUNTSIM_BUILD_FUZZERS "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(STUNTSIM_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "STUNTSIM_BUILD_FUZZERS needs clang (libFuzzer), but the C++ compiler is "
                        "${CMAKE_CXX_COMPILER_ID}: configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "-DCMAKE_C_COMPILER=clang, or use `cmake --preset asan` (which builds them)")
  endif()
  if(STUNTSIM_SANITIZE STREQUAL "")
    set(STUNTSIM_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  elseif(STUNTSIM_SANITIZE MATCHES "thread")
    message(FATAL_ERROR "STUNTSIM_BUILD_FUZZERS runs under address,undefined, not thread")
  endif()
endif()

if(NOT STUNTSIM_SANITIZE STREQUAL "")
  if(NOT STUNTSIM_SANITIZE MATCHES "^(address|undefined|address,undefined|undefined,address|thread)$")
    message(FATAL_ERROR "STUNTSIM_SANITIZE='${STUNTSIM_SANITIZE}': expected address,undefined or thread")
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(WARNING "STUNTSIM_SANITIZE is meant for clang (the asan and tsan presets); "
                    "${CMAKE_CXX_COMPILER_ID} may not support every flag")
  endif()
  set(flags -fsanitize=${STUNTSIM_SANITIZE} -fno-omit-frame-pointer)
  if(STUNTSIM_SANITIZE MATCHES "undefined")
    # Report undefined behaviour as an error that ends the program, so a test cannot pass with it.
    list(APPEND flags -fno-sanitize-recover=undefined)
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND flags -gline-tables-only)  # file:line in reports at little build cost
  endif()
  add_compile_options(${flags})
  add_link_options(${flags})
  if(STUNTSIM_SANITIZE MATCHES "address")
    # libstdc++'s checks (an empty std::optional dereferenced, vector::operator[] out of range)
    # abort too: they catch what ASan and UBSan cannot see inside inline library code.
    add_compile_definitions(_GLIBCXX_ASSERTIONS)
  endif()
  message(STATUS "StuntSim: sanitizers ${STUNTSIM_SANITIZE}")
endif()

if(STUNTSIM_BUILD_FUZZERS)
  # Coverage feedback for libFuzzer in every library; the fuzz targets link -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
