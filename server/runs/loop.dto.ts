import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import { taskStatusSchema } from '../../core/db/enums';
import { taskDtoSchema } from './run.dto';

/** Longest item (its JSON text, in characters) a page of items carries whole; a longer one comes as the start of that text. */
export const MAX_ITEM_CHARS = 4096;
/** Longest output (JSON text, in characters) a body task in a page of items carries whole; past it, a preview. */
export const MAX_BODY_OUTPUT_CHARS = 16_384;

export const itemStatusFilterSchema = z.enum(['failed', 'success', 'skipped', 'pending']);

export const loopItemsInputSchema = z.object({
  runId: z.uuid(),
  /** The for_each node. */
  loop: z.string().min(1).max(64),
  /** For a loop inside a loop: the index of the outer loop's item; empty at the top level. */
  path: z.array(z.number().int().min(0)).max(4).default([]),
  /** Only items that ended so; "pending" is every item not ended yet. */
  status: itemStatusFilterSchema.nullable().default(null),
  /** The index to start from: 0, or the `nextCursor` of the page before. */
  cursor: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100).default(25),
});
export type LoopItemsInput = z.infer<typeof loopItemsInputSchema>;

export const loopItemDtoSchema = z.object({
  index: z.number().int(),
  status: taskStatusSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
  /** Why the item failed: its body's unhandled failures. */
  error: z.string().nullable(),
  /** The item as the list held it; when its JSON passes MAX_ITEM_CHARS, the start of that text. */
  item: z.unknown(),
  itemTruncated: z.boolean(),
  /**
   * The item's body task rows in spec order (those created so far): `nodeId` is the row's key
   * (`send[3]`), `node` the spec node. Outputs past MAX_BODY_OUTPUT_CHARS come as a preview.
   */
  tasks: z.array(taskDtoSchema.extend({ node: z.string() })),
});

export const loopItemsDtoSchema = z.object({
  /** How many items the list had when the loop froze it; null before it has. */
  total: z.number().int().nullable(),
  items: z.array(loopItemDtoSchema),
  /** Where the next page starts; null on the last. */
  nextCursor: z.number().int().nullable(),
});
