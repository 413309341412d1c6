"""Python layers in the caffe command-line tool, which embeds Python: a
Python data layer feeds `caffe train`, and an exception in a Python layer
ends the run with one error line naming the layer, module and class."""

import os
import subprocess

import pytest

from conftest import tool

MODULE = '''
import numpy as np
import caffe

class Constant(caffe.Layer):
    """Batches of x = 1 with target = 3, from Python."""
    def setup(self, bottom, top):
        self.batch = int(self.param_str)
    def reshape(self, bottom, top):
        top[0].reshape(self.batch, 1)
        top[1].reshape(self.batch, 1)
    def forward(self, bottom, top):
        top[0].data[...] = 1.0
        top[1].data[...] = 3.0
    def backward(self, top, propagate_down, bottom):
        pass

class Broken(caffe.Layer):
    def setup(self, bottom, top):
        pass
    def reshape(self, bottom, top):
        top[0].reshape(*bottom[0].data.shape)
    def forward(self, bottom, top):
        raise RuntimeError('the disk is on fire')
    def backward(self, top, propagate_down, bottom):
        pass
'''

NET = """
layer { name: "data" type: "Python" top: "x" top: "y"
  python_param { module: "%(module)s" layer: "Constant" param_str: "4" } }
layer { name: "ip" type: "InnerProduct" bottom: "x" top: "wx"
  inner_product_param { num_output: 1 bias_term: false
    weight_filler { type: "constant" value: 0 } } }
%(extra)s
layer { name: "loss" type: "EuclideanLoss" bottom: "%(loss_input)s"
  bottom: "y" top: "loss" }
"""

BROKEN = """layer { name: "broken" type: "Python" bottom: "wx" top: "bad"
  python_param { module: "%s" layer: "Broken" } }"""


def run_train(tmp_path, broken):
    module = 'tool_layers_%d' % os.getpid()
    (tmp_path / (module + '.py')).write_text(MODULE)
    net = tmp_path / 'net.prototxt'
    net.write_text(NET % {'module': module,
                          'extra': BROKEN % module if broken else '',
                          'loss_input': 'bad' if broken else 'wx'})
    solver = tmp_path / 'solver.prototxt'
    solver.write_text('net: "%s"\nbase_lr: 0.2\nlr_policy: "fixed"\n'
                      'max_iter: 40\ndisplay: 10\nsnapshot_prefix: "%s"\n'
                      % (net, tmp_path / 'snap'))
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        [str(tmp_path)] + [p for p in [env.get('PYTHONPATH')] if p])
    return subprocess.run([tool('caffe'), 'train', '--solver=%s' % solver],
                          capture_output=True, text=True, env=env)


def test_python_data_layer_trains(tmp_path):
    result = run_train(tmp_path, broken=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'Optimization Done.' in result.stderr
    assert os.path.exists(str(tmp_path / 'snap_iter_40.caffemodel'))
    # w * 1 -> 3: the last reported loss is small.
    losses = [float(line.rsplit('=', 1)[1].split()[0])
              for line in result.stderr.splitlines()
              if 'Iteration 40' in line and 'loss = ' in line]
    assert losses and losses[-1] < 1e-3


def test_python_exception_is_one_error_line(tmp_path):
    result = run_train(tmp_path, broken=True)
    assert result.returncode != 0
    assert 'Traceback' not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    for word in ('broken', 'Broken', 'RuntimeError', 'the disk is on fire'):
        assert word in last, last
