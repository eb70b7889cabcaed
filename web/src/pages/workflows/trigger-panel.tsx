import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { CronDetails } from './cron-details';
import { OverlapDetails } from './overlap-details';
import { WebhookDetails } from './webhook-details';

type Workflow = RouterOutputs['workflows']['get'];

/** What starts the workflow: by hand only, a signed webhook call, or a cron schedule. */
export function TriggerPanel({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const details = useQuery({
    ...trpc.workflows.triggerDetails.queryOptions({ workflowId: workflow.id }),
    // Next run times slide into the past; a minute is as fine as a schedule in minutes gets.
    refetchInterval: (query) => (query.state.data?.type === 'cron' ? 60_000 : false),
  });
  return (
    <section className="panel" aria-labelledby="trigger-title">
      <h2 id="trigger-title">Trigger</h2>
      <QueryView query={details} label="the trigger details">
        {(trigger) =>
          trigger.type === 'manual' ? (
            <p>Started by hand only: use Run now below, or call runs.start through the API.</p>
          ) : trigger.type === 'webhook' ? (
            <WebhookDetails workflow={workflow} webhook={trigger} />
          ) : (
            <CronDetails cron={trigger} />
          )
        }
      </QueryView>
      <OverlapDetails spec={workflow.spec} cron={workflow.triggerType === 'cron'} />
    </section>
  );
}
