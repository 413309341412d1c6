#!/usr/bin/env python3
"""Classifies images with caffe.Classifier and saves the scores (.npy).

    classify.py INPUT OUTPUT.npy [--model_def ...] [--pretrained_model ...]

INPUT is an image, a folder of images (--ext) or a .npy array of images
(N x H x W x K); the options are Caffe's classify.py's.
"""

import argparse
import glob
import os
import sys
import time

import numpy as np

import caffe
from script_options import add_common_arguments, load_mean, parse_channel_swap


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    add_common_arguments(parser, 'bvlc_reference_caffenet')
    parser.add_argument('--center_only', action='store_true',
                        help='the centre crop only, not ten crops')
    parser.add_argument('--images_dim', default='256,256',
                        help='height,width images are resized to')
    parser.add_argument('--ext', default='jpg',
                        help='the extension of the images in a folder INPUT')
    return parser.parse_args(argv)


def load_inputs(input_file, ext):
    path = os.path.expanduser(input_file)
    if path.endswith('.npy'):
        return np.load(path)
    if os.path.isdir(path):
        names = sorted(glob.glob(os.path.join(path, '*.' + ext)))
        if not names:
            raise SystemExit('classify.py: no *.%s images in %s' % (ext, path))
        return [caffe.io.load_image(name) for name in names]
    if not os.path.isfile(path):
        raise SystemExit('classify.py: no such file: %s' % path)
    return [caffe.io.load_image(path)]


def main(argv):
    args = parse_args(argv)
    image_dims = [int(s) for s in args.images_dim.split(',')]
    mean = load_mean(args.mean_file, 'classify.py')
    if mean is not None and mean.ndim == 3:
        # Per channel, as Caffe's script does: a full mean image (3 x 256 x
        # 256 for ImageNet) does not match the cropped input.
        mean = mean.mean(1).mean(1)
    channel_swap = parse_channel_swap(args.channel_swap)
    if args.gpu:
        caffe.set_mode_gpu()
    else:
        caffe.set_mode_cpu()
    classifier = caffe.Classifier(args.model_def, args.pretrained_model,
                                  image_dims=image_dims, mean=mean,
                                  input_scale=args.input_scale,
                                  raw_scale=args.raw_scale,
                                  channel_swap=channel_swap)
    inputs = load_inputs(args.input_file, args.ext)
    print('Classifying %d inputs.' % len(inputs))
    start = time.time()
    predictions = classifier.predict(inputs, not args.center_only)
    print('Done in %.2f s.' % (time.time() - start))
    np.save(args.output_file, predictions)
    print('Saved to %s.' % args.output_file)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except caffe.Error as error:
        sys.exit('classify.py: %s' % error)
