#!/usr/bin/env python3
"""Writes the deploy.prototxt files under models/ from the published
architectures, with the layer names and blob shapes of the released BVLC and
community .caffemodel files, so that those weights load by layer name; and,
for the models whose release had them, the train_val.prototxt (ImageNet LMDB
or image-list data layers, learning-rate multipliers, fillers, losses and
accuracies) from the same code.

Run from anywhere: python3 scripts/gen_model_zoo.py
models/bvlc_reference_caffenet/deploy.prototxt and the solver files are
hand-written and not touched.
"""
import os

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")


IMAGENET_MEAN_FILE = 'mean_file: "data/ilsvrc12/imagenet_mean.binaryproto"'
IMAGENET_MEAN_VALUES = "mean_value: 104 mean_value: 117 mean_value: 123"


def imagenet_data(mean=IMAGENET_MEAN_FILE, batch=(256, 50), mirror=True):
    """The train_val data of the ImageNet models: Caffe's example LMDBs."""
    return {"type": "Data", "mean": mean, "batch": batch, "mirror": mirror,
            "sources": ("examples/imagenet/ilsvrc12_train_lmdb",
                        "examples/imagenet/ilsvrc12_val_lmdb")}


def gaussian(std):
    return 'type: "gaussian" std: %.10g' % std


def xavier(std=None):
    return 'type: "xavier"' + (" std: %.10g" % std if std is not None else "")


def constant(value):
    return 'type: "constant" value: %.10g' % value


