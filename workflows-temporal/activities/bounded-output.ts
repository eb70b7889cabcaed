/** Largest output stored per task; bigger ones keep a preview and say so. */
export const MAX_OUTPUT_BYTES = 256 * 1024;

/** A JSON value bounded for `tasks.logs`: whole when small, else a truncated text preview. */
export function boundOutput(value: unknown): { output: unknown; truncated: boolean } {
  const json = JSON.stringify(value ?? null);
  if (Buffer.byteLength(json) <= MAX_OUTPUT_BYTES) return { output: value ?? null, truncated: false };
  return { output: { preview: json.slice(0, MAX_OUTPUT_BYTES / 2) }, truncated: true };
}
