// AssemblyScript: max pooling of the WASM backend over float32 planes in the module's memory (byte
// offsets; ../pooling.ts copies in and out). The rules are the JS reference's (backend/js/pool.ts):
// taps in the order (0,0) (0,1) (1,0) (1,1), a tap replaces the max when it is greater or NaN, and
// the index is the tap's flat position h·inW + w within its plane.

/**
 * Max pooling with 2×2 windows, stride 2, no padding, every window inside the plane: `planes`
 * planes of inH × inW at x give outH × outW maxima at out and their positions at idx. Four outputs
 * at a time: the even and odd columns of two rows are split with shuffles and compared lane-wise
 * with the reference's rule, so no branch depends on the data.
 */
export function maxPool2x2(x: usize, out: usize, idx: usize, planes: i32, inH: i32, inW: i32, outH: i32, outW: i32): void {
  const rowBytes = <usize>inW << 2;
  const plane = <usize>(inH * inW) << 2;
  const vecW = outW & ~3;
  const steps = i32x4(0, 2, 4, 6);
  for (let p = 0; p < planes; p++) {
    const xp = x + <usize>p * plane;
    for (let oh = 0; oh < outH; oh++) {
      const top = 2 * oh * inW;
      const t = xp + (<usize>top << 2);
      const b = t + rowBytes;
      let ow = 0;
      for (; ow < vecW; ow += 4) {
        const o = <usize>(ow * 2) << 2;
        const t0 = v128.load(t + o);
        const t1 = v128.load(t + o, 16);
        const b0 = v128.load(b + o);
        const b1 = v128.load(b + o, 16);
        let best = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6);
        const at = i32x4.add(i32x4.splat(top + 2 * ow), steps);
        let arg = at;
        let v = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
        let m = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, m);
        arg = v128.bitselect(i32x4.add(at, i32x4.splat(1)), arg, m);
        v = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        m = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, m);
        arg = v128.bitselect(i32x4.add(at, i32x4.splat(inW)), arg, m);
        v = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        m = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
        best = v128.bitselect(v, best, m);
        arg = v128.bitselect(i32x4.add(at, i32x4.splat(inW + 1)), arg, m);
        v128.store(out, best);
        v128.store(idx, arg);
        out += 16;
        idx += 16;
      }
      for (; ow < outW; ow++) {
        const at = top + 2 * ow;
        const s = xp + (<usize>at << 2);
        let best = load<f32>(s);
        let arg = at;
        let v = load<f32>(s, 4);
        if (v > best || v != v) {
          best = v;
          arg = at + 1;
        }
        v = load<f32>(s + rowBytes);
        if (v > best || v != v) {
          best = v;
          arg = at + inW;
        }
        v = load<f32>(s + rowBytes, 4);
        if (v > best || v != v) {
          best = v;
          arg = at + inW + 1;
        }
        store<f32>(out, best);
        store<i32>(idx, arg);
        out += 4;
        idx += 4;
      }
    }
  }
}

/**
 * The gradient of any max pooling: dx (planes × inPlane floats, zeroed here) gets each output's
 * gradient added at its plane's position idx (skipped where idx < 0), in output order, as the
 * reference adds them.
 */
export function maxPoolBackward(grad: usize, idx: usize, dx: usize, planes: i32, inPlane: i32, outPlane: i32): void {
  memory.fill(dx, 0, <usize>(planes * inPlane) << 2);
  for (let p = 0; p < planes; p++) {
    const base = dx + (<usize>(p * inPlane) << 2);
    for (let j = 0; j < outPlane; j++) {
      const at = load<i32>(idx);
      if (at >= 0) {
        const d = base + (<usize>at << 2);
        store<f32>(d, load<f32>(d) + load<f32>(grad));
      }
      grad += 4;
      idx += 4;
    }
  }
}
