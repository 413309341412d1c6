#!/usr/bin/env python3
"""`caffe train` (the command line) fed by a Python data layer
(fashion_mnist_layer.py) instead of the LMDB: trains LeNet both ways with
the same solver settings, from the same initial weights, and checks they
reach the same test accuracy. (Starting both from one weights file matters:
the Data layer's prefetch thread takes its seed from Caffe's random stream,
so with fillers alone the two nets would start from different weights.)

    PYTHONPATH=python python3 examples/pycaffe/python_data_layer.py [--iterations 10000]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

from google.protobuf import text_format

from caffe.proto import caffe_pb2
from fashion_mnist_data import BUILD, REPO, ensure_lmdbs

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN_TEST = os.path.join(REPO, 'examples', 'fashion_mnist',
                          'lenet_train_test.prototxt')


def python_fed(net):
    """The LMDB net with its Data layers replaced by the Python layer."""
    for layer in net.layer:
        if layer.type != 'Data':
            continue
        split = 'train' if layer.include[0].phase == caffe_pb2.TRAIN else 'test'
        batch_size = layer.data_param.batch_size
        layer.type = 'Python'
        layer.ClearField('data_param')
        layer.ClearField('transform_param')
        layer.python_param.module = 'fashion_mnist_layer'
        layer.python_param.layer = 'FashionMNISTLayer'
        layer.python_param.param_str = repr({'split': split,
                                             'batch_size': batch_size})
    return net


def write_net(directory, name, net):
    net_file = os.path.join(directory, name + '.prototxt')
    with open(net_file, 'w') as f:
        f.write(str(net))
    return net_file


def initial_weights(directory, net_file):
    """The fillers' weights of the net, saved once for both runs."""
    import caffe
    caffe.set_mode_cpu()
    caffe.set_random_seed(1701)
    path = os.path.join(directory, 'initial.caffemodel')
    caffe.Net(net_file, caffe.TRAIN).save(path)
    return path


def train(directory, name, net_file, weights, iterations):
    solver_file = os.path.join(directory, name + '_solver.prototxt')
    with open(solver_file, 'w') as f:
        f.write('net: "%s"\ntest_iter: 100\ntest_interval: %d\n'
                'base_lr: 0.01\nmomentum: 0.9\nweight_decay: 0.0005\n'
                'lr_policy: "inv"\ngamma: 0.0001\npower: 0.75\ndisplay: 100\n'
                'max_iter: %d\nsnapshot: 0\nsnapshot_prefix: "%s"\n'
                'random_seed: 1701\n'
                % (net_file, iterations, iterations,
                   os.path.join(directory, name)))
    env = dict(os.environ, GLOG_minloglevel='0')
    env['PYTHONPATH'] = os.pathsep.join(
        [HERE] + [p for p in [env.get('PYTHONPATH')] if p])
    result = subprocess.run([os.path.join(BUILD, 'tools', 'caffe'), 'train',
                             '--solver=' + solver_file, '--weights=' + weights],
                            cwd=REPO, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit('caffe train (%s) failed: %s'
                 % (name, result.stderr.strip().splitlines()[-1]))
    return float(re.findall(r'Test net output #\d+: accuracy = ([0-9.]+)',
                            result.stderr)[-1])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--iterations', type=int, default=10000)
    args = parser.parse_args(argv)
    train_lmdb, test_lmdb = ensure_lmdbs()
    directory = tempfile.mkdtemp(prefix='python_data_layer_')
    lmdb_net = text_format.Parse(open(TRAIN_TEST).read(),
                                 caffe_pb2.NetParameter())
    for layer in lmdb_net.layer:
        if layer.type == 'Data':
            train_phase = layer.include[0].phase == caffe_pb2.TRAIN
            layer.data_param.source = train_lmdb if train_phase else test_lmdb
    lmdb_file = write_net(directory, 'lmdb', lmdb_net)
    weights = initial_weights(directory, lmdb_file)
    lmdb_accuracy = train(directory, 'lmdb', lmdb_file, weights,
                          args.iterations)
    python_file = write_net(directory, 'python', python_fed(lmdb_net))
    python_accuracy = train(directory, 'python', python_file, weights,
                            args.iterations)
    print('LMDB Data layer:   test accuracy %.4f after %d iterations'
          % (lmdb_accuracy, args.iterations))
    print('Python data layer: test accuracy %.4f after %d iterations'
          % (python_accuracy, args.iterations))
    return 0 if abs(lmdb_accuracy - python_accuracy) < 1e-4 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
