#!/usr/bin/env python3
"""Predicts data-parallel training time per iteration on N nodes.

Each node computes one replica's forward and backward (the measured compute
time, which stays the same as nodes are added: the batch per node is fixed),
then the gradients, one float per parameter, are summed by a ring
all-reduce, which moves 2 (N - 1) / N times the gradient bytes through each
node's link and takes 2 (N - 1) steps of latency. Crema does not overlap the
all-reduce with the backward pass yet, so the two add up.

    bench/mpi_scaling_model.py                    # this machine's nodes
    bench/mpi_scaling_model.py --node_speedup 20  # nodes 20x faster
"""

import argparse

# Learnable parameters (pycaffe: sum of net.params sizes; ResNet-50 counts
# its BatchNorm statistics, which are averaged too) and the compute time of
# one iteration at the batch per node, from `caffe time` on the 2-core
# development machine (docs/mpi_scaling.md says how each was measured).
NETS = [
    ('LeNet', 431080, 64, 0.0185),
    ('CaffeNet', 60965224, 256, 4.31),
    ('ResNet-50', 25610269, 32, 3.04),
]
NODES = [2, 4, 8, 16, 32, 64]
LINKS_GBIT = [25, 100]
LATENCY_S = 25e-6  # one TCP message between nodes


def allreduce_seconds(gradient_bytes, nodes, gbit):
    bandwidth = gbit * 1e9 / 8
    steps = 2 * (nodes - 1)
    return steps / nodes * gradient_bytes / bandwidth + steps * LATENCY_S


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--node_speedup', type=float, default=1,
                        help='how many times faster than the measuring '
                             'machine each node computes')
    args = parser.parse_args()
    for name, params, batch, measured in NETS:
        compute = measured / args.node_speedup
        gradient_bytes = 4 * params
        print('%s: %.1f MB of gradients per iteration, batch %d per node, '
              'compute %.4g s per iteration\n'
              % (name, gradient_bytes / 1e6, batch, compute))
        header = ['nodes'] + ['%d Gbit/s: s/iter (efficiency)' % g
                              for g in LINKS_GBIT]
        print('| ' + ' | '.join(header) + ' |')
        print('|' + ' --- |' * len(header))
        for nodes in NODES:
            row = [str(nodes)]
            for gbit in LINKS_GBIT:
                total = compute + allreduce_seconds(gradient_bytes, nodes,
                                                    gbit)
                row.append('%.4g (%.0f%%)' % (total, 100 * compute / total))
            print('| ' + ' | '.join(row) + ' |')
        print()


if __name__ == '__main__':
    main()
