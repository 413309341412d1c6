"""Shared fixtures: small nets written to temporary files, and where the
repository and the build are."""

import os
import tempfile

import pytest

import caffe

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                    '..'))
BUILD = os.environ.get('CAFFE_BUILD_DIR', os.path.join(REPO, 'build'))

# Two inputs, an InnerProduct with a bias, a loss: small enough to check
# against numpy by hand.
SIMPLE_NET = """
name: "simple"
layer { name: "data" type: "Input" top: "data" top: "target"
  input_param { shape { dim: 4 dim: 3 } shape { dim: 4 dim: 2 } } }
layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
  inner_product_param { num_output: 2
    weight_filler { type: "gaussian" std: 0.5 }
    bias_filler { type: "constant" value: 0.25 } } }
layer { name: "relu" type: "ReLU" bottom: "ip" top: "relu" }
layer { name: "loss" type: "EuclideanLoss" bottom: "relu" bottom: "target"
  top: "loss" }
"""


def write_temp(text, suffix='.prototxt', directory=None):
    handle, path = tempfile.mkstemp(suffix=suffix, dir=directory)
    with os.fdopen(handle, 'w') as out:
        out.write(text)
    return path


@pytest.fixture(autouse=True)
def cpu_mode():
    caffe.set_mode_cpu()
    caffe.set_random_seed(1701)
    yield


@pytest.fixture
def simple_net_file(tmp_path):
    path = tmp_path / 'simple.prototxt'
    path.write_text(SIMPLE_NET)
    return str(path)


@pytest.fixture
def simple_net(simple_net_file):
    return caffe.Net(simple_net_file, caffe.TRAIN)


def tool(name):
    path = os.path.join(BUILD, 'tools', name)
    if not os.path.exists(path):
        pytest.skip('%s is not built (CAFFE_BUILD_DIR=%s)' % (name, BUILD))
    return path
