import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { CheckboxField, Field } from '../../ui/field';
import { QueryView } from '../../ui/query-view';
import { formatDateTime } from '../../ui/format';
import { ActionError } from './action-error';
import { CopyButton } from './copy-button';

type Settings = RouterOutputs['alerts']['get'];

/** Where failed runs of the workflow are told (email, signed webhook), how often at most, and how the last alert went. */
export function AlertsPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.alerts.get.queryOptions({ workflowId }));
  // The signing secret is in the save's answer only. It is kept here, not in the form, which
  // starts afresh from the saved settings once they are read again.
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Failure alerts</h2>
      <QueryView query={settings} label="the alert settings">
        {(data) => <AlertsForm key={JSON.stringify(data)} settings={data} onNewSecret={setSecret} />}
      </QueryView>
      {secret && <NewSecret secret={secret} onStored={() => setSecret(null)} />}
    </section>
  );
}

function NewSecret({ secret, onStored }: { secret: string; onStored: () => void }) {
  return (
    <div className="wf-new-secret" role="region" aria-label="New alert signing secret">
      <p>
        <strong>Copy this secret now: it will not be shown again.</strong> The receiver checks the x-webhook-signature
        header with it.
      </p>
      <code className="wf-wrap">{secret}</code>
      <div className="toolbar">
        <CopyButton text={secret} label="Copy secret" />
        <button type="button" className="secondary small" onClick={onStored}>
          I have stored it
        </button>
      </div>
    </div>
  );
}

function AlertsForm({ settings, onNewSecret }: { settings: Settings; onNewSecret: (secret: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const smtp = useQuery(trpc.connectors.list.queryOptions({ type: 'smtp' }));
  const [emailOn, setEmailOn] = useState(settings.email.enabled);
  const [recipients, setRecipients] = useState(settings.email.recipients.join(', '));
  const [connectorId, setConnectorId] = useState(settings.email.smtpConnectorId ?? '');
  const [webhookOn, setWebhookOn] = useState(settings.webhook.enabled);
  const [url, setUrl] = useState(settings.webhook.url ?? '');
  const [windowMinutes, setWindowMinutes] = useState(String(settings.windowMinutes));
  const save = useMutation(
    trpc.alerts.update.mutationOptions({
      onSuccess: async (saved) => {
        if (saved.newWebhookSecret) onNewSecret(saved.newWebhookSecret);
        await queryClient.invalidateQueries({
          queryKey: trpc.alerts.get.queryKey({ workflowId: settings.workflowId }),
        });
      },
    }),
  );

  function submit(event: FormEvent, rotateWebhookSecret = false) {
    event.preventDefault();
    save.mutate({
      workflowId: settings.workflowId,
      email: {
        enabled: emailOn,
        recipients: recipients.split(/[\s,;]+/).filter(Boolean),
        smtpConnectorId: connectorId || null,
      },
      webhook: { enabled: webhookOn, url: url.trim() || null },
      windowMinutes: Number(windowMinutes),
      rotateWebhookSecret,
    });
  }

  return (
    <form onSubmit={submit}>
      <CheckboxField label="Email" checked={emailOn} onChange={setEmailOn} />
      <Field label="Recipients" hint="Addresses separated by commas or spaces, at most 20.">
        {(control) => (
          <input
            {...control}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            placeholder="ops@example.com"
          />
        )}
      </Field>
      <Field label="SMTP connector" hint="One of the owner's SMTP connectors sends the email.">
        {(control) => (
          <select {...control} value={connectorId} onChange={(e) => setConnectorId(e.target.value)}>
            <option value="">(none)</option>
            {smtp.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxField label="Webhook" checked={webhookOn} onChange={setWebhookOn} />
      <Field label="Webhook URL" hint="Receives a signed POST with the run link and the failed node's error.">
        {(control) => (
          <input {...control} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
        )}
      </Field>
      <Field label="At most one alert every (minutes)" hint="Failures in between are counted in the next alert.">
        {(control) => (
          <input
            {...control}
            type="number"
            min={1}
            value={windowMinutes}
            onChange={(e) => setWindowMinutes(e.target.value)}
          />
        )}
      </Field>
      <div className="toolbar">
        <button type="submit" disabled={save.isPending}>
          Save alerts
        </button>
        {settings.webhook.hasSecret && (
          <button type="button" className="secondary small" disabled={save.isPending} onClick={(e) => submit(e, true)}>
            New signing secret
          </button>
        )}
      </div>
      <ActionError error={save.error} action="save the alerts" />
      <p className="muted">
        Last alert: {settings.lastSentAt ? formatDateTime(settings.lastSentAt) : 'never'}
        {settings.heldBack > 0 && `; ${settings.heldBack} failures held back since`}
      </p>
      {settings.lastError && (
        <p className="error" role="alert">
          Last alert not delivered ({formatDateTime(settings.lastErrorAt)}): {settings.lastError}
        </p>
      )}
    </form>
  );
}
