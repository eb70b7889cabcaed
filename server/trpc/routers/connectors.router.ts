import { z } from 'zod';
import { connectorTypeSchema } from '../../../core/connectors/connector-configs';
import { storableJson, storableText } from '../../../core/db/storable';
import {
  connectionTestResultSchema,
  connectorDtoSchema,
  connectorListItemSchema,
  toConnectorListItem,
} from '../../connectors/connector.dto';
import { testConnection } from '../../connectors/connection-test.service';
import {
  createConnector,
  deleteConnector,
  getConnector,
  listConnectors,
  updateConnector,
} from '../../connectors/connectors.service';
import { protectedProcedure, router } from '../init';

// Config and secret are checked per type by the service, which lists every problem with its path
// (config.baseUrl, secret.password); here they only need to be JSON objects that can be stored.
const settings = storableJson.pipe(z.record(z.string(), z.unknown()));
const name = storableText.trim().min(1).max(255);

export const connectorsRouter = router({
  /** My connectors by name; an admin sees everyone's, or one owner's. Never a secret value. */
  list: protectedProcedure
    .input(z.object({ ownerId: z.uuid().nullable().default(null), type: connectorTypeSchema.nullable().default(null) }))
    .output(z.array(connectorListItemSchema))
    .query(async ({ ctx, input }) => (await listConnectors(ctx.models, ctx.user, input)).map(toConnectorListItem)),

  /** One connector, with the names (never the values) of its secret's fields. */
  get: protectedProcedure
    .input(z.object({ connectorId: z.uuid() }))
    .output(connectorDtoSchema)
    .query(({ ctx, input }) => getConnector(ctx, ctx.user, input.connectorId)),

  create: protectedProcedure
    .input(z.object({ name, type: connectorTypeSchema, config: settings, secret: settings.nullable().default(null) }))
    .output(connectorDtoSchema)
    .mutation(({ ctx, input }) => createConnector(ctx, ctx.user, input)),

  /** Omitted parts stay; `secret: null` removes the secret. The type cannot change. */
  update: protectedProcedure
    .input(
      z.object({
        connectorId: z.uuid(),
        name: name.optional(),
        config: settings.optional(),
        secret: settings.nullable().optional(),
      }),
    )
    .output(connectorDtoSchema)
    .mutation(({ ctx, input }) => updateConnector(ctx, ctx.user, input)),

  /** CONFLICT, naming them, while workflows use the connector. */
  delete: protectedProcedure
    .input(z.object({ connectorId: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteConnector(ctx, ctx.user, input.connectorId);
      return { deleted: true as const };
    }),

  /**
   * One real round trip: a saved connector (optionally with unsaved config or secret changes), or
   * settings not saved yet. A failed connection is `ok: false` with the reason; nothing is saved.
   */
  test: protectedProcedure
    .input(
      z.union([
        z
          .object({ connectorId: z.uuid(), config: settings.optional(), secret: settings.nullable().optional() })
          .strict(),
        z.object({ type: connectorTypeSchema, config: settings, secret: settings.nullable().default(null) }).strict(),
      ]),
    )
    .output(connectionTestResultSchema)
    .mutation(({ ctx, input }) => testConnection(ctx, ctx.user, input)),
});
