# Assertions shared by the command-line tests run with cmake -P (run_cli_test.cmake,
# robustness_cli_test.cmake).

# expect_contains(<text> <what>): fails unless <what> occurs in <text>.
function(expect_contains text what)
  string(FIND "${text}" "${what}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${what}' in:\n${text}")
  endif()
endfunction()

# expect_count(<text> <regex> <count>): fails unless <regex> matches exactly <count> times.
function(expect_count text what count)
  string(REGEX MATCHALL "${what}" found "${text}")
  list(LENGTH found n)
  if(NOT n EQUAL count)
    message(FATAL_ERROR "expected ${count} x '${what}', found ${n} in:\n${text}")
  endif()
endfunction()
