#!/usr/bin/env node
/*
 * face-landmarks.js - golden 68-point landmark outputs from the ORIGINAL face-api.js network.
 *
 * What: runs the 68-point face landmark network (FaceLandmark68Net) shipped with
 * @vladmandic/face-api@1.7.15 on @tensorflow/tfjs@4.22.0 with the pure-JS 'cpu' backend and
 * writes its RAW output (136 numbers: x0, y0, x1, y1, ... as fractions of the 112x112 input) for
 * 112x112 windows of the 150x150 face crops faces-tv/people/<name>/<name>1.png and <name>2.png.
 * Numbers come from a Float32Array, so each one round-trips its float32 value exactly.
 *
 * Why: golden data for the Java ONNX parity test of Pictor's face-landmark68 model
 * (models/src/test/resources/golden/face-landmark68.json).
 *
 * Input handling: resizing differs between tfjs and Java, so nothing is resized. Each crop is cut
 * to the fixed window rows 19..130 and columns 19..130 (inclusive, 112x112: the centre of the
 * 150x150 crop), recorded in the JSON as "window". The crops are 8-bit greyscale PNGs; pngjs
 * expands them to RGBA, so R=G=B=grey, and alpha is dropped. The tensor fed is int32 [112,112,3],
 * RGB, 0..255; face-api's feature extractor casts it to float32, subtracts its channel means and
 * divides by 255. Since the input is already 112x112 and square, face-api's toBatchTensor neither
 * pads nor resizes it.
 *
 * "Raw" means the output of FaceProcessor.runNet (the fully connected layer), before
 * FaceLandmark68NetBase.postProcess, which only undoes letterbox padding; for a square input the
 * post-processed values equal the raw ones (checked below to 1e-6).
 *
 * Weights are read from the npm package's model folder; no network access at run time.
 *
 * Run:
 *   cd tools/reference && npm ci && \
 *   node face-landmarks.js ../../../shared/data ../../models/src/test/resources/golden/face-landmark68.json
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf; // the tfjs instance face-api was bundled against
const SIDE = 112;
const WINDOW = { x0: 19, y0: 19, x1: 130, y1: 130 }; // inclusive, 112x112 in a 150x150 crop

function listImages(dataDir) {
  const peopleDir = path.join(dataDir, 'faces-tv', 'people');
  const rel = [];
  for (const name of fs.readdirSync(peopleDir)) {
    for (const n of [1, 2]) rel.push(`faces-tv/people/${name}/${name}${n}.png`);
  }
  return rel.sort(); // plain code-unit order, independent of locale
}

function readWindow(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const info = `${png.width}x${png.height} colourType=${png.colorType} bitDepth=${png.depth}`;
  if (png.depth !== 8) throw new Error(`${file}: only 8-bit PNGs are supported, got ${info}`);
  if (png.width !== 150 || png.height !== 150) throw new Error(`${file}: expected 150x150, got ${info}`);
  const rgb = new Int32Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const s = ((y + WINDOW.y0) * png.width + (x + WINDOW.x0)) * 4;
      for (let c = 0; c < 3; c++) rgb[(y * SIDE + x) * 3 + c] = png.data[s + c]; // RGBA -> RGB
    }
  }
  return { rgb, info };
}

async function main() {
  const [dataDir, outFile] = process.argv.slice(2);
  if (!dataDir || !outFile) {
    console.error('usage: node face-landmarks.js <shared-data-dir> <out.json>');
    process.exit(2);
  }

  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}, expected cpu`);
  const faceApiVersion = require('@vladmandic/face-api/package.json').version;
  if (tf.version_core !== '4.22.0' || faceApiVersion !== '1.7.15') {
    throw new Error(`unexpected versions: tfjs-core ${tf.version_core}, face-api ${faceApiVersion} (run npm ci)`);
  }
  console.log(`tfjs-core ${tf.version_core}, face-api ${faceApiVersion}, backend: ${tf.getBackend()}`);

  const net = faceapi.nets.faceLandmark68Net;
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_landmark_68_model-weights_manifest.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(modelDir, 'face_landmark_68_model.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  net.loadFromWeightMap(tf.io.decodeWeights(weightData, manifest[0].weights));

  const images = [];
  for (const rel of listImages(dataDir)) {
    const { rgb, info } = readWindow(path.join(dataDir, rel));
    const input = tf.tensor3d(rgb, [SIDE, SIDE, 3], 'int32');
    const netInput = await faceapi.toNetInput(input);
    const rawTensor = net.runNet(netInput);
    const raw = Array.from(await rawTensor.data()); // float32 -> Number, exact
    rawTensor.dispose();
    const postTensor = net.forwardInput(await faceapi.toNetInput(input));
    const post = Array.from(await postTensor.data());
    postTensor.dispose();
    input.dispose();
    if (raw.length !== 136) throw new Error(`${rel}: output length ${raw.length}`);
    const postDiff = Math.max(...raw.map((v, i) => Math.abs(v - post[i])));
    if (postDiff > 1e-6) throw new Error(`${rel}: post-processed output differs from raw by ${postDiff}`);
    const min = Math.min(...raw);
    const max = Math.max(...raw);
    console.log(`${rel}  ${info}  raw in [${min.toFixed(4)}, ${max.toFixed(4)}]  |post-raw| ${postDiff.toExponential(2)}`);
    images.push({ path: rel, landmarks: raw });
  }

  const header = {
    generator: 'tools/reference/face-landmarks.js',
    faceApi: '@vladmandic/face-api@1.7.15',
    tfjs: '@tensorflow/tfjs@4.22.0',
    backend: tf.getBackend(),
    input: '112x112 window of the 150x150 crop, RGB 0..255 (greyscale copied to R, G, B), no resize',
    window: WINDOW,
    output: 'raw FaceLandmark68Net output (runNet, before postProcess): x0, y0, ..., x67, y67 as fractions of the 112x112 input',
  };
  const lines = Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const imageLines = images.map((img) => `    ${JSON.stringify(img)}`).join(',\n');
  const json = `{\n${lines.join('\n')}\n  "images": [\n${imageLines}\n  ]\n}\n`;
  JSON.parse(json); // sanity: output is valid JSON
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, json);
  console.log(`wrote ${images.length} landmark outputs to ${outFile}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
