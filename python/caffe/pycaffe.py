"""The Pythonic half of caffe.Net and the solvers: ordered dicts of blobs and
parameters, forward and backward with numpy inputs, batching over many
inputs. The native half is caffe._caffe; the names here are Caffe's."""

from collections import OrderedDict

import numpy as np

from ._caffe import (Net, Solver, SGDSolver, NesterovSolver, AdaGradSolver,
                     RMSPropSolver, AdaDeltaSolver, AdamSolver)
from .proto import caffe_pb2

__all__ = ['Net', 'Solver', 'SGDSolver', 'NesterovSolver', 'AdaGradSolver',
           'RMSPropSolver', 'AdaDeltaSolver', 'AdamSolver']


def _cached(name, build):
    """A read-only property computed once per net (the structure of a net
    never changes after construction)."""
    def getter(self):
        value = self.__dict__.get(name)
        if value is None:
            value = build(self)
            self.__dict__[name] = value
        return value
    return property(getter, doc=build.__doc__)


def _layers(net):
    """The net's layers, in order (Python layers are their Python objects)."""
    return list(net._layers)


def _blobs(net):
    """Blob name -> Blob, in the order the net creates them."""
    return OrderedDict(zip(net._blob_names, net._blobs))


def _blob_loss_weights(net):
    """Blob name -> the weight of its loss (0 for blobs that are no loss)."""
    return OrderedDict(zip(net._blob_names, net._blob_loss_weights))


def _layer_dict(net):
    """Layer name -> Layer."""
    return OrderedDict(zip(net._layer_names, net.layers))


def _params(net):
    """Layer name -> its parameter blobs, for the layers that have some."""
    return OrderedDict((name, layer.blobs)
                       for name, layer in zip(net._layer_names, net.layers)
                       if len(layer.blobs) > 0)


def _inputs(net):
    """The names of the net's input blobs."""
    names = list(net._blob_names)
    return [names[i] for i in net._inputs]


def _outputs(net):
    """The names of the net's output blobs."""
    names = list(net._blob_names)
    return [names[i] for i in net._outputs]


def _top_names(net):
    """Layer name -> the names of its tops."""
    names = list(net._blob_names)
    return OrderedDict((layer, [names[i] for i in net._top_ids(index)])
                       for index, layer in enumerate(net._layer_names))


def _bottom_names(net):
    """Layer name -> the names of its bottoms."""
    names = list(net._blob_names)
    return OrderedDict((layer, [names[i] for i in net._bottom_ids(index)])
                       for index, layer in enumerate(net._layer_names))


def _layer_index(net, name, argument):
    names = list(net._layer_names)
    if name not in names:
        raise ValueError('%s: the net has no layer named %r' % (argument, name))
    return names.index(name)


def _fill(net, values, blob_names, field, what):
    """Writes each numpy array in values into the named blob's data or diff,
    after checking that the names and batch sizes are the net's."""
    if set(values) != set(blob_names):
        raise KeyError('%s arguments %s do not match the net\'s %s %s'
                       % (what, sorted(values), what, sorted(blob_names)))
    for name, array in values.items():
        blob = net.blobs[name]
        array = np.asarray(array)
        if array.ndim == 0 or array.shape[0] != blob.shape[0]:
            raise ValueError('%s %r is not batch sized: got shape %s, the blob '
                             'is %s' % (what, name, array.shape, blob.shape))
        getattr(blob, field)[...] = array


def _forward(self, blobs=None, start=None, end=None, **kwargs):
    """Runs the net from layer start to layer end (names; default: all).

    kwargs: the input blobs' new data, one batch each. Returns
    {blob name: data} for the outputs (or end's tops) and the named extra
    blobs; the arrays are views of the blobs.
    """
    blobs = list(blobs or [])
    start_index = 0 if start is None else _layer_index(self, start, 'start')
    if end is None:
        end_index = len(self.layers) - 1
        outputs = set(self.outputs + blobs)
    else:
        end_index = _layer_index(self, end, 'end')
        outputs = set(self.top_names[end] + blobs)
    for name in blobs:
        if name not in self.blobs:
            raise KeyError('the net has no blob named %r' % name)
    if kwargs:
        _fill(self, kwargs, self.inputs, 'data', 'input')
    self._forward(start_index, end_index)
    return {name: self.blobs[name].data for name in outputs}


def _backward(self, diffs=None, start=None, end=None, **kwargs):
    """Runs the net's backward pass from layer start down to layer end.

    kwargs: the output blobs' new diffs, one batch each. Returns
    {blob name: diff} for the inputs (or end's bottoms) and the named extra
    blobs.
    """
    diffs = list(diffs or [])
    if start is None:
        start_index = len(self.layers) - 1
    else:
        start_index = _layer_index(self, start, 'start')
    if end is None:
        end_index = 0
        outputs = set(self.inputs + diffs)
    else:
        end_index = _layer_index(self, end, 'end')
        outputs = set(self.bottom_names[end] + diffs)
    for name in diffs:
        if name not in self.blobs:
            raise KeyError('the net has no blob named %r' % name)
    if kwargs:
        _fill(self, kwargs, self.outputs, 'diff', 'output')
    self._backward(start_index, end_index)
    return {name: self.blobs[name].diff for name in outputs}


