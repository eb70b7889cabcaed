import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NavLink, Route, Routes } from 'react-router';
import { AdminPage } from '../pages/admin/admin-page';
import { AuthorPage } from '../pages/author/author-page';
import { ConnectorsPage } from '../pages/connectors/connectors-page';
import { HomePage } from '../pages/home-page';
import { NotFoundPage } from '../pages/not-found-page';
import { RunPage } from '../pages/runs/run-page';
import { RunsPage } from '../pages/runs/runs-page';
import { WorkflowPage } from '../pages/workflows/workflow-page';
import { WorkflowsPage } from '../pages/workflows/workflows-page';
import { useTRPC, type RouterOutputs } from '../trpc';

type Me = RouterOutputs['auth']['me'];

/** The frame every signed-in page lives in: navigation, who is signed in, sign out, and the pages. */
export function AppShell({ user }: { user: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // Everything cached belonged to the signed-out user.
      onSettled: () => queryClient.resetQueries(),
    }),
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <NavLink className="brand" to="/">
          Workflow Agent
        </NavLink>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/author">Author</NavLink>
          <NavLink to="/workflows">Workflows</NavLink>
          <NavLink to="/runs">Runs</NavLink>
          <NavLink to="/connectors">Connectors</NavLink>
          {user.role === 'admin' && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className="who">
          <span title={user.email}>{user.name}</span>
          <span className="badge">{user.role}</span>
          <button type="button" className="secondary" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<HomePage user={user} />} />
          <Route path="/author" element={<AuthorPage />} />
          <Route path="/author/:conversationId" element={<AuthorPage />} />
          <Route path="/workflows" element={<WorkflowsPage />} />
          <Route path="/workflows/:workflowId" element={<WorkflowPage />} />
          <Route path="/runs" element={<RunsPage />} />
          <Route path="/runs/:runId" element={<RunPage />} />
          <Route path="/connectors" element={<ConnectorsPage />} />
          {user.role === 'admin' && <Route path="/admin" element={<AdminPage />} />}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </div>
  );
}
