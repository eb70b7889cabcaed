import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Custom search attributes that make every run findable in the Temporal Web UI by the app's own
// ids. Registered on the namespace at start (ensure-search-attributes.ts).

/** The app's workflow id (workflows.id). */
export const appWorkflowIdKey = defineSearchAttributeKey('AppWorkflowId', SearchAttributeType.KEYWORD);
/** The app's run id (workflow_runs.id). */
export const appRunIdKey = defineSearchAttributeKey('AppRunId', SearchAttributeType.KEYWORD);
/** The owner's user id (workflows.owner_id). */
export const appOwnerIdKey = defineSearchAttributeKey('AppOwnerId', SearchAttributeType.KEYWORD);

export const appSearchAttributeKeys = [appWorkflowIdKey, appRunIdKey, appOwnerIdKey];
