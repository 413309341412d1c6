"""Images and protos for pycaffe: loading and resizing images, the
Transformer that turns them into a net's input, and conversions between
numpy arrays and BlobProto / Datum. Numerically the same as Caffe's caffe.io:
images are float32 H x W x C in [0, 1], RGB."""

import numpy as np

from .proto import caffe_pb2

__all__ = ['blobproto_to_array', 'array_to_blobproto',
           'arraylist_to_blobprotovector_str',
           'blobprotovector_str_to_arraylist', 'array_to_datum',
           'datum_to_array', 'Transformer', 'load_image', 'resize_image',
           'oversample']


# ---- Protos -----------------------------------------------------------------

def blobproto_to_array(blob, return_diff=False):
    """The BlobProto's data (or diff) as an array of its shape; blobs written
    with the legacy num/channels/height/width fields come out 4-D."""
    values = blob.diff if return_diff else blob.data
    if blob.HasField('num') or blob.HasField('channels') or \
            blob.HasField('height') or blob.HasField('width'):
        shape = (blob.num, blob.channels, blob.height, blob.width)
    else:
        shape = tuple(blob.shape.dim)
    return np.array(values).reshape(shape)


def array_to_blobproto(arr, diff=None):
    """A BlobProto with arr's shape and values (and diff's, when given)."""
    blob = caffe_pb2.BlobProto()
    blob.shape.dim.extend(arr.shape)
    blob.data.extend(np.asarray(arr, dtype=float).flat)
    if diff is not None:
        blob.diff.extend(np.asarray(diff, dtype=float).flat)
    return blob


def arraylist_to_blobprotovector_str(arraylist):
    """Serialized BlobProtoVector of the arrays."""
    vector = caffe_pb2.BlobProtoVector()
    vector.blobs.extend(array_to_blobproto(arr) for arr in arraylist)
    return vector.SerializeToString()


def blobprotovector_str_to_arraylist(str):  # noqa: A002 (Caffe's name)
    """The arrays of a serialized BlobProtoVector."""
    vector = caffe_pb2.BlobProtoVector()
    vector.ParseFromString(str)
    return [blobproto_to_array(blob) for blob in vector.blobs]


def array_to_datum(arr, label=None):
    """A Datum of a C x H x W array: uint8 arrays go to the data bytes,
    others to float_data."""
    arr = np.asarray(arr)
    if arr.ndim != 3:
        raise ValueError('array_to_datum needs a C x H x W array, got shape %s'
                         % (arr.shape,))
    datum = caffe_pb2.Datum()
    datum.channels, datum.height, datum.width = arr.shape
    if arr.dtype == np.uint8:
        datum.data = arr.tobytes()
    else:
        datum.float_data.extend(arr.astype(float).flat)
    if label is not None:
        datum.label = label
    return datum


def datum_to_array(datum):
    """The Datum's C x H x W values: uint8 from its bytes, else float."""
    shape = (datum.channels, datum.height, datum.width)
    if len(datum.data):
        return np.frombuffer(datum.data, dtype=np.uint8).reshape(shape)
    return np.array(datum.float_data).astype(float).reshape(shape)


# ---- Images -----------------------------------------------------------------

def load_image(filename, color=True):
    """The image as float32 H x W x 3 (color) or H x W x 1 in [0, 1]."""
    import skimage
    import skimage.io
    image = skimage.img_as_float(
        skimage.io.imread(filename, as_gray=not color)).astype(np.float32)
    if image.ndim == 2:
        image = image[:, :, np.newaxis]
        if color:
            image = np.tile(image, (1, 1, 3))
    elif image.shape[2] == 4:
        image = image[:, :, :3]
    return image


def resize_image(im, new_dims, interp_order=1):
    """im (H x W x K) resized to new_dims (height, width) by interpolation of
    the given order; float32."""
    new_dims = tuple(int(d) for d in new_dims)
    channels = im.shape[-1]
    if channels in (1, 3):
        low, high = im.min(), im.max()
        if high <= low:
            return np.full(new_dims + (channels,), low, dtype=np.float32)
        # skimage interpolates values in [0, 1]; stretch there and back.
        # Anti-aliasing off and constant borders: the resize Caffe's results
        # were computed with.
        from skimage.transform import resize
        standard = (im - low) / (high - low)
        resized = resize(standard, new_dims, order=interp_order,
                         mode='constant', anti_aliasing=False)
        resized = resized * (high - low) + low
    else:
        from scipy.ndimage import zoom
        scale = tuple(np.array(new_dims, dtype=float) / np.array(im.shape[:2]))
        resized = zoom(im, scale + (1,), order=interp_order)
    return resized.astype(np.float32)


