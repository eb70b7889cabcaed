import { Fragment } from 'react';
import type { TestEffect } from './run-labels';

/**
 * What a node would have done outside the run, as a person reads it: the request line with its
 * headers and body, the email's recipients, subject and text, the rows, the prompt, the wait, the
 * approval's question. `name` labels the blocks for screen readers ("Body of Fetch invoices").
 */
export function TestEffectView({ effect, name }: { effect: TestEffect; name: string }) {
  switch (effect.kind) {
    case 'http_request':
      return (
        <div className="test-effect">
          <p className="test-effect-line">
            <code>
              {effect.method} {effect.url}
            </code>
          </p>
          <Pairs label={`Headers of ${name}`} pairs={Object.entries(effect.headers)} />
          {effect.body !== null && <Block label={`Body of ${name}`} text={readable(effect.body)} />}
        </div>
      );
    case 'send_email':
      return (
        <div className="test-effect">
          <p className="test-effect-line">
            Email to {effect.to.length ? effect.to.join(', ') : '(no one)'} — subject ‘{effect.subject}’
          </p>
          <Pairs
            label={`Addresses of ${name}`}
            pairs={[['From', effect.from], ...(effect.cc.length ? [['Cc', effect.cc.join(', ')] as const] : [])]}
          />
          <Block label={`Text of ${name}`} text={effect.text} />
          {effect.html !== null && (
            <details>
              <summary>HTML version</summary>
              <Block label={`HTML of ${name}`} text={effect.html} />
            </details>
          )}
        </div>
      );
    case 'google_sheets':
      return (
        <div className="test-effect">
          <p className="test-effect-line">
            {effect.operation === 'append'
              ? `Append ${effect.rows?.length ?? 0} row${effect.rows?.length === 1 ? '' : 's'} to`
              : 'Read'}{' '}
            <code>{effect.range}</code> of spreadsheet <code>{effect.spreadsheetId}</code>
          </p>
          {effect.rows && effect.rows.length > 0 && <Rows rows={effect.rows} label={`Rows of ${name}`} />}
        </div>
      );
    case 'llm':
      return (
        <div className="test-effect">
          <p className="test-effect-line">
            Prompt to <code>{effect.model}</code>
          </p>
          {effect.system !== null && <Block label={`System prompt of ${name}`} text={effect.system} />}
          <Block label={`Prompt of ${name}`} text={effect.prompt} />
        </div>
      );
    case 'delay':
      return (
        <p className="test-effect-line">Would wait {effect.seconds.toLocaleString('en')} s; a test does not wait.</p>
      );
    case 'approval':
      return (
        <div className="test-effect">
          <p className="test-effect-line">Would ask: ‘{effect.question}’</p>
          <p className="muted">The test {effect.decision} it at once, as it was told to.</p>
        </div>
      );
  }
}

/** A JSON body indented for reading; any other text as it is. */
function readable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Block({ label, text }: { label: string; text: string }) {
  return (
    <pre className="json test-effect-text" aria-label={label} tabIndex={0}>
      {text === '' ? '(empty)' : text}
    </pre>
  );
}

function Pairs({ label, pairs }: { label: string; pairs: ReadonlyArray<readonly [string, string]> }) {
  if (pairs.length === 0) return null;
  return (
    <dl className="facts test-effect-pairs" aria-label={label}>
      {pairs.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** Rows a sheet would receive, as the small table they are; cells as text. */
function Rows({ rows, label }: { rows: string[][]; label: string }) {
  const width = Math.max(...rows.map((row) => row.length));
  return (
    <div className="table-wrap">
      <table className="test-effect-rows" aria-label={label}>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {Array.from({ length: width }, (_, c) => (
                <td key={c}>{row[c] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
