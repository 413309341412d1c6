#!/usr/bin/env python3
"""Scores windows of images with caffe.Detector (R-CNN style).

    detect.py INPUT OUTPUT [--crop_mode list|selective_search] ...

INPUT: with --crop_mode list (the default), a CSV with the header
filename,ymin,xmin,ymax,xmax and one window per line; with selective_search,
a text file of image names. OUTPUT: .csv (one line per window: the window
and its scores) or .h5 (a pandas DataFrame, where pandas is installed).
"""

import argparse
import csv
import sys
import time
from collections import OrderedDict

import numpy as np

import caffe
from script_options import add_common_arguments, load_mean, parse_channel_swap

COORDINATES = ['ymin', 'xmin', 'ymax', 'xmax']


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_common_arguments(parser, 'bvlc_reference_rcnn_ilsvrc13')
    parser.add_argument('--crop_mode', default='list',
                        choices=['list', 'selective_search'])
    parser.add_argument('--context_pad', type=int, default=16)
    return parser.parse_args(argv)


def read_windows(path):
    """[(filename, array of windows)], in the order of the file."""
    windows = OrderedDict()
    with open(path, newline='') as table:
        for row in csv.DictReader(table):
            box = [float(row[name]) for name in COORDINATES]
            windows.setdefault(row['filename'], []).append(box)
    return [(name, np.array(boxes)) for name, boxes in windows.items()]


def write_detections(detections, path):
    if path.endswith('.h5'):
        import pandas as pd
        frame = pd.DataFrame(
            [dict(zip(COORDINATES, d['window']), filename=d['filename'],
                  **{'class%d' % i: s for i, s in enumerate(d['prediction'])})
             for d in detections])
        frame.to_hdf(path, key='df', mode='w')
        return
    with open(path, 'w', newline='') as out:
        writer = csv.writer(out)
        classes = len(detections[0]['prediction']) if detections else 0
        writer.writerow(['filename'] + COORDINATES +
                        ['class%d' % i for i in range(classes)])
        for d in detections:
            writer.writerow([d['filename']] + list(d['window']) +
                            list(d['prediction']))


def main(argv):
    args = parse_args(argv)
    mean = load_mean(args.mean_file, 'detect.py')
    channel_swap = parse_channel_swap(args.channel_swap)
    caffe.set_mode_gpu() if args.gpu else caffe.set_mode_cpu()
    detector = caffe.Detector(args.model_def, args.pretrained_model, mean=mean,
                              input_scale=args.input_scale,
                              raw_scale=args.raw_scale,
                              channel_swap=channel_swap,
                              context_pad=args.context_pad)
    start = time.time()
    if args.crop_mode == 'list':
        detections = detector.detect_windows(read_windows(args.input_file))
    else:
        with open(args.input_file) as names:
            images = [line.strip() for line in names if line.strip()]
        detections = detector.detect_selective_search(images)
    print('Processed %d windows in %.3f s.' % (len(detections),
                                               time.time() - start))
    write_detections(detections, args.output_file)
    print('Saved to %s.' % args.output_file)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except caffe.Error as error:
        sys.exit('detect.py: %s' % error)
