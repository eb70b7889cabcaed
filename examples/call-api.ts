// Calls the API as another TypeScript app would: a tRPC client typed by `AppRouter` (a type-only
// import, so no server code is loaded) and an API token as a Bearer header.
//
//   WFA_URL=http://localhost:3000 WFA_TOKEN=wfa_… npx tsx examples/call-api.ts
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../server/api';

const WFA_URL = process.env.WFA_URL?.replace(/\/+$/, '');
const WFA_TOKEN = process.env.WFA_TOKEN;
if (!WFA_URL || !WFA_TOKEN) {
  console.error('Set WFA_URL to the API address (e.g. http://localhost:3000) and WFA_TOKEN to an API token (wfa_…).');
  process.exit(2);
}

const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: `${WFA_URL}/trpc`, headers: { authorization: `Bearer ${WFA_TOKEN}` } })],
});

try {
  // Both queries travel in one batched request.
  const [me, info] = await Promise.all([api.auth.me.query(), api.system.info.query()]);
  console.log(`Signed in as ${me.name} <${me.email}> (${me.role})`);
  console.log('auth.me:', JSON.stringify(me));
  console.log('system.info:', JSON.stringify(info));
} catch (error) {
  if (error instanceof TRPCClientError && error.data?.code) {
    console.error(`The API refused the call (${String(error.data.code)}): ${error.message}`);
  } else {
    console.error(
      `Could not call the API at ${WFA_URL}/trpc: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  process.exit(1);
}
