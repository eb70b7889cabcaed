import proto from '@temporalio/proto';
import { expect, it } from 'vitest';
import { endFromClosingEvent } from './execution-end';

const { EventType } = proto.temporal.api.enums.v1;

it('reads how Temporal closed an execution from its closing event', () => {
  expect(
    endFromClosingEvent({
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
      workflowExecutionTerminatedEventAttributes: { reason: 'stuck', identity: 'ops@example.com' },
    }),
  ).toEqual({
    execution: 'terminated',
    status: 'failed',
    error:
      'Its Temporal execution was terminated ("stuck", by ops@example.com) before the run ended; its unfinished nodes were cancelled.',
    details: { reason: 'stuck', identity: 'ops@example.com' },
  });
  expect(endFromClosingEvent({ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT })).toMatchObject({
    execution: 'timed_out',
    status: 'failed',
    error: expect.stringMatching(/passed its execution timeout/),
  });
  expect(
    endFromClosingEvent({
      eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      workflowExecutionFailedEventAttributes: { failure: { message: 'PostgreSQL does not answer' } },
    }),
  ).toMatchObject({
    execution: 'failed',
    status: 'failed',
    error: expect.stringMatching(/^Its Temporal execution failed \(PostgreSQL does not answer\) without recording/),
    details: { failure: 'PostgreSQL does not answer' },
  });
  expect(endFromClosingEvent({ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED })).toMatchObject({
    execution: 'cancelled',
    status: 'cancelled',
  });
  expect(endFromClosingEvent({ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED })).toEqual({
    execution: 'completed',
    status: 'success',
    error: null,
    details: {},
  });
  // A newer execution goes on.
  expect(endFromClosingEvent({ eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW })).toBeNull();
});

it('cuts what people typed into a termination to what a page can show', () => {
  const end = endFromClosingEvent({
    eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    workflowExecutionTerminatedEventAttributes: { reason: 'x'.repeat(5000) },
  });
  expect(end?.details.reason).toHaveLength(500);
  expect(end?.error).toMatch(/^Its Temporal execution was terminated \("x{500}"\) before/);
});
