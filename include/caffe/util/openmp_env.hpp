#ifndef CAFFE_UTIL_OPENMP_ENV_HPP_
#define CAFFE_UTIL_OPENMP_ENV_HPP_

namespace caffe {

// GNU OpenMP (libgomp) reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, in its
// own initialiser, which runs before any code of libcaffe or of the program;
// by default its idle threads spin for a while before sleeping, which on a
// machine busy with other processes made LeNet's forward-backward 60 to 250
// times slower (bench/README.md). When neither variable is set, this sets
// OMP_WAIT_POLICY=passive and re-executes the running program
// (/proc/self/exe with the same argv and environment), so that it never
// returns; otherwise, or when the re-execution is impossible, it returns and
// nothing changes. Call it first thing in main (caffe::GlobalInit does).
// Setting OMP_WAIT_POLICY (e.g. to active) opts out.
void ReexecWithPassiveOpenMpWaiting(char** argv);

}  // namespace caffe

#endif  // CAFFE_UTIL_OPENMP_ENV_HPP_
