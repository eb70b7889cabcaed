import type { GoogleSheetsConfig } from '../../../core/spec/node-configs';
import { loadConnector } from '../../../core/connectors/load-connector';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError } from '../../../core/run/node-error';
import { appendRows, readRange } from '../../../core/connectors/google-sheets-client';
import { sampleAnswer } from './test-answer';

const cell = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Appends rows to, or reads, a range of a Google Sheet with the owner's service account. */
export async function runGoogleSheets(config: GoogleSheetsConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const { config: account, secret } = await loadConnector(
    ctx.deps.models,
    ctx.deps.encryptionKeys,
    ctx.ownerId,
    config.connectorId,
    'google_sheets',
  );
  if (!secret) throw new NodeError('the google_sheets connector has no private key secret', 'ConnectorSecret', false);
  const serviceAccount = {
    clientEmail: account.clientEmail,
    privateKey: secret.privateKey,
    tokenUri: account.tokenUri,
    apiRoot: account.apiRoot,
  };
  const spreadsheetId = ctx.templates.renderText(config.spreadsheetId, 'spreadsheetId');
  const range = ctx.templates.renderText(config.range, 'range');
  if (config.operation === 'read') {
    if (ctx.test)
      return sampleAnswer(ctx, { kind: 'google_sheets', operation: 'read', spreadsheetId, range, rows: null }, () => ({
        range,
        rows: [],
        updatedRows: 0,
      }));
    ctx.log(`reading ${range}`);
    const { range: read, rows } = await readRange(serviceAccount, spreadsheetId, range, ctx.deps.outbound);
    return { output: { range: read, rows, updatedRows: 0 } };
  }
  const value = ctx.templates.render(config.rows ?? '', 'rows');
  if (!Array.isArray(value) || !value.every(Array.isArray)) {
    throw new NodeError(
      'rows must evaluate to a list of rows, each a list of cells, e.g. {{ [[trigger.name, trigger.amount]] }}',
      'NodeConfigError',
      false,
    );
  }
  const rows = (value as unknown[][]).map((row) => row.map(cell));
  if (ctx.test)
    return sampleAnswer(ctx, { kind: 'google_sheets', operation: 'append', spreadsheetId, range, rows }, () => ({
      range,
      rows,
      updatedRows: rows.length,
    }));
  ctx.log(`appending ${rows.length} row(s) to ${range}`);
  const { range: updated, updatedRows } = await appendRows(
    serviceAccount,
    spreadsheetId,
    range,
    rows,
    ctx.deps.outbound,
  );
  return { output: { range: updated, rows, updatedRows } };
}
