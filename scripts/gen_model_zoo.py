#!/usr/bin/env python3
"""Writes the deploy.prototxt files under models/ from the published
architectures, with the layer names and blob shapes of the released BVLC and
community .caffemodel files, so that those weights load by layer name.

Run from anywhere: python3 scripts/gen_model_zoo.py
models/bvlc_reference_caffenet/deploy.prototxt is hand-written and not touched.
"""
import os

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")


class Net:
    """Collects layers as prototxt text; each helper appends one layer."""

    def __init__(self, name, comment):
        self.lines = ["# " + line for line in comment.strip().splitlines()]
        self.lines.append('name: "%s"' % name)

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
        if old_header:
            self.lines.append('input: "data"')
            self.lines += ["input_dim: %d" % d for d in shape]
        else:
            dims = " ".join("dim: %d" % d for d in shape)
            self.layer("data", "Input", [], ["data"],
                       "input_param { shape: { %s } }" % dims)
        return "data"

    def conv(self, name, bottom, num, k, stride=1, pad=0, group=1, bias=True):
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
        return self.layer(name, "Convolution", [bottom], [name],
                          "convolution_param { %s }" % p)

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

    def fc(self, name, bottom, num):
        return self.layer(name, "InnerProduct", [bottom], [name],
                          "inner_product_param { num_output: %d }" % num)

    def bn_scale(self, bn_name, scale_name, blob, eps=None):
        p = "batch_norm_param { use_global_stats: true%s }" % (
            " eps: %g" % eps if eps is not None else "")
        self.layer(bn_name, "BatchNorm", [blob], [blob], p)
        self.layer(scale_name, "Scale", [blob], [blob],
                   "scale_param { bias_term: true }")
        return blob

    def softmax(self, bottom, name="prob"):
        return self.layer(name, "Softmax", [bottom], [name])

    def write(self, folder):
        path = os.path.join(MODELS, folder)
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "deploy.prototxt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def caffenet_body(net, alexnet_order=False):
    """conv1..fc7 of AlexNet/CaffeNet; AlexNet normalises before pooling."""
    x = net.input([10, 3, 227, 227])
    def normalise_and_pool(i, x):
        if alexnet_order:
            return net.pool("pool%d" % i, net.lrn("norm%d" % i, x), "MAX", 3, 2)
        return net.lrn("norm%d" % i, net.pool("pool%d" % i, x, "MAX", 3, 2))

    x = net.relu("relu1", net.conv("conv1", x, 96, 11, stride=4))
    x = normalise_and_pool(1, x)
    x = net.relu("relu2", net.conv("conv2", x, 256, 5, pad=2, group=2))
    x = normalise_and_pool(2, x)
    x = net.relu("relu3", net.conv("conv3", x, 384, 3, pad=1))
    x = net.relu("relu4", net.conv("conv4", x, 384, 3, pad=1, group=2))
    x = net.relu("relu5", net.conv("conv5", x, 256, 3, pad=1, group=2))
    x = net.pool("pool5", x, "MAX", 3, 2)
    x = net.dropout("drop6", net.relu("relu6", net.fc("fc6", x, 4096)))
    x = net.dropout("drop7", net.relu("relu7", net.fc("fc7", x, 4096)))
    return x


def alexnet():
    net = Net("AlexNet", """
AlexNet (Krizhevsky et al. 2012) as released by BVLC (bvlc_alexnet):
LRN before pooling, grouped conv2/4/5. Input: 10 mean-subtracted BGR crops
of 227x227; output: probabilities over the 1000 ILSVRC 2012 classes.""")
    net.softmax(net.fc("fc8", caffenet_body(net, alexnet_order=True), 1000))
    net.write("bvlc_alexnet")


def rcnn():
    net = Net("R-CNN-ilsvrc13", """
R-CNN ILSVRC 2013 detector (bvlc_reference_rcnn_ilsvrc13): the CaffeNet body
with fc-rcnn, 200 per-class SVM scores for 227x227 warped region crops (no
softmax).""")
    net.fc("fc-rcnn", caffenet_body(net), 200)
    net.write("bvlc_reference_rcnn_ilsvrc13")


