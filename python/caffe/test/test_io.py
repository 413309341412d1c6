"""caffe.io: protos to arrays and back, images, the Transformer."""

import os

import numpy as np
import pytest

import caffe
from caffe.proto import caffe_pb2

from conftest import REPO

IMAGES = os.path.join(REPO, '..', 'shared', 'images')


def test_blobproto_round_trip():
    array = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    diff = -array
    blob = caffe.io.array_to_blobproto(array, diff)
    assert list(blob.shape.dim) == [2, 3, 4]
    np.testing.assert_array_equal(caffe.io.blobproto_to_array(blob), array)
    np.testing.assert_array_equal(
        caffe.io.blobproto_to_array(blob, return_diff=True), diff)


def test_legacy_blobproto_is_4d():
    blob = caffe_pb2.BlobProto(num=1, channels=2, height=1, width=3)
    blob.data.extend(range(6))
    assert caffe.io.blobproto_to_array(blob).shape == (1, 2, 1, 3)


def test_blobprotovector_round_trip():
    arrays = [np.ones((2, 2)), np.zeros((3,))]
    text = caffe.io.arraylist_to_blobprotovector_str(arrays)
    back = caffe.io.blobprotovector_str_to_arraylist(text)
    assert [a.shape for a in back] == [(2, 2), (3,)]


def test_datum_round_trip():
    pixels = np.arange(12, dtype=np.uint8).reshape(3, 2, 2)
    datum = caffe.io.array_to_datum(pixels, label=4)
    assert (datum.channels, datum.height, datum.width, datum.label) == \
        (3, 2, 2, 4)
    assert datum.data == pixels.tobytes()
    np.testing.assert_array_equal(caffe.io.datum_to_array(datum), pixels)
    floats = caffe.io.array_to_datum(pixels.astype(np.float32) / 2)
    assert len(floats.data) == 0
    np.testing.assert_allclose(caffe.io.datum_to_array(floats), pixels / 2)
    with pytest.raises(ValueError):
        caffe.io.array_to_datum(np.zeros((2, 2)))


def test_load_image_color_and_gray():
    path = os.path.join(IMAGES, 'cat.jpg')
    if not os.path.exists(path):
        pytest.skip('no test image at %s' % path)
    image = caffe.io.load_image(path)
    assert image.dtype == np.float32 and image.ndim == 3
    assert image.shape[2] == 3
    assert 0 <= image.min() and image.max() <= 1
    gray = caffe.io.load_image(path, color=False)
    assert gray.shape == image.shape[:2] + (1,)


def test_resize_and_oversample():
    image = np.random.RandomState(0).rand(10, 12, 3).astype(np.float32)
    resized = caffe.io.resize_image(image, (5, 6))
    assert resized.shape == (5, 6, 3) and resized.dtype == np.float32
    assert image.min() - 1e-6 <= resized.min()
    assert resized.max() <= image.max() + 1e-6
    flat = caffe.io.resize_image(np.full((4, 4, 1), 0.3, np.float32), (2, 2))
    np.testing.assert_allclose(flat, 0.3)
    crops = caffe.io.oversample([image], (4, 4))
    assert crops.shape == (10, 4, 4, 3)
    np.testing.assert_array_equal(crops[0], image[:4, :4])
    np.testing.assert_array_equal(crops[3], image[6:, 8:])
    np.testing.assert_array_equal(crops[4], image[3:7, 4:8])
    np.testing.assert_array_equal(crops[5], image[:4, :4][:, ::-1])


def test_transformer_preprocess_and_back():
    transformer = caffe.io.Transformer({'data': (1, 3, 4, 5)})
    transformer.set_transpose('data', (2, 0, 1))
    transformer.set_channel_swap('data', (2, 1, 0))
    transformer.set_raw_scale('data', 255)
    transformer.set_mean('data', np.array([10.0, 20.0, 30.0]))
    transformer.set_input_scale('data', 0.5)
    image = np.random.RandomState(3).rand(4, 5, 3).astype(np.float32)
    net_in = transformer.preprocess('data', image)
    assert net_in.shape == (3, 4, 5)
    expected = (image.transpose(2, 0, 1)[::-1] * 255 -
                np.array([10, 20, 30])[:, None, None]) * 0.5
    np.testing.assert_allclose(net_in, expected, rtol=1e-5)
    np.testing.assert_allclose(transformer.deprocess('data', net_in), image,
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError):
        transformer.set_mean('data', np.zeros(4))
    with pytest.raises(ValueError):
        transformer.set_transpose('data', (1, 0))
    with pytest.raises(KeyError):
        transformer.set_raw_scale('label', 1)
