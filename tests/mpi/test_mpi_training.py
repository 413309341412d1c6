"""mpirun -np 2 caffe train: data-parallel training over MPI.

Open MPI is held to the loopback interface. Each test trains LeNet on the
first 640 Fashion-MNIST training images (Debian's dataset-fashion-mnist),
converted to LMDB by convert_mnist_data.
"""

import os
import gzip
import re
import signal
import struct
import subprocess
import tempfile
import time
import unittest

BUILD = os.environ['CAFFE_BUILD_DIR']
CAFFE = os.path.join(BUILD, 'tools', 'caffe')
CONVERT = os.path.join(BUILD, 'tools', 'convert_mnist_data')
MPIRUN = os.environ.get('MPIEXEC', 'mpirun')
MPIRUN_FLAGS = ['--allow-run-as-root', '--oversubscribe',
                '--mca', 'btl', 'self,vader,tcp',
                '--mca', 'btl_tcp_if_include', 'lo',
                '--mca', 'oob_tcp_if_include', 'lo']
# One thread per process: the two ranks share this machine's cores.
ENV = dict(os.environ, OMP_NUM_THREADS='1')
FASHION_MNIST = os.environ.get('FASHION_MNIST_DIR',
                               '/usr/share/datasets/fashion-mnist')

NET = """
name: "LeNet"
layer {{ name: "mnist" type: "Data" top: "data" top: "label"
  include {{ phase: TRAIN }}
  transform_param {{ scale: 0.00390625 }}
  data_param {{ source: "{source}" batch_size: {batch} backend: LMDB }} }}
layer {{ name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param {{ num_output: 20 kernel_size: 5 stride: 1
    weight_filler {{ type: "xavier" }} bias_filler {{ type: "constant" }} }} }}
layer {{ name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
  pooling_param {{ pool: MAX kernel_size: 2 stride: 2 }} }}
layer {{ name: "conv2" type: "Convolution" bottom: "pool1" top: "conv2"
  convolution_param {{ num_output: 50 kernel_size: 5 stride: 1
    weight_filler {{ type: "xavier" }} bias_filler {{ type: "constant" }} }} }}
layer {{ name: "pool2" type: "Pooling" bottom: "conv2" top: "pool2"
  pooling_param {{ pool: MAX kernel_size: 2 stride: 2 }} }}
layer {{ name: "ip1" type: "InnerProduct" bottom: "pool2" top: "ip1"
  inner_product_param {{ num_output: 500
    weight_filler {{ type: "xavier" }} bias_filler {{ type: "constant" }} }} }}
layer {{ name: "relu1" type: "ReLU" bottom: "ip1" top: "ip1" }}
layer {{ name: "ip2" type: "InnerProduct" bottom: "ip1" top: "ip2"
  inner_product_param {{ num_output: 10
    weight_filler {{ type: "xavier" }} bias_filler {{ type: "constant" }} }} }}
layer {{ name: "loss" type: "SoftmaxWithLoss" bottom: "ip2" bottom: "label"
  top: "loss" }}
"""

SOLVER = """
net: "{net}"
base_lr: 0.01
momentum: 0.9
weight_decay: 0.0005
lr_policy: "inv"
gamma: 0.0001
power: 0.75
display: 1
max_iter: {iterations}
iter_size: {iter_size}
snapshot: {snapshot}
snapshot_prefix: "{prefix}"
random_seed: 1701
solver_mode: CPU
"""

LOSS_LINE = re.compile(r'\] Iteration (\d+) \(.*\), loss = (\S+)')


def write_idx(path, magic, dims, payload):
    with open(path, 'wb') as f:
        f.write(struct.pack('>i', magic))
        for dim in dims:
            f.write(struct.pack('>i', dim))
        f.write(bytes(payload))


