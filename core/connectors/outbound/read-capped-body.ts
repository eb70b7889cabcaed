// Reads a response body without trusting the server about its size: a workflow pointed at a huge
// or endless download must fail, not take the worker's memory with it.
import type { ReadableStream } from 'node:stream/web';
import type { Headers } from 'undici';
import { OutboundHttpError } from './outbound-error';

function tooLarge(maxBytes: number): OutboundHttpError {
  return new OutboundHttpError('too-large', `response body exceeds the limit of ${maxBytes} bytes`);
}

/** Throws 'too-large' early when an unencoded response declares a length over the cap. */
export function checkDeclaredLength(headers: Headers, maxBytes: number): void {
  // With content-encoding the header counts compressed bytes, and the cap applies to what we keep.
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') return;
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/** Reads the whole stream, cancelling it and throwing 'too-large' once it would pass `maxBytes`. */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Checked before keeping the chunk, so memory never holds more than the cap plus this chunk.
    if (total + value.byteLength > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
    total += value.byteLength;
  }
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}
