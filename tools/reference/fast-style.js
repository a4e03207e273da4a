#!/usr/bin/env node
/*
 * fast-style.js - golden outputs of the ml5 fast style transfer networks, computed with tfjs.
 *
 * What: runs the transform network of ml5-library's src/StyleTransfer/ (Engstrom's
 * fast-style-transfer net) on @tensorflow/tfjs@4.22.0 with the pure-JS 'cpu' backend, with the
 * same tfjs operations and the same order as ml5 (conv2d 'same' + instance norm from tf.moments
 * with epsilon 1e-3 + relu; residual blocks; conv2dTranspose 'same' to twice the size;
 * clip(150 * tanh(y) + 255 / 2, 0, 255)), and writes the result before ml5's division by 255.
 * The ml5 package itself is a browser bundle (it needs a DOM), so its layer sequence is
 * reproduced here op for op; the weights are the same raw float32 files ml5 loads.
 *
 * Why: golden data for Pictor's ONNX parity test (style-transfer/src/test/.../FastStyleParityIT):
 * an implementation that does not use ONNX Runtime.
 *
 * Input: 8-bit RGB PNGs (committed next to the output; made with ImageMagick from
 * ../shared/data/style/content/tubingen.jpg: convert tubingen.jpg -resize '64x48!' -strip
 * -define png:color-type=2 tubingen-64x48.png, and likewise 50x38). Fed as float32 [H, W, 3]
 * RGB 0..255, as ml5 feeds tf.browser.fromPixels.
 *
 * Output: for each style and input, <style>-<input>.f32: raw little-endian float32 in [H', W', 3]
 * order (HWC), where H' = 4 * ceil(H / 4) and W' likewise (what the network makes: two stride-2
 * convolutions, then two transposed convolutions that double the size); plus fast-style.json
 * listing the files and shapes.
 *
 * Run (from the repository root):
 *   cd tools/reference && npm ci && \
 *   node fast-style.js ../../../shared/models/fast-style-ml5 \
 *     ../../style-transfer/src/test/resources/golden/fast-style
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');

const JOBS = [
  { style: 'udnie', input: 'tubingen-64x48' },
  { style: 'rain_princess', input: 'tubingen-64x48' },
  { style: 'scream', input: 'tubingen-64x48' },
  { style: 'wave', input: 'tubingen-64x48' },
  { style: 'udnie', input: 'tubingen-50x38' },
];

function loadVariables(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const vars = {};
  for (const [name, entry] of Object.entries(manifest)) {
    const buf = fs.readFileSync(path.join(dir, entry.filename));
    const values = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    vars[name] = tf.tensor(values, entry.shape, 'float32');
  }
  return vars;
}

function readPng(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  if (png.depth !== 8) throw new Error(`${file}: expected 8-bit, got ${png.depth}`);
  const rgb = new Float32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = png.data[i * 4 + c];
  }
  return tf.tensor3d(rgb, [png.height, png.width, 3], 'float32');
}

function transform(vars, image) {
  const v = (id) => vars[id === 0 ? 'Variable' : `Variable_${id}`];
  const norm = (x, id) => {
    const { mean, variance } = tf.moments(x, [0, 1]);
    const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, tf.scalar(1e-3))));
    return tf.add(tf.mul(v(id + 1), normalized), v(id));
  };
  const conv = (x, stride, relu, id) => {
    const y = norm(tf.conv2d(x, v(id), [stride, stride], 'same'), id + 1);
    return relu ? tf.relu(y) : y;
  };
  const residual = (x, id) => tf.add(conv(conv(x, 1, true, id), 1, false, id + 3), x);
  const deconv = (x, filters, id) => {
    const [h, w] = x.shape;
    const y = tf.conv2dTranspose(x, v(id), [h * 2, w * 2, filters], [2, 2], 'same');
    return tf.relu(norm(y, id + 1));
  };
  return tf.tidy(() => {
    let x = conv(image, 1, true, 0);
    x = conv(x, 2, true, 3);
    x = conv(x, 2, true, 6);
    for (const id of [9, 15, 21, 27, 33]) x = residual(x, id);
    x = deconv(x, 64, 39);
    x = deconv(x, 32, 42);
    x = conv(x, 1, false, 45);
    return tf.clipByValue(tf.add(tf.scalar(255 / 2), tf.mul(tf.scalar(150), tf.tanh(x))), 0, 255);
  });
}

async function main() {
  const [modelRoot, outDir] = process.argv.slice(2);
  if (!modelRoot || !outDir) throw new Error('usage: node fast-style.js MODEL_ROOT OUT_DIR');
  await tf.setBackend('cpu');
  const index = [];
  for (const job of JOBS) {
    const vars = loadVariables(path.join(modelRoot, job.style));
    const image = readPng(path.join(outDir, `${job.input}.png`));
    const out = transform(vars, image);
    const data = await out.data();
    const file = `${job.style}-${job.input}.f32`;
    fs.writeFileSync(path.join(outDir, file), Buffer.from(new Float32Array(data).buffer));
    index.push({
      style: job.style,
      input: `${job.input}.png`,
      inputHeight: image.shape[0],
      inputWidth: image.shape[1],
      file,
      layout: 'HWC',
      outputHeight: out.shape[0],
      outputWidth: out.shape[1],
    });
    console.log(`${file}: ${out.shape}`);
    out.dispose();
    image.dispose();
    Object.values(vars).forEach((t) => t.dispose());
  }
  const meta = { generator: 'tools/reference/fast-style.js', tfjs: tf.version.tfjs, backend: tf.getBackend(), outputs: index };
  fs.writeFileSync(path.join(outDir, 'fast-style.json'), JSON.stringify(meta, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
