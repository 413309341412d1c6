#!/usr/bin/env python3
"""LeNet on Fashion-MNIST, defined with NetSpec and trained from Python:
writes the train and test nets and a solver (the hyper-parameters of
examples/fashion_mnist/lenet_solver.prototxt), trains with
caffe.get_solver(...).solve(), and checks that `caffe train` on the same
files reaches the same test accuracy.

    PYTHONPATH=python python3 examples/pycaffe/lenet_netspec.py [--iterations 10000]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import caffe
from caffe import layers as L, params as P
from fashion_mnist_data import BUILD, ensure_lmdbs


def lenet(lmdb, batch_size):
    """Caffe's LeNet, as its examples/mnist generator writes it."""
    n = caffe.NetSpec()
    n.data, n.label = L.Data(batch_size=batch_size, backend=P.Data.LMDB,
                             source=lmdb, transform_param=dict(scale=1. / 256),
                             ntop=2)
    learned = [dict(lr_mult=1), dict(lr_mult=2)]
    n.conv1 = L.Convolution(n.data, kernel_size=5, num_output=20, param=learned,
                            weight_filler=dict(type='xavier'),
                            bias_filler=dict(type='constant'))
    n.pool1 = L.Pooling(n.conv1, kernel_size=2, stride=2, pool=P.Pooling.MAX)
    n.conv2 = L.Convolution(n.pool1, kernel_size=5, num_output=50,
                            param=learned, weight_filler=dict(type='xavier'),
                            bias_filler=dict(type='constant'))
    n.pool2 = L.Pooling(n.conv2, kernel_size=2, stride=2, pool=P.Pooling.MAX)
    n.ip1 = L.InnerProduct(n.pool2, num_output=500, param=learned,
                           weight_filler=dict(type='xavier'),
                           bias_filler=dict(type='constant'))
    n.relu1 = L.ReLU(n.ip1, in_place=True)
    n.ip2 = L.InnerProduct(n.relu1, num_output=10, param=learned,
                           weight_filler=dict(type='xavier'),
                           bias_filler=dict(type='constant'))
    n.accuracy = L.Accuracy(n.ip2, n.label)
    n.loss = L.SoftmaxWithLoss(n.ip2, n.label)
    return n.to_proto()


def write_files(directory, iterations, train_lmdb, test_lmdb):
    train_net = os.path.join(directory, 'lenet_train.prototxt')
    test_net = os.path.join(directory, 'lenet_test.prototxt')
    with open(train_net, 'w') as f:
        f.write(str(lenet(train_lmdb, 64)))
    with open(test_net, 'w') as f:
        f.write(str(lenet(test_lmdb, 100)))
    solver = os.path.join(directory, 'lenet_solver.prototxt')
    with open(solver, 'w') as f:
        f.write('train_net: "%s"\ntest_net: "%s"\ntest_iter: 100\n'
                'test_interval: %d\nbase_lr: 0.01\nmomentum: 0.9\n'
                'weight_decay: 0.0005\nlr_policy: "inv"\ngamma: 0.0001\n'
                'power: 0.75\ndisplay: 100\nmax_iter: %d\nsnapshot: 0\n'
                'snapshot_prefix: "%s"\nrandom_seed: 1701\n'
                % (train_net, test_net, iterations, iterations,
                   os.path.join(directory, 'lenet')))
    return solver


def test_accuracy(net, batches):
    total = 0.0
    for _ in range(batches):
        total += float(net.forward()['accuracy'])
    return total / batches


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--iterations', type=int, default=10000)
    parser.add_argument('--output', default=None)
    args = parser.parse_args(argv)
    train_lmdb, test_lmdb = ensure_lmdbs()
    directory = args.output or tempfile.mkdtemp(prefix='lenet_netspec_')
    solver_file = write_files(directory, args.iterations, train_lmdb, test_lmdb)
    caffe.set_mode_cpu()

    solver = caffe.get_solver(solver_file)
    solver.solve()
    python_accuracy = test_accuracy(solver.test_nets[0], 100)
    print('trained from Python: %d iterations, test accuracy %.4f'
          % (solver.iter, python_accuracy))

    result = subprocess.run([os.path.join(BUILD, 'tools', 'caffe'), 'train',
                             '--solver=' + solver_file],
                            capture_output=True, text=True, check=True,
                            env=dict(os.environ, GLOG_minloglevel='0'))
    accuracies = re.findall(r'Test net output #\d+: accuracy = ([0-9.]+)',
                            result.stderr)
    tool_accuracy = float(accuracies[-1])
    print('caffe train on the same files:        test accuracy %.4f'
          % tool_accuracy)
    return 0 if abs(python_accuracy - tool_accuracy) < 1e-4 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
