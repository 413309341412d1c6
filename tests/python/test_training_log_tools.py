"""tools/extra/parse_log.py and plot_training_log.py on a caffe train log."""

import csv
import os
import subprocess
import sys
import tempfile
import unittest

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     '..', '..', 'tools', 'extra')
sys.path.insert(0, TOOLS)
import parse_log  # noqa: E402

# The lines `caffe train` prints, in its order: outputs before "lr =", a
# test pass before the iteration's training outputs, and a clock that passes
# midnight on New Year's Eve.
LOG = """\
I1231 23:59:58.500000 4242 solver.cpp:60] Initializing solver from parameters:
I1231 23:59:59.000000 4242 solver.cpp:357] Iteration 0, Testing net (#0)
I1231 23:59:59.250000 4242 solver.cpp:408]     Test net output #0: accuracy = 0.1
I1231 23:59:59.250000 4242 solver.cpp:408]     Test net output #1: loss = 2.30 (* 1 = 2.30 loss)
I1231 23:59:59.500000 4242 solver.cpp:337] Iteration 0 (0 iter/s, 0.5s/100 iters), loss = 2.31
I1231 23:59:59.500000 4242 solver.cpp:286]     Train net output #0: loss = 2.31 (* 1 = 2.31 loss)
I1231 23:59:59.500000 4242 sgd_solver.cpp:103] Iteration 0, lr = 0.01
I0101 00:00:01.500000 4242 solver.cpp:337] Iteration 100 (50 iter/s, 2s/100 iters), loss = 0.75
I0101 00:00:01.500000 4242 solver.cpp:286]     Train net output #0: loss = 0.75 (* 1 = 0.75 loss)
I0101 00:00:01.500000 4242 sgd_solver.cpp:103] Iteration 100, lr = 0.0099
I0101 00:00:02.000000 4242 solver.cpp:357] Iteration 200, Testing net (#0)
I0101 00:00:02.500000 4242 solver.cpp:408]     Test net output #0: accuracy = 0.8
I0101 00:00:02.500000 4242 solver.cpp:408]     Test net output #1: loss = nan (* 1 = nan loss)
I0101 00:00:02.600000 4242 solver.cpp:343] Optimization Done.
"""


class ParseLogTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.log_path = os.path.join(self.directory.name, 'lenet.log')
        with open(self.log_path, 'w') as log:
            log.write(LOG)

    def tearDown(self):
        self.directory.cleanup()

    def test_rows(self):
        train, test = parse_log.parse_log(self.log_path)
        self.assertEqual([row['NumIters'] for row in train], [0, 100])
        self.assertEqual([row['loss'] for row in train], [2.31, 0.75])
        self.assertEqual([row['LearningRate'] for row in train], [0.01, 0.0099])
        self.assertAlmostEqual(train[1]['Seconds'], 3.0)  # across midnight
        self.assertEqual([row['NumIters'] for row in test], [0, 200])
        self.assertEqual([row['accuracy'] for row in test], [0.1, 0.8])
        self.assertNotEqual(test[1]['loss'], test[1]['loss'])  # nan

    def test_command_writes_caffe_tables(self):
        subprocess.run([sys.executable, os.path.join(TOOLS, 'parse_log.py'),
                        self.log_path, self.directory.name], check=True)
        with open(self.log_path + '.train') as table:
            rows = list(csv.reader(table))
        self.assertEqual(rows[0], ['NumIters', 'Seconds', 'LearningRate', 'loss'])
        self.assertEqual(rows[2], ['100', '3.0', '0.0099', '0.75'])
        with open(self.log_path + '.test') as table:
            header = next(csv.reader(table))
        self.assertEqual(header, ['NumIters', 'Seconds', 'LearningRate',
                                  'accuracy', 'loss'])

    def _plot(self, chart_type, image, *logs):
        return subprocess.run(
            [sys.executable, os.path.join(TOOLS, 'plot_training_log.py'),
             chart_type, image] + list(logs), capture_output=True, text=True)

    def test_plot_draws_png_and_svg(self):
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            self.skipTest('matplotlib is not installed (python3-matplotlib)')
        png = os.path.join(self.directory.name, 'curve.png')
        self.assertEqual(self._plot('curve', png, self.log_path).returncode, 0)
        with open(png, 'rb') as image:
            self.assertEqual(image.read(8), b'\x89PNG\r\n\x1a\n')
        # Caffe's numbered charts, two logs on one chart.
        for chart in ('0', '7'):
            svg = os.path.join(self.directory.name, 'chart%s.svg' % chart)
            result = self._plot(chart, svg, self.log_path, self.log_path)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(svg) as image:
                self.assertIn('<svg', image.read())

    def test_plot_refuses_a_log_without_outputs(self):
        empty = os.path.join(self.directory.name, 'empty.log')
        open(empty, 'w').close()
        result = self._plot('curve', os.path.join(self.directory.name, 'x.png'),
                            empty)
        self.assertEqual(result.returncode, 1)
        self.assertIn('nothing to plot', result.stderr)
        self.assertFalse(os.path.exists(
            os.path.join(self.directory.name, 'x.png')))

    def test_plot_names_a_missing_log(self):
        result = self._plot('0', os.path.join(self.directory.name, 'x.png'),
                            '/nonexistent/train.log')
        self.assertEqual(result.returncode, 1)
        self.assertIn('/nonexistent/train.log', result.stderr)


if __name__ == '__main__':
    unittest.main()
