import { ApiTokensSection } from './api-tokens-section';
import { ConnectorsSection } from './connectors-section';
import { SecretsSection } from './secrets-section';
import './connectors.css';

/** Everything that lets workflows and apps reach services: connectors, secrets and API tokens; secret values are never shown again. */
export function ConnectorsPage() {
  return (
    <section aria-labelledby="page-title" className="connectors-page">
      <h1 id="page-title">Connectors and secrets</h1>
      <ConnectorsSection />
      <SecretsSection />
      <ApiTokensSection />
    </section>
  );
}
