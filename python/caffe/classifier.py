"""Classifier: a TEST-phase Net that takes images and returns class scores,
with Caffe's pre-processing (resize, ten-crop oversampling or a centre crop,
transpose, channel swap, scaling, mean)."""

import numpy as np

from . import io
from ._caffe import Net
from .proto.caffe_pb2 import TEST


def input_transformer(net, mean, input_scale, raw_scale, channel_swap):
    """A Transformer for the net's first input that takes H x W x K images:
    transposed to K x H x W, then each step that is given."""
    in_ = net.inputs[0]
    transformer = io.Transformer({in_: net.blobs[in_].data.shape})
    transformer.set_transpose(in_, (2, 0, 1))
    if mean is not None:
        transformer.set_mean(in_, mean)
    if input_scale is not None:
        transformer.set_input_scale(in_, input_scale)
    if raw_scale is not None:
        transformer.set_raw_scale(in_, raw_scale)
    if channel_swap is not None:
        transformer.set_channel_swap(in_, channel_swap)
    return transformer


class Classifier(Net):
    """model_file, pretrained_file: the deploy prototxt and its weights.
    image_dims: (height, width) images are resized to before cropping
    (default: the input's size). mean, input_scale, raw_scale,
    channel_swap: as caffe.io.Transformer's setters."""

    def __init__(self, model_file, pretrained_file, image_dims=None,
                 mean=None, input_scale=None, raw_scale=None,
                 channel_swap=None):
        Net.__init__(self, model_file, pretrained_file, TEST)
        in_ = self.inputs[0]
        self.transformer = input_transformer(self, mean, input_scale,
                                             raw_scale, channel_swap)
        self.crop_dims = np.array(self.blobs[in_].data.shape[2:])
        self.image_dims = self.crop_dims if not image_dims else image_dims

    def predict(self, inputs, oversample=True):
        """Class scores (N x classes) of the images (each H x W x K, floats
        in [0, 1]); oversample averages the ten crops of each image, else
        the centre crop is used."""
        if len(inputs) == 0:
            raise ValueError('predict needs at least one image')
        images = np.zeros((len(inputs), self.image_dims[0], self.image_dims[1],
                           inputs[0].shape[2]), dtype=np.float32)
        for index, image in enumerate(inputs):
            images[index] = io.resize_image(image, self.image_dims)
        if oversample:
            images = io.oversample(images, self.crop_dims)
        else:
            top, left = ((np.array(self.image_dims) - self.crop_dims) /
                         2.0).astype(int)
            images = images[:, top:top + self.crop_dims[0],
                            left:left + self.crop_dims[1], :]
        in_ = self.inputs[0]
        caffe_in = np.zeros((images.shape[0], images.shape[3],
                             images.shape[1], images.shape[2]),
                            dtype=np.float32)
        for index, image in enumerate(images):
            caffe_in[index] = self.transformer.preprocess(in_, image)
        predictions = self.forward_all(**{in_: caffe_in})[self.outputs[0]]
        if oversample:
            predictions = predictions.reshape((len(predictions) // 10, 10, -1))
            predictions = predictions.mean(1)
        return predictions
