"""caffe.coord_map.crop aligns an upsampled top with the input, as fully
convolutional nets do."""

import caffe
from caffe import layers as L
from caffe.coord_map import coord_map_from_to, crop


def test_crop_after_conv_pool_deconv(tmp_path):
    n = caffe.NetSpec()
    n.data = L.Input(shape=dict(dim=[1, 1, 20, 20]))
    n.conv = L.Convolution(n.data, kernel_size=3, pad=1, num_output=1)
    n.pool = L.Pooling(n.conv, kernel_size=2, stride=2)
    n.up = L.Deconvolution(n.pool, convolution_param=dict(
        kernel_size=4, stride=2, num_output=1))
    axis, scale, offset = coord_map_from_to(n.up, n.data)
    assert axis == 1 and (scale == 1).all()
    n.score = crop(n.up, n.data)
    proto = n.to_proto()
    crop_layer = proto.layer[-1]
    assert crop_layer.type == 'Crop'
    assert crop_layer.crop_param.axis == 2
    assert list(crop_layer.crop_param.offset) == [int(-offset[0])]
    path = tmp_path / 'fcn.prototxt'
    path.write_text(str(proto))
    net = caffe.Net(str(path), caffe.TEST)
    assert net.blobs['score'].shape == (1, 1, 20, 20)
