import { useState } from 'react';

/** Copies `text` to the clipboard and says whether it worked (the clipboard needs a secure page). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <span className="wf-copy">
      <button type="button" className="secondary small" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="muted">
        {result === 'copied' ? 'Copied.' : result === 'failed' ? 'Could not copy: select the text and copy it.' : ''}
      </span>
    </span>
  );
}
