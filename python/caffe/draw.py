"""Draws a net definition (a caffe_pb2.NetParameter) as a graph with
graphviz, through pydot: layers are boxes (coloured by kind), blobs are
octagons, edges follow the data. python/draw_net.py is the command line."""

from .proto import caffe_pb2

LAYER_STYLE = {'shape': 'record', 'style': 'filled'}
BLOB_STYLE = {'shape': 'octagon', 'fillcolor': '#E0E0E0', 'style': 'filled'}
NEURON_LAYER_STYLE = {'shape': 'record', 'fillcolor': '#90EE90',
                      'style': 'filled'}


def get_pooling_types_dict():
    """PoolingParameter's method numbers -> names (MAX, AVE, STOCHASTIC)."""
    descriptor = caffe_pb2.PoolingParameter.PoolMethod.DESCRIPTOR
    return {value.number: value.name for value in descriptor.values}


def get_edge_label(layer):
    """The label of the edges out of a layer: the batch size of data layers,
    the output count of convolutions and inner products."""
    if layer.type == 'Data':
        return 'Batch ' + str(layer.data_param.batch_size)
    if layer.type in ('Convolution', 'Deconvolution'):
        return str(layer.convolution_param.num_output)
    if layer.type == 'InnerProduct':
        return str(layer.inner_product_param.num_output)
    return None


def _first(values, default):
    return values[0] if len(values) else default


def get_layer_label(layer, rankdir):
    """The layer's name and type, and the geometry of convolutions and
    poolings; one item per line in a vertical graph."""
    separator = '\\n' if rankdir in ('TB', 'BT') else ' '
    parts = [layer.name, '(%s)' % layer.type]
    if layer.type in ('Convolution', 'Deconvolution'):
        param = layer.convolution_param
        parts += ['kernel size: %d' % _first(param.kernel_size, param.kernel_h),
                  'stride: %d' % _first(param.stride, 1),
                  'pad: %d' % _first(param.pad, 0)]
    elif layer.type == 'Pooling':
        param = layer.pooling_param
        parts += ['pool type: %s' % get_pooling_types_dict()[param.pool],
                  'kernel size: %d' % param.kernel_size,
                  'stride: %d' % param.stride, 'pad: %d' % param.pad]
    return '"%s"' % separator.join(parts)


def choose_color_by_layertype(layertype):
    """Convolutions red, poolings orange, inner products purple, the rest
    blue."""
    if layertype in ('Convolution', 'Deconvolution'):
        return '#FF5050'
    if layertype == 'Pooling':
        return '#FF9900'
    if layertype == 'InnerProduct':
        return '#CC33FF'
    return '#6495ED'


def _in_phase(layer, phase):
    if phase is None:
        return True
    if len(layer.include) and len(layer.exclude):
        raise ValueError('layer %s has both include and exclude specified.'
                         % layer.name)
    if len(layer.include):
        return any(rule.phase == phase for rule in layer.include)
    return not any(rule.phase == phase for rule in layer.exclude)


def get_pydot_graph(caffe_net, rankdir, label_edges=True, phase=None):
    """A pydot.Dot of the net; phase (caffe.TRAIN / caffe.TEST) keeps only
    that phase's layers, None keeps all."""
    import pydot
    graph = pydot.Dot(caffe_net.name or 'Net', graph_type='digraph',
                      rankdir=rankdir)
    nodes = {}
    edges = []
    for layer in caffe_net.layer:
        if not _in_phase(layer, phase):
            continue
        node_name = '%s_%s' % (layer.name, layer.type)
        in_place = (len(layer.bottom) == 1 and len(layer.top) == 1 and
                    layer.bottom[0] == layer.top[0])
        style = dict(NEURON_LAYER_STYLE if in_place else LAYER_STYLE)
        if not in_place:
            style['fillcolor'] = choose_color_by_layertype(layer.type)
        nodes[node_name] = pydot.Node(get_layer_label(layer, rankdir), **style)
        for bottom in layer.bottom:
            nodes.setdefault(bottom + '_blob', pydot.Node(bottom, **BLOB_STYLE))
            edges.append((bottom + '_blob', node_name, None))
        label = get_edge_label(layer) if label_edges else None
        for top in layer.top:
            nodes.setdefault(top + '_blob', pydot.Node(top, **BLOB_STYLE))
            edges.append((node_name, top + '_blob', label))
    for node in nodes.values():
        graph.add_node(node)
    for source, destination, label in edges:
        if label:
            graph.add_edge(pydot.Edge(nodes[source], nodes[destination],
                                      label=label))
        else:
            graph.add_edge(pydot.Edge(nodes[source], nodes[destination]))
    return graph


def draw_net(caffe_net, rankdir, ext='png', phase=None):
    """The drawing's bytes in the format ext (png, svg, pdf, dot, ...)."""
    return get_pydot_graph(caffe_net, rankdir, phase=phase).create(format=ext)


def draw_net_to_file(caffe_net, filename, rankdir='LR', phase=None):
    """Draws the net into filename, in the format its extension names."""
    ext = filename[filename.rfind('.') + 1:]
    with open(filename, 'wb') as out:
        out.write(draw_net(caffe_net, rankdir, ext, phase))
