#!/usr/bin/env python3
"""Turns a `caffe train` log into two tables: training and testing progress.

    parse_log.py [--delimiter ,] [--verbose] LOGFILE OUTPUT_DIR

writes OUTPUT_DIR/<log name>.train and OUTPUT_DIR/<log name>.test, one row per
iteration that printed outputs, with the columns NumIters, Seconds (since the
first timestamped line), LearningRate and one column per net output (loss,
accuracy, ...), as Caffe's tools/extra/parse_log.py does. Other scripts can
`from parse_log import parse_log` and get the rows as lists of dicts.
"""

import argparse
import csv
import datetime
import os
import re
import sys

# glog's prefix: severity, MMDD, time, thread id, file:line]
_GLOG_TIME = re.compile(r'^[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d+)')
_ITERATION = re.compile(r'Iteration (\d+)')
_TESTING = re.compile(r'Iteration (\d+), Testing net')
_LEARNING_RATE = re.compile(r'Iteration \d+, lr = ([-+.\deEinfa]+)')
_OUTPUT = re.compile(
    r'(Train|Test) net output #\d+: (\S+) = ([-+.\deEinfa]+)')


class _Clock:
    """Seconds since the first timestamp. glog omits the year: every date is
    read in a leap year's calendar (so that 29 February parses), and a date
    earlier than the one before means the log ran past New Year's Eve."""

    def __init__(self):
        self._start = None
        self._last = None
        self._wrapped = datetime.timedelta()

    def seconds(self, line):
        match = _GLOG_TIME.match(line)
        if not match:
            return None
        month, day, hour, minute, second, fraction = match.groups()
        stamp = datetime.datetime(
            2000, int(month), int(day), int(hour), int(minute), int(second),
            int(fraction.ljust(6, '0')[:6])) + self._wrapped
        if self._last is not None and stamp < self._last:
            self._wrapped += datetime.timedelta(days=366)
            stamp += datetime.timedelta(days=366)
        self._last = stamp
        if self._start is None:
            self._start = stamp
        return (stamp - self._start).total_seconds()


def _row_for(rows, iteration, seconds, learning_rate):
    """The row of this iteration, created on the first output it prints."""
    if not rows or rows[-1]['NumIters'] != iteration:
        rows.append({'NumIters': iteration, 'Seconds': seconds,
                     'LearningRate': learning_rate})
    return rows[-1]


def parse_log(path_to_log):
    """Returns (train_rows, test_rows): lists of dicts keyed by column."""
    train_rows, test_rows = [], []
    clock = _Clock()
    iteration = -1
    learning_rate = float('nan')
    seconds = 0.0
    with open(path_to_log, errors='replace') as log:
        for line in log:
            now = clock.seconds(line)
            if now is not None:
                seconds = now
            testing = _TESTING.search(line)
            if testing:
                iteration = int(testing.group(1))
                continue
            rate = _LEARNING_RATE.search(line)
            if rate:
                learning_rate = float(rate.group(1))
                # A training row's outputs come before its "lr =" line.
                if train_rows and train_rows[-1]['NumIters'] == iteration:
                    train_rows[-1]['LearningRate'] = learning_rate
                continue
            output = _OUTPUT.search(line)
            if output:
                phase, name, value = output.groups()
                rows = train_rows if phase == 'Train' else test_rows
                row = _row_for(rows, iteration, seconds, learning_rate)
                row[name] = float(value)
                continue
            started = _ITERATION.search(line)
            if started and 'loss = ' in line:
                iteration = int(started.group(1))
    return train_rows, test_rows


def _columns(rows):
    columns = ['NumIters', 'Seconds', 'LearningRate']
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    return columns


def write_table(rows, path, delimiter=','):
    columns = _columns(rows)
    with open(path, 'w', newline='') as out:
        writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter,
                                restval='')
        writer.writeheader()
        writer.writerows(rows)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('logfile_path')
    parser.add_argument('output_dir')
    parser.add_argument('--delimiter', default=',',
                        help='column separator of the tables (default ,)')
    parser.add_argument('--verbose', action='store_true',
                        help='say where the tables were written')
    args = parser.parse_args(argv)
    train_rows, test_rows = parse_log(args.logfile_path)
    name = os.path.basename(args.logfile_path)
    for rows, suffix in ((train_rows, '.train'), (test_rows, '.test')):
        path = os.path.join(args.output_dir, name + suffix)
        write_table(rows, path, args.delimiter)
        if args.verbose:
            print('wrote %d rows to %s' % (len(rows), path))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
