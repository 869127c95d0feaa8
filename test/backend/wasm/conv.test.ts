/**
 * Parity of the WASM convolution kernels (convForward, convInputGrad, convWeightGrad) with the JS
 * reference at awkward sizes (batches past a chunk, odd planes, strides, padding, dilation, groups,
 * depths over a k-block), in both builds: each result is within the float32 error bound of the
 * float64 reference, and has exactly the bits of its twin made of the reference's im2col / col2im
 * and the same build's GEMM (for the weight gradient: one such product per chunk of CONV_CHUNK
 * samples, the partials added in order). Threaded jobs give the same bits as one thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsActivation } from '../../../src/backend/js/activation.js';
import { convColumnsSpec, convProductSpec, convWeightSpec, jsConv } from '../../../src/backend/js/conv.js';
import { jsPool } from '../../../src/backend/js/pool.js';
import type { ConvGemm, ConvGeometry } from '../../../src/backend/kernels/conv.js';
import { CONV_CHUNK, createConv } from '../../../src/backend/wasm/conv.js';
import { createGemm } from '../../../src/backend/wasm/gemm.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { createRuntime, probeFeatures, type WasmRuntime } from '../../../src/backend/wasm/module.js';
import { getNumThreads, Pool, setNumThreads } from '../../../src/backend/wasm/pool.js';
import type { TypedArray } from '../../../src/dtype.js';
import { Rng } from '../../../src/index.js';

const backend = wasmBackend();
if (backend === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const defaultThreads = getNumThreads();
afterEach(() => setNumThreads(defaultThreads));
const rng = new Rng(11);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-2, 2));
const bytes = (x: TypedArray) => Buffer.from(Float32Array.from(x as Float32Array).buffer);

interface Case {
  n: number;
  c: number;
  h: number;
  w: number;
  k: [number, number];
  stride?: [number, number];
  pad?: [number, number, number, number]; // top, left, bottom, right
  dil?: [number, number];
  out: number;
  groups?: number;
}

/** The ConvGemm of a case (output size from PyTorch's formula, asymmetric padding allowed). */
function gemmOf({ n, c, h, w, k, stride = [1, 1], pad = [0, 0, 0, 0], dil = [1, 1], out, groups = 1 }: Case): ConvGemm {
  const size = (i: number, kk: number, s: number, p0: number, p1: number, d: number) =>
    Math.floor((i + p0 + p1 - d * (kk - 1) - 1) / s) + 1;
  const geo: ConvGeometry = {
    batch: n,
    channels: c,
    height: h,
    width: w,
    kernelH: k[0],
    kernelW: k[1],
    strideH: stride[0],
    strideW: stride[1],
    padTop: pad[0],
    padLeft: pad[1],
    dilationH: dil[0],
    dilationW: dil[1],
    outH: size(h, k[0], stride[0], pad[0], pad[2], dil[0]),
    outW: size(w, k[1], stride[1], pad[1], pad[3], dil[1]),
  };
  return { geo, groups, rows: out / groups };
}

const cases: Case[] = [
  { n: 1, c: 1, h: 1, w: 1, k: [1, 1], out: 1 },
  { n: 3, c: 3, h: 5, w: 17, k: [3, 3], pad: [1, 1, 1, 1], out: 5 },
  { n: 5, c: 6, h: 17, w: 5, k: [2, 3], stride: [2, 1], pad: [2, 0, 1, 2], out: 4, groups: 2 },
  // more than two chunks of samples; stride, dilation and padding together; groups
  { n: 17, c: 4, h: 9, w: 9, k: [5, 5], stride: [2, 2], pad: [2, 2, 2, 2], dil: [2, 2], out: 6, groups: 2 },
  // depthwise, a wide plane (129 columns), a 1 × 5 kernel
  { n: 2, c: 3, h: 3, w: 129, k: [1, 5], pad: [0, 2, 0, 2], out: 3, groups: 3 },
  // 1-D: H = 1, stride 3, dilation 2
  { n: 3, c: 2, h: 1, w: 129, k: [1, 7], stride: [1, 3], pad: [0, 3, 0, 3], dil: [1, 2], out: 5 },
  // W3's second layer: K = 200 spans two column tiles of the weight gradient
  { n: 9, c: 8, h: 14, w: 14, k: [5, 5], pad: [2, 2, 2, 2], out: 16 },
  // K = 600: more than one k-block in either build; 129 output channels: several row blocks
  { n: 2, c: 24, h: 6, w: 6, k: [5, 5], pad: [2, 2, 2, 2], out: 4 },
  { n: 3, c: 1, h: 5, w: 5, k: [3, 3], out: 129 },
];

