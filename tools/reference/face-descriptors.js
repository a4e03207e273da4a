#!/usr/bin/env node
/*
 * face-descriptors.js - golden 128-d face descriptors from the ORIGINAL face-api.js network.
 *
 * What: runs the face recognition network (dlib-style ResNet-29, 128-d output) shipped with
 * @vladmandic/face-api@1.7.15 on @tensorflow/tfjs@4.22.0 with the pure-JS 'cpu' backend, for the
 * 150x150 face crops faces-tv/people/<name>/<name>1.png and <name>2.png, and writes the RAW
 * descriptors (not L2-normalised) as JSON. Numbers come from a Float32Array, so each one
 * round-trips its float32 value exactly.
 *
 * Why: golden data for the Java ONNX parity test of Pictor's face-resnet128 model
 * (models/src/test/resources/golden/face-resnet128-descriptors.json).
 *
 * Input handling: the crops are already 150x150, so nothing is resized. They are stored as 8-bit
 * greyscale PNGs (colour type 0); pngjs expands every PNG to 8-bit RGBA, so greyscale becomes
 * R=G=B=grey, and the alpha channel is dropped. The tensor fed to the network is int32
 * [150,150,3], RGB, 0..255; face-api itself casts to float32 and subtracts its channel means.
 * Only 8-bit PNGs are accepted (pngjs would silently rescale 16-bit data); the script stops on others.
 *
 * Weights are read from the npm package's model folder; no network access at run time.
 *
 * Run:
 *   cd tools/reference && npm ci && \
 *   node face-descriptors.js ../../../shared/data ../../models/src/test/resources/golden/face-resnet128-descriptors.json
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const tf = faceapi.tf; // the tfjs instance face-api was bundled against
const PNG_COLOUR_TYPES = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'greyscale+alpha', 6: 'RGBA' };

function listImages(dataDir) {
  const peopleDir = path.join(dataDir, 'faces-tv', 'people');
  const rel = [];
  for (const name of fs.readdirSync(peopleDir)) {
    for (const n of [1, 2]) rel.push(`faces-tv/people/${name}/${name}${n}.png`);
  }
  return rel.sort(); // plain code-unit order, independent of locale
}

function readRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const info = `${png.width}x${png.height} colourType=${png.colorType} (${PNG_COLOUR_TYPES[png.colorType]}) bitDepth=${png.depth}`;
  if (png.depth !== 8) throw new Error(`${file}: only 8-bit PNGs are supported, got ${info}`);
  if (png.width !== 150 || png.height !== 150) throw new Error(`${file}: expected 150x150, got ${info}`);
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let p = 0; p < png.width * png.height; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = png.data[p * 4 + c]; // RGBA -> RGB
  }
  return { rgb, width: png.width, height: png.height, info };
}

async function main() {
  const [dataDir, outFile] = process.argv.slice(2);
  if (!dataDir || !outFile) {
    console.error('usage: node face-descriptors.js <shared-data-dir> <out.json>');
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

  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(modelDir, 'face_recognition_model.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  faceapi.nets.faceRecognitionNet.loadFromWeightMap(tf.io.decodeWeights(weightData, manifest[0].weights));

  const images = [];
  for (const rel of listImages(dataDir)) {
    const { rgb, width, height, info } = readRgb(path.join(dataDir, rel));
    const input = tf.tensor3d(rgb, [height, width, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
    input.dispose();
    const values = Array.from(descriptor); // float32 -> Number, exact
    if (values.length !== 128) throw new Error(`${rel}: descriptor length ${values.length}`);
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    console.log(`${rel}  ${info}  L2=${norm.toFixed(6)}`);
    images.push({ path: rel, descriptor: values });
  }

  const header = {
    generator: 'tools/reference/face-descriptors.js',
    faceApi: '@vladmandic/face-api@1.7.15',
    tfjs: '@tensorflow/tfjs@4.22.0',
    backend: tf.getBackend(),
    input: '150x150 RGB 0..255, no resize',
  };
  const lines = Object.entries(header).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const imageLines = images.map((img) => `    ${JSON.stringify(img)}`).join(',\n');
  const json = `{\n${lines.join('\n')}\n  "images": [\n${imageLines}\n  ]\n}\n`;
  JSON.parse(json); // sanity: output is valid JSON
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, json);
  console.log(`wrote ${images.length} descriptors to ${outFile}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
