import { useId, useState } from 'react';
import { diffSpecs } from '../../../../core/spec/spec-diff';
import type { RouterOutputs } from '../../trpc';
import { SpecChanges } from '../../ui/spec-changes';
import { readSpec } from './read-spec';

type Version = RouterOutputs['workflows']['versions'][number];

/** What changed from one version to another; by default from the one before the current to the current. */
export function VersionCompare({ versions }: { versions: Version[] }) {
  const [from, setFrom] = useState(versions[1]?.version ?? 0);
  const [to, setTo] = useState(versions[0]?.version ?? 0);
  if (versions.length < 2) return <p className="muted">Only one version so far: nothing to compare yet.</p>;
  const before = versions.find((v) => v.version === from);
  const after = versions.find((v) => v.version === to);
  const beforeSpec = before && readSpec(before.specJson);
  const afterSpec = after && readSpec(after.specJson);
  return (
    <section aria-labelledby="compare-title">
      <h3 id="compare-title">Compare versions</h3>
      <div className="toolbar wf-compare">
        <VersionSelect label="From" versions={versions} value={from} onChange={setFrom} />
        <VersionSelect label="To" versions={versions} value={to} onChange={setTo} />
      </div>
      {beforeSpec && afterSpec ? (
        <SpecChanges
          diff={diffSpecs(beforeSpec, afterSpec)}
          label={`Changes from version ${from} to version ${to}`}
          unchanged={`Versions ${from} and ${to} are the same.`}
        />
      ) : (
        <p className="empty-state">
          One of these versions does not read as the current spec language; compare their JSON instead.
        </p>
      )}
    </section>
  );
}

/** Labelled by its word alone: a label wrapping the select would take the options' text into its name. */
function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string;
  versions: Version[];
  value: number;
  onChange: (version: number) => void;
}) {
  const id = useId();
  return (
    <span className="wf-version-select">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
          </option>
        ))}
      </select>
    </span>
  );
}
