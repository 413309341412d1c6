"""type: "Python" layers: the layer's methods run, param_str and phase are
set, its blobs are learned, and its exceptions become caffe.Error."""

import sys

import numpy as np
import pytest

import caffe

MODULE = '''
import numpy as np
import caffe

class Double(caffe.Layer):
    def setup(self, bottom, top):
        self.factor = float(self.param_str or 2)
        self.seen_phase = self.phase
    def reshape(self, bottom, top):
        top[0].reshape(*bottom[0].data.shape)
    def forward(self, bottom, top):
        top[0].data[...] = self.factor * bottom[0].data
    def backward(self, top, propagate_down, bottom):
        if propagate_down[0]:
            bottom[0].diff[...] = self.factor * top[0].diff

class LearnedScale(caffe.Layer):
    """y = w * x, with w a parameter the solver learns."""
    def setup(self, bottom, top):
        self.blobs.add_blob(1)
        self.blobs[0].data[...] = 0.0
    def reshape(self, bottom, top):
        top[0].reshape(*bottom[0].data.shape)
    def forward(self, bottom, top):
        top[0].data[...] = self.blobs[0].data[0] * bottom[0].data
    def backward(self, top, propagate_down, bottom):
        self.blobs[0].diff[0] = (top[0].diff * bottom[0].data).sum()
        bottom[0].diff[...] = self.blobs[0].data[0] * top[0].diff

class Broken(caffe.Layer):
    def setup(self, bottom, top):
        pass
    def reshape(self, bottom, top):
        top[0].reshape(1)
    def forward(self, bottom, top):
        raise ValueError('no good input')
    def backward(self, top, propagate_down, bottom):
        pass

class NotALayer(object):
    pass
'''

NET = """
force_backward: true
input: "data" input_shape { dim: 2 dim: 3 }
layer { name: "double" type: "Python" bottom: "data" top: "out"
  python_param { module: "%s" layer: "%s" param_str: "3" } }
"""


@pytest.fixture
def layer_module(tmp_path, monkeypatch):
    name = 'pylayers_%d' % id(tmp_path)
    (tmp_path / (name + '.py')).write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def make_net(tmp_path, module, layer, phase=caffe.TEST):
    path = tmp_path / ('%s.prototxt' % layer)
    path.write_text(NET % (module, layer))
    return caffe.Net(str(path), phase)


def test_forward_backward_param_str_phase(tmp_path, layer_module):
    net = make_net(tmp_path, layer_module, 'Double', caffe.TRAIN)
    layer = net.layer_dict['double']
    assert layer.type == 'Python'
    assert layer.factor == 3.0  # the Python object itself
    assert layer.param_str == '3'
    assert layer.seen_phase == caffe.TRAIN
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = net.forward(data=data)
    np.testing.assert_array_equal(out['out'], 3 * data)
    diffs = net.backward(out=np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(diffs['data'], 3 * np.ones((2, 3)))


def test_learns_a_parameter(tmp_path, layer_module):
    net_file = tmp_path / 'learn.prototxt'
    net_file.write_text("""
layer { name: "data" type: "DummyData" top: "x" top: "y"
  dummy_data_param { shape { dim: 4 dim: 1 } shape { dim: 4 dim: 1 }
    data_filler { type: "constant" value: 1 }
    data_filler { type: "constant" value: 2.5 } } }
layer { name: "scale" type: "Python" bottom: "x" top: "wx"
  python_param { module: "%s" layer: "LearnedScale" } }
layer { name: "loss" type: "EuclideanLoss" bottom: "wx" bottom: "y" top: "loss" }
""" % layer_module)
    solver_file = tmp_path / 'solver.prototxt'
    solver_file.write_text('net: "%s"\nbase_lr: 0.5\nlr_policy: "fixed"\n'
                           'max_iter: 100\ndisplay: 0\nsnapshot_prefix: "%s"\n'
                           % (net_file, tmp_path / 'snap'))
    solver = caffe.SGDSolver(str(solver_file))
    assert list(solver.net.params) == ['scale']
    solver.step(50)
    assert solver.net.params['scale'][0].data[0] == pytest.approx(2.5, abs=1e-3)
    # The learned blob is saved with the net's weights.
    solver.snapshot()
    other = caffe.Net(str(net_file), caffe.TEST,
                      weights=str(tmp_path / 'snap_iter_50.caffemodel'))
    assert other.params['scale'][0].data[0] == pytest.approx(2.5, abs=1e-3)


def test_exception_becomes_caffe_error(tmp_path, layer_module):
    net = make_net(tmp_path, layer_module, 'Broken')
    with pytest.raises(caffe.Error) as raised:
        net.forward(data=np.zeros((2, 3), np.float32))
    message = str(raised.value)
    assert 'double' in message and 'Broken' in message
    assert 'ValueError' in message and 'no good input' in message
    assert raised.value.layer == 'double'


def test_unknown_module_or_class(tmp_path, layer_module):
    with pytest.raises(caffe.Error, match='NoSuchClass'):
        make_net(tmp_path, layer_module, 'NoSuchClass')
    with pytest.raises(caffe.Error, match='not a subclass of caffe.Layer'):
        make_net(tmp_path, layer_module, 'NotALayer')
    with pytest.raises(caffe.Error, match='no_such_module'):
        make_net(tmp_path, 'no_such_module', 'Double')