def _batch(self, blobs):
    """Splits {name: array of N items} into batches of the net's batch size,
    the last one padded with zeros."""
    count = len(next(iter(blobs.values())))
    batch_size = next(iter(self.blobs.values())).shape[0]
    for begin in range(0, count - count % batch_size, batch_size):
        yield {name: array[begin:begin + batch_size]
               for name, array in blobs.items()}
    remainder = count % batch_size
    if remainder:
        padded = {}
        for name, array in blobs.items():
            padding = np.zeros((batch_size - remainder,) + array.shape[1:],
                               dtype=np.float32)
            padded[name] = np.concatenate([array[-remainder:], padding])
        yield padded


def _unpad(outputs, count):
    return {name: np.asarray(values)[:count] for name, values in outputs.items()}


def _forward_all(self, blobs=None, **kwargs):
    """forward() over any number of inputs, batch by batch; returns
    {blob name: array of all items} (copies)."""
    outputs = {name: [] for name in set(self.outputs + list(blobs or []))}
    if not kwargs:
        for name, data in self.forward(blobs=blobs).items():
            outputs[name].extend(data.copy())
        return {name: np.asarray(values) for name, values in outputs.items()}
    for batch in self._batch(kwargs):
        for name, data in self.forward(blobs=blobs, **batch).items():
            outputs[name].extend(data.copy())
    return _unpad(outputs, len(next(iter(kwargs.values()))))


def _forward_backward_all(self, blobs=None, diffs=None, **kwargs):
    """forward() and backward() over any number of items: kwargs holds the
    inputs' data and the outputs' diffs. Returns (outputs, diffs)."""
    outputs = {name: [] for name in set(self.outputs + list(blobs or []))}
    gradients = {name: [] for name in set(self.inputs + list(diffs or []))}
    forward_args = {name: kwargs[name] for name in kwargs if name in self.inputs}
    backward_args = {name: kwargs[name] for name in kwargs
                     if name in self.outputs}
    unknown = set(kwargs) - set(forward_args) - set(backward_args)
    if unknown:
        raise KeyError('%s are neither inputs nor outputs of the net'
                       % sorted(unknown))
    forward_batches = self._batch(forward_args) if forward_args else iter([{}])
    backward_batches = self._batch(backward_args) if backward_args else None
    for forward_batch in forward_batches:
        backward_batch = next(backward_batches) if backward_batches else {}
        for name, data in self.forward(blobs=blobs, **forward_batch).items():
            outputs[name].extend(data.copy())
        for name, diff in self.backward(diffs=diffs, **backward_batch).items():
            gradients[name].extend(diff.copy())
    if not kwargs:
        return ({n: np.asarray(v) for n, v in outputs.items()},
                {n: np.asarray(v) for n, v in gradients.items()})
    count = len(next(iter(kwargs.values())))
    return _unpad(outputs, count), _unpad(gradients, count)


def _set_input_arrays(self, data, labels):
    """Feeds a MemoryData first layer from data (N x C x H x W float32) and
    labels (N or N x 1 x 1 x 1); the net keeps both arrays alive."""
    labels = np.asarray(labels)
    if labels.ndim == 1:
        labels = labels[:, np.newaxis, np.newaxis, np.newaxis]
    data = np.ascontiguousarray(data)
    labels = np.ascontiguousarray(labels)
    return self._set_input_arrays(data, labels)


def _hook(native_name):
    def add(self, function):
        getattr(self, native_name)(function)
    add.__doc__ = ('Calls function(layer_index) %s each layer runs.'
                   % native_name[1:].replace('_', ' '))
    return add


Net.layers = _cached('_layer_list', _layers)
Net.blobs = _cached('_blobs_dict', _blobs)
Net.blob_loss_weights = _cached('_blob_loss_weights_dict', _blob_loss_weights)
Net.layer_dict = _cached('_layer_dict', _layer_dict)
Net.params = _cached('_params_dict', _params)
Net.inputs = _cached('_input_list', _inputs)
Net.outputs = _cached('_output_list', _outputs)
Net.top_names = _cached('_top_names', _top_names)
Net.bottom_names = _cached('_bottom_names', _bottom_names)
Net.forward = _forward
Net.backward = _backward
Net.forward_all = _forward_all
Net.forward_backward_all = _forward_backward_all
Net.set_input_arrays = _set_input_arrays
Net._batch = _batch
Net.before_forward = _hook('_before_forward')
Net.after_forward = _hook('_after_forward')
Net.before_backward = _hook('_before_backward')
Net.after_backward = _hook('_after_backward')

Solver.param = property(
    lambda self: caffe_pb2.SolverParameter.FromString(self._param_bytes),
    doc='The solver\'s parameters, as a caffe_pb2.SolverParameter.')
