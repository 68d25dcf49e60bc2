// Entry point of the browser app (bundled by scripts/build-webapp.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { prepareFirstView } from './first-view.ts';
import './app.css';
import './chat/chat.css';

// Until then the page shows index.html's own "Loading…".
const firstView = await prepareFirstView(window.location.pathname);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App firstView={firstView} />
  </StrictMode>,
);
