"""What classify.py and detect.py share: their model and preprocessing
options, read the way Caffe's scripts read them."""

import os

import numpy as np


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def add_common_arguments(parser, model_folder):
    """INPUT, OUTPUT, the model (by default models/<model_folder>'s deploy
    net and weights), --gpu and the preprocessing options, with Caffe's
    names and defaults."""
    parser.add_argument('input_file')
    parser.add_argument('output_file')
    model = os.path.join(REPO, 'models', model_folder)
    parser.add_argument('--model_def',
                        default=os.path.join(model, 'deploy.prototxt'))
    parser.add_argument('--pretrained_model', default=os.path.join(
        model, model_folder + '.caffemodel'))
    parser.add_argument('--gpu', action='store_true')
    parser.add_argument('--mean_file', default=os.path.join(
        HERE, 'caffe/imagenet/ilsvrc_2012_mean.npy'),
        help='.npy mean (K x H x W) to subtract; "" for none')
    parser.add_argument('--input_scale', type=float)
    parser.add_argument('--raw_scale', type=float, default=255.0)
    parser.add_argument('--channel_swap', default='2,1,0',
                        help='the order of the input\'s channels from RGB')


def load_mean(path, script):
    """The .npy mean at path, or None for "" (no mean); a missing file ends
    the script with a line naming it."""
    if not path:
        return None
    if not os.path.isfile(path):
        raise SystemExit('%s: no mean file %s (pass --mean_file with a .npy '
                         'mean, or "" for none)' % (script, path))
    return np.load(path)


def parse_channel_swap(text):
    """"2,1,0" -> [2, 1, 0]; "" -> None (keep the channel order)."""
    return [int(s) for s in text.split(',')] if text else None
