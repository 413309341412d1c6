"""NetSpec writes prototxts that Net reads: LeNet as Caffe's examples
write it, names given and automatic, in-place layers, ntop."""

from google.protobuf import text_format

import caffe
from caffe import layers as L, params as P
from caffe.proto import caffe_pb2


def lenet(source, batch_size):
    n = caffe.NetSpec()
    n.data, n.label = L.Data(batch_size=batch_size, backend=P.Data.LMDB,
                             source=source, transform_param=dict(scale=1. / 255),
                             ntop=2)
    n.conv1 = L.Convolution(n.data, kernel_size=5, num_output=20,
                            weight_filler=dict(type='xavier'))
    n.pool1 = L.Pooling(n.conv1, kernel_size=2, stride=2, pool=P.Pooling.MAX)
    n.ip1 = L.InnerProduct(n.pool1, num_output=50,
                           weight_filler=dict(type='xavier'))
    n.relu1 = L.ReLU(n.ip1, in_place=True)
    n.ip2 = L.InnerProduct(n.relu1, num_output=10,
                           weight_filler=dict(type='xavier'))
    n.loss = L.SoftmaxWithLoss(n.ip2, n.label)
    return n.to_proto()


def test_lenet_fields():
    net = lenet('train_lmdb', 64)
    assert [layer.name for layer in net.layer] == \
        ['data', 'conv1', 'pool1', 'ip1', 'relu1', 'ip2', 'loss']
    data = net.layer[0]
    assert list(data.top) == ['data', 'label']
    assert data.data_param.batch_size == 64
    assert data.data_param.backend == caffe_pb2.DataParameter.LMDB
    assert abs(data.transform_param.scale - 1. / 255) < 1e-9
    assert net.layer[1].convolution_param.kernel_size == [5]
    assert net.layer[2].pooling_param.pool == caffe_pb2.PoolingParameter.MAX
    assert list(net.layer[4].bottom) == ['ip1'] == list(net.layer[4].top)
    assert list(net.layer[6].bottom) == ['ip2', 'label']


def test_text_round_trip():
    net = lenet('train_lmdb', 64)
    parsed = text_format.Parse(str(net), caffe_pb2.NetParameter())
    assert parsed == net


def test_automatic_names_and_layer_fields():
    data = L.Input(shape=dict(dim=[2, 3]))
    ip = L.InnerProduct(data, num_output=4, param=[dict(lr_mult=1),
                                                   dict(lr_mult=2)])
    relu = L.ReLU(ip)
    net = caffe.to_proto(relu)
    assert [layer.name for layer in net.layer] == \
        ['Input1', 'InnerProduct1', 'ReLU1']
    assert list(net.layer[2].top) == ['ReLU1']
    assert [p.lr_mult for p in net.layer[1].param] == [1, 2]
    assert list(net.layer[0].input_param.shape[0].dim) == [2, 3]


def test_generated_net_runs(tmp_path):
    n = caffe.NetSpec()
    n.data = L.Input(shape=dict(dim=[2, 1, 8, 8]))
    n.conv = L.Convolution(n.data, kernel_size=3, num_output=2,
                           weight_filler=dict(type='constant', value=1))
    n.silence = L.Silence(n.conv, ntop=0)
    path = tmp_path / 'generated.prototxt'
    path.write_text(str(n.to_proto()))
    net = caffe.Net(str(path), caffe.TEST)
    net.blobs['data'].data[...] = 1
    net.forward()
    assert net.blobs['conv'].shape == (2, 2, 6, 6)
    assert (net.blobs['conv'].data == 9).all()
