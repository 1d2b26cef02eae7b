# stuntsim-robustness and stuntsim-run --perturb end to end (cmake -P), small enough for CI:
# -DTOOL=<stuntsim-robustness> -DRUN=<stuntsim-run> -DSOURCE=<source tree> -DWORK=<scratch folder>.
# Checks: the tool replaces only its own section of an existing file (twice: no duplicate), the
# push table is well-formed and each search bracketed (0 < largest survived < smallest fall, half
# the limit survived), the success-rate table has one well-formed row per scenario; bad input
# exits 2; --perturb-seed makes a run reproducible and the seed matters.
cmake_minimum_required(VERSION 3.19)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(DOC ${WORK}/robustness.md)
set(BEFORE "# Robustness\n\n## Sanitizers and fuzzing\n\nsomeone else's text\n\n")
set(AFTER "## Bad input and faults\n\nmore of someone else's text\n")

function(run_tool expected out)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT code STREQUAL expected)
    message(FATAL_ERROR "${ARGN}: exit code ${code}, expected ${expected}\n${stdout}\n${stderr}")
  endif()
  set(${out} "${stdout}${stderr}" PARENT_SCOPE)
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/cli_test_util.cmake)

file(WRITE ${DOC} "${BEFORE}## Robustness figures\n\nold figures\n\n${AFTER}")
set(args --trials 2 --only wheel_legged_push_stand --only quadruped_push_stand --push wheel_legged --jobs 2 --out ${DOC})
foreach(round 1 2)
  run_tool(0 log ${TOOL} ${args})
  file(READ ${DOC} doc)
  string(FIND "${doc}" "${BEFORE}## Robustness figures\n" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "the sections before ours changed:\n${doc}")
  endif()
  string(FIND "${doc}" "\n\n${AFTER}" at)
  string(LENGTH "${doc}" doc_length)
  string(LENGTH "\n\n${AFTER}" after_length)
  math(EXPR expected_at "${doc_length} - ${after_length}")
  if(NOT at EQUAL expected_at)
    message(FATAL_ERROR "the section after ours is not kept at the end:\n${doc}")
  endif()
  expect_count("${doc}" "## Robustness figures" 1)
  expect_count("${doc}" "old figures" 0)
endforeach()

# Push table: wheel_legged standing with numbers, bracketed; driving with numbers too.
string(REGEX MATCH "\\| wheel_legged \\| standing \\| stand \\| base \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| [^|]+ \\| (yes|\\*\\*no\\*\\*) \\| ([0-9]+) \\|" row "${doc}")
if(NOT row)
  message(FATAL_ERROR "no well-formed push row for wheel_legged standing in:\n${doc}")
endif()
set(worst ${CMAKE_MATCH_1})
set(best ${CMAKE_MATCH_2})
set(fell ${CMAKE_MATCH_3})
set(half ${CMAKE_MATCH_4})
if(NOT worst GREATER 0 OR worst GREATER best OR NOT worst LESS fell)
  message(FATAL_ERROR "push search not bracketed: worst ${worst}, best ${best}, smallest fall ${fell}:\n${row}")
endif()
if(NOT half STREQUAL "yes")
  message(FATAL_ERROR "a push of half the limit was not survived (outcome not monotone):\n${row}")
endif()
expect_count("${doc}" "\\| wheel_legged \\| drive 1.5 m/s \\| wheel_legged \\| base \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|" 1)
expect_count("${doc}" "\\| quadruped \\| standing" 0)  # --push wheel_legged only

# Success-rate table: one row per scenario, n/2 with 0 <= n <= 2, in name order.
expect_count("${doc}" "\n\\| (quadruped_push_stand|wheel_legged_push_stand) \\| [a-z_]+ \\| [a-z_]+ \\| (pass|\\*\\*FAIL\\*\\*) \\| (\\*\\*)?[0-2]/2(\\*\\*)? \\| [0-2] \\| [0-2] \\| [^|]+ \\| [^|]+ \\|" 2)
string(FIND "${doc}" "| quadruped_push_stand |" q)
string(FIND "${doc}" "| wheel_legged_push_stand |" w)
if(NOT q LESS w)
  message(FATAL_ERROR "the success-rate rows are not in name order")
endif()
string(FIND "${doc}" "--trials 2 --only wheel_legged_push_stand" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the section does not give the command that made it:\n${doc}")
endif()

# Bad input: exit 2 with the reason.
run_tool(2 log ${TOOL} --trials 1 --only no_such_scenario --push none --out ${WORK}/x.md)
run_tool(2 log ${TOOL} --trials 0 --push no_such_robot --out ${WORK}/x.md)
run_tool(2 log ${TOOL} --trials 0 --push none --out ${WORK}/no/such/folder/x.md)

# stuntsim-run --perturb: the same seed gives the same run, another seed another run.
set(scenario ${SOURCE}/assets/scenarios/wheel_legged_push_stand.toml)
foreach(seed 3 3b 4)
  string(REPLACE "b" "" s ${seed})
  execute_process(COMMAND ${RUN} ${scenario} --perturb --perturb-seed ${s} --out ${WORK}/run_${seed}
                  RESULT_VARIABLE code OUTPUT_QUIET ERROR_QUIET)
  if(NOT code STREQUAL "0" AND NOT code STREQUAL "1")
    message(FATAL_ERROR "stuntsim-run --perturb --perturb-seed ${s}: exit code ${code}")
  endif()
  file(READ ${WORK}/run_${seed}/wheel_legged_push_stand.json json)
  string(JSON hash_${seed} GET "${json}" state_hash)
endforeach()
if(NOT hash_3 STREQUAL hash_3b)
  message(FATAL_ERROR "--perturb-seed 3 twice gave different runs: ${hash_3} ${hash_3b}")
endif()
if(hash_3 STREQUAL hash_4)
  message(FATAL_ERROR "--perturb-seed 3 and 4 gave the same run: ${hash_3}")
endif()
