import { useCallback, type ReactNode } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { DropOverlay } from './components/DropOverlay';
import { NavRail } from './components/NavRail';
import { StartupBanner } from './components/StartupBanner';
import { PageViewer } from './components/viewer/PageViewer';
import { useShortcuts } from './hooks/useShortcuts';
import { useWindowDrop } from './hooks/useWindowDrop';
import { useClient } from './state/client';
import { useIngest } from './state/ingest';
import { useNavigation, VIEWS, type View } from './state/navigation';
import { ChatView } from './views/ChatView';
import { IngestView } from './views/IngestView';
import { LibraryView } from './views/LibraryView';
import { SearchView } from './views/SearchView';
import { SettingsView } from './views/SettingsView';

const VIEW_COMPONENTS: Record<View, () => ReactNode> = {
  ingest: IngestView,
  library: LibraryView,
  search: SearchView,
  chat: ChatView,
  settings: SettingsView,
};

export function App() {
  const client = useClient();
  const { view, visited, go } = useNavigation();
  const { add } = useIngest();
  useShortcuts();
  const onDrop = useCallback(
    (dt: DataTransfer) => {
      go('ingest');
      void client.transport.sourcesFromDrop(dt).then(add);
    },
    [client, add, go],
  );
  const dragging = useWindowDrop(onDrop);

  return (
    <div className="app">
      <NavRail />
      <main className="main">
        <ConnectionBanner />
        <StartupBanner />
        {VIEWS.filter((v) => visited.has(v)).map((v) => {
          const ViewComponent = VIEW_COMPONENTS[v];
          return (
            <div key={v} className="view-slot" hidden={v !== view} data-testid={`view-${v}`}>
              <ViewComponent />
            </div>
          );
        })}
      </main>
      <PageViewer />
      {dragging && <DropOverlay />}
    </div>
  );
}
