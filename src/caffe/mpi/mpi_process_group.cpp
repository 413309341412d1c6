// The MPI backend of ProcessGroup (caffe/parallel/process_group.hpp): the
// processes mpirun or srun started, as MPI_COMM_WORLD.
// The C API only: without these, <mpi.h> in C++ also declares the MPI-2 C++
// bindings, which need a library Crema does not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "caffe/error.hpp"
#include "caffe/parallel/process_group.hpp"

namespace caffe {

namespace {

// MPI counts are ints: big buffers go in pieces of this many elements.
constexpr size_t kMaxPiece = size_t(1) << 28;

std::string MpiErrorString(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) {
    return "MPI error " + std::to_string(code);
  }
  return std::string(text, length);
}

void CheckMpi(int code, const char* call) {
  CAFFE_REQUIRE(code == MPI_SUCCESS)
      << call << " failed: " << MpiErrorString(code);
}

template <typename Dtype>
MPI_Datatype MpiType();
template <>
MPI_Datatype MpiType<float>() {
  return MPI_FLOAT;
}
template <>
MPI_Datatype MpiType<double>() {
  return MPI_DOUBLE;
}

class MpiProcessGroup : public ProcessGroup {
 public:
  explicit MpiProcessGroup(const LaunchedWorld& world) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      // Only the thread that trains calls MPI.
      int provided = 0;
      CheckMpi(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED,
                               &provided),
               "MPI_Init_thread");
      finalize_ = true;
    }
    // Failures come back as codes, which become caffe::Errors.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    CAFFE_REQUIRE(rank_ == world.rank && size_ == world.size)
        << world.launcher << " started this process as rank " << world.rank
        << " of " << world.size << ", but MPI says rank " << rank_ << " of "
        << size_ << " (an mpirun from another MPI than the one Crema was "
        << "built with?)";
  }

  ~MpiProcessGroup() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalize_ && !finalized) MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void SumInPlace(float* data, size_t count, bool deterministic) override {
    Sum(data, count, deterministic);
  }
  void SumInPlace(double* data, size_t count, bool deterministic) override {
    Sum(data, count, deterministic);
  }

  void Broadcast(void* data, size_t bytes, int root) override {
    char* begin = static_cast<char*>(data);
    for (size_t done = 0; done < bytes; done += kMaxPiece) {
      const int piece = static_cast<int>(std::min(bytes - done, kMaxPiece));
      CheckMpi(MPI_Bcast(begin + done, piece, MPI_BYTE, root, MPI_COMM_WORLD),
               "MPI_Bcast");
    }
  }

 protected:
  void AbortGroup(int status) override { MPI_Abort(MPI_COMM_WORLD, status); }

 private:
  template <typename Dtype>
  void Sum(Dtype* data, size_t count, bool deterministic) {
    for (size_t done = 0; done < count; done += kMaxPiece) {
      const int piece = static_cast<int>(std::min(count - done, kMaxPiece));
      if (deterministic) {
        SumInRankOrder(data + done, piece);
      } else {
        CheckMpi(MPI_Allreduce(MPI_IN_PLACE, data + done, piece,
                               MpiType<Dtype>(), MPI_SUM, MPI_COMM_WORLD),
                 "MPI_Allreduce");
      }
    }
  }

  // The running sum travels from rank 0 to the last rank, each adding its
  // own values after the ones before it; the last rank sends the total to
  // all.
  template <typename Dtype>
  void SumInRankOrder(Dtype* data, int count) {
    if (rank_ > 0) {
      // Kept between calls: the sum runs for every gradient every iteration.
      receive_buffer_.resize(count * sizeof(Dtype));
      Dtype* partial = reinterpret_cast<Dtype*>(receive_buffer_.data());
      CheckMpi(MPI_Recv(partial, count, MpiType<Dtype>(), rank_ - 1, 0,
                        MPI_COMM_WORLD, MPI_STATUS_IGNORE),
               "MPI_Recv");
      for (int i = 0; i < count; ++i) data[i] = partial[i] + data[i];
    }
    if (rank_ + 1 < size_) {
      CheckMpi(MPI_Send(data, count, MpiType<Dtype>(), rank_ + 1, 0,
                        MPI_COMM_WORLD),
               "MPI_Send");
    }
    CheckMpi(MPI_Bcast(data, count, MpiType<Dtype>(), size_ - 1,
                       MPI_COMM_WORLD),
             "MPI_Bcast");
  }

  int rank_ = 0;
  int size_ = 1;
  bool finalize_ = false;
  // SumInRankOrder's receive buffer (operator new aligns it for double).
  std::vector<char> receive_buffer_;
};

[[maybe_unused]] const bool registered = [] {
  RegisterProcessGroupBackend("mpi", [](const LaunchedWorld& world) {
    return std::unique_ptr<ProcessGroup>(new MpiProcessGroup(world));
  });
  return true;
}();

}  // namespace

}  // namespace caffe
