import { useSearchParams } from 'react-router';
import { Tabs } from '../../ui/tabs';
import { AuditLogPanel } from './audit-log-panel';
import { UsersPanel } from './users-panel';
import './admin.css';

const tabs = [
  { id: 'users', label: 'Users' },
  { id: 'audit', label: 'Audit log' },
] as const;

/** Users and roles, and the audit log; the open tab is in the address so it can be linked. */
export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const current = params.get('tab') === 'audit' ? 'audit' : 'users';
  return (
    <section aria-labelledby="page-title" className="admin-page">
      <h1 id="page-title">Administration</h1>
      <Tabs
        label="Administration"
        tabs={tabs}
        current={current}
        onChange={(id) => setParams(id === 'users' ? {} : { tab: id }, { replace: true })}
      >
        {current === 'users' ? <UsersPanel /> : <AuditLogPanel />}
      </Tabs>
    </section>
  );
}
