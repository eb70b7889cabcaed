import { fiveNodeSpec } from '../five-node-spec';

/**
 * What `npm run bench:api` seeds (issue 12): one big owner with most of the runs, a few small
 * ones, an admin, and runs spread over months. Every seeded account signs in with `password`.
 */
export const scaleShape = {
  workflows: 200,
  /** Workflows 1..150 are the big owner's, the next 40 the small owners'. */
  bigOwnerWorkflows: 150,
  smallOwnerWorkflows: 40,
  /** The last 10 are a newcomer's, who has no runs yet: the case a join by run time reads worst. */
  runs: 100_000,
  /** The big owner's share of the runs: most of the table, as one busy team's would be. */
  bigOwnerRunShare: 0.9,
  /** Runs go back this far, newest first, about 2.6 minutes apart. */
  days: 180,
  /** The newest runs still in flight (pending first, then running), as on a live system. */
  pendingRuns: 10,
  runningRuns: 30,
} as const;

export const scaleAccounts = {
  password: 'scale bench password',
  bigOwner: 'scale-owner@example.test',
  smallOwners: ['scale-member-1@example.test', 'scale-member-2@example.test', 'scale-member-3@example.test'],
  newcomer: 'scale-newcomer@example.test',
  admin: 'scale-admin@example.test',
} as const;

/**
 * Every seeded workflow's spec (its trigger varies): five nodes with a parallel branch and a
 * condition, so each run has five task rows. Its connector ids name no row: lists never read them.
 */
export const scaleSpec = fiveNodeSpec(
  { http: '00000000-0000-4000-8000-000000000001', smtp: '00000000-0000-4000-8000-000000000002' },
  'https://erp.example.test/api/invoices',
);
