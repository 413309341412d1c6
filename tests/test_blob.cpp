#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/util/io.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class BlobTest : public ::testing::Test {
 protected:
  // Fills data with 1, 2, 3, ... and diff with 0.5, 1, 1.5, ...
  void FillCounting(Blob<Dtype>* blob) {
    for (int i = 0; i < blob->count(); ++i) {
      blob->mutable_cpu_data()[i] = i + 1;
      blob->mutable_cpu_diff()[i] = Dtype(0.5) * (i + 1);
    }
  }
};

TYPED_TEST_SUITE(BlobTest, TestDtypes);

TYPED_TEST(BlobTest, DefaultIsEmpty) {
  Blob<TypeParam> blob;
  EXPECT_EQ(blob.count(), 0);
  EXPECT_EQ(blob.num_axes(), 0);
  EXPECT_EQ(blob.asum_data(), 0);
  // A default blob counts 0, not the empty product 1.
  EXPECT_EQ(blob.shape_string(), "(0)");
}

TYPED_TEST(BlobTest, LegacyFourDShape) {
  Blob<TypeParam> blob(2, 3, 4, 5);
  EXPECT_EQ(blob.num(), 2);
  EXPECT_EQ(blob.channels(), 3);
  EXPECT_EQ(blob.height(), 4);
  EXPECT_EQ(blob.width(), 5);
  EXPECT_EQ(blob.count(), 120);
  EXPECT_EQ(blob.num_axes(), 4);
  EXPECT_EQ(blob.shape_string(), "2 3 4 5 (120)");
  EXPECT_EQ(blob.count(1), 60);
  EXPECT_EQ(blob.count(1, 3), 12);
  EXPECT_EQ(blob.offset(1, 2, 3, 4), 119);
  EXPECT_EQ(blob.offset(vector<int>{1, 0, 2}), 60 + 10);
}

TYPED_TEST(BlobTest, NDShapesAndLegacyAccessors) {
  Blob<TypeParam> blob(vector<int>{6, 7});
  EXPECT_EQ(blob.shape(), (vector<int>{6, 7}));
  EXPECT_EQ(blob.shape(-1), 7);
  EXPECT_EQ(blob.CanonicalAxisIndex(-2), 0);
  // Missing axes read as 1 through the legacy accessors.
  EXPECT_EQ(blob.num(), 6);
  EXPECT_EQ(blob.channels(), 7);
  EXPECT_EQ(blob.height(), 1);
  EXPECT_EQ(blob.width(), 1);
  blob.Reshape(vector<int>());
  EXPECT_EQ(blob.count(), 1);
  EXPECT_EQ(blob.shape_string(), "(1)");
  blob.Reshape(vector<int>{2, 0, 3});
  EXPECT_EQ(blob.count(), 0);
}

TYPED_TEST(BlobTest, BadShapesAreErrors) {
  Blob<TypeParam> blob(vector<int>{2, 3});
  EXPECT_THROW(blob.CanonicalAxisIndex(2), Error);
  EXPECT_THROW(blob.CanonicalAxisIndex(-3), Error);
  EXPECT_THROW(blob.Reshape(vector<int>{2, -1}), Error);
  EXPECT_THROW(blob.Reshape(vector<int>(kMaxBlobAxes + 1, 1)), Error);
  EXPECT_THROW(blob.Reshape(vector<int>{INT_MAX, 3}), Error);
  // A failed reshape leaves the blob as it was.
  EXPECT_EQ(blob.shape(), (vector<int>{2, 3}));
}

TYPED_TEST(BlobTest, ReshapeKeepsMemoryWithinCapacity) {
  Blob<TypeParam> blob(vector<int>{4, 5});
  const TypeParam* data = blob.cpu_data();
  blob.Reshape(vector<int>{2, 5});
  EXPECT_EQ(blob.cpu_data(), data);
  blob.Reshape(vector<int>{5, 4});
  EXPECT_EQ(blob.cpu_data(), data);
  blob.Reshape(vector<int>{5, 5});
  EXPECT_EQ(blob.count(), 25);
}

TYPED_TEST(BlobTest, ReshapeFromBlobShapeAndLike) {
  BlobShape shape;
  shape.add_dim(3);
  shape.add_dim(2);
  Blob<TypeParam> blob;
  blob.Reshape(shape);
  EXPECT_EQ(blob.shape(), (vector<int>{3, 2}));
  Blob<TypeParam> other;
  other.ReshapeLike(blob);
  EXPECT_EQ(other.shape(), blob.shape());
}

TYPED_TEST(BlobTest, DataAndDiffAccess) {
  Blob<TypeParam> blob(1, 2, 2, 3);
  this->FillCounting(&blob);
  EXPECT_EQ(blob.data_at(0, 1, 0, 2), 9);
  EXPECT_EQ(blob.diff_at(0, 1, 0, 2), 4.5);
  EXPECT_EQ(blob.data_at(vector<int>{0, 1, 1, 0}), 10);
}

