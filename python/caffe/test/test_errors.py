"""Bad input raises a Python exception naming what was wrong; nothing
aborts the interpreter."""

import numpy as np
import pytest

import caffe


def test_caffe_error_is_a_runtime_error_with_fields(tmp_path):
    path = tmp_path / 'bad.prototxt'
    path.write_text('layer { name: "x" type: "Input" top: "a"\n'
                    '  input_param { shape { dim: 1 } } }\n'
                    'layer { name: "ip" type: "InnerProduct" bottom: "nope" '
                    'top: "b" }\n')
    with pytest.raises(caffe.Error) as raised:
        caffe.Net(str(path), caffe.TEST)
    assert isinstance(raised.value, RuntimeError)
    assert raised.value.layer == 'ip'
    assert 'nope' in str(raised.value)


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / 'syntax.prototxt'
    path.write_text('layer {\n  name: "x"\n  tpye: "Input"\n}\n')
    with pytest.raises(caffe.Error) as raised:
        caffe.Net(str(path), caffe.TEST)
    assert raised.value.file.endswith('syntax.prototxt')
    assert raised.value.line == 3


def test_unknown_layer_type(tmp_path):
    path = tmp_path / 'unknown.prototxt'
    path.write_text('layer { name: "x" type: "NoSuchType" top: "a" }\n')
    with pytest.raises(caffe.Error, match='NoSuchType'):
        caffe.Net(str(path), caffe.TEST)


def test_missing_files_are_io_errors(tmp_path, simple_net_file):
    with pytest.raises(FileNotFoundError, match='missing.prototxt'):
        caffe.Net(str(tmp_path / 'missing.prototxt'), caffe.TEST)
    with pytest.raises(IOError, match='missing.caffemodel'):
        caffe.Net(simple_net_file, caffe.TEST,
                  weights=str(tmp_path / 'missing.caffemodel'))
    with pytest.raises(IOError):
        caffe.SGDSolver(str(tmp_path / 'missing_solver.prototxt'))
    with pytest.raises(IOError):
        caffe.get_solver(str(tmp_path / 'missing_solver.prototxt'))


def test_bad_phase_and_arguments(simple_net_file, simple_net):
    with pytest.raises(ValueError, match='phase'):
        caffe.Net(simple_net_file, 7)
    with pytest.raises(TypeError):
        caffe.Net(simple_net_file)
    with pytest.raises(KeyError):
        simple_net.blobs['no_such_blob']
    with pytest.raises(IndexError):
        simple_net._top_ids(99)
    with pytest.raises(ValueError):
        simple_net.blobs['data'].reshape(-1, 3)


def test_corrupt_weights(tmp_path, simple_net_file):
    weights = tmp_path / 'corrupt.caffemodel'
    weights.write_bytes(b'\xff\x00garbage' * 10)
    with pytest.raises(caffe.Error):
        caffe.Net(simple_net_file, caffe.TEST, weights=str(weights))


def test_layer_type_list():
    types = caffe.layer_type_list()
    assert 'Convolution' in types and 'Python' in types


def test_globals():
    caffe.set_random_seed(3)
    caffe.set_solver_count(2)
    assert caffe.solver_count() == 2
    caffe.set_solver_count(1)
    caffe.set_solver_rank(0)
    assert caffe.solver_rank() == 0
    assert caffe.has_nccl() in (True, False)
    caffe.set_multiprocess(False)
    caffe.init_log(2)
    caffe.log('from python')
    assert caffe.TRAIN == 0 and caffe.TEST == 1


def test_timer_and_nccl():
    timer = caffe.Timer()
    timer.start()
    timer.stop()
    assert timer.ms >= 0
    if not caffe.has_nccl():
        with pytest.raises(caffe.Error, match='NCCL'):
            caffe.NCCL(None, b'')
