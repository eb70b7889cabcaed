/**
 * Pulls the `reply` string out of a JSON answer while it streams in, so the person reads the reply
 * as it is generated although the model writes structured JSON.
 */
export class ReplyStream {
  private buffer = '';
  private emitted = 0;

  /** Feeds more of the model's text; returns the newly readable part of the reply (maybe ''). */
  push(chunk: string): string {
    this.buffer += chunk;
    const start = /"reply"\s*:\s*"/.exec(this.buffer);
    if (!start) return '';
    let text = '';
    let i = start.index + start[0].length;
    while (i < this.buffer.length) {
      const char = this.buffer[i]!;
      if (char === '"') break;
      if (char === '\\') {
        const escape = /^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(this.buffer.slice(i));
        if (!escape) break; // incomplete escape: wait for more text
        text += JSON.parse(`"${escape[0]}"`);
        i += escape[0].length;
        continue;
      }
      text += char;
      i++;
    }
    const fresh = text.slice(this.emitted);
    this.emitted = text.length;
    return fresh;
  }
}
