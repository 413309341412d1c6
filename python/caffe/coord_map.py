"""Coordinate maps between the tops of a NetSpec net, and crop(), which
makes the Crop layer that aligns one top with another (as fully
convolutional nets need after upsampling).

A map (axis, a, b) says that coordinate x of one top is a * x + b in the
other, along the spatial axes from axis on (None: any axis).
"""

import numpy as np

from .net_spec import layers as L

# Layers whose top has its bottom's coordinates.
PASS_THROUGH_LAYERS = ['AbsVal', 'BatchNorm', 'Bias', 'BNLL', 'Dropout',
                       'Eltwise', 'ELU', 'Log', 'LRN', 'Exp', 'MVN', 'Power',
                       'ReLU', 'PReLU', 'Scale', 'Sigmoid', 'Split', 'TanH',
                       'Threshold']


class UndefinedMapException(Exception):
    """The layer changes coordinates in a way no affine map describes."""


class AxisMismatchException(Exception):
    """Two maps act on different axes and cannot be composed."""


def conv_params(fn):
    """(axis, stride, effective kernel size, pad) of a convolution-like
    layer, as arrays over the spatial axes."""
    params = fn.params.get('convolution_param', fn.params)
    legacy = {'pad_h', 'pad_w', 'kernel_h', 'kernel_w', 'stride_h', 'stride_w'}
    if legacy & set(params):
        raise UndefinedMapException(
            'coordinate maps do not support the _h/_w fields; use pad, '
            'kernel_size and stride')
    kernel = np.array(params['kernel_size'], ndmin=1)
    dilation = np.array(params.get('dilation', 1), ndmin=1)
    return (params.get('axis', 1), np.array(params.get('stride', 1), ndmin=1),
            (kernel - 1) * dilation + 1, np.array(params.get('pad', 0), ndmin=1))


def crop_params(fn):
    """(axis, offset) of a Crop layer."""
    params = fn.params.get('crop_param', fn.params)
    return params.get('axis', 2), np.array(params.get('offset', 0), ndmin=1)


def coord_map(fn):
    """The map from a layer's top coordinates to its bottom's."""
    if fn.type_name in ('Convolution', 'Pooling', 'Im2col'):
        axis, stride, kernel, pad = conv_params(fn)
        return axis, 1.0 / stride, (pad - (kernel - 1) / 2.0) / stride
    if fn.type_name == 'Deconvolution':
        axis, stride, kernel, pad = conv_params(fn)
        return axis, stride, (kernel - 1) / 2.0 - pad
    if fn.type_name in PASS_THROUGH_LAYERS:
        return None, 1, 0
    if fn.type_name == 'Crop':
        axis, offset = crop_params(fn)
        # The map's axis counts from the first spatial axis, which follows
        # the channel axis.
        return axis - 1, 1, -offset
    raise UndefinedMapException(fn.type_name)


def compose(base_map, next_map):
    """next_map applied after base_map."""
    base_axis, base_a, base_b = base_map
    next_axis, next_a, next_b = next_map
    if base_axis is None:
        axis = next_axis
    elif next_axis is None or base_axis == next_axis:
        axis = base_axis
    else:
        raise AxisMismatchException((base_axis, next_axis))
    return axis, base_a * next_a, base_a * next_b + base_b


def inverse(coord_map):
    """The map that undoes coord_map."""
    axis, a, b = coord_map
    return axis, 1.0 / a, -b / a


def _bottoms(top):
    # A Crop layer's second bottom only gives the size.
    bottoms = top.fn.inputs
    return bottoms[:1] if top.fn.type_name == 'Crop' else bottoms


def _maps_to_ancestors(top):
    """{ancestor top: map from top's coordinates to the ancestor's}."""
    maps = {top: (None, 1, 0)}
    frontier = [top]
    while frontier:
        current = frontier.pop()
        try:
            step = coord_map(current.fn)
        except UndefinedMapException:
            continue
        for bottom in _bottoms(current):
            maps[bottom] = compose(maps[current], step)
            frontier.append(bottom)
    return maps


def coord_map_from_to(top_from, top_to):
    """The map from top_from's coordinates to top_to's, through their
    nearest common ancestor."""
    from_maps = _maps_to_ancestors(top_from)
    to_maps = {top_to: (None, 1, 0)}
    frontier = [top_to]
    while frontier:
        current = frontier.pop(0)
        if current in from_maps:
            return compose(to_maps[current], inverse(from_maps[current]))
        try:
            step = coord_map(current.fn)
        except UndefinedMapException:
            continue
        for bottom in _bottoms(current):
            to_maps[bottom] = compose(to_maps[current], step)
            frontier.append(bottom)
    raise RuntimeError('Could not compute map between tops; are they '
                       'connected by spatial layers?')


def crop(top_from, top_to):
    """A Crop layer that cuts top_from to top_to's size and alignment."""
    axis, a, b = coord_map_from_to(top_from, top_to)
    a, b = np.asarray(a), np.asarray(b)
    if not (a == 1).all():
        raise ValueError('scale mismatch on crop (a = %s)' % a)
    if not (b <= 0).all():
        raise ValueError('cannot crop negative offset (b = %s)' % b)
    if not (np.round(b) == b).all():
        raise ValueError('cannot crop noninteger offset (b = %s)' % b)
    return L.Crop(top_from, top_to,
                  crop_param=dict(axis=axis + 1,
                                  offset=[int(x) for x in -np.round(b)]))
