import { useState, type FormEvent } from 'react';
import type { RouterOutputs } from '../../trpc';
import { Field } from '../../ui/field';

type AdminUser = RouterOutputs['users']['list'][number];

/** The filters as a person sets them; empty strings mean "any". */
export interface AuditFilters {
  actorId: string;
  action: string;
  resourceType: string;
  /** yyyy-mm-dd, local days, both included. */
  from: string;
  to: string;
}

export const noFilters: AuditFilters = { actorId: '', action: '', resourceType: '', from: '', to: '' };

/** The list's input for these filters: local days become instants, the end day is included whole. */
export function auditQueryInput(filters: AuditFilters) {
  const dayStart = (day: string) => new Date(`${day}T00:00:00`);
  const nextDay = (day: string) => {
    const date = dayStart(day);
    date.setDate(date.getDate() + 1);
    return date;
  };
  return {
    actorId: filters.actorId || null,
    action: filters.action.trim() || null,
    resourceType: filters.resourceType.trim() || null,
    since: filters.from ? dayStart(filters.from).toISOString() : null,
    until: filters.to ? nextDay(filters.to).toISOString() : null,
    limit: 25,
  };
}

/** Applied on submit, not per keystroke, so typing "user.create" does not run five queries. */
export function AuditLogFilters({
  users,
  applied,
  onApply,
}: {
  users: AdminUser[];
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState(applied);
  const set = (field: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const rangeBackwards = draft.from !== '' && draft.to !== '' && draft.from > draft.to;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!rangeBackwards) onApply(draft);
  }

  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter the audit log">
      <Field label="Actor">
        {(control) => (
          <select {...control} value={draft.actorId} onChange={set('actorId')}>
            <option value="">Anyone</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.email})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Action">
        {(control) => (
          <input
            {...control}
            value={draft.action}
            onChange={set('action')}
            placeholder="e.g. user.create"
            maxLength={100}
          />
        )}
      </Field>
      <Field label="Resource type">
        {(control) => (
          <input
            {...control}
            value={draft.resourceType}
            onChange={set('resourceType')}
            placeholder="e.g. workflow"
            maxLength={100}
          />
        )}
      </Field>
      <Field label="From">
        {(control) => <input {...control} type="date" value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label="To" error={rangeBackwards ? 'The range ends before it starts.' : undefined}>
        {(control) => <input {...control} type="date" value={draft.to} onChange={set('to')} />}
      </Field>
      <div className="toolbar audit-filters-wide">
        <button type="submit">Filter</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(noFilters);
            onApply(noFilters);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