def flickr_style():
    net = Net("FlickrStyleCaffeNet", """
CaffeNet fine-tuned on Flickr Style (finetune_flickr_style): the CaffeNet
body with fc8_flickr giving probabilities over 20 style labels.""")
    net.softmax(net.fc("fc8_flickr", caffenet_body(net), 20))
    net.write("finetune_flickr_style")


def googlenet():
    net = Net("GoogleNet", """
GoogLeNet (Szegedy et al. 2014) as released by BVLC (bvlc_googlenet),
without the auxiliary classifiers. Input: 10 mean-subtracted BGR crops of
224x224; output: probabilities over the 1000 ILSVRC 2012 classes.""")
    x = net.input([10, 3, 224, 224])
    x = net.relu("conv1/relu_7x7", net.conv("conv1/7x7_s2", x, 64, 7, stride=2, pad=3))
    x = net.lrn("pool1/norm1", net.pool("pool1/3x3_s2", x, "MAX", 3, 2))
    x = net.relu("conv2/relu_3x3_reduce", net.conv("conv2/3x3_reduce", x, 64, 1))
    x = net.relu("conv2/relu_3x3", net.conv("conv2/3x3", x, 192, 3, pad=1))
    x = net.pool("pool2/3x3_s2", net.lrn("conv2/norm2", x), "MAX", 3, 2)

    def inception(name, x, n1, n3r, n3, n5r, n5, npool):
        p = name + "/"
        b1 = net.relu(p + "relu_1x1", net.conv(p + "1x1", x, n1, 1))
        b3 = net.relu(p + "relu_3x3_reduce", net.conv(p + "3x3_reduce", x, n3r, 1))
        b3 = net.relu(p + "relu_3x3", net.conv(p + "3x3", b3, n3, 3, pad=1))
        b5 = net.relu(p + "relu_5x5_reduce", net.conv(p + "5x5_reduce", x, n5r, 1))
        b5 = net.relu(p + "relu_5x5", net.conv(p + "5x5", b5, n5, 5, pad=2))
        bp = net.pool(p + "pool", x, "MAX", 3, 1, pad=1)
        bp = net.relu(p + "relu_pool_proj", net.conv(p + "pool_proj", bp, npool, 1))
        return net.layer(p + "output", "Concat", [b1, b3, b5, bp], [p + "output"])

    x = inception("inception_3a", x, 64, 96, 128, 16, 32, 32)
    x = inception("inception_3b", x, 128, 128, 192, 32, 96, 64)
    x = net.pool("pool3/3x3_s2", x, "MAX", 3, 2)
    x = inception("inception_4a", x, 192, 96, 208, 16, 48, 64)
    x = inception("inception_4b", x, 160, 112, 224, 24, 64, 64)
    x = inception("inception_4c", x, 128, 128, 256, 24, 64, 64)
    x = inception("inception_4d", x, 112, 144, 288, 32, 64, 64)
    x = inception("inception_4e", x, 256, 160, 320, 32, 128, 128)
    x = net.pool("pool4/3x3_s2", x, "MAX", 3, 2)
    x = inception("inception_5a", x, 256, 160, 320, 32, 128, 128)
    x = inception("inception_5b", x, 384, 192, 384, 48, 128, 128)
    x = net.dropout("pool5/drop_7x7_s1", net.pool("pool5/7x7_s1", x, "AVE", 7, 1), 0.4)
    net.softmax(net.fc("loss3/classifier", x, 1000))
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


