#!/usr/bin/env node
/*
 * mobilefacenet-features.mjs - golden 512-d features from the feature code of
 * faceplugin-face-recognition-js@0.0.1, run in Node.
 *
 * What: imports the package's own lib/fr_feature.js (copied byte for byte to .work/fr_feature.mjs
 * so that Node loads it as an ES module and resolves its imports from this folder's
 * node_modules), gives it the package's own OpenCV.js (js/opencv.js + js/opencv_js.wasm) as the
 * global `cv` it expects, and calls its exported extractFeature(session, canvasId, landmarks) on
 * 16 face images. The session is model/fr_feature.onnx on onnxruntime-web 1.14.0 (wasm backend),
 * as in the package's loadFeatureModel. Writes the raw 512-d outputs (not normalised) as JSON.
 *
 * Glue: a shim re-exports onnxruntime-web's CommonJS names for the ES module. In a browser, extractFeature reads a <canvas> with cv.imread(canvasId), which
 * gives an RGBA matrix; here cv.imread returns an RGBA matrix built from the same pixels.
 *
 * Inputs: the fixed 112x112 window (rows and columns 19..130) of the 150x150 greyscale crops
 * faces-tv/people/<name>/<name>1.png and <name>2.png, tinted so that the channels differ and the
 * channel order matters: R = g, G = floor(3 g / 4), B = floor(g / 2) + 64 (alpha 255). The 68
 * landmarks passed are chosen so that the package's convert68pts5pts gives exactly its own
 * REFERENCE_FACIAL_POINTS; its 3-point affine warp is then the identity and the network sees the
 * window itself, which the Java parity test can rebuild exactly.
 *
 * Run (from this folder; PKG is the unpacked npm package, e.g. from
 *   npm pack faceplugin-face-recognition-js@0.0.1 && tar xzf faceplugin-*.tgz):
 *   npm ci && node mobilefacenet-features.mjs PKG/package ../../../../shared/data \
 *     ../../../models/src/test/resources/golden/mobilefacenet512-features.json
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const { PNG } = require('pngjs');
const ort = require('onnxruntime-web');

const WINDOW = { x0: 19, y0: 19, side: 112 };

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function listImages(dataDir) {
  const peopleDir = path.join(dataDir, 'faces-tv', 'people');
  const rel = [];
  for (const name of fs.readdirSync(peopleDir)) {
    for (const n of [1, 2]) rel.push(`faces-tv/people/${name}/${name}${n}.png`);
  }
  return rel.sort();
}

/** The tinted RGBA window of a 150x150 8-bit greyscale crop. */
function tintedWindow(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  if (png.depth !== 8 || png.colorType !== 0 || png.width !== 150 || png.height !== 150) {
    throw new Error(`${file}: expected a 150x150 8-bit greyscale PNG`);
  }
  const side = WINDOW.side;
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const g = png.data[((WINDOW.y0 + y) * png.width + WINDOW.x0 + x) * 4]; // pngjs: RGBA, R=G=B
      const o = (y * side + x) * 4;
      rgba[o] = g;
      rgba[o + 1] = Math.floor((3 * g) / 4);
      rgba[o + 2] = Math.floor(g / 2) + 64;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

/** 68 points (136 numbers) whose 5 points, as convert68pts5pts averages them, are `points`. */
function landmarksFor(points) {
  const l = new Array(136).fill(0);
  const set = (indices, [x, y]) => indices.forEach((i) => { l[i] = x; l[i + 1] = y; });
  set([74, 76, 80, 82], points[0]); // left eye: points 37, 38, 40, 41
  set([86, 88, 92, 94], points[1]); // right eye: points 43, 44, 46, 47
  set([60], points[2]); // nose tip: point 30
  set([96, 120], points[3]); // left mouth corner: points 48, 60
  set([108, 128], points[4]); // right mouth corner: points 54, 64
  return l;
}

async function loadOpenCv(pkgDir) {
  // This OpenCV.js build instantiates itself when required and reads opencv_js.wasm from the
  // current directory while it starts up.
  const before = process.cwd();
  process.chdir(path.join(pkgDir, 'js'));
  try {
    const module = require(path.join(pkgDir, 'js', 'opencv.js'));
    // Its start-up hook is taken at require time, so wait for the bindings to appear.
    for (let waited = 0; !module.Mat; waited += 50) {
      if (waited > 60000) throw new Error('OpenCV.js did not start within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Wrapped: this emscripten Module is a thenable that resolves to itself, so awaiting it
    // directly never ends.
    return { cv: module };
  } finally {
    process.chdir(before);
  }
}

async function main() {
  const [pkgDir, dataDir, outFile] = process.argv.slice(2);
  if (!pkgDir || !dataDir || !outFile) {
    console.error('usage: node mobilefacenet-features.mjs <unpacked-package-dir> <shared-data-dir> <out.json>');
    process.exit(2);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== 'faceplugin-face-recognition-js' || pkg.version !== '0.0.1') {
    throw new Error(`${pkgDir} is ${pkg.name}@${pkg.version}, expected faceplugin-face-recognition-js@0.0.1`);
  }
  const modelFile = path.join(pkgDir, 'model', 'fr_feature.onnx');
  const featureJs = path.join(pkgDir, 'lib', 'fr_feature.js');
  const ortVersion = require('onnxruntime-web/package.json').version;
  if (ortVersion !== '1.14.0') throw new Error(`onnxruntime-web ${ortVersion}, expected 1.14.0 (run npm ci)`);

  // The package's feature code, unchanged, as an ES module beside our node_modules.
  const work = path.join(here, '.work');
  fs.mkdirSync(work, { recursive: true });
  const moduleCopy = path.join(work, 'fr_feature.mjs');
  fs.copyFileSync(featureJs, moduleCopy);
  if (sha256(moduleCopy) !== sha256(featureJs)) throw new Error('copy of fr_feature.js differs');
  // onnxruntime-web 1.14 is CommonJS, whose names an ES module cannot import one by one; a shim
  // in .work/node_modules (found first from .work) re-exports this folder's copy by name.
  const shim = path.join(work, 'node_modules', 'onnxruntime-web');
  fs.mkdirSync(shim, { recursive: true });
  fs.writeFileSync(path.join(shim, 'package.json'), '{"type":"module","main":"index.js"}\n');
  fs.writeFileSync(
    path.join(shim, 'index.js'),
    `import ort from ${JSON.stringify(pathToFileURL(require.resolve('onnxruntime-web')).href)};\n`
      + 'export const { InferenceSession, Tensor } = ort;\n',
  );

  const { cv } = await loadOpenCv(pkgDir);
  const canvases = new Map();
  cv.imread = (id) => canvases.get(id).clone(); // the browser's canvas read, RGBA
  globalThis.cv = cv;
  const feature = await import(pathToFileURL(moduleCopy).href);

  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(fs.readFileSync(modelFile), {
    executionProviders: ['wasm'],
  });

  // The package's REFERENCE_FACIAL_POINTS, read back through its own alignment code path.
  const reference = [
    [38.29459953, 51.69630051],
    [73.53179932, 51.50139999],
    [56.02519989, 71.73660278],
    [41.54930115, 92.3655014],
    [70.72990036, 92.20410156],
  ];
  const landmarks = landmarksFor(reference);

  const images = [];
  for (const rel of listImages(dataDir)) {
    const rgba = tintedWindow(path.join(dataDir, rel));
    const mat = cv.matFromArray(WINDOW.side, WINDOW.side, cv.CV_8UC4, Array.from(rgba));
    canvases.set(rel, mat);
    const [outputs] = await feature.extractFeature(session, rel, [landmarks]);
    const values = Array.from(outputs.output.data);
    if (values.length !== 512) throw new Error(`${rel}: ${values.length} outputs, expected 512`);
    images.push({ path: rel, feature: values });
    mat.delete();
    console.log(`${rel}: |f| = ${Math.hypot(...values).toFixed(4)}`);
  }

  const json = {
    generator: 'tools/reference/mobilefacenet/mobilefacenet-features.mjs',
    package: 'faceplugin-face-recognition-js@0.0.1',
    modelSha256: sha256(modelFile),
    featureJsSha256: sha256(featureJs),
    onnxruntimeWeb: ortVersion,
    input: 'window x,y 19..130 of the 150x150 crop, tinted R=g G=floor(3g/4) B=floor(g/2)+64,'
      + ' fed through the package\'s extractFeature (identity warp, RGBA canvas, (v-127)/128)',
    window: { x0: WINDOW.x0, y0: WINDOW.y0, x1: WINDOW.x0 + WINDOW.side - 1, y1: WINDOW.y0 + WINDOW.side - 1 },
    images,
  };
  const lines = [
    '{',
    ...Object.entries(json)
      .filter(([k]) => k !== 'images')
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    '  "images": [',
    images.map((i) => `    ${JSON.stringify(i)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ];
  fs.writeFileSync(outFile, lines.join('\n'));
  console.log(`wrote ${images.length} features to ${outFile}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
