"""caffe.draw and python/draw_net.py."""

import os
import shutil
import subprocess
import sys

import pytest
from google.protobuf import text_format

import caffe
import caffe.draw
from caffe.proto import caffe_pb2

from conftest import REPO

LENET = os.path.join(REPO, 'examples', 'fashion_mnist',
                     'lenet_train_test.prototxt')


def load_lenet():
    return text_format.Parse(open(LENET).read(), caffe_pb2.NetParameter())


def test_graph_has_layers_blobs_and_phases():
    net = load_lenet()
    graph = caffe.draw.get_pydot_graph(net, 'TB', phase=caffe.TRAIN)
    names = [node.get_name() for node in graph.get_nodes()]
    assert any('conv1' in name for name in names)
    assert 'label' in names
    all_layers = caffe.draw.get_pydot_graph(net, 'LR')
    assert len(all_layers.get_nodes()) > len(graph.get_nodes()) - 1
    label = caffe.draw.get_layer_label(net.layer[2], 'TB')
    assert 'kernel size: 5' in label and '\\n' in label


def test_draw_net_to_file(tmp_path):
    if shutil.which('dot') is None:
        pytest.skip('graphviz (dot) is not installed')
    out = tmp_path / 'lenet.png'
    caffe.draw.draw_net_to_file(load_lenet(), str(out), 'LR', caffe.TEST)
    assert out.read_bytes()[:4] == b'\x89PNG'
    script = os.path.join(REPO, 'python', 'draw_net.py')
    svg = tmp_path / 'lenet.svg'
    subprocess.run([sys.executable, script, LENET, str(svg), '--phase=TRAIN'],
                   check=True, capture_output=True)
    assert b'<svg' in svg.read_bytes()
