#!/usr/bin/env python3
"""Draws the training curve of a `caffe train` log into an image.

    plot_training_curve.py LOGFILE OUTPUT.png [--title TITLE]

Training loss against iteration on the left axis; every test output (accuracy,
loss, ...) against iteration on the right one. Needs matplotlib (Debian's
python3-matplotlib); draws without a display.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parse_log import parse_log  # noqa: E402


def _series(rows, column):
    points = [(row['NumIters'], row[column]) for row in rows if column in row]
    return [p[0] for p in points], [p[1] for p in points]


def plot(train_rows, test_rows, output_path, title):
    import matplotlib
    matplotlib.use('Agg')  # no display needed: the curve goes to a file
    import matplotlib.pyplot as plt
    figure, loss_axis = plt.subplots(figsize=(8, 5))
    loss_axis.set_xlabel('iteration')
    loss_axis.set_ylabel('training loss')
    lines = []
    if train_rows and 'loss' in train_rows[0]:
        lines += loss_axis.plot(*_series(train_rows, 'loss'), color='tab:blue',
                                linewidth=1, label='train loss')
    test_columns = sorted({key for row in test_rows for key in row} -
                          {'NumIters', 'Seconds', 'LearningRate'})
    if test_columns:
        test_axis = loss_axis.twinx()
        test_axis.set_ylabel('test outputs')
        colors = ['tab:orange', 'tab:green', 'tab:red', 'tab:purple']
        for index, column in enumerate(test_columns):
            lines += test_axis.plot(*_series(test_rows, column), marker='o',
                                    markersize=3, color=colors[index % 4],
                                    label='test ' + column)
    if lines:
        loss_axis.legend(lines, [line.get_label() for line in lines],
                         loc='center right')
    loss_axis.set_title(title)
    loss_axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(output_path, dpi=100)
    plt.close(figure)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('logfile_path')
    parser.add_argument('output_path')
    parser.add_argument('--title', default=None)
    args = parser.parse_args(argv)
    train_rows, test_rows = parse_log(args.logfile_path)
    if not train_rows and not test_rows:
        print('plot_training_curve: no training or test outputs in %s'
              % args.logfile_path, file=sys.stderr)
        return 1
    title = args.title or os.path.basename(args.logfile_path)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print('plot_training_curve: needs matplotlib (Debian package '
              'python3-matplotlib)', file=sys.stderr)
        return 1
    plot(train_rows, test_rows, args.output_path, title)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
