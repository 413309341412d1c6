"""pycaffe: Caffe's Python interface, on Crema.

The names are Caffe's: caffe.Net, caffe.SGDSolver and the other solvers,
caffe.get_solver, caffe.Layer (the base of Python layers), caffe.io,
caffe.NetSpec / caffe.layers / caffe.params / caffe.to_proto, caffe.Classifier,
caffe.Detector, caffe.TRAIN and caffe.TEST. Errors in Caffe's inputs raise
caffe.Error, a RuntimeError carrying the file, line, layer and blob at fault.
"""

import os as _os

# Idle OpenMP threads sleep rather than spin, as in the caffe tool: GNU
# OpenMP reads this once, when the native module loads it below.
if 'OMP_WAIT_POLICY' not in _os.environ and \
        'GOMP_SPINCOUNT' not in _os.environ:
    _os.environ['OMP_WAIT_POLICY'] = 'passive'

from .pycaffe import (Net, Solver, SGDSolver, NesterovSolver,  # noqa: E402
                      AdaGradSolver, RMSPropSolver, AdaDeltaSolver, AdamSolver)
from ._caffe import (Error, OutOfMemoryError, DeviceError,  # noqa: E402
                     Blob, Layer, get_solver, init_log, log, set_mode_cpu,
                     set_mode_gpu, set_device, set_random_seed,
                     layer_type_list, has_nccl, solver_count,
                     set_solver_count, solver_rank, set_solver_rank,
                     set_multiprocess, NCCL, Timer)
from .proto.caffe_pb2 import TRAIN, TEST  # noqa: E402
from .classifier import Classifier  # noqa: E402
from .detector import Detector  # noqa: E402
from . import io  # noqa: E402
from .net_spec import layers, params, NetSpec, to_proto  # noqa: E402

__version__ = '1.0.0'
