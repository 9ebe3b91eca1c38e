/** Reading a request or an answer off a socket, for the local servers and the recorder. */
import type { Readable } from 'node:stream';

/**
 * The whole stream, or undefined when it carries more than `maxBytes`. A stream over the cap is still read to its end
 * (and its bytes dropped), so the sender can be answered instead of cut off mid-body.
 */
export function readCapped(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    stream.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
