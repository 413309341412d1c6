"""caffe.Net: construction, the dicts, forward and backward against numpy,
views of blob memory, saving and loading weights, callbacks."""

from collections import OrderedDict

import numpy as np
import pytest

import caffe


def numpy_forward(net, data, target):
    weights, bias = (p.data for p in net.params['ip'])
    ip = data @ weights.T + bias
    relu = np.maximum(ip, 0)
    loss = ((relu - target) ** 2).sum() / (2 * data.shape[0])
    return ip, relu, loss


def test_structure(simple_net):
    net = simple_net
    assert isinstance(net.blobs, OrderedDict)
    assert list(net.blobs) == ['data', 'target', 'ip', 'relu', 'loss']
    assert list(net.params) == ['ip']
    assert [b.shape for b in net.params['ip']] == [(2, 3), (2,)]
    assert list(net.layer_dict) == ['data', 'ip', 'relu', 'loss']
    assert list(net._layer_names) == ['data', 'ip', 'relu', 'loss']
    assert [layer.type for layer in net.layers] == \
        ['Input', 'InnerProduct', 'ReLU', 'EuclideanLoss']
    assert net.inputs == ['data', 'target']  # Input layers' tops, as in Caffe
    assert net.outputs == ['loss']
    assert net.top_names['data'] == ['data', 'target']
    assert net.bottom_names['loss'] == ['relu', 'target']
    assert net.blob_loss_weights['loss'] == 1
    assert net.blob_loss_weights['ip'] == 0
    assert net.blobs['data'].shape == (4, 3)
    assert net.blobs['data'].count == 12
    assert net.blobs['data'].num == 4
    assert net.blobs['data'].channels == 3


