import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import './styles.css';
import { errorCode, TRPCProvider, trpcClient } from './trpc';

const queryClient = new QueryClient({
  defaultOptions: {
    // Retrying cannot fix a 4xx; it only delays the message a person needs to see.
    queries: {
      retry: (failures, error) =>
        failures < 2 && !errorCode(error)?.match(/UNAUTHORIZED|FORBIDDEN|NOT_FOUND|BAD_REQUEST/),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
