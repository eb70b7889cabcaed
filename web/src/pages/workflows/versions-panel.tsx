import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { ActionError } from './action-error';
import { SpecViews } from './spec-views';
import { VersionCompare } from './version-compare';

/** Every saved spec of the workflow: view one, compare two, make an earlier one current again. */
export function VersionsPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ workflowId }));
  const [viewing, setViewing] = useState<number | null>(null);
  const [restored, setRestored] = useState<{ from: number; as: number } | null>(null);
  const restore = useMutation(
    trpc.workflows.restoreVersion.mutationOptions({
      onSuccess: async (_, input) => {
        // Restoring saves the old spec as the next version: one above the newest.
        setRestored({ from: input.version, as: (versions.data?.[0]?.version ?? 0) + 1 });
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
      },
    }),
  );
  const shown = versions.data?.find((v) => v.version === viewing);

  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      {restored && (
        <p className="success" role="status">
          Version {restored.from} restored: it is the current spec again, saved as version {restored.as}.
        </p>
      )}
      <ActionError error={restore.error} action="restore the version" />
      <QueryView
        query={versions}
        label="versions"
        isEmpty={(list) => list.length === 0}
        empty="No versions have been recorded."
      >
        {(list) => (
          <>
            <div className="table-wrap">
              <table className="wf-versions">
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Saved</th>
                    <th scope="col">Prompt version</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((version, index) => (
                    <tr key={version.version}>
                      <th scope="row">
                        {version.version}
                        {index === 0 && <span className="badge">current</span>}
                      </th>
                      <td>
                        {formatDateTime(version.createdAt)}
                        <small className="muted wf-source">from {version.source}</small>
                      </td>
                      <td>{version.llmPromptVersion ?? '—'}</td>
                      <td>
                        <div className="wf-row-actions">
                          <button
                            type="button"
                            className="secondary small"
                            aria-pressed={viewing === version.version}
                            aria-label={`View version ${version.version}`}
                            onClick={() => setViewing(viewing === version.version ? null : version.version)}
                          >
                            View
                          </button>
                          {index > 0 && (
                            <ConfirmButton
                              label="Restore"
                              accessibleLabel={`Restore version ${version.version}`}
                              question={`Make version ${version.version} current again? It is saved as a new version; nothing is lost.`}
                              confirmLabel={`Restore version ${version.version}`}
                              disabled={restore.isPending}
                              onConfirm={() => restore.mutate({ workflowId, version: version.version })}
                            />
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {shown && (
              <section className="wf-version-view" aria-labelledby="version-view-title">
                <h3 id="version-view-title">
                  Version {shown.version}, saved {formatDateTime(shown.createdAt)}
                </h3>
                <SpecViews spec={shown.specJson} label={`Version ${shown.version}`} />
              </section>
            )}
            {/* A new version (saved or restored here) starts the comparison afresh: previous against it. */}
            <VersionCompare key={list[0]?.version} versions={list} />
          </>
        )}
      </QueryView>
    </section>
  );
}
