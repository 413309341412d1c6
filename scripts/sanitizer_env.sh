# Sourced by the sanitizer and fuzzer scripts: how the sanitized programs
# report. Every finding stops the program with a non-zero status and a
# stack; LeakSanitizer skips the third-party leaks listed in fuzz/lsan.supp.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/fuzz/lsan.supp:print_suppressions=0}
# Idle OpenMP threads sleep: the cores are shared.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
# Stacks with function names and lines (llvm-symbolizer comes with LLVM).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer >/dev/null; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
fi