class MpiTrainingTest(unittest.TestCase):
    RECORDS = 640  # 10 iterations of batch 64: the data wraps at iteration 10

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        with gzip.open(os.path.join(FASHION_MNIST,
                                    'train-images-idx3-ubyte.gz')) as f:
            pixels = f.read(16 + cls.RECORDS * 28 * 28)[16:]
        with gzip.open(os.path.join(FASHION_MNIST,
                                    'train-labels-idx1-ubyte.gz')) as f:
            labels = list(f.read(8 + cls.RECORDS)[8:])
        images = [pixels[i * 784:(i + 1) * 784] for i in range(cls.RECORDS)]
        cls.db = cls.convert('data', images, labels)
        # The records in the order two ranks of batch 32 see them (rank 0
        # the even offsets, rank 1 the odd ones, 64 a step): one process
        # with iter_size 2 reads them in the order the ranks sum them.
        order = []
        for step in range(0, cls.RECORDS, 64):
            order += list(range(step, step + 64, 2))
            order += list(range(step + 1, step + 64, 2))
        cls.interleaved_db = cls.convert(
            'interleaved', [images[i] for i in order],
            [labels[i] for i in order])

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    @classmethod
    def path(cls, name):
        return os.path.join(cls.scratch.name, name)

    @classmethod
    def convert(cls, name, images, labels):
        image_file = cls.path(name + '-images-idx3-ubyte')
        label_file = cls.path(name + '-labels-idx1-ubyte')
        write_idx(image_file, 2051, [len(images), 28, 28],
                  [pixel for image in images for pixel in image])
        write_idx(label_file, 2049, [len(labels)], labels)
        db = cls.path(name + '_lmdb')
        subprocess.run([CONVERT, image_file, label_file, db,
                        '--backend=lmdb'], check=True, env=ENV,
                       capture_output=True)
        return db

    def solver(self, name, batch, iterations=30, iter_size=1, snapshot=0,
               source=None):
        net = self.path(name + '_net.prototxt')
        with open(net, 'w') as f:
            f.write(NET.format(source=source or self.db, batch=batch))
        solver = self.path(name + '_solver.prototxt')
        with open(solver, 'w') as f:
            f.write(SOLVER.format(net=net, iterations=iterations,
                                  iter_size=iter_size, snapshot=snapshot,
                                  prefix=self.path(name)))
        return solver

    def train(self, solver, ranks=1, flags=(), timeout=300, cwd=None):
        command = [CAFFE, 'train', '--solver=' + solver] + list(flags)
        if ranks > 1:
            command = [MPIRUN] + MPIRUN_FLAGS + ['-np', str(ranks)] + command
        return subprocess.run(command, env=ENV, capture_output=True,
                              text=True, timeout=timeout, cwd=cwd)

    def train_ok(self, *args, **kwargs):
        result = self.train(*args, **kwargs)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        return result

    @staticmethod
    def losses(log):
        return [(int(i), float(loss)) for i, loss in LOSS_LINE.findall(log)]

    def read(self, name):
        with open(self.path(name), 'rb') as f:
            return f.read()

    def assert_same_losses(self, expected, got, iterations):
        """Per iteration within 1e-5 relative, for the first iterations.

        Later ones drift apart: a batch of 64 and two of 32 sum their
        gradients in different orders, and training amplifies the rounding
        (one process with iter_size 2 drifts from batch 64 just the same).
        """
        self.assertEqual([i for i, _ in got], [i for i, _ in expected])
        for (i, want), (_, have) in list(zip(expected, got))[:iterations]:
            self.assertLessEqual(abs(have - want), 1e-5 * abs(want),
                                 'iteration %d: %g vs %g' % (i, have, want))

    def test_two_ranks_of_32_train_as_one_process_of_64(self):
        iterations = 200
        alone = self.train_ok(self.solver('alone', 64, iterations))
        ranks = self.train_ok(self.solver('ranks', 32, iterations), ranks=2)
        expected = self.losses(alone.stderr)
        got = self.losses(ranks.stderr)
        self.assertEqual(len(expected), iterations)
        # Rank 0 alone logs, every iteration's loss the mean over the ranks.
        self.assert_same_losses(expected, got, 20)
        last = [sum(loss for _, loss in losses[-20:]) / 20
                for losses in (expected, got)]
        self.assertLess(abs(last[1] - last[0]), 0.1 * last[0], last)
        self.assertLess(last[0], expected[0][1] / 4)
        self.assertIn('Training as 2 processes; this is rank 0', ranks.stderr)

    def test_deterministic_reduction_repeats_bit_for_bit(self):
        # The weights files hold the net, data source included: both runs
        # read a "train_lmdb" of their own folder.
        folders = {}
        for name, db in (('accumulated', self.interleaved_db),
                         ('det', self.db)):
            folders[name] = self.path(name + '_folder')
            os.mkdir(folders[name])
            os.symlink(db, os.path.join(folders[name], 'train_lmdb'))
        iterations = 30
        accumulated = self.train_ok(
            self.solver('accumulated', 32, iterations, iter_size=2,
                        source='train_lmdb'),
            cwd=folders['accumulated'])
        runs = [self.train_ok(self.solver('det_' + run, 32, iterations,
                                          source='train_lmdb'),
                              ranks=2, flags=['--deterministic_reduction'],
                              cwd=folders['det'])
                for run in ('first', 'second')]
        self.assertEqual(
            self.read('det_first_iter_%d.caffemodel' % iterations),
            self.read('det_second_iter_%d.caffemodel' % iterations))
        # One process adding the same passes in the same order.
        self.assert_same_losses(self.losses(accumulated.stderr),
                                self.losses(runs[0].stderr), 20)

    def test_snapshot_and_resume_across_ranks(self):
        flags = ['--deterministic_reduction']
        whole = self.solver('whole', 32, 20, snapshot=10)
        self.train_ok(whole, ranks=2, flags=flags)
        for name in ('whole_iter_10.caffemodel', 'whole_iter_10.solverstate',
                     'whole_iter_20.caffemodel'):
            self.assertTrue(os.path.exists(self.path(name)), name)
        resumed = self.solver('resumed', 32, 20, snapshot=10)
        result = self.train_ok(
            resumed, ranks=2,
            flags=flags + ['--snapshot=' + self.path(
                'whole_iter_10.solverstate')])
        self.assertIn('Resuming from', result.stderr)
        # The data wraps at iteration 10, so the resumed run sees what the
        # whole one saw.
        self.assertEqual(self.read('resumed_iter_20.caffemodel'),
                         self.read('whole_iter_20.caffemodel'))

    def test_a_killed_rank_ends_the_job_within_seconds(self):
        solver = self.solver('killed', 32, 100000)
        job = subprocess.Popen(
            [MPIRUN] + MPIRUN_FLAGS + ['-np', '2', CAFFE, 'train',
                                       '--solver=' + solver],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        try:
            lines = []
            for line in job.stdout:
                lines.append(line)
                if LOSS_LINE.search(line) and ' Iteration 5 ' in line:
                    break
            rank1 = self.find_rank(job.pid, 1)
            os.kill(rank1, signal.SIGKILL)
            killed_at = time.monotonic()
            rest, _ = job.communicate(timeout=60)
            ended_after = time.monotonic() - killed_at
        finally:
            if job.poll() is None:
                job.kill()
        self.assertNotEqual(job.returncode, 0)
        self.assertLess(ended_after, 10, rest)
        self.assertRegex(rest, r'rank 1 .*(signal 9|Killed)')

    @staticmethod
    def find_rank(mpirun_pid, rank):
        """The pid of the given rank among mpirun's descendants."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for pid in os.listdir('/proc'):
                if not pid.isdigit():
                    continue
                try:
                    with open('/proc/%s/environ' % pid, 'rb') as f:
                        environ = f.read().split(b'\0')
                except OSError:
                    continue
                if (b'OMPI_COMM_WORLD_RANK=%d' % rank in environ and
                        MpiTrainingTest.descends_from(int(pid), mpirun_pid)):
                    return int(pid)
            time.sleep(0.1)
        raise AssertionError('no rank %d under mpirun %d' % (rank, mpirun_pid))

    @staticmethod
    def descends_from(pid, ancestor):
        try:
            while pid > 1:
                if pid == ancestor:
                    return True
                with open('/proc/%d/stat' % pid) as f:
                    pid = int(f.read().rsplit(')', 1)[1].split()[1])
        except OSError:
            pass
        return False

    def test_a_rank_without_its_data_stops_every_rank_naming_itself(self):
        good = self.solver('good', 32, 1000)
        bad = self.solver('bad', 32, 1000, source=self.path('missing_lmdb'))
        started = time.monotonic()
        result = subprocess.run(
            [MPIRUN] + MPIRUN_FLAGS +
            ['-np', '1', CAFFE, 'train', '--solver=' + good, ':',
             '-np', '1', CAFFE, 'train', '--solver=' + bad],
            env=ENV, capture_output=True, text=True, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertLess(time.monotonic() - started, 30)
        errors = [line for line in result.stderr.splitlines()
                  if line.startswith('caffe: error: ')]
        self.assertEqual(len(errors), 1, result.stderr[-3000:])
        self.assertTrue(errors[0].startswith('caffe: error: rank 1 of 2: '),
                        errors[0])
        self.assertIn('missing_lmdb', errors[0])


if __name__ == '__main__':
    unittest.main()
