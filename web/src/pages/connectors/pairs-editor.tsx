import type { Pair } from './settings-fields';

/** Name/value rows (HTTP headers); with `secretValues` the values are typed as passwords. */
export function PairsEditor({
  label,
  pairs,
  onChange,
  secretValues,
  hint,
  error,
}: {
  label: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  secretValues: boolean;
  hint: string | undefined;
  error: string | undefined;
}) {
  const update = (index: number, change: Partial<Pair>) =>
    onChange(pairs.map((pair, i) => (i === index ? { ...pair, ...change } : pair)));
  const title = secretValues ? `Secret ${label.toLowerCase()}` : label;
  return (
    <fieldset className="pairs">
      <legend>{title}</legend>
      {hint && <p className="field-hint muted">{hint}</p>}
      {pairs.map((pair, index) => (
        <div className="pair" key={index}>
          <label>
            Name
            <input
              value={pair.name}
              onChange={(event) => update(index, { name: event.target.value })}
              aria-label={`${title} ${index + 1} name`}
              autoComplete="off"
            />
          </label>
          <label>
            Value
            <input
              type={secretValues ? 'password' : 'text'}
              value={pair.value}
              onChange={(event) => update(index, { value: event.target.value })}
              aria-label={`${title} ${index + 1} value`}
              autoComplete={secretValues ? 'new-password' : 'off'}
            />
          </label>
          <button
            type="button"
            className="secondary small"
            onClick={() => onChange(pairs.filter((_, i) => i !== index))}
            aria-label={`Remove ${title.toLowerCase()} ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="secondary small" onClick={() => onChange([...pairs, { name: '', value: '' }])}>
        Add {secretValues ? 'secret header' : 'header'}
      </button>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
