# Sanitizer and fuzzer builds (both off by default).
#   -DSANITIZE=address,undefined  builds every target (library, tools, tests)
#       with -fsanitize=<list>, for gcc or clang. UBSan findings stop the
#       program (-fno-sanitize-recover) so that a test cannot pass over one.
#   -DBUILD_FUZZERS=ON  builds the libFuzzer targets under fuzz/ (clang only).
#       The rest of the tree gets libFuzzer's coverage instrumentation
#       (fuzzer-no-link) so that the fuzzers see into the library.
set(SANITIZE "" CACHE STRING
    "Comma list for -fsanitize= (e.g. address,undefined); empty for none")
option(BUILD_FUZZERS "Build the libFuzzer targets under fuzz/ (needs clang)" OFF)

if(BUILD_FUZZERS AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "BUILD_FUZZERS needs clang (libFuzzer), not "
                      "${CMAKE_CXX_COMPILER_ID}; configure with "
                      "-DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16")
endif()

# CUDA device code is never sanitized; only C and C++ get the flags.
set(CAFFE_HOST_LANGUAGES "$<COMPILE_LANGUAGE:C,CXX>")
if(SANITIZE)
  add_compile_options(
    "$<${CAFFE_HOST_LANGUAGES}:-fsanitize=${SANITIZE}>"
    "$<${CAFFE_HOST_LANGUAGES}:-fno-omit-frame-pointer>"
    "$<${CAFFE_HOST_LANGUAGES}:-fno-sanitize-recover=undefined>")
  add_link_options(-fsanitize=${SANITIZE})
endif()
if(BUILD_FUZZERS)
  add_compile_options("$<${CAFFE_HOST_LANGUAGES}:-fsanitize=fuzzer-no-link>")
endif()
