"""NetSpec: write Caffe nets in Python and get their NetParameter.

    from caffe import layers as L, params as P
    n = caffe.NetSpec()
    n.data, n.label = L.Data(source='train_lmdb', backend=P.Data.LMDB,
                             batch_size=64, ntop=2)
    n.ip = L.InnerProduct(n.data, num_output=10,
                          weight_filler=dict(type='xavier'))
    n.loss = L.SoftmaxWithLoss(n.ip, n.label)
    print(n.to_proto())          # prototxt text

L.<Type>(*bottoms, **fields) makes a layer of that type; a field goes into
the type's <type>_param message unless it names a LayerParameter field
(name, param, loss_weight, include, ... or any *_param). Dicts fill
messages, lists fill repeated fields. ntop=N gives N tops, in_place=True
reuses the bottom as the top. Unnamed tops and layers are named
<Type><count>, as Caffe's NetSpec names them.
"""

from collections import Counter, OrderedDict

from .proto import caffe_pb2

__all__ = ['layers', 'params', 'NetSpec', 'to_proto', 'assign_proto',
           'param_name_dict', 'Top', 'Function']


def param_name_dict():
    """Layer type name -> the name of its *_param field, derived from the
    schema (ConvolutionParameter is convolution_param, for "Convolution")."""
    layer = caffe_pb2.LayerParameter()
    names = {}
    for field in layer.DESCRIPTOR.fields:
        if not field.name.endswith('_param') or field.message_type is None:
            continue
        type_name = field.message_type.name
        if type_name.endswith('Parameter'):
            names[type_name[:-len('Parameter')]] = field.name[:-len('_param')]
    return names


def assign_proto(proto, name, value):
    """Sets proto.name to value: dicts fill sub-messages, lists (or a single
    value for a repeated field) extend repeated fields, a list of dicts adds
    one message per dict."""
    field = getattr(proto, name)
    repeated = hasattr(field, 'extend')
    if repeated and not isinstance(value, (list, tuple)):
        value = [value]
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], dict):
            for item in value:
                message = field.add()
                for key, item_value in item.items():
                    assign_proto(message, key, item_value)
        else:
            field.extend(value)
    elif isinstance(value, dict):
        for key, item_value in value.items():
            assign_proto(field, key, item_value)
    else:
        setattr(proto, name, value)


class Top:
    """The n-th output of a Function: what layers take as bottoms."""

    def __init__(self, fn, n):
        self.fn = fn
        self.n = n

    def to_proto(self):
        """The NetParameter of the layers this top depends on."""
        return to_proto(self)

    def _to_proto(self, layers, names, autonames):
        return self.fn._to_proto(layers, names, autonames)


class Function:
    """One layer: its type, its bottoms (Tops) and its fields."""

    def __init__(self, type_name, inputs, params):
        self.type_name = type_name
        for index, bottom in enumerate(inputs):
            if not isinstance(bottom, Top):
                raise TypeError('%s: bottom %d is a %s, not a top of another '
                                'layer' % (type_name, index,
                                           type(bottom).__name__))
        self.inputs = inputs
        self.params = dict(params)
        self.ntop = self.params.pop('ntop', 1)
        self.in_place = self.params.pop('in_place', False)
        self.tops = tuple(Top(self, n) for n in range(self.ntop))

    def _top_name(self, top, names, autonames):
        if top not in names:
            autonames[top.fn.type_name] += 1
            names[top] = top.fn.type_name + str(autonames[top.fn.type_name])
        return names[top]

    def _layer_name(self, names, autonames):
        # A layer is named after its first top; a layer without tops gets a
        # name of its own.
        if self not in names:
            if self.ntop > 0:
                names[self] = self._top_name(self.tops[0], names, autonames)
            else:
                autonames[self.type_name] += 1
                names[self] = self.type_name + str(autonames[self.type_name])
        return names[self]

    def _to_proto(self, layers, names, autonames):
        if self in layers:
            return
        bottoms = []
        for bottom in self.inputs:
            bottom._to_proto(layers, names, autonames)
            bottoms.append(layers[bottom.fn].top[bottom.n])
        layer = caffe_pb2.LayerParameter()
        layer.type = self.type_name
        layer.bottom.extend(bottoms)
        if self.in_place:
            layer.top.extend(layer.bottom)
        else:
            for top in self.tops:
                layer.top.append(self._top_name(top, names, autonames))
        layer.name = self._layer_name(names, autonames)
        for key, value in self.params.items():
            if key.endswith('param'):
                assign_proto(layer, key, value)
                continue
            param_field = _param_names.get(self.type_name)
            try:
                if param_field is None:
                    raise AttributeError(key)
                assign_proto(getattr(layer, param_field + '_param'), key, value)
            except (AttributeError, KeyError):
                assign_proto(layer, key, value)
        layers[self] = layer


class NetSpec:
    """Named tops: assigning n.name = L.Type(...) names the top (and its
    layer) name; to_proto() gives the NetParameter of all of them."""

    def __init__(self):
        super().__setattr__('tops', OrderedDict())

    def __setattr__(self, name, value):
        self.tops[name] = value

    def __getattr__(self, name):
        try:
            return self.tops[name]
        except KeyError:
            raise AttributeError('NetSpec has no top named %r' % name)

    def __setitem__(self, key, value):
        self.__setattr__(key, value)

    def __getitem__(self, item):
        return self.tops[item]

    def __delitem__(self, name):
        del self.tops[name]

    def keys(self):
        return list(self.tops.keys())

    def vals(self):
        return list(self.tops.values())

    def to_proto(self):
        names = {top: name for name, top in self.tops.items()}
        autonames = Counter()
        layers = OrderedDict()
        for top in self.tops.values():
            top._to_proto(layers, names, autonames)
        net = caffe_pb2.NetParameter()
        net.layer.extend(layers.values())
        return net


def to_proto(*tops):
    """The NetParameter of the layers the given tops depend on."""
    layers = OrderedDict()
    autonames = Counter()
    for top in tops:
        top.fn._to_proto(layers, {}, autonames)
    net = caffe_pb2.NetParameter()
    net.layer.extend(layers.values())
    return net


class Layers:
    """layers.<Type>(*bottoms, **fields): a layer of that type; returns its
    top, a tuple of tops (ntop > 1) or the Function (ntop=0)."""

    def __getattr__(self, type_name):
        def make_layer(*args, **kwargs):
            fn = Function(type_name, args, kwargs)
            if fn.ntop == 0:
                return fn
            if fn.ntop == 1:
                return fn.tops[0]
            return fn.tops
        return make_layer


class Parameters:
    """params.<Type>.<CONSTANT>: an enum value of <Type>Parameter, e.g.
    params.Pooling.MAX or params.Data.LMDB."""

    def __getattr__(self, type_name):
        message = getattr(caffe_pb2, type_name + 'Parameter')

        class Constants:
            def __getattr__(self, constant):
                return getattr(message, constant)
        return Constants()


_param_names = param_name_dict()
layers = Layers()
params = Parameters()