class Net:
    """Collects layers as prototxt text; each helper appends one layer.

    A deploy net starts from an Input layer (or input_dim header) and ends in
    a Softmax "prob". A train_val net (data given) starts from a TRAIN and a
    TEST data layer, gives learned layers learning-rate multipliers (lr, for
    weights and biases; decay 1 and 0) and fillers (the net's defaults unless
    a layer names its own), and ends in a loss and TEST accuracies."""

    def __init__(self, name, comment, data=None, lr=(1, 2),
                 weight_filler=None, bias_filler=None):
        self.lines = ["# " + line for line in comment.strip().splitlines()]
        if data:
            self.lines += ["# Training definition: TRAIN reads %s," % data["sources"][0],
                           "# TEST reads %s." % data["sources"][1]]
        self.lines.append('name: "%s"' % name)
        self.data = data
        self.train = data is not None
        self.lr = lr
        self.weight_filler = weight_filler
        self.bias_filler = bias_filler

    def layer(self, name, type_, bottoms, tops, params=""):
        out = ["layer {", '  name: "%s"' % name, '  type: "%s"' % type_]
        out += ['  bottom: "%s"' % b for b in bottoms]
        out += ['  top: "%s"' % t for t in tops]
        if params:
            out.append("  " + params)
        out.append("}")
        self.lines += out
        return tops[0] if tops else None

    def input(self, shape, old_header=False):
        if self.train:
            return self.data_layers(shape[2])
        if old_header:
            self.lines.append('input: "data"')
            self.lines += ["input_dim: %d" % d for d in shape]
        else:
            dims = " ".join("dim: %d" % d for d in shape)
            self.layer("data", "Input", [], ["data"],
                       "input_param { shape: { %s } }" % dims)
        return "data"

    def data_layers(self, crop):
        d = self.data
        phases = (("TRAIN", "mirror: true ", d["batch"][0], d["sources"][0]),
                  ("TEST", "mirror: false ", d["batch"][1], d["sources"][1]))
        for phase, mirror, batch, source in phases:
            transform = "transform_param { %scrop_size: %d %s }" % (
                mirror if d.get("mirror", True) else "", crop, d["mean"])
            if d["type"] == "ImageData":
                reader = ('image_data_param { source: "%s" batch_size: %d '
                          "new_height: 256 new_width: 256 }" % (source, batch))
            else:
                reader = ('data_param { source: "%s" batch_size: %d backend: LMDB }'
                          % (source, batch))
            self.layer("data", d["type"], [], ["data", "label"],
                       "include { phase: %s }\n  %s\n  %s" % (phase, transform, reader))
        return "data"

    def learned(self, field, p, bias, weight_filler, bias_filler, lr):
        """The param specs and *_param text of a layer with weights."""
        if not self.train:
            return "%s { %s }" % (field, p)
        weight_filler = weight_filler or self.weight_filler
        bias_filler = bias_filler or self.bias_filler
        lr = lr or self.lr
        specs = ""
        if lr:
            specs = "param { lr_mult: %g decay_mult: 1 }\n  " % lr[0]
            if bias:
                specs += "param { lr_mult: %g decay_mult: 0 }\n  " % lr[1]
        if weight_filler:
            p += " weight_filler { %s }" % weight_filler
        if bias and bias_filler:
            p += " bias_filler { %s }" % bias_filler
        return specs + "%s { %s }" % (field, p)

    def conv(self, name, bottom, num, k, stride=1, pad=0, group=1, bias=True, top=None,
             wf=None, bf=None, lr=None):
        p = "num_output: %d" % num
        if pad:
            p += " pad: %d" % pad
        p += " kernel_size: %d" % k
        if stride != 1:
            p += " stride: %d" % stride
        if group != 1:
            p += " group: %d" % group
        if not bias:
            p += " bias_term: false"
        return self.layer(name, "Convolution", [bottom], [top or name],
                          self.learned("convolution_param", p, bias, wf, bf, lr))

    def relu(self, name, blob):
        return self.layer(name, "ReLU", [blob], [blob])

    def pool(self, name, bottom, method, k=0, stride=1, pad=0, glob=False):
        if glob:
            p = "pool: %s global_pooling: true" % method
        else:
            p = "pool: %s kernel_size: %d stride: %d" % (method, k, stride)
            if pad:
                p += " pad: %d" % pad
        return self.layer(name, "Pooling", [bottom], [name],
                          "pooling_param { %s }" % p)

    def lrn(self, name, bottom):
        return self.layer(name, "LRN", [bottom], [name],
                          "lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 }")

    def dropout(self, name, blob, ratio=0.5):
        return self.layer(name, "Dropout", [blob], [blob],
                          "dropout_param { dropout_ratio: %g }" % ratio)

    def fc(self, name, bottom, num, wf=None, bf=None, lr=None):
        return self.layer(name, "InnerProduct", [bottom], [name],
                          self.learned("inner_product_param", "num_output: %d" % num,
                                       True, wf, bf, lr))

    def bn_scale(self, bn_name, scale_name, blob, top=None):
        """BatchNorm from blob to top (in place when no top is given), then
        an in-place Scale with bias."""
        top = top or blob
        self.layer(bn_name, "BatchNorm", [blob], [top],
                   "batch_norm_param { use_global_stats: true }")
        self.layer(scale_name, "Scale", [top], [top],
                   "scale_param { bias_term: true }")
        return top

    def softmax(self, bottom, name="prob"):
        return self.layer(name, "Softmax", [bottom], [name])

    def loss(self, logits, name="loss", top=None, weight=None, phase=None):
        p = []
        if phase:
            p.append("include { phase: %s }" % phase)
        if weight is not None:
            p.append("loss_weight: %g" % weight)
        self.layer(name, "SoftmaxWithLoss", [logits, "label"], [top or name],
                   "\n  ".join(p))

    def accuracy(self, logits, name, top_k=1, top=None):
        p = "include { phase: TEST }"
        if top_k != 1:
            p += "\n  accuracy_param { top_k: %d }" % top_k
        self.layer(name, "Accuracy", [logits, "label"], [top or name], p)

    def classify(self, logits):
        """The end of the CaffeNet-style nets: prob, or accuracy and loss."""
        if not self.train:
            return self.softmax(logits)
        self.accuracy(logits, "accuracy")
        self.loss(logits)

    def write(self, folder, filename=None):
        path = os.path.join(MODELS, folder)
        os.makedirs(path, exist_ok=True)
        filename = filename or ("train_val.prototxt" if self.train else "deploy.prototxt")
        with open(os.path.join(path, filename), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def caffenet_body(net, alexnet_order=False):
    """conv1..fc7 of AlexNet/CaffeNet; AlexNet normalises before pooling.
    For training, conv2/4/5 and fc6/7 start with a positive bias (1 in
    CaffeNet, 0.1 in AlexNet) and fc6/7 with weights of std 0.005."""
    x = net.input([10, 3, 227, 227])
    one = constant(0.1 if alexnet_order else 1)
    def normalise_and_pool(i, x):
        if alexnet_order:
            return net.pool("pool%d" % i, net.lrn("norm%d" % i, x), "MAX", 3, 2)
        return net.lrn("norm%d" % i, net.pool("pool%d" % i, x, "MAX", 3, 2))

    x = net.relu("relu1", net.conv("conv1", x, 96, 11, stride=4))
    x = normalise_and_pool(1, x)
    x = net.relu("relu2", net.conv("conv2", x, 256, 5, pad=2, group=2, bf=one))
    x = normalise_and_pool(2, x)
    x = net.relu("relu3", net.conv("conv3", x, 384, 3, pad=1))
    x = net.relu("relu4", net.conv("conv4", x, 384, 3, pad=1, group=2, bf=one))
    x = net.relu("relu5", net.conv("conv5", x, 256, 3, pad=1, group=2, bf=one))
    x = net.pool("pool5", x, "MAX", 3, 2)
    fc = {"wf": gaussian(0.005), "bf": one}
    x = net.dropout("drop6", net.relu("relu6", net.fc("fc6", x, 4096, **fc)))
    x = net.dropout("drop7", net.relu("relu7", net.fc("fc7", x, 4096, **fc)))
    return x


CAFFENET_FILLERS = {"weight_filler": gaussian(0.01), "bias_filler": constant(0)}


def caffenet(data):
    """CaffeNet's train_val (its deploy.prototxt is written by hand)."""
    net = Net("CaffeNet", """
CaffeNet (BVLC's reference ImageNet model): AlexNet with pooling before
normalisation. Input: mean-subtracted BGR crops of 227x227, mirrored for
training; output: 1000 ILSVRC 2012 class scores.""", data=data, **CAFFENET_FILLERS)
    net.classify(net.fc("fc8", caffenet_body(net), 1000))
    net.write("bvlc_reference_caffenet")


def alexnet(data=None):
    net = Net("AlexNet", """
AlexNet (Krizhevsky et al. 2012) as released by BVLC (bvlc_alexnet):
LRN before pooling, grouped conv2/4/5. Input: 10 mean-subtracted BGR crops
of 227x227; output: probabilities over the 1000 ILSVRC 2012 classes.""",
              data=data, **CAFFENET_FILLERS)
    net.classify(net.fc("fc8", caffenet_body(net, alexnet_order=True), 1000))
    net.write("bvlc_alexnet")


def rcnn():
    net = Net("R-CNN-ilsvrc13", """
R-CNN ILSVRC 2013 detector (bvlc_reference_rcnn_ilsvrc13): the CaffeNet body
with fc-rcnn, 200 per-class SVM scores for 227x227 warped region crops (no
softmax).""")
    net.fc("fc-rcnn", caffenet_body(net), 200)
    net.write("bvlc_reference_rcnn_ilsvrc13")


FLICKR_STYLE_DATA = {"type": "ImageData", "mean": IMAGENET_MEAN_FILE, "batch": (50, 50),
                     "sources": ("data/flickr_style/train.txt",
                                 "data/flickr_style/test.txt")}


def flickr_style(data=None):
    net = Net("FlickrStyleCaffeNet", """
CaffeNet fine-tuned on Flickr Style (finetune_flickr_style): the CaffeNet
body with fc8_flickr giving probabilities over 20 style labels.""",
              data=data, **CAFFENET_FILLERS)
    # The new layer learns 10 times faster than the pretrained ones.
    net.classify(net.fc("fc8_flickr", caffenet_body(net), 20, lr=(10, 20)))
    net.write("finetune_flickr_style")


def googlenet(data=None):
    net = Net("GoogleNet", """
GoogLeNet (Szegedy et al. 2014) as released by BVLC (bvlc_googlenet); the
auxiliary classifiers (loss1, loss2) exist for training only. Input: 10
mean-subtracted BGR crops of 224x224; output: probabilities over the 1000
ILSVRC 2012 classes.""", data=data, weight_filler=xavier(), bias_filler=constant(0.2))
    x = net.input([10, 3, 224, 224])
    x = net.relu("conv1/relu_7x7", net.conv("conv1/7x7_s2", x, 64, 7, stride=2, pad=3,
                                            wf=xavier(0.1)))
    x = net.lrn("pool1/norm1", net.pool("pool1/3x3_s2", x, "MAX", 3, 2))
    x = net.relu("conv2/relu_3x3_reduce", net.conv("conv2/3x3_reduce", x, 64, 1,
                                                   wf=xavier(0.1)))
    x = net.relu("conv2/relu_3x3", net.conv("conv2/3x3", x, 192, 3, pad=1, wf=xavier(0.03)))
    x = net.pool("pool2/3x3_s2", net.lrn("conv2/norm2", x), "MAX", 3, 2)

    def inception(name, x, n1, n3r, n3, n5r, n5, npool):
        p = name + "/"
        b1 = net.relu(p + "relu_1x1", net.conv(p + "1x1", x, n1, 1, wf=xavier(0.03)))
        b3 = net.relu(p + "relu_3x3_reduce", net.conv(p + "3x3_reduce", x, n3r, 1,
                                                      wf=xavier(0.09)))
        b3 = net.relu(p + "relu_3x3", net.conv(p + "3x3", b3, n3, 3, pad=1, wf=xavier(0.03)))
        b5 = net.relu(p + "relu_5x5_reduce", net.conv(p + "5x5_reduce", x, n5r, 1,
                                                      wf=xavier(0.2)))
        b5 = net.relu(p + "relu_5x5", net.conv(p + "5x5", b5, n5, 5, pad=2, wf=xavier(0.03)))
        bp = net.pool(p + "pool", x, "MAX", 3, 1, pad=1)
        bp = net.relu(p + "relu_pool_proj", net.conv(p + "pool_proj", bp, npool, 1,
                                                     wf=xavier(0.1)))
        return net.layer(p + "output", "Concat", [b1, b3, b5, bp], [p + "output"])

    def auxiliary_classifier(p, x):
        """A side classifier that trains the middle of the net (weight 0.3)."""
        if not net.train:
            return
        x = net.pool(p + "/ave_pool", x, "AVE", 5, 3)
        x = net.relu(p + "/relu_conv", net.conv(p + "/conv", x, 128, 1, wf=xavier(0.08)))
        x = net.relu(p + "/relu_fc", net.fc(p + "/fc", x, 1024, wf=xavier(0.02)))
        x = net.dropout(p + "/drop_fc", x, 0.7)
        x = net.fc(p + "/classifier", x, 1000, wf=xavier(0.0009765625), bf=constant(0))
        net.loss(x, p + "/loss", top=p + "/loss" + p[-1], weight=0.3)
        net.accuracy(x, p + "/top-1")
        net.accuracy(x, p + "/top-5", 5)

    x = inception("inception_3a", x, 64, 96, 128, 16, 32, 32)
    x = inception("inception_3b", x, 128, 128, 192, 32, 96, 64)
    x = net.pool("pool3/3x3_s2", x, "MAX", 3, 2)
    x = inception("inception_4a", x, 192, 96, 208, 16, 48, 64)
    auxiliary_classifier("loss1", x)
    x = inception("inception_4b", x, 160, 112, 224, 24, 64, 64)
    x = inception("inception_4c", x, 128, 128, 256, 24, 64, 64)
    x = inception("inception_4d", x, 112, 144, 288, 32, 64, 64)
    auxiliary_classifier("loss2", x)
    x = inception("inception_4e", x, 256, 160, 320, 32, 128, 128)
    x = net.pool("pool4/3x3_s2", x, "MAX", 3, 2)
    x = inception("inception_5a", x, 256, 160, 320, 32, 128, 128)
    x = inception("inception_5b", x, 384, 192, 384, 48, 128, 128)
    x = net.dropout("pool5/drop_7x7_s1", net.pool("pool5/7x7_s1", x, "AVE", 7, 1), 0.4)
    x = net.fc("loss3/classifier", x, 1000, wf=xavier(), bf=constant(0))
    if net.train:
        net.loss(x, "loss3/loss3", weight=1)
        net.accuracy(x, "loss3/top-1")
        net.accuracy(x, "loss3/top-5", 5)
    else:
        net.softmax(x)
    net.write("bvlc_googlenet")


def vgg(depth):
    net = Net("VGG_ILSVRC_%d_layers" % depth, """
VGG %d-layer net (Simonyan & Zisserman 2014, VGG_ILSVRC_%d_layers). Input:
10 mean-subtracted BGR crops of 224x224; output: probabilities over the 1000
ILSVRC 2012 classes.""" % (depth, depth))
    x = net.input([10, 3, 224, 224])
    per_block = [2, 2, 3, 3, 3] if depth == 16 else [2, 2, 4, 4, 4]
    for block, (convs, num) in enumerate(zip(per_block, [64, 128, 256, 512, 512]), 1):
        for i in range(1, convs + 1):
            s = "%d_%d" % (block, i)
            x = net.relu("relu" + s, net.conv("conv" + s, x, num, 3, pad=1))
        x = net.pool("pool%d" % block, x, "MAX", 2, 2)
    x = net.dropout("drop6", net.relu("relu6", net.fc("fc6", x, 4096)))
    x = net.dropout("drop7", net.relu("relu7", net.fc("fc7", x, 4096)))
    net.softmax(net.fc("fc8", x, 1000))
    net.write("vgg%d" % depth)


RESNET_BLOCKS = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def resnet_unit_name(depth, stage, block):
    """The MSRA release names the blocks of a stage a, b, c, ...; in ResNet-101
    and ResNet-152 the blocks of stages 3 and 4 after 'a' are b1, b2, ..."""
    if block == 0:
        return "%da" % stage
    if depth > 50 and stage in (3, 4):
        return "%db%d" % (stage, block)
    return "%d%s" % (stage, "abcdef"[block])


def resnet(depth):
    net = Net("ResNet-%d" % depth, """
ResNet-%d (He et al. 2015, ResNet-%d-deploy) with BatchNorm + Scale after
every convolution, using the old input_dim header of the released file.
Input: one mean-subtracted BGR image of 224x224; output: probabilities over
the 1000 ILSVRC 2012 classes.""" % (depth, depth))
    x = net.input([1, 3, 224, 224], old_header=True)
    # Only the released ResNet-50 has a bias in conv1.
    x = net.conv("conv1", x, 64, 7, stride=2, pad=3, bias=depth == 50)
    x = net.relu("conv1_relu", net.bn_scale("bn_conv1", "scale_conv1", x))
    x = net.pool("pool1", x, "MAX", 3, 2)

    def branch(name, x, num, k, stride, pad, relu):
        x = net.conv("res" + name, x, num, k, stride=stride, pad=pad, bias=False)
        x = net.bn_scale("bn" + name, "scale" + name, x)
        return net.relu("res%s_relu" % name, x) if relu else x

    for stage, blocks, width in zip([2, 3, 4, 5], RESNET_BLOCKS[depth],
                                    [64, 128, 256, 512]):
        for b in range(blocks):
            unit = resnet_unit_name(depth, stage, b)
            stride = 2 if b == 0 and stage > 2 else 1
            if b == 0:
                shortcut = branch(unit + "_branch1", x, 4 * width, 1, stride, 0, False)
            else:
                shortcut = x
            y = branch(unit + "_branch2a", x, width, 1, stride, 0, True)
            y = branch(unit + "_branch2b", y, width, 3, 1, 1, True)
            y = branch(unit + "_branch2c", y, 4 * width, 1, 1, 0, False)
            x = net.layer("res" + unit, "Eltwise", [shortcut, y], ["res" + unit])
            x = net.relu("res%s_relu" % unit, x)
    x = net.pool("pool5", x, "AVE", 7, 1)
    net.softmax(net.fc("fc1000", x, 1000))
    net.write("resnet%d" % depth)


def squeezenet(version, data=None):
    net = Net("SqueezeNet_v%s" % version, """
SqueezeNet v%s (Iandola et al. 2016, DeepScale/SqueezeNet). Input: 10
mean-subtracted BGR crops of 227x227; output: probabilities over the 1000
ILSVRC 2012 classes.""" % version, data=data, weight_filler=xavier(),
              bias_filler=constant(0))
    x = net.input([10, 3, 227, 227])

    def fire(n, x, squeeze, expand):
        p = "fire%d/" % n
        s = net.relu(p + "relu_squeeze1x1", net.conv(p + "squeeze1x1", x, squeeze, 1))
        e1 = net.relu(p + "relu_expand1x1", net.conv(p + "expand1x1", s, expand, 1))
        e3 = net.relu(p + "relu_expand3x3", net.conv(p + "expand3x3", s, expand, 3, pad=1))
        return net.layer(p + "concat", "Concat", [e1, e3], [p + "concat"])

    fires = {2: (16, 64), 3: (16, 64), 4: (32, 128), 5: (32, 128),
             6: (48, 192), 7: (48, 192), 8: (64, 256), 9: (64, 256)}
    if version == "1.0":
        x = net.relu("relu_conv1", net.conv("conv1", x, 96, 7, stride=2))
        pool_after = {1: "pool1", 4: "pool4", 8: "pool8"}
    else:
        x = net.relu("relu_conv1", net.conv("conv1", x, 64, 3, stride=2))
        pool_after = {1: "pool1", 3: "pool3", 5: "pool5"}
    x = net.pool("pool1", x, "MAX", 3, 2)
    for n in range(2, 10):
        x = fire(n, x, *fires[n])
        if n in pool_after:
            x = net.pool(pool_after[n], x, "MAX", 3, 2)
    x = net.dropout("drop9", x)
    # The v1.0 release pads its 1x1 conv10 by 1 (15x15 output, whose border
    # is relu(bias) and enters the global average); v1.1 does not.
    conv10_pad = 1 if version == "1.0" else 0
    x = net.relu("relu_conv10", net.conv("conv10", x, 1000, 1, pad=conv10_pad,
                                         wf=gaussian(0.01)))
    x = net.pool("pool10", x, "AVE", glob=True)
    if net.train:
        net.loss(x, phase="TRAIN")
        net.accuracy(x, "accuracy")
        net.accuracy(x, "accuracy_top5", 5)
    else:
        net.softmax(x)
    net.write("squeezenet_v" + version)


def nin(data=None):
    net = Net("NIN_imagenet", """
Network in Network (Lin et al. 2013) for ImageNet, from the Caffe model zoo
(nin_imagenet): mlpconv blocks of a convolution and two 1x1 "cccp" layers,
global average pooling instead of fully connected layers. Input: 10
mean-subtracted BGR crops of 224x224; output: probabilities over the 1000
ILSVRC 2012 classes.""", data=data, weight_filler=gaussian(0.05),
              bias_filler=constant(0))
    x = net.input([10, 3, 224, 224])
    # (conv, outputs, kernel, stride, pad, std of its initial weights, ...)
    blocks = [("conv1", 96, 11, 4, 0, 0.01, "cccp1", "cccp2", 96, "pool0"),
              ("conv2", 256, 5, 1, 2, 0.05, "cccp3", "cccp4", 256, "pool2"),
              ("conv3", 384, 3, 1, 1, 0.01, "cccp5", "cccp6", 384, "pool3")]
    relu = iter(["relu0", "relu1", "relu2", "relu3", "relu5", "relu6",
                 "relu7", "relu8", "relu9", "relu10", "relu11", "relu12"])
    for conv, num, k, stride, pad, std, c1, c2, cnum, pool in blocks:
        x = net.relu(next(relu), net.conv(conv, x, num, k, stride=stride, pad=pad,
                                          wf=gaussian(std)))
        x = net.relu(next(relu), net.conv(c1, x, cnum, 1))
        x = net.relu(next(relu), net.conv(c2, x, cnum, 1))
        x = net.pool(pool, x, "MAX", 3, 2)
    x = net.dropout("drop", x)
    # The last three layers' outputs drop the "-1024" of their names.
    x = net.relu(next(relu), net.conv("conv4-1024", x, 1024, 3, pad=1, top="conv4"))
    x = net.relu(next(relu), net.conv("cccp7-1024", x, 1024, 1, top="cccp7"))
    x = net.relu(next(relu), net.conv("cccp8-1024", x, 1000, 1, top="cccp8",
                                      wf=gaussian(0.01)))
    x = net.pool("pool4", x, "AVE", 6, 1)
    if net.train:
        net.accuracy(x, "accuracy")
        net.loss(x, phase="TRAIN")
    else:
        net.softmax(x)
    net.write("nin_imagenet")


def mobilenet():
    net = Net("MOBILENET", """
MobileNet v1 1.0-224 (Howard et al. 2017) in the layout of shicai/MobileNet-Caffe:
depthwise convolutions as grouped convolutions (group = channels), each
convolution followed by BatchNorm (into <conv>/bn) + Scale and ReLU, the
input_dim header of the released file; fc7 is a 1x1
convolution. Input: one image of 224x224 (BGR, mean-subtracted, scaled by
0.017); output: probabilities over the 1000 ILSVRC 2012 classes.""")
    x = net.input([1, 3, 224, 224], old_header=True)

    def conv_bn(name, relu, x, num, k, stride, pad, group=1):
        x = net.conv(name, x, num, k, stride=stride, pad=pad, group=group, bias=False)
        x = net.bn_scale(name + "/bn", name + "/scale", x, top=name + "/bn")
        return net.relu(relu, x)

    x = conv_bn("conv1", "relu1", x, 32, 3, 2, 1)
    channels = 32
    # (name, stride of the depthwise conv, output channels of the 1x1 conv)
    units = [("2_1", 1, 64), ("2_2", 2, 128), ("3_1", 1, 128), ("3_2", 2, 256),
             ("4_1", 1, 256), ("4_2", 2, 512), ("5_1", 1, 512), ("5_2", 1, 512),
             ("5_3", 1, 512), ("5_4", 1, 512), ("5_5", 1, 512), ("5_6", 2, 1024),
             ("6", 1, 1024)]
    for unit, stride, out in units:
        x = conv_bn("conv%s/dw" % unit, "relu%s/dw" % unit, x, channels, 3,
                    stride, 1, group=channels)
        x = conv_bn("conv%s/sep" % unit, "relu%s/sep" % unit, x, out, 1, 1, 0)
        channels = out
    x = net.pool("pool6", x, "AVE", glob=True)
    net.softmax(net.conv("fc7", x, 1000, 1))
    net.write("mobilenet_v1")


if __name__ == "__main__":
    alexnet()
    alexnet(imagenet_data())
    caffenet(imagenet_data())
    rcnn()
    flickr_style()
    flickr_style(FLICKR_STYLE_DATA)
    googlenet()
    googlenet(imagenet_data(mean=IMAGENET_MEAN_VALUES, batch=(32, 50)))
    vgg(16)
    vgg(19)
    resnet(50)
    resnet(101)
    resnet(152)
    squeezenet_data = imagenet_data(mean=IMAGENET_MEAN_VALUES, batch=(32, 25),
                                    mirror=False)
    squeezenet("1.0")
    squeezenet("1.0", squeezenet_data)
    squeezenet("1.1")
    squeezenet("1.1", squeezenet_data)
    nin()
    nin(imagenet_data(batch=(64, 89)))
    mobilenet()
