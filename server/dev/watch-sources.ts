import { watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';

/** Source files a running program may load; tests and everything else are ignored. */
const isSource = (file: string) => /\.(ts|tsx|mts|js|mjs|json)$/.test(file) && !/\.test\.tsx?$/.test(file);

/**
 * Calls `onChange` with the changed file (relative to `root`) once a burst of changes to source
 * files under `dirs` has settled, as an editor's save or a `git checkout` makes several at once.
 * A watcher that fails (its folder removed, the system's watch limit reached) stops and says so
 * through `onError`, rather than throwing where nothing catches it and ending `npm run dev` with its
 * children still running. Returns the function that stops watching.
 */
export function watchSources(
  root: string,
  dirs: string[],
  onChange: (file: string) => void,
  { onError, settleMs = 200 }: { onError: (message: string) => void; settleMs?: number },
): () => void {
  let timer: NodeJS.Timeout | null = null;
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(join(root, dir), { recursive: true }, (_event, name) => {
      if (!name || !isSource(name)) return;
      const file = relative(root, join(root, dir, name));
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange(file);
      }, settleMs);
    }).on('error', function (this: FSWatcher, error) {
      this.close();
      onError(`stopped watching ${dir} for changes (${error.message}); restart npm run dev to watch it again`);
    }),
  );
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
