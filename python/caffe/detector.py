"""Detector: a TEST-phase Net that scores windows of images (R-CNN style),
with optional context padding around each window."""

import numpy as np

from . import io
from ._caffe import Net
from .classifier import input_transformer
from .proto.caffe_pb2 import TEST


class Detector(Net):
    """model_file, pretrained_file: the deploy prototxt and its weights.
    mean, input_scale, raw_scale, channel_swap: as caffe.io.Transformer's
    setters. context_pad: pixels of context to add around each window (in
    the input's scale), filled with the mean where the image ends."""

    def __init__(self, model_file, pretrained_file, mean=None,
                 input_scale=None, raw_scale=None, channel_swap=None,
                 context_pad=None):
        Net.__init__(self, model_file, pretrained_file, TEST)
        self.transformer = input_transformer(self, mean, input_scale,
                                             raw_scale, channel_swap)
        self.configure_crop(context_pad)

    def detect_windows(self, images_windows):
        """images_windows: [(image filename, [window (ymin, xmin, ymax,
        xmax), ...]), ...]. Returns one dict per window: window, prediction
        and filename."""
        crops = []
        for filename, windows in images_windows:
            image = io.load_image(filename).astype(np.float32)
            crops.extend(self.crop(image, window) for window in windows)
        if not crops:
            return []
        in_ = self.inputs[0]
        caffe_in = np.zeros((len(crops), crops[0].shape[2]) +
                            tuple(self.blobs[in_].data.shape[2:]),
                            dtype=np.float32)
        for index, crop in enumerate(crops):
            caffe_in[index] = self.transformer.preprocess(in_, crop)
        predictions = self.forward_all(**{in_: caffe_in})[self.outputs[0]]
        if predictions.ndim == 4:
            predictions = predictions.reshape(predictions.shape[:2])
        detections = []
        index = 0
        for filename, windows in images_windows:
            for window in windows:
                detections.append({'window': window,
                                   'prediction': predictions[index],
                                   'filename': filename})
                index += 1
        return detections

    def detect_selective_search(self, image_fnames):
        """Windows from selective search (the selective_search_ijcv_with_python
        package, which needs MATLAB), then detect_windows."""
        try:
            import selective_search_ijcv_with_python as selective_search
        except ImportError as error:
            raise ImportError('detect_selective_search needs the package '
                              'selective_search_ijcv_with_python') from error
        image_fnames = [str(name) for name in image_fnames]
        windows = selective_search.get_windows(image_fnames,
                                               cmd='selective_search_rcnn')
        return self.detect_windows(zip(image_fnames, windows))

    def crop(self, im, window):
        """The window (ymin, xmin, ymax, xmax) of image im, with context
        padding when configured."""
        window = np.asarray(window)
        if not self.context_pad:
            return im[int(window[0]):int(window[2]),
                      int(window[1]):int(window[3])]
        crop_size = self.blobs[self.inputs[0]].width  # square inputs
        scale = crop_size / (1.0 * crop_size - self.context_pad * 2)
        # The window grown by the context, about its centre.
        half_h = (window[2] - window[0] + 1) / 2.0
        half_w = (window[3] - window[1] + 1) / 2.0
        centre = (window[0] + half_h, window[1] + half_w)
        box = np.round(np.tile(centre, 2) +
                       scale * np.array((-half_h, -half_w, half_h, half_w)))
        scale_h = crop_size / (box[2] - box[0] + 1)
        scale_w = crop_size / (box[3] - box[1] + 1)
        # Where the grown box leaves the image, the mean fills in.
        pad_y = int(round(max(0, -box[0]) * scale_h))
        pad_x = int(round(max(0, -box[1]) * scale_w))
        height, width = im.shape[:2]
        box = np.clip(box, 0.0, [height, width, height, width])
        crop_h = int(round((box[2] - box[0] + 1) * scale_h))
        crop_w = int(round((box[3] - box[1] + 1) * scale_w))
        crop_h = min(crop_h, crop_size - pad_y)
        crop_w = min(crop_w, crop_size - pad_x)
        context = im[int(box[0]):int(box[2]), int(box[1]):int(box[3])]
        context = io.resize_image(context, (crop_h, crop_w))
        crop = np.ones(self.crop_dims, dtype=np.float32) * self.crop_mean
        crop[pad_y:pad_y + crop_h, pad_x:pad_x + crop_w] = context
        return crop

    def configure_crop(self, context_pad):
        """Sets the crop size (the input's, in image axis order) and the
        context padding, with the mean in image space for the padding."""
        in_ = self.inputs[0]
        transpose = self.transformer.transpose[in_]
        image_order = [transpose[t] for t in transpose]
        self.crop_dims = np.array(self.blobs[in_].data.shape[1:])[image_order]
        self.context_pad = context_pad
        if not self.context_pad:
            return
        mean = self.transformer.mean.get(in_)
        if mean is None:
            self.crop_mean = np.zeros(self.crop_dims, dtype=np.float32)
            return
        crop_mean = mean.copy().transpose(image_order)
        channel_swap = self.transformer.channel_swap.get(in_)
        if channel_swap is not None:
            channel_swap = list(channel_swap)
            crop_mean = crop_mean[:, :, [channel_swap.index(c)
                                         for c in range(crop_mean.shape[2])]]
        raw_scale = self.transformer.raw_scale.get(in_)
        if raw_scale is not None:
            crop_mean = crop_mean / raw_scale
        self.crop_mean = crop_mean
