#ifndef CAFFE_UTIL_RNG_HPP_
#define CAFFE_UTIL_RNG_HPP_

#include <algorithm>
#include <iterator>
#include <random>

#include "caffe/common.hpp"

namespace caffe {

typedef std::mt19937 rng_t;

// The calling thread's random engine.
inline rng_t* caffe_rng() {
  return static_cast<rng_t*>(Caffe::rng_stream().generator());
}

// Fisher-Yates shuffle driven by a given engine, so that results depend only
// on the seed (std::shuffle's algorithm is implementation-defined).
template <class RandomAccessIterator, class RNG>
inline void shuffle(RandomAccessIterator begin, RandomAccessIterator end,
                    RNG* gen) {
  typedef typename std::iterator_traits<RandomAccessIterator>::difference_type
      difference_type;
  const difference_type length = std::distance(begin, end);
  for (difference_type i = length - 1; i > 0; --i) {
    std::uniform_int_distribution<difference_type> pick(0, i);
    std::iter_swap(begin + i, begin + pick(*gen));
  }
}

template <class RandomAccessIterator>
inline void shuffle(RandomAccessIterator begin, RandomAccessIterator end) {
  shuffle(begin, end, caffe_rng());
}

}  // namespace caffe

#endif  // CAFFE_UTIL_RNG_HPP_