def oversample(images, crop_dims):
    """Ten crops of each H x W x K image: the four corners and the centre,
    then the same five mirrored left to right. Returns N*10 x h x w x K."""
    image_shape = np.array(images[0].shape)
    crop = np.array(crop_dims)
    corners = [(top, left) for top in (0, image_shape[0] - crop[0])
               for left in (0, image_shape[1] - crop[1])]
    centre = (image_shape[:2] / 2.0 - crop / 2.0).astype(int)
    origins = corners + [tuple(centre)]
    crops = np.empty((10 * len(images), crop[0], crop[1], image_shape[-1]),
                     dtype=np.float32)
    index = 0
    for image in images:
        for top, left in origins:
            crops[index] = image[top:top + crop[0], left:left + crop[1], :]
            index += 1
        crops[index:index + 5] = crops[index - 5:index, :, ::-1, :]
        index += 5
    return crops


# ---- Transformer ------------------------------------------------------------

class Transformer:
    """Turns images (H x W x K, as load_image gives) into a net's input
    (K x H' x W') and back: resize to the input's size, transpose, swap
    channels, scale raw values, subtract the mean, scale the input; each step
    is configured per input blob.

    inputs: {input name: input blob shape (N, K, H', W')}.
    """

    def __init__(self, inputs):
        self.inputs = inputs
        self.transpose = {}
        self.channel_swap = {}
        self.raw_scale = {}
        self.mean = {}
        self.input_scale = {}

    def __check_input(self, in_):
        if in_ not in self.inputs:
            raise KeyError('%s is not one of the net inputs: %s'
                           % (in_, list(self.inputs)))

    def preprocess(self, in_, data):
        """An image (H x W x K) as the input blob in_ wants it."""
        self.__check_input(in_)
        caffe_in = np.asarray(data).astype(np.float32, copy=False)
        transpose = self.transpose.get(in_)
        channel_swap = self.channel_swap.get(in_)
        raw_scale = self.raw_scale.get(in_)
        mean = self.mean.get(in_)
        input_scale = self.input_scale.get(in_)
        in_dims = tuple(self.inputs[in_][2:])
        if caffe_in.shape[:2] != in_dims:
            caffe_in = resize_image(caffe_in, in_dims)
        if transpose is not None:
            caffe_in = caffe_in.transpose(transpose)
        if channel_swap is not None:
            caffe_in = caffe_in[channel_swap, :, :]
        if raw_scale is not None:
            caffe_in = caffe_in * raw_scale
        if mean is not None:
            caffe_in = caffe_in - mean
        if input_scale is not None:
            caffe_in = caffe_in * input_scale
        return caffe_in

    def deprocess(self, in_, data):
        """Undoes preprocess (except the resize): back to an image."""
        self.__check_input(in_)
        image = np.array(data).squeeze()
        transpose = self.transpose.get(in_)
        channel_swap = self.channel_swap.get(in_)
        raw_scale = self.raw_scale.get(in_)
        mean = self.mean.get(in_)
        input_scale = self.input_scale.get(in_)
        if input_scale is not None:
            image = image / input_scale
        if mean is not None:
            image = image + mean
        if raw_scale is not None:
            image = image / raw_scale
        if channel_swap is not None:
            image = image[np.argsort(channel_swap), :, :]
        if transpose is not None:
            image = image.transpose(np.argsort(transpose))
        return image

    def set_transpose(self, in_, order):
        """The order of the image's axes in the input, e.g. (2, 0, 1) for
        H x W x K images and K x H x W inputs."""
        self.__check_input(in_)
        if len(order) != len(self.inputs[in_]) - 1:
            raise ValueError('Transpose order needs to have the same number '
                             'of dimensions as the input.')
        self.transpose[in_] = order

    def set_channel_swap(self, in_, order):
        """The order of the channels in the input, e.g. (2, 1, 0) for RGB
        images and BGR inputs (applied after transposing)."""
        self.__check_input(in_)
        if len(order) != self.inputs[in_][1]:
            raise ValueError('Channel swap needs to have the same number of '
                             'dimensions as the input channels.')
        self.channel_swap[in_] = order

    def set_raw_scale(self, in_, scale):
        """Multiplies the image first, e.g. 255 for nets trained on [0, 255]
        images (load_image gives [0, 1])."""
        self.__check_input(in_)
        self.raw_scale[in_] = scale

    def set_mean(self, in_, mean):
        """Subtracts a per-channel (K) or per-pixel (K x H' x W') mean."""
        self.__check_input(in_)
        mean = np.asarray(mean)
        if mean.ndim == 1:
            if mean.shape[0] != self.inputs[in_][1]:
                raise ValueError('Mean channels incompatible with input.')
            mean = mean[:, np.newaxis, np.newaxis]
        else:
            shape = mean.shape if mean.ndim != 2 else (1,) + mean.shape
            if len(shape) != 3:
                raise ValueError('Mean shape invalid')
            if tuple(shape) != tuple(self.inputs[in_][1:]):
                raise ValueError('Mean shape incompatible with input shape.')
        self.mean[in_] = mean

    def set_input_scale(self, in_, scale):
        """Multiplies the input last (after the mean)."""
        self.__check_input(in_)
        self.input_scale[in_] = scale
