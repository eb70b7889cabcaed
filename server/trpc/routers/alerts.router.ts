import { z } from 'zod';
import {
  alertSettingsInputSchema,
  alertSettingsSchema,
  alertSettingsUpdateSchema,
} from '../../alerts/alert-settings.dto';
import { getAlertSettings, updateAlertSettings } from '../../alerts/alert-settings.service';
import { protectedProcedure, router } from '../init';

// A workflow's failure alerts (decision 0014): who may edit the workflow may read and set them.
export const alertsRouter = router({
  /** Where the workflow's failed runs are told, how often at most, and how the last alert went. */
  get: protectedProcedure
    .input(z.object({ workflowId: z.uuid() }))
    .output(alertSettingsSchema)
    .query(({ ctx, input }) => getAlertSettings(ctx, ctx.user, input.workflowId)),

  /** Sets them; a webhook's signing secret, when one is created, is in this answer only. */
  update: protectedProcedure
    .input(alertSettingsInputSchema)
    .output(alertSettingsUpdateSchema)
    .mutation(({ ctx, input }) => updateAlertSettings(ctx, ctx.user, input)),
});
