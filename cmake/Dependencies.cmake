# Finds Crema's dependencies (Debian 12 packages) and sorts them by what a
# program built against Caffe's headers needs:
#   CAFFE_PUBLIC_DEPS     headers under include/caffe use them: linked PUBLIC,
#                         and CaffeConfig.cmake finds them again
#   CAFFE_PRIVATE_DEPS    only the library's sources use them: linked PRIVATE
#   CAFFE_PRIVATE_INCLUDE_DIRS  their headers, for the library's sources
#   CAFFE_DEFINITIONS     the build options in force (recorded in config.hpp)
# caffe_private_deps (an INTERFACE target, never installed) carries the
# private ones to the programs of this tree, whose tests use them directly.
set(CAFFE_PUBLIC_DEPS "")
set(CAFFE_PRIVATE_DEPS "")
set(CAFFE_PRIVATE_INCLUDE_DIRS "")
set(CAFFE_DEFINITIONS "")

# caffe.pb.h and caffe/util/io.hpp.
find_package(Protobuf REQUIRED)
list(APPEND CAFFE_PUBLIC_DEPS protobuf::libprotobuf)

find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED)
list(APPEND CAFFE_PUBLIC_DEPS Threads::Threads OpenMP::OpenMP_CXX)

# caffe/common.hpp includes both.
find_package(PkgConfig REQUIRED)
pkg_check_modules(GLOG REQUIRED IMPORTED_TARGET libglog)
find_package(gflags REQUIRED)
list(APPEND CAFFE_PUBLIC_DEPS PkgConfig::GLOG gflags)

# Single-precision GEMM: oneDNN, whose kernels are chosen from the CPU's
# feature flags (see src/caffe/util/math_functions.cpp).
find_path(DNNL_INCLUDE_DIR dnnl.h REQUIRED)
find_library(DNNL_LIBRARY dnnl REQUIRED)
list(APPEND CAFFE_PRIVATE_INCLUDE_DIRS ${DNNL_INCLUDE_DIR})
list(APPEND CAFFE_PRIVATE_DEPS ${DNNL_LIBRARY})

# caffe/util/math_functions.hpp includes <cblas.h> for CBLAS_TRANSPOSE only;
# Debian puts it on the compiler's default path, and no header calls BLAS.
if(BLAS STREQUAL "Open" OR BLAS STREQUAL "open")
  find_library(OPENBLAS_LIBRARY openblas REQUIRED)
  list(APPEND CAFFE_PRIVATE_DEPS ${OPENBLAS_LIBRARY})
else()
  message(FATAL_ERROR "BLAS=${BLAS} is not supported; use BLAS=Open")
endif()

# LMDB, LevelDB and HDF5 appear only in caffe/util/db_lmdb.hpp,
# db_leveldb.hpp and hdf5.hpp, which no other public header includes: a
# program that uses those wrappers finds the package itself.
if(USE_LMDB)
  find_path(LMDB_INCLUDE_DIR lmdb.h REQUIRED)
  find_library(LMDB_LIBRARY lmdb REQUIRED)
  list(APPEND CAFFE_PRIVATE_INCLUDE_DIRS ${LMDB_INCLUDE_DIR})
  list(APPEND CAFFE_PRIVATE_DEPS ${LMDB_LIBRARY})
  list(APPEND CAFFE_DEFINITIONS USE_LMDB)
endif()

if(USE_LEVELDB)
  find_path(LEVELDB_INCLUDE_DIR leveldb/db.h REQUIRED)
  find_library(LEVELDB_LIBRARY leveldb REQUIRED)
  list(APPEND CAFFE_PRIVATE_INCLUDE_DIRS ${LEVELDB_INCLUDE_DIR})
  list(APPEND CAFFE_PRIVATE_DEPS ${LEVELDB_LIBRARY})
  list(APPEND CAFFE_DEFINITIONS USE_LEVELDB)
endif()

if(USE_OPENCV)
  find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs dnn)
  # cv::Mat is in the public API (io.hpp, data_transformer.hpp); decoding
  # and resizing are not.
  list(APPEND CAFFE_PUBLIC_DEPS opencv_core)
  list(APPEND CAFFE_PRIVATE_DEPS opencv_imgproc opencv_imgcodecs)
  list(APPEND CAFFE_DEFINITIONS USE_OPENCV)
endif()

if(USE_HDF5)
  find_package(HDF5 REQUIRED COMPONENTS C HL)
  list(APPEND CAFFE_PRIVATE_INCLUDE_DIRS ${HDF5_INCLUDE_DIRS})
  list(APPEND CAFFE_PRIVATE_DEPS ${HDF5_LIBRARIES} ${HDF5_HL_LIBRARIES})
  list(APPEND CAFFE_DEFINITIONS USE_HDF5)
endif()

if(CPU_ONLY)
  list(APPEND CAFFE_DEFINITIONS CPU_ONLY)
else()
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    set(CMAKE_CUDA_ARCHITECTURES 80 90)
  endif()
  enable_language(CUDA)
  set(CMAKE_CUDA_STANDARD 17)
  find_package(CUDAToolkit REQUIRED)
  # caffe/util/device_alternate.hpp includes the runtime, cuBLAS and cuRAND.
  list(APPEND CAFFE_PUBLIC_DEPS CUDA::cudart CUDA::cublas CUDA::curand)
  if(USE_CUDNN)
    find_path(CUDNN_INCLUDE_DIR cudnn.h HINTS ${CUDAToolkit_INCLUDE_DIRS} REQUIRED)
    find_library(CUDNN_LIBRARY cudnn HINTS ${CUDAToolkit_LIBRARY_DIR} REQUIRED)
    list(APPEND CAFFE_PRIVATE_INCLUDE_DIRS ${CUDNN_INCLUDE_DIR})
    list(APPEND CAFFE_PRIVATE_DEPS ${CUDNN_LIBRARY})
    list(APPEND CAFFE_DEFINITIONS USE_CUDNN)
  endif()
  find_library(NCCL_LIBRARY nccl HINTS ${CUDAToolkit_LIBRARY_DIR} /usr/local/cuda/lib64)
  if(NCCL_LIBRARY)
    list(APPEND CAFFE_PRIVATE_DEPS ${NCCL_LIBRARY})
    list(APPEND CAFFE_DEFINITIONS USE_NCCL)
  endif()
endif()

# Data-parallel training across processes (src/caffe/mpi/): only the
# library's MPI backend includes <mpi.h>.
set(CAFFE_MPI_BUILT OFF)
if(USE_MPI)
  find_package(MPI COMPONENTS C)
  if(MPI_C_FOUND)
    list(APPEND CAFFE_PRIVATE_DEPS MPI::MPI_C)
    set(CAFFE_MPI_BUILT ON)
  else()
    message(STATUS "MPI not found (install libopenmpi-dev): building without "
                   "the MPI backend")
  endif()
endif()

list(REMOVE_DUPLICATES CAFFE_PRIVATE_INCLUDE_DIRS)
add_library(caffe_private_deps INTERFACE)
target_include_directories(caffe_private_deps INTERFACE ${CAFFE_PRIVATE_INCLUDE_DIRS})
target_link_libraries(caffe_private_deps INTERFACE ${CAFFE_PRIVATE_DEPS})
