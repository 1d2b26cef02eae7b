# SDK: headers, libraries, assets and a CMake package for find_package(stuntsim).
include(CMakePackageConfigHelpers)

install(TARGETS stuntsim_controllers stuntsim_sim stuntsim_render EXPORT stuntsimTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY controllers/include/ sim/include/ sim/render/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/stuntsim/assets)

set(STUNTSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/stuntsim)
install(EXPORT stuntsimTargets NAMESPACE stuntsim:: DESTINATION ${STUNTSIM_CMAKE_DIR})
configure_package_config_file(cmake/stuntsimConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/stuntsimConfig.cmake INSTALL_DESTINATION ${STUNTSIM_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/stuntsimConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/stuntsimConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/stuntsimConfigVersion.cmake DESTINATION ${STUNTSIM_CMAKE_DIR})
