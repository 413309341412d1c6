"""python/classify.py and python/detect.py on a small colour net with
random weights: they run, and give what caffe.Classifier and
caffe.Detector give."""

import csv
import os
import subprocess
import sys

import numpy as np
import pytest

import caffe

from conftest import REPO

SCRIPTS = os.path.join(REPO, 'python')
CAT = os.path.join(REPO, '..', 'shared', 'images', 'cat.jpg')

COLOUR_NET = """
name: "tiny"
input: "data" input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
  convolution_param { num_output: 4 kernel_size: 5 stride: 3
    weight_filler { type: "gaussian" std: 0.05 } } }
layer { name: "ip" type: "InnerProduct" bottom: "conv" top: "ip"
  inner_product_param { num_output: 5 weight_filler { type: "xavier" } } }
layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
"""


@pytest.fixture
def colour_model(tmp_path):
    if not os.path.exists(CAT):
        pytest.skip('no test image at %s' % CAT)
    deploy = tmp_path / 'deploy.prototxt'
    deploy.write_text(COLOUR_NET)
    weights = str(tmp_path / 'tiny.caffemodel')
    caffe.Net(str(deploy), caffe.TEST).save(weights)
    return str(deploy), weights


def run(script, *args):
    result = subprocess.run([sys.executable, os.path.join(SCRIPTS, script)] +
                            list(args), capture_output=True, text=True,
                            env=dict(os.environ, GLOG_minloglevel='2'))
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_classify_matches_classifier(colour_model, tmp_path):
    deploy, weights = colour_model
    out = str(tmp_path / 'scores.npy')
    run('classify.py', CAT, out, '--model_def', deploy, '--pretrained_model',
        weights, '--mean_file', '', '--images_dim', '40,40')
    scores = np.load(out)
    classifier = caffe.Classifier(deploy, weights, image_dims=(40, 40),
                                  raw_scale=255.0, channel_swap=(2, 1, 0))
    expected = classifier.predict([caffe.io.load_image(CAT)])
    np.testing.assert_allclose(scores, expected, rtol=1e-5, atol=1e-7)
    assert scores.shape == (1, 5)


def test_classify_names_a_missing_mean_file(colour_model, tmp_path):
    deploy, weights = colour_model
    result = subprocess.run(
        [sys.executable, os.path.join(SCRIPTS, 'classify.py'), CAT,
         str(tmp_path / 'o.npy'), '--model_def', deploy,
         '--pretrained_model', weights, '--mean_file', '/nonexistent.npy'],
        capture_output=True, text=True)
    assert result.returncode != 0
    assert '/nonexistent.npy' in result.stderr


def test_detect_scores_each_window(colour_model, tmp_path):
    deploy, weights = colour_model
    windows = tmp_path / 'windows.csv'
    windows.write_text('filename,ymin,xmin,ymax,xmax\n'
                       '%s,0,0,100,100\n%s,50,60,200,300\n' % (CAT, CAT))
    out = tmp_path / 'detections.csv'
    run('detect.py', str(windows), str(out), '--model_def', deploy,
        '--pretrained_model', weights, '--mean_file', '', '--context_pad', '4')
    with open(str(out)) as table:
        rows = list(csv.reader(table))
    assert rows[0][:5] == ['filename', 'ymin', 'xmin', 'ymax', 'xmax']
    assert len(rows) == 3 and len(rows[1]) == 5 + 5
    for row in rows[1:]:
        assert abs(sum(float(x) for x in row[5:]) - 1) < 1e-5
