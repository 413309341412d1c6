#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/util/comma_list.hpp"

namespace caffe {

TEST(SplitOnCommaTest, SplitsInOrder) {
  EXPECT_EQ(SplitOnComma("a.caffemodel,b.caffemodel"),
            (vector<string>{"a.caffemodel", "b.caffemodel"}));
  EXPECT_EQ(SplitOnComma("0"), (vector<string>{"0"}));
}

TEST(SplitOnCommaTest, DropsEmptyItems) {
  EXPECT_EQ(SplitOnComma(",0,,1,"), (vector<string>{"0", "1"}));
  EXPECT_TRUE(SplitOnComma("").empty());
  EXPECT_TRUE(SplitOnComma(",,").empty());
}

TEST(SplitOnCommaTest, KeepsSpaces) {
  // File names may hold spaces; nothing is trimmed.
  EXPECT_EQ(SplitOnComma(" a, b "), (vector<string>{" a", " b "}));
}

}  // namespace caffe
