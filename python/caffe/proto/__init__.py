# caffe_pb2.py is generated here from proto/caffe.proto by the build.
