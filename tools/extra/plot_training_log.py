#!/usr/bin/env python3
"""Plots `caffe train` logs with matplotlib, as Caffe's script of this name.

    plot_training_log.py CHART_TYPE OUTPUT_IMAGE LOGFILE [LOGFILE ...]

CHART_TYPE is Caffe's number or `curve`:
    0: test accuracy vs. iterations    1: test accuracy vs. seconds
    2: test loss vs. iterations        3: test loss vs. seconds
    4: learning rate vs. iterations    5: learning rate vs. seconds
    6: train loss vs. iterations       7: train loss vs. seconds
    curve: train loss and every test output vs. iterations (two y axes)
The image format follows OUTPUT_IMAGE's extension (.png, .svg, .pdf). One line
per log file; draws without a display. Needs matplotlib (Debian's
python3-matplotlib).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parse_log import parse_log  # noqa: E402

# chart type: (phase, y column, x column)
CHARTS = {
    '0': ('test', 'accuracy', 'NumIters'),
    '1': ('test', 'accuracy', 'Seconds'),
    '2': ('test', 'loss', 'NumIters'),
    '3': ('test', 'loss', 'Seconds'),
    '4': ('train', 'LearningRate', 'NumIters'),
    '5': ('train', 'LearningRate', 'Seconds'),
    '6': ('train', 'loss', 'NumIters'),
    '7': ('train', 'loss', 'Seconds'),
}
AXIS_LABELS = {'NumIters': 'iterations', 'Seconds': 'seconds',
               'LearningRate': 'learning rate'}
OUTPUT_COLUMNS = {'NumIters', 'Seconds', 'LearningRate'}


def _series(rows, x, y):
    points = [(row[x], row[y]) for row in rows
              if y in row and row[y] != '' and row[x] is not None]
    return [p[0] for p in points], [p[1] for p in points]


def _plot_chart(axis, logs, chart_type):
    phase, y, x = CHARTS[chart_type]
    drawn = 0
    for name, (train_rows, test_rows) in logs:
        xs, ys = _series(train_rows if phase == 'train' else test_rows, x, y)
        if xs:
            axis.plot(xs, ys, marker='.', linewidth=1, label=name)
            drawn += 1
    axis.set_xlabel(AXIS_LABELS[x])
    axis.set_ylabel('%s %s' % (phase, AXIS_LABELS.get(y, y)))
    return drawn


def _plot_curve(axis, logs):
    lines = []
    test_axis = None
    for name, (train_rows, test_rows) in logs:
        prefix = name + ': ' if len(logs) > 1 else ''
        xs, ys = _series(train_rows, 'NumIters', 'loss')
        if xs:
            lines += axis.plot(xs, ys, linewidth=1, label=prefix + 'train loss')
        test_columns = sorted({key for row in test_rows for key in row} -
                              OUTPUT_COLUMNS)
        for column in test_columns:
            if test_axis is None:
                test_axis = axis.twinx()
                test_axis.set_ylabel('test outputs')
            xs, ys = _series(test_rows, 'NumIters', column)
            lines += test_axis.plot(xs, ys, marker='o', markersize=3,
                                    color='C%d' % (len(lines) % 10),
                                    label=prefix + 'test ' + column)
    axis.set_xlabel('iterations')
    axis.set_ylabel('train loss')
    if lines:
        axis.legend(lines, [line.get_label() for line in lines],
                    loc='center right')
    return len(lines)


def plot(chart_type, output_path, log_paths, title=None):
    """Draws the chart; returns the number of lines drawn (0: nothing)."""
    import matplotlib
    matplotlib.use('Agg')  # no display needed: the chart goes to a file
    import matplotlib.pyplot as plt
    logs = [(os.path.basename(path), parse_log(path)) for path in log_paths]
    figure, axis = plt.subplots(figsize=(8, 5))
    if chart_type == 'curve':
        drawn = _plot_curve(axis, logs)
    else:
        drawn = _plot_chart(axis, logs, chart_type)
        if drawn:
            axis.legend(loc='best')
    axis.set_title(title or ', '.join(name for name, _ in logs))
    axis.grid(alpha=0.3)
    figure.tight_layout()
    if drawn:
        figure.savefig(output_path, dpi=100)
    plt.close(figure)
    return drawn


def main(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__[__doc__.index('CHART_TYPE is'):])
    parser.add_argument('chart_type', choices=sorted(CHARTS) + ['curve'])
    parser.add_argument('output_image')
    parser.add_argument('logfiles', nargs='+')
    parser.add_argument('--title', default=None)
    args = parser.parse_args(argv)
    for path in args.logfiles:
        if not os.path.isfile(path):
            print('plot_training_log: no such log file: %s' % path,
                  file=sys.stderr)
            return 1
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print('plot_training_log: needs matplotlib (Debian package '
              'python3-matplotlib)', file=sys.stderr)
        return 1
    if not plot(args.chart_type, args.output_image, args.logfiles, args.title):
        print('plot_training_log: nothing to plot for chart %s in %s'
              % (args.chart_type, ', '.join(args.logfiles)), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
