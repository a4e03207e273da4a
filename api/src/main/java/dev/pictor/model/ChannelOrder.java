package dev.pictor.model;

/**
 * The order of the colour channels a network takes (written as {@code "RGB"} or {@code "BGR"} in a
 * card).
 */
public enum ChannelOrder {
  /** Red, green, blue. */
  RGB,
  /** Blue, green, red (OpenCV's and Caffe's order). */
  BGR
}
