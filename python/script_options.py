"""What classify.py and detect.py share: their preprocessing options, read
the way Caffe's scripts read them."""

import os

import numpy as np


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
