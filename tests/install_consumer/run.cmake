# Installs a built Crema into a scratch prefix, then configures, builds and
# runs tests/install_consumer against it, as a project outside the tree would.
#
#   cmake -DCAFFE_BINARY_DIR=<build> -DWORK_DIR=<scratch> -DGENERATOR=<gen>
#         [-DMAKE_PROGRAM=<ninja>] [-DCXX_COMPILER=<c++>]
#         -DBUILT_OPTIONS="<macros>" -P run.cmake
foreach(var CAFFE_BINARY_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install_consumer: ${what} failed (${rc})")
  endif()
endfunction()

run_step("installing the build" ${CMAKE_COMMAND} --install ${CAFFE_BINARY_DIR}
         --prefix ${prefix})

set(configure -S ${CMAKE_CURRENT_LIST_DIR} -B ${build} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix}
    "-DCAFFE_BUILT_OPTIONS=${BUILT_OPTIONS}")
if(MAKE_PROGRAM)
  list(APPEND configure -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
endif()
if(CXX_COMPILER)
  list(APPEND configure -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
run_step("configuring the consumer" ${CMAKE_COMMAND} ${configure})
run_step("building the consumer" ${CMAKE_COMMAND} --build ${build})
run_step("running the consumer" ${build}/consumer)

# The installed tools find the installed library: without it the program
# would not start, and with it and no command it prints its usage.
execute_process(COMMAND ${prefix}/bin/caffe RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${out}${err}" MATCHES "usage: caffe")
  message(FATAL_ERROR "install_consumer: the installed caffe tool did not run "
                      "(${rc}): ${out}${err}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
message(STATUS "install_consumer: passed")
