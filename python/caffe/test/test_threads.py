"""Forward, backward and solver steps release the GIL: a Python thread
keeps running while the net computes."""

import threading
import time

import numpy as np

import caffe

HEAVY_NET = """
force_backward: true
input: "data" input_shape { dim: 2 dim: 8 dim: 96 dim: 96 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 32 kernel_size: 5 pad: 2
    weight_filler { type: "gaussian" std: 0.01 } } }
layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2"
  convolution_param { num_output: 32 kernel_size: 5 pad: 2
    weight_filler { type: "gaussian" std: 0.01 } } }
"""


def count_while(call):
    """How often another Python thread got to run during call()."""
    counter = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0)

    thread = threading.Thread(target=spin)
    thread.start()
    time.sleep(0.05)  # let it start spinning
    before = counter[0]
    started = time.perf_counter()
    call()
    elapsed = time.perf_counter() - started
    during = counter[0] - before
    stop.set()
    thread.join()
    return during, elapsed


def test_forward_and_backward_release_the_gil(tmp_path):
    path = tmp_path / 'heavy.prototxt'
    path.write_text(HEAVY_NET)
    net = caffe.Net(str(path), caffe.TEST)
    net.blobs['data'].data[...] = np.random.RandomState(0).rand(
        *net.blobs['data'].data.shape)
    net.forward()  # warm up
    during, elapsed = count_while(lambda: [net.forward() for _ in range(3)])
    # Holding the GIL, the spinning thread would get a turn only between
    # the calls; released, it runs all the time.
    assert elapsed > 0.02
    assert during > 100, (during, elapsed)
    during, _ = count_while(lambda: [net.backward() for _ in range(3)])
    assert during > 100
