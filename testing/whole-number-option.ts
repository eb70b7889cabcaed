/**
 * A script's command-line option read as a whole number from `min` to `max`; anything else throws,
 * naming the option, with the script's usage. The bench, the API bench and the chaos run share it.
 */
export function wholeNumberOption(name: string, text: string, min: number, max: number, usage: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be a whole number from ${min} to ${max}\n${usage}`);
  return value;
}