def test_forward_and_backward_match_numpy(simple_net):
    net = simple_net
    rng = np.random.RandomState(0)
    data = rng.randn(4, 3).astype(np.float32)
    target = rng.randn(4, 2).astype(np.float32)
    net.blobs['data'].data[...] = data
    net.blobs['target'].data[...] = target
    out = net.forward()
    ip, relu, loss = numpy_forward(net, data, target)
    assert set(out) == {'loss'}
    np.testing.assert_allclose(net.blobs['ip'].data, ip, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out['loss'], loss, rtol=1e-5)

    diffs = net.backward(diffs=['relu', 'ip'])
    relu_diff = (relu - target) / data.shape[0]
    np.testing.assert_allclose(diffs['relu'], relu_diff, rtol=1e-5, atol=1e-6)
    ip_diff = relu_diff * (ip > 0)
    np.testing.assert_allclose(diffs['ip'], ip_diff, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(net.params['ip'][0].diff, ip_diff.T @ data,
                               rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(net.params['ip'][1].diff, ip_diff.sum(0),
                               rtol=1e-4, atol=1e-6)


def test_blob_arrays_are_views(simple_net):
    blob = simple_net.blobs['data']
    first, second = blob.data, blob.data
    assert first.dtype == np.float32
    assert first.ctypes.data == second.ctypes.data
    first[...] = 3
    assert (blob.data == 3).all()
    assert blob.diff.ctypes.data != blob.data.ctypes.data
    # Parameters too: writing a weight changes what forward computes.
    weights = simple_net.params['ip'][0]
    assert weights.data.ctypes.data == simple_net.layers[1].blobs[0].data.ctypes.data


def test_forward_partial_and_named_blobs(simple_net):
    net = simple_net
    net.blobs['data'].data[...] = 1
    out = net.forward(end='ip')
    assert set(out) == {'ip'}
    out = net.forward(start='relu', blobs=['ip'])
    assert set(out) == {'loss', 'ip'}
    with pytest.raises(ValueError, match='no layer named'):
        net.forward(start='nope')
    with pytest.raises(KeyError, match='nope'):
        net.forward(blobs=['nope'])


def test_reshape(simple_net):
    net = simple_net
    net.blobs['data'].reshape(7, 3)
    net.blobs['target'].reshape(7, 2)
    net.reshape()
    assert net.blobs['ip'].shape == (7, 2)
    net.forward()


DEPLOY = """
name: "deploy"
input: "data"
input_shape { dim: 2 dim: 3 }
layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip"
  inner_product_param { num_output: 2 weight_filler { type: "xavier" } } }
layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
"""


@pytest.fixture
def deploy_net(tmp_path):
    path = tmp_path / 'deploy.prototxt'
    path.write_text(DEPLOY)
    return caffe.Net(str(path), caffe.TEST)


def test_inputs_as_keyword_arguments(deploy_net):
    net = deploy_net
    assert net.inputs == ['data']
    assert net.outputs == ['prob']
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = net.forward(data=data)
    np.testing.assert_allclose(out['prob'].sum(1), [1, 1], rtol=1e-6)
    with pytest.raises(ValueError, match='batch sized'):
        net.forward(data=np.zeros((3, 3), np.float32))
    with pytest.raises(KeyError):
        net.forward(label=data)


def test_forward_all_pads_and_trims(deploy_net):
    net = deploy_net
    data = np.random.RandomState(1).randn(5, 3).astype(np.float32)
    out = net.forward_all(data=data)
    assert out['prob'].shape == (5, 2)
    one_by_one = np.vstack([
        net.forward(data=np.vstack([row, row]))['prob'][:1].copy()
        for row in data])
    np.testing.assert_allclose(out['prob'], one_by_one, rtol=1e-5)


def test_forward_backward_all(deploy_net):
    net = deploy_net
    data = np.random.RandomState(2).randn(3, 3).astype(np.float32)
    outputs, diffs = net.forward_backward_all(
        data=data, prob=np.ones((3, 2), np.float32))
    assert outputs['prob'].shape == (3, 2)
    assert diffs['data'].shape == (3, 3)


def test_save_and_copy_from(simple_net, simple_net_file, tmp_path):
    path = str(tmp_path / 'w.caffemodel')
    simple_net.params['ip'][0].data[...] = 0.5
    simple_net.save(path)
    other = caffe.Net(simple_net_file, caffe.TEST, weights=path)
    np.testing.assert_array_equal(other.params['ip'][0].data, 0.5)
    third = caffe.Net(simple_net_file, path, caffe.TEST)  # Caffe's older form
    np.testing.assert_array_equal(third.params['ip'][0].data, 0.5)
    fourth = caffe.Net(simple_net_file, caffe.TEST)
    fourth.copy_from(path)
    np.testing.assert_array_equal(fourth.params['ip'][0].data, 0.5)


def test_hdf5_round_trip(simple_net, simple_net_file, tmp_path):
    path = str(tmp_path / 'w.h5')
    simple_net.params['ip'][1].data[...] = [1.5, -2]
    simple_net.save_hdf5(path)
    other = caffe.Net(simple_net_file, caffe.TEST)
    other.load_hdf5(path)
    np.testing.assert_array_equal(other.params['ip'][1].data, [1.5, -2])


def test_share_with(simple_net, simple_net_file):
    other = caffe.Net(simple_net_file, caffe.TEST)
    other.share_with(simple_net)
    simple_net.params['ip'][0].data[...] = 7
    np.testing.assert_array_equal(other.params['ip'][0].data, 7)


def test_callbacks_run_around_layers(simple_net):
    seen = []
    simple_net.before_forward(lambda layer: seen.append(('bf', layer)))
    simple_net.after_forward(lambda layer: seen.append(('af', layer)))
    simple_net.before_backward(lambda layer: seen.append(('bb', layer)))
    simple_net.after_backward(lambda layer: seen.append(('ab', layer)))
    simple_net.forward()
    assert seen[:2] == [('bf', 0), ('af', 0)]
    assert seen[-2:] == [('bf', 3), ('af', 3)]
    del seen[:]
    simple_net.backward()
    assert ('bb', 3) in seen and ('ab', 1) in seen


MEMORY_NET = """
layer { name: "data" type: "MemoryData" top: "data" top: "label"
  memory_data_param { batch_size: 2 channels: 1 height: 2 width: 2 } }
layer { name: "sum" type: "Reduction" bottom: "data" top: "sum"
  reduction_param { axis: 1 } }
layer { name: "silence" type: "Silence" bottom: "label" }
"""


def test_set_input_arrays(tmp_path):
    path = tmp_path / 'memory.prototxt'
    path.write_text(MEMORY_NET)
    net = caffe.Net(str(path), caffe.TEST)
    data = np.arange(16, dtype=np.float32).reshape(4, 1, 2, 2)
    labels = np.arange(4, dtype=np.float32)
    net.set_input_arrays(data, labels)
    net.forward()
    np.testing.assert_array_equal(net.blobs['sum'].data, [6, 22])
    np.testing.assert_array_equal(net.blobs['label'].data.ravel(), [0, 1])
    net.forward()
    np.testing.assert_array_equal(net.blobs['sum'].data, [38, 54])
    with pytest.raises(ValueError, match='multiple of the batch size'):
        net.set_input_arrays(data[:3], labels[:3])
    with pytest.raises(TypeError, match='float32'):
        net.set_input_arrays(data.astype(np.float64), labels)


STAGED = """
input: "data" input_shape { dim: 1 dim: 2 }
layer { name: "always" type: "ReLU" bottom: "data" top: "a" }
layer { name: "deploy_only" type: "ReLU" bottom: "a" top: "b"
  include { stage: "deploy" } }
layer { name: "deep" type: "ReLU" bottom: "a" top: "c"
  include { min_level: 2 } }
"""


def test_level_and_stages(tmp_path):
    path = tmp_path / 'staged.prototxt'
    path.write_text(STAGED)
    plain = caffe.Net(str(path), caffe.TEST)
    assert list(plain.layer_dict) == ['input', 'always']
    staged = caffe.Net(str(path), caffe.TEST, stages=['deploy'])
    assert 'deploy_only' in staged.layer_dict
    deep = caffe.Net(str(path), phase=caffe.TEST, level=2)
    assert 'deep' in deep.layer_dict and 'deploy_only' not in deep.layer_dict
    assert deep.phase == caffe.TEST
