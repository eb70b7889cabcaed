import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
export type HistoryEvent = NonNullable<History['events']>[number];

/** One activity a run's history records, regular or local, in the order they were scheduled. */
export interface HistoryStep {
  kind: 'activity' | 'local activity';
  /** The activity type, e.g. `executeNode`. */
  type: string;
  /** What the Web UI shows for it (a node's name), or null. */
  summary: string | null;
  /** Epoch ms it was scheduled and completed; completed is null when it has not. */
  scheduledMs: number;
  completedMs: number | null;
  event: HistoryEvent;
}

/** What the SDK core writes into a local activity's marker (snake case, its own format). */
interface LocalActivityMarker {
  activity_type: string;
  original_schedule_time: { seconds: number; nanos: number } | null;
  complete_time: { seconds: number; nanos: number } | null;
}

const decode = <T>(payload: Payload | null | undefined): T | null =>
  payload ? (defaultPayloadConverter.fromPayload(payload) as T) : null;

const epochMs = (time: { seconds: number; nanos: number }) => time.seconds * 1000 + time.nanos / 1e6;

/**
 * The activities in a history: a regular one is a scheduled event (its completion found by id), a
 * local one a marker its worker recorded after it ran (patch markers are left out).
 */
export function historySteps(history: History): HistoryStep[] {
  const events = history.events ?? [];
  return events.flatMap((event): HistoryStep[] => {
    const summary = decode<string>(event.userMetadata?.summary);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const completed = events.find(
        (e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(event.eventId),
      );
      return [
        {
          kind: 'activity',
          type: scheduled.activityType?.name ?? '?',
          summary,
          scheduledMs: tsToMs(event.eventTime),
          completedMs: completed ? tsToMs(completed.eventTime) : null,
          event,
        },
      ];
    }
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = decode<LocalActivityMarker>(marker.details?.data?.payloads?.[0]);
    if (!data) return [];
    const completedMs = data.complete_time ? epochMs(data.complete_time) : null;
    return [
      {
        kind: 'local activity',
        type: data.activity_type,
        summary,
        scheduledMs: data.original_schedule_time ? epochMs(data.original_schedule_time) : (completedMs ?? 0),
        completedMs,
        event,
      },
    ];
  });
}