def resnet50():
    net = Net("ResNet-50", """
ResNet-50 (He et al. 2015, ResNet-50-deploy) with BatchNorm + Scale after
every convolution, using the old input_dim header of the released file.
Input: one mean-subtracted BGR image of 224x224; output: probabilities over
the 1000 ILSVRC 2012 classes.""")
    x = net.input([1, 3, 224, 224], old_header=True)
    x = net.conv("conv1", x, 64, 7, stride=2, pad=3)
    x = net.relu("conv1_relu", net.bn_scale("bn_conv1", "scale_conv1", x))
    x = net.pool("pool1", x, "MAX", 3, 2)

    def branch(name, x, num, k, stride, pad, relu):
        x = net.conv("res" + name, x, num, k, stride=stride, pad=pad, bias=False)
        x = net.bn_scale("bn" + name, "scale" + name, x)
        return net.relu("res%s_relu" % name, x) if relu else x

    stages = [(2, 3, 64), (3, 4, 128), (4, 6, 256), (5, 3, 512)]
    for stage, blocks, width in stages:
        for b in range(blocks):
            unit = "%d%s" % (stage, "abcdef"[b])
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
    net.write("resnet50")


def squeezenet(version):
    net = Net("SqueezeNet_v%s" % version, """
SqueezeNet v%s (Iandola et al. 2016, DeepScale/SqueezeNet). Input: 10
mean-subtracted BGR crops of 227x227; output: probabilities over the 1000
ILSVRC 2012 classes.""" % version)
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
    x = net.relu("relu_conv10", net.conv("conv10", x, 1000, 1))
    net.softmax(net.pool("pool10", x, "AVE", glob=True))
    net.write("squeezenet_v" + version)


def nin():
    net = Net("NIN_imagenet", """
Network in Network (Lin et al. 2013) for ImageNet, from the Caffe model zoo
(nin_imagenet): mlpconv blocks of a convolution and two 1x1 "cccp" layers,
global average pooling instead of fully connected layers. Input: 10
mean-subtracted BGR crops of 224x224; output: probabilities over the 1000
ILSVRC 2012 classes.""")
    x = net.input([10, 3, 224, 224])
    blocks = [("conv1", 96, 11, 4, 0, "cccp1", "cccp2", 96, "pool0"),
              ("conv2", 256, 5, 1, 2, "cccp3", "cccp4", 256, "pool2"),
              ("conv3", 384, 3, 1, 1, "cccp5", "cccp6", 384, "pool3")]
    relu = iter(["relu0", "relu1", "relu2", "relu3", "relu5", "relu6",
                 "relu7", "relu8", "relu9", "relu10", "relu11", "relu12"])
    for conv, num, k, stride, pad, c1, c2, cnum, pool in blocks:
        x = net.relu(next(relu), net.conv(conv, x, num, k, stride=stride, pad=pad))
        x = net.relu(next(relu), net.conv(c1, x, cnum, 1))
        x = net.relu(next(relu), net.conv(c2, x, cnum, 1))
        x = net.pool(pool, x, "MAX", 3, 2)
    x = net.dropout("drop", x)
    x = net.relu(next(relu), net.conv("conv4-1024", x, 1024, 3, pad=1))
    x = net.relu(next(relu), net.conv("cccp7-1024", x, 1024, 1))
    x = net.relu(next(relu), net.conv("cccp8-1024", x, 1000, 1))
    net.softmax(net.pool("pool4", x, "AVE", 6, 1))
    net.write("nin_imagenet")


def mobilenet():
    net = Net("MobileNet", """
MobileNet v1 1.0-224 (Howard et al. 2017) in the layout of shicai/MobileNet-Caffe:
depthwise convolutions as grouped convolutions (group = channels), each
convolution followed by BatchNorm + Scale and ReLU; fc7 is a 1x1
convolution. Input: one image of 224x224 (BGR, mean-subtracted, scaled by
0.017); output: probabilities over the 1000 ILSVRC 2012 classes.""")
    x = net.input([1, 3, 224, 224])

    def conv_bn(name, relu, x, num, k, stride, pad, group=1):
        x = net.conv(name, x, num, k, stride=stride, pad=pad, group=group, bias=False)
        x = net.bn_scale(name + "/bn", name + "/scale", x, eps=1e-5)
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
    rcnn()
    flickr_style()
    googlenet()
    vgg(16)
    vgg(19)
    resnet50()
    squeezenet("1.0")
    squeezenet("1.1")
    nin()
    mobilenet()