// Both builds where they run, thresholds off: every job on the calling thread.
const features = probeFeatures();
const builds = [false, ...(features.fusedMadd ? [true] : [])].map((fused) => {
  const rt = createRuntime({ ...features, fusedMadd: fused }) as WasmRuntime;
  const pool = new Pool(rt);
  return {
    name: fused ? 'fused' : 'plain',
    conv: createConv(rt, pool, { parallelMinMacs: Number.POSITIVE_INFINITY }),
    gemm: createGemm(rt, pool, { minMacs: 0, parallelMinMacs: Number.POSITIVE_INFINITY }),
  };
});

type Gemm = (typeof builds)[number]['gemm'];

/** The weight gradient as the WASM kernel sums it: per chunk of samples one GEMM, chunks added in order. */
function chunkedWeightGrad(gemm: Gemm, dy: Float32Array, x: Float32Array, spec: ConvGemm): Float32Array {
  const { geo, groups, rows } = spec;
  const l = geo.outH * geo.outW;
  const dyPer = groups * rows * l;
  const xPer = geo.channels * geo.height * geo.width;
  let sum: Float32Array | null = null;
  for (let n0 = 0; n0 < geo.batch; n0 += CONV_CHUNK) {
    const n1 = Math.min(geo.batch, n0 + CONV_CHUNK);
    const part: ConvGemm = { ...spec, geo: { ...geo, batch: n1 - n0 } };
    const cols = jsConv.im2col(x.subarray(n0 * xPer, n1 * xPer), part.geo);
    const p = gemm(dy.subarray(n0 * dyPer, n1 * dyPer), cols, convWeightSpec(part)) as Float32Array;
    if (sum === null) sum = p;
    else for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (p[i] as number);
  }
  return sum as Float32Array;
}

const f64 = (a: Float32Array) => Float64Array.from(a);
const abs64 = (a: Float32Array) => Float64Array.from(a, Math.abs);

/** |got − exact| ≤ u·terms·scale per element (the float32 bound of a sum of `terms` products). */
function expectWithin(what: string, got: TypedArray, exact: TypedArray, scale: TypedArray, terms: number): void {
  expect(got.length, what).toBe(exact.length);
  const u = 2 ** -24 * (terms + 2);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs((got[i] as number) - (exact[i] as number));
    if (!(err <= u * (scale[i] as number) + 1e-30)) {
      throw new Error(`${what}[${i}] = ${got[i]}, reference ${exact[i]} (bound ${u * (scale[i] as number)})`);
    }
  }
}

const label = (c: Case) => `N${c.n} C${c.c} ${c.h}×${c.w} k${c.k} s${c.stride ?? 1} g${c.groups ?? 1} → ${c.out}`;

