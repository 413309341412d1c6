"""The solvers from Python: stepping, the parameters, snapshots, restore,
callbacks, and the same weights as `caffe train` on the same solver."""

import os
import subprocess

import numpy as np
import pytest

import caffe
from caffe.proto import caffe_pb2

from conftest import tool

# DummyData with a constant filler: the same batch every time, in Python and
# in the caffe tool alike.
TRAIN_NET = """
name: "regress"
layer { name: "data" type: "DummyData" top: "data" top: "target"
  dummy_data_param {
    shape { dim: 8 dim: 4 } shape { dim: 8 dim: 1 }
    data_filler { type: "constant" value: 0.5 }
    data_filler { type: "constant" value: 1.0 } } }
layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
  inner_product_param { num_output: 1
    weight_filler { type: "gaussian" std: 0.1 } } }
layer { name: "loss" type: "EuclideanLoss" bottom: "ip" bottom: "target"
  top: "loss" }
"""


def write_solver(directory, solver_type='SGD', max_iter=20):
    net = directory / 'net.prototxt'
    net.write_text(TRAIN_NET)
    # AdaGrad and RMSProp have no momentum term (Caffe refuses one).
    momentum = ('' if solver_type in ('AdaGrad', 'RMSProp')
                else 'momentum: 0.9\n')
    solver = directory / ('solver_%s.prototxt' % solver_type)
    solver.write_text(
        'net: "%s"\nbase_lr: 0.05\nlr_policy: "fixed"\n%s'
        'max_iter: %d\ndisplay: 0\nrandom_seed: 7\ntype: "%s"\n'
        'snapshot_prefix: "%s"\n'
        % (net, momentum, max_iter, solver_type, directory / 'snap'))
    return str(solver)


@pytest.mark.parametrize('solver_type,cls', [
    ('SGD', caffe.SGDSolver), ('Nesterov', caffe.NesterovSolver),
    ('AdaGrad', caffe.AdaGradSolver), ('RMSProp', caffe.RMSPropSolver),
    ('AdaDelta', caffe.AdaDeltaSolver), ('Adam', caffe.AdamSolver)])
def test_each_solver_reduces_the_loss(tmp_path, solver_type, cls):
    path = write_solver(tmp_path, solver_type)
    solver = cls(path)
    assert isinstance(solver, caffe.Solver)
    assert solver.iter == 0
    solver.net.forward()
    first = float(solver.net.blobs['loss'].data)
    solver.step(10)
    assert solver.iter == 10
    assert float(solver.net.blobs['loss'].data) < first
    got = caffe.get_solver(path)
    assert type(got) is cls


def test_param_and_nets(tmp_path):
    solver = caffe.get_solver(write_solver(tmp_path))
    assert isinstance(solver.param, caffe_pb2.SolverParameter)
    assert solver.param.base_lr == pytest.approx(0.05)
    assert solver.param.max_iter == 20
    assert list(solver.net.params) == ['ip']
    assert solver.test_nets == []
    assert solver.type == 'SGD'


def test_solve_snapshot_and_restore(tmp_path):
    path = write_solver(tmp_path, max_iter=6)
    solver = caffe.SGDSolver(path)
    solver.step(3)
    solver.snapshot()
    state = str(tmp_path / 'snap_iter_3.solverstate')
    assert os.path.exists(state)
    assert os.path.exists(str(tmp_path / 'snap_iter_3.caffemodel'))
    solver.step(3)
    straight = solver.net.params['ip'][0].data.copy()

    resumed = caffe.SGDSolver(path)
    resumed.restore(state)
    assert resumed.iter == 3
    resumed.step(3)
    np.testing.assert_array_equal(resumed.net.params['ip'][0].data, straight)

    again = caffe.SGDSolver(path)
    again.solve(state)
    assert again.iter == 6
    np.testing.assert_array_equal(again.net.params['ip'][0].data, straight)


def test_apply_update_and_callbacks(tmp_path):
    solver = caffe.SGDSolver(write_solver(tmp_path))
    events = []
    solver.add_callback(lambda: events.append('start'),
                        lambda: events.append('gradients'))
    solver.step(2)
    assert events == ['start', 'gradients'] * 2
    before = solver.net.params['ip'][0].data.copy()
    solver.net.clear_param_diffs()
    solver.net.forward()
    solver.net.backward()
    solver.apply_update()
    assert not np.array_equal(solver.net.params['ip'][0].data, before)


def test_share_weights(tmp_path):
    solver = caffe.SGDSolver(write_solver(tmp_path))
    other = caffe.Net(str(tmp_path / 'net.prototxt'), caffe.TEST)
    solver.share_weights(other)
    solver.step(2)
    np.testing.assert_array_equal(other.params['ip'][0].data,
                                  solver.net.params['ip'][0].data)


def test_steps_equal_caffe_train(tmp_path):
    caffe_tool = tool('caffe')
    path = write_solver(tmp_path, max_iter=15)
    solver = caffe.SGDSolver(path)
    solver.step(15)
    python_weights = solver.net.params['ip'][0].data.copy()
    subprocess.run([caffe_tool, 'train', '--solver=' + path],
                   check=True, capture_output=True)
    trained = caffe.Net(str(tmp_path / 'net.prototxt'), caffe.TEST,
                        weights=str(tmp_path / 'snap_iter_15.caffemodel'))
    np.testing.assert_array_equal(trained.params['ip'][0].data, python_weights)
