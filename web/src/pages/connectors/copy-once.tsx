import { useEffect, useRef, useState } from 'react';

/** A credential shown this once, with a copy button; "Done" removes it from the page for good. */
export function CopyOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  // Selected and focused, so it can be copied with the keyboard even where the clipboard API is not allowed.
  useEffect(() => field.current?.select(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('failed');
    }
  }

  return (
    <div className="copy-once success" role="region" aria-label={`${label}, shown once`}>
      <p>
        <strong>{label} created.</strong> Copy it now: it is not shown again.
      </p>
      <div className="copy-row">
        <input
          ref={field}
          readOnly
          value={value}
          aria-label="New token"
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="small" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="secondary small" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="copy-status">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'failed'
            ? 'Could not reach the clipboard; the token is selected, copy it with Ctrl+C (⌘C).'
            : ''}
      </p>
    </div>
  );
}
