/** A two-column text table under `title`, keys left-aligned and values right-aligned, for scripts' reports. */
export function table(title: string, rows: Array<[string, string]>): string {
  const left = Math.max(...rows.map(([k]) => k.length));
  const right = Math.max(...rows.map(([, v]) => v.length));
  const line = `+${'-'.repeat(left + 2)}+${'-'.repeat(right + 2)}+`;
  return [title, line, ...rows.map(([k, v]) => `| ${k.padEnd(left)} | ${v.padStart(right)} |`), line].join('\n');
}
