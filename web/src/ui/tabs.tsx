import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * WAI-ARIA tabs: one tab stop for the list, arrow keys (and Home/End) move between tabs and open
 * them, Tab moves on into the open panel. Styled by the shared `.tabs` class.
 */
export function Tabs<Id extends string>({
  label,
  tabs,
  current,
  onChange,
  children,
}: {
  label: string;
  tabs: ReadonlyArray<{ id: Id; label: string }>;
  current: Id;
  onChange: (id: Id) => void;
  /** The open tab's content. */
  children: ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);
  const baseId = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.findIndex((tab) => tab.id === current);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onChange(tab.id);
    list.current?.querySelector<HTMLButtonElement>(`#${baseId}-tab-${tab.id}`)?.focus();
  }

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${baseId}-tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab.id === current ? 0 : -1}
            onClick={() => onChange(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current}`}>
        {children}
      </div>
    </>
  );
}
