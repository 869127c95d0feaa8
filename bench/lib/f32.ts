/**
 * Float32 arrays in the shared data file: base64 of their little-endian bytes, so every peer reads
 * exactly the same numbers (Python: `np.frombuffer(base64.b64decode(s), '<f4')`) and a 2,000 × 128 × 2
 * batch file stays a few MB of JSON instead of a slow list of decimal numbers.
 */

/** A float32 array as base64 of its little-endian bytes. @example encodeF32(new Float32Array([1])) // 'AACAPw==' */
export function encodeF32(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i]!, i * 4);
  return bytes.toString('base64');
}

/** The inverse of `encodeF32`. @example decodeF32('AACAPw==') // Float32Array [1] */
export function decodeF32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`decodeF32: ${bytes.length} bytes is not a whole number of float32s`);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
