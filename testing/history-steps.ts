import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
export type HistoryEvent = NonNullable<History['events']>[number];

/** One activity a run's history records, regular or local, in the order they were scheduled. */
export interface HistoryStep {
  kind: 'activity' | 'local activity';
  /** The activity type, e.g. `executeNode`. */
  type: string;
  /** What the Web UI shows for it (a node's name), or null. */
  summary: string | null;
  /** The scheduled event of a regular activity; the marker of a local one. */
  event: HistoryEvent;
}

const decode = <T>(payload: Payload | null | undefined): T | null =>
  payload ? (defaultPayloadConverter.fromPayload(payload) as T) : null;

/**
 * The activities in a history: a regular one is a scheduled event, a local one a marker its worker
 * recorded after it ran (patch markers are left out). A marker's own times are workflow time, not
 * when the activity ran, so no times are given here; task rows time the nodes.
 */
export function historySteps(history: History): HistoryStep[] {
  return (history.events ?? []).flatMap((event): HistoryStep[] => {
    const summary = decode<string>(event.userMetadata?.summary);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) return [{ kind: 'activity', type: scheduled.activityType?.name ?? '?', summary, event }];
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    // What the SDK core writes into the marker, in its own (snake case) format.
    const data = decode<{ activity_type: string }>(marker.details?.data?.payloads?.[0]);
    return data ? [{ kind: 'local activity', type: data.activity_type, summary, event }] : [];
  });
}
