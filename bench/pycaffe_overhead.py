#!/usr/bin/env python3
"""What pycaffe adds to a forward pass, and what `import caffe` costs.

    PYTHONPATH=python python3 bench/pycaffe_overhead.py [--calls N]

Times, on the shipped Fashion-MNIST LeNet at batch 1 (CPU):
  native   net._forward(0, last): the C++ Net::ForwardFromTo behind one
           pybind11 call
  forward  net.forward(): pycaffe's wrapper (output dict of views)
  inputs   net.forward(data=x): the wrapper with an input copied in
the cost of the wrapper alone (net.forward with the native call stubbed
out, minus the stub), which is what pycaffe adds whatever the machine's
load; and the process's peak resident memory after `import caffe` and after
loading the net (getrusage). Each time is the median of 15 rounds of N calls,
the three taking turns within each round.
"""

import argparse
import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MODEL = os.path.join(REPO, 'models', 'fashion_mnist_lenet')


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def per_call_us(functions, calls):
    """Median microseconds per call of each function; the functions take
    turns in each of 15 rounds, so that a busy moment of the machine hits
    them alike."""
    rounds = [[] for _ in functions]
    for _ in range(15):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            for _ in range(calls):
                function()
            rounds[index].append((time.perf_counter() - start) / calls * 1e6)
    return [statistics.median(r) for r in rounds]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--calls', type=int, default=2000)
    args = parser.parse_args(argv)
    before_import = peak_mib()
    import numpy as np
    import caffe
    after_import = peak_mib()
    caffe.set_mode_cpu()
    net = caffe.Net(os.path.join(MODEL, 'deploy.prototxt'), caffe.TEST,
                    weights=os.path.join(MODEL, 'fashion_mnist_lenet.caffemodel'))
    after_net = peak_mib()
    last = len(net.layers) - 1
    image = np.random.RandomState(0).randint(
        0, 256, net.blobs['data'].data.shape).astype(np.float32)
    net.blobs['data'].data[...] = image
    for _ in range(200):  # warm up caches and the thread pool
        net.forward()
    native, forward, inputs = per_call_us(
        [lambda: net._forward(0, last), net.forward,
         lambda: net.forward(data=image)], args.calls)
    # The wrapper alone, without the net's work: an instance attribute
    # shadows the native method.
    net._forward = lambda start, end: 0.0
    stub, wrapper = per_call_us([lambda: net._forward(0, last), net.forward],
                                args.calls * 10)
    del net._forward
    print('LeNet (Fashion-MNIST), batch 1, CPU, %d threads'
          % int(os.environ.get('OMP_NUM_THREADS', os.cpu_count())))
    print('  native  net._forward      %8.1f us/call' % native)
    print('  forward net.forward()     %8.1f us/call  (+%.1f us)'
          % (forward, forward - native))
    print('  inputs  net.forward(data) %8.1f us/call  (+%.1f us)'
          % (inputs, inputs - native))
    print('  wrapper alone (net.forward minus the native call): %.1f us'
          % (wrapper - stub))
    print('peak memory: python %.1f MiB, + import caffe %.1f MiB, + LeNet '
          '%.1f MiB (total %.1f MiB)'
          % (before_import, after_import - before_import,
             after_net - after_import, after_net))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