TYPED_TEST(BlobTest, CopyFrom) {
  Blob<TypeParam> source(vector<int>{2, 3});
  this->FillCounting(&source);
  Blob<TypeParam> target(vector<int>{2, 3});
  target.CopyFrom(source);
  target.CopyFrom(source, true);
  EXPECT_EQ(target.cpu_data()[5], 6);
  EXPECT_EQ(target.cpu_diff()[5], 3);
  EXPECT_NE(target.cpu_data(), source.cpu_data());

  Blob<TypeParam> other_shape(vector<int>{3, 2});
  const string message = ErrorMessage([&] { other_shape.CopyFrom(source); });
  EXPECT_NE(message.find("2 3 (6)"), string::npos) << message;
  EXPECT_NE(message.find("3 2 (6)"), string::npos) << message;
  other_shape.CopyFrom(source, false, true);
  EXPECT_EQ(other_shape.shape(), (vector<int>{2, 3}));
  EXPECT_EQ(other_shape.cpu_data()[4], 5);
}

TYPED_TEST(BlobTest, ShareDataAndDiff) {
  Blob<TypeParam> owner(vector<int>{2, 3});
  this->FillCounting(&owner);
  Blob<TypeParam> sharer(vector<int>{6});
  sharer.ShareData(owner);
  EXPECT_EQ(sharer.cpu_data(), owner.cpu_data());
  EXPECT_NE(sharer.cpu_diff(), owner.cpu_diff());
  sharer.ShareDiff(owner);
  EXPECT_EQ(sharer.cpu_diff(), owner.cpu_diff());
  sharer.mutable_cpu_data()[0] = 42;
  EXPECT_EQ(owner.cpu_data()[0], 42);
}

TYPED_TEST(BlobTest, UpdateSubtractsDiff) {
  Blob<TypeParam> blob(vector<int>{4});
  this->FillCounting(&blob);
  blob.Update();
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(blob.cpu_data()[i], 0.5 * (i + 1), 1e-6);
  }
}

TYPED_TEST(BlobTest, NormsAndScaling) {
  Blob<TypeParam> blob(vector<int>{3});
  blob.mutable_cpu_data()[0] = 1;
  blob.mutable_cpu_data()[1] = -2;
  blob.mutable_cpu_data()[2] = 3;
  blob.mutable_cpu_diff()[0] = -0.5;
  blob.mutable_cpu_diff()[1] = 0;
  blob.mutable_cpu_diff()[2] = 2;
  EXPECT_NEAR(blob.asum_data(), 6, 1e-6);
  EXPECT_NEAR(blob.sumsq_data(), 14, 1e-6);
  EXPECT_NEAR(blob.asum_diff(), 2.5, 1e-6);
  EXPECT_NEAR(blob.sumsq_diff(), 4.25, 1e-6);
  blob.scale_data(2);
  blob.scale_diff(-1);
  EXPECT_NEAR(blob.cpu_data()[1], -4, 1e-6);
  EXPECT_NEAR(blob.cpu_diff()[2], -2, 1e-6);
  EXPECT_NEAR(blob.asum_data(), 12, 1e-6);
}

TYPED_TEST(BlobTest, ProtoRoundTrip) {
  Blob<TypeParam> blob(vector<int>{2, 1, 3});
  this->FillCounting(&blob);
  BlobProto proto;
  blob.ToProto(&proto);
  EXPECT_EQ(proto.shape().dim_size(), 3);
  Blob<TypeParam> read;
  read.FromProto(proto);
  EXPECT_EQ(read.shape(), blob.shape());
  EXPECT_EQ(read.cpu_data()[5], 6);
  blob.ToProto(&proto, true);
  read.FromProto(proto);
  EXPECT_EQ(read.cpu_diff()[5], 3);
}

TYPED_TEST(BlobTest, ReadsFloatAndDoubleValues) {
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 2 } double_data: 1.5 double_data: 2.5",
                          &proto);
  Blob<TypeParam> blob;
  blob.FromProto(proto);
  EXPECT_EQ(blob.cpu_data()[1], 2.5);
  ReadProtoFromTextString("shape { dim: 2 } data: 3 data: 4 diff: 5 diff: 6",
                          &proto);
  blob.FromProto(proto);
  EXPECT_EQ(blob.cpu_data()[0], 3);
  EXPECT_EQ(blob.cpu_diff()[1], 6);
}