describe('wasm conv kernels', () => {
  for (const c of cases) {
    it(`match the reference and their twins: ${label(c)}`, () => {
      const spec = gemmOf(c);
      const { geo, groups, rows } = spec;
      const taps = geo.kernelH * geo.kernelW;
      const kk = (geo.channels / groups) * taps;
      const l = geo.outH * geo.outW;
      const x = random(geo.batch * geo.channels * geo.height * geo.width);
      const w = random(groups * rows * kk);
      const bias = random(groups * rows);
      const dy = random(geo.batch * groups * rows * l);
      const y64 = jsConv.convForward(f64(x), f64(w), f64(bias), spec);
      const yScale = jsConv.convForward(abs64(x), abs64(w), abs64(bias), spec);
      const dx64 = jsConv.convInputGrad(f64(w), f64(dy), spec);
      const dxScale = jsConv.convInputGrad(abs64(w), abs64(dy), spec);
      const dw64 = jsConv.convWeightGrad(f64(dy), f64(x), spec);
      const dwScale = jsConv.convWeightGrad(abs64(dy), abs64(x), spec);
      for (const { name, conv, gemm } of builds) {
        const y = conv.convForward(x, w, bias, spec);
        const yTwin = jsConv.addChannelBias(
          gemm(w, jsConv.im2col(x, geo), convProductSpec(spec)),
          bias,
          geo.batch,
          groups * rows,
          l,
        );
        expect(bytes(y).equals(bytes(yTwin)), `${name} forward: bits differ from im2col + GEMM`).toBe(true);
        expectWithin(`${name} forward`, y, y64, yScale, kk + 1);
        const yRelu = conv.convForward(x, w, bias, spec, true);
        const want = jsActivation.relu(yTwin as Float32Array, undefined);
        expect(bytes(yRelu).equals(bytes(want)), `${name} forward + ReLU: bits differ from relu(forward)`).toBe(true);
        // + 2×2 max pooling where the planes allow it (pooled in WASM memory), else the composition
        const planes = geo.batch * groups * rows;
        const window = { planes, inH: geo.outH, inW: geo.outW, outH: geo.outH >> 1, outW: geo.outW >> 1 };
        const poolGeo = { ...window, kH: 2, kW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1 };
        if (poolGeo.outH > 0 && poolGeo.outW > 0) {
          const pooled = conv.convReluMaxPool(x, w, bias, spec, poolGeo);
          const wantPooled = jsPool.maxPool2d(want, poolGeo);
          expect(bytes(pooled.out).equals(bytes(wantPooled.out)), `${name} conv + ReLU + pool: values`).toBe(true);
          expect(pooled.indices).toEqual(wantPooled.indices);
        }

        const dx = conv.convInputGrad(w, dy, spec);
        const dxTwin = jsConv.col2im(gemm(w, dy, convColumnsSpec(spec)), geo);
        expect(bytes(dx).equals(bytes(dxTwin)), `${name} input grad: bits differ from GEMM + col2im`).toBe(true);
        expectWithin(`${name} input grad`, dx, dx64, dxScale, rows + taps);

        const dw = conv.convWeightGrad(dy, x, spec);
        const dwTwin = chunkedWeightGrad(gemm, dy, x, spec);
        expect(bytes(dw).equals(bytes(dwTwin)), `${name} weight grad: bits differ from chunked GEMMs`).toBe(true);
        expectWithin(`${name} weight grad`, dw, dw64, dwScale, l * geo.batch);
      }
    });
  }

  it('forward without a bias, an empty batch, and float64 operands (the JS reference)', () => {
    const spec = gemmOf({ n: 2, c: 2, h: 4, w: 3, k: [2, 2], out: 3 });
    const x = random(2 * 2 * 4 * 3);
    const w = random(3 * 8);
    const dy = random(2 * 3 * 3 * 2);
    for (const { conv, gemm } of builds) {
      const y = conv.convForward(x, w, null, spec);
      expect(bytes(y).equals(bytes(gemm(w, jsConv.im2col(x, spec.geo), convProductSpec(spec))))).toBe(true);
      const empty = { ...spec, geo: { ...spec.geo, batch: 0 } };
      expect(conv.convForward(new Float32Array(0), w, null, empty)).toEqual(new Float32Array(0));
      expect(conv.convInputGrad(w, new Float32Array(0), empty)).toEqual(new Float32Array(0));
      expect(conv.convWeightGrad(new Float32Array(0), new Float32Array(0), empty)).toEqual(new Float32Array(24));
      const [x64, w64, dy64] = [f64(x), f64(w), f64(dy)];
      expect(conv.convForward(x64, w64, null, spec)).toEqual(jsConv.convForward(x64, w64, null, spec));
      expect(conv.convInputGrad(w64, dy64, spec)).toEqual(jsConv.convInputGrad(w64, dy64, spec));
      expect(conv.convWeightGrad(dy64, x64, spec)).toEqual(jsConv.convWeightGrad(dy64, x64, spec));
    }
  });

  it('threaded jobs give the bits of one thread, and workers take tasks', async () => {
    // every job to the pool of the process-wide backend, however small
    const conv = createConv(backend.runtime, backend.pool, { parallelMinMacs: 0 });
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // the last: an output of more than PREFAULT_MIN values, whose pages are touched during the job
    const large: Case = { n: 24, c: 1, h: 28, w: 28, k: [5, 5], pad: [2, 2, 2, 2], out: 16 };
    for (const c of [cases[3] as Case, cases[6] as Case, large]) {
      const spec = gemmOf(c);
      const { geo, groups, rows } = spec;
      const kk = (geo.channels / groups) * geo.kernelH * geo.kernelW;
      const l = geo.outH * geo.outW;
      const x = random(geo.batch * geo.channels * geo.height * geo.width);
      const w = random(groups * rows * kk);
      const bias = random(groups * rows);
      const dy = random(geo.batch * groups * rows * l);
      const poolGeo = { planes: geo.batch * groups * rows, inH: geo.outH, inW: geo.outW, outH: geo.outH >> 1 };
      const window = { ...poolGeo, outW: geo.outW >> 1, kH: 2, kW: 2, sH: 2, sW: 2, pH: 0, pW: 0, dH: 1, dW: 1 };
      const all = () => [
        conv.convForward(x, w, bias, spec),
        conv.convForward(x, w, bias, spec, true),
        ...(window.outH > 0 && window.outW > 0 ? [conv.convReluMaxPool(x, w, bias, spec, window).out] : []),
        conv.convInputGrad(w, dy, spec),
        conv.convWeightGrad(dy, x, spec),
      ];
      setNumThreads(1);
      const one = all().map(bytes);
      for (const threads of [2, 3]) {
        setNumThreads(threads);
        const before = backend.pool.stats.helperTasks;
        let got = all();
        // workers boot in the background: repeat until one of them took a task
        for (let i = 0; i < 200 && backend.pool.stats.helperTasks === before; i++) {
          await sleep(10);
          got = all();
        }
        expect(backend.pool.stats.helperTasks, `no worker took a task with ${threads} threads`).toBeGreaterThan(before);
        for (let i = 0; i < got.length; i++) {
          const same = bytes(got[i] as TypedArray).equals(one[i] as Buffer);
          expect(same, `result ${i}: ${threads} threads differ`).toBe(true);
        }
      }
    }
  });
});
