#!/usr/bin/env python3
"""Draws a net definition (prototxt) into an image with graphviz.

    draw_net.py NET.prototxt OUTPUT.png [--rankdir LR] [--phase ALL]
"""

import argparse
import sys

from google.protobuf import text_format

import caffe
import caffe.draw
from caffe.proto import caffe_pb2


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('input_net_proto_file')
    parser.add_argument('output_image_file')
    parser.add_argument('--rankdir', default='LR',
                        help='graph direction: LR, TB, BT or RL')
    parser.add_argument('--phase', default='ALL',
                        help='the layers of TRAIN, TEST or ALL phases')
    args = parser.parse_args(argv)
    net = caffe_pb2.NetParameter()
    try:
        with open(args.input_net_proto_file) as prototxt:
            text_format.Merge(prototxt.read(), net)
    except (OSError, text_format.ParseError) as error:
        sys.exit('draw_net.py: %s: %s' % (args.input_net_proto_file, error))
    phases = {'TRAIN': caffe.TRAIN, 'TEST': caffe.TEST, 'ALL': None}
    if args.phase not in phases:
        sys.exit('draw_net.py: --phase must be TRAIN, TEST or ALL')
    print('Drawing net to %s' % args.output_image_file)
    caffe.draw.draw_net_to_file(net, args.output_image_file, args.rankdir,
                                phases[args.phase])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
