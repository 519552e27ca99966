import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api';
import { App } from './App';
import { I18nProvider } from './i18n';
import { ClientProvider } from './state/client';
import { IngestProvider } from './state/ingest';
import { NavigationProvider } from './state/navigation';
import { ScopeProvider } from './state/scope';
import { ViewerProvider } from './state/viewer';
import './styles/base.css';
import './styles/app.css';

const client = createClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ClientProvider client={client}>
        <NavigationProvider>
          <ViewerProvider>
            <IngestProvider>
              <ScopeProvider>
                <App />
              </ScopeProvider>
            </IngestProvider>
          </ViewerProvider>
        </NavigationProvider>
      </ClientProvider>
    </I18nProvider>
  </StrictMode>,
);