TYPED_TEST(BlobTest, LegacyFourDProto) {
  BlobProto proto;
  ReadProtoFromTextString(
      "num: 1 channels: 1 height: 2 width: 3 "
      "data: 1 data: 2 data: 3 data: 4 data: 5 data: 6",
      &proto);
  Blob<TypeParam> blob;
  blob.FromProto(proto);
  EXPECT_EQ(blob.shape(), (vector<int>{1, 1, 2, 3}));
  EXPECT_EQ(blob.cpu_data()[4], 5);
  // A 2-D blob matches a legacy proto padded with leading 1s.
  Blob<TypeParam> two_d(vector<int>{2, 3});
  EXPECT_TRUE(two_d.ShapeEquals(proto));
  two_d.FromProto(proto, false);
  EXPECT_EQ(two_d.shape(), (vector<int>{2, 3}));
  EXPECT_EQ(two_d.cpu_data()[5], 6);
  Blob<TypeParam> other(vector<int>{3, 2});
  EXPECT_FALSE(other.ShapeEquals(proto));
}

TYPED_TEST(BlobTest, ShapeMismatchWithoutReshapeIsAnError) {
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 4 } data: 1 data: 2 data: 3 data: 4",
                          &proto);
  Blob<TypeParam> blob(vector<int>{2, 2});
  EXPECT_FALSE(blob.ShapeEquals(proto));
  const string message = ErrorMessage([&] { blob.FromProto(proto, false); });
  EXPECT_NE(message.find("4 (4)"), string::npos) << message;
  EXPECT_NE(message.find("2 2 (4)"), string::npos) << message;
}

TYPED_TEST(BlobTest, WrongNumberOfValuesIsAnError) {
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 3 } data: 1 data: 2", &proto);
  Blob<TypeParam> blob;
  const string message = ErrorMessage([&] { blob.FromProto(proto); });
  EXPECT_NE(message.find("2 values"), string::npos) << message;
}

TYPED_TEST(BlobTest, ClaimedShapeIsCheckedAgainstTheValuesBeforeAllocating) {
  // A trillion values claimed, one held: an error, and the blob keeps its
  // shape (nothing was reshaped or allocated).
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 1000000 dim: 1000000 } data: 1",
                          &proto);
  Blob<TypeParam> blob(vector<int>{2});
  const string message = ErrorMessage([&] { blob.FromProto(proto); });
  EXPECT_NE(message.find("blob holds 1 values for shape 1000000 1000000 "
                         "(1000000000000)"),
            string::npos)
      << message;
  EXPECT_EQ(blob.shape(), vector<int>{2});
}

TYPED_TEST(BlobTest, EmptyShapeWhosePartialCountPassesIntIsAnError) {
  // No elements, but count(1) would overflow (found by fuzz_mean_binaryproto).
  Blob<TypeParam> blob;
  const string message =
      ErrorMessage([&] { blob.Reshape(vector<int>{0, 449764944, 8}); });
  EXPECT_NE(message.find("blob size exceeds INT_MAX elements"), string::npos)
      << message;
}

TYPED_TEST(BlobTest, DimensionBeyondIntIsAnError) {
  // 2^32 + 2 would read as 2 if cut to an int, and match two values.
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 4294967298 } data: 1 data: 2",
                          &proto);
  Blob<TypeParam> blob;
  const string message = ErrorMessage([&] { blob.FromProto(proto); });
  EXPECT_NE(message.find("blob shape dimension 0 is 4294967298"),
            string::npos)
      << message;
}

TEST(ShapeStringTest, WritesCaffesLogText) {
  EXPECT_EQ(ShapeString({64, 1, 28, 28}), "64 1 28 28 (50176)");
  EXPECT_EQ(ShapeString({}), "(1)");
  EXPECT_EQ(ShapeString({2, 0, 3}), "2 0 3 (0)");
  // The count of a shape that no blob could hold does not wrap around.
  EXPECT_EQ(ShapeString({65536, 65536}), "65536 65536 (4294967296)");
  EXPECT_EQ(ShapeString({}, 0), "(0)");
  // Nor does the count of a shape beyond 64 bits (a fuzzed mean file's).
  EXPECT_EQ(ShapeString({INT_MAX, INT_MAX, INT_MAX}),
            "2147483647 2147483647 2147483647 (9223372036854775807)");
  EXPECT_EQ(ShapeString({2, -3}), "2 -3 (-6)");
}

TYPED_TEST(BlobTest, BlobProtoShape) {
  BlobProto proto;
  ReadProtoFromTextString("shape { dim: 5 dim: 1 }", &proto);
  EXPECT_EQ(BlobProtoShape(proto), (vector<int>{5, 1}));
  ReadProtoFromTextString("num: 2 channels: 3 height: 4 width: 5", &proto);
  EXPECT_EQ(BlobProtoShape(proto), (vector<int>{2, 3, 4, 5}));
}

}  // namespace caffe
